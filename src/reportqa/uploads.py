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
    """Why an upload is refused, or None: an unsupported type (by its name's last suffix: no
    suffix, or ``report.pdf.exe``), content its suffix lies about (text named ``.pdf``, a PDF named
    ``.txt``), or a file over the size limit ingest applies to its type (the same limit, so an
    accepted upload is never skipped for its size)."""
    name = safe_filename(path.name)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return Refusal(name, f"unsupported file type (reportqa reads {', '.join(SUPPORTED_SUFFIXES)})")
    limit = settings.size_limit_bytes(suffix)
    if path.stat().st_size > limit:
        return Refusal(name, f"larger than {limit / 1e6:g} MB, the limit for its type", too_large=True)
    mismatch = content_mismatch(path, suffix)
    if mismatch is not None:
        return Refusal(name, mismatch)
    return None


_PDF_MAGIC = b"%PDF"
_ZIP_MAGIC = b"PK\x03\x04"


def content_mismatch(path: Path, suffix: str) -> str | None:
    """What is wrong when a file's first bytes are not of the type its suffix names, else None:
    text named ``.pdf`` or ``.docx``, a PDF or a zip named as text, binary data named as text.
    Only the kind of content is checked: a damaged PDF or DOCX is ingest's to report."""
    with path.open("rb") as data:
        head = data.read(8192)
    if suffix == ".pdf":
        if _PDF_MAGIC in head[:1024]:  # readers accept the header anywhere in the first 1 KB
            return None
        return "the content is not a PDF (no %PDF header): name the file for what it is"
    if suffix == ".docx":
        if not head.startswith(_ZIP_MAGIC):
            return "the content is not a DOCX (a DOCX is a zip archive): name the file for what it is"
        if not _zip_holds(path, "word/document.xml"):
            return "the content is not a DOCX (a zip archive without a Word document)"
        return None
    if head.startswith(_PDF_MAGIC):
        return "the content is a PDF, not text: name it .pdf"
    if head.startswith(_ZIP_MAGIC):
        return "the content is a zip archive, not text (a DOCX? name it .docx)"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):  # as load.decode_text
        return "the content is binary data, not text"
    return None


def _zip_holds(path: Path, member: str) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return member in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


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
