"""The events a list or count keeps -- by kind, date, direction and origin -- the sentence citing
each, the notes of a summary line, and the counts the reports state themselves."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .._util import mostly_cjk, place_forms
from ..verify import figures, plain
from ..whoswho import name_key
from .origins import _BODY_WORDS, _RUN, _inside, _Origin, _visitors_from
from .places import countries_of, states_of
from .reading import _KIND_NAMES, _MONTHS, _YEAR, Across, _stem
from .records import _Item, _Reading, _Sentence

if TYPE_CHECKING:
    from ..types import Participant
    from ..whoswho import TimelineEvent


def _involves(item: TimelineEvent, name: str, reading: _Reading) -> bool:
    """Whether an event's participants, place, title or report name ``name``."""
    event = item.event
    record = reading.records.get(item.doc_id)
    people = " ".join(f"{p.name} {p.organisation or ''}" for p in (*event.visitors, *event.hosts, *event.led_by))
    said = plain(f"{people} {event.place or ''} {record.title if record else ''}")
    key = plain(name)
    return key in said or key in reading.retriever.report_text(item.doc_id)


def _kind_fits(item: TimelineEvent, across: Across, reading: _Reading) -> bool:
    if not across.kinds:
        return True
    if item.event.kind in across.kinds:
        return True
    if "visit" in across.kinds:
        record = reading.records.get(item.doc_id)
        words = f"{record.title} {record.source}".lower() if record else ""
        return bool(
            re.search(r"visit|delegation|mission|study[ -]tour|courtesy[ -]call", words)
        ) and item.event.kind not in ("meeting", "briefing")
    return False


def _date_fits(date: str | None, across: Across) -> bool:
    if not across.dated:
        return True
    if not date:
        return False
    if across.date_from and date < across.date_from[: len(date)]:
        return False
    return not (across.date_to and date[: len(across.date_to)] > across.date_to[: len(date)])


def _direction_fits(item: TimelineEvent, across: Across, reading: _Reading) -> bool:
    if across.direction is None or "visit" not in across.kinds:
        return True
    home = reading.home
    if home is None:
        return True
    ours = any(_is_home(p, home) for p in item.event.visitors)
    if across.direction == "in" and re.search(r"\bus\b", across.text) and not ours:
        # "visited us": the home institution received them (its people among the hosts, or named by the report)
        return any(_is_home(p, home) for p in item.event.hosts) or plain(home) in reading.retriever.report_text(
            item.doc_id
        )
    return not ours if across.direction == "in" else ours


def _is_home(person: Participant, home: str) -> bool:
    return name_key(person.organisation or "") == name_key(home) or (
        person.kind == "org" and name_key(person.name) == name_key(home)
    )


def _origin_fits(item: TimelineEvent, across: Across, reading: _Reading) -> bool:
    """Whether the visitors came from the place asked: their names, bodies or the sentence
    naming them say it, or name a place the reports say lies in it."""
    if not across.origin:
        return True
    event = item.event
    texts = [f"{p.name} {p.organisation or ''}" for p in (*event.visitors, *event.led_by)]
    for name, evidence in event.evidence:
        if name in ("visitors", "led_by"):
            sentence = reading.sentence_at(item.doc_id, evidence.start, evidence.end)
            if sentence:
                texts.append(sentence.text)
    # the report's title says it too ("Visit Report: Hungarian trade delegation"), when the
    # visitors' sentence only names their leader
    record = reading.records.get(item.doc_id)
    texts.append(record.title if record else "")
    side = plain(" ".join(texts))
    # the place's other names ("Polish" for Poland), what reports place inside it, and its parts
    # as the who's who has them (whoswho.Directory.parts_of)
    forms = place_forms(across.origin)
    parts = [p.name for form in forms for e in reading.directory.find(form) for p in reading.directory.parts_of(e)]
    places = [*forms, *_inside(across.origin, reading), *parts]
    origin = _Origin(across.origin, reading)
    visitors = _visitors_from(item, origin, reading)
    if visitors is not None and visitors.elsewhere:
        return False  # "London to China Mission": the visitors the report names first are from London
    if any(re.search(rf"\b{re.escape(plain(p))}\b", side) for p in places):
        return True
    # a country's or a province's visitors by a city or province of it the gazetteer knows ("from
    # Nantong"), unless their side names another province of it ("Suzhou ..., Jiangsu Province":
    # not the Suzhou of Anhui)
    if origin.states and any(
        (states := states_of(run)) and not states & origin.states for run in re.findall(_RUN, " ".join(texts))
    ):
        return False
    return origin.known and visitors is not None


def _unknown_names(across: Across, reading: _Reading) -> list[str]:
    """Names of the question (a place of origin) that no report mentions."""
    if not across.origin or countries_of(across.origin):
        return []  # a country or province the gazetteer knows may be named by its cities only
    for origin in place_forms(across.origin):  # "Poland" is named by "Polish" too
        if reading.directory.find(origin) or any(
            plain(origin) in reading.retriever.report_text(d) for d in reading.records
        ):
            return []
    return [across.origin]


def _event_item(item: TimelineEvent, across: Across, reading: _Reading) -> _Item:
    event = item.event
    evidence = dict(event.evidence)
    field_order = (
        ("visitors", "led_by", "hosts", "place", "topics")
        if event.kind == "visit"
        else ("led_by", "hosts", "visitors", "place", "topics")
    )
    sentence = None
    for name in field_order:
        if name in evidence:
            sentence = reading.sentence_at(item.doc_id, evidence[name].start, evidence[name].end)
            if sentence:
                break
    if event.kind == "agreement":
        sentence = _party_sentence(item, reading)[0] or sentence
    if sentence is not None and (sentence.heading or len(sentence.text.split()) < 5):
        # a list's heading ("Participants"): the line naming the first participant instead
        sentence = _line_naming(item, reading) or sentence
    if sentence is None:
        sentence = _opening_sentence(item.doc_id, reading)
    return _Item(event.date, event.kind, item.doc_id, sentence, who=_who(item, reading), value=sentence.text)


def _line_naming(item: TimelineEvent, reading: _Reading) -> _Sentence | None:
    event = item.event
    for person in (*event.led_by, *event.visitors, *event.hosts):
        key = plain(person.name)
        for sentence in reading.sentences(item.doc_id):
            if key in plain(sentence.text) and not sentence.heading:
                return sentence
    return None


def _opening_sentence(doc_id: str, reading: _Reading) -> _Sentence:
    """The report's first statement (its first sentence that is not a heading or a label)."""
    sentences = reading.sentences(doc_id)
    for sentence in sentences[:12]:
        if (
            not sentence.heading
            and len(sentence.text.split()) >= 6
            and not re.match(r"^\W*(?:date|filed|reference|published)\b", sentence.text, re.I)
        ):
            return sentence
    return sentences[0]


def _who(item: TimelineEvent, reading: _Reading) -> str:
    event = item.event
    if event.kind == "agreement":
        return ", ".join(_parties(item, reading))
    # (a visit whose report names none of its visitors, "our group", is shown by its hosts)
    people = (event.led_by or event.visitors or event.hosts) if event.kind == "visit" else (event.led_by or event.hosts)
    if (
        event.kind == "visit"
        and reading.home
        and people
        and all(_is_home(p, reading.home) or p.kind == "org" for p in people[:1])
    ):
        people = event.led_by or event.visitors
    shown = []
    for person in people[:3]:
        if person.kind == "org":
            shown.append(person.name)
            continue
        body = _body_of_unit(item, person.organisation, reading) if person.organisation else None
        detail = ", ".join(x for x in (person.role, person.organisation, body) if x)
        shown.append(f"{person.name} ({detail})" if detail else person.name)
    return "; ".join(shown)


_UNIT = re.compile(r"\b(?:department|office|division|section|unit|bureau|committee|team|directorate)\b", re.I)


def _body_of_unit(item: TimelineEvent, unit: str, reading: _Reading) -> str | None:
    """The body a unit belongs to, as the sentence naming the person writes it: "Vice Manager of
    International Department with SCOCIE" -> "SCOCIE" (the who's who keeps the unit alone)."""
    if not _UNIT.search(unit):
        return None
    for _, evidence in item.event.evidence:
        sentence = reading.sentence_at(item.doc_id, evidence.start, evidence.end)
        if sentence and (
            m := re.search(rf"{re.escape(unit)}\s+(?:of|with|at|in)\s+(?:the\s+)?(?P<body>{_RUN})", sentence.text)
        ):
            return m.group("body")
    return None


_PARTY_LINE = re.compile(
    r"\b(?:party\s+[ab12]|between|signed\s+(?:for|by|with|in)|signatories|on\s+behalf\s+of|represented\s+by|parties)\b",
    re.I,
)


def _bodies_in(text: str) -> list[str]:
    """Names of bodies written in a sentence, found by their head word ("... Management Committee")."""
    names = re.findall(r"[A-Z][\w'’-]*(?:\s+(?:of\s+|for\s+|and\s+|the\s+|de\s+)*[A-Z][\w'’-]*)*", text)
    return [
        re.sub(r"^(?:The|Between|Party\s+[AB12])\s+", "", n).strip()
        for n in names
        if _BODY_WORDS.search(n) and len(n.split()) >= 2
    ]


def _parties(item: TimelineEvent, reading: _Reading) -> list[str]:
    """The bodies an agreement is made with (not the home institution)."""
    return _party_sentence(item, reading)[1]


def _party_sentence(item: TimelineEvent, reading: _Reading) -> tuple[_Sentence | None, list[str]]:
    """The sentence naming the other party of an agreement ("Party B: ...", "Between: A and B",
    "the agreement that A and B signed"), and the bodies it names besides the home institution."""
    home = reading.home
    for sentence in reading.sentences(item.doc_id)[:20]:
        if not _PARTY_LINE.search(sentence.text):
            continue
        parties: list[str] = []
        named = [
            n for k, n in reading.directory.mentions_between(item.doc_id, sentence.start, sentence.end) if k == "org"
        ]
        for name in named + _bodies_in(sentence.text):
            if (home and name_key(name) in name_key(home)) or re.search(r"sub-?cent", name, re.I):
                continue
            if not any(name_key(name) in name_key(p) or name_key(p) in name_key(name) for p in parties):
                parties.append(name)
        if parties:
            return sentence, parties[:2]
    return None, []


def _names_of(items: Sequence[_Item], reading: _Reading) -> str:
    """Each item by the body it is about: its first participant's organisation when the report's
    title names it too, else the title without its "Visit Report:" label."""
    names = []
    for item in items:
        title = reading.records[item.doc_id].title
        label = re.sub(r"^[^:]{0,40}\b(?:report|minutes|agreement)s?\s*:\s*", "", title, flags=re.I) or title
        m = re.match(r"^(?P<name>[^(;]+?)\s*\((?P<detail>[^)]*)\)", item.who)
        body = m.group("detail").split(", ", 1)[-1] if m else item.who.split(";")[0].strip()
        if item.kind == "agreement" and item.who:
            label = item.who.split(", ")[0]
        elif body and set(plain(body).split()) & set(plain(title).split()) - {"of", "the", "and", "for"}:
            label = body
        names.append(f"{label} ({_short_date(item.date)})" if item.date else label)
    return "; ".join(names) if names else "none"


def _short_date(date: str | None) -> str:
    if not date:
        return "undated"
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1].title()} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1].title()} {parts[0]}"
    return date


def _kind_label(across: Across) -> str:
    if len(across.kinds) == 1:
        return _KIND_NAMES[next(iter(across.kinds))]
    return "event"


def _when_note(across: Across) -> str:
    if not across.dated:
        return ""
    first, last = across.date_from, across.date_to
    if first and last and first[:4] == last[:4]:
        if first[5:7] == last[5:7] and first[5:] != "01-01":
            return f" in {_MONTHS[int(first[5:7]) - 1].title()} {first[:4]}"
        return f" in {first[:4]}"
    if first and last:
        return f" from {first[:4]} to {last[:4]}"
    if first:
        return f" since {_short_date(first[:7]) if first[5:] != '01-01' else first[:4]}"
    return f" before {int((last or '0')[:4]) + 1}" if (last or "").endswith("12-31") else f" until {last}"


def _coverage_note(across: Across, events: Sequence[TimelineEvent]) -> str:
    """ "No visit report is dated 2020; the reports run from October 2021 to November 2024." """
    dates = sorted(t.event.date for t in events if t.event.date)
    label = _kind_label(across)
    when = _when_note(across).strip()
    when = when[3:] if when.startswith("in ") else when
    if not dates:
        return f"No {label} report is dated {when}; the {label} reports carry no date."
    span = f"from {_month_year(dates[0])} to {_month_year(dates[-1])}"
    return f"No {label} report is dated {when}; the {label} reports run {span}."


def _month_year(date: str) -> str:
    return f"{_MONTHS[int(date[5:7]) - 1].title()} {date[:4]}" if len(date) >= 7 else date


# ... the reports' own counts


def _aggregates(across: Across, reading: _Reading, allowed: set[str]) -> list[_Item]:
    """Sentences in which a report states its own count of what is counted ("The Overseas Affairs
    Department received 17 delegations in 2022"), for the years asked."""
    noun = (across.noun or "delegations").lower()
    if noun not in ("delegations", "visits", "visitors", "meetings", "agreements", "events", "companies"):
        return []
    stem = _stem(noun)
    found = []
    for doc_id in sorted(allowed):
        for sentence in reading.sentences(doc_id):
            text = sentence.text
            if mostly_cjk(text):
                break
            m = re.search(rf"(?<![\w.])(\d[\d,]*|{_WORD_NUMBERS})\s+(?:[\w-]+\s+){{0,2}}{stem}\w*", text, re.I)
            if not m or m.group(1) not in figures(text):
                continue
            years = set(re.findall(rf"\b{_YEAR}\b", text))
            if across.dated:
                if not years or not any(_date_fits(y, across) for y in years):
                    continue
            elif not years:
                continue
            if re.search(r"\b(?:target|plan|expect|aim|goal|will)\w*\b", text[: m.start()], re.I):
                continue
            if across.origin and plain(across.origin) not in plain(text):
                continue
            record = reading.records[doc_id]
            found.append(_Item(record.date, "aggregate", doc_id, sentence, value=m.group(0)))
    return found


_WORD_NUMBERS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)"
)
