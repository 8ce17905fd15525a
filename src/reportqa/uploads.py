"""Reports handed over through the web UI (and later the HTTP API): checked, named safely
and copied into ``corpus/uploads/``, where ingest picks them up like any other report."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .config import SUPPORTED_SUFFIXES, Settings

UPLOAD_FOLDER = "uploads"  # inside the corpus folder


@dataclass(frozen=True)
class Refusal:
    name: str
    reason: str
    too_large: bool = False  # else: a type reportqa does not read


@dataclass(frozen=True)
class Accepted:
    """What :func:`accept_uploads` did: files copied into the corpus, and files refused."""

    saved: list[Path] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def safe_filename(name: str) -> str:
    """A plain file name: no folders, no traversal, no control or shell-special characters."""
    name = Path(name.replace("\\", "/")).name
    name = re.sub(r"[^\w.\- ]+", "_", name, flags=re.UNICODE).strip(" .")
    return name[:150] or "upload"


def refusal(path: Path, settings: Settings) -> Refusal | None:
    """Why an upload is refused, or None: an unsupported type, or a file over the size limit
    ingest applies to its type (the same limit, so an accepted upload is never skipped for its size)."""
    name = safe_filename(path.name)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return Refusal(name, f"unsupported file type (reportqa reads {', '.join(SUPPORTED_SUFFIXES)})")
    limit = settings.size_limit_bytes(suffix)
    if path.stat().st_size > limit:
        return Refusal(name, f"larger than {limit / 1e6:g} MB, the limit for its type", too_large=True)
    return None


def accept_uploads(paths: Iterable[str | Path], settings: Settings) -> Accepted:
    """Copy each acceptable file (see :func:`refusal`) into ``<corpus>/uploads/`` under a safe name."""
    target = settings.corpus_dir / UPLOAD_FOLDER
    accepted = Accepted()
    for path in map(Path, paths):
        refused = refusal(path, settings)
        if refused is not None:
            accepted.refused.append(refused)
            continue
        name = safe_filename(path.name)
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / name)
        accepted.saved.append(target / name)
    return accepted
