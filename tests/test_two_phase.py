"""Answerable first (issue 35): ingest commits each report searchable and answerable before its
entities, which a second phase commits in batches; the who's who says how far it is, answers
that would need a report's entities fall back to passages, a crash between the phases leaves a
usable index, and the next ingest finishes the entities without embedding anything again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportqa.answer import Answerer
from reportqa.config import Settings
from reportqa.entities import EntityExtractor
from reportqa.ingest import complete_entities, ingest, ingest_answerable
from reportqa.retrieve import Retriever
from reportqa.service import AnswerService
from reportqa.stores import IndexStore, entity_progress, open_backend
from reportqa.types import EntityProgress
from reportqa.whoswho import Directory

HARBOUR = (
    "Visit of the Harbour delegation\nDate: 2023-05-10\n\nOn 10 May 2023 Mr. Wei Liang, general manager of Harbour "
    "Robotics Ltd, visited the Aldmoor Innovation Hub and discussed underwater robots.\n"
)
DELTA = (
    "Meeting with Delta Photonics\nDate: 2024-02-12\n\nOn 12 February 2024 Ms. Sun Li, general manager of Delta "
    "Photonics Co., met the hub's director to discuss laser sensors.\n"
)
TOPICS = ["biomedicine", "integrated circuits", "aerospace", "new materials", "robotics", "photonics"]
PEOPLE = ["Chen Meiling", "Xu Dongsheng", "Otto Brandt", "Ines Koller", "Mette Lund", "Rui Tavares"]


class CountingEmbedder:
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self, embedder):
        self._embedder = embedder
        self.texts = 0

    @property
    def identity(self):
        return self._embedder.identity

    @property
    def dimension(self):
        return self._embedder.dimension

    def encode(self, texts, description=None):
        self.texts += len(texts)
        return self._embedder.encode(texts, description)


def write_reports(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"report-{n:02d}.txt").write_text(
            f"Visit report {n}\nDate: 2023-{n % 12 + 1:02d}-10\n\nOn 2023-{n % 12 + 1:02d}-10 {PEOPLE[n % len(PEOPLE)]}, "
            f"director of the Harbour Science Park, led delegation {n} to discuss cooperation on "
            f"{TOPICS[n % len(TOPICS)]}.\n",
            encoding="utf-8",
        )


def progress_of(settings: Settings) -> EntityProgress | None:
    store = open_backend(settings)
    reader = store.open()
    try:
        return entity_progress(reader)
    finally:
        reader.close()
        store.close()


def test_the_first_phase_makes_reports_answerable_before_their_entities(tmp_path, settings, embedder, extractor):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (corpus / "delta.txt").write_text(DELTA, encoding="utf-8")
    summary, backlog = ingest_answerable([corpus], settings, embedder=embedder)
    assert summary.documents == 2 and summary.answerable_seconds > 0

    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert str(retriever.entity_progress()) == "updating: 0 of 2 reports"
    assert retriever.directory().entities == []  # no facts committed yet
    answer = Answerer(retriever, settings).ask("Who is the general manager of Delta Photonics?")
    assert not answer.abstained and "Sun Li" in answer.text
    assert answer.citations[0].hit.source == "delta.txt"

    assert backlog.complete(extractor) == 2
    assert retriever.entity_progress() == EntityProgress(2, 2) and str(retriever.entity_progress()) == "up to date"
    assert retriever.directory().find("Sun Li", "person")


def test_answers_fall_back_to_passages_while_a_report_waits_for_its_entities(tmp_path, settings, embedder, extractor):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    ingest([corpus], settings, embedder=embedder, extractor=extractor)
    (corpus / "delta.txt").write_text(DELTA, encoding="utf-8")
    ingest_answerable([corpus], settings, embedder=embedder)  # the new report has no entities yet

    answerer = Answerer(Retriever.load(settings.index_dir, settings, embedder=embedder), settings)
    assert str(answerer.retriever.entity_progress()) == "updating: 1 of 2 reports"
    # With the who's who of the analysed report alone these were declined ("the reports name a
    # general manager of Harbour Robotics Ltd, not of Delta Photonics"; "no report from Feb 2024
    # records who hosted it"); the passages answer them.
    for question in ("Who is the general manager of Delta Photonics?", "Who met the hub's director in February 2024?"):
        answer = answerer.ask(question)
        assert not answer.abstained and "Sun Li" in answer.text, (question, answer.text)


def test_a_crash_between_the_phases_leaves_a_usable_index_and_the_next_ingest_finishes_the_entities(
    tmp_path, settings, embedder, extractor
):
    corpus = tmp_path / "corpus"
    write_reports(corpus, 5)
    environment = {**os.environ, "REPORTQA_CRASH_AT": "before-entities"}
    command = [sys.executable, "-m", "reportqa", "ingest", str(corpus), "--index", str(settings.index_dir), "--json"]
    crashed = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
    assert crashed.returncode == 70, crashed.stderr  # died after the first phase's commit

    assert str(progress_of(settings)) == "updating: 0 of 5 reports"
    hits = Retriever.load(settings.index_dir, settings, embedder=embedder).search("cooperation on aerospace", k=1)
    assert hits[0].source == "report-02.txt"  # searchable without its entities

    counting = CountingEmbedder(embedder)
    summary = ingest([corpus], settings.with_(ingest_batch_chunks=2), embedder=counting, extractor=extractor)
    assert counting.texts == 0 and summary.chunks_embedded == 0 and summary.batches == 0  # nothing embedded again
    assert summary.entities_analysed == 5 and summary.entity_batches == 3  # 2 + 2 + 1 reports
    assert progress_of(settings) == EntityProgress(5, 5)
    directory = Directory.load(settings)
    assert directory.find("Chen Meiling", "person") and directory.find("Mette Lund", "person")


def test_a_crash_during_a_facts_commit_keeps_the_generation_before_it(tmp_path, settings, embedder, extractor):
    corpus = tmp_path / "corpus"
    write_reports(corpus, 3)
    store = IndexStore(settings.index_dir)
    summary, _ = ingest_answerable([corpus], settings, embedder=embedder)
    before = store.current_generation()
    environment = {**os.environ, "REPORTQA_CRASH_AT": "facts-after-sqlite"}
    command = [sys.executable, "-m", "reportqa", "ingest", str(corpus), "--index", str(settings.index_dir), "--json"]
    crashed = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
    assert crashed.returncode == 70, crashed.stderr
    assert store.current_generation() == before and str(progress_of(settings)) == "updating: 0 of 3 reports"

    finished = complete_entities(settings, extractor)
    assert finished.entities_analysed == 3 and progress_of(settings) == EntityProgress(3, 3)
    # The facts-only commit links the vectors and the BM25 files: the new generation opens
    # (sizes and checksums verified) and holds the same chunks.
    snapshot = store.open()
    try:
        assert snapshot.manifest.chunks == summary.chunks and snapshot.vectors.ntotal == snapshot.manifest.vectors
        assert len(snapshot.analysed()) == 3
    finally:
        snapshot.close()


def test_the_service_says_the_who_is_who_is_updating_and_uploads_finish_it_on_a_thread(
    tmp_path, settings, embedder, extractor
):
    corpus = tmp_path / "corpus"
    write_reports(corpus, 3)
    ingest_answerable([corpus], settings, embedder=embedder)
    service = AnswerService(settings, embedder)
    assert str(service.entity_progress()) == "updating: 0 of 3 reports"  # read from the store

    service._entity_extractor = extractor  # loaded once for the module's tests
    upload = tmp_path / "delta.txt"
    upload.write_text(DELTA, encoding="utf-8")
    _, summary = service.add_files([upload])
    assert summary is not None and [Path(a).name for a in summary.added] == ["delta.txt"]
    answer = service.ask("Who is the general manager of Delta Photonics?")  # answerable at once
    assert not answer.abstained and "Sun Li" in answer.text
    service.wait_for_entities(timeout=120)
    # The upload's second phase analysed every report without entities, the crashed ones too.
    assert service.entity_progress() == EntityProgress(4, 4)
    assert service.entities("Sun Li", "person")


def test_without_the_entity_stage_there_is_no_second_phase(tmp_path, settings, embedder):
    corpus = tmp_path / "corpus"
    write_reports(corpus, 2)
    summary = ingest([corpus], settings.with_(entities=False), embedder=embedder)
    assert summary.entities_analysed == 0 and summary.entity_batches == 0
    assert progress_of(settings) is None


def test_milvus_commits_facts_for_reports_it_already_holds(tmp_path, embedder, extractor):
    from milvus_lite.server_manager import server_manager_instance

    database = tmp_path / "milvus.db"
    milvus = Settings(index_dir=tmp_path / "unused", store=f"milvus:{database}", show_progress=False)
    try:
        corpus = tmp_path / "corpus"
        write_reports(corpus, 3)
        summary, backlog = ingest_answerable([corpus], milvus.with_(ingest_batch_chunks=2), embedder=embedder)
        assert str(progress_of(milvus)) == "updating: 0 of 3 reports"
        retriever = Retriever.load(milvus.index_dir, milvus, embedder=embedder)
        assert retriever.search("cooperation on aerospace", k=1)[0].source == "report-02.txt"
        assert retriever.directory().entities == []

        assert backlog.complete(extractor, summary) == 3 and summary.entity_batches == 2
        assert progress_of(milvus) == EntityProgress(3, 3)
        assert retriever.entity_progress() == EntityProgress(3, 3)
        assert retriever.directory().find("Chen Meiling", "person")
        assert retriever.search("cooperation on aerospace", k=1)[0].source == "report-02.txt"
        again = ingest([corpus], milvus, embedder=embedder, extractor=extractor)
        assert again.chunks_embedded == 0 and again.entities_analysed == 0 and again.batches == 0
    finally:
        server_manager_instance.release_server(str(database))


def test_the_summary_records_both_phases(tmp_path, settings, embedder, extractor):
    corpus = tmp_path / "corpus"
    write_reports(corpus, 2)
    summary = ingest([corpus], settings, embedder=embedder, extractor=extractor)
    data = json.loads(json.dumps(summary.as_dict()))
    assert data["entities_analysed"] == 2 and data["entities_pending"] == 0
    assert 0 < data["answerable_seconds"] <= data["seconds"]


def test_the_api_and_the_cli_say_the_who_is_who_is_updating(tmp_path, settings, embedder, extractor, capsys):
    from fastapi.testclient import TestClient

    from reportqa.api import build_api
    from reportqa.cli import main

    corpus = tmp_path / "corpus"
    write_reports(corpus, 3)
    ingest_answerable([corpus], settings, embedder=embedder)
    with TestClient(build_api(AnswerService.open(settings, embedder))) as client:
        assert client.get("/api/entities/status").json() == {
            "entities": True,
            "analysed": 0,
            "reports": 3,
            "updating": True,
            "status": "updating: 0 of 3 reports",
        }
        assert main(["timeline", "--index", str(settings.index_dir)]) == 0
        assert "the who's who is updating: 0 of 3 reports" in capsys.readouterr().err

        complete_entities(settings, extractor)
        assert client.get("/api/entities/status").json()["status"] == "up to date"
        assert main(["timeline", "--index", str(settings.index_dir)]) == 0
        assert "updating" not in capsys.readouterr().err


def test_entities_of_a_report_whose_folder_moved_are_read_from_its_copy(tmp_path, embedder, extractor):
    # Phase one only from folder a; then the folder is moved to b and ingested from there: b's
    # file is stored as a copy of a's record (the same bytes), whose own file is gone. The
    # second phase reads the report from the copy instead of giving up on it for good.
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    (first / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    settings = Settings(index_dir=tmp_path / "index", show_progress=False)
    ingest_answerable([first], settings, embedder=embedder)
    first.rename(second)
    summary = ingest([second], settings, embedder=embedder, extractor=extractor)
    assert summary.entities_pending == 0, summary.notes
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert not retriever.entity_progress().updating
    assert retriever.directory().find("Wei Liang", "person", exact=True)


# --- the second phase's speed: spaCy's recogniser run step by step, with numpy's products ---

# Written for these tests: names of people, bodies, places, dates and amounts, in texts of very
# different lengths (a batch decodes its texts together, longest first).
RECOGNISED = [
    "On 3 March 2021 Ms. Ingrid Halvorsen, deputy director of the Trondheim Port Authority, met "
    "Mr. Kofi Mensah of Accra Logistics Ltd in Rotterdam to discuss a grant of EUR 2.4 million.",
    "Attendees: Dr. Priya Raman (chair), Tomasz Wielgosz, the Kestrel Valley Water Board.",
    "Minutes",
    "The Ashgrove Foundation signed a memorandum with the University of Lagos on 14 July 2019; "
    "Professor Adaeze Okafor will lead the exchange of 12 researchers between Lagos and Leeds. " * 6,
    "",
]


def test_the_recogniser_finds_what_spacys_own_pipe_finds(extractor):
    """The step-by-step decoding with numpy's products (two pipelines, each on a thread) gives
    the entities spaCy's nlp.pipe gives with its greedy loop and BLIS, text by text, in order."""
    import importlib

    from reportqa.entities import PIPELINE_PACKAGE
    from reportqa.entities.recogniser import recognise_all

    stock = importlib.import_module(PIPELINE_PACKAGE).load(
        exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
    )
    expected = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in stock.pipe(RECOGNISED)]
    assert any(label == "PERSON" for ents in expected for _, _, label in ents)
    for pipelines in ([extractor._nlp], [extractor._nlp, EntityExtractor.load()._nlp]):
        found = recognise_all(pipelines, RECOGNISED)
        assert [doc.text for doc in found] == RECOGNISED
        assert [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in found] == expected


def test_numpys_blas_is_held_to_one_thread_while_the_recogniser_runs_and_given_back_after():
    from reportqa.entities.recogniser import _numpy_blas, one_blas_thread

    libraries = _numpy_blas()
    if not libraries:
        pytest.skip("threadpoolctl is not installed or numpy has no BLAS of its own here")
    before = [library.num_threads for library in libraries]
    with one_blas_thread():
        with one_blas_thread():  # a second recognition at the same time (another ingest's)
            assert [library.num_threads for library in libraries] == [1] * len(libraries)
        assert [library.num_threads for library in libraries] == [1] * len(libraries)  # the first still runs
    assert [library.num_threads for library in libraries] == before


# --- the second phase over forked processes ---

FORKED_REPORTS = [
    ("lagos.txt", RECOGNISED[3]),
    ("trondheim.txt", RECOGNISED[0] + "\n\n" + RECOGNISED[1]),
    ("harbour.txt", HARBOUR),
    ("short.txt", "Minutes of the board, 2 May 2022. Mr. Joaquim Ferreira (chair) opened the meeting."),
]


def forked_inputs(tmp_path):
    from reportqa.load import load_document

    inputs = []
    for name, text in FORKED_REPORTS:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        inputs.append((load_document(path, source=name), []))
    return inputs


needs_fork = pytest.mark.skipif(
    not __import__("reportqa.entities.processes", fromlist=["can_fork"]).can_fork(),
    reason="forked workers exist only on Linux; elsewhere the stage runs on threads",
)


@needs_fork
def test_forked_workers_find_what_one_process_finds(tmp_path, extractor):
    from reportqa.entities import extract_all
    from reportqa.entities.processes import extract_forked, shares

    inputs = forked_inputs(tmp_path)
    assert sorted(i for share in shares(inputs, 2) for i in share) == [0, 1, 2, 3]
    assert len(shares(inputs, 2)) == 2  # the work really is split
    expected = [facts.to_json() for facts in extract_all([extractor], inputs)]
    assert any('"kind":"person"' in facts for facts in expected)
    for processes in (1, 2, 3):
        assert [facts.to_json() for facts in extract_forked(extractor, inputs, processes)] == expected


@needs_fork
@pytest.mark.parametrize("failure", ["dies", "hangs", "raises"])
def test_a_failing_worker_costs_time_not_facts(tmp_path, extractor, monkeypatch, failure):
    """A child that dies, never answers or fails: the parent extracts its share itself."""
    import os

    from reportqa.entities import extract_all, processes

    def broken(extractor, reports, sender):
        if failure == "dies":
            os._exit(3)
        if failure == "hangs":
            time.sleep(600)
        raise RuntimeError("a worker's failure, written for this test")

    monkeypatch.setattr(processes, "_extract_share", broken)
    monkeypatch.setattr(processes, "_GRACE_S", 1.0)
    inputs = forked_inputs(tmp_path)
    expected = [facts.to_json() for facts in extract_all([extractor], inputs)]
    started = time.monotonic()
    assert [facts.to_json() for facts in processes.extract_forked(extractor, inputs, 2)] == expected
    assert time.monotonic() - started < 60


@needs_fork
def test_ingest_forks_its_entity_workers_on_an_index_in_a_folder(tmp_path, embedder, extractor, monkeypatch):
    """The default ingest (several cores, an index in a folder) shares the second phase among
    forked processes, and stores what one process would."""
    from reportqa.entities import processes

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in FORKED_REPORTS:
        (corpus / name).write_text(text, encoding="utf-8")
    calls = []
    real = processes.extract_forked
    monkeypatch.setattr(processes, "extract_forked", lambda *a: calls.append(a[2]) or real(*a))
    stored = {}
    for workers in (2, 1):
        settings = Settings(index_dir=tmp_path / f"index-{workers}", show_progress=False)
        summary, backlog = ingest_answerable([corpus], settings, embedder=embedder)
        backlog.complete(extractor, summary, workers=workers)
        reader = open_backend(settings).open()
        try:
            stored[workers] = reader.facts_json()
        finally:
            reader.close()
    assert calls == [2]
    assert stored[2] == stored[1]
    assert len(stored[1]) == len(FORKED_REPORTS) and any('"kind":"person"' in f for f in stored[1].values())


@needs_fork
def test_no_worker_outlives_a_failure_of_the_parent(tmp_path, extractor, monkeypatch):
    import multiprocessing

    import reportqa.entities
    from reportqa.entities import processes

    def parents_failure(*args):
        raise RuntimeError("the parent's failure, written for this test")

    monkeypatch.setattr(processes, "_extract_share", lambda *args: time.sleep(600))
    monkeypatch.setattr(reportqa.entities, "extract_all", parents_failure)
    with pytest.raises(RuntimeError, match="parent's failure"):
        processes.extract_forked(extractor, forked_inputs(tmp_path), 3)
    assert multiprocessing.active_children() == []
