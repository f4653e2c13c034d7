"""Area codes and Thai names (province, district, sub-district, zip) and tolerant address lookup.

Codes are kongvut ids as in msoc/data/gazetteer: provinces 1..77, districts of 4 digits,
sub-districts of 6 digits. `resolve_address` reads what people type on survey forms
(จ./อ./ต. prefixes, แขวง/เขต, stray spaces, nicknames such as โคราช, small typos) and says
what it repaired; what it cannot settle is an `AddressError` with a Thai message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from msoc.gazetteer import _read_tsv
from msoc.thai import normalize_text, to_arabic_digits

_PROVINCE_PREFIX = re.compile(r"^(จังหวัด|จ\s*\.|จ\s+)\s*")
_DISTRICT_PREFIX = re.compile(r"^(กิ่งอำเภอ|กิ่ง\s*อ\s*\.|อำเภอ|อ\s*\.|เขต|อ\s+)\s*")
_SUBDISTRICT_PREFIX = re.compile(r"^(ตำบล|ต\s*\.|แขวง|ต\s+)\s*")
# A typo must leave the name this close (rapidfuzz ratio, 0-100) to be repaired, and clearly
# closer than the runner-up, or the address is reported as ambiguous instead of guessed.
FUZZY_CUTOFF = 80.0
FUZZY_MARGIN = 4.0


class AddressError(ValueError):
    """An address that names no known area, or more than one (message in Thai)."""


@dataclass(frozen=True)
class AreaMatch:
    """The codes and official names an address resolved to, with the repairs made."""

    province_code: int
    district_code: int
    subdistrict_code: int
    province: str
    district: str
    subdistrict: str
    zip_code: str
    repairs: tuple[str, ...] = field(default_factory=tuple)


def _key(text: str) -> str:
    """Comparison form: normalised, no spaces or dots at the ends."""
    return re.sub(r"\s+", "", normalize_text(text)).strip(".")


def _bare_district(name: str) -> str:
    return re.sub(r"^(เขต|อำเภอ)", "", name)


class Areas:
    """Every province, district and sub-district with codes, names and zip codes."""

    def __init__(self) -> None:
        self.provinces: dict[int, str] = {}
        self.districts: dict[int, tuple[str, int]] = {}  # code -> (name, province code)
        self.subdistricts: dict[int, tuple[str, int, str]] = {}  # code -> (name, district, zip)
        for pid, name, _en in _read_tsv("provinces.tsv"):
            self.provinces[int(pid)] = name
        for did, name, pid, _bare in _read_tsv("districts.tsv"):
            self.districts[int(did)] = (name, int(pid))
        for sid, name, did, zip_code in _read_tsv("subdistricts.tsv"):
            if int(did) in self.districts:
                self.subdistricts[int(sid)] = (name, int(did), zip_code)
        self._province_by_key = {_key(name): code for code, name in self.provinces.items()}
        self._province_alias: dict[str, int] = {}
        for row in _read_tsv("aliases.tsv"):
            if len(row) > 2 and row[2] == "province" and _key(row[1]) in self._province_by_key:
                self._province_alias[_key(row[0])] = self._province_by_key[_key(row[1])]
        self._districts_of: dict[int, dict[str, int]] = {}
        for dcode, (dname, dprov) in self.districts.items():
            self._districts_of.setdefault(dprov, {})[_key(_bare_district(dname))] = dcode
        self._subdistricts_of: dict[int, dict[str, list[int]]] = {}
        for scode, (sname, sdist, _zip) in self.subdistricts.items():
            self._subdistricts_of.setdefault(sdist, {}).setdefault(_key(sname), []).append(scode)

    # --- lookups by code ----------------------------------------------------------------

    def province_name(self, code: int) -> str:
        """Thai name of a province code ('' when unknown)."""
        return self.provinces.get(int(code), "")

    def district_name(self, code: int) -> str:
        """Thai name of a district code ('' when unknown)."""
        return self.districts.get(int(code), ("", 0))[0]

    def subdistrict_name(self, code: int) -> str:
        """Thai name of a sub-district code ('' when unknown)."""
        return self.subdistricts.get(int(code), ("", 0, ""))[0]

    def zip_code(self, subdistrict_code: int) -> str:
        """Zip code of a sub-district ('' when unknown)."""
        return self.subdistricts.get(int(subdistrict_code), ("", 0, ""))[2]

    def subdistrict_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sub-district codes (int32), their district (int32) and province (int16) codes."""
        codes = np.array(sorted(self.subdistricts), dtype=np.int32)
        district = np.array([self.subdistricts[c][1] for c in codes], dtype=np.int32)
        province = np.array([self.districts[d][1] for d in district], dtype=np.int16)
        return codes, district, province

    def province_of_district(self, code: int) -> int | None:
        """The province code of a district code, or None when unknown."""
        row = self.districts.get(int(code))
        return row[1] if row else None

    def province_of_subdistrict(self, code: int) -> int | None:
        """The province code of a sub-district code, or None when unknown."""
        row = self.subdistricts.get(int(code))
        return self.province_of_district(row[1]) if row else None

    def districts_of(self, province: int) -> list[tuple[int, str]]:
        """(code, name) of a province's districts, by name."""
        rows = [(c, n) for c, (n, p) in self.districts.items() if p == province]
        return sorted(rows, key=lambda r: r[1])

    def subdistricts_of(self, district: int) -> list[tuple[int, str]]:
        """(code, name) of a district's sub-districts, by name."""
        rows = [(c, n) for c, (n, d, _z) in self.subdistricts.items() if d == district]
        return sorted(rows, key=lambda r: r[1])

    def address(self, subdistrict: int, district: int, province: int) -> str:
        """ต. … อ. … จ. … as a Thai address prints it ('-' when nothing is known)."""
        parts = []
        if subdistrict in self.subdistricts:
            parts.append(f"ต.{self.subdistricts[subdistrict][0]}")
        if district in self.districts:
            parts.append(f"อ.{_bare_district(self.districts[district][0])}")
        if province in self.provinces:
            parts.append(f"จ.{self.provinces[province]}")
        return " ".join(parts) or "-"

    # --- tolerant lookups by name -------------------------------------------------------

    def resolve_province(self, text: str) -> tuple[int, list[str]]:
        """Province code for a typed name, alias or typo; raise AddressError otherwise."""
        raw = normalize_text(text)
        key = _key(_PROVINCE_PREFIX.sub("", raw))
        if not key:
            raise AddressError("ไม่ได้ระบุจังหวัด")
        if key in self._province_by_key:
            return self._province_by_key[key], []
        if key in self._province_alias:
            code = self._province_alias[key]
            return code, [f"จังหวัด {raw!r} อ่านเป็นชื่อทางการ {self.provinces[code]}"]
        code = _fuzzy(key, self._province_by_key, f"จังหวัด {raw!r}")
        return code, [f"จังหวัด {raw!r} สะกดไม่ตรง อ่านเป็น {self.provinces[code]}"]

    def resolve_district(self, province_code: int, text: str) -> tuple[int, list[str]]:
        """District code within a province; 'เมือง' alone is the province's capital district."""
        raw = normalize_text(text)
        key = _key(_DISTRICT_PREFIX.sub("", raw))
        province = self.provinces[province_code]
        table = self._districts_of.get(province_code, {})
        if not key:
            raise AddressError(f"ไม่ได้ระบุอำเภอ/เขต (จังหวัด{province})")
        if key in table:
            return table[key], []
        if key == "เมือง" and _key("เมือง" + province) in table:
            code = table[_key("เมือง" + province)]
            return code, [f"อำเภอ {raw!r} อ่านเป็น {self.districts[code][0]}"]
        try:
            code = _fuzzy(key, table, f"อำเภอ/เขต {raw!r} ในจังหวัด{province}")
        except AddressError as exc:
            elsewhere = sorted(
                self.provinces[p] for p, names in self._districts_of.items() if key in names
            )
            if elsewhere:
                raise AddressError(
                    f"อำเภอ/เขต {raw!r} ไม่อยู่ในจังหวัด{province} (มีใน {', '.join(elsewhere)})"
                ) from exc
            raise
        return code, [f"อำเภอ/เขต {raw!r} สะกดไม่ตรง อ่านเป็น {self.districts[code][0]}"]

    def resolve_subdistrict(
        self, district_code: int, text: str, zip_code: str | None = None
    ) -> tuple[int, list[str]]:
        """Sub-district code within a district (a unique exact name elsewhere in the province
        is accepted with a repair saying the district was wrong)."""
        raw = normalize_text(text)
        key = _key(_SUBDISTRICT_PREFIX.sub("", raw))
        district = self.districts[district_code][0]
        table = self._subdistricts_of.get(district_code, {})
        if not key:
            raise AddressError(f"ไม่ได้ระบุตำบล/แขวง ({district})")
        if key in table:
            return self._pick(table[key], zip_code, raw), []
        province_code = self.districts[district_code][1]
        same_name = [
            code
            for did, names in self._subdistricts_of.items()
            if self.districts[did][1] == province_code and key in names
            for code in names[key]
        ]
        if zip_code:
            same_name = [c for c in same_name if self.subdistricts[c][2] == zip_code] or same_name
        if len(same_name) == 1:
            code = same_name[0]
            real = self.districts[self.subdistricts[code][1]][0]
            return code, [f"ตำบล/แขวง {raw!r} อยู่ใน{_label(real)} ไม่ใช่{_label(district)}"]
        if len(same_name) > 1:
            names = ", ".join(self.districts[self.subdistricts[c][1]][0] for c in same_name)
            raise AddressError(f"ตำบล/แขวง {raw!r} ไม่อยู่ใน{_label(district)} และมีหลายแห่ง ({names})")
        codes = {name: cs[0] for name, cs in table.items()}
        code = _fuzzy(key, codes, f"ตำบล/แขวง {raw!r} ใน{_label(district)}")
        code = self._pick(table[_key(self.subdistricts[code][0])], zip_code, raw)
        return code, [f"ตำบล/แขวง {raw!r} สะกดไม่ตรง อ่านเป็น {self.subdistricts[code][0]}"]

    def _pick(self, codes: list[int], zip_code: str | None, raw: str) -> int:
        if len(codes) == 1:
            return codes[0]
        matching = [c for c in codes if zip_code and self.subdistricts[c][2] == zip_code]
        if len(matching) == 1:
            return matching[0]
        raise AddressError(f"ตำบล/แขวง {raw!r} มีหลายแห่งในอำเภอเดียวกัน ระบุรหัสไปรษณีย์ให้ถูกต้อง")

    def resolve_address(
        self, province: str, district: str, subdistrict: str, zip: str | None = None
    ) -> AreaMatch:
        """Codes for a typed address, with the repairs; AddressError (Thai) when unresolvable."""
        zip_code = to_arabic_digits(normalize_text(zip or "")).replace(" ", "") or None
        if zip_code is not None and not re.fullmatch(r"\d{5}", zip_code):
            raise AddressError(f"รหัสไปรษณีย์ {zip!r} ต้องเป็นตัวเลข ๕ หลัก")
        pcode, repairs = self.resolve_province(province)
        dcode, more = self.resolve_district(pcode, district)
        repairs += more
        scode, more = self.resolve_subdistrict(dcode, subdistrict, zip_code)
        repairs += more
        name, dcode, real_zip = self.subdistricts[scode]
        if zip_code and zip_code != real_zip:
            repairs.append(f"รหัสไปรษณีย์ {zip_code} ไม่ตรงกับตำบล{name} ({real_zip})")
        return AreaMatch(
            pcode,
            dcode,
            scode,
            self.provinces[pcode],
            self.districts[dcode][0],
            name,
            real_zip,
            tuple(repairs),
        )


def _label(district: str) -> str:
    return district if district.startswith("เขต") else f"อำเภอ{district}"


def _fuzzy(key: str, table: dict[str, int], what: str) -> int:
    """The one entry close to key, or AddressError saying nothing or several are close."""
    found = process.extract(key, list(table), scorer=fuzz.ratio, limit=3, score_cutoff=FUZZY_CUTOFF)
    if not found:
        raise AddressError(f"ไม่พบ{what}")
    if len(found) > 1 and found[0][1] - found[1][1] < FUZZY_MARGIN:
        options = " หรือ ".join(name for name, _score, _i in found[:2])
        raise AddressError(f"{what} กำกวม อาจเป็น {options}")
    return table[found[0][0]]


REGIONS_TSV = Path(__file__).resolve().parent.parent / "data" / "register" / "population.tsv"


@lru_cache(maxsize=1)
def province_regions() -> dict[int, str]:
    """Province code → region (bangkok, central, north, northeast, south, deep_south)."""
    regions: dict[int, str] = {}
    with REGIONS_TSV.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith(("#", "id\t")) or not line.strip():
                continue
            pid, _name, region, _population = line.rstrip("\n").split("\t")
            regions[int(pid)] = region
    return regions


@lru_cache(maxsize=1)
def default_areas() -> Areas:
    """The area index built from the package gazetteer tables (built once per process)."""
    return Areas()


def resolve_address(
    province: str, district: str, subdistrict: str, zip: str | None = None
) -> AreaMatch:
    """Resolve a typed address with the default area index (see Areas.resolve_address)."""
    return default_areas().resolve_address(province, district, subdistrict, zip)
