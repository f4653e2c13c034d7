"""Where a news item happened: a Thai province or a country, or unknown.

Evidence is weighed, not counted: a dateline or a `จ.`/`อ.`/`เขต` mention outweighs a bare
name, a name inside an organisation's name (ศาลจังหวัดพัทลุง, สภ.เมืองยะลา) or a nationality
(ชาวอินเดีย, นทท.จีน) counts for little, and a district gives its province. With no real
evidence the answer is None ("unknown") rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from msoc.gazetteer import Gazetteer, Mention, Place, default_gazetteer

BODY_CHARS = 3000  # the scene is named early; later text is background
THRESHOLD = 1.0

_PART_WEIGHT = {"title": 3.0, "lead": 2.0, "body": 1.0}
_MARKER_WEIGHT = {
    "จ.": 2.0,
    "จังหวัด": 2.0,
    "อ.": 1.8,
    "อำเภอ": 1.8,
    "กิ่งอ.": 1.8,
    "เขต": 1.6,
    "ต.": 1.6,
    "ตำบล": 1.6,
    "เมือง": 1.2,
    "ชาว": 0.5,
}
# Words right before a name that make it part of an organisation, not the scene.
_ORGANISATION = re.compile(
    r"(?:ศาล(?:จังหวัด|แขวง|อาญา|แพ่ง|ปกครอง)?|"
    r"มหาวิทยาลัย(?:ราชภัฏ|เทคโนโลยีราชมงคล|ขอนแก่น)?|ม\.|มรภ\.|"
    r"ราชภัฏ|โรงเรียน|รร\.|ธนาคาร|ธ\.|สนามบิน|ท่าอากาศยาน|สโมสร|ทีม|หอการค้า(?:จังหวัด)?|"
    r"สำนักงาน\S{0,20}(?:จังหวัด)?|พมจ\.|สถานทูต|สถานเอกอัครราชทูต|เอกอัครราชทูต|ทูต|กงสุล|"
    r"ประจำจังหวัด|บริษัท|สมาคม|มูลนิธิ|สายการบิน|การบินไทย)\s?(?:จังหวัด|จ\.)?\s?$"
)
# Words right before a country name that make it a nationality or a language.
_ATTRIBUTE = re.compile(
    r"(?:นทท\.|นักท่องเที่ยว|สัญชาติ|แรงงาน(?:ต่างด้าว)?|ภาษา|คน|หนุ่ม|สาว|หญิง|ชาย|"
    r"นักศึกษา|ผู้อพยพ|ผู้ลี้ภัย|ทุน|สินค้า|รถยนต์|ตลาด|ค่าย|หนัง|ซีรีส์|อาหาร|รองจาก|โต๊ะ|เงินกู้|"
    r"กู้ยืมเงิน\S{0,30}จาก|"
    # a time zone (ตามเวลาประเทศอังกฤษ), a comparison (เหมือนอย่างเช่นประเทศมาเลเซีย),
    # where flights go (สายการบินเข้าญี่ปุ่น): the story is not there
    r"เวลา|เหมือน(?:อย่าง)?(?:เช่น|กับ)?|(?:สายการบิน|เที่ยวบิน)(?:เข้า|ไป|สู่))\s?(?:ประเทศ)?\s?$"
)
# A person before a nationality (ชายชาวอินเดีย): a foreigner in Thailand, not a foreign scene.
_PERSON = re.compile(
    r"(?:ชาย|หญิง|หนุ่ม|สาว|แรงงาน|นทท\.|นักท่องเที่ยว|ผู้ต้องหา|คนร้าย|แก๊ง|เด็ก|ผู้ต้องสงสัย|"
    r"นักธุรกิจ|สามี|ภรรยา|แฟน|ครู|หมอ|พ่อค้า|แม่ค้า|เจ้าของ|ลูกเรือ|ลูกจ้าง|นาย|นาง)\s?$"
)
# Words before a country that point at the scene of the story.
# A title or name before a place name makes it a person's name (ดร.สุรินทร์, นายชัยนาท).
_PERSON_TITLE = re.compile(
    r"(?:ดร\.|นาย|นาง|นางสาว|น\.ส\.|คุณ|พล\.[อตทรป]\.|พ\.[อตท]\.|ร\.[อตท]\.)\s?$"
)
# Police stations and hospitals name where a case was reported or victims were treated.
_STATION = re.compile(r"(?:สภ\.|สถานีตำรวจภูธร|รพ\.|โรงพยาบาล)(?:เมือง)?\s?$")
# A metropolitan police station (สน. …) is in Bangkok whatever its name.
METRO_STATION = re.compile(r"(?<![ก-ฮ])(?:สน\.|สถานีตำรวจนครบาล)\s?[ก-๙]")
# Where a suspect fled, hid or was taken after the event: not the scene (the victims' province is).
_ELSEWHERE = re.compile(
    r"(?:หลบหนี|หนี|หนีข้าม|กบดาน|ซุกตัว|ซุกซ่อนตัว|หลบซ่อน|ตามไปจับ|ตามจับ(?:ตัว)?ได้|"
    r"ตามรวบ(?:ตัว)?ได้|ส่งตัว|นำตัว|คุมตัว|ควบคุมตัว|ย้ายตัว)"
    r"(?:ไป|มา|อยู่|ได้)?(?:รักษา(?:ตัว)?(?:ต่อ)?|รับการรักษา)?(?:ยัง|ที่|ใน|ถึง|แถว)?\s?(?:ประเทศ)?\s?$"
)
# Where a central agency spoke about a case happening elsewhere.
_SPOKE_AT = re.compile(r"(?:แถลง(?:ข่าว)?|ให้สัมภาษณ์|เปิดเผย)(?:ที่|ณ)\s?$")
# The seats of government name where people spoke, seldom where the event happened.
_SEATS = frozenset({"ทำเนียบรัฐบาล", "รัฐสภา"})
SPOKE_AT_WEIGHT = 0.3
_DESTINATION = re.compile(r"(?:เยือน|ไปยัง|ไป|เดินทางไป|ประจำการ|ประจำการที่|ถึง|ใน|ที่|ณ|ทั่ว)\s?$")
_LIST_JOIN = re.compile(r"^\s?(?:-|–|,|/|และ|หรือ)\s?$")
_DATELINE_AFTER = re.compile(r"^\s?(?:ฯ)?\s?[-–—:]")


# "จ.นครสวรรรค์": a province marker before a name the gazetteer does not know (a typo).
_MARKED_UNKNOWN = re.compile(r"(?:จังหวัด|จ\.)\s?([ก-๙]{4,24})")
TYPO_WEIGHT = 0.8
# Zero-width spaces that some outlets put between words ("ดอยหลวง\u200bเชียงดาว") split names.
_ZERO_WIDTH = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff]"
)  # a name read through one typo is a little less sure than a clean one


def _edits_at_most_one(a: str, b: str) -> bool:
    """True when a and b differ by at most one inserted, deleted or replaced character."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :] if i < len(b) else True


def _visible(text: str) -> str:
    """The text without zero-width characters (a search first: most texts have none)."""
    return _ZERO_WIDTH.sub("", text) if _ZERO_WIDTH.search(text) else text


def misspelt_provinces(text: str, g: Gazetteer, known: set[int]) -> list[tuple[int, Place]]:
    """(position, province) for each `จ.`-marked name one typo away from exactly one province."""
    found = []
    for m in _MARKED_UNKNOWN.finditer(text):
        if m.start(1) in known:
            continue
        province = _one_typo_from(g, m.group(1))
        if province is not None:
            found.append((m.start(1), province))
    return found


@lru_cache(maxsize=8192)
def _one_typo_from(g: Gazetteer, word: str) -> Place | None:
    """The one province whose name the word (or its opening) misspells by one character.

    Cached: the same words after จ. recur across a batch, and each costs ~80 edit tests."""
    index = _names_by_opening(g)
    names = index.get(word[0], set()) | index.get(word[1:2], set())
    matches = {
        g.provinces[name]
        for name in names
        if any(_edits_at_most_one(word[:n], name) for n in range(len(name) - 1, len(name) + 2))
    }
    return matches.pop() if len(matches) == 1 else None


@lru_cache(maxsize=4)
def _names_by_opening(g: Gazetteer) -> dict[str, set[str]]:
    """Province names (4+ letters) under each of their first two letters.

    One edit apart, two words share the first letter, the second, or one's first is the other's
    second (a letter replaced, inserted or dropped at the start): only those names need testing.
    """
    index: dict[str, set[str]] = {}
    for name in g.provinces:
        if len(name) >= 4:
            for letter in name[:2]:
                index.setdefault(letter, set()).add(name)
    return index


@dataclass(frozen=True)
class PlaceGuess:
    """The place of an item with a confidence in [0, 1] and the evidence behind it."""

    place: Place | None
    confidence: float
    evidence: tuple[str, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str | None:
        """Canonical name, or None when unknown."""
        return self.place.name if self.place else None


def locate(
    title: str, lead: str = "", body: str = "", gazetteer: Gazetteer | None = None
) -> PlaceGuess:
    """The place of a news item from its headline, lead and body (None when no evidence)."""
    g = gazetteer or default_gazetteer()
    title, lead, body = (_visible(t) for t in (title, lead, body))
    scores: dict[Place, float] = {}
    evidence: dict[Place, list[str]] = {}
    pending: list[tuple[Mention, float]] = []  # districts whose province is still ambiguous
    seats: list[tuple[Place, float, str]] = []  # the seats of government, weighed at the end
    found: dict[str, list[Mention]] = {}
    for part, text in (("title", title), ("lead", lead), ("body", body[:BODY_CHARS])):
        if not text:
            continue
        previous: tuple[Mention, float] | None = None
        station = METRO_STATION.search(text)
        bangkok = g.resolve("กรุงเทพมหานคร") if station else None
        if station and bangkok is not None:
            scores[bangkok] = scores.get(bangkok, 0.0) + _PART_WEIGHT[part] * 1.5
            evidence.setdefault(bangkok, []).append(f"{part}:{station.group(0)[:-1].strip()}")
        if text not in found:  # a short body is often the lead itself: scan it once
            found[text] = g.find(text)
        mentions = found[text]
        if "จ" in text:
            starts = {m.start for m in mentions}
            for _start, province in misspelt_provinces(text, g, starts):
                weight = _PART_WEIGHT[part] * _MARKER_WEIGHT["จ."] * TYPO_WEIGHT
                scores[province] = scores.get(province, 0.0) + weight
                evidence.setdefault(province, []).append(f"{part}:จ.{province.name}?")
        for index, mention in enumerate(mentions):
            weight = _weight(text, mention, part, index)
            if (
                previous
                and previous[1] <= 0.05
                and _LIST_JOIN.match(text[previous[0].end : mention.start])
            ):
                weight = min(
                    weight, 0.05
                )  # "รองจากจีน - รัสเซีย": a list shares its first item's role
            previous = (mention, weight)
            if weight <= 0:
                continue
            if mention.entry.place is None:
                if mention.entry.level in {"district", "subdistrict"}:
                    pending.append((mention, weight))
                continue
            place = mention.entry.place
            if mention.entry.surface in _SEATS:
                seats.append((place, weight, f"{part}:{mention.entry.surface}"))
                continue
            scores[place] = scores.get(place, 0.0) + weight
            evidence.setdefault(place, []).append(f"{part}:{mention.marker}{mention.entry.surface}")
    for mention, weight in pending:
        candidates = [
            p
            for p in g.districts.get(mention.entry.surface, [])
            + g.subdistricts.get(mention.entry.surface, [])
            if p in scores
        ]
        if len(set(candidates)) == 1:
            scores[candidates[0]] += weight
            evidence[candidates[0]].append(f"{mention.marker}{mention.entry.surface}")
    _add_seats(seats, scores, evidence)
    return _decide(scores, evidence)


def _add_seats(
    seats: list[tuple[Place, float, str]],
    scores: dict[Place, float],
    evidence: dict[Place, list[str]],
) -> None:
    """A seat of government is the scene of a protest there, but only where a minister spoke
    about a case when the text names another place."""
    elsewhere = any(p not in {s[0] for s in seats} for p in scores)
    for place, weight, said in seats:
        scores[place] = scores.get(place, 0.0) + weight * (SPOKE_AT_WEIGHT if elsewhere else 1.0)
        evidence.setdefault(place, []).append(said)


def _decide(scores: dict[Place, float], evidence: dict[Place, list[str]]) -> PlaceGuess:
    """The best-scoring place if its evidence reaches the threshold."""
    if not scores:
        return PlaceGuess(None, 0.0)
    best = max(scores, key=lambda p: scores[p])
    if scores[best] < THRESHOLD:
        return PlaceGuess(None, 0.0, tuple(evidence[best]))
    share = scores[best] / sum(scores.values())
    confidence = round(min(1.0, share * min(1.0, scores[best] / 4.0) + 0.25 * share), 3)
    return PlaceGuess(best, min(confidence, 1.0), tuple(evidence[best]))


def _weight(text: str, mention: Mention, part: str, index: int) -> float:
    """How much one mention says about the scene of the story."""
    entry = mention.entry
    if entry.weak and not mention.marker:
        return 0.0
    weight = _PART_WEIGHT[part] * _MARKER_WEIGHT.get(mention.marker, 1.0)
    before = text[
        max(0, mention.start - len(mention.marker) - 40) : mention.start - len(mention.marker)
    ]
    if not mention.marker and _PERSON_TITLE.search(before):
        return 0.0  # a person's name that happens to be a place name
    if _ELSEWHERE.search(before):
        return 0.05 * weight  # where the suspect went, not where the event happened
    if _SPOKE_AT.search(before):
        weight *= SPOKE_AT_WEIGHT
    if _ORGANISATION.search(before):
        weight *= 0.2
    elif _STATION.search(before):
        weight *= 1.5
    is_country = entry.place is not None and entry.place.kind == "country"
    glued = bool(before) and before[-1] not in " \t(\"“'"  # แอดมินชาวกัมพูชา: a person's nationality
    if is_country and (
        _ATTRIBUTE.search(before) or (mention.marker == "ชาว" and (_PERSON.search(before) or glued))
    ):
        return 0.05  # a nationality or language says who, not where
    if entry.level == "district":
        weight *= 0.8
    if is_country and _DESTINATION.search(before):
        weight *= 1.5
    if part != "title" and mention.start < 25 and _DATELINE_AFTER.match(text[mention.end :]):
        weight += 6.0  # "เชียงใหม่ - ..." opens the body: the dateline
    elif part == "title" and mention.start < 12 and _DATELINE_AFTER.match(text[mention.end :]):
        weight += 3.0
    if index == 0:
        weight += 0.3
    return weight
