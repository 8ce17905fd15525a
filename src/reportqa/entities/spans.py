"""Offsets in a report: a span trimmed and cleaned, and the page, passage and sentence at an offset."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..types import Chunk, Document


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not (text[start].isalnum()):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)"):
        end -= 1
    return start, end


def _clean(surface: str) -> str:
    return " ".join(surface.split()).removesuffix("'s").removesuffix("’s")


def _page_at(document: Document, offset: int) -> int | None:
    for page in document.pages:
        if page.start <= offset <= page.end:
            return page.number
    return None


def _chunk_at(chunks: Sequence[Chunk], start: int, end: int) -> str | None:
    """The first passage (in reading order) holding start..end. Chunks are sorted by start and
    overlap by a sentence: bisect to the last chunk starting before ``start``, then step back
    over the earlier ones that hold it too -- a long report has thousands of mentions."""
    index = bisect.bisect_right(chunks, start, key=lambda c: c.start) - 1
    found = None
    while index >= 0 and chunks[index].end >= end:
        if chunks[index].start <= start:
            found = chunks[index].chunk_id
        index -= 1
    return found


def _sentence_at(sentences: Sequence[tuple[int, int, int | None]], offset: int) -> tuple[int, int] | None:
    for start, end, _ in sentences:
        if start <= offset < end:
            return start, end
    return None


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end == -1 else end


# A table's rows ("a | b | c"; a Word table's rows may stand apart by blank lines).
_ROW_BLOCK = re.compile(r"(?:^[^\n|]*\|[^\n]*\|[^\n]*(?:\n\s*(?=[^\n]*\|)|$))+", re.M)


def _line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _written_alone(text: str, name: str, joined: str = r"[\w’'-]") -> list[int]:
    """Where ``text`` writes ``name`` with no character of ``joined`` on either side: as words of
    their own. (A literal search, then the two neighbours checked: a pattern opening with a
    look-behind is scanned at every position of a long report, some thirty times slower.)"""
    neighbour = re.compile(joined)
    return [
        found.start()
        for found in re.finditer(re.escape(name), text)
        if not (found.start() and neighbour.match(text, found.start() - 1))
        and not (found.end() < len(text) and neighbour.match(text, found.end()))
    ]
