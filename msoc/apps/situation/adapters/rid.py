"""Royal Irrigation Department: the large-reservoir table (๑.๔ สภาพน้ำในอ่างเก็บน้ำ).

Reads RID's daily table of large reservoirs ("รายงานสภาพน้ำในอ่างเก็บน้ำขนาดใหญ่", the HTML page
of app.rid.go.th/reservoir, or the same table saved as CSV): one row per reservoir with its
capacity, storage and usable water (million m³ and % of capacity); region and total rows are
skipped. The table's date comes from its caption ("ข้อมูลวันที่ ๒ พฤษภาคม ๒๕๖๖").
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from typing import Any

from msoc.apps.situation.adapters.base import SourceFormatError, number, text_of
from msoc.thai import ThaiFormatError, normalize_text, parse_thai_date, to_arabic_digits

# column → words its header contains (after removing spaces); checked in this order.
COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("storage_pct", ("ปริมาณน้ำในอ่าง", "%")),
    ("usable_pct", ("ใช้การได้", "%")),
    ("storage", ("ปริมาณน้ำในอ่าง",)),
    ("usable", ("ใช้การได้",)),
    ("capacity", ("ความจุ",)),
    ("name", ("อ่างเก็บน้ำ",)),
]
SKIP_ROW = re.compile(r"^(รวม|ภาค|ทั้งประเทศ)")


class _Tables(HTMLParser):
    """Collects the text of every table row and the page's text (for the date)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        self.text.append(data)


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = re.sub(r"\s+", "", normalize_text(cell))
        for name, words in COLUMNS:
            if name not in found and all(w in key for w in words):
                found[name] = index
                break
    missing = [n for n, _ in COLUMNS if n not in found and n != "usable"]
    if missing:
        raise SourceFormatError(
            f"rid: หัวตารางไม่มีคอลัมน์ {', '.join(missing)} (พบ: {' | '.join(header)})"
        )
    return found


def _as_of(text: str) -> str:
    m = re.search(r"(?:ข้อมูล)?วันที่\s*([0-9๐-๙]{1,2}\s*\S+\s*[0-9๐-๙]{2,4})", text)
    if not m:
        return ""
    try:
        return parse_thai_date(m.group(1)).value.isoformat()
    except ThaiFormatError:
        return ""


def _rows(data: bytes) -> tuple[list[list[str]], str]:
    text = text_of(data, "rid")
    if "<table" in text.lower():
        parser = _Tables()
        parser.feed(text)
        return parser.rows, " ".join(parser.text)
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    return rows, text[:500]


def parse(data: bytes) -> dict[str, Any]:
    """The reservoirs of the table as the payload of a `rid` reading."""
    rows, text = _rows(data)
    header_at = next(
        (i for i, r in enumerate(rows) if any("อ่างเก็บน้ำ" in c for c in r) and len(r) >= 4), None
    )
    if header_at is None:
        raise SourceFormatError("rid: ไม่พบตารางอ่างเก็บน้ำ (หัวตารางต้องมีคำว่า อ่างเก็บน้ำ)")
    cols = _columns(rows[header_at])
    reservoirs = []
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        name = normalize_text(row[cols["name"]]) if cols["name"] < len(row) else ""
        name = re.sub(r"^\d+\.?\s*", "", to_arabic_digits(name)).strip()
        if not name or SKIP_ROW.match(name) or len(row) <= max(cols.values()):
            continue
        where = f"rid แถวที่ {offset} ({name})"
        values = {k: number(row[i], f"{where} {k}") for k, i in cols.items() if k != "name"}
        if values["capacity"] is None or values["storage_pct"] is None:
            raise SourceFormatError(f"{where}: ไม่มีความจุหรือร้อยละของปริมาณน้ำ")
        reservoirs.append(
            {"name": name, **{k: (str(v) if v is not None else None) for k, v in values.items()}}
        )
    if not reservoirs:
        raise SourceFormatError("rid: ตารางไม่มีแถวของอ่างเก็บน้ำ")
    return {"as_of": _as_of(text), "reservoirs": reservoirs}
