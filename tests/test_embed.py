"""The embedding backends: the int8 ONNX export stays close to the fp32 reference."""

import json
import subprocess
import sys

import numpy as np
import pytest

from reportqa.answer import Answerer
from reportqa.config import Settings
from reportqa.embed import ModelError, ModelFiles, choose_backend, load_embedder, prepare_model
from reportqa.stores import IndexMismatchError

from .conftest import BOTH_FAMILIES, MINUTES, VISIT_REPORT

TEXTS = [line for line in (VISIT_REPORT + MINUTES).splitlines() if len(line) > 20] + ["hello", "Lianyungang"]


QUIET = Settings(show_progress=False)


def embedder_for(backend):
    return load_embedder(QUIET, prepare_model(ModelFiles.of(QUIET), backend))


@pytest.fixture(scope="module")
def torch_embedder():
    return load_embedder(Settings(show_progress=False, backend="torch"))


def test_int8_vectors_stay_close_to_fp32(torch_embedder):
    int8 = embedder_for("onnx-int8")
    assert int8.identity.family == "int8" and torch_embedder.identity.family == "fp32"
    fast, reference = int8.encode(TEXTS), torch_embedder.encode(TEXTS)
    cosines = (fast * reference).sum(axis=1)
    assert cosines.mean() >= 0.98 and cosines.min() >= 0.95, cosines
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)


def test_the_fp32_family_backends_make_the_same_vectors(torch_embedder):
    """torch fp32, torch under bf16 autocast and the fp32 ONNX export may share an index."""
    vectors = {"torch": torch_embedder.encode(TEXTS)}
    for backend in ("torch-bf16", "onnx-fp32"):
        embedder = embedder_for(backend)
        assert embedder.identity.family == "fp32"
        vectors[backend] = embedder.encode(TEXTS)
    for first, second in [("torch", "torch-bf16"), ("torch", "onnx-fp32"), ("torch-bf16", "onnx-fp32")]:
        cosines = (vectors[first] * vectors[second]).sum(axis=1)
        assert cosines.min() >= 0.9999, (first, second, cosines.min())


def test_rows_follow_the_input_order_and_repeats_are_encoded_once(embedder, monkeypatch):
    seen = []
    original = embedder._encode_batch
    monkeypatch.setattr(embedder, "_encode_batch", lambda items: seen.extend(items) or original(items))
    texts = ["The budget was approved.", "Qingdao visited the hub.", "The budget was approved."]
    vectors = embedder.encode(texts)
    assert len(seen) == 2
    assert np.array_equal(vectors[0], vectors[2])
    single = embedder.encode(["Qingdao visited the hub."])[0]
    assert float(vectors[1] @ single) > 0.99


# int8 activations are quantised with one scale per batch, so an int8 vector moves a little
# with its batch-mates; fp32-family vectors do not.
@pytest.mark.parametrize(("backend", "same"), [("onnx-int8", 0.99), ("torch-bf16", 0.9999), ("onnx-fp32", 0.9999)])
def test_batches_hold_texts_of_similar_length_within_the_token_budget(backend, same, monkeypatch):
    embedder = embedder_for(backend)
    embedder.batch_tokens = 256
    shapes = []
    original = embedder._encode_batch

    def record(items):
        shapes.append([len(item.ids) for item in items])
        return original(items)

    monkeypatch.setattr(embedder, "_encode_batch", record)
    texts = [" ".join(["word"] * n) + f" {n}." for n in (3, 90, 5, 40, 4, 88, 41, 6)]
    vectors = embedder.encode(texts)
    assert all(len(lengths) * max(lengths) <= 256 or len(lengths) == 1 for lengths in shapes), shapes
    flat = [n for lengths in shapes for n in lengths]
    assert flat == sorted(flat) and len(flat) == len(texts)
    assert len(shapes) < len(texts)  # short texts share batches
    # Padding does not change a vector: each text alone gives the same one.
    alone = np.vstack([embedder.encode([text]) for text in texts])
    assert (vectors * alone).sum(axis=1).min() > same


def test_auto_keeps_the_index_family_and_picks_the_fastest_path_it_measured(tmp_path, monkeypatch):
    from reportqa import embed

    timed = []
    seconds = {}

    def fake_timing(files, candidates):
        timed.append(sorted(candidates))
        return {backend: seconds[backend] for backend in candidates}

    monkeypatch.setattr(embed, "_time_backends", fake_timing)
    monkeypatch.delenv(embed.CPU_FLAGS_VARIABLE, raising=False)  # a CPU described by hand is not timed
    files = ModelFiles.of(Settings(cache_dir=tmp_path / "cache"))

    # AMX: bf16 beats int8 and both fp32 paths.
    monkeypatch.setattr(embed, "cpu_flags", lambda: {"avx2", "avx512_vnni", "amx_bf16"})
    monkeypatch.setattr(embed, "_cpu_model", lambda: "a CPU with AMX")
    seconds.update({"torch-bf16": 0.25, "onnx-fp32": 0.6, "onnx-int8": 0.35})
    assert choose_backend(files) == "torch-bf16"  # a new index
    assert choose_backend(files, family="fp32") == "torch-bf16"
    assert choose_backend(files, family="fp32", texts=10) == "onnx-fp32"  # torch would start slower
    assert choose_backend(files, texts=10) == "onnx-fp32"  # fp32 family, on onnxruntime
    assert choose_backend(files, family="int8") == "onnx-int8"  # no surprise re-embedding
    assert choose_backend(files, family="fp32", purpose="query") == "onnx-fp32"
    assert choose_backend(files, family="int8", purpose="query") == "onnx-int8"
    assert timed == [["onnx-fp32", "onnx-int8", "torch-bf16"], ["onnx-fp32", "torch-bf16"]]  # once per set
    assert json.loads((tmp_path / "cache" / "backend-timing.json").read_text())

    # AVX-512 VNNI with bf16 but no AMX: int8 is measured faster, by more than the margin.
    monkeypatch.setattr(embed, "cpu_flags", lambda: {"avx2", "avx512f", "avx512_vnni", "avx512_bf16"})
    monkeypatch.setattr(embed, "_cpu_model", lambda: "a CPU with VNNI")
    seconds.update({"torch-bf16": 0.45, "onnx-fp32": 0.7, "onnx-int8": 0.3})
    assert choose_backend(files) == "onnx-int8"
    assert choose_backend(files, family="fp32") == "torch-bf16"  # an fp32 index's fastest path
    # ... but an int8 path only a little faster leaves a new index in the fp32 family.
    monkeypatch.setattr(embed, "_cpu_model", lambda: "a CPU with VNNI, busy")
    seconds.update({"onnx-int8": 0.45 / embed.INT8_MARGIN + 0.01})
    assert choose_backend(files) == "torch-bf16"

    # AVX2 only: no bf16 candidate; onnxruntime's int8 against its fp32.
    monkeypatch.setattr(embed, "cpu_flags", lambda: {"avx2", "fma"})
    monkeypatch.setattr(embed, "_cpu_model", lambda: "an AVX2 CPU")
    timed.clear()
    seconds.update({"onnx-fp32": 0.9, "onnx-int8": 0.5})
    assert choose_backend(files) == "onnx-int8"
    assert choose_backend(files, family="fp32") == "onnx-fp32"  # the only fp32 path: nothing to time
    assert timed == [["onnx-fp32", "onnx-int8"]]
    seconds.update({"onnx-int8": 0.85})  # another AVX2 CPU, where int8 gains nothing
    monkeypatch.setattr(embed, "_cpu_model", lambda: "an AVX2 CPU with slow int8")
    assert choose_backend(files) == "onnx-fp32"

    # bf16 flags on an emulating virtual CPU: the timing says no.
    monkeypatch.setattr(embed, "cpu_flags", lambda: {"avx2", "amx_bf16"})
    monkeypatch.setattr(embed, "_cpu_model", lambda: "an emulating virtual CPU")
    seconds.update({"torch-bf16": 3.0, "onnx-fp32": 0.9, "onnx-int8": 0.5})
    assert choose_backend(files) == "onnx-int8"
    assert choose_backend(files, family="fp32") == "onnx-fp32"
    forced = ModelFiles.of(Settings(cache_dir=tmp_path / "cache", backend="torch"))
    assert choose_backend(forced, family="int8") == "torch"  # REPORTQA_BACKEND wins; the index check refuses later


@pytest.mark.parametrize(
    ("seconds", "picked"),
    [
        ({"torch-bf16": 0.25, "onnx-fp32": 0.6, "onnx-int8": 0.35}, "torch-bf16"),
        ({"torch-bf16": 0.45, "onnx-fp32": 0.7, "onnx-int8": 0.3}, "onnx-int8"),
        ({"torch-bf16": 0.45, "onnx-fp32": 0.7, "onnx-int8": 0.44}, "torch-bf16"),  # within the margin
        ({"onnx-fp32": 0.9, "onnx-int8": 0.5}, "onnx-int8"),
        ({"onnx-fp32": 0.5}, "onnx-fp32"),
        ({"onnx-int8": 0.5}, "onnx-int8"),
    ],
)
def test_the_fastest_path_of_a_timing(seconds, picked):
    from reportqa.embed import pick_fastest

    assert pick_fastest(seconds) == picked


@pytest.mark.parametrize(
    ("described", "family"),
    [
        ("fpu sse4_2 avx avx2 fma", "int8"),  # AVX2 only
        ("avx2 avx512f avx512bw avx512_vnni", "int8"),  # AVX-512 VNNI without bf16 units
        ("avx2 avx512f avx512_vnni avx512_bf16", "int8"),  # AVX-512 VNNI and bf16, no AMX (AMD Zen 4)
        ("avx2 avx512f avx512_bf16", "fp32"),  # bf16 units without VNNI
        ("avx2,avx512f,avx512_vnni,avx512_bf16,amx_bf16,amx_tile,amx_int8", "fp32"),  # AMX (Sapphire Rapids on)
    ],
)
def test_a_cpu_described_in_reportqa_cpu_flags_gets_its_family_without_a_timing(
    tmp_path, monkeypatch, described, family
):
    """How the tests run "auto" as it runs on other CPUs, in this process and in the commands it starts."""
    from reportqa import embed

    monkeypatch.setattr(embed, "_time_backends", lambda *_: pytest.fail("a described CPU is taken at its word"))
    monkeypatch.setenv("REPORTQA_CPU_FLAGS", described)
    assert embed.cpu_flags() == set(described.replace(",", " ").split())
    files = ModelFiles.of(Settings(cache_dir=tmp_path / "cache"))
    assert embed.VECTOR_FAMILIES[choose_backend(files)] == family  # a new index
    for kept in ("fp32", "int8"):  # an existing index keeps its family on every CPU
        assert embed.VECTOR_FAMILIES[choose_backend(files, family=kept)] == kept
        assert choose_backend(files, family=kept, purpose="query") == f"onnx-{kept}"
    monkeypatch.delenv("REPORTQA_CPU_FLAGS")
    assert embed.cpu_flags() == set(embed._cpuinfo("flags").split())  # this machine's own again


def test_a_model_with_layers_onnx_cannot_run_asks_for_torch(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "model.safetensors").write_bytes(b"weights")
    (model / "modules.json").write_text(
        json.dumps(
            [
                {"type": "sentence_transformers.models.Transformer"},
                {"type": "sentence_transformers.models.Pooling", "path": "1_Pooling"},
                {"type": "sentence_transformers.models.Dense", "path": "2_Dense"},
            ]
        )
    )
    files = ModelFiles.of(Settings(model_dir=model, cache_dir=tmp_path / "cache"))
    with pytest.raises(ModelError, match="REPORTQA_BACKEND=torch"):
        prepare_model(files, "onnx-int8")
    assert choose_backend(files, purpose="query") == "torch"  # "auto" runs it on torch by itself


def test_unknown_backend_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="one of auto, torch, torch-bf16, onnx-fp32, onnx-int8"):
        ModelFiles.of(Settings(backend="tensorflow", cache_dir=tmp_path))


@BOTH_FAMILIES
def test_the_query_path_never_imports_torch_scipy_spacy_or_pymilvus(
    tmp_path, make_corpus, settings, embedder_of, family
):
    from reportqa.ingest import ingest

    ingest([make_corpus()], settings, embedder=embedder_of(family))
    script = (
        "import sys\n"
        "from reportqa.cli import main\n"
        f"code = main(['ask', 'When is the next finance committee meeting?', '--index', {str(settings.index_dir)!r}])\n"
        "heavy = sorted(m for m in ('torch', 'sentence_transformers', 'transformers', 'gradio', 'scipy', 'spacy', 'pymilvus')"
        " if m in sys.modules)\n"
        "print('HEAVY', heavy, code)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "5 September 2023" in run.stdout and "HEAVY [] 0" in run.stdout


def test_an_index_built_with_bf16_is_searched_on_onnxruntime_fp32(tmp_path, make_corpus, settings, monkeypatch):
    from reportqa.ingest import ingest
    from reportqa.retrieve import Retriever

    bf16 = embedder_for("torch-bf16")
    ingest([make_corpus()], settings, embedder=bf16)
    retriever = Retriever.load(settings.index_dir, settings)  # no embedder: the query path's own choice
    assert retriever.embedder.identity.backend == "onnx-fp32"
    assert retriever.manifest.vector_family == "fp32" and retriever.manifest.backend == "torch-bf16"
    question = "When is the next finance committee meeting?"
    # Answer sentences are compared with the question by the same model: an answer loads no other.
    import onnxruntime

    monkeypatch.setattr(onnxruntime, "InferenceSession", lambda *a, **kw: pytest.fail("the answer loaded a model"))
    assert "5 September 2023" in Answerer(retriever).ask(question).text
    ours = [hit.chunk_id for hit in retriever.search(question, k=3, mode="dense")]
    theirs = Retriever.load(settings.index_dir, settings, embedder=bf16).search(question, k=3, mode="dense")
    assert ours == [hit.chunk_id for hit in theirs]
    int8 = settings.with_(backend="onnx-int8")
    with pytest.raises(IndexMismatchError, match="its vectors are fp32"):
        Retriever.load(settings.index_dir, int8)


def test_an_unchanged_fp32_index_is_re_ingested_without_timing_exporting_or_loading_a_model(
    tmp_path, make_corpus, settings, monkeypatch
):
    from reportqa import embed
    from reportqa.ingest import ingest

    corpus = make_corpus()
    ingest([corpus], settings, embedder=embedder_for("torch-bf16"))

    def forbidden(*args, **kwargs):
        raise AssertionError("nothing changed: no model is needed")

    for name in ("_time_backends", "_export_onnx", "load_embedder"):
        monkeypatch.setattr(embed, name, forbidden)
    fresh_cache = settings.with_(cache_dir=tmp_path / "empty-cache")  # no timing, no exports cached
    summary = ingest([corpus], fresh_cache)
    assert summary.chunks_embedded == 0 and summary.unchanged
