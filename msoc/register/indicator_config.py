"""The poverty indicator definitions: reading and validating msoc/data/register/indicators.toml.

Indicators, dimensions, weights and the poverty cut-off k are configuration, read into a
`PovertyConfig`. Each weight is an exact fraction; a rule may read only the register's columns,
compare them with whitelisted operators and numbers, so the SQL built from it
(`msoc.register.poverty.household_sql`) is safe to run. A config that cannot be used raises
`ConfigError` naming the culprit.
"""

from __future__ import annotations

import math
import operator
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any

from msoc.register import tables

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "data" / "register" / "indicators.toml"

# Rules may read only the register's columns (msoc/register/tables.py defines them).
HOUSEHOLD_COLUMNS = frozenset(tables.HOUSEHOLD_COLUMNS)
MEMBER_COLUMNS = frozenset(tables.MEMBER_COLUMNS)
OPERATORS = {"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
SCOPES = ("household", "member", "per_person")
MAX_INDICATORS = 62  # the deprivation bitmask is a signed 64-bit integer

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_TOP_KEYS = {"name", "label_th", "k", "dimensions", "indicators"}
_DIMENSION_KEYS = {"key", "label_th", "weight"}
_INDICATOR_KEYS = {"key", "dimension", "label_th", "deprived_th", "met_th", "weight", "scope", "column", "where", "fails", "below"}  # fmt: skip


class ConfigError(ValueError):
    """An indicator configuration that cannot be used; the message names the culprit."""


Number = int | float


@dataclass(frozen=True)
class Condition:
    """`column op value`, e.g. age >= 6."""

    column: str
    op: str
    value: Number

    def sql(self, alias: str = "") -> str:
        """The condition as SQL (column and operator are whitelisted, value is a number)."""
        return f"({alias}{self.column} {OPERATORS[self.op]} {_literal(self.value)})"

    def holds(self, value: Any) -> bool:
        """Python twin of `sql`: NULL (None) never satisfies a comparison."""
        if value is None:
            return False
        return bool(_PY_OPS[self.op](value, self.value))


@dataclass(frozen=True)
class Rule:
    """When a household is deprived in one indicator (see indicators.toml for the three scopes)."""

    scope: str
    column: str
    where: tuple[Condition, ...] = ()
    fails: Number | None = None
    below: Number | None = None

    def failure(self) -> Condition:
        """The comparison that marks a failure (`column = fails` or `column < below`)."""
        if self.fails is not None:
            return Condition(self.column, "=", self.fails)
        assert self.below is not None
        return Condition(self.column, "<", self.below)


@dataclass(frozen=True)
class Dimension:
    """A dimension (health, living …) with its Thai label and weight."""

    key: str
    label_th: str
    weight: Fraction


@dataclass(frozen=True)
class Indicator:
    """One indicator: its dimension, Thai label, weight (of the whole, not of the dimension), rule."""

    key: str
    dimension: str
    label_th: str
    weight: Fraction
    rule: Rule
    deprived_th: str = ""  # short wording of the deprivation, for explanations
    met_th: str = ""


@dataclass(frozen=True)
class PovertyConfig:
    """Dimensions, indicators (in bitmask order), exact weights summing to 1, and cut-off k."""

    name: str
    label_th: str
    dimensions: tuple[Dimension, ...]
    indicators: tuple[Indicator, ...]
    k: Fraction

    @cached_property
    def denominator(self) -> int:
        """D: the least common denominator of the weights; points = weight × D."""
        return math.lcm(*(i.weight.denominator for i in self.indicators))

    @cached_property
    def points(self) -> tuple[int, ...]:
        """Integer points per indicator; they sum to D because the weights sum to 1."""
        return tuple(int(i.weight * self.denominator) for i in self.indicators)

    @cached_property
    def cutoff(self) -> int:
        """Least score in points that makes a household Alkire-Foster poor: ceil(k·D)."""
        return math.ceil(self.k * self.denominator)

    @cached_property
    def dimension_of(self) -> tuple[int, ...]:
        """Index into `dimensions` of each indicator."""
        keys = [d.key for d in self.dimensions]
        return tuple(keys.index(i.dimension) for i in self.indicators)

    def with_k(self, k: Fraction | str | int) -> PovertyConfig:
        """The same indicators with another poverty cut-off."""
        return replace(self, k=_cutoff_fraction(k, "k"))

    def indicator_keys(self) -> tuple[str, ...]:
        """Indicator keys in config (bitmask) order."""
        return tuple(i.key for i in self.indicators)

    def decode(self, deprived: int) -> list[Indicator]:
        """The indicators set in a household's deprivation bitmask."""
        return [ind for bit, ind in enumerate(self.indicators) if deprived >> bit & 1]


# ── loading and validation ──────────────────────────────────────────────────────────────────


def load_config(
    path: Path | str | None = None,
    *,
    household_columns: Iterable[str] = (),
    member_columns: Iterable[str] = (),
) -> PovertyConfig:
    """Read and validate an indicator TOML file (default: the TPMAP 17 indicators)."""
    path = Path(path) if path is not None else DEFAULT_CONFIG
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_config(
        data, source=str(path), household_columns=household_columns, member_columns=member_columns
    )


def parse_config(
    data: Mapping[str, Any],
    *,
    source: str = "config",
    household_columns: Iterable[str] = (),
    member_columns: Iterable[str] = (),
) -> PovertyConfig:
    """Validate a parsed config; extra column names let tests and custom tables add columns."""
    columns = _columns(source, set(household_columns), set(member_columns))
    _no_unknown(data, _TOP_KEYS, source)
    k = _cutoff_fraction(data.get("k"), f"{source}: k")
    dimensions = _dimensions(data, source)
    indicators = _indicators(data, source, {d.key for d in dimensions}, columns)
    _check_weights(source, dimensions, indicators)
    return PovertyConfig(
        name=str(data.get("name", "custom")),
        label_th=str(data.get("label_th", "")),
        dimensions=tuple(dimensions),
        indicators=tuple(indicators),
        k=k,
    )


def _columns(source: str, extra_h: set[str], extra_m: set[str]) -> dict[str, frozenset[str]]:
    """The columns a rule may read: the register's, plus plain-named extra ones."""
    for name in extra_h | extra_m:
        if not _IDENTIFIER.match(name):
            raise ConfigError(f"{source}: extra column {name!r} is not a plain lower-case name")
    return {"household": HOUSEHOLD_COLUMNS | extra_h, "member": MEMBER_COLUMNS | extra_m}


def _dimensions(data: Mapping[str, Any], source: str) -> list[Dimension]:
    dimensions: list[Dimension] = []
    for n, raw in enumerate(_table_list(data, "dimensions", source), 1):
        where = f"{source}: dimension {raw.get('key', n)!r}"
        _no_unknown(raw, _DIMENSION_KEYS, where)
        key = _key(raw, where)
        if key in {d.key for d in dimensions}:
            raise ConfigError(f"{where}: key appears twice")
        dimensions.append(Dimension(key, _label(raw, where), _weight(raw.get("weight"), where)))
    return dimensions


def _indicators(
    data: Mapping[str, Any],
    source: str,
    dimension_keys: set[str],
    columns: Mapping[str, frozenset[str]],
) -> list[Indicator]:
    indicators: list[Indicator] = []
    for n, raw in enumerate(_table_list(data, "indicators", source), 1):
        where = f"{source}: indicator {raw.get('key', n)!r}"
        _no_unknown(raw, _INDICATOR_KEYS, where)
        key = _key(raw, where)
        if key in {i.key for i in indicators}:
            raise ConfigError(f"{where}: key appears twice")
        dimension = raw.get("dimension")
        if dimension not in dimension_keys:
            raise ConfigError(f"{where}: unknown dimension {dimension!r}")
        indicators.append(_indicator(raw, where, key, str(dimension), columns))
    if len(indicators) > MAX_INDICATORS:
        raise ConfigError(f"{source}: at most {MAX_INDICATORS} indicators (bitmask of 64 bits)")
    return indicators


def _indicator(
    raw: Mapping[str, Any],
    where: str,
    key: str,
    dimension: str,
    columns: Mapping[str, frozenset[str]],
) -> Indicator:
    rule = _rule(raw, where, columns)
    weight = _weight(raw.get("weight"), where)
    label = _label(raw, where)
    return Indicator(
        key,
        dimension,
        label,
        weight,
        rule,
        deprived_th=str(raw.get("deprived_th") or f"ไม่ผ่านเกณฑ์: {label}"),
        met_th=str(raw.get("met_th") or f"ผ่านเกณฑ์: {label}"),
    )


def _check_weights(source: str, dimensions: list[Dimension], indicators: list[Indicator]) -> None:
    """Each dimension's indicators weigh what the dimension weighs; the dimensions sum to 1."""
    for dim in dimensions:
        total = sum((i.weight for i in indicators if i.dimension == dim.key), Fraction(0))
        if total != dim.weight:
            raise ConfigError(
                f"{source}: dimension {dim.key!r}: indicator weights sum to {total}, "
                f"not the dimension's weight {dim.weight}"
            )
    total = sum((d.weight for d in dimensions), Fraction(0))
    if total != 1:
        raise ConfigError(f"{source}: dimension weights sum to {total}, not 1")


def _rule(raw: Mapping[str, Any], where: str, columns: Mapping[str, frozenset[str]]) -> Rule:
    scope = raw.get("scope")
    if scope not in SCOPES:
        raise ConfigError(f"{where}: scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    table = "household" if scope == "household" else "member"
    column = raw.get("column")
    if not isinstance(column, str) or column not in columns[table]:
        raise ConfigError(
            f"{where}: column {column!r} is not a {table} column "
            f"(allowed: {', '.join(sorted(columns[table]))})"
        )
    fails, below = raw.get("fails"), raw.get("below")
    if scope == "per_person":
        if fails is not None or "where" in raw:
            raise ConfigError(f"{where}: a per_person rule takes only column and below")
        if below is None:
            raise ConfigError(f"{where}: a per_person rule needs below (amount per person)")
    elif (fails is None) == (below is None):
        raise ConfigError(f"{where}: give exactly one of fails (= value) or below (< value)")
    conditions: list[Condition] = []
    raw_where = raw.get("where", [])
    if not isinstance(raw_where, list):
        raise ConfigError(f"{where}: where must be a list of [column, operator, number]")
    for item in raw_where:
        if not (isinstance(item, list) and len(item) == 3):
            raise ConfigError(f"{where}: where item {item!r} is not [column, operator, number]")
        col, op, value = item
        if not isinstance(col, str) or col not in columns[table]:
            raise ConfigError(f"{where}: where column {col!r} is not a {table} column")
        if op not in OPERATORS:
            raise ConfigError(
                f"{where}: operator {op!r} is not allowed (allowed: {' '.join(OPERATORS)})"
            )
        conditions.append(Condition(col, op, _number(value, f"{where}: where value")))
    return Rule(
        scope=scope,
        column=column,
        where=tuple(conditions),
        fails=None if fails is None else _number(fails, f"{where}: fails"),
        below=None if below is None else _number(below, f"{where}: below"),
    )


def _no_unknown(raw: Any, allowed: set[str], where: str) -> None:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: expected a table")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(unknown)}")


def _table_list(data: Mapping[str, Any], name: str, source: str) -> list[Mapping[str, Any]]:
    items = data.get(name)
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{source}: needs at least one [[{name}]] table")
    return items


def _key(raw: Mapping[str, Any], where: str) -> str:
    key = raw.get("key")
    if not isinstance(key, str) or not _IDENTIFIER.match(key):
        raise ConfigError(f"{where}: key must be a plain lower-case name")
    return key


def _label(raw: Mapping[str, Any], where: str) -> str:
    label = raw.get("label_th")
    if not isinstance(label, str) or not label.strip():
        raise ConfigError(f"{where}: label_th (Thai label) is required")
    return label


def _fraction(value: Any, where: str) -> Fraction:
    # Strings and integers only: a TOML float such as 0.05 would not be exact.
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ConfigError(f'{where}: {value!r} must be an exact fraction string such as "1/20"')
    try:
        return Fraction(value)
    except (ValueError, ZeroDivisionError) as exc:
        raise ConfigError(f"{where}: {value!r} is not a fraction") from exc


def _weight(value: Any, where: str) -> Fraction:
    weight = _fraction(value, f"{where}: weight")
    if not 0 < weight <= 1:
        raise ConfigError(f"{where}: weight {weight} must be in (0, 1]")
    return weight


def _cutoff_fraction(value: Any, where: str) -> Fraction:
    k = value if isinstance(value, Fraction) else _fraction(value, where)
    if not 0 < k <= 1:
        raise ConfigError(f"{where}: {k} must be in (0, 1]")
    return k


def _number(value: Any, where: str) -> Number:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}: {value!r} must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{where}: {value!r} must be finite")
    return value


def _literal(value: Number) -> str:
    # Both are valid numeric literals in DuckDB and Spark SQL; values were checked as numbers.
    return str(int(value)) if isinstance(value, int) else repr(float(value))


_PY_OPS = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
