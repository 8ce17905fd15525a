"""Stage 6: compose a short extractive answer with citations from retrieved passages.

The answer is made only of sentences quoted verbatim from the passages, each
followed by the marker [n] of the passage it comes from; nothing is generated.
When no sentence supports the question well enough, the answer says so and
lists the nearest passages instead of quoting noise.

The question is read first (:mod:`reportqa.question`): role questions ("What position does X
hold?") are answered from the who's who, who-questions about a visit or meeting from the event
record of the report that matches, and the rest by scoring sentences -- with a preference for
sentences that carry the kind of answer asked for (a person, a date, a number, a cause). A
question naming a person, place or year that no report covers is declined, saying so.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ._util import CJK_CHARACTER, mostly_cjk, place_forms
from .across import answer_across, names_the_measure, read_across
from .answer_records import (
    _ACRONYM,
    NOT_FOUND,
    RecordAnswers,
    _and,
    _declined,
    _named_in_question,
    _names_in,
    _not_mentioned,
    _one_line,
    _when,
)
from .chunk import split_sentences
from .config import Settings
from .lexical import LexicalTokenizer
from .ocr import note_ocr_quotes
from .question import EVENT_FIELDS, Question, analyse, periods_named, uses_relation
from .types import Answer, Citation, EntityProgress, Hit
from .verify import (
    MONTH_NAME,
    WEEKDAY,
    asks_future,
    asks_next,
    checks,
    counts,
    holds_answer,
    holds_date,
    missing_note,
    states_amount_of,
)

if TYPE_CHECKING:
    from .filters import Filters
    from .retrieve import Retriever
    from .whoswho import Directory

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
# "Place: Board room, ..." -- a labelled line states a fact although it has no full stop.
# "Balance" on a line and "USD $256,869.00" on the next, in minutes and accounts: one labelled line.
_LABELLED = re.compile(r"^\W*(?:\d+[.)]\s*)?([A-Z][\w ]{1,30}?)\s*(?::|\s[-–]\s|\n\s*\n)\**\s*\S")
# A line that is only a short label ("Balance", "Total income") and a line that is only a value.
_LABEL_LINE = re.compile(r"^[A-Z][\w’' ]{1,30}$")
_VALUE_LINE = re.compile(r"^[^\n]{0,40}\d[^\n]{0,40}$")
# Lines of minutes that continue the statement before them: "Seconded by J. Kelly", "Proposer T Heaford".
_CONTINUATION = re.compile(
    r"^\W*(?:(?:proposed|seconded|moved|carried|chaired|led|hosted|received|signed|minuted|recorded|presented)\s+by\b"
    r"|(?:proposer|seconder|mover|chair|secretary|minute taker)\b\s*:?\s*[A-Z])",
    re.I,
)
# Words that make a question about the event a report records (its place, its participants).
_EVENT_WORDS = re.compile(
    r"\b(meet|met|meeting|visit|visited|briefing|board|committee|delegation|roadshow|forum|summit|held)\b", re.I
)
# The thing a question asks about: "the population of", "the email address of", "how many employees do".
_ASKED_ABOUT = re.compile(
    r"\b(?:the|an?|many|much)\s+((?:[a-z]{3,}\s+){0,2}[a-z]{4,})\s+(?:of|in|for|does|do|did|is|are|was|were|has|have)\b"
)
# How far below the best sentence a sentence that meets the question's year may score.
_CONSTRAINT_MARGIN = 0.25
# How far below the best sentence one that holds the kind of answer asked for may score.
_VERIFY_MARGIN = 0.35
# ... and one whose number is written with the very thing a how-many question counts.
_COUNT_MARGIN = 0.6
_COUNTED_RELIEF = 0.3
# A sentence carrying the kind of answer asked for (a name for "who", a date for "when" ...).
_TYPE_BONUS = 0.15
# Which mention kinds (entities.py) answer which question kinds.
_ANSWER_KINDS = {
    "person": {"person"},
    "date": {"date"},
    "place": {"place", "org"},
    "number": {"number", "money", "quantity"},
}
_CAUSE = re.compile(
    r"\b(because|since|due to|owing to|as a result|so that|in order to|thanks to|reason|therefore|which matters|"
    r"where (land|labour|costs?)|cost less|is full|scarce|"
    # purposes and constraints: "timed to coincide with", "looking to explore", "unable to secure the funding"
    r"timed to|to coincide with|looking to|hoping to|seeking to|aim(?:ed|s|ing)? to|purpose|in light of|"
    r"in response to|in view of|given that|unable to|lack of|could not afford|in the hope|"
    # "the decision was based on ...", "prompted by", "motivated by"
    r"(?:decision|choice|move|step)\s+(?:was|is|had\s+been)\s+based\s+on|motivated\s+by|prompted\s+by|driven\s+by|"
    r"stems?\s+from|stemmed\s+from)\b",
    re.I,
)
# "Until what date does the partnership run?", "When does the agreement expire?": an end date,
# written after "until", "extend to", "ending", "expires on" ...
_UNTIL_ASKED = re.compile(
    r"^\W*(?:until|till)\s+(?:when|what)\b|\b(?:expire|expires|end|ends|run\s+until|last\s+until|valid\s+until)\b",
    re.I,
)
_END_DATE = re.compile(
    rf"\b(?:until|till|through|ending|ends?\s+on|expires?\s+on|expiring\s+on|extends?\s+to|extended\s+to|"
    rf"extend\s+to|valid\s+until|up\s+to)\s+(?:the\s+)?(?:end\s+of\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_NAME}|{MONTH_NAME}\s+\d{{1,2}}|{MONTH_NAME}\s+(?:19|20)\d\d|(?:19|20)\d\d)\b",
    re.I,
)
# "What did the board decide about ...?" is answered by the sentence recording a decision.
_DECISION_ASKED = re.compile(r"\b(?:decide|decided|decision|resolve|resolved|resolution|outcome)\b", re.I)
_DECISION = re.compile(
    r"\b(?:approved|adopted|agreed|resolved|carried|rejected|decided|endorsed|passed|deferred|postponed|"
    r"unanimous(?:ly)?)\b",
    re.I,
)
_PRONOUN_START = re.compile(r"^\W*(?:it|he|she|they|its|his|her|their|this|these|there)\b", re.I)
# The kinds of event a report may be about, and a line under its title that only dates it
# ("April 22, 2009 – April 25, 2009", "Date: 12 May 2021", "12-15 June 2023").
_EVENT_KIND = re.compile(
    r"\b(visit|tour|trip|mission|delegation|meeting|conference|workshop|forum|summit|seminar|training|exchange|"
    r"fair|expo|exhibition|ceremony|festival|roadshow)",
    re.I,
)
_DATE_ONLY_LINE = re.compile(
    rf"^\W*(?:(?:dates?|held|period|when)\s*:\s*)?(?:(?:{MONTH_NAME}|"
    rf"{WEEKDAY}|\d{{1,4}}(?:st|nd|rd|th)?|to|and|from|until|[,–—/.-])\s*)+$",
    re.I,
)
_HEAD_LINES = 6  # a date line stands among the first lines of a report

# "According to the minister, the decision was based on ...": a decision or move named as known
# is the one the sentence before told of.
_DECISION_ANAPHOR = re.compile(r"^[^.;]{0,60}?\b(?:the|this|that)\s+(?:decision|move|step|choice)\b", re.I)
_YEAR_OR_DATE = re.compile(r"\b(?:19|20)\d\d(?:-\d\d(?:-\d\d)?)?\b")
_WORD_NUMBER = re.compile(
    r"\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred)\b", re.I
)


@dataclass(frozen=True)
class _Candidate:
    passage: int  # index into hits
    start: int  # offsets inside the passage text
    end: int
    text: str
    score: float
    similarity: float


class Answerer(RecordAnswers):
    """Answers questions from a :class:`~reportqa.retrieve.Retriever`'s passages."""

    def __init__(self, retriever: Retriever, settings: Settings | None = None):
        self.retriever = retriever
        self.settings = settings or retriever.settings
        self._terms = LexicalTokenizer()
        self._sentences = _PassageSentences(self._sentence_vectors)

    def ask(self, question: str, filters: Filters | None = None, abstain_threshold: float | None = None) -> Answer:
        """The answer to ``question``, from the reports that pass ``filters``; ``abstain_threshold``
        overrides the settings' (evaluation passes -inf to record every answer's support)."""
        question = question.strip()
        if not any(ch.isalnum() for ch in question):
            return Answer(question, "Please type a question (words, not only punctuation).", abstained=True)
        notes: tuple[str, ...] = ()
        if len(question) > MAX_QUESTION_CHARS:
            # The model reads 256 word pieces at most; a longer "question" is usually pasted text.
            question = question[:MAX_QUESTION_CHARS]
            notes = (f"The question was cut to its first {MAX_QUESTION_CHARS} characters.",)
        if filters is not None and filters.active and not self.retriever.matches_anything(filters):
            return Answer(question, f"{filters.nothing_matches()}: widen or clear them.", abstained=True)
        answer = note_ocr_quotes(self._answer(question, filters, abstain_threshold), self.retriever.documents)
        return replace(answer, notes=answer.notes + notes) if notes else answer

    def _answer(self, question: str, filters: Filters | None, abstain_threshold: float | None) -> Answer:
        across = answer_across(question, self, filters)  # lists, counts, figures over time ... (across.py)
        if across is None:
            return self._one_report_answer(question, filters, abstain_threshold)
        if across.abstained and (reading := read_across(question)) and reading.mode in ("count", "trend"):
            # A count or a figure over time with no records for it may still be one report's
            # figure ("How many visitors did Qatar welcome in 2019?" -- "2.1 million visitors").
            single = self._one_report_answer(question, filters, abstain_threshold)
            if not single.abstained and names_the_measure(reading.measure, single.text):
                return single
        return _while_updating(across, self.retriever.entity_progress())

    def _one_report_answer(self, question: str, filters: Filters | None, abstain_threshold: float | None) -> Answer:
        asked = analyse(question)
        directory = self._records()
        role_answer = self._role_answer(question, asked, directory) if asked.asks_role else None
        if role_answer is not None:
            return role_answer
        hits = self.retriever.search(question, k=self.settings.answer_passages, filters=filters)
        if hits and all(mostly_cjk(h.text) for h in hits) and not mostly_cjk(question):
            return _declined(
                question,
                "The closest reports are in Chinese (or Japanese or Korean); the default model matches "
                "questions in English: ask in the language of the report.",
                hits,
            )
        if unknown := self._unknown_name(asked, directory):
            return _declined(question, _not_mentioned(unknown))
        if asked.role_of and directory.has_entities:
            answer = self._holder_answer(question, asked, directory)
            if answer is not None:
                return answer
        if asked.relation == "signed" and directory.has_entities:
            answer = self._signatory_answer(question, asked, hits, directory)
            if answer is not None:
                return answer
        # The event table records the events the reports tell of, never the next one.
        recorded = directory.has_entities and not asks_next(asked)
        if asked.expects == "place" and _EVENT_WORDS.search(question) and recorded:
            answer = self._place_answer(question, asked, hits, directory)
            if answer is not None:
                return answer
        if asked.expects == "person" and asked.relation in EVENT_FIELDS and recorded:
            answer = self._event_answer(question, asked, hits, directory)
            if answer is not None:
                return answer
            if asked.month_years or asked.years:
                when = _when(asked)
                return _declined(question, f"No report from {when} records who {asked.relation} it.", hits)
        return self.compose(question, hits, abstain_threshold, asked=asked, directory=directory)

    def compose(
        self,
        question: str,
        hits: list[Hit],
        abstain_threshold: float | None = None,
        asked: Question | None = None,
        directory: Directory | None = None,
    ) -> Answer:
        """The answer to ``question`` from ``hits``; abstains when the best sentence's
        score (the support) is below the threshold (default: the settings')."""
        if abstain_threshold is None:
            abstain_threshold = self.settings.abstain_threshold
        if not hits:
            return Answer(question, NOT_FOUND, abstained=True)
        asked = asked or analyse(question)
        candidates = self._candidates(question, hits, asked, directory)
        names = _entity_names(asked, directory)
        if names and candidates:
            # Every person, body or place the question names must be in the passage the answer
            # comes from (names NER does not know as entities are left to retrieval).
            named = [
                c
                for c in candidates
                if all(
                    _names_in(name, hits[c.passage])
                    or self._named_by_surname(name, hits[c.passage])
                    or self._place_of_the_report(name, hits[c.passage], directory)
                    for name in names
                )
            ]
            if not named:
                missing = [n for n in names if not any(_names_in(n, h) for h in hits)] or list(names)
                return _declined(question, f"The passages closest to it don't mention {_and(missing)}.", hits)
            candidates = named
        constraints = self._constraints(asked)
        if constraints and candidates:
            # The answer's report must name every place, body and person the question names:
            # a sentence of another report about a similar visit answers nothing.
            carried = [c for c in candidates if self._carries(hits[c.passage].doc_id, constraints)]
            if not carried:
                return _declined(question, f"No report among the closest names {_and(constraints)} together.", hits)
            candidates = carried
        if asked.years and candidates:
            # A sentence about another year ("Total income in 2022 was ...") does not answer a
            # question about 2019. When the best sentence is one, the question is answered only
            # by a sentence about the year asked that scores nearly as well; otherwise declined.
            top = candidates[0]
            others = [c for c in candidates if not _about_other_years(c, hits[c.passage], asked)]
            if _about_other_years(top, hits[top.passage], asked):
                others = [
                    c
                    for c in others
                    if c.score >= top.score - _CONSTRAINT_MARGIN and _speaks_of_years(c, hits[c.passage], asked)
                ]
            if not others:
                covered = sorted({y for c in candidates[:8] for y in _years_named(c.text)} - set(asked.years))
                told = f"; the closest passages speak of {_and(covered)}" if covered else ""
                asked_for = _and(list(asked.periods or asked.years))
                return _declined(question, f"The reports don't answer this for {asked_for}{told}.", hits)
            candidates = others
        question_terms = set(self._terms([question])[0])
        if candidates and checks(asked):
            # The answer must hold what was asked for (a figure, a date, the office's holder):
            # the best sentence that does, if it scores near the best of all; else decline.
            # (the report's own title restated scores high and answers nothing: not the reference)
            best = next((c.score for c in candidates if not _restates_title(c, hits)), candidates[0].score)
            # "How many recommendations?": a sentence counting them ("eight recommendations")
            # beats one with another number, from further down too; from anywhere in the report
            # the best sentence comes from (the report is about what was asked, the count is in it).
            # Likewise a figure under a label of the question's words, an end date for "until when".
            top_report = hits[candidates[0].passage].doc_id
            counting = [
                c
                for c in candidates
                if self._binds(asked, question_terms, c.text)
                and (c.score >= best - _COUNT_MARGIN or hits[c.passage].doc_id == top_report)
            ]
            if asked.counted and not counting:
                hits, counting = self._counted_elsewhere(question, asked, hits, top_report, directory)
            candidates = counting or [
                c
                for c in candidates
                if c.score >= best - _VERIFY_MARGIN and holds_answer(asked, c.text, _mentions_in(c, hits, directory))
            ]
            if not candidates and asked.expects == "date" and not asks_future(asked) and best >= abstain_threshold:
                hits, candidates = self._report_date_line(question, hits, top_report, best)
            if not candidates:
                return _declined(question, missing_note(asked), hits)
        support = candidates[0].score if candidates else 0.0
        if candidates and checks(asked) and self._binds(asked, question_terms, candidates[0].text):
            # A number written with the very thing counted ("nearly 40 staff members"), under a
            # label made of the question's words ("Memberships - Rs 26.29 lakh"), a date the
            # sentence says something runs until, is strong evidence however the sentence is
            # worded: the bar is lower.
            abstain_threshold -= _COUNTED_RELIEF
        if not candidates or support < abstain_threshold:
            return Answer(question, NOT_FOUND, abstained=True, nearest=tuple(hits[:3]), support=support)
        if asked.expects == "reason":
            # A why-question is answered first by a sentence giving a cause, if one scores near
            # the best: the best may only repeat the question's words ("X decided to leave in 2019").
            causes = [c for c in candidates if c.score >= support - _VERIFY_MARGIN and _gives_cause(asked, c.text)]
            candidates = causes + [c for c in candidates if c not in causes]
        chosen = _choose(candidates, self.settings.answer_max_sentences, hits)
        return _render(question, hits, chosen, support)

    def _binds(self, asked: Question, question_terms: set[str], text: str) -> bool:
        """Whether ``text`` holds the answer bound to what was asked: the counted thing's number,
        an amount right after the measure asked for, a figure or date labelled with the
        question's words, or for "until when" an end date."""
        if asked.expects == "date" and _UNTIL_ASKED.search(asked.text) is not None:
            return _END_DATE.search(text) is not None
        return counts(asked, text) or states_amount_of(asked, text) or self._labelled_value(asked, question_terms, text)

    def _labelled_value(self, asked: Question, question_terms: set[str], text: str) -> bool:
        """Whether ``text`` is a labelled figure ("Balance" / "USD $256,869.00") or date ("Date
        of Incident: 01/09/2015") whose label is made of the question's words and whose value is
        of the kind asked."""
        if asked.expects not in ("number", "date") or not (labelled := _LABELLED.match(text)):
            return False
        label_terms = self._terms([labelled.group(1)])[0]
        return _labelled_as_asked(question_terms, label_terms) and holds_answer(asked, text[labelled.end() - 1 :])

    def _counted_elsewhere(
        self, question: str, asked: Question, hits: list[Hit], doc_id: str, directory: Directory | None
    ) -> tuple[list[Hit], list[_Candidate]]:
        """The sentences counting what a how-many question counts in the passages of report
        ``doc_id`` that were not retrieved ("we reached out to 26 programmes" when the question
        says "contacted"), with ``hits`` extended by their passages; none: ``hits`` unchanged."""
        retrieved = {h.chunk_id for h in hits}
        rest = [Hit.of(c, 0.0) for c in self.retriever.passages_of(doc_id) if c.chunk_id not in retrieved]
        if not rest:
            return hits, []
        extended = hits + rest
        found = [
            c
            for c in self._candidates(question, extended, asked, directory)
            if c.passage >= len(hits) and counts(asked, c.text)
        ]
        return (extended, found) if found else (hits, [])

    def _report_date_line(
        self, question: str, hits: list[Hit], doc_id: str, score: float
    ) -> tuple[list[Hit], list[_Candidate]]:
        """ "When did the study tour start?" about the event a report is about (its title names
        the kind asked: a tour, visit, meeting ...), whose sentences date nothing: the date line
        under the report's title ("April 22, 2009 - April 25, 2009"), as a candidate scoring
        ``score``, with ``hits`` extended by its passage; none: ``hits`` unchanged."""
        event = _EVENT_KIND.search(question)
        passages = self.retriever.passages_of(doc_id)
        if event is None or not passages or not re.search(rf"\b{event.group(1)}", passages[0].title, re.I):
            return hits, []
        first = passages[0]
        position = 0
        for line in first.text.split("\n")[:_HEAD_LINES]:
            start = position + len(line) - len(line.lstrip())
            position += len(line) + 1
            if _DATE_ONLY_LINE.match(line) and holds_date(line):
                index = next((i for i, h in enumerate(hits) if h.chunk_id == first.chunk_id), len(hits))
                extended = hits if index < len(hits) else [*hits, Hit.of(first, 0.0)]
                text = line.strip()
                return extended, [_Candidate(index, start, start + len(text), text, score, 0.0)]
        return hits, []

    def _candidates(
        self, question: str, hits: list[Hit], asked: Question | None = None, directory: Directory | None = None
    ) -> list[_Candidate]:
        spans = []
        blocks = []
        for index, hit in enumerate(hits):
            statements, vectors = self._sentences.of(hit)
            spans += [(index, start, end, hit.text[start:end]) for start, end in statements]
            if statements:
                blocks.append(vectors)
        if not spans:
            return []
        question_vector = self.retriever.question_vector(question)  # the one its search used
        similarities = np.concatenate(blocks) @ question_vector
        question_terms = set(self._terms([question])[0])
        sentence_terms = self._terms([s[3] for s in spans])
        candidates = []
        previous: tuple[int, set[str]] = (-1, set())  # the passage and words of the sentence before
        for (index, start, end, text), similarity, terms in zip(spans, similarities, sentence_terms, strict=True):
            words = set(terms)
            continuation = _CONTINUATION.match(text) is not None
            refers_back = _PRONOUN_START.match(text) or _DECISION_ANAPHOR.match(text) or continuation
            if refers_back and previous[0] == index:
                # "It is a national incubator": "it" is whatever the sentence before was about;
                # "Seconded by J. Kelly" seconds the motion written before it.
                words |= previous[1]
            previous = (index, words if continuation else set(terms))
            if asked is not None and asked.expects == "person" and _LABELLED.match(text):
                hit = hits[index]
                mentions = (
                    directory.mentions_between(hit.doc_id, hit.start + start, hit.start + end) if directory else []
                )
                if any(kind == "person" for kind, _ in mentions):
                    # "Survey Coordinator: Bill Pyle" is the coordinator of the record it stands
                    # in: the words of the record's lines above it ("KODIAK REFUGE / Invasive Plant
                    # Survey") count as its own
                    words |= set(self._terms([_record_above(hit.text, start)])[0])
            overlap = len(question_terms & words) / len(question_terms) if question_terms else 0.0
            score = float(similarity) + _LEXICAL_WEIGHT * overlap + _RANK_WEIGHT * (1 - index / len(hits))
            if not _SENTENCE_END.search(text) and not _LABELLED.match(text) and not continuation:
                score -= _FRAGMENT_PENALTY
            if asked is not None:
                score += _answer_bonus(asked, text, hits[index], start, end, directory)
            candidates.append(_Candidate(index, start, end, text, score, float(similarity)))
        candidates.sort(key=lambda c: -c.score)
        return candidates

    def _sentence_vectors(self, texts: list[str]) -> np.ndarray:
        return self.retriever.embedder.encode(texts)

    # --- answers from the who's who ------------------------------------------------------

    def _records(self) -> Directory:
        """The who's who answers may draw on: empty while ingest's second phase has not analysed
        every report -- a report missing from it could make an answer from records decline
        wrongly ("the reports name a manager of X, not of Y") -- so until then answers come
        from passages."""
        progress = self.retriever.entity_progress()
        if progress is not None and progress.updating:
            from .whoswho import Directory

            return Directory([], [], {})
        return self.retriever.directory()

    def _unknown_name(self, asked: Question, directory: Directory) -> str | None:
        """A name in the question that no report uses (a city, a person), or the thing asked about
        ("the population of ...") when no report uses the word: the reports can't answer."""
        for name in asked.names:
            if directory.has_entities and directory.find(name):
                continue
            if _ACRONYM.fullmatch(name):  # "WWII", "SIP": reports may write the name out in full
                continue
            if not any(self.retriever.corpus_has(form, typos=True) for form in place_forms(name)) and not (
                self._names_a_report(name)
            ):
                return name  # ("Celeron" for "Céloron" is no new name; "Poland" is known from "Polish")
        for facility in asked.facilities:
            if directory.has_entities and not directory.find(facility):
                return f"a {facility}"
        for phrase in _ASKED_ABOUT.findall(asked.text):
            for noun in phrase.split():
                # Only long words may be misspelt ("develpment"): "mayor" is not "major".
                if not self.retriever.corpus_has(noun, typos=len(noun) >= 10):
                    return noun
        if asked.unit and not self.retriever.corpus_has(asked.unit):
            return asked.unit
        return None


def _record_above(passage: str, start: int) -> str:
    """The lines of a passage above ``start`` up to the blank line that opens its record (a
    survey's entry, a list under its heading), at most a few lines."""
    opened = passage.rfind("\n\n", 0, start)
    return "\n".join(passage[opened + 2 if opened != -1 else 0 : start].splitlines()[-8:])


class _PassageSentences:
    """A passage's statement sentences (offsets) and their vectors, kept for the passages most
    recently used: a server answering many questions embeds a popular passage's sentences once.

    The sentences of one passage are embedded together and the question alone, whatever else is
    asked: an int8 model (an int8 index's) quantises each batch with its own scale, so a vector
    depends on the batch it was computed in, and an answer must not depend on which questions
    came before it.
    """

    def __init__(self, embed: Callable[[list[str]], np.ndarray], capacity: int = 2048):
        self._embed = embed
        self._capacity = capacity  # ~10 sentences x 384 floats each: about 30 MB when full
        self._kept: OrderedDict[tuple[str, str, str], tuple[list[tuple[int, int]], np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    def of(self, hit: Hit) -> tuple[list[tuple[int, int]], np.ndarray]:
        key = (hit.chunk_id, hit.title, hit.text)  # the text too: a re-ingested report reuses chunk ids
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return kept
        soft = hit.source.lower().endswith(".pdf")
        statements = []
        spans = [(span.start, span.end) for span in split_sentences(hit.text, 0, len(hit.text), soft_newlines=soft)]
        for start, end, joined in _labels_with_values(hit.text, spans):
            text = hit.text[start:end]
            # List numbers ("3."), Markdown headings and the report's title are not statements.
            # A labelled figure ("2. Regatta entries - £2,350") states a fact in two words.
            if joined or ((_is_statement(text) or _labelled_figure(text)) and not _is_title(text, hit.title)):
                statements.append((start, end))
        vectors = self._embed([hit.text[s:e] for s, e in statements]) if statements else np.zeros((0, 0), np.float32)
        with self._lock:
            self._kept[key] = (statements, vectors)
            while len(self._kept) > self._capacity:
                self._kept.popitem(last=False)
        return statements, vectors


def _while_updating(answer: Answer, progress: EntityProgress | None) -> Answer:
    """An answer across reports, with a note while the who's who it draws on is incomplete."""
    if progress is None or not progress.updating:
        return answer
    note = (
        f"The who's who is still updating ({progress.analysed} of {progress.reports} reports analysed): "
        "reports not analysed yet may be missing from this answer."
    )
    return replace(answer, notes=(*answer.notes, note))


def _entity_names(asked: Question, directory: Directory | None) -> list[str]:
    """The question's names that the who's who knows as a person, body or place -- or whose
    first word it knows, with a head noun ("Suzhou sub-center")."""
    if directory is None or not directory.has_entities:
        return []
    return [n for n in asked.names if directory.find(n, exact=True) or _place_with_head_noun(n, directory)]


def _place_with_head_noun(name: str, directory: Directory) -> bool:
    """ "Suzhou sub-center": a known place followed by lowercase words."""
    first, *rest = name.split()
    return bool(rest) and not any(w[:1].isupper() for w in rest) and bool(directory.find(first, "place", exact=True))


def _years_named(text: str) -> set[str]:
    """The years a sentence speaks of; a year in parentheses is a comparison ("(2018 $171.1
    million)") and does not count."""
    return set(re.findall(r"\b(?:19|20)\d\d\b", re.sub(r"\([^()]*\)", " ", text)))


def _about_other_years(candidate: _Candidate, hit: Hit, asked: Question) -> bool:
    """Whether a sentence is about other years than those asked: it names only other years,
    or it names none and its report's heading names only other years ("Annual Report 2022").
    A financial year asked ("in 2020-21") is answered only about that year: a report of
    2021-22 names 2021 as well, but its figures are not 2020-21's."""
    if asked.periods and (named_periods := _periods_of(candidate, hit)):
        return not named_periods.intersection(asked.periods)
    named = _years_named(candidate.text) or _section_years(hit.text, candidate.start) or _heading_years(hit.title)
    return bool(named) and not named & set(asked.years)


def _periods_of(candidate: _Candidate, hit: Hit) -> set[str]:
    """The financial years a sentence is about: those it names, else its report's title's or
    file name's ("annual_report_2021-22.pdf")."""
    return periods_named(candidate.text) or periods_named(hit.title) or periods_named(hit.source)


# A heading line inside a report: a few words, no full stop ("2011 UPDATES", "Results for 2022").
_HEADING_LINE = re.compile(r"^[^\n.!?]{1,60}$")


def _section_years(text: str, start: int) -> set[str]:
    """The years of the nearest heading line above offset ``start`` of a passage, when it names
    any: "2011 UPDATES" dates what is written under it, as a report's title does."""
    for line in reversed(text[:start].split("\n")):
        line = line.strip()
        if line and _HEADING_LINE.match(line) and len(line.split()) <= 6 and (years := _years_named(line)):
            return years
    return set()


def _heading_years(title: str) -> set[str]:
    """Years in a report's title when it is a heading (a first line that is a sentence is not)."""
    if not title or title.rstrip().endswith("."):
        return set()
    return set(re.findall(r"\b(?:19|20)\d\d\b", title))


def _speaks_of_years(candidate: _Candidate, hit: Hit, asked: Question) -> bool:
    """Whether a sentence speaks of a year the question names: it names that year; or it names
    no year and its passage does (a table's header row), or else its report's heading does
    ("Annual Report 2023"), or else its report's date is in that year. A financial year asked
    must be the one the sentence is about (:func:`_periods_of`) where any is named."""
    if asked.periods and (named_periods := _periods_of(candidate, hit)):
        return bool(named_periods.intersection(asked.periods))
    years = asked.years
    named = _years_named(candidate.text) or _section_years(hit.text, candidate.start)
    if named:
        return bool(named & set(years))
    if any(re.search(rf"\b{year}\b", hit.text) for year in years):
        return True
    titled = _heading_years(hit.title)
    if titled:
        return bool(titled & set(years))
    return hit.date is not None and hit.date[:4] in years


def _answer_bonus(asked: Question, text: str, hit: Hit, start: int, end: int, directory: Directory | None) -> float:
    """How much a sentence gains for holding the kind of thing the question asks for."""
    if asked.expects == "reason":
        # A why-question wants the sentence giving a cause, more than one repeating its words.
        return 2 * _TYPE_BONUS if _gives_cause(asked, text) else 0.0
    if asked.expects == "other" and _DECISION_ASKED.search(asked.text):
        # "What did the board decide about the proposal?": "It has been approved unanimously."
        return 2 * _TYPE_BONUS if _DECISION.search(text) else 0.0
    mentions = directory.mentions_between(hit.doc_id, hit.start + start, hit.start + end) if directory else []
    if asked.kind_asked:
        # "Which sub-center ...?" is answered by a name of that kind ("Ningbo Fenghua Sub-center"):
        # a closer fit than a mere name, so it counts twice.
        kind = asked.kind_asked.rstrip("s").replace("-", "")
        if any(kind in name.lower().replace("-", "") and not _named_in_question(name, asked) for _, name in mentions):
            return 2 * _TYPE_BONUS
    wanted = _ANSWER_KINDS.get(asked.expects)
    if not wanted:
        return 0.0
    # A mention the question itself names is not the answer ("Where is Lianyungang?").
    if any(kind in wanted and not _named_in_question(name, asked) for kind, name in mentions):
        # A name in the relation asked about ("Minutes taken by: Liu Fang" for "who took the
        # minutes") is closer still than a name alone.
        return 3 * _TYPE_BONUS if asked.relation and uses_relation(text, asked.relation) else _TYPE_BONUS
    if asked.expects == "number":
        # Years, dates and the question's own numbers ("Building 7") are not the number asked for.
        numbers = [
            n
            for n in _WORD_NUMBER.findall(_YEAR_OR_DATE.sub(" ", text))
            if not re.search(rf"\b{re.escape(n)}\b", asked.text)
        ]
        if (
            numbers
            and asked.counted
            and re.search(
                rf"\b(?:{'|'.join(map(re.escape, numbers))})\W+(?:[\w-]+\W+){{0,2}}{re.escape(asked.counted[:5])}",
                text,
                re.I,
            )
        ):
            return 2 * _TYPE_BONUS  # "120 pharmaceutical companies" for "how many ... companies"
        return _TYPE_BONUS if numbers else 0.0
    return 0.0


def _gives_cause(asked: Question, text: str) -> bool:
    return _CAUSE.search(text) is not None or _caused_as(asked.text, text)


def _caused_as(question: str, text: str) -> bool:
    """Whether the sentence gives the cause of the question's own act with "as" or "since"
    after its verb: "Why did the group split?" -- "In the afternoon our group split as the Mayor
    had accepted an invitation" (a bare "as" is too common a word to count as a cause)."""
    verbs = [w for w in re.findall(r"[a-z]{4,}", question.lower()) if w not in _REASON_QUESTION_WORDS]
    return any(
        re.search(
            rf"\b{re.escape(verb[: max(4, len(verb) - 2)])}\w*(?:\s+(?:up|off|out|down|back))?,?\s+(?:as|since)\s+"
            r"(?:the|a|an|we|they|he|she|it|our|their|his|her|its|there|this|these|those)\b",
            text,
            re.I,
        )
        for verb in verbs
    )


_REASON_QUESTION_WORDS = {"why", "what", "which", "reason", "were", "was", "does", "did", "have", "has", "been", "with"}


def _restates_title(candidate: _Candidate, hits: list[Hit]) -> bool:
    return _normalise(candidate.text).rstrip(".") == _normalise(hits[candidate.passage].title).rstrip(".")


def _mentions_in(candidate: _Candidate, hits: list[Hit], directory: Directory | None) -> list[tuple[str, str]]:
    """(kind, name) of what the index found in a candidate sentence."""
    if directory is None:
        return []
    hit = hits[candidate.passage]
    return directory.mentions_between(hit.doc_id, hit.start + candidate.start, hit.start + candidate.end)


def _is_title(text: str, title: str) -> bool:
    """The report's title line (a title has no full stop; a report whose first line is a whole
    sentence has that sentence as its title, and it may be quoted)."""
    return _normalise(text.lstrip("# ")) == _normalise(title) and not text.rstrip().endswith((".", "!", "?", "。"))


def _labels_with_values(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """``spans``, each with whether it was joined: a label line and the value line after it
    become one ("Balance" / "USD $256,869.00"), neither a statement alone, together a figure."""
    joined: list[tuple[int, int, bool]] = []
    for start, end in spans:
        if joined and not joined[-1][2]:
            label = text[joined[-1][0] : joined[-1][1]]
            value = text[start:end]
            if (
                _LABEL_LINE.match(label)
                and _VALUE_LINE.match(value)
                and not _is_statement(value)
                and "\n" in text[joined[-1][1] : start]
            ):
                joined[-1] = (joined[-1][0], end, True)
                continue
        joined.append((start, end, False))
    return joined


def _labelled_figure(text: str) -> bool:
    """A one-line label and a figure: "Regatta entries - £2,350", "Budget: EUR 40,000"."""
    labelled = _LABELLED.match(text)
    return labelled is not None and "\n" not in text and _VALUE_LINE.match(text[labelled.end() - 1 :]) is not None


def _labelled_as_asked(question_terms: set[str], label_terms: list[str]) -> bool:
    """Whether a labelled value's label is made of the question's own words ("Memberships - Rs
    26.29 lakh" for "How much did it earn from memberships?")."""
    return bool(label_terms) and set(label_terms) <= question_terms


_CAPTION = re.compile(r"^\s*(?:table|figure|fig\.|chart|map|exhibit|box|graph)\s+[\dIVX]+[\d.]*\s*[:.–-]", re.I)


def _is_statement(text: str) -> bool:
    """Worth quoting: a few words (or CJK characters, which have no spaces), not a heading."""
    if text.startswith("#"):
        return False
    if text.isupper() and not re.search(r"[.!?]$", text):  # "NYAKONGO EDUCATION CENTRE (NEC)": a heading
        return False
    if _CAPTION.match(text):  # "Table 2: Summary of reasons ...": names what a table holds, states nothing
        return False
    return len(_WORD.findall(text)) >= _MIN_WORDS or len(CJK_CHARACTER.findall(text)) >= _MIN_CJK_CHARS


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _choose(candidates: list[_Candidate], limit: int, hits: list[Hit]) -> list[list[_Candidate]]:
    """Up to ``limit`` distinct sentences, each with the passage it is best quoted from and the
    passages of other reports that say it too."""
    best = candidates[0].score
    groups: dict[str, list[_Candidate]] = {}
    for candidate in candidates:
        key = _normalise(candidate.text)
        if key in groups:
            # The same sentence in an overlapping passage of the same report is cited once; another
            # report saying it too is cited beside it.
            if all(hits[c.passage].doc_id != hits[candidate.passage].doc_id for c in groups[key]):
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
        parts.append(f"{_one_line(group[0].text)} {''.join(markers)}")
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
