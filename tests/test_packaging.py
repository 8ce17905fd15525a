import subprocess
import sys


def test_installed_dependencies_are_consistent():
    """pip check catches e.g. an extra that downgraded huggingface-hub below gradio's floor."""
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_default_model_ships_with_the_expected_weights():
    from reportqa.config import DEFAULT_MODEL_SHA256, Settings
    from reportqa.embed import ModelFiles

    files = ModelFiles.of(Settings())
    assert files.name == "all-MiniLM-L6-v2" and files.weights_sha256() == DEFAULT_MODEL_SHA256


def test_tampered_default_weights_are_refused(tmp_path, monkeypatch):
    import pytest

    from reportqa import embed
    from reportqa.config import Settings
    from reportqa.embed import ModelError, ModelFiles

    fake = tmp_path / "model"
    fake.mkdir()
    (fake / "model.safetensors").write_bytes(b"not the real weights")
    monkeypatch.setattr(embed, "default_model_dir", lambda: fake)
    with pytest.raises(ModelError, match="fail their checksum"):
        ModelFiles.of(Settings(model_dir=fake, backend="torch", cache_dir=tmp_path)).weights_sha256()


def test_uploaded_reports_and_the_built_index_stay_out_of_git():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    ignored = subprocess.run(
        ["git", "check-ignore", "corpus/uploads/report.pdf", "index/live"], cwd=root, capture_output=True, text=True
    )
    assert ignored.stdout.split() == ["corpus/uploads/report.pdf", "index/live"]
