"""What is part of what, as a report says it: units of bodies ("the Overseas Affairs Department of
Lingang Innovation Center", "Lingang Innovation Center's Nantong Sub-center", "X, a sub-center of
Y", "X under Y", "Lingang Innovation Nantong Sub-center" beside "Lingang Innovation Center") and
places inside places ("Lianyungang, Jiangsu Province", "Chengdu in Sichuan", "Haimen (Jiangsu
Province)").

Only what the report's words state between two names it names; the who's who
(:meth:`reportqa.whoswho.Directory.parts_of`) joins the statements of every report.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from ..types import Mention, PartOf
from .spans import _sentence_at
from .vocabulary import _ORG_WORDS

# Last words of a name that make it a unit of a larger body.
_UNIT_WORDS = {
    "sub-center", "subcenter", "sub-centre", "subcentre", "branch", "campus", "office", "department", "division",
    "unit", "section", "school", "college", "faculty", "laboratory", "lab", "centre", "center", "secretariat",
    "subsidiary", "chapter", "institute", "directorate", "bureau", "committee",
}  # fmt: skip
# Last words of a place that holds other places ("Jiangsu Province").
_REGION_WORDS = {"province", "state", "prefecture", "county", "region", "oblast", "canton", "shire", "district"}
# Words of a body's or a site's name that NER may tag as a place ("Haizhou Industrial Park"): such
# a name "in Shanghai" is more often where something happened than a part of the city.
_SITE_WORDS = _ORG_WORDS - {"city", "province", "district", "county", "area", "region", "delta", "bay", "river"}


def _plain_place(name: str) -> bool:
    return not any(w.lower().strip(",.") in _SITE_WORDS for w in name.split())


_OF = re.compile(r"\s+of\s+(?:the\s+)?$")
_UNDER = re.compile(r"\s+(?:under|within|belonging\s+to|attached\s+to|run\s+by)\s+(?:the\s+)?$")
_APPOSITION = re.compile(
    r",\s+(?:a|an|the|one\s+of\s+the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?P<what>sub-?cent(?:er|re)s?|branch(?:es)?|units?|subsidiar(?:y|ies)|departments?|divisions?|offices?|"
    r"campus(?:es)?|parts?|members?|schools?|colleges?|faculty|faculties|laborator(?:y|ies)|districts?|"
    r"count(?:y|ies)|cit(?:y|ies)|towns?|villages?|provinces?)\s+(?:of|in|under)\s+(?:the\s+)?$",
    re.I,
)
_POSSESSIVE = re.compile(r"^['’]s\s+(?:new\s+|own\s+)?$")
_IN = re.compile(r"\s+in\s+(?:the\s+)?$")
_COMMA = re.compile(r"\s*,\s*$")
_PAREN = re.compile(r"\s*\(\s*$")


def _last_word(name: str) -> str:
    return name.split()[-1].lower() if name.split() else ""


def _parts(text: str, mentions: Sequence[Mention], sentences: Sequence[tuple[int, int, int | None]]) -> list[PartOf]:
    """Every "part of" statement between two organisations or places of one report."""
    bodies = sorted((m for m in mentions if m.kind in ("org", "place")), key=lambda m: (m.start, m.end))
    found: dict[tuple[str, str], PartOf] = {}

    def add(part: Mention, whole: Mention, kind: str) -> None:
        if part.text.lower() == whole.text.lower():
            return
        sentence = _sentence_at(sentences, part.start) or (min(part.start, whole.start), max(part.end, whole.end))
        found.setdefault((part.text, whole.text), PartOf(part.text, whole.text, kind, part.page, *sentence))

    for first, second in itertools.pairwise(bodies):
        gap = text[first.end : second.start]
        if len(gap) > 80 or "\n" in gap:
            continue
        if (
            second.kind == "org"
            and _last_word(first.text) in _UNIT_WORDS
            and (_OF.fullmatch(gap) or _UNDER.fullmatch(gap))
        ):
            add(first, second, "unit")  # "the Overseas Affairs Department of Lingang Innovation Center"
        elif (apposition := _APPOSITION.fullmatch(gap)) is not None:
            # "Fenghua, a district of Ningbo" / "the Nantong Sub-center, a sub-center of Lingang ..."
            inside = second.kind == "place" and apposition.group("what").lower().rstrip("s") not in ("sub-center",)
            add(first, second, "inside" if inside else "unit")
        elif first.kind == "org" and _last_word(second.text) in _UNIT_WORDS and _POSSESSIVE.fullmatch(gap):
            add(second, first, "unit")  # "Lingang Innovation Center's Nantong Sub-center"
        elif first.kind != "place" or second.kind != "place" or not _plain_place(first.text):
            # A body is not taken as a part of the place it stands in: filtering by "Shanghai"
            # would bring every report of a Shanghai body.
            continue
        elif _PAREN.fullmatch(gap) and text.startswith(")", _skip_space(text, second.end)):
            add(first, second, "inside")  # "Haimen (Jiangsu Province)"
        elif _COMMA.fullmatch(gap) and _last_word(second.text) in _REGION_WORDS:
            add(first, second, "inside")  # "Lianyungang, Jiangsu Province"
        elif _IN.fullmatch(gap):
            add(first, second, "inside")  # "Chengdu in Sichuan"
    for part, whole, start in _written_units(text):
        # NER often misses a unit in "the X Sub-center of Y" or "Y's X Laboratory": read from the words
        sentence = _sentence_at(sentences, start)
        where = (_page_of(sentences, start), *(sentence or (start, start + len(part))))
        found.setdefault((part, whole), PartOf(part, whole, "unit", *where))
    # "Lingang Innovation Nantong Sub-center" beside "Lingang Innovation Center": a unit named
    # after its body (the body's name less its last word opens the unit's name).
    orgs = {m.text: m for m in bodies if m.kind == "org"}
    for unit in bodies:
        if _last_word(unit.text) not in _UNIT_WORDS:
            continue
        for body in orgs.values():
            stem = body.text.split()[:-1]
            if len(stem) >= 2 and unit.text.split()[: len(stem)] == stem and len(unit.text.split()) > len(stem) + 1:
                add(unit, body, "unit")
    # "the Nantong Sub-center" after "Lingang Innovation Nantong Sub-center": the short name is the same unit.
    for unit in bodies:
        for (part, whole), statement in list(found.items()):
            same_unit = statement.kind == "unit" and part.endswith(" " + unit.text) and unit.text != whole
            if same_unit and _last_word(unit.text) in _UNIT_WORDS and len(unit.text.split()) >= 2:
                found.setdefault((unit.text, whole), PartOf(unit.text, whole, "unit", *_where(statement)))
    return list(found.values())


_NAME = r"[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*)*"
_WRITTEN_UNIT = (
    r"(?:[A-Z][\w'’&-]*\s+){1,4}(?:Sub-?[Cc]ent(?:er|re)|Branch|Campus|Office|Department|Division|Laboratory|Lab|"
    r"Secretariat|Unit|Section|Subsidiary|Chapter)"
)
_UNIT_OF = re.compile(rf"(?P<part>{_WRITTEN_UNIT})\s+(?:of|under)\s+(?:the\s+)?(?P<whole>{_NAME})")
_OWNERS_UNIT = re.compile(rf"(?P<whole>{_NAME})['’]s\s+(?:new\s+)?(?P<part>{_WRITTEN_UNIT})\b")


def _written_units(text: str) -> list[tuple[str, str, int]]:
    """(unit, body, offset) of "the Rongcheng Sub-center of Harbour Innovation Hub" and "Harbour
    Innovation Hub's Marine Robotics Laboratory", read from capitalised words alone."""
    found = []
    for pattern in (_UNIT_OF, _OWNERS_UNIT):
        for match in pattern.finditer(text):
            part, whole = (re.sub(r"^(?:The|A|An|On|In|At)\s+", "", match.group(g)) for g in ("part", "whole"))
            if "\n" not in match.group(0) and len(part.split()) >= 2 and part != whole:
                found.append((part, whole, match.start("part")))
    return found


def _page_of(sentences: Sequence[tuple[int, int, int | None]], offset: int) -> int | None:
    return next((page for start, end, page in sentences if start <= offset < end), None)


def _where(statement: PartOf) -> tuple[int | None, int, int]:
    return statement.page, statement.start, statement.end


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] == " ":
        at += 1
    return at
