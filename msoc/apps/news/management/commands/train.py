"""`msoc train`: retrain the section model on the shipped examples and reviewed items.

The new model replaces the stored one only if it scores at least as well on the evaluation set
(reviewed items held out from training, or the sample report's rows while few are reviewed).
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

HOLDOUT_MIN = 20  # fewer held-out reviewed items than this: evaluate on the sample's rows


class Command(BaseCommand):
    help = "ฝึกโมเดลจัดหมวดข่าวใหม่ (เก็บโมเดลเดิมไว้ถ้าโมเดลใหม่ได้คะแนนต่ำกว่า)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--model", default=None, help="ที่เก็บโมเดล (ค่าเริ่มต้น VAR_DIR/models/sections.pkl)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from msoc.nlp.classify import default_examples, retrain, sample_examples

        model_path = (
            Path(options["model"])
            if options["model"]
            else Path(settings.VAR_DIR) / "models" / "sections.pkl"
        )
        reviewed = reviewed_examples()
        held = [e for key, e in reviewed if zlib.crc32(key.encode()) % 5 == 0]
        training = default_examples() + [
            e for key, e in reviewed if zlib.crc32(key.encode()) % 5 != 0
        ]
        evaluation = held if len(held) >= HOLDOUT_MIN else sample_examples()
        result = retrain(training, evaluation, model_path)
        verdict = "ใช้โมเดลใหม่" if result.kept_new else "คงโมเดลเดิม (โมเดลใหม่คะแนนต่ำกว่า)"
        self.stdout.write(
            f"train: ฝึกจาก {result.trained_on} ตัวอย่าง (คัดกรองแล้ว {len(reviewed)}), "
            f"ประเมิน {result.evaluated_on} ตัวอย่าง: ใหม่ {result.new_score} เดิม {result.old_score} → {verdict}\n"
            f"โมเดล: {model_path}"
        )


def reviewed_examples() -> list[tuple[str, Any]]:
    """(item id, Example) for every reviewed item: accepted ones keep their section, rejected are `none`."""
    from msoc.nlp.classify import Example

    if not apps.is_installed("msoc.apps.review"):
        return []
    item_state = apps.get_model("review", "ItemState")
    out = []
    for state in item_state.objects.select_related("item").iterator():
        item = state.item
        section = item.section if state.status == "accepted" else "none"
        if section:
            text = f"{item.title} {(item.description or '')[:160]}".strip()
            out.append((str(item.pk), Example(text, section, tuple(item.topics or ()))))
    return out
