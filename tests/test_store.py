from dataclasses import replace

import numpy as np
import pytest

from reportqa.embed import ModelIdentity
from reportqa.stores import IndexBusyError, IndexContent, IndexCorruptError, IndexStore, NoIndexError
from reportqa.types import Chunk, DocumentRecord


def record(doc_id="d1", source="a.txt", date="2022-01-01"):
    return DocumentRecord(
        doc_id, "/root", source, "Title " + doc_id, date, "f" * 64, 10, 1, None, 1, "2024-01-01T00:00:00+00:00"
    )


def chunk(doc_id="d1", text="Hello world."):
    return Chunk(f"{doc_id}:0", doc_id, "a.txt", "Title", None, None, 0, len(text), text)


MODEL = ModelIdentity(name="m", sha256="s" * 64, backend="onnx-int8", backend_sha256="o" * 64)


def commit(store, docs, chunks, dimension=4):
    vectors = np.eye(len(chunks), dimension, dtype=np.float32)
    return store.commit_content(IndexContent(MODEL, {"max_tokens": 256}, docs, chunks, vectors))


def test_commit_then_open_round_trips(tmp_path):
    store = IndexStore(tmp_path / "index")
    with pytest.raises(NoIndexError, match="reportqa ingest"):
        store.open()
    commit(store, [record("d1"), record("d2", "b.txt")], [chunk("d1", "Alpha report."), chunk("d2", "Beta minutes.")])
    snapshot = store.open()
    assert snapshot.manifest.chunks == 2 and snapshot.manifest.generation == 1
    assert [d.source for d in snapshot.documents()] == ["a.txt", "b.txt"]
    assert snapshot.chunks_at([1])[1].text == "Beta minutes."
    np.testing.assert_allclose(snapshot.window_vectors_of([1]), [[0, 1, 0, 0]])
    rows, _ = snapshot.lexical_search("beta", 5, None)
    assert rows.tolist() == [1]


def test_a_new_generation_replaces_the_old_one_atomically(tmp_path):
    store = IndexStore(tmp_path / "index")
    commit(store, [record("d1")], [chunk("d1")])
    old = store.open()
    commit(store, [record("d2", "b.txt")], [chunk("d2", "New text.")])
    assert store.current_generation() == "gen-000002"
    # A reader that opened the old generation keeps reading it consistently.
    assert old.chunks_at([0])[0].text == "Hello world."
    assert store.open().chunks_at([0])[0].text == "New text."
    commit(store, [record("d3", "c.txt")], [chunk("d3", "Third.")])
    assert sorted(p.name for p in (tmp_path / "index").glob("gen-*")) == ["gen-000002", "gen-000003"]


def test_manifest_mismatch_is_explained(tmp_path):
    store = IndexStore(tmp_path / "index")
    manifest = commit(store, [record()], [chunk()])
    assert manifest.mismatch(MODEL, {"max_tokens": 256}) is None
    other = replace(MODEL, name="other", sha256="x" * 64)
    assert "built with model m" in manifest.mismatch(other, {"max_tokens": 256})
    assert "chunking" in manifest.mismatch(MODEL, {"max_tokens": 128})
    assert manifest.family == "int8"
    assert "its vectors are int8 (computed by onnx-int8), torch computes fp32" in manifest.mismatch(
        replace(MODEL, backend="torch"), {"max_tokens": 256}
    )
    rebuilt = replace(MODEL, backend_sha256="r" * 64)
    assert manifest.mismatch(rebuilt, {"max_tokens": 256}) == (
        f"its vectors were computed by another build of the onnx-int8 model ({manifest.backend_sha256[:12]}…)"
    )


def test_damaged_files_give_a_clear_error(tmp_path):
    store = IndexStore(tmp_path / "index")
    commit(store, [record()], [chunk()])
    faiss_file = tmp_path / "index" / "gen-000001" / "vectors.faiss"
    faiss_file.write_bytes(faiss_file.read_bytes()[:20])
    with pytest.raises(IndexCorruptError, match=r"vectors\.faiss.*re-run `reportqa ingest`"):
        store.open()
    (tmp_path / "index" / "gen-000001" / "manifest.json").write_text("{not json")
    with pytest.raises(IndexCorruptError, match=r"manifest\.json"):
        store.open()


def test_second_writer_is_refused_at_once(tmp_path):
    store = IndexStore(tmp_path / "index")
    with store.lock(), pytest.raises(IndexBusyError, match="another `reportqa ingest`"):
        IndexStore(tmp_path / "index").lock()
    # Free again once the first writer's `with` ends, even while its lock object is still referenced.
    first = store.lock()
    with first:
        pass
    with IndexStore(tmp_path / "index").lock():
        pass


def test_dense_windows_map_back_to_their_chunk(tmp_path):
    store = IndexStore(tmp_path / "index")
    text = "One. Two. Three."
    chunks = [
        Chunk("d1:0", "d1", "a.txt", "T", None, None, 0, len(text), text, ((0, 4), (5, 9), (10, 16))),
        Chunk("d1:1", "d1", "a.txt", "T", None, None, 0, 4, "One."),
    ]
    manifest = store.commit_content(IndexContent(MODEL, {}, [record()], chunks, np.eye(4, 4, dtype=np.float32)))
    assert manifest.vectors == 4 and manifest.chunks == 2
    snapshot = store.open()
    assert snapshot.window_rows([1]).tolist() == [3] and snapshot.window_rows([0, 1]).tolist() == [0, 1, 2, 3]
    assert snapshot.chunk_of_windows(np.array([0, 2, 3])).tolist() == [0, 0, 1]
    assert snapshot.chunks_at([0])[0].windows == ((0, 4), (5, 9), (10, 16))
    np.testing.assert_allclose(snapshot.window_vectors_of([1]), [[0, 0, 0, 1]])


def test_fp32_vectors_of_any_backend_share_an_index_and_int8_ones_do_not(tmp_path):
    bf16 = ModelIdentity(name="m", sha256="s" * 64, backend="torch-bf16", backend_sha256="s" * 64)
    vectors = np.eye(1, 4, dtype=np.float32)
    manifest = IndexStore(tmp_path / "index").commit_content(
        IndexContent(bf16, {"max_tokens": 256}, [record()], [chunk()], vectors)
    )
    assert manifest.vector_family == "fp32"
    for backend in ("torch", "onnx-fp32"):
        assert manifest.mismatch(replace(bf16, backend=backend), {"max_tokens": 256}) is None
    assert "its vectors are fp32" in manifest.mismatch(MODEL, {"max_tokens": 256})
    # A manifest written before the field existed has the family of its backend.
    assert replace(manifest, vector_family="", backend="onnx-int8").family == "int8"
    assert replace(manifest, vector_family="", backend="torch").family == "fp32"


def test_an_edited_manifest_is_refused_by_its_checksum(tmp_path):
    import json

    store = IndexStore(tmp_path / "index")
    commit(store, [record()], [chunk()])
    path = tmp_path / "index" / "gen-000001" / "manifest.json"
    data = json.loads(path.read_text())
    data["chunks"] += 1  # still valid JSON, no longer what was written
    path.write_text(json.dumps(data))
    with pytest.raises(IndexCorruptError) as caught:
        store.open()
    assert str(caught.value).startswith(f"index file {path} is damaged (its checksum does not match its content)")
