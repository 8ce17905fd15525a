"""Stage 4's seam: what the rest of reportqa needs from a store, whichever it is.

:class:`IndexBackend` (where an index lives: read its :class:`Manifest`, open it, lock it,
commit an :class:`IndexChange`) and :class:`IndexReader` (the live index, read-only: documents,
chunks by row, dense and lexical search within a :class:`Scope`, each report's facts), the
change set they exchange (:class:`IndexChange` of :class:`DocumentContent`), and the errors
every store raises (:class:`IndexProblem` and its kinds). The stores themselves --
:mod:`~reportqa.stores.embedded` and :mod:`~reportqa.stores.milvus` -- import this module and
never each other; :func:`reportqa.stores.open_backend` chooses one.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from .. import vector_index
from ..embed import VECTOR_FAMILIES
from ..lexical import BM25_PARAMS
from ..types import Chunk, DocumentFacts, DocumentRecord, EntityProgress

if TYPE_CHECKING:
    from ..embed import ModelIdentity

SCHEMA_VERSION = 4
# Format 3 lacks only the entities table: its chunks and vectors are reused, entities extracted anew.
READABLE_SCHEMAS = (3, SCHEMA_VERSION)


def crash_point(name: str) -> None:
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
    backend: str  # what computed the vectors (one of embed.VECTOR_FAMILIES) and its checksum
    backend_sha256: str
    faiss_index: str = vector_index.FLAT
    # Every file of the generation with its size and sha256, so damage is found at open.
    files: dict = field(default_factory=dict)
    # The entity stage's pipeline and rules (entities.EntityExtractor.settings_record), or None
    # when entities were not extracted; a change re-extracts them without re-embedding.
    entities: dict | None = None
    # "fp32" or "int8" (embed.VECTOR_FAMILIES): vectors of one family may come from any of its
    # backends. Indexes written before the field existed have the family of their backend.
    vector_family: str = ""

    @property
    def family(self) -> str:
        return self.vector_family or VECTOR_FAMILIES.get(self.backend, self.backend)

    def mismatch(self, model: ModelIdentity, chunking: dict) -> str | None:
        """Why an index with this manifest cannot serve ``model`` and ``chunking``, or None."""
        reason = self.vectors_mismatch(model, chunking)
        if reason is None and self.lexical != BM25_PARAMS:
            reason = (
                f"its BM25 index was built with {self.lexical}, this reportqa uses {BM25_PARAMS} "
                "(ingest rebuilds only the BM25 index: nothing is embedded again)"
            )
        return reason

    def vectors_mismatch(self, model: ModelIdentity, chunking: dict) -> str | None:
        """Why the chunks and vectors of this index cannot be reused for ``model`` and ``chunking``, or None."""
        if self.schema_version not in READABLE_SCHEMAS:
            return f"it uses index format {self.schema_version}, this reportqa reads format {SCHEMA_VERSION}"
        if self.model_sha256 != model.sha256:
            return (
                f"it was built with model {self.model_name} ({self.model_sha256[:12]}…), "
                f"not {model.name} ({model.sha256[:12]}…)"
            )
        if self.family != model.family:
            return (
                f"its vectors are {self.family} (computed by {self.backend}), {model.backend} computes {model.family} "
                "vectors (REPORTQA_BACKEND)"
            )
        if self.backend_sha256 != model.backend_sha256:
            return (
                f"its vectors were computed by another build of the {self.backend} model ({self.backend_sha256[:12]}…)"
            )
        if self.chunking != chunking:
            return f"it was built with chunking {self.chunking}, not {chunking}"
        return None


@dataclass(frozen=True)
class DocumentContent:
    """One report as ingest made it: its record, chunks, one vector per dense window (chunk
    after chunk) and its entities (DocumentFacts.to_json; None: not analysed). A copy of
    another report has a record only."""

    record: DocumentRecord
    chunks: list[Chunk]
    vectors: np.ndarray
    facts: str | None = None


@dataclass(frozen=True)
class IndexChange:
    """One commit: what changes in the live index. Everything else stays as stored, so a
    backend writes only what changed (the embedded store copies the rest into its new
    generation; Milvus leaves it where it is)."""

    model: ModelIdentity
    chunking: dict
    put: list[DocumentContent]  # reports new to the index, or replacing the stored one of the same doc id
    removed: frozenset[str] = frozenset()  # doc ids
    # New entities of stored reports, by doc id (ingest's second phase, or the entity stage
    # changed; None: they have none yet, i.e. they wait for the second phase).
    facts: dict[str, str | None] = field(default_factory=dict)
    entities: dict | None = None  # the entity stage's settings, recorded in the manifest; None: no entities
    fresh: bool = False  # nothing of the live index is kept (a rebuild)
    # Who commits (ingest --shard i/N writes "shard i/N"): a backend without transactions
    # finishes what a killed commit of the same writer left.
    writer: str = "ingest"


@dataclass(frozen=True)
class Scope:
    """Which reports a filtered search may draw from: these doc ids (None: any) dated within
    the bounds (inclusive; None: open)."""

    doc_ids: tuple[str, ...] | None = None
    date_from: str | None = None
    date_to: str | None = None


class IndexReader(Protocol):
    """The live index, read-only: what retrieval and ingest read from a store.

    Chunks are addressed by row, the same numbers in dense and lexical search."""

    manifest: Manifest

    @property
    def generation(self) -> str: ...

    def documents(self) -> list[DocumentRecord]: ...

    def chunks_at(self, rows: Sequence[int]) -> dict[int, Chunk]: ...

    def chunks_of(self, doc_ids: Sequence[str]) -> list[Chunk]: ...

    def facts(self) -> dict[str, DocumentFacts]: ...

    def facts_json(self) -> dict[str, str]: ...

    def analysed(self) -> set[str]:
        """Doc ids of the reports whose facts are stored (the others wait for ingest's second phase)."""
        ...

    def count_in(self, scope: Scope) -> int: ...

    def dense_search(self, vector: np.ndarray, pool: int, scope: Scope | None) -> dict[int, float]: ...

    def lexical_search(self, query: str, k: int, scope: Scope | None) -> tuple[np.ndarray, np.ndarray]: ...

    def has_terms(self, text: str, typos: bool = False) -> bool: ...

    def close(self) -> None: ...


def pending_facts(reader: IndexReader) -> list[DocumentRecord]:
    """The reports still waiting for their entities (ingest's second phase): none when the index
    is built without the entity stage; a copy shares its holder's."""
    if reader.manifest.entities is None:
        return []
    done = reader.analysed()
    return [r for r in reader.documents() if r.same_as is None and r.doc_id not in done]


def entity_progress(reader: IndexReader, readable: Collection[str] | None = None) -> EntityProgress | None:
    """How far the who's who is (analysed reports of all, or of the ``readable`` doc ids only), or
    None without the entity stage."""
    if reader.manifest.entities is None:
        return None
    done = reader.analysed()
    reports = [r.doc_id for r in reader.documents() if r.same_as is None and (readable is None or r.doc_id in readable)]
    return EntityProgress(sum(doc_id in done for doc_id in reports), len(reports))


class IndexBackend(Protocol):
    """Where an index lives: read the live index, commit changes, one writer per report at a time."""

    # Whether an index built differently (another model, chunker) may be replaced by a new one;
    # False where others may share it (Milvus): ingest refuses instead.
    rebuild_allowed: bool

    @property
    def location(self) -> str: ...

    def current_generation(self) -> str | None: ...

    def read_manifest(self) -> Manifest | None: ...

    def open(self) -> IndexReader: ...

    def lock(self, writer: str = "ingest") -> AbstractContextManager[object]: ...

    def commit(self, change: IndexChange) -> Manifest: ...

    def close(self) -> None: ...
