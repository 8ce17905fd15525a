"""Places NER misses or takes for people: the other items of a list of places ("we visited Seoul,
Pohang, Gyeongju, Ulsan and Busan"; "Burera and Gakenke in the Northern Province") and the town
of a news report's dateline ("Musanze 13 February 2017").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from ..types import Mention
from .vocabulary import _ORG_WORDS, _SENTENCE_OPENERS, GEOGRAPHIC_ENDINGS

_WORD = r"[A-ZÀ-Þ][a-zß-ÿ’'-]+"
_ITEM = rf"{_WORD}(?:\s+{_WORD}){{0,2}}"
_SEPARATOR = r"(?:,\s+(?:and\s+)?|\s+and\s+|\s*&\s*)"
_LIST = re.compile(rf"(?<![\w’'-]){_ITEM}(?:{_SEPARATOR}{_ITEM})+(?![\w’'-])")
_ONE = re.compile(_ITEM)
_PAIR = re.compile(rf"(?<![\w’'-]){_WORD}\s+and\s+{_WORD}(?=\s+in\s)")
_IN_PLACE = re.compile(r"\s+in\s+(?:the\s+)?")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_DATELINE = re.compile(
    rf"^\s*(?P<town>{_WORD}(?:\s+{_WORD})?),?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})"
    r"\s*(?:[-–—:|]|$)",
    re.M,
)
# Bodies of one kind named by their towns in brackets: "three regional Universities (Nsukka, Zaria and Ife)".
_TOWNS_OF_BODIES = re.compile(
    r"\b(?:[Uu]niversities|[Cc]olleges|[Pp]olytechnics|[Cc]ampuses|[Hh]ospitals|[Bb]ranches|[Oo]ffices|[Cc]onsulates)"
    rf"\s+\((?P<list>{_WORD}(?:{_SEPARATOR}{_WORD})+)\)"
)
_NOT_TOWNS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "dated", "date", "updated",
    "published", "posted", "issued", "released", "minutes", "meeting", "report", "news",
}  # fmt: skip


def places_not_recognised(
    text: str, mentions: Sequence[Mention], written_lower: Callable[[str], bool]
) -> list[Mention]:
    """New place mentions: single words that stand in a list with places the report names -- three
    or more items, two of them places, or two items followed by "in" and a place ("Kirehe and
    Ngoma in Eastern Province") -- where no other mention stands, and the town of a dateline in
    the report's first lines. Not a word the report also writes in lower case, nor one it uses
    in a body's name or a person's."""
    places = [m for m in mentions if m.kind == "place"]
    spans = sorted((m.start, m.end) for m in mentions)
    starts, ends = [s for s, _ in spans], [e for _, e in spans]
    named_otherwise = {w for m in mentions if m.kind != "place" for w in m.text.split()}

    def free(word: str, start: int, end: int) -> bool:
        return (
            " " not in word
            and word not in named_otherwise
            and word.lower() not in _SENTENCE_OPENERS | _NOT_TOWNS | _ORG_WORDS
            and not written_lower(word)
            and not _overlaps(starts, ends, start, end)
        )

    found: list[Mention] = []
    by_span = {(m.start, m.end): m for m in mentions}
    place_at = {p.start: p for p in places}
    lists = [*_LIST.finditer(text), *_PAIR.finditer(text)]  # (a pair may end a longer list: "..., A and B in X")
    for listed in lists:
        if "\n" in listed.group(0):
            continue
        items = [(listed.start() + i.start(), listed.start() + i.end()) for i in _ONE.finditer(listed.group(0))]
        exact = [by_span.get(item) for item in items]
        new = [
            (s, e)
            for (s, e), m in zip(items, exact, strict=True)
            if m is None and free(text[s:e], s, e) and not any(f.start == s for f in found)
        ]
        known = [m for m in exact if m is not None]
        if not new or len(new) + len(known) < len(items) or any(m.kind != "place" for m in known):
            continue  # an item that is a phrase, a body or a person: not a list of places
        after = _IN_PLACE.match(text, listed.end())
        then = place_at.get(after.end()) if after else None
        if then is not None and not known and then.text.split()[-1].lower() not in GEOGRAPHIC_ENDINGS:
            then = None  # two new names "in" a place need it to be a region: "in Southern Province"
        if (len(items) >= 3 and len(known) >= 2) or (len(items) == 2 and then is not None):
            anchor = known[0] if known else then
            assert anchor is not None
            found.extend(Mention("place", text[s:e], s, e, anchor.page, anchor.chunk_id) for s, e in new)
    for towns in _TOWNS_OF_BODIES.finditer(text):
        for item in _ONE.finditer(towns.group("list")):
            start, end = towns.start("list") + item.start(), towns.start("list") + item.end()
            if free(item.group(0), start, end) and not any(f.start == start for f in found):
                following = next((m for m in mentions if m.start >= end), None)  # (its page and passage)
                page, chunk = (following.page, following.chunk_id) if following else (None, None)
                found.append(Mention("place", item.group(0), start, end, page, chunk))
    for dateline in _DATELINE.finditer(text, 0, _first_lines_end(text, 5)):
        start, end = dateline.span("town")
        town = dateline.group("town")
        if not all(free(w, start, end) for w in town.split()):
            continue
        following = next((m for m in mentions if m.start >= end), None)  # (its page and passage)
        found.append(
            Mention(
                "place",
                town,
                start,
                end,
                following.page if following else None,
                following.chunk_id if following else None,
            )
        )
    return found


def _overlaps(starts: list[int], ends: list[int], start: int, end: int) -> bool:
    """Whether a mention (sorted by start; mentions do not nest much) overlaps start..end."""
    index = bisect.bisect_left(starts, end)
    return any(ends[i] > start for i in range(max(0, index - 5), index))


def _first_lines_end(text: str, lines: int) -> int:
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end == -1:
            return len(text)
    return end
