"""An event's topics ("cooperate on ...", "discussed ...") and agreed follow-ups (items under a
follow-up heading, sentences that say "agreed", "will", "plan to").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from ..types import Event, Evidence

_FOLLOW_UP = re.compile(
    r"\b(agreed|agree|will|plan(?:s|ned)?\s+to|to\s+be\s+(?:sent|held|shared)|invited|next\s+(?:meeting|visit|review))\b",
    re.I,
)
_FOLLOW_UP_HEADINGS = re.compile(
    r"^\W*(follow-?up(?:\s+actions?)?|actions?|agreed|outcomes?|resolutions?|next\s+steps)\W*$", re.I
)


# What the report states an event was about: its theme, purpose or agenda, a visit, tour or
# meeting "on" it, what a memorandum focuses on, the areas of cooperation.
_STATED = re.compile(
    r"\b(?:(?:theme|subject|topic|purpose|focus|agenda)\s+of\s+(?:the\s+|this\s+)?(?:[\w-]+\s+){0,2}?(?:was|were|is)"
    r"|agenda\s+(?:covered|included)|(?:items?|subjects?|topics?)\s+(?:on\s+the\s+agenda|for\s+discussion)[^:.]{0,40}:|areas?\s+of\s+cooperation\s+(?:include[sd]?|are|were)"
    r"|(?:(?:study\s+)?tours?|visits?|missions?|meetings?|workshops?|seminars?|forums?|conferences?|roundtables?)"
    r"\s+(?:on|about|regarding|concerning)"
    r"|(?:memorand(?:um|a|ums)(?:\s+of\s+understanding)?|mou|agreement|protocol)\s+"
    r"(?:focusing\s+on|focused\s+on|on|regarding|concerning)"
    r"|^(?:subject|topics?|theme|purpose|re|regarding)\s*:"
    # what a meeting covered: "the meeting covered ...", "the discussions centred on ...", "items
    # discussed included ...", "among the topics discussed were ...", "the main topics were ..."
    r"|(?:meetings?|talks|discussions?|sessions?|workshops?|seminars?|conferences?|forums?|roundtables?|dialogues?|"
    r"consultations?|briefings?|presentations?|exchanges?|negotiations?)\s+(?:\w+ly\s+)?(?:covered|addressed|"
    r"cent(?:red|ered)\s+(?:on|around)|touched\s+(?:up)?on|dealt\s+with|revolved\s+around|concentrated\s+on)"
    r"|(?:items?|topics?|subjects?|issues?|matters?|questions?|areas?)\s+(?:discussed|covered|raised|addressed|"
    r"of\s+discussion)\s+(?:included|include[sd]?|(?:were|was|are)(?!\s+\w+ed\b))"
    r"|(?:main|key|principal|major)\s+(?:topics?|subjects?|themes?|issues?|items?)\s+(?:\w+\s+)?"
    r"(?:included|(?:were|was)(?!\s+\w+ed\b)))\s*",
    re.I,
)
# What a document holds: "the agreement, signed by ..., includes tuition waivers" (the document is
# the verb's subject, a remark between commas at most). Ranked with what was signed: the content
# of a document signed during a visit comes after what the visit itself was about.
_DOCUMENT_HOLDS = re.compile(
    r"\b(?:agreements?|memorand(?:um|a|ums)|mous?|arrangements?|accords?|protocols?)(?:\s+of\s+understanding)?"
    r"(?:\s*,[^,.;:]{1,250},)?\s+(?:includes|included|covers|covered|provides\s+for|provided\s+for)\s+",
    re.I,
)
# What the parties did about a subject: discussed it, were briefed on it, learned about it,
# explored it, talked about it.
_DISCUSSED = re.compile(
    r"\b(?:discuss(?:ed|es|ing)?(?:\s+about)?"
    r"|(?:discussions?|talks|exchanges?|dialogues?|consultations?|negotiations?|conversations?|presentations?|"
    r"briefings?|lectures?|sessions?|updates?)\s+(?:on|about|regarding|concerning|in\s+regards?\s+to)"
    r"|(?:exchanged|exchanges?\s+of|shared|sharing\s+of)\s+(?:their\s+)?(?:views|ideas|opinions|experiences?|information|"
    r"knowledge|best\s+practices|lessons(?:\s+learn(?:ed|t))?)\s+(?:on|about|regarding|in)"
    # what a meeting itself went over: "the committee considered the draft strategic plan"
    r"|(?:meeting|committee|board|council|panel|parties|sides|delegations?)\s+(?:also\s+|then\s+)?"
    r"(?:reviewed|considered|examined)"
    # "held talks with the mayor on ...": the partner between the talks and their subject
    r"|(?:talks|discussions?|consultations?|negotiations?)\s+with\s+[^,;:.]{1,60}?\s+(?:on|about|regarding)"
    # "briefed us on", "briefed the visitors on": whom, then the subject
    r"|briefed\s+(?:(?:us|them|him|her|the\s+(?:\w+\s+)?(?:delegation|visitors|guests|hosts|team|group|board|committee|members))\s+)?(?:on|about)"
    r"|reported\s+on|learn(?:ed|t|ing|s)?\s+(?:more\s+)?about"
    # "learned from peers in Ghana about ...": whom they learned from, then the subject
    r"|learn(?:ed|t|ing|s)?\s+from\s+[^,;:.]{1,60}?\s+about"
    r"|(?:talk|spoke|speak)(?:ed|s|ing)?\s+about"
    r"|presented\s+(?:the\s+)?(?:information\s+|details?\s+|an?\s+update\s+)?on|overview\s+of"
    r"|(?:to|and)\s+explore|explor(?:ed|ing)|(?:to\s+)?(?:better\s+)?understand"
    # what a visit or meeting was for: "visited Nantong to review ...", "met ... to go over ..."
    r"|to\s+(?:review|go\s+over|examine|take\s+stock\s+of)"
    r"|emphasi[sz](?:e|ed|es|ing)\s+(?:[\w-]+'s\s+)?(?:strong\s+|continued\s+|full\s+)?"
    r"(?:support\s+for|the\s+importance\s+of))\s+",
    re.I,
)
# Words that often name what was done but may describe someone else's business ("It focuses on
# medicine", "the company focuses on research"): a subject only where the subject is no pronoun.
_SHARED_TRIGGERS = re.compile(
    r"\b(?:(?:cooperat\w*|collaborat\w*|partners?(?:hip)?)(?!\s+and\b)(?:\s+\S+){0,4}?\s+(?:in|on)"
    # the partner is a name: its words capitalised, whatever the case of the rest
    r"|work(?:s|ed|ing)?\s+(?:together|with\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)*)\s+on)\s+(?:the\s+fields?\s+of\s+)?"
    r"|\b(?:focus(?:ed|es|ing)?|concentrat\w+)\s+(?:first\s+|\w+ly\s+)?on\s+"
    r"|\binterested\s+in\s+|\b(?:expressed|showed|shown|voiced)\s+(?:(?:a|their|his|her|its)\s+)?(?:\w+\s+)?interest\s+in\s+",
    re.I,
)
# "this company focuses on", "which have cooperated on", "an agreement with X, focused on": the
# company, a relative clause or a participle after a name describes a body, not the meeting.
_DESCRIBES_A_BODY = re.compile(
    r"\b(?:which|that|who)\s+(?:\w+\s+)?$"
    # "to make it more focused on service providers": a quality something has or should have
    r"|\b(?:more|less|most|better|increasingly|sharply|narrowly)\s+$"
    r"|\b(?:the|this|that)\s+(?:company|firm|enterprise|group)\b[^,;]*$|\w,\s*$",
    re.I,
)
# Minutes' "The finances were discussed": what was discussed is the sentence's subject.
# So is what minutes record as decided: "1. The talent programme for members is approved".
_WAS_DISCUSSED = re.compile(
    # (the sentence's own verb: not one of a relative clause, "versions that are approved")
    r"^(?:\d{1,2}[.)]\s+|[-*•]\s+)?(?P<subject>(?:(?!\b(?:that|which|who|is|are|was|were)\b)[^,;:]){3,80}?)"
    r"\s+(?:was|were|is|are)\s+(?:\w+ly\s+)?"
    r"(?:discussed|approved|adopted|endorsed|ratified)\b",
    re.I,
)
# What a speaker set out: a subject too, after what the parties themselves did.
_EXPLAINED = re.compile(
    r"\b(?:explained|outlined|detailed|introduced|highlighted|promoted|showcased)\s+(?:to\s+the\s+\w+\s+)?"
    r"(?=(?:the|an?|their|its|his|her|our)\s)",
    re.I,
)
# What a speaker presented or described: as often their own body ("presented the sub-center
# network", "described the High-tech Zone") as a subject, so after all the others. No article
# before a plural or a mass noun ("Carmen presented by-law changes").
_PRESENTED = re.compile(
    r"\b(?:described|presented)\s+(?:to\s+the\s+\w+\s+)?(?=(?:the|an?|their|its|his|her|our)\s|(?-i:[a-z]))"
    # "as described above", "presented in table 2", "presented by the Chamber": no object
    r"(?!(?:above|below|here\w*|earlier|later|previously|in|at|on|by|to|for|with|from|under|as|and|or|that|which)(?![\w-]))",
    re.I,
)
# An event held or to be held names what the parties did: "will hold a joint matchmaking day",
# "held a tea party as well as an opening ceremony for a retrospective exhibition". A kind of event
# with a word of its own before it (a bare "forum" or "seminar" says nothing), no meal or meeting.
_HOLDS = re.compile(
    r"\b(?:held|hosted|organi[sz]ed|staged|(?:will|to|would|shall)\s+(?:jointly\s+)?(?:hold|host|organi[sz]e|stage))"
    r"\s+(?:jointly\s+)?",
    re.I,
)
_EVENT_HELD = re.compile(
    r"(?:(?:an?|the|its|their|our)\s+)?"
    # a ceremony is for what it opens: "an opening ceremony for a retrospective exhibition"
    r"(?:(?:opening|closing|launch|inauguration|inaugural|unveiling)\s+ceremon(?:y|ies)\s+(?:for|of)\s+(?:(?:an?|the)\s+)?)?"
    r"(?P<event>(?:(?!(?:an?|the|and|or|as|with|in|on|at|for|of|to|by|from)\b)[\w-]+\s+){1,4}?"
    r"(?:forums?|roadshows?|days?|part(?:y|ies)|exhibitions?|fairs?|expos?|symposi(?:um|a|ums)|seminars?|workshops?|"
    r"conferences?|summits?|competitions?|challenges?|festivals?|hackathons?|webinars?|campaigns?|weeks?))\b",
    re.I,
)
_AND_ALSO = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)", re.I)
# What a speaker explained by way of a question: "explained to the founders what the talent and
# tax incentives are, and how the soft-landing programme works": what is, or how it works.
_EXPLAINED_WHAT = re.compile(
    r"\b(?:explained|outlined|described|set\s+out|showed|told(?:\s+[\w-]+){1,3}?)(?:\s+to\s+[^,.;:]{1,60}?)?\s+(?=(?:what|how)\s)",
    re.I,
)
_WHAT_IS = re.compile(
    r"(?:what\s+(?P<what>[^,;:]{3,80}?)\s+(?:is|are|was|were|means?|meant|involves?|involved|offers?|offered)"
    r"|how\s+(?P<how>[^,;:]{3,80}?)\s+(?:works?|worked|operates?|operated|functions?|functioned|is\s+run|are\s+run))\b",
    re.I,
)


# A document signed names the subject itself ("signed a strategic cooperation agreement").
_SIGNED = re.compile(
    r"\bsign(?:ed|ing|s)?\s+(?:of\s+)?(?:(?:an?|the|nearly|about|over|some|several|more\s+than|\d+)\s+)*"
    r"(?P<document>(?:[\w-]+\s+){0,4}?(?:agreements?|memorand(?:um|a|ums)(?:\s+of\s+understanding)?|mous?|"
    r"protocols?|accords?|charters?))\b",
    re.I,
)

# ... or said to have been signed: "the Memorandum of Understanding (MOU) that was signed last November".
_WAS_SIGNED = re.compile(
    r"\b(?P<document>(?:(?!(?:and|or|the|an?|of|on|with|to|in|for|by)\b)[\w-]+\s+){0,4}?(?:agreements?|"
    r"memorand(?:um|a|ums)(?:\s+of\s+understanding)?|mous?|protocols?|accords?|charters?))"
    r"(?:\s+\([^()]{1,12}\))?\s+(?:(?:that|which)\s+)?(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+ly\s+)?signed\b",
    re.I,
)

_STOPS_ITEM = re.compile(
    r"\b(?:with|where|which|that|who|whose|because|since|before|after|during|through|from|by|to|so|while|when|"
    # a verb ends the noun phrase: "a Lianyungang sub-center is being prepared"
    r"is|are|was|were|will|would|has|have|had|can|could|should|must|"
    r"(?<=[a-z]{2})\.(?=[A-Z])|including|in\s+order|in\s+general|in\s+particular|etc|as\s+(?:we|they|he|she|it|i|you))\b(?!-)|[;:()\[\]!?]|\s[-–—]\s|[–—]|-\s",
    re.I,
)
# "economic and trade exchanges, culture": commas part the items; "and" joins two items of several
# words ("marine biomedicine and underwater robotics"), not two single words ("economy and trade").
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+as\s+well\s+as\s+|\s+and\s+also\s+", re.I)
_PAIR_SPLIT = re.compile(r"\s+(?:and|or|&)\s+", re.I)
_TOPIC_DROP = re.compile(
    # "the new port tariffs", "Indonesia's new decentralisation legislation" say the subject is new;
    # "new materials" without an article or an owner is a name
    r"^(?:the|its|their|our|his|her|a|an|this|these|those|(?:[\w-]+\s+){0,3}?[\w-]+['’]s)\s+new\s+"
    r"|^(?:the|its|their|our|his|her|a|an|this|these|those|above\s+all|also|especially|particularly|notably|mainly|"
    r"chiefly|primarily|later|then|afterwards|subsequently|both|in|on|of|"
    r"about|further|possible|potential|various|several|many|more|current|specific|certain|different|particular)\s+"
    # "a wide range of port projects", "a number of start-ups": what the range is of
    r"|^(?:(?:wide|broad|great|large|long)\s+)?(?:range|variety|number|host|set|list)\s+of\s+"
    # "talked about how important user research was": the subject is what was important
    r"|^how\s+(?:important|crucial|vital|essential|valuable|useful|critical)\s+"
    # an edition of a named event: "the second China International Supply Chain Expo"
    r"|^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th))\s+(?=(?-i:[A-Z]))"
    # a purpose names its subject after the verb: "to explore", "to learn about"
    r"|^to\s+(?:better\s+|further\s+)?(?-i:[a-z]+)\s+(?:more\s+)?(?:about\s+|on\s+)?"
    # what is said about a subject, not the subject ("the importance of user testing")
    r"|^(?:importance|implications?|progress|status|establishment|issues?|questions?|matters?|topics?|subjects?|"
    r"possibilit(?:y|ies)|prospects?|details?|information|series|challenges?|role|ways?|areas?|fields?|sectors?|"
    r"industries|aspects?|levels?|kinds?|types?|forms?|situation|results?|outcomes?|findings|achievements"
    # someone's stance towards a subject: "London's drive for collaboration", "the need for ..."
    r"|drive|vision|needs?|priorit(?:y|ies)|expectations?|concerns?|ambitions?|aspirations?|commitments?|efforts?|"
    r"desire|wish(?:es)?|"
    # how one goes about a subject: "strategies for developing capacity for health sector reform"
    r"strateg(?:y|ies)|approach(?:es)?|lessons|methods|capacity)\s+(?:of|on|about|for|such\s+as|like|including|to|in)\s+"
    # work in a field: the field is the subject ("joint projects in laser micro-machining")
    r"|^(?:joint\s+|possible\s+|potential\s+)?(?:projects?|cooperation|collaboration|opportunities|partnerships?|"
    r"research|work|investment)\s+(?:in|on)\s+"
    r"|^(?:commerciali[sz]ation|application|use|implementation|handling)\s+of\s+"
    # a period of it: "the first five years of the Ningbo Sub-center", "the second year of ..."
    r"|^(?:(?:first|second|third|fourth|fifth|last|past|next|coming)\s+)?(?:[\w-]+\s+)?"
    r"(?:years?|months?|weeks?|decades?|phases?|stages?|rounds?|periods?)\s+of\s+"
    # doing something to it: the subject is what is done to ("building a sub-center")
    r"|^(?:building|developing|establishing|creating|improving|promoting|strengthening|expanding|sharing|"
    r"undertaking|putting|organi[sz]ing|setting\s+up|providing|supporting|accelerating|identifying|"
    r"implementing|deepening|enhancing|inviting|hosting|attracting|bringing|finding|helping|encouraging|ensuring)\s+(?=\S+\s)"
    r"|^(?:[\w-]+\s+){0,3}?[\w-]+['’]s\s+(?=[a-z])",  # an owner before the subject: "Ghana's national health ..."
    re.I,
)
# The list has turned into a statement ("has good transport links", "how they contribute").
_CLAUSE = re.compile(
    r"^(?:has|have|had|is|are|was|were|will|would|can|could|may|offers?|includ(?:es?|ed)|found|how|what|why|whether|"
    r"put|make|made|take|took|give|gave|get|got|see|saw|said|says|expressed|noted|added|adding|saying|noting|"
    r"commented|presented|introduced|visited|met|thanked|welcomed|asked|invited|agreed|announced|described|"
    r"reported|stated|hoped|wants?|wanted|held|signed|discussed|toured|attended)\b",
    re.I,
)
# Time, not a subject: "cooperation with X in the past and ..." says when, so the list is no subjects.
_TIME = re.compile(
    r"^(?:the\s+)?(?:(?:past|future)(?=\s*(?:$|[,.;]|and\b|or\b))|recent\s+years|last\s+\w+|next\s+\w+|coming\s+\w+"
    # when or where, not what: "talks with the mayor on the sidelines of the forum"
    r"|(?:sidelines|margins|occasion|eve)\s+of)\b",
    re.I,
)
_NOT_A_TOPIC = re.compile(
    r"^(?:one|two|three|four|five|six|seven|eight|nine|ten|some|other|others|etc|he|she|it|they|we|i|you|them|"
    r"us|his|her|our|and|each|every|all|relevant|such|same|things?|someone|something|behalf|morning|afternoon|"
    # how much, not what: "covered a lot of ground", "the whole morning", "issues discussed were many"
    r"many|much|few|numerous|varied|wide-ranging|whole|lots?|plenty|"
    r"himself|herself|itself|themselves|ourselves|above|below|in|on|at|by|as|"
    r"evening|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|"
    r"july|august|september|october|november|december|recent|last|next|past|coming|this|that)\b(?!-)"
    # Words too general to be a subject by themselves.
    r"|^(?:new\s+)?(?:industries|industry|policies|policy|areas?|fields?|aspects?|cooperation|collaboration|opportunities|"
    r"projects?|issues?|matters?|topics?|things?|sectors?|companies|enterprises|development|construction|"
    r"exchanges?|future|past|present|talks?|options?|advantages?|proposals?|interactions?|situation|ideas?|"
    r"plans?|programmes?|programs?|work|ground|overview|cent(?:er|re)|park|company|institute|city|university|school|bureau|office|department|"
    r"zone|delegation|teams?|groups?|guests|visitors|meeting|audience|participants|attendees|ceremony|gathering|agreements?|memorand(?:um|a|ums)|mous?|protocols?|accords?|charters?|(?:[\w-]+\s+)?(?:issues|matters|items|points|questions|things|challenges|drive|vision|needs|priorities|expectations|concerns|ambitions|aspirations|commitments?|efforts|desires?|wishes|situation)|activities|ways?|years?|months?|days?|time|supporting|experience|information|challenges?)$",
    re.I,
)
# A participle after its noun says what was done with it: "the health reforms enacted".
_PARTICIPLE = re.compile(
    r"(?<=\w)\s+(?:(?!(?:ne|spe|se|fe|b|sh|r|br|hundr)ed\b)[a-z]+ed|undertaken|taken|given|chosen|driven|written|"
    r"seen|shown|done|held|made)$"
)
# Words that say how parties get on, not about what: an item of these alone names no subject
# ("collaboration and innovation", "cooperation and exchanges").
_GENERAL_WORDS = frozenset({
    "cooperation", "collaboration", "innovation", "development", "exchange", "exchanges", "progress", "growth",
    "success", "friendship", "relations", "relationship", "communication", "interaction", "engagement", "and", "&",
    "of", "the", "new",
})  # fmt: skip
# A person by title and name ("the situation of Senator Craig Waddell"): someone, not a subject.
_PERSON = re.compile(
    r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Senator|President|Minister|Mayor|Governor|Ambassador|Director|Chairman|"
    r"Chairwoman|Councillor|Sir|Dame|Lord|Lady)\.?\s+[A-Z]"
)
# A name in quotation marks within a list, not a speaker's words: capitalised, a few words.
_NAME_IN_QUOTES = re.compile(r"[\"“]((?-i:[A-Z])[\w'’-]*(?:\s+[\w'’-]+){0,5})[\"”]")
_ACTIVITY = re.compile(r"(?-i:[a-z-]+ing)")
_ARTICLE_AND_WORD = re.compile(r"\b(?:a|an|the)\s+[\w-]+$", re.I)
_PREPOSITION = re.compile(r"\s(?:in|on|at|for|between|among|across|of|into|towards?|under|over)\s", re.I)


# A verb that a purpose clause adds after "and" ("to learn about X and look for Y"): the list has ended.
_SECOND_VERB = re.compile(
    r"(?:look|seek|explore|find|promote|strengthen|establish|deepen|expand|enhance|identify|meet|discuss|learn)\s"
    # "to discuss operational challenges and exchange best working practices" (not "exchange programmes")
    r"|(?:exchange|share)\s+(?:best|good|the|their|our|views|ideas|experiences?|information|knowledge|lessons)\b",
    re.I,
)


def _items(rest: str) -> list[str]:
    """The noun phrases a trigger's words list: cut where the list ends, parted at its commas and
    "and"s, each without its article or what is said about it; 1-5 words, no figure, no statement."""
    rest = rest.lstrip()
    if rest[:1] in '"“':  # a quoted theme: up to its closing quote
        rest = re.split(r"[\"”]", rest[1:])[0]
    rest = _NAME_IN_QUOTES.sub(r"\1", rest)  # the new “China-ASEAN Technology Transfer Center”: a name
    rest = re.split(r"[\"“”]", rest)[0]  # a quotation opening or closing ends the list
    if _TIME.match(rest):
        return []
    while (shorter := _TOPIC_DROP.sub("", rest)) != rest:
        rest = shorter
    stop = _STOPS_ITEM.search(rest)
    rest = rest[: stop.start()] if stop else rest
    items: list[str] = []
    for part in _LIST_SPLIT.split(rest.rstrip(" .,")):
        pieces: list[str] = []
        for piece in _PAIR_SPLIT.split(part):
            if _CLAUSE.match(piece):  # "... and how they contribute": the list ends below
                pieces.append(piece)
                break
            if pieces and (piece[:4].lower() == "for " or _SECOND_VERB.match(piece)):
                # "... programmes and for best practices to emerge"; "learn more about Lianyungang
                # and look for opportunities": a second verb, not a second subject
                break
            # "health and cleaning products industry", "teaching and learning": a single word before
            # "and" is one subject with what follows; so are two activities sharing their words
            # ("integrated circuit packaging and testing") and two words after an article ("a
            # transparent and fair legal system")
            if pieces and (
                len(pieces[-1].split()) == 1
                or (pieces[-1].endswith("ing") and _ACTIVITY.fullmatch(piece))
                or _ARTICLE_AND_WORD.search(pieces[-1])
            ):
                pieces[-1] = f"{pieces[-1]} and {piece}"
            else:
                pieces.append(piece)
        for item in pieces:
            item = item.strip(" ,.'")
            while (shorter := _TOPIC_DROP.sub("", item)) != item:
                item = shorter
            if _CLAUSE.match(item):
                return items  # "..., has good transport links": the list has ended
            item = _PARTICIPLE.sub("", item)
            if len(item.split()) > 5 and (cut := _PREPOSITION.search(item)):
                item = item[: cut.start()]  # "national health insurance scheme in Ghana and ..."
                if " " not in item:
                    continue  # "users at the center of digital public services": no subject left
            words = item.split()
            capitalised = all(word[:1].isupper() for word in words if word.lower() not in ("of", "and", "the"))
            if (
                0 < len(words) <= 5
                and not (capitalised and len(words) == 1)  # a name alone ("Canada", "APEC") is no subject
                and not (len(words) == 1 and item.lower().endswith("ly"))  # "particularly"
                and not any(c.isdigit() for c in item)
                and not _NOT_A_TOPIC.match(item)
                and not set(item.lower().split()) <= _GENERAL_WORDS
                and not _PERSON.match(item)
            ):
                items.append(item)
    return items


# How or when an event was held, not what about: "held a press conference", "its annual forum".
_HOW_HELD = frozenset({
    "press", "news", "video", "online", "virtual", "hybrid", "annual", "regular", "monthly", "weekly", "daily", "first",
    "second", "third", "last", "next", "same", "special", "big", "grand", "small", "successful", "busy", "full", "half",
    "whole", "open", "one-day", "two-day", "three-day",
})  # fmt: skip


def _events_held(rest: str) -> list[str]:
    """The events a "held" or "will host" names, one after another ("a tea party as well as an
    opening ceremony for a retrospective exhibition"): each with a word of its own that says what it
    was ("matchmaking day", "biomedicine forum"), without how or when it was held ("annual")."""
    found: list[str] = []
    while event := _EVENT_HELD.match(rest):
        words = event["event"].split()
        while len(words) > 1 and words[0].lower() in _HOW_HELD:
            words = words[1:]
        if len(words) > 1 and not {w.lower() for w in words[:-1]} <= _HOW_HELD:
            found.extend(_items(" ".join(words)))
        rest = rest[event.end() :]
        if not (joined := _AND_ALSO.match(rest)):
            break
        rest = rest[joined.end() :]
    return found


def _explained_subjects(rest: str) -> list[str]:
    """What a speaker explained by way of questions ("what the talent and tax incentives are, and
    how the soft-landing programme works"): the subject of each "what ... is" or "how ... works"."""
    found: list[str] = []
    for start in re.finditer(r"(?:^|(?<=,\s)|(?<=\sand\s))(?=(?:what|how)\s)", rest, re.I):
        if asked := _WHAT_IS.match(rest, start.start()):
            found.extend(_items(asked["what"] or asked["how"]))
    return found


# Words each kind of trigger contains: a sentence without them is not searched (the patterns are
# long alternations, slow to try at every position of every sentence).
_HINTS = {
    "stated": (
        "theme", "subject", "topic", "purpose", "focus", "agenda", "discussion", "cooperation", "tour", "visit",
        "mission", "meeting", "workshop", "seminar", "forum", "conference", "roundtable", "memorand", "mou",
        "agreement", "protocol", "re:", "re :", "regarding", "talks", "session", "briefing", "presentation",
        "exchange", "dialogue", "consultation", "negotiation", "item", "issue", "matter", "question", "area",
        "arrangement", "accord",
    ),
    "discussed": (
        "discuss", "talk", "exchange", "dialogue", "consultation", "negotiation", "conversation", "presentation",
        "briefing", "lecture", "session", "briefed", "reported", "learn", "spoke", "speak", "presented",
        "overview", "explor", "understand", "emphasi", "update", "review", "go over", "examine", "take stock",
        "shar", "consider",
    ),
    "shared": ("cooperat", "collaborat", "partner", "work", "focus", "concentrat", "interest"),
    "other": (
        "sign", "explained", "outlined", "detailed", "introduced", "discussed", "described", "presented", "set out",
        "showed", "told", "approved", "adopted", "endorsed", "ratified", "highlighted", "promoted", "showcased",
        "includ", "cover", "provide",
    ),
    "held": ("held", "host", "hold", "organi", "stage"),
}  # fmt: skip


def _asked(sentence: str, position: int) -> bool:
    """Whether ``position`` is in a question ("who else can we discuss the challenges with?"): what
    might be discussed is not what was."""
    return "?" in sentence[position:]


def _quoted(sentence: str, position: int) -> bool:
    """Whether ``position`` is inside a quotation: a speaker's words are no account of the meeting."""
    before, after = sentence[:position], sentence[position:]
    closes = after.find("”")
    return (
        before.count("“") > before.count("”")
        or before.count('"') % 2 == 1
        or (closes >= 0 and not 0 <= after.find("“") < closes)  # a quotation opened in an earlier sentence
    )


def _subjects(sentence: str) -> Iterator[tuple[int, list[str]]]:
    """The subjects one sentence names, each list with its rank: 0 stated, 1 discussed, 2 signed, held
    in a document or explained, 3 cooperated or focused on (not where that describes a body), 4 an event held
    ("held a tea party"), 5 presented or described. Not in a question ("who else can we discuss ...
    with?") nor in a quotation."""
    low = sentence.lower()
    hinted = {kind for kind, words in _HINTS.items() if any(word in low for word in words)}
    for rank, kind, triggers in ((0, "stated", _STATED), (1, "discussed", _DISCUSSED)):
        if kind in hinted:
            for trigger in triggers.finditer(sentence):
                if not _quoted(sentence, trigger.start()) and not _asked(sentence, trigger.start()):
                    yield rank, _items(sentence[trigger.end() :])
    if "other" in hinted:
        if passive := _WAS_DISCUSSED.match(sentence):
            yield 1, _items(passive["subject"])
        yield from ((2, _items(signed["document"])) for signed in _SIGNED.finditer(sentence))
        yield from ((2, _items(signed["document"])) for signed in _WAS_SIGNED.finditer(sentence))
        for holds in _DOCUMENT_HOLDS.finditer(sentence):
            if not _quoted(sentence, holds.start()):
                yield 2, _items(sentence[holds.end() :])
        for trigger in _EXPLAINED.finditer(sentence):
            if not _quoted(sentence, trigger.start()):
                yield 2, _items(sentence[trigger.end() :])
        for trigger in _EXPLAINED_WHAT.finditer(sentence):
            if not _quoted(sentence, trigger.start()):
                yield 2, _explained_subjects(sentence[trigger.end() :])
        for trigger in _PRESENTED.finditer(sentence):
            if not _quoted(sentence, trigger.start()):
                yield 5, _items(sentence[trigger.end() :])
    if "held" in hinted:
        for trigger in _HOLDS.finditer(sentence):
            if not _quoted(sentence, trigger.start()) and not _asked(sentence, trigger.start()):
                yield 4, _events_held(sentence[trigger.end() :])
    if "shared" in hinted:
        for trigger in _SHARED_TRIGGERS.finditer(sentence):
            if not _DESCRIBES_A_BODY.search(sentence[: trigger.start()]) and not _quoted(sentence, trigger.start()):
                yield 3, _items(sentence[trigger.end() :])


# An acronym and its name, either first: "Sector-wide Approach (SWAp)", "our ABOC (Asian Business
# Opportunities Committee)". The acronym's capitals are the initials of the name's words.
_NAME_THEN_ACRONYM = re.compile(
    r"((?:[A-Z][\w'’-]*\s+(?:(?:of|and|for|the|on|in|&)\s+)*){1,8})\(([A-Z][A-Za-z]{1,9})\)"
)
_ACRONYM_THEN_NAME = re.compile(
    r"\b([A-Z][A-Za-z]{1,9})\s+\(((?:[A-Z][\w'’-]*(?:\s+(?:of|and|for|the|on|in|&))*\s*){2,8})\)"
)
_MINOR_WORDS = frozenset({"of", "and", "for", "the", "on", "in", "&"})


def _spelt_out(words: Sequence[str], acronym: str) -> str | None:
    """The last of ``words`` that spell ``acronym`` out (its capitals their initials, with or
    without the parts of hyphenated words: "Sector-wide Approach" for SWAp), or None."""
    capitals = "".join(c for c in acronym if c.isupper())
    if len(capitals) < 2:
        return None
    for count in range(1, len(words) + 1):
        tail = words[-count:]
        if tail[0].lower() in _MINOR_WORDS:
            continue
        main = [w for w in tail if w.lower() not in _MINOR_WORDS]
        parts = [part for w in main for part in w.split("-") if part]
        if capitals in ("".join(w[0] for w in main).upper(), "".join(p[0] for p in parts).upper()):
            return " ".join(tail)
    return None


def _acronyms(text: str) -> dict[str, str]:
    """The acronyms a report spells out, each with its name."""
    found: dict[str, str] = {}
    for name, acronym in _NAME_THEN_ACRONYM.findall(text):
        if spelt := _spelt_out(name.split(), acronym):
            found.setdefault(acronym, spelt)
    for acronym, name in _ACRONYM_THEN_NAME.findall(text):
        if (spelt := _spelt_out(name.split(), acronym)) and spelt == " ".join(name.split()):
            found.setdefault(acronym, spelt)
    return found


def _named_in_full(topic: str, acronyms: dict[str, str]) -> str:
    """``topic`` with the acronyms its report spells out written as their names ("SWAp in Ghana" ->
    "Sector-wide Approach in Ghana"), while it stays short."""
    full = re.sub(r"\b[A-Z][A-Za-z]{1,9}\b", lambda m: acronyms.get(m[0], m[0]), topic)
    return full if len(full.split()) <= 5 else topic


def _topics(
    text: str, sentences: Sequence[tuple[int, int, int | None]], evidence: dict[str, Evidence], limit: int = 3
) -> list[str]:
    """What the report says the event was about, few and right: the subjects that follow "discussed",
    "talks on", "were briefed on", "learned about", "the theme of the visit was", a visit or tour
    "on", then documents signed ("signed a strategic cooperation agreement"), then what the parties
    cooperate on or focus on -- unless "the company", a relative clause or a comparative says it of
    a body ("the company focuses on medicine", "more focused on service providers") -- then what a
    speaker presented. (A place's "strongest industries are ..." is no topic; nor is a stance
    without a subject: "strategic vision", "stakeholder needs", "London's drive for collaboration".)"""
    ranked: list[tuple[int, int, str, int | None, int, int, int]] = []
    lists = 0
    acronyms = _acronyms(text)
    for start, end, page in sentences:
        sentence = " ".join(text[start:end].split())
        # "our ABOC (Asian Business Opportunities Committee)": the name, then the letters
        sentence = _ACRONYM_THEN_NAME.sub(lambda m: f"{m[2].strip()} ({m[1]})" if m[1] in acronyms else m[0], sentence)
        for rank, items in _subjects(sentence):
            lists += 1
            for item in items:
                ranked.append((rank, len(ranked), _named_in_full(item, acronyms), page, start, end, lists))
    topics: list[str] = []
    taken: list[int] = []  # the list each topic comes from
    for _rank, _order, item, page, start, end, of_list in sorted(ranked):
        words = set(item.lower().split())
        # "Health Sector" beside "health sector policies": one subject, said twice
        if any(words <= set(t.lower().split()) or words >= set(t.lower().split()) for t in topics):
            continue
        # the limit parts subjects, not a list the event's topics are taken from: "cooperate in new
        # medicines, new materials and high-end equipment manufacturing" is kept whole (one more)
        if len(topics) < limit or (len(topics) == limit and taken[-2:] == [of_list, of_list]):
            topics.append(item)
            taken.append(of_list)
            evidence.setdefault("topics", Evidence(page, start, end))
    return topics


def _own_topics(
    event: Event, text: str, sentences: Sequence[tuple[int, int, int | None]], further: Sequence[Event]
) -> Event:
    """``event`` with its topics from its own sentences: not from those the ``further`` events of
    its report are told in (their people's, their topics' sentences), which name what those were
    about -- except a signing during a visit, part of it: what was signed is what the visit was
    about. Minutes' section headings (:func:`_agenda_topics`) are the meeting's whatever follows."""
    apart = {
        (e.start, e.end)
        for other in further
        if not (other.kind == "agreement" and event.kind == "visit" and _same_time(event.date, other.date))
        for name, e in other.evidence
        if name != "date"
    }
    own = [s for s in sentences if (s[0], s[1]) not in apart]
    if len(own) == len(sentences) or (event.kind == "meeting" and len(_agenda_topics(text, {})) >= 2):
        return event
    evidence = {name: e for name, e in event.evidence if name != "topics"}
    topics = _topics(text, own, evidence)
    return replace(event, topics=tuple(topics), evidence=tuple(sorted(evidence.items())))


def _with_headings(headings: Sequence[str], topics: Sequence[str], limit: int = 3) -> list[str]:
    """Minutes' topics: their section headings, then -- while there are fewer than ``limit`` -- the
    subjects their sentences say were discussed ("The handling of planning applications was
    discussed" under an item of business about the last minutes), each once."""
    found = list(headings)
    for topic in topics:
        words = set(topic.lower().split())
        if len(found) < limit and not any(
            words <= set(t.lower().split()) or words >= set(t.lower().split()) for t in found
        ):
            found.append(topic)
    return found


def _same_time(date: str | None, within: str | None) -> bool:
    """Whether a day falls in a (possibly coarser) date: "2024-11-27" in "2024-11"."""
    return bool(date and within and date.startswith(within))


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
    r"decisions?|resolutions?|outcomes?|background|participants|reports?(?:\s+(?:of|from|by)\s+.+)?|"
    r"(?:brief\s+|short\s+)?(?:progress|status)\s+(?:reports?|updates?)(?:\s+.+)?|"
    # a look back over a period names none: "Review of December 2021", "Report for the last quarter"
    r"(?:review|report|update|summary|overview|highlights)\s+(?:of|for)\s+(?:the\s+)?(?:(?:last|past|previous)\s+)?"
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november|december|month|quarter|"
    r"year|week|period|q[1-4])(?:\s+(?:19|20)\d\d)?|(?:19|20)\d\d)|"
    # a board's order of business: "CALL TO ORDER/FLAG SALUTE", "PUBLIC COMMENT – ITEMS ON THE AGENDA"
    r"(?:call\s+to\s+order|roll\s+call|public\s+comments?|pledge\s+of\s+allegiance|flag\s+salute|"
    r"consent\s+(?:calendar|agenda|items)|(?:closed|open)\s+session|adjourn(?:ment|ed)?)(?:\W.*)?)$",
    re.I,
)
# An agenda item written as what the meeting is to do: "To agree the minutes of ...", "To receive
# the treasurer's report".
_AGENDUM = re.compile(
    r"^to\s+(?:agree|approve|receive|note|consider|discuss|review|adopt|confirm|accept|elect|appoint|decide\s+on)"
    r"\s+(?:the\s+)?",
    re.I,
)
# A heading that says who set a subject out: the speaker's initials or name and a verb.
_SPEAKER_HEADING = re.compile(
    r"^(?:[A-Z]{2,4}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:presents|introduces|explains|outlines|reports\s+on|proposes)"
    r"\s+(?:the\s+|an?\s+)?"
)
_NUMBERED = re.compile(r"^\s*(?:(?:item\s+)?\d{1,2}[.):]?|[A-Z]\d{1,2}|[ivx]{1,4}[.)])\s+", re.I)


def _agenda_topics(text: str, evidence: dict[str, Evidence], limit: int = 6) -> list[str]:
    """The subjects of minutes: their section headings -- a numbered heading ("3. Goals &
    Deliverables 2020") or a short capitalised line standing alone between blank lines -- less
    the parts every set of minutes has ("Apologies", "Any other business", "Progress reports",
    "Call to order"); an item of business or a speaker's heading is read as its subject ("To agree
    the minutes of ...", "BP presents the consortium agreement"), once."""
    found: list[str] = []
    lines = text.split("\n")
    position = 0
    for index, line in enumerate(lines):
        start = position
        position += len(line) + 1
        if index == 0:
            continue  # the title
        stripped = line.strip().lstrip("#").strip()  # a Markdown heading: "## 2. Budget"
        numbered = _NUMBERED.match(stripped)
        alone = (not lines[index - 1].strip()) and (index + 1 >= len(lines) or not lines[index + 1].strip())
        if not stripped or not (numbered or alone) or stripped[-1] in ".,;:!?":
            continue
        topic = re.sub(r"\s*\([^()]*\)\s*$", "", stripped[numbered.end() :] if numbered else stripped).strip(" #*")
        if said := _SPEAKER_HEADING.match(topic):  # "BP presents the consortium agreement"
            topic = topic[said.end() :]
            topic = topic[:1].upper() + topic[1:]
        if agendum := _AGENDUM.match(topic):  # "To agree the minutes of ...": what is to be agreed
            topic = topic[agendum.end() :]
            topic = topic[:1].upper() + topic[1:]
        words = topic.split()
        if (
            not words
            or len(topic) > 70
            or len(words) > (12 if agendum else 8)  # an item of business may name its meeting and day
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
        words_of = {word.lower() for word in words}
        # "BP presents the consortium agreement" under "Adoption of final Consortium Agreement"
        if not any(words_of <= {w.lower() for w in t.split()} for t in found):
            # "Boards" over "Advisory Board" and "Quality review Board": the parts name the section
            found = [t for t in found if not (" " not in t and t.lower().endswith("s") and t.lower()[:-1] in words_of)]
            found.append(topic)
            evidence.setdefault("topics", Evidence(None, start, start + len(line)))
        if len(found) >= limit:
            break
    return found
