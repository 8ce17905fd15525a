"""Stage 4: the on-disk index.

``index/`` holds numbered generations and a ``CURRENT`` file naming the live one::

    index/CURRENT              "gen-000007"
    index/gen-000007/manifest.json   schema, model, weights checksum, dimension, chunker
    index/gen-000007/store.sqlite    documents and chunks (chunk row = vector row)
    index/gen-000007/vectors.faiss   FAISS inner-product index of unit vectors, one per dense window
    index/gen-000007/window_offsets.npy   windows of chunk r are vector rows offsets[r]:offsets[r+1]
    index/gen-000007/bm25/           bm25s index over the same rows

A new generation is written completely beside the live one and switched in by
atomically replacing ``CURRENT``; a crash at any point leaves the previous
generation live and intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .lexical import BM25_PARAMS, LexicalIndex
from .types import Chunk, DocumentRecord

SCHEMA_VERSION = 3
_CURRENT = "CURRENT"
_MANIFEST = "manifest.json"
_SQLITE = "store.sqlite"
_FAISS = "vectors.faiss"
_WINDOWS = "window_offsets.npy"
_BM25 = "bm25"
_LOCK = ".ingest.lock"


def _crash_point(name: str) -> None:
    """Die here, as a SIGKILL would, when REPORTQA_CRASH_AT names this point (crash tests)."""
    if os.environ.get("REPORTQA_CRASH_AT") == name:
        os._exit(70)


class IndexProblem(Exception):
    """Base class for index problems; the message tells the user what to do."""


class NoIndexError(IndexProblem):
    pass


class IndexMismatchError(IndexProblem):
    pass


class IndexCorruptError(IndexProblem):
    pass


class IndexBusyError(IndexProblem):
    pass


@dataclass(frozen=True)
class Manifest:
    schema_version: int
    model_name: str
    model_sha256: str
    dimension: int
    chunking: dict
    generation: int
    created_at: str
    documents: int
    chunks: int
    vectors: int
    lexical: dict
    backend: str  # what computed the vectors (embed.BACKENDS) and its checksum
    backend_sha256: str
    faiss_index: str = "IndexFlatIP"
    # Every file of the generation with its size and sha256, so damage is found at open.
    files: dict = field(default_factory=dict)

    def mismatch(self, model, chunking: dict) -> str | None:
        """Why an index with this manifest cannot serve ``model`` (an embed.ModelIdentity)
        and ``chunking``, or None."""
        reason = self.vectors_mismatch(model, chunking)
        if reason is None and self.lexical != BM25_PARAMS:
            reason = (
                f"its BM25 index was built with {self.lexical}, this reportqa uses {BM25_PARAMS} "
                "(ingest rebuilds only the BM25 index: nothing is embedded again)"
            )
        return reason

    def vectors_mismatch(self, model, chunking: dict) -> str | None:
        """Why the chunks and vectors of this index cannot be reused for ``model`` and ``chunking``, or None."""
        if self.schema_version != SCHEMA_VERSION:
            return f"it uses index format {self.schema_version}, this reportqa reads format {SCHEMA_VERSION}"
        if self.model_sha256 != model.sha256:
            return f"it was built with model {self.model_name} ({self.model_sha256[:12]}…), not {model.name} ({model.sha256[:12]}…)"
        if self.backend != model.backend:
            return f"its vectors were computed by the {self.backend} backend, not {model.backend} (REPORTQA_BACKEND)"
        if self.backend_sha256 != model.backend_sha256:
            return (
                f"its vectors were computed by another build of the {self.backend} model ({self.backend_sha256[:12]}…)"
            )
        if self.chunking != chunking:
            return f"it was built with chunking {self.chunking}, not {chunking}"
        return None


_SCHEMA = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY, root TEXT NOT NULL, source TEXT NOT NULL, title TEXT NOT NULL,
    date TEXT, sha256 TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    pages INTEGER, chunks INTEGER NOT NULL, ingested_at TEXT NOT NULL, same_as TEXT
);
CREATE TABLE chunks (
    row INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
    page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    windows TEXT NOT NULL
);
CREATE INDEX chunks_doc ON chunks(doc_id);
"""

_CHUNK_COLUMNS = 'c.row, c.chunk_id, c.doc_id, c.page, c.start, c."end", c.text, d.source, d.title, d.date, c.windows'


class Snapshot:
    """One committed generation, opened read-only."""

    def __init__(self, directory: Path, manifest: Manifest):
        import faiss

        self.directory = directory
        self.manifest = manifest
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

    def close(self) -> None:
        self._db.close()

    def _query(self, sql: str, params=()) -> list[tuple]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:  # damage below the checks made at open
            raise IndexCorruptError(_corrupt_message(self.directory / _SQLITE, exc)) from exc

    def documents(self) -> list[DocumentRecord]:
        rows = self._query("SELECT * FROM documents ORDER BY date, source")
        return [DocumentRecord(*row) for row in rows]

    def chunks_at(self, rows: list[int]) -> dict[int, Chunk]:
        """The chunks stored at the given rows, by row."""
        if not rows:
            return {}
        placeholders = ",".join("?" * len(rows))
        query = f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d USING (doc_id) WHERE c.row IN ({placeholders})"
        return {r[0]: _chunk_from_row(r) for r in self._query(query, [int(r) for r in rows])}

    def chunks_of(self, doc_ids: list[str]) -> list[tuple[Chunk, int]]:
        """The chunks of the given documents with their vector rows, in row order."""
        if not doc_ids:
            return []
        placeholders = ",".join("?" * len(doc_ids))
        query = (
            f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d USING (doc_id) "
            f"WHERE c.doc_id IN ({placeholders}) ORDER BY c.row"
        )
        return [(_chunk_from_row(r), r[0]) for r in self._query(query, doc_ids)]

    def rows_matching(self, doc_ids: list[str] | None, date_from: str | None, date_to: str | None) -> np.ndarray:
        """Vector rows of the chunks whose document passes the filters."""
        clauses, params = [], []
        if doc_ids is not None:
            clauses.append(f"d.doc_id IN ({','.join('?' * len(doc_ids))})")
            params.extend(doc_ids)
        if date_from:
            clauses.append("d.date >= ?")
            params.append(date_from)
        if date_to:
            clauses.append("d.date <= ?")
            params.append(date_to)
        where = " AND ".join(clauses) or "1"
        query = f"SELECT c.row FROM chunks c JOIN documents d USING (doc_id) WHERE {where}"
        return np.array([r[0] for r in self._query(query, params)], dtype=np.int64)

    def window_rows(self, chunk_rows) -> np.ndarray:
        """Vector rows of the dense windows of the given chunks, in order."""
        offsets = self.window_offsets
        ranges = [np.arange(offsets[r], offsets[r + 1]) for r in chunk_rows]
        return np.concatenate(ranges).astype(np.int64) if ranges else np.empty(0, dtype=np.int64)

    def chunk_of_windows(self, window_rows: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.window_offsets, window_rows, side="right") - 1

    def window_vectors_of(self, chunk_rows: list[int]) -> np.ndarray:
        rows = self.window_rows(chunk_rows)
        if not len(rows):
            return np.zeros((0, self.manifest.dimension), dtype=np.float32)
        return self.vectors.reconstruct_batch(rows).astype(np.float32)


# Checksums are verified at open while the generation is small enough to hash in well
# under 0.1 s; above that only sizes are checked (truncation, the common damage), so a
# million-chunk index still opens fast.
_HASH_AT_OPEN_UP_TO_BYTES = 64 * 1024 * 1024


def _describe_files(directory: Path) -> dict:
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    return {p.relative_to(directory).as_posix(): {"bytes": p.stat().st_size, "sha256": _sha256(p)} for p in files}


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
        if hash_them and _sha256(path) != expected["sha256"]:
            raise IndexCorruptError(_corrupt_message(path, "its checksum differs from the manifest"))


def _json_checksum(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _chunk_from_row(row: tuple) -> Chunk:
    _, chunk_id, doc_id, page, start, end, text, source, title, date, windows = row
    return Chunk(chunk_id, doc_id, source, title, date, page, start, end, text, tuple(map(tuple, json.loads(windows))))


def _corrupt_message(path: Path, reason: object) -> str:
    return f"index file {path} is damaged ({reason}); delete the index folder and re-run `reportqa ingest`"


class IndexStore:
    """The index folder: reads the live generation, writes and commits new ones."""

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
            if isinstance(data, dict) and data.get("schema_version") != SCHEMA_VERSION:
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
        return Snapshot(self.directory / self.current_generation(), manifest)

    def lock(self):
        """An exclusive lock for writers; a second ingest fails at once instead of waiting."""
        from filelock import FileLock, Timeout

        self.directory.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.directory / _LOCK), timeout=0)
        try:
            lock.acquire()
        except Timeout as exc:
            raise IndexBusyError(
                f"another `reportqa ingest` is writing {self.directory}/; try again when it finishes"
            ) from exc
        return lock

    def commit(
        self,
        *,
        model,
        chunking: dict,
        documents: list[DocumentRecord],
        chunks: list[Chunk],
        vectors: np.ndarray,
    ) -> Manifest:
        """Write a complete new generation and make it the live one.

        ``model`` is the embed.ModelIdentity that computed ``vectors``, which hold the
        dense windows of every chunk, chunk after chunk."""
        import faiss

        counts = [len(c.window_texts()) for c in chunks]
        assert sum(counts) == len(vectors), "one vector per dense window"
        self.directory.mkdir(parents=True, exist_ok=True)
        previous = self.current_generation()
        self._remove_orphans(previous)
        number = int(previous.split("-")[1]) + 1 if previous else 1
        name = f"gen-{number:06d}"
        staging = self.directory / f".staging-{name}-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)

        dimension = int(vectors.shape[1])
        manifest = Manifest(
            schema_version=SCHEMA_VERSION,
            model_name=model.name,
            model_sha256=model.sha256,
            backend=model.backend,
            backend_sha256=model.backend_sha256,
            dimension=dimension,
            chunking=chunking,
            generation=number,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            documents=len(documents),
            chunks=len(chunks),
            vectors=len(vectors),
            lexical=BM25_PARAMS,
            faiss_index="IndexHNSWFlat" if len(vectors) >= HNSW_FROM_VECTORS else "IndexFlatIP",
        )
        with closing(sqlite3.connect(staging / _SQLITE)) as db, db:
            db.executescript(_SCHEMA)
            db.executemany(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [tuple(asdict(d).values()) for d in documents],
            )
            db.executemany(
                "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?)",
                [
                    (row, c.chunk_id, c.doc_id, c.page, c.start, c.end, c.text, json.dumps(c.windows))
                    for row, c in enumerate(chunks)
                ],
            )
        np.save(staging / _WINDOWS, np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]).astype(np.int64))
        _crash_point("after-sqlite")
        index = _vector_index(dimension, len(vectors))
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        faiss.write_index(index, str(staging / _FAISS))
        _crash_point("after-faiss")
        LexicalIndex.build([c.text for c in chunks]).save(staging / _BM25)
        manifest = replace(manifest, files=_describe_files(staging))
        content = asdict(manifest)
        (staging / _MANIFEST).write_text(
            json.dumps({**content, "checksum": _json_checksum(content)}, indent=2), encoding="utf-8"
        )
        _fsync_tree(staging)
        _crash_point("before-rename")

        os.replace(staging, self.directory / name)
        _crash_point("before-switch")
        pointer = self.directory / f".{_CURRENT}.tmp"
        with open(pointer, "w", encoding="utf-8") as handle:
            handle.write(name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer, self.directory / _CURRENT)  # the commit point
        _fsync_dir(self.directory)
        _crash_point("after-switch")
        self._remove_old_generations(keep={name, previous})
        return manifest

    def _remove_orphans(self, live: str | None) -> None:
        """Drop what a crashed commit left: staging folders and generations newer than the live one."""
        live_number = int(live.split("-")[1]) if live else 0
        for path in self.directory.iterdir():
            orphan = path.name.startswith(".staging-") or (
                path.name.startswith("gen-") and int(path.name.split("-")[1]) > live_number
            )
            if path.is_dir() and orphan:
                shutil.rmtree(path, ignore_errors=True)

    def _remove_old_generations(self, keep: set[str | None]) -> None:
        # The previous generation stays one round, for readers that still have it open.
        for path in self.directory.iterdir():
            if path.is_dir() and (path.name.startswith("gen-") or path.name.startswith(".staging-")):
                if path.name not in keep:
                    shutil.rmtree(path, ignore_errors=True)


# Exact search up to this many vectors (a flat scan of 200k x 384 floats takes ~10 ms on
# 2 cores); above it an HNSW graph, whose recall@10 against exact search bench/scale.py
# measures. HNSW_EF_SEARCH trades latency for recall at query time.
HNSW_FROM_VECTORS = 200_000
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


def _vector_index(dimension: int, count: int):
    import faiss

    faiss.omp_set_num_threads(os.cpu_count() or 1)  # building is parallel; searching is not (retrieve.py)
    if count < HNSW_FROM_VECTORS:
        return faiss.IndexFlatIP(dimension)
    index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    return index


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
