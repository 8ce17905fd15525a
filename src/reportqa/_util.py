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


# Demonyms that are not the country's name plus an ending ("Hungary" / "Hungarian" share a
# start, which verify's word matching already allows): "Polish" is Poland's.
_IRREGULAR_DEMONYMS = {
    "poland": "polish", "france": "french", "netherlands": "dutch", "holland": "dutch", "switzerland": "swiss",
    "spain": "spanish", "denmark": "danish", "sweden": "swedish", "finland": "finnish", "britain": "british",
    "united kingdom": "british", "turkey": "turkish", "greece": "greek", "wales": "welsh", "ireland": "irish",
    "scotland": "scottish", "england": "english", "portugal": "portuguese", "china": "chinese", "thailand": "thai",
    "philippines": "filipino", "iceland": "icelandic", "norway": "norwegian", "czech republic": "czech",
    "czechia": "czech", "slovakia": "slovak", "new zealand": "new zealander", "lebanon": "lebanese",
    "sudan": "sudanese", "senegal": "senegalese", "vietnam": "vietnamese", "taiwan": "taiwanese", "nepal": "nepali",
    "pakistan": "pakistani", "bangladesh": "bangladeshi", "israel": "israeli", "iraq": "iraqi", "kuwait": "kuwaiti",
    "qatar": "qatari", "saudi arabia": "saudi", "yemen": "yemeni", "afghanistan": "afghan", "cyprus": "cypriot",
    "madagascar": "malagasy", "uzbekistan": "uzbek", "kazakhstan": "kazakh", "kyrgyzstan": "kyrgyz",
    "tajikistan": "tajik", "turkmenistan": "turkmen", "united states": "american", "japan": "japanese",
    "malta": "maltese", "congo": "congolese", "guyana": "guyanese", "togo": "togolese", "benin": "beninese",
    "ghana": "ghanaian", "peru": "peruvian", "sierra leone": "sierra leonean", "italy": "italian",
    "hungary": "hungarian", "argentina": "argentine", "oman": "omani", "bahrain": "bahraini", "somalia": "somali",
    "canada": "canadian", "brazil": "brazilian", "germany": "german", "mexico": "mexican", "egypt": "egyptian",
    "fiji": "fijian", "chile": "chilean", "cuba": "cuban", "iran": "iranian", "morocco": "moroccan",
    "belgium": "belgian", "ukraine": "ukrainian", "singapore": "singaporean", "zimbabwe": "zimbabwean",
    "europe": "european", "sri lanka": "sri lankan",
}  # fmt: skip
_COUNTRY_OF = {demonym: country for country, demonym in _IRREGULAR_DEMONYMS.items()}


def country_of(name: str) -> str | None:
    """The country whose people ``name`` names ("Polish" -> "Poland", "Mongolian" -> "Mongolia"), else None."""
    key = " ".join(name.lower().split())
    if key in _COUNTRY_OF:
        return _COUNTRY_OF[key].title()
    if key.endswith(("ian", "ean")) and key.isalpha():
        return key[:-1].title()  # Mongolian, Mongolia; Korean, Korea
    return None


def place_forms(name: str) -> list[str]:
    """``name`` and the other word for the same country, when it is a country or its people
    ("Poland" and "Polish", "Chinese" and "China"), capitalised as names are."""
    key = " ".join(name.lower().split())
    other = country_of(name) or _IRREGULAR_DEMONYMS.get(key)
    if other is None and key.endswith("a") and key.isalpha():
        other = f"{key}n"  # Korea, Korean; Nigeria, Nigerian
    return [name, other.title()] if other else [name]
