"""Article extraction: main text, publication time (Asia/Bangkok), canonical URL, headline."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import htmldate
import lxml.html
import trafilatura
from lxml import etree

from msoc.thai import normalize_text

from .feeds import BANGKOK, FeedEntry, parse_iso_datetime

_SEPARATORS = re.compile(r"\s+[|\-–—:•»]+\s+")
_SUFFIX_HINTS = ("ออนไลน์", "online", ".com", ".co.th", ".or.th", ".go.th", "news", "ข่าว", "tv")
_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|ref|share|igshid)$", re.I)
_NEWS_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "blogposting",
    "webpage",
    "analysisnewsarticle",
    "videoobject",
}


class ExtractError(ValueError):
    """The page has nothing usable (no time, no title); the message says why."""


@dataclass
class Article:
    """What the pipeline stores of one page."""

    url: str
    canonical_url: str
    title: str
    body: str
    description: str
    published_at: datetime
    published_from: str  # jsonld, meta, htmldate, feed
    language: str = ""
    notes: list[str] = field(default_factory=list)
    page_section: str = ""  # the section the page states (its desk), if any
    page_section_from: str = ""  # meta, jsonld, breadcrumb, url

    @property
    def content_hash(self) -> str:
        """SHA-256 of the normalised title and body, the second key against duplicates."""
        return content_hash(self.title, self.body)


def content_hash(title: str, body: str) -> str:
    """SHA-256 hex of NFC-normalised, space-collapsed title + body."""
    text = normalize_text(title) + "\n" + normalize_text(body)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no default port."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in {80, 443}:
        host = f"{host}:{parts.port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))


def strip_tags(text: str) -> str:
    """Plain text of an HTML fragment (feed descriptions often carry markup)."""
    if "<" not in text:
        return text
    try:
        return " ".join(lxml.html.fromstring(f"<div>{text}</div>").text_content().split())
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", text)


def _meta(tree: Any, *keys: str) -> str:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            values = tree.xpath(f"//meta[@{attr}=$k]/@content", k=key)
            if values and str(values[0]).strip():
                return str(values[0]).strip()
    return ""


def _jsonld_objects(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph flattened; broken blocks are ignored."""
    found: list[dict[str, Any]] = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(str(script).strip().rstrip(";"))
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, dict):
                found.append(obj)
                graph = obj.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
            elif isinstance(obj, list):
                stack.extend(obj)
    return found


def _news_object(objects: list[dict[str, Any]]) -> dict[str, Any]:
    for obj in objects:
        kinds = obj.get("@type", "")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(str(k).lower() in _NEWS_TYPES for k in kinds) and obj.get("datePublished"):
            return obj
    for obj in objects:
        if obj.get("datePublished") or obj.get("headline"):
            return obj
    return {}


def _breadcrumb(objects: list[dict[str, Any]]) -> str:
    """The last crumb before the article itself in a JSON-LD BreadcrumbList."""
    for obj in objects:
        if str(obj.get("@type", "")).lower() != "breadcrumblist":
            continue
        items = [i for i in obj.get("itemListElement") or [] if isinstance(i, dict)]
        items.sort(
            key=lambda i: int(i.get("position") or 0) if str(i.get("position", "")).isdigit() else 0
        )
        names = []
        for crumb in items:
            thing = crumb.get("item")
            name = crumb.get("name") or (thing.get("name") if isinstance(thing, dict) else "")
            if name:
                names.append(str(name).strip())
        if len(names) >= 2:
            return names[-2] if len(names) > 2 else names[-1]
    return ""


def page_section(
    tree: Any, objects: list[dict[str, Any]], news: dict[str, Any], url: str
) -> tuple[str, str]:
    """(section, where it was read) as the page states it: meta, JSON-LD, breadcrumbs, address."""
    from msoc.nlp.desks import desk_from_url

    value = _meta(tree, "article:section")
    if value:
        return value[:100], "meta"
    section = news.get("articleSection")
    if isinstance(section, list):
        section = next((str(s) for s in section if s), "")
    if section:
        return str(section).strip()[:100], "jsonld"
    crumb = _breadcrumb(objects)
    if crumb:
        return crumb[:100], "breadcrumb"
    from_url = desk_from_url(url)
    return (from_url, "url") if from_url else ("", "")


def canonical_url(tree: Any, page_url: str) -> str:
    """rel=canonical, then og:url, if they point at an article on http(s); else the page URL."""
    candidates = [str(h) for h in tree.xpath("//link[@rel='canonical']/@href")]
    candidates.append(_meta(tree, "og:url"))
    for href in candidates:
        if not href.strip():
            continue
        url = urljoin(page_url, href.strip())
        parts = urlsplit(url)
        if parts.scheme in {"http", "https"} and parts.path.strip("/"):
            return normalize_url(url)
    return normalize_url(page_url)


def strip_outlet_suffix(title: str, site_names: tuple[str, ...] = ()) -> str:
    """Drop a trailing ' - มติชนออนไลน์' / ' | Thai PBS' style outlet name from a headline."""
    title = " ".join(title.split())
    pieces = _SEPARATORS.split(title)
    if len(pieces) < 2:
        return title
    last = pieces[-1].strip()
    key = last.lower().replace(" ", "")
    names = {n.lower().replace(" ", "") for n in site_names if n}
    looks_like_outlet = len(last) <= 40 and any(h in key for h in _SUFFIX_HINTS)
    if key in names or looks_like_outlet:
        match = list(_SEPARATORS.finditer(title))[-1]
        return title[: match.start()].strip()
    return title


def _headline(tree: Any, news: dict[str, Any], entry: FeedEntry, names: tuple[str, ...]) -> str:
    candidates = [
        str(news.get("headline") or ""),
        _meta(tree, "og:title", "twitter:title"),
        " ".join(" ".join(tree.xpath("//h1[1]//text()")).split()),
        " ".join(" ".join(tree.xpath("//title//text()")).split()),
        entry.title,
    ]
    for text in candidates:
        text = strip_outlet_suffix(normalize_text(text), names)
        if text:
            return text
    return ""


def _published(
    tree: Any, news: dict[str, Any], entry: FeedEntry, notes: list[str]
) -> tuple[datetime, str]:
    """Publication time: JSON-LD, article:published_time, htmldate, then the feed's date."""
    for value, origin in (
        (str(news.get("datePublished") or ""), "jsonld"),
        (
            _meta(tree, "article:published_time", "datePublished", "pubdate", "og:published_time"),
            "meta",
        ),
    ):
        if value:
            moment = parse_iso_datetime(value)
            if moment:
                return moment.astimezone(BANGKOK), origin
            notes.append(f"invalid {origin} date {value[:40]!r}")
    if entry.published:  # a feed date has the time of day; htmldate mostly gives a day only
        return entry.published.astimezone(BANGKOK), "feed"
    day = htmldate.find_date(tree, extensive_search=False, original_date=True)
    if day:
        notes.append("time of day unknown (date from htmldate)")
        return datetime.fromisoformat(day).replace(tzinfo=BANGKOK), "htmldate"
    if entry.raw_date:
        raise ExtractError(
            f"เวลาเผยแพร่อ่านไม่ได้ (no valid publication time: feed says {entry.raw_date[:40]!r})"
        )
    raise ExtractError(
        "ไม่พบเวลาเผยแพร่ในหน้าข่าวหรือในฟีด (no publication time on the page or in the feed)"
    )


def _body(html: str, url: str, news: dict[str, Any], fast: bool) -> str:
    text = trafilatura.extract(
        html,
        url=url,
        fast=fast,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
        favor_precision=True,
    )
    if not text:
        text = str(news.get("articleBody") or "")
    return "\n".join(normalize_text(line) for line in text.splitlines() if line.strip())


def extract_article(
    html: str,
    url: str,
    entry: FeedEntry | None = None,
    site_names: tuple[str, ...] = (),
    fast: bool = True,
) -> Article:
    """Extract one article page; raise ExtractError when it has no headline or no time."""
    entry = entry or FeedEntry(link=url)
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"อ่าน HTML ของหน้าข่าวไม่ได้ (unparseable HTML: {exc})") from exc
    objects = _jsonld_objects(tree)
    news = _news_object(objects)
    names = (*site_names, _meta(tree, "og:site_name"))
    notes: list[str] = []
    title = _headline(tree, news, entry, names)
    if not title:
        raise ExtractError("ไม่พบหัวข่าวในหน้าข่าวหรือในฟีด (no headline on the page or in the feed)")
    published, origin = _published(tree, news, entry, notes)
    description = normalize_text(
        _meta(tree, "og:description", "description")
        or str(news.get("description") or "")
        or strip_tags(entry.description)
    )
    body = _body(html, url, news, fast)
    language = (tree.get("lang") or entry.language or "")[:12]
    canonical = canonical_url(tree, url)
    section, section_from = page_section(tree, objects, news, canonical)
    return Article(
        url=url,
        canonical_url=canonical,
        title=title,
        body=body,
        description=description,
        published_at=published,
        published_from=origin,
        language=language,
        notes=notes,
        page_section=section,
        page_section_from=section_from,
    )
