"""Register tables: households and members as columns of numpy arrays, stored as Parquet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Nullable 0/1 flags: int8 with -1 meaning "not applicable / not asked"; NULL in Parquet and SQL.
HOUSEHOLD_FLAGS = (
    "food_safe",
    "medicine_ok",
    "housing_secure",
    "drinking_water",
    "water_use",
    "tidy_home",
)
MEMBER_FLAGS = (
    "birth_weight_ok",
    "exercises",
    "preschool",
    "in_school",
    "continued_m4",
    "literate",
    "has_income",
    "cared_for",
)
FLAG_COLUMNS: frozenset[str] = frozenset(HOUSEHOLD_FLAGS + MEMBER_FLAGS)

HOUSEHOLD_COLUMNS: dict[str, np.dtype] = {
    "hh_id": np.dtype(np.int64),
    "year": np.dtype(np.int16),
    "province_code": np.dtype(np.int16),
    "district_code": np.dtype(np.int32),
    "subdistrict_code": np.dtype(np.int32),
    "urban": np.dtype(np.int8),
    **{name: np.dtype(np.int8) for name in HOUSEHOLD_FLAGS},
    "welfare_card": np.dtype(np.int8),
    "debt": np.dtype(np.int32),
    "land_owned": np.dtype(np.int8),
}
MEMBER_COLUMNS: dict[str, np.dtype] = {
    "hh_id": np.dtype(np.int64),
    "person_no": np.dtype(np.int16),
    "sex": np.dtype(np.int8),
    "age": np.dtype(np.int16),
    **{name: np.dtype(np.int8) for name in MEMBER_FLAGS[:6]},
    "has_income": np.dtype(np.int8),
    "income_year": np.dtype(np.int32),
    "disabled": np.dtype(np.int8),
    "chronic_ill": np.dtype(np.int8),
    "cared_for": np.dtype(np.int8),
    "education": np.dtype(np.int8),
    "occupation": np.dtype(np.int8),
}

_SQL_TYPES = {
    np.dtype(np.int8): "TINYINT",
    np.dtype(np.int16): "SMALLINT",
    np.dtype(np.int32): "INTEGER",
    np.dtype(np.int64): "BIGINT",
    np.dtype(np.float64): "DOUBLE",
    np.dtype(np.float32): "FLOAT",
}


class RegisterError(ValueError):
    """The register tables are missing a column, have a wrong type or inconsistent rows."""


@dataclass(frozen=True)
class Register:
    """Households and their members, one numpy array per column (members grouped by hh_id)."""

    households: dict[str, np.ndarray]
    members: dict[str, np.ndarray]

    @property
    def n_households(self) -> int:
        """Number of household rows."""
        return len(self.households["hh_id"])

    @property
    def n_people(self) -> int:
        """Number of member rows."""
        return len(self.members["hh_id"])

    def validate(self, deep: bool = True) -> Register:
        """Raise RegisterError naming the first problem; deep also checks ids and flag values."""
        _check_table("households", self.households, HOUSEHOLD_COLUMNS)
        _check_table("members", self.members, MEMBER_COLUMNS)
        if not deep:
            return self
        for table, columns in (("households", self.households), ("members", self.members)):
            for name in FLAG_COLUMNS & columns.keys():
                values = columns[name]
                if len(values) and (values.min() < -1 or values.max() > 1):
                    raise RegisterError(f"{table}.{name}: flags must be -1, 0 or 1")
        hh_ids = self.households["hh_id"]
        ordered = np.sort(hh_ids)
        if len(ordered) > 1 and (ordered[1:] == ordered[:-1]).any():
            dup = ordered[1:][ordered[1:] == ordered[:-1]][0]
            raise RegisterError(f"households.hh_id: duplicate id {int(dup)}")
        member_hh = self.members["hh_id"]
        pos = np.searchsorted(ordered, member_hh)
        pos = np.minimum(pos, max(len(ordered) - 1, 0))
        if len(member_hh) and (len(ordered) == 0 or (ordered[pos] != member_hh).any()):
            raise RegisterError("members.hh_id: a member belongs to no household in the register")
        return self


def _check_table(
    table: str, columns: Mapping[str, np.ndarray], spec: Mapping[str, np.dtype]
) -> None:
    """Every required column present with its dtype, all columns of one length."""
    missing = [name for name in spec if name not in columns]
    if missing:
        raise RegisterError(f"{table}: missing columns {', '.join(missing)}")
    lengths = {name: len(values) for name, values in columns.items()}
    if len(set(lengths.values())) > 1:
        raise RegisterError(f"{table}: columns of different lengths {lengths}")
    for name, dtype in spec.items():
        values = columns[name]
        if not isinstance(values, np.ndarray) or values.ndim != 1:
            raise RegisterError(f"{table}.{name}: must be a one-dimensional numpy array")
        if values.dtype != dtype:
            raise RegisterError(f"{table}.{name}: dtype {values.dtype}, expected {dtype}")


def empty_register() -> Register:
    """A register with every column and no rows."""
    return Register(
        {name: np.empty(0, dtype) for name, dtype in HOUSEHOLD_COLUMNS.items()},
        {name: np.empty(0, dtype) for name, dtype in MEMBER_COLUMNS.items()},
    )


def concat(registers: Iterable[Register]) -> Register:
    """One register holding the rows of several (columns common to all are kept)."""
    parts = list(registers)
    if not parts:
        return empty_register()

    def join(tables: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
        names = [n for n in tables[0] if all(n in t for t in tables[1:])]
        return {n: np.concatenate([t[n] for t in tables]) for n in names}

    return Register(join([r.households for r in parts]), join([r.members for r in parts]))


def take(register: Register, mask_or_ids: np.ndarray | Iterable[int]) -> Register:
    """The households selected by a boolean mask over household rows, or by hh_id values."""
    selector = np.asarray(mask_or_ids)
    if selector.dtype == np.bool_:
        if len(selector) != register.n_households:
            raise RegisterError(
                f"take: mask has {len(selector)} values for {register.n_households} households"
            )
        ids = register.households["hh_id"][selector]
        keep_hh = selector
    else:
        ids = selector.astype(np.int64, copy=False)
        keep_hh = np.isin(register.households["hh_id"], ids)
    keep_members = np.isin(register.members["hh_id"], ids)
    return Register(
        {name: values[keep_hh] for name, values in register.households.items()},
        {name: values[keep_members] for name, values in register.members.items()},
    )


# --- Parquet ------------------------------------------------------------------------------


def to_parquet(folder: str | Path, register: Register) -> Path:
    """Write households.parquet and members.parquet into folder (-1 flags become NULL)."""
    import duckdb

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    register.validate(deep=False)
    con = duckdb.connect()
    try:
        for table, columns in (("households", register.households), ("members", register.members)):
            con.register("src", dict(columns))
            select = ", ".join(
                f"NULLIF({name}, -1) AS {name}" if name in FLAG_COLUMNS else name
                for name in columns
            )
            target = str(folder / f"{table}.parquet").replace("'", "''")
            con.execute(
                f"COPY (SELECT {select} FROM src) TO '{target}' "
                "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)"
            )
            con.unregister("src")
    finally:
        con.close()
    return folder


def read_parquet(folder: str | Path) -> Register:
    """Read a register folder written by to_parquet (NULL flags become -1)."""
    import duckdb

    folder = Path(folder)
    con = duckdb.connect()
    tables: list[dict[str, np.ndarray]] = []
    try:
        for table, spec in (("households", HOUSEHOLD_COLUMNS), ("members", MEMBER_COLUMNS)):
            path = folder / f"{table}.parquet"
            if not path.exists():
                raise RegisterError(f"{path}: no such file")
            source = f"read_parquet('{str(path).replace(chr(39), chr(39) * 2)}')"
            names = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
            missing = [n for n in spec if n not in names]
            if missing:
                raise RegisterError(f"{path}: missing columns {', '.join(missing)}")
            select = []
            for name in names:
                dtype = spec.get(name)
                sql_type = _SQL_TYPES.get(dtype) if dtype is not None else None
                if name in FLAG_COLUMNS:
                    select.append(f"COALESCE({name}, -1)::TINYINT AS {name}")
                elif sql_type:
                    select.append(f"{name}::{sql_type} AS {name}")
                else:
                    select.append(name)
            result = con.execute(f"SELECT {', '.join(select)} FROM {source}").fetchnumpy()
            tables.append({name: _plain(values) for name, values in result.items()})
    finally:
        con.close()
    return Register(tables[0], tables[1]).validate(deep=False)


def _plain(values: np.ndarray) -> np.ndarray:
    """A plain ndarray (DuckDB returns masked arrays for columns with NULLs)."""
    if isinstance(values, np.ma.MaskedArray):
        return np.asarray(values.filled(0) if values.dtype.kind in "iuf" else values.filled())
    return np.asarray(values)
