"""What a question asks for, read with rules (no model, no spaCy: this is on the query path).

:func:`analyse` finds the expected kind of answer (a person, a date, a place, a number, a
reason, a role), the relation asked about ("received", "led", "chaired" ... with their passive
and noun forms), the person whose role is asked ("What position does X hold?"), and the
constraints the question names: years, month-years and capitalised names. The answerer uses it
to choose sentences, to answer from the who's who, and to notice when the reports cannot answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Relations between people and events, each with the words that express it.
RELATIONS: dict[str, tuple[str, ...]] = {
    "visited": ("visited", "visit", "came", "come", "travelled", "traveled", "toured", "delegation from", "from"),
    "hosted": ("received", "receive", "hosted", "host", "hosts", "welcomed", "welcome", "met", "greeted", "greet"),
    "led": ("led", "lead", "leads", "headed", "head of the delegation", "leader", "at the head of", "spearheaded"),
    "chaired": ("chaired", "chair", "chairs", "presided"),
    "signed": ("signed", "sign", "represented", "represent", "signatory"),
    "presented": ("presented", "present", "spoke", "speak", "speaker", "introduced", "described"),
    "attended": ("attended", "attend", "took part", "participated", "present at"),
    # Motions in minutes: "Proposed by P. Baxter, seconded by J. Kelly".
    "seconded": ("seconded", "second", "seconder"),
    "moved": ("moved", "proposed", "mover", "proposer", "put forward"),
    # Who is in charge of a thing, or to be written to: answered by a person's name.
    "responsible": (
        "coordinates", "coordinated", "coordinate", "coordinator", "manages", "managed", "manage", "oversees",
        "oversaw", "oversee", "supervises", "supervised", "supervise", "in charge", "responsible", "addressed to",
        "contact", "contacted",
    ),
    "recorded": (
        "took the minutes", "take the minutes", "minutes taken", "minute taker", "recorded by", "took notes",
        "note taker", "rapporteur",
    ),
}  # fmt: skip
# Which event field answers a relation.
EVENT_FIELDS = {"visited": "visitors", "hosted": "hosts", "led": "led_by", "chaired": "led_by", "attended": "hosts"}

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b(?!['’]?s\b)")  # not a decade ("the 1950s")
_MONTH_YEAR = re.compile(rf"\b({_MONTHS})\.?\s+(19[5-9]\d|20\d\d)\b", re.I)
_ROLE_QUESTION = re.compile(
    r"^\s*(?:what\s+(?:position|role|job|title|post|function)s?\s+(?:does|did|do)\s+(?P<a>.+?)\s+(?:hold|have|had|occupy|fill)"
    r"|what\s+(?:is|was|are)\s+(?P<b>.+?)['’]s?\s+(?:position|role|job|title|post|function)"
    r"|what\s+(?:is|was)\s+the\s+(?:position|role|job|title|post)\s+of\s+(?P<c>.+?)"
    r"|who\s+(?:is|was)\s+(?P<d>(?:Mr|Ms|Mrs|Dr|Prof)?\.?\s*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})"
    # "What body did X work for?", "Which organisation does X represent?": the role's organisation
    r"|(?:what|which)\s+(?:body|organi[sz]ation|institution|agency|company|department|ministry|employer)\s+"
    r"(?:does|did|do)\s+(?P<e>.+?)\s+(?:work\s+(?:for|at|in)|belong\s+to|represent)"
    r"|who\s+(?:does|did)\s+(?P<f>.+?)\s+work\s+for)"
    r"(?P<rest>\b.*?)?\??\s*$",
    re.I,
)
_ROLE_OF = re.compile(
    r"^\s*who\s+(?:is|was)\s+the\s+(?P<role>[a-z][\w -]*?)\s+of\s+(?:the\s+)?(?P<org>.+?)\??\s*$", re.I
)
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d\d)\s?[-–/]\s?((?:19|20)?\d\d)(?!\d)")  # "report_2021-22.pdf" too


def periods_named(text: str) -> set[str]:
    """The financial years a text names, as "2020-21" ("2020-21", "2020/21", "2020-2021")."""
    return {
        f"{first}-{second[-2:]}"
        for first, second in _PERIOD.findall(text)
        if int(second[-2:]) == (int(first) + 1) % 100
    }


_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'’-]*)*")
# A place and the kind of facility asked about: "the Suzhou sub-center", "an office in Tokyo".
_FACILITY = re.compile(
    r"\b(?P<name>[A-Z][\w-]+)(?<!['’]s)\s+(?P<kind>sub-?cent(?:er|re)|office|branch|campus|laboratory|factory|plant)\b",
    re.I,
)
# Words that start a question without being a name ("Along with ...", "Name a ...").
_OPENERS = {
    "along", "with", "name", "list", "give", "describe", "identify", "state", "tell", "according", "after", "before",
    "during", "for", "from", "by", "as", "at", "besides", "apart", "other", "than", "since", "until", "to", "into",
    "under", "over", "between", "among", "if", "despite", "following", "in", "on", "of", "about", "most", "many",
    "some", "each", "every", "all", "both", "one", "another", "approximately", "roughly", "nearly", "around",
}  # fmt: skip
_QUESTION_WORDS = {
    "who", "whom", "whose", "what", "when", "where", "which", "why", "how", "is", "was", "are", "were", "did", "does",
    "do", "the", "a", "an", "in", "on", "of", "mr", "ms", "mrs", "dr", "prof",
}  # fmt: skip
_HONORIFIC = re.compile(r"^(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+")
# Offices a who-question may name the person by: "Which minister ...?", "the Mayor who ...".
OFFICES = (
    "mp", "minister", "mayor", "governor", "ambassador", "consul", "senator", "councillor", "councilor", "speaker",
    "president", "vice-president", "chairman", "chairwoman", "chair", "chairperson", "director", "director-general",
    "secretary", "treasurer", "dean", "rector", "chancellor", "vice-chancellor", "provost", "ceo", "commissioner",
    "premier", "clerk", "envoy", "attaché", "spokesperson",
)  # fmt: skip
_OFFICE_ASKED = re.compile(
    r"^\s*(?:which|what)\s+(?:[A-Z][\w-]*\s+)?(?P<a>" + "|".join(OFFICES) + r")s?\b"
    r"|\bname\s+of\s+the\s+(?:[A-Z][\w-]*\s+)?(?P<b>" + "|".join(OFFICES) + r")\b"
    r"|^\s*who\s+(?:is|was)\s+the\s+(?:[A-Z][\w-]*\s+)?(?P<c>" + "|".join(OFFICES) + r")\s+(?:who|that)\b",
    re.I,
)
# A question about an amount of money: "How much did the mission cost?", "What deficit ...?"
_MONEY_ASKED = re.compile(
    r"\b(?:cost|costs|paid|pay|pays|charge|charged|charges|spend|spent|budget(?:ed)?|fund(?:ed|ing)?|earn(?:ed|s)?|"
    r"revenue|income|price|fee|fees|value|worth|raised?|donat\w+|grant(?:ed)?|salary|deficit|surplus|balance|"
    r"profit|loss|expenditure|turnover|investment|invested)\b",
    re.I,
)
# A unit of measure a number is asked in: "how much land ... in hectares?"
_UNIT = re.compile(
    r"\b(?:in|of)\s+((?:square\s+|cubic\s+)?(?:hectares?|acres?|met(?:er|re)s?|kilomet(?:er|re)s?|miles?|feet|"
    r"tons?|tonnes?|kilograms?|mu))\b"
)  # currencies and percentages are left out: reports write them as symbols ($, ¥, %) too


@dataclass(frozen=True)
class Question:
    text: str
    expects: str  # person | date | place | number | reason | role | other
    relation: str | None = None  # a key of RELATIONS, for who-questions
    subject: str | None = None  # the person whose role is asked
    role_of: tuple[str, str] | None = None  # ("general manager", "Hefei High-tech Zone") in "who is the X of Y"
    years: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()  # financial years named, as "2020-21" (see :func:`periods_named`)
    month_years: tuple[tuple[str, str], ...] = ()  # (month name, year)
    names: tuple[str, ...] = ()  # capitalised names the question uses
    facilities: tuple[str, ...] = ()  # "Suzhou sub-center": a place and a kind of facility
    unit: str | None = None  # "in hectares": the unit a number is asked in
    kind_asked: str | None = None  # "which sub-center ...": the kind of thing the answer names
    counted: str | None = None  # "how many pharmaceutical companies": what is counted ("companies")
    party: str | None = None  # "signed ... for X": the party asked about
    now: bool = False  # "now", "currently": the newest role
    office: str | None = None  # "Which minister ...?": the office the person asked for holds
    money: bool = False  # "How much did it cost?": the number asked for is an amount of money

    @property
    def asks_role(self) -> bool:
        return self.expects == "role"


def analyse(question: str) -> Question:
    text = " ".join(question.split())
    lowered = text.lower()
    # A year after "after", "since" or "before" dates a point of reference, not the answer.
    reference = re.sub(r"\b(after|since|before|following|until)\b[^?]*", " ", text, flags=re.I)
    years = tuple(dict.fromkeys(_YEAR.findall(reference)))
    periods = tuple(sorted(periods_named(text)))
    month_years = tuple(dict.fromkeys((m.lower()[:3], y) for m, y in _MONTH_YEAR.findall(reference)))
    names = _names(text)
    facilities = tuple(
        f"{m.group('name')} {m.group('kind')}"
        for m in _FACILITY.finditer(text)
        if m.group("name")[:1].isupper() and m.group("name").lower() not in _QUESTION_WORDS | _OPENERS
    )
    party_match = re.search(r"\bfor\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w'’-]*)*)", text)
    party = party_match.group(1) if party_match else None
    now = bool(re.search(r"\b(now|currently|today|at present)\b", lowered))
    unit = _UNIT.search(lowered)
    counted = _counted(lowered)
    which = re.match(r"^\s*(?:in\s+|from\s+|at\s+)?which\s+([a-z][\w-]+)", lowered)
    if role := _ROLE_QUESTION.match(text):
        subject = _HONORIFIC.sub("", next(g for g in role.group("a", "b", "c", "d", "e", "f") if g)).strip()
        # "Song Zhiping, a member of the Wuhan delegation,": the name before its apposition
        subject = re.sub(r"['’]s$", "", subject.split(",")[0].strip())
        if subject[:1].isupper() and not subject.lower().startswith("the "):
            return Question(
                text,
                "role",
                subject=subject,
                years=years,
                periods=periods,
                month_years=month_years,
                names=names,
                now=now,
            )
    if role_of := _ROLE_OF.match(text):
        return Question(
            text,
            "person",
            role_of=(role_of.group("role"), role_of.group("org")),
            years=years,
            periods=periods,
            month_years=month_years,
            names=names,
        )
    office_match = _OFFICE_ASKED.search(text)
    office = next(g for g in office_match.group("a", "b", "c") if g).lower() if office_match else None
    expects = "person" if office else _expected(lowered)
    relation = _relation(lowered) if expects == "person" else None
    # An amount of money: "how much did it cost / was paid", "what deficit / balance"; not "what
    # is the rate of change of electric charge".
    money = (
        expects == "number"
        and unit is None
        and not counted
        and bool(_MONEY_ASKED.search(lowered))
        # "how large was the grant" asks its amount
        and (
            bool(re.search(r"\bhow\s+(?:much|large|big)\b", lowered))
            or bool(_MEASURE_ASKED.match(_LEAD_IN.sub("", lowered)))
        )
    )
    return Question(
        text,
        expects,
        relation,
        years=years,
        periods=periods,
        month_years=month_years,
        names=names,
        facilities=facilities,
        unit=unit.group(1) if unit else None,
        kind_asked=which.group(1) if which else None,
        counted=counted,
        party=party,
        now=now,
        office=office,
        money=money,
    )


_LEAD_IN = re.compile(
    r"^\s*(?:at|in|on|during|according\s+to|for|after|before|following)\b[^,?]{0,100},\s*"
    # "At what time ...", "In what year ...", "For how many years ...": the question word follows
    r"|^\s*(?:at|in|on|for|from|by|to|with|during|until|since)\s+(?=(?:what|which|how|whom|whose)\b)"
)
# "what was the total income", "what was Reliance's net profit": a measure asked for (also
# verify.py's figure questions, which it checks for a figure).
MEASURE_QUESTION = (
    r"what\s+(?:(?:was|is|were|are|will\s+be)\s+)?(?:the\s+)?(?:[a-z][\w.&-]*['’]s?\s+)?"
    r"(?:total\s+|annual\s+|current\s+)?(?:[a-z]+\s+)?"
    r"(?:deficit|surplus|balance|budget|cost|price|fee|revenue|income|profit|salary|population|"
    r"percentage|pass\s+mark|turnover|headcount|expenditure|spending|sales|debt|earnings)\b"
)
_MEASURE_ASKED = re.compile(rf"^\s*{MEASURE_QUESTION}")
# "What were the executives hoping to find?", "What did the delegation seek to learn?"
_PURPOSE_ASKED = re.compile(
    r"^\s*what\s+(?:was|were|is|are|did|do|does|had|has|have)\s+(?:[\w'’-]+\s+){1,8}?"
    r"(?:hop(?:e|ed|ing)|seek(?:ing)?|sought|aim(?:ed|ing)?|wish(?:ed|ing)?|look(?:ing)?)\s+to\b"
)


def _expected(lowered: str) -> str:
    # "At the extraordinary meeting, who seconded ...?": the question starts after the lead-in;
    # "When a T cell finds ..., what does it release?" asks its question after the comma.
    lowered = _LEAD_IN.sub("", lowered)
    if clause := re.match(r"^\s*when\s+[^?]*?,\s*(?=(?:what|which|who|whom|where|how|why)\b)", lowered):
        lowered = lowered[clause.end() :]
    if _MEASURE_ASKED.match(lowered):
        return "number"
    if re.match(r"^\s*(who|whom|whose)\b", lowered) or re.match(r"^\s*which\s+(person|people|official)", lowered):
        return "person"
    if re.match(r"^\s*(when|what\s+(date|day|time|year|month))\b", lowered) or "what date" in lowered:
        return "date"
    if re.match(r"^\s*where\b", lowered) or re.match(
        r"^\s*(in\s+)?which\s+(city|town|village|place|venue|building|room|hall|hotel|campus|country|province|university)\b",
        lowered,
    ):
        return "place"
    if re.match(r"^\s*how\s+(many|much|large|big|long|far|old)\b", lowered) or re.search(
        r"\b(total|number of|amount|budget|income|expenditure|revenue|how much|how many)\b", lowered
    ):
        return "number"
    if re.match(r"^\s*why\b", lowered) or re.search(
        r"\b(for what reason|what (is|was|were|are) the (?:\w+ )?(?:reason|cause)s?)\b", lowered
    ):
        return "reason"
    if _PURPOSE_ASKED.match(lowered):
        return "reason"  # what someone hoped or sought to do is answered by their purpose
    return "other"


_VERBS = {"came", "took", "went", "met", "made", "got", "gave", "left", "saw", "won", "signed", "joined"}
_AUXILIARIES = {"do", "does", "did", "are", "were", "is", "was", "have", "has", "had", "will", "can", "could", "would"}


_MEASURE_ADJECTIVES = {"long", "wide", "high", "tall", "deep", "old", "far", "away", "thick", "large", "big"}


def _counted(lowered: str) -> str | None:
    """What a how-many question counts: the noun before its verb ("how many pharmaceutical
    companies does ..." -> "companies"), or else the word after "how many" ("how many people came")."""
    match = re.search(r"\bhow\s+many\s+(.*)", lowered)
    if not match:
        return None
    # "how many kilometres long is the route", "how many votes in total does": the measure's
    # adjective and "in total" are no nouns
    rest = re.sub(r"\b(?:in\s+total|in\s+all|altogether|overall)\b", " ", match.group(1))
    words = [w for w in re.findall(r"[a-z][a-z-]*", rest)[:5] if w not in _MEASURE_ADJECTIVES]
    for at, word in enumerate(words):
        # the counted noun stands before the verb: "how many safire participants attended"
        if word in _AUXILIARIES or (at and (word.endswith("ed") or word in _VERBS)):
            return words[at - 1] if at else None
    return words[0] if words else None


def _relation(lowered: str) -> str | None:
    lowered = _LEAD_IN.sub("", lowered)
    # The most specific first: "headed the delegation from X" is about who led it.
    for relation in (
        "recorded",
        "seconded",
        "moved",
        "led",
        "chaired",
        "signed",
        "hosted",
        "presented",
        "attended",
        "visited",
        "responsible",
    ):
        if uses_relation(lowered, relation):
            return relation
    if "from" in re.findall(r"[a-z]+", lowered):  # "Who came from Nantong?" without a verb of its own
        return "visited"
    return None


def uses_relation(text: str, relation: str) -> bool:
    """Whether ``text`` (a question or a sentence) uses one of the words of ``relation``
    ("received", "hosts", "led", "minutes taken" ...); "from" alone is no verb of visiting."""
    words = " " + " ".join(re.findall(r"[a-z]+", text.lower())) + " "
    return any(f" {form} " in words for form in RELATIONS[relation] if form != "from")


def _names(text: str) -> tuple[str, ...]:
    """Capitalised names of one or two words (a name and its head noun, "Suzhou sub-center",
    counts as one), without question words, openers, months and honorifics. Longer titles
    ("Prime Minister of East Germany") are left out: reports paraphrase them too freely for a
    name the answer must repeat."""
    found = []
    for match in _NAME.finditer(text):
        for part in re.split(r"['’]s?(?=\s|$)|['’]s\b", _HONORIFIC.sub("", match.group(0))):
            words = part.split()
            at_start = match.start() == 0
            while words and (
                words[0].lower() in _QUESTION_WORDS
                or (at_start and words[0].lower() in _OPENERS)
                or re.fullmatch(_MONTHS, words[0].lower())
            ):
                words = words[1:]
                at_start = False
            if 0 < len(words) <= 2 or (len(words) == 3 and not words[-1][:1].isupper()):
                found.append(" ".join(words))
    return tuple(dict.fromkeys(found))
