"""The ingest pipeline: scan -> load -> chunk -> embed -> store, touching only what changed.

A file whose size and modification time match the index is not even read; one
whose bytes hash the same is not re-embedded. Only new or changed files reach
the model, and when nothing changed the model is never loaded at all.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from .chunk import ModelTokenizer, chunk_document
from .config import Settings
from .embed import ModelIdentity
from .load import CorpusFile, LoadError, iter_corpus_files, load_document
from .store import IndexCorruptError, IndexMismatchError, IndexStore, Snapshot
from .types import Chunk, Document, DocumentRecord


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    chunks_embedded: int = 0
    documents: int = 0
    chunks: int = 0
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["skipped"] = [asdict(s) for s in self.skipped]
        data["seconds"] = round(self.seconds, 3)
        return data


def ingest(paths: list[Path], settings: Settings, embedder=None) -> IngestSummary:
    """Bring the index in ``settings.index_dir`` in line with the files under ``paths``.

    ``embedder`` lets a long-running process (the UI, tests) reuse a loaded model;
    otherwise one is loaded only if something needs embedding.
    """
    started = time.perf_counter()
    summary = IngestSummary()
    store = IndexStore(settings.index_dir)
    files, scanned_roots = iter_corpus_files(paths)
    identity = ModelIdentity(settings.resolved_model_dir())
    chunking = settings.chunking.as_dict()

    with store.lock():
        previous = _open_previous(store, identity, chunking, summary)
        try:
            # A document is its file: the same file reached through another folder is the same document.
            known = {_location(d.root, d.source): d for d in previous.documents()} if previous else {}
            kept, fresh = _classify(files, known, summary, settings)
            seen = {_location(f.root, f.source) for f in files}
            for location, record in known.items():
                if location in seen:
                    continue
                if any(_is_within(location, root) for root in scanned_roots):
                    summary.removed.append(record.source)
                else:
                    kept.append(record)  # outside every folder this run scanned: leave it alone
            if not summary.changed:
                manifest = store.read_manifest()
                summary.documents = manifest.documents if manifest else 0
                summary.chunks = manifest.chunks if manifest else 0
                return _finish(summary, started)

            kept_chunks: list[Chunk] = []
            kept_vectors = np.zeros((0, 0), dtype=np.float32)
            if previous and kept:
                pairs = previous.chunks_of([r.doc_id for r in kept])
                kept_chunks = [c for c, _ in pairs]
                kept_vectors = previous.window_vectors_of([row for _, row in pairs])
            dimension = previous.manifest.dimension if previous else None
        finally:
            if previous:
                previous.close()

        new_records, new_chunks = _chunk_all(fresh, settings)
        new_vectors = np.zeros((0, dimension or 0), dtype=np.float32)
        if new_chunks:
            embedder = embedder or _load_embedder(settings)
            dimension = embedder.dimension
            new_vectors = embedder.encode([t for c in new_chunks for t in c.window_texts()], description="Embedding")
            summary.chunks_embedded = len(new_chunks)
        if dimension is None:  # nothing at all to store yet: ask the model its width
            dimension = (embedder or _load_embedder(settings)).dimension
        parts = [v for v in (kept_vectors, new_vectors) if len(v)]
        vectors = np.vstack(parts) if parts else np.zeros((0, dimension), dtype=np.float32)
        manifest = store.commit(
            model_name=identity.name,
            model_sha256=identity.sha256,
            chunking=chunking,
            documents=kept + new_records,
            chunks=kept_chunks + new_chunks,
            vectors=vectors,
        )
        summary.documents, summary.chunks = manifest.documents, manifest.chunks
    return _finish(summary, started)


def _location(root: str, source: str) -> str:
    return str(Path(root) / source)


def _is_within(location: str, root: str) -> bool:
    return Path(location).is_relative_to(root)


def _load_embedder(settings: Settings):
    from .embed import Embedder

    return Embedder(settings)


def _finish(summary: IngestSummary, started: float) -> IngestSummary:
    summary.seconds = time.perf_counter() - started
    return summary


def _open_previous(store: IndexStore, identity: ModelIdentity, chunking: dict, summary: IngestSummary) -> Snapshot | None:
    """The live generation if it can be extended; None means build from scratch."""
    try:
        manifest = store.read_manifest()
        if manifest is None:
            return None
        reason = manifest.mismatch(identity.name, identity.sha256, chunking)
        if reason:
            summary.notes.append(f"rebuilding the whole index: {reason}")
            return None
        return store.open()
    except (IndexCorruptError, IndexMismatchError) as exc:
        summary.notes.append(f"rebuilding the whole index: {exc}")
        return None


def _classify(
    files: list[CorpusFile], known: dict[str, DocumentRecord], summary: IngestSummary, settings: Settings
) -> tuple[list[DocumentRecord], list[tuple[CorpusFile, Document, bool]]]:
    """Split the scanned files into unchanged records and freshly loaded documents."""
    kept: list[DocumentRecord] = []
    fresh: list[tuple[CorpusFile, Document, bool]] = []
    progress = _progress(files, "Reading", settings.show_progress)
    for file in progress:
        record = known.get(_location(file.root, file.source))
        try:
            stat = file.path.stat()
            if record and record.size == stat.st_size and record.mtime_ns == stat.st_mtime_ns:
                kept.append(record)
                summary.unchanged.append(file.source)
                continue
            data = file.path.read_bytes()
        except OSError as exc:
            summary.skipped.append(Skipped(file.source, f"cannot read file: {exc.strerror or exc}"))
            continue
        if record and record.sha256 == hashlib.sha256(data).hexdigest():
            kept.append(record)
            summary.unchanged.append(file.source)
            continue
        try:
            document = load_document(file.path, source=file.source, root=file.root, data=data)
        except LoadError as exc:
            summary.skipped.append(Skipped(file.source, str(exc)))
            if record:
                summary.removed.append(file.source)  # its old text no longer exists
            continue
        fresh.append((file, document, record is not None))
        (summary.updated if record else summary.added).append(file.source)
    return kept, fresh


def _chunk_all(fresh: list[tuple[CorpusFile, Document, bool]], settings: Settings) -> tuple[list[DocumentRecord], list[Chunk]]:
    if not fresh:
        return [], []
    tokenizer = ModelTokenizer(settings.resolved_model_dir())
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    records, chunks = [], []
    for file, document, _ in fresh:
        document_chunks = chunk_document(document, tokenizer, settings.chunking)
        stat = file.path.stat()
        paged = document.pages[0].number is not None
        records.append(
            DocumentRecord(
                doc_id=document.doc_id,
                root=file.root,
                source=file.source,
                title=document.title,
                date=document.date,
                sha256=document.sha256,
                size=stat.st_size,
                mtime_ns=stat.st_mtime_ns,
                pages=len(document.pages) if paged else None,
                chunks=len(document_chunks),
                ingested_at=now,
            )
        )
        chunks.extend(document_chunks)
    return records, chunks


def _progress(items: list, description: str, enabled: bool):
    if not enabled or len(items) < 2:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=description, unit="file")
