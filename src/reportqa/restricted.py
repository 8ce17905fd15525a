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
from .stores import IndexReader, Scope
from .types import Chunk, DocumentRecord, Hit, SearchMode
from .verify import plain
from .whoswho import Directory


class RestrictedRetriever(Retriever):
    """``base``'s index as a reader for whom ``readable(record)`` holds sees it."""

    def __init__(self, base: Retriever, readable: Callable[[DocumentRecord], bool]):
        super().__init__(base._store, base._snapshot, base._embedder, base.settings)
        self._base = base
        self._readable = readable
        self._question_vectors = base._question_vectors  # a question's vector is the same for everyone
        self._allowed: tuple[str, frozenset[str]] | None = None  # (generation, readable doc ids)
        self._lock = threading.Lock()

    def _live(self) -> IndexReader:
        return self._base._live()  # one snapshot for every reader: the base retriever follows new generations

    def allowed(self, snapshot: IndexReader | None = None) -> frozenset[str]:
        """The ids of the readable reports of the live generation (a copy counts as itself only:
        the report it duplicates must be readable on its own)."""
        snapshot = snapshot or self._live()
        cached = self._allowed
        if cached is None or cached[0] != snapshot.generation:
            cached = (snapshot.generation, frozenset(d.doc_id for d in snapshot.documents() if self._readable(d)))
            self._allowed = cached
        return cached[1]

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
        scope = self._scope(snapshot, None)
        for word in text.split():
            if len(snapshot.lexical_search(word, 1, scope)[0]):
                continue
            if len(snapshot.lexical_search(word, 1, None)[0]):
                return False  # an indexed word, in other reports only
        return True

    def search(self, query: str, k: int = 5, mode: SearchMode = "hybrid", filters: Filters | None = None) -> list[Hit]:
        if not self.allowed():
            return []
        return super().search(query, k=k, mode=mode, filters=filters)

    def matches_anything(self, filters: Filters | None) -> bool:
        return bool(self.allowed()) and super().matches_anything(filters)

    def _scope(self, snapshot: IndexReader, filters: Filters | None) -> Scope:
        """The filters' scope cut to the readable reports (always a scope: never the whole index)."""
        allowed = self.allowed(snapshot)
        scope = super()._scope(snapshot, filters)
        if scope is None:
            return Scope(tuple(sorted(allowed)))
        chosen = scope.doc_ids if scope.doc_ids is not None else sorted(allowed)
        return Scope(tuple(d for d in chosen if d in allowed), scope.date_from, scope.date_to)

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

    def index_directory(self) -> Directory:
        """The who's who of the readable reports before corrections (a new correction is checked against it)."""
        snapshot = self._live()
        allowed = self.allowed(snapshot)
        documents = [d for d in snapshot.documents() if d.doc_id in allowed]
        return Directory.build(documents, {i: f for i, f in snapshot.facts().items() if i in allowed})

    def stale_corrections(self) -> list[Correction]:
        self.directory()
        return self._directory[2] if self._directory is not None else []
