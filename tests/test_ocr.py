"""OCR of scanned reports (issue 34): scans made here -- English and Chinese text drawn with
Pillow, saved as image-only PDFs -- read by the real Tesseract, ingested and answered with the
right page; a mixed PDF; a page that fails; the cache; the record and the answer's note.
Character accuracy is measured by bench/ocr.py, not asserted here."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from reportqa import ocr
from reportqa.answer import Answerer
from reportqa.config import Settings
from reportqa.ingest import ingest
from reportqa.load import LoadError, load_document
from reportqa.ocr import OCR_NOTE, OcrLine, PageReader, WordBox, reading_notes
from reportqa.retrieve import Retriever

DPI = 200
SIZE_PT = 11 * DPI / 72  # 11-point type at 200 dpi, in pixels
LEFT = 100  # pixels from the page's left edge where text starts
WIDTH_IN, HEIGHT_IN = 8, 3  # small pages: a few lines each, quick to read

ENGLISH_INTRO = [
    "Visit Report: Harbin Economic Development Zone",
    "This report records the visit of a delegation from Harbin.",
]
CHINESE_PAGE = [
    "哈尔滨代表团来访纪要",
    "代表团由投资促进局副局长高文斌带队。",
    "双方同意共同建设冰雪装备产业园。",
]
ENGLISH_FACT = [
    "Outcome of the visit",
    "Both sides agreed to open a joint ice-sensor laboratory in Harbin in May 2024.",
]


def font(family: str, size: float = SIZE_PT) -> ImageFont.FreeTypeFont:
    found = subprocess.run(["fc-match", "-f", "%{file}:%{index}", family], capture_output=True, text=True, check=True)
    path, _, index = found.stdout.rpartition(":")
    return ImageFont.truetype(path, round(size), index=int(index or 0))


def scanned_page(lines: list[str], chinese: bool = False) -> Image.Image:
    """A small page (8 x 3 inches at 200 dpi) with ``lines`` printed on it, as a scanner gives it."""
    image = Image.new("L", (WIDTH_IN * DPI, HEIGHT_IN * DPI), 255)
    draw = ImageDraw.Draw(image)
    typeface = font("Noto Sans CJK SC" if chinese else "DejaVu Sans")
    for number, line in enumerate(lines):
        draw.text((LEFT, 80 + number * 60), line, font=typeface, fill=0)
    return image


def image_only_pdf(path: Path, pages: list[Image.Image]) -> Path:
    """A PDF of page images and nothing else (no text layer), as Pillow's PDF writer saves it."""
    pages[0].save(path, format="PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return path


def mixed_pdf(path: Path) -> Path:
    """Page 1 (with a logo) and page 3 typeset with a text layer (fpdf2), page 2 only a scanned image."""
    from fpdf import FPDF

    pdf = FPDF(format=(WIDTH_IN * 72, HEIGHT_IN * 72), unit="pt")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    logo = io.BytesIO()
    Image.new("L", (120, 60), 90).save(logo, format="PNG")
    pdf.image(logo, x=WIDTH_IN * 72 - 80, y=10, w=60, h=30)  # an image on a page with text: no scan
    pdf.multi_cell(0, 14, "Annual report of the Harbour Innovation Hub. The hub incubated 57 companies in 2022.")
    pdf.add_page()
    scan = io.BytesIO()
    scanned_page(["The hub signed a partnership with the Aurora Polar Station."]).save(scan, format="PNG")
    pdf.image(scan, x=0, y=0, w=WIDTH_IN * 72, h=HEIGHT_IN * 72)
    pdf.add_page()
    pdf.multi_cell(0, 14, "Companies in the hub raised 31 million euros of venture capital.")
    pdf.output(str(path))
    return path


@pytest.fixture()
def ocr_settings(tmp_path) -> Settings:
    """Settings with the OCR cache inside the test's folder and no entity stage (faster)."""
    return Settings(
        index_dir=tmp_path / "index", cache_dir=tmp_path / "cache", show_progress=False, entities=False, ocr="tesseract"
    )


@pytest.fixture()
def engine_calls(monkeypatch) -> list[int]:
    """Counts the pages the real Tesseract engine reads (it still reads them)."""
    calls: list[int] = []
    original = ocr.TesseractEngine.read

    def counted(self, image):
        calls.append(1)
        return original(self, image)

    monkeypatch.setattr(ocr.TesseractEngine, "read", counted)
    return calls


def test_a_scanned_report_in_english_and_chinese_is_answered_with_the_right_page(tmp_path, ocr_settings, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pages = [scanned_page(ENGLISH_INTRO), scanned_page(CHINESE_PAGE, chinese=True), scanned_page(ENGLISH_FACT)]
    image_only_pdf(corpus / "harbin-visit-scan.pdf", pages)
    (corpus / "budget.txt").write_text(
        "Finance committee minutes\n\nThe committee approved a budget of 4.2 million euros for 2024.\n",
        encoding="utf-8",
    )

    summary = ingest([corpus], ocr_settings, embedder=embedder)
    assert sorted(summary.added) == ["budget.txt", "harbin-visit-scan.pdf"]
    assert summary.skipped == []

    retriever = Retriever.load(ocr_settings.index_dir, ocr_settings, embedder=embedder)
    records = {r.source: r for r in retriever.documents()}
    scan = records["harbin-visit-scan.pdf"]
    assert scan.pages == 3
    assert scan.ocr_pages == {1, 2, 3}
    assert scan.ocr_engine is not None and scan.ocr_engine.startswith("tesseract")
    assert scan.title == "Visit Report: Harbin Economic Development Zone"
    assert records["budget.txt"].ocr is None

    answerer = Answerer(retriever, ocr_settings)
    answer = answerer.ask("When will the joint ice-sensor laboratory open?")
    assert not answer.abstained
    cited = answer.citations[0]
    assert (cited.hit.source, cited.hit.page) == ("harbin-visit-scan.pdf", 3)
    assert cited.hit.text[cited.start : cited.end] == ENGLISH_FACT[1]
    assert OCR_NOTE in answer.notes

    chinese = answerer.ask("代表团由谁带队？")
    assert not chinese.abstained
    assert {(c.hit.source, c.hit.page) for c in chinese.citations} == {("harbin-visit-scan.pdf", 2)}
    assert "高文斌" in chinese.text

    typed = answerer.ask("What budget did the finance committee approve for 2024?")
    assert typed.citations and {c.hit.source for c in typed.citations} == {"budget.txt"}, typed
    assert OCR_NOTE not in typed.notes  # a report with a text layer is quoted without the note


def test_a_mixed_pdf_reads_only_its_scanned_page_by_ocr_and_keeps_word_boxes(tmp_path, ocr_settings, engine_calls):
    document = load_document(mixed_pdf(tmp_path / "mixed.pdf"), ocr=PageReader.of(ocr_settings))

    assert len(engine_calls) == 1  # pages 1 and 3 have a text layer
    first, second, third = document.pages
    assert first.ocr is None and third.ocr is None
    assert document.text[first.start : first.end].startswith("Annual report of the Harbour Innovation Hub.")
    assert "31 million euros" in document.text[third.start : third.end]
    assert document.ocr_pages == (second,)
    assert second.number == 2
    assert document.text[second.start : second.end] == "The hub signed a partnership with the Aurora Polar Station."

    # Boxes are in PDF points from the page's top-left corner: the text was drawn LEFT pixels in.
    assert second.ocr is not None
    assert [w.text for w in second.ocr.words][:3] == ["The", "hub", "signed"]
    first_word = second.ocr.words[0]
    assert first_word.x0 == pytest.approx(LEFT * 72 / DPI, abs=3)
    assert first_word.y0 == pytest.approx(80 * 72 / DPI, abs=6)
    assert all(0 <= w.x0 < w.x1 <= WIDTH_IN * 72 and 0 <= w.y0 < w.y1 <= HEIGHT_IN * 72 for w in second.ocr.words)
    assert all(0.5 < w.confidence <= 1 for w in second.ocr.words)


def test_a_page_that_fails_is_reported_and_the_rest_of_the_report_ingests(
    tmp_path, ocr_settings, monkeypatch, embedder
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pages = [scanned_page(ENGLISH_INTRO), scanned_page(["This page is damaged."]), scanned_page(ENGLISH_FACT)]
    image_only_pdf(corpus / "scan.pdf", pages)
    original = ocr.TesseractEngine.read
    seen: list[int] = []

    def fails_on_the_second_page(self, image):
        seen.append(1)
        if len(seen) == 2:
            raise RuntimeError("tesseract failed: Error in pixReadMem")
        return original(self, image)

    monkeypatch.setattr(ocr.TesseractEngine, "read", fails_on_the_second_page)
    summary = ingest([corpus], ocr_settings, embedder=embedder)

    assert summary.added == ["scan.pdf"]
    assert any("scan.pdf: page 2 could not be read by OCR" in note and "pixReadMem" in note for note in summary.notes)
    retriever = Retriever.load(ocr_settings.index_dir, ocr_settings, embedder=embedder)
    (record,) = retriever.documents()
    assert record.ocr_pages == {1, 3}
    hit = retriever.search("joint ice-sensor laboratory", k=1)[0]
    assert hit.page == 3

    # The failed page was not cached as empty: the next reading of the file tries it again.
    monkeypatch.setattr(ocr.TesseractEngine, "read", original)
    again = load_document(corpus / "scan.pdf", ocr=PageReader.of(ocr_settings))
    assert "This page is damaged." in again.text
    assert again.problems == ()


def test_an_unchanged_scan_is_never_read_by_ocr_again(tmp_path, ocr_settings, engine_calls, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    scan = image_only_pdf(corpus / "scan.pdf", [scanned_page(ENGLISH_INTRO), scanned_page(ENGLISH_FACT)])

    ingest([corpus], ocr_settings, embedder=embedder)
    assert len(engine_calls) == 2
    first_text = Retriever.load(ocr_settings.index_dir, ocr_settings, embedder=embedder).passages_of(
        load_document(scan, source="scan.pdf", root=str(corpus), ocr=PageReader.of(ocr_settings)).doc_id
    )

    # Another index from the same file (a rebuild, a second index): the cache, not the engine.
    other = ocr_settings.with_(index_dir=tmp_path / "other-index")
    summary = ingest([corpus], other, embedder=embedder)
    assert summary.added == ["scan.pdf"]
    assert len(engine_calls) == 2
    rebuilt = Retriever.load(other.index_dir, other, embedder=embedder)
    assert [c.text for c in rebuilt.passages_of(first_text[0].doc_id)] == [c.text for c in first_text]
    assert rebuilt.documents()[0].ocr_pages == {1, 2}

    # The file changed: its new bytes are read.
    image_only_pdf(scan, [scanned_page(ENGLISH_FACT)])
    ingest([corpus], ocr_settings, embedder=embedder)
    assert len(engine_calls) == 3


def test_a_scan_without_ocr_is_skipped_with_the_reason(tmp_path, ocr_settings):
    scan = image_only_pdf(tmp_path / "scan.pdf", [scanned_page(ENGLISH_INTRO)])
    with pytest.raises(LoadError, match=r"no text layer \(a scan\?\) and OCR is off \(REPORTQA_OCR=off\)"):
        load_document(scan, ocr=PageReader.of(ocr_settings.with_(ocr="off")))
    with pytest.raises(LoadError, match=r"unknown OCR engine 'tesserac' \(REPORTQA_OCR"):
        load_document(scan, ocr=PageReader.of(ocr_settings.with_(ocr="tesserac")))


def test_reportqa_ocr_setting(monkeypatch):
    monkeypatch.setenv("REPORTQA_OCR", "OFF")
    assert Settings.from_env().ocr == "off"
    assert PageReader.of(Settings.from_env()) is None
    monkeypatch.delenv("REPORTQA_OCR")
    assert Settings.from_env().ocr == "tesseract"


class RecordedEngine:
    """Lines as an engine reported them for each page (some smudged), replayed page by page."""

    version = "recorded"

    def __init__(self, pages: list[list[OcrLine]]):
        self.pages = list(pages)

    def read(self, image):
        return self.pages.pop(0)


def line(text: str, top: float, confidence: float) -> OcrLine:
    words, x = [], 100.0
    for word in text.split():
        words.append(WordBox(word, x, top, x + 20 * len(word), top + 30, confidence))
        x += 20 * len(word) + 10
    return OcrLine(text, tuple(words), confidence)


def test_low_confidence_lines_are_marked_where_they_stand_in_the_text(tmp_path, ocr_settings, monkeypatch):
    first_page = [
        line("Minutes of the finance committee", 100, 0.96),
        line("The committee approved the budget.", 200, 0.95),  # a paragraph gap above (100 px)
        line("Rent income fe11 by 8 per cent:", 240, 0.62),
        line("The next meeting is in September.", 280, 0.93),
    ]
    second_page = [line("Item 4: the auditor's letter", 100, 0.91), line("was noted, reply in 2l days", 140, 0.55)]
    engine = RecordedEngine([first_page, second_page])
    monkeypatch.setattr(ocr, "load_engine", lambda name: engine)
    scan = image_only_pdf(tmp_path / "scan.pdf", [scanned_page(ENGLISH_INTRO), scanned_page(ENGLISH_FACT)])

    document = load_document(scan, ocr=PageReader.of(ocr_settings))

    first, second = document.pages
    assert document.text[first.start : first.end] == (
        "Minutes of the finance committee\n\nThe committee approved the budget.\n"
        "Rent income fe11 by 8 per cent:\nThe next meeting is in September."
    )
    assert first.ocr is not None and second.ocr is not None
    assert [document.text[s:e] for s, e in first.ocr.low_confidence] == ["Rent income fe11 by 8 per cent:"]
    assert [document.text[s:e] for s, e in second.ocr.low_confidence] == ["was noted, reply in 2l days"]
    assert second.start <= second.ocr.low_confidence[0][0] < second.end  # offsets into the whole text
    assert [w.x0 for w in first.ocr.words[:2]] == [round(100 * 72 / DPI, 1), round(250 * 72 / DPI, 1)]
    assert reading_notes(document) == ["lines read by OCR with low confidence on page(s) 1, 2: check them on the scan"]


def test_an_index_written_before_ocr_records_existed_still_opens_and_takes_a_scan(tmp_path, ocr_settings, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "budget.txt").write_text("The committee approved a budget of 4.2 million euros.\n", encoding="utf-8")
    ingest([corpus], ocr_settings, embedder=embedder)
    _drop_ocr_column(ocr_settings.index_dir)  # as the SQLite store wrote it before the column existed

    (record,) = Retriever.load(ocr_settings.index_dir, ocr_settings, embedder=embedder).documents()
    assert record.ocr is None and record.ocr_pages == frozenset()

    image_only_pdf(corpus / "scan.pdf", [scanned_page(ENGLISH_FACT)])
    summary = ingest([corpus], ocr_settings, embedder=embedder)
    assert summary.added == ["scan.pdf"] and summary.unchanged == ["budget.txt"]
    records = {r.source: r for r in Retriever.load(ocr_settings.index_dir, ocr_settings, embedder=embedder).documents()}
    assert records["scan.pdf"].ocr_pages == {1}
    assert records["budget.txt"].ocr is None


def _drop_ocr_column(index_dir: Path) -> None:
    from reportqa._util import file_sha256

    generation = index_dir / (index_dir / "CURRENT").read_text().strip()
    database = generation / "store.sqlite"
    with sqlite3.connect(database) as db:
        db.execute("ALTER TABLE documents DROP COLUMN ocr")
    db.close()
    manifest_path = generation / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest.pop("checksum")
    manifest["files"]["store.sqlite"] = {"bytes": database.stat().st_size, "sha256": file_sha256(database)}
    from reportqa.stores.embedded import _json_checksum

    manifest_path.write_text(json.dumps({**manifest, "checksum": _json_checksum(manifest)}, indent=2))
