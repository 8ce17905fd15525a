"""reportqa: semantic search and cited question answering over institutional reports.

The public API is imported lazily so that ``import reportqa`` (and the CLI's
``--help``) stays fast::

    from reportqa import Retriever
    hits = Retriever.load("index").search("Who visited from Jiangsu?", k=5)
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Answerer", "Directory", "Filters", "Hit", "Retriever", "Settings", "ingest"]

_EXPORTS = {
    "Answerer": "reportqa.answer",
    "Directory": "reportqa.whoswho",
    "Filters": "reportqa.filters",
    "Hit": "reportqa.types",
    "Retriever": "reportqa.retrieve",
    "Settings": "reportqa.config",
    "ingest": "reportqa.ingest",
}


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'reportqa' has no attribute {name!r}")
