"""Section quality where the outlet states its desk: `desk_eval.tsv` through extraction and enrichment.

Each row becomes what msoc would receive: an item from a per-desk feed, or an article page that
states its section (meta, JSON-LD, breadcrumbs) or carries it in its address. The page goes
through `extract_article`, the item through `enrich_batch`, and the section is scored against the
row's label. Rows split into a dev and a test half by a hash of the id, as the news set does.
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path
from typing import Any

from msoc.nlp.classify import DATA_DIR
from msoc.nlp.desks import stated_section
from msoc.nlp.heldout import NEWS_LABELS, news_half

DESK_EVAL = DATA_DIR / "desk_eval.tsv"
_PUBLISHED = "2026-01-15T09:30:00+07:00"


def desk_rows(path: Path = DESK_EVAL) -> list[dict[str, str]]:
    """The labelled rows of the desk evaluation set."""
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def article_page(row: dict[str, str]) -> tuple[str, str]:
    """(html, address) of an article page stating the row's desk the way the row says."""
    title = html.escape(row["text"])
    address = row["desk"] if row["stated_by"] == "url" else f"https://example.test/a/{row['id']}"
    head = [f'<meta property="article:published_time" content="{_PUBLISHED}">']
    if row["stated_by"] == "meta":
        head.append(f'<meta property="article:section" content="{html.escape(row["desk"])}">')
    elif row["stated_by"] == "jsonld":
        data = {"@type": "NewsArticle", "headline": row["text"], "articleSection": row["desk"]}
        head.append(_ld(data))
    elif row["stated_by"] == "breadcrumb":
        crumbs = [c.strip() for c in row["desk"].split(">")] + [row["text"]]
        items = [{"@type": "ListItem", "position": n, "name": c} for n, c in enumerate(crumbs, 1)]
        head.append(_ld({"@type": "BreadcrumbList", "itemListElement": items}))
    page = (
        f"<html lang='th'><head><title>{title}</title>{''.join(head)}</head>"
        f"<body><article><h1>{title}</h1><p>{title}</p></article></body></html>"
    )
    return page, address


def _ld(data: dict[str, Any]) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def as_item(row: dict[str, str]) -> dict[str, Any]:
    """The enrichment input msoc builds for the row: feed desk, or the page's own section."""
    from msoc.apps.news.extract import extract_article

    item: dict[str, Any] = {"id": row["id"], "title": row["text"], "source": row["outlet"]}
    if row["stated_by"] == "feed":
        item["desk"] = row["desk"]
    else:
        page, address = article_page(row)
        article = extract_article(page, address)
        item["page_section"] = article.page_section
        item["page_section_from"] = article.page_section_from
    return item


def sections_with_desk(half: str | None = None) -> dict[str, Any]:
    """Macro-F1 of the section on items whose outlet states a desk msoc knows, and on the rest."""
    from msoc.nlp.enrich import enrich_batch
    from msoc.nlp.heldout import prf

    rows = [r for r in desk_rows() if half is None or news_half(r["id"]) == half]
    items = [as_item(r) for r in rows]
    results = enrich_batch(items)
    # Every item whose outlet states a desk msoc knows counts, also where the ministry's own units
    # outranked that desk (counting only the items the desk decided hid those from the figure).
    stated = [i for i, item in enumerate(items) if _states_known_desk(item)]
    other = [i for i in range(len(rows)) if i not in set(stated)]
    out = prf(
        [rows[i]["section"] for i in stated], [results[i]["section"] for i in stated], NEWS_LABELS
    )
    out["n"] = len(stated)
    right = sum(rows[i]["section"] == results[i]["section"] for i in stated)
    out["accuracy"] = round(right / len(stated), 4) if stated else 0.0
    out["signals"] = _count(results[i]["section_signal"] for i in range(len(rows)))
    rest = [rows[i]["section"] == results[i]["section"] for i in other]
    out["without_known_desk"] = f"{sum(rest)}/{len(rest)} ถูก (หมวดจากข้อความ)"
    out["errors"] = [
        f"{rows[i]['section']} → {results[i]['section']} ({results[i]['section_signal']}, "
        f"{rows[i]['desk'][:40]}): {rows[i]['text'][:60]}"
        for i in range(len(rows))
        if rows[i]["section"] != results[i]["section"]
    ]
    return out


def _states_known_desk(item: dict[str, Any]) -> bool:
    return (
        stated_section(
            item.get("desk", ""),
            item.get("page_section", ""),
            item.get("page_section_from", ""),
            item["source"],
        )
        is not None
    )


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))


def evaluate_desks() -> dict[str, Any]:
    """The desk figures `msoc eval` prints: the test half (reported) and the dev half."""
    return {
        "heldout_desk_test": sections_with_desk("test"),
        "heldout_desk_dev": sections_with_desk("dev"),
    }
