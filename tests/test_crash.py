"""Nothing lost on a crash: ingest killed at many moments leaves an index that loads, is one
committed state, and is completed by the next ingest without redoing finished batches."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from reportqa.ingest import ingest
from reportqa.stores import IndexStore, NoIndexError

TOPICS = ["biomedicine", "integrated circuits", "aerospace", "new materials", "robotics", "photonics"]


def write_reports(folder, count, start=0):
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(start, start + count):
        topic = TOPICS[number % len(TOPICS)]
        (folder / f"report-{number:03d}.txt").write_text(
            f"Visit report {number}\nDate: 2023-{number % 12 + 1:02d}-10\n\n"
            f"Delegation {number} discussed cooperation on {topic} and agreed to meet again in spring.",
            encoding="utf-8",
        )


def check_consistent(index_dir):
    """The live generation opens (counts of SQLite, FAISS, windows and manifest agree) and
    every document's chunk count matches its chunks; returns the set of sources, or None."""
    store = IndexStore(index_dir)
    try:
        snapshot = store.open()
    except NoIndexError:
        return None
    try:
        documents = snapshot.documents()
        chunks = snapshot.chunks_of([d.doc_id for d in documents])
        assert len(chunks) == snapshot.manifest.chunks == sum(d.chunks for d in documents)
        assert {c.doc_id for c in chunks} == {d.doc_id for d in documents}
        return {d.source for d in documents}
    finally:
        snapshot.close()


def run_ingest(corpus, index_dir, **env):
    environment = {**os.environ, "REPORTQA_INGEST_BATCH": "2", **env}
    return subprocess.Popen(
        [sys.executable, "-m", "reportqa", "ingest", str(corpus), "--index", str(index_dir), "--json"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_ingest_commits_in_batches(tmp_path, settings, embedder):
    corpus = tmp_path / "corpus"
    write_reports(corpus, 7)
    summary = ingest([corpus], settings.with_(ingest_batch_chunks=2), embedder=embedder)
    assert summary.batches == 4 and summary.documents == 7  # 2 + 2 + 2 + 1
    assert check_consistent(settings.index_dir) == {f"report-{n:03d}.txt" for n in range(7)}


@pytest.mark.parametrize("point", ["after-sqlite", "after-faiss", "before-rename", "before-switch", "after-switch"])
def test_crash_between_writing_stages_keeps_a_committed_state(tmp_path, settings, embedder, point):
    corpus = tmp_path / "corpus"
    write_reports(corpus, 3)
    ingest([corpus], settings, embedder=embedder)
    before = check_consistent(settings.index_dir)
    write_reports(corpus, 3, start=3)

    process = run_ingest(corpus, settings.index_dir, REPORTQA_CRASH_AT=point)
    process.communicate(timeout=300)
    assert process.returncode == 70  # died at the injected point
    after_crash = check_consistent(settings.index_dir)
    if point == "after-switch":
        assert after_crash == before | {"report-003.txt", "report-004.txt"}  # the first batch landed
    else:
        assert after_crash == before  # the generation being written never became live

    process = run_ingest(corpus, settings.index_dir)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert check_consistent(settings.index_dir) == {f"report-{n:03d}.txt" for n in range(6)}
    assert json.loads(out)["chunks_embedded"] == 6 - len(after_crash)  # nothing committed is redone


def test_sigkill_at_many_moments_never_leaves_a_broken_index(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_reports(corpus, 30)
    everything = {f"report-{n:03d}.txt" for n in range(30)}
    seen_states = set()
    for delay in (0.5, 2.0, 3.5, 4.5, 5.0, 5.5, 6.0, 7.0, 8.0):
        process = run_ingest(corpus, index_dir)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        state = check_consistent(index_dir)
        assert state is None or state <= everything
        seen_states.add(len(state or ()))
    committed = check_consistent(index_dir) or set()
    process = run_ingest(corpus, index_dir)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert check_consistent(index_dir) == everything
    assert json.loads(out)["chunks_embedded"] == 30 - len(committed)
    assert len(seen_states) > 1, f"the kills all hit the same state: {seen_states}"
