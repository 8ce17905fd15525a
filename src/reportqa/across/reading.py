"""What a question across reports asks, read with rules into an :class:`Across`."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .._util import country_of
from ..question import RELATIONS
from ..verify import constraint_words, plain

# --- what a question across reports asks ------------------------------------------------------

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
# The kinds of event (whoswho.py) each word asks for.
_KIND_WORDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ("delegation", "visit", "visitor", "trip", "mission", "tour", "courtesy call"), frozenset({"visit"})
    ),
    **dict.fromkeys(("meeting", "minutes", "session"), frozenset({"meeting"})),
    **dict.fromkeys(("agreement", "memorandum", "memoranda", "mou", "contract", "treaty"), frozenset({"agreement"})),
    **dict.fromkeys(("briefing", "roadshow", "forum", "summit", "seminar", "workshop"), frozenset({"briefing"})),
    "annual report": frozenset({"report"}),
}  # fmt: skip
_KIND_NAMES = {
    "visit": "visit",
    "meeting": "meeting",
    "agreement": "agreement",
    "briefing": "briefing",
    "report": "report",
}
# Plural nouns a list or count question asks for: "Which delegations ...", "How many agreements ...".
# Records the event table holds, one per report: what lists and counts across reports are made of.
# (Companies, people and the like are counted by the reports themselves: one report answers.)
_ITEM_NOUNS = (
    r"delegations|visits|visitors|trips|missions|tours|study\s+tours|meetings|agreements|memoranda|memorandums|contracts|"
    r"briefings|roadshows|events|reports|documents|organi[sz]ations|bodies|institutions|partners|cities|countries"
)
_LIST = re.compile(
    rf"^\s*(?:(?:in|from|at|with|on|by)\s+)?(?:which|what)\s+(?:of\s+(?:the|these|our)\s+|(?P<adjective>[a-z-]+)\s+)?(?P<noun>{_ITEM_NOUNS})\b"
    rf"|^\s*(?:please\s+)?(?:list|name|give|show)\s+(?:me\s+)?(?:all\s+|every\s+|each\s+)(?:the\s+)?(?:[a-z-]+\s+)?(?P<noun2>{_ITEM_NOUNS})\b",
    re.I,
)
_COUNT = re.compile(
    rf"^\s*(?:(?:in|since|between|from|during|before|after)\s+[^,?]{{1,60}},\s*)?how\s+many\s+(?:(?:foreign|overseas|international|domestic|official|incoming|outgoing)\s+)?"
    rf"(?:(?P<noun>{_ITEM_NOUNS})\b|(?P<verb>came|visited|come|went|travelled|traveled)\b"
    # "how many times did X visit us" counts visits; "how many times has Polonia won the cup" does not
    rf"|times\s+(?:did|has|have)\b(?=[^?]*\b(?:visit|come|came|meet|met|travel|receive|host)))",
    re.I,
)
_TOPIC = re.compile(
    r"^\s*(?:in\s+)?(?:which|what)\s+(?:of\s+the\s+)?(?P<scope>reports?|documents?|files?|minutes|visits?|visit\s+reports|meetings?|"
    r"agreements?|delegations?)\s+(?:(?:is|are|was|were|does|do|did|has|have)\s+)?(?P<rest>.+)$"
    r"|^\s*(?:where|in\s+what\s+reports?)\s+(?:is|are|was|were)\s+(?P<rest2>.+?)\s+(?:mentioned|discussed|named|described)\b",
    re.I,
)
_TOPIC_VERBS = re.compile(
    r"\b(?:mention(?:s|ed)?|discuss(?:es|ed)?|describe[sd]?|refer(?:s|red)?\s+to|talk(?:s|ed)?\s+about|cover(?:s|ed)?|"
    r"speak(?:s)?\s+(?:of|about)|spoke\s+(?:of|about)|deal(?:s|t)?\s+with|name[sd]?|report(?:s|ed)?\s+on|record(?:s|ed)?)\b",
    re.I,
)
_HISTORY = re.compile(
    r"\b(?:every|all|each)\s+(?:the\s+)?(?:meetings?|events?|visits?|times?|occasions?|delegations?|roles?|positions?)\b"
    r"|\bhistory\s+of\b|\bover\s+(?:time|the\s+years)\b|\btimeline\s+of\b|\bcareer\b"
    r"|^\s*(?:which|what)\s+(?:meetings|events|visits)\s+(?:has|have|did|does)\b|^\s*(?:which|what)\s+(?:roles|positions)\s+(?:has|have)\b"
    r"|^\s*(?:list|show)\s+(?:the\s+)?(?:meetings|events|visits|roles)\s+(?:of|with|involving|attended\s+by)\b",
    re.I,
)
_TREND = re.compile(
    r"\bhow\s+(?:did|has|have|does|do)\b.*\b(?:chang|grow|grew|evolv|develop|rise|rose|fall|fell|increas|decreas|vary|varied)\w*"
    r"|\b(?:each|every|per|by)\s+year\b|\byear\s+(?:by|on|after)\s+year\b|\bover\s+the\s+years\b|\btrend\b"
    r"|\bfrom\s+(?:19|20)\d\d\s+to\s+(?:19|20)\d\d\b.*\?$",
    re.I,
)
_MEASURE = re.compile(
    r"\b(?:the\s+)?(?:number|count)\s+of\s+(?P<noun>(?:[a-z-]+\s+){0,2}?[a-z-]+?s)\b"
    r"|\bhow\s+many\s+(?P<noun2>(?:[a-z-]+\s+){0,1}[a-z-]+s)\b"
    r"|\b(?P<money>(?:total\s+|annual\s+)?(?:income|revenue|expenditure|spending|budget|turnover|profit|deficit|surplus|"
    r"venture\s+capital|funding|investment|output))\b"
    r"|\b(?P<noun3>(?:[a-z-]+\s+)?(?:employees|staff|students|members|companies|patents?\s+applications|applications|"
    r"delegations|visitors|researchers|graduates))\b",
    re.I,
)
_FIRST = re.compile(
    r"\b(?:which|what)\b[^?]*\b(?:came|happened|was|were|took\s+place|occurred|held|signed)\s+(?P<order>first|earlier|last|later)\b"
    r"|\b(?P<order2>first|earlier|earliest|latest|last|most\s+recent)\b[^?]*,\s*(?:the\s+)?[^?]+\s+or\s+",
    re.I,
)
_MORE = re.compile(rf"\b(?P<order>more|fewer|less)\b[^?]*\b(?P<a>{_YEAR})\s+or\s+(?:in\s+)?(?P<b>{_YEAR})\b", re.I)
_MOST = re.compile(
    r"\b(?:the\s+)?(?P<order>most|fewest|least|largest|biggest|highest|lowest|smallest|greatest)\b", re.I
)
_SECOND_QUESTION = re.compile(
    r",?\s+and\s+(?=(?:what|how\s+many|how\s+much|who|whom|which|when|where|why)\s+\S+\s+\S+\s+\S+)", re.I
)
_LEAD_IN = re.compile(r"^\s*(?:in|for|from|according\s+to)\s+(?:the\s+)?[^,?]{3,120}\band\b[^,?]{3,120},\s*", re.I)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words of a question that say how it is asked, not what it asks about.
_SCAFFOLD = _words(
    """which what who whom whose when where how why many much is are was were be been do does did has have had the a an
    of in on at to for from by with and or these those this that their our us we its it any all every each list name
    give show me please reports report documents document files file texts text mention mentions mentioned mentioning
    discuss discusses discussed describe describes described refer refers referred talk talks talked about cover covers
    covered speak speaks spoke deal deals dealt named record records recorded according either earlier during
    also there been being whether ones one them they here other others so far ever yet"""
)  # fmt: skip
_LIGHT_VERBS = _words(
    "taken take takes took get got gets go went gone make made give given put come came done doing held"
)
# Words naming a report or its event rather than what it says ("at its board meeting").
_RECORD_WORDS = _words("visited came signed held board committee council forum meeting report review annual")
_STOP = _words(
    """into onto over under about after before between since until than then also only just such both very more most
    some own same new"""
)  # fmt: skip
_RELATION_GROUPS: dict[str, tuple[str, ...]] = {
    "hosted": ("receiv", "host", "welcom", "met ", "greet"),
    "visited": ("visit", "came", "travel", "tour"),
    "signed": ("sign",),
    "led": ("led ", "lead", "head"),
    "attended": ("attend", "took part", "participat", "present"),
}
_RELATION_OF_WORD = {
    form: rel for rel in _RELATION_GROUPS for form in RELATIONS.get(rel, ()) if " " not in form and form != "from"
}


@dataclass(frozen=True)
class Across:
    """A question across reports, read with rules."""

    text: str
    mode: str  # list | count | compare | trend | topic | history | compound
    kinds: frozenset[str] = frozenset()  # event kinds asked about (empty: any)
    noun: str | None = None  # "delegations", "organisations", "reports" ...
    direction: str | None = None  # "in": came to us; "out": we went to them
    date_from: str | None = None  # inclusive ISO bounds (a year is 2022-01-01..2022-12-31)
    date_to: str | None = None
    periods: tuple[tuple[str, str, str], ...] = ()  # "more in 2022 or 2023": (label, from, to) each
    origin: str | None = None  # "from Jiangsu": where the visitors came from
    terms: tuple[tuple[str, ...], ...] = ()  # word groups a sentence must hold (each: alternatives)
    measure: str | None = None  # "companies", "total income"
    qualifiers: tuple[str, ...] = ()  # "companies incubated by the center": incubated
    money: bool = False
    parts: tuple[str, ...] = ()  # the questions of a compound, or the options of "A or B"
    order: str | None = None  # first | last | most | least
    wants: frozenset[str] = frozenset()  # "and when", "and by whom", "and to where"

    @property
    def dated(self) -> bool:
        return bool(self.date_from or self.date_to)


def read_across(question: str) -> Across | None:
    """What a question across reports asks, or None for a question one report answers."""
    text = _from_country(" ".join(question.split()))
    if parts := _compound(text):
        return Across(text, "compound", parts=parts)
    lowered = text.lower()
    wants = _wants(lowered)
    date_from, date_to = _range(lowered)
    base = Across(text, "list", date_from=date_from, date_to=date_to, wants=wants)
    if _TREND.search(lowered) and (measure := _measure(lowered)):
        return replace(
            base, mode="trend", measure=measure[0], money=measure[1], qualifiers=_qualifiers(lowered, measure[0])
        )
    if _HISTORY.search(lowered) and not _LIST_OF_THINGS.match(lowered) and constraint_words(text):
        return replace(base, mode="history", kinds=_kinds(lowered))
    if compare := _compare(text, lowered, base):
        return compare
    # "How many reports mention X?" counts the reports "Which reports mention X?" lists
    topic_text = _COUNT_OF_TOPIC.sub("Which ", text, count=1)
    if topic_text == text and (match := _COUNT.match(lowered)):
        noun = match.group("noun") or "delegations"
        return _with_kinds(replace(base, mode="count", noun=noun.lower()), lowered)
    if (match := _TOPIC.match(topic_text)) and (rest := match.group("rest") or match.group("rest2")):
        scope = (match.group("scope") or "reports").lower()
        if _ABROAD.search(rest) and _kinds(rest.lower()) == {"visit"}:
            # "Which reports describe Chinese delegations travelling abroad?": a list of visits
            across = _with_kinds(replace(base, noun="visits", kinds=frozenset({"visit"})), lowered)
            return replace(
                across, kinds=frozenset({"visit"}), terms=_terms(_TOPIC_VERBS.sub(" ", rest), structural=True)
            )
        if _TOPIC_VERBS.search(rest) or match.group("rest2"):
            kinds = _kinds(scope) if not scope.startswith(("report", "document", "file")) else frozenset()
            terms = _terms(rest)
            if terms:
                return replace(base, mode="topic", noun=scope, kinds=kinds, terms=terms)
    if (match := _LIST.match(text)) and not (match.group("adjective") or "x")[:1].isupper():
        noun = (match.group("noun") or match.group("noun2")).lower()
        across = _with_kinds(replace(base, noun=noun), lowered)
        rest = text[match.end() :]
        return replace(across, terms=_terms(rest, structural=True))
    return None


_COUNT_OF_TOPIC = re.compile(
    r"^\s*how\s+many\s+(?=(?:of\s+the\s+)?(?:reports?|documents?|files?|minutes|visit\s+reports|visits?|meetings?|"
    rf"agreements?)\s+(?:\w+\s+)?{_TOPIC_VERBS.pattern})",
    re.I,
)
# "Polish delegations", "Sierra Leonean trade missions": a people's word before a visiting group.
_PEOPLE_GROUP = re.compile(
    r"\b(?P<people>(?:[A-Z][a-z]+\s+)?[A-Z][a-z]+)\s+(?P<group>(?:(?:trade|business|government|official|"
    r"parliamentary|university|student|investment|ministerial)\s+)?(?:delegations?|missions?|visitors|guests))\b"
)


def _from_country(text: str) -> str:
    """ "How many Polish delegations visited?" -> "How many delegations from Poland visited?": a
    group named by its people's word is read as one from their country."""

    def rewrite(match: re.Match[str]) -> str:
        written = match.group("people")
        for word in (written, written.split()[-1]):  # "Sierra Leonean"; "Which Polish"
            if country := country_of(word):
                kept = written[: len(written) - len(word)]
                return f"{kept}{match.group('group')} from {country}"
        return match.group(0)

    return _PEOPLE_GROUP.sub(rewrite, text)


# "Which industries ..." is not about events; a list of roles is a history only with a person.
_LIST_OF_THINGS = re.compile(r"^\s*(?:which|what)\s+(?:industries|sectors|fields|products|topics)\b")


def _compound(text: str) -> tuple[str, ...]:
    """Two questions in one: "What bank balance did X report, and what net profit did Y report?",
    "Who were the heads in the A agreement and the B agreement?" -- each part a question of its own."""
    body = text.rstrip(" ?")
    lead = _LEAD_IN.match(body)
    core = body[lead.end() :] if lead else body
    split = _SECOND_QUESTION.search(core)
    if split and re.match(r"^\s*(?:what|how|who|whom|which|when|where|why)\b", core, re.I):
        first, second = core[: split.start()], core[split.end() :]
        # "..., and where did they go?" asks more of the same items: one question
        refers_back = re.search(r"\b(?:they|them|their|it|its|these|those|each|whom)\b", second, re.I)
        if len(second.split()) >= 4 and len(first.split()) >= 4 and not refers_back:
            return (_as_question(first), _as_question(second))
    return _conjoined(body)


_PREPOSITIONS = ("in", "by", "at", "for", "from", "during", "of", "on")


def _conjoined(body: str) -> tuple[str, ...]:
    """ "... in the 2020 A agreement and the 2019 B agreement", "Who chaired the A meeting in
    2018 and the B meeting in 2019", "What was A's enrolment in 2015 and B's profit for 2018-19"
    -> one question per named thing, each with the words before the first."""
    if not re.match(r"^\s*(?:what|how|who|whom|which|when|where)\b", body, re.I):
        return ()
    for match in re.finditer(r"\s+and\s+(?:(?P<prep>in|by|at|for|from|during|of|on)\s+)?(?=the\s+|[A-Z])", body):
        left, right = body[: match.start()], body[match.end() :]
        prep = match.group("prep")
        pattern = rf"\s({prep})\s+(?=the\s)" if prep else r"\s(in|by|at|for|from|during|of|on)\s+(?=the\s)"
        opening = list(re.finditer(pattern, left))
        if opening and right.startswith("the ") and _specific(a := left[opening[-1].end() :]) and _specific(right):
            head = left[: opening[-1].start()] + f" {opening[-1].group(1)} "
            return (_as_question(head + a), _as_question(head + right))
        if prep:
            continue
        # the second thing stands where the first stood: after a verb ("chaired the ...") or a
        # copula ("What was ...")
        starts = [m.start() for m in re.finditer(r"\bthe\s", left)] if right.startswith("the ") else []
        if copula := _COPULA_HEAD.match(left):
            starts.append(copula.end())
        for at in sorted(starts, reverse=True):
            head, a = left[:at], left[at:]
            if re.search(r"\w", head) and _specific(a) and _specific(right):
                return (_as_question(head + a), _as_question(head + right))
    return ()


_COPULA_HEAD = re.compile(r"^\s*(?:what|who|which|how\s+(?:many|much))\s+(?:was|were|is|are)\s+", re.I)


def _specific(phrase: str) -> bool:
    """A phrase naming one thing: capitalised words and a year or a kind of record."""
    capitals = re.findall(r"\b[A-Z][\w'’-]*", phrase)
    marker = re.search(
        rf"\b{_YEAR}\b|\b(?:agreement|report|meeting|board|forum|visit|delegation|minutes|council|committee)\b",
        phrase,
        re.I,
    )
    return len(capitals) >= 1 and bool(marker) and len(phrase.split()) <= 12


def _as_question(text: str) -> str:
    text = text.strip(" ,;")
    return text[:1].upper() + text[1:] + "?"


def _wants(lowered: str) -> frozenset[str]:
    wants = set()
    if re.search(r"\band\s+(?:on\s+)?when\b|\bwhen\s+(?:did|was|were)\b|\band\s+(?:on\s+)?what\s+dates?\b", lowered):
        wants.add("when")
    if re.search(r"\band\s+(?:by\s+)?whom\b|\band\s+who\b", lowered):
        wants.add("who")
    if re.search(r"\band\s+(?:to\s+)?where\b|\bwhere\s+(?:did|do)\s+they\s+go\b", lowered):
        wants.add("where")
    return frozenset(wants)


def _range(lowered: str) -> tuple[str | None, str | None]:
    """Inclusive ISO bounds from "in 2022", "in March 2022", "since 2022", "before 2023",
    "between 2021 and 2023", "from 2022 to 2024"."""
    if m := re.search(
        rf"\b(?:between|from)\s+(?:{_MONTH}\s+)?({_YEAR})\s+(?:and|to|until|till|-)\s+(?:{_MONTH}\s+)?({_YEAR})\b",
        lowered,
    ):
        return f"{m.group(1)}-01-01", f"{m.group(2)}-12-31"
    if m := re.search(rf"\bend\s+of\s+(?P<year>{_YEAR})\b", lowered):
        return f"{m.group('year')}-12-01", f"{m.group('year')}-12-31"
    if m := re.search(rf"\b(?:since|after|from)\s+(?:(?P<month>{_MONTH})\s+)?(?P<year>{_YEAR})\b", lowered):
        if m.group("month"):
            return f"{m.group('year')}-{_month_number(m.group('month'))}-01", None
        start = m.group("year") if m.group(0).startswith(("since", "from")) else str(int(m.group("year")) + 1)
        return f"{start}-01-01", None
    if m := re.search(rf"\b(?:before|until|till|up\s+to|by)\s+(?:(?P<month>{_MONTH})\s+)?(?P<year>{_YEAR})\b", lowered):
        if m.group("month"):
            return None, f"{m.group('year')}-{_month_number(m.group('month'))}-00"
        end = m.group("year") if m.group(0).startswith(("until", "till", "up", "by")) else str(int(m.group("year")) - 1)
        return None, f"{end}-12-31"
    years = sorted(set(re.findall(rf"\b({_YEAR})\b(?!['’]?s\b)", lowered)))
    if (m := re.search(rf"\b(?P<month>{_MONTH})\.?\s+(?P<year>{_YEAR})\b", lowered)) and len(years) == 1:
        month = _month_number(m.group("month"))
        return f"{m.group('year')}-{month}-01", f"{m.group('year')}-{month}-31"
    if len(years) == 1:
        return f"{years[0]}-01-01", f"{years[0]}-12-31"
    return None, None


def _month_number(name: str) -> str:
    return f"{[m[:3] for m in _MONTHS].index(name[:3].lower()) + 1:02d}"


def _kinds(lowered: str) -> frozenset[str]:
    found: set[str] = set()
    for word, kinds in _KIND_WORDS.items():
        if re.search(rf"\b{re.escape(word)}", lowered):
            found |= kinds
    return frozenset(found)


def _with_kinds(across: Across, lowered: str) -> Across:
    """The kinds of event and the direction a list or count question asks about."""
    kinds = set(_kinds(across.noun or ""))
    if not kinds:
        kinds = set(_kinds(lowered))
        if re.search(r"\b(?:visited|came|come|travell?ed|toured)\b", lowered):
            kinds.add("visit")
        if re.search(r"\bsign(?:ed|s)?\b", lowered):
            kinds.add("agreement")
    direction = None
    if re.search(
        r"\b(?:visited|came\s+to|come\s+to|welcomed|received|hosted)\s+us\b|\bus\b.*\bvisit|\bfrom\s+[A-Z]", across.text
    ) or re.search(
        r"\bcame\s+from\b|\bvisit(?:ed|s)?\s+(?:from)\b|\bdelegations?\s+from\b|\b(?:did|have)\s+we\s+(?:receive|host|welcome)",
        lowered,
    ):
        direction = "in"
    elif re.search(
        r"\b(?:we|our\s+(?:delegations?|staff|team))\s+(?:visited|went|travell?ed)\b|\bvisits?\s+(?:we|our)\b", lowered
    ):
        direction = "out"
    found = re.search(r"\bfrom\s+(?:the\s+)?(?P<o>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)", across.text)
    origin = found.group("o") if found else None
    if origin:
        direction = "abroad" if _ABROAD.search(lowered) else "in"
    return replace(across, kinds=frozenset(kinds), direction=direction, origin=origin)


# "Chinese delegations travelling abroad": visits out of the visitors' own country.
_ABROAD = re.compile(r"\babroad\b|\b(?:travell?(?:ing|ed)?|went|go(?:ing)?|trips?|visits?)\s+(?:overseas|out\s+of)\b")
_MOVES = _words("travel travels travelling traveling travelled traveled abroad overseas going went trip trips go")


def _terms(rest: str, structural: bool = False) -> tuple[tuple[str, ...], ...]:
    """The word groups a sentence must hold to be about what the question asks ("a university
    campus or a university laboratory" -> (university,), (campus, laboratory)); relation verbs
    ("received or hosted") stand for all their forms. With ``structural``, dates, names and
    kinds of event are left to the event table."""
    rest = re.split(r",\s*(?:and|according|either|or|as)\b|\?|,\s*(?=in\s|from\s|since\s|before\s|between\s)", rest)[0]
    rest = _TOPIC_VERBS.sub(" ", rest)
    rest = re.sub(
        r"\b(?:t(?:ook|ake|akes|aken|aking)\s+place|happen(?:ed|s)?|occur(?:red|s)?)\b", " ", rest, flags=re.I
    )
    if structural:
        rest = re.sub(
            rf"\b(?:in|since|before|after|until|between|from)\s+(?:{_MONTH}\s+)?{_YEAR}(?:\s+(?:and|to)\s+{_YEAR})?",
            " ",
            rest,
            flags=re.I,
        )
        rest = re.sub(
            r"\b(?:from|to|by|with|at)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w'’-]*)*", " ", rest
        )
        rest = re.sub(r"\bus\b", " ", rest)
        rest = re.sub(r"\b[A-Z][\w'’-]*(?:\s+(?:of\s+|and\s+|for\s+)?[A-Z][\w'’-]*)*", " ", rest)
    groups: list[tuple[str, ...]] = []
    pending_or = False
    rest = _RANK.sub(lambda m: m.group(0).replace(" ", "_"), rest)
    for word in re.findall(r"[A-Za-z][\w'’-]*|(?<=[A-Za-z] )\d+\b|\bor\b", rest):
        low = word.lower()
        if "_" in low:  # "deputy mayor" is one title, not a deputy and a mayor
            rank, title = low.split("_", 1)
            groups.append((f"{rank} {_stem(title)}",))
            pending_or = False
            continue
        if low.isdigit():
            groups.append((f"{low} ",))  # "Building 7": the number as a whole word
            continue
        if low == "or":
            pending_or = bool(groups)
            continue
        if low in _SCAFFOLD or low in _LIGHT_VERBS or low in _STOP or re.fullmatch(_YEAR, low) or len(low) < 3:
            continue
        if structural and (
            low in _KIND_WORDS or low.rstrip("s") in _KIND_WORDS or low in _RECORD_WORDS or low in _MOVES
        ):
            continue
        forms = _forms_of(low)
        if forms in groups:
            # "a university campus or a university laboratory": the second "university" adds nothing
            # (the alternative to "campus" is still to come); "received or hosted by a mayor": "hosted"
            # is the alternative to "received" and closes it, "mayor" is a group of its own
            pending_or = pending_or and forms != groups[-1]
            continue
        if pending_or and groups:
            groups[-1] = tuple(dict.fromkeys(groups[-1] + forms))
        else:
            groups.append(forms)
        pending_or = False
    return _with_premises(groups)


# A rank before a title makes another title ("deputy mayor", "vice president", "former speaker").
_RANK = re.compile(r"\b(?:deputy|vice|assistant|acting|former|associate)\s+[a-z]{3,}\b", re.I)
# Nouns for the grounds of a body ("a university campus", "the company's premises"): a report says
# the same by naming the body as the place ("met in Nanyang Technological University").
_PREMISES = ("campu", "premis", "ground", "headquart")


def _with_premises(groups: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """A group holding a premises noun after a body's word ("university campus") is also held by
    "in / at / to ... <Name> University": its form "@univers" (see ``_holds``)."""
    for at in range(1, len(groups)):
        body = groups[at - 1]
        if len(body) == 1 and not body[0].startswith("@") and any(f in _PREMISES for f in groups[at]):
            groups[at] = (*groups[at], f"@{body[0]}")
    return tuple(groups)


def _forms_of(word: str) -> tuple[str, ...]:
    """How a word may be written in a report: its stem, a relation's other verbs, MoU for memorandum."""
    if relation := _RELATION_OF_WORD.get(word):
        return _RELATION_GROUPS[relation]
    if word.startswith("memorand"):
        return ("memorand", "mou ")
    if word in ("mou", "mous"):
        return ("memorand", "mou ")
    if word.startswith(("decision", "decide")):
        # a decision is recorded by its verb ("approved", "passed", "resolved", "carried", "adopted")
        return ("decis", "decid", "approv", "passed", "resolv", "carried", "adopt", "agreed ", "consensus")
    if word in ("head", "heads", "leader", "leaders"):
        # the head of a body is written by its title ("President", "Vice-Chancellor", "Rector")
        return ("head", "leader", "president", "chancellor", "rector", "principal", "director", "chair", "dean")
    return (_stem(word),)


def _stem(word: str) -> str:
    """The start of a word its other forms share: "policy" -> "polic", "unanimously" -> "unanimou"."""
    word = plain(word)
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]  # "tours" -> "tour"
    return word if len(word) <= 5 else word[: max(5, len(word) - 3)]


def _measure(lowered: str) -> tuple[str, bool] | None:
    """What a figure over time counts or measures: ("companies", False), ("total income", True)."""
    match = _MEASURE.search(lowered)
    if not match:
        return None
    if match.group("money"):
        return match.group("money"), True
    noun = (match.group("noun") or match.group("noun2") or match.group("noun3")).strip()
    noun = re.sub(r"^(?:most|fewest|least|more|fewer|many|largest|highest|lowest)\s+", "", noun)
    return noun, False


def _qualifiers(lowered: str, measure: str) -> tuple[str, ...]:
    """What narrows a measure: "the number of companies incubated by the center" -> ("incubated",)."""
    at = lowered.find(measure)
    if at < 0:
        return ()
    clause = re.split(
        r"\b(?:change|changed|grow|grew|from|between|since|over|each|every|per|in|at|during|evolve|develop|rise|fall|increase|decrease|did|has|have|was|were)\b",
        lowered[at + len(measure) :],
    )[0]
    return tuple(w for w in re.findall(r"[a-z][\w-]+", clause) if w.endswith(("ed", "ing")) and w not in _SCAFFOLD)


def _compare(text: str, lowered: str, base: Across) -> Across | None:
    if m := _MORE.search(lowered):
        periods = tuple((y, f"{y}-01-01", f"{y}-12-31") for y in (m.group("a"), m.group("b")))
        noun_match = re.search(rf"\b({_ITEM_NOUNS})\b", lowered)
        across = replace(
            base,
            mode="compare",
            order="more" if m.group("order") == "more" else "fewer",
            periods=periods,
            noun=noun_match.group(1) if noun_match else "visits",
            date_from=None,
            date_to=None,
        )
        return _with_kinds(across, lowered)
    if (m := _FIRST.search(lowered)) and re.search(r"\s+or\s+", lowered):
        # "which came first, A or B?": a choice between named things ("What concept, discovered by
        # Black, was later found by Watt?" offers none)
        options = _options(text)
        if len(options) >= 2:
            order = (m.group("order") or m.group("order2") or "first").lower()
            return replace(
                base,
                mode="compare",
                order="first" if order in ("first", "earlier", "earliest") else "last",
                parts=options,
            )
    if (
        (m := _MOST.search(lowered))
        and (measure := _measure(lowered))
        and re.match(r"^\s*(?:in\s+)?(?:which|what)\b", lowered)
    ):
        order = "most" if m.group("order").lower() in ("most", "largest", "biggest", "highest", "greatest") else "least"
        return replace(base, mode="compare", order=order, measure=measure[0], money=measure[1])
    return None


def _options(text: str) -> tuple[str, ...]:
    """ "Which came first, the Nantong visit or the Suzhou visit?" -> ("Nantong visit", "Suzhou visit")."""
    tail = text.split(",", 1)[1] if "," in text else re.split(r"\b(?:first|earlier|last|later)\b", text, maxsplit=1)[-1]
    tail = re.sub(r"^\s*(?:the\s+)?", "", tail.rstrip(" ?"))
    options = [re.sub(r"^\s*(?:the|a|an)\s+", "", o).strip() for o in re.split(r",\s*|\s+or\s+", tail)]
    return tuple(o for o in options if o)
