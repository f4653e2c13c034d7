"""The impact list of a hazard: the register's households inside its area, ranked by need.

Framework-free: one SQL statement over the register tables as Django names them
(`register_household`, `register_member`, `register_householdindex`, `register_screeningscore`,
`hazards_contact`), run through any DB-API cursor — SQLite and PostgreSQL through Django, DuckDB
in the benchmark. Area codes are whole numbers written into the SQL (so no parameter style is
needed); `int()` on each one keeps the text safe.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

# (flag, weight, Thai reason). The weights order households for a visit: people who cannot leave
# the house alone first, then the old living by themselves, disability, small children, poverty,
# the screening model's advisory risk. The register has no "bedridden" field; a member who is
# both disabled and chronically ill is the closest it records, and the reason says so.
NEEDS: tuple[tuple[str, int, str], ...] = (
    ("bedridden", 32, "มีสมาชิกพิการและป่วยเรื้อรัง (อาจติดเตียง)"),
    ("elderly_alone", 16, "ผู้สูงอายุอยู่ตามลำพัง"),
    ("disabled", 8, "มีสมาชิกพิการ"),
    ("under_five", 4, "มีเด็กอายุต่ำกว่า ๕ ปี"),
    ("tpmap", 2, "ครัวเรือนเป้าหมาย TPMAP"),
    ("risk", 1, "ความเสี่ยงจากการคัดกรองสูง"),
)
ELDERLY_AGE = 60
UNDER_FIVE = 5
RISK_THRESHOLD = 0.5  # advisory screening score from which a household counts as at risk

# The status of a household for one hazard: its latest contact record, else pending.
STATUSES: tuple[tuple[str, str], ...] = (
    ("pending", "ยังไม่ได้ติดต่อ"),
    ("contacted", "ติดต่อแล้ว"),
    ("visited", "เยี่ยมบ้านแล้ว"),
    ("helped", "ได้รับความช่วยเหลือแล้ว"),
    ("unreachable", "ติดต่อไม่ได้"),
)
STATUS_LABELS = dict(STATUSES)
REACHED = ("contacted", "visited", "helped")


@dataclass(frozen=True)
class Area:
    """Where a hazard lies, as area codes (kongvut ids); an empty area covers nothing."""

    provinces: tuple[int, ...] = ()
    districts: tuple[int, ...] = ()
    subdistricts: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether the area names no code at all."""
        return not (self.provinces or self.districts or self.subdistricts)


class Row(NamedTuple):
    """One household of the list: where it is, its need and why, its status for the hazard.

    A named tuple rather than a dataclass: lists of a province run to 10⁵ rows, and a tuple is
    made several times faster.
    """

    household_id: int
    code: str
    province_code: int
    district_code: int
    subdistrict_code: int
    people: int
    need: int
    reasons: tuple[str, ...]
    risk: float | None
    status: str

    @property
    def vulnerable(self) -> bool:
        """Whether at least one need applies."""
        return self.need > 0

    @property
    def status_label(self) -> str:
        """The status in Thai."""
        return STATUS_LABELS[self.status]


@dataclass
class Impact:
    """The ranked households of one hazard and their counts by status and by sub-district."""

    rows: list[Row]
    by_status: dict[str, int] = field(default_factory=dict)
    by_subdistrict: dict[int, dict[str, int]] = field(default_factory=dict)

    @property
    def households(self) -> int:
        """Households in the area."""
        return len(self.rows)

    @property
    def vulnerable(self) -> int:
        """Households with at least one need."""
        return sum(1 for r in self.rows if r.vulnerable)

    @property
    def reached(self) -> int:
        """Households contacted, visited or helped."""
        return sum(self.by_status.get(s, 0) for s in REACHED)


def _codes(values: Iterable[int]) -> str:
    return ", ".join(str(int(v)) for v in values)


def area_condition(area: Area, alias: str = "h") -> str:
    """The SQL condition selecting the households of an area ('1 = 0' for an empty one)."""
    parts = [
        f"{alias}.{column} IN ({_codes(codes)})"
        for column, codes in (
            ("province_code", area.provinces),
            ("district_code", area.districts),
            ("subdistrict_code", area.subdistricts),
        )
        if codes
    ]
    return "(" + " OR ".join(parts) + ")" if parts else "1 = 0"


def _need_sql() -> str:
    return " + ".join(f"{weight} * {flag}" for flag, weight, _ in NEEDS)


def impact_sql(
    area: Area,
    *,
    hazard_id: int | None = None,
    provinces: Sequence[int] | None = None,
    until: str | None = None,
    risk_threshold: float = RISK_THRESHOLD,
) -> str:
    """The one statement of the list: households of the area (within `provinces` if given).

    `until` (an ISO timestamp) leaves out contact records made after it, for a past report date.
    """
    scope = (
        f" AND h.province_code IN ({_codes(provinces) or 'NULL'})" if provinces is not None else ""
    )
    contact_time = f" AND c.recorded_at < '{_iso(until)}'" if until else ""
    hazard = int(hazard_id) if hazard_id is not None else -1  # -1: no hazard, no contacts
    # Every join is bounded by the area's households (hh), so the work grows with the area,
    # not with the register; no correlated subqueries (DuckDB and SQLite plan these alike).
    # S608: only integers (codes, the hazard id) and an ISO time from a datetime go in, never text.
    return f"""
WITH hh AS (
  SELECT h.id, h.code, h.province_code, h.district_code, h.subdistrict_code
  FROM register_household h
  WHERE h.merged_into_id IS NULL AND {area_condition(area)}{scope}
), mem AS (
  SELECT m.household_id AS hid,
    MAX(CASE WHEN m.disabled = TRUE AND m.chronic_ill = TRUE THEN 1 ELSE 0 END) AS bedridden,
    MAX(CASE WHEN m.disabled = TRUE THEN 1 ELSE 0 END) AS disabled,
    MAX(CASE WHEN m.age < {UNDER_FIVE} THEN 1 ELSE 0 END) AS under_five,
    MIN(m.age) AS youngest,
    COUNT(*) AS people
  FROM register_member m JOIN hh ON m.household_id = hh.id
  WHERE m.active = TRUE
  GROUP BY m.household_id
), idx AS (
  -- The latest year's TPMAP flag in one pass over the indices: year * 2 + flag is largest for
  -- the latest year (one row per household and year), and its last bit is that year's flag.
  -- A second pass joining back on (household, year) cost a full scan of the table.
  SELECT i.household_id AS hid,
    MAX(i.year * 2 + CASE WHEN i.tpmap_poor = TRUE THEN 1 ELSE 0 END) % 2 AS tpmap
  FROM register_householdindex i JOIN hh ON i.household_id = hh.id
  GROUP BY i.household_id
), last_contact AS (
  SELECT c.household_id AS hid, MAX(c.id) AS cid
  FROM hazards_contact c JOIN hh ON c.household_id = hh.id
  WHERE c.hazard_id = {hazard}{contact_time}
  GROUP BY c.household_id
), st AS (
  SELECT lc.hid, c.status FROM last_contact lc JOIN hazards_contact c ON c.id = lc.cid
), flags AS (
  SELECT hh.id, hh.code, hh.province_code, hh.district_code, hh.subdistrict_code,
    COALESCE(mem.people, 0) AS people,
    COALESCE(mem.bedridden, 0) AS bedridden,
    CASE WHEN mem.youngest >= {ELDERLY_AGE} THEN 1 ELSE 0 END AS elderly_alone,
    COALESCE(mem.disabled, 0) AS disabled,
    COALESCE(mem.under_five, 0) AS under_five,
    COALESCE(idx.tpmap, 0) AS tpmap,
    CASE WHEN s.score >= {float(risk_threshold)} THEN 1 ELSE 0 END AS risk,
    s.score AS score
  FROM hh
  LEFT JOIN mem ON mem.hid = hh.id
  LEFT JOIN idx ON idx.hid = hh.id
  LEFT JOIN register_screeningscore s ON s.household_id = hh.id
)
SELECT f.id, f.code, f.province_code, f.district_code, f.subdistrict_code, f.people,
  {_need_sql().replace(" * ", " * f.")} AS need, f.score,
  COALESCE(st.status, 'pending') AS status
FROM flags f LEFT JOIN st ON st.hid = f.id
ORDER BY need DESC, COALESCE(f.score, 0) DESC, f.code
"""  # noqa: S608


def _iso(text: str) -> str:
    """An ISO timestamp checked to hold only its own characters (it goes into the SQL)."""
    if not all(ch.isdigit() or ch in "-:T .+" for ch in text):
        raise ValueError(f"not an ISO timestamp: {text!r}")
    return text


# The weights are distinct powers of two, so a household's need is the sum of its flags and
# names them all: the reasons are read back from it, and the list needs no flag columns.
if sorted(w for _, w, _ in NEEDS) != [1 << i for i in range(len(NEEDS))]:
    raise ValueError("NEEDS weights must be the distinct powers of two 1, 2, 4, …")
REASONS: tuple[tuple[str, ...], ...] = tuple(
    tuple(label for _, weight, label in NEEDS if need & weight) for need in range(1 << len(NEEDS))
)


def _row(record: Sequence[Any]) -> Row:
    # The cursor gives Python ints, str and float on SQLite, PostgreSQL and DuckDB alike, so the
    # fields are taken as they come: converting each cost as much as the query on long lists.
    hid, code, province, district, subdistrict, people, need, score, status = record
    return Row(
        hid, code, province, district, subdistrict, people, need, REASONS[need], score, status
    )


def tally(rows: Sequence[Row]) -> Impact:
    """Counts by status and by sub-district (households, vulnerable and each status)."""
    by_status = {key: 0 for key, _ in STATUSES}
    by_status.update(Counter(r.status for r in rows))
    subs = [r.subdistrict_code for r in rows]
    # Counted with Counter over plain pairs rather than a dict per row: a province runs to 10⁵.
    pairs = Counter(zip(subs, (r.status for r in rows), strict=True))
    households = Counter(subs)
    vulnerable = Counter(r.subdistrict_code for r in rows if r.need)
    empty = {k: 0 for k, _ in STATUSES}
    by_sub: dict[int, dict[str, int]] = {
        code: {"households": n, "vulnerable": vulnerable[code], **empty}
        for code, n in sorted(households.items())
    }
    for (code, status), n in pairs.items():
        by_sub[code][status] = n
    return Impact(list(rows), by_status, by_sub)


def impact_list(
    cursor: Any,
    area: Area,
    *,
    hazard_id: int | None = None,
    provinces: Sequence[int] | None = None,
    until: str | None = None,
    risk_threshold: float = RISK_THRESHOLD,
) -> Impact:
    """Run the list through a DB-API cursor and count it: the one function pages, report,
    alerts and the benchmark share."""
    if area.empty:
        return tally([])
    sql = impact_sql(
        area, hazard_id=hazard_id, provinces=provinces, until=until, risk_threshold=risk_threshold
    )
    cursor.execute(sql)
    return tally([_row(r) for r in cursor.fetchall()])
