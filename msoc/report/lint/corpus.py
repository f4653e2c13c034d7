"""The lint corpus: clean reports, variants with one deliberate defect each, and the scores.

A corpus folder holds clean reports in the text form under `clean/`. Every mutation below
breaks a clean report in one known way (a sum, two rows swapped, a story twice, a misspelt
place …) and names the rule class that must find it; mutations that do not apply to a report
(nothing to break) are skipped. Precision and recall are computed per rule class: a variant's
defect is found when a finding of its class appears that the clean report did not have; every
other new finding, and every finding on a clean report, is a false alarm of its class.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from msoc.report.importer import parse_report_text
from msoc.report.lint.finding import CATEGORIES, Finding
from msoc.thai import THAI_DIGITS, to_arabic_digits, to_thai_digits

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "tests" / "report" / "lint_corpus"
Mutation = Callable[[str, int], str | None]


@dataclass(frozen=True)
class Variant:
    """One defective report: its text, the mutation and the class that must flag it."""

    name: str
    category: str
    text: str


def _nth(pattern: str, text: str, k: int, flags: int = re.M) -> re.Match[str] | None:
    found = list(re.finditer(pattern, text, flags))
    return found[k % len(found)] if found else None


def _bump(number: str, by: int = 3) -> str:
    return to_thai_digits(str(int(to_arabic_digits(number).replace(",", "")) + by))


def _sub_at(text: str, m: re.Match[str], group: int, new: str) -> str:
    return text[: m.start(group)] + new + text[m.end(group) :]


def _number_after(label: str) -> Mutation:
    def mutate(text: str, k: int) -> str | None:
        m = _nth(rf"{label}\s*([๐-๙][๐-๙,]*)", text, k)
        return _sub_at(text, m, 1, _bump(m.group(1), k + 3)) if m else None

    return mutate


def _rows(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"^([๐-๙]{6}) (\S+)\t([^\t]+)\t([^\t]+)\t(.+)$", text, re.M))


def _swap_rows(text: str, k: int) -> str | None:
    rows = _rows(text)
    pairs = [
        (a, b)
        for a, b in zip(rows, rows[1:], strict=False)
        if text[a.end() : b.start()] == "\n" and a.group(1) < b.group(1)
    ]
    if not pairs:
        return None
    a, b = pairs[k % len(pairs)]
    return text[: a.start()] + b.group(0) + "\n" + a.group(0) + text[b.end() :]


def _duplicate_row(text: str, k: int) -> str | None:
    rows = _rows(text)
    if not rows:
        return None
    row = rows[k % len(rows)]
    words = row.group(5).split(" ")
    if len(words) < 4:
        return None
    summary = " ".join(words[:-1])  # a second outlet's shorter headline of the same story
    copy = f"{row.group(1)} {row.group(2)}\tไทยรัฐ ออนไลน์\t{row.group(4)}\t{summary}"
    return text[: row.end()] + "\n" + copy + text[row.end() :]


def _row_cell(cell: int, change: Callable[[str, int], str | None]) -> Mutation:
    def mutate(text: str, k: int) -> str | None:
        rows = _rows(text)
        candidates = [r for r in rows if change(r.group(cell), k) not in (None, r.group(cell))]
        if not candidates:
            return None
        row = candidates[k % len(candidates)]
        return _sub_at(text, row, cell, change(row.group(cell), k) or "")

    return mutate


def _misspell(name: str, k: int) -> str | None:
    letters = [i for i, c in enumerate(name) if "ก" <= c <= "ฮ"]
    if len(name) < 4 or len(letters) < 2:
        return None
    i = letters[(k + 1) % len(letters)]
    swap = {
        "ซ": "ช",
        "ช": "ซ",
        "บ": "ป",
        "ป": "บ",
        "ด": "ต",
        "ต": "ด",
        "ส": "ศ",
        "น": "ม",
        "ร": "ล",
    }
    return name[:i] + swap.get(name[i], "ห" if name[i] != "ห" else "ม") + name[i + 1 :]


def _replace(old: str, new: str) -> Mutation:
    def mutate(text: str, k: int) -> str | None:
        m = _nth(re.escape(old), text, k)
        return text[: m.start()] + new + text[m.end() :] if m else None

    return mutate


def _latin_in_name(text: str, k: int) -> str | None:
    m = _nth(r"(?:นาย|นางสาว|นาง)([ก-๛]{3,})", text, k)
    return _sub_at(text, m, 1, m.group(1)[:-1] + "a") if m else None


def _double_letter(text: str, k: int) -> str | None:
    body = text.find("\n๑.๑")  # the letterhead (motto) is not checked text
    m = _nth(r"(?<=[ก-๛])(กรม|ประชุม|อาชีพ|ระดับ)", text[body:], k)
    if m is None:
        return None
    at = body + m.start(1)
    return text[:at] + m.group(1)[0] + text[at:]


def _older_row(text: str, k: int) -> str | None:
    rows = _rows(text)
    if not rows:
        return None
    first = rows[0]
    day = int(to_arabic_digits(first.group(1)[:2]))
    earlier = to_thai_digits(f"{max(day - 3, 1):02d}") + first.group(1)[2:]
    if earlier == first.group(1):
        return None
    return _sub_at(text, first, 1, earlier)


def _heading_gap(text: str, k: int) -> str | None:
    m = _nth(r"^(๕\.๒\.)([๒-๘])(\s)", text, k)
    if m is None:
        return None
    return _sub_at(text, m, 2, THAI_DIGITS[THAI_DIGITS.index(m.group(2)) + 1])


def _item_repeat(text: str, k: int) -> str | None:
    m = _nth(r"^\(([๓-๙])\) ", text, k)
    if m is None:
        return None
    return _sub_at(text, m, 1, THAI_DIGITS[THAI_DIGITS.index(m.group(1)) - 1])


MUTATIONS: dict[str, tuple[str, Mutation]] = {
    "hotline-channel": ("arithmetic", _number_after(r"สายด่วน(?= [๐-๙,]+ กรณี)")),
    "hotline-sex": ("arithmetic", _number_after(r"\(ชาย")),
    "hotline-kinds-total": ("arithmetic", _number_after(r"รวม(?= [๐-๙,]+ กรณี\))")),
    "hotline-fiscal-days": ("arithmetic", _number_after("จำนวน")),
    "covid-average": ("arithmetic", _number_after("เฉลี่ยวันละ")),
    "reservoir-count": ("arithmetic", _number_after(r"ร้อยละ [๐-๙]+ ขึ้นไป จำนวน")),
    "budget-total": ("arithmetic", _number_after("งบประมาณรวมจำนวน")),
    "dtg-month": ("format", _row_cell(2, lambda m, k: "พ.ศ.๖๖" if m.startswith("พ.ค") else None)),
    "number-grouping": ("format", _replace(",๐๐๐,๐๐๐ บาท", ",๐๐,๐๐๐๐ บาท")),
    "arabic-digits": (
        "format",
        _row_cell(
            5,
            lambda s, k: (
                re.sub("[๐-๙]+", lambda m: to_arabic_digits(m.group(0)), s, count=1)
                if re.search("[๐-๙]", s)
                else None
            ),
        ),
    ),
    "rows-swapped": ("order", _swap_rows),
    "heading-gap": ("order", _heading_gap),
    "item-repeat": ("order", _item_repeat),
    "story-twice": ("duplicate", _duplicate_row),
    "place-misspelt": ("names", _row_cell(4, _misspell)),
    "source-unknown": (
        "names",
        _row_cell(3, lambda s, k: s.replace("ออนไลน์", "ออนลาย") if "ออนไลน์" in s else None),
    ),
    "reservoir-misspelt": ("names", _replace("ป่าสักชลสิทธิ์", "ป่าสักชลสิทธ")),
    "latin-in-name": ("text", _latin_in_name),
    "doubled-letter": ("text", _double_letter),
    "common-misspelling": ("text", _replace("ทัศนคติ", "ทศนคติ")),
    "police-as-doctor": ("text", _replace("ตร. ", "ดร. ")),
    "row-too-old": ("freshness", _older_row),
}


def variants(clean: str, name: str, per_mutation: int = 2) -> list[Variant]:
    """The defective variants of one clean report (up to `per_mutation` per mutation)."""
    out: list[Variant] = []
    for key, (category, mutate) in MUTATIONS.items():
        seen: set[str] = set()
        for k in range(per_mutation):
            text = mutate(clean, k)
            if text is None or text == clean or text in seen:
                continue
            seen.add(text)
            out.append(Variant(f"{name}:{key}:{k}", category, text))
    return out


def _lint_text(text: str) -> list[Finding]:
    from msoc.report.lint import lint

    result = parse_report_text(text)
    return lint(result.report, import_issues=result.issues)


def _key(f: Finding) -> tuple[str, str, str]:
    return (f.rule, f.section, f.found)


def evaluate(corpus_dir: str | Path | None = None, per_mutation: int = 2) -> dict[str, object]:
    """Precision and recall per rule class, with the counts behind them and the misses."""
    folder = Path(corpus_dir) if corpus_dir else DEFAULT_CORPUS
    cleans = sorted((folder / "clean").glob("*.txt"))
    if not cleans:
        raise FileNotFoundError(f"{folder / 'clean'}: ไม่มีรายงานตัวอย่าง (*.txt)")
    tp: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    fn: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    fp: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    missed: list[str] = []
    alarms: list[str] = []
    total = 0
    for path in cleans:
        clean = path.read_text(encoding="utf-8")
        baseline = _lint_text(clean)
        for f in baseline:
            fp[f.category] += 1
        known = {_key(f) for f in baseline}
        for variant in variants(clean, path.stem, per_mutation):
            total += 1
            new = [f for f in _lint_text(variant.text) if _key(f) not in known]
            hit = [f for f in new if f.category == variant.category]
            if hit:
                tp[variant.category] += 1
            else:
                fn[variant.category] += 1
                missed.append(variant.name)
            for f in new:
                if f.category != variant.category:
                    fp[f.category] += 1
                    alarms.append(f"{variant.name}: {f.line()}")
    classes = {
        c: {
            "precision": round(tp[c] / (tp[c] + fp[c]), 3) if tp[c] + fp[c] else None,
            "recall": round(tp[c] / (tp[c] + fn[c]), 3) if tp[c] + fn[c] else None,
            "found": tp[c],
            "missed": fn[c],
            "false_alarms": fp[c],
        }
        for c in CATEGORIES
    }
    return {
        "reports": len(cleans),
        "variants": total,
        "classes": classes,
        "missed": missed,
        "false_alarms": alarms,
    }
