"""Answers from the who's who and the event records, and the quoting they share with the
sentence composer (:mod:`reportqa.answer`): "What position does X hold?", "Who is the general
manager of Y?", "Who received / led / chaired ...?", "Who signed for Z?", "Where did the board
meet?". Each answer quotes the sentence its record cites, and only from a report that names what
the question names."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ._util import without_accents
from .question import EVENT_FIELDS, Question
from .types import Answer, Chunk, Citation, Hit
from .verify import carries, constraint_names, constraint_words, holds_answer, plain
from .whoswho import name_key, same_name, same_role

if TYPE_CHECKING:
    from .retrieve import Retriever
    from .whoswho import Directory, Entity, RoleRecord

NOT_FOUND = "The reports don't answer this question."
_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,5}")

_LINKS = {"of", "and", "for"}
# "the Brackenfield mission", "the Eastmere delegation": a body named by the word before the event.
_BODY_BEFORE_EVENT = re.compile(
    r"\b([A-Z][\w'’-]+)\s+(?:[a-z]+\s+)?(?:delegation|mission|visit|team|group|tour|trip|meeting|visitors|party)\b"
)
# At most this many visits listed for "who visited from X?".
_MAX_GATHERED = 5
_MONTH_NUMBERS = {
    m: f"{i:02d}"
    for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_NEAR = 40  # characters
# A report's opening: its title, file name and first paragraph or two, where it says where it is set.
_LEAD_CHARS = 800


class RecordAnswers:
    """The answers :class:`~reportqa.answer.Answerer` takes from records before it composes one."""

    retriever: Retriever

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
        if not roles[0].doc_id:  # a role a user set (corrections.py): it stands before what reports say
            return self._corrected_role_answer(question, person, roles[0])
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

    def _corrected_role_answer(self, question: str, person: Entity, record: RoleRecord) -> Answer:
        """A role set by a correction: quoted from a report sentence that states it, when one does,
        and always said to be a correction ("set by <user> on <date>")."""
        short = f"{record.role}, {record.organisation}" if record.organisation else record.role
        made = f"{record.title} on {record.date}" if record.date else record.title
        note = f"{person.name}'s role was {made} in the who's who corrections"
        for claim in person.claims:
            stated = same_role(claim.role, record.role) and (
                not record.organisation or same_name(claim.organisation, record.organisation)
            )
            quote = self._quote(claim.doc_id, claim.start, claim.end, [claim.role]) if stated and claim.doc_id else None
            if quote is not None:
                answer = _from_quotes(question, short, [quote])
                return replace(answer, text=f"{answer.text} ({made})", notes=(note,))
        return Answer(question, f"{short} — {made}; no report states it.", abstained=False, notes=(note,), short=short)

    def _holder_answer(self, question: str, asked: Question, directory: Directory) -> Answer | None:
        """ "Who is the general manager of X?" from the roles the reports state."""
        assert asked.role_of is not None
        role, body = asked.role_of
        corrected = [
            (person, record)
            for person in directory.entities
            if person.type == "person" and person.roles
            for record in person.roles[:1]
            if not record.doc_id and same_role(record.role, role) and same_name(record.organisation, body)
        ]
        if corrected:  # a role a user set (corrections.py) stands before what the reports say
            person, record = corrected[0]
            made = f"{record.title} on {record.date}" if record.date else record.title
            note = f"{person.name}'s role was {made} in the who's who corrections"
            return Answer(question, f"{person.name} — {made}.", abstained=False, notes=(note,), short=person.name)
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
        words = self._record_words(asked)
        found: list[tuple[str, _Quote, str]] = []  # (names, quote, date) of visits from the place asked
        first: tuple[str, _Quote] | None = None  # the best-matching report's record, failing those
        # each report's own event first, then the further ones it narrates (a signing, a return visit)
        for item in [
            t for d in dict.fromkeys([*(h.doc_id for h in hits), *titled, *everywhere]) for t in directory.events_of(d)
        ]:
            doc_id = item.doc_id
            if not _fits_dates(item.event.date, asked) or not self._carries(doc_id, words):
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
            # Where the visitors came from is named before the verb: "..., Jiangsu Province,
            # visited Lingang" is a visit from Jiangsu; "... visited Lianyungang, Jiangsu" is not.
            # ("At the invitation of the Lianyungang Bureau, a delegation of Lingang visited
            # Lianyungang": who invited them is no origin.)
            origin = re.split(r"\bvisit", without_accents(sentence).lower(), maxsplit=1)[0]
            origin = re.sub(r"^\s*at\s+the\s+invitation\s+of\b[^,]*,", "", origin)
            origins = _origins_asked(question, asked)
            if not gather:
                if asked.relation == "visited" and not all(without_accents(n).lower() in origin for n in origins):
                    continue  # "Who visited X from Y in 2021?": not X's own visit to Y that year
                return _from_quotes(question, _and(names), [quote])
            if all(without_accents(n).lower() in origin for n in origins or asked.names):
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
        found.sort(key=lambda d: all(t.event.kind != "agreement" for t in directory.events_of(d)))
        words = self._record_words(asked)
        for doc_id in found:
            if not self._carries(doc_id, words):
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

    def _record_words(self, asked: Question) -> list[str]:
        """Stricter than :meth:`_constraints`, for answers taken from a report's records (who led
        or received, who signed, where): a body named by one word before the event ("the
        Brackenfield mission", "the Eastmere delegation") must be in the report too."""
        named = {m.group(1) for m in _BODY_BEFORE_EVENT.finditer(asked.text)}
        words = [w for w in constraint_words(asked.text) if w in named and self.retriever.corpus_has(w)]
        return [*self._constraints(asked), *words]

    def _carries(self, doc_id: str, words: list[str]) -> bool:
        """Whether a report names every one of ``words`` (in its text, title or file name): an
        answer comes only from a report about what the question names."""
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

    def _place_of_the_report(self, name: str, hit: Hit, directory: Directory | None) -> bool:
        """Whether a place is where the passage's report is set: named in its opening lines
        ("Teams traveled to Paris for two days of workshops ..."), which later passages of the
        report do not repeat ("... were unable to secure the funding for travel")."""
        return (
            directory is not None
            and bool(directory.find(name, "place", exact=True))
            and re.search(rf"\b{re.escape(plain(name))}\b", self.retriever.report_text(hit.doc_id)[:_LEAD_CHARS])
            is not None
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
        words = self._record_words(asked)
        for item in [t for d in dict.fromkeys(h.doc_id for h in hits) for t in directory.events_of(d)]:
            doc_id = item.doc_id
            if not item.event.place or not _fits_dates(item.event.date, asked):
                continue
            if not self._carries(doc_id, words) or plain(item.event.place) in plain(question):
                continue  # another report's event, or a place the question itself names
            evidence = dict(item.event.evidence).get("place")
            quote = self._quote(doc_id, evidence.start, evidence.end, [item.event.place]) if evidence else None
            if quote is not None:
                return _from_quotes(question, item.event.place, [quote])
        return None


@dataclass(frozen=True)
class _Quote:
    chunk: Chunk
    start: int  # the sentence, inside chunk.text
    end: int
    shorts: tuple[tuple[int, int], ...]  # the short answer's words inside it


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
    citations = quoted_citations(numbers, chunks, spans, shorts)
    return Answer(
        question, f"{short} — {' '.join(parts)}", abstained=False, citations=citations, support=1.0, short=short
    )


def quoted_citations(
    numbers: dict[str, int],
    chunks: dict[str, Chunk],
    spans: dict[str, list[tuple[int, int]]],
    shorts: dict[str, list[tuple[int, int]]] | None = None,
) -> tuple[Citation, ...]:
    """One citation per quoted passage (chunk id -> its number [n], the chunk, the quoted spans
    inside it and the short answer's spans), the first quoted span as its start and end."""
    return tuple(
        Citation(
            n=n,
            hit=Hit.of(chunks[key], 1.0),
            start=spans[key][0][0],
            end=spans[key][0][1],
            spans=tuple(sorted(spans[key])),
            short_spans=tuple(sorted(set((shorts or {}).get(key, ())))),
        )
        for key, n in numbers.items()
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


def _origins_asked(question: str, asked: Question) -> list[str]:
    """The names of the question that say where visitors came from: those after "from" ("Who
    visited Lingang from Lianyungang in 2021?" -> Lianyungang); none without a "from"."""
    after = re.search(r"\bfrom\b(.*)", question)
    return [n for n in asked.names if after is not None and n in after.group(1)]


def _named_in_question(name: str, asked: Question) -> bool:
    """Whether the question names ``name`` (or part of it: "Ms. Sun" names "Sun Jin")."""
    words = set(name.lower().split())
    return any(set(n.lower().split()) <= words or n.lower() == name.lower() for n in asked.names)
