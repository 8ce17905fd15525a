"""Stage 4, the embedded store (the default): the index in a folder on disk.

``index/`` holds numbered generations and a ``CURRENT`` file naming the live one::

    index/CURRENT              "gen-000007"
    index/gen-000007/manifest.json   schema, model, weights checksum, dimension, chunker
    index/gen-000007/store.sqlite    documents, chunks (chunk row = vector row), each report's entities
    index/gen-000007/vectors.faiss   FAISS inner-product index of unit vectors, one per dense window
    index/gen-000007/window_offsets.npy   windows of chunk r are vector rows offsets[r]:offsets[r+1]
    index/gen-000007/bm25/           bm25s index over the same rows

A commit is two steps: :meth:`IndexStore.write_generation` writes a complete new
generation beside the live one, and :meth:`IndexStore.switch_to` makes it live by
atomically replacing ``CURRENT``; a crash at any point leaves the previous generation
live and intact.

:class:`IndexStore` is an :class:`~reportqa.stores.base.IndexBackend` and :class:`Snapshot`
an :class:`~reportqa.stores.base.IndexReader` (SQLite + FAISS + bm25s files).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, closing, contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import vector_index
from .._util import file_sha256, utc_now
from ..lexical import BM25_PARAMS, LexicalIndex
from ..types import Chunk, DocumentFacts, DocumentRecord
from .base import (
    READABLE_SCHEMAS,
    SCHEMA_VERSION,
    DocumentContent,
    IndexBusyError,
    IndexChange,
    IndexCorruptError,
    IndexMismatchError,
    Manifest,
    NoIndexError,
    Scope,
    crash_point,
)

if TYPE_CHECKING:
    from filelock import BaseFileLock

    from ..embed import ModelIdentity

_CURRENT = "CURRENT"
_MANIFEST = "manifest.json"
_SQLITE = "store.sqlite"
_FAISS = "vectors.faiss"
_WINDOWS = "window_offsets.npy"
_BM25 = "bm25"
_LOCK = ".ingest.lock"


@dataclass(frozen=True)
class IndexContent:
    """Everything one generation of the embedded store holds: ``vectors`` are the dense
    windows of every chunk, chunk after chunk, computed by ``model``."""

    model: ModelIdentity
    chunking: dict
    documents: list[DocumentRecord]
    chunks: list[Chunk]
    vectors: np.ndarray
    # Each report's entities (DocumentFacts.to_json), by doc id: kept serialised, so that an
    # ingest that changes one report does not parse the facts of all the others.
    facts: dict[str, str] = field(default_factory=dict)
    entities: dict | None = None  # the entity stage's settings, recorded in the manifest


@contextmanager
def _released_on_exit(lock: BaseFileLock) -> Iterator[BaseFileLock]:
    """The held lock, released when the ``with`` ends (entering a FileLock would take it a
    second time, and leaving would then leave it held until the object is collected)."""
    try:
        yield lock
    finally:
        lock.release()


_SCHEMA = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY, root TEXT NOT NULL, source TEXT NOT NULL, title TEXT NOT NULL,
    date TEXT, sha256 TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    pages INTEGER, chunks INTEGER NOT NULL, ingested_at TEXT NOT NULL, same_as TEXT, ocr TEXT
);
CREATE TABLE chunks (
    row INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
    page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    windows TEXT NOT NULL
);
CREATE INDEX chunks_doc ON chunks(doc_id);
CREATE TABLE facts (doc_id TEXT PRIMARY KEY, data TEXT NOT NULL);
"""

_CHUNK_COLUMNS = 'c.row, c.chunk_id, c.doc_id, c.page, c.start, c."end", c.text, d.source, d.title, d.date, c.windows'


class Snapshot:
    """One committed generation of the embedded store, opened read-only (an :class:`IndexReader`)."""

    def __init__(self, directory: Path, manifest: Manifest):
        import faiss

        self.directory = directory
        self.manifest = manifest
        self._scope_rows: tuple[Scope, np.ndarray] | None = None
        _verify_files(directory, manifest.files)
        sqlite_path = directory / _SQLITE
        faiss_path = directory / _FAISS
        try:
            # Read-only URI: a reader can never modify or create a generation.
            self._db = sqlite3.connect(f"{sqlite_path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._db.execute("SELECT count(*) FROM chunks").fetchone()
        except sqlite3.Error as exc:
            raise IndexCorruptError(_corrupt_message(sqlite_path, exc)) from exc
        try:
            self.vectors = faiss.read_index(str(faiss_path))
        except RuntimeError as exc:
            raise IndexCorruptError(_corrupt_message(faiss_path, exc)) from exc
        if self.vectors.ntotal != manifest.vectors or self.vectors.d != manifest.dimension:
            raise IndexCorruptError(_corrupt_message(faiss_path, "vector count or dimension differs from the manifest"))
        try:
            self.window_offsets = np.load(directory / _WINDOWS, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise IndexCorruptError(_corrupt_message(directory / _WINDOWS, exc)) from exc
        if len(self.window_offsets) != manifest.chunks + 1 or self.window_offsets[-1] != manifest.vectors:
            raise IndexCorruptError(_corrupt_message(directory / _WINDOWS, "does not match the manifest"))
        try:
            self.lexical = LexicalIndex.load(directory / _BM25, manifest.chunks)
        except (OSError, ValueError, KeyError) as exc:
            raise IndexCorruptError(_corrupt_message(directory / _BM25, exc)) from exc

    @property
    def generation(self) -> str:
        return self.directory.name

    def close(self) -> None:
        self._db.close()

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:  # damage below the checks made at open
            raise IndexCorruptError(_corrupt_message(self.directory / _SQLITE, exc)) from exc

    def documents(self) -> list[DocumentRecord]:
        # A generation written before a column was added lacks it: the record's default stands.
        rows = self._query("SELECT * FROM documents ORDER BY date, source")
        return [DocumentRecord(*row) for row in rows]

    def chunks_at(self, rows: Sequence[int]) -> dict[int, Chunk]:
        """The chunks stored at the given rows, by row."""
        if not rows:
            return {}
        placeholders = ",".join("?" * len(rows))
        query = f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d USING (doc_id) WHERE c.row IN ({placeholders})"
        return {r[0]: _chunk_from_row(r) for r in self._query(query, [int(r) for r in rows])}

    def chunks_of(self, doc_ids: Sequence[str]) -> list[Chunk]:
        """The chunks of the given documents, in row order (each document's in reading order)."""
        return [chunk for chunk, _ in self.chunks_with_rows(doc_ids)]

    def chunks_with_rows(self, doc_ids: Sequence[str]) -> list[tuple[Chunk, int]]:
        """The same, each with its row."""
        if not doc_ids:
            return []
        placeholders = ",".join("?" * len(doc_ids))
        query = (
            f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d USING (doc_id) "
            f"WHERE c.doc_id IN ({placeholders}) ORDER BY c.row"
        )
        return [(_chunk_from_row(r), r[0]) for r in self._query(query, doc_ids)]

    def facts(self) -> dict[str, DocumentFacts]:
        """Each report's entities (mentions, roles, events), by doc id; empty for an index of format 3."""
        if self.manifest.schema_version < 4:
            return {}
        return {doc_id: DocumentFacts.from_json(data) for doc_id, data in self.facts_json().items()}

    def facts_json(self) -> dict[str, str]:
        """The same, serialised (what ingest carries from one generation to the next)."""
        if self.manifest.schema_version < 4:
            return {}
        return dict(self._query("SELECT doc_id, data FROM facts"))

    def analysed(self) -> set[str]:
        """Doc ids of the reports whose facts are stored."""
        if self.manifest.schema_version < 4:
            return set()
        return {row[0] for row in self._query("SELECT doc_id FROM facts")}

    def count_in(self, scope: Scope) -> int:
        """How many chunks a search within ``scope`` draws from."""
        return len(self._rows_in(scope))

    def _rows_in(self, scope: Scope) -> np.ndarray:
        """Rows of the chunks whose document is in ``scope`` (the last answer is kept: a search
        asks it for both rankings)."""
        cached = self._scope_rows
        if cached is not None and cached[0] == scope:
            return cached[1]
        clauses: list[str] = []
        params: list[Any] = []
        if scope.doc_ids is not None:
            clauses.append(f"d.doc_id IN ({','.join('?' * len(scope.doc_ids))})")
            params.extend(scope.doc_ids)
        if scope.date_from:
            clauses.append("d.date >= ?")
            params.append(scope.date_from)
        if scope.date_to:
            clauses.append("d.date <= ?")
            params.append(scope.date_to)
        where = " AND ".join(clauses) or "1"
        query = f"SELECT c.row FROM chunks c JOIN documents d USING (doc_id) WHERE {where}"
        rows = np.array([r[0] for r in self._query(query, params)], dtype=np.int64)
        self._scope_rows = (scope, rows)
        return rows

    def window_rows(self, chunk_rows: Sequence[int] | np.ndarray) -> np.ndarray:
        """Vector rows of the dense windows of the given chunks, in order."""
        offsets = self.window_offsets
        ranges = [np.arange(offsets[r], offsets[r + 1]) for r in chunk_rows]
        return np.concatenate(ranges).astype(np.int64) if ranges else np.empty(0, dtype=np.int64)

    def chunk_of_windows(self, window_rows: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.window_offsets, window_rows, side="right") - 1

    def window_vectors_of(self, chunk_rows: Sequence[int]) -> np.ndarray:
        rows = self.window_rows(chunk_rows)
        if not len(rows):
            return np.zeros((0, self.manifest.dimension), dtype=np.float32)
        return self.vectors.reconstruct_batch(rows).astype(np.float32)

    def dense_search(self, vector: np.ndarray, pool: int, scope: Scope | None) -> dict[int, float]:
        """The best ``pool`` chunk rows (within ``scope``) by their best-matching dense window."""
        # Several windows of one chunk may rank high: fetch extra so `pool` chunks remain.
        wanted = min(pool * 4, self.manifest.vectors)
        rows = self.window_rows(self._rows_in(scope)) if scope is not None else None
        scores, windows = vector_index.search(self.vectors, self.manifest.faiss_index, vector, wanted, rows)
        best: dict[int, float] = {}
        for chunk, score in zip(self.chunk_of_windows(windows).tolist(), scores.tolist(), strict=True):
            if chunk not in best:  # results come best first
                best[chunk] = score
                if len(best) == pool:
                    break
        return best

    def lexical_search(self, query: str, k: int, scope: Scope | None) -> tuple[np.ndarray, np.ndarray]:
        """Chunk rows and BM25 scores of the best ``k`` chunks (within ``scope``) with a positive score."""
        return self.lexical.search(query, k, self._rows_in(scope) if scope is not None else None)

    def has_terms(self, text: str, typos: bool = False) -> bool:
        """Whether the corpus uses every word of ``text`` (as BM25 indexes words; ``typos``: see
        :meth:`LexicalIndex.has_terms`)."""
        return self.lexical.has_terms(text, typos)


# Checksums are verified at open while the generation is small enough to hash in well
# under 0.1 s; above that only sizes are checked (truncation, the common damage), so a
# million-chunk index still opens fast.
_HASH_AT_OPEN_UP_TO_BYTES = 64 * 1024 * 1024


def _describe_files(directory: Path) -> dict:
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    return {p.relative_to(directory).as_posix(): {"bytes": p.stat().st_size, "sha256": file_sha256(p)} for p in files}


def _verify_files(directory: Path, files: dict) -> None:
    """Raise IndexCorruptError naming the first file that is missing, truncated or altered."""
    hash_them = sum(f["bytes"] for f in files.values()) <= _HASH_AT_OPEN_UP_TO_BYTES
    for name, expected in files.items():
        path = directory / name
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise IndexCorruptError(_corrupt_message(path, "missing")) from exc
        if size != expected["bytes"]:
            raise IndexCorruptError(_corrupt_message(path, f"{size} bytes instead of {expected['bytes']}"))
        if hash_them and file_sha256(path) != expected["sha256"]:
            raise IndexCorruptError(_corrupt_message(path, "its checksum differs from the manifest"))


def _json_checksum(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _chunk_from_row(row: tuple) -> Chunk:
    _, chunk_id, doc_id, page, start, end, text, source, title, date, windows = row
    return Chunk(chunk_id, doc_id, source, title, date, page, start, end, text, tuple(map(tuple, json.loads(windows))))


def _corrupt_message(path: Path, reason: object) -> str:
    return f"index file {path} is damaged ({reason}); delete the index folder and re-run `reportqa ingest`"


class IndexStore:
    """The index folder: reads the live generation, writes and commits new ones."""

    rebuild_allowed = True

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def current_generation(self) -> str | None:
        try:
            name = (self.directory / _CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name or None

    def read_manifest(self) -> Manifest | None:
        name = self.current_generation()
        if name is None:
            return None
        path = self.directory / name / _MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("schema_version") not in READABLE_SCHEMAS:
                raise IndexMismatchError(
                    f"the index in {self.directory}/ uses index format {data.get('schema_version')}, this reportqa "
                    f"reads format {SCHEMA_VERSION}. Re-run `reportqa ingest` to rebuild it"
                )
            if data.pop("checksum", None) != _json_checksum(data):
                raise IndexCorruptError(_corrupt_message(path, "its checksum does not match its content"))
            return Manifest(**data)
        except FileNotFoundError as exc:
            raise IndexCorruptError(_corrupt_message(path, "missing")) from exc
        except (json.JSONDecodeError, TypeError, UnicodeDecodeError) as exc:
            raise IndexCorruptError(_corrupt_message(path, exc)) from exc

    def open(self) -> Snapshot:
        manifest = self.read_manifest()
        if manifest is None:
            raise NoIndexError(f"no index in {self.directory}/ yet: run `reportqa ingest` to build it")
        return Snapshot(self.directory / _generation_name(manifest.generation), manifest)

    def lock(self, writer: str = "ingest") -> AbstractContextManager[BaseFileLock]:
        """An exclusive lock for writers (whoever they are); a second ingest fails at once instead of waiting."""
        from filelock import FileLock, Timeout

        self.directory.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.directory / _LOCK), timeout=0)
        try:
            lock.acquire()
        except Timeout as exc:
            raise IndexBusyError(
                f"another `reportqa ingest` is writing {self.directory}/; try again when it finishes"
            ) from exc
        return _released_on_exit(lock)

    @property
    def location(self) -> str:
        return f"{self.directory}/"

    def close(self) -> None:
        pass  # nothing held open: each reader opens its own files

    def commit(self, change: IndexChange) -> Manifest:
        """Apply ``change`` to the live index: write a complete new generation holding it and
        what stays of the live one, and make it the live one."""
        live = self.read_manifest() if self._facts_only(change) else None
        if live is not None and live.entities == change.entities and live.lexical == BM25_PARAMS:
            return self._commit_facts(change, live)
        return self.commit_content(self._content_after(change))

    @staticmethod
    def _facts_only(change: IndexChange) -> bool:
        return bool(change.facts) and not (change.put or change.removed or change.fresh)

    def _commit_facts(self, change: IndexChange, live: Manifest) -> Manifest:
        """Commit new facts of stored reports (ingest's second phase): the new generation links
        the live one's vectors, window offsets and BM25 files (a generation is never modified)
        and gets a copy of its SQLite file with the facts changed -- nothing is rebuilt."""
        source = self.directory / _generation_name(live.generation)

        def write(folder: Path, number: int) -> Manifest:
            for name in live.files:
                if name == _SQLITE:
                    continue
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source / name, folder / name)
                except OSError:  # a file system without hard links
                    shutil.copy2(source / name, folder / name)
            shutil.copyfile(source / _SQLITE, folder / _SQLITE)
            with closing(sqlite3.connect(folder / _SQLITE)) as db, db:
                known = {row[0] for row in db.execute("SELECT doc_id FROM documents")}
                db.executemany("DELETE FROM facts WHERE doc_id = ?", [(d,) for d in sorted(change.facts)])
                db.executemany(
                    "INSERT INTO facts VALUES (?,?)",
                    sorted((d, f) for d, f in change.facts.items() if f is not None and d in known),
                )
            crash_point("facts-after-sqlite")
            files = dict(live.files)
            files[_SQLITE] = {"bytes": (folder / _SQLITE).stat().st_size, "sha256": file_sha256(folder / _SQLITE)}
            manifest = replace(live, generation=number, created_at=utc_now(), files=files)
            _write_manifest(folder, manifest)
            return manifest

        previous = self.current_generation()
        staged = self._stage(write)
        self.switch_to(staged)
        self._remove_generations(keep={staged.name, previous})
        return staged.manifest

    def _content_after(self, change: IndexChange) -> IndexContent:
        kept: list[DocumentContent] = []
        dimension = next((d.vectors.shape[1] for d in change.put), 0)
        if not change.fresh and self.current_generation() is not None:
            base = self.open()
            try:
                kept = _stored_documents(base, change.facts)
                dimension = dimension or base.manifest.dimension
            finally:
                base.close()
        # Stored reports keep their place; a replaced one takes the place of the old, new ones come last.
        put = {d.record.doc_id: d for d in change.put}
        documents = [put.pop(d.record.doc_id, d) for d in kept if d.record.doc_id not in change.removed]
        documents += put.values()
        parts = [d.vectors for d in documents if len(d.vectors)]
        return IndexContent(
            model=change.model,
            chunking=change.chunking,
            documents=[d.record for d in documents],
            chunks=[c for d in documents for c in d.chunks],
            vectors=np.vstack(parts) if parts else np.zeros((0, dimension), dtype=np.float32),
            facts={d.record.doc_id: d.facts for d in documents if d.facts is not None and change.entities is not None},
            entities=change.entities,
        )

    def commit_content(self, content: IndexContent) -> Manifest:
        """Write ``content`` as a complete new generation and make it the live one."""
        previous = self.current_generation()
        staged = self.write_generation(content)
        self.switch_to(staged)
        # The previous generation stays one round, for readers that still have it open.
        self._remove_generations(keep={staged.name, previous})
        return staged.manifest

    def write_generation(self, content: IndexContent) -> StagedGeneration:
        """Write ``content`` as the next generation, complete and fsynced, but not yet live."""
        return self._stage(lambda folder, number: _write_files(folder, content, number))

    def _stage(self, write: Callable[[Path, int], Manifest]) -> StagedGeneration:
        """The next generation, written by ``write`` into a staging folder, fsynced and renamed into place."""
        self.directory.mkdir(parents=True, exist_ok=True)
        previous = self.current_generation()
        self._remove_orphans(previous)
        number = _generation_number(previous) + 1
        name = _generation_name(number)
        staging = self.directory / f"{_STAGING_PREFIX}{name}-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        manifest = write(staging, number)
        _fsync_tree(staging)
        crash_point("before-rename")
        os.replace(staging, self.directory / name)
        return StagedGeneration(name, manifest)

    def switch_to(self, staged: StagedGeneration) -> None:
        """Make a written generation the live one: the commit point, one atomic rename."""
        crash_point("before-switch")
        pointer = self.directory / f".{_CURRENT}.tmp"
        with open(pointer, "w", encoding="utf-8") as handle:
            handle.write(staged.name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer, self.directory / _CURRENT)
        _fsync_dir(self.directory)
        crash_point("after-switch")

    def _remove_orphans(self, live: str | None) -> None:
        """Drop what a crashed commit left: staging folders and generations newer than the live one."""
        live_number = _generation_number(live)
        for path in self._generation_folders():
            if path.name.startswith(_STAGING_PREFIX) or _generation_number(path.name) > live_number:
                shutil.rmtree(path, ignore_errors=True)

    def _remove_generations(self, keep: set[str | None]) -> None:
        for path in self._generation_folders():
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def _generation_folders(self) -> list[Path]:
        return [
            path
            for path in self.directory.iterdir()
            if path.is_dir() and path.name.startswith((_GENERATION_PREFIX, _STAGING_PREFIX))
        ]


def _stored_documents(snapshot: Snapshot, new_facts: dict[str, str | None]) -> list[DocumentContent]:
    """Every report of ``snapshot`` with its chunks and vectors, its facts replaced by ``new_facts``."""
    records = snapshot.documents()
    pairs = snapshot.chunks_with_rows([r.doc_id for r in records])
    vectors = snapshot.window_vectors_of([row for _, row in pairs])
    facts: dict[str, str | None] = {**snapshot.facts_json(), **new_facts}
    by_doc: dict[str, tuple[list[Chunk], list[np.ndarray]]] = {r.doc_id: ([], []) for r in records}
    position = 0
    for chunk, _ in pairs:
        count = len(chunk.window_texts())
        chunks, parts = by_doc[chunk.doc_id]
        chunks.append(chunk)
        parts.append(vectors[position : position + count])
        position += count
    stored = []
    for record in records:
        chunks, parts = by_doc[record.doc_id]
        stacked = np.vstack(parts) if parts else np.zeros((0, snapshot.manifest.dimension), dtype=np.float32)
        stored.append(DocumentContent(record, chunks, stacked, facts.get(record.doc_id)))
    return stored


@dataclass(frozen=True)
class StagedGeneration:
    """A generation written in full beside the live one, waiting to be switched in."""

    name: str
    manifest: Manifest


_GENERATION_PREFIX = "gen-"
_STAGING_PREFIX = ".staging-"


def _generation_name(number: int) -> str:
    return f"{_GENERATION_PREFIX}{number:06d}"


def _generation_number(name: str | None) -> int:
    """0 for no generation; the number in "gen-000007" otherwise."""
    return int(name.split("-")[1]) if name else 0


def _write_files(folder: Path, content: IndexContent, number: int) -> Manifest:
    """Write every file of a generation into ``folder``, the manifest last."""
    chunks, vectors = content.chunks, content.vectors
    counts = [len(c.window_texts()) for c in chunks]
    if sum(counts) != len(vectors):
        raise ValueError(f"{len(vectors)} vectors for {sum(counts)} dense windows: one vector per window")
    _write_sqlite(folder / _SQLITE, content.documents, chunks, content.facts)
    np.save(folder / _WINDOWS, np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]).astype(np.int64))
    crash_point("after-sqlite")
    import faiss

    dimension = int(vectors.shape[1])
    faiss.write_index(vector_index.build(vectors, dimension), str(folder / _FAISS))
    crash_point("after-faiss")
    LexicalIndex.build([c.text for c in chunks]).save(folder / _BM25)
    manifest = Manifest(
        schema_version=SCHEMA_VERSION,
        model_name=content.model.name,
        model_sha256=content.model.sha256,
        backend=content.model.backend,
        backend_sha256=content.model.backend_sha256,
        vector_family=content.model.family,
        dimension=dimension,
        chunking=content.chunking,
        generation=number,
        created_at=utc_now(),
        documents=len(content.documents),
        chunks=len(chunks),
        vectors=len(vectors),
        lexical=BM25_PARAMS,
        faiss_index=vector_index.kind_for(len(vectors)),
        files=_describe_files(folder),
        entities=content.entities,
    )
    _write_manifest(folder, manifest)
    return manifest


def _write_manifest(folder: Path, manifest: Manifest) -> None:
    data = asdict(manifest)
    text = json.dumps({**data, "checksum": _json_checksum(data)}, indent=2)
    (folder / _MANIFEST).write_text(text, encoding="utf-8")


def _write_sqlite(path: Path, documents: list[DocumentRecord], chunks: list[Chunk], facts: dict[str, str]) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(_SCHEMA)
        db.executemany(
            f"INSERT INTO documents VALUES ({','.join('?' * len(fields(DocumentRecord)))})",
            [tuple(asdict(d).values()) for d in documents],
        )
        db.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?)",
            [
                (row, c.chunk_id, c.doc_id, c.page, c.start, c.end, c.text, json.dumps(c.windows))
                for row, c in enumerate(chunks)
            ],
        )
        db.executemany("INSERT INTO facts VALUES (?,?)", sorted(facts.items()))


def _fsync_tree(directory: Path) -> None:
    for path in directory.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(directory)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
