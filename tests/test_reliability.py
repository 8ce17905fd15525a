"""Hostile input that is not a broken file: copies, huge files, damaged index files."""

import json
import shutil
import subprocess
import sys

import pytest

from reportqa.ingest import ingest
from reportqa.retrieve import Filters, Retriever
from reportqa.service import AnswerService
from reportqa.stores import IndexCorruptError, IndexStore
from reportqa.webpage import WebPage

from .conftest import VISIT_REPORT


def test_a_file_under_two_names_is_stored_once_with_both_paths(make_corpus, settings, embedder):
    corpus = make_corpus()
    shutil.copy(corpus / "visits" / "qingdao-visit.txt", corpus / "qingdao-copy.txt")
    summary = ingest([corpus], settings, embedder=embedder)
    assert [(d.source, d.same_as) for d in summary.duplicates] == [("visits/qingdao-visit.txt", "qingdao-copy.txt")]
    assert {"qingdao-copy.txt", "visits/qingdao-visit.txt"} <= set(summary.added)

    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    hits = retriever.search("underwater robotics marine biomedicine", k=10)
    assert sum("underwater robotics" in h.text for h in hits) == 1  # one passage, not two
    records = {d.source: d for d in retriever.documents()}
    assert records["visits/qingdao-visit.txt"].same_as == records["qingdao-copy.txt"].doc_id
    # The Documents tab says so in the passages column.
    rows = {row[2]: row for row in WebPage(AnswerService(settings, embedder=embedder)).documents_table()}
    assert rows["visits/qingdao-visit.txt"][4] == "same file as qingdao-copy.txt"
    assert rows["qingdao-copy.txt"][4] == records["qingdao-copy.txt"].chunks > 0
    # A filter naming either path finds the passage.
    for path in ("qingdao-copy.txt", "visits/*"):
        found = retriever.search("underwater robotics", k=3, filters=Filters(documents=(path,)))
        assert found and "underwater robotics" in found[0].text


def test_an_unchanged_corpus_with_a_copy_is_re_ingested_without_reading_a_file(
    make_corpus, settings, embedder, monkeypatch
):
    from pathlib import Path

    corpus = make_corpus()
    shutil.copy(corpus / "visits" / "qingdao-visit.txt", corpus / "qingdao-copy.txt")
    ingest([corpus], settings, embedder=embedder)
    read = []
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.name) or real_read(path))
    summary = ingest([corpus], settings, embedder=embedder)
    assert len(summary.unchanged) == 6 and not summary.changed
    assert read == []  # sizes and times matched the stored records, copies' included


def test_a_broken_file_under_two_names_is_skipped_twice_and_other_copies_still_ingest(tmp_path, settings, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a-broken.pdf", "b-broken.pdf"):
        (corpus / name).write_bytes(b"%PDF-1.4 not really a pdf")
    for name in ("c-visit.txt", "d-visit-copy.txt"):
        (corpus / name).write_text(
            "The Tromso Arctic Cluster wants to cooperate on ice-class shipping.", encoding="utf-8"
        )
    summary = ingest([corpus], settings, embedder=embedder)
    assert sorted(s.source for s in summary.skipped) == ["a-broken.pdf", "b-broken.pdf"]
    assert sorted(summary.added) == ["c-visit.txt", "d-visit-copy.txt"] and len(summary.duplicates) == 1


def test_emptying_the_corpus_leaves_an_empty_index_that_answers_nothing(tmp_path, settings, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    nothing = ingest([corpus], settings, embedder=embedder)  # nothing could be read: no index yet
    assert nothing.documents == 0 and nothing.chunks == 0 and [s.source for s in nothing.skipped] == ["empty.txt"]
    (corpus / "visit.txt").write_text("The Tromso Arctic Cluster wants ice-class shipping.", encoding="utf-8")
    assert ingest([corpus], settings, embedder=embedder).documents == 1
    (corpus / "visit.txt").unlink()
    emptied = ingest([corpus], settings, embedder=embedder)
    assert emptied.removed == ["visit.txt"] and (emptied.documents, emptied.chunks) == (0, 0)
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert retriever.documents() == [] and retriever.search("ice-class shipping", k=3) == []
    # The empty index keeps the model's dimension: it can be filled again.
    (corpus / "ferries.txt").write_text("The ferry board ordered two hydrogen ferries.", encoding="utf-8")
    assert ingest([corpus], settings, embedder=embedder).added == ["ferries.txt"]
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert retriever.search("hydrogen ferries", k=1)[0].source == "ferries.txt"


def test_removing_or_changing_the_stored_copy_keeps_the_other_searchable(make_corpus, settings, embedder):
    corpus = make_corpus()
    shutil.copy(corpus / "visits" / "qingdao-visit.txt", corpus / "qingdao-copy.txt")
    ingest([corpus], settings, embedder=embedder)

    (corpus / "qingdao-copy.txt").unlink()
    summary = ingest([corpus], settings, embedder=embedder)
    assert summary.removed == ["qingdao-copy.txt"] and summary.updated == ["visits/qingdao-visit.txt"]
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    top = retriever.search("underwater robotics", k=1)[0]
    assert top.source == "visits/qingdao-visit.txt" and "underwater robotics" in top.text

    # Copy it back, then change the file that holds the chunks: the copy gets its own.
    shutil.copy(corpus / "visits" / "qingdao-visit.txt", corpus / "qingdao-copy.txt")
    assert ingest([corpus], settings, embedder=embedder).duplicates
    (corpus / "visits" / "qingdao-visit.txt").write_text(
        VISIT_REPORT.replace("underwater robotics", "tidal turbines"), encoding="utf-8"
    )
    summary = ingest([corpus], settings, embedder=embedder)
    assert summary.duplicates == [] and set(summary.updated) == {"visits/qingdao-visit.txt", "qingdao-copy.txt"}
    sources = {
        h.source
        for h in Retriever.load(settings.index_dir, settings, embedder=embedder).search("underwater robotics", k=10)
        if "underwater robotics" in h.text
    }
    assert sources == {"qingdao-copy.txt"}


def test_an_oversized_text_file_is_skipped_unread(make_corpus, settings, embedder):
    corpus = make_corpus()
    (corpus / "dump.txt").write_bytes(b"x" * 2_000_001)
    (corpus / "at-the-limit.txt").write_bytes(b"The limit is inclusive. " + b"x" * (2_000_000 - 24))
    summary = ingest([corpus], settings.with_(max_text_mb=2), embedder=embedder)
    assert [s.source for s in summary.skipped] == ["dump.txt"]
    assert "at-the-limit.txt" in summary.added  # exactly 2 MB is within 2 MB
    assert summary.skipped[0].reason == (
        "file of 2.0 MB is over the 2 MB limit for its type (REPORTQA_MAX_TEXT_MB / REPORTQA_MAX_FILE_MB)"
    )
    assert len(summary.added) == 6


def test_a_100_mb_text_file_costs_no_memory(make_corpus, tmp_path):
    """Peak memory of an ingest with a 100 MB text file beside the corpus stays that of one without."""
    script = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "from reportqa.config import Settings\n"
        "from reportqa.ingest import ingest\n"
        "s = Settings(index_dir=Path(sys.argv[2]), show_progress=False)\n"
        "summary = ingest([Path(sys.argv[1])], s)\n"
        "print(json.dumps({'rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " 'skipped': [x.reason for x in summary.skipped]}))\n"
    )

    def peak(corpus, index):
        run = subprocess.run(
            [sys.executable, "-c", script, str(corpus), str(index)], capture_output=True, text=True, timeout=300
        )
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout.splitlines()[-1])

    plain = peak(make_corpus("plain"), tmp_path / "i1")
    corpus = make_corpus("with-dump")
    line = b"2024-01-01 00:00:00 sensor 17 reading 0.0042 status ok\n"
    with open(corpus / "sensor-log.txt", "wb") as handle:
        for _ in range(100_000_000 // len(line) + 1):
            handle.write(line)
    dumped = peak(corpus, tmp_path / "i2")
    assert dumped["skipped"] and "100.0 MB is over the 20 MB limit" in dumped["skipped"][0]
    assert dumped["rss_kb"] - plain["rss_kb"] < 30_000, (plain, dumped)


@pytest.fixture()
def small_index(make_corpus, settings, embedder):
    corpus = make_corpus()
    ingest([corpus], settings, embedder=embedder)
    store = IndexStore(settings.index_dir)
    return store, settings.index_dir / store.current_generation(), corpus


def _damage(path, how):
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) * 9 // 10])
    elif how == "flipped":  # same size, bytes changed in the middle
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes(b ^ 0x5A for b in data[middle : middle + 16]) + data[middle + 16 :])
    else:
        path.unlink()


@pytest.mark.parametrize("how", ["truncated", "flipped", "deleted"])
@pytest.mark.parametrize(
    "name",
    [
        "store.sqlite",
        "vectors.faiss",
        "window_offsets.npy",
        "bm25/data.csc.index.npy",
        "bm25/vocab.index.json",
        "manifest.json",
    ],
)
def test_a_damaged_index_file_is_named_with_what_to_do(small_index, name, how):
    store, generation, _ = small_index
    _damage(generation / name, how)
    with pytest.raises(IndexCorruptError) as caught:
        store.open()
    message = str(caught.value)
    assert name.split("/")[-1] in message and "re-run `reportqa ingest`" in message
    if how == "deleted":
        assert "is damaged (missing)" in message
    elif how == "truncated" and name != "manifest.json":
        assert "bytes instead of" in message


def test_an_index_too_large_to_hash_at_open_still_names_a_file_its_loader_cannot_read(small_index, monkeypatch):
    import io

    import numpy as np

    from reportqa.stores import embedded as store_module

    store, generation, _ = small_index
    # Above this size files are only size-checked when opened; the loaders are the last line.
    monkeypatch.setattr(store_module, "_HASH_AT_OPEN_UP_TO_BYTES", 0)
    faiss_file, windows_file = generation / "vectors.faiss", generation / "window_offsets.npy"
    faiss_bytes, windows_bytes = faiss_file.read_bytes(), windows_file.read_bytes()

    def reason(path, data) -> str:
        path.write_bytes(data)
        with pytest.raises(IndexCorruptError) as caught:
            store.open()
        return str(caught.value)

    message = reason(faiss_file, bytes(len(faiss_bytes)))  # same size, nothing faiss can read
    assert message.startswith(f"index file {faiss_file} is damaged (") and "re-run `reportqa ingest`" in message
    assert "None" not in message
    faiss_file.write_bytes(faiss_bytes)
    message = reason(windows_file, bytes(len(windows_bytes)))
    assert message.startswith(f"index file {windows_file} is damaged (") and "None" not in message
    offsets = np.load(io.BytesIO(windows_bytes))
    shifted = io.BytesIO()
    np.save(shifted, offsets + 1)  # readable, same size, pointing past the vectors
    assert reason(windows_file, shifted.getvalue()) == (
        f"index file {windows_file} is damaged (does not match the manifest); "
        "delete the index folder and re-run `reportqa ingest`"
    )


def test_the_cli_reports_a_damaged_index_in_one_line(small_index):
    store, generation, _ = small_index
    _damage(generation / "vectors.faiss", "flipped")
    run = subprocess.run(
        [sys.executable, "-m", "reportqa", "search", "sea-ice", "--index", str(store.directory)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0 and run.returncode != -11  # an error, not a segfault
    assert "Traceback" not in run.stderr and "vectors.faiss" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_a_damaged_index_is_rebuilt_by_the_next_ingest(small_index, settings, embedder):
    store, generation, corpus = small_index
    _damage(generation / "store.sqlite", "flipped")
    summary = ingest([corpus], settings, embedder=embedder)
    assert any("rebuilding the whole index" in note for note in summary.notes)
    assert store.open().manifest.documents == 5


def test_an_unreadable_file_is_skipped_with_the_reason(make_corpus, settings, embedder, monkeypatch):
    from pathlib import Path

    corpus = make_corpus()
    locked = corpus / "locked.txt"
    locked.write_text("A report nobody may read.", encoding="utf-8")
    real_read = Path.read_bytes

    def read_bytes(path):  # chmod 000 does not stop root, who runs CI here
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    summary = ingest([corpus], settings, embedder=embedder)
    assert [(s.source, s.reason) for s in summary.skipped] == [("locked.txt", "cannot read file: Permission denied")]
    assert len(summary.added) == 5 and "locked.txt" not in summary.added
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert "locked.txt" not in {d.source for d in retriever.documents()} and len(retriever.documents()) == 5


@pytest.mark.parametrize(
    "question",
    [
        "'; DROP TABLE chunks; --",
        "SELECT * FROM documents WHERE 1=1",
        "Quand la prochaine réunion du comité a-t-elle lieu ?",
        "下一次财务委员会会议是什么时候？",
    ],
)
def test_odd_questions_are_answered_or_refused_and_touch_nothing(small_index, settings, embedder, question):
    from reportqa.answer import Answerer

    store, _, _ = small_index
    before = store.read_manifest()
    answer = Answerer(Retriever.load(settings.index_dir, settings, embedder=embedder)).ask(question)
    assert answer.abstained or all(c.hit.text[c.start : c.end] in answer.text for c in answer.citations)
    assert store.read_manifest() == before and store.open().manifest.documents == 5
