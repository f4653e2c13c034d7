"""What the outlet says: its desk (from the feed, or the page's own section) as a msoc section.

An outlet that publishes one feed per desk, or states the section on the page
(`article:section`, JSON-LD `articleSection`, breadcrumbs, the address path), has already sorted
the item; msoc maps the outlet's desk names to its sections. Sport, entertainment, economy and
lifestyle desks are not for the report (`none`). A desk msoc does not know maps to None, and the
text model decides.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote, urlsplit

# Desk names (lower-case; Thai or the outlets' address words) → msoc section. Longest match wins.
DESKS: dict[str, str] = {
    # politics and security
    "politics": "politics",
    "politic": "politics",
    "political": "politics",
    "การเมือง": "politics",
    "ความมั่นคง": "politics",
    "security": "politics",
    "election": "politics",
    "เลือกตั้ง": "politics",
    # foreign
    "world": "foreign",
    "world-news": "foreign",
    "worldnews": "foreign",
    "foreign": "foreign",
    "international": "foreign",
    "inter": "foreign",
    "asia": "foreign",
    "ต่างประเทศ": "foreign",
    "ข่าวต่างประเทศ": "foreign",
    "รอบโลก": "foreign",
    # social: crime, regional and Bangkok news, society, disasters
    "crime": "social",
    "อาชญากรรม": "social",
    "social": "social",
    "society": "social",
    "สังคม": "social",
    "local": "social",
    "region": "social",
    "regional": "social",
    "ภูมิภาค": "social",
    "ข่าวภูมิภาค": "social",
    "bangkok": "social",
    "กทม": "social",
    "thailand": "social",
    "หน้าแรก/ข่าว": "social",
    "disaster": "social",
    "ภัยพิบัติ": "social",
    "สิ่งแวดล้อม": "social",
    "environment": "social",
    "health": "social",
    "สุขภาพ": "social",
    # not for the report
    "sport": "none",
    "sports": "none",
    "กีฬา": "none",
    "football": "none",
    "ฟุตบอล": "none",
    "entertainment": "none",
    "บันเทิง": "none",
    "ent": "none",
    "celebrity": "none",
    "economy": "none",
    "economic": "none",
    "เศรษฐกิจ": "none",
    "business": "none",
    "ธุรกิจ": "none",
    "finance": "none",
    "การเงิน": "none",
    "money": "none",
    "stock": "none",
    "หุ้น": "none",
    "marketing": "none",
    "การตลาด": "none",
    "property": "none",
    "อสังหาริมทรัพย์": "none",
    "motoring": "none",
    "auto": "none",
    "ยานยนต์": "none",
    "ict": "none",
    "tech": "none",
    "technology": "none",
    "ไอที": "none",
    "เทคโนโลยี": "none",
    "tourism": "none",
    "travel": "none",
    "ท่องเที่ยว": "none",
    "lifestyle": "none",
    "ไลฟ์สไตล์": "none",
    "food": "none",
    "อาหาร": "none",
    "horoscope": "none",
    "ดูดวง": "none",
    "lottery": "none",
    "หวย": "none",
    "pr": "none",
    "ประชาสัมพันธ์": "none",
}

# An outlet whose desk names mean something else there (outlet name → desk → section).
OUTLET_DESKS: dict[str, dict[str, str]] = {
    # ไทยรัฐ's "local" desk is provincial news; its "foreign" is world news (defaults agree).
    "บางกอกโพสต์ ออนไลน์": {"thailand": "social", "world": "foreign", "business": "none"},
    # ผู้จัดการ's "onlinesection" feeds: breakingnews mixes every desk.
    "ผู้จัดการ ออนไลน์": {"breakingnews": "", "politics": "politics", "crime": "social"},
}

_SPLIT = re.compile(r"[\s/>|»›,;:_.]+")
# Address segments that are never a desk.
_NOT_DESK = re.compile(r"^(?:news|th|en|amp|content|article|story|detail|\d+|.*\d{4,}.*)$")


def desk_section(desk: str | None, outlet: str = "") -> str | None:
    """The msoc section an outlet's desk stands for, or None when msoc does not know the desk."""
    if not desk:
        return None
    key = " ".join(desk.lower().split())
    own = OUTLET_DESKS.get(outlet, {})
    if key in own:
        return own[key] or None
    if key in DESKS:
        return DESKS[key]
    # "ข่าวการเมือง", "Politics News", "ข่าว > อาชญากรรม": the most specific known word decides.
    for word in sorted(DESKS, key=len, reverse=True):
        if len(word) >= 4 and word in key:
            return DESKS[word]
    for part in _SPLIT.split(key):
        if part in own:
            return own[part] or None
        if part in DESKS:
            return DESKS[part]
    return None


def desk_from_url(url: str) -> str:
    """The desk word an address states (`/politics/…`, `/world-news/…`), or ''."""
    path = unquote(urlsplit(url).path).lower()
    for segment in [s for s in path.split("/") if s][:-1] or []:
        if _NOT_DESK.match(segment):
            continue
        if desk_section(segment) is not None:
            return segment
    return ""


# What decided an item's section (`Item.section_signal`), with the words the review card shows.
SIGNALS: dict[str, str] = {
    "desk": "โต๊ะข่าวของฟีด",
    "page": "หมวดที่หน้าข่าวระบุ",
    "address": "ที่อยู่ของหน้าข่าว",
    "rules": "กฎคำสำคัญ",
    "model": "โมเดล",
    "staff": "เจ้าหน้าที่",
}
DESK_CONFIDENCE = 0.95
# Where the page's own section was read: these name the desk the page is filed under; the address
# path is weaker (a slug may be a tag or a campaign), so a feed's desk goes before it.
_PAGE_FROM = ("meta", "jsonld", "breadcrumb")


def stated_section(
    feed_desk: str = "", page_section: str = "", page_from: str = "", outlet: str = ""
) -> tuple[str, str] | None:
    """(section, signal) from what the outlet states: page section, feed desk, then address."""
    ordered = (
        (page_section if page_from in _PAGE_FROM else "", "page"),
        (feed_desk, "desk"),
        (page_section if page_from == "url" else "", "address"),
    )
    for desk, signal in ordered:
        section = _cached_section(desk, outlet) if desk else None
        if section is not None:
            return section, signal
    return None


@functools.lru_cache(maxsize=4096)
def _cached_section(desk: str, outlet: str) -> str | None:
    """`desk_section`, remembered: a batch repeats the same few desks thousands of times."""
    return desk_section(desk, outlet)


def decide(
    text_section: str,
    text_confidence: float,
    text_signal: str,
    stated: tuple[str, str] | None,
) -> tuple[str, float, str]:
    """(section, confidence, signal): the outlet's desk decides, except that the ministry's own
    units, which no outlet has a desk for, stay with the ministry when the rules name them."""
    if stated is None:
        return text_section, text_confidence, text_signal
    section, signal = stated
    if text_section == "ministry" and text_signal == "rules" and section in ("social", "politics"):
        return text_section, text_confidence, text_signal
    return section, DESK_CONFIDENCE, signal
