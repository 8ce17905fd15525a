"""A career listed after a name, as annual reports and proxy statements present officers: "A. Kaiser,
Chief Financial Officer of the Company since September 2016; Vice President, Corporate Finance of
the Company from January 2014 to September 2016; Partner at Roark Consulting, LLC from 2005 to
January 2014". After the post by the name (read with the other roles), each post with its term
is a claim of its own: one held "from ... to ..." or "until ..." is a former one, one held "since
..." is current.
"""

from __future__ import annotations

import re

from .spans import _clean
from .vocabulary import _OWN_BODY_WORDS, _is_role_word, _looks_like_org

# A month and day, or a month, before a year ("May 31, 2017", "Sept. 2016", "2005"); a typo's
# three-digit year ("June 017") included.
_DATE = r"(?:(?:[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?)?\d{3,4}|present|today)"
# The term a post was held for, ending its part of the list.
_TERM = re.compile(
    rf"\s+(?:(?P<ended>(?:from|between)\s+{_DATE}\s+(?:to|until|through|and|-|–)\s+(?!present|today){_DATE}"
    rf"|until\s+{_DATE})|(?:since|from)\s+{_DATE}(?:\s+(?:to|until)\s+(?:present|today))?)\s*\.?$"
)
# Where one post of the list ends: a semicolon, or a comma or full stop after a term's year
# ("since June 2017, Senior Vice President ...", a table cell's "... since 2016. Deputy Controller ...").
_STEP = re.compile(r"\s*;\s*(?:and\s+)?|(?<=\d)\s*[,.]\s*(?:and\s+)?(?=[A-Z])")
# A post and the body it was held at: "Partner at Roark Consulting, LLC", "Director of CBTS Marketing".
# (where it was held first: "Vice President of Finance at Acme Inc." was held at Acme)
_POST_AT = re.compile(
    r"^(?P<role>.+?)\s+(?P<link>at|with)\s+(?:the\s+)?(?P<body>[A-Z].*)$|^(?P<role_of>.+?)\s+of\s+(?:the\s+)?(?P<body_of>[A-Z].*)$"
)


def career_steps(text: str, start: int, end: int) -> list[tuple[str, str | None]]:
    """The posts listed from ``start`` (where the post by the name ends) to ``end`` (the
    sentence's end), each as (role, body): "former " before a post whose term has ended, no body
    where it is the report's own ("of the Company") or none is named. Nothing unless the first
    post has its term too ("... Officer since June 2017; ..."): a list of dated posts."""
    parts = _STEP.split(text[start:end].rstrip(" ."))
    if len(parts) < 2 or not _TERM.fullmatch(" " + parts[0].strip()):
        return []
    return [step for part in parts[1:] if (step := _post(part)) is not None]


def career_in_cell(cell: str) -> list[tuple[str, str | None]]:
    """The posts a table's cell lists, each with its term ("Vice President and Controller since
    January 2016. Deputy Controller from February 2013 to January 2016."), as :func:`career_steps`
    gives them, or its one post with its term ("Vice President since January 2016."); nothing for
    a cell whose first post has no term."""
    parts = _STEP.split(cell.rstrip(" ."))
    if not _TERM.search(parts[0]):
        return []
    return [step for part in parts if (step := _post(part)) is not None]


def _post(part: str) -> tuple[str, str | None] | None:
    """One post of a list with its term, as (role, body); None without a term or a position."""
    term = _TERM.search(part)
    if term is None:
        return None
    post = _clean(part[: term.start()])
    # "... of the Company": the report's own body, which the who's who gives it
    post = re.sub(rf"\s+(?:of|at|with)\s+the\s+(?:{'|'.join(_OWN_BODY_WORDS)})$", "", post, flags=re.I)
    role, body = post, None
    if at := _POST_AT.match(post):
        title, written = at.group("role") or at.group("role_of"), at.group("body") or at.group("body_of")
        # a body is one where the post was held ("at"), or has a body's word or an acronym in
        # its name; after "of" without them, a field: "Senior Vice President of Finance and Operations"
        if _a_post(title) and (
            at.group("link") or _looks_like_org(written) or re.search(r"\b\w*[A-Z0-9]\w*[A-Z0-9]", written)
        ):
            role, body = title, written
    if not _a_post(role) or len(role.split()) > 10:
        return None  # "Deloitte & Touche LLP's audit practice": a place of work, no post
    return (f"former {role}" if term.group("ended") else role), body


def _a_post(phrase: str) -> bool:
    """Whether a phrase is a post: its title (before a comma: "Vice President, Consumer Marketing
    and Data Analytics"; "Senior Vice President and Chief Technology Officer") names a position."""
    title = phrase.split(",")[0].split()
    return 0 < len(title) <= 8 and any(_is_role_word(w) for w in title)
