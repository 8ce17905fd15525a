"""Stage 4: where the index lives, behind one seam.

:mod:`~reportqa.stores.base` is the seam (the :class:`IndexBackend` and :class:`IndexReader`
protocols, the :class:`Manifest`, the change set, the errors); :mod:`~reportqa.stores.embedded`
(SQLite + FAISS + bm25s files in a folder, the default) and :mod:`~reportqa.stores.milvus` (a
Milvus cluster or milvus-lite) implement it, each knowing only the seam. :func:`open_backend`,
here above both, chooses one from the settings: the rest of reportqa imports this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import (
    SCHEMA_VERSION,
    DocumentContent,
    IndexBackend,
    IndexBusyError,
    IndexChange,
    IndexCorruptError,
    IndexMismatchError,
    IndexProblem,
    IndexReader,
    Manifest,
    NoIndexError,
    Scope,
    crash_point,
    entity_progress,
    pending_facts,
)
from .embedded import IndexContent, IndexStore

if TYPE_CHECKING:
    from ..config import Settings

__all__ = [
    "SCHEMA_VERSION",
    "DocumentContent",
    "IndexBackend",
    "IndexBusyError",
    "IndexChange",
    "IndexContent",
    "IndexCorruptError",
    "IndexMismatchError",
    "IndexProblem",
    "IndexReader",
    "IndexStore",
    "Manifest",
    "NoIndexError",
    "Scope",
    "crash_point",
    "entity_progress",
    "open_backend",
    "pending_facts",
]


def open_backend(settings: Settings) -> IndexBackend:
    """The store ``settings`` point at: Milvus for a ``milvus:`` address in ``settings.store``,
    else the embedded store in ``settings.index_dir`` (the default)."""
    if settings.store:
        if not settings.store.startswith("milvus:"):
            raise IndexProblem(
                f"unknown store {settings.store!r}: use milvus://HOST:PORT/COLLECTION for a Milvus cluster or "
                "milvus:PATH.db for milvus-lite (REPORTQA_STORE / --store); without it the index is in --index DIR"
            )
        # Imported only when chosen (pymilvus itself is imported by MilvusStore.connect).
        from .milvus import MilvusStore

        return MilvusStore.connect(settings.store, settings.milvus_token)
    return IndexStore(settings.index_dir)
