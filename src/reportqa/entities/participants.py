"""Who took part in a report's events beyond those a visit sentence names: people shown
presenting, speaking, thanked or accompanying, the delegation's members, and which side --
visitors or hosts -- each is on by whose body they are of."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..types import Document, Event, Evidence, Mention, Participant, RoleClaim
from ..whoswho import same_name
from .spans import _line_start, _page_at
from .vocabulary import _ROLE_MODIFIERS, ROLE_WORDS

_DELEGATION_FROM = re.compile(r"\b(?:delegation|mission|visitors|guests)\s+(?:from|of)\s+(?:the\s+)?", re.I)


def _same_words(a: str, b: str) -> bool:
    """Two bodies' names with the same words in any order ("Mongolian Life Sciences University",
    "Mongolian University of Life Sciences")."""
    words = [{w for w in re.findall(r"\w+", n.lower()) if w not in ("of", "the", "and", "for")} for n in (a, b)]
    return len(words[0]) >= 2 and words[0] == words[1]


def _role_of(roles: Sequence[RoleClaim]) -> dict[str, RoleClaim]:
    """Each person's claim in the report: the first with an organisation, else the first."""
    role_of: dict[str, RoleClaim] = {}
    for claim in roles:
        if claim.person not in role_of or (claim.organisation and not role_of[claim.person].organisation):
            role_of[claim.person] = claim
    return role_of


def _participants(names: Iterable[tuple[str, str]], role_of: dict[str, RoleClaim]) -> tuple[Participant, ...]:
    """(name, kind) pairs as participants, each once, people with the role this report gives them."""
    found = []
    for name, kind in dict.fromkeys(names):
        claim = role_of.get(name) if kind == "person" else None
        found.append(Participant(name, kind, claim.role if claim else None, claim.organisation if claim else None))
    return tuple(found)


# "... signs the guest book during his courtesy call": the one named last before it came.
_DURING_VISIT = re.compile(r"\bduring\s+(?:his|her|their)\s+(?:\w+\s+){0,2}?(?:visit|call|stay|tour|trip)\b", re.I)


# Words that may stand between people named in a row: titles, honorifics, their bodies.
_BETWEEN_NAMES = re.compile(
    r"^(?:[\s,;]|(?:and|the|of|for|in|at|on|to|his|her|its|their|our|old|friend|excellency|hon|honourable|h\.\s?e)\b\.?|"
    r"[A-Z][\w’'.&№-]*|\d+[A-Z][\w-]*|\([^()]{0,40}\)|(?:" + "|".join(sorted(ROLE_WORDS | _ROLE_MODIFIERS)) + r")\b)*$",
)


def _named_from(text: str, position: int, people: Sequence[Mention]) -> list[tuple[str, str]]:
    """The people named in a row from ``position``: the first with only titles and honorifics
    before it, then each following one after a comma or "and" (and its title and body)."""
    named: list[tuple[str, str]] = []
    for person in (m for m in people if m.start >= position):
        gap = text[position : person.start]
        if len(gap) > 160 or not _BETWEEN_NAMES.match(gap) or (named and not re.search(r",|\band\b", gap)):
            break
        named.append((person.text, "person"))
        position = person.end
    return named


def _joined_by_and(text: str, first: Sequence[Mention], people: Sequence[Mention]) -> list[tuple[str, str]]:
    """ "Led by Professors A and B": the first person and those joined to it by "and"."""
    if not first:
        return []
    named = [first[0]]
    for person in (m for m in people if m.start > first[0].start):
        if not re.fullmatch(
            r"\s*(?:,\s*)?and\s+(?:(?:Mr|Mrs|Ms|Dr|Prof|Professor)\.?\s+)?", text[named[-1].end : person.start]
        ):
            break
        named.append(person)
    return [(m.text, "person") for m in named]


# "Chairman Wang Xin provided an overview of ...", "Dr Dai, Deputy Director of X, introduced a
# series of programmes", "Marianne gave a detailed overview": a person shown presenting in a
# visit took part in it
_PRESENTED = re.compile(
    r"(?:introduced|presented|explained|demonstrated|detailed|outlined|described|showed|guided|briefed|"
    r"(?:gave|provided|delivered|made)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:overview|presentation|introduction|"
    r"briefing|talk|speech|lecture|tour|demonstration|account))\b",
    re.I,
)


# a speech at a signing ceremony: "Zhao Huiqin, Secretary of the District Committee, pointed out"
_SPOKE = re.compile(
    r"(?:pointed\s+out|said|stated|noted|remarked|emphasi[sz]ed|stressed|expressed|hoped|addressed|"
    r"(?:gave|delivered|made)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:speech|address|remarks))\b",
    re.I,
)


# the speakers of a roadshow or seminar: "X reported on the sub-center", "Y announced that ..."
_REPORTED_ON = re.compile(r"(?:reported\s+on|announced|spoke\s+(?:on|about))\b", re.I)


# What may stand between a subject and its verb: a note in brackets, "of <body>", a title between
# commas, an adverb ("Director Zhang Xiaofei of International Cooperation, GXSTD, detailed").
_SUBJECT_GAP = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:(?:of|from|at)\s+[^.;,]{1,80}?)?(?:,[^.;]{1,150}?,)?\s*,?\s*"
    r"(?:(?:also|then|further|later|first|briefly|warmly|kindly)\s+)*"
)


# "we heard from Peter White of the LEDC", "participants were able to hear the experience of X":
# those the visitors heard spoke to them
_HEARD_FROM = re.compile(
    r"\b(?:heard|hear|hearing|listened\s+to)\s+(?:from\s+|the\s+(?:[\w-]+\s+){0,3}?(?:experience|story|views?|"
    r"insights?|presentation|talk|account)\s+of\s+)",
    re.I,
)


# "On behalf of the school, Wu Jianyong, Secretary of ..., thanked ...": who speaks for a party
_ON_BEHALF = re.compile(r"\bon\s+behalf\s+of\s+[^,.;]{1,80},\s*", re.I)


# "thank our hosts, the Speaker ..., the Hon. A, Dr B of the DPR and Dr C who accompanied us"
_OUR_HOSTS = re.compile(r"\bour\s+(?:\w+\s+)?hosts?\s*,\s*", re.I)


# "his staff Mr Joon Kim and Mrs Rijin Kim who also accompanied us"
_ACCOMPANIED_US = re.compile(r"\bwho\s+(?:also\s+)?(?:accompanied|escorted|guided|looked\s+after)\s+(?:us|them)\b")


# "I would also like to thank Ambassador X", "we pay tribute to A and B": those the visiting side
# thanks, writing in the first person, looked after it
_WE_THANK = re.compile(
    r"\b(?:I|we)\s+(?:would\s+(?:also\s+)?like\s+to\s+|wish\s+to\s+|also\s+|must\s+)?(?:(?:warmly|sincerely|"
    r"especially|also)\s+)?(?:thank|pay\s+tribute\s+to)\s+"
)


# A report written by the visiting side: "our visit", "our hosts", "our group split", "we were
# hosted by", "we visited", "leading a team of ..."
_WE_CAME = re.compile(
    r"\b[Oo]ur\s+(?:[\w-]+\s+)?(?:visit|hosts?|stay|trip|tour|delegation|group|team|mission)\b|"
    r"\b[Ww]e\s+(?:\w+\s+){0,2}?(?:visited|toured|travelled|traveled|arrived|were\s+(?:\w+\s+)?(?:hosted|received|welcomed))\b|"
    r"\b(?:I|my)\b[^.;]{0,80}?\b(?:lead|leading|led)\s+(?:a|an|the|our)\s+(?:[\w-]+\s+){0,3}?(?:delegation|team|mission)\b"
)


# "Two branches of the department were represented by A and B"
_REPRESENTED_BY = re.compile(r"\b(?:was|were)\s+represented\s+by\s+", re.I)


# a caption: "A (centre) and B (right) observe as C signs the guest book", "A receives a gift from C"
_LOOK_ON = re.compile(
    r"\b(?:observes?|looks?\s+on|look\s+on|watch(?:es)?)\s+as\b|\breceives?\s+an?\s+\w*\s*(?:gift|souvenir|token|plaque)\s+from\b",
    re.I,
)


# "I am delighted with the opportunity of leading a team of Vice-Chancellors", "it was my
# privilege to lead a parliamentary delegation": the one writing led it
_I_LED = re.compile(
    r"\b(?:I|my|me)\b[^.;]{0,80}?\b(?:lead|leading|led|head|heading|headed)\s+(?:a|an|the|our)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:delegation|team|mission|group)\b"
)


# an envoy is posted among the hosts but speaks for the visitors' country: no side from a caption
_ENVOY = re.compile(r"\b(?:ambassador|consul|high\s+commissioner|envoy|charg[eé])", re.I)


def _subjects(text: str, verb_start: int, inside: Sequence[Mention]) -> list[Mention]:
    """The people a verb at ``verb_start`` has for its subject: the one named just before it (with
    a title, body or note between), and those joined to it by "and" or a comma."""
    before = [m for m in inside if m.end <= verb_start]
    if not before or not _SUBJECT_GAP.fullmatch(text, before[-1].end, verb_start):
        return []
    subjects = [before[-1]]
    for person in reversed(before[:-1]):
        gap = text[person.end : subjects[-1].start]
        if not (re.search(r",|\band\b", gap) and _BETWEEN_NAMES.match(gap)) or len(gap) > 80:
            break
        subjects.append(person)
    return subjects[::-1]


def _taking_part(
    text: str, sentences: Sequence[tuple[int, int, int | None]], people: Sequence[Mention], kind: str
) -> tuple[dict[str, tuple[int, int, int | None]], dict[str, tuple[int, int, int | None]]]:
    """People a visit or signing report shows taking part by what they did, with the sentence:
    (side unknown: presenters, those heard, speakers at a signing, those in a caption with the
    visitor; hosts: "our hosts, ...", "who accompanied us")."""
    unknown: dict[str, tuple[int, int, int | None]] = {}
    hosting: dict[str, tuple[int, int, int | None]] = {}
    we_came = bool(_WE_CAME.search(text))  # the report is written by the visitors
    for start, end, page in sentences:
        inside = [m for m in people if start <= m.start < end]
        if not inside:
            continue
        where = (start, end, page)
        found: list[Mention] = []
        verbs = {"visit": [_PRESENTED], "agreement": [_SPOKE], "briefing": [_PRESENTED, _REPORTED_ON]}.get(kind, [])
        for pattern in verbs:
            for verb in pattern.finditer(text, start, end):
                if re.match(r"\w", text[verb.start() - 1 : verb.start()] or " "):
                    continue  # inside a word
                found += _subjects(text, verb.start(), inside)
        if kind in ("visit", "agreement"):
            for behalf in _ON_BEHALF.finditer(text, start, end):
                found += [m for m in inside if m.start == behalf.end() or _title_only(text[behalf.end() : m.start])][:1]
        if kind == "visit":
            for heard in _HEARD_FROM.finditer(text, start, end):
                # those the visitors heard: "we" only where the visitors write ("our group")
                if not re.search(r"\b[Ww]e\s+(?:\w+\s+){0,3}$", text[start : heard.start()]) or we_came:
                    found += [m for m in inside if (m.text, "person") in _named_from(text, heard.end(), inside)]
            if look := _LOOK_ON.search(text, start, end):
                found += [m for m in inside if m.end <= look.start()]
            for represented in _REPRESENTED_BY.finditer(text, start, end):
                found += [m for m in inside if (m.text, "person") in _named_from(text, represented.end(), inside)]
            for thanks in _WE_THANK.finditer(text, start, end) if we_came else ():
                hosting.update((name, where) for name, _ in _named_from(text, thanks.end(), inside))
            for ours in _OUR_HOSTS.finditer(text, start, end):
                named = _named_from(text, ours.end(), inside)
                hosting.update((name, where) for name, _ in named)
            for company in _ACCOMPANIED_US.finditer(text, start, end):
                # "his staff Mr A and Mrs B who also accompanied us"
                hosting.update((m.text, where) for m in _subjects(text, company.start(), inside))
        for person in found:
            unknown.setdefault(person.text, where)
    return unknown, hosting


def _title_only(gap: str) -> bool:
    return len(gap) < 80 and bool(_BETWEEN_NAMES.match(gap)) and "," not in gap.rstrip(", ")


class _Sides:
    """An event's visitors, hosts and leaders as rules add people to them, with the evidence."""

    def __init__(self, event: Event, roles: Sequence[RoleClaim]) -> None:
        self.event = event
        self.roles = roles
        self.role_of = _role_of(roles)
        self.visitors = list(event.visitors)
        self.hosts = list(event.hosts)
        self.leaders = list(event.led_by)
        self.evidence = dict(event.evidence)

    def known(self, name: str) -> bool:
        """Whether a person is on a side already ("Lee Man-Sup" is "Lee Man Sup")."""
        key = name.replace("-", " ")
        return any(same_name(key, p.name.replace("-", " ")) for p in (*self.visitors, *self.hosts))

    def side_of(self, name: str) -> str | None:
        """The side a person is on: "visitors", "hosts" or None."""
        return next((s for s in ("visitors", "hosts") if any(same_name(name, p.name) for p in getattr(self, s))), None)

    def bodies(self, name: str) -> list[str]:
        return [r.organisation for r in self.roles if r.person == name and r.organisation]

    def add(self, side: str, name: str, where: tuple[int, int, int | None]) -> None:
        getattr(self, {"led_by": "leaders"}.get(side, side)).append(_participants([(name, "person")], self.role_of)[0])
        self.evidence.setdefault(side, Evidence(where[2], where[0], where[1]))

    def result(self) -> Event:
        return replace(
            self.event,
            visitors=tuple(self.visitors),
            hosts=tuple(self.hosts),
            led_by=tuple(self.leaders),
            evidence=tuple(sorted(self.evidence.items())),
        )


def _with_the_delegation(
    document: Document, mentions: Sequence[Mention], sentences: Sequence[tuple[int, int, int | None]],
    roles: Sequence[RoleClaim], main: Event,
) -> Event:  # fmt: skip
    """A visit with the members of the visiting delegation its report names by what they were:
    the one writing who says they led it ("it was my privilege to lead a delegation"), those with
    a role in it ("deputy leader of the delegation"), and in a delegation of members of a
    parliament led by "the member for Boothby", the members for other seats who speak to its
    report."""
    if main.kind != "visit":
        return main
    text = document.text
    people = [m for m in mentions if m.kind == "person"]
    sides = _Sides(main, roles)
    for start, end, page in sentences:
        if _I_LED.search(text, start, end) and (writer := _writer(text, people, start)):
            if not any(same_name(writer, p.name) for p in sides.visitors):
                sides.add("visitors", writer, (start, end, page))
            if not sides.leaders:
                sides.add("led_by", writer, (start, end, page))
            break
    for claim in roles:
        if re.search(r"\bdelegation\b", claim.role, re.I) and not sides.known(claim.person):
            sides.add("visitors", claim.person, (claim.start, claim.end, claim.page))
    seats = {
        form.group(0).lower()
        for claim in roles
        if not claim.organisation and any(same_name(claim.person, p.name) for p in sides.leaders)
        if (form := _SEAT.match(claim.role))
    }
    for claim in roles:
        form = _SEAT.match(claim.role)
        if form and form.group(0).lower() in seats and not claim.organisation and not sides.known(claim.person):
            sides.add("visitors", claim.person, (claim.start, claim.end, claim.page))
    for start, end, page in sentences:
        for company in _ACCOMPANIED_BY.finditer(text, start, end):
            # "Dr. Mwansambo, accompanied by Mr. A and Ms. B, met ...": they are on his side
            inside = [m for m in people if start <= m.start < end]
            before = [m for m in inside if m.end <= company.start()]
            if not before or not _SUBJECT_GAP.fullmatch(text, before[-1].end, company.start()):
                continue
            if (side := sides.side_of(before[-1].text)) is None:
                continue
            for name, _ in _named_from(text, company.end(), inside):
                if not sides.known(name):
                    sides.add(side, name, (start, end, page))
    return sides.result()


# "A, accompanied by B and C, ...": those who came (or received) with A
_ACCOMPANIED_BY = re.compile(r",\s*(?:who\s+was\s+|and\s+)?accompanied\s+by\s+")


def _with_those_taking_part(
    document: Document,
    mentions: Sequence[Mention],
    sentences: Sequence[tuple[int, int, int | None]],
    roles: Sequence[RoleClaim],
    main: Event,
    further: Sequence[Event],
) -> Event:
    """The report's own visit, signing or briefing with the people it shows taking part
    (:func:`_taking_part`), each on the side their body is on: in a visit a person of the
    visitors' body (or a visitor of another event the report tells) came, the others hosted; at a
    signing without visitors everyone named is a party; a briefing's speakers came to give it but
    for those of the hosts' body."""
    # a report that tells of a visit without calling itself one ("London to China Mission"), when
    # it names someone who received or came, is read as one
    named = any(p.kind == "person" for p in (*main.visitors, *main.hosts))
    kind = "visit" if main.kind == "report" and named else main.kind
    if kind not in ("visit", "agreement", "briefing"):
        return main
    text = document.text
    people = [m for m in mentions if m.kind == "person"]
    unknown, hosting = _taking_part(text, sentences, people, kind)
    sides = _Sides(main, roles)
    visiting_bodies = [b for p in sides.visitors for b in sides.bodies(p.name)] + _visiting_bodies(text, mentions)
    host_bodies = [b for p in sides.hosts for b in sides.bodies(p.name)]
    told_visitors = {p.name for e in further for p in e.visitors}

    def of(name: str, bodies: list[str]) -> bool:
        return any(_same_body(b, v) for b in sides.bodies(name) for v in bodies)

    for name, where in hosting.items():
        if not sides.known(name) and not of(name, visiting_bodies):
            sides.add("hosts", name, where)
    for name, where in unknown.items():
        if sides.known(name):
            continue
        if kind == "agreement":
            if not sides.visitors:  # a signing without sides: everyone who spoke at it took part
                sides.add("hosts", name, where)
        elif kind == "briefing":  # its speakers came to give it ("(speaker)" in an attendance list)
            sides.add("hosts" if of(name, host_bodies) else "visitors", name, where)
        elif of(name, visiting_bodies) or name in told_visitors:
            sides.add("visitors", name, where)
        elif not (_LOOK_ON.search(text, where[0], where[1]) and _ENVOY.search(sides.role_of.get(name, _NO_ROLE).role)):
            sides.add("hosts", name, where)  # (an envoy looking on in a caption may be of either side)
        elif _envoy_of_visitors(text, people, sides, name):
            sides.add("visitors", name, where)
    if kind == "visit" and not sides.leaders and re.search(r"\bdelegation\b", document.title, re.I):
        # "Chinese Delegation Pays Courtesy Call ...": the one visitor whose call it was ("during his
        # courtesy call") led the delegation
        # (an envoy of the visitors' country came with them, not on the call)
        came = [p for p in sides.visitors if p.kind == "person" and not _ENVOY.search(p.role or "")]
        during = _DURING_VISIT.search(text)
        if (
            len(came) == 1
            and during
            and came[0].name.split()[-1] in text[max(0, during.start() - 200) : during.start()]
        ):
            sides.add("led_by", came[0].name, _sentence_at(sentences, during.start()))
    return sides.result()


_NO_ROLE = RoleClaim("", "", None, None, None, 0, 0)


def _envoy_of_visitors(text: str, people: Sequence[Mention], sides: _Sides, name: str) -> bool:
    """Whether an envoy is of the country the visitors' titles name ("Ambassador of the People's
    Republic of China to Jamaica" at the call of "Chairman of ..., People's Republic of China, Li
    Xiuling"): an envoy came with a delegation from their own country."""
    country = sides.role_of.get(name, _NO_ROLE).organisation
    if not country:
        return False
    came = {p.name for p in sides.visitors if p.kind == "person"}
    for person in (m for m in people if m.text in came):
        line_start = _line_start(text, person.start)
        titles = text[max(line_start, person.start - 200) : person.start]
        # the country among the titles just before the name ("..., Republic of Northland, Erik
        # Dahlberg"), not where an envoy is posted ("to the Republic of ...")
        if re.search(rf"(?<!\bto\s)(?<!\bto\sthe\s)\b{re.escape(country)}\s*,\s*$", titles):
            return True
    return False


# "member for Burke": a member of a parliament, by the seat they hold
_SEAT = re.compile(r"(?:member|senator|deputy|representative|mp)\s+for\b", re.I)


def _writer(text: str, people: Sequence[Mention], position: int) -> str | None:
    """The person named last before ``position`` if the report names them as its writer there:
    in its title, or at the start of a line (a byline, a speaker's line: "Dr SOUTHCOTT (Boothby)
    (12.31 p.m.)—I present the report ...")."""
    before = [m for m in people if m.end <= position]
    if not before:
        return None
    person = before[-1]
    line_start = _line_start(text, person.start)
    lead = text[line_start : person.start]
    if line_start == 0 or re.fullmatch(
        r"\W*(?:by\s+|from\s+)?(?:(?:Mr|Mrs|Ms|Dr|Prof|Professor|Hon)\.?\s+)?", lead, re.I
    ):
        return person.text
    return None


def _sentence_at(sentences: Sequence[tuple[int, int, int | None]], position: int) -> tuple[int, int, int | None]:
    return next(((s, e, p) for s, e, p in sentences if s <= position < e), (position, position, None))


def _visiting_bodies(text: str, mentions: Sequence[Mention]) -> list[str]:
    """ "A 12-member delegation from the Mongolian Life Sciences University": the visitors' body."""
    found = []
    for sent in _DELEGATION_FROM.finditer(text):
        body = next((m for m in mentions if m.kind == "org" and m.start == sent.end()), None)
        if body:
            found.append(body.text)
    return found


def _same_body(a: str, b: str) -> bool:
    """Two names of one body: the same words in any order, or one's words inside the other's
    ("GXSTD (Guangxi Science and Technology Department)", "Guangxi Science and Technology Department")."""
    keys = [" " + " ".join(re.findall(r"\w+", n.lower())) + " " for n in (a, b)]
    short, long = sorted(keys, key=len)
    return _same_words(a, b) or (len(short.strip()) >= 4 and short in long)


_CLAUSE_START = re.compile(r"(?:^|[.;:,]\s+|\band\s+|\n)$")


_VERB_AFTER = re.compile(r"[ \t]+[a-z]")


def _with_names_repeated(document: Document, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions and every other place the report names one of its people the way it did
    before, which the recogniser missed ("Carmen McGregor reported on ..." under a heading): the
    full name, or a first name or surname alone that is one person's only ("Carmen met with
    ..."), not beside another capitalised word."""
    text = document.text
    people = {m.text for m in mentions if m.kind == "person" and len(m.text.split()) >= 2}
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [a for a, _ in taken]
    words: dict[str, set[str]] = {}
    for name in people:
        for word in (name.split()[0], name.split()[-1]):
            if len(word) >= 4 and word[0].isupper():
                words.setdefault(word, set()).add(name)
    forms = {name: name for name in people} | {w: next(iter(n)) for w, n in words.items() if len(n) == 1}
    if not forms:
        return list(mentions)
    # one pass over the text for every form, the longest first
    pattern = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    added: list[Mention] = []
    for found in re.finditer(rf"(?<![\w’'-])(?:{pattern})(?![\w’'-])", text):
        start, end = found.span()
        form = found.group(0)
        alone = " " not in form
        at = bisect.bisect_right(starts, start)
        if any(a < end and start < b for a, b in taken[max(0, at - 5) : at + 1]):
            continue
        if alone and not (_CLAUSE_START.search(text, max(0, start - 5), start) and _VERB_AFTER.match(text, end)):
            continue  # a word alone is a name where a clause starts with it ("Carmen met with ...")
        name = forms[form]
        added.append(Mention("person", name, start, end, _page_at(document, start), None, form if alone else None))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else list(mentions)
