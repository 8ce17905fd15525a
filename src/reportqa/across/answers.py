"""Answers from the event table and the reports' sentences: lists and counts of events, topics
across reports, and the history of a person or a body."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from .._util import mostly_cjk
from ..types import Answer
from ..verify import constraint_names, figures, plain
from ..whoswho import name_key
from .events import (
    _aggregates,
    _coverage_note,
    _date_fits,
    _direction_fits,
    _event_item,
    _involves,
    _kind_fits,
    _kind_label,
    _month_year,
    _names_of,
    _origin_fits,
    _short_date,
    _unknown_names,
    _when_note,
    _who,
)
from .origins import _travel
from .reading import _RELATION_GROUPS, Across
from .records import _and, _declined, _Item, _Reading, _render, _Sentence

if TYPE_CHECKING:
    from ..whoswho import Entity, RoleRecord, TimelineEvent


# ... lists and counts of events


def _listing(question: str, across: Across, reading: _Reading, allowed: set[str]) -> Answer | None:
    directory = reading.directory
    unknown = _unknown_names(across, reading)
    if unknown:
        return _declined(question, f"The reports don't mention {_and(unknown)}.")
    events = [t for t in directory.events if t.doc_id in allowed and _kind_fits(t, across, reading)]
    if not events and not across.kinds and not across.terms:
        return None
    in_range = [t for t in events if _date_fits(t.event.date, across)]
    if across.dated and events and not in_range:
        return _declined(question, _coverage_note(across, events))
    travels: dict[int, tuple[str, str, _Sentence | None]] = {}
    if across.direction == "abroad" and across.origin:
        for t in in_range:
            if travel := _travel(t, across.origin, reading):
                travels[id(t)] = travel
        chosen = [t for t in in_range if id(t) in travels]
    else:
        chosen = [t for t in in_range if _direction_fits(t, across, reading) and _origin_fits(t, across, reading)]
    if across.origin and in_range and not chosen:
        return _declined(
            question, f"No {_kind_label(across)} report records a delegation from {across.origin}{_when_note(across)}."
        )
    named = _known_names(question, across, reading)
    if named:
        chosen = [t for t in chosen if all(_involves(t, name, reading) for name in named)]
        if in_range and not chosen:
            return _declined(question, f"No {_kind_label(across)} report{_when_note(across)} involves {_and(named)}.")
    items = [_event_item(t, across, reading) for t in chosen]
    for t, item in zip(chosen, items, strict=True):
        if id(t) in travels:
            came_from, went, said = travels[id(t)]
            item.who = f"from {came_from} to {went}"
            if said is not None:  # the sentence telling where the visitors came from
                item.sentence, item.value = said, said.text
    if across.terms:
        items = _term_filtered(items, across, reading, allowed)
    if not items:
        if not across.kinds and not across.origin:
            return None
        return _declined(question, f"No {_kind_label(across)} report{_when_note(across)} matches the question.")
    items.sort(key=lambda i: (i.date or "", reading.records[i.doc_id].source))
    label = _kind_label(across)
    plural = "s" if len(items) != 1 else ""
    where = f" from {across.origin}" if across.origin else ""
    if across.mode == "count":
        head = f"{len(items)} {label} report{plural}{where}{_when_note(across)} (counted from the rows below)"
    else:
        head = f"{len(items)} {label} report{plural}{where}{_when_note(across)}"
    summary = f"{head}: {_names_of(items, reading)}."
    counting = across.mode == "count" or (
        across.dated and not across.terms and across.noun in ("delegations", "visits")
    )
    aggregates = _aggregates(across, reading, allowed) if counting else []
    return _render(question, summary, items, reading, aggregates=aggregates)


def _known_names(question: str, across: Across, reading: _Reading) -> list[str]:
    """The people, bodies and places of a list question that the who's who knows (besides the
    place visitors came from and the home institution, whose reports are all of them)."""
    home = name_key(reading.home or "")
    names = constraint_names(question, lambda n: bool(reading.directory.find(n, exact=True)))
    return [n for n in names if name_key(n) != home and n != across.origin and not (home and name_key(n) in home)]


def _term_filtered(items: list[_Item], across: Across, reading: _Reading, allowed: set[str]) -> list[_Item]:
    """The events whose report holds a sentence with the question's words (the sentence then
    cites the row)."""
    kept = []
    for item in items:
        found = _best_sentence(item.doc_id, across.terms, reading)
        if found is not None:
            sentence, end, start = found
            event = reading.directory.event_of(item.doc_id)
            who = _topic_who(item.doc_id, sentence, start, end, across, reading, event) if across.wants else item.who
            kept.append(
                replace(item, sentence=sentence, value=sentence.text, quote_end=end, quote_start=start, who=who)
            )
    return kept


# ... topics across reports


def _topic(question: str, across: Across, reading: _Reading, allowed: set[str]) -> Answer | None:
    scope = [d for d in sorted(allowed) if _in_scope(d, across, reading)]
    dated = [d for d in scope if _date_fits(reading.records[d].date, across)]
    if across.dated and scope and not dated:
        dates = sorted(reading.records[d].date or "" for d in scope if reading.records[d].date)
        span = f"; the reports run from {_month_year(dates[0])} to {_month_year(dates[-1])}" if dates else ""
        return _declined(question, f"No report is dated {_when_note(across).strip().removeprefix('in ')}{span}.")
    items = []
    for doc_id in dated:
        found = _best_sentence(doc_id, across.terms, reading)
        if found is None:
            continue
        sentence, end, start = found
        record = reading.records[doc_id]
        event = reading.directory.event_of(doc_id)
        who = _topic_who(doc_id, sentence, start, end, across, reading, event)
        kind = event.event.kind if event else "report"
        items.append(
            _Item(record.date, kind, doc_id, sentence, who=who, value=sentence.text, quote_end=end, quote_start=start)
        )
    words = " ".join(g[0].strip() for g in across.terms)
    if not items:
        return _declined(question, f"No report{_when_note(across)} mentions {words}.")
    items.sort(key=lambda i: (i.date or "9999", reading.records[i.doc_id].source))
    plural = "s" if len(items) != 1 else ""
    summary = (
        f"{len(items)} report{plural} mention{'' if plural else 's'} {words}: "
        + "; ".join(f"{reading.records[i.doc_id].title} ({_short_date(i.date)})" for i in items)
        + "."
    )
    notes = _unread_note(dated, reading)
    return _render(question, summary, items, reading, notes=notes)


def _in_scope(doc_id: str, across: Across, reading: _Reading) -> bool:
    if not across.kinds:
        return True
    events = [t for t in reading.directory.events if t.doc_id == doc_id]
    if any(t.event.kind in across.kinds for t in events):
        return True
    record = reading.records[doc_id]
    if "visit" in across.kinds and re.search(
        r"visit|delegation|mission|study[ -]tour|courtesy[ -]call|trip", f"{record.title} {record.source}", re.I
    ):
        return True
    # a forum's or a council's meeting told as a briefing or a report ("Participants Forum Meeting")
    return "meeting" in across.kinds and bool(re.search(r"\bmeeting|\bminutes\b", record.title, re.I))


def _unread_note(doc_ids: Iterable[str], reading: _Reading) -> tuple[str, ...]:
    unread = [reading.records[d].source for d in doc_ids if mostly_cjk(reading.records[d].title)]
    if not unread:
        return ()
    return (
        f"Reports in Chinese, Japanese or Korean were not read for this ({', '.join(unread)}): ask in their language.",
    )


def _best_sentence(
    doc_id: str,
    terms: tuple[tuple[str, ...], ...],
    reading: _Reading,
    needed: int | None = None,
    holds: Callable[[str], bool] | None = None,
    holds_alone: bool = False,
) -> tuple[_Sentence, int, int] | None:
    """The sentence of a report holding the most of the question's word groups (all of them, or
    all but one of three or more), a heading only when no sentence does; with the sentence
    before it when it opens with a pronoun ("It signed ..."). Returns (sentence, quote end, quote start)."""
    if not terms:
        return None
    sentences = reading.sentences(doc_id)
    record = reading.records[doc_id]
    title = plain(f"{record.title} {record.source}")
    if needed is None:
        needed = len(terms) if len(terms) <= 2 else len(terms) - 1
    best: tuple[float, int] | None = None
    for at, sentence in enumerate(sentences):
        text = plain(sentence.text)
        held = sum(1 for group in terms if _holds(text, group, sentence.text))
        if held < needed:
            # a sentence may lean on its report's title for the rest ("the sub-center" of a report on Lianyungang)
            held_with_title = sum(1 for group in terms if _holds(text, group, sentence.text) or _holds(title, group))
            if held == 0 or held_with_title < len(terms):
                continue
            score = held - 0.5
        else:
            score = float(held)
        score += 0.25 * _near_pairs(text, terms)
        if sentence.heading:
            score -= 0.75
        # a figure may stand on the next line ("Balance" / "USD $256,869.00"); a person is named in the sentence
        following = sentences[at + 1].text if at + 1 < len(sentences) and not holds_alone else ""
        if holds is not None and not holds(f"{sentence.text} {following}"):
            continue
        if best is None or score > best[0]:
            best = (score, at)
    if best is None:
        return None
    at = best[1]
    sentence = sentences[at]
    if sentence.heading and at + 1 < len(sentences):
        # a label and its value on the next line ("Balance" / "USD $256,869.00")
        value = sentences[at + 1]
        if value.chunk.chunk_id == sentence.chunk.chunk_id and figures(value.text) and len(value.text.split()) <= 8:
            return sentence, value.end, sentence.start
    # "It signed ...", "Passed unanimously.": the sentence before says what it is about
    if at > 0 and (
        re.match(r"^\W*(?:it|its|this|these|they|their|he|she|the\s+meeting|the\s+visit)\b", sentence.text, re.I)
        or re.match(r"^\W*[A-Z]\w+ed\b(?:\W+\w+){0,2}\W*$", sentence.text)
    ):
        before = sentences[at - 1]
        if before.chunk.chunk_id == sentence.chunk.chunk_id and not before.heading:
            return sentence, sentence.end, before.start
    return sentence, sentence.end, sentence.start


def _near_pairs(text: str, terms: tuple[tuple[str, ...], ...]) -> int:
    """How many pairs of the question's word groups stand within three words of each other
    ("a joint laboratory" for "the joint photonics laboratory")."""
    words = text.split()
    places = [[i for i, w in enumerate(words) if any(w.startswith(f.rstrip()) for f in group)] for group in terms]
    return sum(
        1
        for a in range(len(places))
        for b in range(a + 1, len(places))
        if any(abs(i - j) <= 3 for i in places[a] for j in places[b])
    )


def _holds(text: str, group: tuple[str, ...], written: str = "") -> bool:
    """Whether ``text`` (plain) holds a form of the word group; a form "@univers" is looked for
    in the sentence as ``written``: a named body of that kind written as the place of what
    happened ("in Nanyang Technological University") -- being there is being on its grounds."""
    for form in group:
        if form.startswith("@"):
            body = form[1].upper() + form[2:]
            named = r"(?:[A-Z][\w'’&-]*\s+(?:(?:of|and|for|de)\s+)?){1,6}"
            if written and re.search(rf"\b(?:in|at|to|into|inside|visited|toured)\s+(?:the\s+)?{named}{body}", written):
                return True
        elif re.search(rf"\b{re.escape(form.rstrip())}" + (r"\b" if form.endswith(" ") else ""), text):
            return True
    return False


def _topic_who(
    doc_id: str,
    sentence: _Sentence,
    start: int,
    end: int,
    across: Across,
    reading: _Reading,
    event: TimelineEvent | None,
) -> str:
    mentions = reading.directory.mentions_between(doc_id, start, end)
    if "who" in across.wants:
        people = list(dict.fromkeys(name for kind, name in mentions if kind == "person"))
        if people:
            titled = _titled(
                people, sentence.chunk.text[start - sentence.chunk.start : end - sentence.chunk.start], across
            )
            return ", ".join(titled or people)
    if "where" in across.wants:
        places = [name for kind, name in mentions if kind == "place"]
        if event and event.event.place:
            places.insert(0, event.event.place)
        if places:
            return ", ".join(dict.fromkeys(places))
    return _who(event, reading) if event else ""


def _titled(people: list[str], text: str, across: Across) -> list[str]:
    """The people whose own stretch of the sentence -- from the name before theirs to the name
    after -- holds a word of the question that is not a verb of the relation: "received by ... Ms.
    Wu Yingying, Deputy Mayor of Fenghua District and Mr. Lou Dingding, Mayor of Ninghai County"
    answers "by a mayor, and by whom" with those two, not every host named."""
    nouns = [g for g in across.terms if g not in _RELATION_GROUPS.values()]
    places = sorted((at, at + len(name), name) for name in people if (at := text.find(name)) >= 0)
    found = []
    for i, (at, stop, name) in enumerate(places):
        before = places[i - 1][1] if i else 0
        after = places[i + 1][0] if i + 1 < len(places) else len(text)
        stretch = plain(text[before:at] + " " + text[stop:after])
        if any(_holds(stretch, group) for group in nouns):
            found.append(name)
    return found


# ... the history of a person or a body


def _history(question: str, across: Across, reading: _Reading, allowed: set[str]) -> Answer | None:
    directory = reading.directory
    # the whole name as written: "Zhang Wei" is not the "Mr. Wei" the reports know
    runs = [" ".join(r.split()) for r in re.findall(r"(?<!^)(?<=\s)([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)", question)]
    unknown = [r for r in runs if not directory.find(r, exact=True)]
    if unknown:
        return _declined(question, f"The reports don't mention {_and(unknown)}.")
    names = constraint_names(question, lambda n: bool(directory.find(n, exact=True)))
    entities = [e for n in names for e in directory.find(n, exact=True) if e.type in ("person", "org")]
    if not entities:
        return None
    entity = entities[0]
    items = []
    for item in directory.events:
        if item.doc_id not in allowed or not _date_fits(item.event.date, across):
            continue
        if (
            across.kinds
            and item.event.kind not in across.kinds
            and not ("meeting" in across.kinds and item.event.kind in ("visit", "briefing", "meeting"))
        ):
            continue
        found = _part_in(item, entity, reading)
        if found:
            items.append(found)
    if not items:
        return _declined(
            question, f"No {_kind_label(across)} report{_when_note(across)} records {entity.name} taking part."
        )
    items.sort(key=lambda i: (i.date or "", reading.records[i.doc_id].source))
    roles = _role_items(entity, allowed, reading)
    role_text = " Roles: " + "; ".join(f"{r.value} (from {_short_date(r.date)}) [{{{id(r)}}}]" for r in roles) + "."
    plural = "s" if len(items) != 1 else ""
    span = f"from {_short_date(items[0].date)} to {_short_date(items[-1].date)}"
    summary = f"{entity.name}: {len(items)} event{plural}{_when_note(across)} {span}.{role_text if roles else ''}"
    return _render(question, summary, [*items, *roles], reading)


def _part_in(item: TimelineEvent, entity: Entity, reading: _Reading) -> _Item | None:
    """The entity's part in an event (visitor, host, leader, or named in a meeting's report)."""
    event = item.event
    key = name_key(entity.name)
    evidence = dict(event.evidence)
    for side, people in (("led_by", event.led_by), ("visitors", event.visitors), ("hosts", event.hosts)):
        for person in people:
            if name_key(person.name) == key or (person.organisation and name_key(person.organisation) == key):
                label = {
                    "led_by": "led",
                    "visitors": "visitor",
                    "hosts": "host" if event.kind == "visit" else "present",
                }[side]
                detail = ", ".join(x for x in (person.role, person.organisation) if x and name_key(x) != key)
                sentence = _naming_sentence(item.doc_id, entity, reading, evidence.get(side))
                if sentence is None:
                    return None
                who = f"{entity.name} ({label}{', ' + detail if detail else ''})"
                return _Item(event.date, event.kind, item.doc_id, sentence, who=who, value=sentence.text)
    if event.kind in ("meeting", "visit", "briefing") and any(ref.doc_id == item.doc_id for ref in entity.documents):
        sentence = _naming_sentence(item.doc_id, entity, reading, None)
        if sentence is not None:
            return _Item(
                event.date, event.kind, item.doc_id, sentence, who=f"{entity.name} (named)", value=sentence.text
            )
    return None


def _naming_sentence(doc_id: str, entity: Entity, reading: _Reading, evidence: object) -> _Sentence | None:
    """The sentence of the report that names the entity: the field's evidence when it does, else
    its first mention there."""
    if evidence is not None:
        sentence = reading.sentence_at(doc_id, evidence.start, evidence.end)  # type: ignore[attr-defined]
        if sentence and _names(sentence.text, entity):
            return sentence
    for occurrence in entity.occurrences:
        if occurrence.doc_id == doc_id:
            sentence = reading.sentence_at(doc_id, occurrence.start, occurrence.end)
            if sentence:
                return sentence
    return None


def _names(text: str, entity: Entity) -> bool:
    return any(plain(n) in plain(text) for n in (entity.name, *entity.aliases))


def _role_items(entity: Entity, allowed: set[str], reading: _Reading) -> list[_Item]:
    """Each role of a person, oldest first, dated by the first report stating it and citing that
    report's sentence."""
    first: dict[str, RoleRecord] = {}
    for claim in sorted(entity.claims, key=lambda c: (c.date or "9999", c.source)):
        if claim.doc_id in allowed:
            first.setdefault(f"{claim.role.lower()}|{name_key(claim.organisation or '')}", claim)
    items = []
    for claim in sorted(first.values(), key=lambda c: c.date or "9999")[:6]:
        sentence = reading.sentence_at(claim.doc_id, claim.start, claim.end)
        if sentence is None:
            continue
        value = f"{claim.role}{' of the ' + claim.organisation if claim.organisation else ''}"
        items.append(_Item(claim.date, "role", claim.doc_id, sentence, who=entity.name, value=value))
    # the same role written with and without its body is one role
    return [i for i in items if not any(o is not i and o.value.startswith(i.value + " of") for o in items)]
