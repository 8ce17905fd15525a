"""Answers from figures read in the reports' sentences: figures over time, and comparisons of
periods, of what came first, and of figures."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .._util import mostly_cjk
from ..types import Answer
from ..verify import figures, plain
from .events import (
    _BODY_WORDS,
    _WORD_NUMBERS,
    _aggregates,
    _date_fits,
    _direction_fits,
    _event_item,
    _kind_fits,
    _kind_label,
    _month_year,
    _origin_fits,
    _short_date,
    _when_note,
)
from .reading import _MONTH, _SCAFFOLD, _YEAR, Across, _kinds, _month_number, _stem
from .records import _and, _declined, _Item, _Reading, _render, _Sentence

if TYPE_CHECKING:
    from ..whoswho import TimelineEvent


# ... figures over time


@dataclass(frozen=True)
class _Figure:
    value: str  # as written: "23 companies", "96.4 million yuan"
    number: float
    date: str | None  # when the figure holds: YYYY-MM-DD, YYYY-MM or YYYY
    sure: bool = False  # written after a verb of holding ("hosted 23 companies", "Sub-center: 19 companies")


_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}  # fmt: skip
_TIME = re.compile(
    rf"\b(?:at\s+the\s+end\s+of|end\s+of|by\s+the\s+end\s+of|as\s+of|in|on|during)\s+(?P<month>{_MONTH}\s+)?(?P<year>{_YEAR})\b"
    rf"|\b(?P<day>\d{{1,2}})\s+(?P<month2>{_MONTH})\s+(?P<year2>{_YEAR})\b",
    re.I,
)
_FORWARD = re.compile(
    r"\b(?:target|plan|planned|expect|expects|expected|aim|aims|goal|will|forecast|projected|budget(?:ed)?)\b", re.I
)
_AMOUNT = re.compile(
    r"(?:[$€£¥₹]\s?)?\d[\d,]*(?:\.\d+)?(?:\s*(?:million|billion|thousand|bn|m|k)\b)?(?:\s*(?:yuan|rmb|dollars?|euros?|pounds?|usd|eur|gbp))?",
    re.I,
)


def _trend(question: str, across: Across, reading: _Reading, allowed: set[str]) -> Answer | None:
    subject = _subject(question, reading)
    items = _figures_of(across, subject, reading, allowed)
    qualified = " ".join((across.measure or "", *across.qualifiers))
    what = f"{'the number of ' if not across.money else ''}{qualified}{' in the ' + subject[0] if subject else ''}"
    if not items:
        return _declined(question, f"No report gives a figure for {what}{_when_note(across)}.")
    in_range = [i for i in items if _date_fits(i.extra["figure"].date, across)]
    if not in_range:
        dates = sorted(i.extra["figure"].date for i in items if i.extra["figure"].date)
        return _declined(
            question,
            f"No report gives {what}{_when_note(across)}; the figures the reports give run "
            f"from {_short_date(dates[0])} to {_short_date(dates[-1])}.",
        )
    in_range.sort(key=lambda i: (i.extra["figure"].date or "", reading.records[i.doc_id].date or ""))
    steps = " → ".join(f"{i.extra['figure'].value} ({_short_date(i.extra['figure'].date)})" for i in in_range)
    plural = "s" if len(in_range) != 1 else ""
    summary = f"{what[:1].upper() + what[1:]}, {len(in_range)} figure{plural} from the reports: {steps}."
    notes = _contradictions(in_range)
    if notes:
        summary += " " + " ".join(notes)
    return _render(question, summary, in_range, reading)


def _contradictions(items: Sequence[_Item]) -> list[str]:
    """Reports that give different figures for the same date, named side by side."""
    by_date: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        figure = item.extra["figure"]
        if figure.date and len(figure.date) >= 7:
            by_date[figure.date[:7]].append(item)
    notes = []
    for date, group in sorted(by_date.items()):
        values = {i.extra["figure"].number for i in group}
        if len(values) > 1:
            listed = " and ".join(f"{i.extra['figure'].value} [{{{id(i)}}}]" for i in group)
            notes.append(f"The reports disagree for {_short_date(date)}: {listed}.")
    return notes


def _subject(question: str, reading: _Reading) -> tuple[str, str | None] | None:
    """What a figure is about: ("Lianyungang sub-center", "sub-center") -- a name of the question
    and the kind of thing it names ("sub-center", "park", "department"), if any."""
    m = re.search(
        r"\b(?:in|of|at|for|by)\s+(?:the\s+)?(?P<name>(?:[A-Z][\w'’-]*\s+){1,4}?)(?P<head>[a-z][\w-]*)?\b(?=\s+(?:change|grow|from|between|since|over|each|every|per|in|at|by|during|evolve|develop|rise|fall|increase|decrease)|\s*\?|$)",
        question,
    )
    if not m:
        m = re.search(r"\b(?:in|of|at|for|by)\s+(?:the\s+)?(?P<name>(?:[A-Z][\w'’-]*\s*){1,4})(?P<head>)", question)
    if not m:
        return None
    name = m.group("name").strip()
    head = (m.group("head") or "").strip() or None
    if head and head.split()[0] in ("change", "changed", "grow", "from", "between", "since", "over", "each", "every"):
        head = None
    full = f"{name} {head}" if head else name
    return full, head


def names_the_measure(measure: str | None, text: str) -> bool:
    """Whether ``text`` speaks of the figure ``measure`` follows, by its noun ("members":
    "membership rose to 240"; "competition cases": "three cases were referred"); no measure, no
    condition."""
    if not measure:
        return True
    words = _measure_words(measure)
    return _noun_named(words[-1] if words else measure, text)


def _measure_words(measure: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][\w-]+", measure.lower()) if w not in ("total", "annual", "number")]


def _noun_named(noun: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(_stem(noun)[:5])}", text, re.I) is not None


def _figures_of(
    across: Across, subject: tuple[str, str | None] | None, reading: _Reading, allowed: set[str]
) -> list[_Item]:
    """One row per report stating the measure (about the subject), with the figure's date."""
    measure = across.measure or ""
    words = _measure_words(measure)
    noun = words[-1] if words else measure
    qualifiers = [_stem(w) for w in (*words[:-1], *across.qualifiers)]
    items = []
    for doc_id in sorted(allowed):
        sentences = reading.sentences(doc_id)
        record = reading.records[doc_id]
        found: list[tuple[_Figure, _Sentence]] = []
        for at, sentence in enumerate(sentences):
            text = sentence.text
            if mostly_cjk(text) or not _noun_named(noun, text):
                continue
            if qualifiers and not all(re.search(rf"\b{re.escape(q[:5])}", text, re.I) for q in qualifiers):
                continue
            if across.money:
                money = _money_figure(text, measure, record.date)
                stated = [money] if money else []
            else:
                stated = _count_figures(text, noun, qualifiers, record.date)
            if not stated:
                continue
            where = text.find(stated[0].value.split()[0])
            if subject and not _about(sentences, at, subject, record.title, max(0, where)):
                continue
            found += [(figure, sentence) for figure in stated]
        if not found:
            continue
        # one row per report: its own dated statement of the measure rather than a passing figure,
        # the latest it gives
        figure, sentence = max(found, key=lambda f: (_weight(f[0], record.date), f[0].date or "", -f[1].start))
        items.append(_Item(figure.date, "figure", doc_id, sentence, value=figure.value, extra={"figure": figure}))
    return items


_STOCK = re.compile(
    r"\b(?:host(?:s|ed)?|ha[sd]|have|incubat\w*|employ\w*|reach\w*|total\w*|number\w*|st(?:ood|ands)|hous\w*|held|was|were|is|are)\b|:",
    re.I,
)


def _weight(figure: _Figure, report_date: str | None) -> int:
    """How surely a sentence states the measure: a date of its own, a verb of holding ("hosted",
    "incubated", "Sub-center: 19 companies")."""
    return (2 if figure.date and figure.date != report_date else 0) + (1 if figure.sure else 0)


def _count_figures(text: str, noun: str, qualifiers: Sequence[str], report_date: str | None) -> list[_Figure]:
    """The first number of a sentence counting ``noun`` ("hosted 23 companies"), with the figures
    written after it for other dates ("38 companies at the end of September 2022 and 41 at the
    end of December 2022"); forward-looking figures (targets, plans) are left out."""
    stem = re.escape(_stem(noun)[:5])
    for m in re.finditer(
        rf"(?<![\w.,])(?P<n>\d[\d,]*|{_WORD_NUMBERS})\s+(?:[a-z][\w-]*\s+){{0,2}}?{stem}\w*", text, re.I
    ):
        number = m.group("n")
        if number not in figures(text) or _FORWARD.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        window = text[max(0, m.start() - 45) : m.end() + 25]
        if qualifiers and not all(re.search(rf"\b{re.escape(q[:5])}", window, re.I) for q in qualifiers):
            continue
        sure = bool(_STOCK.search(text[max(0, m.start() - 40) : m.start()]))
        found = [_Figure(m.group(0), _as_number(number), _figure_date(text, m.end(), report_date), sure)]
        for later in re.finditer(
            rf"\b(?:and|up\s+from|down\s+from|from|against|compared\s+with)\s+(?P<n>\d[\d,]*|{_WORD_NUMBERS})\s+(?=(?:at|in|by|on)\b)",
            text[m.end() :],
            re.I,
        ):
            at = m.end() + later.end()
            date = _figure_date(text, at, None)
            if date and date != found[0].date:
                found.append(_Figure(f"{later.group('n')} {noun}", _as_number(later.group("n")), date, sure))
        return found
    return []


def _money_figure(text: str, measure: str, report_date: str | None) -> _Figure | None:
    at = re.search(re.escape(measure.split()[-1][:6]), text, re.I)
    if not at or _FORWARD.search(text[: at.start()]):
        return None
    for m in _AMOUNT.finditer(text, at.end()):
        amount = m.group(0).strip()
        if re.fullmatch(_YEAR, amount) or not re.search(
            r"[$€£¥₹]|million|billion|thousand|yuan|rmb|dollar|euro|pound|usd|eur|gbp|\bk\b|\bm\b", amount, re.I
        ):
            continue
        number = float(re.sub(r"[^\d.]", "", amount.split()[0]) or 0)
        return _Figure(amount, number, _figure_date(text, at.end(), report_date), True)
    return None


def _figure_date(text: str, after: int, report_date: str | None) -> str | None:
    """When a figure holds: the date written right after it ("at the end of April 2023"), else a
    year the sentence speaks of, else the report's date."""
    near = _TIME.search(text, after, after + 45)
    found = near or _TIME.search(text)
    if found:
        year = found.group("year") or found.group("year2")
        month = found.group("month") or found.group("month2")
        if found.group("day"):
            return f"{year}-{_month_number(month)}-{int(found.group('day')):02d}"
        if month:
            return f"{year}-{_month_number(month.strip())}"
        if re.match(r"(?i)(?:at\s+the\s+|by\s+the\s+)?end\s+of", found.group(0)):
            return f"{year}-12"
        return year
    return report_date


def _as_number(text: str) -> float:
    word = text.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return 0.0


_SUBJECT_OPENERS = {"the", "this", "that", "each", "every", "its", "our", "a", "an", "new", "second", "first", "third"}


def _about(sentences: Sequence[_Sentence], at: int, subject: tuple[str, str | None], title: str, where: int) -> bool:
    """Whether the figure at ``where`` in the sentence at ``at`` is about the subject: the nearest
    thing of its kind named before it is the subject; or, when none is, the sentences before
    (back to the paragraph's start) or else the report's title speak of the subject."""
    full, head = subject
    name = plain(full[: -len(head)] if head and full.endswith(head) else full).strip()
    distinctive = name.split()[-1] if name else ""
    ours = re.compile(rf"\b{re.escape(distinctive)}\b")

    def nearest(text: str, before: int) -> bool | None:
        named = [(m.end(), distinctive in found) for m, found in _named_things(text[:before], head)] if head else []
        if not head or plain(head) in plain(text):
            named += [(m.end(), True) for m in ours.finditer(plain(text[:before]))]
        return max(named)[1] if named else None

    def speaks_of(text: str) -> bool | None:
        lowered = plain(text)
        if ours.search(lowered) and (not head or plain(head) in lowered):
            return True
        things = _named_things(text, head) if head else []
        return False if things else None

    opener = _opening_name(sentences[at].text)
    if opener and distinctive not in plain(opener):
        return False  # "The Zhonghua Pharmaceutical Port gathers about 120 companies": another body's figure
    said = nearest(sentences[at].text, where)
    if said is not None:
        return said
    for back in range(at, max(-1, at - 4), -1):
        if back != at:
            said = speaks_of(sentences[back].text)
            if said is not None:
                return said
            if sentences[back].heading:
                break
        if back > 0 and _new_paragraph(sentences[back - 1], sentences[back]):
            break
    return bool(speaks_of(title))


def _named_things(text: str, head: str) -> list[tuple[re.Match, str]]:
    """The names before a kind of thing in a sentence: "Ningbo Fenghua Sub-center" -> "ningbo fenghua"."""
    found = []
    for m in re.finditer(rf"((?:[A-Z][\w'’-]*\s+){{1,4}})(?i:{re.escape(head)})\b", text):
        words = [w for w in m.group(1).split() if w.lower() not in _SUBJECT_OPENERS]
        if words:
            found.append((m, plain(" ".join(words))))
    return found


def _opening_name(text: str) -> str | None:
    """The body a sentence opens with ("The Zhonghua Pharmaceutical Port gathers ..."), if any."""
    m = re.match(r"^\W*(?:The\s+)?((?:[A-Z][\w'’-]*\s+(?:of\s+|for\s+|and\s+|the\s+)*){1,6})", text)
    if not m or not _BODY_WORDS.search(m.group(1)):
        return None
    return m.group(1).strip()


def _new_paragraph(before: _Sentence, sentence: _Sentence) -> bool:
    """Whether a blank line (or another passage) stands between two sentences."""
    if before.chunk.chunk_id != sentence.chunk.chunk_id:
        return sentence.start - before.end > 2
    gap = sentence.chunk.text[before.end - sentence.chunk.start : sentence.start - sentence.chunk.start]
    return "\n\n" in gap or "\n \n" in gap


# ... comparisons


def _compare_answer(question: str, across: Across, reading: _Reading, allowed: set[str]) -> Answer | None:
    if across.periods:
        return _compare_periods(question, across, reading, allowed)
    if across.parts:
        return _compare_order(question, across, reading, allowed)
    return _compare_measure(question, across, reading, allowed)


def _compare_periods(question: str, across: Across, reading: _Reading, allowed: set[str]) -> Answer | None:
    counted: list[tuple[str, list[_Item]]] = []
    for label, first, last in across.periods:
        one = replace(across, mode="list", date_from=first, date_to=last)
        events = [
            t
            for t in reading.directory.events
            if t.doc_id in allowed
            and _kind_fits(t, one, reading)
            and _date_fits(t.event.date, one)
            and _direction_fits(t, one, reading)
            and _origin_fits(t, one, reading)
        ]
        counted.append((label, [_event_item(t, one, reading) for t in events]))
    if not any(items for _, items in counted):
        events = [t for t in reading.directory.events if t.doc_id in allowed and _kind_fits(t, across, reading)]
        dates = sorted(t.event.date for t in events if t.event.date)
        span = (
            f"; the {_kind_label(across)} reports run from {_month_year(dates[0])} to {_month_year(dates[-1])}"
            if dates
            else ""
        )
        return _declined(
            question, f"No {_kind_label(across)} report is dated {_and([p[0] for p in across.periods])}{span}."
        )
    (a_label, a_items), (b_label, b_items) = counted[0], counted[1]
    label = _kind_label(across)
    if len(a_items) == len(b_items):
        verdict = f"as many {label} reports in {a_label} as in {b_label}"
    else:
        bigger = a_label if len(a_items) > len(b_items) else b_label
        smaller = b_label if bigger == a_label else a_label
        verdict = (
            f"more in {bigger} than in {smaller}" if across.order == "more" else f"fewer in {smaller} than in {bigger}"
        )
    counts = f"{len(a_items)} in {a_label}, {len(b_items)} in {b_label}"
    summary = f"{label.title()} reports: {counts} -- {verdict} (counted from the rows below)."
    items = sorted(a_items + b_items, key=lambda i: i.date or "")
    aggregates = []
    for _, first, last in across.periods:
        aggregates += _aggregates(
            replace(across, date_from=first, date_to=last, noun=across.noun or "delegations"), reading, allowed
        )
    return _render(question, summary, items, reading, aggregates=aggregates)


def _compare_order(question: str, across: Across, reading: _Reading, allowed: set[str]) -> Answer | None:
    picked: list[tuple[str, TimelineEvent]] = []
    for option in across.parts:
        event = _event_named(option, reading, allowed)
        if event is None:
            return _declined(question, f"No report records {option}.")
        picked.append((option, event))
    dated = [p for p in picked if p[1].event.date]
    if len(dated) < len(picked):
        return _declined(question, f"The report on {next(o for o, e in picked if not e.event.date)} gives no date.")
    ordered = sorted(dated, key=lambda p: p[1].event.date or "")
    winner = ordered[0] if across.order == "first" else ordered[-1]
    items = [_event_item(e, across, reading) for _, e in ordered]
    word = "first" if across.order == "first" else "last"
    summary = (
        f"{winner[0][:1].upper() + winner[0][1:]} came {word} ({_short_date(winner[1].event.date)}): "
        + "; ".join(f"{o} {_short_date(e.event.date)}" for o, e in ordered)
        + "."
    )
    return _render(question, summary, items, reading)


def _event_named(option: str, reading: _Reading, allowed: set[str]) -> TimelineEvent | None:
    """The event an option names ("the Nantong visit", "the photonics delegation"): the one whose
    title, participants and place share the most of its words."""
    words = [_stem(w) for w in re.findall(r"[A-Za-z][\w-]+", option) if w.lower() not in _SCAFFOLD and len(w) > 2]
    kinds = _kinds(option.lower())
    best: tuple[float, TimelineEvent] | None = None
    for item in reading.directory.events:
        if item.doc_id not in allowed:
            continue
        record = reading.records[item.doc_id]
        event = item.event
        people = " ".join(f"{p.name} {p.organisation or ''}" for p in (*event.visitors, *event.led_by, *event.hosts))
        haystack = plain(f"{record.title} {record.source} {people} {event.place or ''}")
        score = sum(1.0 for w in words if re.search(rf"\b{re.escape(w[:6])}", haystack))
        if kinds and event.kind in kinds:
            score += 0.5
        if score and (best is None or score > best[0]):
            best = (score, item)
    if best is None or best[0] < max(1.0, len(words) / 2):
        return None
    return best[1]


def _compare_measure(question: str, across: Across, reading: _Reading, allowed: set[str]) -> Answer | None:
    which = re.match(r"^\s*(?:in\s+)?(?:which|what)\s+(?P<head>[a-z][\w-]*)\b", question, re.I)
    if which and which.group("head").lower() not in ("year", "month", "date", "report", "time"):
        return _compare_things(question, across, which.group("head"), reading, allowed)
    subject = _subject(question, reading)
    head = subject[1] if subject else None
    if subject and not head:
        # "In which year did the center incubate the most companies?": the figures of one subject over time
        items = _figures_of(across, subject, reading, allowed)
    else:
        items = _figures_of(across, None, reading, allowed)
    items = [i for i in items if _date_fits(i.extra["figure"].date, across)]
    if not items:
        return _declined(question, f"No report gives a figure for {across.measure}{_when_note(across)}.")
    pick = max if across.order == "most" else min
    winner = pick(items, key=lambda i: i.extra["figure"].number)
    items.sort(key=lambda i: -i.extra["figure"].number if across.order == "most" else i.extra["figure"].number)
    figure = winner.extra["figure"]
    extreme = "highest" if across.order == "most" else "lowest"
    plural = "s" if len(items) != 1 else ""
    summary = (
        f"The {extreme} figure the reports give is {figure.value} ({_short_date(figure.date)}, "
        f"{reading.records[winner.doc_id].title}); {len(items)} figure{plural} compared."
    )
    return _render(question, summary, items, reading)


def _compare_things(question: str, across: Across, head: str, reading: _Reading, allowed: set[str]) -> Answer:
    """ "Which sub-center had the most companies at the end of 2023?": the newest figure the
    reports give for each named thing of that kind in the period, compared."""
    noun = (across.measure or "").split()[-1]
    latest: dict[str, tuple[_Figure, _Item]] = {}
    for doc_id in sorted(allowed):
        record = reading.records[doc_id]
        sentences = reading.sentences(doc_id)
        for at, sentence in enumerate(sentences):
            for figure in _count_figures(sentence.text, noun, (), record.date):
                if not _date_fits(figure.date, across):
                    continue
                where = sentence.text.find(figure.value.split()[0])
                opener = _opening_name(sentence.text)
                if opener and not re.search(rf"(?i:{re.escape(head)})", opener):
                    continue  # "The Zhonghua Pharmaceutical Port gathers about 120 companies": not one of them
                thing = _thing_named(sentences, at, head, record.title, max(0, where))
                if thing is None:
                    continue
                item = _Item(
                    figure.date, "figure", doc_id, sentence, who=thing, value=figure.value, extra={"figure": figure}
                )
                key = plain(thing).split()[
                    -len(plain(head).split()) - 1
                ]  # "Lingang Innovation Lianyungang Sub-center": lianyungang
                kept = latest.get(key)
                if kept is None or (figure.date or "") > (kept[0].date or ""):
                    latest[key] = (figure, item)
    items = [item for _, item in latest.values()]
    if not items:
        return _declined(question, f"No report gives a number of {noun} for a {head}{_when_note(across)}.")
    most = across.order == "most"
    items.sort(key=lambda i: -i.extra["figure"].number if most else i.extra["figure"].number)
    winner = items[0]
    listed = "; ".join(f"{i.who} {i.value} ({_short_date(i.date)})" for i in items)
    summary = f"{winner.who} had the {'most' if most else 'fewest'} {noun}{_when_note(across)}: {listed}."
    return _render(question, summary, items, reading)


def _thing_named(sentences: Sequence[_Sentence], at: int, head: str, title: str, where: int) -> str | None:
    """The named thing of kind ``head`` a figure is about: the nearest named before it in its
    sentence, else the one its paragraph or the report's title names."""
    before = [(m.end(), m.group(0).strip()) for m, _ in _named_things(sentences[at].text[:where], head)]
    if before:
        return _without_opener(max(before)[1])
    for back in range(at - 1, max(-1, at - 4), -1):
        found = _named_things(sentences[back].text, head)
        if found:
            return _without_opener(found[-1][0].group(0).strip())
        if sentences[back].heading or _new_paragraph(sentences[back], sentences[back + 1]):
            break
    found = _named_things(title, head)
    return _without_opener(found[0][0].group(0).strip()) if found else None


def _without_opener(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in _SUBJECT_OPENERS:
        words = words[1:]
    return " ".join(words)
