"""The small typed records that flow between the stages.

load -> :class:`Document` -> chunk -> :class:`Chunk` -> embed/store -> retrieve ->
:class:`Hit` -> answer -> :class:`Answer` (with :class:`Citation`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any, Literal, get_args

#: How to search: dense vectors, BM25, or both fused (the default).
SearchMode = Literal["dense", "bm25", "hybrid"]
SEARCH_MODES: tuple[SearchMode, ...] = get_args(SearchMode)


@dataclass(frozen=True)
class OcrWord:
    """A word that OCR read on a page: its text, its box in PDF points from the page's top-left
    corner (x to the right, y down), and the engine's confidence from 0 to 1."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float


@dataclass(frozen=True)
class PageOcr:
    """How the text of a page without a usable text layer was read (ocr.py)."""

    engine: str  # the engine and its version ("tesseract 5.3.0 eng+chi_sim")
    words: tuple[OcrWord, ...]
    # Offsets in Document.text of the lines read with low confidence (worth checking against the page).
    low_confidence: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Page:
    """A stretch of a document's text; PDFs have one per printed page, other formats one."""

    number: int | None  # 1-based page number for PDFs, None for formats without pages
    start: int  # character offset of this page in Document.text
    end: int
    ocr: PageOcr | None = None  # set when the page's text was read by OCR


@dataclass(frozen=True)
class Document:
    doc_id: str  # stable id derived from the source path
    source: str  # path as given to ingest, relative to the corpus root when possible
    title: str
    date: str | None  # ISO date (YYYY-MM-DD) of the report, when the text or metadata gives one
    text: str
    pages: tuple[Page, ...]
    sha256: str  # of the file's bytes: how re-ingest tells that a file changed
    # Pages of a scan that OCR could not read ("page 3: ..."); the rest of the report is ingested.
    problems: tuple[str, ...] = ()

    @property
    def ocr_pages(self) -> tuple[Page, ...]:
        """The pages whose text was read by OCR."""
        return tuple(page for page in self.pages if page.ocr is not None)


@dataclass(frozen=True)
class Chunk:
    chunk_id: str  # "<doc_id>:<ordinal>"
    doc_id: str
    source: str
    title: str
    date: str | None
    page: int | None
    start: int  # character offsets of the chunk in Document.text
    end: int
    text: str
    # (start, end) offsets inside ``text`` of the stretches embedded as dense vectors.
    windows: tuple[tuple[int, int], ...] = ()

    def window_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.windows] or [self.text]


@dataclass(frozen=True)
class Hit:
    """One retrieved passage."""

    chunk_id: str
    score: float
    text: str
    title: str
    source: str
    page: int | None
    date: str | None
    doc_id: str
    start: int
    end: int

    @classmethod
    def of(cls, chunk: Chunk, score: float) -> Hit:
        """The hit for a stored passage."""
        return cls(
            chunk.chunk_id, score, chunk.text, chunk.title, chunk.source, chunk.page, chunk.date, chunk.doc_id,
            chunk.start, chunk.end,
        )  # fmt: skip

    def as_dict(self, rank: int | None = None) -> dict[str, Any]:
        """The public JSON shape of a passage (``reportqa search --json``, answers' ``nearest``)."""
        data: dict[str, Any] = {} if rank is None else {"rank": rank}
        data.update(
            score=round(self.score, 4),
            title=self.title,
            source=self.source,
            page=self.page,
            date=self.date,
            text=self.text,
            chunk_id=self.chunk_id,
        )
        return data


@dataclass(frozen=True)
class Citation:
    """A passage cited by an answer; ``start``/``end`` locate the quoted words inside ``text``."""

    n: int
    hit: Hit
    start: int  # the first quoted span
    end: int
    spans: tuple[tuple[int, int], ...] = ()  # every quoted span, in passage order
    # The short answer's words (names, a date, a number) inside the quoted spans.
    short_spans: tuple[tuple[int, int], ...] = ()

    def as_dict(self) -> dict:
        return {
            "n": self.n,
            "title": self.hit.title,
            "source": self.hit.source,
            "page": self.hit.page,
            "date": self.hit.date,
            "text": self.hit.text,
            "start": self.start,
            "end": self.end,
            "spans": [list(span) for span in self.spans],
            "short_spans": [list(span) for span in self.short_spans],
            "score": round(self.hit.score, 4),
            "chunk_id": self.hit.chunk_id,
        }


@dataclass(frozen=True)
class Row:
    """One item of an answer across reports (a visit, a meeting, a report naming a topic, a
    figure at a date): ``citation`` is the number of the :class:`Citation` that quotes it."""

    date: str | None  # ISO date (or YYYY-MM, YYYY for a figure dated by month or year)
    kind: str  # visit, meeting, agreement, briefing, report, figure, mention ...
    title: str  # the report's title
    source: str
    page: int | None
    who: str  # the people or bodies of the item ("" when none)
    value: str  # the figure, or the quoted sentence
    citation: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "kind": self.kind,
            "title": self.title,
            "source": self.source,
            "page": self.page,
            "who": self.who,
            "value": self.value,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class Answer:
    question: str
    text: str  # sentences quoted verbatim, each followed by its [n] marker
    abstained: bool
    citations: tuple[Citation, ...] = ()
    # When abstaining: the nearest passages, so the user can judge for themselves.
    nearest: tuple[Hit, ...] = ()
    notes: tuple[str, ...] = field(default=())
    # Score of the best candidate sentence; below Settings.abstain_threshold the answer abstains.
    support: float = 0.0
    # The answer in a few words, as the reports write them ("Wei Liang", "15 March 2022"), when
    # the question asks for a name, a date or a role; ``text`` starts with it.
    short: str | None = None
    # A question across reports: one row per item listed, counted or compared, each cited.
    rows: tuple[Row, ...] = ()

    def as_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "support": round(self.support, 4),
            "short": self.short,
            "citations": [c.as_dict() for c in self.citations],
            "rows": [r.as_dict() for r in self.rows],
            "nearest": [h.as_dict() for h in self.nearest],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class DocumentRecord:
    """What the index keeps about an ingested file (the text lives in its chunks)."""

    doc_id: str
    root: str
    source: str
    title: str
    date: str | None
    sha256: str
    size: int
    mtime_ns: int
    pages: int | None  # page count for paged formats
    chunks: int
    ingested_at: str  # ISO timestamp, UTC
    # A file whose bytes equal an indexed document's is stored once: this names that
    # document's doc_id and the copy has no chunks of its own.
    same_as: str | None = None
    # Set when some pages were read by OCR (a scan): JSON {"engine": "...", "pages": [1, 2]}
    # (:func:`ocr_record`); read it with ``ocr_engine`` and ``ocr_pages``.
    ocr: str | None = None

    @property
    def ocr_engine(self) -> str | None:
        """The OCR engine that read some of the report's pages, if any."""
        return json.loads(self.ocr)["engine"] if self.ocr else None

    @property
    def ocr_pages(self) -> frozenset[int]:
        """The numbers of the pages whose text was read by OCR."""
        return frozenset(json.loads(self.ocr)["pages"]) if self.ocr else frozenset()


def ocr_record(engine: str, pages: Iterable[int]) -> str:
    """The ``DocumentRecord.ocr`` value for these OCR'd pages."""
    return json.dumps({"engine": engine, "pages": sorted(pages)}, ensure_ascii=False)


# --- who's who: what the entity stage (entities.py) finds in one report ---------------------


@dataclass(frozen=True)
class Mention:
    """A named thing in a report: ``kind`` is person, org, place, date, money, quantity or number."""

    kind: str
    text: str  # a person's full name when a short form ("Ms. Chen") was resolved to it
    start: int  # character offsets in Document.text
    end: int
    page: int | None
    chunk_id: str | None  # the passage that contains it
    form: str | None = None  # how the report wrote it, when that differs from ``text``


@dataclass(frozen=True)
class Evidence:
    """Where a fact stands: a sentence (or labelled line) of the report, by character offsets."""

    page: int | None
    start: int
    end: int


@dataclass(frozen=True)
class RoleClaim:
    """A report's statement of a person's role: "X, deputy director of Y"."""

    person: str
    role: str
    organisation: str | None
    date: str | None  # the report's date: roles change, and a later one does not erase an earlier one
    page: int | None
    start: int  # the sentence stating it
    end: int
    # For a role stated without its body, in the minutes or report of one body: that body (the
    # who's who uses it when no report gives the role's organisation).
    report_body: str | None = None


@dataclass(frozen=True)
class PartOf:
    """A report's statement that a body or place is part of another: "the Nantong Sub-center of
    the Lingang Innovation Center" (a unit of a body), "Lianyungang, Jiangsu Province", "Chengdu in
    Sichuan" (a place inside a place)."""

    part: str
    whole: str
    kind: str  # "unit" of a body, or "inside" a place
    page: int | None
    start: int  # the sentence stating it
    end: int


@dataclass(frozen=True)
class Participant:
    name: str
    kind: str  # person or org
    role: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class Event:
    """What a report records: a visit, meeting, agreement, briefing or report."""

    date: str | None
    kind: str
    title: str
    page: int | None
    visitors: tuple[Participant, ...] = ()
    hosts: tuple[Participant, ...] = ()
    led_by: tuple[Participant, ...] = ()
    place: str | None = None
    topics: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()
    # The sentence each field comes from: (field name, evidence), sorted by field.
    evidence: tuple[tuple[str, Evidence], ...] = ()


@dataclass(frozen=True)
class DocumentFacts:
    """Everything the entity stage found in one report."""

    doc_id: str
    mentions: tuple[Mention, ...] = ()
    roles: tuple[RoleClaim, ...] = ()
    events: tuple[Event, ...] = ()
    skipped: str | None = None  # why the report was not analysed (e.g. its language)
    parts: tuple[PartOf, ...] = ()  # units of bodies and places inside places, as the report states them

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str) -> DocumentFacts:
        raw = json.loads(data)

        def participants(items: list[dict[str, Any]]) -> tuple[Participant, ...]:
            return tuple(Participant(**p) for p in items)

        events = tuple(
            Event(
                **{
                    **e,
                    "visitors": participants(e["visitors"]),
                    "hosts": participants(e["hosts"]),
                    "led_by": participants(e["led_by"]),
                    "topics": tuple(e["topics"]),
                    "follow_ups": tuple(e["follow_ups"]),
                    "evidence": tuple((name, Evidence(**ev)) for name, ev in e["evidence"]),
                }
            )
            for e in raw["events"]
        )
        return cls(
            doc_id=raw["doc_id"],
            mentions=tuple(_mention(m) for m in raw["mentions"]),
            roles=tuple(RoleClaim(**r) for r in raw["roles"]),
            events=events,
            skipped=raw["skipped"],
            parts=tuple(PartOf(**p) for p in raw.get("parts", ())),  # facts stored before rules 15 have none
        )


@dataclass(frozen=True)
class EntityProgress:
    """How far the who's who is: ingest commits a report answerable first and its entities later
    (its second phase), so for a while ``analysed`` may be below ``reports``."""

    analysed: int
    reports: int

    @property
    def updating(self) -> bool:
        return self.analysed < self.reports

    def __str__(self) -> str:
        return f"updating: {self.analysed} of {self.reports} reports" if self.updating else "up to date"

    def as_dict(self) -> dict[str, Any]:
        return {"analysed": self.analysed, "reports": self.reports, "updating": self.updating}


_MENTION_DEFAULTS = {f.name: f.default for f in fields(Mention) if f.default is not MISSING}


def _mention(stored: dict[str, Any]) -> Mention:
    """A Mention from its own ``asdict`` record, without calling ``__init__``: opening an index
    restores every mention of every report (tens of thousands), and a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__`` -- three to four times the cost."""
    mention = object.__new__(Mention)
    mention.__dict__.update(_MENTION_DEFAULTS, **stored)
    return mention
