"""What an import found: issues per line and part, the fatal error, and the line bookkeeping."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from msoc.report.model import DailyReport
from msoc.thai import normalize_text

Severity = Literal["repaired", "unreadable"]


@dataclass
class ImportIssue:
    """One finding of the importer: a repair it made, or content it could not read."""

    line: int  # 1-based line of the text form (0 when the whole input is meant)
    message: str
    severity: Severity
    part: str  # where in the report: "header", "๑.๓.๑ row 3", "๒.๔ (๓)"


@dataclass
class ImportResult:
    """An imported report with everything the importer repaired or could not read."""

    report: DailyReport
    issues: list[ImportIssue]
    path: str | None = None


class ReportImportError(Exception):
    """The input cannot be read as a report at all; names the file, the line and the reason."""

    def __init__(self, path: str | None, line: int, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<ข้อความ>"
        return f"{where}, บรรทัด {self.line}: {self.reason}"


@dataclass(frozen=True)
class SourceLine:
    """One line of the text form with its 1-based number."""

    number: int
    raw: str

    @property
    def text(self) -> str:
        """The line normalised (NFC, single spaces, trimmed)."""
        return normalize_text(self.raw)


@dataclass
class Findings:
    """Collects issues and remembers which lines were used, so nothing is dropped silently."""

    path: str | None = None
    issues: list[ImportIssue] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    reported: set[int] = field(default_factory=set)

    def use(self, *lines: SourceLine) -> None:
        """Mark lines as taken into the report."""
        self.used.update(ln.number for ln in lines)

    def repaired(self, line: int | SourceLine, part: str, message: str) -> None:
        """Record a repair (the content was imported, differently from how it was written)."""
        self._add(line, part, message, "repaired")

    def unreadable(self, line: int | SourceLine, part: str, message: str) -> None:
        """Record content that could not be imported."""
        self._add(line, part, message, "unreadable")

    def _add(self, line: int | SourceLine, part: str, message: str, severity: Severity) -> None:
        number = line.number if isinstance(line, SourceLine) else line
        self.reported.add(number)
        self.issues.append(ImportIssue(number, message, severity, part))

    def fail(self, line: int | SourceLine, reason: str) -> ReportImportError:
        """The fatal error for this input, to be raised by the caller."""
        number = line.number if isinstance(line, SourceLine) else line
        return ReportImportError(self.path, number, reason)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, cut off at `limit` + 1 (labels are short, this stays fast)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)


def close_to(text: str, expected: str) -> bool:
    """Whether a heading title is the expected one, allowing a few typing slips."""
    text, expected = text.replace(" ", ""), expected.replace(" ", "")
    if text.startswith(expected):
        return True
    head = text[: len(expected)]
    return edit_distance(head, expected, 2) <= max(1, min(2, len(expected) // 5))
