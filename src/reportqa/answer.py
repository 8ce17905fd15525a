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

from ._util import CJK_CHARACTER, mostly_cjk, without_accents
from .across import answer_across
from .chunk import split_sentences
from .config import Settings
from .lexical import LexicalTokenizer
from .ocr import note_ocr_quotes
from .question import EVENT_FIELDS, Question, analyse, uses_relation
from .types import Answer, Chunk, Citation, Hit
from .verify import carries, checks, constraint_names, constraint_words, counts, holds_answer, missing_note, plain
from .whoswho import name_key, same_name, same_role

if TYPE_CHECKING:
    from .filters import Filters
    from .retrieve import Retriever
    from .whoswho import Directory, RoleRecord

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
# "Place: Board room, ..." -- a labelled line states a fact although it has no full stop.
_LABELLED = re.compile(r"^\W*(?:\d+[.)]\s*)?[A-Z][\w ]{1,30}(?::|\s[-–]\s)\**\s*\S")
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
_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,5}")
_LINKS = {"of", "and", "for"}
# "the Brackenfield mission", "the Eastmere delegation": a body named by the word before the event.
_BODY_BEFORE_EVENT = re.compile(
    r"\b([A-Z][\w'’-]+)\s+(?:[a-z]+\s+)?(?:delegation|mission|visit|team|group|tour|trip|meeting|visitors|party)\b"
)
# At most this many visits listed for "who visited from X?".
_MAX_GATHERED = 5
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
    r"in response to|in view of|given that|unable to|lack of|could not afford|in the hope)\b",
    re.I,
)
_PRONOUN_START = re.compile(r"^\W*(?:it|he|she|they|its|his|her|their|this|these|there)\b", re.I)
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


class Answerer:
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
        if across is not None:
            return across
        asked = analyse(question)
        directory = self.retriever.directory()
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
        if asked.expects == "place" and _EVENT_WORDS.search(question) and directory.has_entities:
            answer = self._place_answer(question, asked, hits, directory)
            if answer is not None:
                return answer
        if asked.expects == "person" and asked.relation in EVENT_FIELDS and directory.has_entities:
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
                    _names_in(name, hits[c.passage]) or self._named_by_surname(name, hits[c.passage]) for name in names
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
            carried = [c for c in candidates if self._carries(hits[c.passage].doc_id, asked, constraints)]
            if not carried:
                return _declined(question, f"No report among the closest names {_and(constraints)} together.", hits)
            candidates = carried
        if asked.years and candidates:
            # A sentence about another year ("Total income in 2022 was ...") does not answer a
            # question about 2019. When the best sentence is one, the question is answered only
            # by a sentence about the year asked that scores nearly as well; otherwise declined.
            top = candidates[0]
            others = [c for c in candidates if not _about_other_years(c, hits[c.passage], asked.years)]
            if _about_other_years(top, hits[top.passage], asked.years):
                others = [
                    c
                    for c in others
                    if c.score >= top.score - _CONSTRAINT_MARGIN and _speaks_of_years(c, hits[c.passage], asked.years)
                ]
            if not others:
                covered = sorted({y for c in candidates[:8] for y in _years_named(c.text)} - set(asked.years))
                told = f"; the closest passages speak of {_and(covered)}" if covered else ""
                return _declined(question, f"The reports don't answer this for {_and(list(asked.years))}{told}.", hits)
            candidates = others
        if candidates and checks(asked):
            # The answer must hold what was asked for (a figure, a date, the office's holder):
            # the best sentence that does, if it scores near the best of all; else decline.
            # (the report's own title restated scores high and answers nothing: not the reference)
            best = next((c.score for c in candidates if not _restates_title(c, hits)), candidates[0].score)
            # "How many recommendations?": a sentence counting them ("eight recommendations")
            # beats one with another number, from further down too.
            counting = [c for c in candidates if c.score >= best - _COUNT_MARGIN and counts(asked, c.text)]
            candidates = counting or [
                c
                for c in candidates
                if c.score >= best - _VERIFY_MARGIN and holds_answer(asked, c.text, _mentions_in(c, hits, directory))
            ]
            if not candidates:
                return _declined(question, missing_note(asked), hits)
        support = candidates[0].score if candidates else 0.0
        if candidates and checks(asked) and counts(asked, candidates[0].text):
            # A number written with the very thing counted ("nearly 40 staff members") is strong
            # evidence however the sentence is worded: the bar is lower.
            abstain_threshold -= _COUNTED_RELIEF
        if not candidates or support < abstain_threshold:
            return Answer(question, NOT_FOUND, abstained=True, nearest=tuple(hits[:3]), support=support)
        chosen = _choose(candidates, self.settings.answer_max_sentences, hits)
        return _render(question, hits, chosen, support)

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
            if (_PRONOUN_START.match(text) or continuation) and previous[0] == index:
                # "It is a national incubator": "it" is whatever the sentence before was about;
                # "Seconded by J. Kelly" seconds the motion written before it.
                words |= previous[1]
            previous = (index, words if continuation else set(terms))
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

    def _role_answer(self, question: str, asked: Question, directory: Directory) -> Answer | None:
        """ "What position does X hold?": X's roles, newest first (or those of the year asked),
        each quoted from the sentence that states it. None when X is not a known person."""
        if asked.subject is None or not directory.has_entities:
            return None
        people = directory.find(asked.subject, "person")
        if not people:
            return (
                _declined(question, f"The reports don't mention {asked.subject}.")
                if not self.retriever.corpus_has(asked.subject)
                else None
            )
        person = people[0]
        roles = list(person.roles)
        if asked.years:
            same_year = [r for r in roles if r.date and r.date[:4] in asked.years]
            before = [r for r in roles if r.date and r.date[:4] <= max(asked.years)]
            roles = same_year or before[:1]
        if not roles:
            return None
        shown = roles[:1] if asked.now or asked.years else roles[:2]
        quotes = []
        for record in shown:
            quote = self._quote(record.doc_id, record.start, record.end, [record.role, record.organisation or ""])
            if quote is not None:
                quotes.append((quote, record))
        if not quotes:
            return None
        first = quotes[0][1]
        short = f"{first.role}, {first.organisation}" if first.organisation else first.role
        return _from_quotes(question, short, [q for q, _ in quotes])

    def _holder_answer(self, question: str, asked: Question, directory: Directory) -> Answer | None:
        """ "Who is the general manager of X?" from the roles the reports state."""
        assert asked.role_of is not None
        role, body = asked.role_of
        holders = [
            (person, record)
            for person in directory.entities
            if person.type == "person"
            for record in person.claims
            if same_role(record.role, role)
            and (same_name(record.organisation, body) if record.organisation else self._states_for(record, body))
        ]
        if holders:
            person, record = holders[0]
            quote = self._quote(record.doc_id, record.start, record.end, [person.name])
            return _from_quotes(question, person.name, [quote]) if quote else None
        elsewhere = sorted(
            {r.organisation for p in directory.entities for r in p.roles if same_role(r.role, role) and r.organisation}
        )
        if elsewhere:
            return _declined(question, f"The reports name a {role} of {_and(elsewhere)}, not of {body}.")
        if not self.retriever.corpus_has(role):
            return _declined(question, f"The reports don't mention a {role} of {body}.")
        return None

    def _event_answer(self, question: str, asked: Question, hits: list[Hit], directory: Directory) -> Answer | None:
        """ "Who received / led / chaired ...?" from the event record of the best-matching report
        that fits the question's dates; the names, then the sentence they come from. "Who visited
        from X?" without a date gathers every visit whose visitors' sentence names X, newest first."""
        assert asked.relation is not None
        field = EVENT_FIELDS[asked.relation]
        gather = asked.relation == "visited" and bool(asked.names) and not (asked.years or asked.month_years)
        titled = [t.doc_id for t in directory.events if _shares_words(t.event.title, question)]
        everywhere = [t.doc_id for t in directory.events] if gather else []
        found: list[tuple[str, _Quote, str]] = []  # (names, quote, date) of visits from the place asked
        first: tuple[str, _Quote] | None = None  # the best-matching report's record, failing those
        for doc_id in dict.fromkeys([*(h.doc_id for h in hits), *titled, *everywhere]):
            item = directory.event_of(doc_id)
            if item is None or not _fits_dates(item.event.date, asked) or not self._carries_words(doc_id, asked):
                continue
            people = [p for p in getattr(item.event, field) if p.kind == "person"]
            evidence = dict(item.event.evidence).get(field)
            if not people or evidence is None:
                continue
            names = [p.name for p in people]
            if any(_named_in_question(name, asked) for name in names):
                # "Whom did Ms. Sun hope would visit ...?" asks about someone other than Ms. Sun.
                return None
            quote = self._quote(doc_id, evidence.start, evidence.end, names)
            if quote is None:
                continue
            sentence = quote.chunk.text[quote.start : quote.end]
            if (
                asked.office
                and self.retriever.corpus_has(asked.office)
                and not holds_answer(asked, sentence, [("person", n) for n in names])
            ):
                # "Which mayor received ...?": the record's people must hold that office (an office
                # no report ever names, such as "MP" in a parliament's record, cannot be checked)
                continue
            if not gather:
                return _from_quotes(question, _and(names), [quote])
            sentence = without_accents(quote.chunk.text[quote.start : quote.end]).lower()
            # Where the visitors came from is named before the verb: "..., Jiangsu Province,
            # visited Lingang" is a visit from Jiangsu; "... visited Lianyungang, Jiangsu" is not.
            origin = re.split(r"\bvisit", sentence, maxsplit=1)[0]
            if all(without_accents(n).lower() in origin for n in asked.names):
                found.append((_and(names), quote, item.event.date or ""))
            elif first is None and not found:
                first = (_and(names), quote)
        if found:
            found.sort(key=lambda f: f[2], reverse=True)
            found = found[:_MAX_GATHERED]
            if len(found) == 1:
                return _from_quotes(question, found[0][0], [found[0][1]])
            short = "; ".join(f"{names} ({date})" if date else names for names, _, date in found)
            return _from_quotes(question, short, [quote for _, quote, _ in found])
        return _from_quotes(question, first[0], [first[1]]) if first else None

    def _signatory_answer(self, question: str, asked: Question, hits: list[Hit], directory: Directory) -> Answer | None:
        """ "Who signed / represented ... for X?": the person whose role in the best-matching report
        is stated for an organisation the question names (signature blocks, "represented by")."""
        parties = [asked.party] if asked.party else list(asked.names)
        found = list(dict.fromkeys(h.doc_id for h in hits))
        # Agreements first: a signature belongs to the agreement, not to a visit naming the same person.
        found.sort(key=lambda d: (item := directory.event_of(d)) is None or item.event.kind != "agreement")
        for doc_id in found:
            if not self._carries_words(doc_id, asked):
                continue
            for person in directory.entities:
                for record in person.claims if person.type == "person" else ():
                    body = record.organisation or ""
                    if record.doc_id == doc_id and body and any(same_name(body, name) for name in parties):
                        quote = self._quote(doc_id, record.start, record.end, [person.name])
                        if quote is not None:
                            return _from_quotes(question, person.name, [quote])
        return None

    def _constraints(self, asked: Question) -> list[str]:
        """The words of the names in the question that the who's who knows (a person, body or
        place), and of acronyms some report uses: "Asian" or "Calvinist" name nothing to look for."""
        keys = self.retriever.directory().name_keys

        def known(name: str) -> bool:
            if name_key(name) in keys:
                return True
            return bool(_ACRONYM.fullmatch(name.replace(".", ""))) and (
                self.retriever.corpus_has(name) or self._names_a_report(name)
            )

        return [w for name in constraint_names(asked.text, known) for w in name.split() if w.lower() not in _LINKS]

    def _names_a_report(self, name: str) -> bool:
        """Whether a report's title or file name carries the name ("Wallaceburg Chamber" for
        wallaceburg-chamber-minutes-2013-09.txt, whose text never names its own chamber)."""
        words = [w for w in re.findall(r"\w+", plain(name)) if len(w) >= 3]
        return bool(words) and any(carries(line, words) for line in self.retriever.report_names().splitlines())

    def _carries_words(self, doc_id: str, asked: Question) -> bool:
        """Stricter than :meth:`_carries`, for answers taken from a report's records (who led or
        received, who signed, where): a body named by one word before the event ("the
        Brackenfield mission", "the Eastmere delegation") must be in the report too."""
        named = {m.group(1) for m in _BODY_BEFORE_EVENT.finditer(asked.text)}
        words = [w for w in constraint_words(asked.text) if w in named and self.retriever.corpus_has(w)]
        return self._carries(doc_id, asked, [*self._constraints(asked), *words])

    def _carries(self, doc_id: str, asked: Question, words: list[str] | None = None) -> bool:
        """Whether a report names every place, body and person the question names (in its
        text, title or file name): an event record answers only questions about its own event."""
        words = self._constraints(asked) if words is None else words
        return not words or carries(self.retriever.report_text(doc_id), words)

    def _named_by_surname(self, name: str, hit: Hit) -> bool:
        """ "Chrousos talked about ...": a passage names a person by surname alone when its
        report gives the full name elsewhere."""
        words = name.split()
        return (
            len(words) >= 2
            and len(words[-1]) >= 3
            and re.search(rf"\b{re.escape(words[-1])}\b", hit.text) is not None
            and plain(name) in self.retriever.report_text(hit.doc_id)
        )

    def _quote(self, doc_id: str, start: int, end: int, words: list[str]) -> _Quote | None:
        """The passage of a report holding the sentence at report offsets start..end, with the
        sentence's span and the spans of ``words`` inside it (those it contains)."""
        for chunk in self.retriever.passages_of(doc_id):
            if chunk.start <= start < chunk.end:
                first, last = start - chunk.start, min(end, chunk.end) - chunk.start
                sentence = chunk.text[first:last]
                shorts = []
                for word in words:
                    for form in _forms(word):
                        at = sentence.find(form)
                        if form and at != -1:
                            shorts.append((first + at, first + at + len(form)))
                            break
                return _Quote(chunk, first, last, tuple(sorted(set(shorts))))
        return None

    def _states_for(self, record: RoleRecord, body: str) -> bool:
        """Whether a role stated without its organisation belongs to ``body``: the sentence
        stating it, or the title of its report, names the body."""
        quote = self._quote(record.doc_id, record.start, record.end, [])
        if quote is None:
            return False
        sentence = quote.chunk.text[quote.start : quote.end]
        return _names_in(body, replace(Hit.of(quote.chunk, 1.0), text=sentence)) or same_name(body, record.title)

    def _place_answer(self, question: str, asked: Question, hits: list[Hit], directory: Directory) -> Answer | None:
        """ "Where did the board meet?": the place the report of that event records ("Place: ...")."""
        for doc_id in dict.fromkeys(h.doc_id for h in hits):
            item = directory.event_of(doc_id)
            if item is None or not item.event.place or not _fits_dates(item.event.date, asked):
                continue
            if not self._carries_words(doc_id, asked) or plain(item.event.place) in plain(question):
                continue  # another report's event, or a place the question itself names
            evidence = dict(item.event.evidence).get("place")
            quote = self._quote(doc_id, evidence.start, evidence.end, [item.event.place]) if evidence else None
            if quote is not None:
                return _from_quotes(question, item.event.place, [quote])
        return None

    def _unknown_name(self, asked: Question, directory: Directory) -> str | None:
        """A name in the question that no report uses (a city, a person), or the thing asked about
        ("the population of ...") when no report uses the word: the reports can't answer."""
        for name in asked.names:
            if directory.has_entities and directory.find(name):
                continue
            if _ACRONYM.fullmatch(name):  # "WWII", "SIP": reports may write the name out in full
                continue
            if not self.retriever.corpus_has(name, typos=True) and not self._names_a_report(name):
                return name  # ("Celeron" for "Céloron" is no new name)
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


@dataclass(frozen=True)
class _Quote:
    chunk: Chunk
    start: int  # the sentence, inside chunk.text
    end: int
    shorts: tuple[tuple[int, int], ...]  # the short answer's words inside it


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
        for span in split_sentences(hit.text, 0, len(hit.text), soft_newlines=soft):
            text = hit.text[span.start : span.end]
            # List numbers ("3."), Markdown headings and the report's title are not statements.
            if _is_statement(text) and not _is_title(text, hit.title):
                statements.append((span.start, span.end))
        vectors = self._embed([hit.text[s:e] for s, e in statements]) if statements else np.zeros((0, 0), np.float32)
        with self._lock:
            self._kept[key] = (statements, vectors)
            while len(self._kept) > self._capacity:
                self._kept.popitem(last=False)
        return statements, vectors


def _from_quotes(question: str, short: str, quotes: list[_Quote]) -> Answer:
    """ "{short} — {sentence} [1] {sentence} [2]", each passage cited once."""
    numbers: dict[str, int] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    shorts: dict[str, list[tuple[int, int]]] = {}
    chunks: dict[str, Chunk] = {}
    parts = []
    for quote in quotes:
        key = quote.chunk.chunk_id
        n = numbers.setdefault(key, len(numbers) + 1)
        chunks[key] = quote.chunk
        if (quote.start, quote.end) not in spans.setdefault(key, []):
            spans[key].append((quote.start, quote.end))
            parts.append(f"{_one_line(quote.chunk.text[quote.start : quote.end])} [{n}]")
        shorts.setdefault(key, []).extend(quote.shorts)
    citations = tuple(
        Citation(
            n=n,
            hit=Hit.of(chunks[key], 1.0),
            start=spans[key][0][0],
            end=spans[key][0][1],
            spans=tuple(sorted(spans[key])),
            short_spans=tuple(sorted(set(shorts[key]))),
        )
        for key, n in numbers.items()
    )
    return Answer(
        question, f"{short} — {' '.join(parts)}", abstained=False, citations=citations, support=1.0, short=short
    )


def _not_mentioned(thing: str) -> str:
    """ "The reports don't mention Nantong." for a name; "No report mentions a mayor." for a thing
    (an article before a singular noun, none before a plural)."""
    if thing[:1].isupper():
        return f"The reports don't mention {thing}."
    last = thing.split()[-1]
    if thing.startswith(("a ", "an ")):
        return f"No report mentions {thing}."
    if last.endswith("s") and not last.endswith("ss"):
        return f"No report mentions {thing}."
    article = "an" if thing[:1].lower() in "aeiou" else "a"
    return f"No report mentions {article} {thing}."


def _declined(question: str, note: str, hits: list[Hit] | None = None) -> Answer:
    return Answer(question, f"{NOT_FOUND} {note}", abstained=True, nearest=tuple((hits or [])[:3]))


def _one_line(text: str) -> str:
    """A quote as one line: PDF line breaks inside a sentence become spaces (offsets are kept
    in the citation, which points into the stored text)."""
    return " ".join(text.split())


def _forms(name: str) -> list[str]:
    """How a name may be written in the sentence: as is, or in the other word order."""
    words = name.split()
    return [name, " ".join(reversed(words))] if len(words) == 2 else [name]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_MONTH_NUMBERS = {
    m: f"{i:02d}"
    for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}


def _fits_dates(date: str | None, asked: Question) -> bool:
    """Whether an event's date fits the years and months the question names."""
    if not (asked.years or asked.month_years):
        return True
    if not date:
        return False
    if asked.month_years:
        return any(date[:7] == f"{year}-{_MONTH_NUMBERS[month[:3]]}" for month, year in asked.month_years)
    return date[:4] in asked.years


def _when(asked: Question) -> str:
    if asked.month_years:
        return _and([f"{month.title()} {year}" for month, year in asked.month_years])
    return _and(list(asked.years))


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


def _shares_words(title: str, question: str) -> bool:
    """Whether a report title and a question share two words of five letters or more."""
    words = set(re.findall(r"[a-z-]{5,}", title.lower())) - {"report", "visit", "minutes", "meeting"}
    return len(words & set(re.findall(r"[a-z-]{5,}", question.lower()))) >= 2


def _names_in(name: str, hit: Hit) -> bool:
    """Whether a passage (or its report's title) names ``name`` -- any of its words of four or
    more letters for a multi-word name, so that "Lianyungang Sub-center" is found in a passage
    about "the sub-center" of a report on Lianyungang."""
    haystack = without_accents(f"{hit.title}\n{re.sub(r'[-_/.]', ' ', hit.source)}\n{hit.text}".lower())
    name = without_accents(name)
    if name.lower() in haystack:
        return True
    words = [w for w in re.findall(r"[\w-]+", name.lower()) if len(w) >= 4]
    if len(words) < 2 or not all(w in haystack for w in words):
        return False
    if words[0] in hit.title.lower() and all(w in hit.text.lower() for w in words[1:]):
        return True  # a report about Fenghua, a passage about its sub-center
    # The words must stand near each other: "the sub-center, in Lianyungang" names it,
    # "a sub-center ... delegations from Suzhou" does not name a Suzhou sub-center.
    first = [m.start() for m in re.finditer(re.escape(words[0]), haystack)]
    return any(
        all(any(abs(m.start() - at) <= _NEAR for m in re.finditer(re.escape(w), haystack)) for w in words[1:])
        for at in first
    )


_NEAR = 40  # characters


def _years_named(text: str) -> set[str]:
    """The years a sentence speaks of; a year in parentheses is a comparison ("(2018 $171.1
    million)") and does not count."""
    return set(re.findall(r"\b(?:19|20)\d\d\b", re.sub(r"\([^()]*\)", " ", text)))


def _about_other_years(candidate: _Candidate, hit: Hit, years: tuple[str, ...]) -> bool:
    """Whether a sentence is about other years than those asked: it names only other years,
    or it names none and its report's heading names only other years ("Annual Report 2022")."""
    named = _years_named(candidate.text) or _heading_years(hit.title)
    return bool(named) and not named & set(years)


def _heading_years(title: str) -> set[str]:
    """Years in a report's title when it is a heading (a first line that is a sentence is not)."""
    if not title or title.rstrip().endswith("."):
        return set()
    return set(re.findall(r"\b(?:19|20)\d\d\b", title))


def _speaks_of_years(candidate: _Candidate, hit: Hit, years: tuple[str, ...]) -> bool:
    """Whether a sentence speaks of a year the question names: it names that year; or it names
    no year and its passage does (a table's header row), or else its report's heading does
    ("Annual Report 2023"), or else its report's date is in that year."""
    named = _years_named(candidate.text)
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
        return 2 * _TYPE_BONUS if _CAUSE.search(text) else 0.0
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


def _restates_title(candidate: _Candidate, hits: list[Hit]) -> bool:
    return _normalise(candidate.text).rstrip(".") == _normalise(hits[candidate.passage].title).rstrip(".")


def _mentions_in(candidate: _Candidate, hits: list[Hit], directory: Directory | None) -> list[tuple[str, str]]:
    """(kind, name) of what the index found in a candidate sentence."""
    if directory is None:
        return []
    hit = hits[candidate.passage]
    return directory.mentions_between(hit.doc_id, hit.start + candidate.start, hit.start + candidate.end)


def _named_in_question(name: str, asked: Question) -> bool:
    """Whether the question names ``name`` (or part of it: "Ms. Sun" names "Sun Jin")."""
    words = set(name.lower().split())
    return any(set(n.lower().split()) <= words or n.lower() == name.lower() for n in asked.names)


def _is_title(text: str, title: str) -> bool:
    """The report's title line (a title has no full stop; a report whose first line is a whole
    sentence has that sentence as its title, and it may be quoted)."""
    return _normalise(text.lstrip("# ")) == _normalise(title) and not text.rstrip().endswith((".", "!", "?", "。"))


def _is_statement(text: str) -> bool:
    """Worth quoting: a few words (or CJK characters, which have no spaces), not a heading."""
    if text.startswith("#"):
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
