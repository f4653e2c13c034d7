"""Checks before issuing: the sample's real defects, clean reports, each rule class, the CLI."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from msoc.report.importer import parse_report_file, parse_report_text
from msoc.report.lint import CATEGORIES, Finding, has_errors, lint
from msoc.report.lint.corpus import DEFAULT_CORPUS, MUTATIONS, evaluate

CLEAN = DEFAULT_CORPUS / "clean" / "sample-2566-05-03-fixed.txt"


def _lint_file(path: Path) -> list[Finding]:
    result = parse_report_file(path)
    return lint(result.report, import_issues=result.issues)


@pytest.fixture(scope="module")
def sample_findings(sample_report_path: Path) -> list[Finding]:
    return _lint_file(sample_report_path)


def _has(findings: list[Finding], rule: str, text: str = "", section: str = "") -> bool:
    return any(
        f.rule == rule and text in f.found + f.suggestion and f.section.startswith(section)
        for f in findings
    )


@pytest.mark.parametrize(
    ("rule", "text", "section"),
    [
        ("arith.breakdown", "๔๗๐", "๑.๕"),  # hotline channels 383+68+7+4+8 ≠ 462
        ("arith.list_count", "๖ อ่าง", "๑.๔"),  # six reservoirs, five names
        ("arith.budget_total", "๑,๘๒๒.๐๔๔๕", "๕.๒.๑"),
        ("arith.budget_total", "๖๒,๘๙๒,๒๐๐", "๕.๒"),
        ("format.dtg", "พ.ศ.", "๑.๓.๑"),
        ("format.dtg", "ช่องว่าง", "๑.๓.๔"),
        ("format.number", "๖๒,๒๙๒,๙๒๐๐", "๕.๒"),
        ("order.time", "๐๓๑๑๕๒", "๑.๓.๒"),
        ("order.numbering", "๕.๒.๓", "๕.๒"),
        ("order.numbering", "(๓)", "๕.๒.๖"),
        ("duplicate.story", "วิษณุ", "๑.๓.๒"),
        ("names.place_variant", "สหรัฐฯ", "๑.๓.๔"),
        ("names.place_misspelled", "ซูดาน", "๑.๓.๔"),
        ("names.person_variant", "ปัดแก้ว", "๒.๑"),
        ("names.reservoir", "สิรินธร", "๑.๔"),
        ("text.latin_in_thai", "รุ่งทิwa", "๒.๓"),
        ("text.misspelling", "ไซยาไนด์", "๑.๓.๑"),
        ("text.misspelling", "คลิป", "๑.๓.๑"),
        ("text.misspelling", "ทัศนคติ", "๓"),
        ("text.abbreviation", "ตร.", "๑.๓.๑"),
        ("text.doubled_char", "สถาปนากรม", "๒.๕"),
    ],
)
def test_sample_defects_are_found(
    sample_findings: list[Finding], rule: str, text: str, section: str
) -> None:
    assert _has(sample_findings, rule, text, section), [f.line() for f in sample_findings]


def test_sample_has_errors_and_few_false_alarms(sample_findings: list[Finding]) -> None:
    assert has_errors(sample_findings)
    # Correct figures are not flagged: no sum, average or day count of the sample that adds up.
    arithmetic = [f for f in sample_findings if f.category == "arithmetic"]
    assert len(arithmetic) == 4, [f.line() for f in arithmetic]
    assert not _has(sample_findings, "arith.average")
    assert not _has(sample_findings, "arith.day_count")
    assert not _has(sample_findings, "freshness.outside_period")


def test_clean_reports_have_no_errors() -> None:
    for path in sorted((DEFAULT_CORPUS / "clean").glob("*.txt")):
        findings = _lint_file(path)
        assert not has_errors(findings), [f.line() for f in findings]
        assert len(findings) <= 2, [f.line() for f in findings]


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_class_flags_a_defect_and_spares_the_clean_report(category: str) -> None:
    clean = CLEAN.read_text(encoding="utf-8")
    before = {(f.rule, f.found) for f in lint(parse_report_text(clean).report)}
    for name, (cls, mutate) in MUTATIONS.items():
        if cls != category:
            continue
        broken = mutate(clean, 0)
        assert broken is not None and broken != clean, name
        result = parse_report_text(broken)
        found = lint(result.report, import_issues=result.issues)
        new = [f for f in found if (f.rule, f.found) not in before]
        assert any(f.category == category for f in new), (name, [f.line() for f in new])
    assert not [
        f
        for f in lint(parse_report_text(clean).report)
        if f.category == category and f.severity == "error"
    ]


def test_findings_are_plain_data_with_thai_lines(sample_findings: list[Finding]) -> None:
    first = sample_findings[0]
    assert set(first.to_dict()) == {
        "rule",
        "severity",
        "section",
        "location",
        "found",
        "suggestion",
        "category",
    }
    assert first.line().startswith("[ผิดพลาด] ")
    assert Counter(f.severity for f in sample_findings)["error"] >= 10
    assert all(f.category in CATEGORIES for f in sample_findings)


def test_unknown_source_against_a_given_registry() -> None:
    report = parse_report_text(CLEAN.read_text(encoding="utf-8")).report
    findings = lint(report, sources={"มติชน ออนไลน์"})
    assert _has(findings, "names.source_unknown", "เดลินิวส์ ออนไลน์")
    assert not _has(lint(report), "names.source_unknown")


def test_evaluation_floors() -> None:
    scores = evaluate(DEFAULT_CORPUS, per_mutation=1)
    classes = scores["classes"]
    assert isinstance(classes, dict)
    for category in CATEGORIES:
        assert classes[category]["recall"] >= (0.5 if category == "text" else 0.9), (
            category,
            classes,
        )
        assert classes[category]["precision"] >= (0.6 if category == "text" else 0.9), (
            category,
            classes,
        )


def test_command_lints_a_file(capsys: pytest.CaptureFixture[str], sample_report_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("report", "lint", "--file", str(sample_report_path))
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "arith.breakdown" in out and "ผิดพลาด" in out
    call_command(
        "report", "lint", "--file", str(DEFAULT_CORPUS / "clean" / "small-2566-05-08.txt"), "--json"
    )
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.django_db
def test_command_needs_a_report_for_the_date() -> None:
    with pytest.raises(CommandError):
        call_command("report", "lint", "1999-01-01")
    with pytest.raises(CommandError):
        call_command("report", "lint")
