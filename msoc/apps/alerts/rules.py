"""Alert rules: what each kind of rule looks for (`actions.check_alerts(now)` fires what they find).

Four kinds, each a plain function from the database at `now` to findings (key, title, items):
- topic_in_province: items of a watch topic placed in a province (new ones, not yet alerted);
- topic_spike: a topic's count in the last hours well above its daily baseline
  (count > mean + k·sd of the previous days, and at least a minimum count);
- story_breadth: one story covered by at least N outlets within H hours;
- source_silent: a source whose feed health is silent or failing;
- hazard_vulnerable: a new hazard over an area (of the rule's province) with vulnerable
  households in the register; the hazards app supplies it (`add_evaluator`), since hazards sit
  above alerts and raise alerts themselves.
A rule fires at most once per quiet period for each key (`actions.do_fire_alert`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from django.utils import timezone

from msoc.apps.alerts.models import Alert, AlertRule
from msoc.apps.news.models import Item
from msoc.apps.news.trends import spike_threshold
from msoc.thai import BANGKOK, format_number, format_thai_date_long, to_thai_digits

DIGEST_HOUR = 7  # local hour after which the previous day's digest is queued
Kind = AlertRule.Kind


class RuleError(ValueError):
    """A rule parameter that is missing or wrong, named with the reason in Thai."""


@dataclass(frozen=True)
class Finding:
    """What a rule found at one key: the alert to raise if the rule is not quiet."""

    key: str
    title: str
    detail: str
    item_ids: tuple[int, ...]


# name: (type, default, Thai label); a default of None means required.
PARAMS: dict[str, dict[str, tuple[type, Any, str]]] = {
    Kind.TOPIC_IN_PROVINCE: {
        "topic": (str, None, "ประเด็น"),
        "province": (str, "", "จังหวัด (เว้นว่าง = ทุกจังหวัด)"),
        "hours": (int, 24, "ช่วงเวลา (ชั่วโมง)"),
        "min_count": (int, 1, "จำนวนข่าวขั้นต่ำ"),
    },
    Kind.TOPIC_SPIKE: {
        "topic": (str, "", "ประเด็น (เว้นว่าง = ทุกประเด็น)"),
        "hours": (int, 24, "ช่วงเวลา (ชั่วโมง)"),
        "baseline_days": (int, 14, "ฐานย้อนหลัง (วัน)"),
        "sd": (float, 3.0, "เกินค่าเฉลี่ยกี่เท่าของ SD"),
        "min_count": (int, 5, "จำนวนข่าวขั้นต่ำ"),
    },
    Kind.STORY_BREADTH: {
        "outlets": (int, 4, "จำนวนสื่อขั้นต่ำ"),
        "hours": (int, 6, "ภายใน (ชั่วโมง)"),
    },
    Kind.SOURCE_SILENT: {
        "sources": (list, [], "แหล่งข่าว (เว้นว่าง = ทุกแหล่ง)"),
        "statuses": (list, ["silent", "failing"], "สถานะที่แจ้ง"),
    },
    Kind.HAZARD_VULNERABLE: {
        "province": (str, "", "จังหวัด (เว้นว่าง = ทุกจังหวัด)"),
        "min_households": (int, 1, "จำนวนครัวเรือนเปราะบางขั้นต่ำ"),
        "days": (int, 3, "พื้นที่ภัยที่บันทึกภายใน (วัน)"),
    },
}


@cache
def topic_names() -> dict[str, str]:
    """Watch-topic key → Thai name, from the topic table of msoc.nlp."""
    from msoc.nlp import topics

    return topics.topic_names()


def clean_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Parameters of a rule with defaults filled in; a bad one raises RuleError naming it."""
    if kind not in PARAMS:
        raise RuleError(f"ไม่รู้จักชนิดกฎ {kind!r}")
    spec, out = PARAMS[kind], {}
    unknown = set(params) - set(spec)
    if unknown:
        raise RuleError(f"กฎชนิดนี้ไม่มีค่า {', '.join(sorted(unknown))}")
    for name, (kind_type, default, label) in spec.items():
        value = params.get(name, default)
        if value is None or value == "" and default is None:
            raise RuleError(f"โปรดระบุ{label}")
        out[name] = _coerce(name, label, kind_type, value)
    if out.get("topic") and out["topic"] not in topic_names():
        raise RuleError(f"ไม่รู้จักประเด็น {out['topic']!r} (ใช้รหัสประเด็น เช่น family_violence)")
    return out


def _coerce(name: str, label: str, kind_type: type, value: Any) -> Any:
    if kind_type is list:
        items = value.split(",") if isinstance(value, str) else list(value)
        return [str(v).strip() for v in items if str(v).strip()]
    try:
        coerced = kind_type(value)
    except (TypeError, ValueError) as exc:
        raise RuleError(f"{label} ({name}) ต้องเป็นตัวเลข ไม่ใช่ {value!r}") from exc
    if kind_type in (int, float) and coerced < 0:
        raise RuleError(f"{label} ({name}) ติดลบไม่ได้")
    return coerced.strip() if isinstance(coerced, str) else coerced


def _topic_label(key: str) -> str:
    return topic_names().get(key, key)


def _hours(n: float) -> str:
    return to_thai_digits(f"{n:g}")


# --- the four kinds ---------------------------------------------------------------------------


def topic_in_province(rule: AlertRule, now: datetime) -> list[Finding]:
    """Items of the topic in the province (or in each province) not raised by this rule before."""
    p = rule.params
    since = now - timedelta(hours=p["hours"])
    rows = Item.objects.filter(
        published_at__gt=since, published_at__lte=now, topics__isnull=False
    ).values_list("id", "topics", "place", "place_printed")
    groups: dict[str, list[int]] = defaultdict(list)
    for pk, topics, place, printed in rows:
        if p["topic"] not in (topics or []) or not (place or printed):
            continue
        if p["province"] and p["province"] not in (place, printed):
            continue
        groups[str(p["province"] or place or printed)].append(pk)
    seen = set(
        Alert.items.through.objects.filter(alert__rule=rule).values_list("alert__key", "item_id")
    )
    out = []
    for province, ids in sorted(groups.items()):
        key = f"{p['topic']}|{province}"
        fresh = tuple(i for i in sorted(ids) if (key, i) not in seen)
        if len(fresh) >= max(p["min_count"], 1):
            name = _topic_label(p["topic"])
            out.append(
                Finding(
                    key,
                    f"{name} ที่{province}: ข่าวใหม่ {_hours(len(fresh))} ข่าว",
                    f"ข่าวประเด็น{name} ในพื้นที่{province} ภายใน {_hours(p['hours'])} ชั่วโมงที่ผ่านมา",
                    fresh,
                )
            )
    return out


def topic_spike(rule: AlertRule, now: datetime) -> list[Finding]:
    """Topics whose count in the last hours is far above their daily counts before."""
    p = rule.params
    window = timedelta(hours=p["hours"])
    days = p["baseline_days"]
    start = now - window - timedelta(days=days)
    rows = Item.objects.filter(
        published_at__gt=start, published_at__lte=now, topics__isnull=False
    ).values_list("id", "published_at", "topics")
    current: dict[str, list[int]] = defaultdict(list)
    daily: dict[str, list[int]] = defaultdict(lambda: [0] * days)
    for pk, published, topics in rows:
        for topic in topics or []:
            if p["topic"] and topic != p["topic"]:
                continue
            age = now - published
            if age < window:
                current[topic].append(pk)
            else:
                bucket = int((age - window) / timedelta(days=1))
                if bucket < days:
                    daily[topic][bucket] += 1
    out = []
    for topic, ids in sorted(current.items()):
        mean, sd, threshold = spike_threshold(daily[topic], p["sd"])
        if len(ids) > threshold and len(ids) >= p["min_count"]:
            name = _topic_label(topic)
            out.append(
                Finding(
                    topic,
                    f"ข่าว{name}เพิ่มขึ้นผิดปกติ: {_hours(len(ids))} ข่าวใน {_hours(p['hours'])} ชม.",
                    f"{_hours(len(ids))} ข่าวใน {_hours(p['hours'])} ชั่วโมงล่าสุด สูงกว่าปกติ "
                    f"(เฉลี่ยวันละ {format_number(mean, 1)} ± {format_number(sd, 1)} "
                    f"ใน {_hours(days)} วันก่อนหน้า เกณฑ์ {format_number(threshold, 1)})",
                    tuple(sorted(ids)),
                )
            )
    return out


def story_breadth(rule: AlertRule, now: datetime) -> list[Finding]:
    """Stories covered by at least N outlets within the last H hours."""
    p = rule.params
    since = now - timedelta(hours=p["hours"])
    rows = (
        Item.objects.filter(published_at__gt=since, published_at__lte=now, story__isnull=False)
        .exclude(story="")
        .order_by("published_at")
        .values_list("id", "story", "source_id", "title")
    )
    stories: dict[str, dict[str, Any]] = {}
    for pk, story, source, title in rows:
        s = stories.setdefault(str(story), {"ids": [], "sources": set(), "title": title})
        s["ids"].append(pk)
        s["sources"].add(source)
    out = []
    for story, s in sorted(stories.items()):
        n = len(s["sources"])
        if n >= p["outlets"]:
            out.append(
                Finding(
                    story,
                    f"สื่อ {_hours(n)} แห่งรายงานเรื่องเดียวกัน: {s['title'][:200]}",
                    f"ข่าวเรื่องนี้มีสื่อรายงาน {_hours(n)} แห่ง ภายใน {_hours(p['hours'])} ชั่วโมง",
                    tuple(s["ids"]),
                )
            )
    return out


def source_silent(rule: AlertRule, now: datetime) -> list[Finding]:
    """Sources whose feeds are silent or failing (news health), with their last items."""
    from msoc.apps.news.health import source_health

    p = rule.params
    out = []
    for h in source_health(now):
        if h.status not in p["statuses"] or (p["sources"] and h.name not in p["sources"]):
            continue
        last = tuple(
            Item.objects.filter(source_id=h.source_id)
            .order_by("-published_at")
            .values_list("id", flat=True)[:5]
        )
        when = (
            timezone.localtime(h.last_published_at).strftime("%Y-%m-%d %H:%M")
            if h.last_published_at
            else "ไม่เคย"
        )
        detail = f"ข่าวล่าสุดเผยแพร่เมื่อ {when}"
        if h.last_error:
            detail += f"; ข้อผิดพลาดล่าสุด: {h.last_error[:200]}"
        out.append(
            Finding(
                f"{h.source_id}|{h.status}", f"แหล่งข่าว {h.name}: {h.status_label}", detail, last
            )
        )
    return out


EVALUATORS: dict[str, Callable[[AlertRule, datetime], list[Finding]]] = {
    Kind.TOPIC_IN_PROVINCE: topic_in_province,
    Kind.TOPIC_SPIKE: topic_spike,
    Kind.STORY_BREADTH: story_breadth,
    Kind.SOURCE_SILENT: source_silent,
}


def add_evaluator(kind: str, evaluate_rule: Callable[[AlertRule, datetime], list[Finding]]) -> None:
    """Let an app above alerts supply a kind's evaluator (hazards: `hazard_vulnerable`)."""
    EVALUATORS[kind] = evaluate_rule


def evaluate(rule: AlertRule, now: datetime) -> list[Finding]:
    """What a rule finds at `now` (its parameters checked first)."""
    rule.params = clean_params(rule.kind, rule.params or {})
    return EVALUATORS[rule.kind](rule, now)


def alerts_of_day(day: date) -> list[Alert]:
    """The alerts fired on a local (Bangkok) date, oldest first."""
    start = datetime.combine(day, time(0, 0), tzinfo=BANGKOK)
    return list(
        Alert.objects.filter(fired_at__gte=start, fired_at__lt=start + timedelta(days=1))
        .select_related("rule")
        .order_by("fired_at", "id")
    )


def digest_title(day: date) -> str:
    """Subject of the digest of a day."""
    return f"สรุปการแจ้งเตือนประจำ{format_thai_date_long(day)}"
