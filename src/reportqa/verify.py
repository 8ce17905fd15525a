"""Answer verification: before an answer is given, does its sentence (or its report) hold what
the question asks for?

- a typed answer must be in the sentence: an amount of money for "how much did it cost", a
  number bound to the counted thing for "how many students", a date for "when", a person holding
  the office for "which minister";
- an answer taken from a report's event record (who led, who received, where) must come from a
  report that carries the question's named constraints -- its places, bodies and people.

Rules only, no model: this runs on the query path for every answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ._util import place_forms, without_accents
from .question import MEASURE_QUESTION, OFFICES, Question, uses_relation

# A month's name or abbreviation (also for answer.py's patterns); "may" is a month only when
# capitalised ("as you may be aware").
MONTH_NAME = (
    r"(?:(?i:january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)|May|MAY)\.?"
)
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# What a "when" question is answered by: a year, a month, a weekday, a numeric date, a century,
# a decade or a season. "Yesterday" and "last week" are not dates a reader can use.
_DATE = re.compile(
    # a year, but not one opening an identifier ("AD 2018-23-51" has no month 23)
    r"\b(?:1\d{3}|20\d\d)\b(?![-–](?:1[3-9]|[2-9]\d)[-–]\d)|"
    r"\b(?:in|of|by|from|until|since|around|about|c\.|AD|BC|A\.D\.)\s*\d{3}\b|\b\d{3,4}\s*(?:AD|BC|CE|BCE)\b|"
    r"\b\d{1,2}(?::\d\d)?\s*(?i:am|pm|a\.m\.|p\.m\.)|\b(?i:noon|midnight|o'clock)\b|"
    rf"\b{MONTH_NAME}\b|\b(?i:{WEEKDAY})\b|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|"
    r"\b\d{1,2}(?i:st|nd|rd|th)\s+(?i:century)\b|\b\d{4}s\b|\b(?i:spring|summer|autumn|fall|winter)\s+(?:of\s+)?\d{4}\b",
)
# Numbers that are not the figure asked for: dates, times, years, ordinals and identifiers
# ("Proposal 15-04", "Course 05", "Item 1", "No.2", "Building 7").
_NOT_FIGURES = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?{MONTH_NAME}(?:\s+\d{{4}})?\b|"
    rf"\b{MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:-|–|to)\s*\d{{1,2}})?(?:,?\s+\d{{4}})?\b|"
    # "three-day", "59-year-old", "one of the": a number inside a word or a part of a whole
    r"\b[\w.]+-(?:day|week|month|year|hour|minute|member|person|people|strong|page|point|storey|story)s?\b(?:-old)?|"
    r"\bone\s+of\b|"
    r"\b\d{1,2}:\d\d(?:\s*(?:a\.?m\.?|p\.?m\.?|h))?|\b\d{1,2}\.\d\d\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|"
    # a year, unless a measure follows it: "2000 kilometres" is a distance
    r"\b(?:1[5-9]\d\d|20\d\d)(?:\s*[-–/]\s*\d{2,4})?\b(?!\s*(?:%|per\s*cent|million|billion|km\b|kilomet|"
    r"miles\b|metres\b|meters\b|hectares\b|acres\b|tonnes\b|tons\b|kg\b|kilograms\b|feet\b|square\b))|"
    r"\b\d+(?:st|nd|rd|th)\b|"
    r"\b(?:no|nos|item|items|proposal|proposals|course|room|building|phase|section|article|clause|cycle|level|"
    r"class|page|chapter|grade|floor|gate|hall|block|lot|unit|route|line|motion|resolution|minute|agenda|"
    r"table|figure|fig|annex|appendix|box|chart|exhibit|schedule|paragraph|para|footnote|note)\.?\s*"
    r"\d[\w./-]*(?:\s*(?:,|and|to|-)\s*\d[\w./-]*)*",
    re.I,
)
# Units a figure must be written with when a question counts them: "for how many years" is
# not answered by "the two sides".
_UNITS = {
    "years", "months", "weeks", "days", "hours", "minutes", "times", "percent", "hectares", "acres", "kilometres",
    "kilometers", "miles", "metres", "meters", "tonnes", "tons", "rounds", "sessions", "terms",
}  # fmt: skip
# Relations whose who-question must be answered by a name: "Who led / received / chaired ...?"
# ("Who proposed that inertia ...?" may be answered by "Newton's first law", or by "other members").
_EVENT_RELATIONS = {"led", "hosted", "visited", "chaired", "signed", "seconded", "attended", "recorded", "responsible"}
_FIGURE_ASKED = re.compile(
    r"\bhow\s+(?:many|much|long|large|big)\b|\bwhat\s+(?:was|is|were|are)\s+the\s+total\s+[a-z]+\s+of\b|"
    rf"^\s*(?:[^,?]{{0,100}},\s*)?{MEASURE_QUESTION}",
    re.I,
)
_ABOUT = r"about\s+|around\s+|some\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+"
_NUMBER = re.compile(
    r"(?<![\w.])(?<![A-Za-z]-)\d[\d,]*(?:\.\d+)?(?!\w)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|hundreds|thousand|thousands|dozen|dozens|million|millions|billion|once|twice|thrice)\b|"
    # "a single molecule" is a count of one
    r"(?<=\ba )single\b",
    re.I,
)
# "40 m tall" or "a 3 million population" is no amount of money: a currency must be written.
_CURRENCY = r"(?:usd|eur|gbp|rmb|cny|nzd|aud|cad|inr|chf|jpy|rs\.?|dollars?|euros?|pounds?|yuan|rupees?|lakhs?|crores?)"
_MONEY = re.compile(
    rf"[$€£¥₹]\s?\d|\b(?:usd|eur|gbp|rmb|cny|nzd|aud|cad|inr|chf|jpy|rs\.?)\s?[$€£¥₹]?\s?\d|\d[\d,.]*\s*(?:(?:million|billion|bn|thousand|k)\s+)?{_CURRENCY}\b",
    re.I,
)
# Words of a question that name no constraint although capitalised.
_NOT_CONSTRAINTS = {
    "who", "whom", "whose", "what", "when", "where", "which", "why", "how", "is", "was", "are", "were", "did", "does",
    "do", "the", "a", "an", "in", "on", "of", "at", "to", "for", "by", "from", "with", "and", "according", "during",
    "after", "before", "name", "list", "mr", "ms", "mrs", "dr", "prof", "i", "it", "its", "their", "this", "that",
}  # fmt: skip
# Two or more capitalised words, not at the sentence's start, none of an organisation's.
_NAMES = re.compile(
    r"(?<=[a-z,;:(] )(?!(?:The|A|An|In|On|At|It|He|She|They|This|That)\b)[A-Z][a-z’'-]+"
    r"(?:\s+(?:(?:de|da|di|del|der|van|von|y|al|bin|le|la|du)\s+)?(?:[A-Z][a-z’'-]+|[IVX]+\b|[A-Z]\.))+"
)
# A headline's verb is in no name: "Prime Minister Launches Qatari Quality Mark" (a cited title).
# (The entity stage drops such spans too, entities/mentions.py; the query path cannot import it.)
_HEADLINE_VERB = re.compile(
    r"\b(?:Launches|Opens|Signs|Visits|Meets|Welcomes|Announces|Unveils|Hosts|Receives|Calls|Says|Leads|Attends|"
    r"Inaugurates)\b"
)
# Words that make a capitalised name a body, an event or a place rather than a person.
_THING_WORDS = {
    "ministry", "university", "department", "office", "council", "committee", "center", "centre", "summit", "forum",
    "conference", "park", "zone", "bureau", "institute", "college", "school", "company", "group", "association",
    "agency", "commission", "government", "hospital", "foundation", "society", "federation", "chamber", "authority",
    "administration", "bank", "fund", "laboratory", "programme", "program", "project", "service", "services", "day",
    "week", "act", "law", "treaty", "war", "river", "sea", "lake", "mountain", "street", "road", "city", "province",
    "county", "district", "state", "states", "republic", "kingdom", "empire", "dynasty", "church", "party", "house",
    "hall", "museum", "corporation", "board", "assembly", "parliament", "congress", "senate", "court", "award",
    "agreement", "mechanism", "organization", "organisation", "review", "plan", "report", "convention", "protocol",
    "strategy", "policy", "initiative", "network", "system", "division", "branch", "unit",
}  # fmt: skip
# Any title, to tell "Mayor Tan" from "the Mayor, LEDC Head Peter White" (someone else's title between).
_OFFICE_WORD = re.compile(
    r"\b(?:"
    + "|".join((*OFFICES, "head", "leader", "officer", "official", "manager", "chief", "deputy", "member"))
    + r")s?\b",
    re.I,
)
# A question about the next occurrence of something, and the words a sentence about a coming
# one is written with ("The next meeting will be held in Lyon", "is scheduled for May").
_NEXT_ASKED = re.compile(
    r"\b(?:will|(?:is|are)\s+(?:due|scheduled|planned|expected)\s+to)\b.*\b(?:next|upcoming|forthcoming)\b|"
    r"\b(?:next|upcoming|forthcoming)\b.*\bwill\b",
    re.I,
)
_FORWARD = re.compile(
    r"\b(?:next|upcoming|forthcoming|future|will|shall|due\s+to|scheduled|planned|plans?\s+to|intends?\s+to|"
    r"to\s+be\s+held|following|agreed\s+to|expected\s+to|set\s+to|(?:is|are)\s+to)\b",
    re.I,
)
_WHEN_WILL = re.compile(r"^\W*when\s+will\b", re.I)
_MONTH_NAMES = re.compile(rf"^{MONTH_NAME}$|^{WEEKDAY}$", re.I)


def figures(text: str) -> list[str]:
    """The numbers of a sentence that could be a figure asked for: neither dates, times,
    years, ordinals nor identifiers."""
    return [m.group(0) for m in _NUMBER.finditer(_NOT_FIGURES.sub(" ", _unglued(text)))]


def _unglued(text: str) -> str:
    """ "40staff" (a missing space) read as "40 staff"; "5th", "3km" and "38k" stay."""
    return re.sub(r"(\d)([a-z]{3,})", r"\1 \2", text)


def holds_money(text: str) -> bool:
    return bool(_MONEY.search(_NOT_FIGURES.sub(" ", text)))


# The measure an amount question asks for: "What was the net profit ...?" -- "profit".
_MEASURE_WORD = re.compile(
    r"\b(deficit|surplus|balance|budget|cost|price|fee|revenue|income|profit|salary|turnover|expenditure|spending|"
    r"sales|debt|earnings|grant|donation|investment)s?\b",
    re.I,
)


def states_amount_of(asked: Question, sentence: str) -> bool:
    """Whether an amount of money stands right after the measure the question asks for ("BY
    NET PROFIT ₹67,845 crore", "total income of $1.2 million"): bound to it however the
    sentence is worded."""
    measure = _MEASURE_WORD.search(asked.text) if asked.money else None
    if measure is None:
        return False
    word = re.escape(_stem(measure.group(1)))
    # a label's few words between them at most ("profit for the year was $2.3 million")
    return any(_MONEY.search(sentence[m.end() : m.end() + 40]) for m in re.finditer(rf"\b{word}\w*", sentence, re.I))


def holds_date(text: str) -> bool:
    return bool(_DATE.search(text))


def checks(asked: Question) -> bool:
    """Whether the question asks for a kind of answer that :func:`holds_answer` can check. A
    "when" question about what usually happens ("When do treaties apply?") may be answered by
    a condition, not a date: only past and coming events and asked-for dates are checked."""
    dated = asked.expects == "date" and not re.match(
        r"^\s*when\s+(?:do|does|are|is|can|should|must)\b", asked.text, re.I
    )
    # "What method is used to quantify the amount of ...?" is read as a number question but
    # asks for no figure: only "how many / how much / what was the <measure>" are checked.
    figure = asked.expects == "number" and bool(_FIGURE_ASKED.search(asked.text))
    return (
        asked.office is not None
        # "Who is the treasurer of X?" that the who's who could not answer: a passage must name
        # someone ("the Amir appoints the Prime Minister" names nobody)
        or asked.role_of is not None
        or dated
        or figure
        or asked.expects == "place"
        or (
            asked.expects == "person"
            and asked.relation in _EVENT_RELATIONS
            and uses_relation(asked.text, asked.relation)
        )
    )


def asks_next(asked: Question) -> bool:
    """Whether the question asks about the next occurrence of something ("Which city will host
    the next meet-up?"): neither a sentence about a past one nor an event of the reports answers it."""
    return bool(_NEXT_ASKED.search(asked.text))


def asks_future(asked: Question) -> bool:
    """Whether the question asks about something to come: the next occurrence, or "when will"."""
    return asks_next(asked) or bool(_WHEN_WILL.match(asked.text))


def holds_answer(asked: Question, sentence: str, mentions: Sequence[tuple[str, str]] = ()) -> bool:
    """Whether ``sentence`` holds an answer of the kind ``asked`` wants, bound to what it asks
    about. ``mentions``: (kind, name) of what the index found in the sentence."""
    if asks_future(asked) and not _FORWARD.search(sentence):
        # "Which city will host the next meet-up?" is not answered by where this one was held,
        # "When will X introduce a tax?" not by a date of what X did
        return False
    people = [name for kind, name in mentions if kind == "person" and not _in_question(name, asked, person=True)]
    if asked.office is not None:
        return _names_holder(sentence, asked.office, people)
    if asked.role_of is not None and _PLAIN_TITLE.fullmatch(asked.role_of[0]):
        # "Who is the Prime Minister of Qatar?" that the who's who could not answer: the sentence
        # names someone as holder of that title ("Prime Minister X", "X, Prime Minister of ..."),
        # not the title alone ("representatives of the Prime Minister's Office"). Not for "the
        # first administrator of X", "the duke in the battle of Y": reports name those otherwise.
        title = re.compile(rf"^{re.escape(asked.role_of[0])}\s+", re.I)  # "Prime Minister Fiame Naomi" is a run
        unfound = [title.sub("", name) for name in _unfound_names(asked, sentence, mentions)]
        return _names_holder(sentence, asked.role_of[0], [*people, *unfound])
    if asked.expects == "person":
        # "Who led ...?" is not answered by a sentence that names nobody: a person the index
        # found, or a name of two capitalised words or more ("King Charles III") NER missed.
        return bool(people) or bool(_unfound_names(asked, sentence, mentions))
    if asked.expects == "place":
        return any(kind in ("place", "org") and not _in_question(name, asked) for kind, name in mentions)
    if asked.expects == "date":
        return holds_date(sentence) and _about_the_act(asked.text, sentence)
    if asked.expects != "number":
        return True
    found = [n for n in figures(sentence) if not re.search(rf"(?<![\w.]){re.escape(n)}(?![\w])", asked.text)]
    if asked.money:
        return holds_money(sentence)
    if asked.unit:
        return bool(found) and asked.unit[:4].lower() in sentence.lower()
    if not found:
        # "How long has ...?" is answered by "since 2001" too
        return bool(re.match(r"^\s*how\s+long\b", asked.text, re.I)) and holds_date(sentence)
    if asked.counted and (
        asked.counted in _UNITS or re.search(rf"\b{re.escape(_stem(asked.counted))}", sentence, re.I)
    ):
        # The sentence speaks of the counted thing (or it is a unit): a number must count it
        # ("eight recommendations"), not something else beside it.
        return counts(asked, sentence)
    # The counted thing unnamed: a number written with another noun counts that ("with 12 staff"
    # is no number of companies); a bare one ("It hosts 23") may be the answer.
    return not (asked.counted and all(_counts_other(n, sentence, asked.counted) for n in found))


# A title as written before a name: up to two words, then an office ("Prime Minister",
# "Deputy Director-General"); no ordinal or time ("first", "former") and no clause.
_PLAIN_TITLE = re.compile(
    r"(?!.*\b(?:first|second|third|last|former|new|next|current|founding|acting)\b)"
    rf"(?:[a-z-]+\s+){{0,2}}(?:{'|'.join(OFFICES)})",
    re.I,
)


def _unfound_names(asked: Question, sentence: str, mentions: Sequence[tuple[str, str]]) -> list[str]:
    """Names of two capitalised words or more in ``sentence`` that may be people NER missed:
    not the question's own, not a place or body the index found, no thing's word ("Council")."""
    things = {plain(name) for kind, name in mentions if kind in ("org", "place")}
    return [
        n
        for n in (re.sub(r"[’']s$", "", m) for m in _NAMES.findall(sentence))
        if not _in_question(n, asked)
        and plain(n) not in things
        and not _THING_WORDS & set(re.findall(r"[a-z]+", n.lower()))
        and not _HEADLINE_VERB.search(n)
    ]


# Nouns a count of something is also written with ("23 firms" for companies).
_SAME_COUNT = {
    "companies": ("firms", "enterprises", "start-ups", "startups", "businesses", "tenants"),
    "firms": ("companies", "enterprises", "businesses"),
    "enterprises": ("companies", "firms", "businesses"),
}
_NOT_COUNTED = {
    "of", "and", "or", "in", "on", "at", "to", "per", "percent", "for", "from", "by", "with", "out", "than", "more",
    "less", "over", "under", "about", "times", "a", "the",
}  # fmt: skip


def _counts_other(number: str, sentence: str, counted: str) -> bool:
    """Whether ``number`` is written with a noun that is not ``counted``: "12 staff", "two floors"."""
    found = re.search(rf"(?<![\w.]){re.escape(number)}(?![\w])\s+(?:[a-z-]+\s+)??(?P<noun>[a-z][a-z-]+)", sentence)
    if found is None:
        return False
    noun = found.group("noun").lower()
    if noun in _NOT_COUNTED:
        return False
    same = (*_counted_forms(counted), *_SAME_COUNT.get(counted, ()))
    if any(noun.startswith(_stem(form)) for form in same):
        return False
    # "5 colleges and universities" counts the universities too
    joined = re.match(r"\s+(?:and|or|&)\s+(?:[a-z-]+\s+)??(?P<noun>[a-z][a-z-]+)", sentence[found.end() :], re.I)
    if joined and any(joined.group("noun").lower().startswith(_stem(form)) for form in same):
        return False
    return noun.endswith("s") or noun in _PEOPLE or noun in ("staff", "people", "personnel")


# "When did X found its college?": the act asked about and the thing of X's it was done to.
_ACT = re.compile(
    r"^\s*when\s+(?:did|does|do|has|have|had|will)\s+.+?\s+(?P<verb>[a-z]{3,})\s+(?:its|their|his|her|our|your)\s+"
    r"(?P<object>[a-z][a-z\s-]*?)\s*(?:\b(?:in|on|at|with|for|to|from|by|during|after|before)\b.*)?\??\s*$",
    re.I,
)
# Acts written with other verbs: "founded" is "established", "set up", "opened".
_SAME_ACT = (("found", "establish", "set up", "open", "creat", "launch", "start", "inaugurat", "begin", "began"),)


def _about_the_act(question: str, sentence: str) -> bool:
    """Whether a sentence dating something speaks of the act or the thing a "when" question asks
    about ("When did X found its college?" is not answered by the year X itself was established,
    unless the sentence speaks of the college)."""
    act = _ACT.match(question)
    if act is None:
        return True
    verb = act.group("verb").lower()
    words = [w for w in act.group("object").split() if w.lower() not in ("of", "and", "the", "first", "new")]
    text = plain(sentence)
    if any(re.search(rf"\b{re.escape(plain(w)[:5])}", text) for w in words):
        return True
    # the act itself, in the question's words or in another verb for the same act, with the thing
    acts = next((same for same in _SAME_ACT if any(verb.startswith(v) for v in same)), (verb[:5],))
    return not words and any(re.search(rf"\b{re.escape(v)}", text) for v in acts)


def counts(asked: Question, sentence: str) -> bool:
    """Whether a figure of the sentence is written with what a how-many question counts:
    "eight recommendations", "recommendations: 13", "1,225 jobs"."""
    if not asked.counted:
        return False
    sentence = _unglued(sentence)
    # "one site" counts sites too: a short plural's singular ("companies" stems to "compan")
    nouns = "|".join(re.escape(_stem(n.removesuffix("s"))) for n in _counted_forms(asked.counted))
    # "a 12-member delegation" counts members, not days: a number joined to its noun
    if re.search(rf"\b\d[\d,]*-(?:{nouns})", sentence, re.I):
        return True
    found = [n for n in figures(sentence) if not re.search(rf"(?<![\w.]){re.escape(n)}(?![\w])", asked.text)]
    if not found:
        return False
    if asked.counted == "times" and any(n.lower() in ("once", "twice", "thrice") for n in found):
        return True
    stem = f"(?:{nouns})"
    numbers = "|".join(re.escape(n) for n in found)
    # "two objectives of the walrus plan" counts objectives: a number written with a noun of
    # its own does not count one a few words further on
    own = "|".join(re.escape(n) for n in found if not _counts_other(n, sentence, asked.counted))
    return bool(
        (own and re.search(rf"(?<![\w.])(?:{own})(?![\w])(?:\W+[\w’'-]+){{0,4}}?\W+{stem}", sentence, re.I))
        # "The membership is now 180", "staff numbered about 40"
        or re.search(
            rf"\b{stem}\w*\s+(?:is|was|are|were|stands\s+at|stood\s+at|reached|totall?ed|numbered|of)\s+"
            rf"(?:now\s+|currently\s+)?(?:{_ABOUT})?(?:{numbers})(?![\w])",
            sentence,
            re.I,
        )
        or re.search(rf"\b{stem}\w*\s*[:=]\s*(?:{_ABOUT})?(?:{numbers})(?![\w])", sentence, re.I)
        # "many receptors (around 200-300)"
        or re.search(rf"\b{stem}\w*\s*\(\s*(?:{_ABOUT})?(?:{numbers})(?![\w])", sentence, re.I)
        # in apposition, alone or with a word for people: "the refugees, an estimated 75,000 people"
        or re.search(
            rf"\b{stem}\w*,\s+(?:(?:an?|some|in\s+all|in\s+total|estimated|approximately|total|of)\s+)*"
            rf"(?:{_ABOUT})?(?:{numbers})(?![\w])(?:\s*(?:-|–|to)\s*[\d,]+)?"
            rf"(?:\s+(?:{'|'.join(_PEOPLE)}|individuals|in\s+all|in\s+total)\b|\s*[,.;)]|\s*$)",
            sentence,
            re.I,
        )
    )


# What a count of people may be written as: "how many people came" -- "a 12-member delegation".
_PEOPLE = ("people", "persons", "members", "delegates", "participants", "staff", "visitors", "representatives")


def _counted_forms(counted: str | None) -> list[str]:
    if not counted:
        return []
    return [counted, *_PEOPLE] if counted in _PEOPLE else [counted]


def missing_note(asked: Question) -> str:
    """What the closest sentences lack, said plainly."""
    if asked.office is not None:
        return f"The closest passages name no {asked.office} for this."
    if asked.role_of is not None:
        return f"The closest passages name no {asked.role_of[0]} of {asked.role_of[1]}."
    if asked.expects == "date":
        return "The closest passages give no date for this."
    if asked.expects == "person":
        return "The closest passages name nobody for this."
    if asked.expects == "place":
        return "The closest passages name no place for this."
    if asked.money:
        return "The closest passages give no amount of money for this."
    if asked.counted:
        return f"The closest passages give no number of {asked.counted}."
    return "The closest passages give no figure for this."


def constraint_names(question: str, known: Callable[[str], bool]) -> list[str]:
    """The names a question constrains its answer by: the longest runs of its capitalised words
    (or parts of them) that ``known`` accepts -- "Who led the Sierra Leone Ministry of Health
    delegation?" -> "Sierra Leone", "Ministry of Health" when the who's who knows them."""
    found: list[str] = []
    for run in re.finditer(r"[A-Z][\w’'.-]*(?:\s+(?:of\s+|and\s+|for\s+)?[A-Z][\w’'.-]*)*", question):
        words = [re.sub(r"['’]s$", "", w).rstrip(".").strip("'’\"“”") for w in run.group(0).split()]
        if run.start() == len(question) - len(question.lstrip()):
            words = words[1:]  # the question's first word
        at = 0
        while at < len(words):
            for end in range(len(words), at, -1):
                name = " ".join(words[at:end])
                if words[at].lower() not in ("of", "and", "for") and known(name):
                    found.append(name)
                    at = end
                    break
            else:
                at += 1
    return list(dict.fromkeys(found))


def constraint_words(question: str) -> list[str]:
    """The capitalised words a question names its constraints by (places, bodies, people):
    "Who led the mission from Hangzhou that Insider London hosted?" -> Hangzhou, Insider, London."""
    words = []
    for match in re.finditer(r"\b[A-Z][\w’'.-]*", question):
        if match.start() == len(question) - len(question.lstrip()):
            continue  # the question's first word: "Describe", "Name", "Which"
        word = re.sub(r"['’]s?$", "", match.group(0)).rstrip(".")
        if len(word) < 2 or word.lower() in _NOT_CONSTRAINTS or word.lower() in OFFICES or _MONTH_NAMES.match(word):
            continue
        words.append(word)
    return list(dict.fromkeys(words))


def carries(haystack: str, words: Sequence[str]) -> bool:
    """Whether a report's text (title and source included, as plain lowercase text from
    :func:`plain`) names every constraint word, allowing other endings ("Fijian" for Fiji,
    "Chamber's"), accents and hyphens."""
    return all(any(re.search(_word_pattern(form), haystack) for form in _forms(word)) for word in words)


def _word_pattern(word: str) -> str:
    """A word at a word's start with other endings allowed ("Fiji" finds "Fijian"), except an
    abbreviation, which stands whole ("US" is not the start of "usual")."""
    letters = word.replace(".", "").replace("-", "")
    if letters.isupper():
        # whole, or written out: "EU" is "European Union" too
        spelt = r"\s+(?:(?:of|the|and|for)\s+)?".join(rf"{c.lower()}[a-z]{{2,}}" for c in letters if c.isalpha())
        return rf"\b{re.escape(plain(word))}(?![a-z])|\b{spelt}\b"
    return rf"\b{re.escape(_stem(plain(word)))}"


def _forms(word: str) -> list[str]:
    """A word and, for an acronym, its dotted form ("US" is written "U.S." too); for a country or
    its people, the other word ("Poland" is written "Polish" too)."""
    if re.fullmatch(r"[A-Z]{2,4}", word):
        return [word, ".".join(word) + "."]
    return place_forms(word)


def plain(text: str) -> str:
    """Lowercase, without accents, hyphens and underscores as spaces."""
    return re.sub(r"[-_–/]", " ", without_accents(text).lower())


def _stem(word: str) -> str:
    """The start of a word that its other forms share: "Fijian" -> "fiji", "students" -> "stude"."""
    word = word.lower()
    return word if len(word) <= 5 else word[: max(5, len(word) - 3)]


def _in_question(name: str, asked: Question, person: bool = False) -> bool:
    """Whether the question itself names ``name`` (the question's own person is not the answer;
    "Ms. Sun" names the person Sun Jin). A longer name of a place or body that merely contains
    one of the question's is another thing: "Publow Memorial Hall" answers where the Publow
    council met."""
    words = plain(name).split()
    return plain(name) in plain(asked.text) or any(
        plain(n) == plain(name) or (person and len(n.split()) == 1 and plain(n) in (words[0], words[-1]))
        for n in asked.names
        if words
    )


def _names_holder(sentence: str, office_asked: str, people: Sequence[str]) -> bool:
    """ "Which minister received X?": the sentence names a person together with the office --
    "Mayor Tan Chengxu", "Tan Chengxu, Mayor of Dalian" -- not merely both somewhere in it."""
    office = re.escape(office_asked)
    for name in filter(str.strip, people):
        words = name.split()
        # the full name, or the surname alone: last in "Peter White", first in "Tan Chengxu" ("Mayor Tan")
        for form in dict.fromkeys((name, words[-1], words[0])):
            found = re.search(rf"(?<!\w){re.escape(form)}(?!\w)", sentence)
            if found is None:
                continue
            at = found.start()
            before, after = sentence[:at], sentence[at + len(form) :]
            # office, then forms of address and capitalised words only, then the name; not an
            # office of someone else in between ("the Mayor, LEDC Head Peter White")
            title = re.search(
                rf"\b{office}s?\b((?:\s*,?\s*(?:of|for|the|and|[A-Z][\w.’'-]*)){{0,8}})[\s,]*$", before, re.I
            )
            if title and not _OFFICE_WORD.search(title.group(1)):
                return True
            # the name, a comma, then the office ("X, Minister of ...", "X, the mayor")
            if re.match(rf"^\s*(?:\([^()]*\))?\s*,\s*(?:the\s+|a\s+)?(?:[\w-]+\s+){{0,3}}?{office}s?\b", after, re.I):
                return True
            break
    return False
