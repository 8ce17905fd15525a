"""The cited page as printed (issue 34): a PDF page rendered as a PNG with the quoted sentence
highlighted where the page prints it -- by PDFium's character boxes on a typeset page, by the
OCR words' boxes on a scanned one -- through the service and GET /api/documents/{id}/pages/{n}.png."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from reportqa import pages
from reportqa.api import build_api
from reportqa.config import Settings
from reportqa.ingest import ingest
from reportqa.pages import PAGE_DPI
from reportqa.service import AnswerService, PageUnavailable
from tests.conftest import write_pdf
from tests.test_ocr import DPI, ENGLISH_FACT, ENGLISH_INTRO, LEFT, image_only_pdf, scanned_page

TYPESET_SENTENCE = "In 2022 the hub incubated 57 companies, of which 19 work in maritime logistics software."


@pytest.fixture()
def service(tmp_path, embedder) -> AnswerService:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_pdf(corpus / "annual-report-2022.pdf")  # conftest's three typeset pages
    image_only_pdf(corpus / "scan.pdf", [scanned_page(ENGLISH_INTRO), scanned_page(ENGLISH_FACT)])
    (corpus / "notes.txt").write_text("The hub is closed on 24 December.\n", encoding="utf-8")
    settings = Settings(
        index_dir=tmp_path / "index",
        cache_dir=tmp_path / "cache",
        corpus_dir=corpus,
        show_progress=False,
        entities=False,
    )
    ingest([corpus], settings, embedder=embedder)
    return AnswerService(settings, embedder=embedder)


def doc_id(service: AnswerService, source: str) -> str:
    return next(r.doc_id for r in service.records() if r.source == source)


def highlighted_area(png: bytes) -> tuple[int, int, int, int] | None:
    """The bounding box (pixels) of the highlight's yellow: paper under it turns (255, 234, 159)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    mask = Image.eval(image.split()[2], lambda b: 255 if 120 <= b <= 200 else 0)  # blue dimmed, not gone
    red = Image.eval(image.split()[0], lambda r: 255 if r >= 240 else 0)
    from PIL import ImageChops

    return ImageChops.multiply(mask, red).getbbox()


def test_a_typeset_page_is_shown_with_the_quoted_sentence_highlighted(service):
    report = doc_id(service, "annual-report-2022.pdf")
    plain = service.page_image(report, 2)
    marked = service.page_image(report, 2, highlight=TYPESET_SENTENCE)

    assert not plain.highlighted and marked.highlighted
    image = Image.open(io.BytesIO(marked.png))
    assert image.format == "PNG"
    assert image.size[0] == pytest.approx(210 / 25.4 * PAGE_DPI, abs=1)  # fpdf2's A4 at PAGE_DPI
    assert image.size[1] == pytest.approx(297 / 25.4 * PAGE_DPI, abs=1)
    assert highlighted_area(plain.png) is None
    left, top, right, bottom = highlighted_area(marked.png)
    # The sentence is the page's first paragraph under its heading, from the left margin.
    assert left == pytest.approx(11 / 25.4 * PAGE_DPI, abs=3)  # fpdf2: 10 mm margin, 1 mm cell padding
    assert 15 / 25.4 * PAGE_DPI < top < bottom < 30 / 25.4 * PAGE_DPI  # under the heading, one line
    assert right > image.size[0] / 2  # the whole line, not a word

    # Line breaks and case in the quote do not matter; words the page does not print are not marked.
    assert service.page_image(report, 2, highlight=TYPESET_SENTENCE.upper().replace(" of ", "\nof ")).highlighted
    elsewhere = service.page_image(report, 3, highlight=TYPESET_SENTENCE)
    assert not elsewhere.highlighted and highlighted_area(elsewhere.png) is None


def test_a_scanned_page_is_highlighted_by_the_words_ocr_read(service):
    scan = doc_id(service, "scan.pdf")
    marked = service.page_image(scan, 2, highlight=ENGLISH_FACT[1])

    assert marked.highlighted
    left, top, right, bottom = highlighted_area(marked.png)
    scale = PAGE_DPI / DPI  # the scan's pixels at 200 dpi, shown at PAGE_DPI
    assert left == pytest.approx(LEFT * scale, abs=4)
    assert top == pytest.approx(140 * scale, abs=6)  # the second line, drawn at y = 80 + 60
    assert bottom - top < 60 * scale  # one line only (lines are 60 pixels apart)
    # One band along the line, not a box per word: no bare paper between the words.
    image = Image.open(io.BytesIO(marked.png)).convert("RGB")
    middle = (top + bottom) // 2
    assert all(image.getpixel((x, middle)) != (255, 255, 255) for x in range(left, right))
    assert not service.page_image(scan, 1, highlight=ENGLISH_FACT[1]).highlighted


def test_page_images_are_cached(service, monkeypatch):
    report = doc_id(service, "annual-report-2022.pdf")
    rendered: list[int] = []
    original = pages._render

    def counted(*args, **kwargs):
        rendered.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(pages, "_render", counted)
    first = service.page_image(report, 2, highlight=TYPESET_SENTENCE)
    second = service.page_image(report, 2, highlight=TYPESET_SENTENCE)
    assert (second.png, second.highlighted) == (first.png, True)
    assert len(rendered) == 1
    service.page_image(report, 2, highlight="Companies in the hub")  # another quote: another image
    assert len(rendered) == 2


def test_pages_a_report_does_not_have(service):
    with pytest.raises(PageUnavailable, match=r"annual-report-2022.pdf has pages 1 to 3, not 4"):
        service.page_image(doc_id(service, "annual-report-2022.pdf"), 4)
    with pytest.raises(PageUnavailable, match=r"notes.txt has no printed pages"):
        service.page_image(doc_id(service, "notes.txt"), 1)


def test_the_page_image_route(service):
    client = TestClient(build_api(service))
    report = doc_id(service, "annual-report-2022.pdf")

    response = client.get(f"/api/documents/{report}/pages/2.png", params={"highlight": TYPESET_SENTENCE})
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-highlight"] == "found"
    assert response.content == service.page_image(report, 2, highlight=TYPESET_SENTENCE).png
    assert client.get(f"/api/documents/{report}/pages/2.png").headers["x-highlight"] == "none asked"
    missed = client.get(f"/api/documents/{report}/pages/1.png", params={"highlight": TYPESET_SENTENCE})
    assert missed.headers["x-highlight"] == "not found"

    assert client.get(f"/api/documents/{report}/pages/7.png").json() == {
        "error": "annual-report-2022.pdf has pages 1 to 3, not 7",
        "status": 404,
    }
    assert client.get("/api/documents/nope/pages/1.png").status_code == 404
    assert client.get(f"/api/documents/{report}/pages/1.png", params={"highlight": "x" * 2001}).status_code == 400
