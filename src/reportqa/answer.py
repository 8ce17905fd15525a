"""Stage 6: compose a short extractive answer with citations from retrieved passages.

The answer is made only of sentences quoted verbatim from the passages, each
followed by the marker [n] of the passage it comes from; nothing is generated.
When no sentence supports the question well enough, the answer says so and
lists the nearest passages instead of quoting noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ._util import CJK_CHARACTER
from .chunk import split_sentences
from .config import Settings
from .lexical import LexicalTokenizer
from .types import Answer, Citation, Hit

if TYPE_CHECKING:
    from .filters import Filters
    from .retrieve import Retriever

NOT_FOUND = "The reports don't answer this question."
MAX_QUESTION_CHARS = 1000

# How a candidate sentence is scored: meaning first, then the question's own words,
# then a slight preference for higher-ranked passages. Tuned on SQuAD questions outside
# the reported sample (bench/tune_answers.py; docs/EVALUATION.md).
_LEXICAL_WEIGHT = 0.6
_RANK_WEIGHT = 0.05
_WORD = re.compile(r"\w*[^\W\d_]\w*")  # a word with at least one letter
_MIN_WORDS = 3
_MIN_CJK_CHARS = 4
# Headings and fragments without an end mark rarely answer anything by themselves.
_FRAGMENT_PENALTY = 0.25
_SENTENCE_END = re.compile(r"[.!?。！？…)\"'”’]$")
# Further sentences must come close to the best one to be worth the reader's time.
_KEEP_MARGIN = 0.3


@dataclass(frozen=True)
class _Candidate:
    passage: int  # index into hits
    start: int  # offsets inside the passage text
    end: int
    text: str
    score: float
    similarity: float


class Answerer:
    """Answers questions from a :class:`~reportqa.retrieve.Retriever`'s passages."""

    def __init__(self, retriever: Retriever, settings: Settings | None = None):
        self.retriever = retriever
        self.settings = settings or retriever.settings
        self._terms = LexicalTokenizer()

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        question = question.strip()
        if not any(ch.isalnum() for ch in question):
            return Answer(question, "Please type a question (words, not only punctuation).", abstained=True)
        notes: tuple[str, ...] = ()
        if len(question) > MAX_QUESTION_CHARS:
            # The model reads 256 word pieces at most; a longer "question" is usually pasted text.
            question = question[:MAX_QUESTION_CHARS]
            notes = (f"The question was cut to its first {MAX_QUESTION_CHARS} characters.",)
        hits = self.retriever.search(question, k=self.settings.answer_passages, filters=filters)
        answer = self.compose(question, hits)
        return replace(answer, notes=answer.notes + notes) if notes else answer

    def compose(self, question: str, hits: list[Hit], abstain_threshold: float | None = None) -> Answer:
        """The answer to ``question`` from ``hits``; abstains when the best sentence's
        score (the support) is below the threshold (default: the settings')."""
        if abstain_threshold is None:
            abstain_threshold = self.settings.abstain_threshold
        if not hits:
            return Answer(question, NOT_FOUND, abstained=True)
        candidates = self._candidates(question, hits)
        support = candidates[0].score if candidates else 0.0
        if not candidates or support < abstain_threshold:
            return Answer(question, NOT_FOUND, abstained=True, nearest=tuple(hits[:3]), support=support)
        chosen = _choose(candidates, self.settings.answer_max_sentences)
        return _render(question, hits, chosen, support)

    def _candidates(self, question: str, hits: list[Hit]) -> list[_Candidate]:
        spans = []
        for index, hit in enumerate(hits):
            soft = hit.source.lower().endswith(".pdf")
            for span in split_sentences(hit.text, 0, len(hit.text), soft_newlines=soft):
                text = hit.text[span.start : span.end]
                # List numbers ("3.") and Markdown headings are not statements worth quoting.
                if _is_statement(text):
                    spans.append((index, span.start, span.end, text))
        if not spans:
            return []
        vectors = self.retriever.embedder.encode([question] + [s[3] for s in spans])
        similarities = vectors[1:] @ vectors[0]
        question_terms = set(self._terms([question])[0])
        sentence_terms = self._terms([s[3] for s in spans])
        candidates = []
        for (index, start, end, text), similarity, terms in zip(spans, similarities, sentence_terms, strict=True):
            overlap = len(question_terms & set(terms)) / len(question_terms) if question_terms else 0.0
            score = float(similarity) + _LEXICAL_WEIGHT * overlap + _RANK_WEIGHT * (1 - index / len(hits))
            if not _SENTENCE_END.search(text):
                score -= _FRAGMENT_PENALTY
            candidates.append(_Candidate(index, start, end, text, score, float(similarity)))
        candidates.sort(key=lambda c: -c.score)
        return candidates


def _is_statement(text: str) -> bool:
    """Worth quoting: a few words (or CJK characters, which have no spaces), not a heading."""
    if text.startswith("#"):
        return False
    return len(_WORD.findall(text)) >= _MIN_WORDS or len(CJK_CHARACTER.findall(text)) >= _MIN_CJK_CHARS


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _choose(candidates: list[_Candidate], limit: int) -> list[list[_Candidate]]:
    """Up to ``limit`` distinct sentences, each with every passage that contains it."""
    best = candidates[0].score
    groups: dict[str, list[_Candidate]] = {}
    for candidate in candidates:
        key = _normalise(candidate.text)
        if key in groups:
            # The same sentence in another passage (chunks overlap): cite both.
            if all(c.passage != candidate.passage for c in groups[key]):
                groups[key].append(candidate)
            continue
        if len(groups) >= limit or candidate.score < best - _KEEP_MARGIN:
            continue
        groups[key] = [candidate]
    return list(groups.values())


def _render(question: str, hits: list[Hit], chosen: list[list[_Candidate]], support: float) -> Answer:
    # Best sentence first. A sentence that directly follows or precedes the quote before
    # it in the same passage joins that quote, so the reader gets continuous text.
    merged: list[list[_Candidate]] = []
    for group in chosen:
        previous = merged[-1] if merged else None
        if previous is not None and len(group) == 1 == len(previous) and previous[0].passage == group[0].passage:
            before, after = sorted((previous[0], group[0]), key=lambda c: c.start)
            text = hits[before.passage].text
            if _adjacent(text, before.end, after.start):
                merged[-1] = [
                    replace(previous[0], start=before.start, end=after.end, text=text[before.start : after.end])
                ]
                continue
        merged.append(group)

    numbers: dict[int, int] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    parts = []
    for group in merged:
        markers = []
        for candidate in group:
            n = numbers.setdefault(candidate.passage, len(numbers) + 1)
            spans.setdefault(candidate.passage, []).append((candidate.start, candidate.end))
            markers.append(f"[{n}]")
        parts.append(f"{group[0].text} {''.join(markers)}")
    citations = tuple(
        # start/end: the passage's first (best) quoted span; spans: all of them, in order.
        Citation(
            n=n,
            hit=hits[passage],
            start=spans[passage][0][0],
            end=spans[passage][0][1],
            spans=tuple(sorted(spans[passage])),
        )
        for passage, n in numbers.items()
    )
    return Answer(question, " ".join(parts), abstained=False, citations=citations, support=support)


def _adjacent(text: str, end: int, start: int) -> bool:
    return start - end >= 0 and not text[end:start].strip()
