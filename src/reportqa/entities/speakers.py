"""Roles that speakers of minutes state in the first person: "POD: My contract as Assistant
Professor at the University of Zürich ends ...", "JS: As treasurer I presented the accounts",
"Ms Lee (chair): I am the head of the Data Office at ...". Minutes name their speakers by a
label -- the initials the attendance list gives ("Paul-Olivier Dehaye (POD): ..."), or the name
itself -- at the start of what each said; "I" and "my" in it are that person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..types import Document, Mention, RoleClaim
from .spans import _clean, _page_at, _sentence_at
from .vocabulary import LETTERS_AT_END, _is_role, _looks_like_org

# "Jane Smith (JS): Acme University", "Neil Lawrence (NL: University of Sheffield)", "(DP, ...)":
# the initials a list of participants defines for a name.
_INITIALS_AFTER_NAME = re.compile(r"\s*\(\s*(?P<label>[A-Z][A-Za-z]?[A-Z]{1,4})\s*[):,]")
# A speaker's turn: the label at the start of a line (after a list mark) or of a sentence, a
# note in brackets perhaps ("Ms Lee (chair):"), a colon, what was said.
# What was said runs to the line's end or to the next speaker's label after a full stop ("DP: ok.
# POD: the best way ...").
_LABEL = r"[A-Z][^\s:()]*(?:[ \t][A-Z][^\s:()]*){0,3}[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?:[ \t]"
_TURN = re.compile(
    r"(?:^[ \t]*(?:[-*•][ \t]*)?|(?<=[.!?][ \t]))(?P<label>[A-Z][^\s:()]*(?:[ \t][A-Z][^\s:()]*){0,3})[ \t]*"
    rf"(?:\((?P<note>[^()\n]{{1,40}})\)[ \t]*)?:[ \t]+(?P<said>[^\n]+?)(?=(?<=[.!?])[ \t]+{_LABEL}|[ \t]*$)",
    re.M,
)
_ROLE = r"(?:the\s+|an?\s+)?(?P<role>(?:[\w'’-]+\s+){0,6}?[\w'’-]+?)"
_BODY = r"(?:\s+(?P<link>of|at|for|with)\s+(?:the\s+)?(?P<org>[A-Z][^,.;:()\n]{1,80}?))?"
_STOP = (
    r"(?=\s*[,.;:()]|\s+(?:and|since|until|ends?|ended|expires?|starts?|began|begins|from|in|for|is|was|will|I|we)\b"
    r"|\s*$)"
)
# What the speaker says they are: "As treasurer(,) I ...", "in my capacity as chair of X, I ...",
# "I am (now) the head of X", "I was the secretary", "my contract as Assistant Professor at X".
_FIRST_PERSON = (
    re.compile(rf"\b(?:[Aa]s|[Ii]n\s+my\s+capacity\s+as)\s+{_ROLE}{_BODY}\s*,?\s+(?:I|we)\b"),
    re.compile(
        rf"\bI\s+(?P<tense>am|'m|’m|have\s+been|was|had\s+been)\s+(?:now\s+|currently\s+|still\s+)?"
        rf"(?=the\s|an?\s|[A-Z])(?:(?:re-?)?(?:elected|appointed|named)\s+(?:as\s+)?)?{_ROLE}{_BODY}{_STOP}"
    ),
    re.compile(
        rf"\b[Mm]y\s+(?:contract|appointment|position|post|role|job|term|tenure|mandate|work)\s+as\s+{_ROLE}{_BODY}{_STOP}"
    ),
    # what the speaker does: "I chair the cross-party group on suicide prevention", "I head the unit"
    # (not "I lead", "I manage": "I lead the discussion", "I manage expectations" name no office)
    re.compile(
        r"\bI\s+(?:also\s+|currently\s+|now\s+)?(?P<role>chair|head)\s+"
        rf"(?:the\s+|an?\s+)(?P<org>[A-Za-z][^,.;:()\n]{{2,80}}?){_STOP}"
    ),
)
# The office of what the speaker does ("I chair the group": its chair).
_DOES_AS_OFFICE = {"chair": "chair", "head": "head"}


# "My term as President ... ended last year": a role held no more.
_ENDED = re.compile(r"\s*(?:ended|expired|finished|came\s+to\s+an\s+end)\b")
# Words that make a phrase a clause, not a title: "As Mary is the treasurer, I ...".
_CLAUSE_WORDS = {
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "i", "we", "you", "he", "she", "they", "it",
    # another's words cited: "as the Prime Minister said, we're not perfect"
    "said", "says", "put", "noted", "stated", "mentioned", "told", "wrote", "announced", "pointed", "suggested",
}  # fmt: skip


def a_title(phrase: str) -> bool:
    """Whether a phrase reads as a title: a role word before any "of" ("chair of the working
    group on data"), no verb or pronoun."""
    words = phrase.lower().split()
    return not _CLAUSE_WORDS & set(words) and _is_role(re.split(r"\s+of\s+", phrase)[0])


def speaker_labels(text: str, people: Sequence[Mention]) -> dict[str, Mention]:
    """Label -> the person it stands for: the initials given after a name, when no two names
    share them."""
    labels: dict[str, Mention] = {}
    shared: set[str] = set()
    for person in people:
        if len(person.text.split()) < 2:
            continue
        found = _INITIALS_AFTER_NAME.match(text, person.end)
        if found is None:
            continue
        label = found.group("label")
        if label in labels and labels[label].text != person.text:
            shared.add(label)
        labels[label] = person
    return {label: person for label, person in labels.items() if label not in shared}


def first_person_roles(
    document: Document, people: Sequence[Mention], sentences: Sequence[tuple[int, int, int | None]]
) -> list[RoleClaim]:
    """The roles speakers give themselves in the first person (and a role in brackets after
    their label), for the speakers the report names: by initials its list defines, or by a
    name NER found at the start of the turn."""
    text = document.text
    labels = speaker_labels(text, people)
    # "Jane Smith:", "Ms Lee:" (the short form of a name given in full elsewhere): a name NER found
    # ending where the label ends
    ending = {p.end: p for p in people if len(p.text.split()) >= 2}
    claims = []
    for turn in _TURN.finditer(text):
        # (a label may end with the letters after the name: "Lynne Neagle AM: ...")
        letters = LETTERS_AT_END.search(turn.group("label"))
        named = ending.get(turn.end("label")) or ending.get(
            turn.end("label") - (len(letters.group(0)) if letters else 0)
        )
        person = labels.get(turn.group("label")) or (named if named and named.start >= turn.start("label") else None)
        if person is None:
            continue
        said_start = turn.start("said")
        found: list[tuple[str, str | None, int]] = []
        note = turn.group("note")
        if note and _is_role(note) and not _INITIALS_AFTER_NAME.match(f"({note})"):
            found.append((note, None, turn.start("note")))  # "Ms Lee (chair): ..."
        for pattern in _FIRST_PERSON:
            for match in pattern.finditer(turn.group("said")):
                role, organisation = match.group("role"), match.group("org")
                role = _DOES_AS_OFFICE.get(role, role)
                if not a_title(role):
                    continue
                if organisation and (unit := re.fullmatch(r"(.+?)\s+at\s+(?:the\s+)?([A-Z].*)", organisation)):
                    # "the head of the Data Office at Zhejiang University": the unit is part of the title
                    role, organisation = f"{role} of {unit.group(1)}", unit.group(2)
                elif organisation and match.groupdict().get("link") == "for" and not _looks_like_org(organisation):
                    role, organisation = f"{role} for {organisation}", None  # "As Minister for Health, I"
                tense = match.groupdict().get("tense") or ""
                if tense.startswith(("was", "had")) or _ENDED.match(turn.group("said"), match.end()):
                    role = f"former {role}"
                found.append((role, organisation and _clean(organisation), said_start + match.start()))
        for role, organisation, at in found:
            sentence = _sentence_at(sentences, at)
            start, end = sentence if sentence else (turn.start(), turn.end())
            page = _page_at(document, at)
            claims.append(RoleClaim(person.text, role, organisation, document.date, page, start, end))
    return claims
