"""The events a report records -- its visit, meeting, agreement, briefing or report, and the
further ones it narrates (a signing during a visit, a visit by each of several people, a summit
members attended) -- with their dates, visitors, hosts, leaders and places, each field citing the
sentence it comes from. Their dates are read by :mod:`.event_dates`, the people who took part
beyond those a visit sentence names by :mod:`.participants`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..types import Document, Event, Evidence, Mention, RoleClaim
from ..whoswho import same_name
from .event_dates import (
    _EVENT_DAY,
    _IN_MONTH,
    _RECENTLY,
    _completed_date,
    _date_evidence,
    _dateline,
    _headed,
    _heading_date,
    _heading_month,
    _lasted,
    _month_number,
    _next_meeting,
    _own_date,
    _stated_date,
    _stated_month,
    _told_recently,
    _year_of_title,
)
from .mentions import _attendance_blocks
from .participants import (
    _BETWEEN_NAMES,
    _DELEGATION_FROM,
    _DURING_VISIT,
    _joined_by_and,
    _named_from,
    _participants,
    _role_of,
    _same_body,
    _same_words,
    _subjects,
    _taking_part,
    _with_names_repeated,
    _with_the_delegation,
    _with_those_taking_part,
)
from .role_layouts import _table_rows
from .spans import _clean, _line_start, _page_at
from .topics import _agenda_topics, _follow_ups, _own_topics, _topics, _with_headings
from .vocabulary import _EVENT_PARTS, REPRESENTATIVE_LABEL, ROLE_WORDS, _is_role_word

_EVENT_KINDS = (
    ("agreement", re.compile(r"\b(agreement|memorandum|mou|contract)\b", re.I)),
    (
        "visit",
        re.compile(
            r"\b(visits?|visited|delegation|tour|courtesy\s+call|(?:trade|business|study|economic|investment|"
            r"ministerial|fact-finding)\s+mission)\b",
            re.I,
        ),
    ),
    ("briefing", re.compile(r"\b(briefing|roadshow|seminar|forum|summit|conference|workshop)\b", re.I)),
    ("meeting", re.compile(r"\b(minutes|meeting|committee session|board)\b", re.I)),
    ("report", re.compile(r"\b(annual report|report)\b", re.I)),
)
# ("visits" is the verb before its object, not the noun of "regular visits, frequent contact")
_VISIT_VERBS = re.compile(
    r"\b(visited|visits(?!\s*[,.;:)]|\s+(?:and|or|of|to|by|from|in|with|are|were|is|was|have|has)\b)|to visit|"
    r"toured|came to|travelled to|traveled to|paid a visit to|paid a courtesy call on)\b",
    re.I,
)
# "was visited by", "were visited by": the visit told from the place visited
_VISITED_BY = re.compile(r"\s+by\b")
_HOST_VERBS = re.compile(
    r"\b(received|welcomed|hosted|met|accompanied|held\s+(?:a\s+)?(?:meeting|talks)\s+with)\b", re.I
)
# What follows "received" / "welcomed" when it is about guests ("welcomed the idea" is not).
_HOSTED_OBJECT = re.compile(
    r"\s+(?:the\s+|a\s+|our\s+)?(?:visiting\s+)?(?:delegation|mission|visitors?|guests?|party|parties|them|him|her|"
    r"(?:Mr|Ms|Mrs|Dr|Prof)\.?\s|[A-Z][a-z]+\s+[A-Z])"
    # "Vice Mayor Chen Hong met with a delegation from ..." (not "Carmen met with Steve Outridge
    # of ...": a meeting of two, told in minutes)
    r"|\s+with\s+(?:the\s+|a\s+)?(?:visiting\s+)?(?:delegation|mission|visitors|guests)\b",
)
_CAPITALISED_AFTER = re.compile(r"\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w'’-]*)*)")
_PASSIVE_HOST = re.compile(
    # ("They were welcomed at the Shenzhen Municipal Bureau of Commerce by Ms. Li Hua": where, then by whom)
    r"\b(?:(?:were|was|being)\s+|,\s*|\band\s+)(?:\w+ly\s+)?(?:received|welcomed|hosted|met|greeted)"
    r"(?:\s+(?:at|in)\s+[^,.;]{1,80}?)?\s+by\b"
    r"|\bhosts?\s+(?:were|was|included)\b",
    re.I,
)
# "The park hosted a visit by A and B": the hosts before, the visitors after.
_HOSTED_VISIT = re.compile(
    r"\b(?:hosted|received|welcomed)\s+(?:a|the)\s+(?:\w+\s+)?(?:visit|delegation|mission)\s+(?:by|from|of)\b", re.I
)
_WHERE_HOST = re.compile(r",\s*where\s+(?P<who>.+?)\s+(?:received|welcomed|hosted|met|greeted)\b", re.I)
# Where the people a sentence says led a delegation end: at the hosts ("..., where X received
# it", "... and was received by X").
_HOSTS_FOLLOW = re.compile(
    r"\b(?:(?:were|was|being)\s+|,\s*|\band\s+)(?:\w+ly\s+)?(?:received|welcomed|hosted|met|greeted)\b|,\s*where\b"
    r"|\bhosted\s+by\b",
    re.I,
)
# A visitor's role that leads the visiting side: "team leader", "head of delegation", "leader of the mission".
_HEADS_THE_VISIT = re.compile(
    r"(?:(?:team|delegation|mission)\s+)?leader(?:\s+of\s+(?:the\s+)?(?:team|delegation|mission))?"
    r"|head\s+of\s+(?:the\s+)?(?:delegation|mission|team)",
    re.I,
)
_AND_OWN_DELEGATION = re.compile(r",?\s+and\s+(?:his|her|their)\s+(?:delegation|party|entourage)\b", re.I)
_LEAD = re.compile(
    r"\b(?:led|headed)\s+by\b|\bled\s+(?:a|the)\s+(?:[\w-]+\s+){0,3}delegation\b|\bheaded\s+(?:a|the)\s+delegation\b",
    re.I,
)


def _events(
    document: Document,
    mentions: Sequence[Mention],
    sentences: Sequence[tuple[int, int, int | None]],
    roles: Sequence[RoleClaim],
) -> list[Event]:
    """The events a report records: its own (the visit, meeting or agreement) first, then the
    further ones it narrates (:func:`_further_events`)."""
    mentions = _with_names_repeated(document, mentions)
    main = _with_the_delegation(document, mentions, sentences, roles, _main_event(document, mentions, sentences, roles))
    further = _further_events(document, mentions, sentences, roles, main)
    if main.kind == "agreement" and any(e.kind == "agreement" for e in further):
        # "... Sign Exchange Agreement During Wuhan Visit": the signing is told apart, the report's
        # own event is the visit it was signed during
        main = replace(main, kind="visit")
    for signing in (e for e in further if e.kind == "agreement" and main.kind == "visit"):
        if signing.date and main.date and main.date.startswith(signing.date):
            # signed during the visit: its signers took part in the visit, each on their side
            known = {p.name for p in (*main.visitors, *main.hosts)}
            visitors = [*main.visitors, *(p for p in signing.visitors if p.name not in known)]
            hosts = [*main.hosts, *(p for p in signing.hosts if p.name not in known)]
            main = replace(main, visitors=tuple(visitors), hosts=tuple(hosts))
    main = _with_those_taking_part(document, mentions, sentences, roles, main, further)
    if _round_up(document, main, further):
        main, further = _dated_apart(document, main, further)
        if not (main.visitors or main.hosts or main.led_by):  # no visit of its own besides those told
            return further
    elif _tells_nothing(main):
        return further
    return [_own_topics(main, document.text, sentences, further), *further]


# "Our Project Visits in 2019", "Site Visits 2022": a title naming several visits
# (the noun, not a headline's verb: "Minister visits factories")
_VISITS_PLURAL = re.compile(r"\b(?i:visits)(?=\s*(?:$|[:,(–-]|\d|(?i:in|of|to|from|for|during|and|by)\b))")


def _round_up(document: Document, main: Event, further: Sequence[Event]) -> bool:
    """Whether the report is a round-up of visits: its title names visits in the plural ("Our
    Project Visits in 2019") and it tells two or more, each by the people who went or on its day."""
    told = sum(e.kind == "visit" for e in further) + bool(main.visitors or main.hosts)
    return main.kind == "visit" and bool(_VISITS_PLURAL.search(document.title)) and told >= 2


def _dated_apart(document: Document, main: Event, further: Sequence[Event]) -> tuple[Event, list[Event]]:
    """A round-up's visits, each told without its own day known to the year only (the report's
    date line its evidence): not dated by the day another of them or the publication gives."""
    taken = dict(main.evidence).get("date")
    if not main.date or taken is None:
        return main, list(further)
    start, end, page = _date_evidence(document.text, document)
    dated = Evidence(page, start, end)

    year = main.date[:4]

    def to_year(event: Event) -> Event:
        came = dict(event.evidence).get("visitors")
        told = _IN_MONTH.search(document.text, came.start, came.end) if came else None
        date, where = year, dated
        if told and came:  # "Meera visited the school in August": its month
            date, where = (
                f"{told.group('year') or year}-{_month_number(told.group('month')):02d}",
                came,
            )
        return replace(event, date=date, evidence=tuple(sorted({**dict(event.evidence), "date": where}.items())))

    # the main visit keeps a date its own sentences give (who came or received), or the heading above
    told = [e for field, e in main.evidence if field in ("visitors", "hosts", "led_by")]
    came = dict(main.evidence).get("visitors")
    headed = _headed(document.text, document, came)
    if taken not in told and not (headed and headed[1:] == (taken.start, taken.end)):
        main = to_year(main)
    return main, [to_year(e) if dict(e.evidence).get("date") == taken else e for e in further]


def _tells_nothing(main: Event) -> bool:
    """Whether a report tells of no event at all: nothing says visit, meeting or agreement, and
    it has no date, nobody taking part and no place (an annual report's summary, a body's profile)."""
    nobody = not (main.visitors or main.hosts or main.led_by)
    return main.kind == "report" and nobody and not main.date and not main.place


Told = tuple[int, int, int | None]  # a sentence: where it starts and ends, its page


@dataclass
class _TakingPart:
    """Who took part in a report's own event, where it was, and the passages that say so, as its
    sentences are read (:func:`_main_event`)."""

    visitors: list[tuple[str, str]] = field(default_factory=list)
    hosts: list[tuple[str, str]] = field(default_factory=list)
    leaders: list[tuple[str, str]] = field(default_factory=list)
    place: str | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict)

    def cite(self, name: str, start: int, end: int, page: int | None) -> None:
        """The passage that says ``name`` (the first one read)."""
        self.evidence.setdefault(name, Evidence(page, start, end))


def _main_event(
    document: Document,
    mentions: Sequence[Mention],
    sentences: Sequence[tuple[int, int, int | None]],
    roles: Sequence[RoleClaim],
) -> Event:
    """The event the report as a whole records: the visit, meeting or agreement -- who took part
    as its sentences tell (:func:`_read_visit`, :func:`_read_hosts`, :func:`_read_lead`,
    :func:`_read_signers_and_parts`), then as its labels and lists do (:func:`_from_labels_and_lists`),
    its topics, follow-ups and date (:func:`_main_date`)."""
    text = document.text
    kind = _event_kind(document.title, text)
    role_of = _role_of(roles)
    people = [m for m in mentions if m.kind == "person"]
    taking = _TakingPart()
    for start, end, page in sentences:
        sentence = text[start:end]
        inside = [m for m in people if start <= m.start < end]
        _read_visit(text, mentions, taking, sentence, inside, (start, end, page))
        _read_hosts(kind, taking, sentence, inside, (start, end, page))
        _read_lead(text, kind, taking, sentence, inside, (start, end, page))
        _read_signers_and_parts(text, people, kind, taking, sentence, inside, (start, end, page))
    _from_labels_and_lists(document, mentions, roles, kind, taking)
    evidence = taking.evidence
    visiting = {name for name, _ in taking.visitors}

    topics = _topics(text, sentences, evidence)
    if kind == "meeting" and len(headings := _agenda_topics(text, evidence)) >= 2:
        topics = _with_headings(headings, topics)  # minutes' section headings name what was discussed
    follow_ups = _follow_ups(text, sentences, evidence)
    date = _main_date(document, kind, taking)
    return Event(
        date=date,
        kind=kind,
        title=document.title,
        page=document.pages[0].number,
        visitors=_participants(taking.visitors, role_of),
        hosts=_participants((h for h in taking.hosts if h[0] not in visiting), role_of),
        led_by=_participants(taking.leaders, role_of),
        place=taking.place,
        topics=tuple(topics),
        follow_ups=tuple(follow_ups),
        evidence=tuple(sorted(evidence.items())),
    )


def _read_visit(
    text: str, mentions: Sequence[Mention], taking: _TakingPart, sentence: str, inside: list[Mention], told: Told
) -> None:
    """The visitors and the place a visit verb gives: "A visited X", "X was visited by A"."""
    start, end, page = told
    verb = None if taking.visitors else _VISIT_VERBS.search(sentence)
    if verb and _VISITED_BY.match(sentence, verb.end()):
        # "The University of Lagos was visited by a delegation from Leeds led by A": the
        # visitors after "by", the place before the verb
        at = start + verb.end()
        taking.visitors = [(m.text, "person") for m in inside if m.start >= at]
        host_body = [m for m in mentions if m.kind in ("org", "place") and start <= m.start < start + verb.start()]
        if taking.visitors:
            taking.cite("visitors", start, end, page)
        if host_body:
            taking.place = _owner_of(host_body[0], mentions, text)
            taking.cite("place", start, end, page)
    elif verb:
        at = start + verb.start()
        before = [(m.text, "person") for m in inside if m.start < at]
        if not before and verb.group(0).lower() != "to visit":
            # "a delegation of Lingang Innovation Center visited Lianyungang" (not a body whose
            # system lets residents "invite their families to visit": a visit only intended)
            bodies = [(m.text, "org") for m in mentions if m.kind in ("org", "place") and start <= m.start < at]
            before = bodies[-1:]
        if before:
            taking.visitors = before
            taking.cite("visitors", start, end, page)
            target = next(
                (m for m in mentions if m.kind in ("org", "place") and start + verb.end() <= m.start < end), None
            )
            if target:
                taking.place = _owner_of(target, mentions, text)
            elif (untagged := _CAPITALISED_AFTER.match(sentence[verb.end() :])) and not _is_role_word(
                untagged.group("name").split()[0]  # "paid a courtesy call on the President of ...": a person
            ):
                taking.place = untagged.group("name")  # a name NER did not tag
            if taking.place:
                taking.cite("place", start, end, page)


def _read_hosts(kind: str, taking: _TakingPart, sentence: str, inside: list[Mention], told: Told) -> None:
    """The hosts (and the guests, where no visitor is known yet) a sentence names: "X hosted a
    visit by A", "A was received by X", "..., where X received it", "X received Ms. A"."""
    start, end, page = told
    if not taking.hosts and inside:
        if visit := _HOSTED_VISIT.search(sentence):
            # "The park hosted a visit by A and B", "X received a delegation from ... led by A"
            if not taking.visitors:
                taking.visitors = [(m.text, "person") for m in inside if m.start >= start + visit.end()]
                taking.cite("visitors", start, end, page)
            taking.hosts = [(m.text, "person") for m in inside if m.start < start + visit.start()]
        elif passive := _PASSIVE_HOST.search(sentence):
            taking.hosts = [(m.text, "person") for m in inside if m.start >= start + passive.end()]
            guests = [(m.text, "person") for m in inside if m.start < start + passive.start()]
            if not taking.visitors and guests and not _LEAD.search(sentence[: passive.start()]):
                # "A and B were received by X": those before the verb came
                taking.visitors = guests
                taking.cite("visitors", start, end, page)
        elif where := _WHERE_HOST.search(sentence):
            # "... visited the park, where Mr. Henrik Larsen received it"
            taking.hosts = [
                (m.text, "person") for m in inside if start + where.start("who") <= m.start < start + where.end("who")
            ]
        elif (
            (verb := _HOST_VERBS.search(sentence))
            and not _VISIT_VERBS.search(sentence[: verb.start()])
            and _HOSTED_OBJECT.match(sentence[verb.end() :])
        ):
            taking.hosts = [(m.text, "person") for m in inside if m.start < start + verb.start()]
            guests = [(m.text, "person") for m in inside if m.start >= start + verb.end()]
            if not taking.visitors and guests and kind == "visit" and verb.group(0).lower() != "met":
                # "X, director of ..., received Ms. A and Mr. B of ...": the object came
                taking.visitors = guests
                taking.cite("visitors", start, end, page)
        if taking.hosts:
            taking.cite("hosts", start, end, page)


def _read_lead(text: str, kind: str, taking: _TakingPart, sentence: str, inside: list[Mention], told: Told) -> None:
    """Who led the visit or the delegation: "led by A", "A headed a delegation of X with B", "A
    and his delegation"."""
    start, end, page = told
    if not taking.leaders and (own := _AND_OWN_DELEGATION.search(sentence)):
        # "Mr. Zhou Jian, Deputy Director-General of ..., and his delegation visited our center":
        # the name right before leads (and, on a visit, came)
        before = [m for m in inside if m.end <= start + own.start()]
        if before:
            leader = (before[-1].text, "person")
            taking.leaders = [leader]
            taking.cite("led_by", start, end, page)
            if kind == "visit" and leader not in taking.hosts:
                taking.visitors = list(dict.fromkeys([*taking.visitors, leader]))
                taking.cite("visitors", start, end, page)
    if (lead := _LEAD.search(sentence)) and inside:
        after_by = "by" in lead.group(0).lower()
        # the leaders named after "led by" end where the hosts begin ("... and was received by X")
        stop = _HOSTS_FOLLOW.search(sentence, lead.end())
        cut = start + (stop.start() if stop else len(sentence))
        named = [
            (m.text, "person")
            for m in inside
            if ((start + lead.end() <= m.start < cut) if after_by else m.start < start + lead.end())
        ]
        if not after_by and kind == "visit" and re.search(r"\bdelegation\b", lead.group(0), re.I):
            # "Ms. A headed a delegation of the park with B and C": the leader and those with her came
            company = [(m.text, "person") for m in inside if start + lead.end() <= m.start < cut]
            taking.visitors = list(dict.fromkeys([*taking.visitors, *named, *company]))
            taking.cite("visitors", start, end, page)
        if not taking.leaders and named:
            taking.leaders = _joined_by_and(text, [m for m in inside if m.text == named[0][0]][:1], inside)
            taking.cite("led_by", start, end, page)
        if after_by and re.search(r"\bdelegation\b", sentence, re.I):
            # "The delegation was led by X, with A, B and C": all of them came.
            taking.visitors = list(dict.fromkeys([*taking.visitors, *named]))
            taking.cite("visitors", start, end, page)


def _read_signers_and_parts(
    text: str,
    people: Sequence[Mention],
    kind: str,
    taking: _TakingPart,
    sentence: str,
    inside: list[Mention],
    told: Told,
) -> None:
    """Those who signed the agreement, presented to the guests, or a sentence lists by side
    (:func:`_visit_parts`)."""
    start, end, page = told
    if kind == "agreement" and not taking.hosts and (signed := _SIGNERS.search(sentence)):
        # "At the signing ceremony, USST President Ding Xiaodong and Yu Xufeng, Governor of Qingpu
        # District signed a strategic cooperation framework agreement": the parties took part
        taking.hosts = [(m.text, "person") for m in inside if m.end <= start + signed.start()]
        if taking.hosts:
            taking.cite("hosts", start, end, page)
    elif kind == "agreement" and not taking.hosts and (signed_by := _SIGNED_BY.search(sentence)):
        taking.hosts = [(m.text, "person") for m in inside if m.start >= start + signed_by.end()]
        if taking.hosts:
            taking.cite("hosts", start, end, page)
    if kind != "meeting" and (shown := _SHOWN_TO_GUESTS.search(sentence)):
        # "Dr Lu and Vice-President Professor Shen Zexiang introduced to the guests ...": the
        # host side presents to the visitors
        presenters = [(m.text, "person") for m in inside if m.end <= start + shown.start()]
        if presenters:
            taking.hosts = list(dict.fromkeys([*taking.hosts, *presenters]))
            taking.cite("hosts", start, end, page)
    if inside or sentence.rstrip().endswith(":"):
        found = _visit_parts(text, start, end, inside, people)
        taking.visitors = list(dict.fromkeys([*taking.visitors, *found["visitors"]]))
        if found["hosts"] and (not taking.hosts or found["hosts_more"]):
            taking.hosts = list(dict.fromkeys([*taking.hosts, *found["hosts"]]))
        if not taking.leaders and found["led_by"]:
            taking.leaders = found["led_by"]
            taking.cite("led_by", start, end, page)
        for part in ("visitors", "hosts"):
            if found[part]:
                taking.cite(part, start, end, page)


def _from_labels_and_lists(
    document: Document, mentions: Sequence[Mention], roles: Sequence[RoleClaim], kind: str, taking: _TakingPart
) -> None:
    """Who took part as the report's labels, lists and tables say ("Chair: X", "Present: ...",
    "(host)", a table's side column), who chaired, and where the event was held."""
    text = document.text
    people = [m for m in mentions if m.kind == "person"]
    chair = _labelled(text, r"chair(?:ed by)?|chairman|chairwoman|chairperson")
    if chair and not taking.leaders:
        names = [(m.text, "person") for m in people if chair[0] <= m.start < chair[1]]
        if names:
            taking.leaders = names[:1]
            taking.cite("led_by", chair[0], chair[1], _page_at(document, chair[0]))
    parts = _event_parts(text, people)  # "(host)", "(guest)", "(speaker)" after names
    for row in _table_rows(document, mentions):  # | Ms. Ye Qingqing | Director | ... | visitor |
        if row.side:
            parts.setdefault(row.side, []).append((row.person, "person"))
            parts.setdefault("visitors" if row.side == "hosts" else "hosts", [])
    if parts:
        taking.visitors = [*taking.visitors, *parts["visitors"]] if parts["visitors"] else taking.visitors
        taking.hosts = [*taking.hosts, *parts["hosts"]] if parts["hosts"] else taking.hosts
    if not taking.leaders and (acting := _ACTING_CHAIR.search(text)):
        # "The Vice Chairman T. Heaford acted as Chairman": who chaired this meeting
        chaired = [m for m in people if text.rfind("\n", 0, acting.start()) < m.start < acting.start()]
        if chaired:
            taking.leaders = [(chaired[-1].text, "person")]
            taking.cite("led_by", chaired[-1].start, acting.end(), _page_at(document, acting.start()))
    if kind == "meeting":
        # Those the minutes record present took part, whoever a sentence says hosted someone.
        labelled = _all_labelled(text, r"(?:members\s+|also\s+)?(?:present|participants|attendees|in attendance)")
        # the officers the minutes name on a labelled line ("Locum Clerk: Deborah White") were there
        labelled += _all_labelled(text, r"(?:[\w-]+\s+){0,2}?(?:clerk|secretary|minute[- ]taker|minutes\s+taken\s+by)")
        labelled += [(m.start("value"), m.end("value")) for m in _MEMBERS_LINE.finditer(text, 0, 2000)]
        present = [
            (m.text, "person") for a, b in [*labelled, *_attendance_blocks(text)] for m in people if a <= m.start < b
        ]
        if present:
            if "hosts" in taking.evidence and not (parts and parts["hosts"]):
                taking.hosts = []
                del taking.evidence["hosts"]
            for a, b in [*labelled, *_attendance_blocks(text)]:
                taking.cite("hosts", a, b, _page_at(document, a))
            taking.hosts += present
        if not taking.hosts:  # minutes without an attendance list: those they show reporting took part
            for person in people:
                if _REPORTED.match(text, person.end) and text[person.end : person.end + 1] != "'":
                    taking.hosts.append((person.text, "person"))
                    taking.cite("hosts", person.start, person.end, person.page)
    if not taking.leaders:  # "Present: Mr. Fang Jianguo (chair), ..."
        # A chair without a body is this meeting's ("(chair)"); "chair of the Founders Circle" is a position.
        chairs = [
            r
            for r in roles
            if r.role.lower() in ("chair", "chairman", "chairwoman", "chairperson") and not r.organisation
        ]
        if chairs:
            taking.leaders = [(chairs[0].person, "person")]
            taking.cite("led_by", chairs[0].start, chairs[0].end, chairs[0].page)
    if kind == "agreement" and not taking.hosts:
        # "Party A: ... / Legal representative: Prof. X, President": each party's representative
        for a, b in _all_labelled(text, REPRESENTATIVE_LABEL):
            named = [(m.text, "person") for m in people if a <= m.start < b]
            if named:
                taking.hosts += named
                taking.cite("hosts", a, b, _page_at(document, a))
    if not taking.leaders and kind == "visit":
        # "Team: Dr. Grace Mushi (team leader), ...": the visitor whose role is to lead the visiting side
        visiting = {name for name, _ in taking.visitors}
        heads = [r for r in roles if r.person in visiting and _HEADS_THE_VISIT.fullmatch(r.role)]
        if heads:
            taking.leaders = [(heads[0].person, "person")]
            taking.cite("led_by", heads[0].start, heads[0].end, heads[0].page)
    if kind == "meeting" and taking.leaders and taking.hosts:  # whoever chaired a meeting took part in it
        taking.hosts = [*taking.leaders, *taking.hosts]
    if kind == "visit" and taking.leaders and not set(taking.leaders) & set(taking.hosts):
        # whoever led the delegation came
        taking.visitors = list(dict.fromkeys([*taking.leaders, *taking.visitors]))
        if "visitors" not in taking.evidence:
            led = taking.evidence["led_by"]
            taking.cite("visitors", led.start, led.end, led.page)
    if kind == "visit" and not taking.visitors:
        taking.visitors, listed_hosts = _visitors_from_participant_list(document, mentions, roles)
        if taking.visitors:
            taking.hosts = listed_hosts or taking.hosts
            taking.cite("visitors", *_participant_list_span(text, document))
    labelled_place = _labelled(text, r"place|venue|location")
    if labelled_place and not taking.place:
        taking.place = _clean(text[labelled_place[0] : labelled_place[1]])
        taking.cite("place", labelled_place[0], labelled_place[1], _page_at(document, labelled_place[0]))
    elif not taking.place and kind in ("meeting", "briefing", "agreement") and (held := _held_at(text, mentions)):
        # "Held at Publow Memorial Hall at 19:45 on 21st March 2018": minutes say where on their first lines.
        taking.place, start, end = held
        taking.cite("place", start, end, _page_at(document, start))


def _main_date(document: Document, kind: str, taking: _TakingPart) -> str | None:
    """The day (or month, or year) of the report's own event, cited: a heading's, the visit
    sentence's, the minuted month, a recent visit's, the title's year, the report's own date, or
    the sentence's day completed with the report's year."""
    text = document.text
    event_date = document.date
    stated = _stated_date(text, document, [taking.evidence.get(k) for k in ("visitors", "hosts", "led_by")])
    if headed := _headed(text, document, taking.evidence.get("visitors")):
        # "Greenfield Learning Trust, 14 March 2022" / "Meera visited Greenfield Learning Trust."
        event_date, start, end = headed
        taking.cite("date", start, end, _page_at(document, start))
    elif stated is not None:
        # a report dated when it was published ("2019-08-07", no "Date:" label) whose visit
        # sentence says when the visit was ("On 22nd July, ...")
        event_date, start, end = stated
        taking.cite("date", start, end, _page_at(document, start))
    elif next_meeting := _next_meeting(text, document):
        # the report's date is the next meeting's ("Next board meeting – October 9, 2013"): the
        # minuted one is in the month its heading gives ("September 2013"), else unknown
        event_date = _heading_month(text)
        taking.cite("date", *next_meeting, _page_at(document, next_meeting[0]))
    elif document.date and (recent := _told_recently(text, [taking.evidence.get(k) for k in ("visitors", "led_by")])):
        # a report published after the visit, which it tells as recent ("X and a team recently spent
        # a week in Washington"): not on the day of publishing; within its year, or month
        event_date = (_dateline(text) or document.date)[: 4 if recent.group(0).lower() == "recently" else 7]
        taking.cite("date", recent.start(), recent.end(), _page_at(document, recent.start()))
    elif kind != "meeting" and (year := _year_of_title(text, document)):
        # "Our Project Visits in 2019", "Report of the 2016 Academic Audit", published on
        # 2019-12-17: what it tells happened in that year, not on the day it was published
        event_date = year
        taking.cite("date", 0, max(text.find("\n"), 0), _page_at(document, 0))
    elif document.date:
        taking.cite("date", *_date_evidence(text, document))
    elif completed := _completed_date(text, document, taking.evidence.get("visitors") or taking.evidence.get("hosts")):
        # "On October 25th, ... visited ...": the day of the sentence, the year of the report
        event_date, start, end = completed
        taking.cite("date", start, end, _page_at(document, start))
    elif month := _stated_month(text, taking.evidence.get("visitors") or taking.evidence.get("hosts")):
        event_date, start, end = month  # "... visited the port in mid-June 2021": that month
        taking.cite("date", start, end, _page_at(document, start))
    return event_date


# --- further events a report narrates ----------------------------------------------------------

# "participated in the signing of a memorandum", "The agreement, signed by A of X and B of Y",
# "the MOU that was signed last November by P": a signing told inside a report of something else.
_SIGNED = re.compile(r"\bsign(?:ed|ing)\b", re.I)
_AGREEMENT_WORD = re.compile(r"\b(?:agreements?|memorand(?:um|a)|mou|contracts?|accords?|treaty)\b", re.I)
_TELLS = re.compile(
    r"\b(?:reported|presented|noted|said|says|explained|stated|announced|told|recalled|mentioned|added)\b", re.I
)
# "Raj visited Saha Nivasa.", "Priya and I went to Hillview School": a visit the report tells of,
# by whoever is named before the verb.
_PERSON_VISITED = re.compile(r"\b(?i:visited|toured|paid\s+a\s+visit\s+to|went\s+to(?=\s+(?:the\s+)?[A-Z][a-z]))(?!\w)")
# Gatherings a report's people went to: "the Tourism Summit attended by three directors (A, B and
# C)", "stayed back to represent the Chamber at an Education Roundtable".
_GATHERING = (
    r"(?:summit|forum|conference|roundtable|round\s+table|workshop|seminar|symposium|expo|fair|dinner|banquet|"
    r"reception|ceremony)"
)
_ATTENDED_BY = re.compile(rf"\b{_GATHERING}\s+(?:was\s+|were\s+)?attended\s+by\b", re.I)
# "... stayed back to represent the Chamber at an Education Roundtable", "had accepted a formal
# invitation ... to join them for a ceremonial dinner", "Aside from attending the Summit": those
# named before went
_WENT_TO = re.compile(
    rf"\b(?:represent(?:ed|s|ing)?\b[^.;]{{0,60}}?\bat|join(?:ed|ing)?\b[^.;]{{0,40}}?\b(?:for|at|in)|"
    rf"attend(?:ed|ing)?|took\s+part\s+in)\s+(?:a|an|the)\s+(?P<name>(?:[\w-]+\s+){{0,4}}?{_GATHERING})\b",
    re.I,
)
# "After a policy level briefing by the Minister of Health": a briefing the visitors were given
_BRIEFING_BY = re.compile(r"\b(?:a|the)\s+(?:[\w-]+\s+){0,3}?briefing\s+(?:by|from)\b", re.I)
# "went on to convoke a meeting with the Universities UK", "arranged a meeting with the minister"
_MEETING_CONVENED = re.compile(
    r"\b(?:convoked?|convened?|arranged?|organi[sz]ed?|set\s+up)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?meeting\s+with\b",
    re.I,
)
# "A special visit was organized for all participants", "a guided tour of the plant was arranged"
_VISIT_ORGANISED = re.compile(r"\b(?:visit|tour)\s+(?:[\w-]+\s+){0,4}?(?:was|were)\s+(?:organi[sz]ed|arranged)\b", re.I)
# "teams met with the Governors", "the delegation then met the provincial leaders": the visiting
# side (or its groups) met people named by office
_TOUR_MEETING = re.compile(
    r"\b(?:[Ww]e|[Tt]hey|(?:[Tt]he\s+)?(?:\w+\s+)?(?:delegation|group|team|mission|visitors|guests|participants)s?)\s+"
    r"(?:also\s+|then\s+|later\s+)?(?:met(?:\s+with)?|held\s+talks\s+with)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?i:(?:" + "|".join(sorted(ROLE_WORDS)) + r"|official|authorit(?:y|ie))s?)\b"
)
# "the reciprocal visit by Dr Amien Rais in recent days": a visit the other way
_VISIT_BY = re.compile(r"\b(?:reciprocal|return|official|state|working)\s+visit\s+by\b", re.I)
# "X ... will make a presentation ... at its 5 March 2004 meeting": a later meeting with a speaker
_WILL_PRESENT = re.compile(
    r"\bwill\s+(?:make|give|deliver)\s+a\s+(?:presentation|talk|speech|lecture)\b|\bwill\s+(?:present|speak)\b", re.I
)
# In minutes: "The Special Events Committee met prior to the board meeting": a committee's meeting
_BODY_MET = re.compile(
    r"\b(?:committee|sub-?committee|working\s+group|task\s+force|panel|board)\s+(?:had\s+)?met\b(?!\s+with\b)", re.I
)
# "prior to the board meeting", "after the meeting": on the day of the meeting the minutes record
_AROUND_THE_MEETING = re.compile(
    r"\b(?:prior\s+to|before|after|following)\s+(?:the|this|today's)\s+(?:[\w-]+\s+)?meeting\b", re.I
)
# In minutes: "Carmen met with Steve Outridge of ...": a meeting apart from the one minuted.
_MET_WITH = re.compile(r"\bmet\s+with\b", re.I)


def _further_events(
    document: Document,
    mentions: Sequence[Mention],
    sentences: Sequence[tuple[int, int, int | None]],
    roles: Sequence[RoleClaim],
    main: Event,
) -> list[Event]:
    """The events a report narrates besides its own, each from its own sentences: a signing
    during a visit or a meeting (consecutive sentences of one paragraph about it are one
    signing), a visit by people who took no part in the report's own event, a gathering some of
    its people attended or represented their body at, and in minutes a meeting two people held.
    Each has the people its sentences name, the day they give, else the main event's (its month
    when that lasted several days; none for minutes, which report on other occasions)."""
    text = document.text
    people = [m for m in mentions if m.kind == "person"]
    role_of = _role_of(roles)
    # the sentences the report's own event is told in (not those its topics come from)
    used = {(e.start, e.end) for field, e in main.evidence if field not in ("topics", "follow_ups")}
    main_people = [p.name for p in (*main.visitors, *main.hosts, *main.led_by)]
    visiting_bodies = [role_of[p.name].organisation for p in main.visitors if p.name in role_of]
    # "A 12-member delegation from the Mongolian Life Sciences University": the visitors' body
    for sent in _DELEGATION_FROM.finditer(text):
        body = next((m for m in mentions if m.kind == "org" and m.start == sent.end()), None)
        visiting_bodies.append(body.text if body else None)

    def visiting(name: str) -> bool:
        """Whether a person is of the visiting side: a visitor of the report's event, or of the
        visitors' body by a role the report gives them."""
        bodies = [r.organisation for r in roles if r.person == name and r.organisation]
        return any(same_name(name, v.name) for v in main.visitors) or any(
            _same_words(body, b) for body in bodies for b in visiting_bodies if b
        )

    # (kind, sentences, visitors, hosts[, where its day is written])
    found: list[tuple[Any, ...]] = []
    signing_in: int | None = None  # the section of the signing told last
    told_apart = main.kind != "agreement" or _NARRATES_VISIT.search(text, 0, 600)
    for start, end, page in sentences:
        if (start, end) in used:
            continue
        sentence = text[start:end]
        inside = [m for m in people if start <= m.start < end]
        names = [m.text for m in inside]
        if told_apart and (signed := _SIGNED.search(sentence)) and _AGREEMENT_WORD.search(sentence):
            # "Mr. Wei ... reported that the agreement was signed in March": who tells of a signing
            # did not sign
            at = start + signed.start()
            names = [m.text for m in inside if not (m.end < at and _TELLS.search(text, m.end, at))]
            visitors = [n for n in names if visiting(n)]
            hosts = [n for n in names if n not in visitors]
            section = _section_of(text, start, end)
            if found and signing_in == section:  # the same signing told on
                kind, spans, was_visitors, was_hosts = found[-1]
                found[-1] = (kind, [*spans, (start, end, page)], [*was_visitors, *visitors], [*was_hosts, *hosts])
            else:
                found.append(("agreement", [(start, end, page)], visitors, hosts))
            signing_in = section
            continue
        if (verb := _PERSON_VISITED.search(sentence)) and main.kind != "meeting":
            before = [m.text for m in inside if m.end <= start + verb.start()]
            clause = sentence[: verb.start()]
            if not before and (first := _first_name_visiting(text, start, end, sentences, mentions)):
                before = [first]  # "Raj visited Saha Nivasa. He was very moved ...": a first name alone
            # in a round-up of visits, "We visited Kadam on 12 March": one of them, on its day
            we_went = (
                bool(_VISITS_PLURAL.search(document.title))
                and bool(re.search(r"\b[Ww]e\s+(?:also\s+|then\s+|first\s+)?$", clause))
                and bool(_EVENT_DAY.search(text, start, end))
            )
            if (
                (before or we_went)
                and not re.search(r"[;:]|\b(?:and|who|which|where)\s*$", clause)
                and not any(same_name(n, p) for n in before for p in main_people)
            ):
                hosts = []
                if where := _WHERE_HOST.search(sentence):
                    hosts = [m.text for m in inside if start + where.start("who") <= m.start < start + where.end("who")]
                spans = [(start, end, page)]
                if not hosts and (visited := _visited_body(text, start + verb.end(), end, mentions)):
                    # "... the couple behind Saha Nivasa", "Ms. A, director of the school": its people
                    told = _paragraph_of(sentences, text, start)
                    of_it = _people_of_body(text, told, people, roles, visited)
                    hosts = [name for name, _ in of_it]
                    spans += [s for s in dict.fromkeys(where for _, where in of_it) if s[0] != start]
                found.append(("visit", spans, before, hosts))
                continue
        if main.kind == "visit" and (convened := _MEETING_CONVENED.search(sentence)):
            # "he went on to convoke a meeting with the Universities United Kingdom": a meeting the
            # hosts arranged for the visitors, with those named after "with"
            visitors = [p.name for p in main.visitors if p.kind == "person"]
            others = [m.text for m in inside if m.start >= start + convened.end()]
            found.append(("meeting", [(start, end, page)], visitors, others))
            continue
        if main.kind == "visit" and not inside and _TOUR_MEETING.search(sentence) and _lasted(text, main):
            # "At province level, teams met with the Governors and were briefed on ...": on a tour
            # of several days, the visiting side's meeting with officials it names by office only
            found.append(("meeting", [(start, end, page)], [], []))
            continue
        if main.kind != "meeting" and _VISIT_ORGANISED.search(sentence):
            # "A special visit was organised for all participants of the accelerator ...": the
            # paragraph tells it; those the participants heard there hosted it
            stop = text.find("\n\n", start)
            spans = [s for s in sentences if start <= s[0] < (stop if stop != -1 else len(text))]
            heard, _ = _taking_part(text, spans, people, "visit")
            found.append(("visit", spans, [], list(heard)))
            continue
        if visit := _VISIT_BY.search(sentence):
            named = [m.text for m in inside if m.start >= start + visit.end()][:1]
            if named:
                found.append(("visit", [(start, end, page)], named, []))
                continue
        if gathering := (_ATTENDED_BY.search(sentence) or _WENT_TO.search(sentence)):
            after = gathering.re is _ATTENDED_BY
            went = [m.text for m in inside if (m.start >= start + gathering.end()) == after]
            # a named gathering ("the Summit", "the Tourism Summit") the visitors went to is one
            # even when the sentence names none of them
            titled = not after and gathering.group("name")[:1].isupper()
            if went or (titled and main.kind != "meeting"):
                found.append(("briefing", [(start, end, page)], went, []))
                continue
        if (briefing := _BRIEFING_BY.search(sentence)) and main.kind != "meeting":
            by = [m.text for m in inside if m.start >= start + briefing.end()][:1]
            found.append(("briefing", [(start, end, page)], [], by))
            continue
        if (speaker := _WILL_PRESENT.search(sentence)) and (day := _EVENT_DAY.search(text, start + speaker.end(), end)):
            speakers = [m.text for m in inside if m.end <= start + speaker.start()][-1:]
            if speakers:  # dated by the day after "will present" ("at its 5 March 2004 meeting")
                found.append(("meeting", [(start, end, page)], speakers, [], day.start()))
                continue
        if main.kind == "meeting" and (met := _MET_WITH.search(sentence)) and len(inside) >= 1:
            met_by = [m.text for m in inside if m.end <= start + met.start() or m.start >= start + met.end()]
            if met_by:
                found.append(("meeting", [(start, end, page)], [], met_by))
                continue
        if main.kind == "meeting" and _BODY_MET.search(sentence):
            # "The Special Events Committee met prior to the board meeting to discuss ...": a
            # committee's own meeting, told in the minutes of another
            found.append(("meeting", [(start, end, page)], [], [m.text for m in inside]))
    # a signing without a signer named is part of the narrative ("the delegation signed several
    # cooperation memorandums"), not an event told apart
    found = [item for item in found if item[0] != "agreement" or item[2] or item[3]]
    return [_further_event(document, main, role_of, *item) for item in found]


# A first name alone, the subject that starts a sentence: "Raj visited ...", "Bhavna toured ..."
_FIRST_NAME_VISITED = re.compile(
    r"(?P<name>[A-Z][a-z]{2,})(?P<writer>\s+and\s+I)?\s+(?:visited|toured|paid\s+a\s+visit\s+to|went\s+to)\b"
)
# how a report goes on about a person: "He was very moved", "..., where she also sponsors a child"
_PERSONAL_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im|[Hh]imself|[Hh]erself)\b")


def _first_name_visiting(
    text: str, start: int, end: int, sentences: Sequence[tuple[int, int, int | None]], mentions: Sequence[Mention]
) -> str | None:
    """The first name alone that a sentence starts with as the one who visited ("Raj visited Saha
    Nivasa."), where the report goes on about them as he or she (in that sentence or the next):
    reports of volunteers and staff name their own people so, after a first introduction or none.
    One the writer went with ("Priya and I went to ...") is a person too."""
    found = _FIRST_NAME_VISITED.match(text, start)
    if not found or any(m.start <= found.start() < m.end for m in mentions):
        return None  # a body or a place the recogniser knows ("Asha visited ...")
    if found.group("writer"):
        return found.group("name")
    following = [(s, e) for s, e, _ in sentences if s >= end][:1]
    if _PERSONAL_PRONOUN.search(text, found.end(), end) or any(
        _PERSONAL_PRONOUN.match(text, s) for s, _ in following if not text[end:s].count("\n") > 2
    ):
        return found.group("name")
    return None


def _visited_body(text: str, position: int, end: int, mentions: Sequence[Mention]) -> str | None:
    """The body or place a visit verb ending at ``position`` has for its object."""
    target = next((m for m in mentions if m.kind in ("org", "place") and position <= m.start < end), None)
    if target is not None and re.fullmatch(r"\s+(?:the\s+)?", text[position : target.start]):
        return target.text
    untagged = _CAPITALISED_AFTER.match(text, position, end)
    return untagged.group("name") if untagged else None


def _paragraph_of(
    sentences: Sequence[tuple[int, int, int | None]], text: str, start: int
) -> list[tuple[int, int, int | None]]:
    """The sentences from the one at ``start`` to the end of its paragraph."""
    stop = text.find("\n\n", start)
    return [s for s in sentences if start <= s[0] < (stop if stop != -1 else len(text))]


# "Mr. A and Ms. B, the couple behind Saha Nivasa", "X, the founder of the school": who a body is
_PEOPLE_OF = (
    r",\s*(?:the|its|their)\s+(?:[\w-]+\s+){0,3}?(?:behind|of|at|running|who\s+runs?|who\s+founded)\s+(?:the\s+)?"
)


def _people_of_body(
    text: str,
    spans: Sequence[tuple[int, int, int | None]],
    people: Sequence[Mention],
    roles: Sequence[RoleClaim],
    body: str,
) -> list[tuple[str, tuple[int, int, int | None]]]:
    """The people ``spans`` name as of ``body``: by a role the report gives them there, or by
    what they are to it ("the couple behind ...")."""
    found: list[tuple[str, tuple[int, int, int | None]]] = []
    for start, end, page in spans:
        inside = [m for m in people if start <= m.start < end]
        for of_body in re.finditer(_PEOPLE_OF + re.escape(body) + r"\b", text[:end]):
            if of_body.start() >= start:
                found += [(m.text, (start, end, page)) for m in _subjects(text, of_body.start(), inside)]
        found += [
            (r.person, (start, end, page))
            for r in roles
            if start <= r.start < end and r.organisation and _same_body(r.organisation, body)
        ]
    first: dict[str, tuple[int, int, int | None]] = {}
    for name, where in found:
        first.setdefault(name, where)  # each person once, with the first sentence naming them so
    return list(first.items())


def _section_of(text: str, start: int, end: int) -> int:
    """Where the paragraph holding a sentence starts; a heading line ("Formal Exchange Agreement
    Signed") belongs to the paragraph under it."""
    line_start = _line_start(text, start)
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end != -1 else len(text)].strip()
    if line and len(line) < 100 and line[-1] not in ".!?:;" and line_end != -1:
        return text.find("\n\n", line_end) + 1 if text.startswith("\n\n", line_end) else line_end + 1
    return text.rfind("\n\n", 0, start)


# The opening of a report that tells of a visit: "A 12-member delegation ... conducted a visit".
_NARRATES_VISIT = re.compile(r"\b(?:delegation|mission|trip)\b|\bvisit(?:ed|s)?\b|\bstudy\s+tour\b", re.I)


def _further_event(
    document: Document,
    main: Event,
    role_of: dict[str, RoleClaim],
    kind: str,
    spans: list[tuple[int, int, int | None]],
    visitors: list[str],
    hosts: list[str],
    day_at: int | None = None,
) -> Event:
    """One further event from its sentences and people (:func:`_further_events`)."""
    text = document.text
    start, end, page = spans[0]
    evidence: dict[str, Evidence] = {}
    if visitors:
        evidence["visitors"] = _naming(text, spans, visitors)
    if hosts:
        evidence["hosts"] = _naming(text, spans, hosts)
    date = _own_date(text, [(max(s, day_at or s), e, p) for s, e, p in spans], main, document)
    if date is not None:
        evidence["date"] = Evidence(page, start, end)
    elif headed := _heading_date(text, start, main.date or document.date):
        # "Saha Nivasa, 14 March 2019" / "Raj visited Saha Nivasa.": its section's heading dates it
        date, heading_start, heading_end = headed
        evidence["date"] = Evidence(page, heading_start, heading_end)
    elif (written := _dateline(text) or document.date) and any(_RECENTLY.search(text, s, e) for s, e, _ in spans):
        date = written[:7]  # "in recent days": the month the report was written (its dateline's)
        evidence["date"] = Evidence(page, start, end)
    elif kind == "visit" and _VISIT_BY.search(text, start, end):
        date = None  # a visit the other way is not told inside the report's own
    elif main.kind == "meeting" and main.date and _AROUND_THE_MEETING.search(text, start, end):
        date = main.date  # "met prior to the board meeting": the day (or month) of the minuted one
        if (main_date := dict(main.evidence).get("date")) is not None:
            evidence["date"] = main_date
    elif main.kind != "meeting" and main.date:
        # told inside the report's own event: on its day, or in its month when it lasted several days
        main_date = dict(main.evidence).get("date")
        date = main.date[:7] if _lasted(text, main) else main.date
        if main_date is not None:
            evidence["date"] = main_date
    topics = _topics(text, spans, evidence)
    return Event(
        date=date,
        kind=kind,
        title=document.title,
        page=page,
        visitors=_participants(((n, "person") for n in visitors), role_of),
        hosts=_participants(((n, "person") for n in hosts if n not in visitors), role_of),
        topics=tuple(topics),
        evidence=tuple(sorted(evidence.items())),
    )


def _naming(text: str, spans: list[tuple[int, int, int | None]], names: list[str]) -> Evidence:
    """The first of an event's sentences that names one of ``names`` (by its last word: a name
    resolved to its full form may be written short), else its first sentence."""
    for start, end, page in spans:
        if any(name.split()[-1] in text[start:end] for name in names):
            return Evidence(page, start, end)
    start, end, page = spans[0]
    return Evidence(page, start, end)


# "A and B signed a strategic cooperation framework agreement"
_SIGNERS = re.compile(
    r"\bsigned\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,5}?(?:agreement|memorandum|contract|mou|accord|treaty)\b", re.I
)
# "The MoU was signed by Prof. A, Vice-Chancellor of X, and Prof. B, ...": the signers after "by"
_SIGNED_BY = re.compile(r"\b(?:was|were|been|being)\s+(?:\w+ly\s+)?signed\s+by\b", re.I)
# "X introduced to the guests ...", "X presented the institute's projects to the international guests"
_SHOWN_TO_GUESTS = re.compile(
    r"\b(?:introduced|presented|explained|demonstrated|showed|briefed)\b[^.;]{0,120}?\b(?:to|for)\s+the\s+"
    r"(?:\w+\s+)?(?:guests|delegation|visitors)\b",
    re.I,
)
# "paid a courtesy call on X", "visited Mayor X": the people visited are the hosts.
_CALLED_ON = re.compile(
    r"\b(?:visited|(?:pay|pays|paid|paying)\s+(?:a\s+)?(?:courtesy\s+)?(?:call|visit)\s+(?:on|to)|"
    r"call(?:ed|s)?\s+on|courtesy\s+call\s+on)\s+",
    re.I,
)
# "We met with X", "the delegation also met X", "we were fortunate to meet with X": those met by
# the visiting side hosted it.
_SIDE_MET = re.compile(
    r"\b(?:we|the\s+(?:\w+\s+)?(?:delegation|group|team|mission|visitors|guests)|they)\s+(?:also\s+|then\s+|later\s+)?"
    r"(?:met(?:\s+with)?|called\s+on|held\s+talks\s+with|(?:were|was)\s+(?:\w+ly\s+)?(?:received|hosted|welcomed)\s+by|"
    r"(?:were|was)\s+(?:\w+\s+){0,2}?to\s+meet(?:\s+with)?)\s+",
    re.I,
)
# "A visited the Aldmoor Innovation Hub and met its director, Mr. Tom Reyes": those met there hosted
_VISITED_AND_MET = re.compile(r"\bvisited\s+[^.;]{1,80}?\s+and\s+(?:also\s+)?met(?:\s+with)?\s+", re.I)
# "Ferguson sat down for a fireside chat with X": those the visitor talked with hosted him
_SAT_WITH = re.compile(
    r"\bsat\s+down\s+(?:for\s+an?\s+(?:[\w-]+\s+){0,2}?(?:chat|talk|conversation|discussion|interview)\s+)?with\s+",
    re.I,
)
# "X and his delegation", "Director X and her team", "Ferguson and a team from GDS": X led those who came.
_AND_DELEGATION = re.compile(
    r"^\s+and\s+(?:(?:his|her|their)\s+(?:[\w-]+\s+)?(?:delegation|team|entourage)\b|"
    r"an?\s+(?:delegation|team|mission)\s+(?:from|of)\b)",
    re.I,
)
_TITLE_BEFORE_TEAM = re.compile(r",\s*[^,.;()]{2,60}?(?=\s+and\s+(?:his|her|their)\s)")
# "X was invited as Head of Delegation", "X, leader of the delegation"
_DELEGATION_HEAD = re.compile(
    r"^[^.;]{0,80}?\b(?:as|,)\s+(?:the\s+)?(?:head|leader|chief)\s+of\s+(?:the\s+)?delegation\b", re.I
)
# "A and B attended the meeting" (in a visit report: the host side's others who took part)
_ATTENDED = re.compile(
    r"\b(?:also\s+)?attended\s+(?:the|this)\s+(?:\w+\s+)?(?:meeting|talks|discussion|reception|banquet)\b", re.I
)
# "The members of the mission were:", "The delegation comprised ...", "Accompanying the
# delegation were ...", "Team: ...": the people named next came.
_DELEGATION_MEMBERS = re.compile(
    r"\b(?:members\s+of\s+the\s+(?:\w+\s+)?(?:delegation|mission|team)|(?:delegation|mission|team)\s+"
    # ("Team members: Dr. Grace Osei; Mr. Kofi Boateng (Head, Engineering); ...")
    r"(?:(?:also\s+)?(?:comprised|consisted\s+of|included)|was\s+composed\s+of|members\s+were|members(?=\s*:))"
    r"|accompanying\s+the\s+(?:\w+\s+)?(?:delegation|mission)\s+(?:were|was)"
    # a label opening the list: "Team: Dr. Grace Mushi (team leader), Mr. Daniel Mrema (pharmacist)"
    r"|^\W*(?:team|delegation|mission)(?=\s*:))\b",
    re.I,
)

# "President Robert Keen reported that ...", "Chief Financial Officer Daniel Greenlee: (a) gave ..."
_REPORTED = re.compile(
    r"\s*(?::\s*(?:\(\w\)\s*)?)?(?:also\s+)?(?:reported|presented|gave|explained|updated|moved|seconded|proposed|"
    r"informed|outlined|summari[sz]ed|introduced|noted|stated)\b"
)
# "The Vice Chairman T. Heaford acted as Chairman", "Ms. X took the chair", "X presided".
_ACTING_CHAIR = re.compile(
    r"\b(?:acted\s+as|took\s+the|was\s+in\s+the)\s+(?:chair|chairman|chairwoman|chairperson)\b|\bpresided\b", re.I
)
# The opening line of minutes listing the members present by their office: "Councillors S.
# Grimes, T. Heaford, J Kelly." (not a line of apologies).
_MEMBERS_LINE = re.compile(
    r"^\W*(?:[A-Z][\w-]*\s+){0,2}?(?i:councillors|councilors|members|directors|trustees|governors|senators|"
    r"commissioners|aldermen)\b:?\s+(?P<value>[A-Z](?![^\n]*\b(?:apolog\w*|absent)\b)[^\n]*)$",
    re.M,
)


def _visit_parts(
    text: str, start: int, end: int, inside: Sequence[Mention], people: Sequence[Mention]
) -> dict[str, list[tuple[str, str]]]:
    """Visitors, hosts and leaders one sentence of a visit report names in shapes institutions
    write them: the people called on, those the visiting side met, "X and his delegation", "as
    Head of Delegation", "during his visit", "A and B attended the meeting", the delegation's
    members listed after "members of the mission were:". ``hosts_more``: hosts that add to those
    found before (the visiting side met several people)."""
    sentence = text[start:end]
    found: dict[str, list[tuple[str, str]]] = {"visitors": [], "hosts": [], "led_by": [], "hosts_more": []}
    for pattern in (_CALLED_ON, _SIDE_MET, _SAT_WITH, _VISITED_AND_MET):
        if (verb := pattern.search(sentence)) and (named := _named_from(text, start + verb.end(), inside)):
            found["hosts"] += named
            if pattern in (_SIDE_MET, _VISITED_AND_MET):
                found["hosts_more"] += named
    for person in inside:
        after = text[person.end : end]
        # "His Excellency X, New Zealand High Commissioner and his team": a title between
        if (title := _TITLE_BEFORE_TEAM.match(after)) and _BETWEEN_NAMES.match(title.group(0)):
            after = after[title.end() :]
        if (person.text, "person") in found["hosts"]:
            continue  # "a courtesy call on His Excellency X and his team": X's team received them
        if _AND_DELEGATION.match(after) or _DELEGATION_HEAD.match(text[person.end : end]):
            found["led_by"].append((person.text, "person"))
            found["visitors"].append((person.text, "person"))
    if during := _DURING_VISIT.search(sentence):
        before = [m for m in inside if m.end <= start + during.start()]
        if before:
            found["visitors"].append((before[-1].text, "person"))
    if attended := _ATTENDED.search(sentence):
        # (from the clause's start: a sentence the splitter missed ends at ". " before a capital)
        stops = [
            b.end()
            for b in re.finditer(r"[.;]\s*(?=[A-Z])", sentence[: attended.start()])
            if not re.search(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Hon)|\b[A-Z])$", sentence[: b.start()])
        ]
        clause = start + (stops[-1] if stops else 0)
        attending = [(m.text, "person") for m in inside if clause <= m.start and m.end <= start + attended.start()]
        found["hosts"] += attending
        found["hosts_more"] += attending
    if members := _DELEGATION_MEMBERS.search(sentence):
        listed = [m for m in inside if m.start >= start + members.end()]
        if not listed and sentence.rstrip().endswith(":"):  # the list is the paragraph that follows
            stop = text.find("\n\n", end + 2)
            listed = [m for m in people if end <= m.start < (stop if stop != -1 else len(text))]
        found["visitors"] += [(m.text, "person") for m in listed]
    return found


# A line naming one side: "Hosts (Boston): Mayor Michelle Wu; Ms. Ana Ruiz, ...", "Visiting delegation: ..."
_SIDE_LABEL = re.compile(
    r"^\W*(?:(?P<hosts>hosts?|host\s+side|receiving\s+side)|(?P<visitors>visitors?|visiting\s+(?:side|delegation)|guests?)"
    # "Participants (Kyoto):" beside "Hosts (Boston):" -- the other side
    r"|(?P<other>participants|delegation|delegates|attendees)(?=\s*\())"
    r"\s*(?:\([^()\n]{1,40}\))?\s*:",
    re.I | re.M,
)


def _event_parts(text: str, people: Sequence[Mention]) -> dict[str, list[tuple[str, str]]]:
    """People marked "(host)", "(guest)" or "(speaker)" in an attendance list, or named on a line
    labelled with their side ("Hosts (Boston): ..."), by part."""
    found: dict[str, list[tuple[str, str]]] = {"visitors": [], "hosts": []}
    for person in people:
        line_end = text.find("\n", person.end)
        rest = text[person.end : line_end if line_end != -1 else len(text)]
        marks = re.findall(r"\(([^()]{2,20})\)\s*$", rest)
        if marks and (part := _EVENT_PARTS.get(marks[-1].strip().lower())):
            found[part].append((person.text, "person"))
    labels = list(_SIDE_LABEL.finditer(text))
    for label in labels:
        side = "hosts" if label.group("hosts") else "visitors"
        if label.group("other") and not any(other.group("hosts") for other in labels):
            continue  # the side of "Participants (Kyoto):" is known only beside the hosts'
        line_end = text.find("\n", label.end())
        found[side] += [
            (m.text, "person") for m in people if label.end() <= m.start < (line_end if line_end != -1 else len(text))
        ]
    return found if found["visitors"] or found["hosts"] else {}


_PARTICIPANTS_HEADING = re.compile(r"^\W*(participants|delegation members|attendance|who took part)\W*$", re.I | re.M)


def _participant_list_span(text: str, document: Document) -> tuple[int, int, int | None]:
    heading = _PARTICIPANTS_HEADING.search(text)
    start = heading.start() if heading else 0
    end = text.find("\n\n", start)
    return start, end if end != -1 else len(text), _page_at(document, start)


def _visitors_from_participant_list(
    document: Document, mentions: Sequence[Mention], roles: Sequence[RoleClaim]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A visit report without a "X visited Y" sentence but with a list of participants, one a
    line, and the visiting body in its title: those of that body visited, the others hosted.
    A participant whose line names no organisation belongs to the one listed just before."""
    text = document.text
    heading = _PARTICIPANTS_HEADING.search(text)
    title_end = text.find("\n")
    guest_bodies = [m.text for m in mentions if m.kind == "org" and m.start < max(title_end, 0)]
    if heading is None or not guest_bodies:
        return [], []
    start, end, _ = _participant_list_span(text, document)
    organisation_of = {r.person: r.organisation for r in roles}
    visitors: list[tuple[str, str]] = []
    hosts: list[tuple[str, str]] = []
    previous: str | None = None
    for person in (m for m in mentions if m.kind == "person" and start <= m.start < end):
        organisation = organisation_of.get(person.text) or previous
        previous = organisation
        guest = organisation is not None and any(same_name(organisation, body) for body in guest_bodies)
        (visitors if guest else hosts).append((person.text, "person"))
    return visitors, hosts


def _event_kind(title: str, text: str) -> str:
    for kind, pattern in _EVENT_KINDS:
        if pattern.search(title):
            return kind
    head = text[:400]
    for kind, pattern in _EVENT_KINDS:
        if pattern.search(head):
            return kind
    return "report"


_HELD_AT = re.compile(r"\b(?:was\s+|were\s+)?held\s+(?:at|in)\s+(?:the\s+)?", re.I)


def _held_at(text: str, mentions: Sequence[Mention]) -> tuple[str, int, int] | None:
    """The place a meeting was held at, from the first "held at/in <place>" of the report's
    opening (its first 1,500 characters): (place, sentence start, sentence end)."""
    for match in _HELD_AT.finditer(text, 0, 1500):
        place = next((m for m in mentions if m.kind in ("place", "org") and 0 <= m.start - match.end() <= 1), None)
        if place is not None:
            start = _line_start(text, match.start())
            end = text.find("\n", place.end)
            return place.text, start, end if end != -1 else len(text)
    return None


def _labelled(text: str, labels: str) -> tuple[int, int] | None:
    """The value of the first labelled line ("Chair: Liu Fang, ..."), as offsets."""
    found = _all_labelled(text, labels)
    return found[0] if found else None


def _all_labelled(text: str, labels: str) -> list[tuple[int, int]]:
    return [
        (match.start("value"), match.end("value"))
        for match in re.finditer(rf"^\W*(?:{labels})\W*:\**\s*(?P<value>.+)$", text, re.I | re.M)
    ]


def _owner_of(target: Mention, mentions: Sequence[Mention], text: str) -> str:
    """ "the Overseas Affairs Department of Lingang Innovation Center" -> Lingang Innovation Center."""
    link = re.match(r"\s+of\s+(?:the\s+)?", text[target.end : target.end + 10])
    if link:
        owner = next((m for m in mentions if m.kind in ("org", "place") and m.start == target.end + link.end()), None)
        if owner:
            return owner.text
        named = re.match(
            r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", text[target.end + link.end() : target.end + link.end() + 80]
        )
        if named:
            return named.group(0).strip()
    return target.text


# --- who took part, by what they did and whose body they are of -------------------------------
