"""The embedding backends: the int8 ONNX export stays close to the fp32 reference."""

import json
import subprocess
import sys

import numpy as np
import pytest

from reportqa.config import Settings
from reportqa.embed import ModelError, ModelFiles, load_embedder, prepare_model

from .conftest import MINUTES, VISIT_REPORT

TEXTS = [line for line in (VISIT_REPORT + MINUTES).splitlines() if len(line) > 20] + ["hello", "Lianyungang"]


@pytest.fixture(scope="module")
def torch_embedder():
    return load_embedder(Settings(show_progress=False, backend="torch"))


def test_int8_vectors_stay_close_to_fp32(embedder, torch_embedder):
    assert embedder.identity.backend == "onnx-int8"
    fast, reference = embedder.encode(TEXTS), torch_embedder.encode(TEXTS)
    cosines = (fast * reference).sum(axis=1)
    assert cosines.mean() >= 0.98 and cosines.min() >= 0.95, cosines
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)


def test_rows_follow_the_input_order_and_repeats_are_encoded_once(embedder, monkeypatch):
    seen = []
    original = embedder._encode_batch
    monkeypatch.setattr(embedder, "_encode_batch", lambda texts: seen.extend(texts) or original(texts))
    texts = ["The budget was approved.", "Qingdao visited the hub.", "The budget was approved."]
    vectors = embedder.encode(texts)
    assert sorted(seen) == sorted(set(texts))
    assert np.array_equal(vectors[0], vectors[2])
    single = embedder.encode(["Qingdao visited the hub."])[0]
    assert float(vectors[1] @ single) > 0.99


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
        prepare_model(files)


def test_unknown_backend_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="one of onnx-int8, torch"):
        ModelFiles.of(Settings(backend="tensorflow", cache_dir=tmp_path))


def test_the_query_path_never_imports_torch(tmp_path, make_corpus, settings, embedder):
    from reportqa.ingest import ingest

    ingest([make_corpus()], settings, embedder=embedder)
    script = (
        "import sys\n"
        "from reportqa.cli import main\n"
        f"code = main(['ask', 'When is the next finance committee meeting?', '--index', {str(settings.index_dir)!r}])\n"
        "heavy = sorted(m for m in ('torch', 'sentence_transformers', 'transformers', 'gradio') if m in sys.modules)\n"
        "print('HEAVY', heavy, code)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "5 September 2023" in run.stdout and "HEAVY [] 0" in run.stdout
