"""Role claims a report's layout makes rather than its sentences: lists of office holders under
a heading, tables of names and positions, signature blocks and form fields. And the tidying every
role title gets, however it was found."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..types import Document, Mention, RoleClaim
from .careers import career_in_cell
from .mentions import _attendance_blocks, _office_list_blocks
from .spans import _ROW_BLOCK, _clean, _line_end, _line_start, _page_at
from .vocabulary import _EVENT_PARTS, _HONORIFIC, _PROFESSION, BODY_NOUNS, ROLE_WORDS, _is_role, _looks_like_org

# An office in the plural before the people who hold it: "Councillors S. Grimes, T. Heaford and
# J. Kelly", "three directors (A, B and C)", "Professors A and B", "Board members in attendance
# were:" over a list. Each of them holds the office ("councillor").
_OFFICE_WORDS = "|".join(sorted(w for w in ROLE_WORDS if len(w) > 3 and w.isalpha()))


_PLURAL = rf"(?P<office>(?:(?:board|council|committee|executive|steering|staff|faculty)\s+)?(?:{_OFFICE_WORDS})s)"


# (Over a line break only after a colon: "Board of Directors" alone on its line heads a list
# whose entries give their own titles, "Robert Mensah – Vice Chair".)
_OFFICE_BEFORE = re.compile(
    rf"\b{_PLURAL}(?:(?P<present>\s+(?:present|in\s+attendance|attending|absent))\s*:|\s*[:(]|\s+(?:such\s+as|including|namely)\b)?"
    rf"(?:(?<=[:(])\s*|[ \t]*)(?:{_HONORIFIC}\s+)?\Z",
    re.I,
)


# "the Speaker and his staff Mr A and Mrs B": the people a title holder's staff are named as.
_STAFF_BEFORE = re.compile(rf"\b(?:his|her|their|its|our)\s+(?P<office>staff)\s*,?\s*(?:{_HONORIFIC}\s+)?$")


# "three directors (A, B and C)": a name further on in the bracket after the office, where NER
# may have missed the first one -- only names, commas and "and" before it.
_OFFICE_AT_BRACKET = re.compile(rf"\b{_PLURAL}\s*$", re.I)


_OFFICE_HEADING = re.compile(
    rf"\W*(?:[\w-]+\s+)?{_PLURAL}(?:\s+(?:in\s+attendance|present|approved|elected|appointed|nominated|admitted|"
    r"confirmed))?(?:\s+were)?\s*:?\s*$",
    re.I,
)


# (a note in brackets may close an entry: "Trustees present: A (Chair), B, C")
_NEXT_NAME = re.compile(rf"\s*(?:\([^()\n]{{1,40}}\)\s*)?(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:{_HONORIFIC}\s+)?")


def _office_lists(document: Document, mentions: Sequence[Mention]) -> list[RoleClaim]:
    text = document.text
    people = sorted((m for m in mentions if m.kind == "person"), key=lambda m: m.start)
    held: list[tuple[Mention, str, int]] = []  # (person, office, where the office is written)
    office: tuple[str, int] | None = None
    previous: Mention | None = None
    for person in people:
        if not (office and previous and _NEXT_NAME.fullmatch(text, previous.end, person.start)):
            # a new list, when the office is written just before the name; else none
            found = (
                _OFFICE_BEFORE.search(text, max(0, person.start - 60), person.start)
                or _STAFF_BEFORE.search(text, max(0, person.start - 30), person.start)
                or _office_bracket(text, person.start)
            )
            if found and found.groupdict().get("present") and _singular(found.group("office")).endswith("member"):
                found = None  # "Members present:" says who attended, not an office they hold
            office = (_singular(found.group("office")), found.start()) if found else None
        if office:
            held.append((person, *office))
        previous = person
    # "Board members in attendance were:", "Individual members approved" over a list
    for start, end in sorted(set(_attendance_blocks(text) + _office_list_blocks(text))):
        heading = _OFFICE_HEADING.match(text, _line_start(text, start), start)
        if heading:  # its own list only: a further heading ("Also in attendance were:") names others
            first = start + len(text[start:end]) - len(text[start:end].lstrip())
            blank = text.find("\n\n", first, end)
            stop = end if blank == -1 else blank
            role = _singular(heading.group("office"))
            held += [(m, role, heading.start()) for m in people if start <= m.start < stop]
    return [
        RoleClaim(person.text, role, None, document.date, person.page, at, max(person.end, at))
        for person, role, at in held
    ]


# A table's row naming a group of office holders, its other cells empty: "1. Independent
# Directors |  |", "Non-Returning Directors:(4) |  |", "Trustees |".
_GROUP_ROW = re.compile(
    rf"^[ \t|]*(?:(?:\d{{1,2}}|[A-Za-z]|[ivx]{{1,4}})[.)]\s*)?(?:(?P<kind>[A-Z][\w-]*)\s+)?{_PLURAL}\s*:?\s*"
    r"(?:\(\d{1,2}\)|[*†‡]+)?[ \t]*(?:\|[ \t]*)+$",
    re.I,
)
# Words before a group's office that do not qualify it: "Other Directors", "All Trustees".
_NOT_KINDS = {"other", "all", "the", "our", "total", "and"}
# A table's caption naming the office of the people in its rows: "The following table shows
# compensation information for our non-employee directors", "2019 Compensation of Outside Directors".
_CAPTION_OFFICE = re.compile(
    rf"\b(?:for|of|to|by|on|about|concerning|regarding)\s+(?:(?:our|the|its|their|all|each)\s+)?(?P<kinds>(?:(?!of\s|and\s)[\w-]+\s+){{0,2}}?){_PLURAL}\b",
    re.I,
)
_KIND_WORDS = {
    "independent", "outside", "executive", "non-executive", "non-employee", "named", "continuing", "retiring",
    "alternate", "associate", "honorary", "elected", "appointed", "ex-officio", "lay", "co-opted", "founding",
    "senior", "nominated", "non-independent", "external", "voting", "non-voting",
}  # fmt: skip


def _caption_office(text: str, table_start: int, orgs: Sequence[Mention]) -> tuple[str, str | None] | None:
    """The office a table's caption gives the people of its rows, and the body it names them of
    ("the executive officers of Loral"): the caption is the short line or the sentence about "the
    following table" nearest before the table, its notes ("(1) ...") passed over."""
    offset = max(0, table_start - 3000)
    # (a paragraph: lines with words, up to a blank line)
    paragraphs = list(re.finditer(r"[ \t]*\S[^\n]*(?:\n[ \t]*\S[^\n]*)*", text[offset:table_start]))
    for paragraph in reversed(paragraphs[-8:]):
        line = paragraph.group(0).strip()
        line_at = offset + paragraph.start() + paragraph.group(0).find(line)
        if re.match(r"\(?\d{1,2}\)|[*†‡]", line):
            continue  # a note to the table
        if len(line) > 120 and not re.search(r"\b(?:following|below)\s+table\b", line, re.I):
            continue
        for found in _CAPTION_OFFICE.finditer(line):
            if re.search(
                r"\b(?:board|council|college|court|chamber|house|conference)\s+$", line[: found.start()], re.I
            ):
                continue  # a body's name: "the Board of Directors", "the Council of Ministers"
            kinds = [w.lower() for w in found.group("kinds").split() if w.lower() in _KIND_WORDS]
            of_body = re.match(r"\s+of\s+(?:the\s+)?", line[found.end() :])
            at = line_at + found.end() + (of_body.end() if of_body else 0)
            body = next((o.text for o in orgs if o.kind == "org" and o.start == at), None) if of_body else None
            return " ".join([*kinds, _singular(found.group("office"))]), body
    return None


def _group_rows(document: Document, mentions: Sequence[Mention]) -> list[RoleClaim]:
    """The people of a table's rows under a row naming their group: each holds the group's office,
    with its kind ("1. Independent Directors" over "Aman Mehta | 4.80 | ...": independent director),
    up to the next such row, a total or the table's end; and the office the table's caption gives
    them all."""
    text = document.text
    people = [m for m in mentions if m.kind == "person"]
    claims = []
    for block in _ROW_BLOCK.finditer(text):
        office: str | None = None
        caption = _caption_office(text, block.start(), mentions)
        for row in re.finditer(r"^[^\n]+$", block.group(0), re.M):
            start, end = block.start() + row.start(), block.start() + row.end()
            if group := _GROUP_ROW.match(row.group(0)):
                kind = group.group("kind")
                qualified = kind is not None and kind.lower() not in _NOT_KINDS
                office = (
                    f"{kind.lower()} {_singular(group.group('office'))}"
                    if qualified
                    else _singular(group.group("office"))
                )
                continue
            first_cell = row.group(0).lstrip(" \t|").split("|")[0]
            if re.match(r"\W*(?:sub-?)?total\b", first_cell, re.I):
                office = None
                continue
            person = next((m for m in people if start <= m.start < start + len(first_cell) + 2), None)
            if person is None:
                continue
            held = [caption] if caption else []
            held += [(office, None)] if office and (office, None) not in held else []
            claims += [
                RoleClaim(person.text, role, body, document.date, person.page, start, end) for role, body in held
            ]
    return claims


def _singular(office: str) -> str:
    office = office.lower()
    return office if office.endswith("staff") else office[:-1]


def _office_bracket(text: str, position: int) -> re.Match[str] | None:
    """The plural office whose bracket of names the name at ``position`` stands in."""
    paren = text.rfind("(", max(0, position - 161), position)  # (found first: the office's pattern is long)
    names = text[paren + 1 : position]
    if paren == -1 or re.search(r"[()\n;:]", names):
        return None
    if any(w[:1].islower() and w != "and" for w in re.findall(r"[^\W\d]+", names)):
        return None
    return _OFFICE_AT_BRACKET.search(text, max(0, paren - 60), paren)


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


# A table's row: Markdown's "| a | b |", or a Word table's row as loaded, "a | b | c" (its rows
# apart by blank lines).
_TABLE_LINE = re.compile(r"^[ \t]*(?:\|.*|[^\n|]+(?:[ \t]\|[ \t][^\n|]*)+)$", re.M)


def _table_rows(document: Document, mentions: Sequence[Mention]) -> list[_TableRow]:
    """Rows of pipe tables whose header names a name column (Markdown, Word tables, or text
    laid out so)."""
    text = document.text
    people = [m for m in mentions if m.kind == "person"]
    rows: list[_TableRow] = []
    columns: dict[str, int] | None = None
    width = 0  # the header's number of cells
    previous_end = -1  # where the table's last row ended
    for line_match in _TABLE_LINE.finditer(text):
        line = line_match.group(0)
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        in_table = previous_end != -1 and not text[previous_end : line_match.start()].strip()
        previous_end = line_match.end()
        if columns is None or not in_table:
            found = {key: i for i, cell in enumerate(cells) for key, pattern in _COLUMNS.items() if pattern.match(cell)}
            columns, width = (found, len(cells)) if "name" in found else (None, 0)
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
        if len(cells) < width and role and not (_is_role(role) or _PROFESSION.search(role)):
            # a row short of cells (a Word table's empty cell is left out): its cells may have
            # moved, the body into the title's column
            role = organisation = None
        rows.append(_TableRow(person.text, role, organisation, side, line_match.start(), line_match.end()))
    return rows


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str | None:
    index = columns.get(key)
    value = cells[index] if index is not None and index < len(cells) else ""
    return value or None


def _table_roles(document: Document, mentions: Sequence[Mention]) -> list[RoleClaim]:
    """A claim for each row's title; a title cell listing posts with their terms ("Vice President
    since 2016. Deputy Controller from 2013 to 2016.") a claim for each, the row's body the
    current ones'."""
    claims = []
    for row in _table_rows(document, mentions):
        if not row.role:
            continue
        posts = [
            (role, body or (None if role.startswith("former ") else row.organisation))
            for role, body in career_in_cell(row.role)
        ] or [(row.role, row.organisation)]
        page = _page_at(document, row.start)
        claims += [RoleClaim(row.person, role, body, document.date, page, row.start, row.end) for role, body in posts]
    return claims


_SIGNED_FOR = re.compile(
    r"^\W*(?:signed\s+)?(?:for\s+and\s+on\s+behalf\s+of|on\s+behalf\s+of|for)\s+(?:the\s+)?(?P<org>.+?)\s*:?\s*$", re.I
)


# What may stand before the name on a signature or caption line: a "Signed:" label and forms of
# address, those of English and of other usages in English reports ("Shri", "Smt.", "Datuk").
_BEFORE_SIGNED_NAME = re.compile(
    r"^(?:(?:signed|sgd|sd/-)\s*(?:by\s*)?:?\s*)?(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Madam|Sir|Dame|Hon|"
    r"Honourable|Honorable|Rt|Cllr|Rev|Revd|Shri|Sri|Smt|Shrimati|Kumari|Dato'?|Datuk|Tan\s+Sri|H\.\s?E|"
    r"His\s+Excellency|Her\s+Excellency|Justice)\b\.?\s*)*",
    re.I,
)


# The rest of a signature line after the name: a title in capitals, its body, a date.
_TITLE_ON_THE_LINE = re.compile(
    r"[ \t,]+(?P<title>[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|and|&))*?)"
    r"(?:[ \t]+of[ \t]+(?:the[ \t]+)?(?P<org>[A-Z][\w&'’-]*(?:[ \t]+(?:[A-Z][\w&'’-]*|of|and|for|the))*?))?"
    r"(?:[ \t]+(?:\d{1,2}[ \t]+[A-Z][a-z]+[ \t]+\d{4}|[A-Z][a-z]+[ \t]+\d{1,2},[ \t]+\d{4}))?[ \t.]*"
)


def _signature_roles(document: Document, mentions: Sequence[Mention]) -> list[RoleClaim]:
    """Signature blocks and captions: a name alone on its line (after a form of address or
    "Signed:"), the title on the next ("Zhao Ming" / "Director", "Shri A. B. Rao" / "Chairman &
    Managing Director"), the body after a comma on the title's line, else on the line after it
    ("Vice-Chancellor" / "University of Lagos"), else on the line before when it says "Signed
    for ...:"."""
    text = document.text
    orgs = [m for m in mentions if m.kind == "org"]
    claims: list[RoleClaim] = []
    for person in (m for m in mentions if m.kind == "person"):
        line_start = _line_start(text, person.start)
        line_end = _line_end(text, person.end)
        line = text[line_start:line_end].strip()
        name = _BEFORE_SIGNED_NAME.sub("", line, count=1)
        alone = bool({person.text, person.form} & {line, name, name.removesuffix(",")})
        if (
            not alone
            and name.startswith(person.text)
            and (same_line := _TITLE_ON_THE_LINE.fullmatch(name, len(person.text)))
        ):
            # a signature run into one line: "Steve Barber Chairman of the Audit Committee 12 March 2020"
            if _is_role(same_line.group("title")):
                page = _page_at(document, line_start)
                claim = RoleClaim(
                    person.text,
                    _tidy_role(same_line.group("title")),
                    same_line.group("org"),
                    document.date,
                    page,
                    line_start,
                    line_end,
                )
                claims.append(claim)
            continue
        if not alone or line_end >= len(text):
            continue
        next_end = _line_end(text, line_end + 1)
        title = text[line_end + 1 : next_end].strip()
        if name.endswith(",") and (block := _title_to_full_stop(text, line_end + 1)):
            # "Lance T. Gant," / "Director, Compliance & Airworthiness" / "Division, Aircraft
            # Certification Service.": the title, its unit and its body run on to the full stop
            title, next_end = block
        elif title.endswith("."):
            continue
        if not title or not _is_role(title.split(",")[0]):
            continue
        role, _, organisation = (part.strip() for part in title.partition(","))
        if organisation.count(",") == 1 and not _looks_like_org(role):
            unit, _, organisation = (part.strip() for part in organisation.partition(","))
            role = f"{role} of {unit}"  # "Director, Compliance Division, Aircraft Certification Service"
        end = next_end
        wrapped = re.fullmatch(
            r"\s*([A-Z][^,\n]{1,40}),\s*([A-Z][^,\n]{2,80}?)\s*", text[next_end + 1 : _line_end(text, next_end + 1)]
        )
        if not organisation and (body := _body_line(text, next_end + 1, orgs)) and "," not in body[0]:
            organisation, end = body
        elif (
            not organisation
            and wrapped
            and not _looks_like_org(wrapped.group(1))
            and (_looks_like_org(wrapped.group(2)) or wrapped.group(2).split()[-1].lower() in BODY_NOUNS)
        ):
            # "Head of International" / "Partnerships, Lakeside Water Trust": the title goes on
            # over the next line, up to the comma before the body
            role, organisation = f"{role} {wrapped.group(1)}", wrapped.group(2)
            end = _line_end(text, next_end + 1)
        before_start = _line_start(text, max(line_start - 1, 0))
        signed = _SIGNED_FOR.match(text[before_start : max(line_start - 1, 0)])
        body_name = organisation or (signed.group("org") if signed else None)
        claims.append(
            RoleClaim(
                person.text, _tidy_role(role), body_name, document.date, _page_at(document, line_start), line_start, end
            )
        )
    return claims


def _signatures_side_by_side(document: Document, mentions: Sequence[Mention]) -> list[RoleClaim]:
    """Signature blocks set side by side, one per party, as text extraction runs them into shared
    lines: "Dr. Kwame Mensah   Prof. Jane Whitfield" / "Director-General   Vice-Chancellor" /
    "Ghana Standards Authority   University of Leeds". A line of names alone (after their forms of
    address, or "Signed:"), the titles on the next line parted into as many (at wide gaps, else
    at the one place where each part reads as a title), the bodies on the line after parted alike
    (or "For X   For Y" on the line before)."""
    text = document.text
    people = [m for m in mentions if m.kind == "person"]
    claims: list[RoleClaim] = []
    for line_start in sorted({_line_start(text, p.start) for p in people}):
        line_end = _line_end(text, line_start)
        names = [p for p in people if line_start <= p.start and p.end <= line_end]
        rest = text[line_start:line_end]
        for name in sorted(names, key=lambda m: m.start, reverse=True):
            rest = rest[: name.start - line_start] + rest[name.end - line_start :]
        if len(names) < 2 or _BEFORE_SIGNED_NAME.sub("", re.sub(r"\s+", " ", rest).strip()).strip(" ,"):
            continue  # not a line of names alone
        if line_end >= len(text):
            continue
        titles_end = _line_end(text, line_end + 1)
        titles = _parted(text[line_end + 1 : titles_end], len(names), _a_title)
        if titles is None:
            continue
        bodies_end = _line_end(text, titles_end + 1) if titles_end < len(text) else titles_end
        bodies = _parted(text[titles_end + 1 : bodies_end], len(names), _a_body) if titles_end < len(text) else None
        if bodies is None and line_start > 0:
            signed = _parted(text[_line_start(text, line_start - 1) : line_start - 1], len(names), _SIGNED_FOR.match)
            bodies = [_SIGNED_FOR.sub(r"\g<org>", part) for part in signed] if signed else None
        end = bodies_end if bodies else titles_end
        page = _page_at(document, line_start)
        for n, name in enumerate(sorted(names, key=lambda m: m.start)):
            body = bodies[n] if bodies else None
            claims.append(RoleClaim(name.text, _tidy_role(titles[n]), body, document.date, page, line_start, end))
    return claims


def _a_title(part: str) -> bool:
    words = part.split()
    return _is_role(part) and words[0][:1].isupper() and _is_role(words[-1])


def _a_body(part: str) -> bool:
    return part[:1].isupper() and (_looks_like_org(part) or part.split()[-1].lower() in BODY_NOUNS)


def _parted(line: str, parts: int, fits: Callable[[str], object]) -> list[str] | None:
    """``line`` parted into ``parts`` pieces that each ``fits``: at its wide gaps (two spaces or
    more, tabs) when there are as many pieces, else at the only places between words where every
    piece fits (None when there are none, or more than one way)."""
    gapped = [piece for piece in re.split(r"\s{2,}|\t", line.strip()) if piece]
    if len(gapped) == parts:
        return gapped if all(fits(piece) for piece in gapped) else None
    words = line.split()
    if not 2 <= parts <= 3 or len(words) > 16:
        return None
    found = []
    for cuts in itertools.combinations(range(1, len(words)), parts - 1):
        pieces = [" ".join(words[a:b]) for a, b in zip((0, *cuts), (*cuts, len(words)), strict=True)]
        if all(fits(piece) for piece in pieces):
            found.append(pieces)
    return found[0] if len(found) == 1 else None


def _title_to_full_stop(text: str, start: int) -> tuple[str, int] | None:
    """The lines from ``start`` to the one that ends in a full stop (at most three), joined, as
    (title, its end): a signature whose name ends in a comma goes on as one phrase."""
    at = start
    for _ in range(3):
        end = _line_end(text, at)
        line = text[at:end].strip()
        if not line or line.endswith((":", ";")):
            return None
        if line.endswith("."):
            return " ".join(text[start:end].split()).removesuffix("."), end
        at = end + 1
    return None


# A signature page laid out as a form: "Name: Dr. Mary Ellenberg" / "Title: Executive Director"
# / "Organisation: Harbour Trust", under "Signed for and on behalf of X:".
_FORM_NAME = re.compile(r"\W*(?:full\s+)?name\s*:\s*$", re.I)


_FORM_FIELD = re.compile(
    r"\W*(?P<label>(?:job\s+)?title|position|designation|role|office|capacity|post|"
    r"organi[sz]ation|institution|company|agency|body)\s*:\s*(?P<value>[^\n]{2,100}?)\s*$",
    re.I,
)


def _form_roles(document: Document, mentions: Sequence[Mention]) -> list[RoleClaim]:
    """The title (and body) the lines under a form's "Name:" line give the person named there;
    the body, when no line gives it, of the "Signed for ..." line over the block."""
    text = document.text
    claims: list[RoleClaim] = []
    for person in (m for m in mentions if m.kind == "person"):
        line_start = _line_start(text, person.start)
        label = _BEFORE_SIGNED_NAME.sub("", text[line_start : person.start])
        if not _FORM_NAME.fullmatch(re.sub(rf"(?:{_HONORIFIC}|Prof\.?|Hon\.?)\s*$", "", label)):
            continue
        if text[person.end : _line_end(text, person.end)].strip(" ,"):
            continue
        role = body = None
        at, end = _line_end(text, person.end) + 1, person.end
        for _ in range(4):
            line_end = _line_end(text, at)
            field = _FORM_FIELD.fullmatch(text, at, line_end)
            if at >= len(text) or field is None:
                break
            value, kind = field.group("value"), field.group("label").lower()
            if kind in ("organisation", "organization", "institution", "company", "agency", "body"):
                body = body or _clean(value)
            elif role is None and (_is_role(value) or _PROFESSION.search(value)):
                role = value
            at, end = line_end + 1, line_end
        if role is None:
            continue
        if body is None:
            # "Signed for and on behalf of the Harbour Trust:" over the block
            for line in reversed(text[max(0, line_start - 300) : line_start].rstrip("\n").split("\n")[-3:]):
                if not line.strip():
                    break
                if signed := _SIGNED_FOR.match(line):
                    body = _clean(signed.group("org"))
                    break
        page = _page_at(document, line_start)
        claims.append(RoleClaim(person.text, _tidy_role(role), body, document.date, page, line_start, end))
    return claims


def _body_line(text: str, start: int, orgs: Sequence[Mention]) -> tuple[str, int] | None:
    """The line at ``start`` as (body, its end) when it names a body alone: a short line, no
    sentence, that NER reads as one organisation or that ends in a body's word ("University of
    Lagos", "Office of Research")."""
    if start >= len(text):
        return None
    end = _line_end(text, start)
    line = text[start:end].strip()
    if not line[:1].isupper() or len(line.split()) > 10 or line[-1] in ".:;,":
        return None
    if text[end + 1 : end + 2].islower():
        return None  # a sentence that goes on over the next line: "Reliance Industries (RIL)" / "is a ..."
    whole_org = any(o.start <= start + 2 and o.end >= end - 2 for o in orgs if o.start >= start - 1)
    named_as_body = _looks_like_org(line) or line.split()[-1].lower() in BODY_NOUNS  # "Lakeside Water Trust"
    return (line, end) if whole_org or named_as_body else None


def _tidy_role(role: str) -> str:
    # "Chairman & Managing Director" is asked for as "Chairman and Managing Director"
    # "the Speaker", "a Director": the article is not part of the title
    # "Ms. Wang Fang, his deputy": whose deputy is the sentence's, not the title's
    role = re.sub(r"^(?:the|an?|his|her|its|their)\s+(?!Majesty\b)", "", " ".join(role.split()), flags=re.I)
    # "the newly appointed Head of Internal Audit": when it was given is no part of the title
    role = re.sub(r"^(?:newly|recently)\s+(?:appointed|elected|named)\s+", "", role, flags=re.I)
    return re.sub(r"\s+&\s+", " and ", role).strip(" ,.;")
