"""Questions across reports: lists, counts, comparisons, figures over time, topics and histories.

A question no single report answers -- "Which delegations visited us in 2022?", "How many came
from Jiangsu?", "How did the number of companies in the Lianyungang sub-center change from 2022
to 2024?", "In which reports is the biomedicine forum mentioned?", "Every meeting Chen Meiling
attended?" -- is answered here from the event table and the who's who (whoswho.py), from figures
read in the reports' sentences, and from a scan of every report; passage retrieval would give
the top few passages only. Every item is a :class:`~reportqa.types.Row` citing its sentence; the
answer starts with a one-line summary. :func:`answer_across` returns None for any other question,
which the answerer then answers from one report.

Rules only, no model: this is on the query path.
"""

from __future__ import annotations

import fnmatch
import re
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ._util import mostly_cjk
from .chunk import split_sentences
from .question import RELATIONS, analyse
from .types import Answer, Chunk, Citation, Hit, Row
from .verify import carries, constraint_names, constraint_words, figures, holds_money, plain
from .whoswho import name_key

if TYPE_CHECKING:
    from .answer import Answerer
    from .filters import Filters
    from .retrieve import Retriever
    from .types import Participant
    from .whoswho import Directory, Entity, RoleRecord, TimelineEvent

NOT_FOUND = "The reports don't answer this question."

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
    text = " ".join(question.split())
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
    if match := _COUNT.match(lowered):
        noun = match.group("noun") or "delegations"
        return _with_kinds(replace(base, mode="count", noun=noun.lower()), lowered)
    if (match := _TOPIC.match(text)) and (rest := match.group("rest") or match.group("rest2")):
        scope = (match.group("scope") or "reports").lower()
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
    """ "... in the 2020 A agreement and the 2019 B agreement" -> one question per named thing."""
    for match in re.finditer(r"\s+and\s+(?:(?P<prep>in|by|at|for|from|during|of|on)\s+)?(?=the\s+)", body):
        left, right = body[: match.start()], body[match.end() :]
        prep = match.group("prep")
        pattern = rf"\s({prep})\s+(?=the\s)" if prep else r"\s(in|by|at|for|from|during|of|on)\s+(?=the\s)"
        opening = list(re.finditer(pattern, left))
        if not opening:
            continue
        at = opening[-1]
        a, b = left[at.end() :], right
        if _specific(a) and _specific(b) and re.match(r"^\s*(?:what|how|who|whom|which|when|where)\b", body, re.I):
            head = left[: at.start()] + f" {at.group(1)} "
            return (_as_question(head + a), _as_question(head + b))
    return ()


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
        direction = "in"
    return replace(across, kinds=frozenset(kinds), direction=direction, origin=origin)


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
    for word in re.findall(r"[A-Za-z][\w'’-]*|(?<=[A-Za-z] )\d+\b|\bor\b", rest):
        low = word.lower()
        if low.isdigit():
            groups.append((f"{low} ",))  # "Building 7": the number as a whole word
            continue
        if low == "or":
            pending_or = bool(groups)
            continue
        if low in _SCAFFOLD or low in _LIGHT_VERBS or low in _STOP or re.fullmatch(_YEAR, low) or len(low) < 3:
            continue
        if structural and (low in _KIND_WORDS or low.rstrip("s") in _KIND_WORDS or low in _RECORD_WORDS):
            continue
        forms = _forms_of(low)
        if forms in groups:
            continue  # "a university campus or a university laboratory": the second "university" adds nothing
        if pending_or and groups:
            groups[-1] = tuple(dict.fromkeys(groups[-1] + forms))
        else:
            groups.append(forms)
        pending_or = False
    return tuple(groups)


def _forms_of(word: str) -> tuple[str, ...]:
    """How a word may be written in a report: its stem, a relation's other verbs, MoU for memorandum."""
    if relation := _RELATION_OF_WORD.get(word):
        return _RELATION_GROUPS[relation]
    if word.startswith("memorand"):
        return ("memorand", "mou ")
    if word in ("mou", "mous"):
        return ("memorand", "mou ")
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


# --- the reports' sentences, per report, kept per index generation ----------------------------


@dataclass(frozen=True)
class _Sentence:
    doc_id: str
    start: int  # offsets in the report's text
    end: int
    text: str
    chunk: Chunk

    @property
    def heading(self) -> bool:
        text = self.text.strip()
        return text.startswith("#") or (
            len(text) < 70
            and not re.search(r"[.!?:;。]\s*$", text)
            and not re.search(r"\d", text[-12:])
            and len(text.split()) <= 9
        )


class _Reading:
    """What is read from one index generation's reports at query time: their sentences, the
    places they say contain others, and the home institution."""

    def __init__(self, retriever: Retriever, directory: Directory):
        self.retriever = retriever
        self.directory = directory
        self.records = {d.doc_id: d for d in retriever.documents() if not d.same_as}
        self._sentences: dict[str, list[_Sentence]] = {}
        self._lock = threading.Lock()
        self._home: str | bool | None = False

    def sentences(self, doc_id: str) -> list[_Sentence]:
        with self._lock:
            kept = self._sentences.get(doc_id)
        if kept is not None:
            return kept
        found: dict[tuple[int, int], _Sentence] = {}
        for chunk in self.retriever.passages_of(doc_id):
            soft = chunk.source.lower().endswith(".pdf")
            for span in split_sentences(chunk.text, 0, len(chunk.text), soft_newlines=soft):
                key = (chunk.start + span.start, chunk.start + span.end)
                if key not in found:
                    found[key] = _Sentence(doc_id, key[0], key[1], chunk.text[span.start : span.end], chunk)
        sentences = [found[k] for k in sorted(found)]
        with self._lock:
            self._sentences[doc_id] = sentences
        return sentences

    def sentence_at(self, doc_id: str, start: int, end: int) -> _Sentence | None:
        """The sentence holding report offsets start..end (a field's evidence), or a passage slice."""
        for sentence in self.sentences(doc_id):
            if sentence.start <= start < sentence.end or (start <= sentence.start < end):
                return sentence
        return None

    @property
    def home(self) -> str | None:
        """The institution whose archive this is: the body most often among the hosts of visits."""
        if self._home is False:
            counts: Counter[str] = Counter()
            for item in self.directory.events:
                for person in item.event.hosts:
                    if person.organisation:
                        counts[person.organisation] += 1
                    elif person.kind == "org":
                        counts[person.name] += 1
            top = counts.most_common(1)
            self._home = top[0][0] if top and top[0][1] >= 3 else None
        return self._home if isinstance(self._home, str) else None


_READINGS: weakref.WeakKeyDictionary[Directory, _Reading] = weakref.WeakKeyDictionary()
_READINGS_LOCK = threading.Lock()


def _reading(retriever: Retriever) -> _Reading:
    directory = retriever.directory()  # one object per index generation
    with _READINGS_LOCK:
        reading = _READINGS.get(directory)
        if reading is None or reading.retriever is not retriever:
            reading = _READINGS[directory] = _Reading(retriever, directory)
        return reading


# --- answering ---------------------------------------------------------------------------------


@dataclass
class _Item:
    """A row before it is numbered: the sentence that cites it."""

    date: str | None
    kind: str
    doc_id: str
    sentence: _Sentence
    who: str = ""
    value: str = ""
    quote_end: int | None = None  # a quote running on into the next sentence
    quote_start: int | None = None
    sort: float | None = None
    extra: dict = field(default_factory=dict)


def answer_across(question: str, answerer: Answerer, filters: Filters | None = None) -> Answer | None:
    """The answer to a question across reports, or None when ``question`` is not one (the
    answerer then answers it from one report)."""
    across = read_across(question)
    if across is None:
        return None
    retriever = answerer.retriever
    directory = retriever.directory()
    reading = _reading(retriever)
    allowed = _allowed(reading, filters)
    if across.mode == "compound":
        return _compound_answer(question, across, answerer, filters)
    if across.mode == "history":
        return _history(question, across, reading, allowed)
    if across.mode == "trend":
        return _trend(question, across, reading, allowed)
    if across.mode == "compare":
        return _compare_answer(question, across, reading, allowed)
    if across.mode == "topic":
        return _topic(question, across, reading, allowed)
    if not directory.events and not across.terms:
        return None
    return _listing(question, across, reading, allowed)


def _allowed(reading: _Reading, filters: Filters | None) -> set[str]:
    """Ids of the reports the filters let through (all reports without filters)."""
    docs = dict(reading.records)
    if filters is None or not filters.active:
        return set(docs)
    kept = set()
    mentioning = reading.directory.doc_ids_for(filters.entities) if filters.entities else None
    for doc_id, record in docs.items():
        if filters.documents and not any(doc_id == p or fnmatch.fnmatch(record.source, p) for p in filters.documents):
            continue
        if filters.date_from and not (record.date and record.date >= filters.date_from):
            continue
        if filters.date_to and not (record.date and record.date <= filters.date_to):
            continue
        if mentioning is not None and doc_id not in mentioning:
            continue
        kept.add(doc_id)
    return kept


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
    if not event.visitors and not event.led_by:
        record = reading.records.get(item.doc_id)
        texts.append(record.title if record else "")
    side = plain(" ".join(texts))
    places = [across.origin, *_inside(across.origin, reading)]
    return any(re.search(rf"\b{re.escape(plain(p))}\b", side) for p in places)


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


def _unknown_names(across: Across, reading: _Reading) -> list[str]:
    """Names of the question (a place of origin) that no report mentions."""
    if not across.origin:
        return []
    if reading.directory.find(across.origin) or any(
        plain(across.origin) in reading.retriever.report_text(d) for d in reading.records
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
    people = event.led_by or event.visitors if event.kind == "visit" else (event.led_by or event.hosts)
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
        detail = ", ".join(x for x in (person.role, person.organisation) if x)
        shown.append(f"{person.name} ({detail})" if detail else person.name)
    return "; ".join(shown)


_PARTY_LINE = re.compile(
    r"\b(?:party\s+[ab12]|between|signed\s+(?:for|by|with|in)|signatories|on\s+behalf\s+of|represented\s+by|parties)\b",
    re.I,
)


_BODY_WORDS = re.compile(
    r"\b(?:bureau|committee|cent(?:er|re)|university|administration|port|park|department|council|institute|company|"
    r"foundation|association|ministry|government|agency|office|commission|chamber|college|school|hospital|bank|"
    r"corporation|group|federation|society|authority|zone|society|academy|laborator(?:y|ies))\b",
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
    if "visit" in across.kinds:
        record = reading.records[doc_id]
        return bool(
            re.search(
                r"visit|delegation|mission|study[ -]tour|courtesy[ -]call|trip", f"{record.title} {record.source}", re.I
            )
        )
    return False


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
        held = sum(1 for group in terms if _holds(text, group))
        if held < needed:
            # a sentence may lean on its report's title for the rest ("the sub-center" of a report on Lianyungang)
            held_with_title = sum(1 for group in terms if _holds(text, group) or _holds(title, group))
            if held == 0 or held_with_title < len(terms):
                continue
            score = held - 0.5
        else:
            score = float(held)
        score += 0.25 * _near_pairs(text, terms)
        if sentence.heading:
            score -= 0.75
        if holds is not None and not holds(
            sentence.text + " " + (sentences[at + 1].text if at + 1 < len(sentences) else "")
        ):
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
    if at > 0 and re.match(
        r"^\W*(?:it|its|this|these|they|their|he|she|the\s+meeting|the\s+visit)\b", sentence.text, re.I
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


def _holds(text: str, group: tuple[str, ...]) -> bool:
    return any(
        re.search(rf"\b{re.escape(form.rstrip())}" + (r"\b" if form.endswith(" ") else ""), text) for form in group
    )


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
        people = [name for kind, name in mentions if kind == "person"]
        if people:
            return ", ".join(dict.fromkeys(people))
    if "where" in across.wants:
        places = [name for kind, name in mentions if kind == "place"]
        if event and event.event.place:
            places.insert(0, event.event.place)
        if places:
            return ", ".join(dict.fromkeys(places))
    return _who(event, reading) if event else ""


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


def _figures_of(
    across: Across, subject: tuple[str, str | None] | None, reading: _Reading, allowed: set[str]
) -> list[_Item]:
    """One row per report stating the measure (about the subject), with the figure's date."""
    measure = across.measure or ""
    words = [w for w in re.findall(r"[a-z][\w-]+", measure.lower()) if w not in ("total", "annual", "number")]
    noun = words[-1] if words else measure
    qualifiers = [_stem(w) for w in (*words[:-1], *across.qualifiers)]
    items = []
    for doc_id in sorted(allowed):
        sentences = reading.sentences(doc_id)
        record = reading.records[doc_id]
        found: list[tuple[_Figure, _Sentence]] = []
        for at, sentence in enumerate(sentences):
            text = sentence.text
            if mostly_cjk(text) or not re.search(rf"\b{re.escape(_stem(noun)[:5])}", text, re.I):
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


# ... two questions in one


def _compound_answer(question: str, across: Across, answerer: Answerer, filters: Filters | None) -> Answer | None:
    reading = _reading(answerer.retriever)
    allowed = _allowed(reading, filters)
    answers = []
    for part in across.parts:
        answer = answerer.ask(part, filters)
        if answer.abstained or _only_titles(answer):
            answer = _scanned(part, reading, allowed) or answer
        answers.append(answer)
    if all(a.abstained for a in answers):
        return None
    citations: list[Citation] = []
    rows: list[Row] = []
    lines = []
    missing = []
    for part, answer in zip(across.parts, answers, strict=True):
        if answer.abstained:
            missing.append(part)
            lines.append(f"- {part} {answer.text}")
            continue
        shift = len(citations)
        text = _shifted(answer.text, shift)
        renumbered = [replace(c, n=c.n + shift) for c in answer.citations]
        citations += renumbered
        first = renumbered[0] if renumbered else None
        hit = first.hit if first else None
        rows.append(
            Row(
                date=hit.date if hit else None,
                kind="answer",
                title=hit.title if hit else "",
                source=hit.source if hit else "",
                page=hit.page if hit else None,
                who=answer.short or "",
                value=_one_line(text),
                citation=first.n if first else 0,
            )
        )
        lines.append(f"- {part} {_one_line(text)}")
    head = f"{len(across.parts)} questions in one, answered each from its own report" + (
        f" ({len(missing)} not answered by the reports)" if missing else ""
    )
    return Answer(
        question,
        head + ":\n" + "\n".join(lines),
        abstained=False,
        citations=tuple(citations),
        support=1.0,
        rows=tuple(rows),
    )


def _only_titles(answer: Answer) -> bool:
    """Whether an answer quotes nothing but its reports' titles (a heading answers no question)."""
    quoted = [c.hit.text[start:end] for c in answer.citations for start, end in (c.spans or ((c.start, c.end),))]
    titles = {" ".join(c.hit.title.split()).lower().rstrip(".") for c in answer.citations}
    return bool(quoted) and all(" ".join(q.split()).lower().rstrip(".") in titles for q in quoted)


def _shifted(text: str, by: int) -> str:
    """Citation markers [n] renumbered by ``by`` (a part's answer placed after another's)."""
    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + by}]", text)


def _scanned(question: str, reading: _Reading, allowed: set[str]) -> Answer | None:
    """A part of a compound question that the passages did not answer, from a scan of the one
    report it names: the report naming every name of the question, its sentence holding the
    most of the question's words (a figure for "how many" and "what ... total")."""
    words = constraint_words(question)
    reports = [d for d in sorted(allowed) if words and carries(reading.retriever.report_text(d), words)]
    if len(reports) != 1:
        return None
    terms = _terms(re.sub(r"(?<!^)\b[A-Z][\w'’.-]*", " ", question), structural=True)
    if not terms:
        return None
    asked = analyse(question)
    holds: Callable[[str], bool] | None = None
    if asked.money:
        holds = holds_money
    elif asked.expects == "number":
        holds = lambda text: bool(figures(text))  # noqa: E731
    found = _best_sentence(reports[0], terms, reading, needed=max(1, -(-len(terms) // 3)), holds=holds)
    if found is None:
        return None
    sentence, end, start = found
    item = _Item(
        reading.records[reports[0]].date,
        "mention",
        reports[0],
        sentence,
        value=sentence.text,
        quote_end=end,
        quote_start=start,
    )
    rendered = _render(question, "", [item], reading)
    return replace(rendered, text=rendered.text.split(" — ", 1)[-1])


# --- rendering -----------------------------------------------------------------------------------


def _render(
    question: str,
    summary: str,
    items: Sequence[_Item],
    reading: _Reading,
    aggregates: Sequence[_Item] = (),
    notes: tuple[str, ...] = (),
) -> Answer:
    """Summary line first, then one line per item with its [n]; the reports' own counts after."""
    numbers: dict[str, int] = {}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    chunks: dict[str, Chunk] = {}

    def cite(item: _Item) -> int:
        chunk = item.sentence.chunk
        start = (item.quote_start if item.quote_start is not None else item.sentence.start) - chunk.start
        end = (item.quote_end if item.quote_end is not None else item.sentence.end) - chunk.start
        n = numbers.setdefault(chunk.chunk_id, len(numbers) + 1)
        chunks[chunk.chunk_id] = chunk
        if (start, end) not in spans[chunk.chunk_id]:
            spans[chunk.chunk_id].append((max(0, start), min(len(chunk.text), end)))
        return n

    rows = []
    lines = []
    marker: dict[int, int] = {}
    for item in items:
        n = cite(item)
        marker[id(item)] = n
        record = reading.records[item.doc_id]
        chunk = item.sentence.chunk
        start = (item.quote_start if item.quote_start is not None else item.sentence.start) - chunk.start
        end = (item.quote_end if item.quote_end is not None else item.sentence.end) - chunk.start
        quote = _one_line(chunk.text[max(0, start) : end])
        value = item.value if item.kind in ("figure", "role") else quote
        rows.append(Row(item.date, item.kind, record.title, record.source, chunk.page, item.who, value, n))
        parts = [item.date or "undated", item.kind, record.title]
        if item.who:
            parts.append(item.who)
        if item.kind in ("figure", "role"):
            parts.append(item.value)
        lines.append(f"- {' · '.join(parts)} — {quote} [{n}]")
    summary = re.sub(r"\[\{(\d+)\}\]", lambda m: f"[{marker.get(int(m.group(1)), 0)}]", summary)
    listed = {(i.doc_id, i.sentence.start) for i in items}
    own = [a for a in aggregates if (a.doc_id, a.sentence.start) not in listed]
    if own:
        # A report's own count (every delegation the institution received, not only those with a
        # report of their own) is shown beside the count of the rows, and said to be the report's.
        told = []
        for item in own:
            n = cite(item)
            record = reading.records[item.doc_id]
            told.append(f"{item.value} ({record.title}) [{n}]")
            rows.append(
                Row(item.date, "aggregate", record.title, record.source, item.sentence.chunk.page, "", item.value, n)
            )
            lines.append(f"- {item.date or 'undated'} · the report's own count · {record.title} — "
                         f"{_one_line(item.sentence.text)} [{n}]")  # fmt: skip
        summary = summary.rstrip(".") + f"; the reports' own count{'s' if len(own) > 1 else ''}: {'; '.join(told)}."
    text = summary + "\n" + "\n".join(lines)
    citations = tuple(
        Citation(
            n=n,
            hit=Hit.of(chunks[key], 1.0),
            start=spans[key][0][0],
            end=spans[key][0][1],
            spans=tuple(sorted(spans[key])),
        )
        for key, n in numbers.items()
    )
    return Answer(question, text, abstained=False, citations=citations, support=1.0, notes=notes, rows=tuple(rows))


def _declined(question: str, note: str) -> Answer:
    return Answer(question, f"{NOT_FOUND} {note}", abstained=True)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


__all__ = ["Across", "answer_across", "read_across"]
