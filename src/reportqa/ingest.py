"""The ingest pipeline: scan -> plan -> (load -> chunk -> embed -> store), touching only what changed.

Ingest runs in two phases, so that reports can be asked about as soon as possible:

- **answerable first** (steps 1-3 below): each report is read, chunked, embedded and committed,
  searchable and answerable, without its entities;
- **then the entities** (:func:`complete_entities`): the entity stage (:mod:`reportqa.entities`:
  people, roles, organisations, places, events) analyses every report the index lists without
  facts and commits their facts in batches (a facts-only commit: nothing is embedded again).
  ``reportqa ingest`` and the watcher run it next in the same process; the service runs it on
  a thread after an upload. The store knows which reports have facts, so a crash between the
  phases leaves a consistent index whose who's who says "updating: N of M reports", and the
  next ingest finishes the entities. When the stage's pipeline or rules change, the stored
  reports lose their facts in the first phase's commit and are analysed again in the second.

1. **Scan** (:func:`scan`): every file under the given paths is stat-ed; a file whose size and
   modification time match the index is not read, any other is read and hashed.
2. **Plan** (:func:`plan_ingest`, pure): from the scan and the stored records, which files are
   new or changed and must be loaded, which are byte-for-byte copies of another document
   (stored once), which documents are gone, which files are skipped and why.
3. **Execute** (:func:`ingest`): the planned files are loaded, chunked and embedded one after
   another and committed in batches of about ``Settings.ingest_batch_chunks`` chunks, each batch
   a complete index generation: after a crash or a kill, the next ingest finds the finished
   batches unchanged and redoes at most the batch that was in flight.

The :class:`IngestSummary` is built from the plan and from what executing it found (a planned
file can still turn out unreadable). When nothing changed, the model is never loaded.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ._util import progress, utc_now
from .chunk import ModelTokenizer, chunk_document
from .config import Settings
from .lexical import BM25_PARAMS
from .load import CorpusFile, LoadError, doc_id_for, iter_corpus_files, load_document
from .ocr import PageReader, reading_notes
from .stores import (
    DocumentContent,
    IndexBackend,
    IndexChange,
    IndexCorruptError,
    IndexMismatchError,
    IndexReader,
    Manifest,
    crash_point,
    open_backend,
    pending_facts,
)
from .types import Chunk, Document, DocumentFacts, DocumentRecord, ocr_record

if TYPE_CHECKING:
    from .embed import Embedder, ModelIdentity
    from .entities import EntityExtractor


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


@dataclass(frozen=True)
class Duplicate:
    source: str
    same_as: str  # source of the document whose chunks it shares


@dataclass
class IngestSummary:
    """What an ingest did; ``as_dict`` is the stable ``reportqa ingest --json`` shape."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    chunks_embedded: int = 0
    documents: int = 0
    chunks: int = 0
    batches: int = 0  # generations committed by this run's first phase
    entity_batches: int = 0  # facts-only generations committed by its second phase
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # When every report of the run was committed searchable and answerable (the first phase).
    answerable_seconds: float = 0.0
    entities_analysed: int = 0  # reports whose facts the second phase committed
    entities_pending: int = 0  # reports still without facts when the run returned

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def headline(self) -> str:
        return (
            f"Added {len(self.added)}, updated {len(self.updated)}, removed {len(self.removed)}, "
            f"unchanged {len(self.unchanged)}, skipped {len(self.skipped)}."
        )

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        data["answerable_seconds"] = round(self.answerable_seconds, 3)
        return data


@dataclass(frozen=True)
class Shard:
    """One worker's share of the corpus (``reportqa ingest --shard i/N``): the files whose
    location hashes to ``index`` modulo ``count``. Stable across runs and machines that see the
    corpus at the same path, so N workers fill one index without a scheduler; each removes the
    reports of its own share whose files are gone, so every removal is done once."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"i/N"`` with 0 <= i < N."""
        try:
            index, count = (int(part) for part in text.split("/"))
        except ValueError:
            raise ValueError(f"a shard is i/N, e.g. 0/4, not {text!r}") from None
        if not 0 <= index < count:
            raise ValueError(f"shard {text}: i must be at least 0 and below N")
        return cls(index, count)

    def owns(self, location: str) -> bool:
        import hashlib

        digest = hashlib.sha1(location.encode()).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index

    def __str__(self) -> str:
        return f"shard {self.index}/{self.count}"


def _writer(shard: Shard | None) -> str:
    """Who commits, as a store without transactions tells its writers apart."""
    return str(shard) if shard else "ingest"


# --- 1. scan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScannedFile:
    """A corpus file as the scan found it."""

    file: CorpusFile
    location: str  # root/source: a document's identity, whichever folder it was ingested through
    size: int = 0
    mtime_ns: int = 0
    sha256: str | None = None  # None when size and mtime match the stored record (not read)
    problem: str | None = None  # why it cannot be ingested (unreadable, too large)
    in_scope: bool = True  # False for a stored copy outside the scanned paths, looked at for its holder


def scan(
    files: Sequence[CorpusFile], stored: Mapping[str, DocumentRecord], settings: Settings, in_scope: bool = True
) -> Iterator[ScannedFile]:
    """Stat every file; read and hash only those whose size or mtime differ from the stored record."""
    for file in progress(files, "Scanning", settings.show_progress and in_scope, total=len(files)):
        yield _scan_one(file, stored.get(location_of(file)), settings, in_scope)


def _scan_one(file: CorpusFile, record: DocumentRecord | None, settings: Settings, in_scope: bool) -> ScannedFile:
    location = location_of(file)
    try:
        stat = file.path.stat()
        found = ScannedFile(file, location, stat.st_size, stat.st_mtime_ns, in_scope=in_scope)
        if record and record.size == stat.st_size and record.mtime_ns == stat.st_mtime_ns:
            return found
        limit = settings.size_limit_bytes(file.path.suffix)
        if stat.st_size > limit:
            # Checked before reading, so a huge file never enters memory.
            reason = (
                f"file of {stat.st_size / 1e6:.1f} MB is over the {limit / 1e6:g} MB limit for its type "
                "(REPORTQA_MAX_TEXT_MB / REPORTQA_MAX_FILE_MB)"
            )
            return replace(found, problem=reason)
        import hashlib

        return replace(found, sha256=hashlib.sha256(file.path.read_bytes()).hexdigest())
    except OSError as exc:
        return ScannedFile(file, location, problem=f"cannot read file: {exc.strerror or exc}", in_scope=in_scope)


def location_of(file: CorpusFile | DocumentRecord) -> str:
    return str(Path(file.root) / file.source)


# --- 2. plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedFile:
    """A file whose content is new to the index."""

    scanned: ScannedFile
    sha256: str
    replaces: DocumentRecord | None  # the stored record of the same file, if any
    copy_of: str | None = None  # location of a document with the same bytes: stored once

    @property
    def source(self) -> str:
        return self.scanned.file.source


@dataclass(frozen=True)
class IngestPlan:
    loads: tuple[PlannedFile, ...] = ()  # to read, chunk and embed, in scan order
    copies: tuple[PlannedFile, ...] = ()  # same bytes as a loaded or stored document
    removals: tuple[DocumentRecord, ...] = ()  # gone from a scanned folder, or now unreadable
    unchanged: tuple[str, ...] = ()  # sources
    skipped: tuple[Skipped, ...] = ()

    @property
    def changes_index(self) -> bool:
        return bool(self.loads or self.copies or self.removals)


def plan_ingest(
    scanned: Sequence[ScannedFile], stored: Mapping[str, DocumentRecord], scanned_roots: Sequence[str]
) -> IngestPlan:
    """Decide what ingest must do, from the scan and the records of the live index (by location).

    Pure: reads no file and writes nothing, so every rule is visible here:
    - a stored document whose file is gone from a scanned folder is removed;
    - a file that cannot be read or is too large is skipped, and its stored document removed;
    - a file whose bytes hash as stored is unchanged (even if touched);
    - new content is loaded, unless a document that stays (or one loaded earlier in this
      run) has the same bytes: then it is stored as a copy of that document;
    - a stored copy whose document is removed or changed is loaded again in its own right.
    """
    by_location = {s.location: s for s in scanned}
    removals = [
        record
        for location, record in stored.items()
        if location not in by_location and any(Path(location).is_relative_to(root) for root in scanned_roots)
    ]
    skipped: list[Skipped] = []
    unchanged: list[str] = []
    new_content: list[PlannedFile] = []
    for item in scanned:
        record = stored.get(item.location)
        if not item.in_scope:
            continue
        if item.problem is not None:
            skipped.append(Skipped(item.file.source, item.problem))
            if record:  # its old text no longer stands for the file
                removals.append(record)
        elif item.sha256 is None or (record is not None and record.sha256 == item.sha256):
            unchanged.append(item.file.source)
        else:
            new_content.append(PlannedFile(item, item.sha256, record))

    going = {location_of(r) for r in removals} | {p.scanned.location for p in new_content}
    location_by_id = {r.doc_id: location for location, r in stored.items()}
    for location, record in stored.items():
        holder = location_by_id.get(record.same_as) if record.same_as else None
        orphaned = record.same_as is not None and (holder is None or holder in going)
        if not orphaned or location in going:
            continue
        found = by_location.get(location)
        if found is None:  # outside the scan and its file was not found: nothing left to hold
            removals.append(record)
            continue
        if found.in_scope:
            unchanged.remove(found.file.source)
        new_content.append(PlannedFile(found, found.sha256 or record.sha256, record))

    # Content hash -> the location that will hold its chunks after this run.
    holders = {r.sha256: location for location, r in stored.items() if r.same_as is None and location not in going}
    loads: list[PlannedFile] = []
    copies: list[PlannedFile] = []
    for planned in new_content:
        holder = holders.get(planned.sha256)
        if holder is not None:
            copies.append(replace(planned, copy_of=holder))
        else:
            holders[planned.sha256] = planned.scanned.location
            loads.append(planned)
    return IngestPlan(tuple(loads), tuple(copies), tuple(removals), tuple(unchanged), tuple(skipped))


# --- 3. execute ----------------------------------------------------------------------------


def ingest(
    paths: Sequence[Path],
    settings: Settings,
    embedder: Embedder | None = None,
    extractor: EntityExtractor | list[EntityExtractor] | None = None,
    shard: Shard | None = None,
    forget: Collection[str] = (),
) -> IngestSummary:
    """Bring the index (``settings.index_dir``, or ``settings.store``) in line with the files under ``paths``.

    ``embedder`` and ``extractor`` let a long-running process (the UI, tests) reuse a loaded
    model and entity pipeline (or pipelines: see :meth:`EntityBacklog.complete`); otherwise each
    is loaded only if something needs it. The reports are committed answerable first, then
    their entities (the two phases: see the module's docstring). With a
    ``shard``, only that share of the files and of the stored reports is looked at.
    ``forget`` names reports (by location, root/source) to remove as if their files were gone,
    whether or not they are (``DELETE /api/documents/ID``); the copies they held are loaded anew.
    """
    summary, backlog = ingest_answerable(paths, settings, embedder, shard, forget)
    backlog.complete(extractor, summary=summary)
    return summary


def ingest_answerable(
    paths: Sequence[Path],
    settings: Settings,
    embedder: Embedder | None = None,
    shard: Shard | None = None,
    forget: Collection[str] = (),
) -> tuple[IngestSummary, EntityBacklog]:
    """The first phase of :func:`ingest`: every report committed searchable and answerable,
    without entities; the returned backlog runs the second phase (now, or on a thread)."""
    store = open_backend(settings)
    try:
        return _ingest_into(store, paths, settings, embedder, shard, frozenset(forget))
    finally:
        store.close()


def _ingest_into(
    store: IndexBackend,
    paths: Sequence[Path],
    settings: Settings,
    embedder: Embedder | None,
    shard: Shard | None,
    forget: frozenset[str] = frozenset(),
) -> tuple[IngestSummary, EntityBacklog]:
    started = time.perf_counter()
    summary = IngestSummary()
    files, scanned_roots = iter_corpus_files(list(paths))
    if shard is not None:
        files = [f for f in files if shard.owns(location_of(f))]
    # A forgotten report is planned like a file gone from a scanned folder: its location is
    # a root that holds no file.
    files = [f for f in files if location_of(f) not in forget]
    scanned_roots += sorted(forget)
    identity = embedder.identity if embedder is not None else _identity_for(store, settings)
    chunking = settings.chunking.as_dict()
    from .entities import EntityExtractor

    entity_settings = EntityExtractor.settings_record() if settings.entities else None

    with store.lock(_writer(shard)):
        previous = _open_previous(store, identity, chunking, summary)
        try:
            index = _IndexInProgress.of(previous, shard)
            facts_outdated = previous is not None and previous.manifest.entities != entity_settings
            stored = dict(index.records)
            scanned = list(scan(files, stored, settings))
            seen = {s.location for s in scanned}
            # Stored copies outside the scanned paths: their file is looked at in case their holder goes.
            others = [
                CorpusFile(Path(r.root) / r.source, r.root, r.source)
                for location, r in stored.items()
                if r.same_as
                and location not in seen
                and not any(Path(location).is_relative_to(x) for x in scanned_roots)
            ]
            scanned += [s for s in scan(others, stored, settings, in_scope=False) if s.problem is None]
            plan = plan_ingest(scanned, stored, scanned_roots)

            run = _Run(store, identity, chunking, settings, embedder, index, summary, entity_settings)
            if facts_outdated and previous is not None:
                run.drop_outdated_facts(plan)
        finally:
            if previous:
                previous.close()
        run.execute(plan, rebuild_lexical=_lexical_outdated(store) or facts_outdated)
        summary.documents = len(index.records)
        summary.chunks = index.chunk_count
    summary.seconds = summary.answerable_seconds = time.perf_counter() - started
    crash_point("before-entities")
    return summary, EntityBacklog(settings, shard, run.kept, started)


@dataclass
class _IndexInProgress:
    """The index as the next commit will leave it: every report's record, by location, and
    what changed since the live index (what the next commit writes)."""

    records: dict[str, DocumentRecord] = field(default_factory=dict)
    dimension: int | None = None
    fresh: bool = True  # the live index is not kept: everything is written anew
    put: dict[str, DocumentContent] = field(default_factory=dict)  # by doc id
    removed: set[str] = field(default_factory=set)  # doc ids
    facts: dict[str, str | None] = field(default_factory=dict)  # new facts of stored reports, by doc id
    writer: str = "ingest"  # as the store tells writers apart (ingest --shard i/N: "shard i/N")

    @classmethod
    def of(cls, live: IndexReader | None, shard: Shard | None = None) -> _IndexInProgress:
        """The live index's records (of ``shard``'s share only: the others are not this run's)."""
        writer = _writer(shard)
        if live is None:
            return cls(writer=writer)
        records = {location_of(r): r for r in live.documents()}
        if shard is not None:
            records = {location: r for location, r in records.items() if shard.owns(location)}
        return cls(records, live.manifest.dimension, fresh=False, writer=writer)

    @property
    def chunk_count(self) -> int:
        return sum(r.chunks for r in self.records.values())

    def add(self, location: str, content: DocumentContent) -> None:
        self.records[location] = content.record
        self.put[content.record.doc_id] = content
        self.removed.discard(content.record.doc_id)

    def remove(self, location: str) -> None:
        record = self.records.pop(location, None)
        if record is not None:
            self.put.pop(record.doc_id, None)
            self.removed.add(record.doc_id)

    def change(self, model: ModelIdentity, chunking: dict, entities: dict | None) -> IndexChange:
        return IndexChange(
            model=model,
            chunking=chunking,
            put=list(self.put.values()),
            removed=frozenset(self.removed),
            facts=dict(self.facts),
            entities=entities,
            fresh=self.fresh,
            writer=self.writer,
        )

    def committed(self) -> None:
        """The changes are in the live index now."""
        self.put, self.removed, self.facts, self.fresh = {}, set(), {}, False


@dataclass
class _Loaded:
    """A planned file, read and chunked, waiting to be embedded."""

    planned: PlannedFile
    record: DocumentRecord
    chunks: list[Chunk]
    document: Document | None = None  # None for a copy


class _Run:
    """Executes an :class:`IngestPlan` against the index, batch by batch."""

    def __init__(
        self,
        store: IndexBackend,
        identity: ModelIdentity,
        chunking: dict,
        settings: Settings,
        embedder: Embedder | None,
        index: _IndexInProgress,
        summary: IngestSummary,
        entity_settings: dict | None,
    ):
        self.store = store
        self.identity = identity
        self.chunking = chunking
        self.settings = settings
        self.embedder = embedder
        self.index = index
        self.summary = summary
        self.entity_settings = entity_settings
        self._tokenizer: ModelTokenizer | None = None
        self._ocr = PageReader.of(settings)  # reads scanned PDF pages (cached by file hash)
        # The reports this run committed, read and chunked, for the second phase (up to a
        # bound: beyond it they are read again from their files).
        self.kept = _KeptDocuments()

    def execute(self, plan: IngestPlan, rebuild_lexical: bool) -> None:
        summary = self.summary
        summary.unchanged += plan.unchanged
        summary.skipped += plan.skipped
        for record in plan.removals:
            self.index.remove(location_of(record))
            summary.removed.append(record.source)

        failed: set[str] = set()  # locations of planned loads that could not be read
        loaded_records: dict[str, DocumentRecord] = {}  # location -> record, of this run's loads
        batch: list[_Loaded] = []
        stored_chunks = self.index.chunk_count
        for planned in progress(plan.loads, "Ingesting", self.settings.show_progress, total=len(plan.loads)):
            loaded = self._load(planned)
            if loaded is None:
                failed.add(planned.scanned.location)
                continue
            loaded_records[planned.scanned.location] = loaded.record
            batch.append(loaded)
            # Every commit rewrites the whole index, so once the index is large a batch grows with
            # it (a tenth of its size): the total time spent committing stays proportional to the
            # corpus instead of growing with its square, and a crash still loses one batch.
            if sum(len(b.chunks) for b in batch) >= max(self.settings.ingest_batch_chunks, stored_chunks // 10):
                self._commit(batch)
                stored_chunks = self.index.chunk_count
                batch = []
        # Copies join the last batch, after every document they may point at.
        for planned in plan.copies:
            assert planned.copy_of is not None
            if planned.copy_of in failed:  # load it in its own right (the same bytes likely fail the same way)
                if (loaded := self._load(planned)) is not None:
                    batch.append(loaded)
                continue
            holder = loaded_records.get(planned.copy_of) or self.index.records[planned.copy_of]
            batch.append(self._copy(planned, holder))
        if batch or (summary.batches == 0 and (summary.removed or rebuild_lexical)):
            self._commit(batch)

    def drop_outdated_facts(self, plan: IngestPlan) -> None:
        """The entity stage's pipeline or rules changed: every stored report this run does not
        load anyway loses its facts in the first commit (its chunks and vectors stay) and is
        analysed again in the second phase. With the stage off, the commit drops every report's
        facts by itself."""
        if self.entity_settings is None:
            return
        loading = {p.scanned.location for p in plan.loads} | {location_of(r) for r in plan.removals}
        stale = [r for location, r in self.index.records.items() if location not in loading and r.same_as is None]
        self.summary.notes.append(
            f"extracting entities again from {len(stale)} stored report(s): the entity stage changed"
        )
        for record in stale:
            self.index.facts[record.doc_id] = None

    def _load(self, planned: PlannedFile) -> _Loaded | None:
        """Read and chunk a planned file; None (and a skip, and a removal) when it cannot be read."""
        file = planned.scanned.file
        try:
            document = load_document(file.path, source=file.source, root=file.root, ocr=self._ocr)
        except LoadError as exc:
            self.summary.skipped.append(Skipped(file.source, str(exc)))
            if planned.replaces is not None:
                self.index.remove(planned.scanned.location)
                self.summary.removed.append(file.source)
            return None
        (self.summary.updated if planned.replaces else self.summary.added).append(file.source)
        self.summary.notes += [f"{file.source}: {note}" for note in reading_notes(document)]
        chunks = chunk_document(document, self._chunker(), self.settings.chunking)
        return _Loaded(planned, _record(planned.scanned, document, len(chunks)), chunks, document)

    def _copy(self, planned: PlannedFile, holder: DocumentRecord) -> _Loaded:
        (self.summary.updated if planned.replaces else self.summary.added).append(planned.source)
        self.summary.duplicates.append(Duplicate(planned.source, holder.source))
        return _Loaded(planned, _copy_record(planned.scanned, holder), [])

    def _commit(self, batch: list[_Loaded]) -> None:
        """Embed the batch and commit it, with the removals and new facts gathered since the last commit."""
        texts = [t for loaded in batch for c in loaded.chunks for t in c.window_texts()]
        if texts:
            vectors = self._embedder(len(texts)).encode(texts, description="Embedding")
            self.summary.chunks_embedded += sum(len(loaded.chunks) for loaded in batch)
        if self.index.dimension is None:  # nothing at all stored yet: ask the model its width
            self.index.dimension = self._embedder().dimension
        position = 0
        for loaded in batch:
            count = sum(len(c.window_texts()) for c in loaded.chunks)
            stored = vectors[position : position + count] if count else np.zeros((0, self.index.dimension), np.float32)
            # Committed without facts: the second phase adds them.
            self.index.add(loaded.planned.scanned.location, DocumentContent(loaded.record, loaded.chunks, stored))
            if loaded.document is not None and self.entity_settings is not None:
                self.kept.keep(loaded.document, loaded.chunks)
            position += count
        self.store.commit(self.index.change(self.identity, self.chunking, self.entity_settings))
        self.index.committed()
        self.summary.batches += 1

    def _embedder(self, texts: int | None = None) -> Embedder:
        """The embedder, loaded on first use; ``texts`` (how many the first batch embeds) lets
        a small job skip torch's start-up where another backend makes the same vectors."""
        if self.embedder is None:
            from .embed import ModelFiles, choose_backend, load_embedder, prepare_model

            files = ModelFiles.of(self.settings)
            chosen = prepare_model(files, choose_backend(files, self.identity.family, texts=texts))
            if chosen.family == self.identity.family:
                self.identity = chosen
            self.embedder = load_embedder(self.settings, self.identity)
        self.index.dimension = self.embedder.dimension
        return self.embedder

    def _chunker(self) -> ModelTokenizer:
        if self._tokenizer is None:
            self._tokenizer = ModelTokenizer(self.settings.resolved_model_dir())
        return self._tokenizer


# --- the second phase: entities ------------------------------------------------------------

# The reports a run keeps in memory for the second phase, by characters of text (about 200 MB
# of Python strings); the others are read again from their files.
_KEPT_CHARS = 50_000_000


@dataclass
class _KeptDocuments:
    """Reports the first phase read and chunked, by doc id, so the second does not read them again."""

    documents: dict[str, tuple[Document, list[Chunk]]] = field(default_factory=dict)
    chars: int = 0

    def keep(self, document: Document, chunks: list[Chunk]) -> None:
        if self.chars + len(document.text) <= _KEPT_CHARS:
            self.documents[document.doc_id] = (document, chunks)
            self.chars += len(document.text)

    def pop(self, record: DocumentRecord) -> tuple[Document, list[Chunk]] | None:
        """The kept report of ``record``, if it is the same content (a later ingest may have changed it)."""
        kept = self.documents.pop(record.doc_id, None)
        return kept if kept is not None and kept[0].sha256 == record.sha256 else None


@dataclass
class EntityBacklog:
    """The second phase of an ingest: the entities of every report the index lists without them."""

    settings: Settings
    shard: Shard | None = None
    kept: _KeptDocuments = field(default_factory=_KeptDocuments)
    started: float = field(default_factory=time.perf_counter)  # when the ingest began

    def complete(
        self,
        extractor: EntityExtractor | list[EntityExtractor] | None = None,
        summary: IngestSummary | None = None,
        guard: Callable[[], AbstractContextManager[object]] = nullcontext,
        workers: int | None = None,
    ) -> int:
        """Analyse and commit, batch by batch, until no report of the index (of the shard) lacks
        its facts; the number analysed. Each batch holds ``guard()`` (a server's lock, so that
        an upload waits one batch at most) and the store's writer lock, and reads the live index
        anew: a report changed or removed meanwhile is never given stale facts.

        ``workers`` (default: one per core, at most 4) share out the batch's reports: processes
        forked from this one with its pipeline (:mod:`reportqa.entities.processes`) where the
        index is in a folder and the system forks safely (Linux), else threads with a spaCy
        pipeline each -- only the recogniser's matrix products (numpy's) run outside the GIL
        (:mod:`reportqa.entities.recogniser`). Pipelines missing from ``extractor`` (a list
        is extended, for the caller to keep) are loaded on first need."""
        if not self.settings.entities:
            return 0
        workers = workers or min(4, os.cpu_count() or 1)
        from .entities.processes import can_fork

        # Not with Milvus: a fork copies gRPC's client, whose threads the child would not have.
        fork = workers > 1 and self.settings.store is None and can_fork()
        pool = extractor if isinstance(extractor, list) else [extractor] if extractor is not None else []
        summary = summary if summary is not None else IngestSummary()
        store = open_backend(self.settings)
        analysed = 0
        given_up: set[str] = set()  # doc ids whose file no longer holds the indexed text
        bar = None
        try:
            while True:
                with guard(), store.lock(_writer(self.shard)):
                    batch, left, live_settings, reader = self._next_batch(store, given_up)
                    if not batch or reader is None:
                        if reader is not None:
                            reader.close()
                        break
                    if bar is None and self.settings.show_progress and left > 1:
                        from tqdm import tqdm

                        bar = tqdm(desc="Entities", unit="file", total=left)
                    try:
                        facts = self._analyse(batch, reader, _Pipelines(pool, workers, fork), summary, given_up)
                        model = reader.manifest
                    finally:
                        reader.close()
                    if facts:
                        store.commit(
                            IndexChange(
                                model=_identity_of(model),
                                chunking=model.chunking,
                                put=[],
                                facts=facts,
                                entities=live_settings,
                                writer=_writer(self.shard),
                            )
                        )
                        summary.entity_batches += 1
                    analysed += len(facts)
                    if bar is not None:
                        bar.update(len(batch))
        finally:
            if bar is not None:
                bar.close()
            store.close()
        summary.entities_analysed += analysed
        summary.entities_pending = len(given_up)
        summary.seconds = time.perf_counter() - self.started
        return analysed

    def _next_batch(
        self, store: IndexBackend, given_up: set[str]
    ) -> tuple[list[DocumentRecord], int, dict | None, IndexReader | None]:
        """The next reports to analyse (about ``ingest_batch_chunks`` chunks), how many are
        left in all, the entity settings of the live index and the open reader."""
        manifest = store.read_manifest()
        if manifest is None or manifest.entities is None:
            return [], 0, None, None
        reader = store.open()
        pending = [
            r
            for r in pending_facts(reader)
            if r.doc_id not in given_up and (self.shard is None or self.shard.owns(location_of(r)))
        ]
        batch: list[DocumentRecord] = []
        chunks = 0
        for record in pending:
            if batch and chunks + record.chunks > self.settings.ingest_batch_chunks:
                break
            batch.append(record)
            chunks += record.chunks
        return batch, len(pending), manifest.entities, reader

    def _analyse(
        self,
        batch: list[DocumentRecord],
        reader: IndexReader,
        pipelines: _Pipelines,
        summary: IngestSummary,
        given_up: set[str],
    ) -> dict[str, str | None]:
        ocr = PageReader.of(self.settings)
        copies: dict[str, list[DocumentRecord]] = {}
        for other in reader.documents():
            if other.same_as:
                copies.setdefault(other.same_as, []).append(other)
        inputs: list[tuple[DocumentRecord, tuple[Document, list[Chunk]]]] = []
        for record in batch:
            kept = self.kept.pop(record)
            if kept is None:  # read again, and only if its file still holds what the index does
                document = _read_again(record, copies.get(record.doc_id, []), ocr, summary)
                if document is None or document.sha256 != record.sha256:
                    given_up.add(record.doc_id)  # the next ingest reads it again (or removes it)
                    continue
                kept = (document, reader.chunks_of([record.doc_id]))
            inputs.append((record, kept))
        facts: dict[str, str | None] = {}
        for (record, _), found in zip(inputs, pipelines.extract([kept for _, kept in inputs]), strict=True):
            if found.skipped:
                summary.notes.append(f"no entities for {record.source}: {found.skipped}")
            facts[record.doc_id] = found.to_json()
        return facts


def _read_again(
    record: DocumentRecord, copies: Sequence[DocumentRecord], ocr: PageReader | None, summary: IngestSummary
) -> Document | None:
    """The report of ``record`` read from its file or, when that is gone (its folder moved or
    deleted, and the same files ingested from elsewhere), from a copy of it: the same bytes."""
    problem: LoadError | None = None
    for holder in (record, *copies):
        try:
            document = load_document(Path(holder.root) / holder.source, source=record.source, root=record.root, ocr=ocr)
        except LoadError as exc:
            problem = problem or exc
            continue
        if document.sha256 == record.sha256:
            return document
    if problem is not None:
        summary.notes.append(f"no entities for {record.source} yet: {problem}")
    return None


class _Pipelines:
    """Up to ``workers`` spaCy pipelines, each used by one thread at a time, or one pipeline
    shared by ``workers`` forked processes."""

    def __init__(self, pool: list[EntityExtractor], workers: int, fork: bool = False):
        self.pool = pool
        self.workers = workers
        self.fork = fork

    def extract(self, inputs: list[tuple[Document, list[Chunk]]]) -> list[DocumentFacts]:
        from .entities import EntityExtractor, extract_all
        from .entities.processes import extract_forked

        workers = max(1, min(self.workers, len(inputs)))
        if self.fork and workers > 1:
            if not self.pool:
                self.pool.append(EntityExtractor.load())
            return extract_forked(self.pool[0], inputs, workers)
        while len(self.pool) < workers:
            self.pool.append(EntityExtractor.load())
        return extract_all(self.pool[:workers], inputs)


def _identity_of(manifest: Manifest) -> ModelIdentity:
    """The maker of the live index's vectors, as its manifest records it (a facts-only commit keeps them)."""
    from .embed import ModelIdentity

    return ModelIdentity(manifest.model_name, manifest.model_sha256, manifest.backend, manifest.backend_sha256)


def complete_entities(
    settings: Settings, extractor: EntityExtractor | list[EntityExtractor] | None = None, shard: Shard | None = None
) -> IngestSummary:
    """Only the second phase: the entities of the reports the index lists without them (left by
    an ingest that was killed between its phases, say)."""
    summary = IngestSummary()
    EntityBacklog(settings, shard).complete(extractor, summary)
    return summary


def _record(scanned: ScannedFile, document: Document, chunks: int) -> DocumentRecord:
    paged = document.pages[0].number is not None
    read = document.ocr_pages
    return DocumentRecord(
        doc_id=document.doc_id,
        root=scanned.file.root,
        source=scanned.file.source,
        title=document.title,
        date=document.date,
        sha256=document.sha256,
        size=scanned.size,
        mtime_ns=scanned.mtime_ns,
        pages=len(document.pages) if paged else None,
        chunks=chunks,
        ingested_at=utc_now(),
        ocr=ocr_record(read[0].ocr.engine, (p.number for p in read if p.number)) if read and read[0].ocr else None,
    )


def _copy_record(scanned: ScannedFile, holder: DocumentRecord) -> DocumentRecord:
    return replace(
        holder,
        doc_id=doc_id_for(scanned.file.root, scanned.file.source),
        root=scanned.file.root,
        source=scanned.file.source,
        size=scanned.size,
        mtime_ns=scanned.mtime_ns,
        chunks=0,
        ingested_at=utc_now(),
        same_as=holder.doc_id,
    )


def _identity_for(store: IndexBackend, settings: Settings) -> ModelIdentity:
    """The vectors this ingest makes: by default of the family the live index holds."""
    from .embed import ModelFiles, choose_backend, prepare_model

    files = ModelFiles.of(settings)
    try:
        manifest = store.read_manifest()
    except (IndexCorruptError, IndexMismatchError):
        manifest = None  # rebuilt from scratch, with a note, once the lock is held
    family = manifest.family if manifest is not None and manifest.model_sha256 == files.weights_sha256() else None
    if family is None:  # a new index: the CPU decides its family (timed once, then cached)
        return prepare_model(files, choose_backend(files))
    # The family is kept; which of its backends embeds is chosen once the job's size is known.
    return prepare_model(files, choose_backend(files, family, texts=0), build=False)


def _open_previous(
    store: IndexBackend, identity: ModelIdentity, chunking: dict, summary: IngestSummary
) -> IndexReader | None:
    """The live index if it can be extended; None means build from scratch (where the store
    allows it: a shared Milvus collection built differently is refused, nothing written)."""
    try:
        manifest = store.read_manifest()
        if manifest is None:
            return None
        reason = manifest.vectors_mismatch(identity, chunking)
        if reason:
            if not store.rebuild_allowed:
                raise IndexMismatchError(
                    f"the index in {store.location} cannot take this ingest: {reason}. Ingest into another "
                    "collection name, or drop this one first"
                )
            summary.notes.append(f"rebuilding the whole index: {reason}")
            return None
        if manifest.lexical != BM25_PARAMS:
            # Every commit rebuilds BM25 from the stored chunk texts; the vectors stay.
            summary.notes.append(f"rebuilding the BM25 index with {BM25_PARAMS} (was {manifest.lexical})")
        return store.open()
    except (IndexCorruptError, IndexMismatchError) as exc:
        if not store.rebuild_allowed:
            raise
        summary.notes.append(f"rebuilding the whole index: {exc}")
        return None


def _lexical_outdated(store: IndexBackend) -> bool:
    manifest = store.read_manifest()
    return manifest is not None and manifest.lexical != BM25_PARAMS
