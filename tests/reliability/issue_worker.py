"""A process that issues reports for a run of dates (run by test_document_numbers.py).

Usage: python issue_worker.py FIRST_DATE COUNT — creates the draft of each date and issues it
(without rendering), printing each allocated number. The database comes from MSOC_DATABASE_URL.
"""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta


def main() -> None:
    """Issue COUNT consecutive dates from FIRST_DATE."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msoc.settings")
    import django

    django.setup()
    from msoc.apps.reports.actions import do_get_or_create_draft, do_issue_report

    first, count = date.fromisoformat(sys.argv[1]), int(sys.argv[2])
    for n in range(count):
        day = first + timedelta(days=n)
        do_get_or_create_draft(day)
        report = do_issue_report(day, render=False)
        print(report.document_number, flush=True)


if __name__ == "__main__":
    main()
