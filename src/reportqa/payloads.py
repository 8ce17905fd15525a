"""The public JSON shapes, one function each: ``reportqa ... --json`` and the HTTP API
(api.py) print the same objects, so a script can move from one to the other unchanged."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .corrections import Correction
    from .ingest import IngestSummary
    from .types import Answer, DocumentRecord, Hit
    from .whoswho import Entity, TimelineEvent


def search_payload(query: str, hits: Sequence[Hit]) -> dict[str, Any]:
    return {"query": query, "hits": [h.as_dict(rank) for rank, h in enumerate(hits, start=1)]}


def answer_payload(answer: Answer) -> dict[str, Any]:
    return answer.as_dict()


def documents_payload(records: Iterable[DocumentRecord], uploaded: Iterable[str] = ()) -> dict[str, Any]:
    """The indexed reports; ``uploaded`` lists the doc ids whose file is an upload's copy."""
    ours = set(uploaded)
    return {
        "documents": [
            {
                "id": r.doc_id,
                "source": r.source,
                "title": r.title,
                "date": r.date,
                "pages": r.pages,
                "chunks": r.chunks,
                "same_as": r.same_as,
                "sha256": r.sha256,
                "size": r.size,
                "ingested_at": r.ingested_at,
                "uploaded": r.doc_id in ours,
            }
            for r in records
        ]
    }


def ingest_payload(summary: IngestSummary) -> dict[str, Any]:
    return summary.as_dict()


def entities_payload(entities: Iterable[Entity]) -> dict[str, Any]:
    return {"entities": [e.as_dict() for e in entities]}


def timeline_payload(events: Iterable[TimelineEvent], including: Iterable[str] = ()) -> dict[str, Any]:
    """The events; ``including``: the parts of the entities filtered by that were included too."""
    return {"events": [e.as_dict() for e in events], "including": list(including)}


def corrections_payload(listed: Iterable[tuple[Correction, bool]]) -> dict[str, Any]:
    """The who's who corrections, oldest first, each with whether it is stale."""
    return {"corrections": [{**c.as_dict(), "stale": stale} for c, stale in listed]}
