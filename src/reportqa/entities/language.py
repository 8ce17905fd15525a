"""Which pages are written in English: the only language the entity pipeline reads.

spaCy's English recogniser run over a French page finds "people" such as "La Municipalité" and
"Sentiers Chelsea": such pages are not read. A page's language is told by its function words,
from spaCy's stop-word lists: a page is in another language when that language's stop words
are a quarter of its words or more and English's fewer than half as many. Measured on the real
PDFs, the bundled corpus, the dev reports and 150 generated reports (484 pages): French pages
score 0.32-0.53 French and at most 0.15 English; English pages at most 0.16 in any other
language. Lists and tables of names have few function words of any language and stay English.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

# Languages an institution's report is often written in besides English; a page in any other
# (not covered here) is read as English, as before.
_OTHER_LANGUAGES = {"fr": "French", "es": "Spanish", "de": "German", "pt": "Portuguese", "it": "Italian", "nl": "Dutch"}
_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS = 20  # fewer words tell nothing
_SAMPLE_CHARS = 3000  # a page's start tells its language


@cache
def _stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words of ``language``, read from their own file: importing them through
    ``spacy.lang.fr`` would load the French tokenizer's exceptions too (2.2 s)."""
    spacy = importlib.util.find_spec("spacy")
    assert spacy is not None and spacy.origin is not None  # the entity stage runs with spaCy installed
    path = Path(spacy.origin).parent / "lang" / language / "stop_words.py"
    spec = importlib.util.spec_from_file_location(f"reportqa_stop_words_{language}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


def other_language(text: str) -> str | None:
    """The name of the language ``text`` is written in when it is not English ("French"), else
    None (English, or too short to tell)."""
    words = [word.lower() for word in _WORD.findall(text[:_SAMPLE_CHARS])]
    if len(words) < _MIN_WORDS:
        return None
    english = sum(word in _stop_words("en") for word in words)
    share, language = max((sum(word in _stop_words(code) for word in words), code) for code in _OTHER_LANGUAGES)
    if share >= 0.25 * len(words) and english < 0.5 * share:
        return _OTHER_LANGUAGES[language]
    return None
