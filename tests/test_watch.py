"""`reportqa ingest --watch`: real file operations in a temporary folder, the index checked
after each (watch.py runs on a thread here; the last test runs the command and stops it as a
user does, with Ctrl-C)."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from reportqa.stores import open_backend
from reportqa.watch import ReportFilter, wait_until_settled, watch

from .conftest import MINUTES, VISIT_REPORT


class Watcher:
    """watch() on a thread; each ingest's summary arrives on a queue."""

    def __init__(self, folder, settings):
        self.summaries: queue.Queue = queue.Queue()
        self.errors: list[Exception] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=watch,
            args=([folder], settings, self.summaries.put, self.stop),
            kwargs={"debounce_ms": 400, "settle_s": 0.5, "on_error": self.errors.append},
            daemon=True,
        )
        self.settings = settings
        self.thread.start()

    def next(self, timeout=90):
        return self.summaries.get(timeout=timeout)

    def quiet_for(self, seconds):
        """True when no ingest ran for ``seconds``."""
        try:
            self.summaries.get(timeout=seconds)
        except queue.Empty:
            return True
        return False

    def _read(self, what):
        store = open_backend(self.settings)
        reader = store.open()
        try:
            return what(reader)
        finally:
            reader.close()
            store.close()

    def sources(self):
        return self._read(lambda reader: sorted(r.source for r in reader.documents()))

    def texts(self):
        return self._read(lambda reader: [c.text for r in reader.documents() for c in reader.chunks_of([r.doc_id])])

    def close(self):
        self.stop.set()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive()


@pytest.fixture()
def watched(tmp_path, settings):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "minutes.md").write_text(MINUTES, encoding="utf-8")
    watcher = Watcher(folder, settings.with_(entities=False))
    first = watcher.next()
    assert first.added == ["minutes.md"]
    yield folder, watcher
    watcher.close()


def test_added_modified_renamed_and_deleted_files_are_followed(watched):
    folder, watcher = watched
    (folder / "visits").mkdir()
    (folder / "visits" / "qingdao.txt").write_text(VISIT_REPORT, encoding="utf-8")
    assert watcher.next().added == ["visits/qingdao.txt"]
    assert watcher.sources() == ["minutes.md", "visits/qingdao.txt"]

    (folder / "minutes.md").write_text(MINUTES.replace("4.2 million", "5.1 million"), encoding="utf-8")
    assert watcher.next().updated == ["minutes.md"]
    assert any("5.1 million euros" in text for text in watcher.texts())

    (folder / "visits" / "qingdao.txt").rename(folder / "visits" / "qingdao-2023.txt")
    renamed = watcher.next()
    assert (renamed.added, renamed.removed) == (["visits/qingdao-2023.txt"], ["visits/qingdao.txt"])
    assert watcher.sources() == ["minutes.md", "visits/qingdao-2023.txt"]

    shutil.rmtree(folder / "visits")  # a whole folder: its files report no events of their own
    assert watcher.next().removed == ["visits/qingdao-2023.txt"]
    assert watcher.sources() == ["minutes.md"]
    assert watcher.errors == []


def test_a_copy_of_many_files_is_one_or_a_few_ingests(watched, tmp_path):
    folder, watcher = watched
    staging = tmp_path / "staging"
    staging.mkdir()
    for n in range(60):
        (staging / f"note-{n:02d}.txt").write_text(f"Note {n}: the committee met on day {n} of the year.\n")
    shutil.copytree(staging, folder / "notes")
    added = 0
    rounds = 0
    while added < 60:
        added += len(watcher.next().added)
        rounds += 1
    assert rounds <= 3
    assert len(watcher.sources()) == 61


def test_a_file_still_being_written_is_ingested_whole(watched):
    folder, watcher = watched
    lines = [f"Line {n}: the hub hosted delegation number {n} this spring.\n" for n in range(8)]
    with open(folder / "growing.txt", "w", encoding="utf-8") as out:
        for line in lines:  # 8 writes over ~2.4 s, longer than the debounce and the settle time
            out.write(line)
            out.flush()
            time.sleep(0.3)
    summaries = [watcher.next()]
    while not watcher.quiet_for(3):
        pass
    assert summaries[0].added == ["growing.txt"]
    assert "delegation number 7" in " ".join(watcher.texts())  # the last line, written last


def test_a_burst_of_hostile_files_is_skipped_and_the_watch_goes_on(watched):
    folder, watcher = watched
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.md").write_bytes(bytes(range(256)) * 40)
    (folder / "nested.docx").write_bytes(b"PK\x03\x04 not really a zip")
    skipped = set()
    while len(skipped) < 4:
        assert watcher.errors == []
        skipped |= {s.source for s in watcher.next(timeout=30).skipped}
    assert skipped == {"broken.pdf", "empty.txt", "binary.md", "nested.docx"}
    (folder / "later.txt").write_text(VISIT_REPORT, encoding="utf-8")
    while "later.txt" not in watcher.sources():
        watcher.next()
    assert watcher.errors == [] and watcher.thread.is_alive()


def test_files_reportqa_does_not_read_and_hidden_files_do_not_start_an_ingest(watched, settings):
    folder, watcher = watched
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / ".draft.txt").write_text("hidden", encoding="utf-8")
    assert watcher.quiet_for(3)
    keep = ReportFilter(settings.index_dir)
    assert keep(None, str(folder / "a.PDF")) and keep(None, str(folder / "renamed-folder"))
    assert not keep(None, str(settings.index_dir / "gen-000001" / "chunks.md"))


def test_settling_waits_while_a_file_grows_and_not_after(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("a")
    stop = threading.Event()
    started = time.monotonic()
    wait_until_settled([path], stop, settle_s=0.2)
    assert time.monotonic() - started < 1.0  # already settled: one look

    def grow():
        for _ in range(10):
            time.sleep(0.1)
            with open(path, "a") as out:
                out.write("more ")

    writer = threading.Thread(target=grow)
    started = time.monotonic()
    writer.start()
    wait_until_settled([path], stop, settle_s=0.3)
    assert time.monotonic() - started >= 1.0  # waited out the growth
    writer.join()


def test_ctrl_c_stops_the_watch_cleanly(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "minutes.md").write_text(MINUTES, encoding="utf-8")
    env = {**os.environ, "REPORTQA_ENTITIES": "0"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reportqa",
            "ingest",
            "--watch",
            str(folder),
            "--index",
            str(tmp_path / "index"),
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    first = process.stdout.readline()  # the first ingest's summary, one JSON line
    assert '"added": ["minutes.md"]' in first
    time.sleep(1)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "stopped" in err and "Traceback" not in err
