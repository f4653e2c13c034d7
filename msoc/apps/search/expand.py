"""Query expansion of the search: Thai spelling variants and other names of the same place.

A query is read as units (its space-separated chunks), all of which must match; a unit matches
any of its alternatives: the words as typed, each one-letter spelling variant of the chunk
(letters Thai writers confuse: ซ/ช, ศ/ษ/ส, ณ/น, ใ/ไ …) as a phrase, and for a word that names a
province or country, each other name of that place (โคราช ↔ นครราชสีมา, สหรัฐฯ ↔
สหรัฐอเมริกา). Only whole-place names are used, not towns or landmarks that the gazetteer also
resolves to a place (พัทยา is not ชลบุรี). The index is not changed: variants are tried when
querying, so existing index entries match them at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

# Letters (and one vowel pair) written for one another; the first of each group is not special.
CONFUSABLE = ("ชซฌ", "สศษ", "นณ", "ลฬ", "ทธฑฒ", "ดฎ", "ตฏ", "ยญ", "พภ", "คฆ", "ขฃ", "ไใ")
_GROUP = {ch: group for group in CONFUSABLE for ch in group}
MAX_VARIANTS = 24  # spelling variants tried per chunk
MAX_TERMS = 64  # index terms in one query, all alternatives together
# Nicknames of a whole province or country that share no spelling with its official name.
NICKNAMES = frozenset(
    {"โคราช", "เมืองย่าโม", "บางกอก", "กรุงเก่า", "เมืองคอน", "แปดริ้ว", "ปากน้ำโพ", "ยูเอส", "แดนลุงแซม"}
)
_PREFIX = re.compile(r"^(จังหวัด|จ\.|ประเทศ)")


@dataclass(frozen=True)
class Alternative:
    """Tokens that together stand for a unit; a phrase needs them side by side."""

    tokens: tuple[str, ...]
    phrase: bool = False


Unit = list[Alternative]


def spelling_variants(chunk: str) -> list[str]:
    """The chunk with one confusable letter swapped for each of its look- or sound-alikes."""
    out: list[str] = []
    for i, ch in enumerate(chunk):
        for other in _GROUP.get(ch, ""):
            if other != ch:
                out.append(chunk[:i] + other + chunk[i + 1 :])
                if len(out) >= MAX_VARIANTS:
                    return out
    return out


def _shares(alias: str, name: str, size: int = 4) -> bool:
    """Whether two names share a run of `size` letters (สหรัฐฯ and สหรัฐอเมริกา do)."""
    return any(alias[i : i + size] in name for i in range(len(alias) - size + 1))


@lru_cache(maxsize=1)
def place_names() -> dict[str, tuple[str, ...]]:
    """Each name of a province or country → every name of that same place."""
    from msoc.gazetteer import default_gazetteer

    groups: dict[str, set[str]] = {}
    for surface, entry in default_gazetteer().entries.items():
        place = entry.place
        if place is None or entry.level not in ("province", "country", "alias"):
            continue
        if entry.level == "alias" and not (
            surface.endswith(("ฯ", ".")) or surface in NICKNAMES or _shares(surface, place.name)
        ):
            continue
        groups.setdefault(place.name, {place.name}).add(surface)
    return {name: tuple(sorted(group)) for group in groups.values() for name in group}


def _other_names(token: str) -> tuple[str, ...]:
    names = place_names()
    return names.get(token) or names.get(_PREFIX.sub("", token)) or ()


def expand(q: str, words: Callable[[str], list[str]]) -> list[Unit]:
    """The units of a query with their alternatives (empty when the query has no words)."""
    units: list[Unit] = []
    budget = MAX_TERMS
    for chunk in q.split():
        typed = words(chunk)
        if not typed:
            continue
        alternatives = [Alternative(tuple(typed))]
        budget -= len(typed)
        for i, token in enumerate(typed):
            for name in _other_names(token):
                swapped = (*typed[:i], *words(name), *typed[i + 1 :])
                alternatives.append(Alternative(tuple(swapped)))
        for variant in spelling_variants(chunk):
            alternatives.append(Alternative(tuple(words(variant)), phrase=True))
        kept = [alternatives[0]]
        for alt in dict.fromkeys(alternatives[1:]):
            if alt.tokens and alt.tokens != typed and budget - len(alt.tokens) >= 0:
                budget -= len(alt.tokens)
                kept.append(alt)
        units.append(kept)
    return units


def fts5(units: list[Unit], term: Callable[[str], str]) -> str:
    """An SQLite FTS5 MATCH expression of the units."""

    def alt(a: Alternative) -> str:
        terms = [term(t) for t in dict.fromkeys(a.tokens)] if not a.phrase else []
        if a.phrase:
            return '"' + " ".join(term(t) for t in a.tokens) + '"'
        return "(" + " AND ".join(f'"{t}"' for t in terms) + ")"

    return " AND ".join("(" + " OR ".join(alt(a) for a in unit) + ")" for unit in units)


def tsquery(units: list[Unit], term: Callable[[str], str]) -> str:
    """A PostgreSQL to_tsquery('simple', …) expression of the units."""

    def alt(a: Alternative) -> str:
        join = " <-> " if a.phrase else " & "
        return "(" + join.join(term(t) for t in a.tokens) + ")"

    return " & ".join("(" + " | ".join(alt(a) for a in unit) + ")" for unit in units)
