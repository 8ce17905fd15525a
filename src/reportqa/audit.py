"""The audit log: one JSON line per request (who, from where, what, which reports, the outcome).

Append-only (``audit.jsonl`` beside the index folder; ``REPORTQA_AUDIT``), rotated by size: when
the file passes ``max_bytes`` it becomes ``audit.jsonl.1`` (the older ones move up to ``.KEEP``,
the oldest is dropped). A line never holds a password or a token: the service writes what a
request asked and returned, and a failed login by its user name only.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MAX_BYTES = 10_000_000
KEEP = 5


class AuditLog:
    """Appends events to ``path`` (thread-safe; one write per line, so lines never interleave)."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, keep: int = KEEP):
        self.path = path
        self.max_bytes = max_bytes
        self.keep = keep
        self._lock = threading.Lock()

    def write(self, user: str | None, action: str, outcome: str, address: str | None = None, **fields: Any) -> None:
        """One event: ``fields`` such as question, filters, cited (the reports' sources), count."""
        event = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "user": user,
            "address": address,
            "action": action,
            # Every event has these, null or empty when the action has none (a reader of the log
            # need not guess which actions carry them).
            "question": fields.pop("question", None),
            "filters": fields.pop("filters", None),
            "cited": fields.pop("cited", None) or [],
            "outcome": outcome,
            **{k: v for k, v in fields.items() if v is not None},
        }
        line = (json.dumps(event, ensure_ascii=False) + "\n").encode()
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                if self.path.stat().st_size + len(line) > self.max_bytes:
                    self._rotate()
            except FileNotFoundError:
                pass
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, line)
            finally:
                os.close(descriptor)

    def _rotate(self) -> None:
        for number in range(self.keep - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{number}")
            if older.exists():
                os.replace(older, self.path.with_name(f"{self.path.name}.{number + 1}"))
        os.replace(self.path, self.path.with_name(f"{self.path.name}.1"))


def read_events(path: Path, user: str | None = None, since: str | None = None) -> list[dict[str, Any]]:
    """The events in ``path`` and its rotated files, oldest first; only ``user``'s, and only those
    at or after ``since`` (an ISO day or time, UTC), when given."""
    events = []
    for line in _lines(path):
        try:
            event = json.loads(line)
        except ValueError:
            continue  # a line cut by a full disk: skipped, the rest still read
        if user is not None and event.get("user") != user:
            continue
        if since is not None and str(event.get("time", "")) < since:
            continue
        events.append(event)
    return events


def _lines(path: Path) -> Iterator[str]:
    rotated = sorted((p for p in path.parent.glob(f"{path.name}.*") if _number(p)), key=lambda p: -_number(p))
    for file in [*rotated, path]:
        try:
            with file.open(encoding="utf-8") as lines:
                yield from lines
        except FileNotFoundError:
            continue


def _number(path: Path) -> int:
    suffix = path.name.rsplit(".", 1)[-1]
    return int(suffix) if suffix.isdigit() else 0
