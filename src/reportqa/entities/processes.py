"""The entity stage over several processes, forked from the one that loaded the pipeline.

Threads share the recogniser's work only where numpy multiplies without the GIL; the tokenizer,
the decoding steps and the rules (a third of the stage) hold it, so two threads on two cores ran
the stage in 80-85 % of one thread's time. Forked processes run it in 55-60 % (150 generated
reports, the real PDFs; docs/PERFORMANCE.md), and forking costs no second load of spaCy (2.7 s
of CPU): the child shares the parent's pipeline, copy on write.

A child gets its share of the reports through the fork (nothing pickled on the way in), sends
back each report's facts, and exits without running any clean-up of the parent's objects (open
SQLite connections, locks) -- ``multiprocessing`` ends a forked child with ``os._exit``. Whatever
goes wrong in a child (an error, a crash, no answer within the deadline) only costs time: the
parent extracts that share itself. Only where ``fork`` is safe to use: Linux, and callers that
hold no other threads mid-work in spaCy or the store (:func:`can_fork` and the caller's choice).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import signal
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..types import Chunk, Document, DocumentFacts

if TYPE_CHECKING:
    from . import EntityExtractor

# A child that has not answered this long after the parent finished its own (alike) share, plus
# this many times the parent's time, is taken for stuck: its share is extracted in the parent.
_GRACE_S = 30.0
_GRACE_FACTOR = 4.0


def can_fork() -> bool:
    """Whether forked workers are available: Linux only (macOS's system libraries are not
    fork-safe once threads exist, and Windows has no fork)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def shares(reports: Sequence[tuple[Document, Sequence[Chunk]]], parts: int) -> list[list[int]]:
    """Positions of ``reports`` in ``parts`` shares of about the same text length (longest
    first, each to the lightest share): the recogniser's cost grows with the text."""
    found: list[list[int]] = [[] for _ in range(parts)]
    loads = [0] * parts
    for i in sorted(range(len(reports)), key=lambda i: -len(reports[i][0].text)):
        lightest = loads.index(min(loads))
        found[lightest].append(i)
        loads[lightest] += len(reports[i][0].text)
    return [share for share in found if share]


def extract_forked(
    extractor: EntityExtractor, reports: Sequence[tuple[Document, Sequence[Chunk]]], processes: int
) -> list[DocumentFacts]:
    """The facts of each report, in order, the work shared among the parent and ``processes - 1``
    forked children, all with ``extractor``'s pipeline."""
    from . import extract_all

    parts = shares(reports, max(1, processes))
    if len(parts) < 2:
        return extract_all([extractor], reports)
    context = multiprocessing.get_context("fork")
    children = []
    found: list[DocumentFacts | None] = [None] * len(reports)
    try:
        for share in parts[1:]:
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(
                target=_extract_share, args=(extractor, [reports[i] for i in share], sender), daemon=True
            )
            child.start()
            sender.close()  # the parent keeps only the reading end: a child's death then ends its pipe
            children.append((child, receiver, share))
        started = time.perf_counter()
        for i, facts in zip(parts[0], extract_all([extractor], [reports[i] for i in parts[0]]), strict=True):
            found[i] = facts
        deadline = time.monotonic() + _GRACE_S + _GRACE_FACTOR * (time.perf_counter() - started)
        for child, receiver, share in children:
            answer = _receive(receiver, deadline)
            if answer is None or len(answer) != len(share):
                child.kill()
                answer = extract_all([extractor], [reports[i] for i in share])
            for i, facts in zip(share, answer, strict=True):
                found[i] = facts
    finally:  # on the parent's own failure too: no child outlives the call
        for child, receiver, _ in children:
            if child.is_alive():
                child.kill()
            child.join()
            receiver.close()
    return [facts for facts in found if facts is not None]


def _extract_share(
    extractor: EntityExtractor,
    reports: list[tuple[Document, Sequence[Chunk]]],
    sender: multiprocessing.connection.Connection,
) -> None:
    """A child's work: the facts of its share, sent to the parent (nothing when it fails: the
    parent then does the share itself)."""
    from . import extract_all

    # Ctrl-C reaches the whole process group: the parent stops the child, which need not say so.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        sender.send(extract_all([extractor], reports))
    finally:
        sender.close()


def _receive(receiver: multiprocessing.connection.Connection, deadline: float) -> list[DocumentFacts] | None:
    """What a child sent, or None when it died or did not send before ``deadline``."""
    try:
        if not receiver.poll(max(0.0, deadline - time.monotonic())):
            return None
        return receiver.recv()
    except (EOFError, OSError):
        return None
