"""The Milvus store beyond what the end-to-end tests run on both stores: updates that stay
safe without transactions (a commit killed at each step), ingest shards filling one index,
and one-line errors for an unreachable engine, a refused login and an index built otherwise.
Milvus runs as milvus-lite; the client code is the one that talks to a cluster."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from reportqa.cli import main
from reportqa.config import ChunkSettings, Settings
from reportqa.ingest import Shard, ingest
from reportqa.retrieve import Retriever
from reportqa.stores import IndexMismatchError, open_backend


def write_report(corpus: Path, n: int, subject: str) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / f"report-{n:02d}.txt").write_text(
        f"Visit report {n}\nDate: 2024-03-{n + 1:02d}\n\n"
        f"On 2024-03-{n + 1:02d} a delegation from city number {n} visited the innovation centre. "
        f"The two sides discussed cooperation on {subject}.\n",
        encoding="utf-8",
    )


@pytest.fixture()
def milvus(tmp_path):
    """Settings of an index in a milvus-lite file; its local server is stopped afterwards."""
    database = tmp_path / "milvus.db"
    yield Settings(index_dir=tmp_path / "unused-index", store=f"milvus:{database}", show_progress=False)
    release(database)


def release(database: Path) -> None:
    """Stop this process's milvus-lite server of ``database``, so another process may open it."""
    from milvus_lite.server_manager import server_manager_instance

    server_manager_instance.release_server(str(database))


@contextmanager
def reading(settings: Settings):
    store = open_backend(settings)
    reader = store.open()
    try:
        yield store, reader
    finally:
        reader.close()
        store.close()
        release(Path(settings.store.removeprefix("milvus:")))


def live_reports(settings: Settings) -> dict[str, str]:
    """Each live report's source and text as a reader sees them; checks that every report has
    exactly the chunks its record counts, all of one version."""
    with reading(settings) as (_, reader):
        texts = {}
        for record in reader.documents():
            chunks = reader.chunks_of([record.doc_id])
            assert len(chunks) == record.chunks, record.source
            texts[record.source] = " ".join(c.text for c in chunks)
        return texts


def stored_rows(settings: Settings) -> int:
    """Chunk rows in the engine, of any version."""
    with reading(settings) as (store, _):
        rows = store.client.query(store._c("chunks"), filter='doc_id != ""', output_fields=["count(*)"])
        return rows[0]["count(*)"]


def run_ingest(corpus: Path, settings: Settings, **env: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "reportqa", "ingest", str(corpus), "--store", settings.store, "--json"]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **env}, timeout=300)


@pytest.mark.parametrize("point", ["milvus-before-switch", "milvus-after-switch"])
def test_a_commit_killed_at_each_step_leaves_whole_reports_and_the_next_ingest_finishes_it(
    tmp_path, milvus, embedder, point
):
    corpus = tmp_path / "corpus"
    for n in range(3):
        write_report(corpus, n, "aerospace")
    ingest([corpus], milvus, embedder=embedder)
    before = live_reports(milvus)
    write_report(corpus, 1, "integrated circuits")  # changed
    write_report(corpus, 3, "new medicines")  # added
    (corpus / "report-02.txt").unlink()  # removed

    crashed = run_ingest(corpus, milvus, REPORTQA_CRASH_AT=point)
    assert crashed.returncode == 70, crashed.stderr  # died at the injected point
    after_crash = live_reports(milvus)
    if point == "milvus-before-switch":
        assert after_crash == before  # new rows written, but no report switched to them
    else:
        assert set(after_crash) == {"report-00.txt", "report-01.txt", "report-03.txt"}
        assert "integrated circuits" in after_crash["report-01.txt"]
    assert stored_rows(milvus) > sum(1 for _ in after_crash)  # the dead commit's leftovers

    finished = run_ingest(corpus, milvus)
    assert finished.returncode == 0, finished.stderr
    summary = json.loads(finished.stdout)
    final = live_reports(milvus)
    assert set(final) == {"report-00.txt", "report-01.txt", "report-03.txt"}
    assert "integrated circuits" in final["report-01.txt"] and "aerospace" not in final["report-01.txt"]
    assert final["report-00.txt"] == before["report-00.txt"]
    # What the killed commit switched is not embedded again; what it did not is.
    assert summary["chunks_embedded"] == (2 if point == "milvus-before-switch" else 0)
    assert stored_rows(milvus) == len(final)  # one chunk each: every leftover row deleted


def test_shards_fill_one_index_and_each_removes_only_its_own_reports(tmp_path, milvus, embedder):
    corpus = tmp_path / "corpus"
    subjects = ["aerospace", "ship building", "new materials", "tidal power", "robotics", "medicine", "optics"]
    for n, subject in enumerate(subjects):
        write_report(corpus, n, subject)
    shards = [Shard.parse("0/2"), Shard.parse("1/2")]
    shares = [{p.name for p in corpus.iterdir() if shard.owns(str(corpus / p.name))} for shard in shards]
    assert shares[0] and shares[1] and not shares[0] & shares[1]  # a partition of the files
    assert shares[0] | shares[1] == {p.name for p in corpus.iterdir()}

    for shard, share in zip(shards, shares, strict=True):
        summary = ingest([corpus], milvus, embedder=embedder, shard=shard)
        assert sorted(summary.added) == sorted(share)
    assert set(live_reports(milvus)) == shares[0] | shares[1]

    gone = sorted(shares[1])[0]
    (corpus / gone).unlink()
    first = ingest([corpus], milvus, embedder=embedder, shard=shards[0])
    assert first.removed == [] and first.chunks_embedded == 0  # not its report
    second = ingest([corpus], milvus, embedder=embedder, shard=shards[1])
    assert second.removed == [gone]
    assert set(live_reports(milvus)) == (shares[0] | shares[1]) - {gone}

    generation = open_backend(milvus).current_generation()
    whole = ingest([corpus], milvus, embedder=embedder)  # an unsharded run finds nothing to do
    assert whole.chunks_embedded == 0 and not whole.changed
    assert open_backend(milvus).current_generation() == generation


def test_shards_also_work_one_after_another_on_the_embedded_store(tmp_path, settings, embedder):
    corpus = tmp_path / "corpus"
    for n, subject in enumerate(["aerospace", "ship building", "new materials", "tidal power", "robotics"]):
        write_report(corpus, n, subject)
    for text in ("0/2", "1/2"):
        ingest([corpus], settings, embedder=embedder, shard=Shard.parse(text))
    retriever = Retriever.load(settings.index_dir, settings, embedder=embedder)
    assert len(retriever.documents()) == 5
    assert retriever.search("tidal power", k=1)[0].source == "report-03.txt"


@pytest.mark.parametrize("text", ["2/2", "-1/2", "1", "a/b", "1/0"])
def test_a_bad_shard_is_a_usage_error(text, capsys):
    assert main(["ingest", f"--shard={text}", "--index", "/nonexistent"]) == 2
    assert "shard" in capsys.readouterr().err


def test_an_unreachable_engine_is_one_line_and_exit_1(capsys):
    assert main(["ask", "Who visited?", "--store", "milvus://127.0.0.1:1/reports"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("reportqa: error: cannot reach Milvus http://127.0.0.1:1")


def test_a_refused_login_says_which_setting_holds_the_credentials(monkeypatch, capsys):
    """A stand-in server that answers every call as a Milvus with authentication on does to a
    wrong password (gRPC status UNAUTHENTICATED)."""
    from concurrent import futures

    import grpc

    class RefuseEveryone(grpc.GenericRpcHandler):
        def service(self, handler_call_details):
            def refuse(request, context):
                context.abort(
                    grpc.StatusCode.UNAUTHENTICATED,
                    "auth check failure, please check username and password are correct",
                )

            return grpc.unary_unary_rpc_method_handler(refuse)

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    server.add_generic_rpc_handlers((RefuseEveryone(),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        monkeypatch.setenv("REPORTQA_MILVUS_TOKEN", "root:wrong")
        assert main(["ask", "Who visited?", "--store", f"milvus://127.0.0.1:{port}/reports"]) == 1
    finally:
        server.stop(None)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "refused the login: set REPORTQA_MILVUS_TOKEN" in err


def test_an_index_built_with_other_settings_is_refused_and_left_as_it_is(tmp_path, milvus, embedder):
    corpus = tmp_path / "corpus"
    write_report(corpus, 0, "aerospace")
    ingest([corpus], milvus, embedder=embedder)
    generation = open_backend(milvus).current_generation()
    write_report(corpus, 1, "robotics")
    other = milvus.with_(chunking=ChunkSettings(max_tokens=128))
    with pytest.raises(IndexMismatchError, match=r"cannot take this ingest: it was built with chunking"):
        ingest([corpus], other, embedder=embedder)
    assert open_backend(milvus).current_generation() == generation
    assert set(live_reports(milvus)) == {"report-00.txt"}


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("milvus:./index/milvus", "must end in .db"),
        ("milvus://", "no host"),
        ("milvus://host:19530/1bad-name", "collection name"),
        ("postgres://host/db", "unknown store"),
    ],
)
def test_a_malformed_store_address_is_explained(address, message, capsys):
    assert main(["search", "aerospace", "--store", address]) == 1
    assert message in capsys.readouterr().err
