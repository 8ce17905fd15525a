"""The cited page as printed: a PDF page rendered as a PNG image, the quoted words highlighted.

The words are found where the page prints them: on a page with a text layer, PDFium's own
character boxes (the quote is matched against the page's characters, white space and case
aside, so a sentence broken across lines is found whole); on a page read by OCR, the words'
boxes that OCR recorded (ocr.py's cache; read again if the cache was emptied). Images are
rendered on demand and cached by the file's sha256, the page, the resolution and the quote.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .ocr import PageReader
from .types import DocumentRecord, OcrWord

if TYPE_CHECKING:
    from .config import Settings

#: Resolution of page images: a page is about 900 pixels wide, readable beside the passage.
PAGE_DPI = 110
#: The longest quote a request may ask to highlight (an answer quotes a few sentences).
MAX_HIGHLIGHT_CHARS = 2000
_HIGHLIGHT_RGBA = (255, 200, 0, 96)  # translucent yellow: the print stays readable under it
_CACHE_FORMAT = 1

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points from the page's top-left corner


class PageUnavailable(LookupError):
    """The page cannot be shown (no such page, not a PDF, the file is gone); the message says why."""


@dataclass(frozen=True)
class PageImage:
    png: bytes
    highlighted: bool  # whether the quote was found on the page (False when none was asked for)


def render_cited_page(record: DocumentRecord, number: int, highlight: str | None, settings: Settings) -> PageImage:
    """Page ``number`` (1-based) of the report ``record`` as a PNG, with ``highlight`` marked."""
    if record.pages is None:
        raise PageUnavailable(f"{record.source} has no printed pages (only a PDF has)")
    if not 1 <= number <= record.pages:
        raise PageUnavailable(f"{record.source} has pages 1 to {record.pages}, not {number}")
    highlight = (highlight or "").strip()[:MAX_HIGHLIGHT_CHARS]
    try:
        data = (Path(record.root) / record.source).read_bytes()
    except OSError as exc:
        raise PageUnavailable(f"the file of {record.source} cannot be read: {exc.strerror or exc}") from exc
    sha256 = hashlib.sha256(data).hexdigest()
    key = hashlib.sha256(f"{sha256}\0{number}\0{PAGE_DPI}\0{highlight}\0{_CACHE_FORMAT}".encode()).hexdigest()
    cached = settings.cache_dir / "pages" / f"{key[:40]}-{int(bool(highlight))}.png"
    marker = cached.with_suffix(".found")
    if cached.is_file():
        return PageImage(cached.read_bytes(), marker.is_file())
    image = _render(data, sha256, number, highlight, record, settings)
    _store(cached, image.png)
    if image.highlighted:
        _store(marker, b"")
    return image


def _render(
    data: bytes, sha256: str, number: int, highlight: str, record: DocumentRecord, settings: Settings
) -> PageImage:
    import io

    import pypdfium2
    from PIL import Image, ImageDraw

    document = pypdfium2.PdfDocument(data)
    try:
        if number > len(document):
            raise PageUnavailable(f"{record.source} has {len(document)} pages now, not {number}: re-ingest it")
        page = document[number - 1]
        scale = PAGE_DPI / 72
        picture = page.render(scale=scale).to_pil().convert("RGBA")
        boxes: list[Box] = []
        if highlight:
            boxes = _text_layer_boxes(page, highlight)
            if not boxes and number in record.ocr_pages:
                boxes = _ocr_boxes(document, sha256, number, highlight, record.source, settings)
    finally:
        document.close()
    if boxes:
        overlay = Image.new("RGBA", picture.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for x0, y0, x1, y1 in boxes:
            draw.rectangle((x0 * scale - 1, y0 * scale - 1, x1 * scale + 1, y1 * scale + 1), fill=_HIGHLIGHT_RGBA)
        picture = Image.alpha_composite(picture, overlay)
    out = io.BytesIO()
    picture.convert("RGB").save(out, format="PNG", optimize=True)
    return PageImage(out.getvalue(), bool(boxes))


def _comparable(character: str) -> str:
    """A character as quotes are matched: NFKC, case folded; PDFium's soft hyphen is the hyphen
    the stored text has (load.py)."""
    if character == "\x02":
        return "-"
    return unicodedata.normalize("NFKC", character).casefold()


def _find(characters: list[str], quote: str) -> tuple[int, int] | None:
    """The first and last index in ``characters`` of the stretch that spells ``quote``, white
    space and control characters aside on both sides."""
    kept = [(i, _comparable(c)) for i, c in enumerate(characters) if c.strip() and (c >= " " or c == "\x02")]
    wanted = "".join(_comparable(c) for c in quote if c.strip())
    if not wanted:
        return None
    spelled = ""
    owner: list[int] = []  # the index of the character each letter of ``spelled`` comes from
    for index, text in kept:
        spelled += text
        owner += [index] * len(text)
    found = spelled.find(wanted)
    if found < 0:
        return None
    return owner[found], owner[found + len(wanted) - 1]


def _text_layer_boxes(page: object, quote: str) -> list[Box]:
    """Line boxes of ``quote`` where the page's text layer prints it (none when it does not)."""
    import pypdfium2.raw as pdfium_c

    text_page = page.get_textpage()  # type: ignore[attr-defined]
    try:
        characters = [chr(pdfium_c.FPDFText_GetUnicode(text_page.raw, i)) for i in range(text_page.count_chars())]
        span = _find(characters, quote)
        if span is None:
            return []
        height = page.get_height()  # type: ignore[attr-defined]
        first, last = span
        boxes = []
        for rect in range(text_page.count_rects(first, last - first + 1)):  # one per line of the stretch
            left, bottom, right, top = text_page.get_rect(rect)
            boxes.append((left, height - top, right, height - bottom))
        return boxes
    finally:
        text_page.close()


def _ocr_boxes(document: object, sha256: str, number: int, quote: str, source: str, settings: Settings) -> list[Box]:
    """Boxes of the OCR'd words that spell ``quote`` on a scanned page."""
    reader = PageReader.of(settings)
    if reader is None:
        return []
    read = reader.cached(sha256, number)
    if read is None:  # the cache was emptied: read the page again (and cache it)
        read = reader.read(document, sha256, [number], source).pages.get(number)
    if read is None:
        return []
    words: list[OcrWord] = list(read.words)
    span = _find([w.text for w in words], quote)
    if span is None:
        return []
    return _line_bands([(w.x0, w.y0, w.x1, w.y1) for w in words[span[0] : span[1] + 1]])


def _line_bands(boxes: list[Box]) -> list[Box]:
    """Consecutive word boxes on one line joined into one band (no gaps between the words)."""
    bands: list[Box] = []
    for x0, y0, x1, y1 in boxes:
        if bands:
            bx0, by0, bx1, by1 = bands[-1]
            overlap = min(y1, by1) - max(y0, by0)
            if x0 >= bx0 and overlap > 0.5 * min(y1 - y0, by1 - by0):
                bands[-1] = (bx0, min(y0, by0), max(x1, bx1), max(y1, by1))
                continue
        bands.append((x0, y0, x1, y1))
    return bands


def _store(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            handle.write(content)
        os.replace(handle.name, path)
    except OSError:
        pass  # an image that cannot be cached is rendered again next time
