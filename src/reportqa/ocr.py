"""OCR: the text of PDF pages that have no usable text layer (scans, faxes, photographed pages).

A PDF page is read by OCR when its text layer holds almost nothing (fewer than
:data:`MIN_TEXT_CHARACTERS` characters) and it shows an image; every other page keeps its text
layer, so a mixed report is OCR'd only where it needs it. The page is rendered by pypdfium2 at
:data:`OCR_DPI` and read by Tesseract 5 (Debian's ``tesseract-ocr`` with its English and
Simplified Chinese data, run as a subprocess), chosen over rapidocr-onnxruntime by
``bench/ocr.py`` (docs/PERFORMANCE.md). ``REPORTQA_OCR=off`` turns OCR off.

What a page gives -- its text (lines in reading order, paragraphs apart), its words with their
boxes in PDF points and their confidence, the lines read with low confidence -- is cached by
the file's sha256 under ``Settings.cache_dir``: ingesting an unchanged file again, into this
index or another, never reads it again. A page that cannot be rendered or read is reported and
the rest of the report is ingested.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ._util import CJK_CHARACTER, progress
from .types import Answer, Document, DocumentRecord, OcrWord

if TYPE_CHECKING:
    from PIL.Image import Image

    from .config import Settings

#: The engines ``REPORTQA_OCR`` may name ("off" turns OCR off).
OCR_ENGINES = ("tesseract",)
#: Pages are rendered for OCR at this resolution (a printed page's 11-point text is ~30 pixels high).
OCR_DPI = 200
#: A page whose text layer has fewer non-blank characters than this (a scanner's stamp, a page
#: number) and that shows an image is read by OCR.
MIN_TEXT_CHARACTERS = 20
#: A line read with a lower confidence (0-1) is marked as low-confidence.
LOW_CONFIDENCE = 0.8
#: Bumped when what a cached page holds changes, so that older results are read again.
CACHE_FORMAT = 1
#: The note an answer carries when it quotes a page that OCR read.
OCR_NOTE = "Quoted from a scanned page (OCR): the text may differ from the printed page; check it there."


class OcrUnavailable(Exception):
    """The chosen engine cannot run here (unknown, not installed); the message says what to do."""


@dataclass(frozen=True)
class WordBox:
    """A word as an engine read it: its text, its box in image pixels, its confidence (0-1)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float


@dataclass(frozen=True)
class OcrLine:
    """A line of text as an engine read it; ``text`` is its words joined as the script writes them."""

    text: str
    words: tuple[WordBox, ...]
    confidence: float


class OcrEngine(Protocol):
    """Reads the lines of a page image."""

    #: The engine and its version, as the report's record names it ("tesseract 5.3.0 eng+chi_sim").
    version: str

    def read(self, image: Image) -> list[OcrLine]: ...


def load_engine(name: str) -> OcrEngine:
    """The engine called ``name`` (one of :data:`OCR_ENGINES`), loaded once per process."""
    if name == "tesseract":
        return _tesseract()
    raise OcrUnavailable(f"unknown OCR engine {name!r} (REPORTQA_OCR: one of {', '.join(OCR_ENGINES)}, off)")


@cache
def _tesseract() -> TesseractEngine:
    return TesseractEngine()


def render_page(page: object, dpi: int) -> Image:
    """A PDF page (a pypdfium2 ``PdfPage``) as a greyscale image at ``dpi``."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)  # type: ignore[attr-defined]
    return bitmap.to_pil()


# --- tesseract -------------------------------------------------------------------------------

_TESSERACT_LANGUAGES = "eng+chi_sim"


class TesseractEngine:
    """Tesseract 5's LSTM recogniser, English and Simplified Chinese, as a subprocess (TSV output)."""

    def __init__(self) -> None:
        binary = shutil.which("tesseract")
        if binary is None:
            raise OcrUnavailable(
                "the tesseract OCR engine is not installed: apt-get install tesseract-ocr tesseract-ocr-eng "
                "tesseract-ocr-chi-sim (scripts/setup.sh does), or set REPORTQA_OCR=off"
            )
        self._binary = binary
        languages = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, check=False).stdout
        missing = [code for code in _TESSERACT_LANGUAGES.split("+") if code not in languages.split()]
        if missing:
            raise OcrUnavailable(
                f"tesseract has no data for {', '.join(missing)}: apt-get install "
                + " ".join(f"tesseract-ocr-{code.replace('_', '-')}" for code in missing)
            )
        banner = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False).stdout
        self.version = f"{banner.split(chr(10))[0].strip()} {_TESSERACT_LANGUAGES}"

    def read(self, image: Image) -> list[OcrLine]:
        png = io.BytesIO()
        image.save(png, format="PNG", dpi=(200, 200))
        # One thread per page: tesseract's OpenMP threads only contend with the rest of ingest.
        environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        command = [self._binary, "stdin", "stdout", "-l", _TESSERACT_LANGUAGES, "--psm", "3", "tsv"]
        done = subprocess.run(command, input=png.getvalue(), capture_output=True, env=environment, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"tesseract failed: {done.stderr.decode(errors='replace').strip()[-300:]}")
        return _tesseract_lines(done.stdout.decode("utf-8", errors="replace"))


def _tesseract_lines(tsv: str) -> list[OcrLine]:
    """Lines of tesseract's TSV: its word rows (level 5) grouped by block, paragraph and line."""
    grouped: dict[tuple[str, str, str, str], list[WordBox]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top, width, height = (float(row[key]) for key in ("left", "top", "width", "height"))
        confidence = max(0.0, float(row["conf"])) / 100
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        grouped.setdefault(key, []).append(WordBox(text, left, top, left + width, top + height, confidence))
    lines = []
    for words in grouped.values():
        text = words[0].text
        for before, word in itertools.pairwise(words):
            text += ("" if _stands_alone(before.text[-1]) or _stands_alone(word.text[0]) else " ") + word.text
        lines.append(OcrLine(text, tuple(words), sum(w.confidence for w in words) / len(words)))
    return lines


def _stands_alone(character: str) -> bool:
    """A CJK character or CJK punctuation: written without spaces around it."""
    punctuation = "\u3000" <= character <= "\u303f" or "\uff00" <= character <= "\uffef"
    return punctuation or bool(CJK_CHARACTER.match(character))


# --- pages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadPage:
    """A page's text as OCR read it: what the cache keeps for one page."""

    engine: str  # the engine and its version
    text: str  # lines in reading order, one per line, paragraphs separated by a blank line
    words: tuple[OcrWord, ...]  # in PDF points from the page's top-left corner
    low_confidence: tuple[str, ...] = ()  # the lines read with low confidence, as they stand in ``text``

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str) -> ReadPage:
        raw = json.loads(data)
        return cls(
            engine=raw["engine"],
            text=raw["text"],
            words=tuple(OcrWord(**word) for word in raw["words"]),
            low_confidence=tuple(raw["low_confidence"]),
        )


@dataclass
class ScanReading:
    """What OCR made of a report's scanned pages, by page number (1-based)."""

    pages: dict[int, ReadPage] = field(default_factory=dict)
    problems: dict[int, str] = field(default_factory=dict)  # pages that could not be read, and why


def needs_ocr(text_layer: str, has_image: bool) -> bool:
    """Whether a page is read by OCR: a (nearly) empty text layer over an image."""
    return has_image and sum(not ch.isspace() for ch in text_layer) < MIN_TEXT_CHARACTERS


class PageReader:
    """Reads scanned pages with one engine, through the cache; loads the engine only when a
    page is not cached."""

    def __init__(self, engine: str, cache_dir: Path | None, show_progress: bool = False):
        self.engine_name = engine
        self.cache_dir = cache_dir / "ocr" / f"{engine}-{OCR_DPI}dpi-v{CACHE_FORMAT}" if cache_dir else None
        self.show_progress = show_progress

    @classmethod
    def of(cls, settings: Settings) -> PageReader | None:
        """The reader ``settings`` ask for; None when OCR is off."""
        if settings.ocr == "off":
            return None
        return cls(settings.ocr, settings.cache_dir, settings.show_progress)

    def read(self, pdf: object, sha256: str, numbers: Sequence[int], source: str) -> ScanReading:
        """Read pages ``numbers`` (1-based) of ``pdf`` (a pypdfium2 ``PdfDocument`` of the file
        whose bytes hash to ``sha256``). :class:`OcrUnavailable` when the engine cannot run."""
        reading = ScanReading()
        pages = progress(numbers, f"OCR {source}", self.show_progress, total=len(numbers), unit="page")
        for number in pages:
            cached = self.cached(sha256, number)
            if cached is not None:
                reading.pages[number] = cached
                continue
            engine = load_engine(self.engine_name)  # before the try: an engine missing is no page's fault
            try:
                image = render_page(pdf[number - 1], OCR_DPI)  # type: ignore[index]
                page = _read_page(engine, image) if _has_ink(image) else ReadPage(engine.version, "", ())
            except Exception as exc:  # a damaged page or an engine's failure: report it, read the rest
                reading.problems[number] = f"page {number} could not be read by OCR ({type(exc).__name__}: {exc})"
                continue
            self._store(sha256, number, page)
            reading.pages[number] = page
        return reading

    def _path(self, sha256: str, number: int) -> Path | None:
        return self.cache_dir / sha256 / f"page-{number}.json" if self.cache_dir else None

    def cached(self, sha256: str, number: int) -> ReadPage | None:
        """What OCR read on page ``number`` of the file hashing to ``sha256``, if cached (its
        word boxes for a highlight, say)."""
        path = self._path(sha256, number)
        if path is None:
            return None
        try:
            return ReadPage.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):  # absent or damaged: read the page again
            return None

    def _store(self, sha256: str, number: int, page: ReadPage) -> None:
        path = self._path(sha256, number)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed: a concurrent ingest never reads half a page.
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as handle:
                handle.write(page.to_json())
            os.replace(handle.name, path)
        except OSError:
            pass  # a cache that cannot be written costs time at the next ingest, nothing else


def _has_ink(image: Image) -> bool:
    """Whether a greyscale page image has anything darker than paper on it."""
    darkest = image.convert("L").getextrema()[0]
    return isinstance(darkest, int | float) and darkest < 160


def _read_page(engine: OcrEngine, image: Image) -> ReadPage:
    """The page's text from the engine's lines: one per line, a blank line where the gap to the
    next is taller than most lines (a new paragraph) or the next starts above (a new column)."""
    lines = [line for line in engine.read(image) if line.text.strip() and line.words]
    scale = 72 / OCR_DPI
    words = tuple(
        OcrWord(w.text, round(w.x0 * scale, 1), round(w.y0 * scale, 1), round(w.x1 * scale, 1), round(w.y1 * scale, 1),
                round(w.confidence, 3))
        for line in lines for w in line.words
    )  # fmt: skip
    if not lines:
        return ReadPage(engine.version, "", words)
    tops = [min(w.y0 for w in line.words) for line in lines]
    bottoms = [max(w.y1 for w in line.words) for line in lines]
    height = statistics.median(bottom - top for top, bottom in zip(tops, bottoms, strict=True))
    parts = [lines[0].text.strip()]
    for index in range(1, len(lines)):
        gap = tops[index] - bottoms[index - 1]
        parts.append("\n\n" if gap > 0.8 * height or gap < -height else "\n")
        parts.append(lines[index].text.strip())
    low = tuple(line.text.strip() for line in lines if line.confidence < LOW_CONFIDENCE)
    return ReadPage(engine.version, "".join(parts), words, low)


def low_confidence_spans(page_text: str, page_start: int, lines: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Where the low-confidence ``lines`` stand in the document's text, given its page's final
    text (after running headers were dropped) and where that page starts; lines no longer
    there are left out."""
    spans = []
    searched_from = 0
    for line in lines:
        found = page_text.find(line, searched_from)
        if found < 0:
            continue
        spans.append((page_start + found, page_start + found + len(line)))
        searched_from = found + len(line)
    return tuple(spans)


def reading_notes(document: Document) -> list[str]:
    """What ingest reports about a document's OCR: the pages it could not read, and the pages
    with lines read with low confidence."""
    doubtful = [str(page.number) for page in document.ocr_pages if page.ocr and page.ocr.low_confidence]
    notes = list(document.problems)
    if doubtful:
        notes.append(f"lines read by OCR with low confidence on page(s) {', '.join(doubtful)}: check them on the scan")
    return notes


# --- answers ---------------------------------------------------------------------------------


def note_ocr_quotes(answer: Answer, records: Callable[[], Iterable[DocumentRecord]]) -> Answer:
    """``answer`` with :data:`OCR_NOTE` among its notes when one of its citations quotes a page
    that OCR read (``records`` gives the index's reports; it is called only when there are
    citations)."""
    if not answer.citations or OCR_NOTE in answer.notes:
        return answer
    scanned = {record.doc_id: record.ocr_pages for record in records() if record.ocr}
    if any(c.hit.page in scanned.get(c.hit.doc_id, ()) for c in answer.citations):
        return replace(answer, notes=(*answer.notes, OCR_NOTE))
    return answer
