"""``reportqa ingest --watch``: keep the index current as report files come and go.

Each batch of file-system events (watchfiles, debounced: a copy of 500 files is one or a few
batches) waits until the files it names stop growing and no report file under the watched
paths is still open for writing (a copy that stalls between blocks for longer than the settle
time is still open), then runs an ordinary ingest of the watched paths: the same plan, the same
atomic commits, so the UI and the API pick up each new generation, and a rename is a removal
plus an unchanged file found under a new name (its text is not embedded again unless its bytes
changed).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .config import SUPPORTED_SUFFIXES, Settings

if TYPE_CHECKING:
    from .entities import EntityExtractor
    from .ingest import IngestSummary, Shard


class ReportFilter:
    """Events worth an ingest: report files, and suffix-less paths (a folder renamed or deleted
    reports nothing about the files inside it). Hidden files and the index folder are ignored."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir.resolve()

    def __call__(self, change: object, path: str) -> bool:
        where = Path(path)
        if self._ignored(where):
            return False
        return where.suffix.lower() in SUPPORTED_SUFFIXES or where.suffix == ""

    def is_report(self, path: str) -> bool:
        """Whether ``path`` is a file ingest would read (not a folder, not a hidden file)."""
        where = Path(path)
        return not self._ignored(where) and where.suffix.lower() in SUPPORTED_SUFFIXES

    def _ignored(self, where: Path) -> bool:
        return any(part.startswith(".") for part in where.parts) or where.is_relative_to(self.index_dir)


def open_for_writing(roots: Sequence[Path], wanted: Callable[[str], bool]) -> list[Path]:
    """The ``wanted`` files under ``roots`` that a process has open for writing: a copy under
    way, however long it stalls between blocks. Read from Linux's /proc, for the processes this
    user may inspect; elsewhere (or a writer on another machine) none are found, and the settle
    time alone decides."""
    prefixes = [str(Path(root).resolve()) for root in roots]
    found: set[Path] = set()
    try:
        processes = os.scandir("/proc")
    except OSError:
        return []
    with processes:
        for process in processes:
            if not process.name.isdigit():
                continue
            try:
                descriptors = list(os.scandir(f"{process.path}/fd"))
            except OSError:  # another user's process, or one that just ended
                continue
            for descriptor in descriptors:
                try:
                    target = os.readlink(descriptor.path)
                except OSError:
                    continue
                inside = any(target == root or target.startswith(root + os.sep) for root in prefixes)
                if inside and wanted(target) and _writable(f"{process.path}/fdinfo/{descriptor.name}"):
                    found.add(Path(target))
    return sorted(found)


def _writable(fdinfo: str) -> bool:
    """Whether the descriptor /proc/PID/fdinfo/FD describes was opened for writing."""
    try:
        with open(fdinfo, encoding="ascii") as info:
            for line in info:
                if line.startswith("flags:"):
                    return int(line.split()[1], 8) & os.O_ACCMODE != os.O_RDONLY
    except (OSError, ValueError):
        pass
    return False


def wait_until_settled(
    paths: Sequence[Path],
    stop: threading.Event,
    settle_s: float = 1.0,
    patience_s: float = 120.0,
    writing: Callable[[], Sequence[Path]] | None = None,
) -> None:
    """Return once none of ``paths`` has changed size or mtime for ``settle_s`` and ``writing()``
    (the files still open for writing) is empty -- a file still being copied is ingested whole --
    or after ``patience_s``: a file written forever is ingested as it stands, and ingested again
    when it changes."""
    deadline = time.monotonic() + patience_s

    def state() -> list[tuple[int, int] | None]:
        found: list[tuple[int, int] | None] = []
        for path in paths:
            try:
                stat = path.stat()
                found.append((stat.st_size, stat.st_mtime_ns))
            except OSError:
                found.append(None)  # gone (or renamed) meanwhile
        return found

    before = state()
    while not stop.wait(settle_s) and time.monotonic() < deadline:
        now = state()
        if now == before and not (writing and writing()):
            return
        before = now


def watch(
    paths: Sequence[Path],
    settings: Settings,
    report: Callable[[IngestSummary], None],
    stop: threading.Event,
    shard: Shard | None = None,
    debounce_ms: int = 1600,
    settle_s: float = 1.0,
    on_error: Callable[[Exception], None] | None = None,
) -> None:
    """Ingest ``paths`` now, then again after every batch of changes, until ``stop`` is set.

    ``report`` gets each ingest's summary; an ingest that fails (an index it may not write, an
    unreachable store) goes to ``on_error`` and the watch goes on: the next change retries."""
    import watchfiles

    from .ingest import ingest

    # The entity stage's pipelines, loaded by the first ingest that needs them and kept: spaCy
    # takes seconds to load.
    extractors: list[EntityExtractor] = []
    first = True

    def run_ingest() -> None:
        nonlocal first
        # Progress bars for the first ingest (the whole corpus, maybe); later ones are small.
        quiet = settings if first else settings.with_(show_progress=False)
        first = False
        try:
            # Both phases: the changed reports are answerable after the first commit, their
            # entities follow before the watch looks at the next batch of changes.
            report(ingest(paths, quiet, extractor=extractors, shard=shard))
        except Exception as exc:  # reported: the watch must outlive one bad round
            if on_error is None:
                raise
            on_error(exc)

    reports = ReportFilter(settings.index_dir)

    def being_written() -> list[Path]:
        return open_for_writing(paths, reports.is_report)

    changes = watchfiles.watch(
        *paths,
        watch_filter=reports,
        debounce=debounce_ms,
        stop_event=stop,
        raise_interrupt=False,
        yield_on_timeout=True,
        rust_timeout=200,
    )
    # The watcher starts with the first batch (empty, after 0.2 s); the catch-up ingest runs
    # after it, so a file added while that ingest runs is in a later batch, not missed.
    caught_up = False
    for batch in changes:
        if not caught_up:
            if being_written():  # a copy under way when the watch starts
                wait_until_settled([], stop, settle_s, writing=being_written)
            if stop.is_set():
                break
            run_ingest()
            caught_up = True
            continue
        if not batch:  # a timeout with nothing changed
            continue
        touched = sorted({Path(path) for change, path in batch if change != watchfiles.Change.deleted})
        # Every report file under the watched paths, not only those of this batch: the ingest
        # reads them all, and would read one whose copy began after the batch was cut.
        wait_until_settled(touched, stop, settle_s, writing=being_written)
        if stop.is_set():
            break
        run_ingest()
