"""Stage 4, past one machine: the index in Milvus (a cluster, or milvus-lite in-process).

Selected by ``--store milvus://HOST:PORT/NAME`` (a cluster) or ``--store milvus:PATH.db[#NAME]``
(milvus-lite), or ``REPORTQA_STORE``. Everything the query path reads lives in the engine, so
``reportqa serve`` processes on several machines can share one cluster and keep no state:

    NAME_documents  one row per report: its record (JSON), live version, windows, facts version
    NAME_chunks     one row per chunk and version: text, offsets, and the BM25 terms, which
                    Milvus's own BM25 function turns into a sparse vector
    NAME_windows    one row per dense window and version: the unit vector, its chunk's row
    NAME_facts      each report's entities (JSON in pieces), per facts version
    NAME_terms      every BM25 term, for the answerer's "does the corpus use this word" check
    NAME_meta       the manifest (model, chunking, entity stage) and the commit token

Safe without transactions: a commit writes a report's new chunks, windows and facts under a
new version first, then switches the report's one document row to it (a single-row upsert,
atomic), then deletes the old version's rows. Readers take only rows of the version their
document row names, so they see the old report or the new one, never a mix. A killed ingest
leaves a ``pending`` note in NAME_meta; the next commit of the same writer deletes what the
note's reports left behind, and the reports it never switched are simply ingested again.

The BM25 terms are reportqa's own analysis (lexical.LexicalTokenizer: stemming, stop words,
CJK bigrams) joined by spaces, split by Milvus's whitespace analyser: both stores rank on the
same terms with the same k1 and b (Milvus's scores are bm25s's times k1 + 1; fusion
standardises them).
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from .._util import utc_now
from ..lexical import BM25_PARAMS, LexicalTokenizer, folded_terms, terms_found
from ..types import Chunk, DocumentFacts, DocumentRecord
from .base import (
    SCHEMA_VERSION,
    DocumentContent,
    IndexChange,
    IndexCorruptError,
    IndexMismatchError,
    IndexProblem,
    Manifest,
    NoIndexError,
    Scope,
    crash_point,
)

if TYPE_CHECKING:
    from pymilvus import MilvusClient

DEFAULT_NAME = "reportqa"
# Milvus caps a VARCHAR at 65,535 bytes; a report's facts are stored in pieces below that.
_VARCHAR_BYTES = 65_535
_FACTS_PIECE_CHARS = 16_000  # 4 bytes per character at worst
_ID_BYTES = 256
# Milvus returns at most 16,384 rows per search or query.
_MAX_LIMIT = 16_384
_QUERY_BATCH = 1_000
# Dense index: AUTOINDEX lets the engine choose (HNSW on a cluster; FLAT/IVF on milvus-lite).
_DENSE_INDEX = "AUTOINDEX"
# How long to wait for the engine to answer a connection before saying it is unreachable.
_CONNECT_SECONDS = 10


class StoreUnreachableError(IndexProblem):
    pass


@dataclass(frozen=True)
class MilvusAddress:
    """Where the collections are: a cluster's URI or a milvus-lite file, and their name prefix."""

    uri: str
    name: str

    @classmethod
    def parse(cls, address: str) -> MilvusAddress:
        """``milvus://host:port[/name]`` (a cluster) or ``milvus:path.db[#name]`` (milvus-lite)."""
        if address.startswith("milvus://"):
            rest = address.removeprefix("milvus://")
            host, _, name = rest.partition("/")
            if not host:
                raise IndexProblem(f"no host in the Milvus address {address!r}: use milvus://HOST:PORT/NAME")
            if ":" not in host:
                host += ":19530"
            return cls(f"http://{host}", _valid_name(name or DEFAULT_NAME, address))
        path, _, name = address.removeprefix("milvus:").partition("#")
        if not path.endswith(".db"):
            raise IndexProblem(
                f"the milvus-lite file in {address!r} must end in .db (milvus:./index/milvus.db); "
                "a cluster is milvus://HOST:PORT/NAME"
            )
        return cls(path, _valid_name(name or DEFAULT_NAME, address))

    @property
    def is_lite(self) -> bool:
        return not self.uri.startswith("http")

    def __str__(self) -> str:
        return f"Milvus {self.uri} (collections {self.name}_*)"


def _valid_name(name: str, address: str) -> str:
    if not name.replace("_", "").isalnum() or not name[0].isalpha():
        raise IndexProblem(f"the collection name in {address!r} must be letters, digits and _, starting with a letter")
    return name


class MilvusStore:
    """The index in Milvus: an :class:`~reportqa.stores.base.IndexBackend`."""

    # A collection shared by a cluster's users is never dropped implicitly: an index built
    # with another model is refused, not replaced.
    rebuild_allowed = False

    def __init__(self, client: MilvusClient, address: MilvusAddress):
        self.client = client
        self.address = address
        self._loaded = False

    @classmethod
    def connect(cls, address: str, token: str | None = None) -> MilvusStore:
        parsed = MilvusAddress.parse(address)
        try:
            with warnings.catch_warnings():
                # milvus-lite 2.5 imports pkg_resources, which warns on every start.
                warnings.simplefilter("ignore", UserWarning)
                from pymilvus import MilvusClient

                # pymilvus logs every failed call at ERROR on stderr; reportqa reports it once, in one line.
                for name in ("pymilvus", "pymilvus.milvus_client"):
                    logging.getLogger(name).setLevel(logging.CRITICAL)

                if parsed.is_lite:
                    from pathlib import Path

                    Path(parsed.uri).parent.mkdir(parents=True, exist_ok=True)
                # A connection of its own: pymilvus shares one per address otherwise, and closing
                # this store (an ingest that ends) must not close a serving retriever's.
                alias = f"reportqa-{uuid.uuid4().hex}"
                client = MilvusClient(uri=parsed.uri, token=token or "", timeout=_CONNECT_SECONDS, alias=alias)
        except ImportError as exc:
            raise IndexProblem(f"{parsed} needs pymilvus: pip install 'reportqa[milvus]' ({exc})") from exc
        except Exception as exc:  # MilvusException, or grpc's own error for a refused login
            raise StoreUnreachableError(_connect_message(parsed, exc)) from exc
        return cls(client, parsed)

    # --- names and layout --------------------------------------------------------------

    def _c(self, kind: str) -> str:
        return f"{self.address.name}_{kind}"

    @property
    def location(self) -> str:
        return str(self.address)

    def _exists(self) -> bool:
        return bool(self._call(self.client.has_collection, self._c("meta")))

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call the client; the engine's errors become one-line IndexProblems."""
        import grpc
        from pymilvus import MilvusException

        try:
            return method(*args, **kwargs)
        except (MilvusException, grpc.RpcError) as exc:
            raise StoreUnreachableError(f"{self.address}: {_reason(exc)}") from exc

    def _ensure_loaded(self) -> None:
        """After a restart Milvus serves a collection only once it is loaded again."""
        if self._loaded:
            return
        for kind in _KINDS:
            self._call(self.client.load_collection, self._c(kind))
        self._loaded = True

    # --- IndexBackend ------------------------------------------------------------------

    def lock(self, writer: str = "ingest") -> AbstractContextManager[object]:
        """Finish what a killed commit of ``writer`` left, then let it write. Workers write disjoint
        reports (ingest --shard) and each report switches atomically, so there is no lock to
        take; one worker per shard is the operator's rule (docs/SCALING.md)."""
        if self._exists():
            self._ensure_loaded()
            self._clean_up_after(writer)
        return nullcontext()

    def current_generation(self) -> str | None:
        # Every search asks this: once the collections are loaded they are known to exist, so
        # it is one round trip to the engine, not two.
        if not self._loaded and not self._exists():
            return None
        self._ensure_loaded()
        return self._get_meta("generation")

    def read_manifest(self) -> Manifest | None:
        if not self._loaded and not self._exists():
            return None
        self._ensure_loaded()
        value = self._get_meta("manifest")
        if value is None:
            return None
        try:
            data = json.loads(value)
            if data.get("schema_version") != SCHEMA_VERSION:
                raise IndexMismatchError(
                    f"{self.address} uses index format {data.get('schema_version')}, this reportqa reads format "
                    f"{SCHEMA_VERSION}: ingest into a new collection name"
                )
            return Manifest(**data)
        except (json.JSONDecodeError, TypeError, AttributeError) as exc:
            raise IndexCorruptError(f"the manifest in {self._c('meta')} is damaged ({exc})") from exc

    def open(self) -> MilvusReader:
        manifest = self.read_manifest()
        generation = self.current_generation()
        if manifest is None or generation is None:
            raise NoIndexError(f"no index in {self.address} yet: run `reportqa ingest --store ...` to build it")
        return MilvusReader(self, manifest, generation)

    def close(self) -> None:
        self.client.close()

    def commit(self, change: IndexChange) -> Manifest:
        """Write ``change``: new versions first, then each report's switch, then the clean-up."""
        dimension = next((d.vectors.shape[1] for d in change.put), 0)
        manifest = self.read_manifest()
        if manifest is None:
            if not dimension:
                raise ValueError("the first commit to a new Milvus index must say the vectors' dimension")
            self._create(dimension)
        else:
            reason = manifest.vectors_mismatch(change.model, change.chunking)
            if reason is None and dimension and dimension != manifest.dimension:
                reason = f"its vectors have {manifest.dimension} dimensions, not {dimension}"
            if reason:
                raise IndexMismatchError(f"{self.address} cannot take this ingest: {reason}")
            if manifest.lexical != BM25_PARAMS:
                self._retune_bm25()
        writer = change.writer
        version = uuid.uuid4().hex[:16]
        touched = sorted({d.record.doc_id for d in change.put} | set(change.facts) | set(change.removed))
        # Written before anything else: if this commit dies, the next one of this writer finds it.
        self._put_meta(f"pending:{writer}", json.dumps(touched))
        live = self._live_versions(touched)
        facts_versions = dict.fromkeys(touched, "")
        self._write_chunks(change.put, version)
        for content in change.put:
            if content.facts is not None and change.entities is not None:
                self._write_facts(content.record.doc_id, version, content.facts)
                facts_versions[content.record.doc_id] = version
        for doc_id, facts in change.facts.items():
            if facts is not None and change.entities is not None and doc_id in live:
                self._write_facts(doc_id, version, facts)
                facts_versions[doc_id] = version
        crash_point("milvus-before-switch")
        # The switch: one row per report names its live version.
        rows = [
            {
                "doc_id": d.record.doc_id,
                "version": version,
                "record": json.dumps(asdict(d.record)),
                "windows": len(d.vectors),
                "facts_version": facts_versions[d.record.doc_id],
            }
            | _PLACEHOLDER
            for d in change.put
        ]
        for doc_id in change.facts:
            if doc_id in live and doc_id not in {r["doc_id"] for r in rows}:
                row = dict(live[doc_id])
                row["facts_version"] = facts_versions[doc_id]
                rows.append(row)
        if rows:
            self._call(self.client.upsert, self._c("documents"), rows)
        if change.removed:
            self._call(self.client.delete, self._c("documents"), filter=_in("doc_id", sorted(change.removed)))
        if change.entities is None and manifest is not None and manifest.entities is not None:
            self._drop_all_facts()
        manifest = self._write_manifest(change, dimension or (manifest.dimension if manifest else 0), manifest)
        crash_point("milvus-after-switch")
        self._delete_old_versions(touched)
        self._call(self.client.delete, self._c("meta"), ids=[f"pending:{writer}"])
        return manifest

    # --- writing -----------------------------------------------------------------------

    def _create(self, dimension: int) -> None:
        from pymilvus import DataType, Function, FunctionType

        client = self.client

        def schema() -> Any:
            return client.create_schema(auto_id=False, enable_dynamic_field=False)

        def small(fields: Any) -> Any:  # Milvus needs a vector in every collection: a 2-d placeholder
            fields.add_field("v", DataType.FLOAT_VECTOR, dim=2)
            return fields

        def placeholder_index() -> Any:
            params = client.prepare_index_params()
            params.add_index("v", index_type="FLAT", metric_type="L2")
            return params

        documents = schema()
        documents.add_field("doc_id", DataType.VARCHAR, is_primary=True, max_length=_ID_BYTES)
        documents.add_field("version", DataType.VARCHAR, max_length=_ID_BYTES)
        documents.add_field("record", DataType.VARCHAR, max_length=_VARCHAR_BYTES)
        documents.add_field("windows", DataType.INT64)
        documents.add_field("facts_version", DataType.VARCHAR, max_length=_ID_BYTES)

        chunks = schema()
        chunks.add_field("row", DataType.INT64, is_primary=True)
        chunks.add_field("doc_id", DataType.VARCHAR, max_length=_ID_BYTES)
        chunks.add_field("version", DataType.VARCHAR, max_length=_ID_BYTES)
        chunks.add_field("ordinal", DataType.INT64)
        chunks.add_field("chunk_id", DataType.VARCHAR, max_length=_ID_BYTES)
        chunks.add_field("page", DataType.INT64)  # -1: a format without pages
        chunks.add_field("start", DataType.INT64)
        chunks.add_field("end", DataType.INT64)
        chunks.add_field("text", DataType.VARCHAR, max_length=_VARCHAR_BYTES)
        chunks.add_field("windows", DataType.VARCHAR, max_length=_VARCHAR_BYTES)
        chunks.add_field(
            "terms",
            DataType.VARCHAR,
            max_length=_VARCHAR_BYTES,
            enable_analyzer=True,
            analyzer_params={"tokenizer": "whitespace"},
        )
        chunks.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        chunks.add_function(
            Function(
                name="bm25",
                function_type=FunctionType.BM25,
                input_field_names=["terms"],
                output_field_names=["sparse"],
            )
        )
        chunk_index = self._bm25_index()

        windows = schema()
        windows.add_field("id", DataType.INT64, is_primary=True)
        windows.add_field("chunk_row", DataType.INT64)
        windows.add_field("doc_id", DataType.VARCHAR, max_length=_ID_BYTES)
        windows.add_field("version", DataType.VARCHAR, max_length=_ID_BYTES)
        windows.add_field("vector", DataType.FLOAT_VECTOR, dim=dimension)
        window_index = client.prepare_index_params()
        window_index.add_index("vector", index_type=_DENSE_INDEX, metric_type="IP")

        facts = schema()
        facts.add_field("id", DataType.VARCHAR, is_primary=True, max_length=_ID_BYTES)
        facts.add_field("doc_id", DataType.VARCHAR, max_length=_ID_BYTES)
        facts.add_field("facts_version", DataType.VARCHAR, max_length=_ID_BYTES)
        facts.add_field("piece", DataType.INT64)
        facts.add_field("data", DataType.VARCHAR, max_length=_VARCHAR_BYTES)

        terms = schema()
        terms.add_field("term", DataType.VARCHAR, is_primary=True, max_length=_ID_BYTES)

        meta = schema()
        meta.add_field("key", DataType.VARCHAR, is_primary=True, max_length=_ID_BYTES)
        meta.add_field("value", DataType.VARCHAR, max_length=_VARCHAR_BYTES)

        layout = {
            "documents": (small(documents), placeholder_index()),
            "chunks": (chunks, chunk_index),
            "windows": (windows, window_index),
            "facts": (small(facts), placeholder_index()),
            "terms": (small(terms), placeholder_index()),
            "meta": (small(meta), placeholder_index()),  # last: its existence says the rest exists
        }
        for kind, (fields, index) in layout.items():
            if not self._call(client.has_collection, self._c(kind)):
                self._call(
                    client.create_collection,
                    self._c(kind),
                    schema=fields,
                    index_params=index,
                    consistency_level="Strong",
                )
        self._loaded = True

    def _bm25_index(self) -> Any:
        params = self.client.prepare_index_params()
        params.add_index(
            "sparse",
            index_type="SPARSE_INVERTED_INDEX",
            metric_type="BM25",
            params={"bm25_k1": BM25_PARAMS["k1"], "bm25_b": BM25_PARAMS["b"]},
        )
        return params

    def _retune_bm25(self) -> None:
        """Index the chunks' BM25 vectors again with this reportqa's k1 and b (nothing is embedded)."""
        name = self._c("chunks")
        self._call(self.client.release_collection, name)
        self._call(self.client.drop_index, name, "sparse")
        self._call(self.client.create_index, name, self._bm25_index())
        self._call(self.client.load_collection, name)

    def _write_chunks(self, documents: list[DocumentContent], version: str) -> None:
        """Insert the chunks and dense windows of ``documents`` under ``version``, and their BM25 terms."""
        chunks = [c for d in documents for c in d.chunks]
        analysed = self._analyse([c.text for c in chunks])
        rows: list[dict] = []
        window_rows: list[dict] = []
        for content in documents:
            record = content.record
            position = 0
            for ordinal, chunk in enumerate(content.chunks):
                row = _row_id(f"{chunk.chunk_id}@{version}")
                if len(chunk.text.encode()) > _VARCHAR_BYTES:
                    raise ValueError(f"a chunk of {record.source} is longer than Milvus's VARCHAR limit")
                rows.append(
                    {
                        "row": row,
                        "doc_id": record.doc_id,
                        "version": version,
                        "ordinal": ordinal,
                        "chunk_id": chunk.chunk_id,
                        "page": -1 if chunk.page is None else chunk.page,
                        "start": chunk.start,
                        "end": chunk.end,
                        "text": chunk.text,
                        "windows": json.dumps(chunk.windows),
                        # An empty text has no BM25 vector; a chunk of stop words only matches nothing either way.
                        "terms": " ".join(analysed[len(rows)]) or "\u2205",
                    }
                )
                for i in range(len(chunk.window_texts())):
                    window_rows.append(
                        {
                            "id": _row_id(f"{chunk.chunk_id}@{version}#{i}"),
                            "chunk_row": row,
                            "doc_id": record.doc_id,
                            "version": version,
                            "vector": content.vectors[position + i].astype(np.float32).tolist(),
                        }
                    )
                position += len(chunk.window_texts())
        for batch in _batches(rows, 1000):
            self._call(self.client.insert, self._c("chunks"), batch)
        for batch in _batches(window_rows, 2000):
            self._call(self.client.insert, self._c("windows"), batch)
        terms = sorted({t for tokens in analysed for t in tokens if len(t.encode()) <= _ID_BYTES})
        for batch in _batches([{"term": t} | _PLACEHOLDER for t in terms], 5000):
            self._call(self.client.upsert, self._c("terms"), batch)

    def _write_facts(self, doc_id: str, version: str, facts: str) -> None:
        pieces = [facts[i : i + _FACTS_PIECE_CHARS] for i in range(0, len(facts), _FACTS_PIECE_CHARS)] or [""]
        rows = [
            {"id": f"{doc_id}@{version}#{i}", "doc_id": doc_id, "facts_version": version, "piece": i, "data": piece}
            | _PLACEHOLDER
            for i, piece in enumerate(pieces)
        ]
        self._call(self.client.insert, self._c("facts"), rows)

    _tokenizer: LexicalTokenizer | None = None

    def _analyse(self, texts: list[str]) -> list[list[str]]:
        if self._tokenizer is None:
            self._tokenizer = LexicalTokenizer()
        return self._tokenizer(texts) if texts else []

    def _get_meta(self, key: str) -> str | None:
        rows = self._call(self.client.query, self._c("meta"), ids=[key], output_fields=["value"])
        return rows[0]["value"] if rows else None

    def _put_meta(self, key: str, value: str) -> None:
        self._call(self.client.upsert, self._c("meta"), [{"key": key, "value": value} | _PLACEHOLDER])

    def _write_manifest(self, change: IndexChange, dimension: int, previous: Manifest | None) -> Manifest:
        manifest = Manifest(
            schema_version=SCHEMA_VERSION,
            model_name=change.model.name,
            model_sha256=change.model.sha256,
            dimension=dimension,
            chunking=change.chunking,
            generation=(previous.generation + 1) if previous else 1,
            created_at=utc_now(),
            # Counted by readers from the document rows (several writers may commit at once).
            documents=0,
            chunks=0,
            vectors=0,
            lexical=BM25_PARAMS,
            backend=change.model.backend,
            backend_sha256=change.model.backend_sha256,
            faiss_index=f"milvus-{_DENSE_INDEX}",
            entities=change.entities,
            vector_family=change.model.family,
        )
        self._put_meta("manifest", json.dumps(asdict(manifest)))
        self._put_meta("generation", uuid.uuid4().hex)
        return manifest

    def _live_versions(self, doc_ids: Sequence[str]) -> dict[str, dict]:
        """The document rows of these reports, by doc id."""
        rows: dict[str, dict] = {}
        for batch in _batches(list(doc_ids), 1000):
            found = self._call(
                self.client.query, self._c("documents"), ids=batch, output_fields=[*_DOCUMENT_FIELDS, "v"]
            )
            rows.update({r["doc_id"]: dict(r) for r in found})
        return rows

    def _delete_old_versions(self, doc_ids: Sequence[str]) -> None:
        """Delete every chunk, window and facts row of these reports that their document row does not name."""
        live = self._live_versions(doc_ids)
        gone = [d for d in doc_ids if d not in live]
        by_version: dict[str, list[str]] = {}
        by_facts: dict[str, list[str]] = {}
        for doc_id, row in live.items():
            by_version.setdefault(row["version"], []).append(doc_id)
            by_facts.setdefault(row["facts_version"], []).append(doc_id)
        for kind in ("chunks", "windows"):
            if gone:
                self._call(self.client.delete, self._c(kind), filter=_in("doc_id", gone))
            for version, ids in by_version.items():
                self._call(self.client.delete, self._c(kind), filter=f'{_in("doc_id", ids)} and version != "{version}"')
        if gone:
            self._call(self.client.delete, self._c("facts"), filter=_in("doc_id", gone))
        for version, ids in by_facts.items():
            self._call(
                self.client.delete, self._c("facts"), filter=f'{_in("doc_id", ids)} and facts_version != "{version}"'
            )

    def _clean_up_after(self, writer: str) -> None:
        """Finish what a killed commit of this writer left: rows of versions no report names."""
        pending = self._get_meta(f"pending:{writer}")
        if pending is not None:
            self._delete_old_versions(json.loads(pending))
            self._call(self.client.delete, self._c("meta"), ids=[f"pending:{writer}"])

    def _drop_all_facts(self) -> None:
        self._call(self.client.delete, self._c("facts"), filter='doc_id != ""')
        rows = [{**r, "facts_version": ""} for r in self._all_documents()]
        for batch in _batches(rows, 1000):
            self._call(self.client.upsert, self._c("documents"), batch)

    def _all_documents(self) -> Iterator[dict]:
        return self._rows("documents", 'doc_id != ""', [*_DOCUMENT_FIELDS, "v"])

    def _rows(self, kind: str, condition: str, fields: list[str], batch_size: int = _QUERY_BATCH) -> Iterator[dict]:
        """Every row of a collection that meets ``condition``, fetched in batches (a plain query
        returns at most 16,384)."""
        iterator = self._call(
            self.client.query_iterator, self._c(kind), batch_size=batch_size, filter=condition, output_fields=fields
        )
        try:
            while batch := self._call(iterator.next):
                yield from (dict(r) for r in batch)
        finally:
            iterator.close()


# The value of the 2-d placeholder vector of the collections that need no vector.
_PLACEHOLDER = {"v": [0.0, 0.0]}
_KINDS = ("documents", "chunks", "windows", "facts", "terms", "meta")
_DOCUMENT_FIELDS = ["doc_id", "version", "record", "windows", "facts_version"]
_CHUNK_FIELDS = ["row", "doc_id", "version", "ordinal", "chunk_id", "page", "start", "end", "text", "windows"]


class MilvusReader:
    """The live Milvus index as one reader sees it: an :class:`~reportqa.stores.base.IndexReader`.

    The document rows are read once, at open (the retriever opens a new reader when the
    commit token changes); chunks, windows and BM25 are searched in the engine and any row
    of a version other than its document's live one is left out."""

    def __init__(self, store: MilvusStore, manifest: Manifest, generation: str):
        self._store = store
        self._generation = generation
        rows = list(store._all_documents())
        self._records = {r["doc_id"]: DocumentRecord(**json.loads(r["record"])) for r in rows}
        self._versions = {r["doc_id"]: r["version"] for r in rows}
        self._facts_versions = {r["doc_id"]: r["facts_version"] for r in rows if r["facts_version"]}
        self.manifest = replace(
            manifest,
            documents=len(rows),
            chunks=sum(r.chunks for r in self._records.values()),
            vectors=sum(int(r["windows"]) for r in rows),
        )
        self._vocabulary: list[str] | None = None
        self._tokenizer: LexicalTokenizer | None = None

    @property
    def generation(self) -> str:
        return self._generation

    def close(self) -> None:
        pass  # the client belongs to the store

    def documents(self) -> list[DocumentRecord]:
        return sorted(self._records.values(), key=lambda r: (r.date is not None, r.date or "", r.source))

    def _chunk(self, row: dict) -> Chunk:
        record = self._records[row["doc_id"]]
        return Chunk(
            row["chunk_id"], row["doc_id"], record.source, record.title, record.date,
            None if row["page"] < 0 else row["page"], row["start"], row["end"], row["text"],
            tuple(map(tuple, json.loads(row["windows"]))),
        )  # fmt: skip

    def _is_live(self, row: dict) -> bool:
        return self._versions.get(row["doc_id"]) == row["version"]

    def chunks_at(self, rows: Sequence[int]) -> dict[int, Chunk]:
        if not rows:
            return {}
        found = self._store._call(
            self._store.client.query, self._store._c("chunks"), ids=[int(r) for r in rows], output_fields=_CHUNK_FIELDS
        )
        return {r["row"]: self._chunk(r) for r in found if self._is_live(r)}

    def chunks_of(self, doc_ids: Sequence[str]) -> list[Chunk]:
        wanted = [d for d in doc_ids if d in self._versions]
        found: list[dict] = []
        for batch in _batches(wanted, 200):
            versions = " or ".join(f'(doc_id == "{d}" and version == "{self._versions[d]}")' for d in batch)
            found.extend(self._store._rows("chunks", versions, _CHUNK_FIELDS))
        order = {d: i for i, d in enumerate(wanted)}
        found.sort(key=lambda r: (order[r["doc_id"]], r["ordinal"]))
        return [self._chunk(r) for r in found]

    def facts_json(self) -> dict[str, str]:
        if self.manifest.entities is None or not self._facts_versions:
            return {}
        pieces: dict[str, list[tuple[int, str]]] = {}
        for r in self._store._rows("facts", 'doc_id != ""', ["doc_id", "facts_version", "piece", "data"]):
            if self._facts_versions.get(r["doc_id"]) == r["facts_version"]:
                pieces.setdefault(r["doc_id"], []).append((r["piece"], r["data"]))
        return {doc_id: "".join(data for _, data in sorted(parts)) for doc_id, parts in pieces.items()}

    def facts(self) -> dict[str, DocumentFacts]:
        return {doc_id: DocumentFacts.from_json(data) for doc_id, data in self.facts_json().items()}

    def analysed(self) -> set[str]:
        """Doc ids of the reports whose document row names a facts version."""
        return set(self._facts_versions) if self.manifest.entities is not None else set()

    def _in_scope(self, scope: Scope) -> list[str]:
        return [
            doc_id
            for doc_id, record in self._records.items()
            if (scope.doc_ids is None or doc_id in scope.doc_ids)
            and (not scope.date_from or (record.date is not None and record.date >= scope.date_from))
            and (not scope.date_to or (record.date is not None and record.date <= scope.date_to))
        ]

    def count_in(self, scope: Scope) -> int:
        return sum(self._records[d].chunks for d in self._in_scope(scope))

    def _filter(self, scope: Scope | None) -> str:
        return "" if scope is None else _in("doc_id", self._in_scope(scope))

    def dense_search(self, vector: np.ndarray, pool: int, scope: Scope | None) -> dict[int, float]:
        # Several windows of one chunk may rank high: fetch extra so `pool` chunks remain.
        limit = min(pool * 4, _MAX_LIMIT)
        found = self._store._call(
            self._store.client.search,
            self._store._c("windows"),
            data=[np.asarray(vector, dtype=np.float32).reshape(-1).tolist()],
            anns_field="vector",
            filter=self._filter(scope),
            limit=limit,
            output_fields=["chunk_row", "doc_id", "version"],
            search_params={"metric_type": "IP"},
        )[0]
        best: dict[int, float] = {}
        for hit in found:
            entity = hit["entity"]
            if self._is_live(entity) and entity["chunk_row"] not in best:  # results come best first
                best[entity["chunk_row"]] = float(hit["distance"])
                if len(best) == pool:
                    break
        return best

    def lexical_search(self, query: str, k: int, scope: Scope | None) -> tuple[np.ndarray, np.ndarray]:
        terms = self._analyse(query)
        if not terms or not self._records:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        found = self._store._call(
            self._store.client.search,
            self._store._c("chunks"),
            data=[" ".join(terms)],
            anns_field="sparse",
            filter=self._filter(scope),
            limit=min(k * 2, _MAX_LIMIT),  # room for rows of a version being replaced
            output_fields=["doc_id", "version"],
            search_params={"metric_type": "BM25"},
        )[0]
        live = [(hit["id"], hit["distance"]) for hit in found if self._is_live(hit["entity"]) and hit["distance"] > 0]
        live = live[:k]
        return np.array([r for r, _ in live], dtype=np.int64), np.array([s for _, s in live], dtype=np.float32)

    def _analyse(self, text: str) -> list[str]:
        if self._tokenizer is None:
            self._tokenizer = LexicalTokenizer()
        return self._tokenizer([text])[0]

    def has_terms(self, text: str, typos: bool = False) -> bool:
        return terms_found(self._analyse(text), self._known, self._all_terms, typos)

    def _known(self, terms: list[str]) -> set[str]:
        if not terms:
            return set()
        found = self._store._call(
            self._store.client.query, self._store._c("terms"), ids=sorted(set(terms)), output_fields=["term"]
        )
        return {r["term"] for r in found}

    def _all_terms(self) -> list[str]:
        if self._vocabulary is None:
            terms = self._store._rows("terms", 'term != ""', ["term"], batch_size=_QUERY_BATCH * 5)
            self._vocabulary = folded_terms(r["term"] for r in terms)
        return self._vocabulary


def _row_id(key: str) -> int:
    """A stable positive int64 for a row key."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big") & 0x7FFF_FFFF_FFFF_FFFF


def _in(field: str, values: Sequence[str]) -> str:
    """A Milvus filter: ``field`` is one of ``values`` (doc ids and hex versions: no quotes inside)."""
    return f"{field} in {json.dumps(list(values))}"


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _reason(exc: Exception) -> str:
    """The engine's own words, on one line (grpc's errors carry them in ``details()``)."""
    details = getattr(exc, "details", None)
    message = details() if callable(details) else getattr(exc, "message", "") or str(exc)
    message = " ".join(str(message or "").split())
    return message or type(exc).__name__


# What Milvus and grpc say when a login is missing or wrong ("auth check failure, please check
# username and password are correct", "missing authorization in header", UNAUTHENTICATED).
_REFUSED_LOGIN = ("auth check failure", "missing authorization", "unauthenticated", "password", "credential")


def _connect_message(address: MilvusAddress, exc: Exception) -> str:
    reason = _reason(exc)
    if any(word in f"{reason} {exc!r}".lower() for word in _REFUSED_LOGIN):
        return f"{address} refused the login: set REPORTQA_MILVUS_TOKEN to a token or user:password ({reason})"
    return f"cannot reach {address}: {reason}"
