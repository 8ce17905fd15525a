"""Where a visit's visitors came from and where they went: the visitors the report names first
("a delegation from X", "a delegation of X ...", "X delegation", "Body (Country)"), placed by the
gazetteer (places.py) or by the reports' own "A, B" and "A (B)"; a country's delegations abroad
are its visits to places of other countries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._util import country_of, place_forms
from ..verify import plain
from ..whoswho import name_key
from .places import countries_of, country_name, in_country, in_states, states_of
from .records import _Reading, _Sentence

if TYPE_CHECKING:
    from ..whoswho import TimelineEvent

# Names of bodies, by their head word ("... Management Committee", "... University").
_BODY_WORDS = re.compile(
    r"\b(?:bureau|committee|cent(?:er|re)|university|administration|port|park|department|council|institute|company|"
    r"foundation|association|ministry|government|agency|office|commission|chamber|college|school|hospital|bank|"
    r"corporation|group|federation|society|authority|zone|society|academy|laborator(?:y|ies))\b",
    re.I,
)


_RUN = r"[A-Z][\w'’.-]*(?:\s+(?:of\s+|and\s+|the\s+|for\s+|de\s+)?[A-Z][\w'’.-]*)*"
_GROUP_WORDS = r"(?i:delegation|mission|group|team|representatives|entrepreneurs|visitors|officials|executives)"
_ORIGIN = (
    re.compile(
        rf"\b(?i:from)\s+(?:the\s+)?(?P<a>{_RUN})(?:\s+city)?(?:\s*\(\s*(?:the\s+)?(?P<b>{_RUN})\s*\)|,\s*(?P<c>{_RUN}))?"
    ),
    re.compile(rf"\b{_GROUP_WORDS}s?\s+of\s+(?:the\s+)?(?:[a-z-]+\s+)?(?P<a>{_RUN})"),
    re.compile(rf"(?P<a>{_RUN})\s+(?:[\w-]+\s+){{0,2}}?{_GROUP_WORDS}s?\b"),
    re.compile(rf"^(?:[^(]*?:\s*)?(?P<a>{_RUN})\s*\((?P<b>{_RUN})\)"),  # a title's "Rhein-Ruhr Institute (Germany)"
    re.compile(rf"^(?P<a>{_RUN})\s+(?:[a-z-]+\s+){{0,3}}(?:visits|tours|meets)\b"),  # "UK digital service visits U.S."
)
_DESTINATION = re.compile(
    rf"\b(?:visited|visiting|visits?(?:\s+to)?|trip\s+to|tour\s+(?:of|to)|to|in|at)\s+(?:the\s+)?(?:downtown\s+)?"
    rf"(?P<list>{_RUN}(?:\s*,\s*{_RUN})*(?:,?\s+and\s+{_RUN})?)"
)


class _Origin:
    """A place visitors may come from -- a country or a part of one -- and what lies in it: its
    other names ("Chinese"), what the reports place in it ("Lianyungang (Jiangsu)") and the
    gazetteer's provinces and cities of a country, or cities of a province."""

    def __init__(self, origin: str, reading: _Reading):
        self.home = countries_of(origin)
        self.own = {plain(f) for f in place_forms(origin)} | {plain(country_name(c)) for c in self.home}
        self.forms = {plain(f) for f in place_forms(origin)} | {plain(p) for p in _inside(origin, reading)}
        self.country = bool(self.home) and any(plain(country_name(c)) in self.forms for c in self.home)
        self.states = frozenset() if self.country else states_of(origin)  # "Jiangsu": CN/JS

    @property
    def known(self) -> bool:
        """Whether the gazetteer knows the place (a country, or a state or province of one)."""
        return self.country or bool(self.states)

    def inside(self, name: str) -> bool:
        return (
            plain(name) in self.forms
            or (self.country and in_country(name, self.home))
            or (bool(self.states) and in_states(name, self.states))
        )

    def outside(self, name: str) -> bool:
        found = countries_of(name)
        return bool(found) and not found & self.home and not in_country(name, self.home)


@dataclass
class _Visitors:
    """Where a visit's visitors came from, as a report tells it."""

    came: list[tuple[str, bool]]  # (their place as written, whether it is the country itself)
    said: _Sentence | None  # the first statement telling it
    telling: list[str]  # the title's and that statement's text: where the trip is told too
    elsewhere: bool = False  # the visitors the report names first come from another country


def _visitors_from(item: TimelineEvent, origin: _Origin, reading: _Reading) -> _Visitors | None:
    """Where a visit's visitors came from, when from ``origin`` or from another country: the
    visitors the report names first ("a delegation from X", "a delegation of X ...", "X
    delegation", a title's "Body (Country)", the visitors' bodies) come from the place, its
    people's word or a place in it -- or from a place the gazetteer puts in another country.
    None when the report does not say."""
    visitors = _Visitors([], None, [])
    for text, sentence in _opening(item, reading):
        for pattern in _ORIGIN:
            for m in pattern.finditer(text):
                place, *qualifiers = [p.strip(" .;") for p in m.groupdict().values() if p]
                held = [q for q in qualifiers if origin.inside(q)]  # "from Wuhan city (People's Republic of China)"
                country = any(plain(q) in origin.own for q in held)
                if hit := next((w for w in _prefixes(place) if origin.inside(w)), None):
                    # "Guangxi" of "Guangxi Science and Technology Department"; a place only the
                    # reports place ("Ministry of Health ... in Sierra Leone") as written
                    known = countries_of(hit) or (origin.country and in_country(hit, origin.home))
                    visitors.came.append((hit if known else place, country or plain(hit) in origin.own))
                elif held:
                    visitors.came.append((place, country))
                elif not visitors.came and any(origin.outside(w) for w in (*_prefixes(place), *qualifiers)):
                    return _Visitors([], None, [], elsewhere=True)
                else:
                    continue
                if not visitors.telling or (sentence is not None and visitors.said is None):
                    visitors.telling.append(text)
                visitors.said = visitors.said or sentence
    event = item.event
    for name in (
        x for p in (*event.visitors, *event.led_by) for x in (p.organisation, p.kind == "org" and p.name) if x
    ):
        if hit := next((w for w in _prefixes(name) if origin.inside(w)), None):
            visitors.came.append((hit, False))
    return visitors if visitors.came else None


def _travel(item: TimelineEvent, place: str, reading: _Reading) -> tuple[str, str, _Sentence | None] | None:
    """(where the visitors came from, where they went, the sentence saying where from) when a
    visit is one of people from ``place`` (a country or a part of one) travelling out of its
    country: a place of another country is where they went -- written as the place of the visit,
    or, when none is, a country the report names -- or, when the report names none, its visitors'
    side names their own country ("a delegation from Wuhan (People's Republic of China)": a report
    written at home would not). A visit to a place of the same country is not abroad."""
    origin = _Origin(place, reading)
    visitors = _visitors_from(item, origin, reading)
    if visitors is None or not visitors.came:
        return None
    # the place in the country ("Wuhan") tells more than the country's own name ("Chinese")
    came_from = next((w for w, _ in visitors.came if plain(w) not in origin.own), visitors.came[0][0])
    places = [item.event.place] if item.event.place else []
    for text in dict.fromkeys(visitors.telling):
        for m in _DESTINATION.finditer(text):
            places += [p.strip(" .;") for p in re.split(r",|\band\b", m.group("list")) if p.strip(" .;")]
    origins = {plain(w) for w, _ in visitors.came}
    went = [p for p in dict.fromkeys(places) if not any(plain(w) in origins for w in _prefixes(p))]
    # a place by its name and the names it starts with ("Kingston, Jamaica"); not a body by the
    # place its name starts with ("Nanyang Technological University" is not in Nanyang)
    names = [[p] if _BODY_WORDS.search(p) else _prefixes(p) for p in went]
    there = [next((w for w in ws if origin.outside(w)), "") for ws in names]
    if not any(there) and any(origin.inside(w) for ws in names for w in ws):
        return None  # a visit inside the country
    places_abroad: dict[str, str] = {}
    for t in there:
        if t:
            places_abroad.setdefault(re.sub(r"\W", "", plain(t)), _with_country(t))  # "U.S." and "U.S": once
    abroad = list(places_abroad.values())
    if not abroad:
        abroad = _countries_named(item.doc_id, reading, origin.home) if origin.home else []
        if not abroad and not any(country for _, country in visitors.came):
            return None
    return came_from, ", ".join(abroad) or "a country the report does not name", visitors.said


def _opening(item: TimelineEvent, reading: _Reading) -> list[tuple[str, _Sentence | None]]:
    """A visit report's title and first statements (where its visitors and their trip are told),
    each with its sentence (none for the title)."""
    record = reading.records.get(item.doc_id)
    texts: list[tuple[str, _Sentence | None]] = [(record.title, None)] if record else []
    title = " ".join(record.title.split()) if record else ""
    texts += [
        (s.text, s) for s in reading.sentences(item.doc_id)[:6] if not s.heading and " ".join(s.text.split()) != title
    ]
    evidence = dict(item.event.evidence)
    for name in ("visitors", "led_by", "place"):
        if name in evidence and (s := reading.sentence_at(item.doc_id, evidence[name].start, evidence[name].end)):
            texts.append((s.text, s))
    return texts


def _prefixes(name: str) -> list[str]:
    """ "Guangxi Science and Technology Department" -> itself, "Guangxi Science", "Guangxi"; and
    those of what follows an "of" ("Investment Promotion Bureau of the Suzhou Industrial Park ...")."""
    found = []
    for at, part in enumerate(re.split(r"\s+of\s+(?:the\s+)?", name)):
        words = part.split()
        if at and len(words) < 2:
            continue  # "Bureau of Commerce": a word after "of" is no place (a town named Commerce aside)
        found += [" ".join(words[:n]) for n in range(len(words), 0, -1)]
    whole = name.split()
    return list(dict.fromkeys([" ".join(whole[:n]) for n in range(len(whole), 0, -1)] + found))


def _with_country(place: str) -> str:
    codes = countries_of(place)
    name = country_name(next(iter(codes))) if len(codes) == 1 else ""
    return place if not name or plain(name) == plain(place) else f"{place} ({name})"


def _countries_named(doc_id: str, reading: _Reading, home: frozenset[str]) -> list[str]:
    """Countries (not their parts) other than ``home`` that a report names, by name or people's
    word ("Singaporean companies"), outside hyphenated names ("China-ASEAN Expo")."""
    text = " ".join(s.text for s in reading.sentences(doc_id)[:40])
    found = []
    for m in re.finditer(r"(?<![\w-])[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?![\w-])", text):
        word = m.group(0)
        codes = countries_of(word)
        if len(codes) == 1 and not codes & home and _is_country(word, codes):
            found.append(country_name(next(iter(codes))))
    return list(dict.fromkeys(found))


def _is_country(word: str, codes: frozenset[str]) -> bool:
    name = country_name(next(iter(codes)))
    return plain(word) == plain(name) or plain(country_of(word) or "") == plain(name)


# ... what the reports place inside a place


def _inside(place: str, reading: _Reading) -> list[str]:
    """Names the reports place inside ``place``: "Nantong Science and Technology Bureau, Jiangsu
    Province", "Lianyungang (Jiangsu)", "Jiangsu cities ...: Lianyungang, Nantong, Huai'an"."""
    found: list[str] = []
    pattern = re.compile(
        rf"(?P<inner>[A-Z][\w'’-]+(?:\s+(?:of\s+|and\s+|the\s+)?[A-Z][\w'’-]+){{0,8}})\s*(?:,\s*|\(\s*|\s+in\s+)(?:the\s+)?{re.escape(place)}\b"
    )
    for doc_id in _docs_naming(place, reading):
        for sentence in reading.sentences(doc_id):
            for m in pattern.finditer(sentence.text):
                words = [
                    w for w in m.group("inner").split() if w[:1].isupper() and w.lower() not in ("the", "of", "and")
                ]
                if words:
                    found.append(words[0])
            if m2 := re.match(
                rf"^\s*{re.escape(place)}\s+(?:cities|towns|districts|counties)\b[^:]*:\s*(?P<list>.+)$", sentence.text
            ):
                found += [w.split()[0] for w in re.split(r",|\band\b", m2.group("list")) if w.strip()[:1].isupper()]
    return [f for f in dict.fromkeys(found) if name_key(f) != name_key(place)]


def _docs_naming(name: str, reading: _Reading) -> list[str]:
    key = plain(name)
    docs = set()
    for entity in reading.directory.find(name):
        docs |= {ref.doc_id for ref in entity.documents}
    if not docs:
        docs = {d for d in reading.records if key in reading.retriever.report_text(d)}
    return sorted(docs)
