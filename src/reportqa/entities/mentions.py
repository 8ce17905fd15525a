"""NER spans to mentions: a report's sentences, people checked and cut to their names (and
organisations and places spaCy took for people), bodies cut to their names, the people of
attendance lists and tables that NER misses, and short names ("Ms. Chen") resolved to the
report's full names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace

from .._util import without_accents
from ..types import Chunk, Document, Mention
from .nameforms import (
    FORMS_OF_ADDRESS,
    currencies,
    initialled_names_listed,
    is_currency,
    name_without_figures,
    name_without_next_cell,
    names_in_a_column,
    not_a_persons_name,
    one_body_written_twice,
    single_name_is_a_persons,
    single_names_listed,
    surnames_after_honorifics,
    titles_acronyms,
)
from .places import places_not_recognised
from .spans import _chunk_at, _line_start, _page_at, _written_alone
from .vocabulary import (
    _HONORIFIC,
    _NAME_TOKEN,
    _ORG_WORDS,
    _ROLE_MODIFIERS,
    _SENTENCE_OPENERS,
    _TITLE_ENDINGS,
    BODY_NOUNS,
    BODY_ONLY_WORDS,
    COLUMN_GAP,
    FIELD_ENDINGS,
    GEOGRAPHIC_ENDINGS,
    HONORIFICS,
    LEGAL_FORMS,
    LETTERS_AT_END,
    PARTICLE_WORDS,
    POST_NOMINALS,
    ROLE_WORDS,
    THING_NOUNS,
    WORK_FIELDS,
    _is_role,
    _is_role_word,
    _looks_like_org,
)

_LIST_LABELS = re.compile(
    r"^\W*(?:members\s+|also\s+)?(present|participants|attendees|attending|in attendance|delegation)\W*:?[\s*_]*"
    # the opening line of minutes naming the members by office: "Councillors S. Grimes, J Kelly, ..."
    r"|^\W*(?:councillors|councilors|members|directors|trustees|governors|senators|commissioners|aldermen)\s+(?=[A-Z])",
    re.I,
)


@dataclass
class _Person:
    """A person named in one report, with every form used for them."""

    name: str  # the full form (honorifics removed), as first written
    forms: set[str] = field(default_factory=set)


_ENDS_WITH_HONORIFIC = re.compile(rf"\b{_HONORIFIC}\s*$")


def _join_after_honorifics(
    text: str, sentences: list[tuple[int, int, int | None]]
) -> list[tuple[int, int, int | None]]:
    """Sentences joined again where one was cut after "Mr." or "Dr."."""
    joined: list[tuple[int, int, int | None]] = []
    for start, end, page in sentences:
        if joined and _ENDS_WITH_HONORIFIC.search(text[joined[-1][0] : joined[-1][1]]) and joined[-1][2] == page:
            joined[-1] = (joined[-1][0], end, page)
        else:
            joined.append((start, end, page))
    return joined


_LINE_STARTS_ITEM = re.compile(r"^\s*(?:[A-Z][\w ]{0,30}:|\d+[.)]\s|[-•*|#]|\*\*)")


def _lines_of(sentence: str, soft_newlines: bool) -> list[tuple[int, int]]:
    """A sentence cut at line breaks, so that labelled lines and list items stand alone. In PDF
    text most line breaks only wrap a sentence: there it is cut only before a label or a list
    item, or after a line that ends a sentence."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"\n", sentence):
        before = sentence[start : match.start()].rstrip()
        after = sentence[match.end() :]
        ends = before.endswith((".", ":", ";", "!", "?")) and not _ENDS_WITH_HONORIFIC.search(before)
        hard = not soft_newlines or ends or _LINE_STARTS_ITEM.match(after)
        if hard:
            pieces.append((start, match.start()))
            start = match.end()
    pieces.append((start, len(sentence)))
    return [(s, e) for s, e in pieces if sentence[s:e].strip()]


# Words a heading, a label or a table header puts after a name: "Lingang Innovation Center Date".
_TRAILING_LABELS = {
    "date", "reference", "delegation", "position", "name", "title", "time", "place", "venue", "attendance",
    "summary", "agenda", "minutes", "subject", "report", "side", "role", "mission",
    "model",  # a maker's product: "The Boeing Company Model 737-8 airplanes"
}  # fmt: skip
# What no name goes on after (see _body_name).
_NAME_STOPS = re.compile(r"\s*[;•]|:\s|(?<=[a-z])[.,]\d")
# Two-letter capitals that do name a place or body ("AI", "CT" usually do not).
_TWO_LETTER_NAMES = {"UK", "US", "EU", "UN", "HK"}


def _body_name(surface: str, start: int, end: int, text: str) -> tuple[str, int]:
    """An organisation's or place's name cut at its end, or "" when the span names nothing: a
    common word in lower case ("university council"), a two-letter abbreviation ("AI"), a table
    header cell ("Position"), a tail of a longer name ("Port" of "Pharmaceutical Port"), a word
    cut at a hyphen ("Laser Micro" of "Laser Micro-machining"), a verb opening a line ("Prepare the
    ..."), an ordinal and an event ("First Meeting")."""
    if re.match(r"[A-Z]{1,6}\]|[A-Z]{1,2}\d+\.\d", surface) or re.fullmatch(r"(?:WP|[MDT])\d{1,2}", surface):
        # "[NM] Publicize the ...": a list item's initials; "D4.3": a numbered deliverable or
        # section; "WP6", "M18": a work package, a project's month
        return "", end
    if "(" in surface and ")" not in surface:
        # NER ran into a note in brackets: "Federation of Wallonie-Bruxelles (Belgium": the name before it
        outer, _, inner = (part.strip() for part in surface.partition("("))
        if text.startswith(")", end) and re.fullmatch(r"[A-Z][A-Z&]{1,9}", outer if " " in inner else inner):
            # a name and its acronym, either way round: "China Council for the Promotion of
            # International Trade (CCPIT", "SCOCIE (Sichuan Chamber of Commerce for Import-Export"
            surface, end = f"{surface})", end + 1
        else:
            end, surface = start + len(outer), outer
        if not surface:
            return "", end
    surface = re.split(r"\s[–—]\s", surface)[0]  # a heading's parts: "China Mission – Chengdu"
    newline = text.rfind("\n", start, end)
    label = text[newline + 1 : end].strip() if newline != -1 else ""
    if label and " " not in label and surface.endswith(label) and re.match(r"\.?:\s", text[end : end + 3]):
        # the span's last line is the next line's label, which NER ran into: "... Conference on
        # Ports and Shipping" / "Ref.: HB-12"
        surface, end = surface[: -len(label)].rstrip(), newline
        if not surface:
            return "", end
    stops = [m.start() for m in _NAME_STOPS.finditer(surface)]
    if ")" in surface and "(" not in surface[: surface.index(")")]:
        stops.append(surface.index(")"))
    if stops:
        # a list's separator, a label's colon, a footnote's mark after a full stop, a bracket closed
        # but not opened: "Defense; Public Health", "Frequency: Sporadic", "Ministry of Finance.12
        # c. The ...", "Labelling).69" -- the name is before it
        surface = surface[: min(stops)].rstrip()
        if not surface:
            return "", end
    if " " in surface:  # a web page's title ending with its site's name: "... Affairs Department-SHLINGANGIC"
        surface = re.sub(r"(?<=[a-z])-[A-Z]{5,}$", "", surface)
    surface = name_without_figures(surface, text[end : end + 1])  # "Department89", "Chart 1.1", "G/SG/N/8"
    words = surface.split()
    while len(words) > 1 and words[-1].lower() in _TRAILING_LABELS:
        if words[-1].lower() in ("delegation", "mission") and not any(w.lower() in _ORG_WORDS for w in words[:-1]):
            # a group sent on one visit, named after who sent it: "the Australian Parliamentary Delegation"
            return "", end
        words = words[:-1]
    words = name_without_next_cell(words, _ORG_WORDS | BODY_NOUNS)
    # a headline's verb ends the name: "Delegation from Suzhou Industrial Park Visits Our Center"
    verb = next((i for i, w in enumerate(words) if i and w.lower() in _HEADLINE_VERBS and w.endswith("s")), None)
    words = words[:verb] if verb is not None else words
    name = " ".join(words)
    end = start + len(name) if text.startswith(name, start) else end
    line_start = _line_start(text, start)
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    before = text[line_start:start]
    if (
        not name
        or not name[:1].isupper()
        or (len(name) <= 2 and name.isupper() and name not in _TWO_LETTER_NAMES)
        or re.fullmatch(r"(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+(?:meeting|session)", name, re.I)
        or re.match(r"-[a-z]", text[end : end + 2])
        or (len(words) == 1 and re.search(r"[A-Z][\w’'-]*\s+$", before))
        or (
            # "| Prepare the German photonics delegation program": a verb opening a table cell or list item
            len(words) == 1
            and re.search(r"(?:^|\|)\s*(?:[-*•]\s+)?$", before)
            and (before.strip() or line.lstrip().startswith(("-", "*", "•")))
            and re.match(r"\s+(?!of\b|and\b)[a-z]", text[end:])
        )
        or (line.lstrip().startswith("|") and _is_table_header(text, line_start, line_end))
        # a part of a code joined by dashes ("part number 5120-NAV-QX4-12")
        or (name.isupper() and _inside_a_code(text, start, end))
        # a word labelling its line or list item ("• Post: 12 Quay Street"), not an acronym
        or (len(words) == 1 and not name.isupper() and re.fullmatch(r"\W*", before) and text.startswith(":", end))
        or _an_action_item(words, before, text[end : end + 3])
    ):
        return "", end
    if name.lower() in _NAMED_AFTER_PEOPLE and (rest := _CAPITALISED_WORDS_AFTER.match(text, end)):
        # "Universiti Teknologi Malaysia", of which NER saw the first word alone: the words that follow
        return f"{name}{rest.group(0)}", end + len(rest.group(0))
    if (legal := _LEGAL_FORM_AFTER.match(text, end)) and legal.group("form").rstrip(".").lower() in LEGAL_FORMS:
        # "Rheinmetall Components GmbH", of which NER saw the name without its legal form (a full
        # stop only after an abbreviated one: "Inc.", not the sentence's after "GmbH")
        written = legal.group(0)
        if written.endswith(".") and written.rstrip(".").lower().split()[-1] not in _ABBREVIATED_FORMS:
            written = written.rstrip(".")
        return f"{name}{written}", end + len(written)
    return name, end


# The name after a body's first word in another language: "Universiti Teknologi Malaysia".
_CAPITALISED_WORDS_AFTER = re.compile(r"(?:[ \t]+(?:(?:de|di|der|des|für)[ \t]+)?[A-Z][\w'’-]+){1,4}")
# A company's legal form right after its name, as written ("GmbH", "Inc.", ", Ltd"): capitalised
# ("as", "co" in lower case are words).
_ABBREVIATED_FORMS = {"inc", "ltd", "co", "corp", "bhd", "pty", "pte", "l.l.c", "s.a", "n.v", "b.v"}
_LEGAL_FORM_AFTER = re.compile(r",?[ \t](?P<form>(?!As\b|Se\b|Sa\b)[A-Z][A-Za-z.]{1,8})(?![\w-])")


def _inside_a_code(text: str, start: int, end: int) -> bool:
    """Whether a span is joined by a dash to what is around it, in a token with figures: a part of
    a code ("5120-NAV-QX4-12"), not a name ("the EU-ASEAN meeting" has none)."""
    if not (text[start - 1 : start] in ("-", "–") or text[end : end + 1] in ("-", "–")):
        return False
    left = re.search(r"\S*$", text[max(0, start - 30) : start])
    right = re.match(r"\S*", text[end : end + 30])
    token = (left.group(0) if left else "") + text[start:end] + (right.group(0) if right else "")
    return bool(re.search(r"\d", token))


# Verbs that open a task in minutes' action items: "- K. Lee: Update Foundation page with ...".
_ACTION_VERBS = {
    "update", "create", "post", "maintain", "build", "prepare", "send", "draft", "publish", "share", "review",
    "organise", "organize", "schedule", "circulate", "finalise", "finalize", "contact", "write", "add", "set",
    "arrange", "invite", "develop", "improve", "launch", "promote", "establish", "explore", "investigate", "follow",
}  # fmt: skip


def _an_action_item(words: Sequence[str], before: str, after: str) -> bool:
    """Whether a name is the task of an action item: a verb opening a list item, a label's text or
    a note in brackets ("- K. Lee: Update Foundation page", "D3 (Create Impact Stories)"), with no
    body's word -- or one and what is done to it after it ("Update Foundation page")."""
    if len(words) > 2 and words[0].lower() in _ACTION_VERBS and words[1] in ("&", "and"):
        return words[2].lower() in _ACTION_VERBS  # a goal named by what to do: "Maintain & Build Community"
    return (
        len(words) > 1
        and words[0].lower() in _ACTION_VERBS
        and bool(re.search(r"(?:^|[:(]|^\s*(?:[-*•]|\d+[.)]))\s*$", before))
        and (not any(w.lower() in _ORG_WORDS for w in words) or bool(re.match(r"\s+[a-z]", after)))
    )


def _is_table_header(text: str, line_start: int, line_end: int) -> bool:
    """Whether the line is a table's header row: the next line is its |---|---| rule."""
    if line_end == -1:
        return False
    following = text[line_end + 1 : text.find("\n", line_end + 1) if text.find("\n", line_end + 1) != -1 else len(text)]
    return bool(re.fullmatch(r"\s*\|?[\s:|-]*-[\s:|-]*", following))


def _trailing_place(text: str, start: int, end: int) -> int | None:
    """Where a place begins that ends an organisation's span after a comma ("Rhein-Ruhr Institute
    for Applied Photonics, Dortmund", "Ministry of Commerce, Beijing"): NER read the address into
    the name. None when the part after the comma is one or two capitalised words that name no
    place-like thing (a legal form, "Acme, Inc."), or the part before it is a single word or a
    list ("Smith, Jones"; "Ministries, Parastatals, Agencies")."""
    span = text[start:end]
    comma = span.rfind(", ")
    if comma <= 0 or len(span[:comma].split()) < 2 or "," in span[:comma]:
        return None
    tail = span[comma + 2 :]
    if not re.fullmatch(r"[A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)?", tail) or tail.lower() in LEGAL_FORMS:  # "Acme, Inc."
        return None
    return start + comma + 2


_SENT_BY = re.compile(r"(?:(?:The|A)\s+)?(?:Delegation|Mission)\s+(?:of|from)\s+(?:the\s+)?(?=[A-Z])")


def _drop_article(surface: str, start: int) -> tuple[str, int]:
    """A body's name without the article NER took with it, and without the group it sent (a
    headline's "Delegation of Suzhou Municipal Bureau of Commerce Visits ...": the bureau)."""
    if sent_by := _SENT_BY.match(surface):
        return surface[sent_by.end() :], start + sent_by.end()
    if surface.lower().startswith("the "):
        return surface[4:], start + 4
    return surface, start


# Verbs a headline capitalises after a name: "Tan Chengxu Met with the Delegation".
_HEADLINE_VERBS = {
    "met", "meets", "visits", "visited", "receives", "received", "welcomes", "welcomed", "signs", "signed", "leads",
    "led", "attends", "attended", "hosts", "hosted", "says", "said", "calls", "called", "launches", "launched",
    "opens", "opened", "announces", "announced", "unveils", "unveiled", "inaugurates", "inaugurated",
}  # fmt: skip


# Bodies that bear a person's name after their kind ("Université Joseph Fourier"), or another
# name NER may leave out ("Universiti Teknologi Malaysia"); a title's body before a name
# ("Director of the Centre Aleksei Rabin") does not.
_NAMED_AFTER_PEOPLE = {
    "université", "universität", "universidad", "universidade", "università", "universiteit", "universitas",
    "universiti", "institut", "instituto", "istituto", "politeknik", "hochschule", "école", "escuela", "fundación",
    "fondation", "stiftung",
}  # fmt: skip


def _visited_or_where(text: str, start: int, end: int) -> bool:
    """Whether a name is visited ("Raj visited Saha Nivasa") or where things happen ("Kalkeri
    Sangeet Vidyalaya, where she sponsors a child"): a place or a body's, when NER took it for a
    person's (a person visited is written with an honorific or a title: "visited Mr. Chen")."""
    return bool(re.search(r"\bvisited\s+$", text[max(0, start - 9) : start]) or re.match(r",\s+where\b", text[end:]))


# Capitalised words of a body, then "of" right before a name: "the Board of Directors of ".
_BODY_OF = re.compile(r"(?P<body>(?:[A-Z][\w&'’-]*[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?){1,5})of[ \t]+(?:the[ \t]+)?$")


def _check_person(surface: str, start: int, text: str) -> tuple[str, str, int]:
    """A PERSON span as (kind, name without honorifics, start); organisations and places
    that spaCy took for people are given back their kind."""
    if text[max(0, start - 1) : start] in ("#", "@"):
        return "", "", start  # a hashtag or a handle: "#govdesign Slack"
    if name_without_figures(surface, text[start + len(surface) : start + len(surface) + 1]) != surface:
        return "", "", start  # a caption ("Annex IV"), a website, a code
    if re.match(r"\.[ \t]?\d", text[start + len(surface) : start + len(surface) + 3]) and re.search(
        r"\b[A-Z][a-z]{1,3}$", surface
    ):
        return "", "", start  # an abbreviation and its number, not a name: "[GZ Doc. 2021-114 Filed ...]"
    if _a_lettered_heading(surface, start, text):
        return "", "", start  # "B. Roots of the deficit", under "A. Recovery ...": a section's heading
    line_end = text.find("\n", start, start + len(surface) + 1)
    if line_end != -1 and _LINE_STARTS_ITEM.match(text[line_end + 1 : line_end + 40]):
        # a name at a line's end that NER ran into the next line's label ("Vice-President Anjali
        # Kausar" / "Unrepresented Employee: ..."): the name ends with its line
        surface = " ".join(text[start:line_end].split())
    if glued := re.match(rf"{_HONORIFIC}(?=[A-Z][a-z])", surface):  # "Mr.Lin Wei": an honorific without its space
        surface, start = surface[glued.end() :], start + glued.end()
    if re.match(r"[A-Z]\.\s", surface) and (
        first := re.search(rf"\b{_NAME_TOKEN}\s+$", text[max(0, start - 30) : start])
    ):
        # "Aleksandr R. Bestugin", of which NER saw "R. Bestugin": the first name before the initial
        word = first.group(0).strip()
        if not (
            _is_role_word(word.removesuffix("s")) or word.lower() in _ROLE_MODIFIERS or word.rstrip(".") in HONORIFICS
        ):
            surface, start = f"{word} {surface}", start - len(first.group(0))
    if hyphened := re.search(r"(?<![\w-])[A-Z][a-z]+-$", text[max(0, start - 20) : start]):
        # "Jean-Pierre Martin", of which NER saw "Pierre Martin": the first name's first part
        surface, start = f"{hyphened.group(0)}{surface}", start - len(hyphened.group(0))
    before = re.search(r"([A-Z][\w’'-]*)\s+$", text[max(0, start - 40) : start])
    if before and before.group(1).lower() in _NAMED_AFTER_PEOPLE:
        return "", "", start  # "Université Joseph Fourier": a body named after a person
    owner = _BODY_OF.search(text, max(0, start - 80), start)
    if owner and any(w.lower() in _ORG_WORDS | BODY_NOUNS for w in owner.group("body").split()):
        return "org", surface, start  # "the Board of Directors of Porto Digital": what a body is of
    words = surface.split()
    if len(words) > 1 and words[0].lower() in _HEADLINE_VERBS and words[0].lower().endswith("s"):
        # "Prime Minister Launches Qatari Quality Mark": NER's "Launches Qatari" starts with the
        # headline's verb; whoever did it stands before it. (Past forms may be names: "Said".)
        return "", "", start
    if (
        len(words) > 1
        and words[-1].lower() in _ANY_PLACE_ENDING
        and re.match(r" [A-Z]", text[start + len(surface) : start + len(surface) + 2])
    ):
        # "Lingang Innovation Yangtze River" of "... Yangtze River Delta Sub-Center": a piece of a longer name
        return "", "", start
    if _visited_or_where(text, start, start + len(surface)) and not (
        words[0].rstrip(".") in HONORIFICS or _is_role_word(words[0]) or words[0].lower() in _ROLE_MODIFIERS
    ):
        return "org", surface, start
    if (
        len(words) > 1
        and words[-1].lower() in _HEADLINE_VERBS
        # a headline goes on in capitals ("Tan Chengxu Met with the Delegation"); "Mr. Omar Said
        # (Secretary)", "Omar Said explained ...": a surname
        and re.match(r"[ \t]+(?:[a-z]+[ \t]+){0,2}[A-Z]", text[start + len(surface) :])
    ):
        words = words[:-1]
        surface = " ".join(words)
    if any(w.lower().strip(".,") in _ORG_WORDS for w in words) or (
        # an acronym beside a word in lower case is a body's name: "CCPIT Zhejiang"
        len(words) > 1 and any(len(w) > 2 and w.isupper() for w in words) and any(w[1:].islower() for w in words)
    ):
        return "org", surface, start
    if (
        all(_is_role_word(w) or w.lower() in _ROLE_MODIFIERS for w in words)
        or words[-1].lower() in _TITLE_ENDINGS
        or _PROFESSION.search(words[-1])
    ):
        return "", "", start  # "Common Councilman": a title, not a name
    if len(words) > 1 and words[-1].lower() in _DOCUMENT_WORDS:
        return "", "", start  # "Treasurer’s Report", "Motu Strategy": a document, not a name
    if len(words) > 1 and words[0].lower() in _PUBLICATIONS:
        return "", "", start  # "Annual Bulletin Fisheries catch survey": a publication's title, not a name
    if len(words) > 1 and words[-1].lower() in _NATURAL_PLACE_ENDINGS:
        return "place", surface, start  # "Izembek Lagoon", "Togiak Refuge", "Hagemeister Island"
    # Honorifics, titles ("Dean Li Gucheng") and words that open a sentence ("Hence Basawaraj")
    # are not part of the name.
    while len(words) > 1 and (
        words[0].rstrip(".") in HONORIFICS
        or words[0].removesuffix("s") in HONORIFICS  # "Professors Zhou Deyi and Xia Chunping"
        # (a title and a surname alone, "Director Zhang", is the surname's: the report names the
        # person in full elsewhere)
        or ((_is_role_word(words[0]) or words[0].lower() in _ROLE_MODIFIERS) and len(words) > 1)
        or words[0].lower() in _SENTENCE_OPENERS
        or words[0].rstrip(".") in FORMS_OF_ADDRESS  # "Shri Mukesh D. Ambani"
    ):
        start = text.index(words[1], start)
        words = words[1:]
    if words and words[0].rstrip(".") in HONORIFICS:
        words = []
    while len(words) > 2 and re.fullmatch(POST_NOMINALS, words[-1].rstrip(",")):
        words = words[:-1]  # "Kirsty Williams AM": letters after the name, not part of it
    name = " ".join(words)
    if not words or len(words) > 4 or not all(w[:1].isupper() for w in words) or any(c.isdigit() for c in name):
        return "", "", start
    return "person", name, start


def _a_lettered_heading(surface: str, start: int, text: str) -> bool:
    """Whether a "name" of a capital letter and a word ("B. Roots") opens a line and goes on in
    lower case ("B. Roots of the deficit"), and the report has a line opening with the letter
    before or after it and a capitalised word ("A. Recovery ..."): a section lettered in order."""
    letter = re.fullmatch(r"([A-Z])\.\s+[A-Z][\w’'-]*", surface)
    if not letter or text[_line_start(text, start) : start].strip():
        return False
    if not re.match(r"[ \t]+[a-z]", text[start + len(surface) : start + len(surface) + 3]):
        return False
    neighbours = {chr(ord(letter.group(1)) + step) for step in (-1, 1)} - {"@", "["}
    return any(re.search(rf"^[ \t]*{n}\.[ \t]+[A-Z]", text, re.M) for n in neighbours)


# The ending of a word naming a profession: "Supervisory Biologist", "Lab Technician".
_PROFESSION = re.compile(r"(?:ologist|ician)s?$")


# Last words that make a "person" a place ("Frosty Peak"); not those that are also surnames or
# first names ("Bay", "Lake", "Park", "Glen").
_NATURAL_PLACE_ENDINGS = (GEOGRAPHIC_ENDINGS - {"bay", "lake"}) | {
    "lagoon", "refuge", "peak", "slough", "bays", "airport", "creek", "reef", "strait", "canal", "harbour", "harbor",
    "glacier", "volcano", "fjord", "gulf", "lagoons", "peaks",
}  # fmt: skip
# Any last word of a place's name, "Bay" and "Lake" too: such a word with more of the name after it
# ("Yangtze River Delta Sub-Center") ends no name.
_ANY_PLACE_ENDING = _NATURAL_PLACE_ENDINGS | GEOGRAPHIC_ENDINGS


# Lower-case words inside a name ("Luca di Feo", "Ludwig van Beethoven").
_PARTICLE = rf"{PARTICLE_WORDS}(?=\s+[A-Z])"
_LISTED_PERSON = re.compile(
    rf"(?:(?<=^)|(?<=[:,;(*_•\]-]\s)|(?<=\band\s)|(?<=\|\s)|(?<=\bBy\s))"
    # an honorific or a form of address is no part of the name: "Present: Cllr Joan Whitaker (Chair)"
    rf"(?:(?:{_HONORIFIC}|(?:{'|'.join(sorted(FORMS_OF_ADDRESS))})\.?)\s+)?(?P<name>{_NAME_TOKEN}(?:\s+(?:[A-Z]\.|{_PARTICLE})){{0,2}}(?:\s+{_NAME_TOKEN}){{1,2}}|[A-Z]\.?\s?(?:[A-Z]\.\s?)?{_NAME_TOKEN})"
    rf"(?=\s*\(|\s*,\s*[A-Za-z]|\s*$|\s*\||\s+[–—-]\s)",
    re.M,
)
# A line naming a person and the office after a dash ("Nana Ama Mensah – Chairperson"), or an
# office as the label of a name ("Finance Officer: Akosua Appiah").
_NAME_DASH_OFFICE = re.compile(
    rf"^\s*(?:{_HONORIFIC}\s+)?{_NAME_TOKEN}(?:\s+\S+){{1,4}}?\s+[–—-]\s+(?P<role>[^\n]{{2,60}})$"
)
_OFFICE_LABEL = re.compile(r"^\W*(?P<role>[A-Z][\w'’ -]{1,40}?)\s*:\s*(?=[A-Z])")


def _with_listed_people(text: str, document: Document, chunks: Sequence[Chunk], found: list[Mention]) -> list[Mention]:
    """The mentions plus the people in attendance lists, tables and labelled lines ("Present:
    A (chair), B ..."), which NER often misses because list items are not sentences. A name
    after an honorific ("Mr. Kong Dehai") wins over a place or organisation NER saw in it."""
    found = _with_speakers(text, document, chunks, _people_taken_for_bodies(text, found))
    taken = [(m.start, m.end) for m in found if m.kind == "person"]
    extra: list[Mention] = []
    displaced: set[tuple[int, int]] = set()
    blocks = _attendance_blocks(text) + _office_list_blocks(text)
    for line_match in re.finditer(r"^.*$", text, re.M):
        line = line_match.group(0)
        office = _OFFICE_LABEL.match(line)
        labelled = office if office and _is_role(office.group("role")) else None
        label = (
            _LIST_LABELS.match(line)
            or re.match(
                r"^\W*(chair|chaired by|filed by|secretary|apologies|minutes taken by|(?:\w+\s+)?clerk)\W*:[\s*_]*",
                line,
                re.I,
            )
            or _BYLINE.search(line)
            or labelled
        )
        # an item of an attendance list: its first name is labelled by the list's heading; an item
        # of any list that gives the name's initials first ("- [MS] Manodeep Sinha") is a person's
        initialled = None if label else _INITIALLED_ITEM.match(line)
        item = _LIST_ITEM.match(line) if not label and _inside(blocks, line_match.start()) else initialled
        dashed = (named := _NAME_DASH_OFFICE.match(line)) and _is_role(named.group("role").split(",")[0])
        listed = label or item or line.lstrip().startswith(("|", "- ", "* ")) or _HONORIFIC_START.match(line) or dashed
        # a line of people each named before their office: "Sun Zhijun, Deputy director of ..., Song Zhiping, ..."
        label = label or _NAME_THEN_OFFICE.match(line)
        listed = listed or label
        matches = (
            list(_LISTED_PERSON.finditer(line, label.end() if label else item.end() if item else 0)) if listed else []
        )
        # a name after an honorific anywhere ("the Trade Commissioner, Ms Ilse Varga"), or written
        # with a middle initial ("Deputy Director of Institut №2 Irina A. Kirshina")
        matches += [
            m
            for m in _INITIALLED_MIDDLE.finditer(line)
            if not any(o.start() < m.end() and m.start() < o.end() for o in matches)
            and not _is_role_word((first := m.group("name").split()[0]).removesuffix("s"))  # "Chairman T. Heaford"
            and first.lower() not in _ROLE_MODIFIERS
        ]
        matches += [
            m
            for m in [*_HONORED.finditer(line), *(_HONORED_CAPITALS.finditer(line) if _CAPITALS.search(line) else ())]
            if not any(o.start() < m.end() and m.start() < o.end() for o in matches)
            # "Hon'ble Chief Minister Shri Eknath Shinde": a title, not a name, after the form of
            # address; "Professor Emeritus Robert Lang": a title's word
            and not _is_role_word(first := m.group("name").split()[0])
            and first.lower() not in _ROLE_MODIFIERS
        ]
        # a name after a title that NER did not see at all ("welcomed by Rector Rik Van de Walle")
        # or given an office ("the Board appointed Jane Doe as Chief Executive")
        apposed = [
            m for m in _TITLED_APPOSED.finditer(line) if _OWNER_BEFORE.search(line[max(0, m.start() - 40) : m.start()])
        ]
        offices = [
            *_GIVEN_AN_OFFICE.finditer(line),
            *_TAKES_AN_OFFICE.finditer(line),
            *(_TITLE_IN_BRACKETS.finditer(line) if "(" in line else ()),
        ]
        given_office = {m.span("name") for m in offices}
        missed = [*_TITLED.finditer(line), *apposed, *offices]
        matches += [
            m
            for m in missed
            if not any(o.start() < m.end() and m.start() < o.end() for o in matches)
            and not any(
                f.start < line_match.start() + m.end("name")
                and line_match.start() + m.start("name") < f.end
                and not _gives_way(f, m, line_match.start(), given_office)
                for f in found
            )
            and not _is_role_word((first := m.group("name").split()[0]).removesuffix("s"))
            and first.lower() not in _ROLE_MODIFIERS
            # no word the report writes in lower case: "Principal Accountant Fees", "Minister Launches ..."
            and not any(
                _written_alone(text, word.lower(), r"[\w-]")
                for word in m.group("name").split()
                if len(word) > 2 and not word[0].islower()
            )
        ]
        for match in matches:
            start = line_match.start() + match.start("name")
            end = line_match.start() + match.end("name")
            name = match.group("name")
            if gap := COLUMN_GAP.search(name):
                # a name ends at a gap between columns: "Dr. Anna Berg        Mr. Tom Reyes"
                name, end = name[: gap.start()], start + gap.start()
            # A person NER found inside the listed name ("Kong" of "Mr. Kong Dehai") gives way to it.
            inside = {(s, e) for s, e in taken if start <= s and e <= end and (s, e) != (start, end)}
            clash = any(s < end and start < e for s, e in taken if (s, e) not in inside)
            if clash or (
                any(w.lower() in _ORG_WORDS for w in name.split())
                # (a surname that is also a body's word, after an honorific: "Ms. Hye-jin Park")
                and not (match.group(0) != name and _surname_like_a_body(name))
            ):
                continue
            # A name with an honorific, or a list item's name followed by its short form or its
            # role in parentheses ("- Benoit Pilorget (BP): ...", "- Heidi Perrett (Chair)").
            honorific = (
                match.group(0) != name
                or match.re is _INITIALLED_MIDDLE
                or bool(_NAME_NOTE.match(line, match.end()))
                or match.span("name") in given_office  # (wins over a body NER saw there, as an honorific's name)
            )
            first_of_item = (
                item is not None
                and match.start() == item.end()
                and (item is not initialled or _initials(name) == item.group(1))
            ) or bool(
                # "Nana Ama Mensah – Chairperson", "Finance Officer: Akosua Appiah"
                (dashed and match.start() == 0) or (labelled and label is labelled and match.start() == labelled.end())
            )
            if not (label or honorific or first_of_item):  # bare names only after a label or an honorific
                continue
            others = {(m.start, m.end) for m in found if m.kind != "person" and m.start < end and start < m.end}
            # a name of a list of those present wins over a body or place NER saw in it alone
            # ("Present: Tom O'Neill, Siobhan Ní Bhriain, ...")
            attending = (
                label is not None and label.re is _LIST_LABELS and all(start <= s and e <= end for s, e in others)
            )
            if (others or inside) and not (honorific or first_of_item or attending):
                # (an attendance list item's name wins over what NER made of it: "[NM] Nicholas May")
                continue
            displaced |= others | inside
            extra.append(Mention("person", name, start, end, _page_at(document, start), _chunk_at(chunks, start, end)))
            taken.append((start, end))
    for start, end in initialled_names_listed(text, found):
        if any(s < end and start < e for s, e in taken):
            continue
        # (what NER made of a listed initialled name gives way to it: "J. Gully" as a body)
        displaced |= {(m.start, m.end) for m in found if m.kind != "person" and m.start < end and start < m.end}
        name = text[start:end]
        extra.append(Mention("person", name, start, end, _page_at(document, start), _chunk_at(chunks, start, end)))
        taken.append((start, end))
    listed_names = [
        *_names_listed(_PLURAL_TITLED, text),
        *_names_listed(_APOLOGIES_FROM, text),
        *_names_listed(_MEMBER_SPEAKING, text),
    ]
    for start, end in [*names_in_a_column(text, [*found, *extra]), *listed_names]:
        # (a part of the name NER took for a person, "Wister" of "Wister Walcott", gives way to it)
        inside = {(s, e) for s, e in taken if start <= s and e <= end}
        if (start, end) in taken or any(s < end and start < e for s, e in taken if (s, e) not in inside):
            continue
        displaced |= inside | {
            (m.start, m.end) for m in found if m.kind != "person" and m.start < end and start < m.end
        }
        extra.append(
            Mention("person", text[start:end], start, end, _page_at(document, start), _chunk_at(chunks, start, end))
        )
        taken.append((start, end))
    kept = [m for m in found if (m.start, m.end) not in displaced] + extra
    for start, end in surnames_after_honorifics(text, kept) + single_names_listed(text, kept):
        kept.append(
            Mention("person", text[start:end], start, end, _page_at(document, start), _chunk_at(chunks, start, end))
        )
    return kept


# Any word naming a position, for a pattern ("director|ambassador|..."; case as the pattern says).
_ROLE_WORD = "|".join(sorted(w for w in ROLE_WORDS if w.isalpha()))
_HONORIFIC_START = re.compile(rf"^\W*{_HONORIFIC}\s")
# A line opening with a name and the office it holds: "Sun Zhijun, Deputy director of Wuhan ...".
_NAME_THEN_OFFICE = re.compile(
    rf"^\s*(?={_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}},\s+(?:the\s+)?(?:[A-Za-z-]+\s+){{0,2}}?(?i:"
    + _ROLE_WORD
    + r")\s+(?:of|for|at)\b)",
)
# A name written with a middle initial: "Irina A. Kirshina" (not a heading's "Section A. Overview").
_INITIALLED_MIDDLE = re.compile(
    rf"(?<![\w.])(?!(?:Part|Section|Annex|Appendix|Chapter|Table|Figure|Schedule|Article|Item|Phase|Step|Option|Plan)\b)"
    rf"(?P<name>{_NAME_TOKEN}\s+[A-Z]\.\s+{_NAME_TOKEN})(?![\w'’.-])"
)
# A news item's byline: "June 6, 2020 | By Lu Wen | Zhang Liu".
_BYLINE = re.compile(r"(?:^|\|)\s*By\s+(?=[A-Z])")
# A list item that opens with the initials of its name: "- [MS] Manodeep Sinha".
_INITIALLED_ITEM = re.compile(r"^\s*(?:[-•*]\s+)?\[([A-Z]{2,4})\]\s+")


# Bodies' words that are also surnames: "Park", "Hall", "House", "Church", "Bank", "Court".
_SURNAMES_OF_BODIES = {"park", "hall", "house", "church", "bank", "court"}


def _surname_like_a_body(name: str) -> bool:
    """Whether a name's only body's word is its last, a common surname ("Hye-jin Park")."""
    *given, last = name.lower().split()
    return bool(given) and last in _SURNAMES_OF_BODIES and not any(w in _ORG_WORDS for w in given)


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


# A name after an honorific, or two ("Professor Dr Amien Rais", "H.E. Dr ...").
_HONORED = re.compile(
    rf"(?<![\w.])(?:(?:{_HONORIFIC}|(?:His|Her)\s+Excellency|H\.\s?E\.|Hon(?:'|’)?ble|Honourable|"
    rf"(?:{'|'.join(sorted(FORMS_OF_ADDRESS))})\.?)\s+){{1,2}}"
    # (particles may stand between any two words: "Prof. Dr. Rik Van de Walle")
    # (a fourth word where the name ends at a bracket or a comma: "Prof. Nana Aba Appiah Amfo (...)")
    rf"(?P<name>{_NAME_TOKEN}(?:(?:\s+(?:[A-Z]\.|{PARTICLE_WORDS}))*\s+{_NAME_TOKEN}){{1,2}}"
    rf"(?:\s+{_NAME_TOKEN}(?=\s*[(,;]))?)(?![\w'’-])"
)
# A title written before a name: "Rector Rik Van de Walle", "Vice-Chancellor Amina Sule".
_TITLE_WORDS = (
    r"(?:(?:Vice|Pro|Deputy)[ -])?(?:Rector|President|Dean|Director|Director-General|Mayor|Governor|Minister|"
    r"Ambassador|Chairman|Chairwoman|Chairperson|Chair|Chancellor|Secretary|Commissioner|Consul|Senator|Councillor|"
    r"Principal|Provost|Professor|Prof\.?|Clerk|Treasurer|Trustee|Manager|Officer|Head)"
)
_TITLED = re.compile(
    rf"(?<![\w-]){_TITLE_WORDS}\s+"
    rf"(?P<name>{_NAME_TOKEN}(?:(?:\s+(?:[A-Z]\.|{_PARTICLE}))*\s+{_NAME_TOKEN}){{1,3}})(?![\w'’-])"
)
# (particles may follow one another: "Maria de la Cruz", "Jan van der Berg")
_PERSON_NAME = (
    rf"{_NAME_TOKEN}(?:(?:[ \t]+(?:[A-Z]\.|{PARTICLE_WORDS}))*"
    rf"[ \t]+{_NAME_TOKEN}){{1,3}}"
)
# A title set off by commas after an owner: "its long-time Chancellor, Otto von Bismarck, ...",
# "the council's Clerk, Maria de la Cruz (...)" (the owner is looked for before the title: a
# pattern opening with it would be tried at every position of every line).
_TITLED_APPOSED = re.compile(rf"(?<![\w-]){_TITLE_WORDS},\s+(?P<name>{_PERSON_NAME})(?=\s*[,(])")
_OWNER_BEFORE = re.compile(
    r"(?:\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Oo]ur|[Hh]is|[Hh]er)|[A-Za-z][\w-]*['’]s)\s+(?:[a-z][\w-]*\s+)?$"
)
# A title in the plural over a list of names: "Councillors Peter Oakes, Maria de la Cruz and Jan
# van der Berg", "Professors Ilse Hartmann and Tom Reyes".
_PLURAL_TITLED = re.compile(
    r"(?<![\w-])(?:Councillors|Cllrs|Professors|Profs|Drs|Doctors|Messrs|Presidents|Directors|Senators|Ministers|"
    r"Trustees|Governors|Deans|Mayors|Ambassadors|Commissioners|Secretaries|Members)\s+"
    rf"(?P<names>{_PERSON_NAME}(?:[ \t]*,[ \t]*{_PERSON_NAME})*(?:,?[ \t]+and[ \t]+{_PERSON_NAME}))"
)


# Who sent apologies: "We've received apologies for absence from Hefin David AM and Suzy Davies",
# "Apologies were received from Tom Reyes, Ana Silva and Jan Kowalski" (letters after a name kept out).
_LETTERS_AFTER = rf"(?:[ \t]+{POST_NOMINALS}(?![\w.]))?"
_APOLOGIES_FROM = re.compile(
    r"\b[Aa]polog(?:ies|y)\b[^.:;\n]{0,40}?\bfrom[ \t]+"
    rf"(?P<names>{_PERSON_NAME}{_LETTERS_AFTER}(?:[ \t]*,[ \t]*{_PERSON_NAME}{_LETTERS_AFTER})*"
    rf"(?:,?[ \t]+and[ \t]+{_PERSON_NAME}{_LETTERS_AFTER})?)(?![\w'’-])"
)


# A member's turn in a transcript, labelled with the letters after the name: "Suzy Davies AM: Bore da."
_MEMBER_SPEAKING = re.compile(rf"^[ \t]*(?P<names>{_PERSON_NAME})[ \t]+{POST_NOMINALS}[ \t]*:", re.M)


def _names_listed(lists: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """(start, end) of each name in the lists of names ``lists`` finds (its group "names"): after
    a title in the plural ("Councillors A, B and C"), of who sent apologies, a member's turn; no
    body's or title's words ("Apologies from Parish Council members")."""
    found = []
    for listed in lists.finditer(text):
        for name in re.finditer(_PERSON_NAME, listed.group("names")):
            words = name.group(0).lower().split()
            if not any(w in _ORG_WORDS or w in BODY_NOUNS or _is_role_word(w) for w in words):
                found.append((listed.start("names") + name.start(), listed.start("names") + name.end()))
    return found


# A name and its title in brackets: "included Maria Vega (Counsellor) and Luis Ortega (First Secretary)".
_TITLE_IN_BRACKETS = re.compile(
    rf"(?<![\w-])(?P<name>{_PERSON_NAME})(?=[ \t]*\([^()\n]{{0,30}}?\b(?i:{_ROLE_WORD})\b[^()\n]{{0,40}}\))"
)
# (not the letters after a name: "Ms. Sharon Claydon MP")
_SURNAME_IN_CAPITALS = rf"(?!{POST_NOMINALS}(?![\w.]))[A-Z]{{2,}}"
_CAPITALS = re.compile(r"[A-Z]{2}")  # (a line without two capitals in a row has no such surname)
# A surname in capitals after an honorific, before or after the given name, as many countries write
# it: "Mr. TANAKA Taro", "Ms. Claire DUBOIS".
_HONORED_CAPITALS = re.compile(
    rf"(?<![\w.]){_HONORIFIC}\s+(?P<name>{_SURNAME_IN_CAPITALS}(?:[ \t]+{_NAME_TOKEN}){{1,2}}"
    rf"|{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN})?[ \t]+{_SURNAME_IN_CAPITALS})"
    r"(?![\w'’-])"
)
# A name given an office: "appointed Jane Doe as Chief Executive", "elected Ivo Marsh as its treasurer".
_GIVEN_AN_OFFICE = re.compile(
    r"\b(?:appointed|elected|named|co-?opted|nominated|hired|welcomed)\s+"
    rf"(?P<name>{_NAME_TOKEN}(?:(?:\s+(?:[A-Z]\.|{_PARTICLE}))*\s+{_NAME_TOKEN}){{1,2}})"
    r"(?=\s+as\s+(?:(?:the|a|an|its|their|our|new|interim|acting)\s+)*(?:\S+\s+){0,2}(?i:" + _ROLE_WORD + r")\b)"
)
# A name taking or holding an office: "Jane Doe will take over as Chief Executive", "Maria
# Gonzalez, 45, has been appointed Dean of the Law School", "Ivo Marsh was elected Treasurer".
_TAKES_AN_OFFICE = re.compile(
    rf"(?<![\w-])(?P<name>{_NAME_TOKEN}(?:(?:[ \t]+(?:[A-Z]\.|{_PARTICLE}))*[ \t]+{_NAME_TOKEN}){{1,2}})"
    r"(?:(?:,\s*(?:aged\s+)?\d{2},)?\s+(?:will\s+(?:take\s+over|serve|become)|(?:has|have)\s+been\s+(?:appointed|elected|named)"
    r"|was\s+(?:appointed|elected|named)|(?:took|takes)\s+over|becomes|became)"
    # "and Huw Morris, who is the group director of ...": an office said of the name
    r"|,\s+who\s+(?:is|serves\s+as|has\s+been))\s+(?:as\s+)?"
    r"(?:(?:the|a|an|its|their|our|new|interim|acting)\s+)*(?:\S+\s+){0,2}(?i:" + _ROLE_WORD + r")\b"
)
# A line that opens a list of who took part: "Attendees", "Board members in attendance were:",
# "Were physically present:", "Were able to participate remotely:" (short, not a sentence).
_ATTENDANCE_HEADING = re.compile(
    r"^\W*(?:[\w-]+\s+){0,5}?(?:present|in\s+attendance|attendance|attendees|attending|participants|"
    r"participated|participate)\b[^\n]{0,40}?(?<!\.)\s*$",
    re.I,
)
# Who did not take part: the list under it is no attendance ("Apologies", "Absent", "Not present").
_ABSENCE = re.compile(r"\b(?:apolog\w*|absent|absence|not\s+present|unable|regrets|excused)\b", re.I)
# Under an attendance heading, a further heading of those who took part from afar.
_JOINED = re.compile(r"\b(?:join\w*|remote\w*|online|by\s+(?:video|phone|telephone))\b", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:(?:[-•*]|\d{1,2}[.)])\s+(?:\[[A-Z]{1,6}\]\s+)?|\[[A-Z]{1,6}\]\s+)")


# A heading over a list of people by their office: "Individual members approved", "New trustees:".
_OFFICE_LIST_HEADING = re.compile(
    r"^\W*(?:[\w-]+\s+){0,3}?(?:"
    + "|".join(sorted(f"{w}s" for w in ROLE_WORDS if len(w) > 3 and w.isalpha()))
    + r")\b(?:\s+[\w-]+){0,2}\s*:?\s*$",
    re.I,
)


def _office_list_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lists under headings that name their people by office."""
    return _attendance_blocks(text, _OFFICE_LIST_HEADING)


def _attendance_blocks(text: str, headings: re.Pattern[str] = _ATTENDANCE_HEADING) -> list[tuple[int, int]]:
    """(start, end) of the lists under attendance headings, one item a line: the block runs
    over list items, blank lines and further headings of people who took part ("Were able to
    participate remotely:"), and ends at a line of prose or a heading of absence ("Apologies")."""
    blocks: list[tuple[int, int]] = []
    lines = list(re.finditer(r"^.*$", text, re.M))
    index = 0
    while index < len(lines):
        line = lines[index].group(0)
        if len(line) > 80 or _LIST_ITEM.match(line) or not headings.match(line) or _ABSENCE.search(line):
            index += 1
            continue
        start = end = lines[index].end()
        index += 1
        while index < len(lines):
            item = lines[index].group(0)
            if _ABSENCE.search(item) and not _LIST_ITEM.match(item):
                break
            heading = (
                len(item) <= 80
                and item.rstrip().endswith(":")
                and (_ATTENDANCE_HEADING.match(item) or _JOINED.search(item))
            )
            if item.strip() and not (_LIST_ITEM.match(item) or heading):
                break
            end = lines[index].end() if item.strip() else end
            index += 1
        if end > start:
            blocks.append((start, end))
    return blocks


_NAME_NOTE = re.compile(
    r"\s*\((?:[A-Z][A-Za-z]{0,4}|[^()]{0,40}\b(?:" + "|".join(sorted(ROLE_WORDS)) + r")\b[^()]{0,40})\)", re.I
)


def _inside(blocks: Sequence[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in blocks)


def _gives_way(found: Mention, match: re.Match[str], offset: int, given_office: set[tuple[int, int]]) -> bool:
    """Whether what NER found gives way to a name a title or an office shows (``match``, in the
    line at ``offset``): a body NER made of the name ("Huw Morris, who is the group director of
    ...") or of the title and the name ("Pro-Rector Inger Askehave"), or a person it cut short at
    the front ("Michael Johansen" of "Rector Per Michael Johansen") -- never a name's tail."""
    name_start, name_end = offset + match.start("name"), offset + match.end("name")
    shown = match.re in (_TITLED, _HONORED, _HONORED_CAPITALS) or match.span("name") in given_office
    return (
        shown
        and found.end == name_end
        and offset + match.start() <= found.start
        and (found.kind == "person" or (found.kind == "org" and not _looks_like_org(found.text)))
        and (found.kind == "org" or (found.start > name_start and not _addressed_only(match, found.start - offset)))
    )


def _addressed_only(match: re.Match[str], at: int) -> bool:
    """Whether the name's words before ``at`` are forms of address or titles ("Shri" of "Chief
    Minister Shri Eknath Shinde"), not a first name."""
    words = match.string[match.start("name") : at].split()
    return any(w.rstrip(".") in HONORIFICS or w.rstrip(".") in FORMS_OF_ADDRESS or _is_role_word(w) for w in words)


def _people_of(mentions: Sequence[Mention]) -> list[_Person]:
    """The report's people: full names (two or more words), with both word orders merged, with
    or without their accents."""
    people: list[_Person] = []
    by_key: dict[tuple[str, ...], _Person] = {}
    for mention in mentions:
        words = tuple(mention.text.split())
        if mention.kind != "person" or len(words) < 2:
            continue
        key = tuple(without_accents(w).lower() for w in words)
        person = by_key.get(key) or by_key.get(tuple(reversed(key)))
        if person is None:
            person = _Person(mention.text)
            people.append(person)
            by_key[key] = person
        person.forms.add(mention.text)
    return people


def _accented(name: str) -> int:
    """How many of a name's letters have an accent."""
    return sum(letter != without_accents(letter) for letter in name)


def _resolve_short_names(mentions: Sequence[Mention], people: Sequence[_Person], text: str = "") -> list[Mention]:
    """ "Ms. Chen", "Director Chen" -> the report's "Chen Meiling" when a full name written earlier
    has that word first or last (a surname only one full name has: written later too); unresolved
    one-word "people" are dropped (often a place or a company that NER misread), except a speaker
    a record names by surname ("Mr SECKER (Barker)") and a single name the report shows to be a
    person's (``single_name_is_a_persons``)."""
    resolved: list[Mention] = []
    seen_full: list[tuple[int, _Person]] = []
    full_forms = {form: person for person in people for form in person.forms}
    for mention in mentions:
        if mention.kind != "person":
            resolved.append(mention)
            continue
        person = full_forms.get(mention.text)
        if person is not None:
            seen_full.append((mention.start, person))
        else:
            word = mention.text.split()[-1]
            candidates = [p for start, p in seen_full if start < mention.start and _has_surname(p.name, word)]
            if not candidates and mention.form and mention.form.isupper():
                # a speaker named by surname alone ("Dr PEMBERTON (Fairfax)"): the full name the report
                # gives anywhere, else the surname
                candidates = [p for p in people if _has_surname(p.name, word)][:1] or [_Person(mention.text)]
            if not candidates and " " not in mention.text and single_name_is_a_persons(text, mention, mentions):
                # "the next presenter will be Mr. Genuis", then "Mr. Garnett Genuis: ...": the one
                # full name with that surname the report gives later, else the surname
                later = [p for p in people if p.name.split()[-1] == word]
                candidates = later if len(later) == 1 else [_Person(mention.text)]
            if not candidates:
                continue
            person = candidates[-1]  # the nearest full name before it
        form = mention.text if mention.text != person.name else None
        resolved.append(replace(mention, text=person.name, form=form))
    return resolved


def _has_surname(full_name: str, word: str) -> bool:
    words = full_name.split()
    return word in (words[0], words[-1])


# A word as written_lower looks one up: not inside a web or mail address ("www.canterbury.ac.nz").
_WORD_OUTSIDE_ADDRESSES = re.compile(r"(?<![\w./@-])\w+(?![\w/@-]|\.\w)")


def _without_common_nouns_and_people(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions less the organisations and places that are a common word the report also
    writes in lower case ("the Panel" beside "the panel", "Foundation", "Next") or a person the
    report names ("Chrousos" of Phaedra Chrousos, "ALLAN MORRIS"): names NER took for bodies.
    (A name of several words written in lower case somewhere is more often a web address or a
    generic phrase than the body itself: those stay.)"""
    mentions = _bodies_taken_for_people(text, mentions)
    people = {m.text.lower() for m in mentions if m.kind == "person"}
    unaccented_people = {without_accents(name) for name in people}
    surnames = {w for name in people for w in name.split() if len(w) > 2}
    lowered: dict[str, bool] = {}
    words: set[str] = set()  # the report's words, outside web and mail addresses (read once, when needed)

    def written_lower(name: str) -> bool:
        if name not in lowered:
            # not inside a web or mail address ("www.canterbury.ac.nz"); a single word is looked
            # up among the report's words, read once: a scan of a long report for each word of
            # each name cost more than the rest of the rules together on the real PDFs
            lower = name.lower()
            if lower.isalnum():
                if not words:
                    words.update(_WORD_OUTSIDE_ADDRESSES.findall(text))
                lowered[name] = lower in words
            else:
                lowered[name] = lower in text and bool(
                    re.search(rf"(?<![\w./@-]){re.escape(lower)}(?![\w/@-]|\.\w)", text)
                )
        return lowered[name]

    things = _things_named(text, mentions) | _authors_cited(text)
    codes = currencies(text)
    by_line: dict[int, list[Mention]] = {}
    for each in mentions:
        by_line.setdefault(_line_start(text, each.start), []).append(each)
    org_ends = {m.end for m in mentions if m.kind == "org"}
    person_ends = {m.end for m in mentions if m.kind == "person"}
    place_names = [m.text for m in mentions if m.kind == "place"]
    places = set(place_names)
    acronyms = {m.text for m in mentions if m.kind == "org" and re.fullmatch(r"[A-Z][A-Z&]+", m.text)}
    offices = acronyms & titles_acronyms(text) if acronyms else set()  # "VC&P": Vice-Chancellor and President
    offices |= _after_figures(text, acronyms)  # "12 HSR Part 7", "the 380 ZEN"
    # a kind of thing, counted: an acronym written in the plural ("approved AMCs" beside "an AMC")
    offices |= {m.text for m in mentions if m.kind == "org" and re.fullmatch(r"(?:[A-Z][a-z]+-)?[A-Z]{2,}s", m.text)}
    offices |= {name for name in acronyms if _counted(text, name)}
    no_people: dict[str, bool] = {}  # a name's verdict, read once: a long report names some people often
    # rows of a table of bodies: a body's name opening a row of figures (not a heading's row,
    # "NEO | Base Salary | ...", "Non-Returning Directors:" over a table of pay)
    org_rows = {
        row
        for m in mentions
        if m.kind == "org"
        and not text[(row := _line_start(text, m.start)) : m.start].strip(" \t|")
        and _ROW_OF_FIGURES.match(text, m.end)
    }
    kept = []
    for mention in mentions:
        name = mention.text
        if mention.kind in ("org", "place") and name in things:
            continue
        if _an_activity_or_a_shouted_word(name, written_lower) and not (
            mention.kind == "person" and mention.form  # (a speaker the record writes in capitals)
        ):
            continue
        if mention.kind == "org" and (
            _not_a_body(name, mention.start, mention.end, text, codes)
            or _a_tool_used(text, mention)
            or _common_words(name, written_lower)
            or _places_joined(name, places)
            or name in offices
            or _a_bodys_system(name, acronyms, written_lower)
        ):
            continue
        if _A_SIDE.fullmatch(name) and text.startswith(" of ", mention.end):
            continue  # a side of a place, which the report names after it: "the North Bank of Sanmen Bay"
        if mention.kind == "org" and (
            _is_geographic(name)
            or _a_storey(name)
            or _listed_with_places(text, mention, by_line[_line_start(text, mention.start)])
            or _where_a_body_is(text, mention, org_ends)
        ):
            mention = replace(mention, kind="place")  # "Xuedou Mountain", "in Jakarta, Yogyakarta and Denpasar"
        elif mention.kind == "org" and (building := _a_building_visited(text, mention, places)) is not None:
            mention = building
            name = mention.text
        if mention.kind == "org" and (plain := re.sub(r"['’]s\s", " ", name)) != name and plain in text:
            mention = replace(
                mention, text=plain, form=name
            )  # "SAFIRE's Steering Committee" = "SAFIRE Steering Committee"
            name = plain
        if mention.kind == "place" and (
            name.lower() in _GENERIC_BODIES
            or _common_noun_capitalised(text, mention.start, mention.end)
            or (" " in name and name.split()[-1].lower() in _STUDIES)  # "Izembek Lagoon Survey"
            or _a_bodys_possession(text, mention, org_ends)
            # a document named after a place: "the Fjord Coast Conservation Plan"
            or (" " in name and name.split()[-1].lower() in _PLACES_DOCUMENTS)
        ):
            continue  # "the Panel", "the Park" alone; "an International Meet-up for ..."
        if mention.kind in ("org", "place") and _what_happened_in_a_month(name, mention.kind, written_lower):
            continue  # "the May Flood Recovery": what happened in a month, not a body or a place
        if (
            mention.kind == "place"
            and name.split()[-1].lower() in _ORG_WORDS - _PLACE_WORDS
            and " " in name
            and not _is_geographic(name)  # "the North Bank of Sanmen Bay"
        ):
            mention = replace(mention, kind="org")  # "City of London Corporation", "Haizhou Industrial Park"
            name = mention.text
        if mention.kind == "person" and _a_note_on_a_person(text, mention, person_ends):
            continue  # "Ms. Heather McPherson (Edmonton Strathcona, NDP)": her constituency and party
        if mention.kind == "person" and name not in no_people:
            no_people[name] = (
                _common_phrase(name, written_lower)
                or not_a_persons_name(text, name, written_lower, place_names)
                or _only_a_row_of_figures(text, name, org_rows)
            )
        if mention.kind == "person" and no_people[name]:
            continue  # "Wildlife Biologist", "Bird Survey", "Regulatory Findings": headings NER took for names
        if mention.kind in ("org", "place") and (
            name.lower() in people
            or (" " not in name and name.lower() in surnames)
            or (" " not in name and not name.isupper() and name.lower() != name and written_lower(name))
        ):
            continue
        if mention.kind in ("org", "place") and " " in name:
            # "Siân Gwenllian" beside the person "Sian Gwenllian"; "Vaughan Gething AM" beside the
            # person "Vaughan Gething" (the letters after the name are not part of it)
            bare = LETTERS_AT_END.sub("", name)
            if without_accents(bare).lower() in unaccented_people:
                mention = replace(mention, kind="person", text=bare, end=mention.start + len(bare))
        kept.append(mention)
    kept += places_not_recognised(text, kept, written_lower)
    kept += _bodies_in_the_title(text, kept, written_lower)
    kept.sort(key=lambda m: (m.start, m.end))
    return one_body_written_twice(text, _one_spelling_per_person(kept))


def _one_spelling_per_person(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions with each person's name written one way: with its accents when the report
    writes it both with and without them ("Sian Gwenllian" in a speaker's label, "Siân Gwenllian"
    in the words)."""
    if all(m.text.isascii() for m in mentions if m.kind == "person"):
        return list(mentions)  # no accents to write one way
    spelling: dict[str, str] = {}
    for mention in mentions:
        if mention.kind == "person":
            key = without_accents(mention.text).lower()
            if key not in spelling or _accented(mention.text) > _accented(spelling[key]):
                spelling[key] = mention.text
    return [
        replace(mention, text=written, form=mention.form or mention.text)
        if mention.kind == "person" and (written := spelling[without_accents(mention.text).lower()]) != mention.text
        else mention
        for mention in mentions
    ]


# What brackets after a person's name hold besides a name: "(Edmonton Strathcona, NDP)", a seat and
# a party's letters.
_NOTE_OPENS = re.compile(r"[ \t]*\($")
_NOTE_CLOSES = re.compile(r"[ \t]*,[ \t]*[A-Z][\w.]{0,9}[ \t]*\)")


def _a_note_on_a_person(text: str, mention: Mention, person_ends: set[int]) -> bool:
    """Whether ``mention`` is the first part of a note in brackets right after a person's name,
    a note closed by a short label ("(Edmonton Strathcona, NDP)"): where they sit, not who."""
    opening = text.rfind("(", max(0, mention.start - 4), mention.start)
    return (
        opening != -1
        and _NOTE_CLOSES.match(text, mention.end) is not None
        and any(_NOTE_OPENS.fullmatch(text, end, opening + 1) for end in person_ends if opening - 3 <= end <= opening)
    )


def _a_bodys_system(name: str, acronyms: set[str], written_lower: Callable[[str], bool]) -> bool:
    """Whether an "organisation" is a body's system or software: the acronym of a body the report
    names, common words the report also writes in lower case, and "System" ("NMRC Automated
    Tracking System"), not a body ("Federal Reserve System" has no body's acronym before it)."""
    words = name.split()
    middle = [w for w in words[1:-1] if w.lower() not in _LINK_WORDS]
    return (
        len(words) > 2
        and words[0] in acronyms
        and words[-1].lower() in _SYSTEM_WORDS - {"information", "rulemaking"}
        and bool(middle)
        and all(not w.isupper() and written_lower(w) for w in middle)
    )


def _counted(text: str, acronym: str) -> bool:
    """Whether the report writes an acronym in the plural at least half as often as alone ("three
    QTAs" beside "the QTA with ..."): a kind of thing, counted, not one body. (A kind of body a
    report names many of by their names, "Fjord NWR", "Bay NWR", is seldom written in the plural.)"""
    if f"{acronym}s" not in text:
        return False
    plural = len(re.findall(rf"(?<![\w-]){acronym}s\b", text))
    return 2 * plural >= len(re.findall(rf"(?<![\w-]){acronym}(?![\w-])", text))


# A line going on after a name to figures at its end: a table's row ("... 103,339 Listed 17 5", "... buses 100%").
_ROW_OF_FIGURES = re.compile(r"[^\n]*\d[\d,.]*%?[ \t]*$", re.M)


def _only_a_row_of_figures(text: str, name: str, org_rows: set[int]) -> bool:
    """Whether a "person" is written only opening rows of a table that end in figures (a
    company's or a bank's name and its shares, assets, ranks), never in prose, where a person
    is named, and a row next to one of them opens with an organisation: such a name is a row's
    label in a table of bodies. (A table of people, a board's attendance, has no body's rows.)
    ``org_rows``: where the lines opening with an organisation start."""
    if re.search(r"\b[A-Z]\.\s", name):
        return False  # a name with an initial is a person's, in a table of pay too: "Laurie A. Siegel | 113,000"
    written = _written_alone(text, name, r"[\w-]")
    rows = [_line_start(text, at) for at in written]
    if not written or not all(
        not text[row:at].strip(" \t|") and _ROW_OF_FIGURES.match(text, at + len(name))
        for row, at in zip(rows, written, strict=True)
    ):
        return False
    return any(_line_start(text, max(0, row - 1)) in org_rows or text.find("\n", row) + 1 in org_rows for row in rows)


# A figure before a word on its line, not a year and not a footnote's mark opening the line:
# "amended 12 HSR", "the 380 ZEN" (not "6 UN Office on ..." at a footnote's start).
_FIGURE_BEFORE = re.compile(r"\S[ \t]*(?<![\w.,–-])(?!(?:19|20)\d\d\s)\d[\d.,–-]*[ \t]+$")


def _after_figures(text: str, acronyms: Collection[str]) -> set[str]:
    """The acronyms written after a figure (not a year) more than half the times the report writes
    them: a code cited by its title's number ("12 HSR 4.10") or a product's model after its series
    ("the 380 ZEN"), not a body ("the 2019 OECD survey" has a year, "3 UN agencies" is once).
    (One pass over the text for all of them: a long report names a hundred acronyms.)"""
    if not acronyms:
        return set()
    written: dict[str, list[int]] = {}
    alternatives = "|".join(map(re.escape, sorted(acronyms, key=len, reverse=True)))
    for match in re.finditer(rf"(?<![\w-])(?:{alternatives})(?!\w)", text):
        written.setdefault(match.group(0), []).append(match.start())
    return {
        acronym
        for acronym, starts in written.items()
        if len(starts) >= 2
        and 2 * sum(1 for at in starts if _FIGURE_BEFORE.search(text, max(0, at - 16), at)) > len(starts)
    }


def _bodies_taken_for_people(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions, with the "people" that are bodies given their kind in every sentence: a name
    the report shows visited or where things happen in one sentence ("Raj visited Saha Nivasa";
    later "the couple behind Saha Nivasa"), and the parties listed with a body after "between"
    or "among" ("a partnership between Lincoln University, Ngai Tahu Farming and Te Tapuae"),
    none with an honorific."""
    bodies = {m.text for m in mentions if m.kind == "org" and _visited_or_where(text, m.start, m.end)}
    ordered = sorted(mentions, key=lambda m: m.start)
    for opening in re.finditer(r"\b(?:between|among|amongst)\s+(?:the\s+)?", text):
        chain = [m for m in ordered if m.start == opening.end() and m.kind in ("org", "person")][:1]
        while chain:
            gap = re.match(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?", text[chain[-1].end : chain[-1].end + 12])
            following = gap and next((m for m in ordered if m.start == chain[-1].end + gap.end()), None)
            if not following or following.kind not in ("org", "person"):
                break
            chain.append(following)
        people = [m for m in chain if m.kind == "person"]
        if len(chain) >= 2 and len(people) < len(chain) and all(" " in m.text for m in people):
            bodies |= {m.text for m in people}
    bodies |= _people_listed_with_bodies(text, ordered)
    if not bodies:
        return list(mentions)
    return [replace(m, kind="org") if m.kind == "person" and m.text in bodies else m for m in mentions]


def _people_listed_with_bodies(text: str, ordered: Sequence[Mention]) -> set[str]:
    """The "people" listed among bodies only ("the Ministry of Ports, the Harbour Office, Tidewater
    Hospitality, the Port Council ...", "Tidewater Hospitality, Kelp Communications, and Seanet"):
    an item of a list whose other items, two or more, are all organisations, the list going on on
    both sides of it or closed by "and" (not a person, their unit and their body: "Filed by: Ana
    Silva, Investment Services, Harbour Office"). ``ordered``: the mentions by start."""
    found = set()
    for n, mention in enumerate(ordered):
        if mention.kind != "person" or " " not in mention.text:
            continue
        if (role := _ROLE_AFTER_NAME.match(text, mention.end)) is not None and _is_role_word(role.group(1)):
            continue  # a person with their title: "..., Co., Ltd., and Wang Fang, Party Secretary of X"
        items: list[Mention] = []
        sides, closed = 0, False
        for step in (-1, 1):
            current, index, side = mention, n, 0
            while 0 <= index + step < len(ordered):
                index += step
                neighbour = ordered[index]
                gap = text[current.end : neighbour.start] if step == 1 else text[neighbour.end : current.start]
                if not re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*(?:the\s+)?", gap):
                    break
                closed = closed or bool(re.search(r"\band\b|&", gap))
                items.append(neighbour)
                current, side = neighbour, 1
            sides += side
        if len(items) >= 2 and all(m.kind == "org" for m in items) and (sides == 2 or closed):
            found.add(mention.text)
    return found


# What a report names that is no body: a document ("the Participation Agreement", "Transport
# Strategy"), an event ("DjangoCon US 2024", "Tourism Summit"), an abbreviation of a thing ("AGM",
# "MOU", a currency).
_DOCUMENT_WORDS = {
    "agreement", "agreements", "statement", "strategy", "plan", "plans", "faq", "description", "listing", "report",
    "policy", "policies", "memorandum", "treaty", "minutes", "agenda", "charter", "guidelines", "framework",
    "rule", "rules", "act", "law", "regulations", "directive", "protocol", "declaration",
    # (and what official papers and their numbers are called: "Amiri Decree No", "Basel Convention",
    # "Boeing Special Attention Service Bulletin", "Corruption Perceptions Index")
    "no", "no.", "nos", "decree", "decision", "circular", "bulletin", "handbook", "guide", "manual", "convention",
    "covenant", "code", "constitution", "index", "standard", "standards", "instructions", "procedure", "procedures",
    # (and forms: "Updated form: DSF Membership Nomination")
    "form", "forms", "nomination", "nominations", "application", "registration",
    # (and a journal of record: "published in the Harbour Register")
    "register",
    # (and what a body sets or follows: "United Nations Sustainable Development Goals")
    "goals", "targets", "objectives", "principles",
}  # fmt: skip
# What a publication is called, first in its title: no person's name opens with one.
_PUBLICATIONS = {"bulletin", "report", "handbook", "manual", "circular", "memorandum", "yearbook", "gazette"}
# What a document named after a place is called, last in its name (no place's name ends so).
_PLACES_DOCUMENTS = {"plan", "plans", "strategy", "policy", "act", "agreement", "report", "framework", "treaty"}
_EVENT_WORDS = {
    "summit", "conference", "expo", "fair", "festival", "workshop", "seminar", "tour", "meeting", "visit", "meet-up",
    "meetup", "kickoff", "kick-off", "roadshow", "road-show",
}  # fmt: skip


# A body's name in a report's title: capitalised words ending in a body's word ("Annual Report
# 2023 - Northfield Regional Development Agency"), which NER often misses on a line of headings.
_TITLE_BODY = re.compile(
    r"(?P<body>(?:[A-Z][\w&'’-]*[ \t]+(?:(?:of|for|and|the|on)[ \t]+)*){1,6}"
    rf"(?:{'|'.join(sorted(w.capitalize() for w in BODY_ONLY_WORDS))}))"
    # (the name's end: not "Shanghai Free Trade Zone" of "... Zone Innovation Summit")
    r"(?![\w'’-]|[ \t]+[A-Z])"
)
# Words a title opens with before the body it is about: "Annual Report of ...", "Minutes of the ...".
_TITLE_OPENERS = _DOCUMENT_WORDS | _EVENT_WORDS | {
    "annual", "quarterly", "monthly", "final", "interim", "progress", "activity", "activities", "review", "news",
    "newsletter", "visit", "visits", "delegation", "delegations", "highlights", "summary", "notes", "record", "of",
    "for", "and", "the", "on", "to", "from", "at", "a", "an", "board", "committee",
}  # fmt: skip


# What a committee's name says of its kind, not whose it is: "Steering Committee", "Joint Audit Board".
_KINDS_OF_COMMITTEE = {
    "steering", "joint", "executive", "management", "advisory", "organising", "organizing", "standing",
    "scientific", "technical", "working", "coordination", "coordinating", "audit", "finance", "nominating",
    "programme", "program", "review", "planning", "governing", "supervisory", "general", "special", "participants",
}  # fmt: skip


def _bodies_in_the_title(text: str, mentions: Sequence[Mention], written_lower: Callable[[str], bool]) -> list[Mention]:
    """Bodies the report's title names that no mention covers: the capitalised run ending in a
    body's word, without the words a title opens with ("Annual Report of the ..."), with a word of
    a name in it (not "Steering Committee": words the report also writes in lower case, titles)."""
    title_end = text.find("\n")
    title_end = len(text) if title_end == -1 else title_end
    if title_end > 200 or re.search(r"[.!?]\s", text[:title_end]):
        return []  # a report opening with prose has no title line
    found = []
    for run in _TITLE_BODY.finditer(text, 0, title_end):
        words = list(re.finditer(r"\S+", run.group("body")))
        while words and words[0].group(0).lower() in _TITLE_OPENERS:
            words = words[1:]
        named = [w.group(0) for w in words[:-1] if w.group(0).lower() not in ("of", "for", "and", "the", "on")]
        if len(words) < 2 or not any(
            not written_lower(w) and not _is_role_word(w) and w.lower() not in _ROLE_MODIFIERS | _KINDS_OF_COMMITTEE
            for w in named
        ):
            continue
        start, end = run.start("body") + words[0].start(), run.end("body")
        if not any(m.start < end and start < m.end for m in mentions if m.kind in ("org", "place", "person")):
            found.append(Mention("org", text[start:end], start, end, None, None))
    return found


_NOT_BODIES = {
    "AGM", "EGM", "MOU", "MOA", "FAQ", "Q&A", "CEO", "CFO", "CTO", "COO", "GDP", "ICT", "R&D", "IT", "KPI", "SME",
    "SMEs", "IPO", "PPE", "NZD", "USD", "EUR", "GBP", "RMB", "CNY", "AUD", "JPY", "CAD", "CHF", "INR",
}  # fmt: skip
# One word that names a kind of body, not one body ("the Council", "the Panel", "Administration").
_GENERIC_BODIES = _ORG_WORDS | {"panel", "board", "boards", "house", "sector", "secretariat"}
# The words of a body's part named by its kind alone, in any body's minutes.
_GENERIC_PARTS = {
    "board",
    "of",
    "directors",
    "steering",
    "committee",
    "executive",
    "joint",
    "the",
    "general",
    "assembly",
}
# What is done, counted or watched, named like a body: "Aleutian Tern Population Monitoring Survey".
_STUDIES = {"survey", "surveys", "count", "counts", "surveillance", "census", "inventory"}
# Plurals that name people by the part they take, not a body ("Presidential Innovation Fellows", a
# programme, is one).
_PEOPLE_BY_PART = {
    "champions", "ambassadors", "volunteers", "mentors", "scholars", "members", "leaders", "trustees", "delegates",
    "holders",
    # (and a group of people: "Palestine Refugees", "Palestinian Children", "Men")
    "children", "refugees", "students", "women", "men", "workers", "farmers", "youth", "nationals", "citizens",
    "residents", "migrants", "families", "people", "peoples",
}  # fmt: skip
_LINK_WORDS = {"of", "for", "and", "the", "as", "to", "in", "on", "at", "with", "by"}
_KINDS_OF_BODIES = {
    "universities", "organisations", "organizations", "agencies", "ministries", "companies", "institutions",
    "bodies", "departments", "authorities", "governments", "enterprises", "teams", "groups", "chambers", "councils",
    "committees", "associations", "societies", "federations", "institutes", "centres", "centers", "banks", "unions",
}  # fmt: skip


def _common_noun_capitalised(text: str, start: int, end: int) -> bool:
    """Whether a name is the head of a phrase after "a" or "an": "serves as a Bureau of Information
    on ...", "an International Meet-up for ..." (not "a SUAI project", where a noun follows)."""
    return bool(re.search(r"(?:^|\s)(?:a|an)\s+$", text[max(0, start - 4) : start])) and bool(
        _HEAD_ENDS.match(text[end : end + 6])
    )


_KIND_AFTER = re.compile(rf"\s+(?:{'|'.join(sorted(_KINDS_OF_BODIES))})\b")  # "... organisations"
_HEAD_ENDS = re.compile(rf"\s*(?:$|[^\w\s]|(?:{'|'.join(sorted(_LINK_WORDS))})\b)")  # no noun follows
# The words of _ORG_WORDS that end a place's name ("Ninghai County"); the others end a body's.
_PLACE_WORDS = {
    "city", "province", "district", "county", "region", "area", "bay", "river", "lake", "sea", "mountain", "road",
    "street", "delta", "campus", "zone",
}  # fmt: skip


def _not_a_body(name: str, start: int, end: int, text: str, codes: frozenset[str] | None = None) -> bool:
    """Whether an organisation NER found is no body: a document, an event (a name ending in a
    year, or in "Summit", "Conference" ...), an abbreviation of a thing, a kind of body alone,
    a title ("Consul General", "Minister of Health") or its field ("Operations"), initials and
    a surname ("J. Gully"), or a name of several words without a word that makes it a body's in
    a heading ("Advanced Manufacturing and Technology", "Courtesy Visit"). ``codes``: the report's currencies, when
    the caller has read them (:func:`~.nameforms.currencies`)."""
    words = name.split()
    last = words[-1].lower().strip(".,")
    if (
        name in _NOT_BODIES
        or last in _DOCUMENT_WORDS
        # a conference ("DjangoCon US", "PyCon", "JSConf"), not a body of it ("DjangoCon Europe Working Group")
        or (re.match(r"[A-Z]\w*?(?:Con|Conf)\b", name) and not any(w.lower() in _ORG_WORDS | BODY_NOUNS for w in words))
        or last in _EVENT_WORDS
        or last.removesuffix("s") in _EVENT_WORDS  # "Joint Maths Meetings"
        or re.fullmatch(r"(?:19|20)\d\d", last)
        or (name in codes if codes is not None else is_currency(name, text))
    ):
        return True
    if last in _STUDIES and not (len(words) > 1 and words[-2].lower().endswith(("al", "ance"))):
        # a study done, not a body ("North American Breeding Bird Survey", "Tok CBC Count"); a
        # body named as a survey has its field before it ("U.S. Geological Survey", "Ordnance Survey")
        return True
    if last in _PEOPLE_BY_PART and not _LINK_WORDS & {w.lower() for w in words}:
        return True  # people named by the part they take: "RSE Champions", "Youth Ambassadors"
    if _KIND_AFTER.match(text[end : end + 20]):
        return True  # an adjective before a kind of bodies: "Non-Governmental organisations"
    if last == "fund" and (
        re.search(r"['’]s\s", name) or re.search(r"\bunder\s+the\s+$", text[max(0, start - 12) : start])
    ):
        # money a body keeps or gives out: "the University's General Fund", "funding under the X Fund"
        return True
    if len(words) == 1 and name.lower() in _GENERIC_BODIES:
        return True
    if all(w.lower() in WORK_FIELDS for w in words):
        return True  # a title's field alone: "Director of Operations", "Research and Development expenses"
    if len(words) > 1 and re.match(r"\s+(?:Manual|Handbook|Guide|Guidelines|Rulebook)\b", text[end : end + 16]):
        # the start of a document's title: "the NYSE Listed Company Manual" (not its author's
        # name alone: "a GCC Guide for Control on Imported Foods")
        return True
    if " / " in name:  # words of a list: "Data / Knowledge / Software"
        return True
    if re.fullmatch(r"[A-Z]{2,}\s[A-Z]", name):  # one of a thing's lettered units: "PCU A and PCU B"
        return True
    if (
        len(words) == 1
        and not name.isupper()
        and re.search(r"(?:^|[.!?:]\s)\s*$", text[max(0, start - 3) : start])
        and re.match(r"\s+[a-z]", text[end : end + 3])
        and text.count(name) == 1
    ):
        return True  # a word opening a sentence, named nowhere else: "Suffice it to say", "Digital currency is"
    if all(w.lower() in _GENERIC_PARTS for w in words):  # "Board of Directors", "Steering Committee": which board?
        return True
    if (
        last in _LINK_WORDS or last in _KINDS_OF_BODIES
    ):  # cut short ("Party Committee of"), a kind ("Federal Universities")
        return True
    fields = {w.lower() for w in re.findall(r"(?:\band|&)\s+([\w-]+)$", name)} & _FIELD_WORDS
    has_body_word = any(w.lower().strip(".,()") in _ORG_WORDS - fields for w in words)
    if not has_body_word and (_is_role_word(words[0]) or words[0].lower() in ("consul", "charge", "chargé")):
        return True
    if (
        not has_body_word
        and not name.isupper()
        and re.match(rf"\s+(?:19|20)\d\d(?:$|[^\w\s]|\s+(?:{'|'.join(_LINK_WORDS)})\b)", text[end : end + 12])
        and not re.search(r"\([^()]*$", text[max(0, start - 60) : start])
    ):
        return True  # an event's name and its year: "dates for DjangoCon US 2024 for approval" (not a citation)
    if re.fullmatch(r"(?:[A-Z]\.\s?){1,2}[A-Z]?\.?\s*[A-Z][a-z]+|[A-Z]{1,2}\s+[A-Z][a-z]+", name):
        return True  # "J. Gully", "H.E Curr", "PO Dehaye", "H Grethe"
    if not has_body_word and (last in _TITLE_ENDINGS or last.endswith("affaires") or _is_role_word(last)):
        # (a title: "Aerospace Engineer", "Park Ranger")
        return True  # "Australian Charge d'Affaires", "Trade Director"
    if last in FIELD_ENDINGS and not _LINK_WORDS & {w.lower() for w in words}:
        return True  # a field of activity: "Health Sector", "International Cooperation"
    head = next((words[:n] for n, w in enumerate(words) if n and w.lower() in _LINK_WORDS), words)[-1]
    if head is not words[-1] and head.lower() in _KINDS_OF_BODIES | _DOCUMENT_WORDS:
        # a kind of bodies named by what they do ("Product Teams in Government", "Chambers of
        # Commerce"), a document named by its subject ("Service Description for SAFIRE")
        return True
    if _common_noun_capitalised(text, start, end):
        return True
    line_start = _line_start(text, start)
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    return not has_body_word and len(words) > 1 and bool(_HEADING.fullmatch(line.strip()))


# A heading: a short line of capitalised words (and links), without a full stop.
_HEADING = re.compile(
    r"[\W\d]*(?:[A-Z][\w’'&-]*|&|and|of|the|for|in|on|to|with)(?:\s+(?:[A-Z][\w’'&-]*|&|and|of|the|for|in|on|to|with)){0,7}:?"
)


_FIELD_WORDS = {"technology", "technologies", "robotics", "industries", "innovation"}


def _common_words(name: str, written_lower: Callable[[str], bool]) -> bool:
    """Whether a name of several words without a body's word is a phrase of common words
    capitalised ("Oil and Gas", "Project Development", "Personal Stories"): every word of it is
    also written in lower case in the report. Names have a word of their own ("Ernst and Young")."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", name) if w.lower() not in _LINK_WORDS]
    # a field after "and" is no body's word: "Advanced Manufacturing and Technology"
    fields = {w.lower() for w in re.findall(r"(?:\band|&)\s+([\w-]+)$", name)} & _FIELD_WORDS
    if len(name.split()) < 2 or not words or any(w.lower() in (_ORG_WORDS | BODY_NOUNS) - fields for w in words):
        return False
    return all(not w.isupper() and written_lower(w) for w in words)


def _common_phrase(name: str, written_lower: Callable[[str], bool]) -> bool:
    """Whether a "person" of several words is a phrase of common words (a heading, a table's
    row): every word of it but initials is also written in lower case in the report. A person's
    name has a word the report never writes in lower case. (Measured: no person of the bundled
    corpus, the dev reports, the sample or 150 generated reports is one; on the real PDFs 27
    "people" are, all junk.)"""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", name) if len(w) > 1]
    return (
        len(name.split()) > 1
        and bool(words)
        # (a plural counts as its singular: "Airworthiness Directives" beside "an airworthiness directive")
        and all(not w.isupper() and (written_lower(w) or (w.endswith("s") and written_lower(w[:-1]))) for w in words)
    )


def _an_activity_or_a_shouted_word(name: str, written_lower: Callable[[str], bool]) -> bool:
    """Whether a name is what is done, opening with a verb's -ing form the report also writes in
    lower case ("Monitoring Avian Productivity", "Estimating Sockeye Salmon"), or a common word
    set in capitals ("DISAGREE", "CLOSED", "DIGITAL": six letters or more, also written in lower
    case), not a body, a place or a person. No body's word: "Reading Borough Council" stays."""
    words = name.split()
    if len(words) == 1 and name.isupper() and len(name) >= 6 and name.isalpha():
        # (a plural counts as its singular: "NOTICES" of a page's running head beside "a notice")
        return written_lower(name.lower()) or (name.endswith("S") and written_lower(name[:-1].lower()))
    if all(w.isupper() for w in words) and len(words) > 1:
        return all(len(w) >= 6 and w.isalpha() and written_lower(w.lower()) for w in words)
    return (
        len(words) > 1
        and words[0].endswith("ing")
        and words[0][:1].isupper()
        and not any(w.lower() in _ORG_WORDS | BODY_NOUNS for w in words)
        and written_lower(words[0].lower())
    )


def _places_joined(name: str, places: set[str]) -> bool:
    """Whether NER took two places joined by "&" or "and" for one body ("China & the USA",
    "Ninghai & Fenghua"): one side is a place the report names (perhaps with its kind: "Ninghai
    County"), neither has a body's word."""
    parts = re.split(r"\s+(?:&|and)\s+(?:the\s+)?", name)
    named = places | {p.rsplit(" ", 1)[0] for p in places if p.split()[-1].lower() in GEOGRAPHIC_ENDINGS}
    return (
        len(parts) == 2
        and any(part in named for part in parts)  # "Ninghai" of "Ninghai County"
        and all(len(part.split()) <= 2 and not any(w.lower() in _ORG_WORDS for w in part.split()) for part in parts)
    )


# An area named by its letter or number.
_LETTERED_AREA = re.compile(r"(?:Area|Zone|District|Region|Block|Sector)\s+(?:[A-Z]|\d{1,2})")
# A river's bank named by its side.
_A_SIDE = re.compile(r"(?:North|South|East|West)\s+Bank")


def _is_geographic(name: str) -> bool:
    """Whether an "organisation" is a place by its last word ("Xuedou Mountain", "Ningbo Fenghua
    District"): a feature or division of land, and no other word of a body ("Party Committee of
    ... District" stays a body)."""
    words = [w.lower() for w in name.split()]
    if _A_SIDE.fullmatch(name):
        return True  # a river's bank named by its side: "the North Bank of Sanmen Bay", "the West Bank"
    if _LETTERED_AREA.fullmatch(name):
        return True  # an area by its letter or number: "farmers in Area B", "Zone 3"
    # ("Cathedral River Valley": a place's word may come before)
    return (
        len(words) > 1
        and words[-1] in GEOGRAPHIC_ENDINGS
        and not any(w in _ORG_WORDS - _PLACE_WORDS for w in words[:-1])
    )


# Kinds of building: a name ending in one is where a visit went, a place ("Nigeria House", "Guildhall").
_BUILDINGS = {"house", "hall", "tower", "building", "palace", "mansion", "castle", "pavilion", "stadium", "arena"}
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
}  # fmt: skip


def _what_happened_in_a_month(name: str, kind: str, written_lower: Callable[[str], bool]) -> bool:
    """Whether a name is a month and what happened then ("the May Flood Recovery"), not a body or
    a place: without a word of a place, a building or a body, and for a body's name, of words the
    report also writes in lower case (a body may be named after a month: "October Films")."""
    words = [w for w in name.split() if w.lower() not in _LINK_WORDS]
    return (
        len(words) > 1
        and words[0].lower() in _MONTHS
        and not any(w.lower() in _ORG_WORDS | BODY_NOUNS | GEOGRAPHIC_ENDINGS | _BUILDINGS for w in words)
        and (kind == "place" or all(not w.isupper() and written_lower(w) for w in words[1:]))
    )


def _a_bodys_possession(text: str, mention: Mention, org_ends: set[int]) -> bool:
    """Whether a "place" of several words is a body's own, a title going on after it
    ("Harbourco's Joined Method to Governance"): written after an organisation's
    possessive and before "to", "for" or "on" and a capitalised word, without a word of a place or
    a body. (A body's site is not a title's start: "the University's Riverside Campus".)"""
    words = mention.text.split()
    owner = re.search(r"['’]s\s+$", text[max(0, mention.start - 4) : mention.start])
    return (
        len(words) > 1
        and owner is not None
        and re.match(r"\s+(?:to|for|on)\s+[A-Z]", text[mention.end : mention.end + 8]) is not None
        and mention.start - len(owner.group(0)) in org_ends
        and not any(w.lower() in _ORG_WORDS | BODY_NOUNS | GEOGRAPHIC_ENDINGS | _BUILDINGS for w in words)
    )


# A storey of a building, as an address names it: "East Wing First Floor".
_STOREYS = {"floor", "storey", "story", "basement", "mezzanine"}


def _a_storey(name: str) -> bool:
    """Whether an "organisation" is a storey of a building (a place, part of an address): a name of
    several words ending in a storey's word, without a body's word."""
    words = name.split()
    return len(words) > 1 and words[-1].lower() in _STOREYS and not any(w.lower() in _ORG_WORDS for w in words)


_TO_A_PLACE = re.compile(r"\b(?:at|to|in|into|inside|outside|from)\s+(?:the\s+)?$")


def _a_building_visited(text: str, mention: Mention, places: set[str]) -> Mention | None:
    """The mention as a place when an "organisation" is a building the report says something
    happens at, or goes to ("welcomed the group to Guildhall", "his team at Nigeria House
    London"): one to three words ending in a kind of building (a town the report names after it
    cut off), no body's word. None otherwise."""
    words = mention.text.split()
    if len(words) > 2 and words[-1] in places and words[-2].lower() in _BUILDINGS:
        words = words[:-1]  # "Nigeria House London": the building, in London
    last = words[-1]
    if (
        len(words) > 3
        or not (last.lower() in _BUILDINGS or re.fullmatch(r"[A-Z][a-z]+hall", last))
        or any(w.lower() in _ORG_WORDS for w in words)
        or not _TO_A_PLACE.search(text[max(0, mention.start - 12) : mention.start])
    ):
        return None
    name = " ".join(words)
    return replace(mention, kind="place", text=name, end=mention.start + len(name))


_THING_AFTER = re.compile(
    rf"(?:’s|'s|\.(?:com|io|org|net))?\s+(?i:{'|'.join(sorted(THING_NOUNS))})\b"
    rf"|,\s+(?:a|an)\s+(?:[a-z-]+\s+){{0,3}}?(?:{'|'.join(sorted(THING_NOUNS))})\b"
)
_DEFINED_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")


# What a tool or a website is used through: "posted via Slack", "using Zoom", "on the Django Forum".
_USED_THROUGH = re.compile(r"\b(?:via|using)\s+(?:the\s+)?$")
_ON = re.compile(r"\bon\s+(?:the\s+)?$")
# Where people meet online: a name ending in one is a tool's space when reached "on" or "via" it.
_ONLINE_SPACES = {"forum", "group", "groups"}


def _a_tool_used(text: str, mention: Mention) -> bool:
    """Whether an "organisation" is a tool or a website the report uses, not a body: one or two
    words (not an acronym) reached via or using it ("via Slack", "using Zoom"), or a forum or a
    group one is on ("on the Django Forum"), without a body's word."""
    words = mention.text.split()
    before = text[max(0, mention.start - 12) : mention.start]
    return (
        len(words) <= 2
        and not mention.text.isupper()
        and not any(w.lower() in (_ORG_WORDS | BODY_NOUNS) - _ONLINE_SPACES for w in words)
        and (
            bool(_USED_THROUGH.search(before))
            or (words[-1].lower() in _ONLINE_SPACES and len(words) > 1 and bool(_ON.search(before)))
        )
    )


def _ends_of_word(text: str, name: str) -> Iterator[int]:
    """Where ``name`` ends each time the text writes it not inside a longer word's end (a plain
    search: a long report names hundreds of bodies)."""
    at = text.find(name)
    while at != -1:
        if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):
            yield at + len(name)
        at = text.find(name, at + 1)


def _things_named(text: str, mentions: Sequence[Mention]) -> set[str]:
    """Names the report shows to be things, not bodies: a name not ending in a body's kind followed
    by what it is ("the College Scorecard project", "the Bank on Safety project", "Euphrosyne, a
    digital service"), an acronym defined after a document or an event ("China International
    Supply Chain Expo (CISCE)", "Data Management plan (DMP)"), and a person's initials
    ("Paul-Olivier Dehaye (POD)")."""
    things = set()
    for name in {m.text for m in mentions if m.kind == "org"}:
        words = name.split()
        if (
            not name.isupper()  # an acronym before a noun is the body's: "a SUAI project"
            # a body's name ends in its kind ("World Bank") or names it after "of" ("University of Oxford")
            and words[-1].lower() not in _ORG_WORDS | BODY_NOUNS
            and not {"of", "for"} & {w.lower() for w in words}
            # anywhere the report writes it: "the GitHub.io page", "GitHub Issue 84"
            and any(_THING_AFTER.match(text, end) for end in _ends_of_word(text, name))
        ):
            things.add(name)
    not_bodies = _DOCUMENT_WORDS | _EVENT_WORDS | {"expo", "games", "olympics"}
    people_ends = {m.end for m in mentions if m.kind == "person"}
    for match in _DEFINED_ACRONYM.finditer(text):
        if match.group(1).isupper() and any(0 <= match.start() - end <= 1 for end in people_ends):
            things.add(match.group(1))  # a person's initials, as minutes write them: "Paul-Olivier Dehaye (POD)"
            continue
        letters = match.group(1).replace("&", "").upper()
        line_start = _line_start(text, match.start())
        if match.group(1).isupper() and _spelt_in_lower_case(
            text[max(0, match.start() - 150) : match.start()], letters
        ):
            things.add(match.group(1))  # "foreign direct investment (FDI)", "liquefied natural gas (LNG)"
            continue
        # (the name may begin on the line before: "... the Open Records Act" / "(ORA) ...")
        line_start = _line_start(text, max(0, line_start - 1))
        before = re.findall(r"[^\W_][\w’'-]*", text[max(line_start, match.start() - 150) : match.start()])
        named = [w for w in before if w.lower() not in _LINK_WORDS][-len(letters) :]
        if (
            before
            and before[-1].lower() in not_bodies | _SYSTEM_WORDS
            and (
                (len(named) == len(letters) and "".join(w[0] for w in named).upper() == letters)
                or _long_form(letters, before) is not None
            )
        ):
            # a document, a rule or a system the acronym abbreviates: "Data Management plan (DMP)",
            # "Open Records Act (ORA)", "notice of draft rulemaking (NDRM)"
            things.add(match.group(1))
    return things


# What a system, a rule's making or a kind of information is called by (the last word of its
# name): an acronym of a name ending in one, without a body's word, is no body's.
_SYSTEM_WORDS = {"system", "systems", "software", "information", "rulemaking"}


def _long_form(letters: str, before: Sequence[str]) -> list[str] | None:
    """The words before an acronym's brackets that it abbreviates, or None: each letter, from the
    last, found in order in the words (a word may give several: "rulemaking"), the first letter
    opening a word, no more than twice as many words as letters, and no body's word among them
    ("Bureau of Information (BOI)" is a body's). Link words may give a letter or not ("Open Records
    Act (ORA)", "Code of Harbour Rules (CHR)")."""
    long = " ".join(before[-min(len(letters) + 5, 2 * len(letters)) :]).lower()
    at = len(long) - 1
    for n in range(len(letters) - 1, -1, -1):
        letter = letters[n].lower()
        while at >= 0 and (long[at] != letter or (n == 0 and at > 0 and long[at - 1] != " ")):
            at -= 1
        if at < 0:
            return None
        at -= 1
    words = long[at + 1 :].split()
    return None if any(w in _ORG_WORDS | BODY_NOUNS for w in words) else words


# A citation of a paper by two authors or more: "(Heglund and Taylor 2005)", "Sedinger et al. 1993".
_CITATION = re.compile(
    r"(?<![\w-])(?P<first>[A-Z][a-z]+(?:[A-Z-][a-z]+)?)\s+(?:et\s+al\.?|and\s+(?P<second>[A-Z][a-z]+(?:[A-Z-][a-z]+)?))"
    r",?\s+\(?(?:19|20)\d\d[a-z]?\b"
)


def _authors_cited(text: str) -> set[str]:
    """The surnames of authors a report cites with others ("Kelsall and Telfer 1974", "MacKenzie
    et al. 2002"): where NER took one for a body or a place, it is no body's (a body cited as an
    author is cited alone: "USFWS 2010")."""
    if "et al" not in text and " and " not in text:
        return set()
    return {name for match in _CITATION.finditer(text) for name in match.group("first", "second") if name}


def _spelt_in_lower_case(before: str, letters: str) -> bool:
    """Whether the words just before an acronym's brackets spell it out in lower case: a thing's
    name ("foreign direct investment", "most-favoured-nation"), as bodies' are capitalised."""
    words = re.findall(r"[^\W\d_][\w’']*", before)
    spelt = [w for w in words if w.lower() not in _LINK_WORDS][-len(letters) :]
    first = len(words) - words[::-1].index(spelt[0]) - 1 if spelt else 0
    return (
        len(spelt) == len(letters)
        and "".join(w[0] for w in spelt).upper() == letters
        and all(w.islower() for w in words[first:])
    )


# A speaker's label in a parliament's record (Hansard): "Mr SECKER (Barker) (12.36 p.m.)—", the
# member's name in capitals and the seat they hold in brackets.
_SPEAKER = re.compile(
    rf"^\W*{_HONORIFIC}\s+(?P<name>[A-Z][A-Z’'-]+(?:\s+[A-Z][A-Z’'-]+){{0,2}})\s+\((?P<seat>[A-Z][\w’' -]{{1,40}})\)",
    re.M,
)


def _with_speakers(text: str, document: Document, chunks: Sequence[Chunk], found: list[Mention]) -> list[Mention]:
    """The mentions plus the speakers of a parliament's record and their seats (places), which NER
    misses or takes for bodies ("Mr ALLAN MORRIS (Newcastle)")."""
    extra: list[Mention] = []
    spans: list[tuple[int, int]] = []
    for match in _SPEAKER.finditer(text):
        for kind, group in (("person", "name"), ("place", "seat")):
            start, end = match.span(group)
            written = match.group(group)
            name = written.title() if kind == "person" else written
            page, chunk = _page_at(document, start), _chunk_at(chunks, start, end)
            extra.append(Mention(kind, name, start, end, page, chunk, written if name != written else None))
            spans.append((start, end))
    if not extra:
        return found
    kept = [m for m in found if not any(m.start < e and s < m.end for s, e in spans)]
    return kept + extra


def _people_taken_for_bodies(text: str, found: list[Mention]) -> list[Mention]:
    """The mentions, with the people NER took for bodies given back their kind: a name after an
    honorific ("Cllr Davies"), a name of two or three words followed by its initials in brackets,
    as minutes introduce who speaks ("Florent Cayré (FC, Logilab)")."""
    people = []
    for mention in found:
        words = mention.text.split()
        if (
            mention.kind in ("org", "place")
            and 2 <= len(words) <= 4
            and (words[0].rstrip(".") in HONORIFICS or words[0].rstrip(".") in FORMS_OF_ADDRESS)
            and all(re.fullmatch(_NAME_TOKEN, w) for w in words[1:])
            and not _looks_like_org(mention.text)
        ):
            # "Cllr Davies", "Dr. Hye-jin Park" read as a body: a person, named without the address
            at = mention.text.index(words[1])
            people.append(replace(mention, kind="person", text=mention.text[at:], start=mention.start + at))
            continue
        if (
            mention.kind in ("org", "place")
            and 2 <= len(words) <= 3
            and all(re.fullmatch(_NAME_TOKEN, w) and not _is_role_word(w) for w in words)
            and not _looks_like_org(mention.text)
            and not any(w.lower() in BODY_NOUNS for w in words)
            and not re.search(
                r"\bthe\s+$", text[max(0, mention.start - 5) : mention.start], re.I
            )  # "the National Assembly"
            and (
                # (a body's acronym stands alone in its brackets: "Bergen Marine Cluster (BMC)")
                (
                    (initials := re.match(r"\s*\(([A-Z]{2,4}),", text[mention.end : mention.end + 12])) is not None
                    and initials.group(1) == "".join(w[0] for w in words)
                )
                or ((role := _ROLE_AFTER_NAME.match(text, mention.end)) is not None and _is_role_word(role.group(1)))
            )
        ):
            mention = replace(mention, kind="person")
        people.append(mention)
    return people


def _listed_with_places(text: str, mention: Mention, line: Sequence[Mention]) -> bool:
    """Whether an organisation without a body's word closes or opens a list whose other items are
    all places ("in Jakarta, Yogyakarta and Denpasar", "the UK, US and EU"): NER's kind for one
    item of a list of places. ``line``: the mentions of its line."""
    if _looks_like_org(mention.text) or mention.text in _NOT_BODIES:
        return False
    near = [m for m in line if m is not mention]
    items = [mention]
    for step in (-1, 1):  # the neighbours joined by a comma or "and", each way
        current = mention
        while True:
            gap = (lambda a, b: text[a.end : b.start]) if step == 1 else (lambda a, b: text[b.end : a.start])
            following = [m for m in near if (m.start >= current.end if step == 1 else m.end <= current.start)]
            if not following:
                break
            neighbour = min(following, key=lambda m: m.start) if step == 1 else max(following, key=lambda m: m.end)
            if not re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*(?:the\s+)?", gap(current, neighbour)):
                break
            items.append(neighbour)
            current = neighbour
    others = items[1:]
    return len(others) >= 2 and all(m.kind == "place" for m in others)


_BASED_IN = re.compile(r"\b(?:based|located|situated|headquartered)\s+in\s+(?:the\s+)?$")


def _where_a_body_is(text: str, mention: Mention, org_ends: set[int]) -> bool:
    """Whether a short "organisation" without a body's word says where something is: after "based
    in", "located in" ("students based in Northland"), or after a body and "in" ("the CIRM in
    Marseille", "the Ministry of Health in Sierra Leone"). ``org_ends``: where the report's
    organisations end."""
    if len(mention.text.split()) > 3 or _looks_like_org(mention.text) or mention.text.isupper():
        return False
    before = text[max(0, mention.start - 40) : mention.start]
    if _BASED_IN.search(before):
        return True
    body = re.search(r"\s+in\s+$", before)
    return body is not None and mention.start - len(body.group(0)) in org_ends


# ", deputy head of ...", ", the Director for ...": a role after a name in a list of people
_ROLE_AFTER_NAME = re.compile(r",\s+(?:(?:the|a|an)\s+)?(?:[A-Za-z-]+\s+){0,2}?([A-Za-z-]+)\s+(?:of|for|at)\b")
