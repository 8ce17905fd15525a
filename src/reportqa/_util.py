"""Small helpers shared by several stages (nothing here imports a heavy library at import time)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: One character of a script written without spaces between words: kana, CJK ideographs
#: (with extension A and compatibility ideographs) and Hangul syllables.
CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def mostly_cjk(text: str) -> bool:
    """Whether most of the letters of ``text`` are CJK characters (a Chinese, Japanese or Korean text)."""
    letters = sum(ch.isalpha() for ch in text)
    return letters > 0 and len(CJK_CHARACTER.findall(text)) > 0.3 * letters


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in blocks (a large PDF never sits whole in memory)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def utc_now() -> str:
    """The current time as an ISO timestamp in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def progress(items: Iterable[T], description: str, enabled: bool, total: int, unit: str = "file") -> Iterator[T]:
    """``items`` with a tqdm progress bar when ``enabled`` and there is more than one."""
    if not enabled or total < 2:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc=description, unit=unit, total=total)


def without_accents(text: str) -> str:
    """Accents removed ("Céloron" -> "Celoron"): questions are often typed without them."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
