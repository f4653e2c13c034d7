"""`msoc jobs [list|run]`: the background jobs, failed ones with their error."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

STATUS = {"READY": "รอทำ", "RUNNING": "กำลังทำ", "FAILED": "ล้มเหลว", "SUCCESSFUL": "สำเร็จ"}


class Command(BaseCommand):
    help = "งานเบื้องหลัง: list แสดงงานล่าสุด (งานที่ล้มเหลวพร้อมสาเหตุ), run ทำงานที่ถึงเวลาทันที"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["list", "run"], default="list")
        parser.add_argument("--failed", action="store_true", help="เฉพาะงานที่ล้มเหลว")
        parser.add_argument("--limit", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        from django_tasks_db.models import DBTaskResult

        from msoc.jobs import run_jobs

        if options["action"] == "run":
            run_jobs()
        jobs = DBTaskResult.objects.order_by("-enqueued_at")
        if options["failed"]:
            jobs = jobs.filter(status="FAILED")
        for job in jobs[: options["limit"]]:
            attempt = job.args_kwargs.get("kwargs", {}).get("attempt", 0) + 1
            when = timezone.localtime(job.enqueued_at).strftime("%Y-%m-%d %H:%M:%S")
            line = (
                f"{when}  {STATUS.get(job.status, job.status):<8}  {job.task_path}  ครั้งที่ {attempt}"
            )
            if job.status == "READY" and job.run_after > timezone.now():
                line += f"  (ลองใหม่ {timezone.localtime(job.run_after):%H:%M:%S})"
            self.stdout.write(line)
            if job.status == "FAILED":
                last = (job.traceback or "").strip().splitlines()[-1:] or [job.exception_class_path]
                self.stdout.write(f"    {last[0]}")
