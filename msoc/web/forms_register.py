"""Forms of the target-group register pages: search, help, consent, referral, hotline link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from msoc.apps.hotline.models import Case
from msoc.apps.register.models import Assistance, Consent, Household, Member, Referral
from msoc.apps.units.models import Unit
from msoc.web.forms import REQUIRED, checked_upload
from msoc.web.forms_dates import ThaiDateField
from msoc.web.validation import MAX_INT, column_length

CHOICE = {**REQUIRED, "invalid_choice": "ตัวเลือกนี้ไม่มีในรายการ"}


class MemberChoiceField(forms.ModelChoiceField):
    """A member of the household, shown by person number and name."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person_no}. {obj.full_name}"


class UnitChoiceField(forms.ModelChoiceField):
    """A ministry unit, shown by its abbreviation and name."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class ConsentChoiceField(forms.ModelChoiceField):
    """A consent still in force, shown by purpose, giver and date."""

    def label_from_instance(self, obj: Any) -> str:
        when = timezone.localtime(obj.recorded_at).strftime("%Y-%m-%d")
        return f"{obj.purpose} — {obj.given_by} ({when})"


def _units() -> Any:
    return Unit.objects.filter(active=True)


class HouseholdSearchForm(forms.Form):
    """Search words and an area within the user's provinces."""

    q = forms.CharField(
        label="ชื่อ นามสกุล รหัสบ้าน บ้านเลขที่ หรือเลขประจำตัวประชาชน ๑๓ หลัก",
        max_length=120,
        required=False,
    )
    province = forms.TypedChoiceField(
        label="จังหวัด", coerce=int, required=False, empty_value=None, error_messages=CHOICE
    )
    district = forms.TypedChoiceField(
        label="อำเภอ", coerce=int, required=False, empty_value=None, error_messages=CHOICE
    )
    subdistrict = forms.TypedChoiceField(
        label="ตำบล", coerce=int, required=False, empty_value=None, error_messages=CHOICE
    )
    poor = forms.BooleanField(label="เฉพาะคนจนเป้าหมาย (TPMAP)", required=False)
    order = forms.ChoiceField(
        label="เรียงตาม",
        required=False,
        choices=[
            ("code", "รหัสบ้าน"),
            ("deprivation", "ขาดแคลนมากที่สุดก่อน"),
            ("risk", "ความเสี่ยงสูงสุดก่อน"),
        ],
        error_messages=CHOICE,
    )

    def __init__(
        self,
        *args: Any,
        provinces: list[tuple[int, str]],
        districts: list[tuple[int, str]],
        subdistricts: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "ทุกจังหวัดที่รับผิดชอบ"), *provinces]  # type: ignore[attr-defined]
        self.fields["district"].choices = [("", "ทุกอำเภอ"), *districts]  # type: ignore[attr-defined]
        self.fields["subdistrict"].choices = [("", "ทุกตำบล"), *subdistricts]  # type: ignore[attr-defined]


class _HouseholdForm(forms.Form):
    """A form about one household: its member choices are that household's people."""

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.household = household
        if "member" in self.fields:
            self.fields["member"].queryset = Member.objects.filter(  # type: ignore[attr-defined]
                household=household, active=True
            )


class AssistanceForm(_HouseholdForm):
    """Help given to a household (or one of its members)."""

    prefix = "help"
    unit = UnitChoiceField(label="หน่วยงาน", queryset=_units(), error_messages=CHOICE)
    kind = forms.ChoiceField(
        label="ประเภทความช่วยเหลือ", choices=Assistance.Kind.choices, error_messages=CHOICE
    )
    given_on = ThaiDateField(label="วันที่ให้ความช่วยเหลือ", error_messages=REQUIRED)
    amount = forms.DecimalField(
        label="มูลค่า (บาท)",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": "มูลค่าต้องเป็นตัวเลข", "min_value": "มูลค่าต้องไม่ติดลบ"},
    )
    result = forms.ChoiceField(label="ผล", choices=Assistance.Result.choices, error_messages=CHOICE)
    member = MemberChoiceField(
        label="สมาชิกที่ได้รับ (ถ้ามี)",
        queryset=Member.objects.none(),
        required=False,
        empty_label="ทั้งครัวเรือน",
        error_messages=CHOICE,
    )
    note = forms.CharField(
        label="หมายเหตุ", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, household=household, **kwargs)


class ConsentForm(_HouseholdForm):
    """A consent to share the household's data for a purpose."""

    prefix = "consent"
    purpose = forms.CharField(
        label="วัตถุประสงค์",
        max_length=column_length(Consent, "purpose"),
        initial="ส่งต่อข้อมูลให้หน่วยงานที่เกี่ยวข้องเพื่อให้ความช่วยเหลือ",
        error_messages=REQUIRED,
    )
    given_by = forms.CharField(
        label="ผู้ให้ความยินยอม",
        max_length=column_length(Consent, "given_by"),
        error_messages=REQUIRED,
    )
    method = forms.ChoiceField(
        label="วิธีให้ความยินยอม", choices=Consent.Method.choices, error_messages=CHOICE
    )
    member = MemberChoiceField(
        label="สมาชิกที่ให้ความยินยอม (ถ้ามี)",
        queryset=Member.objects.none(),
        required=False,
        empty_label="-",
        error_messages=CHOICE,
    )


class ReferralForm(_HouseholdForm):
    """A referral to another unit, under a consent on record."""

    prefix = "referral"
    from_unit = UnitChoiceField(label="จากหน่วยงาน", queryset=_units(), error_messages=CHOICE)
    to_unit = UnitChoiceField(label="ถึงหน่วยงาน", queryset=_units(), error_messages=CHOICE)
    reason = forms.CharField(
        label="เหตุผลการส่งต่อ",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=REQUIRED,
    )
    # Not required here: the action itself refuses a referral without consent, with its reason.
    consent = ConsentChoiceField(
        label="ความยินยอม",
        queryset=Consent.objects.none(),
        required=False,
        empty_label="— ยังไม่มีความยินยอม —",
        error_messages=CHOICE,
    )
    member = MemberChoiceField(
        label="สมาชิกที่ส่งต่อ (ถ้ามี)",
        queryset=Member.objects.none(),
        required=False,
        empty_label="ทั้งครัวเรือน",
        error_messages=CHOICE,
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, household=household, **kwargs)
        self.fields["consent"].queryset = Consent.objects.filter(  # type: ignore[attr-defined]
            household=household, withdrawn_at__isnull=True
        )


class MoveReferralForm(forms.Form):
    """A referral's next status, with a note (required when the referral is not accepted)."""

    status = forms.ChoiceField(
        label="สถานะใหม่", choices=Referral.Status.choices, error_messages=CHOICE
    )
    note = forms.CharField(label="บันทึก", max_length=2000, required=False)


class CaseLinkForm(_HouseholdForm):
    """A 1300 hotline case number to tie to the household."""

    prefix = "case"
    case_id = forms.CharField(
        label="เลขที่เรื่องสายด่วน ๑๓๐๐",
        max_length=column_length(Case, "case_id"),
        error_messages=REQUIRED,
    )
    member = MemberChoiceField(
        label="สมาชิกที่เกี่ยวข้อง (ถ้ามี)",
        queryset=Member.objects.none(),
        required=False,
        empty_label="-",
        error_messages=CHOICE,
    )


class MergeForm(forms.Form):
    """Which of the two records to keep when merging a duplicate."""

    keep = forms.IntegerField(
        label="เก็บรายการ",
        min_value=1,
        max_value=MAX_INT,
        error_messages={**REQUIRED, "invalid": "ต้องเลือกรายการที่จะเก็บ"},
    )


SURVEY_TYPES = (".csv", ".txt", ".xlsx")
SURVEY_MAX_BYTES = 50 * 1024 * 1024


class SurveyUploadForm(forms.Form):
    """A จปฐ.-style survey file to import (docs/register-survey-format.md)."""

    file = forms.FileField(
        label="ไฟล์สำรวจ จปฐ. (.csv หรือ .xlsx ไม่เกิน ๕๐ MB)",
        error_messages={"required": "โปรดเลือกไฟล์", "empty": "ไฟล์ว่างเปล่า"},
    )
    keep_good = forms.BooleanField(
        label="นำเข้าเฉพาะครัวเรือนที่ถูกต้อง เมื่อไฟล์มีข้อผิดพลาดบางส่วน", required=False
    )

    def clean_file(self) -> Any:
        return checked_upload(self.cleaned_data["file"], SURVEY_MAX_BYTES, SURVEY_TYPES)
