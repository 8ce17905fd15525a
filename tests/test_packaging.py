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


def test_the_wheel_installs_into_a_fresh_venv_and_works_outside_the_checkout(tmp_path):
    """`python -m build` makes a wheel; installed into a new venv, its `reportqa` indexes a folder,
    answers and serves from a folder that is not the checkout. The venv borrows this one's
    dependencies through a path file (installing torch again would download gigabytes), after
    its own site-packages: the reportqa it imports is the wheel's."""
    import json
    import os
    import sysconfig
    from pathlib import Path

    import httpx

    from .conftest import running_server

    root = Path(__file__).resolve().parent.parent
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path / "dist"), str(root)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("reportqa-*.whl")

    venv = tmp_path / "venv"
    # Bare (no pip, no setuptools of its own to shadow the borrowed ones); this pip installs into it.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "--disable-pip-version-check", "-q"]
    installed = subprocess.run([*pip, "install", "--no-deps", str(wheel)], capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True
    ).stdout.strip()
    Path(own, "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    work = tmp_path / "elsewhere"  # no corpus/, no index/, no checkout
    (work / "reports").mkdir(parents=True)
    (work / "reports" / "minutes.md").write_text(MINUTES_TEXT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTQA_")} | {"REPORTQA_ENTITIES": "0"}
    reportqa = str(venv / "bin" / "reportqa")

    def run(*args):
        done = subprocess.run([reportqa, *args], cwd=work, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    where = subprocess.run(
        [str(python), "-c", "import reportqa; print(reportqa.__file__)"], cwd=work, capture_output=True, text=True
    ).stdout
    assert where.startswith(str(venv)), where
    assert "ingest" in run("--help")
    assert "Added 1" in run("ingest", "reports", "--quiet")
    answer = json.loads(run("ask", "What budget did the committee approve?", "--json"))
    assert "4.2 million euros" in answer["answer"]
    missing = subprocess.run([reportqa, "ingest"], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 1 and "no such file or folder: corpus" in missing.stderr

    with running_server(work, env, command=[reportqa]) as url:
        assert httpx.get(f"{url}/api/health", timeout=30).json() == {"status": "ok", "documents": 1, "chunks": 1}
        assert httpx.get(f"{url}/", timeout=30).status_code == 200
    checked = subprocess.run([*pip, "check"], capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr


MINUTES_TEXT = """# Minutes of the Finance Committee

**Date:** 2023-06-02

The committee approved a budget of 4.2 million euros for 2024.
"""
