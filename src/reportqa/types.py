"""The small typed records that flow between the stages.

load -> :class:`Document` -> chunk -> :class:`Chunk` -> embed/store -> retrieve ->
:class:`Hit` -> answer -> :class:`Answer` (with :class:`Citation`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

#: How to search: dense vectors, BM25, or both fused (the default).
SearchMode = Literal["dense", "bm25", "hybrid"]
SEARCH_MODES: tuple[SearchMode, ...] = get_args(SearchMode)


@dataclass(frozen=True)
class Page:
    """A stretch of a document's text; PDFs have one per printed page, other formats one."""

    number: int | None  # 1-based page number for PDFs, None for formats without pages
    start: int  # character offset of this page in Document.text
    end: int


@dataclass(frozen=True)
class Document:
    doc_id: str  # stable id derived from the source path
    source: str  # path as given to ingest, relative to the corpus root when possible
    title: str
    date: str | None  # ISO date (YYYY-MM-DD) of the report, when the text or metadata gives one
    text: str
    pages: tuple[Page, ...]
    sha256: str  # of the file's bytes: how re-ingest tells that a file changed


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
            "score": round(self.hit.score, 4),
            "chunk_id": self.hit.chunk_id,
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

    def as_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "support": round(self.support, 4),
            "citations": [c.as_dict() for c in self.citations],
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
