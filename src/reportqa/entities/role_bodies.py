"""Which body a role claim is of, where its sentence does not say or says it short: the
principal's body for a deputy, the paragraph's or the author's body, the report's own body for
minutes, a body named in full elsewhere for its acronym or a near spelling."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import replace

from ..types import Mention, RoleClaim
from ..whoswho import name_key
from .role_layouts import _BEFORE_SIGNED_NAME, _tidy_role
from .spans import _clean, _line_end
from .vocabulary import (
    _ORG_WORDS,
    _OWN_BODY_WORDS,
    BODY_NOUNS,
    LEGAL_FORMS,
    TITLE_SCOPES,
    _is_role_word,
    _looks_like_org,
)

_DEPUTY_TITLE = re.compile(r"(?:vice|deputy|associate|assistant)[- ]+(?P<title>.+)", re.I)


def _with_the_principals_body(text: str, roles: Sequence[RoleClaim]) -> list[RoleClaim]:
    """A deputy's title without its body ("Vice-President Professor Shen Zexiang introduced
    SCAAST's cooperation ...") is of the body whose principal the report names ("President Dr
    Lin Feng ... of SCAAST"), when that is the only body it gives the principal's title and the
    deputy's own sentence names it."""
    kept = []
    for claim in roles:
        deputy = _DEPUTY_TITLE.fullmatch(claim.role) if claim.organisation is None else None
        if deputy and not _public_office(claim.role):
            title = deputy.group("title").lower()
            bodies = {
                other.organisation
                for other in roles
                if other.organisation and other.role.lower().endswith(title) and not _DEPUTY_TITLE.match(other.role)
            }
            if len(bodies) == 1 and (body := next(iter(bodies))) and body in text[claim.start : claim.end]:
                claim = replace(claim, organisation=body)
        kept.append(claim)
    return kept


def _with_bodies_named_in_full(orgs: Sequence[Mention], roles: Sequence[RoleClaim]) -> list[RoleClaim]:
    """The roles, a body written by its kind alone ("chief executive of the Sub-center since
    January 2024") given the name the report gave it before ("Ningbo Fenghua Sub-center"), as
    for "the Board's", "Secretary of the Trust" and "District Representatives"; a title's scope
    ("City Manager") that names no body of the report, none."""
    named = []
    for claim in roles:
        kind = (claim.organisation or "").lower()
        if kind in _ORG_WORDS | BODY_NOUNS | TITLE_SCOPES:
            body = _owner_body(claim.organisation or "", orgs, claim.end) or claim.organisation
            if kind in TITLE_SCOPES and body == claim.organisation:
                body = None  # "City Manager" where the report names no city's body: the title alone
            claim = replace(claim, organisation=body)
        named.append(claim)
    return named


def _as_mostly_spelled(text: str, orgs: Sequence[Mention], roles: Sequence[RoleClaim]) -> list[RoleClaim]:
    """A body's name misspelt where the role names it ("the former Speaker of Ota Districat
    Council" in a report that writes "Ota District Council" elsewhere) is written as the report
    writes it more often: the same words but one, that one a letter off."""
    names = {o.text for o in orgs if o.kind == "org"}
    kept = []
    for claim in roles:
        written = claim.organisation
        if written:
            usual = [n for n in names if _one_letter_off(written, n) and text.count(n) > text.count(written)]
            if len(usual) == 1:
                claim = replace(claim, organisation=usual[0])
        kept.append(claim)
    return kept


def _one_letter_off(a: str, b: str) -> bool:
    """Whether two names differ in one word of six letters or more, by one letter more, fewer
    or changed."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    differ = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    if min(len(x), len(y)) < 6 or not (x.isalpha() and y.isalpha()):
        return False
    if len(x) == len(y):
        return sum(p != q for p, q in zip(x, y, strict=True)) == 1
    short, long = sorted((x, y), key=len)
    return len(long) - len(short) == 1 and any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


# Titles that only one kind of body has: a dean's is a school, a rector's a university, a
# chairman's or chief executive's (where the report names no other) a company.
_KINDS_OF_BODY = (
    (re.compile(r"\bdean\b", re.I), {"school", "college", "faculty"}),
    (
        re.compile(r"\b(?:vice[- ]?chancellor|rector|provost)\b", re.I),
        {"university", "université", "universität", "universidad", "universidade", "università", "universiteit"},
    ),
    (re.compile(r"\bsuperintendent\b", re.I), {"district"}),  # a school district's head
    (
        re.compile(r"\b(?:chairman|chairwoman|ceo|chief executive|general manager|managing director)\b", re.I),
        {"co", "ltd", "inc", "corporation", "company", "plc", "gmbh", "llc", "limited"},
    ),
)


# A sentence about visiting or a delegation: its titles may be the visitors', not the place's.
_VISITING = re.compile(r"\b(?:delegations?|visit\w*|led\s+by|toured|travell?ed|guests?)\b", re.I)


def _with_the_paragraphs_body(text: str, orgs: Sequence[Mention], roles: Sequence[RoleClaim]) -> list[RoleClaim]:
    """A title without its body, in a paragraph that names before it the one body of the kind
    that has such titles: that body. Reports tell a visit stop by stop, a paragraph each ("At
    Wuhan Chaohao Co., Ltd., the delegation ... Chairman Wang Xin presented the company"), and
    introduce a group before naming its members ("met faculty from the School of Law. Associate
    Dean Li ..."). Never in a sentence about the visit or the delegation, whose titles may be
    the visitors'."""
    kept = []
    for claim in roles:
        at = text.find(claim.person, claim.start, claim.end) if claim.organisation is None else -1
        kind = next((words for title, words in _KINDS_OF_BODY if title.search(claim.role)), None)
        if at == -1 or kind is None or _VISITING.search(text, claim.start, claim.end) or _public_office(claim.role):
            kept.append(claim)
            continue
        begin = text.rfind("\n\n", 0, at) + 1
        stop = text.find("\n\n", at)
        stop = len(text) if stop == -1 else stop
        of_kind: dict[str, Mention] = {}  # (one body however it is cased: "CUPERTINO UNION SCHOOL DISTRICT")
        for o in orgs:
            if _a_body_named(o) and begin <= o.start < stop and kind & {w.lower().strip(",.") for w in o.text.split()}:
                of_kind.setdefault(o.text.lower(), o)
        if len(of_kind) == 1 and (first := next(iter(of_kind.values()))).start < at:
            claim = replace(claim, organisation=_up_to_kind(first.text, kind))
        kept.append(claim)
    return kept


# "Press Release: University of the South Pacific": the body that wrote the report.
_AUTHOR_LINE = re.compile(
    r"^\W*(?:press|media|news)\s+release\s*[:–—-]\s*(?:from\s+)?(?:the\s+)?(?P<org>[A-Z][^\n:]{2,80}?)\s*$", re.I | re.M
)


_WELCOMES = re.compile(r"\b(?:welcomed|welcomes|received|receives|hosted|hosts|greeted|greets)\b")


def _with_the_authors_body(text: str, people: Sequence[Mention], roles: Sequence[RoleClaim]) -> list[RoleClaim]:
    """In a body's own press release, a title without its body held by the person who welcomes
    or receives the guests is the body's: "Professor A, Vice-Chancellor and President welcomed
    His Excellency B" in the university's release."""
    author = _AUTHOR_LINE.search(text, 0, 1000)
    if author is None:
        return list(roles)
    kept = []
    for claim in roles:
        at = text.find(claim.person, claim.start, claim.end) if claim.organisation is None else -1
        if at != -1 and not _public_office(claim.role):
            after = at + len(claim.person)
            others = [p.start for p in people if after <= p.start < claim.end]
            verb = _WELCOMES.search(text, after, min(others, default=claim.end))
            if verb and not re.search(r"[.;]\s", text[after : verb.start()]):
                claim = replace(claim, organisation=_clean(author.group("org")))
        kept.append(claim)
    return kept


def _owner_body(owner: str, orgs: Sequence[Mention], position: int) -> str | None:
    """The body "the agency's" or "the University's" refers to: the last one named before
    whose name holds the word; else the word itself when capitalised."""
    # (not a name that itself refers to the body by its kind: "Consumer Marketing of the Company")
    named = [
        o.text
        for o in orgs
        if _a_body_named(o)
        and o.start < position
        and owner.lower() in o.text.lower().split()
        and not re.search(rf"\bthe\s+{re.escape(owner)}\b", o.text, re.I)
        and not _is_role_word(o.text.split()[0])  # a title NER took for a body: "Head of Administration"
    ]
    return _up_to_kind(named[-1], {owner.lower()}) if named else (owner if owner[:1].isupper() else None)


def _a_body_named(mention: Mention) -> bool:
    """Whether NER's mention names a body: not a place, nor a label it ran into a name
    ("District Representatives: Board" over "Board President Jane Roe"), nor a group of office
    holders ("District Representatives", "Council Members"; "Board of Directors" is a body)."""
    words = mention.text.lower().split()
    last = words[-1] if words else ""
    holders = "of" not in words and (_is_role_word(last) or (last.endswith("s") and _is_role_word(last[:-1])))
    return mention.kind == "org" and ":" not in mention.text and not holders


def _up_to_kind(name: str, kind: Container[str]) -> str:
    """A body's name up to the word of its kind when another body's name follows it there:
    "Cupertino Union School District Board of Education" (NER's one name for two bodies) is,
    for its district, "Cupertino Union School District"; "University of Lagos" is one name."""
    words = name.split()
    at = [i for i, w in enumerate(words) if w.lower().strip(",.") in kind]
    rest = " ".join(words[at[-1] + 1 :]) if at else ""
    if rest[:1].isupper() and (_looks_like_org(rest) or rest.split()[0].lower() in BODY_NOUNS):
        return " ".join(words[: at[-1] + 1])
    return name


def _with_the_persons_body(roles: Sequence[RoleClaim]) -> list[RoleClaim]:
    """A title written again without its body ("Director Xie" after "Director General Xie
    Naitang and his delegation of the Guangxi ... Department") takes the body the same report
    gives the same person's fuller title."""
    kept = []
    for claim in roles:
        if claim.organisation is None:
            fuller = [
                other
                for other in roles
                if name_key(other.person.replace("-", " ")) == name_key(claim.person.replace("-", " "))
                and other.organisation
                and re.search(rf"\b{re.escape(claim.role.lower())}\b", other.role.lower())
            ]
            if len({other.organisation for other in fuller}) == 1:
                claim = replace(claim, role=fuller[0].role, organisation=fuller[0].organisation)
        kept.append(claim)
    return kept


def _with_bodies_spelled_out(text: str, orgs: Sequence[Mention], roles: Sequence[RoleClaim]) -> list[RoleClaim]:
    """A body written as an acronym the report spells out elsewhere ("Guangxi Science and
    Technology Department (GXSTD)") is named with its full name after it: "GXSTD (Guangxi
    Science and Technology Department)"."""
    kept = []
    for claim in roles:
        acronym = claim.organisation or ""
        if acronym.count("(") > acronym.count(")"):
            # a bracket NER left open: "China Council for ... (CCPIT" is closed, "SCOCIE (Sichuan Chamber ..." cut
            opened = re.fullmatch(r"(.+?)\s*\(([A-Z][\w&-]{1,9})", acronym)
            acronym = f"{opened.group(1)} ({opened.group(2)})" if opened else acronym.split("(")[0].strip()
            claim = replace(claim, organisation=acronym)
        if re.fullmatch(r"[A-Z][A-Z&-]{1,9}", acronym):
            after = re.compile(rf"\s*\({re.escape(acronym)}\)")
            full = next((o.text for o in orgs if o.kind == "org" and after.match(text, o.end)), None)
            if full is None and (before := re.search(rf"\b{re.escape(acronym)}\s*\(([A-Z][^()\n]{{4,100}})\)", text)):
                full = before.group(1)  # "SCOCIE (Sichuan Chamber of Commerce for Import-Export)"
            if full and _initials_fit(acronym, full):
                # the name the claim was written with, spelled out after it: questions ask by either
                claim = replace(claim, organisation=f"{acronym} ({full})")
        kept.append(claim)
    return kept


def _initials_fit(acronym: str, name: str) -> bool:
    """Whether an acronym's letters open words of the name, in order ("GXSTD": Guangxi Science
    Technology Department -- the X is Guangxi's; "SCOCIE": Sichuan Chamber of Commerce ...)."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    if not words or acronym[0].upper() != words[0][0].upper():
        return False
    letters = acronym.replace("&", "").replace("-", "").upper()
    # each capitalised word's initial must appear among the acronym's letters, in order
    at = 0
    for word in words:
        if not word[:1].isupper():
            continue
        found = letters.find(word[0].upper(), at)
        if found == -1:
            return False
        at = found + 1
    return True


_OFTEN = 3  # mentions


def _with_the_reports_body(text: str, mentions: Sequence[Mention], roles: Sequence[RoleClaim]) -> list[RoleClaim]:
    """Roles stated without an organisation ("Heidi Perrett (Chair)", "Present: ... (treasurer)")
    in the minutes or report of one body get that body as ``report_body``: the organisation its
    title names (the one the report names most, when the title names several). The who's who
    uses it when no report gives the role's organisation ("General Manager" in a department's
    minutes is the center's, as another report says). A visit's roles get none: its two sides
    make the body ambiguous."""
    title_end = text.find("\n")
    title = text[: title_end if title_end != -1 else len(text)]
    # the bodies NER found in the title, and those another role of the report names that the
    # title names too ("Minutes of the Finance Committee, Harbour Innovation Hub")
    in_title = [m.text for m in mentions if m.kind in ("org", "place") and m.start < len(title)]
    in_title += [c.organisation for c in roles if c.organisation and c.organisation in title]
    if not in_title:
        # A title naming no body ("Corporate Overview" over an annual report): the body the report
        # names most, when NER names it often and the text no other body as often -- a company,
        # when the report calls itself "the Company" (not the exchange or the regulator it cites
        # more often: "Cincinnati Bell Inc." over "NYSE").
        named = Counter(m.text for m in mentions if m.kind == "org")
        ranked = sorted(named, key=text.count, reverse=True)
        companies = [n for n in ranked if n.split()[-1].lower().rstrip(".") in LEGAL_FORMS]
        if (
            re.search(r"\b(?:[Tt]he|[Oo]ur)\s+Company\b", text)
            and companies
            and text.count(companies[0]) >= 2
            and (len(companies) == 1 or text.count(companies[0]) > text.count(companies[1]))
        ):
            in_title = companies[:1]
        elif (
            not ranked
            or named[ranked[0]] < _OFTEN
            or (len(ranked) > 1 and text.count(ranked[1]) >= text.count(ranked[0]))
        ):
            return list(roles)
        else:
            in_title = ranked[:1]
    body = max(dict.fromkeys(in_title), key=text.count)
    return [
        # "Chief Financial Officer of the Company": the report's own body, by its kind
        replace(claim, organisation=body)
        if (claim.organisation or "").lower() in _OWN_BODY_WORDS and body.lower() != (claim.organisation or "").lower()
        else claim
        if claim.organisation or _public_office(claim.role)
        # a signature block without its body signs for the body whose report it closes
        else replace(claim, organisation=body)
        if _signs(text, claim)
        else replace(claim, report_body=body)
        for claim in roles
    ]


def _signs(text: str, claim: RoleClaim) -> bool:
    """Whether a claim is a signature block's: the name alone on its line, the title on the next."""
    first_end = text.find("\n", claim.start, claim.end)
    if first_end == -1:
        return False
    first = text[claim.start : first_end].strip()
    title = _tidy_role(text[first_end + 1 : _line_end(text, first_end + 1)].split(",")[0])
    return claim.person in (first, _BEFORE_SIGNED_NAME.sub("", first, count=1)) and title == claim.role


# Offices of a government, never of the body whose report names them: the mayor a chamber's
# mission met is the city's mayor, not the chamber's.
_PUBLIC_OFFICES = re.compile(
    r"\b(?:mayor|governor|minister|ambassador|consul|premier|congress(?:man|woman)|"
    r"member of parliament|mp|high commissioner|envoy|cabinet secretary|secretary of state)\b",
    re.I,
)


def _public_office(role: str) -> bool:
    return _PUBLIC_OFFICES.search(role) is not None
