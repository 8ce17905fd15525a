"""An event's topics ("cooperate on ...", "discussed ...") and agreed follow-ups (items under a
follow-up heading, sentences that say "agreed", "will", "plan to").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..types import Evidence

_TOPIC_TRIGGERS = re.compile(
    r"\b(?:cooperat\w*|collaborat\w*|partners?(?:hip)?)\b[^.;:]*?\b(?:in|on)\s+(?:the\s+fields?\s+of\s+)?"
    r"|\b(?:focus(?:ed|es)?|concentrat\w+)\s+on\s+"
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


_TOPIC_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|\s+or\s+")
_TOPIC_STOP = re.compile(r"\b(?:with|where|which|that|because|since|before|after|during|through|to help|to)\b|[;:()]")
_TOPIC_DROP = re.compile(r"^(?:the|its|their|a|an|above all|also|especially|mainly|both|in|on|of)\s+", re.I)
# A verb that opens an item: the list has turned into a statement ("has good transport links").
_CLAUSE = re.compile(r"^(?:has|have|had|is|are|was|were|will|would|can|could|may|offers?|includes?|found)\b", re.I)
# Clause openers that show the list has turned into a statement ("has good transport links").
_NOT_A_TOPIC = re.compile(
    r"^(?:has|have|had|is|are|was|were|will|would|can|could|may|offers?|includes?|found|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|several|many|some|other|others|etc|he|she|it|they|we|i|his|her|our|and|how|what)\b"
    # Words too general to be a subject by themselves.
    r"|^(?:industries|industry|policies|policy|areas?|fields?|aspects?|cooperation|opportunities|projects?|"
    r"issues?|matters?|topics?|things?|sectors?|companies|enterprises|development|construction|exchanges?|"
    r"future|past|present|talks?|options?|advantages?|proposals?|interactions?|situation|ideas?|plans?)$",
    re.I,
)


def _topics(text: str, sentences: Sequence[tuple[int, int, int | None]], evidence: dict[str, Evidence]) -> list[str]:
    """Subjects the parties named: what follows "cooperate on/in", "focus on", "discussed" --
    split at commas and "and". (A place's "strongest industries are ..." describes it: no topic
    of the meeting.)"""
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
                if _CLAUSE.match(item):
                    break  # "..., has good transport links, ample land ...": the list has ended
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


# The parts every set of minutes has, which name no subject.
_ROUTINE_HEADING = re.compile(
    r"^(?:attendance|attendees|apologies|present|absent|discussion|agenda|any\s+other\s+business|aob|other\s+business|"
    r"(?:approval|adoption|confirmation)\s+of\s+(?:the\s+)?(?:previous\s+|last\s+)?minutes|minutes|matters\s+arising|"
    r"(?:ongoing|new|old|unfinished)\s+business|action\s+items?|actions?|next\s+meeting|date\s+of\s+(?:the\s+)?next\s+meeting|"
    r"close|closing|welcome|introductions?|supporting\s+(?:slides|documents)|balance|summary|notes?|purpose|"
    r"decisions?|resolutions?|outcomes?|background|participants|reports?(?:\s+(?:of|from|by)\s+.+)?)$",
    re.I,
)
_NUMBERED = re.compile(r"^\s*(?:(?:item\s+)?\d{1,2}[.):]?|[A-Z]\d{1,2}|[ivx]{1,4}[.)])\s+", re.I)


def _agenda_topics(text: str, evidence: dict[str, Evidence], limit: int = 6) -> list[str]:
    """The subjects of minutes: their section headings -- a numbered heading ("3. Goals &
    Deliverables 2020") or a short capitalised line standing alone between blank lines -- less
    the parts every set of minutes has ("Apologies", "Any other business")."""
    found: list[str] = []
    lines = text.split("\n")
    position = 0
    for index, line in enumerate(lines):
        start = position
        position += len(line) + 1
        if index == 0:
            continue  # the title
        stripped = line.strip()
        numbered = _NUMBERED.match(stripped)
        alone = (not lines[index - 1].strip()) and (index + 1 >= len(lines) or not lines[index + 1].strip())
        if not stripped or not (numbered or alone) or len(stripped) > 70 or stripped[-1] in ".,;:!?":
            continue
        topic = re.sub(r"\s*\([^()]*\)\s*$", "", stripped[numbered.end() :] if numbered else stripped).strip(" #*")
        words = topic.split()
        if (
            not words
            or len(words) > 8
            or not topic[:1].isupper()
            or ":" in topic
            or re.search(r"\d{4}-\d\d|\b(?:19|20)\d\d\b.*\b(?:19|20)\d\d\b", topic)
            or re.match(
                r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:of\s+)?(?:January|February|March|April|May|June|July|August|"
                r"September|October|November|December)\b",
                topic,
            )
            or _ROUTINE_HEADING.match(topic)
            or re.search(r"[$€£¥]|\d,\d{3}\b|\d\.\d\d\b", topic)  # a figure: "USD $256,869.00"
        ):
            continue
        if topic not in found:
            found.append(topic)
            evidence.setdefault("topics", Evidence(None, start, start + len(line)))
        if len(found) >= limit:
            break
    return found
