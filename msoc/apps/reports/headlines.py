"""The ๕.๑ key-headline suggestion: the period's stories ranked, each with its reasons in Thai.

The score is a plain sum that an editor can check by hand:
- watch topics: +2 for each watch topic of the story (two at most);
- ministry relevance: +3 for a story in the ministry section (ข่าวเกี่ยวกับ พม.);
- breadth: +1 for each outlet beyond the first (four at most);
- already in the draft's ๑.๓ tables: +0.5;
- the editors' past choices, learned from earlier issued and imported reports: how much more
  often than average a row of the same section, of the same topic, or with the same words was
  picked into ๕.๑ (log of that ratio, bounded).
The standing watch-topic lines the reports keep in ๕.๑ (COVID-19, violence in the family and
society, natural disasters) are added when a story of their topics is in the period.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from msoc.apps.news.models import Item
from msoc.apps.reports.models import SECTION_CHOICES, NewsRow, Report
from msoc.thai import to_thai_digits

W_TOPIC, MAX_TOPICS = 2.0, 2
W_MINISTRY = 3.0
W_OUTLET, MAX_EXTRA_OUTLETS = 1.0, 4
W_IN_REPORT = 0.5
LEARNED_BOUND = 1.5  # a learned term moves a score by at most this much
WORDS_SHOWN = 3
MATCH = 0.6  # character-bigram Dice above which a key headline is taken to be that row
SECTION_NAMES = dict(SECTION_CHOICES)
NATURAL = ("flood", "storm", "drought", "earthquake")


@dataclass(frozen=True)
class StandingLine:
    """A watch-topic line that ๕.๑ carries whenever its topics are in the news."""

    text: str
    topics: tuple[str, ...]
    first: bool = False  # printed before the day's stories (as COVID-19 is in the sample)


STANDING = (
    StandingLine(
        "ติดตามสถานการณ์การแพร่ระบาดของโรคติดเชื้อไวรัสโคโรนา 2019 (COVID - 19)", ("epidemic",), first=True
    ),
    StandingLine("สถานการณ์ความรุนแรงในครอบครัว และสังคม", ("family_violence", "sexual_abuse")),
    StandingLine("สถานการณ์ภัยธรรมชาติในประเทศและต่างประเทศ", NATURAL),
)


@dataclass
class Suggestion:
    """One proposed ๕.๑ line with its score and the reasons for it."""

    text: str
    score: float
    reasons: list[str]
    section: str = ""
    outlets: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    item_ids: list[int] = field(default_factory=list)
    standing: bool = False
    first: bool = False


@dataclass
class Preferences:
    """What the editors picked into ๕.๑ before: counts and the weights derived from them."""

    reports: int = 0
    rows: int = 0
    chosen: int = 0
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)  # (chosen, rows)
    topics: dict[str, tuple[int, int]] = field(default_factory=dict)
    words: dict[str, tuple[int, int]] = field(default_factory=dict)
    standing: list[StandingLine] = field(default_factory=list)

    def weight(self, table: dict[str, tuple[int, int]], key: str, prior: float = 5.0) -> float:
        """log(rate of picks for this key / overall rate), smoothed towards 0 and bounded."""
        if not self.rows or not self.chosen or key not in table:
            return 0.0
        base = self.chosen / self.rows
        picked, seen = table[key]
        rate = (picked + prior * base) / (seen + prior)
        return max(-LEARNED_BOUND, min(LEARNED_BOUND, math.log(rate / base)))


@dataclass
class _Story:
    text: str
    section: str = ""
    outlets: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)
    item_ids: list[int] = field(default_factory=list)
    in_report: bool = False


# --- text matching -------------------------------------------------------------------------

_NOT_LETTER = re.compile(r"[\s\"'“”‘’()\[\]{}|!?,.:;…\-–—]+")  # a word of punctuation only


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams (spaces and punctuation ignored).

    The shingles are the near-duplicate detector's (nlp/dedup.py), so both fold and strip a
    text the same way; Dice = 2J/(1+J) keeps the thresholds above in their scale.
    """
    from msoc.nlp.dedup import jaccard, shingle_hashes

    j = jaccard(shingle_hashes(a, 2), shingle_hashes(b, 2))
    return 2 * j / (1 + j)


@cache
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords  # a list shipped inside the package

    return frozenset(thai_stopwords())


def words(text: str) -> set[str]:
    """The content words of a text (newmm, no stop words), folded for matching."""
    from msoc.nlp.segment import fold_for_match, tokenize

    stop = _stopwords()
    return {
        w
        for w in tokenize(fold_for_match(text))
        if len(w.rstrip(".")) > 1
        and w not in stop
        and not _NOT_LETTER.fullmatch(w)
        and not w.isdigit()
    }


def tag_topics(texts: Sequence[str]) -> list[list[str]]:
    """Watch topics of texts with the lexicon tagger of msoc.nlp."""
    from msoc.nlp.topics import default_tagger

    return default_tagger().tag(list(texts)) if texts else []


# --- learning from past reports -------------------------------------------------------------


def learn_preferences(before: date) -> Preferences:
    """Count, over the issued and imported reports dated before `before`, which rows made ๕.๑."""
    prefs = Preferences()
    reports = (
        Report.objects.filter(
            date__lt=before, status__in=[Report.Status.ISSUED, Report.Status.IMPORTED]
        )
        .exclude(key_headlines=[])
        .order_by("-date")[:200]
    )
    lines: dict[str, list[int]] = defaultdict(list)  # standing text -> positions seen
    sections: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    topics: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    word_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for report in reports:
        rows = list(report.rows.all())
        if not rows:
            continue
        prefs.reports += 1
        picked = _match_headlines(report.key_headlines, rows, lines)
        row_topics = tag_topics([r.summary for r in rows])
        for row, keys in zip(rows, row_topics, strict=True):
            hit = int(row.pk in picked)
            prefs.rows, prefs.chosen = prefs.rows + 1, prefs.chosen + hit
            _count(sections, [row.section], hit)
            _count(topics, keys, hit)
            _count(word_counts, words(row.summary), hit)
    prefs.sections = {k: (v[0], v[1]) for k, v in sections.items()}
    prefs.topics = {k: (v[0], v[1]) for k, v in topics.items()}
    prefs.words = {k: (v[0], v[1]) for k, v in word_counts.items() if v[1] >= 2}
    prefs.standing = _learned_standing(lines)
    return prefs


def _count(table: dict[str, list[int]], keys: Iterable[str], hit: int) -> None:
    for key in keys:
        table[key][0] += hit
        table[key][1] += 1


def _match_headlines(
    headlines: Sequence[str], rows: Sequence[NewsRow], standing: dict[str, list[int]]
) -> set[int]:
    picked = set()
    for position, line in enumerate(headlines):
        best = max(rows, key=lambda r: similarity(line, r.summary))
        if similarity(line, best.summary) >= MATCH:
            picked.add(best.pk)
        else:  # a line that is no row of the day: a standing line
            standing[line.strip()].append(position)
    return picked


def _learned_standing(lines: dict[str, list[int]]) -> list[StandingLine]:
    texts = list(lines)
    out = []
    for text, keys in zip(texts, tag_topics(texts), strict=True):
        if keys and not any(similarity(text, s.text) >= 0.8 for s in STANDING):
            positions = lines[text]
            first = sum(1 for p in positions if p == 0) * 2 > len(positions)
            out.append(StandingLine(text, tuple(keys), first=first))
    return out


# --- the day's stories ----------------------------------------------------------------------


def _stories(day: date) -> list[_Story]:
    """Rows of the day's working report and the period's items, one entry per story."""
    from msoc.apps.reports.build import current_report
    from msoc.apps.reports.period import report_period

    working = Report.objects.filter(date=day, status=Report.Status.DRAFT).first() or current_report(
        day
    )
    stories: dict[str, _Story] = {}
    rows = list(working.rows.order_by("section", "position")) if working else []
    for row, keys in zip(rows, tag_topics([r.summary for r in rows]), strict=True):
        s = stories.setdefault(
            row.story or f"row:{row.pk}", _Story(row.summary, row.section, in_report=True)
        )
        s.outlets.add(row.source)
        s.topics.update(keys)
        if row.item_id_ref:
            s.item_ids.append(row.item_id_ref)
    start, end = report_period(day)
    items = (
        Item.objects.filter(published_at__gte=start, published_at__lt=end, section__isnull=False)
        .exclude(review_state__status="rejected")
        .select_related("source")
        .order_by("published_at")[:2000]
    )
    for item in items:
        key = item.story or f"item:{item.pk}"
        if key not in stories and any(item.pk in s.item_ids for s in stories.values()):
            continue
        s = stories.setdefault(key, _Story(item.summary or item.title, item.section or ""))
        s.outlets.add(item.source.name)
        s.topics.update(item.topics or [])
        if item.pk not in s.item_ids:
            s.item_ids.append(item.pk)
    return list(stories.values())


def _score(story: _Story, prefs: Preferences, names: dict[str, str]) -> Suggestion:
    score, reasons = 0.0, []
    topics = sorted(story.topics)
    if topics:
        score += W_TOPIC * min(len(topics), MAX_TOPICS)
        reasons.append("ประเด็นเฝ้าระวัง: " + ", ".join(names.get(t, t) for t in topics))
    if story.section == "ministry":
        score += W_MINISTRY
        reasons.append("ข่าวเกี่ยวกับ พม.")
    if len(story.outlets) > 1:
        score += W_OUTLET * min(len(story.outlets) - 1, MAX_EXTRA_OUTLETS)
        reasons.append(f"สื่อรายงาน {_n(len(story.outlets))} แห่ง")
    if story.in_report:
        score += W_IN_REPORT
        reasons.append("อยู่ในตารางข่าว ๑.๓ ของร่างแล้ว")
    score += _learned(story, prefs, names, reasons)
    return Suggestion(
        story.text,
        round(score, 2),
        reasons,
        story.section,
        sorted(story.outlets),
        topics,
        story.item_ids,
    )


def _learned(story: _Story, prefs: Preferences, names: dict[str, str], reasons: list[str]) -> float:
    if not prefs.chosen:
        return 0.0
    total = 0.0
    w = prefs.weight(prefs.sections, story.section)
    if abs(w) >= 0.1:
        picked, seen = prefs.sections[story.section]
        total += w
        reasons.append(
            f"บรรณาธิการเคยเลือกข่าวหมวด{SECTION_NAMES.get(story.section, '')} "
            f"{_n(picked)} จาก {_n(seen)} ข่าว ({_signed(w)})"
        )
    topic_w = {t: prefs.weight(prefs.topics, t) for t in story.topics}
    if topic_w and abs(best := max(topic_w.values(), key=abs)) >= 0.1:
        t = next(k for k, v in topic_w.items() if v == best)
        total += best
        reasons.append(
            f"ประเด็น{names.get(t, t)}เคยถูกเลือก {_n(prefs.topics[t][0])} จาก "
            f"{_n(prefs.topics[t][1])} ข่าว ({_signed(best)})"
        )
    word_w = sorted(
        (
            (prefs.weight(prefs.words, w, prior=2.0), w)
            for w in words(story.text)
            if w in prefs.words
        ),
        reverse=True,
    )[:WORDS_SHOWN]
    liked = [(wt, w) for wt, w in word_w if wt > 0.1]
    if liked:
        gain = min(LEARNED_BOUND, 0.5 * sum(wt for wt, _ in liked))
        total += gain
        reasons.append(
            "คำที่เคยอยู่ในประเด็นสำคัญ: " + ", ".join(w for _, w in liked) + f" ({_signed(gain)})"
        )
    return total


def _n(value: int) -> str:
    return to_thai_digits(str(value))


def _signed(value: float) -> str:
    return to_thai_digits(f"{value:+.1f}")


def _standing(
    stories: Sequence[_Story], prefs: Preferences, names: dict[str, str]
) -> list[Suggestion]:
    out = []
    for line in (*STANDING, *prefs.standing):
        related = [s for s in stories if set(line.topics) & s.topics]
        if not related:
            continue
        hits = sorted({t for s in related for t in s.topics if t in line.topics})
        reasons = [
            f"ประเด็นเฝ้าระวังประจำ: พบข่าว{', '.join(names.get(t, t) for t in hits)} "
            f"{_n(len(related))} เรื่อง เช่น “{related[0].text[:80]}”"
        ]
        out.append(
            Suggestion(
                line.text,
                0.0,
                reasons,
                topics=hits,
                standing=True,
                first=line.first,
                item_ids=[i for s in related for i in s.item_ids][:50],
            )
        )
    return out


def suggest_headlines(day: date, *, limit: int = 5) -> list[Suggestion]:
    """The proposed ๕.๑ of a date: leading standing lines, the best `limit` stories, the rest."""
    from msoc.nlp.topics import topic_names

    names = topic_names()
    prefs = learn_preferences(day)
    stories = _stories(day)
    ranked = sorted((_score(s, prefs, names) for s in stories), key=lambda g: (-g.score, g.text))
    news = [g for g in ranked if g.score > 0][:limit]
    standing = _standing(stories, prefs, names)
    return [s for s in standing if s.first] + news + [s for s in standing if not s.first]
