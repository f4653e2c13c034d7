"""Every write of the hotline domain: one transaction each, with its audit event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from msoc.apps.accounts.audit import Actor, plain, record, snapshot
from msoc.apps.hotline import stats
from msoc.apps.hotline.importer import CaseRow, ParsedExport, RowError
from msoc.apps.hotline.models import Case, CasePerson, DayTotals
from msoc.apps.hotline.stats import DAY_FIELDS
from msoc.report.model import HOTLINE_CHANNELS, HOTLINE_KINDS, HOTLINE_REFERRALS, HOTLINE_SERVICES
from msoc.thai import fiscal_year, fiscal_year_bounds

FIGURE_FIELDS = ("total", "male", "female", "channels", "services", "referrals", "mobile_unit",
                 "kinds", "kinds_total")  # fmt: skip
DERIVED_ORIGINS = ("computed", "manual")  # rows whose fiscal-year figures msoc keeps up to date
COMPARED = ("received_at", "day", "sex", "channel", "kind", "handling", "referral", "mobile_unit",
            "province")  # fmt: skip


class HotlineError(ValueError):
    """A hotline write that cannot be carried out, with the reason in Thai."""


@dataclass
class ImportResult:
    """What an import did (or would have done): counts, days touched and every error."""

    imported: int = 0
    unchanged: int = 0
    rejected: int = 0
    days: list[date] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False


def _existing(rows: list[CaseRow]) -> dict[str, dict[str, Any]]:
    ids = [r.case_id for r in rows]
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 900):  # stay under SQLite's bound-parameter limit
        for values in Case.objects.filter(case_id__in=ids[i : i + 900]).values(
            "case_id", *COMPARED
        ):
            found[values["case_id"]] = values
    return found


def check_against_database(parsed: ParsedExport) -> tuple[list[CaseRow], int, list[RowError]]:
    """New rows, the count of identical re-imported rows, and errors for changed known ids."""
    known = _existing(parsed.rows)
    new, unchanged, errors = [], 0, []
    for row in parsed.rows:
        stored = known.get(row.case_id)
        if stored is None:
            new.append(row)
        elif all(stored[f] == getattr(row, f) for f in COMPARED):
            unchanged += 1
        else:
            errors.append(
                RowError(
                    row.line,
                    "เลขที่เรื่อง",
                    row.case_id,
                    "เลขที่เรื่องนี้มีในระบบแล้วแต่ข้อมูลต่างกัน (แก้ไขเรื่องเดิมแทนการนำเข้าซ้ำ)",
                )  # fmt: skip
            )
    return new, unchanged, errors


def do_import_cases(
    parsed: ParsedExport, *, keep_good: bool = False, source: str = "", actor: Actor = None
) -> ImportResult:
    """Store the checked rows of an export: all or nothing, or only the good rows if asked."""
    new, unchanged, db_errors = check_against_database(parsed)
    errors = sorted([*parsed.errors, *db_errors], key=lambda e: (e.line, e.column))
    bad_lines = {e.line for e in db_errors}
    good = [r for r in new if r.line not in bad_lines]
    result = ImportResult(unchanged=unchanged, errors=errors)
    result.rejected = parsed.row_count - len(good) - unchanged
    if errors and not keep_good:
        return result
    with transaction.atomic():
        _store_cases(good, batch=source[-64:])
        days = sorted({r.day for r in good})
        recompute(days)
        record(
            actor,
            "hotline.import",
            "hotline.Case",
            source,
            after={
                "imported": len(good),
                "unchanged": unchanged,
                "rejected": result.rejected,
                "days": [d.isoformat() for d in days],
            },  # fmt: skip
            errors=[str(e) for e in errors[:200]],
        )
    result.imported, result.days, result.committed = len(good), days, True
    return result


CASE_COLUMNS = ("case_id", "received_at", "day", "sex", "channel", "kind", "handling", "referral",
                "mobile_unit", "province", "batch", "created_at")  # fmt: skip


def _column(model: type[Model], name: str) -> tuple[Field[Any, Any], str]:
    """A model field that is a column of its table, with the column's name."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise ValueError(f"{model.__name__}.{name} is not a table column")
    return field, field.column


def insert_many(model: type[Model], columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Plain multi-row INSERT (portable SQL) for large imports: the ORM's bulk_create is capped at
    999 parameters a statement on SQLite, which made a year's import take minutes."""
    if not rows:
        return
    fields = [_column(model, c) for c in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for _, column in fields)
    # S608: table and column names come from the model, quoted by the backend; values are bound.
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    # Dates and times need the backend's own form (SQLite stores text, PostgreSQL native types);
    # the backend's adapters are called directly: going through each field cost seconds a year.
    adapters = {"DateField": connection.ops.adapt_datefield_value,
                "DateTimeField": connection.ops.adapt_datetimefield_value}  # fmt: skip
    adapt = [(i, adapters[f.get_internal_type()]) for i, (f, _) in enumerate(fields)
             if f.get_internal_type() in adapters]  # fmt: skip
    prepared = []
    for row in rows:
        values = list(row)
        for i, adapter in adapt:
            values[i] = adapter(values[i])
        prepared.append(values)
    with connection.cursor() as cursor:
        for i in range(0, len(prepared), 5000):
            cursor.executemany(sql, prepared[i : i + 5000])


def _store_cases(rows: list[CaseRow], *, batch: str) -> None:
    now = timezone.now()
    insert_many(Case, CASE_COLUMNS, [
        (r.case_id, r.received_at, r.day, r.sex, r.channel, r.kind, r.handling, r.referral,
         r.mobile_unit, r.province, batch, now)
        for r in rows
    ])  # fmt: skip
    people = [r for r in rows if r.has_person]
    if not people:
        return
    ids: dict[str, int] = {}
    wanted = [r.case_id for r in people]
    for i in range(0, len(wanted), 900):
        ids.update(
            Case.objects.filter(case_id__in=wanted[i : i + 900]).values_list("case_id", "pk")
        )
    insert_many(CasePerson, ("case", "name", "phone", "national_id"),
                [(ids[r.case_id], r.name, r.phone, r.national_id) for r in people])  # fmt: skip


def recompute(days: Iterable[date]) -> list[DayTotals]:
    """Recompute the days that have cases and the fiscal-year figures they feed (in a transaction)."""
    days = sorted(set(days))
    if not days:
        return []
    figures = stats.figures_for_days(days[0], days[-1])
    figures = {d: f for d, f in figures.items() if d in set(days)}
    existing = {t.date: t for t in DayTotals.objects.filter(date__in=list(figures))}
    created, updated = [], []
    for day, fig in figures.items():
        row = existing.get(day)
        if row is None:
            created.append(DayTotals(date=day, origin="computed", **fig))
            continue
        for name, value in fig.items():
            setattr(row, name, value)
        row.origin = "computed"
        updated.append(row)
    if created:
        bulk_create_with_history(created, DayTotals, batch_size=500)
    if updated:
        bulk_update_with_history(updated, DayTotals, [*FIGURE_FIELDS, "origin"], batch_size=500)
    return refresh_fiscal_figures(days[0], days[-1])


def refresh_fiscal_figures(first: date, last: date) -> list[DayTotals]:
    """Bring the fiscal-year figures of every derived day they depend on up to date."""
    # Later days of the same fiscal year and the whole next one read the changed days.
    until = fiscal_year_bounds(fiscal_year(last) + 1)[1]
    window_start = fiscal_year_bounds(fiscal_year(first) - 1)[0]
    totals = stats.totals_by_day(window_start, until)
    rows = list(
        DayTotals.objects.filter(date__gte=first, date__lte=until, origin__in=DERIVED_ORIGINS)
    )
    running = stats.RunningTotals(totals)
    by_day = {r.date: r for r in rows}
    for day, current, previous in running.figures(by_day):
        by_day[day].fiscal_year_to_date = current
        by_day[day].previous_fiscal_year = previous
    if rows:
        bulk_update_with_history(
            rows, DayTotals, ["fiscal_year_to_date", "previous_fiscal_year"], batch_size=500
        )
    return rows


# --- manual day totals ------------------------------------------------------------------------

BREAKDOWNS = {
    "channels": HOTLINE_CHANNELS,
    "services": HOTLINE_SERVICES,
    "referrals": HOTLINE_REFERRALS,
    "kinds": HOTLINE_KINDS,
}


def check_manual(figures: dict[str, Any]) -> list[str]:
    """Problems of manually entered figures: unknown keys, negative counts, sums ≠ total."""
    problems = []
    total = figures.get("total")
    if not isinstance(total, int) or total < 0:
        return ["ยอดรวมต้องเป็นจำนวนเต็มตั้งแต่ ๐ ขึ้นไป"]
    for name, labels in BREAKDOWNS.items():
        values = figures.get(name) or {}
        unknown = set(values) - set(labels)
        if unknown:
            problems.append(f"{name}: ไม่รู้จัก {sorted(unknown)} (ใช้ได้: {', '.join(labels)})")
        if any(v is not None and v < 0 for v in values.values()):
            problems.append(f"{name}: จำนวนต้องไม่ติดลบ")
    given = {k: v for k, v in stats.sums({**{n: {} for n in BREAKDOWNS}, **figures}).items()}
    expected = {"sex": total, "channels": total, "services": total, "kinds": total,
                "referrals": (figures.get("services") or {}).get("referred") or 0}  # fmt: skip
    for name, value in given.items():
        if value and value != expected[name]:
            problems.append(f"ผลรวมของ {name} = {value:,} ไม่เท่ากับ {expected[name]:,}")
    return problems


@transaction.atomic
def do_save_manual_totals(day: date, figures: dict[str, Any], *, actor: Actor = None) -> DayTotals:
    """Store a day known only by its totals; its fiscal-year figures are computed, not typed."""
    if Case.objects.filter(day=day).exists():
        raise HotlineError(
            f"วันที่ {day.isoformat()} มีรายการเรื่องแล้ว ยอดของวันนั้นคำนวณจากรายการ แก้ที่รายการแทน"
        )
    problems = check_manual(figures)
    if problems:
        raise HotlineError("; ".join(problems))
    before = DayTotals.objects.filter(date=day).values().first()
    fields = {"male": None, "female": None, "channels": {}, "services": {}, "referrals": {},
              "mobile_unit": None, "kinds": {}, "kinds_total": None, **figures}  # fmt: skip
    row, _ = DayTotals.objects.update_or_create(date=day, defaults={**fields, "origin": "manual"})
    refresh_fiscal_figures(day, day)
    row.refresh_from_db()
    record(actor, "hotline.totals", "hotline.DayTotals", row.pk,
           before=plain(before), after=plain(DayTotals.objects.filter(pk=row.pk).values().first()))  # fmt: skip
    return row


@transaction.atomic
def do_bulk_manual_totals(totals: dict[date, int], *, actor: Actor = None, source: str = "") -> int:
    """Store many days known only by their total (e.g. a past year), skipping days with cases."""
    with_cases = set(Case.objects.filter(day__in=list(totals)).values_list("day", flat=True))
    wanted = {d: n for d, n in totals.items() if d not in with_cases}
    if any(n < 0 for n in wanted.values()):
        raise HotlineError("ยอดรวมต้องไม่ติดลบ")
    existing = {t.date: t for t in DayTotals.objects.filter(date__in=list(wanted))}
    created, updated = [], []
    for day, total in wanted.items():
        row = existing.get(day)
        if row is None:
            created.append(DayTotals(date=day, total=total, origin="manual"))
        elif row.total != total or row.origin != "manual":
            row.total, row.origin = total, "manual"
            updated.append(row)
    bulk_create_with_history(created, DayTotals, batch_size=500)
    if updated:
        bulk_update_with_history(updated, DayTotals, ["total", "origin"], batch_size=500)
    if wanted:
        refresh_fiscal_figures(min(wanted), max(wanted))
    record(actor, "hotline.totals.bulk", "hotline.DayTotals", source,
           after={"days": len(wanted), "created": len(created), "updated": len(updated)})  # fmt: skip
    return len(created) + len(updated)


def last_days(day: date, n: int) -> list[date]:
    """The n days ending on day, oldest first."""
    return [day - timedelta(days=i) for i in range(n - 1, -1, -1)]


@transaction.atomic
def do_recompute_days(days: Iterable[date], *, actor: Actor = None) -> list[DayTotals]:
    """Compute the figures of some days again from their cases (and the fiscal-year figures)."""
    days = sorted(set(days))
    rows = recompute(days)
    record(actor, "hotline.recompute", "hotline.DayTotals", "", days=len(days), rows=len(rows))
    return rows


# --- figures typed in (page or API) ------------------------------------------------------------

FIELDS = DAY_FIELDS


def totals_snapshot(totals: DayTotals | None) -> dict[str, Any] | None:
    """The figures of a day as plain JSON values (for the audit log and the API)."""
    return None if totals is None else snapshot(totals, ("date", *FIELDS))


COMPUTED = ("fiscal_year_to_date", "previous_fiscal_year")  # derived from the days, never typed


@transaction.atomic
def do_save_day_totals(day: date, figures: dict[str, Any], *, actor: Actor) -> DayTotals:
    """Store the figures of a day typed in (page or API): checked to add up, fiscal year computed."""
    unknown = set(figures) - set(FIELDS)
    if unknown:
        raise ValueError(f"ไม่รู้จักช่องข้อมูล {sorted(unknown)}")
    typed = {name: value for name, value in figures.items() if name not in COMPUTED}
    return do_save_manual_totals(day, typed, actor=actor)


# --- personal data retention (PDPA) ---------------------------------------------------------


def retention_cutoff(now: datetime | None = None, days: int | None = None) -> datetime:
    """Cases received before this moment have their callers' personal data erased."""
    keep = settings.MSOC_PERSONAL_DATA_RETENTION_DAYS if days is None else days
    return (now or timezone.now()) - timedelta(days=keep)


def expired_people(now: datetime | None = None, days: int | None = None) -> Any:
    """The personal-data rows past the retention period."""
    return CasePerson.objects.filter(case__received_at__lt=retention_cutoff(now, days))


@transaction.atomic
def do_apply_retention(
    now: datetime | None = None, days: int | None = None, *, actor: Actor = None
) -> int:
    """Erase the personal data of cases older than the retention period; returns how many."""
    expired = expired_people(now, days)
    case_ids = list(expired.values_list("case__case_id", flat=True))
    if not case_ids:
        return 0
    CasePerson.objects.filter(case__case_id__in=case_ids).delete()
    record(
        actor,
        "hotline.person.erase",
        "hotline.CasePerson",
        "",
        count=len(case_ids),
        cutoff=retention_cutoff(now, days).isoformat(),
        case_ids=case_ids[:1000],
    )
    return len(case_ids)
