"""`msoc report import|render|issue` from the command line, on a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from msoc.apps.reports.models import NewsRow, Report

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_import_then_render_every_format(sample_report_path: Path, tmp_path: Path) -> None:
    call_command("report", "import", str(sample_report_path))
    for fmt in ("html", "docx", "pdf", "json"):
        target = tmp_path / f"report.{fmt}"
        call_command("report", "render", "2023-05-03", "--format", fmt, "--output", str(target))
        assert target.stat().st_size > 1000
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["news"][0]["published_at"] == "2023-05-02T14:05+07:00"
    assert data["hotline"]["fiscal_year_to_date"] == {
        "start": "2022-10-01",
        "end": "2023-05-03",
        "days": 215,
        "total": 76616,
        "per_day": 356,
    }
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def test_a_bad_file_among_good_ones_is_named_and_nothing_of_it_is_stored(
    sample_report_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "not-a-report.txt"
    bad.write_text("สวัสดีครับ\nนี่ไม่ใช่รายงาน\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 ไฟล์"):
        call_command("report", "import", str(bad), str(sample_report_path))
    assert Report.objects.count() == 1 and NewsRow.objects.count() == 46


def test_render_of_a_date_without_anything_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="ไม่มีรายงาน"):
        call_command(
            "report", "render", "2020-01-01", "--format", "pdf", "--output", str(tmp_path / "x.pdf")
        )


def test_the_console_command_exits_non_zero_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "truncated.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage\x00\x01")
    env = {
        **os.environ,
        "MSOC_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "MSOC_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "msoc", "report", "import", str(bad)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode != 0
    assert "truncated.txt" in done.stderr
