"""The words the entity rules read reports with -- honorifics, titles, role words, the words that
make a name an organisation's -- and the tests on them.
"""

from __future__ import annotations

import re

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
    "translator", "interpreter", "d'affaires", "d’affaires", "captain", "coach", "curator", "warden", "chaplain",
    "librarian", "headteacher", "headmaster", "headmistress", "comptroller", "ombudsman", "ombudsperson",
}  # fmt: skip
# Words that qualify a role word inside a title ("Director General", "Vice Rector", "Chief
# Financial Officer"): part of the title when next to a role word, never a title alone.
_ROLE_MODIFIERS = {
    "general", "vice", "deputy", "assistant", "associate", "senior", "acting", "executive", "honorary", "chief",
    "first", "second", "principal", "permanent", "managing", "financial", "operating", "technology", "technical",
    "high", "consul", "at-large", "elected", "former", "interim", "co", "prime", "recording", "corresponding",
    "presiding", "founding", "outgoing", "incoming", "visiting", "supervising", "adjunct", "emeritus",
}  # fmt: skip
# Words that make a "person" span an organisation or a place ("Lingang Innovation Center").
_ORG_WORDS = {
    "center", "centre", "zone", "bureau", "committee", "commission", "park", "institute", "department", "university",
    "college", "company", "group", "ltd", "co", "inc", "corporation", "limited", "incorporated", "llc", "plc", "llp",
    "gmbh", "pty", "association", "agency", "office", "council",
    "ministry", "government", "port", "sub-center", "subcenter", "bank", "fund", "laboratory", "lab", "school",
    "laboratories", "labs", "ventures", "holdings", "solutions", "polytechnic",
    "hospital", "foundation", "society", "federation", "chamber", "authority", "administration", "station", "hub",
    "robotics", "technologies", "technology", "industries", "roadshow", "summit", "forum", "province", "city",
    "river", "delta", "lake", "sea", "mountain", "road", "street", "district", "county", "area", "region", "bay",
    "campus", "université", "universität", "universidad", "universidade", "università", "universiteit", "institut",
    "instituto", "istituto", "école", "hôpital", "fondation", "fundación", "stiftung", "hochschule",
}  # fmt: skip
# The words a report calls its own body by: "the Company" of an annual report.
_OWN_BODY_WORDS = ("company", "corporation", "group", "organisation", "organization", "firm", "bank")

_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Madam|Sir)\.?"
# Honorifics and forms of address that may stand between a title and a name: "President of the
# Senate, Hon. Thomas ...", "Consul General, Dr.Yok Yee Chan", "His Excellency Jonathan Curr".
_ADDRESS_AT_END = re.compile(
    r"(?:\s*\b(?:the\s+)?(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Madam|Sir|Hon|Honourable|Honorable|Hon['’]ble|Rt|Cllr|"
    r"Shri|Sri|Smt|Shrimati|Kumari|Datuk|Dato|Datin|Alhaji|Mme|Mlle|Rev|Revd|"
    r"H\.\s?E|His\s+Excellency|Her\s+Excellency|Excellency)\b\.?)+\s*$"
)
# The particles between the words of a name: "Maria de la Cruz", "Rik Van de Walle", "Siobhan Ní
# Bhriain" (as written: in lower case, but for the Irish ones).
PARTICLE_WORDS = r"(?:di|de|da|das|del|della|des|do|dos|du|van|von|der|den|ter|le|la|y|e|bin|binti|ibn|bint|Ní|Nic|Ó)"
# A company's legal form, the last word of its name ("Acme, Inc.", "Cincinnati Bell Inc."), in
# lower case and without its full stop.
LEGAL_FORMS = {
    "inc", "ltd", "llc", "co", "corp", "plc", "gmbh", "ag", "sa", "nv", "bv", "llp", "lp", "limited",
    "incorporated", "corporation", "pty", "pte", "srl", "spa", "kg", "oy", "ab", "as", "sarl", "kk", "se", "l.l.c",
    "s.a", "n.v", "bhd",
}  # fmt: skip
# Letters after a person's name -- memberships of a parliament or an assembly ("AM", "MS" of the
# Senedd, "MP", "TD"), honours, services, degrees -- as written (their case tells "MS" from "Ms").
POST_NOMINAL_LETTERS = (
    "IAS", "IPS", "IFS", "IRS", "MP", "MLA", "MLC", "MEP", "MSP", "MPP", "MNA", "MHA", "MHK", "AM", "MS", "TD",
    "MBE", "OBE", "CBE", "KBE", "DBE", "CMG", "KCMG", "GCMG", "CVO", "LVO", "MVO", "AO", "AC", "OAM", "QC", "KC",
    "SC", "FRS", "FRSE", "FBA", "FREng", "PhD", "Ph.D.", "MD", "MBA", "JP", "DL", "FIAA", "FCA", "CPA", "PE", "Esq.",
    "Esq",
)  # fmt: skip
# A gap between a line's columns: a tab or three spaces and more ("Dr. Anna Berg        Mr. Tom Reyes").
COLUMN_GAP = re.compile(r"\t| {3,}")
POST_NOMINALS = rf"(?:{'|'.join(re.escape(letters) for letters in POST_NOMINAL_LETTERS)})"  # as a pattern
LETTERS_AT_END = re.compile(rf"[ \t]+{POST_NOMINALS}$")  # "Vaughan Gething AM", "Lynne Neagle AM"
# The label of a party's representative in an agreement: "Legal representative: Prof. X, President".
REPRESENTATIVE_LABEL = r"(?:legal\s+|authori[sz]ed\s+)?(?:representative|represented\s+by)"
# A word of a name, in any Latin script ("Kátia", "Thiéry", "Ulusahin").
_NAME_TOKEN = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-Za-zÀ-ÖØ-ÿ][a-zß-öø-ÿ]+)?"


# Last words that make a "name" a title ("Common Councilman"); role words that are also
# surnames ("Judge", "Speaker", "Clerk") are left out.
_TITLE_ENDINGS = {
    "councilman", "councilwoman", "councillor", "councilor", "director", "manager", "officer", "president",
    "secretary", "chairman", "chairwoman", "chairperson", "minister", "mayor", "governor", "commissioner",
    "ambassador", "consul", "senator", "rector", "dean", "treasurer", "administrator", "coordinator",
    "representative", "ceo", "cto", "cfo", "coo", "head", "clerk", "lead", "leader", "adviser", "advisor",
    "specialist", "supervisor", "superintendent", "registrar", "controller", "auditor",
}  # fmt: skip
# Capitalised words that open a sentence and that NER sometimes takes into a name after them.
_SENTENCE_OPENERS = {
    "hence", "thus", "yesterday", "today", "also", "then", "meanwhile", "however", "finally", "later", "afterwards",
    "subsequently", "moreover", "furthermore", "additionally", "next", "first", "lastly", "recently", "earlier",
}  # fmt: skip
# Parts taken at one event, written after a name in attendance lists: not positions.
_EVENT_PARTS = {"host": "hosts", "co-host": "hosts", "guest": "visitors", "speaker": "visitors", "visitor": "visitors"}


def _is_role(phrase: str) -> bool:
    words = [w.lower().strip(",.") for w in phrase.split()]
    return 0 < len(words) <= 6 and any(_is_role_word(w) for w in words)


def _is_role_word(word: str) -> bool:
    """A word naming a position ("director"), also inside a hyphenated one ("vice-chancellor")."""
    word = word.lower().strip(",.")
    return word in ROLE_WORDS or ("-" in word and any(part in ROLE_WORDS for part in word.split("-")))


def _looks_like_org(phrase: str) -> bool:
    return any(w.lower().strip(",.") in _ORG_WORDS for w in phrase.split())


# What a title before a name may be of without naming a body: "City Manager", "County Clerk",
# "Country Director", "Program Officer", "Branch Manager", "State Senator".
TITLE_SCOPES = {
    "city", "county", "state", "town", "village", "district", "borough", "parish", "ward", "country", "regional",
    "region", "area", "provincial", "municipal", "branch", "project", "program", "programme", "account", "office",
    "site", "plant", "store", "division", "unit", "team", "practice", "portfolio", "campus",
}  # fmt: skip
# Words that end a place's name ("Xuedou Mountain", "Ningbo Fenghua District") when NER calls it
# an organisation; "zone", "area" and "park" also end bodies' names ("Lianyungang High-tech Zone").
GEOGRAPHIC_ENDINGS = {
    "city", "province", "district", "county", "region", "bay", "river", "lake", "sea", "mountain", "mountains",
    "island", "islands", "valley", "delta", "peninsula", "coast", "prefecture", "municipality", "campus",
    "territory", "territories", "plain", "plains", "flats", "basin", "plateau", "drainage", "archipelago", "canyon",
}  # fmt: skip
# Lower-case nouns after a name that say it names a thing, not a body (not what a body owns, as
# its "website" or "platform"): "the College Scorecard
# project", "Digital ID service", "GitHub Projects feature", "Euphrosyne, a digital service".
THING_NOUNS = {
    "project", "projects", "programme", "program", "scheme", "initiative", "service", "feature", "features", "tool",
    "software", "issue", "issues", "rule", "rules", "matrix", "database", "accelerator", "application", "account",
    "accounts", "page", "pages", "channel", "channels", "workspace", "repository", "checklist", "checklists",
}  # fmt: skip
# A field of activity, not a body: "Health Sector", "University Education".
FIELD_ENDINGS = {"sector", "sectors", "education", "heritage", "relations", "cooperation", "development"}
# Fields of work a title names after "of" ("Director of Operations", "Head of Human Resources"):
# NER often tags them as a body, but a title's field alone never is one.
WORK_FIELDS = {
    "operations", "finance", "marketing", "communications", "sales", "engineering", "research", "strategy",
    "policy", "planning", "programmes", "programs", "partnerships", "admissions", "nursing", "learning",
    "facilities", "procurement", "compliance", "risk", "audit", "technology", "innovation", "governance", "legal",
    "human", "resources", "talent", "estates", "fundraising", "membership", "outreach", "advocacy", "investment",
    "investments", "science", "product", "products", "design", "data", "digital", "security", "safety",
    "quality", "training", "curriculum", "alumni", "sustainability", "logistics", "production",
    "manufacturing", "teaching", "development", "accounts", "treasury", "infrastructure", "medical", "clinical",
    "scientific", "and", "&",
    # a government's portfolios: "Environment Commissioner", "Minister of Health"
    "environment", "health", "education", "trade", "justice", "energy", "transport", "agriculture", "defence",
    "defense", "culture", "tourism", "labour", "labor", "housing", "employment", "fisheries", "forestry", "police",
    # a university's or a firm's portfolios: "Registrar, Academic Affairs", "Director, Linkages"
    "academic", "affairs", "international", "relations", "linkages", "student", "students", "public", "corporate",
    "external", "internal", "global", "institutional",
    # a party's office in a government or a body: "Party Secretary Sun Jie"
    "party",
}  # fmt: skip
# Words only a body's name has, never a building's or a road's: NER's "facility" with one is a body
# ("the Rhein-Ruhr Institute for Applied Photonics opened in May": not a place).
BODY_ONLY_WORDS = {
    "institute", "university", "college", "company", "corporation", "association", "agency", "bureau", "committee",
    "commission", "ministry", "department", "council", "foundation", "society", "federation", "chamber",
    "authority", "administration", "government", "institut", "université", "universität", "universidad",
}  # fmt: skip
# Words naming a kind of body besides _ORG_WORDS ("Digital Coalition", "Quality Review Board"):
# a name with one is not a phrase of common words.
BODY_NOUNS = {
    "board", "panel", "house", "secretariat", "assembly", "coalition", "alliance", "consortium", "union", "league",
    "network", "parliament", "congress", "senate", "court", "service", "services", "team", "trust", "partnership",
}  # fmt: skip


# A post named by its profession ("Wildlife Biologist", "Research Scientist", "Economist").
_PROFESSION = re.compile(
    r"\b[A-Z]?[a-z]*(?:ologist|scientist|economist|statistician|analyst|professional|practitioner|ranger|educator|"
    r"pilot|technician|planner|surveyor|instructor|librarian|curator|archivist|nurse|physician|teacher|lawyer|"
    r"accountant)s?$",
    re.I,
)
