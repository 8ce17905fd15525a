"""A retriever that sees only the reports one reader may read (access.py decides which).

:class:`RestrictedRetriever` is a :class:`~reportqa.retrieve.Retriever` over the same open index
whose every way in is cut to the readable reports: a search's store scope (a hard filter: the
dense and BM25 rankings never hold another report's passage, so no top-k is filtered after the
fact), the documents, the passages, the report texts and names answers check, the vocabulary
look-up that decides "no report mentions X", and the who's who, built from the readable reports'
facts alone (a person named only in other reports does not exist in it; their roles, mentions
and events are not in it). The answerer and the questions across reports read nothing else, so
an answer, its citations, its nearest passages and its hints come from readable reports only.

What it keeps (the readable set, the who's who, the report names) is its own, per index
generation: the service keeps one per set of groups and rules, so nothing computed for one
reader is served to another.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from .corrections import Correction, apply, load_corrections, stamp
from .filters import Filters
from .retrieve import Retriever
from .stores import IndexReader, Scope, entity_progress
from .types import Chunk, DocumentRecord, EntityProgress, Hit, SearchMode
from .verify import plain
from .whoswho import Directory


class RestrictedRetriever(Retriever):
    """``base``'s index as a reader for whom ``readable(record)`` holds sees it."""

    def __init__(self, base: Retriever, readable: Callable[[DocumentRecord], bool]):
        super().__init__(base._store, base._snapshot, base._embedder, base.settings)
        self._base = base
        self._readable = readable
        self._question_vectors = base._question_vectors  # a question's vector is the same for everyone
        # (generation, readable doc ids, the same sorted: a search's scope -- None when every report is readable)
        self._allowed: tuple[str, frozenset[str], tuple[str, ...] | None] | None = None
        self._words: tuple[str, dict[str, bool]] = ("", {})  # (generation, word -> used by a readable report)
        self._lock = threading.Lock()

    def _live(self) -> IndexReader:
        return self._base._live()  # one snapshot for every reader: the base retriever follows new generations

    def allowed(self, snapshot: IndexReader | None = None) -> frozenset[str]:
        """The ids of the readable reports of ``snapshot`` (default: the generation in hand; each
        search moves to the newest); a copy counts as itself only: the report it duplicates must
        be readable on its own."""
        return self._allowed_of(snapshot or self._base._snapshot)[1]

    def _allowed_of(self, snapshot: IndexReader) -> tuple[str, frozenset[str], tuple[str, ...] | None]:
        cached = self._allowed
        if cached is None or cached[0] != snapshot.generation:
            documents = snapshot.documents()
            allowed = frozenset(d.doc_id for d in documents if self._readable(d))
            ordered = tuple(sorted(allowed)) if len(allowed) < len(documents) else None
            cached = self._allowed = (snapshot.generation, allowed, ordered)
        return cached

    # --- what the answerer and the faces read ---------------------------------------------------

    def documents(self) -> list[DocumentRecord]:
        snapshot = self._live()
        allowed = self.allowed(snapshot)
        return [d for d in snapshot.documents() if d.doc_id in allowed]

    def chunks(self, chunk_ids: Iterable[str]) -> dict[str, Chunk]:
        allowed = self.allowed()
        return {i: c for i, c in self._base.chunks(chunk_ids).items() if c.doc_id in allowed}

    def passages_of(self, doc_id: str) -> list[Chunk]:
        return self._base.passages_of(doc_id) if doc_id in self.allowed() else []

    def report_text(self, doc_id: str) -> str:
        return self._base.report_text(doc_id) if doc_id in self.allowed() else ""

    def report_names(self) -> str:
        snapshot = self._live()
        cached = self._names
        if cached is None or cached[0] != snapshot.generation:
            names = "\n".join(plain(f"{d.title} {d.source}") for d in self.documents())
            cached = self._names = (snapshot.generation, names)
        return cached[1]

    def corpus_has(self, text: str, typos: bool = False) -> bool:
        """Whether the readable reports use every word of ``text``: a word only other reports use
        is unknown here, so "no report mentions X" reads the same whether X is restricted or absent.
        (A misspelt word, found only with ``typos``, is judged on the whole index's vocabulary.)"""
        if not self._base.corpus_has(text, typos):
            return False
        snapshot = self._live()
        if self._allowed_of(snapshot)[2] is None:
            return True  # every report is readable
        if self._words[0] != snapshot.generation:
            self._words = (snapshot.generation, {})
        known = self._words[1]
        for word in text.split():
            readable = known.get(word)
            if readable is None:
                # Used by a readable report, or by no report at all (not indexed: a stop word, a
                # misspelling the whole index's check let through).
                readable = bool(len(snapshot.lexical_search(word, 1, self._scope(snapshot, None))[0])) or not len(
                    snapshot.lexical_search(word, 1, None)[0]
                )
                if len(known) > 50_000:
                    known.clear()
                known[word] = readable
            if not readable:
                return False  # an indexed word, in other reports only
        return True

    def search(self, query: str, k: int = 5, mode: SearchMode = "hybrid", filters: Filters | None = None) -> list[Hit]:
        if not self.allowed():
            return []
        return super().search(query, k=k, mode=mode, filters=filters)

    def matches_anything(self, filters: Filters | None) -> bool:
        return bool(self.allowed()) and super().matches_anything(filters)

    def _scope(self, snapshot: IndexReader, filters: Filters | None) -> Scope | None:
        """The filters' scope cut to the readable reports (the whole index only when every report
        of it is readable: then the search is the unrestricted one, at its cost)."""
        _, allowed, ordered = self._allowed_of(snapshot)
        scope = super()._scope(snapshot, filters)
        if ordered is None:
            return scope
        if scope is None:
            return Scope(ordered)
        if scope.doc_ids is None:
            return Scope(ordered, scope.date_from, scope.date_to)
        return Scope(tuple(d for d in scope.doc_ids if d in allowed), scope.date_from, scope.date_to)

    def _directory_of(self, snapshot: IndexReader) -> Directory:
        """The who's who of the readable reports only, corrected; per generation and corrections file."""
        path = self.settings.corrections_path()
        key = (snapshot.generation, stamp(path))
        with self._lock:
            cached = self._directory
            if cached is None or cached[0] != key:
                corrected, stale = apply(self.index_directory(), load_corrections(path))
                cached = (key, corrected, stale)
                self._directory = cached
        return cached[1]

    def entity_progress(self) -> EntityProgress | None:
        """How far the who's who of the readable reports is (their count only: the others' is not the reader's)."""
        snapshot = self._live()
        cached = self._progress
        if cached is None or cached[0] != snapshot.generation:
            cached = self._progress = (snapshot.generation, entity_progress(snapshot, self.allowed(snapshot)))
        return cached[1]

    def index_directory(self) -> Directory:
        """The who's who of the readable reports before corrections (a new correction is checked against it)."""
        snapshot = self._live()
        allowed = self.allowed(snapshot)
        documents = [d for d in snapshot.documents() if d.doc_id in allowed]
        return Directory.build(documents, {i: f for i, f in snapshot.facts().items() if i in allowed})

    def stale_corrections(self) -> list[Correction]:
        self.directory()
        return self._directory[2] if self._directory is not None else []
