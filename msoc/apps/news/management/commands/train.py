"""`msoc train`: retrain the section model on the shipped data and the staff's review decisions.

Accept, move and reject in the review queue are training rows (msoc.apps.review.training). Four
in five reviewed items train, one in five (by a hash of the item id) is held out; while fewer
than `HOLDOUT_MIN` are held out, the dev half of the hand-labelled news set judges instead (the
test half only reports, in `msoc eval`). The new model replaces the stored one only if it scores
at least as well on that held-out set. The sample report is never used: neither to train nor to
choose. `--package` rebuilds the model shipped in the package from the shipped examples only.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

HOLDOUT_MIN = 20


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
        from msoc.nlp.classify import PACKAGED_MODEL, build_packaged, default_examples, retrain

        if options["package"]:
            model = build_packaged(Path(options["model"]) if options["model"] else PACKAGED_MODEL)
            self.stdout.write(f"train: โมเดลของแพ็กเกจ ฝึกจาก {model.trained_on} ตัวอย่าง")
            return
        model_path = (
            Path(options["model"])
            if options["model"]
            else Path(settings.VAR_DIR) / "models" / "sections.pkl"
        )
        training, evaluation, reviewed, judged_by = split_reviews()
        result = retrain(default_examples() + training, evaluation, model_path)
        verdict = "ใช้โมเดลใหม่" if result.kept_new else "คงโมเดลเดิม (โมเดลใหม่คะแนนต่ำกว่า)"
        self.stdout.write(
            f"train: ฝึกจาก {result.trained_on} ตัวอย่าง (ผลการคัดกรอง {reviewed} ข่าว), "
            f"ประเมินบน{judged_by} {result.evaluated_on} ตัวอย่าง: "
            f"ใหม่ {result.new_score} เดิม {result.old_score} → {verdict}\n"
            f"โมเดล: {model_path}"
        )


def split_reviews() -> tuple[list[Any], list[Any], int, str]:
    """(training rows, held-out rows, reviewed items, what judges) from the review decisions."""
    from msoc.apps.review.training import review_examples
    from msoc.nlp.classify import Example, news_eval_rows
    from msoc.nlp.heldout import news_half

    reviewed = review_examples()
    held = [e for key, e in reviewed if zlib.crc32(key.encode()) % 5 == 0]
    training = [e for key, e in reviewed if zlib.crc32(key.encode()) % 5 != 0]
    if len(held) >= HOLDOUT_MIN:
        return training, held, len(reviewed), "ข่าวที่คัดกรองแล้วซึ่งไม่ได้ใช้ฝึก"
    news = [
        Example(r["text"], r["section"]) for r in news_eval_rows() if news_half(r["id"]) == "dev"
    ]
    return training + held, news, len(reviewed), "ชุดข่าวที่ติดป้ายด้วยมือ (ครึ่ง dev)"
