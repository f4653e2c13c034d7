"""The target-group register: households and their members, indices, screening, help and referrals.

Personal data lives in `Member` (names, birth date, the keyed hash and last digits of the national
ID — never the whole number); every read of a household goes through `services.view_household`,
which logs it. Flags follow the จปฐ. survey: True met, False not met, None not applicable.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from msoc.register.survey_columns import EDUCATION_LABELS, OCCUPATION_LABELS
from msoc.register.tables import HOUSEHOLD_FLAGS, MEMBER_FLAGS

__all__ = ["HOUSEHOLD_FLAGS", "MEMBER_FLAGS"]

# Codes and labels as the survey format defines them (docs/register-survey-format.md).
EDUCATION = list(enumerate(EDUCATION_LABELS))
OCCUPATION = list(enumerate(OCCUPATION_LABELS))
SEX = [(1, "ชาย"), (2, "หญิง")]


def _flag(label: str) -> models.BooleanField:
    return models.BooleanField(label, null=True, blank=True)


class Household(models.Model):
    """One household as the survey (or the register's own staff) recorded it."""

    code = models.CharField("รหัสบ้าน", max_length=32, unique=True)
    year = models.PositiveSmallIntegerField("ปีสำรวจ (พ.ศ.)")
    province_code = models.PositiveSmallIntegerField("รหัสจังหวัด", db_index=True)
    district_code = models.PositiveIntegerField("รหัสอำเภอ", db_index=True)
    subdistrict_code = models.PositiveIntegerField("รหัสตำบล", db_index=True)
    house_no = models.CharField("บ้านเลขที่", max_length=32, blank=True)
    village_no = models.CharField("หมู่ที่", max_length=8, blank=True)
    urban = models.BooleanField("ในเขตเทศบาล", default=False)
    food_safe = _flag("กินอาหารถูกสุขลักษณะ")
    medicine_ok = _flag("ใช้ยาบำบัดเบื้องต้นเหมาะสม")
    housing_secure = _flag("ที่อยู่อาศัยมั่นคง")
    drinking_water = _flag("น้ำดื่มเพียงพอ")
    water_use = _flag("น้ำใช้เพียงพอ")
    tidy_home = _flag("บ้านเรือนสะอาดถูกสุขลักษณะ")
    welfare_card = models.BooleanField("มีบัตรสวัสดิการแห่งรัฐ", default=False)
    debt = models.PositiveIntegerField("หนี้สิน (บาท)", default=0)
    land_owned = models.BooleanField("มีที่ดินทำกิน/ที่อยู่", default=False)
    origin = models.CharField("ที่มา", max_length=32, default="survey")  # survey|synthetic|manual
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = "ครัวเรือน"
        verbose_name_plural = "ครัวเรือน"

    def __str__(self) -> str:
        return f"ครัวเรือน {self.code}"


class Member(models.Model):
    """A person in a household: personal data plus the survey's member indicators."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person_no = models.PositiveSmallIntegerField("ลำดับ")
    title = models.CharField("คำนำหน้า", max_length=32, blank=True)
    given_name = models.CharField("ชื่อ", max_length=100)
    family_name = models.CharField("นามสกุล", max_length=100, blank=True)
    sex = models.PositiveSmallIntegerField("เพศ", choices=SEX)
    birth_date = models.DateField("วันเกิด", null=True, blank=True)
    age = models.PositiveSmallIntegerField("อายุ (ปี) ณ วันสำรวจ")
    national_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    national_id_last = models.CharField("เลขประจำตัว (ท้าย)", max_length=4, blank=True)
    birth_weight_ok = _flag("แรกเกิดน้ำหนัก ≥ ๒,๕๐๐ กรัม")
    exercises = _flag("ออกกำลังกายสม่ำเสมอ")
    preschool = _flag("ได้รับบริการก่อนวัยเรียน")
    in_school = _flag("อยู่ในการศึกษาภาคบังคับ")
    continued_m4 = _flag("เรียนต่อ ม.๔ หรือเทียบเท่า")
    literate = _flag("อ่านเขียนภาษาไทยและคิดเลขได้")
    has_income = _flag("มีอาชีพและรายได้")
    cared_for = _flag("ได้รับการดูแล")
    income_year = models.PositiveIntegerField("รายได้ต่อปี (บาท)", default=0)
    disabled = models.BooleanField("คนพิการ", default=False)
    chronic_ill = models.BooleanField("โรคเรื้อรัง", default=False)
    education = models.PositiveSmallIntegerField("การศึกษาสูงสุด", choices=EDUCATION, default=0)
    occupation = models.PositiveSmallIntegerField("อาชีพ", choices=OCCUPATION, default=0)
    active = models.BooleanField("ยังอยู่ในครัวเรือน", default=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["household", "person_no"]
        verbose_name = "สมาชิกครัวเรือน"
        verbose_name_plural = "สมาชิกครัวเรือน"
        default_permissions = ()  # personal data: access is decided by role and province

    def __str__(self) -> str:
        return f"{self.title}{self.given_name} {self.family_name}".strip()

    @property
    def full_name(self) -> str:
        """Title, given name and family name as Thai forms print them."""
        return str(self)


class HouseholdIndex(models.Model):
    """A household's deprivations and poverty status for one survey year."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="indices")
    year = models.PositiveSmallIntegerField("ปี")
    points = models.PositiveIntegerField("คะแนนการขาดแคลน (หน่วยน้ำหนัก)")
    score = models.FloatField("คะแนนการขาดแคลน (ถ่วงน้ำหนัก)")
    deprived = models.JSONField("ตัวชี้วัดที่ไม่ผ่าน", default=list)
    af_poor = models.BooleanField("ยากจนหลายมิติ (Alkire-Foster)")
    tpmap_poor = models.BooleanField("คนจนเป้าหมาย (TPMAP)")
    computed_at = models.DateTimeField()

    class Meta:
        unique_together = [("household", "year")]
        ordering = ["-year"]
        verbose_name = "ดัชนีครัวเรือน"
        verbose_name_plural = "ดัชนีครัวเรือน"


class AreaIndex(models.Model):
    """The indices of one area (nation, province, district or sub-district) for one year."""

    level = models.CharField("ระดับ", max_length=16)  # nation|province|district|subdistrict
    code = models.PositiveIntegerField("รหัสพื้นที่")
    name = models.CharField("ชื่อพื้นที่", max_length=120)
    # The province the area lies in (its own code for a province; None for the nation), so
    # scope filters are one query.
    province_code = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField("ปี")
    people = models.PositiveIntegerField("จำนวนคน")
    households = models.PositiveIntegerField("จำนวนครัวเรือน")
    poor_people = models.PositiveIntegerField("คนยากจนหลายมิติ")
    poor_households = models.PositiveIntegerField("ครัวเรือนยากจนหลายมิติ")
    tpmap_people = models.PositiveIntegerField("คนจนเป้าหมาย TPMAP")
    tpmap_households = models.PositiveIntegerField("ครัวเรือนเป้าหมาย TPMAP")
    headcount = models.FloatField("H")
    intensity = models.FloatField("A")
    mpi = models.FloatField("MPI")
    detail = models.JSONField("รายตัวชี้วัด/มิติ", default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        unique_together = [("level", "code", "year")]
        ordering = ["level", "-mpi"]
        verbose_name = "ดัชนีพื้นที่"
        verbose_name_plural = "ดัชนีพื้นที่"


class ScreeningModelRecord(models.Model):
    """A trained screening model: its JSON parameters and its held-out evaluation."""

    trained_at = models.DateTimeField()
    label = models.CharField("สิ่งที่ทำนาย", max_length=200)
    metrics = models.JSONField("ผลประเมิน", default=dict)
    parameters = models.JSONField("พารามิเตอร์")

    class Meta:
        ordering = ["-trained_at"]
        verbose_name = "แบบจำลองคัดกรอง"
        verbose_name_plural = "แบบจำลองคัดกรอง"


class ScreeningScore(models.Model):
    """A household's advisory risk score with the factors behind it (never a decision)."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="screening")
    model = models.ForeignKey(ScreeningModelRecord, on_delete=models.CASCADE)
    score = models.FloatField("ความเสี่ยง")
    # 1 = highest risk in the scored register: the model's finer linear order, which breaks the
    # ties of the calibrated score's flat steps.
    rank = models.PositiveIntegerField("ลำดับความเสี่ยง", db_index=True)
    factors = models.JSONField("ปัจจัยหลัก", default=list)
    computed_at = models.DateTimeField()
    # The household's province, copied so that one province's list walks its own (province,
    # rank) index: through the join PostgreSQL walked the national rank order (2.3 s for
    # Bangkok in 400,000 households, whose ranks all lie far down).
    province_code = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["rank"]
        indexes = [models.Index(fields=["province_code", "rank"], name="register_score_prov_rank")]
        verbose_name = "คะแนนคัดกรอง"
        verbose_name_plural = "คะแนนคัดกรอง"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Copy the household's province when it was not given (bulk writes fill it apart)."""
        if self.province_code is None:
            self.province_code = self.household.province_code
        super().save(*args, **kwargs)


class Consent(models.Model):
    """Consent to share a household's data for a purpose (PDPA), recorded before any referral."""

    class Method(models.TextChoices):
        SIGNED = "signed", "ลงนามในแบบฟอร์ม"
        VERBAL = "verbal", "ให้ความยินยอมด้วยวาจา (มีพยาน)"
        GUARDIAN = "guardian", "ผู้แทนโดยชอบธรรมให้ความยินยอม"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL)
    purpose = models.CharField("วัตถุประสงค์", max_length=200)
    given_by = models.CharField("ผู้ให้ความยินยอม", max_length=200)
    method = models.CharField("วิธีให้ความยินยอม", max_length=16, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField("ถอนความยินยอมเมื่อ", null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = "ความยินยอม"
        verbose_name_plural = "ความยินยอม"

    def __str__(self) -> str:
        return f"{self.purpose} ({self.given_by})"


class Assistance(models.Model):
    """Help a household (or one member) received: what, when, from which unit, with what result."""

    class Kind(models.TextChoices):
        CASH = "cash", "เงินสงเคราะห์"
        GOODS = "goods", "ถุงยังชีพ/สิ่งของ"
        HOUSING = "housing", "ซ่อมแซม/ปรับปรุงที่อยู่อาศัย"
        SHELTER = "shelter", "ที่พักชั่วคราว"
        CARE = "care", "การดูแลผู้สูงอายุ/คนพิการ"
        JOB = "job", "ฝึกอาชีพ/จัดหางาน"
        LOAN = "loan", "กองทุน/เงินกู้ยืม"
        EDUCATION = "education", "ทุนการศึกษา"
        COUNSEL = "counsel", "ให้คำปรึกษา"
        OTHER = "other", "อื่น ๆ"

    class Result(models.TextChoices):
        GIVEN = "given", "ได้รับความช่วยเหลือแล้ว"
        PARTIAL = "partial", "ได้รับบางส่วน"
        PENDING = "pending", "อยู่ระหว่างดำเนินการ"
        DECLINED = "declined", "ปฏิเสธความช่วยเหลือ"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="assistance")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, verbose_name="หน่วยงาน")
    kind = models.CharField("ประเภทความช่วยเหลือ", max_length=16, choices=Kind.choices)
    amount = models.DecimalField("มูลค่า (บาท)", max_digits=12, decimal_places=2, null=True)
    given_on = models.DateField("วันที่ให้ความช่วยเหลือ")
    result = models.CharField("ผล", max_length=16, choices=Result.choices)
    note = models.TextField("หมายเหตุ", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = "การให้ความช่วยเหลือ"
        verbose_name_plural = "การให้ความช่วยเหลือ"


class Referral(models.Model):
    """A referral of a household's case from one unit to another, followed through its statuses."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "อยู่ระหว่างส่งต่อ"
        ACCEPTED = "accepted", "รับเรื่องแล้ว"
        REJECTED = "rejected", "ไม่รับเรื่อง"
        DONE = "done", "ดำเนินการเสร็จสิ้น"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="referrals")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL)
    from_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="จากหน่วยงาน"
    )
    to_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="ถึงหน่วยงาน"
    )
    reason = models.TextField("เหตุผลการส่งต่อ")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, verbose_name="ความยินยอม")
    status = models.CharField(
        "สถานะ", max_length=16, choices=Status.choices, default=Status.IN_PROGRESS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "การส่งต่อ"
        verbose_name_plural = "การส่งต่อ"


class ReferralEvent(models.Model):
    """One step of a referral: its new status, who moved it and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField("สถานะ", max_length=16, choices=Referral.Status.choices)
    note = models.TextField("บันทึก", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "ความคืบหน้าการส่งต่อ"
        verbose_name_plural = "ความคืบหน้าการส่งต่อ"


class CaseLink(models.Model):
    """A 1300 hotline case tied to a household (and the member it concerns)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="case_links")
    case = models.ForeignKey("hotline.Case", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField()

    class Meta:
        unique_together = [("household", "case")]
        ordering = ["-linked_at"]
        verbose_name = "เรื่องสายด่วนที่เชื่อมกับครัวเรือน"
        verbose_name_plural = "เรื่องสายด่วนที่เชื่อมกับครัวเรือน"


class DuplicateCandidate(models.Model):
    """Two records that may be the same person or household, waiting for a person to decide."""

    class Kind(models.TextChoices):
        PERSON = "person", "บุคคล"
        HOUSEHOLD = "household", "ครัวเรือน"

    class Status(models.TextChoices):
        OPEN = "open", "รอตรวจสอบ"
        MERGED = "merged", "รวมแล้ว"
        DISMISSED = "dismissed", "ไม่ใช่รายการซ้ำ"

    kind = models.CharField("ประเภท", max_length=16, choices=Kind.choices)
    left_id = models.PositiveBigIntegerField()
    right_id = models.PositiveBigIntegerField()
    province_code = models.PositiveSmallIntegerField(db_index=True)
    score = models.FloatField("ความคล้าย")
    reasons = models.JSONField("เหตุผล", default=list)
    status = models.CharField("สถานะ", max_length=16, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        unique_together = [("kind", "left_id", "right_id")]
        ordering = ["status", "-score"]
        verbose_name = "รายการที่อาจซ้ำ"
        verbose_name_plural = "รายการที่อาจซ้ำ"
