"""The lexical half of retrieval: a BM25 index (bm25s) over the same chunks as FAISS.

English text is lower-cased, stripped of stop words and Snowball-stemmed. Chinese,
Japanese and Korean text has no spaces between words, so CJK runs are indexed as
overlapping character bigrams (as Lucene's CJK analyser does): a query for
连云港 matches 连云 and 云港 in any report that contains it.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from ._util import CJK_CHARACTER, without_accents

# Recorded in the index manifest: an index built with other values is refused until the
# next ingest, which rebuilds its BM25 index from the stored chunks (no re-embedding).
# k1 and b were tuned for the *hybrid* ranking on the tuning sets (bench/tune_fusion.py,
# docs/EVALUATION.md): a low k1 saturates term frequency, so BM25 mostly counts which
# rare query words a chunk contains -- the evidence dense vectors lack -- and mean hybrid
# nDCG@10 rose from 0.740 (k1 1.2, b 0.75) to 0.749.
BM25_PARAMS = {"method": "lucene", "k1": 0.45, "b": 0.4, "analyser": "en-stopwords-snowball+cjk-bigrams"}

_CJK_RUN = re.compile(CJK_CHARACTER.pattern + "+")


def _bm25s() -> Any:
    """bm25s, imported on first use, without scipy.

    bm25s imports scipy.sparse when it can, only to offer ``csc_backend="scipy"``; reportqa
    builds with its default numpy backend, and scipy's import alone is 0.3 s of a cold
    ``reportqa ask``. So scipy is hidden while bm25s is imported (in a process that has
    imported scipy already, nothing changes), under the interpreter's import lock, so that
    no other thread's import of scipy fails meanwhile."""
    if "bm25s" not in sys.modules and "scipy" not in sys.modules:
        import _imp

        _imp.acquire_lock()
        sys.modules["scipy"] = None  # type: ignore[assignment]  # "import scipy.sparse" raises ImportError
        try:
            import bm25s
        finally:
            del sys.modules["scipy"]
            _imp.release_lock()
    import bm25s

    # bm25s sets its own logger to DEBUG on import, so once anything (the web server) configures
    # logging, "Building index from tokens" shows on every ingest; only its warnings matter.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


def _cjk_bigrams(match: re.Match) -> str:
    run = match.group(0)
    if len(run) == 1:
        return f" {run} "
    return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "


class LexicalTokenizer:
    """Text -> BM25 terms: lower-cased, English stop words dropped, Snowball-stemmed, CJK as bigrams."""

    def __init__(self) -> None:
        import Stemmer
        from bm25s.stopwords import STOPWORDS_EN_PLUS

        self._stemmer = Stemmer.Stemmer("english")
        self._stopwords = list(STOPWORDS_EN_PLUS)

    def __call__(self, texts: list[str]) -> list[list[str]]:
        bm25s = _bm25s()

        prepared = [_CJK_RUN.sub(_cjk_bigrams, text) for text in texts]
        return bm25s.tokenize(
            prepared, stopwords=self._stopwords, stemmer=self._stemmer, return_ids=False, show_progress=False
        )

    def matching_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        """Where ``text`` has the words BM25 matches for ``query`` ("euros" for "euro"), in order."""
        wanted = set(self([query])[0])
        spans = [m.span() for m in re.finditer(r"\w\w+", text) if self._stemmer.stemWord(m.group(0).lower()) in wanted]
        for term in (t for t in wanted if CJK_CHARACTER.search(t)):  # bigrams: found as they are
            spans += [(m.start(), m.start() + len(term)) for m in re.finditer(re.escape(term), text)]
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):  # overlapping bigrams ("连云", "云港") make one span
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


class LexicalIndex:
    """BM25 over chunk rows 0..n-1 (the same row numbers as the FAISS index)."""

    def __init__(self, bm25: Any, size: int):
        self._bm25 = bm25
        self.size = size
        self._tokenize = LexicalTokenizer()
        self._folded_vocabulary: list[str] | None = None

    @classmethod
    def build(cls, texts: list[str], params: dict | None = None) -> LexicalIndex:
        """BM25 over ``texts``; ``params`` other than BM25_PARAMS are for tuning experiments."""
        bm25s = _bm25s()

        params = params or BM25_PARAMS
        bm25 = bm25s.BM25(method=params["method"], k1=params["k1"], b=params["b"])
        if texts:
            tokens = LexicalTokenizer()(texts)
            # bm25s cannot index an empty corpus vocabulary; a chunk of stop words only is harmless.
            bm25.index([t or ["\u2205"] for t in tokens], show_progress=False)
        return cls(bm25, len(texts))

    @classmethod
    def load(cls, directory: Path, size: int) -> LexicalIndex:
        bm25s = _bm25s()

        if size == 0:
            return cls(bm25s.BM25(), 0)
        return cls(bm25s.BM25.load(str(directory), mmap=False), size)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if self.size:
            self._bm25.save(str(directory))

    def has_terms(self, text: str, typos: bool = False) -> bool:
        """Whether every indexed word of ``text`` occurs in the corpus (see :func:`terms_found`)."""
        vocabulary = self._bm25.vocab_dict if self.size else {}
        return terms_found(self._tokenize([text])[0], lambda terms: set(terms) & vocabulary.keys(), self._folded, typos)

    def _folded(self) -> list[str]:
        if self._folded_vocabulary is None:  # built on the first typo-tolerant look-up
            self._folded_vocabulary = folded_terms(self._bm25.vocab_dict if self.size else [])
        return self._folded_vocabulary

    def search(self, query: str, k: int, allowed_rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Rows and BM25 scores of the best ``k`` chunks with a positive score."""
        tokens = self._tokenize([query])[0]
        if not tokens or self.size == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        vocabulary = self._bm25.vocab_dict
        tokens = [t for t in tokens if t in vocabulary]
        if not tokens:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        mask = None
        if allowed_rows is not None:
            mask = np.zeros(self.size, dtype=np.float32)
            mask[allowed_rows] = 1.0
        # Scores of every chunk, then the best k: bm25s's own retrieve() does the same but costs
        # 0.6 ms more per query (it starts a thread and progress bars even when asked for none),
        # more than the scoring itself on a corpus of a few thousand chunks.
        scores = self._bm25.get_scores(tokens, weight_mask=mask).astype(np.float32)
        k = min(k, self.size)
        best = np.argpartition(-scores, k - 1)[:k] if k < self.size else np.arange(self.size)
        best = best[np.argsort(-scores[best], kind="stable")].astype(np.int64)
        scores = scores[best]
        keep = scores > 0
        return best[keep], scores[keep]


def terms_found(
    tokens: list[str],
    known: Callable[[list[str]], set[str]],
    folded_vocabulary: Callable[[], list[str]],
    typos: bool = False,
) -> bool:
    """Whether every term of ``tokens`` (a text as BM25 indexes it) occurs in the corpus; ``known``
    says which of some terms do, ``folded_vocabulary`` lists them all (:func:`folded_terms`;
    asked only with ``typos``).

    With ``typos``, a word of six letters or more (three, when another word of the text is
    found as is) may differ from a corpus word by one edit (two from nine letters), accents
    aside: "Celeron" finds "Céloron", "Lor Loudoun" finds "Lord Loudoun"; a corpus term of six
    letters or more that begins it finds it too ("commission" finds "commiss")."""
    present = known(tokens)
    found = [t in present for t in tokens]
    if all(found) or not typos:
        return all(found)  # stop words alone: nothing to look up
    # In a name of several words of which one is right ("Lor Loudoun"), short words may be off too.
    shortest = 3 if any(found) else 6
    missing = [t for t, hit in zip(tokens, found, strict=True) if not hit]
    if any(len(t) < shortest for t in missing):
        return False
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    # The stemmer may cut two forms of a word differently ("Commissioner" -> "commission",
    # "Commission" -> "commiss"): a corpus term that begins the word, six letters or more, finds it.
    missing = [t for t in missing if not known([t[:n] for n in range(6, len(t))])]
    folded = folded_vocabulary() if missing else []
    for token in missing:
        allowed = 2 if len(token) >= 9 else 1
        if (
            process.extractOne(without_accents(token), folded, scorer=Levenshtein.distance, score_cutoff=allowed)
            is None
        ):
            return False
    return True


def folded_terms(terms: Iterable[str]) -> list[str]:
    """The corpus's terms without accents, once each: what a misspelt word is compared with."""
    return sorted({without_accents(t) for t in terms})
