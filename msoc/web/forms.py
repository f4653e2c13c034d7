"""Forms of the web app: every field validated with a Thai message naming what is wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from msoc.apps.news.models import Item
from msoc.apps.reports.models import SECTION_CHOICES, NewsRow
from msoc.report.model import HOTLINE_CHANNELS, HOTLINE_KINDS, HOTLINE_REFERRALS, HOTLINE_SERVICES
from msoc.thai import ThaiFormatError, parse_int, to_thai_digits
from msoc.web.forms_dates import ThaiDateField
from msoc.web.validation import MAX_INT, check_day, column_length
from msoc.zip_limits import LIMITS_BY_SUFFIX, ArchiveRefused, check_archive

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_TYPES = (".txt", ".docx")
REQUIRED = {"required": "โปรดกรอกช่องนี้"}


def form_errors_text(form: forms.Form) -> str:
    """A form's errors as one Thai line: each field's label and its messages."""
    return "; ".join(
        f"{form.fields[f].label if f in form.fields else ''} {' '.join(str(m) for m in e)}".strip()
        for f, e in form.errors.items()
    )


class ThaiIntegerField(forms.Field):
    """A whole number ≥ 0 written with Thai or Arabic digits; '-' or blank means none."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "class": "num"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> int | None:
        text = str(value).strip() if value is not None else ""
        if not text or text == "-":
            return None
        if len(text) > 20:
            raise ValidationError(f"“{text[:20]}…” ยาวเกินไปสำหรับตัวเลข")
        try:
            number = parse_int(text).value
        except ThaiFormatError as exc:
            raise ValidationError(f"“{text}” ไม่ใช่จำนวนเต็ม") from exc
        if number is not None and number < 0:
            raise ValidationError(f"“{text}” ติดลบไม่ได้ ต้องเป็นจำนวนตั้งแต่ ๐ ขึ้นไป")
        if number is not None and number > MAX_INT:
            raise ValidationError(f"“{text}” มากเกินไป รับได้ไม่เกิน {to_thai_digits(f'{MAX_INT:,}')}")
        return number


class RowForm(forms.Form):
    """One row of a ๑.๓ table as the builder edits it."""

    section = forms.ChoiceField(
        label="หมวด",
        choices=SECTION_CHOICES,
        error_messages={**REQUIRED, "invalid_choice": "ไม่มีหมวดนี้ในรายงาน"},
    )
    source = forms.CharField(
        label="ที่มา", max_length=column_length(NewsRow, "source"), error_messages=REQUIRED
    )
    place = forms.CharField(
        label="สถานที่", max_length=column_length(NewsRow, "place"), required=False
    )
    summary = forms.CharField(
        label="สรุปข่าว",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={**REQUIRED, "max_length": "สรุปข่าวยาวเกิน %(limit_value)d ตัวอักษร"},
    )


class ReviewEditForm(forms.Form):
    """What a reviewer may change on a collected item: section, place and summary (all optional)."""

    # Only bounded here: the review action itself refuses a section the report does not have.
    section = forms.CharField(
        label="หมวด", required=False, max_length=column_length(Item, "section")
    )
    place = forms.CharField(
        label="สถานที่",
        required=False,
        max_length=column_length(Item, "place"),
        error_messages={"max_length": "สถานที่ยาวเกิน %(limit_value)d ตัวอักษร"},
    )
    summary = forms.CharField(
        label="สรุปข่าว",
        required=False,
        max_length=4000,
        error_messages={"max_length": "สรุปข่าวยาวเกิน %(limit_value)d ตัวอักษร"},
    )

    def changes(self, posted: Any) -> dict[str, Any]:
        """The cleaned values of the fields that were posted (blank means cleared)."""
        return {name: self.cleaned_data[name] or None for name in self.fields if name in posted}


class NewRowForm(RowForm):
    """A row typed in by hand (not from a collected item)."""

    published_at = forms.DateTimeField(
        validators=[check_day],
        label="วัน เวลา",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={**REQUIRED, "invalid": "วัน เวลาไม่ถูกต้อง (ปี-เดือน-วัน ชั่วโมง:นาที)"},
    )


class HeadlinesForm(forms.Form):
    """The ๕.๑ key headlines, one per line."""

    headlines = forms.CharField(
        label="ประเด็นสำคัญ (บรรทัดละหนึ่งข้อ)",
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def lines(self) -> list[str]:
        """The headlines, blank lines dropped."""
        return [ln.strip() for ln in self.cleaned_data["headlines"].splitlines() if ln.strip()]


def _group(prefix: str, labels: dict[str, str]) -> dict[str, ThaiIntegerField]:
    return {f"{prefix}__{key}": ThaiIntegerField(label=label) for key, label in labels.items()}


class HotlineForm(forms.Form):
    """Every figure of ๑.๕ for one day; the total is required, the rest may be '-'."""

    GROUPS = {
        "channels": HOTLINE_CHANNELS,
        "services": HOTLINE_SERVICES,
        "referrals": HOTLINE_REFERRALS,
        "kinds": HOTLINE_KINDS,
    }
    GROUP_TITLES = {
        "channels": "ช่องทาง",
        "services": "การให้บริการ",
        "referrals": "การส่งต่อ",
        "kinds": "ประเภทการติดต่อ",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["total"] = ThaiIntegerField(
            label="รวมทั้งหมด (ราย)", required=True, error_messages=REQUIRED
        )
        self.fields["male"] = ThaiIntegerField(label="ชาย")
        self.fields["female"] = ThaiIntegerField(label="หญิง")
        for prefix, labels in self.GROUPS.items():
            self.fields.update(_group(prefix, labels))
        self.fields["mobile_unit"] = ThaiIntegerField(label="หน่วยเคลื่อนที่เร็ว")
        self.fields["kinds_total"] = ThaiIntegerField(label="รวมตามประเภท")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        total, male, female = data.get("total"), data.get("male"), data.get("female")
        if total is not None and male is not None and female is not None and male + female > total:
            raise ValidationError("ชายรวมหญิงมากกว่ายอดรวมทั้งหมด โปรดตรวจตัวเลข")
        return data

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The breakdown fields grouped with their Thai titles, for the template."""
        return [
            (self.GROUP_TITLES[p], [self[f"{p}__{k}"] for k in labels])
            for p, labels in self.GROUPS.items()
        ]

    def figures(self) -> dict[str, Any]:
        """The cleaned figures in the shape of hotline.DayTotals."""
        data = self.cleaned_data
        out: dict[str, Any] = {
            k: data.get(k) for k in ("total", "male", "female", "mobile_unit", "kinds_total")
        }
        for prefix, labels in self.GROUPS.items():
            out[prefix] = {key: data.get(f"{prefix}__{key}") for key in labels}
        return out

    @classmethod
    def initial_from(cls, totals: Any) -> dict[str, Any]:
        """Form values from stored figures."""
        if totals is None:
            return {}
        initial: dict[str, Any] = {
            k: getattr(totals, k) for k in ("total", "male", "female", "mobile_unit", "kinds_total")
        }
        for prefix in cls.GROUPS:
            for key, value in (getattr(totals, prefix) or {}).items():
                initial[f"{prefix}__{key}"] = value
        return initial


class ActivitiesForm(forms.Form):
    """A unit's activities of a date: one activity per block, blocks separated by a blank line."""

    text = forms.CharField(
        label="กิจกรรม (เว้นบรรทัดว่างระหว่างกิจกรรม)",
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"max_length": "ข้อความยาวเกิน %(limit_value)d ตัวอักษร"},
    )

    def activities(self) -> list[str]:
        """The activities, each possibly several paragraphs."""
        blocks = self.cleaned_data["text"].replace("\r\n", "\n").split("\n\n")
        return [b.strip() for b in blocks if b.strip()]


class StandingForm(forms.Form):
    """A new version of a standing block: title and lines (heading '# ', bullet '- ', else paragraph)."""

    title = forms.CharField(label="หัวข้อ", max_length=300, error_messages=REQUIRED)
    body = forms.CharField(
        label="เนื้อหา",
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=100_000,
        error_messages=REQUIRED,
    )
    valid_from = ThaiDateField(label="ใช้ตั้งแต่วันที่", error_messages=REQUIRED)


# What a file really is, by its first bytes, when it is not what its name says.
_OTHER_FORMATS = (
    (b"\xd0\xcf\x11\xe0", "เอกสาร Word/Excel รุ่นเก่า (.doc/.xls) โปรดบันทึกเป็นรุ่นใหม่ (.docx/.xlsx) ก่อน"),
    (b"%PDF", "ไฟล์ PDF"),
    (b"\x89PNG", "รูปภาพ PNG"),
    (b"\xff\xd8\xff", "รูปภาพ JPEG"),
    (b"GIF8", "รูปภาพ GIF"),
)


def checked_upload(upload: Any, max_bytes: int, types: tuple[str, ...]) -> Any:
    """An uploaded file, refused with the reason when too large, of another type, or a zip-based
    file (DOCX, XLSX) that unpacks past msoc.zip_limits: the one check of every upload form."""
    megabytes = to_thai_digits(f"{max_bytes // (1024 * 1024):,}")
    accepted = f"รับเฉพาะไฟล์ {' '.join(types)} ขนาดไม่เกิน {megabytes} MB"
    if upload.size > max_bytes:
        size = to_thai_digits(f"{upload.size:,}")
        raise ValidationError(f"ไฟล์ใหญ่เกินไป ({size} ไบต์) {accepted}")
    name = str(upload.name)
    head = upload.read(8)
    upload.seek(0)
    for magic, what in _OTHER_FORMATS:
        if head.startswith(magic):
            raise ValidationError(f"ไฟล์ {name} เป็น{what} {accepted}")
    if not name.lower().endswith(types):
        raise ValidationError(f"ไฟล์ {name} ไม่ใช่ชนิดที่รับ {accepted}")
    limits = LIMITS_BY_SUFFIX.get(Path(name).suffix.lower())
    if limits is not None:
        try:
            check_archive(upload, limits)
        except ArchiveRefused as exc:
            raise ValidationError(f"ไฟล์ {name}: {exc}") from exc
    return upload


class ImportForm(forms.Form):
    """Upload of a past report (text or DOCX) to import."""

    file = forms.FileField(
        label="ไฟล์รายงาน (.txt หรือ .docx ไม่เกิน ๕ MB)",
        error_messages={"required": "โปรดเลือกไฟล์", "empty": "ไฟล์ว่างเปล่า"},
    )

    def clean_file(self) -> Any:
        return checked_upload(self.cleaned_data["file"], MAX_UPLOAD_BYTES, UPLOAD_TYPES)


class SearchForm(forms.Form):
    """The search box and its filters."""

    q = forms.CharField(label="คำค้น", required=False, max_length=200)
    section = forms.ChoiceField(
        label="หมวด", required=False, choices=[("", "ทุกหมวด"), *SECTION_CHOICES]
    )
    kind = forms.ChoiceField(
        label="ชนิด",
        required=False,
        choices=[("", "ทั้งหมด"), ("item", "ข่าวที่เก็บ"), ("row", "ข่าวในรายงาน")],
    )
    source = forms.CharField(label="ที่มา", required=False, max_length=120)
    place = forms.CharField(label="สถานที่", required=False, max_length=120)
    topic = forms.CharField(label="หัวข้อ", required=False, max_length=60)
    date_from = ThaiDateField(label="ตั้งแต่", required=False)
    date_to = ThaiDateField(label="ถึง", required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start: date | None = data.get("date_from")
        end: date | None = data.get("date_to")
        if start and end and start > end:
            raise ValidationError("วันที่เริ่มอยู่หลังวันที่สิ้นสุด")
        return data
