"""NER spans to mentions: a report's sentences, people checked and cut to their names (and
organisations and places spaCy took for people), bodies cut to their names, the people of
attendance lists and tables that NER misses, and short names ("Ms. Chen") resolved to the
report's full names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..types import Chunk, Document, Mention
from .spans import _chunk_at, _page_at
from .vocabulary import (
    _HONORIFIC,
    _NAME_TOKEN,
    _ORG_WORDS,
    _ROLE_MODIFIERS,
    _SENTENCE_OPENERS,
    _TITLE_ENDINGS,
    HONORIFICS,
    ROLE_WORDS,
    _is_role_word,
)

_LIST_LABELS = re.compile(
    r"^\W*(?:members\s+|also\s+)?(present|participants|attendees|attending|in attendance|delegation)\W*:?[\s*_]*",
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
    "summary", "agenda", "minutes", "subject", "report", "side", "role",
}  # fmt: skip
# Two-letter capitals that do name a place or body ("AI", "CT" usually do not).
_TWO_LETTER_NAMES = {"UK", "US", "EU", "UN", "HK"}


def _body_name(surface: str, start: int, end: int, text: str) -> tuple[str, int]:
    """An organisation's or place's name cut at its end, or "" when the span names nothing: a
    common word in lower case ("university council"), a two-letter abbreviation ("AI"), a table
    header cell ("Position"), a tail of a longer name ("Port" of "Pharmaceutical Port"), a word
    cut at a hyphen ("Laser Micro" of "Laser Micro-machining"), a verb opening a line ("Prepare the
    ..."), an ordinal and an event ("First Meeting")."""
    words = surface.split()
    while len(words) > 1 and words[-1].lower() in _TRAILING_LABELS:
        words = words[:-1]
    name = " ".join(words)
    end = start + len(name) if text.startswith(name, start) else end
    line_start = text.rfind("\n", 0, start) + 1
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
    ):
        return "", end
    return name, end


def _is_table_header(text: str, line_start: int, line_end: int) -> bool:
    """Whether the line is a table's header row: the next line is its |---|---| rule."""
    if line_end == -1:
        return False
    following = text[line_end + 1 : text.find("\n", line_end + 1) if text.find("\n", line_end + 1) != -1 else len(text)]
    return bool(re.fullmatch(r"\s*\|?[\s:|-]*-[\s:|-]*", following))


def _drop_article(surface: str, start: int) -> tuple[str, int]:
    if surface.lower().startswith("the "):
        return surface[4:], start + 4
    return surface, start


def _check_person(surface: str, start: int, text: str) -> tuple[str, str, int]:
    """A PERSON span as (kind, name without honorifics, start); organisations and places
    that spaCy took for people are given back their kind."""
    words = surface.split()
    if any(w.lower().strip(".,") in _ORG_WORDS for w in words):
        return "org", surface, start
    if all(_is_role_word(w) or w.lower() in _ROLE_MODIFIERS for w in words) or words[-1].lower() in _TITLE_ENDINGS:
        return "", "", start  # "Common Councilman": a title, not a name
    # Honorifics, titles ("Dean Li Gucheng") and words that open a sentence ("Hence Basawaraj")
    # are not part of the name.
    while len(words) > 1 and (
        words[0].rstrip(".") in HONORIFICS
        or words[0].removesuffix("s") in HONORIFICS  # "Professors Zhou Deyi and Xia Chunping"
        or ((_is_role_word(words[0]) or words[0].lower() in _ROLE_MODIFIERS) and len(words) > 2)
        or words[0].lower() in _SENTENCE_OPENERS
    ):
        start = text.index(words[1], start)
        words = words[1:]
    if words and words[0].rstrip(".") in HONORIFICS:
        words = []
    name = " ".join(words)
    if not words or len(words) > 4 or not all(w[:1].isupper() for w in words) or any(c.isdigit() for c in name):
        return "", "", start
    return "person", name, start


_LISTED_PERSON = re.compile(
    rf"(?:(?<=^)|(?<=[:,;(*_•\]-]\s)|(?<=\band\s)|(?<=\|\s))(?:{_HONORIFIC}\s+)?(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}})"
    rf"(?=\s*\(|\s*,\s*[A-Za-z]|\s*$|\s*\|)",
    re.M,
)


def _with_listed_people(text: str, document: Document, chunks: Sequence[Chunk], found: list[Mention]) -> list[Mention]:
    """The mentions plus the people in attendance lists, tables and labelled lines ("Present:
    A (chair), B ..."), which NER often misses because list items are not sentences. A name
    after an honorific ("Mr. Kong Dehai") wins over a place or organisation NER saw in it."""
    taken = [(m.start, m.end) for m in found if m.kind == "person"]
    extra: list[Mention] = []
    displaced: set[tuple[int, int]] = set()
    for line_match in re.finditer(r"^.*$", text, re.M):
        line = line_match.group(0)
        label = _LIST_LABELS.match(line) or re.match(
            r"^\W*(chair|chaired by|filed by|secretary|apologies|minutes taken by)\W*:[\s*_]*", line, re.I
        )
        if not label and not line.lstrip().startswith(("|", "- ", "* ")) and not _HONORIFIC_START.match(line):
            continue
        for match in _LISTED_PERSON.finditer(line, label.end() if label else 0):
            start = line_match.start() + match.start("name")
            end = line_match.start() + match.end("name")
            name = match.group("name")
            # A person NER found inside the listed name ("Kong" of "Mr. Kong Dehai") gives way to it.
            inside = {(s, e) for s, e in taken if start <= s and e <= end and (s, e) != (start, end)}
            clash = any(s < end and start < e for s, e in taken if (s, e) not in inside)
            if clash or any(w.lower() in _ORG_WORDS for w in name.split()):
                continue
            # A name with an honorific, or a list item's name followed by its short form or its
            # role in parentheses ("- Benoit Pilorget (BP): ...", "- Heidi Perrett (Chair)").
            honorific = match.group(0) != name or bool(_NAME_NOTE.match(line, match.end()))
            if not (label or honorific):  # bare names only after a label or an honorific
                continue
            others = {(m.start, m.end) for m in found if m.kind != "person" and m.start < end and start < m.end}
            if (others or inside) and not honorific:
                continue
            displaced |= others | inside
            extra.append(Mention("person", name, start, end, _page_at(document, start), _chunk_at(chunks, start, end)))
            taken.append((start, end))
    return [m for m in found if (m.start, m.end) not in displaced] + extra


_HONORIFIC_START = re.compile(rf"^\W*{_HONORIFIC}\s")
_NAME_NOTE = re.compile(
    r"\s*\((?:[A-Z][A-Za-z]{0,4}|[^()]{0,40}\b(?:" + "|".join(sorted(ROLE_WORDS)) + r")\b[^()]{0,40})\)", re.I
)


def _people_of(mentions: Sequence[Mention]) -> list[_Person]:
    """The report's people: full names (two or more words), with both word orders merged."""
    people: list[_Person] = []
    by_key: dict[tuple[str, ...], _Person] = {}
    for mention in mentions:
        words = tuple(mention.text.split())
        if mention.kind != "person" or len(words) < 2:
            continue
        key = tuple(w.lower() for w in words)
        person = by_key.get(key) or by_key.get(tuple(reversed(key)))
        if person is None:
            person = _Person(mention.text)
            people.append(person)
            by_key[key] = person
        person.forms.add(mention.text)
    return people


def _resolve_short_names(mentions: Sequence[Mention], people: Sequence[_Person]) -> list[Mention]:
    """ "Ms. Chen", "Director Chen" -> the report's "Chen Meiling" when a full name written earlier
    has that word first or last; unresolved one-word "people" are dropped (often a place or a
    company that NER misread)."""
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
            if not candidates:
                continue
            person = candidates[-1]  # the nearest full name before it
        form = mention.text if mention.text != person.name else None
        resolved.append(replace(mention, text=person.name, form=form))
    return resolved


def _has_surname(full_name: str, word: str) -> bool:
    words = full_name.split()
    return word in (words[0], words[-1])


def _without_common_nouns_and_people(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions less the organisations and places that are a common word the report also
    writes in lower case ("the Panel" beside "the panel", "Foundation", "Next") or a person the
    report names ("Chrousos" of Phaedra Chrousos, "ALLAN MORRIS"): names NER took for bodies.
    (A name of several words written in lower case somewhere is more often a web address or a
    generic phrase than the body itself: those stay.)"""
    people = {m.text.lower() for m in mentions if m.kind == "person"}
    surnames = {w for name in people for w in name.split() if len(w) > 2}
    lowered: dict[str, bool] = {}

    def written_lower(name: str) -> bool:
        if name not in lowered:
            # not inside a web or mail address ("www.canterbury.ac.nz")
            lowered[name] = bool(re.search(rf"(?<![\w./@-]){re.escape(name.lower())}(?![\w/@-]|\.\w)", text))
        return lowered[name]

    kept = []
    for mention in mentions:
        name = mention.text
        if mention.kind in ("org", "place") and (
            name.lower() in people
            or (" " not in name and name.lower() in surnames)
            or (" " not in name and not name.isupper() and name.lower() != name and written_lower(name))
        ):
            continue
        kept.append(mention)
    return kept
