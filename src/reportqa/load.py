"""Stage 1: read a report file into a :class:`~reportqa.types.Document`.

One loader per format; each returns the document's plain text split into pages
(PDF) or a single page (everything else), plus a title and a report date when
the file gives them. Problems raise :class:`LoadError` with a reason a user can
act on; the ingest stage reports it and goes on with the rest of the corpus.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .config import SUPPORTED_SUFFIXES
from .types import Document, Page, PageOcr

if TYPE_CHECKING:
    from bs4 import Tag
    from docx.table import _Row

    from .ocr import PageReader, ReadPage


class LoadError(Exception):
    """A file that cannot be ingested; the message says why."""


@dataclass(frozen=True)
class _Extracted:
    pages: list[str]
    page_numbers: list[int | None]
    title: str | None = None
    date: str | None = None
    ocr: tuple[ReadPage | None, ...] = ()  # per page: how OCR read it (scanned pages of a PDF)
    problems: tuple[str, ...] = ()  # pages that could not be read


def doc_id_for(root: str, source: str) -> str:
    return hashlib.sha1(f"{root}\0{source}".encode()).hexdigest()[:16]


def load_document(
    path: Path, source: str | None = None, root: str = "", data: bytes | None = None, ocr: PageReader | None = None
) -> Document:
    """Read ``path`` into a Document; ``source`` is the name shown in citations. ``ocr`` reads a
    PDF's pages that have no text layer (none: such pages stay empty, a scan is refused)."""
    source = source or path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"unsupported file type '{suffix or path.name}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise LoadError(f"cannot read file: {exc.strerror or exc}") from exc
    if not data:
        raise LoadError("empty file (0 bytes)")

    sha256 = hashlib.sha256(data).hexdigest()
    if suffix == ".pdf":
        extracted = _load_pdf(data, path.name, ocr, sha256, source)
    elif suffix == ".docx":
        extracted = _load_docx(data)
    elif suffix in (".html", ".htm"):
        extracted = _load_html(decode_text(data))
    else:
        extracted = _load_plain(decode_text(data), markdown=suffix in (".md", ".markdown"))

    text, pages = _join_pages(extracted.pages, extracted.page_numbers, extracted.ocr)
    if not text.strip():
        raise LoadError("no text found in the file")
    return Document(
        doc_id=doc_id_for(root, source),
        source=source,
        title=extracted.title or _title_from_text(text) or path.stem,
        date=extracted.date or find_report_date(text),
        text=text,
        pages=pages,
        sha256=sha256,
        problems=extracted.problems,
    )


def _join_pages(
    page_texts: list[str], numbers: list[int | None], ocr: tuple[ReadPage | None, ...] = ()
) -> tuple[str, tuple[Page, ...]]:
    from .ocr import low_confidence_spans

    parts: list[str] = []
    pages: list[Page] = []
    offset = 0
    for index, (number, page_text) in enumerate(zip(numbers, page_texts, strict=True)):
        if parts:
            parts.append("\n\n")
            offset += 2
        read = ocr[index] if index < len(ocr) else None
        page_ocr = None
        if read is not None:
            low = low_confidence_spans(page_text, offset, read.low_confidence)
            page_ocr = PageOcr(read.engine, read.words, low)
        pages.append(Page(number=number, start=offset, end=offset + len(page_text), ocr=page_ocr))
        parts.append(page_text)
        offset += len(page_text)
    return "".join(parts), tuple(pages)


# --- text encodings -------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), else the detected encoding
    (GB18030 and the Western code pages among the candidates), else Latin-1."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("binary data, not text (NUL bytes found)")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "utf_16", "cp1252", "latin_1", "big5", "shift_jis"]).best()
    if best is not None:
        return str(best)
    return data.decode("latin-1")


# --- formats --------------------------------------------------------------------------------


def _load_plain(text: str, markdown: bool) -> _Extracted:
    title = None
    if markdown:
        match = re.search(r"^#\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE)
        title = match.group(1).strip() if match else None
    return _Extracted(pages=[text.replace("\r\n", "\n")], page_numbers=[None], title=title)


def _load_pdf(
    data: bytes, file_name: str, ocr: PageReader | None = None, sha256: str = "", source: str = ""
) -> _Extracted:
    """Text and title of a PDF, page by page. PDFium (pypdfium2) reads the text: on the nine
    real reports of the evaluation set it is 14 times faster than pypdf (1.3 s instead of
    17 s for 271 pages, more than embedding them takes) and keeps words whole where pypdf
    splits some ("S ervice"). pypdf is the second opinion for files PDFium refuses. Pages with
    no text layer over an image are read by ``ocr`` (ocr.py). The title is the metadata's unless
    that is a converter's name for the file (see :func:`pdf_title`)."""
    scan = _ScanOutcome()
    try:
        pages, title, scan.scanned = _pdfium_pages(data)
        _read_scanned_pages(data, pages, scan, ocr, sha256, source or file_name)
    except _NeedsPassword:
        raise LoadError("encrypted PDF: a password is needed to read it") from None
    except LoadError as pdfium_problem:
        try:
            pages, title = _pypdf_pages(data)
        except LoadError:
            raise pdfium_problem from None
    if not pages:
        raise LoadError("PDF has no pages")
    if not any(p.strip() for p in pages):
        raise LoadError(_no_text_reason(scan, ocr))
    texts = _strip_running_lines([_tidy_pdf_text(p) for p in pages])
    return _Extracted(
        pages=texts,
        page_numbers=list(range(1, len(pages) + 1)),
        title=pdf_title(title, next((page for page in texts if page), ""), file_name),  # the first page with text
        ocr=tuple(scan.read.get(number) for number in range(1, len(pages) + 1)),
        problems=tuple(scan.problems),
    )


@dataclass
class _ScanOutcome:
    """What became of a PDF's scanned pages (pages without a text layer over an image)."""

    scanned: list[int] = field(default_factory=list)  # their numbers
    read: dict[int, ReadPage] = field(default_factory=dict)  # by number
    problems: list[str] = field(default_factory=list)


def _no_text_reason(scan: _ScanOutcome, ocr: PageReader | None) -> str:
    if not scan.scanned:
        return "PDF has no text layer (and no scanned page to read)"
    if ocr is None:
        return "PDF has no text layer (a scan?) and OCR is off (REPORTQA_OCR=off)"
    if scan.problems:
        return f"PDF has no text layer (a scan?) and OCR could not read it: {scan.problems[0]}"
    return "PDF has no text layer (a scan?) and OCR found no text on its pages"


def _read_scanned_pages(
    data: bytes, texts: list[str], scan: _ScanOutcome, ocr: PageReader | None, sha256: str, source: str
) -> None:
    """Replace the text of ``scan.scanned`` pages in ``texts`` by what ``ocr`` reads there."""
    import pypdfium2

    from .ocr import OcrUnavailable

    if not scan.scanned or ocr is None:
        return
    document = pypdfium2.PdfDocument(data)
    try:
        reading = ocr.read(document, sha256, scan.scanned, source)
    except OcrUnavailable as exc:
        scan.problems.append(f"{len(scan.scanned)} scanned page(s) not read: {exc}")
        return
    finally:
        document.close()
    for number, read in reading.pages.items():
        texts[number - 1] = read.text
    scan.read = reading.pages
    scan.problems += [reading.problems[n] for n in sorted(reading.problems)]


class _NeedsPassword(Exception):
    pass


def _pdfium_pages(data: bytes) -> tuple[list[str], str, list[int]]:
    """The text of each page, the metadata's title, and the numbers of the pages to read by OCR."""
    import pypdfium2
    import pypdfium2.raw

    from .ocr import needs_ocr

    scanned = []
    try:
        # An empty user password (a PDF that only restricts printing) is tried by PDFium itself.
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise _NeedsPassword from exc
        raise LoadError(f"corrupt or unreadable PDF ({exc})") from exc
    try:
        pages = []
        for number, page in enumerate(document, start=1):
            text_page = page.get_textpage()
            pages.append(_PDFIUM_CHARACTERS.sub(_pdfium_character, text_page.get_text_bounded()))
            text_page.close()
            if needs_ocr(pages[-1], _has_image(page, pypdfium2.raw.FPDF_PAGEOBJ_IMAGE)):
                scanned.append(number)
            page.close()
        title = (document.get_metadata_dict().get("Title") or "").strip()
    except pypdfium2.PdfiumError as exc:
        raise LoadError(f"corrupt or unreadable PDF ({exc})") from exc
    finally:
        document.close()
    return pages, title, scanned


def _has_image(page: object, image_type: int) -> bool:
    """Whether a pypdfium2 page shows an image (also inside a form XObject)."""
    return next(iter(page.get_objects(filter=[image_type], max_depth=3)), None) is not None  # type: ignore[attr-defined]


# PDFium ends lines with CR LF and writes a hyphen it takes for a soft one as U+0002
# ("FAA\x02approved"); other control characters are noise.
_PDFIUM_CHARACTERS = re.compile(r"\r\n?|[\x00-\x08\x0b-\x1f]")


def _pdfium_character(match: re.Match) -> str:
    found = match.group()
    return "-" if found == "\x02" else "\n" if found.startswith("\r") else " " if found == "\x0c" else ""


def _pypdf_pages(data: bytes) -> tuple[list[str], str]:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    # pypdf logs every repair it attempts; the ingest summary reports what matters.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                unlocked = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported ciphers
                raise LoadError(f"encrypted PDF that cannot be opened ({exc})") from exc
            if not unlocked:
                raise LoadError("encrypted PDF: a password is needed to read it")
        pages = [(page.extract_text() or "") for page in reader.pages]
        meta = reader.metadata
        return pages, (meta.title or "").strip() if meta else ""
    except LoadError:
        raise
    except DependencyError as exc:
        raise LoadError(f"PDF needs a decryption library that is not installed ({exc})") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
        raise LoadError(f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc


def _tidy_pdf_text(text: str) -> str:
    # Both readers leave trailing spaces and runs of blank lines.
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = _SPACING_ACCENT.sub(_composed, text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# PDFs typeset with a separate accent glyph give the letter, then the accent as a character of its
# own ("Ageˆncia Nacional de Aviac¸a˜o Civil"): a name so written matches neither a question nor
# the same name elsewhere. The acute and grave accents are left alone: they stand for apostrophes.
_SPACING_ACCENTS = {"ˆ": "\u0302", "˜": "\u0303", "¸": "\u0327", "¨": "\u0308", "ˇ": "\u030c", "˚": "\u030a",
                    "˝": "\u030b", "˛": "\u0328", "˙": "\u0307", "˘": "\u0306"}  # fmt: skip
_SPACING_ACCENT = re.compile(rf"([A-Za-z])([{''.join(_SPACING_ACCENTS)}])")


def _composed(match: re.Match[str]) -> str:
    """The letter with its accent as one character, where Unicode has one ("e" + "ˆ" -> "ê")."""
    letter, accent = match.groups()
    composed = unicodedata.normalize("NFC", letter + _SPACING_ACCENTS[accent])
    return composed if len(composed) == 1 else match.group()


_EDGE_LINES = 2  # lines at the top and bottom of a page that may be running headers or footers


def _strip_running_lines(pages: list[str]) -> list[str]:
    """Drop running headers and footers ("Page 3 of 12", the report's name on every page):
    lines at a page's edge that recur, digits aside, on at least half of the pages.
    They would otherwise be embedded again and again and pollute quoted sentences."""
    if len(pages) < 2:
        return pages

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    split = [page.split("\n") for page in pages]
    counts: dict[str, int] = {}
    for lines in split:
        edges = {key(line) for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:] if line.strip()}
        for k in edges:
            counts[k] = counts.get(k, 0) + 1
    running = {k for k, n in counts.items() if n >= max(2, len(pages) / 2)}
    if not running:
        return pages
    cleaned = []
    for lines in split:
        top = 0
        while top < min(_EDGE_LINES, len(lines)) and key(lines[top]) in running:
            top += 1
        bottom = len(lines)
        while bottom > top and len(lines) - bottom < _EDGE_LINES and key(lines[bottom - 1]) in running:
            bottom -= 1
        cleaned.append("\n".join(lines[top:bottom]).strip())
    return cleaned


def _load_docx(data: bytes) -> _Extracted:
    import io
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(f"corrupt or unreadable DOCX ({type(exc).__name__}: {exc})") from exc
    title = (document.core_properties.title or "").strip() or None
    blocks: list[str] = []
    # Paragraphs and tables in the order the document shows them: a table of participants
    # belongs under its heading, not after the last paragraph.
    for part in document.iter_inner_content():
        if isinstance(part, docx.table.Table):
            blocks += [row for row in map(_docx_row, part.rows) if row]
            continue
        text = part.text.strip()
        if not text:
            continue
        if title is None and part.style is not None and part.style.name in ("Title", "Heading 1"):
            title = text
        blocks.append(text)
    return _Extracted(pages=["\n\n".join(blocks)], page_numbers=[None], title=title)


def _docx_row(row: _Row) -> str:
    """A table row as "a | b | c": an empty cell stays (the columns keep their places), a cell
    merged over several columns is written once; a row with no text is ""."""
    cells: list[str] = []
    previous = None
    for cell in row.cells:
        if cell._tc is not previous:  # python-docx repeats a merged cell for each column it spans
            cells.append(" ".join(cell.text.split()))
        previous = cell._tc
    return " | ".join(cells) if any(cells) else ""


def _load_html(html: str) -> _Extracted:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = None
    if soup.title and soup.title.string:
        title = soup.title.string.strip()
    elif (h1 := soup.find("h1")) is not None:
        title = h1.get_text(" ", strip=True)
    body = soup.body or soup
    # A table of data (not one laying out the page around other tables) as rows "a | b | c", as
    # a Word file's: a participants' row keeps its name beside its title.
    for table in body.find_all("table"):
        if table.find("table") is None:
            rows = [_html_row(row) for row in table.find_all("tr")]
            table.replace_with(soup.new_string("\n" + "\n".join(row for row in rows if row) + "\n"))
    text = body.get_text("\n", strip=True)
    return _Extracted(pages=[text], page_numbers=[None], title=title or None)


def _html_row(row: Tag) -> str:
    """A table row as "a | b | c" (empty cells kept, so the columns keep their places); "" when no
    cell has text."""
    cells = [" ".join(cell.get_text(" ", strip=True).split()) for cell in row.find_all(("td", "th"), recursive=False)]
    return " | ".join(cells) if any(cells) else ""


# --- titles and dates -----------------------------------------------------------------------

# What a converter writes into a PDF's Title when the author gave none: "Microsoft Word -
# AGENDA 040616.doc", "report.xlsx", "Untitled-1", "PowerPoint Presentation".
_CONVERTER_PREFIX = re.compile(r"^\s*(?:microsoft\s+(?:office\s+)?)?(?:word|excel|powerpoint)\s+-\s*", re.IGNORECASE)
_FILE_EXTENSION = re.compile(
    r"\.(?:docx?|dotx?|xlsx?|xlsm|pptx?|pdf|rtf|odt|ods|odp|txt|wpd|wps|pages|indd|pub|html?)\s*$", re.IGNORECASE
)
_PLACEHOLDER_TITLE = re.compile(
    r"(?:untitled(?:\s+document)?|(?:microsoft\s+word\s+)?document|(?:powerpoint\s+)?presentation|book|sheet|slide"
    r"|title|no\s+title|none|null|n/?a|unknown)[\s_-]*\d*",
    re.IGNORECASE,
)
# A line that is only a page number: "3", "- 3 -", "Page 3 of 12", "3/12", "iv".
_PAGE_NUMBER_LINE = re.compile(
    r"(?:page\s*)?[-–—(\s]*\d+[-–—)\s]*(?:(?:of|/)\s*\d+)?|[-–—(\s]*[ivxlc]{1,6}[-–—)\s]*", re.IGNORECASE
)
_WEEKDAYS = r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
_HEADING_MAX_CHARS = 90
_HEADING_MAX_WORDS = 12  # a line of prose wrapped at the page's width has more
_HEADING_SEARCH_LINES = 60


def pdf_title(metadata: str, first_page: str, file_name: str) -> str | None:
    """A PDF's title: its metadata Title when that is a real title; else the first heading-like
    line of its first page; else what is left of the metadata without the converter's prefix and
    the file extension. None when nothing fits (the caller falls back to the text's first line)."""
    metadata = " ".join(metadata.split())
    if metadata and not _is_placeholder_title(metadata, file_name):
        return metadata
    remnant = _FILE_EXTENSION.sub("", _CONVERTER_PREFIX.sub("", metadata)).strip(" -_")
    if _is_placeholder_title(remnant, file_name) or not _has_a_word(remnant):
        remnant = ""
    return _first_heading(first_page) or remnant or None


def _is_placeholder_title(title: str, file_name: str) -> bool:
    """An empty or generic title, a converter's "Microsoft Word - name.doc", or the file's own name."""

    def plain(text: str) -> str:
        return re.sub(r"[\W_]+", "", text).lower()

    own_names = {plain(file_name), plain(Path(file_name).stem)}
    return (
        not _has_a_word(title)
        or bool(_CONVERTER_PREFIX.match(title) or _FILE_EXTENSION.search(title))
        or bool(_PLACEHOLDER_TITLE.fullmatch(title.strip()))
        or plain(title) in own_names
    )


def _first_heading(page_text: str) -> str | None:
    """The first line of ``page_text`` that reads as a heading: short, not a sentence (no full
    stop at its end, not continued by a lower-case line), not a page number or a bare date."""
    lines = [line.strip() for line in page_text.splitlines()]
    for index, line in enumerate(lines[:_HEADING_SEARCH_LINES]):
        following = next((later for later in lines[index + 1 :] if later), "")
        if _reads_as_heading(line) and not following[:1].islower():
            return line
    return None


def _reads_as_heading(line: str) -> bool:
    if not line or len(line) > _HEADING_MAX_CHARS or len(line.split()) > _HEADING_MAX_WORDS:
        return False
    if line[0].islower() or line.endswith((".", ",", ";", ":")):  # prose, or a label before its value
        return False
    if _PAGE_NUMBER_LINE.fullmatch(line) or _is_a_bare_date(line):
        return False
    # Mostly letters: not a document code such as "GE.22-12339(E)" or "DCF-F-2476-E (R. 04/2014)".
    letters = sum(ch.isalpha() for ch in line)
    return _has_a_word(line) and letters >= 0.4 * len(line.replace(" ", ""))


def _has_a_word(text: str) -> bool:
    return re.search(r"[^\W\d_]{3,}", text) is not None


def _is_a_bare_date(line: str) -> bool:
    """Whether ``line`` is a date and nothing else ("12 April 2016", "Tuesday, 5 March", "2016-04-12")."""
    return not any(ch.isalpha() for ch in _DATE_WORDS.sub(" ", line))


def _title_from_text(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            line = re.sub(r"^(title|subject)\s*:\s*", "", line, flags=re.IGNORECASE)
            return line if len(line) <= 150 else None
    return None


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})\b"),
    # the year first with slashes or dots, as East Asian reports write it: "2023/05/05", "2023.5.5"
    re.compile(rf"\b{_YEAR}(?P<sep>[/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"{_YEAR}\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日"),
    # the day first with dots, as much of Europe writes it: "5.3.2023", "05.03.2023"
    re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.{_YEAR}\b"),
    # with slashes, only where the order shows itself: "25/10/2021" (day first), "10/25/2021"
    re.compile(rf"(?<![\d/])(?P<d>1[3-9]|2\d|3[01])/(?P<m>0?[1-9]|1[0-2])/{_YEAR}\b"),
    re.compile(rf"(?<![\d/])(?P<m>0?[1-9]|1[0-2])/(?P<d>1[3-9]|2\d|3[01])/{_YEAR}\b"),
]
# Everything a date written out may hold (for telling a date-only line from a heading).
_DATE_WORDS = re.compile(
    rf"\b(?:{'|'.join(sorted(_MONTHS, key=len, reverse=True))}|{_WEEKDAYS}|of)\b\.?|\d+(?:st|nd|rd|th)?|[\W_]+",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:report\s+)?(?:date|dated|meeting date|date of visit)(?:\*\*)?\s*:", re.IGNORECASE | re.MULTILINE
)


def _parse_date(fragment: str) -> tuple[int, str] | None:
    """The earliest date in ``fragment`` as (position, ISO string)."""
    found: list[tuple[int, str]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(fragment):
            groups = match.groupdict()
            try:
                month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["month"].lower()]
                day = int(groups.get("d") or groups["day"])
                found.append((match.start(), date(int(groups["year"]), month, day).isoformat()))
            except (ValueError, KeyError, TypeError):
                continue
            break
    return min(found) if found else None


def find_report_date(text: str) -> str | None:
    """The report's date: a labelled ``Date:`` line if there is one, else the first
    full date near the top of the text."""
    label = _DATE_LABEL.search(text)
    if label:
        line_end = text.find("\n", label.end())
        parsed = _parse_date(text[label.end() : line_end if line_end != -1 else None])
        if parsed:
            return parsed[1]
    parsed = _parse_date(text[:3000])
    return parsed[1] if parsed else None


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    root: str  # absolute folder the file was found under; with source, the document's identity
    source: str  # path relative to root, shown in citations


def iter_corpus_files(paths: list[Path]) -> tuple[list[CorpusFile], list[str]]:
    """Expand files and folders into corpus files (sorted; hidden files skipped).

    Returns the files and the folder roots that were scanned whole: documents once
    ingested from such a folder and no longer in it count as removed. A file given
    by itself belongs to its parent folder, so ``ingest corpus/a.txt`` and
    ``ingest corpus`` name that document the same way.
    """
    files: dict[tuple[str, str], Path] = {}
    scanned_roots: list[str] = []
    for given in paths:
        if given.is_dir():
            root = given.resolve()
            scanned_roots.append(str(root))
            for path in sorted(given.rglob("*")):
                rel = path.relative_to(given)
                if any(part.startswith(".") for part in rel.parts) or path.is_dir():
                    continue
                files[(str(root), rel.as_posix())] = path
        elif given.exists() or given.is_symlink():
            files[(str(given.parent.resolve()), given.name)] = given
        else:
            raise FileNotFoundError(f"no such file or folder: {given}")
    corpus = [CorpusFile(path=p, root=root, source=src) for (root, src), p in sorted(files.items())]
    return corpus, scanned_roots
