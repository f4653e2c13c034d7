"""`msoc db backup` / `restore`: a restored database is exactly the backed-up one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from msoc.apps.reports.models import NewsRow, Report
from msoc.apps.reports.services import import_report_file
from msoc.backup import manifest_path

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_then_restore_brings_back_exactly_the_backed_up_rows(
    sample_report_path: Path, tmp_path: Path
) -> None:
    import_report_file(sample_report_path)
    target = tmp_path / "msoc.backup"
    call_command("db", "backup", str(target))
    manifest = json.loads(manifest_path(target).read_text())
    assert manifest["counts"]["reports_newsrow"] == 46

    NewsRow.objects.all().delete()
    Report.objects.all().delete()
    call_command("db", "restore", str(target))
    assert NewsRow.objects.count() == 46 and Report.objects.count() == 1


def test_restore_refuses_a_backup_whose_rows_do_not_match_its_manifest(
    sample_report_path: Path, tmp_path: Path
) -> None:
    import_report_file(sample_report_path)
    target = tmp_path / "msoc.backup"
    call_command("db", "backup", str(target))
    manifest = json.loads(manifest_path(target).read_text())
    manifest["counts"]["reports_newsrow"] = 47
    manifest_path(target).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="reports_newsrow"):
        call_command("db", "restore", str(target))


def test_restore_of_a_missing_or_broken_backup_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="ไม่พบไฟล์สำรอง"):
        call_command("db", "restore", str(tmp_path / "nothing.backup"))
    broken = tmp_path / "broken.backup"
    broken.write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="กำกับ"):
        call_command("db", "restore", str(broken))
