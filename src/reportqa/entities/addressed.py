"""People of reports written in another language (French, Spanish, German, Portuguese, Italian,
Dutch), which the English recogniser does not read (see :mod:`.language`): in any of them a name
after a form of address is a person's ("M. Gaëtan Gagné", "Sra. Ana López", "Herr Dr. Klaus
Weber"), the office written after it in lower case is that person's ("M. Gaëtan Gagné,
conseiller municipal"), with the body named after it ("greffière adjointe, Service du greffe"),
and so is the office labelling the list the name stands in ("Secrétaire :" over "Mme Ariane
Bélanger"). Nothing else is read: a name without a form of address, a place, a body alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..types import Document, Mention, RoleClaim
from .spans import _page_at
from .vocabulary import PARTICLE_WORDS

# Forms of address of these languages (and a doctor's or professor's, written alike in them).
_ADDRESS = (
    r"(?:M\.|MM\.|Mme|Mlle|Me|Sr\.|Sra\.|Srta\.|Dña\.|Dr\.?|Dra\.|Herr|Frau|Prof\.?|Sig\.(?:ra)?|Dott\.(?:ssa)?|"
    r"Ing\.|Avv\.|[Dd]hr\.|[Mm]evr\.)"
)
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?"
_ADDRESSED = re.compile(
    rf"(?<![\w.])(?:{_ADDRESS}[ \t]+)+(?P<name>{_NAME_WORD}(?:[ \t]+(?:{PARTICLE_WORDS}[ \t]+)*{_NAME_WORD}){{1,3}})"
    r"(?![\w'’-])"
)
# The office after the name: a phrase in lower case, then perhaps the body it is held in.
_OFFICE_AFTER = re.compile(
    r"\s*,\s*(?P<role>[a-zà-öø-ÿ][^,;()\n]{2,60}?)(?:\s*,\s*(?P<org>[A-ZÀ-ÖØ-Þ][^,;()\n]{2,80}?))?\s*(?=[,;.()]|$)"
)
# Words an office of these languages opens with (the stems of its title).
_OFFICE_WORD = re.compile(
    r"(?:membre|pr[ée]sident|vice|secr[ée]tai|tr[ée]sori|conseill|maire|direct|greffi|administrat|repr[ée]sentant|"
    r"coordonn|chef|responsable|adjoint|d[ée]put|ministre|pr[ée]fet|commissaire|charg[ée]|"
    r"secretari|tesorer|vocal|alcald|concejal|miembro|jefe|gerente|rector|decan|"
    r"vorsitz|b[üu]rgermeister|gesch[äa]ftsf[üu]hr|mitglied|schriftf[üu]hr|pr[äa]sident|leiter|referent|"
    r"vereador|prefeit|diretor|membro|sindac|direttor|consiglier|segretari|assessor|"
    r"voorzitter|secretaris|penningmeester|lid\b|wethouder|burgemeester)",
    re.I,
)
# Words of a body's name in these languages: a title with one names the body whose minutes or
# report it is ("COMITÉ DE DÉMOLITION").
_BODY_WORD = re.compile(
    r"\b(?:comit[ée]|conseil|commission|municipalit[ée]|ville|universit[ée]|assembl[ée]e|soci[ée]t[ée]|"
    r"ayuntamiento|consejo|junta|comisi[óo]n|universidad|gemeinde|ausschuss|stadtrat|gemeinderat|vorstand|"
    r"universit[äa]t|c[âa]mara|conselho|comiss[ãa]o|comune|consiglio|commissione|gemeente|raad|commissie)\b",
    re.I,
)
# A line that is only an office, labelling the list below it: "Membres :", "Secrétaire :".
_LIST_LABEL = re.compile(r"^\W*(?P<label>[A-ZÀ-ÖØ-Þ][\w'’ -]{1,40}?)\s*:\s*$")


def addressed_people(document: Document) -> tuple[list[Mention], list[RoleClaim]]:
    """The people a report in another language names with a form of address, and their offices."""
    text = document.text
    mentions: list[Mention] = []
    roles: list[RoleClaim] = []
    label: str | None = None  # the office labelling the list being read
    title = text[: text.find("\n")].strip() if "\n" in text else text.strip()
    # an office without its body in the minutes of one body is held in that body
    own_body = (title.capitalize() if title.isupper() else title) if _BODY_WORD.search(title) else None
    for line in re.finditer(r"^.*$", text, re.M):
        if not line.group(0).strip():
            label = None
            continue
        labelled = _LIST_LABEL.match(line.group(0))
        if labelled:
            office = labelled.group("label").strip()
            label = _singular(office).lower() if _OFFICE_WORD.match(office) else None
            continue
        for found in _ADDRESSED.finditer(line.group(0)):
            start, end = line.start() + found.start("name"), line.start() + found.end("name")
            name, page = found.group("name"), _page_at(document, start)
            mentions.append(Mention("person", name, start, end, page, None))
            claim = RoleClaim(name, "", None, document.date, page, line.start(), line.end(), report_body=own_body)
            office = _OFFICE_AFTER.match(line.group(0), found.end())
            if office and _OFFICE_WORD.match(office.group("role")):
                body = office.group("org")
                roles.append(replace(claim, role=office.group("role").strip(), organisation=body and body.strip()))
            if label:
                roles.append(replace(claim, role=label))
    return mentions, roles


def _singular(office: str) -> str:
    """One holder of an office written in the plural ("Membres", "Conseillers": the Romance plural)."""
    return office[:-1] if office.endswith("s") and len(office) > 4 else office
