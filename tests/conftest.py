"""Shared fixtures: settings pointing into tmp_path, one embedding model per test session,
and a small corpus of reports written on the fly (including a generated multi-page PDF)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reportqa.config import Settings

VISIT_REPORT = """Visit Report: Qingdao Marine Technology Bureau at the Harbour Innovation Hub
Date: 2023-04-11

On 11 April 2023 Ms. Lin Xiaoyu, deputy director of the Qingdao Marine Technology Bureau, visited the Harbour Innovation Hub.
She said that Qingdao wants to cooperate on underwater robotics, marine biomedicine and offshore wind equipment.
The Harbour Innovation Hub was represented by its director, Mr. Otto Brandt.
The two sides agreed to hold a joint start-up competition in Qingdao in October 2023.
"""

MINUTES = """# Minutes of the Harbour Innovation Hub Finance Committee

**Date:** 2023-06-02

## Budget

The committee approved a budget of 4.2 million euros for 2024.
The treasurer, Ms. Ines Koller, warned that rent income fell by 8 per cent in the first quarter.

## Next meeting

The next meeting of the finance committee is on 5 September 2023.
"""

PDF_PAGES = [
    (
        "Harbour Innovation Hub Annual Report 2022",
        [
            "This report covers the activities of the Harbour Innovation Hub in the calendar year 2022.",
            "The hub is a technology incubator located in the old port district.",
        ],
    ),
    (
        "1. Incubation",
        [
            "In 2022 the hub incubated 57 companies, of which 19 work in maritime logistics software.",
            "Companies in the hub raised 31 million euros of venture capital.",
        ],
    ),
    (
        "2. Partnerships",
        [
            "The hub signed a partnership with the Aurora Polar Research Station on sea-ice sensors.",
            "Researchers from the station will spend two months a year at the hub.",
        ],
    ),
]


def write_pdf(path: Path, pages=PDF_PAGES, title="Harbour Innovation Hub Annual Report 2022") -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    for heading, paragraphs in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    pdf.output(str(path))
    return path


def write_docx(path: Path, title: str, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=0)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def answerer_over(root: Path, embedder, reports: dict[str, str]):
    """An answerer over ``reports`` (file name inside the corpus: text), written to
    ``root``/corpus and ingested through the real pipeline into ``root``/index."""
    from reportqa.answer import Answerer
    from reportqa.ingest import ingest
    from reportqa.retrieve import Retriever

    corpus = root / "corpus"
    for name, text in reports.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(index_dir=root / "index", corpus_dir=corpus, show_progress=False)
    ingest([corpus], settings, embedder=embedder)
    return Answerer(Retriever.load(settings.index_dir, settings, embedder=embedder))


@pytest.fixture()
def make_corpus(tmp_path):
    """Writes a small mixed-format corpus and returns its folder."""

    def make(folder: str = "corpus") -> Path:
        root = tmp_path / folder
        (root / "visits").mkdir(parents=True)
        (root / "visits" / "qingdao-visit.txt").write_text(VISIT_REPORT, encoding="utf-8")
        (root / "finance-minutes.md").write_text(MINUTES, encoding="utf-8")
        write_pdf(root / "annual-report-2022.pdf")
        write_docx(
            root / "aurora-agreement.docx",
            "Cooperation Agreement with the Aurora Polar Research Station",
            [
                "Date: 14 March 2022",
                "The Aurora Polar Research Station and the Harbour Innovation Hub agree to develop sea-ice sensors together.",
                "Each party names one coordinator; the station names Dr. Sigrid Aalto.",
            ],
        )
        (root / "notice.html").write_text(
            "<html><head><title>Notice: hub closed for the holidays</title><script>var x = 'ignore me';</script></head>"
            "<body><p>The hub is closed from 24 December 2023 to 2 January 2024.</p></body></html>",
            encoding="utf-8",
        )
        return root

    return make


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings(index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus", show_progress=False)


@pytest.fixture(scope="session")
def embedder():
    """The real default model, loaded once: the tests check real retrieval, not a mock."""
    from reportqa.embed import load_embedder

    return load_embedder(Settings(show_progress=False))


#: Both vector families, for tests whose outcome depends on the family of an index: each runs
#: with both on every machine instead of with the one ``auto`` happens to pick for this CPU.
BOTH_FAMILIES = pytest.mark.parametrize("family", ["fp32", "int8"])


@pytest.fixture(scope="session")
def embedder_of():
    """``embedder_of("fp32")`` / ``embedder_of("int8")``: the default model on the onnxruntime
    backend of that vector family, each loaded once per session."""
    from reportqa.embed import load_embedder

    loaded = {}

    def get(family: str):
        if family not in loaded:
            loaded[family] = load_embedder(Settings(show_progress=False, backend=f"onnx-{family}"))
        return loaded[family]

    return get


@pytest.fixture(scope="session")
def extractor():
    """spaCy's pipeline for the entity stage, loaded once (2-3 s each time)."""
    from reportqa.entities import EntityExtractor

    return EntityExtractor.load()


def facts_of(extractor, folder: Path, name: str, text: str):
    """The entity stage's facts of ``text`` written to ``folder``/``name`` (its kind of file)."""
    from reportqa.load import load_document

    path = folder / name
    path.write_text(text, encoding="utf-8")
    return extractor.extract(load_document(path, source=name), [])


@pytest.fixture(scope="session")
def tokenizer():
    from reportqa.chunk import ModelTokenizer

    return ModelTokenizer(Settings().resolved_model_dir())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(root: Path, env: dict, command: list[str] | None = None) -> Iterator[str]:
    """`reportqa serve` (or ``command``) on a free port in a subprocess, its output in
    ``root/server.log``; yields its address, http://127.0.0.1:PORT, once it answers."""
    port = free_port()
    command = command or [sys.executable, "-m", "reportqa"]
    with open(root / "server.log", "w") as log:
        process = subprocess.Popen(
            [*command, "serve", "--port", str(port)], env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    raise RuntimeError(
                        f"the server did not start: {(root / 'server.log').read_text()[-2000:]}"
                    ) from None
                time.sleep(0.5)
        try:
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)
