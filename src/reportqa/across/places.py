"""Which country a place lies in, from the countrystatecity-countries gazetteer (250 countries,
5,328 states and provinces, 152,000 cities; ODbL data): countries by their names, capitals and
peoples' words, states and provinces of every country ("Guangxi", "Ontario", "Kingston" of
Jamaica), and the cities of one country at a time ("Is Hangzhou in China?"). Where the gazetteer
is missing, nothing is known here and the reports' own "A, B" and "A (B)" say where places lie
(origins._inside)."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from .._util import country_of, without_accents

# Words a state's name carries besides its name ("Guangxi Zhuang Autonomous Region", "Anhui
# Province"): reports often write the name alone.
_GENERIC = frozenset(
    ("province", "state", "region", "autonomous", "zhuang", "hui", "uyghur", "uygur", "special", "administrative",
     "municipality", "prefecture", "county", "district", "governorate", "department", "parish", "oblast", "krai",
     "republic", "territory")
)  # fmt: skip
# Short forms of countries' names the gazetteer does not list.
_SHORT = {"uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
          "wales": "GB", "usa": "US", "u.s.": "US", "u.s.a.": "US", "america": "US", "uae": "AE", "prc": "CN",
          "russia": "RU", "south korea": "KR", "north korea": "KP", "vietnam": "VN", "czechia": "CZ"}  # fmt: skip
# "People's Republic of China", "Federal Republic of Germany": a country's long form.
_LONG_FORM = re.compile(
    r"^(?:the\s+)?(?:(?:people's|democratic|federal|islamic|socialist|united|hashemite|arab)\s+)*"
    r"(?:republic|kingdom|state|commonwealth|federation|principality|sultanate|emirate)\s+of\s+(?:the\s+)?"
)


def _key(name: str) -> str:
    key = without_accents(" ".join(name.split())).lower().replace("’", "'").strip(" ,.;:()")
    return re.sub(r"^the\s+", "", key)


def _data() -> Path | None:
    """The gazetteer's data folder. Its JSON files are read directly: importing the package (its
    pydantic models) costs 0.3 s and its per-state API another 0.15 s; the files take 20 ms."""
    spec = importlib.util.find_spec("countrystatecity_countries")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data"
    return path if path.is_dir() else None


def _read(path: Path) -> list[dict]:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return found if isinstance(found, list) else []


class _Tables(NamedTuple):
    places: dict[str, frozenset[str]]  # country, capital or state name -> the countries holding one
    names: dict[str, str]  # country code -> its name
    states: dict[str, frozenset[str]]  # state name -> "CN/JS" (country code / state code)


@cache
def _gazetteer() -> _Tables:
    """The countries and their states, read once, on the first question that needs them."""
    found: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    states: dict[str, set[str]] = {}

    def add(name: str | None, code: str, state: str | None = None) -> None:
        if name:
            found.setdefault(_key(name), set()).add(code)
            if state:
                states.setdefault(_key(name), set()).add(f"{code}/{state}")

    for short, code in _SHORT.items():
        add(short, code)
    folder = _data()
    if folder is None:
        return _Tables({}, {}, {})
    for country in _read(folder / "countries.json"):
        code = str(country.get("iso2") or "")
        if not code:
            continue
        names[code] = str(country.get("name") or code)
        add(names[code], code)
        add(country.get("capital"), code)
        for state in _read(folder / "by-country" / code / "states.json"):
            written = str(state.get("name") or "")
            state_code = str(state.get("state_code") or "")
            add(written, code, state_code)
            words = written.split()
            while len(words) > 1 and words[-1].lower() in _GENERIC:
                words = words[:-1]
                add(" ".join(words), code, state_code)
    return _Tables({k: frozenset(v) for k, v in found.items()}, names, {k: frozenset(v) for k, v in states.items()})


@cache
def _cities(code: str) -> frozenset[str]:
    """The names of one country's cities ("CN": 4,157) or one state's ("CN/JS"), read when a
    question first needs them."""
    folder = _data()
    country, _, state = code.partition("/")
    if folder is None or not re.fullmatch(r"[A-Z]{2}", country) or not re.fullmatch(r"[\w-]*", state):
        return frozenset()
    return frozenset(
        _key(str(city.get("name") or ""))
        for path in sorted((folder / "by-country" / country / "states").glob(f"{state or '*'}/cities.json"))
        for city in _read(path)
    )


def countries_of(name: str) -> frozenset[str]:
    """The ISO codes of the countries a country, capital, state or province of this name lies in
    ("Guangxi" -> {"CN"}; "Kingston" -> {"JM"}; a people's word: "Chinese" -> {"CN"}; "People's
    Republic of China" -> {"CN"}); empty when unknown. Cities: :func:`in_country`."""
    table = _gazetteer().places
    key = _place_key(name)
    for form in (key, _LONG_FORM.sub("", key)):
        if form in table:
            return table[form]
    country = country_of(name)
    if country and _key(country) in table:
        return table[_key(country)]
    return frozenset()


def _place_key(name: str) -> str:
    key = re.sub(r"\s+(?:city|province|state|municipality|region)$", "", _key(name))  # "Wuhan city"
    key = re.sub(r"^city\s+of\s+", "", key)  # "the City of London"
    return re.sub(r"'s$", "", key)  # "Tokyo's Ota District"


def in_country(name: str, codes: frozenset[str]) -> bool:
    """Whether a place of this name lies in one of the countries ``codes``: a state, capital or
    the country itself, or one of its cities ("Hangzhou" in China)."""
    key = re.sub(r"\s+(?:city|municipality)$", "", _key(name))
    known = countries_of(name)
    if known:  # "Washington" is a state of the United States before it is a town in England
        return bool(known & codes)
    return any(key in _cities(code) for code in codes)


def states_of(name: str) -> frozenset[str]:
    """The states or provinces of this name, as "CN/JS" ("Jiangsu", "Jiangsu Province")."""
    return _gazetteer().states.get(_place_key(name), frozenset())


def in_states(name: str, states: frozenset[str]) -> bool:
    """Whether a place of this name is one of ``states`` or one of their cities ("Nantong" in
    Jiangsu); a name the gazetteer knows as a country, capital or state elsewhere is not."""
    if states_of(name) & states:
        return True
    if countries_of(name):
        return False
    key = re.sub(r"\s+(?:city|municipality)$", "", _key(name))
    return any(key in _cities(state) for state in states)


def country_name(code: str) -> str:
    return _gazetteer().names.get(code, code)
