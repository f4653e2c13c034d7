"""Who has sent what: each unit's duties per working day, on time, late or missing (as DHIS2 shows).

A duty's submission time is the first time its data reached msoc for the report's date: the
first activity stored (or the first save of the day's list), the first version of the hotline's
day totals, the first situation reading of its source. Edits afterwards do not make a unit late.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Min

from msoc.apps.units.models import Duty, Holiday, Unit
from msoc.thai import BANGKOK, to_thai_digits

WINDOW_DAYS = 30


class State:
    """The state of one duty on one day (also the CSS class of its cell)."""

    ON_TIME = "on_time"
    LATE_SENT = "late_sent"
    PENDING = "pending"
    LATE = "late"
    MISSING = "missing"


STATE_LABELS = {
    State.ON_TIME: "ส่งแล้ว",
    State.LATE_SENT: "ส่งช้า",
    State.PENDING: "ยังไม่ถึงกำหนด",
    State.LATE: "เลยกำหนด ยังไม่ส่ง",
    State.MISSING: "ไม่ได้ส่ง",
}


@dataclass(frozen=True)
class DutyDay:
    """One duty on one day: its state and when its data came."""

    duty: Duty
    day: date
    state: str
    sent_at: datetime | None

    @property
    def label(self) -> str:
        """The state in Thai."""
        return STATE_LABELS[self.state]

    @property
    def what(self) -> str:
        """What the duty asks for, in Thai."""
        return self.duty.get_part_display() + (f" ({self.duty.source})" if self.duty.source else "")

    @property
    def due(self) -> datetime:
        """The deadline of the day (Bangkok)."""
        return deadline_of(self.duty, self.day)


@dataclass
class UnitRow:
    """A unit's line of the board: the day's duties and its rates over the window."""

    unit: Unit
    today: list[DutyDay] = field(default_factory=list)
    expected: int = 0  # duty-days whose deadline has passed in the window
    sent: int = 0
    on_time: int = 0

    @property
    def reporting_rate(self) -> float | None:
        """Share of expected duty-days that were sent (DHIS2's reporting rate), in percent."""
        return 100 * self.sent / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        """Share of expected duty-days sent by the deadline (DHIS2's on-time rate), in percent."""
        return 100 * self.on_time / self.expected if self.expected else None

    @property
    def rates_text(self) -> str:
        """'๙๐% / ๘๐%' in Thai digits, or '-' before any deadline passed."""
        if not self.expected:
            return "-"
        return to_thai_digits(f"{self.reporting_rate:.0f}% / {self.on_time_rate:.0f}%")

    @property
    def missing(self) -> list[DutyDay]:
        """The day's duties whose data has not come."""
        return [d for d in self.today if d.sent_at is None]


def working_day(day: date, holidays: set[date] | None = None) -> bool:
    """Monday to Friday and not in the admins' holiday calendar."""
    if day.weekday() >= 5:
        return False
    if holidays is None:
        return not Holiday.objects.filter(date=day).exists()
    return day not in holidays


def deadline_of(duty: Duty, day: date) -> datetime:
    """The moment a duty is due on a day, Bangkok time."""
    return datetime.combine(day, duty.deadline, BANGKOK)


# A duty part whose data a higher app keeps: (its duties, first day, last day) → (duty, day, when
# its data first came). Registered in that app's AppConfig.ready (situation: the readings).
SentSource = Callable[[list[Duty], date, date], Iterable[tuple[Duty, date, datetime]]]
_SENT_SOURCES: dict[str, SentSource] = {}


def add_sent_source(part: str, source: SentSource) -> None:
    """Say where a duty part's data counts as sent (a higher app's AppConfig.ready calls this)."""
    _SENT_SOURCES[part] = source


def first_sent(duties: list[Duty], start: date, end: date) -> dict[tuple[int, date], datetime]:
    """(duty id, day) → when its data first came, for every duty over a range of days."""
    from msoc.apps.hotline.models import DayTotals
    from msoc.apps.units.models import Activity

    out: dict[tuple[int, date], datetime] = {}

    def keep(duty: Duty, day: date, when: datetime | None) -> None:
        if when is not None and ((duty.pk, day) not in out or when < out[(duty.pk, day)]):
            out[(duty.pk, day)] = when

    by_unit = {d.unit_id: d for d in duties if d.part == Duty.Part.ACTIVITIES}
    rows = Activity.objects.filter(date__range=(start, end), unit_id__in=list(by_unit))
    for row in rows.values("unit_id", "date").annotate(first=Min("created_at")):
        keep(by_unit[row["unit_id"]], row["date"], row["first"])
    for day, when in _activity_saves(start, end, {d.unit.code: d for d in by_unit.values()}):
        keep(when[0], day, when[1])
    hotline = [d for d in duties if d.part == Duty.Part.HOTLINE]
    if hotline:
        history = DayTotals.history.filter(date__range=(start, end))  # type: ignore[attr-defined]
        for row in history.values("date").annotate(first=Min("history_date")):
            for duty in hotline:
                keep(duty, row["date"], row["first"])
    for part, source in _SENT_SOURCES.items():
        of_part = [d for d in duties if d.part == part]
        if of_part:
            for duty, day, sent in source(of_part, start, end):
                keep(duty, day, sent)
    return out


def _activity_saves(
    start: date, end: date, duties: dict[str, Duty]
) -> list[tuple[date, tuple[Duty, datetime]]]:
    """First web save of each unit's list per day (the save replaces rows, so rows look newer)."""
    from msoc.apps.accounts.models import AuditEvent

    events = AuditEvent.objects.filter(action="activities.save", target="units.Activity")
    events = events.filter(
        created_at__gte=datetime.combine(start, time(0), BANGKOK) - timedelta(days=2)
    )
    out = []
    for target_id, after, created in events.values_list("target_id", "after", "created_at"):
        code, _, text = target_id.rpartition(":")
        if code in duties and after:
            try:
                day = date.fromisoformat(text)
            except ValueError:
                continue
            if start <= day <= end:
                out.append((day, (duties[code], created)))
    return out


def state_of(duty: Duty, day: date, sent_at: datetime | None, now: datetime) -> str:
    """On time, sent late, not yet due, late (today) or missing (a past day)."""
    due = deadline_of(duty, day)
    if sent_at is not None:
        return State.ON_TIME if sent_at <= due else State.LATE_SENT
    if now < due:
        return State.PENDING
    return State.LATE if now.astimezone(BANGKOK).date() == day else State.MISSING


def active_duties() -> list[Duty]:
    """Every active duty of an active unit, in report order."""
    return list(Duty.objects.filter(active=True, unit__active=True).select_related("unit"))


def duty_days(day: date, now: datetime) -> list[DutyDay]:
    """The state of every duty on one day (empty on a weekend or holiday)."""
    if not working_day(day):
        return []
    duties = active_duties()
    sent = first_sent(duties, day, day)
    return [
        DutyDay(d, day, state_of(d, day, sent.get((d.pk, day)), now), sent.get((d.pk, day)))
        for d in duties
    ]


def board(day: date, now: datetime, *, days: int = WINDOW_DAYS) -> list[UnitRow]:
    """Per unit: the day's duties, and the reporting and on-time rates over the last `days`."""
    duties = active_duties()
    start = day - timedelta(days=days - 1)
    holidays = set(Holiday.objects.filter(date__range=(start, day)).values_list("date", flat=True))
    sent = first_sent(duties, start, day)
    rows: dict[int, UnitRow] = {}
    for unit in Unit.objects.filter(active=True, duties__active=True).distinct():
        rows[unit.pk] = UnitRow(unit)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for offset in range(days):
        current = start + timedelta(days=offset)
        if not working_day(current, holidays):
            continue
        for duty in duties:
            sent_at = sent.get((duty.pk, current))
            state = state_of(duty, current, sent_at, now)
            if current == day:
                rows[duty.unit_id].today.append(DutyDay(duty, current, state, sent_at))
            if state == State.PENDING:
                continue
            c = counts[duty.unit_id]
            c[0] += 1
            c[1] += state in (State.ON_TIME, State.LATE_SENT)
            c[2] += state == State.ON_TIME
    for unit_id, (expected, got, on_time) in counts.items():
        row = rows[unit_id]
        row.expected, row.sent, row.on_time = expected, got, on_time
    return sorted(rows.values(), key=lambda r: (r.unit.order, r.unit.code))


def summary(rows: list[UnitRow]) -> dict[str, int]:
    """How many of the day's duties are in each state."""
    out = dict.fromkeys(STATE_LABELS, 0)
    for row in rows:
        for item in row.today:
            out[item.state] += 1
    return out


def missing_parts(day: date, now: datetime) -> list[DutyDay]:
    """The day's duties whose data has not come yet (for the builder)."""
    return [d for d in duty_days(day, now) if d.sent_at is None]
