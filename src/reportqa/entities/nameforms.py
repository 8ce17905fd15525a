"""Names written short: a body's acronym or contraction resolved to the name the report gives it in
full ("Guangxi Science and Technology Department (GXSTD)", "JacobsUni" of "Jacobs University
Bremen"), and the signs that a single word or an initialled surname is a person's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..types import Mention
from .spans import _ROW_BLOCK, _line_end, _line_start, _written_alone
from .vocabulary import (
    _HONORIFIC,
    _NAME_TOKEN,
    _ORG_WORDS,
    _ROLE_MODIFIERS,
    BODY_NOUNS,
    HONORIFICS,
    PARTICLE_WORDS,
    _is_role_word,
)

_LINK = {"of", "for", "and", "the", "in", "on", "at", "de", "du", "des", "la", "le", "&"}
# An acronym or a contraction written as one word: "GXSTD", "VC&P", "UPSud", "JacobsUni".
_SHORT_FORM = re.compile(r"[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*")


def _pieces(short: str) -> list[str]:
    """The parts of a short form, each standing for a word: "UPSud" -> U, P, Sud; "JacobsUni" ->
    Jacobs, Uni."""
    return re.findall(r"[A-Z][a-z]*", short)


def _words(name: str) -> list[str]:
    """A name's words, a word written in camel case parted ("OpenDreamKit" -> Open, Dream, Kit)."""
    words = []
    for word in re.split(r"[\s-]+", name.replace("’s", "").replace("'s", "")):
        words.extend(re.findall(r"[A-ZÀ-Þ]?[a-zß-ÿ]+|[A-Z]+(?![a-z])|&", word) or [word])
    return [w for w in words if w]


def _defines(short: str, name: str) -> bool:
    """Whether a short form written beside a name in brackets abbreviates it: its first letter
    is the name's and its letters come in the name's order ("GXSTD", "Guangxi Science and
    Technology Department"; "AQA", "Academic Quality Agency for New Zealand Universities")."""
    letters = [c.lower() for c in short if c.isalpha()]
    plain = [c.lower() for c in name if c.isalpha()]
    if len(letters) < 2 or len(name.split()) < 2 or not plain or letters[0] != plain[0]:
        return False
    position = 0
    for letter in letters:
        try:
            position = plain.index(letter, position) + 1
        except ValueError:
            return False
    return True


def _contracts(short: str, name: str, places: set[str]) -> bool:
    """Whether a short form the report does not define stands for a name it gives in full: each
    part opens one of the name's words in order, and every word but link words and a place
    ending the name ("Jacobs University Bremen") has its part ("ODK", "OpenDreamKit"; "UPSud",
    "Université Paris Sud"; "JacobsUni")."""
    pieces = [p.lower() for p in _pieces(short)]
    written = _words(name)
    words = [w.lower() for w in written]
    if len(pieces) < 2 or len(words) < 2:
        return False

    def match(p: int, w: int) -> bool:
        if p == len(pieces):
            rest = [x for x in written[w:] if x.lower() not in _LINK]
            return not rest or (len(rest) == 1 and p >= 2 and rest[0] in places)
        if w == len(words):
            return False
        word = words[w]
        if word.startswith(pieces[p]) and match(p + 1, w + 1):
            return True
        return word in _LINK and match(p, w + 1)

    return match(0, 0)


# A name given in full: capitalised words and link words ("Université Paris Sud"), or one word
# in camel case ("OpenDreamKit"); no figures or codes ("WT/TPR/OV/23").
_FULL_NAME = re.compile(
    r"[A-ZÀ-Þ][a-zß-ÿ’'-]+(?:\s+(?:[A-ZÀ-Þ][\w’'-]*|of|for|and|the|&|de|du|des|la|le|in|on|at)){1,9}"
    r"|(?:[A-Z][a-z]+){2,4}"
)


def resolve_short_forms(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions, each body's acronym or contraction given the full name the report gives it
    (the short form kept as the form written, so the who's who lists it as an alias): defined in
    brackets after or before the name ("Beijing Municipal People's Congress (BMPC)", "SCOCIE
    (Sichuan Chamber of Commerce for Import-Export)"), or not defined but standing for one body
    the report names, and only that one ("UPSud" of "Université Paris Sud"); and a body's name
    written with its words in another order, given the order written first ("Mongolian Life
    Sciences University", "Mongolian University of Life Sciences"; three words or more)."""
    bodies = [m for m in mentions if m.kind == "org"]
    full: dict[str, str] = {}
    place_short: set[str] = set()
    for m in bodies:
        # "FULL (ACR)" or "ACR (FULL)": the name and its short form side by side
        inner = re.match(r"\s*\(([^()]{2,120})\)", text[m.end : m.end + 125])
        if inner:
            short, name = (inner.group(1).strip(), m.text) if " " not in inner.group(1) else (m.text, inner.group(1))
            # the name may end a chain: "Standing Committee of Beijing Municipal People's Congress (BMPC)"
            tails = [name, *(name[t.end() :] for t in re.finditer(r"\s+of\s+(?:the\s+)?", name))]
            if _SHORT_FORM.fullmatch(short) and (fitting := next((t for t in tails if _defines(short, t)), None)):
                full.setdefault(short, fitting.strip())
        combined = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", m.text)  # NER took both: "SCOCIE (Sichuan Chamber ...)"
        if combined:
            a, b = combined.groups()
            short, name = (a, b) if " " not in a else (b, a)
            if _SHORT_FORM.fullmatch(short) and _defines(short, name):
                full.setdefault(short, name.strip())
    names = {m.text for m in bodies if _FULL_NAME.fullmatch(m.text)} | set(full.values())
    names |= set(re.findall(r"(?<![\w@/#.-])(?:[A-Z][a-z]+){2,4}(?![\w@/-])", text))  # "OpenDreamKit", in any sentence
    places = {m.text for m in mentions if m.kind == "place"}
    for m in bodies:
        short = m.text
        if short in full or " " in short or not _SHORT_FORM.fullmatch(short) or (short.isupper() and len(short) < 3):
            continue
        candidates = {n for n in names if n[:1] == short[:1] and n != short and _contracts(short, n, places)}
        if len(candidates) == 1:
            full[short] = candidates.pop()
    by_words: dict[tuple[str, ...], str] = {}
    for m in bodies:  # the same words in another order (three or more): the name written first
        words = tuple(sorted(w.lower() for w in m.text.split() if w.lower() not in ("of", "the", "for", "and")))
        kept = by_words.setdefault(words, m.text)
        if len(words) >= 3 and kept.lower() != m.text.lower() and m.text not in full:  # (case alone: one name_key)
            full[m.text] = by_words[words]  # "Mongolian Life Sciences University", "... University of Life Sciences"
    for m in mentions:  # a place's acronym: "the Arctic Coastal Plain (ACP)"
        inner = re.match(r"\s*\(([A-Z]{2,6})\)", text[m.end : m.end + 10]) if m.kind == "place" else None
        if inner and inner.group(1) not in full and _defines(inner.group(1), m.text):
            full[inner.group(1)] = m.text
            place_short.add(inner.group(1))
    if not full:
        return list(mentions)
    resolved = []
    for m in mentions:
        combined = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", m.text)
        if m.kind in ("org", "place") and m.text in full:
            kind = "place" if m.text in place_short else "org"
            m = replace(m, kind=kind, text=full[m.text], form=m.text)
        elif m.kind == "org" and combined and full.get(combined.group(1)) == combined.group(2).strip():
            m = replace(m, text=combined.group(2).strip(), form=combined.group(1))
        resolved.append(m)
    return resolved


# Verbs that say a person did something, after a name standing alone ("Ron reported",
# "Jay decided to step down", "Ron was to follow up", "Ron is working on").
_PERSONS_ACT = re.compile(
    r"\s+(?:(?:was|is|will|would|has|had)\s+(?:(?:to|also|now|then)\s+)?)?"
    r"(?:reported|said|says|decided|agreed|asked|noted|explained|presented|proposed|suggested|thanked|"
    r"stepped|resigned|joined|volunteered|offered|moved|seconded|welcomed|introduced|gave|led|chaired|"
    r"confirmed|recommended|undertook|visited|met|attended|spoke|wrote|raised|replied|updated|"
    r"follow|working|talking|speaking|meeting|leading|looking|preparing|organising|organizing|contact|"
    r"send|write|prepare|circulate|report|attend|lead|arrange)\b"
)
# (A title before it is left out: NER's single word after "President" is a name, but the role
# rules then read the list it opens as titled names -- "President A, Vice-President B, the
# Speaker of X, the Hon. C" -- and give B the next person's title.)
# Meeting someone: "will be meeting with Randy at the shelter".
_MET_WITH = re.compile(r"\b(?:meet|meets|met|meeting|spoke|speaking|talked|talking)\s+with\s+$")
_TITLE_BEFORE = re.compile(rf"(?:(?<![\w.]){_HONORIFIC}|\bCllrs?\.?)\s+$")


def single_name_is_a_persons(text: str, mention: Mention, mentions: Sequence[Mention]) -> bool:
    """Whether a person named by one word that no full name of the report explains is still a
    person: the report writes an honorific before it ("Dr Suwardjo", "Cllr Gully"), or writes it,
    standing alone in a sentence, doing what people do ("Jay decided to step down", "Ron was to
    follow up"), or lists it with other people named alike ("contracted
    with Karthikeyan, Prssanna and Saif") -- and never names a body or a place with it, writes it
    in capitals only ("MK", initials) or in lower case."""
    word = mention.text
    if (
        not re.fullmatch(r"[A-ZÀ-Þ][a-zß-ÿ]{2,}", word)
        or word.lower() in _NOT_NAMES
        # (the plain search first spares most names the pattern's scan of a long report)
        or (word.lower() in text and re.search(rf"(?<![\w./@-]){re.escape(word.lower())}\b", text))
        or any(m.kind in ("org", "place") and word in m.text.split() for m in mentions)
    ):
        return False
    line_start = _line_start(text, mention.start)
    before = text[max(line_start, mention.start - 25) : mention.start]
    if _TITLE_BEFORE.search(before) or _MET_WITH.search(before):
        return True
    if _PERSONS_ACT.match(text, mention.end):
        return True
    return _listed_with_single_names(text, mention, mentions)


_LISTED_NAMES = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ]+(?:(?:,\s+|,?\s+and\s+)[A-ZÀ-Þ][a-zß-ÿ]+){2,}(?![\w(])(?!\s*[\d(])")


def single_names_listed(text: str, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """(start, end) of the single names NER did not take for people in a list of three or more
    single names of which it took at least two ("contracted with Karthikeyan, Prssanna and Saif"),
    none a body or a place, no year after it."""
    found = []
    for listed in _LISTED_NAMES.finditer(text):
        inside = [m for m in mentions if listed.start() <= m.start and m.end <= listed.end()]
        people = [m for m in inside if m.kind == "person" and " " not in m.text]
        if len(people) < 2 or any(m.kind in ("org", "place") for m in inside):
            continue
        for item in re.finditer(r"[A-ZÀ-Þ][a-zß-ÿ]+", listed.group(0)):
            start, end = listed.start() + item.start(), listed.start() + item.end()
            if not any(m.start < end and start < m.end for m in mentions):
                found.append((start, end))
    return found


def _listed_with_single_names(text: str, mention: Mention, mentions: Sequence[Mention]) -> bool:
    """Whether a single name stands in a list of three or more single names, at least two of them
    people ("contracted with Karthikeyan, Prssanna and Saif"), none a body or a place, and no
    year after it (a citation: "Karr and Roth 1971")."""
    line_start = _line_start(text, mention.start)
    line_end = text.find("\n", mention.end)
    for listed in _LISTED_NAMES.finditer(text, line_start, line_end if line_end != -1 else len(text)):
        if not listed.start() <= mention.start < listed.end():
            continue
        inside = [m for m in mentions if listed.start() <= m.start and m.end <= listed.end()]
        people = [m for m in inside if m.kind == "person" and " " not in m.text]
        return len(people) >= 2 and not any(m.kind in ("org", "place") for m in inside)
    return False


# Words NER tags as a person's name alone that reports use as other things.
_NOT_NAMES = {"governors", "participants", "deliverables", "proposer", "seconder", "liaison", "case", "suite"}


_INITIALLED = rf"(?:{_HONORIFIC}\s+)?[A-Z]\.?\s?(?:[A-Z]\.\s?)?{_NAME_TOKEN}"
# A list of names written with initials: "J. Stephenson, J. Gully, Mr. T Jones, M Daniels".
_INITIALLED_LIST = re.compile(
    rf"(?<![\w.]){_INITIALLED}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*){_INITIALLED})+(?![\w'’-])"
)
_ONE_INITIALLED = re.compile(rf"(?:{_HONORIFIC}\s+)?(?P<name>[A-Z]\.?\s?(?:[A-Z]\.\s?)?{_NAME_TOKEN})")


def initialled_names_listed(text: str, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """(start, end) of the names in lists of initialled names ("Apologies were received from
    councillors J. Stephenson, J. Gully, Mr. T Jones, M Daniels") of which NER found at least one
    person: each such name in the list is a person's (NER misses some or calls them bodies)."""
    found = []
    people = [(m.start, m.end) for m in mentions if m.kind == "person"]
    for listed in _INITIALLED_LIST.finditer(text):
        if "\n" in listed.group(0):
            continue
        names = [
            (listed.start() + n.start("name"), listed.start() + n.end("name"))
            for n in _ONE_INITIALLED.finditer(listed.group(0))
        ]
        if len(names) >= 2 and any(any(s < e2 and s2 < e for s2, e2 in people) for s, e in names):
            found.extend(names)
    return found


# A first cell written as a person's name: initials and words, an honorific, footnote marks after
# it ("Prof Clayton M Christensen**", "O P Bhatt", "V Thyagarajan*", "Glen F. Post, III").
_NAME_CELL = re.compile(
    rf"(?:{_HONORIFIC}\s+)?(?P<name>(?:[A-Z]\.?\s?){{0,3}}{_NAME_TOKEN}(?:\s+(?:[A-Z]\.?\s?){{0,2}}{_NAME_TOKEN}){{0,3}}"
    r"(?:,?\s+(?:Jr|Sr|II|III|IV)\.?)?)\s*(?:[*†‡#@]+|\(\d{1,2}\))?"
)


_SUMMARY_WORDS = {"total", "subtotal", "sub-total", "other", "others", "all", "grand", "net"}


def names_in_a_column(text: str, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """(start, end) of the names NER missed in the first column of a table whose first column
    names people -- two or more of its first cells NER's people, whole: a table of directors' pay
    or of attendance ("Aman Mehta | 4.80 | ..." over "O P Bhatt | 7.50 | ..."). A cell stays out
    when a word of it is written in lower case in the report ("Other Expenses") or names a body or
    an office ("Independent Directors")."""
    found = []
    people = {(m.start, m.end) for m in mentions if m.kind == "person"}
    for block in _ROW_BLOCK.finditer(text):
        cells = []
        for row in re.finditer(r"^[ \t|]*([^|\n]*?)[ \t]*\|", block.group(0), re.M):
            start = block.start() + row.start(1)
            named = _NAME_CELL.fullmatch(row.group(1))
            if named and len(named.group("name").split()) > 1:  # (a header's "Name" is one word)
                cells.append((start + named.start("name"), start + named.end("name")))
        if sum(cell in people for cell in cells) < 2:
            continue
        for start, end in cells:
            words = re.findall(r"[^\W\d_][a-zß-öø-ÿ]+", text[start:end])  # (not "III" of "Glen F. Post, III")
            if (
                (start, end) in people
                or not words
                or words[0].lower() in _SUMMARY_WORDS
                or any(
                    _written_alone(text, w.lower()) or w.lower() in _ORG_WORDS | BODY_NOUNS or _is_role_word(w)
                    for w in words
                )
            ):
                continue
            found.append((start, end))
    return found


_UNIVERSITY_ABROAD = re.compile(
    r"(?:Université|Universität|Universidad|Universidade|Università|Universiteit)\s+(?:(?:de|di|do|da|van|of)\s+)?(?P<place>.+)"
)


def one_body_written_twice(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions, a body the report names in two ways given the name it wrote first (the other
    kept as the form written): a university in its own language and in English ("Universität
    Zürich", "the University of Zürich"), and a name misspelt within a few lines of the name as
    spelt ("Ota District Council", "Ota Districat Council": three words or more, one letter more,
    less or other in one long word)."""
    bodies = [m for m in mentions if m.kind == "org"]
    first: dict[str, int] = {}
    for m in bodies:
        first.setdefault(m.text, m.start)
    same: dict[str, str] = {}
    abroad = {match.group("place"): m.text for m in bodies if (match := _UNIVERSITY_ABROAD.fullmatch(m.text))}
    for name in first:
        english = re.fullmatch(r"University\s+of\s+(.+)", name)
        if english and (native := abroad.get(english.group(1))):
            same[name] = native
    for n, a in enumerate(bodies):  # (in the report's order)
        for b in bodies[n + 1 :]:
            if b.start > a.start + 400:
                break
            if a.text != b.text and b.text not in same and first[a.text] < first[b.text] and _misspelt(a.text, b.text):
                same[b.text] = a.text
    if not same:
        return list(mentions)
    return [replace(m, text=same[m.text], form=m.text) if m.kind == "org" and m.text in same else m for m in mentions]


def _misspelt(right: str, wrong: str) -> bool:
    a, b = right.split(), wrong.split()
    if len(a) < 3 or len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    if min(len(x), len(y)) < 6 or x[:2] != y[:2] or x.rstrip("s") == y.rstrip("s"):
        return False
    if len(x) == len(y):
        return sum(c != d for c, d in zip(x, y, strict=True)) == 1
    short, long = sorted((x, y), key=len)
    return len(long) - len(short) == 1 and any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_SURNAME_AFTER_HONORIFIC = re.compile(
    rf"(?<![\w.]){_HONORIFIC}\s+(?P<name>{_NAME_TOKEN})(?![\w'’-]|\s+(?:[A-Z]|{PARTICLE_WORDS}\s)|\.\w)"
)


def surnames_after_honorifics(text: str, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """(start, end) of the single names written after an honorific where NER saw nothing ("Dr
    Suwardjo from the DPR"): a person named by surname, resolved to the report's full name later
    if it gives one. Not a title or a word the report writes in lower case ("Madam Chair")."""
    found = []
    for match in _SURNAME_AFTER_HONORIFIC.finditer(text):
        start, end = match.span("name")
        word = match.group("name")
        if (
            _is_role_word(word)
            or word.lower() in _ROLE_MODIFIERS
            or word in HONORIFICS
            or (word.lower() in text and re.search(rf"(?<![\w./@-]){re.escape(word.lower())}\b", text))
            or any(m.start < end and start < m.end for m in mentions)
        ):
            continue
        found.append((start, end))
    return found


# --- figures, codes, captions and addresses written like names (issue 31, session 17) -------------

# A number written as a word of its own: "610", "103,755", "1.1", "60335-1", "1985a" (a citation's year).
_FIGURE = re.compile(r"\d[\d,.–-]*[a-z]?")
# A reference number glued to a name's last word, as typeset text keeps a footnote's mark:
# "Competition Protection Department89", "India.54", "Paris Protocol,18".
_GLUED_NOTE = re.compile(r"(?<=[a-z])[.,]?\d{1,3}$")
# Words that open the caption of a chart, a table, a box or an annex: "Chart 1.1 Economically ...".
_CAPTIONS = {
    "chart", "table", "figure", "fig", "box", "annex", "appendix", "exhibit", "graph",
    # (and the parts of a law or a document by their number or letter: "Subpart IV", "Subtitle II")
    "part", "subpart", "subtitle", "section", "subsection", "paragraph",
}  # fmt: skip
# The last part of a web address: a name written with it is a website ("Slack.com").
_WEB_DOMAIN = re.compile(r"\.(?:com|net|io|co|org)$")


def _is_code(word: str) -> bool:
    """Whether a word is a code, not a name: letters and figures with three figures or more or a
    figure after a hyphen ("DS547", "COVID-19", "DCF-F-2476-E"; not "18F", "G20"), or parts
    parted by slashes with a figure, a single letter or three parts or more ("G/SG/N/8", "P/N",
    "WT/TPR/S/296"; not "PSA/QCB", two bodies)."""
    if "/" in word:
        parts = word.split("/")
        return any(c.isdigit() for c in word) or len(parts) >= 3 or any(len(p) <= 1 for p in parts)
    digits = sum(c.isdigit() for c in word)
    return digits > 0 and any(c.isalpha() for c in word) and (digits >= 3 or bool(re.search(r"-\d", word)))


def name_without_figures(name: str, after: str = "") -> str:
    """A name as the figures around it leave it: cut of a reference number glued to its end
    ("Competition Protection Department89": a footnote's mark), of a citation's year ("USFWS
    1985a") and of a share ("Mitsui 1%"; ``after``: the text after the name) -- a number after a
    name is otherwise one of a series ("Qatargas 2") -- or "" when it is no name: a code ("DS547",
    "COVID-19", "G/SG/N/8"), a name before a longer number ("HS 721070", "IEC 60335-1", "Lion
    Air Flight 610") or around one ("Doha Bank 103,755 Listed", a table's row), a caption
    ("Chart 1.1 Economically", "Annex IV", "Chart"), a website ("Slack.com")."""
    name = _GLUED_NOTE.sub("", name)
    words = name.split()
    if not words or _WEB_DOMAIN.search(name):
        return ""
    if words[0].lower() in _CAPTIONS and (
        len(words) == 1 or re.fullmatch(r"\d[\d.]*|[IVXLC]+|[A-Z]\.?", words[1].rstrip(":."))
    ):
        return ""
    if any(_is_code(w) and not _FIGURE.fullmatch(w) for w in words):
        return ""
    figures = [n for n, w in enumerate(words) if _FIGURE.fullmatch(w)]
    if not figures:
        return name
    last = words[-1]
    if figures == [len(words) - 1] and len(words) > 1 and re.fullmatch(r"\d{1,2}", last):
        return " ".join(words[:-1]) if after.startswith("%") else name
    if figures == [len(words) - 1] and len(words) > 1 and re.fullmatch(r"(?:19|20)\d\d[a-z]", last):
        return " ".join(words[:-1])
    return ""


def is_currency(name: str, text: str) -> bool:
    """Whether a three-letter abbreviation is a currency: the report writes it before an amount
    ("QAR 365 million", "EUR 12,500"), as it writes no body ("ISO 9001" is a standard's number)."""
    return bool(re.fullmatch(r"[A-Z]{3}", name)) and name in currencies(text)


# A three-letter code before an amount: "QAR 365 million", "EUR 12,500".
_CODE_BEFORE_AMOUNT = re.compile(r"\b([A-Z]{3})\s?\d[\d,.]*(?:\s*(?:million|billion|thousand|trillion|bn|mn)\b|,\d{3})")


def currencies(text: str) -> frozenset[str]:
    """The three-letter codes a report writes before amounts (one pass over the text: a long
    report names hundreds of bodies, each checked against them)."""
    return frozenset(match.group(1) for match in _CODE_BEFORE_AMOUNT.finditer(text))


# --- things, headings and firms NER took for people (issue 31, session 18) -----------------------

# Forms of address of other usages than English's, which NER takes into the name: "Shri Mukesh D.
# Ambani", "Datuk Lee Chong", "Rev. Ann Okoro".
FORMS_OF_ADDRESS = {
    "Shri", "Sri", "Smt", "Shrimati", "Kumari", "Rev", "Revd", "Hon", "Datuk", "Dato", "Datin", "Cllr", "Alhaji",
    "Mme", "Mlle",
}  # fmt: skip
# What stands before a person's name and never before a thing's: an honorific or a form of address.
_ADDRESSED = re.compile(
    rf"(?:(?<![\w.]){_HONORIFIC}|\b(?:His|Her)\s+Excellency|\bH\.\s?E\.?|\b(?:{'|'.join(sorted(FORMS_OF_ADDRESS))})\.?)\s+$"
)
# A line of capitalised words (and links): a heading.
_TITLE_CASE_LINE = re.compile(
    r"[#\W\d]*(?:[A-Z][\w’'&-]*|&|and|of|the|for|in|on|to|with)(?:\s+(?:[A-Z][\w’'&-]*|&|and|of|the|for|in|on|to|with)){0,7}:?"
)
# The opening of a sentence of prose: up to three capitalised words, then words in lower case.
_PROSE = re.compile(r"(?:[A-Z][\w’'-]*\s+){1,3}[a-z][\w’'-]*\s+[a-z]")
# What a person's profile under their name opens with: a pronoun or their honorific.
_PROFILE_OPENING = re.compile(rf"(?:He|She|They|His|Her|Their|{_HONORIFIC})\b")
# Words after "the NAME" that do not make it a thing's name ("the Wei Liang and ...").
_NOT_NOUNS = {
    "and", "or", "of", "in", "on", "at", "to", "is", "was", "are", "were", "has", "had", "have", "will", "would",
    "said", "says", "who", "which", "that", "with", "for", "as", "from", "by", "but", "also", "then", "not",
}  # fmt: skip


def _addressed(before: str) -> bool:
    """Whether the text before a name ends with an honorific, a form of address or a title ("Mr",
    "Shri", "Trustee", "Vice-President"): what stands before a person's name, never a thing's."""
    if _ADDRESSED.search(before):
        return True
    title = re.search(r"([A-Za-z][\w-]*)\s+$", before)
    return title is not None and title.group(1)[0].isupper() and _is_role_word(title.group(1))


def not_a_persons_name(text: str, name: str, written_lower: Callable[[str], bool], places: Sequence[str]) -> bool:
    """Whether a "person" NER found is no person's name, never written after an honorific or a
    form of address: an activity named by its verb ("Estimating Sockeye Salmon", "Fixing Profits":
    the report uses the verb, "estimated"); a thing named after someone or something, written
    after "the" ("the Joshua Green watershed", "the Separation Barrier"); a heading over prose
    ("Regulatory Findings" / "The FAA has determined ..."); a firm or product named with a place
    the report names ("Vodafone Qatar", "Qatari Subsidiary"); an acronym and a common word ("QP
    Oil", "RC Exempt"); a thing named after its owner ("McKay’s Bunting"). ``places``: the names of
    the report's place mentions, one a mention."""
    words = name.split()
    at = _written_alone(text, name)
    if len(words) < 2 or any(_addressed(text[max(0, s - 30) : s]) for s in at):
        return False
    return (
        any(re.search(r"\w[’']s$", w) for w in words[:-1])
        or _an_activity(words, written_lower)
        or _a_things_name(text, name, at)
        or (_a_heading(text, name, at) and any(written_lower(w) or written_lower(w.removesuffix("s")) for w in words))
        or _named_with_a_place(text, words, places)
        or _an_acronym_and_a_word(text, words, written_lower)
        or _a_currency(text, words)
        or (
            _a_common_noun_last(words, written_lower)
            and bool(at)
            and all(_a_figures_label(text, s, len(name)) for s in at)
        )
        or _a_kind_in_the_plural(text, words, at, written_lower)
        # a group of office holders ("Directors and Named Executive Officers |  |")
        or (words[-1].endswith("s") and _is_role_word(words[-1][:-1]))
        or (bool(at) and all(_in_a_header_row(text, s) for s in at))
    )


def _in_a_header_row(text: str, position: int) -> bool:
    """Whether ``position`` is in a table's first row ("Name | Shares Owned | Percent Owned"):
    a line with cells after a line without and before one with (blank lines passed over; a
    byline "June 6 | By Lu Wen | Zhang Liu" alone is no table)."""
    start, end = _line_start(text, position), _line_end(text, position)
    if "|" not in text[start:end]:
        return False
    previous_end = start - 1
    while previous_end > 0 and text[previous_end - 1].isspace():
        previous_end -= 1
    next_start = end
    while next_start < len(text) and text[next_start].isspace():
        next_start += 1
    return (previous_end <= 0 or "|" not in text[_line_start(text, previous_end) : previous_end]) and (
        "|" in text[next_start : _line_end(text, next_start)]
    )


def _a_common_noun_last(words: Sequence[str], written_lower: Callable[[str], bool]) -> bool:
    """Whether a name ends with a word the report also writes in lower case, without an initial
    ("Carrying Value", "Retained Earnings"): a table's label of figures may be a line item; a person
    in a table of pay ("Barry Litwin | 1,113,750", "Glen F. Post, III | 109,000") is not."""
    last = words[-1].strip(",.")
    return not any(re.fullmatch(r"[A-Z]\.", w) for w in words) and (
        written_lower(last) or (last.endswith("s") and written_lower(last[:-1]))
    )


# Currencies, named by their country's adjective: "Japanese Yen", "Indonesian Rupiah", "Thai Baht".
_CURRENCY_NAMES = {
    "yen", "rupiah", "baht", "rupee", "rupees", "peso", "pesos", "dollar", "dollars", "euro", "euros", "ringgit",
    "zloty", "krona", "krone", "kronor", "lira", "ruble", "rouble", "dirham", "riyal", "rial", "shekel", "naira",
    "cedi", "shilling", "shillings", "dinar", "forint", "koruna", "kwacha", "taka", "hryvnia", "renminbi", "rand",
    "pound", "pounds", "real", "franc", "francs", "yuan", "won",
}  # fmt: skip
# Those that are also surnames ("Ezra Pound"): a currency only in a report that speaks of currencies.
_SURNAME_CURRENCIES = {"pound", "pounds", "real", "franc", "francs", "yuan", "won", "rand"}
_COUNTRY_ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:ian|ese|ish|ean|i|ch|ss)")


def _a_currency(text: str, words: Sequence[str]) -> bool:
    """Whether a name is a currency: a country's adjective, then a currency's name."""
    last = words[-1].lower()
    return (
        len(words) == 2
        and last in _CURRENCY_NAMES
        and bool(_COUNTRY_ADJECTIVE.fullmatch(words[0]))
        and (last not in _SURNAME_CURRENCIES or "currenc" in text.lower())
    )


# A cell of figures: a number, an amount, a percentage, a date ("January 3, 2020", "(1,234.5)");
# not a time or a telephone number (a programme's "Anna Berg | 10:30", a contact list's).
_FIGURES = re.compile(r"[^A-Za-z]*\d[^A-Za-z]*(?:[A-Za-z]+\.?[^A-Za-z]*){0,2}")
_TIME_OR_PHONE = re.compile(r"\d{1,2}:\d\d|^\s*\+|\d{3}[-\s]\d{3,4}|@")


def _figure(cell: str) -> bool:
    return bool(_FIGURES.fullmatch(cell)) and not _TIME_OR_PHONE.search(cell)


def _a_figures_label(text: str, start: int, length: int) -> bool:
    """Whether a name written at ``start`` is a table's label of figures: the row's other cells
    all figures ("Retained Earnings | 545.2 | 472.0"), or the table's header over a row of
    figures ("Amortized Cost | Unrealized Gains | Fair Value" over "Bonds | 1,210 | 14 | 1,224"):
    a line item or a column, not a person ("Leigh Fox | 47 | President" has a title beside)."""
    cells = _row_cells(text, start)
    if cells is None:
        return False
    others = [c for c in cells if c and text[start : start + length] not in c]
    if others and all(_figure(c) for c in others):
        return True
    following = _row_cells(text, _line_end(text, start) + 1)
    if following is not None and all(set(c) <= set("-: ") for c in following):  # Markdown's |---|---| rule
        following = _row_cells(text, _line_end(text, _line_end(text, start) + 1) + 1)
    figures = [c for c in following or () if c]
    return (
        len(figures) >= 2
        and sum(map(_figure, figures)) * 2 > len(figures)
        and not _row_cells(text, max(0, _line_start(text, start) - 1))
    )


def _row_cells(text: str, position: int) -> list[str] | None:
    """The cells of the table row holding ``position`` ("a | b | c", Markdown's "| a | b |"), or None."""
    if position >= len(text):
        return None
    line = text[_line_start(text, position) : _line_end(text, position)]
    if " | " not in line and not line.lstrip().startswith("|"):
        return None
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


# What follows a person's name, never a kind's: an apposition, a note in brackets, a verb of one.
_AFTER_A_PERSON = re.compile(r",|\s*\(|\s+(?:is|was|has|had|said|says|will|would|who|and\s+[A-Z])\b")


def _a_kind_in_the_plural(
    text: str, words: Sequence[str], at: Sequence[int], written_lower: Callable[[str], bool]
) -> bool:
    """Whether a name ends in a plural the report also writes in lower case, and its singular or
    another of its words too ("Reindeer Grass Plots" beside "reindeer" and "plots", "Marsh Terns"
    beside "terns" and "a tern"), and is never followed by what follows a person's name (a
    comma, brackets, "said", "was" ...: "Ann Banks, the treasurer"): a kind of thing or animal,
    counted, not a person."""
    last = words[-1]
    if not (len(last) > 3 and last.endswith("s") and last[1:].islower() and written_lower(last)):
        return False
    if not (written_lower(last[:-1]) or any(written_lower(w) for w in words[:-1])):
        return False
    length = len(" ".join(words))
    return not any(_AFTER_A_PERSON.match(text, start + length) for start in at)


def _an_activity(words: Sequence[str], written_lower: Callable[[str], bool]) -> bool:
    """Whether a name opens with a verb's -ing form whose past the report writes ("Estimating" of
    "estimated", "Fixing" of "fixed"): the word, not its ending alone ("Zhang Ming", "Xu Meiling",
    "Browning" have no verb the report uses)."""
    first = words[0]
    if not (first.endswith("ing") and first[:1].isupper() and first[1:].islower()):
        return False
    stem = first[:-3].lower()
    return len(stem) >= 3 and (written_lower(f"{stem}ed") or written_lower(f"{stem}d"))


# Names listed after "the" and before the kind of thing they are: "the Dukhan, Maydan Mahzam, and
# Najwat Najem fields", "the Ras Bufontas and Umm Alhoul zones".
_ITEM = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}"
_THINGS_LISTED = re.compile(
    rf"\b[Tt]he\s+(?P<items>{_ITEM}(?:(?:,\s+(?:and\s+)?|\s+and\s+){_ITEM})+)\s+[a-z]{{3,}}s\b(?!\s+(?:of|to)\b)"
)


def _a_things_name(text: str, name: str, at: Sequence[int]) -> bool:
    """Whether every time the report writes the name it writes "the" before it, or once "the" before
    it and a noun after it ("the Ras Bufontas zone"), or every time lists it after "the" with other
    names before their kind ("the Dukhan and Najwat Najem fields"): a thing named after someone or
    somewhere."""
    if at and all(_listed_as_things(text, name, start) for start in at):
        return True
    the = [s for s in at if re.search(r"\b[Tt]he\s+$", text[max(0, s - 5) : s])]
    if not the:
        return False
    if len(the) == len(at):
        return True
    for start in the:
        noun = re.match(r"\s+([a-z][a-z-]{2,})\b", text[start + len(name) : start + len(name) + 30])
        if noun and noun.group(1) not in _NOT_NOUNS:
            return True
        if re.match(r" [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)* [A-Z]{2,}\b", text[start + len(name) : start + len(name) + 40]):
            return True  # the start of a longer name that an acronym ends: "the Dar Salam Harbour ETF"
    return False


def _listed_as_things(text: str, name: str, start: int) -> bool:
    """Whether the name written at ``start`` is an item of a list of things (_THINGS_LISTED)."""
    window = max(0, start - 150)
    for listed in _THINGS_LISTED.finditer(text[window : start + len(name) + 60]):
        items = re.split(r",\s+(?:and\s+)?|\s+and\s+", listed.group("items"))
        if name in items and listed.start("items") <= start - window < listed.end("items"):
            return True
    return False


def _a_heading(text: str, name: str, at: Sequence[int]) -> bool:
    """Whether a name written once stands in a heading over prose: a line of capitalised words
    after a finished sentence, before a line that opens a sentence (not a person's profile,
    which goes on about them: "He ...", "Ms Chen ...", their name again). (The caller also asks
    for a word of it the report writes in lower case: "Regulatory Findings" beside "regulatory".)"""
    if len(at) != 1:
        return False
    line_start = _line_start(text, at[0])
    line_end = text.find("\n", at[0])
    if line_end == -1 or not _TITLE_CASE_LINE.fullmatch(text[line_start:line_end].strip()):
        return False
    before = text[:line_start].rstrip()
    following = text[line_end + 1 : line_end + 300].lstrip()
    next_line = following.split("\n", 1)[0]
    return (
        (not before or before.endswith((".", ":", "!", "?")))
        and bool(_PROSE.match(next_line))
        and not _PROFILE_OPENING.match(next_line)
        and name.split()[-1] not in next_line
    )


# Endings that make a people's word of a place's name: "Qatari", "Nigerian", "Omani".
_PEOPLES = ("i", "n", "an", "ian")


def _named_with_a_place(text: str, words: Sequence[str], places: Sequence[str]) -> bool:
    """Whether a word of a name is a place the report names as where things are ("in Qatar"), or
    its people's ("Vodafone Qatar", "Qatari Subsidiary"): a firm, a product or a body named after
    where it is. (NER's "place" may be the person's own name written alone: "Hence Basawaraj was
    brought on".)"""
    singles = {p for p in places if " " not in p and len(p) > 3}
    words = [part for w in words for part in w.split("-")]  # "Non-Qatari Ownership"
    named = {w for w in words if w in singles} | {
        w[: -len(e)] for w in words for e in _PEOPLES if w.endswith(e) and w[: -len(e)] in singles
    }
    return any(
        re.search(rf"\b(?:in|at|to|from|across|throughout|within)\s+(?:the\s+)?{re.escape(p)}\b", text) for p in named
    )


def _an_acronym_and_a_word(text: str, words: Sequence[str], written_lower: Callable[[str], bool]) -> bool:
    """Whether a name is an acronym the report writes alone and a word it writes in lower case
    ("QP Oil", "RC Exempt"), not initials and a surname ("PO Dehaye")."""
    return (
        len(words) == 2
        and bool(re.fullmatch(r"[A-Z]{2,4}", words[0]))
        and written_lower(words[1])
        and len(_written_alone(text, words[0])) > 1
    )


# --- a table's next cell glued to a body's name (issue 31, session 18) ------------------------------

# Words that end a firm's or a body's name: what a table writes after one is the next cell.
_NAME_ENDS = {"company", "corporation", "limited", "ltd", "co", "inc", "plc", "llc", "group", "centre", "center"}
# Words that go on with the name after such a word: a legal form, a series ("Company Limited 2").
_GOING_ON = {"limited", "ltd", "co", "inc", "plc", "llc", "pte", "pty", "llp", "sa", "ag", "gmbh", "of", "for", "and"}


def name_without_next_cell(words: Sequence[str], body_words: set[str]) -> list[str]:
    """A body's name without the cell a table writes after it on the same line, which NER runs
    into it: a word repeating one of the name ("Qatar Steel Company Steel", "Qatar Aluminium
    Aluminium": the body's field beside its name), or one or two capitalised words after the word
    that ends a firm's name ("Misr Insurance Company Arab", "... Corporation Note", "... Company
    Qatari Public": its nationality, its kind). Not a unit of the body ("Company Board":
    ``body_words``) or its legal form ("Company Limited")."""
    words = list(words)
    if (
        len(words) > 2
        and re.fullmatch(r"[A-Z][A-Za-z]+", words[-1])
        and words[-1].lower() in {w.lower() for w in words[:-1]}
        and words[-1].lower() not in body_words  # "... Center and National Wildlife Health Center"
        and words[-2].lower() not in _GOING_ON  # "Information Service, Government of Jamaica"
    ):
        words = words[:-1]
    last_end = max((n for n, w in enumerate(words) if n and w.lower().strip(".,") in _NAME_ENDS), default=None)
    if last_end is None:
        return words
    tail = words[last_end + 1 :]
    if (
        1 <= len(tail) <= 2
        and all(re.fullmatch(r"[A-Z][a-z]+", w) for w in tail)
        and not any(w.lower() in _GOING_ON | body_words for w in tail)
    ):
        return words[: last_end + 1]
    return words


# --- acronyms of titles (issue 31, session 18) ----------------------------------------------------

# A run of capitalised words joined by spaces, hyphens and "and": "Vice-Chancellor and President".
_CAPITALISED_RUN = re.compile(r"[A-Z][a-z]+(?:(?:[ -]|\s+(?:and|&)\s+)[A-Z][a-z]+)+")


def titles_acronyms(text: str) -> set[str]:
    """The acronyms of the titles the report writes out ("VC&P" of "Vice-Chancellor and President",
    "DG" of "Director General"): an acronym among them names an office, not a body. One pass over
    the report: runs of capitalised words with a role word, each part of a run read as initials."""
    found = set()
    for run in _CAPITALISED_RUN.finditer(text):
        words = re.findall(r"[A-Z][a-z]+|and|&", run.group(0))
        initials = ["&" if w in ("and", "&") else w[0] for w in words]
        for first in range(len(words)):
            for last in range(first + 2, min(len(words), first + 7) + 1):
                part = words[first:last]
                if (
                    words[first] not in ("The", "A", "An")
                    and (_is_role_word(part[-1]) or part[-1].lower() in _ROLE_MODIFIERS)  # an office ends a title
                    and any(_is_role_word(w) for w in part)
                    and not any(w.lower() in _ORG_WORDS | BODY_NOUNS for w in part)  # "Executive Board"
                ):
                    found.add("".join(initials[first:last]))
    return found
