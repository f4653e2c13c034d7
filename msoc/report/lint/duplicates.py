"""Duplicates: the same story told twice in the news tables (across outlets and tables)."""

from __future__ import annotations

from collections.abc import Iterator

from msoc.nlp.dedup import Doc, same_story
from msoc.report.lint.finding import NEWS_LABELS, Context, Finding, row_label
from msoc.report.model import SECTIONS, NewsRow
from msoc.thai import format_dtg


def _placed(ctx: Context) -> list[tuple[str, str, NewsRow]]:
    return [
        (NEWS_LABELS[s], row_label(i), row)
        for s in SECTIONS
        for i, row in enumerate(ctx.report.news_in(s), 1)
    ]


def check(ctx: Context) -> Iterator[Finding]:
    """A later row that tells a story an earlier row already told (story id or headline match)."""
    placed = _placed(ctx)
    docs = [Doc(str(i), row.summary) for i, (_, _, row) in enumerate(placed)]
    reported: set[int] = set()
    for j in range(len(placed)):
        for i in range(j):
            if i in reported or j in reported:
                continue
            a, b = placed[i][2], placed[j][2]
            same = a.story is not None and a.story == b.story
            if not same and not same_story(docs[i], docs[j]):
                continue
            reported.add(j)
            first, second = (i, j) if a.published_at <= b.published_at else (j, i)
            keep, drop = placed[first], placed[second]
            yield Finding(
                "duplicate.story",
                "error",
                drop[0],
                drop[1],
                f"ข่าวเดียวกับ {keep[0]} {keep[1]} ({keep[2].source} {format_dtg(keep[2].published_at)}): "
                f"{drop[2].source} “{drop[2].summary[:50]}”",
                f"ลบแถวที่ซ้ำ หรือรวมเป็นแถวเดียว (คงแถว {keep[0]} {keep[1]})",
                "duplicate",
            )
