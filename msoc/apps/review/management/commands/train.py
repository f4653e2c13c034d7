"""`msoc train`: retrain the section model on the shipped data and the staff's review decisions.

Accept, move and reject in the review queue are training rows (msoc.apps.review.training). Four
in five reviewed items train, one in five (by a hash of the item id) is held out; while fewer
than `HOLDOUT_MIN` are held out, the dev half of the hand-labelled news set judges instead (the
test half only reports, in `msoc eval`). The new model replaces the stored one only if it scores
at least as well on that held-out set. The sample report is never used: neither to train nor to
choose. `--package` rebuilds the model shipped in the package from the shipped examples only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "ฝึกโมเดลจัดหมวดข่าวใหม่จากข้อมูลที่ติดมากับระบบและผลการคัดกรองของเจ้าหน้าที่ (เก็บโมเดลเดิมไว้ถ้าโมเดลใหม่ได้คะแนนต่ำกว่า)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--model", default=None, help="ที่เก็บโมเดล (ค่าเริ่มต้น VAR_DIR/models/sections.pkl)"
        )
        parser.add_argument(
            "--package",
            action="store_true",
            help="สร้างโมเดลที่ติดมากับแพ็กเกจใหม่ (msoc/data/nlp) จากข้อมูลที่ติดมากับระบบเท่านั้น",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from msoc.apps.review.actions import do_retrain_sections
        from msoc.nlp.classify import PACKAGED_MODEL, build_packaged

        if options["package"]:
            model = build_packaged(Path(options["model"]) if options["model"] else PACKAGED_MODEL)
            self.stdout.write(f"train: โมเดลของแพ็กเกจ ฝึกจาก {model.trained_on} ตัวอย่าง")
            return
        model_path = Path(options["model"]) if options["model"] else None
        outcome = do_retrain_sections(model_path)
        result = outcome.result
        verdict = "ใช้โมเดลใหม่" if result.kept_new else "คงโมเดลเดิม (โมเดลใหม่คะแนนต่ำกว่า)"
        self.stdout.write(
            f"train: ฝึกจาก {result.trained_on} ตัวอย่าง (ผลการคัดกรอง {outcome.reviewed} ข่าว), "
            f"ประเมินบน{outcome.judged_by} {result.evaluated_on} ตัวอย่าง: "
            f"ใหม่ {result.new_score} เดิม {result.old_score} → {verdict}\n"
            f"โมเดล: {outcome.model_path}"
        )


def split_reviews() -> tuple[list[Any], list[Any], int, str]:
    """(training rows, held-out rows, reviewed items, what judges): see msoc.apps.review.training."""
    from msoc.apps.review.training import split_reviews as split

    return split()
