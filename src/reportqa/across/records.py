"""The reports' sentences, read per report and kept per index generation, the reports the
filters let through, and the rendering of rows into an answer with its citations."""

from __future__ import annotations

import fnmatch
import re
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..answer_records import quoted_citations
from ..chunk import split_sentences
from ..types import Answer, Chunk, Row

if TYPE_CHECKING:
    from ..filters import Filters
    from ..retrieve import Retriever
    from ..whoswho import Directory


NOT_FOUND = "The reports don't answer this question."


# --- the reports' sentences, per report, kept per index generation ----------------------------


@dataclass(frozen=True)
class _Sentence:
    doc_id: str
    start: int  # offsets in the report's text
    end: int
    text: str
    chunk: Chunk

    @property
    def heading(self) -> bool:
        text = self.text.strip()
        return text.startswith("#") or (
            len(text) < 70
            and not re.search(r"[.!?:;。]\s*$", text)
            and not re.search(r"\d", text[-12:])
            and len(text.split()) <= 9
        )


class _Reading:
    """What is read from one index generation's reports at query time: their sentences, the
    places they say contain others, and the home institution."""

    def __init__(self, retriever: Retriever, directory: Directory):
        self.retriever = retriever
        self.directory = directory
        self.records = {d.doc_id: d for d in retriever.documents() if not d.same_as}
        self._sentences: dict[str, list[_Sentence]] = {}
        self._lock = threading.Lock()
        self._home: str | bool | None = False

    def sentences(self, doc_id: str) -> list[_Sentence]:
        with self._lock:
            kept = self._sentences.get(doc_id)
        if kept is not None:
            return kept
        found: dict[tuple[int, int], _Sentence] = {}
        for chunk in self.retriever.passages_of(doc_id):
            soft = chunk.source.lower().endswith(".pdf")
            for span in split_sentences(chunk.text, 0, len(chunk.text), soft_newlines=soft):
                key = (chunk.start + span.start, chunk.start + span.end)
                if key not in found:
                    found[key] = _Sentence(doc_id, key[0], key[1], chunk.text[span.start : span.end], chunk)
        sentences = [found[k] for k in sorted(found)]
        with self._lock:
            self._sentences[doc_id] = sentences
        return sentences

    def sentence_at(self, doc_id: str, start: int, end: int) -> _Sentence | None:
        """The sentence holding report offsets start..end (a field's evidence), or a passage slice."""
        for sentence in self.sentences(doc_id):
            if sentence.start <= start < sentence.end or (start <= sentence.start < end):
                return sentence
        return None

    @property
    def home(self) -> str | None:
        """The institution whose archive this is: the body most often among the hosts of visits."""
        if self._home is False:
            counts: Counter[str] = Counter()
            for item in self.directory.events:
                for person in item.event.hosts:
                    if person.organisation:
                        counts[person.organisation] += 1
                    elif person.kind == "org":
                        counts[person.name] += 1
            top = counts.most_common(1)
            self._home = top[0][0] if top and top[0][1] >= 3 else None
        return self._home if isinstance(self._home, str) else None


_READINGS: weakref.WeakKeyDictionary[Directory, _Reading] = weakref.WeakKeyDictionary()
_READINGS_LOCK = threading.Lock()


def _reading(retriever: Retriever) -> _Reading:
    directory = retriever.directory()  # one object per index generation
    with _READINGS_LOCK:
        reading = _READINGS.get(directory)
        if reading is None or reading.retriever is not retriever:
            reading = _READINGS[directory] = _Reading(retriever, directory)
        return reading


@dataclass
class _Item:
    """A row before it is numbered: the sentence that cites it."""

    date: str | None
    kind: str
    doc_id: str
    sentence: _Sentence
    who: str = ""
    value: str = ""
    quote_end: int | None = None  # a quote running on into the next sentence
    quote_start: int | None = None
    sort: float | None = None
    extra: dict = field(default_factory=dict)


def _allowed(reading: _Reading, filters: Filters | None) -> set[str]:
    """Ids of the reports the filters let through (all reports without filters)."""
    docs = dict(reading.records)
    if filters is None or not filters.active:
        return set(docs)
    kept = set()
    mentioning = reading.directory.doc_ids_for(filters.entities) if filters.entities else None
    for doc_id, record in docs.items():
        if filters.documents and not any(doc_id == p or fnmatch.fnmatch(record.source, p) for p in filters.documents):
            continue
        if filters.date_from and not (record.date and record.date >= filters.date_from):
            continue
        if filters.date_to and not (record.date and record.date <= filters.date_to):
            continue
        if mentioning is not None and doc_id not in mentioning:
            continue
        kept.add(doc_id)
    return kept


# --- rendering -----------------------------------------------------------------------------------


def _render(
    question: str,
    summary: str,
    items: Sequence[_Item],
    reading: _Reading,
    aggregates: Sequence[_Item] = (),
    notes: tuple[str, ...] = (),
) -> Answer:
    """Summary line first, then one line per item with its [n]; the reports' own counts after."""
    numbers: dict[str, int] = {}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    chunks: dict[str, Chunk] = {}

    def cite(item: _Item) -> int:
        chunk = item.sentence.chunk
        start = (item.quote_start if item.quote_start is not None else item.sentence.start) - chunk.start
        end = (item.quote_end if item.quote_end is not None else item.sentence.end) - chunk.start
        n = numbers.setdefault(chunk.chunk_id, len(numbers) + 1)
        chunks[chunk.chunk_id] = chunk
        if (start, end) not in spans[chunk.chunk_id]:
            spans[chunk.chunk_id].append((max(0, start), min(len(chunk.text), end)))
        return n

    rows = []
    lines = []
    marker: dict[int, int] = {}
    for item in items:
        n = cite(item)
        marker[id(item)] = n
        record = reading.records[item.doc_id]
        chunk = item.sentence.chunk
        start = (item.quote_start if item.quote_start is not None else item.sentence.start) - chunk.start
        end = (item.quote_end if item.quote_end is not None else item.sentence.end) - chunk.start
        quote = _one_line(chunk.text[max(0, start) : end])
        value = item.value if item.kind in ("figure", "role") else quote
        rows.append(Row(item.date, item.kind, record.title, record.source, chunk.page, item.who, value, n))
        parts = [item.date or "undated", item.kind, record.title]
        if item.who:
            parts.append(item.who)
        if item.kind in ("figure", "role"):
            parts.append(item.value)
        lines.append(f"- {' · '.join(parts)} — {quote} [{n}]")
    summary = re.sub(r"\[\{(\d+)\}\]", lambda m: f"[{marker.get(int(m.group(1)), 0)}]", summary)
    listed = {(i.doc_id, i.sentence.start) for i in items}
    own = [a for a in aggregates if (a.doc_id, a.sentence.start) not in listed]
    if own:
        # A report's own count (every delegation the institution received, not only those with a
        # report of their own) is shown beside the count of the rows, and said to be the report's.
        told = []
        for item in own:
            n = cite(item)
            record = reading.records[item.doc_id]
            told.append(f"{item.value} ({record.title}) [{n}]")
            rows.append(
                Row(item.date, "aggregate", record.title, record.source, item.sentence.chunk.page, "", item.value, n)
            )
            lines.append(f"- {item.date or 'undated'} · the report's own count · {record.title} — "
                         f"{_one_line(item.sentence.text)} [{n}]")  # fmt: skip
        summary = summary.rstrip(".") + f"; the reports' own count{'s' if len(own) > 1 else ''}: {'; '.join(told)}."
    text = summary + "\n" + "\n".join(lines)
    citations = quoted_citations(numbers, chunks, spans)
    return Answer(question, text, abstained=False, citations=citations, support=1.0, notes=notes, rows=tuple(rows))


def _declined(question: str, note: str) -> Answer:
    return Answer(question, f"{NOT_FOUND} {note}", abstained=True)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
