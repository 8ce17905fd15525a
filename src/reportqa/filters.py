"""Which reports a search or an answer may use, parsed the same way for the CLI, the UI and the API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


class FilterError(ValueError):
    """A filter a user typed that cannot be understood; the message says how to write it."""


def parse_day(text: str, label: str = "date") -> str:
    """An ISO day (YYYY-MM-DD), checked to exist; ``label`` names the field in the error."""
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise FilterError(f"{label} must be a day in the form YYYY-MM-DD such as 2023-05-17, not {text!r}") from None


@dataclass(frozen=True)
class Filters:
    """Restrict a search to some reports: by document id or source glob, and by report date."""

    documents: tuple[str, ...] | None = None  # doc ids, or source globs such as "visits/*.pdf"
    date_from: str | None = None  # ISO dates, inclusive; undated reports fail a date filter
    date_to: str | None = None
    # People, organisations or places: only reports that mention one of them (see whoswho.py).
    entities: tuple[str, ...] | None = None

    @property
    def active(self) -> bool:
        return bool(self.documents) or bool(self.date_from) or bool(self.date_to) or bool(self.entities)

    def describe(self, including: Iterable[str] = ()) -> str:
        """The filters in words, for labels and messages: "reports visits/*, from 2024-01-01";
        ``including``: the parts of the entities that the entity filter took in too
        ("mentioning Lingang Innovation Center, including Nantong Sub-center")."""
        parts = []
        if self.documents:
            many = len(self.documents) > 1
            if all(any(c in d for c in "/*?.") for d in self.documents):  # source names and globs: say them
                parts.append(f"report{'s' if many else ''} {', '.join(self.documents)}")
            else:  # document ids (the UI's choices) mean nothing to a reader: count them
                parts.append(f"{len(self.documents)} report{'s' if many else ''}")
        if self.entities:
            parts.append(f"mentioning {' or '.join(self.entities)}")
            if included := list(including):
                parts.append(f"including {', '.join(included)}")
        if self.date_from:
            parts.append(f"from {self.date_from}")
        if self.date_to:
            parts.append(f"to {self.date_to}")
        return ", ".join(parts) or "none"

    def nothing_matches(self) -> str:
        """What to tell a user whose filters leave no report: "No report matches the filters (...)"."""
        return f"No report matches the filters ({self.describe()})"

    @classmethod
    def parse(
        cls,
        documents: Iterable[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        entities: Iterable[str] | None = None,
    ) -> Filters:
        """Filters from what a user typed: empty values mean no filter; dates are checked."""
        chosen = tuple(d for d in (documents or ()) if d and d.strip())
        named = tuple(e.strip() for e in (entities or ()) if e and e.strip())
        first = parse_day(date_from, "From date") if date_from and date_from.strip() else None
        last = parse_day(date_to, "To date") if date_to and date_to.strip() else None
        if first and last and first > last:
            raise FilterError(f"the From date {first} is after the To date {last}")
        return cls(documents=chosen or None, date_from=first, date_to=last, entities=named or None)
