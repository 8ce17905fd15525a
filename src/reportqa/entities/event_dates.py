"""When the events of a report happened: the day or month a sentence, a heading, the title or a
dateline gives, completed with the report's own year where the sentence leaves it out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..types import Document, Event, Evidence
from .spans import _line_start, _page_at

# "in recent days", "recently", "last week": shortly before the report was written
_RECENTLY = re.compile(r"\b(?:in\s+recent\s+(?:days|weeks)|recently|(?:last|this)\s+week)\b", re.I)

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
)  # fmt: skip


def _month_number(name: str) -> int:
    """1 for "January" (in any case) ... 12 for "December"."""
    return _MONTH_NAMES.index(name.lower()) + 1


def _day_told(found: re.Match[str]) -> tuple[str | None, int, int]:
    """(year as written or None, month, day) of a day-and-month match, in either of its orders
    ("25 October", "October 25th, 2021")."""
    groups = found.groupdict()
    year = groups.get("year") or groups.get("year2")
    return year, _month_number(groups["month"] or groups["month2"]), int(groups["day"] or groups["day2"])


_DAY_MONTH = re.compile(
    r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\s+"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*\d{4})"
    r"|\b(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    r"(?P<month2>January|February|March|April|May|June|July|August|September|October|November|December)\b(?!,?\s*\d{4})"
)

_A_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)")

_FULL_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}"
    r"(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:January|February|March|"
    r"April|May|June|July|August|September|October|November|December),?\s+(?P<year2>(?:19|20)\d\d)\b"
)

_MONTH_WORD = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# "22nd July", "from 1 to 14 July 2001", "Wednesday 28th and Thursday 29th of September", "November 27-28",
# "January 28 to February 6, 2024": the first day of a date or a range, its year if written.
_EVENT_DAY = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and)\s*(?:{_WEEKDAY}\s+)?\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?"
    rf"(?P<month>{_MONTH_WORD})"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
    rf"|\b(?P<month2>{_MONTH_WORD})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*(?:-|–)\s*\d{{1,2}}\b)?"
    rf"(?:,?\s+(?P<year2>(?:19|20)\d\d))?"
)

_LABELLED_DATE = re.compile(r"^\W*(?:report\s+)?(?:date|dated|meeting date|date of visit)\W*:", re.I | re.M)

# What a sentence of a report's opening says took place, with a day in it.
_HAPPENED = re.compile(r"\b(?:signed|signing|visited|paid\s+a\s+visit|held|took\s+place|met|arrived|received)\b", re.I)

_MONTH = re.compile(rf"\b{_MONTH_WORD}\b")

# "last November": the month before the event it is told from
_LAST_MONTH = re.compile(rf"\blast\s+(?P<month>{_MONTH_WORD})\b")

# "in August", "in early March 2019": a month without its day
_IN_MONTH = re.compile(
    rf"\bin\s+(?:(?:early|late|mid)[\s-]+)?(?P<month>{_MONTH_WORD})\b(?!\s+\d{{1,2}}\b)(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)

# a day range ("November 27-28", "6th - 11th February", "April 22, 2009 – April 25, 2009"): the event
# lasted several days, so one told inside it without its own day is known to the month only
_DAY_RANGE = re.compile(
    rf"(?<![\d-])\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*(?:{_WEEKDAY}\s+)?\d{{1,2}}(?:st|nd|rd|th)?\b(?!-\d)|{_MONTH_WORD}[^\n]{{0,20}}(?:-|–)\s*{_MONTH_WORD}"
)

_ISO_LINE = re.compile(r"\W*(?P<date>(?:19|20)\d\d-\d\d-\d\d)\W*")

_NEXT_MEETING = re.compile(r"^\W*next\s+(?:[\w-]+\s+){0,2}meeting\b.*$", re.I | re.M)

# "March 2019" anywhere in a line: a month and year
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH_WORD})\s+(?P<year>(?:19|20)\d\d)\b")

_HEADING_MONTH = re.compile(rf"^\W*(?P<month>{_MONTH_WORD})\s+(?P<year>(?:19|20)\d\d)\W*$", re.M)


def _heading_date(text: str, start: int, reference: str | None) -> tuple[str, int, int] | None:
    """The day (or month and year) the heading just above a sentence that starts a line gives
    ("Visit to Saha Nivasa, 14 March 2019"): a short line of its own that no sentence ends, with
    nothing between it and the sentence but a blank line. (date, heading start, end)"""
    line_start = _line_start(text, start)
    if text[line_start:start].strip():
        return None  # the sentence does not start its line
    above = text[:line_start].rstrip()
    if text[len(above) : line_start].count("\n") > 2:
        return None
    heading_start = above.rfind("\n") + 1
    heading = above[heading_start:].strip()
    if not heading or len(heading) > 100 or heading[-1] in ".!?;,":
        return None
    if found := _EVENT_DAY.search(heading):
        written_year, month, day = _day_told(found)
        year = written_year or (reference[:4] if reference else None)
        if year and 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d}", heading_start, len(above)
    if found := _MONTH_YEAR.search(heading):
        month = _month_number(found.group("month"))
        return f"{found.group('year')}-{month:02d}", heading_start, len(above)
    return None


def _headed(text: str, document: Document, where: Evidence | None) -> tuple[str, int, int] | None:
    """The date the heading above an event's sentence gives, in a report whose date is not
    labelled as the event's ("Date: ..."), where the sentence gives no day of its own (a date line
    under the title is the day of publishing, not a heading)."""
    if where is None or _LABELLED_DATE.search(text) or _EVENT_DAY.search(text, where.start, where.end):
        return None
    headed = _heading_date(text, where.start, document.date)
    return headed if headed and headed[0] != document.date else None


def _lasted(text: str, main: Event) -> bool:
    """Whether the report's own event lasted several days, by the sentence dating it ("from 6th -
    11th February 2017")."""
    main_date = dict(main.evidence).get("date")
    return main_date is not None and bool(_DAY_RANGE.search(text, main_date.start, main_date.end))


def _own_date(text: str, spans: list[tuple[int, int, int | None]], main: Event, document: Document) -> str | None:
    """The day (or "last <month>", "in <month>": the month) a further event's own sentences give,
    the year completed from the main event's date (else the report's)."""
    reference = main.date or document.date
    for start, end, _ in spans:
        if found := _EVENT_DAY.search(text, start, end):
            written_year, month, day = _day_told(found)
            year = written_year or (reference[:4] if reference else None)
            if year and 1 <= day <= 31:
                return f"{year}-{month:02d}-{day:02d}"
        if (last := _LAST_MONTH.search(text, start, end)) and reference and len(reference) >= 7:
            month = _month_number(last.group("month"))
            year_before = int(reference[:4]) - (month >= int(reference[5:7]))
            return f"{year_before}-{month:02d}"
        if (told := _IN_MONTH.search(text, start, end)) and (year := told.group("year") or (reference or "")[:4]):
            # "Raj visited Saha Nivasa in August": the month, in the report's year unless it says
            return f"{year}-{_month_number(told.group('month')):02d}"
    return None


def _completed_date(text: str, document: Document, where: Evidence | None) -> tuple[str, int, int] | None:
    """An event date written without its year ("On October 25th, ..."), completed with the year
    the report gives (in its text, else in its file name): (ISO date, sentence start, end). The
    event's own sentence is read first, then the report's opening."""
    spans = [(where.start, where.end)] if where else []
    spans.append((0, min(len(text), 1500)))
    # The report's year: in its file name, else the latest year of a full date in its text (not
    # any year: "established in 2009" says nothing about when the report was written).
    named = _A_YEAR.search(document.source)
    dated = [m.group("year") or m.group("year2") for m in _FULL_DATE.finditer(text)]
    year = named.group(0) if named else max(dated, default=None)
    if year is None:
        return None
    for start, end in spans:
        if found := _DAY_MONTH.search(text, start, end):
            _, month, day = _day_told(found)
            if 1 <= day <= 31:
                return f"{year}-{month:02d}-{day:02d}", start, end
    return None


def _stated_month(text: str, where: Evidence | None) -> tuple[str, int, int] | None:
    """The month and year the event's own sentence gives, where it gives no day ("visited the
    port in mid-June 2021"): (YYYY-MM, sentence start, end)."""
    if where is None:
        return None
    found = _MONTH_YEAR.search(text, where.start, where.end)
    if found is None:
        return None
    return f"{found.group('year')}-{_month_number(found.group('month')):02d}", where.start, where.end


def _stated_date(text: str, document: Document, where: Sequence[Evidence | None]) -> tuple[str, int, int] | None:
    """The day a visit or meeting began, as its own sentence (else the title, else the opening
    paragraph) states it, for a report whose date is not labelled as the event's ("Date: ...")
    but is the day it was published: a day on or before that date and within a year of it (the
    year completed from it). (ISO date, start, end of the sentence.)"""
    if not document.date or _LABELLED_DATE.search(text):
        return None
    title_end = text.find("\n")
    spans = [(e.start, e.end) for e in where if e is not None]
    # the opening's sentence that says what happened ("... was signed at the Laucala Campus on 7
    # February 2019", "On the morning of May 27, a ceremony for the signing ...")
    spans += _happened(text, min(len(text), 2000))
    opening = [(0, max(title_end, 0)), (max(title_end, 0), min(len(text), max(title_end, 0) + 800))]
    published = document.date
    for start, end in [*spans, *opening]:
        for found in _EVENT_DAY.finditer(text, start, end):
            year, month, day = _day_told(found)
            if year is None:  # the year of the report, or the one before for a later month
                year = published[:4] if f"{month:02d}-{day:02d}" <= published[5:] else str(int(published[:4]) - 1)
            stated = f"{year}-{month:02d}-{day:02d}"
            if 1 <= day <= 31 and stated <= published and int(published[:4]) - int(year) <= 1:
                if stated != published:
                    return stated, start, end
                if (start, end) in spans:  # the event's own sentence gives the day of publication
                    return None
    return None


def _happened(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of the first sentence before ``limit`` that names a month and says something
    took place ("... was signed at the Laucala Campus on 7 February 2019")."""
    for month in _MONTH.finditer(text, 0, limit):
        start = max(text.rfind(".", 0, month.start()), text.rfind("\n", 0, month.start())) + 1
        ends = [e for e in (text.find(".", month.end()), text.find("\n", month.end())) if e != -1]
        end = min(ends) if ends else len(text)
        if _HAPPENED.search(text, start, end):
            return [(start, end)]
    return []


def _date_evidence(text: str, document: Document) -> tuple[int, int, int | None]:
    match = re.search(r"^\W*date\W*:.*$", text, re.I | re.M)
    if match:
        return match.start(), match.end(), _page_at(document, match.start())
    return 0, min(len(text), 200), _page_at(document, 0)


def _told_recently(text: str, where: Sequence[Evidence | None]) -> re.Match[str] | None:
    """ "recently", "in recent days" in the sentences that tell of the event, for a report whose
    date is not labelled as the event's ("Date: ...")."""
    if _LABELLED_DATE.search(text):
        return None
    for evidence in where:
        if evidence is not None and (found := _RECENTLY.search(text, evidence.start, evidence.end)):
            return found
    return None


def _dateline(text: str) -> str | None:
    """The date a report gives on a line of its own among its first lines ("2001-09-24", "Tuesday,
    13 December 2016"): when it was written, whatever dates its title gives."""
    for line in text[:600].splitlines()[1:4]:
        if found := _ISO_LINE.fullmatch(line):
            return found.group("date")
        day = _EVENT_DAY.search(line)
        year = day and (day.group("year") or day.group("year2"))
        if day and year and len(line.strip()) <= len(day.group(0)) + 12:  # a weekday at most besides
            _, month, day_of_month = _day_told(day)
            return f"{year}-{month:02d}-{day_of_month:02d}"
    return None


def _year_of_title(text: str, document: Document) -> str | None:
    """The year a report's title calls what it tells by ("... Visits in 2019", "the 2016 Academic
    Audit"), when the report is dated only by the day it was published (a dateline under the title,
    no "Date:" label) in that year, and the title gives no month or day."""
    title_end = text.find("\n")
    title = text[: title_end if title_end != -1 else len(text)]
    if not document.date or _LABELLED_DATE.search(text) or _dateline(text) != document.date:
        return None
    years = _A_YEAR.findall(title)
    if years == [document.date[:4]] and not _MONTH.search(title) and not re.search(r"\d-\d", title):
        return years[0]
    return None


def _next_meeting(text: str, document: Document) -> tuple[int, int] | None:
    """The line announcing the next meeting, when the report's date is the day it gives (minutes
    whose only full date is the next meeting's): (start, end)."""
    for line in _NEXT_MEETING.finditer(text):
        for found in _EVENT_DAY.finditer(text, line.start(), line.end()):
            year = found.group("year") or found.group("year2")
            _, month, day = _day_told(found)
            if year and f"{year}-{month:02d}-{day:02d}" == document.date:
                return line.start(), line.end()
    return None


def _heading_month(text: str) -> str | None:
    """The month and year the report's opening lines give alone ("September 2013"), as "2013-09"."""
    if found := _HEADING_MONTH.search(text, 0, 300):
        return f"{found.group('year')}-{_month_number(found.group('month')):02d}"
    return None
