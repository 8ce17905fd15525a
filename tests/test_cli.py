"""The command line as a user runs it: separate processes, exit codes, JSON shapes."""

import json
import os
import subprocess
import sys

import pytest

from reportqa.stores.embedded import _json_checksum

from .conftest import BOTH_FAMILIES


def run(*args, cwd=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "reportqa", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env=None if env is None else {**os.environ, **env},
    )


def test_help_lists_examples_without_importing_model_libraries():
    code = (
        "import sys\n"
        "from reportqa.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'gradio', 'faiss', 'transformers') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "examples:" in result.stdout and "reportqa ask" in result.stdout
    assert "HEAVY []" in result.stdout


def test_search_without_an_index_is_a_one_line_error(tmp_path):
    result = run("search", "anything", "--index", str(tmp_path / "nothing"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    # It says how to build *that* index.
    assert "no index" in result.stderr and f"reportqa ingest --index {tmp_path / 'nothing'}" in result.stderr


def test_ingest_of_a_missing_path_is_a_one_line_error(tmp_path):
    result = run("ingest", str(tmp_path / "missing"), "--index", str(tmp_path / "index"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"reportqa: error: no such file or folder: {tmp_path / 'missing'}"


def test_ingest_fails_when_nothing_could_be_ingested(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "empty.txt").write_bytes(b"")
    result = run("ingest", str(tmp_path / "c"), "--index", str(tmp_path / "index"), "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["skipped"] == [{"source": "empty.txt", "reason": "empty file (0 bytes)"}]


@pytest.fixture()
def cli_index(make_corpus, tmp_path):
    corpus = make_corpus()
    result = run("ingest", str(corpus), "--index", str(tmp_path / "index"), "--json")
    assert result.returncode == 0, result.stderr
    return tmp_path / "index", json.loads(result.stdout)


def test_ingest_json_summary(cli_index):
    _, summary = cli_index
    assert set(summary) >= {"added", "updated", "removed", "unchanged", "skipped", "chunks_embedded"}
    assert len(summary["added"]) == 5 and summary["chunks_embedded"] > 0


def test_search_and_ask_json(cli_index):
    index, _ = cli_index
    result = run("search", "sea-ice sensors partnership", "-k", "2", "--index", str(index), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["query"] == "sea-ice sensors partnership" and len(data["hits"]) == 2
    assert set(data["hits"][0]) == {"rank", "score", "title", "source", "page", "date", "text", "chunk_id"}

    result = run("ask", "When is the next meeting of the finance committee?", "--index", str(index), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert not data["abstained"] and "5 September 2023" in data["answer"]
    citation = data["citations"][0]
    assert citation["source"] == "finance-minutes.md"
    quoted = "The next meeting of the finance committee is on 5 September 2023."
    assert data["answer"] == f"{quoted} [1]"
    assert citation["text"][citation["start"] : citation["end"]] == quoted  # to the character
    assert citation["spans"] == [[citation["start"], citation["end"]]]


def test_an_empty_question_or_query_is_a_usage_error(cli_index):
    index, _ = cli_index
    for command in (["ask", "  "], ["ask", "?"], ["search", ""]):
        result = run(*command, "--index", str(index))
        assert result.returncode == 2, command
        assert result.stderr.startswith("reportqa: error: the ") and "empty" in result.stderr
        assert result.stdout == ""


def test_filters_that_match_no_report_say_so(cli_index):
    index, _ = cli_index
    asked = run("ask", "When is the next meeting?", "--doc", "nothing/*.pdf", "--index", str(index), "--json")
    assert asked.returncode == 0, asked.stderr
    data = json.loads(asked.stdout)
    assert data["abstained"] and data["answer"].startswith("No report matches the filters (report nothing/*.pdf)")
    searched = run("search", "meeting", "--from", "2099-01-01", "--index", str(index))
    assert searched.stdout.strip() == "No report matches the filters (from 2099-01-01)."


# The commands that open an index without being handed a model (ask, search, serve) check it
# against the model they load, as ingest does.
OPENING_COMMANDS = (["ask", "When is the next meeting?"], ["search", "budget"], ["serve", "--port", "0"])


@BOTH_FAMILIES
def test_commands_refuse_an_index_of_another_vector_family(make_corpus, tmp_path, family):
    other = {"fp32": "int8", "int8": "fp32"}[family]
    index = tmp_path / "index"
    built = run("ingest", str(make_corpus()), "--index", str(index), env={"REPORTQA_BACKEND": f"onnx-{family}"})
    assert built.returncode == 0, built.stderr
    # Left to "auto", a query keeps the index's family, whatever this CPU would pick for a new index.
    searched = run("search", "budget", "--index", str(index), "--json")
    assert searched.returncode == 0 and json.loads(searched.stdout)["hits"], searched.stderr
    for command in OPENING_COMMANDS:
        result = run(*command, "--index", str(index), env={"REPORTQA_BACKEND": f"onnx-{other}"})
        assert result.returncode == 1, (command, result.stderr)
        assert result.stderr.strip().count("\n") == 0, result.stderr
        expected = f"its vectors are {family} (computed by onnx-{family}), onnx-{other} computes {other} vectors"
        assert expected in result.stderr
        assert result.stdout == ""


def test_commands_refuse_an_index_built_with_another_model(cli_index):
    index, _ = cli_index
    manifest_path = index / (index / "CURRENT").read_text().strip() / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["checksum"]
    # What another model's ingest would have written: its name and weights, a valid checksum.
    manifest.update(model_name="other-model", model_sha256="ab" * 32)
    manifest_path.write_text(json.dumps({**manifest, "checksum": _json_checksum(manifest)}))
    for command in OPENING_COMMANDS:
        result = run(*command, "--index", str(index))
        assert result.returncode == 1, (command, result.stderr)
        assert "it was built with model other-model (abababababab…), not all-MiniLM-L6-v2" in result.stderr
