"""Provinces, districts, sub-districts and countries in Thai, with the press's aliases.

Every name resolves to one canonical `Place` (a Thai province or a country) with the form the
report prints (กรุงเทพมหานคร prints as กทม.). `Gazetteer.find` scans a text once with a
trie-shaped regular expression built at load time, so no per-name search is needed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

DATA_DIR = Path(__file__).resolve().parent / "data" / "gazetteer"

PlaceKind = Literal["province", "country"]
Level = Literal["province", "district", "subdistrict", "country", "alias"]

# How the report prints a province where it differs from the official name.
PRINTED = {"กรุงเทพมหานคร": "กทม."}

# Bare names that are also ordinary Thai words or given names: only trusted after a marker
# (จ., จังหวัด, ชาว …), never bare in running text.
AMBIGUOUS = frozenset(
    {
        "เลย",
        "แพร่",
        "ตาก",
        "ชัยภูมิ",
        "ตรัง",
        "ชาด",
        "มาลี",
        "โตโก",
        "กินี",
        "จอร์เจีย",
        "ตองกา",
        "ชิลี",
        "ซามัว",
        "กวม",
        "ปาเลา",
        "โรม",
        "คีฟ",
        "ยิว",
        "กีวี",
        "ปาย",
        "เวลส์",
        "สวิส",
        "ซาอุ",
        "โซล",
        "นีอูเอ",
        "มายอต",
        "เปรู",
        "ซูดาน",
    }
)
# A Thai character that cannot begin a syllable: a match followed by one is inside a word.
_NON_INITIAL = frozenset("ะัาำิีึืฺุู็่้๊๋์ํๅ")
_LEADING_VOWELS = frozenset("เแโใไ")


@dataclass(frozen=True)
class Place:
    """A canonical place: a Thai province or a country."""

    name: str
    kind: PlaceKind
    printed: str


@dataclass(frozen=True)
class Entry:
    """One surface form in the index and what it resolves to."""

    surface: str
    place: Place | None  # None for phrases that name no place (ทะเลจีนใต้, ชายแดนใต้)
    level: Level
    weak: bool = False


@dataclass(frozen=True)
class Mention:
    """A place name found in a text at [start, end)."""

    start: int
    end: int
    entry: Entry
    marker: str = ""  # จ. / จังหวัด / อ. / อำเภอ / เขต / ต. / ตำบล when one precedes the name


def _read_tsv(name: str) -> list[list[str]]:
    """Rows of a package TSV file without its header and comment lines."""
    with (DATA_DIR / name).open(encoding="utf-8") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]
    return rows[1:] if rows and rows[0][0] in {"id", "iso2", "name_th"} else rows


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression alternation shaped as a prefix trie (longest match first)."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return render(trie)


class Gazetteer:
    """The index of every place name msoc knows, built once from the package tables."""

    def __init__(self) -> None:
        self.provinces: dict[str, Place] = {}
        self.countries: dict[str, Place] = {}
        self.entries: dict[str, Entry] = {}
        self.districts: dict[str, list[Place]] = {}  # bare district name -> its provinces
        self.subdistricts: dict[str, list[Place]] = {}
        self._load()
        self._bare = re.compile(trie_pattern(self.entries))
        marked = sorted(set(self.districts) | set(self.subdistricts) | set(self.entries))
        self._marked = re.compile(
            r"(จังหวัด|จ\.|อำเภอ|อ\.|กิ่งอ\.|เขต|ตำบล|ต\.|ชาว|เมือง)\s?(" + trie_pattern(marked) + ")"
        )

    def _load(self) -> None:
        province_by_id: dict[str, Place] = {}
        for pid, name, _en in _read_tsv("provinces.tsv"):
            place = Place(name, "province", PRINTED.get(name, name))
            self.provinces[name] = province_by_id[pid] = place
            self._add(Entry(name, place, "province", weak=name in AMBIGUOUS))
        for _iso, name, _en, cldr in _read_tsv("countries.tsv"):
            place = Place(name, "country", name)
            self.countries[name] = place
            self._add(Entry(name, place, "country", weak=name in AMBIGUOUS))
            if cldr != name:
                self._add(Entry(cldr, place, "country"))
        district_by_id: dict[str, Place] = {}
        for did, name, pid, bare_ok in _read_tsv("districts.tsv"):
            province = province_by_id[pid]
            district_by_id[did] = province
            bare = re.sub(r"^(เขต|อำเภอ)", "", name)
            self.districts.setdefault(bare, []).append(province)
            if bare_ok == "1":  # derive.py marked it safe to match without อ./เขต
                self._add(Entry(bare, province, "district"))
        for _sid, name, did, *_zip in _read_tsv("subdistricts.tsv"):
            if did in district_by_id:
                self.subdistricts.setdefault(name, []).append(district_by_id[did])
        for row in _read_tsv("aliases.tsv"):
            alias, canonical, kind = row[0], row[1], row[2]
            weak = len(row) > 3 and row[3] == "weak"
            target = None if kind == "none" else self.resolve_canonical(canonical, kind)
            self._add(Entry(alias, target, "alias", weak=weak or alias in AMBIGUOUS), replace=True)

    def _add(self, entry: Entry, replace: bool = False) -> None:
        if replace or entry.surface not in self.entries:
            self.entries[entry.surface] = entry

    def resolve_canonical(self, name: str, kind: str) -> Place:
        """The canonical place of a given kind; a clear error names an unknown one."""
        table = self.provinces if kind == "province" else self.countries
        if name not in table:
            raise KeyError(f"gazetteer: {kind} {name!r} is not in the tables")
        return table[name]

    def resolve(self, name: str) -> Place | None:
        """The canonical place a name, alias or abbreviation stands for, or None."""
        name = name.strip()
        for candidate in (name, re.sub(r"^(จังหวัด|จ\.|ประเทศ|เมือง)\s?", "", name)):
            entry = self.entries.get(candidate)
            if entry is not None:
                return entry.place
            provinces = self.districts.get(re.sub(r"^(อำเภอ|อ\.|เขต)\s?", "", candidate))
            if provinces and len(set(provinces)) == 1:
                return provinces[0]
        return None

    def printed(self, name: str) -> str:
        """The form the report prints for a place name ('' when unknown)."""
        place = self.resolve(name)
        return place.printed if place else ""

    def find(self, text: str) -> list[Mention]:
        """Every place mention in `text`, marked mentions first claiming their span."""
        mentions: list[Mention] = []
        taken: set[int] = set()
        for m in self._marked.finditer(text):
            mention = self._marked_mention(m)
            if mention is not None and _word_end(text, mention.end):
                mentions.append(mention)
                taken.update(range(mention.start, mention.end))
        for m in self._bare.finditer(text):
            if (
                m.start() in taken
                or not _word_end(text, m.end())
                or not _word_start(text, m.start())
            ):
                continue
            mentions.append(Mention(m.start(), m.end(), self.entries[m.group()]))
        mentions.sort(key=lambda x: x.start)
        return mentions

    def _marked_mention(self, m: re.Match[str]) -> Mention | None:
        """The mention after a marker such as จ. / อ. / ต. / เขต, resolved at its level."""
        marker, name = m.group(1), m.group(2)
        start, end = m.start(2), m.end(2)
        if marker in {"อำเภอ", "อ.", "กิ่งอ.", "เขต"} and name in self.districts:
            return Mention(start, end, _district_entry(name, self.districts[name]), marker)
        if marker in {"ตำบล", "ต."} and name in self.subdistricts:
            return Mention(
                start, end, _district_entry(name, self.subdistricts[name], "subdistrict"), marker
            )
        entry = self.entries.get(name)
        if entry is None or entry.place is None:
            return None
        if marker in {"จังหวัด", "จ."} and entry.place.kind != "province":
            return None
        return Mention(start, end, Entry(entry.surface, entry.place, entry.level), marker)

    def names(self) -> Iterator[str]:
        """Every surface form in the bare index."""
        return iter(self.entries)


def _district_entry(name: str, provinces: list[Place], level: Level = "district") -> Entry:
    """An entry for a district or sub-district; ambiguous names resolve to no place yet."""
    unique = set(provinces)
    return Entry(name, provinces[0] if len(unique) == 1 else None, level)


def _word_end(text: str, end: int) -> bool:
    """False when the match stops in the middle of a Thai syllable."""
    return end >= len(text) or text[end] not in _NON_INITIAL


def _word_start(text: str, start: int) -> bool:
    """False when the match starts after a leading vowel (it belongs to the previous word)."""
    return start == 0 or text[start - 1] not in _LEADING_VOWELS


def district_provinces(gazetteer: Gazetteer, name: str) -> list[Place]:
    """Provinces that have a district (or sub-district) of this name."""
    return gazetteer.districts.get(name) or gazetteer.subdistricts.get(name) or []


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer built from the package tables (built once per process)."""
    return Gazetteer()
