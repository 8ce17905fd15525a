"""The ingest pipeline: scan -> load -> chunk -> embed -> store, touching only what changed.

A file whose size and modification time match the index is not even read; one
whose bytes hash the same is not re-embedded. Only new or changed files reach
the model, and when nothing changed the model is never loaded at all.

Files are processed one after another and committed in batches of about
``Settings.ingest_batch_chunks`` chunks, each batch a complete index generation:
after a crash or a kill, the next ingest finds the finished batches unchanged and
redoes at most the batch that was in flight.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .chunk import ModelTokenizer, chunk_document
from .config import Settings
from .embed import ModelIdentity
from .lexical import BM25_PARAMS
from .load import CorpusFile, LoadError, doc_id_for, iter_corpus_files, load_document
from .store import IndexCorruptError, IndexMismatchError, IndexStore, Snapshot
from .types import Chunk, Document, DocumentRecord


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
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    chunks_embedded: int = 0
    documents: int = 0
    chunks: int = 0
    batches: int = 0  # generations committed by this run
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["skipped"] = [asdict(s) for s in self.skipped]
        data["duplicates"] = [asdict(d) for d in self.duplicates]
        data["seconds"] = round(self.seconds, 3)
        return data


@dataclass
class _Entry:
    """One document of the index being built: its record, chunks and window vectors."""

    record: DocumentRecord
    chunks: list[Chunk]
    vectors: np.ndarray


class _Batch:
    """Loaded, chunked documents waiting to be embedded and committed together."""

    def __init__(self):
        self.items: list[tuple[str, DocumentRecord, list[Chunk]]] = []  # (location, record, chunks)

    @property
    def chunk_count(self) -> int:
        return sum(len(chunks) for _, _, chunks in self.items)


def ingest(paths: list[Path], settings: Settings, embedder=None) -> IngestSummary:
    """Bring the index in ``settings.index_dir`` in line with the files under ``paths``.

    ``embedder`` lets a long-running process (the UI, tests) reuse a loaded model;
    otherwise one is loaded only if something needs embedding.
    """
    started = time.perf_counter()
    summary = IngestSummary()
    store = IndexStore(settings.index_dir)
    files, scanned_roots = iter_corpus_files(paths)
    identity = ModelIdentity.of(settings)
    chunking = settings.chunking.as_dict()
    job = _Job(store, identity, chunking, settings, summary, embedder)

    with store.lock():
        previous = _open_previous(store, identity, chunking, summary)
        try:
            job.start_from(previous)
        finally:
            if previous:
                previous.close()
        # A document is its file: the same file reached through another folder is the same document.
        seen = {_location(f.root, f.source) for f in files}
        for location in list(job.entries):
            if location not in seen and any(_is_within(location, root) for root in scanned_roots):
                summary.removed.append(job.drop(location).source)

        batch = _Batch()
        for file in _progress(files, "Ingesting", settings.show_progress):
            loaded = job.load_if_changed(file)
            if loaded is None:
                continue
            batch.items.append(loaded)
            if batch.chunk_count >= job.batch_limit():
                job.commit(batch)
                batch = _Batch()
        batch.items.extend(job.reload_orphaned_copies(batch))
        if batch.items or (summary.batches == 0 and (summary.removed or _lexical_outdated(store))):
            job.commit(batch)

        manifest = store.read_manifest()
        summary.documents = manifest.documents if manifest else 0
        summary.chunks = manifest.chunks if manifest else 0
    summary.seconds = time.perf_counter() - started
    return summary


class _Job:
    """The state of one ingest run: the documents of the index as it will be committed next."""

    def __init__(
        self, store: IndexStore, identity: ModelIdentity, chunking: dict, settings: Settings, summary, embedder
    ):
        self.store = store
        self.identity = identity
        self.chunking = chunking
        self.settings = settings
        self.summary = summary
        self.embedder = embedder
        self.entries: dict[str, _Entry] = {}  # by file location
        # Content hash -> (location, record) of the document that stores that content's
        # chunks, including documents loaded but not yet committed: a copy reuses them.
        self._holders: dict[str, tuple[str, DocumentRecord]] = {}
        self._stored_chunks = 0  # in the last committed generation
        self.dimension: int | None = None
        self._tokenizer: ModelTokenizer | None = None

    def start_from(self, previous: Snapshot | None) -> None:
        if previous is None:
            return
        self.dimension = previous.manifest.dimension
        records = {r.doc_id: r for r in previous.documents()}
        pairs = previous.chunks_of(list(records))
        rows = [row for _, row in pairs]
        vectors = previous.window_vectors_of(rows)
        offsets = previous.window_offsets
        by_doc: dict[str, tuple[list[Chunk], list[np.ndarray]]] = {doc_id: ([], []) for doc_id in records}
        position = 0
        for chunk, row in pairs:
            count = int(offsets[row + 1] - offsets[row])
            chunks, parts = by_doc[chunk.doc_id]
            chunks.append(chunk)
            parts.append(vectors[position : position + count])
            position += count
        for doc_id, record in records.items():
            chunks, parts = by_doc[doc_id]
            stacked = np.vstack(parts) if parts else np.zeros((0, self.dimension), dtype=np.float32)
            location = _location(record.root, record.source)
            self.entries[location] = _Entry(record, chunks, stacked)
            self._stored_chunks += len(chunks)
            if record.same_as is None:
                self._holders[record.sha256] = (location, record)

    def batch_limit(self) -> int:
        """New chunks to gather before committing a generation.

        Every commit rewrites the whole index, so once the index is large a batch grows with
        it (a tenth of its size): the total time spent committing stays proportional to the
        corpus instead of growing with its square, and a crash still loses one batch."""
        return max(self.settings.ingest_batch_chunks, self._stored_chunks // 10)

    def drop(self, location: str) -> DocumentRecord:
        """Take a document out of the index being built."""
        record = self.entries.pop(location).record
        if self._holders.get(record.sha256, ("",))[0] == location:
            del self._holders[record.sha256]
        return record

    def load_if_changed(self, file: CorpusFile, force: bool = False) -> tuple[str, DocumentRecord, list[Chunk]] | None:
        """Load and chunk ``file`` if it is new or changed; None when it is unchanged or skipped.

        A file with the same bytes as a document already in the index is not chunked
        again: it comes back as a copy with no chunks of its own."""
        summary = self.summary
        location = _location(file.root, file.source)
        entry = self.entries.get(location)
        record = entry.record if entry else None
        try:
            stat = file.path.stat()
            if not force and record and record.size == stat.st_size and record.mtime_ns == stat.st_mtime_ns:
                summary.unchanged.append(file.source)
                return None
            limit = self.settings.size_limit_bytes(file.path.suffix)
            if stat.st_size > limit:
                # Checked before reading, so a huge file never enters memory.
                reason = (
                    f"file of {stat.st_size / 1e6:.1f} MB is over the {limit / 1e6:g} MB limit for its type "
                    "(REPORTQA_MAX_TEXT_MB / REPORTQA_MAX_FILE_MB)"
                )
                return self._skip(file, location, record, reason)
            data = file.path.read_bytes()
        except OSError as exc:
            summary.skipped.append(Skipped(file.source, f"cannot read file: {exc.strerror or exc}"))
            return None
        sha256 = hashlib.sha256(data).hexdigest()
        if not force and record and record.sha256 == sha256:
            summary.unchanged.append(file.source)
            return None
        if record and self._holders.get(record.sha256, ("",))[0] == location:
            del self._holders[record.sha256]  # its old content is going away
        holder = self._holders.get(sha256)
        if holder and holder[0] != location:
            (summary.updated if record else summary.added).append(file.source)
            summary.duplicates.append(Duplicate(file.source, holder[1].source))
            return location, _copy_record(file, holder[1], stat), []
        try:
            document = load_document(file.path, source=file.source, root=file.root, data=data)
        except LoadError as exc:
            return self._skip(file, location, record, str(exc))
        (summary.updated if record else summary.added).append(file.source)
        chunks = chunk_document(document, self._chunker(), self.settings.chunking)
        new_record = _record(file, document, stat, len(chunks))
        self._holders[sha256] = (location, new_record)
        return location, new_record, chunks

    def reload_orphaned_copies(self, pending: _Batch) -> list[tuple[str, DocumentRecord, list[Chunk]]]:
        """Load again the copies whose stored document was removed or changed this run."""
        records = {loc: e.record for loc, e in self.entries.items()}
        records.update({loc: record for loc, record, _ in pending.items})
        holders = {r.doc_id: r for r in records.values() if r.same_as is None}
        loaded = []
        for location, record in records.items():
            holder = holders.get(record.same_as) if record.same_as else None
            if record.same_as and (holder is None or holder.sha256 != record.sha256):
                file = CorpusFile(Path(record.root) / record.source, record.root, record.source)
                pending.items[:] = [item for item in pending.items if item[0] != location]
                self._forget(record.source)
                if not file.path.exists():
                    self.summary.removed.append(record.source)
                    self.entries.pop(location, None)
                elif item := self.load_if_changed(file, force=True):
                    loaded.append(item)
        return loaded

    def _forget(self, source: str) -> None:
        """Take back what this run said so far about a file that is about to be loaded again."""
        summary = self.summary
        for listing in (summary.added, summary.updated, summary.unchanged):
            if source in listing:
                listing.remove(source)
        summary.duplicates[:] = [d for d in summary.duplicates if d.source != source]

    def _skip(self, file: CorpusFile, location: str, record: DocumentRecord | None, reason: str) -> None:
        self.summary.skipped.append(Skipped(file.source, reason))
        if record:
            # Its old text no longer stands for the file: drop it with the next batch.
            self.summary.removed.append(file.source)
            self.drop(location)
        return None

    def commit(self, batch: _Batch) -> None:
        """Embed the batch and commit the whole index, with it, as a new generation."""
        chunks = [c for _, _, cs in batch.items for c in cs]
        if chunks:
            embedder = self._embedder()
            vectors = embedder.encode([t for c in chunks for t in c.window_texts()], description="Embedding")
            self.summary.chunks_embedded += len(chunks)
        if self.dimension is None:  # nothing at all to store yet: ask the model its width
            self.dimension = self._embedder().dimension
        position = 0
        for location, record, document_chunks in batch.items:
            count = sum(len(c.window_texts()) for c in document_chunks)
            stored = vectors[position : position + count] if count else np.zeros((0, self.dimension), dtype=np.float32)
            self.entries[location] = _Entry(record, document_chunks, stored)
            position += count
        entries = list(self.entries.values())
        parts = [e.vectors for e in entries if len(e.vectors)]
        self._stored_chunks = sum(len(e.chunks) for e in entries)
        self.store.commit(
            model=self.identity,
            chunking=self.chunking,
            documents=[e.record for e in entries],
            chunks=[c for e in entries for c in e.chunks],
            vectors=np.vstack(parts) if parts else np.zeros((0, self.dimension), dtype=np.float32),
        )
        self.summary.batches += 1

    def _embedder(self):
        if self.embedder is None:
            from .embed import load_embedder

            self.embedder = load_embedder(self.settings, self.identity)
        self.dimension = self.embedder.dimension
        return self.embedder

    def _chunker(self) -> ModelTokenizer:
        if self._tokenizer is None:
            self._tokenizer = ModelTokenizer(self.settings.resolved_model_dir())
        return self._tokenizer


def _record(file: CorpusFile, document: Document, stat, chunks: int) -> DocumentRecord:
    paged = document.pages[0].number is not None
    return DocumentRecord(
        doc_id=document.doc_id,
        root=file.root,
        source=file.source,
        title=document.title,
        date=document.date,
        sha256=document.sha256,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        pages=len(document.pages) if paged else None,
        chunks=chunks,
        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _copy_record(file: CorpusFile, holder: DocumentRecord, stat) -> DocumentRecord:
    return replace(
        holder,
        doc_id=doc_id_for(file.root, file.source),
        root=file.root,
        source=file.source,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        chunks=0,
        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
        same_as=holder.doc_id,
    )


def _location(root: str, source: str) -> str:
    return str(Path(root) / source)


def _is_within(location: str, root: str) -> bool:
    return Path(location).is_relative_to(root)


def _open_previous(
    store: IndexStore, identity: ModelIdentity, chunking: dict, summary: IngestSummary
) -> Snapshot | None:
    """The live generation if it can be extended; None means build from scratch."""
    try:
        manifest = store.read_manifest()
        if manifest is None:
            return None
        reason = manifest.vectors_mismatch(identity, chunking)
        if reason:
            summary.notes.append(f"rebuilding the whole index: {reason}")
            return None
        if manifest.lexical != BM25_PARAMS:
            # Every commit rebuilds BM25 from the stored chunk texts; the vectors stay.
            summary.notes.append(f"rebuilding the BM25 index with {BM25_PARAMS} (was {manifest.lexical})")
        return store.open()
    except (IndexCorruptError, IndexMismatchError) as exc:
        summary.notes.append(f"rebuilding the whole index: {exc}")
        return None


def _lexical_outdated(store: IndexStore) -> bool:
    manifest = store.read_manifest()
    return manifest is not None and manifest.lexical != BM25_PARAMS


def _progress(items: list, description: str, enabled: bool):
    if not enabled or len(items) < 2:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=description, unit="file")
