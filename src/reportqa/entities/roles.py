"""Role claims: "Chen Meiling, deputy director of the Lianyungang City Bureau of Commerce",
"Fang Jianguo (chair)", "Party A: ..., represented by Mr. Wei Liang, General Manager",
titles before a name, lists and first-person statements of speakers (:mod:`.speakers`). Claims a
report's layout makes -- lists of office holders, tables, signature blocks, forms -- are read by
:mod:`.role_layouts`; which body a claim is of where its sentence leaves it out, by :mod:`.role_bodies`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..types import Document, Mention, RoleClaim
from ..whoswho import name_key, same_name
from .careers import career_steps
from .role_bodies import (
    _a_body_named,
    _as_mostly_spelled,
    _owner_body,
    _public_office,
    _with_bodies_named_in_full,
    _with_bodies_spelled_out,
    _with_the_authors_body,
    _with_the_paragraphs_body,
    _with_the_persons_body,
    _with_the_principals_body,
)
from .role_layouts import (
    _form_roles,
    _group_rows,
    _office_lists,
    _signature_roles,
    _signatures_side_by_side,
    _table_roles,
    _tidy_role,
)
from .spans import _clean, _line_end, _line_start, _page_at, _sentence_at
from .speakers import a_title, first_person_roles
from .vocabulary import (
    _ADDRESS_AT_END,
    _EVENT_PARTS,
    _HONORIFIC,
    _ORG_WORDS,
    _PROFESSION,
    _ROLE_MODIFIERS,
    BODY_NOUNS,
    GEOGRAPHIC_ENDINGS,
    POST_NOMINALS,
    REPRESENTATIVE_LABEL,
    ROLE_WORDS,
    TITLE_SCOPES,
    TITLES,
    WORK_FIELDS,
    _is_role,
    _is_role_word,
    _looks_like_org,
)

_ROLE_AFTER = re.compile(
    r"^\s*(?:[,;]|[–—]|--?(?=\s))\s*(?:(?:an?|our)\s+(?=[a-z]))?(?P<now>now\s+|currently\s+|the\s+new\s+|former\s+|formerly\s+|previously\s+|then\s+|until\s+recently\s+)?(?P<role>(?:[\w&'’/-]+\s+){0,5}?[\w&'’/-]+?)"
    r"(?:\s*\([^()]{1,40}\))?(?:\s+(?:of|at|for|with)\s+(?:the\s+)?(?P<org>[^,;()–—]+?))?\s*(?=[,;.()–—]|\s-\s|\s+and\s+|"
    # "Executive Director since 2018", "from 2012 to 2018": the years it was held
    r"\s+(?:since|from|until|between)\s+(?:\d|[A-Z][a-z]+\s+\d)|\s+(?:visited|received|led|said|signed|attended|was|were|is|has|had|presented|welcomed|turned|who)\b|$)",
)
_AND_ROLE = re.compile(
    # (", is now Director-General of Customs": the office held since)
    r"^(?:\s+and\s+(?:the\s+)?(?:now\s+|currently\s+)?|\s*,\s+(?:and\s+)?(?:is\s+)?(?:now|currently)\s+(?:the\s+)?)"
    r"(?P<role>(?:[\w-]+\s+){0,4}?[\w-]+)\s+(?:of|at|for)\s+"
    r"(?:the\s+)?(?P<org>[A-Z][^,;()]+?)(?:\s+since\s+[^,;()]+?)?\s*(?=[,;.)]|$)"
)
# "Dr Andrew Southcott, who led the delegation": a role stated by what the person does.
_ROLE_CLAUSE = re.compile(
    r"^\s*,\s*who\s+(?:has\s+|had\s+)?(?P<verb>led|leads|headed|heads|chaired|chairs|spearheaded|spearheads|"
    r"directed|directs|coordinated|coordinates|founded|manages|managed)\s+(?P<what>(?:the|a|an|its|their|our)\s+[^,.;()]{3,60}?)"
    r"\s*(?=[,.;()]|\s+(?:and|to|in|at|on|from|during|since|until)\b|$)"
)
# What a clause's verb governs, when it is a name: "the university's International Strategy Group".
_NAMED_BODY = re.compile(
    r"(?:the|its|their|our)\s+(?:[\w-]+['’]s\s+)?(?P<body>[A-Z][\w&'’-]*(?:\s+(?:of|for|and|on|the|[A-Z][\w&'’-]*))*)"
)
_RELATIVE = re.compile(
    r"^\s*,\s*who\s+(?:is|serves\s+as|works\s+as|has\s+been|acts\s+as)(?:\s+(?:now|currently|also))?\s+"
)
# (a year alone or after its month: "until April 2022")
_HELD_UNTIL = re.compile(
    r"\s+(?:from\s+(?:[A-Z][a-z]+\s+)?\d{4}\s*(?:to|until|-|–)\s*(?:[A-Z][a-z]+\s+)?\d{4}|until\s+(?:[A-Z][a-z]+\s+)?\d{4}"
    r"|between\s+\d{4}\s+and\s+\d{4})\b"
)
_AGE_AFTER = re.compile(r"^\s*,\s*(?:aged\s+)?\d{2}\s*,(?=\s+(?:has|had|was|is|will|who)\b)")
_ENDED_IN_BRACKETS = re.compile(r"\s*\((?:until|to|till)\s+(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\)")
_POST_NOMINALS = re.compile(
    rf"^(?P<lead>\s*,?\s*)(?:{POST_NOMINALS}(?:\s*,\s*|\s+))+"
    r"(?=(?:the\s+)?[A-Z][a-z]|\()"  # "Vaughan Gething AM, the Minister for Health"
)
_RELATIVE_PAST = re.compile(
    r"^\s*,\s*who\s+(?:was|had\s+been|(?:had\s+|previously\s+|formerly\s+)?served\s+as)\s+(?:(?:previously|formerly|once)\s+)?(?![a-z]+ed\b)"
)
_CLAUSE_ROLES = {
    "led": "leader", "leads": "leader", "headed": "head", "heads": "head", "chaired": "chair", "chairs": "chair",
    "spearheaded": "leader", "spearheads": "leader", "directed": "director", "directs": "director",
    "coordinated": "coordinator", "coordinates": "coordinator", "founded": "founder", "manages": "manager",
    "managed": "manager",
}  # fmt: skip
# "Hence Basawaraj was brought on full time as a CEO", "has accepted an appointment as At-large
# Senator", "in her capacity as Dean of ...": a role the sentence gives the person before it.
# What follows "as Director for" or "with" that names no body: "with (immediate) effect", "for a
# further term", "for two years".
_NO_BODY_AFTER_LINK = (
    r"(?!(?:immediate\s+)?effect\b|(?:a|an|another|one|two|three|four|five|\d+)\s+(?:[\w-]+\s+)?"
    r"(?:terms?|periods?|years?|months?)\b)"
)
_APPOINTED_AS = re.compile(
    r"^[^.;:\n]{0,80}?\b(?:appointed|appointment|elected|named|brought\s+on(?:\s+full[- ]time)?|hired|promoted|"
    r"(?:took|takes|taken|take)\s+over|joined|joins|"
    r"installed|nominated|co-?opted|serve|serves|served|serving|capacity|"
    # "Sarah Kim will act as Secretary until ...": acting in an office
    r"(?P<acting>act|acts|acted|acting)|"
    # "Jay decided to step down as a volunteer CEO", "resigned as Vice-Chairman": a role left
    r"(?P<left>resign(?:s|ed|ing)?|(?:step(?:s|ped|ping)?|st(?:an|oo)ds?|standing)\s+down|retir(?:es|ed|ing)|quit(?:s|ting)?|"
    r"left|depart(?:s|ed)))"
    r"(?:\s+from\s+(?:(?:his|her|their)\s+)?(?:post|position|role|office)"
    # "retired from the Board after nine years as Chair": the body left
    rf"|\s+from\s+(?:the\s+)?(?P<left_body>(?:{'|'.join(sorted(BODY_NOUNS | _ORG_WORDS))}|[A-Z][\w&'’-]*)"
    r"(?:\s+(?:of\s+)?[A-Z][\w&'’-]*){0,5}))?"
    # "who retires after ten years as Chief Executive"
    r"(?:\s+after\s+(?:\w+\s+){0,2}?years?)?"
    # "joined the board as a trustee", "was elected to the Council as treasurer": the body joined
    rf"(?:\s+(?:to\s+)?(?:the\s+)?(?P<joined>(?:{'|'.join(sorted(BODY_NOUNS | _ORG_WORDS))}|[A-Z][\w&'’-]*)"
    r"(?:\s+(?:of\s+)?[A-Z][\w&'’-]*){0,5}))?"
    # ("resigned as our Chief Financial Officer as of December 5": the report's body's, until then)
    r"\s+as\s+(?:an?\s+|the\s+|our\s+)?(?:new\s+)?(?P<role>[^,.;()\n]{2,60}?)"
    rf"(?:\s+(?P<link>of|at|for|with)\s+{_NO_BODY_AFTER_LINK}(?:the\s+)?(?P<org>[^,.;()\n]{{2,80}}?))?"
    r"\s*(?=[,.;()]|\s+(?:and|in|to|from|on|since|until|for|with|as\s+of|effective)\b|$)"
)
# "Margaret Ellison was appointed Chief Executive of the Trust in May", "A has been elected
# President of X", "B, who was named Secretary of the Trust", "C is the Head of Planning at Y",
# "D became chair of Z": an office the sentence gives the person right after the name, without "as".
# Any word naming a position, for a pattern ("founder|ceo|director|...", any case).
_TITLE_WORD = "(?i:" + "|".join(sorted((re.escape(w) for w in ROLE_WORDS if " " not in w), key=len, reverse=True)) + ")"
_APPOINTED_TO = re.compile(
    r"^\s*(?:,\s*who\s+)?(?:(?:has|have|had)\s+been\s+|was\s+|were\s+|is\s+|will\s+be\s+|has\s+|had\s+|have\s+)?"
    r"(?P<verb>(?:re-?)?(?:appointed|elected|named|promoted\s+to)|become|became|becomes|is|was|been|remains|remained)\s+"
    # "was previously Head of Finance", "is now Chair": when the office was held
    r"(?:(?P<when>previously|formerly|once|now|currently|still|also)\s+)?"
    r"(?:the\s+|an?\s+|(?P<ours>our|its|their)\s+)?(?:new\s+)?(?P<role>[^,.;:()\n]{2,60}?)(?:\s+(?P<link>of|at|for|with)\s+(?:the\s+)?(?P<org>[A-Z][^,.;:()\n]{1,80}?))?"
    # (a time or an occasion ends the title: "named an executive officer during FY19", "elected
    # Treasurer at the meeting")
    # ("is the founder and CEO of Verde Labs": two titles of one body)
    rf"\s*(?=[,.;:()]|\s+(?:and(?!\s+(?:{_TITLE_WORD})\b)|in|to|from|on|since|until|for|last|this|next|by|after|during|effective|who|which|"
    r"with\s+effect|as\s+of|at\s+(?:the|its|their|a|an|this)\s+[a-z]+)\b|$)"
)
_COPULAS = frozenset({"is", "was", "been", "remains", "remained"})
_AS_ROLE = re.compile(
    r"\b(?:appointed|elected|named|hired|promoted|installed|nominated|invited|serves|served|serving|capacity|"
    r"join(?:ed|s)(?:\s+(?:the\s+)?(?P<joined>[a-z]+|[A-Z][\w&'’-]*(?:\s+(?:of\s+)?[A-Z][\w&'’-]*){0,4}))?)"
    r"(?:\s+by\s+[^,.;()\n]{1,60}?)?\s+as\s+"
    r"(?:an?\s+|the\s+)?(?:new\s+)?(?P<role>[^,.;()\n]{2,60}?)"
    rf"(?:\s+(?P<link>of|at|for|with)\s+{_NO_BODY_AFTER_LINK}(?:the\s+)?(?P<org>[^,.;()\n]{{2,80}}?))?"
    r"\s*(?=[,.;()]|\s+(?:and|in|to|from|on|since|until|for)\b|$)",
    re.I,
)
# "Locum Clerk: Deborah White", "Chair: Fang Jianguo": a role as the label of the name's line.
# (also "Vice-Chair – X"; "In the chair: X" is the chair)
_LABEL_ROLE = re.compile(r"^\W*(?:In\s+the\s+(?=chair\b))?(?P<role>chair|[A-Z][\w'’ -]{1,40}?)\s*(?::|\s[–—])\s*$")
# A label naming a group of people, not an office ("Executive team: Emma Stone (Chief Executive)").
# ("Secretary to the Board", "Head of the Unit": an office of a group)
_A_GROUP = re.compile(
    r"^(?!.*\b(?:of|to|for)\b).*\b(?:team|group|staff|members|committee|board|panel|council|office|department|unit)$",
    re.I,
)
# Who chaired the meeting the minutes record: "The meeting was chaired by X", "Chaired by: X".
_CHAIRED_BY = re.compile(
    r"(?:^\W*|\b(?:meeting|session)\s+(?:was\s+)?)(?:chaired|presided(?:\s+over)?)\s+by\s*:?\s*$", re.I
)
# "Benoit Pilorget (BP): Project manager": a role after the name's short form and a colon.
_COLON_ROLE = re.compile(r"^\s*(?:\([A-Z]{1,6}\))?\s*:\s*(?P<role>[^,;\n]{2,60}?)(?:,\s*(?P<org>[^;\n]{2,80}?))?\s*$")
# (A second title may stand in a bracket of its own inside: "(Wildlife Biologist (Airplane Pilot))".)
_ROLE_PAREN = re.compile(r"^\s*\((?P<role>[^()]{2,60}?)\s*(?:\((?P<inner>[^()]{2,40})\)\s*)?\)")
# A bracket after a name that says how to reach the person or where something is, not what they
# are: "(tel: 022 739 5224)", "(e-mail ...)", "(close to Hamad Airport)", "(in Beijing)", "(aged 54)".
_A_NOTE = re.compile(
    r"^(?:[^()]*(?:@|\d{3})|(?:tel|phone|telephone|fax|e-?mail|mobile|mob|ext|see|cf|born|aged?|close|near|next|"
    # what a document calls a party: "(hereinafter "RP")", "(referred to as the Rector)"
    r"hereinafter|hereafter|referred|known|"
    r"in|at|on|from|to|by|with|via|for|since|until)\b)",
    re.I,
)
_NOT_ROLES = {
    *_EVENT_PARTS, "online", "observer", "remote", "by video", "apologies", "absent", "minutes", "notes",
    # where a person stands in a photo caption: "Hon. Thomas Tavares-Finson (right)"
    "right", "left", "centre", "center", "middle", "front", "back", "seated", "standing", "pictured", "l", "r",
    "second left", "second right", "second from left", "second from right", "far left", "far right",
}  # fmt: skip
_TITLE_BEFORE = re.compile(rf"\b(?P<title>{'|'.join(sorted(TITLES, key=len, reverse=True))})\s*$")
# "The operations manager, Ms. Ding Xiaowen, started ...": a role phrase, a comma, the name.
_ROLE_BEFORE = re.compile(
    r"(?:^|[.;:]\s+|\b(?:[Tt]he|[Oo]ur|[Ii]ts|[Tt]heir)\s+)(?P<role>(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*),\s*$"
)
_OWNED_BEFORE = re.compile(
    r"(?:\b(?:[Tt]he|[Oo]ur|[Ii]ts|[Tt]heir)\s+(?P<owner>[\w&.-]+)"
    # a body's name opening the sentence: "Nordhaven's chief financial officer, Maria Berg, ..."
    r"|(?:^|(?<=[.;] ))\s*(?P<named>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}))"
    r"['’]s\s+(?P<role>(?:[\w-]+\s+){0,3}[\w-]+),\s*$"
)
# "MTU's Vice President", "the Council's treasurer": a role with its body before it.
# (a body's word in lower case after "the": "the university's Head of Innovation")
_OWNER_ROLE = re.compile(
    # ("Her Majesty's Chief Inspector": the sovereign's, a title of its own, not a body's)
    r"^(?:the\s+)?(?!(?:Her|His)\s+Majesty['’]s\s)(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4}"
    rf"|(?<=the\s)(?:{'|'.join(sorted(_ORG_WORDS | BODY_NOUNS))}))['’]s\s+(?P<role>.+)$"
)
# "The Board welcomed Dr. Maria Lopez as its chair", "appointed Ms A as Director of X": the
# verb before the name, the office after it.
_GIVES_OFFICE_BEFORE = re.compile(
    # ("approved the appointment of Dr. Ama Owusu as Vice-Chair")
    r"\b(?:(?:re-?)?(?:appointed|appoints|elected|elects)|(?:appointment|election|nomination|co-option)\s+of|named|names|nominated|welcomed|welcomes|introduced|"
    r"introduces|confirmed|co-opted|hired|engaged|selected|designated|installed|recruited)\s+$"
)
_AS_OFFICE_AFTER = re.compile(
    r"^\s+as\s+(?P<its>(?:its|their|our)\s+)?(?:the\s+|an?\s+)?(?:new\s+)?(?P<role>[^,.;:()\n]{2,60}?)"
    r"(?:\s+(?:of|at|for|with)\s+(?:the\s+)?(?P<org>[A-Z][^,.;:()\n]{1,80}?))?"
    r"\s*(?=[,.;:()]|\s+(?:and|in|to|from|on|since|until|for|last|this|next|by|after|effective|who|which|with)\b|$)"
)
_ANOTHERS_OFFICE = re.compile(
    r"(?:[a-z]+ed\s+(?:by|to|with)\s|representing|deputi[sz]ing|substituting|standing\s+in|speaking|replacing|accompanying|succeeding|"
    r"on\s+behalf|(?:wife|husband|spouse|son|daughter|widow|widower|mother|father)\s+of)\b",
    re.I,
)
_REPRESENTED = re.compile(r"represented\s+by\s*$", re.I)
_REPRESENTATIVE_LABEL = re.compile(rf"^\W*{REPRESENTATIVE_LABEL}\s*:", re.I)


@dataclass
class _Reader:
    """A report's names as its roles are read (:func:`_roles`), and what reading them has found so far."""

    document: Document
    sentences: Sequence[tuple[int, int, int | None]]
    orgs: list[Mention]
    people: list[Mention]
    roles: list[RoleClaim] = field(default_factory=list)
    titled: set[int] = field(default_factory=set)  # where the names end whose title is written before them
    untagged: list[RoleClaim] = field(default_factory=list)  # the roles of people NER missed, in a list of titled names


@dataclass
class _Said:
    """What the words around one name say of it: a title and its body, where those words start
    and end, and the further titles they give."""

    start: int
    end: int
    role: str | None = None
    organisation: str | None = None
    career: bool = False  # the posts listed after this one, each with its term, may follow
    formal: str | None = None  # "elected councillor (Common Councilman)": the formal title beside it
    titles_before: list[tuple[str, str | None]] = field(default_factory=list)  # more titles before the name
    second_body: str | None = None  # "Chairman of the CCPIT and the CCOIC"


def _roles(
    document: Document, mentions: Sequence[Mention], sentences: Sequence[tuple[int, int, int | None]]
) -> list[RoleClaim]:
    """Every role claim of a report: those the words around each name make, then those its
    layout (lists, tables, signatures, forms) and its speakers make, each with its body."""
    text = document.text
    mentions = sorted([*mentions, *_names_listed_with_titles(text, mentions)], key=lambda m: m.start)
    reader = _Reader(
        document,
        sentences,
        orgs=[m for m in mentions if m.kind in ("org", "place")],
        people=[m for m in mentions if m.kind == "person"],
    )
    previous: Mention | None = None
    for mention in mentions:
        if mention.kind != "person" or (len(mention.text.split()) < 2 and mention.form is None):
            continue
        after = _words_after(text, mention, reader.people)
        said = _Said(mention.start, mention.end)
        # In a list whose names have their titles before them ("Vice Rector A, Director of the
        # Centre B, Director of Institute 2 C"), what follows a name is the next one's title.
        title_first = (
            previous is not None and previous.end in reader.titled and _in_list(text, previous.end, mention.start)
        )
        previous = mention
        if not (
            title_first
            and _title_before_name(
                _line_before(text, mention.start), _line_start(text, mention.start), reader.people, reader.titled
            )
        ):
            _read_after(reader, mention, after, said)
        if said.role is None:
            _read_before(reader, mention, after, said)
        if said.role is not None:
            reader.roles += _claims(reader, mention, after, said, said.role)
    roles, people, orgs = reader.roles, reader.people, reader.orgs
    roles += [claim for claim in reader.untagged if not any(same_name(claim.person, p.text) for p in people)]
    roles += _professors(text, people, roles)
    roles += _first_names_appointed(document, people, sentences)
    roles += _members_for_seats(document, people)
    roles += _table_roles(document, mentions)
    roles += _signature_roles(document, mentions)
    roles += _signatures_side_by_side(document, mentions)
    roles += _form_roles(document, mentions)
    roles += _office_lists(document, mentions)
    roles += _group_rows(document, mentions)
    roles += [replace(claim, role=_tidy_role(claim.role)) for claim in first_person_roles(document, people, sentences)]
    roles = _with_the_persons_body(roles)
    roles = _with_the_paragraphs_body(text, orgs, _with_the_authors_body(text, people, roles))
    roles = _with_bodies_named_in_full(orgs, roles)
    roles = _with_the_principals_body(text, roles)
    return _unique(_with_bodies_spelled_out(text, orgs, _as_mostly_spelled(text, orgs, roles)))


def _words_after(text: str, mention: Mention, people: Sequence[Mention]) -> str:
    """The rest of the name's line, as its title is read from it: a relative clause, an age,
    letters after the name and a note in brackets set off (offsets kept)."""
    line_end = text.find("\n", mention.end)
    after = text[mention.end : line_end if line_end != -1 else len(text)]
    # "Mr. Tan, who is the director of X": read as "Mr. Tan, the director of X" (offsets kept)
    after = _RELATIVE.sub(lambda m: "," + " " * (len(m.group(0)) - 1), after, count=1)
    # "Mr. Gray, who was Director of X until 2019": read as "Mr. Gray, formerly Director of X"
    after = _RELATIVE_PAST.sub(lambda m: "," + " " * (len(m.group(0)) - 10) + "formerly ", after, count=1)
    # "Maria Gonzalez, 45, has been appointed Dean": the age set off after the name
    after = _AGE_AFTER.sub(lambda m: " " * len(m.group(0)), after, count=1)
    # "Shri Vikram Kumar, IAS, Municipal Commissioner", "Hon. Mark Coulton MP (Chair)": letters
    # after the name, then the title
    after = _POST_NOMINALS.sub(
        lambda m: ("," if "," in m.group(0) else " ") + " " * (len(m.group(0)) - 1), after, count=1
    )
    if (
        (where := _ROLE_PAREN.match(after))
        and (
            where.group("role").strip().lower() in _NOT_ROLES
            or not (
                _is_role(where.group("role"))
                or _PROFESSION.search(where.group("role"))
                or where.group("role")[:1].islower()  # "(investment services)": a post
                or _name_after_comma(text, people, mention.end + where.end())  # "A (USA), B (UK)"
            )
        )
        and re.match(r"\s*,\s*[A-Z]", after[where.end() :])
    ):
        # "Dr. Helen Grant (pictured), Chief Executive of X", "Mr. Kwesi Mensah (Ghana),
        # Vice-Chair of the Board": the title after a note in brackets ("A (left), look on as
        # Chairman X signs": what follows a verb is another's title)
        after = " " * where.end() + after[where.end() :]
    return after


def _read_after(reader: _Reader, mention: Mention, after: str, said: _Said) -> None:
    """The title the words after a name give it: a clause ("who heads ..."), brackets, or a title
    after a comma."""
    text, people, titled = reader.document.text, reader.people, reader.titled
    if match := _ROLE_CLAUSE.match(after):
        _read_clause(reader, mention, after, match, said)
    elif match := _ROLE_PAREN.match(after):
        _read_brackets(reader, mention, after, match, said)
    # (A title followed directly by a name is that next person's: "Vice Rector X Losev, Director
    # of the Centre Aleksei Rabin"; so is one after a comma in a list whose names have their
    # titles before them: "Vice-President A, the Speaker of the DPR, the Hon. B".)
    elif (match := _ROLE_AFTER.match(after)) and not (
        _dashed_title(text, mention.start)  # "President – Helen Ward; Secretary – Tom Adeyemi"
        or _name_at(text, people, mention.end + match.end())
        or _starts_person(people, mention.end + 1, mention.end + match.end())
        or (
            _name_after_comma(text, people, mention.end + match.end())
            and _title_before_name(_line_before(text, mention.start), _line_start(text, mention.start), people, titled)
        )
    ):
        _read_title_after(reader, mention, after, match, said)


def _read_clause(reader: _Reader, mention: Mention, after: str, match: re.Match[str], said: _Said) -> None:
    """A clause after the name: "who heads the Policy Unit of the Ministry of Health", "who chairs
    the university's International Strategy Group"."""
    orgs = reader.orgs
    said.role = f"{_CLAUSE_ROLES[match.group('verb')]} of {_clean(match.group('what'))}"
    said.end = mention.end + match.end()
    what_start = mention.end + match.start("what")
    for link in re.finditer(r"\s+of\s+(?:the\s+)?", match.group("what")):
        unit_body = next((o for o in orgs if o.kind == "org" and o.start == what_start + link.end()), None)
        if unit_body is not None and unit_body.end >= mention.end + match.end("what"):
            # "who heads the Policy Unit of the Ministry of Health": the unit, then its body
            said.role = f"{_CLAUSE_ROLES[match.group('verb')]} of {_clean(match.group('what')[: link.start()])}"
            said.organisation = unit_body.text
            break
    at = re.match(r"\s+at\s+(?:the\s+)?", after[match.end() :])
    body_at = next((o for o in orgs if o.kind == "org" and o.start == said.end + at.end()), None) if at else None
    if said.organisation is None and body_at is not None:
        # "who heads the Investment Promotion Unit at the Ghana Investment Promotion Centre": the
        # unit, then its body
        what = re.sub(r"^(?:the|its|their|our)\s+", "", _clean(match.group("what")))
        said.role, said.organisation = f"{_CLAUSE_ROLES[match.group('verb')]} of {what}", body_at.text
        said.end = body_at.end
    elif said.organisation is None and (governed := _NAMED_BODY.fullmatch(_clean(match.group("what")))):
        # "who chairs the university's International Strategy Group": its chair
        said.role, said.organisation = _CLAUSE_ROLES[match.group("verb")], governed.group("body")


def _read_brackets(reader: _Reader, mention: Mention, after: str, match: re.Match[str], said: _Said) -> None:
    """A title in brackets after the name: "(chair)", "(General Manager, Lingang Innovation
    Center)"; "(Lingang Innovation Center)" alone is an affiliation, not a role."""
    text = reader.document.text
    written, _, rest = (part.strip() for part in match.group("role").partition(","))
    said.end = mention.end + match.end()
    if (inner := match.group("inner")) and (_is_role(inner) or _PROFESSION.search(inner)):
        said.titles_before.append((inner, None))
    if re.fullmatch(r"in\s+the\s+chair", written, re.I):
        written = "chair"  # "Cllr A. Brown (in the chair)"
    elif written.lower() in _NOT_ROLES or _A_NOTE.match(match.group("role")):
        written, rest = "", ""
    if (
        rest
        and not _is_role(written)
        and _is_role(rest)
        and "," not in rest
        and (_looks_like_org(written) or re.fullmatch(r"[A-Z][A-Z&-]{1,9}", written))
    ):
        written, rest = rest, written  # "(Acme Holdings Ltd, Head of Sales)": the body first
    if (
        _is_role(written.replace("/", " "))  # "(Managing Director/CEO, Lagos Free Zone)"
        # "(Minister of Public Safety and Emergency Preparedness)": a long portfolio
        or _is_role(re.split(r"\s+(?:of|for)\s+", written)[0])
        or _PROFESSION.search(written)
        or (written[:1].islower() and not _looks_like_org(written))
    ):
        said.role = written or None
        # the body only with its role, and a profession's only when it reads as a body: in
        # "(Supervisory Wildlife Biologist, Waterfowl)" the field follows
        if rest and said.role and _work_field(rest):
            said.role = f"{said.role}, {rest}"  # "(Registrar, Academic Affairs)": the title's field
        elif rest and said.role and (_is_role(written) or _looks_like_org(rest)):
            said.organisation = _clean(rest)
        label = _LABEL_ROLE.match(_ADDRESS_AT_END.sub("", _line_before(text, mention.start)))
        if said.role and label and _is_role(label.group("role")) and not _A_GROUP.search(label.group("role")):
            # "Survey Coordinator: William Smith (Supervisory Biologist)": the office the
            # line is labelled with, and the post in brackets
            said.titles_before.append((label.group("role"), None))


def _read_title_after(reader: _Reader, mention: Mention, after: str, match: re.Match[str], said: _Said) -> None:
    """A title after the name and a comma: "Chen Meiling, deputy director of the Lianyungang City
    Bureau of Commerce", "Mr. Sam Obi, NCC Chairman", "formerly head of incubation at X"."""
    text, orgs, people, titled = reader.document.text, reader.orgs, reader.people, reader.titled
    candidate = re.sub(r"\s+\d{4}$", "", match.group("role"))  # "president 1869–1909": the years held
    candidate = re.sub(r"^our\s+(?=\S)", "", candidate)  # "Ms Amelia Watson, our Head of Partnerships"
    owned_by_its = re.match(r"(?:its|their)\s+", candidate)
    # "Mr. Sam Obi, NCC Chairman": a body's acronym, then the title
    acronym_first = re.match(r"([A-Z][A-Z&]{1,7})\s+(?=\S)", candidate)
    if acronym_first and _is_role(candidate[acronym_first.end() :]) and not match.group("org"):
        candidate = candidate[acronym_first.end() :]
    else:
        acronym_first = None
    candidate = candidate[owned_by_its.end() :] if owned_by_its else candidate
    if (
        _is_role(candidate.replace("/", " "))  # "Managing Director/CEO"
        and candidate.split()[0].lower() not in ("who", "which", "whose", "whom")
        # "representing the Minister of Health", "wife of the Governor": another's office
        and not _ANOTHERS_OFFICE.match(candidate)
    ):
        # "formerly head of incubation at X": a role the person no longer holds
        # ("then Minister for Health": the office held at the time told of)
        former = " ".join((match.group("now") or "").lower().split()) in (
            "former",
            "formerly",
            "previously",
            "then",
            "until recently",
        )
        # "Executive Director from 2012 to 2018", "until 2019", "(until June 2023)": a term that has ended
        former = (
            former
            or bool(_HELD_UNTIL.match(after, match.end()))
            or bool(_ENDED_IN_BRACKETS.match(after, match.end("role")))
        )
        said.role = f"former {candidate}" if former else candidate
        said.end = mention.end + match.end()
        said.career = True  # the posts listed after this one, each with its term, may follow
        line_start = _line_start(text, mention.start)
        stacked = _title_before_name(_line_before(text, mention.start), line_start, people, titled)
        if stacked and (stacked[1] or "").lower() not in ("its", "their"):
            # "The Minister of Education, Hon. Grace Mbeki, MP, ...": a title before the name too
            said.titles_before.append(_with_portfolio(text, *stacked, mention.start, orgs))
        both = _AND_TITLE.match(after, match.end())
        if both and not match.group("org") and _is_role(both.group("title")) and not former:
            # "Vice-Chancellor and President welcomed ...": one title of two offices
            said.role, said.end = f"{said.role} and {both.group('title')}", mention.end + both.end()
        bracket = re.match(r"\s*\(([A-Z][^()]{1,40})\)", after[match.end("role") :])
        if bracket and _is_role(bracket.group(1)):
            said.formal = bracket.group(1)
        # (not a time: "club coach for 25 years"; "18F" is a body)
        if unit := _UNIT_WRITTEN_OUT.match(after, match.end("role")):
            # "head of the healthy and active branch at Welsh Government": a unit named by
            # what it does, its commas and "and"s its own; then its body
            said.role = f"{said.role} of {' '.join(unit.group('unit').split())}"
            said.end = mention.end + unit.end()
            said.organisation = _body_of_unit(text, said.end, orgs)
        elif match.group("org") and not re.match(r"\d+\s+[a-z]", match.group("org")):
            _read_body_in_title(reader, mention, after, match, said)
        else:
            _read_body_after_title(reader, mention, after, match, acronym_first, owned_by_its, said)
        if owned := _OWNER_ROLE.match(said.role):
            # "MTU's Vice President for Governmental Relations": the owner is the body, and
            # what follows "for" is part of the title unless it names a body
            said.role = owned.group("role")
            linked_by = after[: match.start("org")] if match.group("org") else ""
            in_field = re.search(r"\b(for|of)\s+(?:the\s+)?$", linked_by)
            if said.organisation and in_field and not _looks_like_org(said.organisation):
                # "the Agency's Director of International Affairs": the field is the title's
                said.role, said.organisation = f"{said.role} {in_field.group(1)} {said.organisation}", None
            if said.organisation is None and _is_role(owned.group("owner")):
                # "the President's special envoy": the office of another person, no body
                said.role = f"{said.role} of the {owned.group('owner')}"
            elif said.organisation is None:
                # "the Board's Head of Finance": the body the report names with that word
                said.organisation = _owner_named(owned.group("owner"), orgs, mention.start)


def _read_body_in_title(reader: _Reader, mention: Mention, after: str, match: re.Match[str], said: _Said) -> None:
    """The body a title after the name names ("deputy director of the X Bureau"), told from a unit
    ("Director of Linkages, University of Nairobi", "head of incubation at X") or a field of work
    ("Director of Nursing", "Minister of Trade and Industry") the title holds."""
    text, orgs = reader.document.text, reader.orgs
    if said.role is None:  # only after a title (:func:`_read_title_after`)
        return
    org_start = mention.end + match.start("org")
    said.organisation, org_end = _org_at(text, org_start, match.group("org"), orgs)
    said.end = max(said.end, org_end)
    said.second_body = _second_body(text, org_end, orgs)
    split = re.fullmatch(r"([^,]+),\s*(?:the\s+)?([A-Z][^,]+)", said.organisation)
    if split and not _looks_like_org(split.group(1)) and _looks_like_org(split.group(2)):
        # "Director of Linkages, University of Nairobi", NER's one name: a unit, then its body
        said.role, said.organisation = f"{said.role} of {split.group(1)}", split.group(2)
    if (unit := re.match(r"^([a-z][\w -]*?)\s+(?:at|of)\s+(?:the\s+)?([A-Z].*)$", said.organisation)) and (
        " " not in said.role.strip() or said.role.startswith("former ")
    ):
        # "head of incubation at Lingang Innovation Center": the role is "head of
        # incubation", the body the named one
        said.role, said.organisation = f"{said.role} of {unit.group(1)}", unit.group(2)
    elif title_link := re.match(r"\s+(of|for)\s", after[match.end("role") :]):
        said.role, at_body = _with_field_at(said.role, title_link.group(1), said.organisation)
        said.organisation = at_body or said.organisation
    following = _org_following(text[org_end : org_end + 200], orgs, org_end)
    if (parent := _parent_of_unit(text, said.organisation, org_end, orgs)) is not None:
        # "Vice Manager of International Department with SCOCIE": a unit of the body after it
        said.role, said.organisation = f"{said.role} of {said.organisation}", parent
    elif following and (not any(o.start == org_start for o in orgs) or not _looks_like_org(said.organisation)):
        # "Director of Technology Transfer, Rhein-Ruhr Institute", "Head of Digital
        # Services, City of Tallinn": a unit (no body's word), then the body.
        said.role, said.organisation = f"{said.role} of {said.organisation}", following
    elif re.match(r"(?:its|their)\s", text[org_start : org_start + 6]):
        # "director of its AI Office": the body named before.
        owner = _org_before(orgs, mention.start, text)
        said.organisation = re.sub(r"^(?:its|their)\s+", "", said.organisation)
        said.organisation += f" of {owner}" if owner else ""
    elif (linked := re.fullmatch(r"\s+(of|for)\s+", after[match.end("role") : match.start("org")])) and _a_field(
        said.organisation, org_start, orgs
    ):
        # "Director of Nursing", "Minister for Health": the field of the title, no
        # body; "Minister of Trade and Industry": a field of two
        more = _AND_FIELD.match(text, org_end)
        if more and _a_field(more.group("field"), org_end + more.start("field"), orgs):
            said.organisation, said.end = f"{said.organisation} and {more.group('field')}", more.end()
        said.role, said.organisation = f"{said.role} {linked.group(1)} {said.organisation}", None


def _read_body_after_title(
    reader: _Reader,
    mention: Mention,
    after: str,
    match: re.Match[str],
    acronym_first: re.Match[str] | None,
    owned_by_its: re.Match[str] | None,
    said: _Said,
) -> None:
    """The body that follows a title naming none: "Manager, Seattle ACO Branch, FAA", the acronym
    before it ("NCC Chairman"), or for "its Secretary" the body the sentence or paragraph gave."""
    text, orgs, sentences, roles = reader.document.text, reader.orgs, reader.sentences, reader.roles
    said.organisation = _org_following(after[match.end() :], orgs, said.end)
    if said.organisation is None and (behalf := _ON_BEHALF_AFTER.match(after, match.end())):
        # "signed by Mr. Tan Ah Kow, Chief Executive Officer, on behalf of the Port Authority of Penang"
        at = mention.end + behalf.end()
        said.organisation = next((o.text for o in orgs if o.kind == "org" and o.start == at), None)
    unit_then_body = re.fullmatch(r"([^,]+),\s*(?:the\s+)?([A-Z][^,]+)", said.organisation or "")
    if unit_then_body and (_UNIT_END.search(unit_then_body.group(1)) or _UNIT_START.match(unit_then_body.group(1))):
        # "Director-General, Department of X, Ministry of Y" read by NER as one name
        said.role, said.organisation = f"{said.role} of {unit_then_body.group(1)}", unit_then_body.group(2)
    if said.organisation is None and (unit_after := _unit_following(text, said.end, orgs)):
        # "Manager, Seattle ACO Branch, FAA": a unit, then (perhaps) its body
        unit_name, body = unit_after
        said.role, said.organisation = (f"{said.role} of {unit_name}", body) if body else (said.role, unit_name)
    if said.organisation is None and acronym_first:
        said.organisation = acronym_first.group(1)
    if said.organisation is None and owned_by_its:
        # "Jane Roe, Chair of the Board, and John Poe, its Secretary": the body the
        # sentence gave the role before, else the one the paragraph named last
        sentence_start = (_sentence_at(sentences, mention.start) or (mention.start, 0))[0]
        given = [c.organisation for c in roles if c.organisation and c.start == sentence_start]
        said.organisation = given[-1] if given else _org_before(orgs, mention.start, text)


def _read_before(reader: _Reader, mention: Mention, after: str, said: _Said) -> None:
    """A title the line gives before the name ("Dean Li Gucheng", "The agency's chief executive,
    Mr. Lars Nilsson", "Chair: X"), else one the words after it say the person holds or was given
    (:func:`_read_said_of`)."""
    text, orgs, people, titled = reader.document.text, reader.orgs, reader.people, reader.titled
    line_start = _line_start(text, mention.start)
    before = text[line_start : mention.start]
    honorific_free = re.sub(rf"{_HONORIFIC}\s*$", "", before)
    if before.count('"') % 2 or before.count("“") > before.count("”"):
        return  # inside a quoted headline cited as a source: "Prime Minister Launches Qatari Quality Mark"
    if dashed := _dashed_title(text, mention.start):
        said.role, said.start = dashed.group("role"), line_start + dashed.start("role")
    elif found := _title_before_name(before, line_start, people, titled):
        _read_title_before(reader, mention, after, found, said)
    elif title := _TITLE_BEFORE.search(honorific_free):
        said.role = title.group("title")
        said.start = line_start + title.start()
    elif (title := _ROLE_BEFORE.search(honorific_free)) and _is_role(title.group("role")):
        said.role = title.group("role")
        said.start = line_start + title.start()
    elif (title := _OWNED_BEFORE.search(honorific_free)) and _is_role(title.group("role")):
        # "The agency's chief executive, Mr. Lars Nilsson": the owner is the body (the one
        # named before whose name holds the word, when the report writes it in lower case)
        said.role, said.start = title.group("role"), line_start + title.start()
        if title.group("owner"):
            said.organisation = _owner_body(title.group("owner"), orgs, mention.start)
        else:
            said.organisation = _owner_named(title.group("named"), orgs, mention.start)
    elif title := _lower_title_before(honorific_free):
        said.role, said.start = title.group("role"), line_start + title.start("role")  # "team member Andrea Feddema"
        said.role = re.sub(r"^Former\b", "former", said.role)
    elif chaired := _CHAIRED_BY.search(honorific_free):
        said.role, said.start = "chair", line_start + chaired.start()  # "The meeting was chaired by X"
    elif (
        (label := _LABEL_ROLE.match(_ADDRESS_AT_END.sub("", before)))
        and _is_role(label.group("role"))
        and not _A_GROUP.search(label.group("role"))
        # "The Chair: Mr. Poilievre is next.": a speaker's turn that names someone
        and not re.match(r"[ \t]+[a-z]", after)
    ):
        said.role = label.group("role")
        said.start = line_start
    else:
        _read_said_of(reader, mention, after, honorific_free, said)


def _read_title_before(
    reader: _Reader, mention: Mention, after: str, found: tuple[str, str | None, int], said: _Said
) -> None:
    """A title written before the name, perhaps with its body ("Its Director-General, Dr. Kwame
    Asante", "Dean Li Gucheng of the College of ..."), and the titles before it in a list."""
    document, text, orgs, people, titled, untagged = (
        reader.document,
        reader.document.text,
        reader.orgs,
        reader.people,
        reader.titled,
        reader.untagged,
    )
    line_start = _line_start(text, mention.start)
    said.role, said.organisation, said.start = found
    titled.add(mention.end)
    if label_over := _list_label(text, line_start, said.start):
        # "District Representatives: Board President A and Vice-President B": each
        # titled name of the list holds the label's office too
        said.titles_before.append(label_over)
    if (said.organisation and said.organisation.lower() in ("its", "their")) or (
        # (and "its long-time Chancellor, Otto von Bismarck")
        said.organisation is None
        and re.search(r"\b(?:its|their)\s+(?:[a-z][\w-]*\s+)?$", text[line_start : said.start])
    ):
        # "Its Director-General, Dr. Kwame Asante", "Signed for Lakeside College by its
        # Principal, Dr. Helen Brooks": the body the paragraph named last
        said.organisation = _org_before(orgs, mention.start, text)
    said.role, said.organisation = _with_portfolio(text, said.role, said.organisation, said.start, mention.start, orgs)
    earlier = _title_before_name(text[line_start : said.start], line_start, people, titled)
    in_list = bool(earlier and earlier[1] and text[line_start : said.start].rstrip().endswith(","))
    if in_list and earlier and (unnamed := _name_ending_a_body(earlier[1] or "", orgs)):
        # "Deputy Director of Institut №2 Irina A. Kirshina, Senior ... Oleg V. Shakin",
        # "President Wahid, Vice-President Megawati": what ends the title before the comma
        # is a person NER missed (a name with its middle initial; a single name after a
        # title), holding that title
        missed_name, missed_body = unnamed
        untagged.append(
            RoleClaim(
                missed_name,
                _tidy_role(earlier[0]),
                missed_body,
                document.date,
                mention.page,
                earlier[2],
                said.start,
            )
        )
    elif in_list and earlier and not re.search(r"\b(?:the|a|an)\s+$", text[line_start : earlier[2]], re.I):
        # "Deputy to the National People's Congress, Chairman of the Standing Committee
        # of X, Li Xiuling": each title written before the name is held ("the Mayor,
        # LEDC Head Peter White" names two people)
        said.titles_before.append(earlier[:2])
    if said.organisation is None and (of := _OF_BODY.match(after)):
        # "Dean Li Gucheng of the College of Economics and Management"
        said.organisation, said.end = _org_at(text, mention.end + of.start("org"), of.group("org"), orgs)
        said.end = max(said.end, mention.end + of.end())
        comma = re.match(r"\s*,\s*(?:the\s+)?", text[said.end : said.end + 10])
        at = said.end + comma.end() if comma else -1
        following = next((o.text for o in orgs if o.kind == "org" and o.start == at), None)
        if following is None and comma and (acronym := re.match(r"[A-Z]{2,10}\b(?=\s*[,.;])", text[at : at + 12])):
            following = acronym.group(0)  # a body's acronym NER left untagged
        if following and not _looks_like_org(said.organisation):
            # "Director Zhang of International Cooperation, GXSTD": a unit, then the body
            said.role, said.organisation = f"{said.role} of {said.organisation}", following


def _read_said_of(reader: _Reader, mention: Mention, after: str, honorific_free: str, said: _Said) -> None:
    """A title the words after the name say the person holds or was given: "X: Director, Y", "was
    appointed Director of Z", "is Northgate Bank's new chief executive", "welcomed X as its chair"."""
    text, orgs, people, sentences = reader.document.text, reader.orgs, reader.people, reader.sentences
    line_start = _line_start(text, mention.start)
    if (
        (colon := _COLON_ROLE.match(after))
        and a_title(colon.group("role"))
        # a speaker's turn in minutes is no title: "Tom Fisher: As Mary is the treasurer, I ..."
        and not re.search(r"[.!?]\s", colon.group("org") or "")
    ):
        said.role, said.organisation = colon.group("role"), colon.group("org")
        said.end = mention.end + colon.end()
    elif (
        (appointed := _APPOINTED_TO.match(after))
        and _is_role(appointed.group("role"))
        and appointed.group("role").split()[0].lower() not in _NOT_IN_TITLE  # "elected to the chair"
        and not _starts_person(people, mention.end, mention.end + appointed.end())
        # "A is a member", "A is the founder": a copula says what the person is only
        # with the body it is said of, or as a title ("remains Company Secretary")
        and (
            appointed.group("verb") not in _COPULAS
            or appointed.group("org")
            or appointed.group("ours")
            or appointed.group("role")[0].isupper()
            or _OWNER_ROLE.match(appointed.group("role"))
        )
    ):
        said.role, said.organisation = appointed.group("role"), appointed.group("org")
        said.end = mention.end + appointed.end()
        if appointed.group("when") in ("previously", "formerly", "once") or _HELD_UNTIL.match(after, appointed.end()):
            # "was previously Head of Finance", "was Director of Research until 2020": held no more
            said.role = f"former {said.role}"
        if said.organisation and (unit := re.fullmatch(r"(.+?)\s+at\s+(?:the\s+)?([A-Z].*)", said.organisation)):
            # "the Head of Planning at Westshire County Council": the unit is part of the title
            said.role, said.organisation = (
                f"{said.role} {appointed.group('link') or 'of'} {unit.group(1)}",
                unit.group(2),
            )
        elif (
            said.organisation
            and appointed.group("link") in ("of", "for")
            and _a_field(said.organisation, mention.end + appointed.start("org"), orgs)
        ):
            # "appointed Director of Partnerships": the field of the title, no body
            said.role, said.organisation = f"{said.role} {appointed.group('link')} {said.organisation}", None
        if said.organisation is None and (owned := _OWNER_ROLE.match(said.role)):
            # "Tom Baker is Northgate Bank's new chief executive"
            said.role = re.sub(r"^new\s+", "", owned.group("role"))
            said.organisation = _owner_named(owned.group("owner"), orgs, mention.start)
        if said.organisation and said.organisation.lower() in _ORG_WORDS | BODY_NOUNS:
            # "Secretary of the Trust": the body the report names with that word
            said.organisation = _owner_body(said.organisation, orgs, mention.start)
    elif (
        _GIVES_OFFICE_BEFORE.search(honorific_free)
        and (as_office := _AS_OFFICE_AFTER.match(after))
        and _is_role(as_office.group("role"))
        and not _starts_person(people, mention.end, mention.end + as_office.end())
    ):
        said.role, said.organisation = as_office.group("role"), as_office.group("org")
        said.end = mention.end + as_office.end()
        in_field = re.fullmatch(r"(.+?)\s+of\s+(?:the\s+)?([A-Z].*)", said.organisation or "")
        if in_field and not _looks_like_org(in_field.group(1)):
            # "Director of Planning of X"
            said.role, said.organisation = f"{said.role} of {in_field.group(1)}", in_field.group(2)
        if said.organisation is None and as_office.group("its"):
            # "X welcomed A as its chair": the body that opens the sentence, named as the
            # report names it elsewhere (NER may miss it at the sentence's start)
            begin = (_sentence_at(sentences, mention.start) or (line_start, 0))[0]
            subject = text[begin : mention.start]
            named = {o.text: subject.find(o.text) for o in orgs if o.kind == "org" and o.text in subject}
            said.organisation = min(named, key=named.__getitem__) if named else None
    elif (
        (appointed := _APPOINTED_AS.match(after))
        and _is_role(appointed.group("role"))
        and not _starts_person(people, mention.end, mention.end + appointed.start("role"))
    ):
        said.role, said.organisation = (
            appointed.group("role"),
            appointed.group("org") or appointed.group("joined") or _body_left(appointed),
        )
        said.end = mention.end + appointed.end()
        said.role, said.organisation = _owned_title(said.role, said.organisation, orgs, mention.start)
        said.role, said.organisation = _with_field_at(said.role, appointed.group("link"), said.organisation)
        said.role, said.organisation = _a_field_or_an_occasion(
            said.role, appointed, said.organisation, mention.end + appointed.start("org"), orgs, text
        )
        said.role = f"former {said.role}" if appointed.group("left") else _acting(said.role, appointed)


def _claims(reader: _Reader, mention: Mention, after: str, said: _Said, role: str) -> list[RoleClaim]:
    """The claims the words around a name make: its ``role`` (found by :func:`_read_after` or
    :func:`_read_before`), a second one in the same breath ("and chief executive of ..."), those
    "as ...", the formal title beside it, a second body, the titles before it, earlier posts."""
    document, text, orgs, people, sentences = (
        reader.document,
        reader.document.text,
        reader.orgs,
        reader.people,
        reader.sentences,
    )
    organisation, start, end = said.organisation, said.start, said.end
    claims: list[RoleClaim] = []
    if (
        (also := _AND_ROLE.match(text[end : end + 200]))
        and _is_role(also.group("role"))
        and not _starts_person(people, end + also.start("role"), end + also.end("role"))  # "and Dean Li Gucheng of"
        # "and the Governor of X, Dr Y" (not "..., and Li Na, Deputy Director": the next item)
        and not (
            _name_after_comma(text, people, end + also.end())
            and not re.match(r"\s*,\s*and\s", text[end + also.end() : end + also.end() + 8])
        )
    ):
        # "formerly head of incubation at X and chief executive of the Sub-center since January
        # 2024": the second role, stated in the same breath, is a claim of its own
        sentence = _sentence_at(sentences, mention.start)
        claims.append(
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
        if organisation is None and not re.search(r"\b(?:now|currently)\b", also.group(0)):
            # "President and CEO of Tanaka Industries": two titles of one body
            organisation = _clean(also.group("org"))
    sentence = _sentence_at(sentences, mention.start)
    role, organisation = _settled(reader, mention, after, role, organisation, sentence)
    page = mention.page
    claims.append(
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
    # "..., was invited as Head of Delegation in her capacity as Dean of the Diplomatic
    # Corps": each role the sentence gives the person "as", besides the one by the name
    for also_as in _AS_ROLE.finditer(after[:200]):
        if _starts_person(people, mention.end, mention.end + also_as.start()) or not _is_role(also_as.group("role")):
            break
        as_role, as_org = _tidy_role(also_as.group("role")), also_as.group("org") or also_as.group("joined")
        if as_org and as_org.lower().removeprefix("the ") in ("delegation", "mission"):
            as_role, as_org = f"{as_role} of {as_org}", None  # "Head of Delegation": a role in itself
        as_role, as_org = _owned_title(as_role, as_org, orgs, mention.start)
        as_role, as_org = _with_field_at(as_role, also_as.group("link"), as_org)
        org_at = mention.end + also_as.start("org")
        as_role, as_org = _a_field_or_an_occasion(as_role, also_as, as_org, org_at, orgs, text)
        if (as_role.lower(), as_org) != (role.lower(), organisation):
            claims.append(replace(claims[-1], role=as_role, organisation=as_org and _clean(as_org)))
    claim = claims[-1]
    if said.formal:
        claims.append(replace(claim, role=_tidy_role(said.formal)))
    if said.second_body:
        claims.append(replace(claim, organisation=said.second_body))
    claims += [replace(claim, role=title, organisation=body) for title, body in said.titles_before]
    if said.career and sentence:
        # "...; Vice President, Corporate Finance of the Company from 2014 to 2016; ...": earlier posts
        steps = career_steps(text, end, sentence[1])
        claims += [replace(claim, role=_tidy_role(title), organisation=body) for title, body in steps]
    return claims


def _settled(
    reader: _Reader,
    mention: Mention,
    after: str,
    role: str,
    organisation: str | None,
    sentence: tuple[int, int] | None,
) -> tuple[str, str | None]:
    """A title and its body as the report means them: a party "represented by" its officer, an
    envoy's body and post, a board's company, "Minister of State", a portfolio of several fields,
    else a body the report gives where the sentence gives none."""
    text, orgs, people = reader.document.text, reader.orgs, reader.people
    before_name = re.sub(rf"{_HONORIFIC}\s*$", "", text[_line_start(text, mention.start) : mention.start])
    represented = _REPRESENTED.search(before_name)
    if represented or _REPRESENTATIVE_LABEL.match(before_name):
        # "Party B: Weihai Blue Valley Park, represented by Mr. Pei Wen, head of the investment
        # office": the party is the organisation; an office named in the role is part of it.
        # ("Party A: ... / Legal representative: Prof. X, President": the party of the line above)
        line = _line_start(text, mention.start)
        party = _first_org_on_line(text, mention.start if represented else max(line - 1, 0), orgs)
        if party and organisation and not same_name(organisation, party):
            role = f"{role} of the {organisation}"
        organisation = party or organisation
    if organisation and (sent := _SENT_TO.fullmatch(organisation)) and _SENT.search(role):
        # "Ambassador of the People's Republic of China to Jamaica": the body sends, the place receives
        role, organisation = f"{role} to {sent.group('to')}", sent.group("by")
    if organisation and (board := _BOARD_OF.fullmatch(organisation)):
        # "Chairman of the Board of Rheinmetall Components GmbH": the board is the company's
        role, organisation = f"{role} of the {board.group('board')}", board.group("body")
    if organisation and organisation.lower() in ("delegation", "mission"):
        role, organisation = f"{role} of the {organisation}", None  # "the secretary of the delegation"
    if organisation == "State" and not role.startswith("State "):
        role, organisation = f"{role} of State", None  # "Minister of State", "Secretary of State": one title
    if (
        (portfolio := _PORTFOLIO.match(after))
        and role.startswith(portfolio.group("title"))
        # "Cabinet Secretary for Education, Eluned Morgan, Minister for ...": the next name, no field
        and not _starts_person(people, mention.end, mention.end + portfolio.end())
    ):
        # "Minister for Science, Technology and Higher Education": the fields are the title's
        role, organisation = portfolio.group(0).lstrip(" ,").removeprefix("the "), None
    if organisation is None and not _public_office(role):
        organisation = (
            _body_labelling(text, mention, orgs)
            or _body_of_the_list(text, mention, sentence, orgs)
            or _delegations_body(text, mention, sentence, orgs)
        )
    return role, organisation


# A name in a list of "Name, Title of Body, Name, Title of Body": two or three capitalised words
# between the list's commas (or opening its line), a title after them.
_INITIALLED_NAME = re.compile(r"\b[A-Z][a-z]+\s+[A-Z]\.\s*[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
_LABELLED_NAME = re.compile(
    rf"^[ \t]*(?P<label>[A-Z][\w'’ -]{{1,40}}?)[ \t]*:[ \t]*(?:{_HONORIFIC}[ \t]+)?"
    r"(?P<name>[A-Z][a-z]+(?:[ \t]+(?:[A-Z]\.[ \t]*)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2})[ \t]*"
    r"\((?P<title>[^()\n]{2,60})\)",
    re.M,
)
_LISTED_NAME = re.compile(r"(?:^|(?<=,\s))(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})(?=,\s)", re.M)


def _names_listed_with_titles(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The people NER missed in a line that lists people with their titles after them ("Sun
    Zhijun, Deputy director of ..., Song Zhiping, Deputy Director of ..."): where at least two
    names it found are followed by a title, the other names in the same place are people too."""
    people = [m for m in mentions if m.kind == "person"]
    titled = Counter(
        _line_start(text, p.start)
        for p in people
        if (title := _ROLE_AFTER.match(text[p.end : _line_end(text, p.end)])) and _is_role(title.group("role"))
    )
    found = []
    for line_start, count in titled.items():
        if count < 2:
            continue
        line_end = _line_end(text, line_start)
        for listed in _LISTED_NAME.finditer(text, line_start, line_end):
            start, end = listed.span("name")
            title = _ROLE_AFTER.match(text[end:line_end])
            words = listed.group("name").lower().split()
            if (
                title
                and _is_role(title.group("role"))
                and not any(m.start < end and start < m.end for m in mentions)
                and not any(_is_role_word(w) or w in _ORG_WORDS | BODY_NOUNS for w in words)
            ):
                page = next((m.page for m in people if m.start >= line_start), None)
                found.append(Mention("person", listed.group("name"), start, end, page, None))
    # "Survey Coordinator: Heather Renner (Supervisory Wildlife Biologist)", "Contact: Jane Doe
    # (Press Officer)": a name between a role's label and a title in brackets
    by_start = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    for labelled in _LABELLED_NAME.finditer(text):
        start, end = labelled.span("name")
        words = labelled.group("name").lower().split()
        post = labelled.group("title")
        if (
            _is_role(labelled.group("label"))
            and (_is_role(post) or _PROFESSION.search(post))
            and not any(_is_role_word(w) or w in (_ORG_WORDS - GEOGRAPHIC_ENDINGS) | BODY_NOUNS for w in words)
            # (NER may call the name a body or a place: "Marta Quillfeather", "Bryce Lake")
            and not any(
                m.end > start and (m.kind == "person" or m.text != labelled.group("name"))
                for m in by_start[bisect_left(starts, start - 200) : bisect_left(starts, end)]
            )
        ):
            page = next((m.page for m in mentions if m.start >= start), None)
            found.append(Mention("person", labelled.group("name"), start, end, page, None))
    # "Director of Laboratory №3 Pavel S. Orlov": a name with its middle initial after a title
    for initialled in _INITIALLED_NAME.finditer(text):
        start, end = initialled.span()
        words = initialled.group(0).lower().replace(".", "").split()
        if (
            not any(m.start < end and start < m.end for m in mentions)
            and not any(_is_role_word(w) or w in _ORG_WORDS | BODY_NOUNS for w in words)
            and _title_before_name(_line_before(text, start), _line_start(text, start), people)
        ):
            page = next((m.page for m in people if m.start >= start), None)
            found.append(Mention("person", initialled.group(0), start, end, page, None))
    return found


# "Minister of Trade and Industry": the field after "and", up to the phrase's end.
_AND_FIELD = re.compile(
    r"\s+and\s+(?P<field>[A-Z][a-z][\w-]*(?:\s+[A-Z][a-z][\w-]*){0,2})(?=\s*[,.;:()]|\s+(?:[a-z]+ed|said|is|was|who)\b|\s*$)"
)
# "and President" after a title: capitalised words ending in a role word, then a verb or a stop.
_AND_TITLE = re.compile(
    r"\s+and\s+(?P<title>(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*)(?=\s+[a-z]+(?:ed|s)\b|\s*[,.;]|\s+(?:since|from|until)\s|$)"
)


_LABEL_TO_NAME = re.compile(rf"\s*:\s*(?:{_HONORIFIC}\s*)?")


def _body_labelling(text: str, mention: Mention, orgs: Sequence[Mention]) -> str | None:
    """The body a contact list labels a name with: "Zhonghua Pharmaceutical Port: Dr. Meng Qiu,
    head of industry services"."""
    return next(
        (
            o.text
            for o in orgs
            if o.kind == "org" and o.end <= mention.start and _LABEL_TO_NAME.fullmatch(text, o.end, mention.start)
        ),
        None,
    )


# A minister's portfolio of several fields after the name: ", Minister for Science, Technology and
# Higher Education" (no body's word among them: "Minister for Trade, Ministry of ..." is another's).
_FIELD_NAME = r"[A-Z][a-z][\w-]*(?:\s+(?:and\s+)?[A-Z][a-z][\w-]*)*"
_BOARD_OF = re.compile(
    r"(?:the\s+)?(?P<board>(?:Supervisory\s+|Executive\s+|Management\s+)?Board(?:\s+of\s+(?:Directors|Trustees|Governors))?)"
    r"\s+of\s+(?:the\s+)?(?P<body>[A-Z].+)"
)
_PORTFOLIO = re.compile(
    r"^\s*,\s*(?:the\s+)?(?P<title>(?:[A-Z][\w-]*\s+){0,2}(?:Minister|Secretary|Commissioner))\s+for\s+"
    rf"(?!(?:[\w-]+\s+|,\s*)*?(?i:ministry|department|office|bureau|agency|commission)\b){_FIELD_NAME}"
    rf"(?:\s*,\s*{_FIELD_NAME})+(?:,?\s+and\s+{_FIELD_NAME})?(?=\s*[,.;()]|\s*$)"
)
# An occasion a role was taken or left at, not a body: "stepped down as Treasurer at the AGM".
_AN_OCCASION = re.compile(
    r"(?:AGM|EGM|(?:(?:annual|extraordinary|special)\s+)?(?:general\s+)?meeting|conference|summit|ceremony)\b", re.I
)
# "a delegation of the Jiangsu Provincial Department of Commerce led by Deputy Director-General A"
_DELEGATION_OF = re.compile(r"\b(?:delegation|mission|team)\s+(?:of|from)\s+(?:the\s+)?$", re.I)
_LED_BY_TITLE = re.compile(r"^[^,;.]{0,40}?\s(?:led|headed)\s+by\s+(?:the\s+)?[A-Z][\w.\s-]{0,50}$")


def _delegations_body(
    text: str, mention: Mention, sentence: tuple[int, int] | None, orgs: Sequence[Mention]
) -> str | None:
    """The body of the delegation a leader's title is written in: "a delegation of the Jiangsu
    Provincial Department of Commerce led by Deputy Director-General Zhou Xiaoyan" -- the title is
    the department's (not a body named after the name)."""
    begin = sentence[0] if sentence else _line_start(text, mention.start)
    for body in (o for o in orgs if o.kind == "org" and begin <= o.start and o.end <= mention.start):
        if _DELEGATION_OF.search(text, begin, body.start) and _LED_BY_TITLE.match(text[body.end : mention.start]):
            return body.text
    return None


def _with_portfolio(
    text: str, role: str, organisation: str | None, start: int, end: int, orgs: Sequence[Mention]
) -> tuple[str, str | None]:
    """A title written before a name, its "body" a field of work made part of the title: "The
    Deputy Minister of Finance, Mr. Abebe Kebede" (``start``..``end``: the title)."""
    portfolio = re.search(rf"\s+of\s+(?:the\s+)?{re.escape(organisation or '')}", text[start:end])
    if organisation and portfolio and _a_field(organisation, start + portfolio.end() - len(organisation), orgs):
        return f"{role} of {organisation}", None
    return role, organisation


def _a_field(phrase: str, start: int, orgs: Sequence[Mention]) -> bool:
    """Whether what follows "Director of" is a field of work ("Nursing", "Finance") rather than
    a body: NER names nothing there, and it has no word of a body's name and no acronym ("18F",
    "McKinsey" are names)."""
    if _work_field(phrase):
        return True
    if (
        any(abs(o.start - start) <= 4 for o in orgs)
        or _looks_like_org(phrase)
        or re.search(r"\b\w*[A-Z0-9]\w*[A-Z0-9]", phrase)
    ):
        return False
    # a body's name is capitalised: "head of industry services" names the field, whatever its words
    return phrase.islower() or not any(w.lower() in BODY_NOUNS for w in phrase.split())


def _work_field(phrase: str) -> bool:
    """ "Operations", "Human Resources", "Research and Development": only words of a title's field
    (NER tags some as a body)."""
    words = phrase.lower().split()
    return bool(words) and words[0] not in ("and", "&") and all(w in WORK_FIELDS for w in words)


def _owned_title(role: str, organisation: str | None, orgs: Sequence[Mention], position: int) -> tuple[str, str | None]:
    """ "serves as the Harbour Trust's Director of Finance": the owner is the body, and what
    follows "of" is the title's field unless it names a body."""
    owned = _OWNER_ROLE.match(role)
    if owned is None:
        return role, organisation
    role = owned.group("role")
    if organisation and not _looks_like_org(organisation):
        role, organisation = f"{role} of {organisation}", None
    return role, organisation or _owner_named(owned.group("owner"), orgs, position)


def _with_field_at(role: str, link: str | None, organisation: str | None) -> tuple[str, str | None]:
    """ "Vice-Rector" for "Research at Tallinn University": the field is part of the title, the body
    the one after "at"."""
    field_at = re.fullmatch(r"(.+?)\s+at\s+(?:the\s+)?([A-Z].*)", organisation or "")
    if link in ("of", "for") and field_at:
        return f"{role} {link} {field_at.group(1)}", field_at.group(2)
    return role, organisation


def _a_field_or_an_occasion(
    role: str, held_as: re.Match[str], organisation: str | None, at: int, orgs: Sequence[Mention], text: str
) -> tuple[str, str | None]:
    """A role held "as" an office (``held_as``: its match, with "link", "org" and "joined"), the
    field after "of" part of the title and the body the one joined ("joined the Foundation as
    Director of Programmes", "appointed as Director of Research and Innovation"), an occasion
    after "at" no body ("stepped down as Treasurer at the AGM"). ``at``: where the written
    organisation starts in ``text``."""
    link, written = held_as.group("link"), held_as.group("org")
    if written and organisation and link in ("of", "for") and _a_field(organisation, at, orgs):
        more = _AND_FIELD.match(text, at + len(written))
        if more and _a_field(more.group("field"), more.start("field"), orgs):
            organisation = f"{organisation} and {more.group('field')}"  # a field of two
        return f"{role} {link} {organisation}", held_as.group("joined")
    if written and link == "at" and _AN_OCCASION.match(written):
        return role, held_as.group("joined")
    return role, organisation


def _owner_named(owner: str, orgs: Sequence[Mention], position: int) -> str | None:
    """The body "the Board's" names (a body's word: the one the report names with it); a name
    ("Ashgrove's", "Northgate Bank's") names itself."""
    return _owner_body(owner, orgs, position) if owner.lower() in _ORG_WORDS | BODY_NOUNS else owner


def _second_body(text: str, end: int, orgs: Sequence[Mention]) -> str | None:
    """A second body the same title is held in: "Chairman of the China Council for the
    Promotion of International Trade (CCPIT) and the China Chamber of International Commerce"."""
    link = re.match(r"\)?\s*(?:\([A-Z][\w&-]{1,9}\))?\s+and\s+(?:the\s+)?", text[end : end + 24])
    if not link:
        return None
    at = end + link.end()
    return next((o.text for o in orgs if o.kind == "org" and o.start == at and _looks_like_org(o.text)), None)


# "team member Andrea Feddema", "led by chairman Wu Bin": a title in lower case before the name.
_LOWER_TITLE = re.compile(
    # ("Former mayor Anders Lund", opening the sentence: a role held before)
    r"(?:^|[,;:(]\s*|\b(?:and|with|by|from|to|our|their|its|his|her|the)\s+)"
    r"(?P<role>(?:(?<![\w-])[Ff]ormer\s+)?(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s+$"
)
_NOT_IN_TITLE = {
    "of",
    "for",
    "the",
    "and",
    "on",
    "in",
    "at",
    "to",
    "with",
    "by",
    "as",
    "our",
    "their",
    "its",
    "his",
    "her",
    "a",
    "an",
    "other",
    "all",
    "both",
}


def _lower_title_before(before: str) -> re.Match[str] | None:
    title = _LOWER_TITLE.search(before)
    if not title:
        return None
    words = title.group("role").split()
    if not _is_role_word(words[-1]) or title.group("role") in _NOT_ROLES:
        return None
    if any(w in _NOT_IN_TITLE or w.endswith(("ed", "ing")) for w in words):
        return None  # a verb or a link word: "met", "visiting"
    return title


def _first_names_appointed(
    document: Document, people: Sequence[Mention], sentences: Sequence[tuple[int, int, int | None]]
) -> list[RoleClaim]:
    """A person a report names by one name only -- its own people, often ("Jay decided to step
    down as a volunteer CEO", "Priya joined the board as treasurer") -- holds the role a verb
    gives them "as" right after the name; the other shapes need a full name."""
    text = document.text
    claims = []
    for mention in people:
        if len(mention.text.split()) > 1 or mention.form is not None or not mention.text.isalpha():
            continue
        after = text[mention.end : _line_end(text, mention.end)]
        appointed = _APPOINTED_AS.match(after)
        if (
            appointed
            and _is_role(appointed.group("role"))
            and not _starts_person(people, mention.end, mention.end + appointed.start("role"))
        ):
            role = _tidy_role(appointed.group("role"))
            organisation = appointed.group("org") or appointed.group("joined") or _body_left(appointed)
            sentence = _sentence_at(sentences, mention.start) or (mention.start, mention.end + appointed.end())
            claims.append(
                RoleClaim(
                    mention.text,
                    f"former {role}" if appointed.group("left") else _acting(role, appointed),
                    organisation and _clean(organisation),
                    document.date,
                    mention.page,
                    *sentence,
                )
            )
    return claims


_PROFESSOR_BEFORE = re.compile(r"(?:^|(?P<title>[A-Z][\w-]*)\s+|[^\w\s]\s*|\b[a-z]+\s+)(?:Professor|Prof\.?)\s+$")


def _professors(text: str, people: Sequence[Mention], roles: Sequence[RoleClaim]) -> list[RoleClaim]:
    """ "Professor" before a name is the person's rank, a role, when the report gives them no
    other ("Professor Huang Yong'an demonstrated ...") or another title stands before it
    ("Associate Dean Professor Luo Xiaofeng": both); beside another role it is a form of
    address ("Professor Pal Ahluwalia, Vice-Chancellor")."""
    with_roles = {name_key(claim.person) for claim in roles}
    found = []
    for person in people:
        before = text[_line_start(text, person.start) : person.start]
        rank = _PROFESSOR_BEFORE.search(before[-60:])
        if rank is None or (name_key(person.text) in with_roles and not _is_role_word(rank.group("title") or "")):
            continue
        found.append(RoleClaim(person.text, "professor", None, None, person.page, person.start, person.end))
    return found


# Hansard: "Mr O'KEEFE (Burke) (12.34 p.m.)—As deputy leader of the delegation, I ...": a member
# of parliament named in capitals with the seat they hold in brackets opens their speech.
_SPEAKER_SEAT = re.compile(
    r"^(?:Mr|Mrs|Ms|Miss|Dr|Hon|Senator)\.?\s+(?P<name>[A-Z][A-Z'’. -]*[A-Z])\s+\((?P<seat>[A-Z][A-Za-z .'’-]{1,40})\)"
    r"(?:\s*\([^()]*\))?\s*[—–-]+\s*(?:As\s+(?P<role>[^,.;]{3,60}),\s+I\b)?",
    re.M,
)


def _members_for_seats(document: Document, people: Sequence[Mention]) -> list[RoleClaim]:
    """Each speaker of a parliament's record named "Mr NAME (Seat)" is the member for that
    seat, by the full name the report gives them elsewhere when it does; "As <role>, I ..."
    opening the speech is their role too."""
    text = document.text
    claims = []
    for speech in _SPEAKER_SEAT.finditer(text):
        written = speech.group("name")
        if not any(ch.islower() for ch in written) and sum(ch.isalpha() for ch in written) >= 3:
            words = written.split()
            full = max(
                (
                    p.text
                    for p in people
                    if p.text.split()[-1].lower() == words[-1].lower()
                    and (len(words) == 1 or p.text.split()[0].lower() == words[0].lower())
                ),
                key=lambda name: len(name.split()),  # the full name, not the surname alone
                default=None,
            )
            name = full or " ".join(
                re.sub(r"(?<=['’])(\w)", lambda m: m.group(1).upper(), w.capitalize()) for w in words
            )
            page, start, end = _page_at(document, speech.start()), speech.start(), speech.end()
            claims.append(RoleClaim(name, f"member for {speech.group('seat')}", None, document.date, page, start, end))
            if speech.group("role") and _is_role(speech.group("role")):
                claims.append(RoleClaim(name, _tidy_role(speech.group("role")), None, document.date, page, start, end))
    return claims


def _body_left(appointed: re.Match[str]) -> str | None:
    """The body named as left ("retired from Acme Holdings as ..."); "the Board" alone is the
    report's own, named by its kind, which the report's body stands for."""
    body = appointed.group("left_body")
    return None if body is None or body.lower() in BODY_NOUNS | _ORG_WORDS else body


def _acting(role: str, appointed: re.Match[str]) -> str:
    """ "will act as Secretary": the acting secretary."""
    return f"acting {role}" if appointed.group("acting") and not role.lower().startswith("acting") else role


def _starts_person(people: Sequence[Mention], start: int, end: int) -> bool:
    """Whether a person is named anywhere in start..end."""
    return any(start <= p.start < end for p in people)


def _name_at(text: str, people: Sequence[Mention], position: int) -> bool:
    """Whether a name follows ``position`` on the same line with only spaces between (no comma
    ends a role written before it). A name opening the next line starts an entry of its own:
    in a list of one person a line ("Robert Mensah – Vice Chair" / "Anita Sharma – Treasurer")
    what ends a line is its own person's title."""
    return any(0 <= p.start - position <= 2 and not text[position : p.start].strip(" \t") for p in people)


# What may stand between a comma and the next name of a list: "the Hon.", "His Excellency", "Professor Dr".
_TO_NEXT_NAME = re.compile(
    r"\s*,\s*(?:and\s+)?(?:the\s+)?(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Madam|Sir|Dame|Hon|Honourable|Honorable|"
    r"Rt|Cllr|H\.\s?E|His\s+Excellency|Her\s+Excellency)\b\.?\s*)*"
)


def _name_after_comma(text: str, people: Sequence[Mention], position: int) -> bool:
    """Whether the next name of a list follows ``position``: a comma, perhaps forms of address, the name."""
    gap = _TO_NEXT_NAME.match(text, position)
    if not gap or "," not in text[position : gap.end()]:
        return False
    comma = text.index(",", position)
    if re.search(r"[A-Z]\w*\.?\s*$", text[comma + 1 : gap.end()]) and text[gap.end() : gap.end() + 1].isupper():
        return True  # a form of address, then a capital: a name, whether NER saw it or not
    # (NER may take the form of address into the name: "Dr Amien Rais")
    return any(comma < p.start <= gap.end() for p in people) or _name_at(text, people, gap.end())


_SENT_TO = re.compile(r"(?P<by>.+?)\s+to\s+(?:the\s+)?(?P<to>[A-Z][^,;]*)")
_SENT = re.compile(r"\b(?:ambassador|envoy|consul|high commissioner|representative|d['’]affaires|attach[ée])\b", re.I)
# "On behalf of SUAI the delegation was received by ...": the body the people named after it act for.
_ON_BEHALF = re.compile(r"\b(?:[Oo]n\s+behalf\s+of|representing)\s+(?:the\s+)?")
# (after a title's comma, in lower case: "..., Chief Executive Officer, on behalf of the Port Authority")
_ON_BEHALF_AFTER = re.compile(r"\s*,\s*(?:on\s+behalf\s+of|representing)\s+(?:the\s+)?")
# "A, B and other SCAAST colleagues", "A and his delegation of the Guangxi ... Department".
_OTHERS_OF = re.compile(
    r"\s+and\s+(?:(?:his|her|their)\s+(?:delegation|colleagues|team)\s+(?:of|from)\s+(?:the\s+)?(?P<body>[A-Z])|"
    r"(?:the\s+)?other\s+(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4})\s+"
    r"(?:colleagues|members|staff|officials|representatives|delegates|leaders)\b)"
)


def _body_of_the_list(
    text: str, mention: Mention, sentence: tuple[int, int] | None, orgs: Sequence[Mention]
) -> str | None:
    """The body a role without one belongs to, from the list its name stands in: "On behalf of
    X, ... received by <titled names>", "<titled names> and other X colleagues", "<titled name>
    and his delegation of X"."""
    begin, stop = sentence if sentence else (_line_start(text, mention.start), _line_end(text, mention.end))
    named = {o.text for o in orgs if o.kind == "org"}
    for behalf in _ON_BEHALF.finditer(text, begin, mention.start):
        # NER may miss the body here that it found elsewhere in the report
        body = re.match(
            r"[A-Z][\w&.'’-]*(?:\s+(?:of\s+|the\s+|and\s+)*[A-Z][\w&.'’-]*)*", text[behalf.end() : mention.start]
        )
        if body and body.group(0) in named and not re.search(r"[.;]\s", text[behalf.end() : mention.start]):
            return body.group(0)
    # the names and titles between this name and the "and other ..." that closes the list
    for others in _OTHERS_OF.finditer(text, mention.end, stop):
        between = text[mention.end : others.start()]
        if re.search(r"\b(?!and\b|of\b|the\b|for\b)[a-z]{3,}", between):
            break  # the list ended: a verb or other words stand between
        if others.group("owner"):
            return others.group("owner")
        return next((o.text for o in orgs if o.kind == "org" and o.start == others.start("body")), None)
    return None


_LIST_LABEL = re.compile(r"\W*(?P<label>[A-Z][\w'’ -]{1,40}?)\s*:\s*(?P<list>[^:.;\n]*?)\s*")


def _list_label(text: str, line_start: int, at: int) -> tuple[str, str | None] | None:
    """The office a label over a list of titled names gives each of them, as (role, body):
    "District Representatives: Board President A and" / "Vice-President B" (the list may go on
    over the next line after "and" or a comma)."""
    head = text[line_start:at]
    if not head.strip() and line_start > 0:
        head = text[_line_start(text, line_start - 1) : line_start - 1]
        if not re.search(r"(?:,|\band)\s*$", head):
            return None
    label = _LIST_LABEL.fullmatch(head)
    if label is None or (label.group("list") and not re.search(r"(?:,|\band)$", label.group("list"))):
        return None
    words = label.group("label").split()
    if words[-1].endswith("s") and _is_role_word(words[-1][:-1]):
        words[-1] = words[-1][:-1]  # "Representatives"
    office = " ".join(words)
    if not _is_role(office):
        return None
    split = _title_before_name(office + " ", 0, ())
    return (split[0], split[1]) if split else (office, None)


def _in_list(text: str, end: int, start: int) -> bool:
    """Whether two names follow each other in one list: a comma after the first, no sentence between."""
    between = re.sub(r"\b(?:Hon|Dr|Mr|Mrs|Ms|Prof|Rt|Revd?|H\.\s?E)\.", "", text[end:start])
    return between.lstrip().startswith(",") and not re.search(r"[.;:]\s|\n", between) and len(between) < 120


def _line_before(text: str, position: int) -> str:
    return text[_line_start(text, position) : position]


_ENDS_IN_NAME = re.compile(r"\b[A-Z][a-z]+\s+[A-Z]\.\s*[A-Z][a-z]+$")


def _name_ending_a_body(body: str, orgs: Sequence[Mention]) -> tuple[str, str | None] | None:
    """What a title's "body" read before a comma really ends with when it is a name NER missed,
    as (person, the body before the name): "Institut №2 Irina A. Kirshina" (a body never ends in
    a name with its middle initial), "Wahid" alone after "President" (one capitalised word, no
    acronym, no word of a body's name, nothing NER calls a body or a place)."""
    if named := _ENDS_IN_NAME.search(body):
        return named.group(0), body[: named.start()].strip() or None
    if (
        re.fullmatch(r"[A-Z][a-z]+", body)
        and not _looks_like_org(body)
        and body.lower() not in BODY_NOUNS
        and not any(o.text == body or body in o.text.split() for o in orgs)
    ):
        return body, None
    return None


# A title noun that is not a role word elsewhere ("associate" qualifies "Associate Dean"), and a
# field that belongs to the title before one: "Senior Research Associate", "Research Fellow".
_TITLE_NOUNS = {"associate"}
_TITLE_FIELDS = {"research"}
_TITLE_TOKEN = re.compile(r"\([A-Z]{2,8}\)|[\w.'’&№-]+|\S")
_TITLE_LINKS = {"of", "for", "the", "and", "on", "in", "at", "to", "with"}


_OF_BODY = re.compile(
    r"^\s+of\s+(?:the\s+)?(?P<org>[A-Z][^,;()\n]{2,80}?)\s*(?=[,;.()]|\s+(?:and|who|was|were|is|has|had|signed|said)\b|$)"
)


# An office, a dash, then the name, in a list: "Officers elected: President – Helen Ward; Secretary – ...".
_DASHED_TITLE = re.compile(rf"(?:^|[:;,]\s*)(?P<role>[A-Z][\w'’ -]{{1,40}}?)\s+[–—]\s+(?:{_HONORIFIC}\s+)?$")


def _dashed_title(text: str, position: int) -> re.Match[str] | None:
    """The office written before the name at ``position`` with a dash between ("Treasurer – Priya Nair")."""
    dashed = _DASHED_TITLE.search(text, _line_start(text, position), position)
    return dashed if dashed and _is_role(dashed.group("role")) else None


def _title_before_name(
    before: str, offset: int, people: Sequence[Mention], titled: Container[int] = ()
) -> tuple[str, str | None, int] | None:
    """A title written before a name -- "Director General Xie Naitang", "USST President Ding
    Xiaodong", "the former Speaker of Ota District Council Shigeru Matsubara", "President of
    the Senate, Hon. Thomas Tavares-Finson" -- as (role, organisation, where it starts).

    ``before`` is the name's line up to the name, starting at ``offset`` in the report. A title
    set off by a comma must open its clause: after "Wei Liang, General Manager of X," the next
    name is not the general manager -- unless that name's own title stood before it (``titled``:
    where such names end): "Vice-President A, the Speaker of the DPR, the Hon. B"."""
    stripped = _ADDRESS_AT_END.sub(" ", before)  # (" Dr." gone, the title still ends before a space)
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
        if (
            word[:1].isupper()
            or word.startswith("(")
            or word.lower() in _TITLE_LINKS
            or word in ("former", "acting")
            or re.fullmatch(r"(?:№|No\.?\s?)\d{1,3}", word)  # "Director of Institut №2 A. Bestugin"
        ):
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
    first_role = next((i for i, w in enumerate(words) if _is_role_word(w) or w.lower() in _TITLE_NOUNS), None)
    if first_role is None:
        return None
    for j in range(len(words) - 2, first_role, -1):
        if words[j] == "and" and not _is_role_word(words[j - 1]) and any(_is_role_word(w) for w in words[j + 1 :]):
            # "President Wahid and Vice-President": the title after the other name and "and"
            run, words = run[j + 1 :], words[j + 1 :]
            first_role = next(i for i, w in enumerate(words) if _is_role_word(w))
            break
    at = offset + run[0].start()
    before_run = stripped[: run[0].start()].rstrip()
    named_before = offset + len(before_run) - 1
    if before_run.endswith(",") and named_before not in titled and any(p.end == named_before for p in people):
        return None  # the title of the person named before the comma
    begin = first_role
    while begin > 0 and words[begin - 1].lower() in _ROLE_MODIFIERS | _TITLE_FIELDS | {"former", "acting"}:
        begin -= 1
    if words[first_role].lower() == "minister" and begin == first_role and begin > 0 and words[begin - 1][:1].isupper():
        begin -= 1  # the portfolio is part of a minister's title: "Trade Minister", "Foreign Minister"
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
    elif [w.lower() for w in rest] == ["in", "charge"]:
        role, rest = f"{role} in Charge", []  # "the Medical Officer in Charge, Dr. Joseph Kilonzo"
    if rest and (
        rest[0].lower() in ("of", "at", "with", "for")
        # "Deputy to the National People's Congress": a member sent to a body
        or (rest[0] == "to" and words[stop - 1].lower() in ("deputy", "delegate", "representative"))
    ):
        body = " ".join(rest[1:]).removeprefix("the ")
        if rest[0].lower() in ("of", "for") and _work_field(body):
            role += " " + " ".join(rest)  # "Director of Operations": the title's field
        elif rest[0].lower() == "for" and not _looks_like_org(body):
            role += " " + " ".join(rest)  # "Vice Rector for International Affairs": part of the title
        else:
            organisation = body or None
    elif rest and rest[0][:1].isupper():
        organisation = " ".join(rest)  # "Chairman Committee of Vice-Chancellors of Nigerian Universities"
    if organisation is None and prefix and prefix[-1][:1].isupper():
        # "USST President", "Acme Holdings' CFO", "Northgate Bank's Chief Executive"
        organisation = re.sub(r"(?:(?<=s)['’]|['’]s)$", "", " ".join(prefix))
        if len(prefix) == 1 and prefix[0].lower() in TITLE_SCOPES:
            # "City Manager", "District Representative": the word is the title's, and it is of the
            # body the report names with it, if any (:func:`_with_bodies_named_in_full`)
            role = f"{prefix[0]} {role}"
        elif re.fullmatch(r"[A-Z][a-z]+(?:an|ese|ish|ch|i)", organisation):
            organisation = None  # "the Australian Ambassador": a nationality, not a body
        elif _ADDRESS_AT_END.fullmatch(organisation):
            organisation = None  # "H.E. Governor A", "Hon'ble Chief Minister B": a form of address
        elif all(w.lower() in WORK_FIELDS for w in prefix):
            role, organisation = f"{' '.join(prefix)} {role}", None  # "Design Principal", "Environment Commissioner"
    return _tidy_role(role), organisation, at


def _org_at(text: str, start: int, phrase: str, orgs: Sequence[Mention]) -> tuple[str, int]:
    """The organisation named from ``start`` on: the NER entity there (which may run past
    where the role pattern stopped, as in "Science and Technology Bureau"), extended over
    "of the <organisation>" chains; else the phrase as written. Returns (name, end offset)."""
    entity = next((o for o in orgs if abs(o.start - start) <= 4), None)
    written = _clean(phrase)
    if entity is not None and entity.kind == "place" and entity.end < start + len(written) and written[:1].isupper():
        entity = None  # "Wuhan Airport ... Zone Administration": a place opens the body's name
    joined = re.match(r"\s+and\s+", text[start + len(written) : start + len(written) + 8])
    one_or_two_names = re.fullmatch(r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?", written)
    if joined and (entity is None or entity.kind == "place") and one_or_two_names:
        # "principal of Cardiff and Vale College": two places naming one body, NER's body the second
        body = next((o for o in orgs if o.start == start + len(written) + joined.end()), None)
        if body is not None and body.kind == "org" and " " in body.text and _looks_like_org(body.text):
            return text[start : body.end], body.end
    if entity is None:
        phrase = _clean(phrase)
        # a verb ends the name: "RMJM presented", "Harlow Water said"
        verb = re.search(r"\s(?:[a-z]+ed|said|says|spoke|gave|told|added|made)(?:\s|$)", phrase)
        phrase = phrase[: verb.start()] if verb else phrase
        return phrase.removeprefix("the "), start + len(phrase)
    name, end = entity.text, entity.end
    while (link := re.match(r"\s+of\s+(?:the\s+)?", text[end : end + 10])) and (
        following := next((o for o in orgs if o.start == end + link.end()), None)
    ):
        name, end = f"{name} of {following.text}", following.end
    return name, end


# A unit of a body named in lower case by what it does: "the childcare, play and early years division".
_UNIT_WRITTEN_OUT = re.compile(
    r"\s+of\s+the\s+(?P<unit>[a-z][a-z-]*(?:,?\s+[a-z][a-z-]*){0,10}?\s+"
    r"(?:branch|division|directorate|unit|group|section|department|team|office))\b(?![-'’])"
)


def _body_of_unit(text: str, end: int, orgs: Sequence[Mention]) -> str | None:
    """The body named right after a unit: "... branch at Welsh Government", "... group, Welsh Government"."""
    link = re.match(r"\s*(?:,|\s(?:at|with|in|of))\s+(?:the\s+)?", text[end : end + 12])
    body = link and next((o for o in orgs if o.start == end + link.end() and o.kind == "org"), None)
    return body.text if body else None


_UNIT_START = re.compile(r"(?:department|office|division|unit|section|directorate|secretariat)\s+(?:of|for)\b", re.I)
_UNIT_END = re.compile(r"\b(?:department|office|division|unit|section|directorate|secretariat|team|branch)$", re.I)


def _parent_of_unit(text: str, unit: str, end: int, orgs: Sequence[Mention]) -> str | None:
    """The body a unit is "with" or "at", when a named body follows the unit's name."""
    link = re.match(r"\s+(?:with|at)\s+(?:the\s+)?", text[end : end + 12])
    if not link or not _UNIT_END.search(unit):
        return None
    return next((o.text for o in orgs if o.kind == "org" and o.start == end + link.end()), None)


def _org_before(orgs: Sequence[Mention], position: int, text: str) -> str | None:
    """The nearest organisation named before ``position`` in the same paragraph ("its" refers to it)."""
    paragraph = text.rfind("\n", 0, position)
    found = [o for o in orgs if o.kind == "org" and paragraph < o.start < position]
    if found:
        return found[-1].text
    # a body NER named elsewhere but not here: "Signed for Lakeside College by its Principal"
    written = {o.text: text.rfind(o.text, paragraph + 1, position) for o in orgs if _a_body_named(o)}
    written = {name: at for name, at in written.items() if at != -1}
    return max(written, key=written.__getitem__) if written else None


def _org_following(rest: str, orgs: Sequence[Mention], position: int) -> str | None:
    """ "Dr. X, Director of Technology Transfer, Rhein-Ruhr Institute" -> the organisation
    entity that directly follows the role."""
    match = re.match(r"^\s*,\s*(?:the\s+)?", rest)
    if not match:
        return None
    at = position + match.end()
    for org in orgs:
        # Only a body ("... Institute", "... Bureau"): "Group Leader, Laser Micro-machining" names a unit.
        if (
            abs(org.start - at) <= 4
            and (
                _looks_like_org(org.text)
                or org.text.split()[-1].lower() in BODY_NOUNS
                # "senior policy advisor, CPS;": a body's letters ending the title's phrase (a unit is
                # written out: "Manager, Human Resources")
                or (
                    re.fullmatch(r"[A-Z][A-Z&]{1,7}", org.text)
                    and not re.fullmatch(POST_NOMINALS, org.text)  # "consultant, OBE": letters after a name
                    and re.match(r"\s*(?:[,;.)]|and\b|$)", rest[org.end - position :])
                )
                or _worked_at(org.text, rest)
            )
        ):
            return org.text
    # NER may miss a body's letters ending the title's phrase: "assistant director educational
    # support, WJEC, Philip Blaker, ..." (not letters after a name, a title's or a place's)
    letters = _LETTERS_AFTER_COMMA.match(rest)
    if (
        letters
        and not re.fullmatch(POST_NOMINALS, letters.group("body"))
        and not _is_role_word(letters.group("body"))
        and not any(o.start <= at < o.end for o in orgs)
    ):
        return letters.group("body")
    # NER may miss a body's name: "Rector, St Petersburg State University, and ..." -- a run of
    # capitalised words (and their links) up to the next comma, with a body's word in it
    written = _BODY_AFTER_COMMA.match(rest)
    if written and not any(o.kind == "org" and o.start < position + written.end("body") and o.end > at for o in orgs):
        words = {w.lower() for w in written.group("body").split()}
        if words & (_ORG_WORDS - GEOGRAPHIC_ENDINGS - {"road", "street", "area"}) or _worked_at(
            written.group("body"), rest
        ):
            return written.group("body")
    return None


def _worked_at(name: str, rest: str) -> bool:
    """Whether ``name``, one word, is shown by the same lines to be a body one works at or
    for ("Chief Inspector, Estyn; ..., strategic director at Estyn"), not a unit or a field."""
    return (
        " " not in name
        and not _work_field(name)
        and re.search(rf"\b(?:at|from|representing|with)\s+(?:the\s+)?{re.escape(name)}\b", rest) is not None
    )


_LETTERS_AFTER_COMMA = re.compile(r"\s*,\s*(?:the\s+)?(?P<body>[A-Z][A-Z&]{2,7})(?=\s*(?:[,;.)]|and\b|$))")
_BODY_AFTER_COMMA = re.compile(
    r"\s*,\s*(?:the\s+)?(?P<body>[A-Z][\w&'’-]*(?:\s+(?:of|for|and|on|the|[A-Z][\w&'’-]*))*?)"
    r"(?=\s*[,;.)]|\s*$|\s+(?:who|was|were|is|has|had|said|[a-z]+ed)\b)"
)


def _unit_following(text: str, position: int, orgs: Sequence[Mention]) -> tuple[str, str | None] | None:
    """ "Manager, Seattle ACO Branch, FAA" -> (the unit NER names right after the role's comma,
    the body named after the unit's comma, if any)."""
    match = re.match(r"\s*,\s*(?:the\s+)?", text[position : position + 10])
    if not match:
        return None
    at = position + match.end()
    unit = next((o for o in orgs if o.kind == "org" and o.start == at and _UNIT_END.search(o.text)), None)
    if unit is None:
        return None
    comma = re.match(r"\s*,\s*(?:the\s+)?", text[unit.end : unit.end + 10])
    at = unit.end + comma.end() if comma else -1
    body = next((o.text for o in orgs if o.kind == "org" and o.start == at), None)
    return unit.text, body


def _first_org_on_line(text: str, position: int, orgs: Sequence[Mention]) -> str | None:
    line_start = _line_start(text, position)
    if party := re.match(r"^\W*party\s+\w+\W*:\s*(?P<org>[^,;]+)", text[line_start:position], re.I):
        return _clean(re.sub(r"\s*\([^()]*\)\s*$", "", party.group("org")))  # (not its '(hereinafter "A")')
    for org in orgs:
        if line_start <= org.start < position:
            return org.text
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
