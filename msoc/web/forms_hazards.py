"""Forms of the hazard pages: a declared hazard area, and a follow-up of one household."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms

from msoc.apps.hazards.actions import HazardError, HazardFields, parse_codes
from msoc.apps.hazards.models import Contact, Hazard
from msoc.register.areas import AddressError, default_areas
from msoc.web.forms import REQUIRED
from msoc.web.forms_dates import ThaiDateField

CHOICE = {**REQUIRED, "invalid_choice": "ตัวเลือกนี้ไม่มีในรายการ"}


class HazardForm(forms.Form):
    """A declared disaster area (ปภ. or the province's declaration) in one province."""

    title = forms.CharField(label="ชื่อเหตุการณ์/เลขที่ประกาศ", max_length=200, error_messages=REQUIRED)
    kind = forms.ChoiceField(label="ประเภทภัย", choices=Hazard.Kind.choices, error_messages=CHOICE)
    level = forms.ChoiceField(
        label="ระดับ", choices=Hazard.Level.choices, initial="disaster", error_messages=CHOICE
    )
    province = forms.TypedChoiceField(label="จังหวัด", coerce=int, error_messages=CHOICE)
    districts = forms.CharField(
        label="อำเภอ (ชื่อหรือรหัส คั่นด้วย , — เว้นว่าง = ทั้งจังหวัด)", max_length=1000, required=False
    )
    subdistricts = forms.CharField(
        label="ตำบล (รหัส ๖ หลัก คั่นด้วย ,)", max_length=1000, required=False
    )
    starts_on = ThaiDateField(label="ตั้งแต่วันที่", error_messages=REQUIRED)
    ends_on = ThaiDateField(label="ถึงวันที่", required=False)
    note = forms.CharField(
        label="หมายเหตุ", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, provinces: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["province"]).choices = provinces

    def clean_districts(self) -> list[int]:
        """District names or codes, each inside the chosen province."""
        areas, out = default_areas(), []
        province = self.cleaned_data.get("province")
        for part in filter(None, (p.strip() for p in self.cleaned_data["districts"].split(","))):
            if part.isdigit():
                code = int(part)
            elif province is None:
                continue
            else:
                try:
                    code, _ = areas.resolve_district(province, part)
                except AddressError as exc:
                    raise forms.ValidationError(str(exc)) from exc
            if areas.province_of_district(code) != province:
                raise forms.ValidationError(f"อำเภอ {part} ไม่อยู่ในจังหวัดที่เลือก")
            out.append(code)
        return out

    def clean_subdistricts(self) -> list[int]:
        """Sub-district codes inside the chosen province."""
        try:
            codes = parse_codes(self.cleaned_data["subdistricts"])
        except HazardError as exc:
            raise forms.ValidationError(str(exc)) from exc
        province = self.cleaned_data.get("province")
        areas = default_areas()
        for code in codes:
            if areas.province_of_subdistrict(code) != province:
                raise forms.ValidationError(f"ตำบลรหัส {code} ไม่อยู่ในจังหวัดที่เลือก")
        return codes

    def fields_for_action(self) -> HazardFields:
        """What the form holds as the hazard action takes it (the province alone if no area)."""
        d = self.cleaned_data
        whole = not (d["districts"] or d["subdistricts"])
        starts: date = d["starts_on"]
        return HazardFields(
            title=d["title"],
            kind=d["kind"],
            level=d["level"],
            provinces=[d["province"]] if whole else [],
            districts=d["districts"],
            subdistricts=d["subdistricts"],
            starts_on=starts,
            ends_on=d["ends_on"],
            note=d["note"],
        )


class ContactForm(forms.Form):
    """A follow-up of one household: its outcome, a note, the help or referral it led to."""

    status = forms.ChoiceField(
        label="ผลการติดตาม", choices=Contact.Status.choices, error_messages=CHOICE
    )
    note = forms.CharField(label="บันทึก", max_length=1000, required=False)
    assistance = forms.TypedChoiceField(
        label="ความช่วยเหลือที่บันทึกไว้",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages=CHOICE,
    )
    referral = forms.TypedChoiceField(
        label="การส่งต่อที่บันทึกไว้",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages=CHOICE,
    )

    def __init__(
        self,
        *args: Any,
        assistance: list[tuple[int, str]] = (),  # type: ignore[assignment]
        referrals: list[tuple[int, str]] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["assistance"]).choices = [("", "—"), *assistance]
        cast(forms.ChoiceField, self.fields["referral"]).choices = [("", "—"), *referrals]
