"""The target-group register's web pages (issue 10 item 6): search, profile, forms, area pages.

Data is built with the small factories below (two provinces: 19 นครราชสีมา and 25 ชัยภูมิ), not
with the synthetic generator. Every page is checked against a province office user of 19, who
must be refused (403, or an empty list) for anything of 25.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.conftest import ROOT
from tests.web.conftest import PASSWORD

NMA, CPM = 19, 25  # kongvut ids of นครราชสีมา and ชัยภูมิ


def national_id(seed: int) -> str:
    """A valid-checksum 13-digit ID starting with 0 (never a real citizen's number)."""
    from msoc.register.identity import check_digit

    first12 = f"0{seed:011d}"
    return first12 + str(check_digit(first12))


def make_household(
    code: str,
    province: int,
    district: int,
    subdistrict: int,
    *,
    people: list[tuple[str, str, str, int, int]],
    id_seed: int,
    house_no: str = "1",
) -> Any:
    """A household and its members: people are (title, given, family, sex, age)."""
    from msoc.apps.register.models import Household, Member
    from msoc.apps.register.services import id_hash
    from msoc.register.identity import last_digits

    household = Household.objects.create(
        code=code,
        year=2568,
        province_code=province,
        district_code=district,
        subdistrict_code=subdistrict,
        house_no=house_no,
        village_no="3",
        food_safe=True,
        medicine_ok=True,
        housing_secure=False,
        drinking_water=True,
        water_use=True,
        tidy_home=None,
        welfare_card=True,
        debt=12000,
    )
    for n, (title, given, family, sex, age) in enumerate(people, start=1):
        nid = national_id(id_seed + n)
        Member.objects.create(
            household=household,
            person_no=n,
            title=title,
            given_name=given,
            family_name=family,
            sex=sex,
            age=age,
            birth_date=date(2025 - age, 1, 15),
            national_id_hash=id_hash(nid),
            national_id_last=last_digits(nid),
            income_year=24000 * n,
            disabled=n == 2,
            chronic_ill=age >= 60,
            education=1,
            occupation=1 if age >= 15 else 6,
            has_income=age >= 15,
        )
    return household


def make_index(household: Any, *, deprived: list[str], score: float) -> Any:
    """The household's index of 2568."""
    from msoc.apps.register.models import HouseholdIndex

    return HouseholdIndex.objects.create(
        household=household,
        year=2568,
        points=int(score * 60),
        score=score,
        deprived=deprived,
        af_poor=score >= 1 / 3,
        tpmap_poor=bool(deprived),
        computed_at=timezone.now(),
    )


def make_area(level: str, code: int, name: str, mpi: float, tpmap_households: int) -> Any:
    """An area's indices of 2568, with an indicator breakdown."""
    from msoc.apps.register.models import AreaIndex

    return AreaIndex.objects.create(
        level=level,
        code=code,
        name=name,
        year=2568,
        people=1000,
        households=400,
        poor_people=150,
        poor_households=60,
        tpmap_people=300,
        tpmap_households=tpmap_households,
        headcount=0.15,
        intensity=mpi / 0.15,
        mpi=mpi,
        detail={
            "indicators": [
                {
                    "code": "housing_secure",
                    "label": "ที่อยู่อาศัยมั่นคง",
                    "dimension": "living",
                    "censored": 0.1,
                    "uncensored": 0.2,
                    "contribution": 62.5,
                },
                {
                    "code": "working_age_income",
                    "label": "คนอายุ 15-59 ปีมีอาชีพและรายได้",
                    "dimension": "income",
                    "censored": 0.05,
                    "uncensored": 0.08,
                    "contribution": 37.5,
                },
            ],
            "dimensions": [
                {"code": "living", "label": "ความเป็นอยู่", "tpmap_people": 200},
                {"code": "income", "label": "รายได้", "tpmap_people": 90},
            ],
        },
        computed_at=timezone.now(),
    )


@dataclass
class RegisterWorld:
    """The households, areas, scores, candidates and accounts the register tests use."""

    h19: Any  # the riskiest household of นครราชสีมา
    h19b: Any
    h25: Any
    case: Any
    person_pair: Any
    household_pair: Any
    pair25: Any
    consent25: Any
    referral25: Any
    users: dict[str, User]


def make_register_world(users: dict[str, User]) -> RegisterWorld:
    """Three households in 19 and 25 with indices, scores, areas, duplicates and a hotline case."""
    from msoc.apps.accounts.actions import do_add_user
    from msoc.apps.hotline.models import Case
    from msoc.apps.register import actions
    from msoc.apps.register.models import (
        DuplicateCandidate,
        ScreeningModelRecord,
        ScreeningScore,
    )
    from msoc.apps.units.models import Unit

    users = dict(users)
    users["province"] = do_add_user("province-user", PASSWORD, "province:นครราชสีมา")
    users["editor"] = do_add_user("editor-user", PASSWORD, "editor", provinces="all")
    users["editor-none"] = do_add_user("editor-none", PASSWORD, "editor")
    users["viewer"] = do_add_user("viewer-user", PASSWORD, "viewer", provinces="นครราชสีมา")
    h19 = make_household(
        "NMA-0001",
        NMA,
        3001,
        300101,
        house_no="12/4",
        id_seed=100,
        people=[
            ("นาง", "บุญมี", "ศรีสุข", 2, 67),
            ("นาย", "สมชาย", "ศรีสุข", 1, 40),
            ("เด็กหญิง", "มะลิ", "ศรีสุข", 2, 9),
        ],
    )
    h19b = make_household(
        "NMA-0002",
        NMA,
        3002,
        300201,
        id_seed=200,
        people=[("นาย", "สมชาย", "ศรีสุก", 1, 41), ("นาง", "จันทร์", "ใจดี", 2, 38)],
    )
    h25 = make_household(
        "CPM-0001",
        CPM,
        3601,
        360101,
        id_seed=300,
        people=[("นาย", "ทองดี", "มีสุข", 1, 55)],
    )
    make_index(h19, deprived=["housing_secure", "elderly_income", "income_per_person"], score=0.4)
    make_index(h19b, deprived=[], score=0.0)
    make_index(h25, deprived=["housing_secure"], score=0.1)
    model = ScreeningModelRecord.objects.create(
        trained_at=timezone.now(),
        label="ครัวเรือนจะเป็นคนจนเป้าหมายในปีหน้า",
        metrics={"auc": 0.812, "brier": 0.121, "ece": 0.018, "precision_at_10": 0.64},
        parameters={},
    )
    factors = [
        {"label": "หัวหน้าครัวเรือนเป็นผู้สูงอายุ", "effect": 0.41},
        {"label": "ที่อยู่อาศัยไม่มั่นคง", "effect": 0.22},
        {"label": "มีบัตรสวัสดิการแห่งรัฐ", "effect": -0.05},
    ]
    for household, score, rank in ((h19, 0.83, 2), (h19b, 0.12, 3), (h25, 0.95, 1)):
        ScreeningScore.objects.create(
            household=household,
            model=model,
            score=score,
            rank=rank,
            factors=factors,
            computed_at=timezone.now(),
        )
    make_area("nation", 0, "ทั้งประเทศ", 0.05, 1_200_000)
    make_area("province", NMA, "นครราชสีมา", 0.061, 52_000)
    make_area("province", CPM, "ชัยภูมิ", 0.072, 31_000)
    make_area("district", 3001, "เมืองนครราชสีมา", 0.04, 6_000)
    make_area("district", 3002, "ครบุรี", 0.08, 2_500)
    make_area("district", 3601, "เมืองชัยภูมิ", 0.05, 4_000)
    make_area("subdistrict", 300101, "ในเมือง", 0.03, 900)
    case = Case.objects.create(
        case_id="1300-680001",
        received_at=timezone.now(),
        day=timezone.localdate(),
        channel="phone",
        kind="elderly",
        handling="ministry",
    )
    m19 = list(h19.members.order_by("person_no"))
    m19b = list(h19b.members.order_by("person_no"))
    person_pair = DuplicateCandidate.objects.create(
        kind="person",
        left_id=min(m19[1].pk, m19b[0].pk),
        right_id=max(m19[1].pk, m19b[0].pk),
        province_code=NMA,
        score=0.82,
        reasons=["ชื่อเหมือนกัน", "นามสกุลคล้ายกัน (ศรีสุข / ศรีสุก)"],
    )
    household_pair = DuplicateCandidate.objects.create(
        kind="household",
        left_id=h19.pk,
        right_id=h19b.pk,
        province_code=NMA,
        score=0.7,
        reasons=["สมาชิกที่อาจเป็นคนเดียวกัน ๑ คน"],
    )
    m25 = h25.members.get()
    pair25 = DuplicateCandidate.objects.create(
        kind="person",
        left_id=m25.pk,
        right_id=m25.pk + 100000,
        province_code=CPM,
        score=0.9,
        reasons=["ชื่อเหมือนกัน"],
    )
    consent25 = actions.do_record_consent(
        h25, purpose="ส่งต่อ", given_by="นายทองดี มีสุข", method="signed", actor=None
    )
    units = Unit.objects.order_by("order")
    referral25 = actions.do_create_referral(
        h25,
        from_unit=units[0],
        to_unit=units[1],
        reason="ผู้สูงอายุอยู่ลำพัง",
        consent=consent25,
        actor=None,
    )
    return RegisterWorld(
        h19=h19,
        h19b=h19b,
        h25=h25,
        case=case,
        person_pair=person_pair,
        household_pair=household_pair,
        pair25=pair25,
        consent25=consent25,
        referral25=referral25,
        users=users,
    )


@pytest.fixture
def reg(users: dict[str, User]) -> RegisterWorld:
    """The register world (accounts of conftest plus a province officer and scoped editors)."""
    return make_register_world(users)


@pytest.fixture
def rc(reg: RegisterWorld, clients: dict[str, Client]) -> dict[str, Client]:
    """Signed-in clients, including the province officer and an editor without provinces."""
    out = dict(clients)
    for name in ("province", "editor", "editor-none", "viewer"):  # re-saved: log in again
        client = Client()
        client.force_login(reg.users[name])
        out[name] = client
    return out


def unit_pk(code: str) -> int:
    """The primary key of a unit by its code."""
    from msoc.apps.units.models import Unit

    return Unit.objects.get(code=code).pk


def events(action: str) -> int:
    """How many audit events of an action are stored."""
    from msoc.apps.accounts.models import AuditEvent

    return AuditEvent.objects.filter(action=action).count()


def help_data(**extra: Any) -> dict[str, Any]:
    """A valid assistance form."""
    return {
        "help-unit": unit_pk("พส."),
        "help-kind": "cash",
        "help-given_on": timezone.localdate().isoformat(),
        "help-amount": "3000",
        "help-result": "given",
        "help-note": "เงินสงเคราะห์ครอบครัวผู้มีรายได้น้อย",
        **extra,
    }


# ── routes × roles ───────────────────────────────────────────────────────────────────────


ROLES = ("anonymous", "viewer", "unit", "province", "editor", "editor-none", "admin")
HOUSEHOLD = {"province", "editor", "admin"}  # may open households of 19
INDEX = {"viewer", "unit", "province", "editor", "editor-none", "admin"}


def register_routes(w: RegisterWorld) -> list[tuple[str, str, set[str], dict[str, Any] | None]]:
    """(method, url, roles that get in, data) for every register route, on data of province 19."""
    h = w.h19.pk
    return [
        ("GET", "/households/", HOUSEHOLD | {"editor-none"}, None),
        ("GET", "/households/?q=สมชาย", HOUSEHOLD | {"editor-none"}, None),
        ("GET", f"/households/{h}/", HOUSEHOLD, None),
        ("GET", "/households/poverty/", INDEX, None),
        ("GET", f"/households/poverty/?province={NMA}", INDEX - {"editor-none", "unit"}, None),
        ("GET", "/households/poverty/?district=3001", INDEX - {"editor-none", "unit"}, None),
        ("GET", "/households/poverty/?format=csv", INDEX, None),
        ("GET", "/households/screening/", HOUSEHOLD | {"editor-none"}, None),
        ("GET", f"/households/screening/?province={NMA}", HOUSEHOLD, None),
        ("GET", f"/households/duplicates/?province={NMA}", HOUSEHOLD, None),
        ("POST", f"/households/{h}/assistance/", HOUSEHOLD, help_data()),
        (
            "POST",
            f"/households/{h}/consents/",
            HOUSEHOLD,
            {"consent-purpose": "ส่งต่อ", "consent-given_by": "นางบุญมี", "consent-method": "verbal"},
        ),
        ("POST", f"/households/{h}/referrals/", HOUSEHOLD, {"referral-reason": "ทดสอบ"}),
        ("POST", f"/households/{h}/cases/", HOUSEHOLD, {"case-case_id": w.case.case_id}),
        ("POST", f"/households/duplicates/{w.household_pair.pk}/dismiss/", HOUSEHOLD, None),
    ]


def refused(response: Any) -> bool:
    """403, or a redirect to the login page."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"].startswith("/login")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_register_route_allows_or_denies_by_role(
    role: str, reg: RegisterWorld, rc: dict[str, Client]
) -> None:
    client = rc[role]
    wrong = []
    for method, url, allowed, data in register_routes(reg):
        response = client.get(url) if method == "GET" else client.post(url, data or {})
        assert response.status_code < 500, f"{method} {url} as {role}"
        if refused(response) == (role in allowed):
            wrong.append(f"{method} {url}: {response.status_code}")
        if role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith("/login"), url
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_province_officer_is_refused_everything_of_another_province(
    reg: RegisterWorld, rc: dict[str, Client]
) -> None:
    from msoc.apps.register.models import Assistance, CaseLink, Consent, Referral

    officer = rc["province"]
    h = reg.h25.pk
    gets = [
        f"/households/{h}/",
        f"/households/poverty/?province={CPM}",
        "/households/poverty/?district=3601",
        f"/households/poverty/?province={CPM}&format=csv",
        f"/households/screening/?province={CPM}",
        f"/households/duplicates/?province={CPM}",
    ]
    for url in gets:
        assert officer.get(url).status_code == 403, url
    posts = [
        (f"/households/{h}/assistance/", help_data()),
        (
            f"/households/{h}/consents/",
            {"consent-purpose": "x", "consent-given_by": "y", "consent-method": "signed"},
        ),
        (
            f"/households/{h}/referrals/",
            {
                "referral-from_unit": unit_pk("พส."),
                "referral-to_unit": unit_pk("ผส."),
                "referral-reason": "x",
                "referral-consent": reg.consent25.pk,
            },
        ),
        (f"/households/{h}/cases/", {"case-case_id": reg.case.case_id}),
        (f"/households/consents/{reg.consent25.pk}/withdraw/", {}),
        (f"/households/referrals/{reg.referral25.pk}/move/", {"status": "accepted"}),
        (f"/households/duplicates/{reg.pair25.pk}/merge/", {"keep": reg.pair25.left_id}),
        (f"/households/duplicates/{reg.pair25.pk}/dismiss/", {}),
    ]
    for url, data in posts:
        assert officer.post(url, data).status_code == 403, url
    assert not Assistance.objects.filter(household=reg.h25).exists()
    assert Consent.objects.filter(household=reg.h25).count() == 1
    assert Consent.objects.get(pk=reg.consent25.pk).withdrawn_at is None
    assert Referral.objects.get(pk=reg.referral25.pk).status == "in_progress"
    assert Referral.objects.filter(household=reg.h25).count() == 1
    assert not CaseLink.objects.exists()
    reg.pair25.refresh_from_db()
    assert reg.pair25.status == "open"
    # Lists come back without the other province's rows.
    for url in ("/households/?q=ทองดี", "/households/?q=CPM-0001", f"/households/?province={CPM}"):
        page = officer.get(url).content.decode()
        assert ">CPM-0001</a>" not in page, url
    page = officer.get("/households/poverty/").content.decode()
    assert "นครราชสีมา" in page and "เมืองชัยภูมิ" not in page
    assert "ชัยภูมิ: ไม่มีข้อมูล" in page  # the map leaves the other province blank
    # An editor without assigned provinces opens no household at all.
    assert rc["editor-none"].get(f"/households/{reg.h19.pk}/").status_code == 403
    page = rc["editor-none"].get("/households/?q=NMA-0001").content.decode()
    assert ">NMA-0001</a>" not in page


@pytest.mark.django_db
def test_navigation_shows_the_register_by_role(reg: RegisterWorld, rc: dict[str, Client]) -> None:
    for role, sees_households in (("province", True), ("editor", True), ("viewer", False)):
        header = rc[role].get("/households/poverty/").content.decode().split("</header>")[0]
        assert "ดัชนีความยากจน" in header, role
        assert ("ทะเบียนครัวเรือน" in header) == sees_households, role


# ── search ───────────────────────────────────────────────────────────────────────────────


@pytest.mark.django_db
def test_search_by_name_code_house_number_id_area_and_poverty(
    reg: RegisterWorld, rc: dict[str, Client]
) -> None:
    officer = rc["province"]

    def codes(query: str) -> set[str]:
        page = officer.get(f"/households/?{query}")
        assert page.status_code == 200, query
        text = page.content.decode()
        return {c for c in ("NMA-0001", "NMA-0002", "CPM-0001") if c in text}

    assert codes("q=สมชาย") == {"NMA-0001", "NMA-0002"}
    assert codes("q=สมชาย ศรีสุข") == {"NMA-0001"}
    assert codes("q=nma-0002") == {"NMA-0002"}
    assert codes("q=12/4") == {"NMA-0001"}
    nid = national_id(101)
    assert codes(f"q={nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}") == {"NMA-0001"}
    assert codes("q=&district=3002&province=19") == {"NMA-0002"}
    assert codes("q=&poor=on") == {"NMA-0001"}
    page = officer.get("/households/?q=NMA-0001").content.decode()
    assert "ต.ในเมือง อ.เมืองนครราชสีมา จ.นครราชสีมา" in page
    assert "คนจนเป้าหมาย" in page and "40.0%" in page and "83.0%" in page
    # The district list follows the chosen province; sub-districts follow the district.
    page = officer.get("/households/?province=19&district=3001").content.decode()
    assert "ครบุรี" in page and "โพธิ์กลาง" in page
    assert rc["admin"].get("/households/?q=ทองดี").content.decode().count("CPM-0001") == 1


# ── profile ──────────────────────────────────────────────────────────────────────────────


@pytest.mark.django_db
def test_profile_shows_why_and_logs_every_view(reg: RegisterWorld, rc: dict[str, Client]) -> None:
    from msoc.apps.accounts.models import AuditEvent

    before = events("register.household.view")
    response = rc["province"].get(f"/households/{reg.h19.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    nid = national_id(101)
    assert nid not in page and nid[-4:] not in page.replace(f"{nid[-4]}-{nid[-3:-1]}-{nid[-1]}", "")
    assert f"x-xxxx-xxxx{nid[-4]}-{nid[-3:-1]}-{nid[-1]}" in page  # only the last digits, masked
    for text in (
        "นางบุญมี ศรีสุข",
        "ประถมศึกษา",
        "เกษตรกร",
        "คนจนเป้าหมาย TPMAP",
        "ยากจนหลายมิติ (Alkire-Foster)",
        "40.0%",
        "หัวหน้าครัวเรือนเป็นผู้สูงอายุ",
        "ไม่ได้ตัดสินให้หรือไม่ให้ความช่วยเหลือโดยอัตโนมัติ",
        "83.0%",
    ):
        assert text in page, text
    why = page.split('id="why"')[1].split('id="screening"')[0]
    for label, dimension in (
        ("ที่อยู่อาศัยไม่มั่นคง", "ความเป็นอยู่"),
        ("ผู้สูงอายุไม่มีอาชีพและรายได้", "รายได้"),
        ("รายได้ต่อคนต่ำกว่าเกณฑ์ จปฐ.", "รายได้"),
    ):
        assert f"<td>{label}</td><td>{dimension}</td>" in why, label
    assert "ตัวชี้วัดที่ไม่ผ่าน (3)" in why
    assert events("register.household.view") == before + 1
    rc["province"].get(f"/households/{reg.h19.pk}/")
    rc["admin"].get(f"/households/{reg.h19.pk}/")
    assert events("register.household.view") == before + 3
    last = AuditEvent.objects.filter(action="register.household.view").latest("id")
    assert last.target_id == str(reg.h19.pk) and last.actor_name == "admin-user"
    assert rc["province"].get("/households/999999/").status_code == 404


@pytest.mark.django_db
def test_profile_history_shows_who_changed_what(reg: RegisterWorld, rc: dict[str, Client]) -> None:
    household = reg.h19
    household.debt = 45000
    household._history_user = reg.users["editor"]  # type: ignore[attr-defined]
    household.save()
    member = household.members.get(person_no=2)
    member.income_year = 90000
    member.save()
    page = rc["province"].get(f"/households/{household.pk}/").content.decode()
    history = page.split('id="history"')[1]
    assert "editor-user" in history and "หนี้สิน (บาท): 12000 → 45000" in history
    assert "รายได้ต่อปี (บาท): 48000 → 90000" in history and "นายสมชาย ศรีสุข" in history
    assert "national_id_hash" not in history


# ── forms on the profile ─────────────────────────────────────────────────────────────────


@pytest.mark.django_db
def test_record_help_and_refuse_a_future_date(reg: RegisterWorld, rc: dict[str, Client]) -> None:
    from msoc.apps.register.models import Assistance

    officer, h = rc["province"], reg.h19
    member = h.members.get(person_no=1)
    response = officer.post(
        f"/households/{h.pk}/assistance/", help_data(**{"help-member": member.pk})
    )
    assert response.status_code == 302 and response["Location"].endswith("#assistance")
    help_ = Assistance.objects.get(household=h)
    assert help_.kind == "cash" and help_.amount == 3000 and help_.member == member
    assert help_.recorded_by == reg.users["province"]
    assert events("register.assistance.add") == 1
    page = officer.get(f"/households/{h.pk}/").content.decode()
    assert "เงินสงเคราะห์" in page and "3,000.00" in page
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = officer.post(
        f"/households/{h.pk}/assistance/", help_data(**{"help-given_on": tomorrow})
    )
    assert response.status_code == 400
    assert "วันที่ให้ความช่วยเหลือต้องไม่อยู่ในอนาคต" in response.content.decode()
    response = officer.post(f"/households/{h.pk}/assistance/", help_data(**{"help-amount": "-5"}))
    assert response.status_code == 400 and "มูลค่าต้องไม่ติดลบ" in response.content.decode()
    foreign = reg.h19b.members.first()
    response = officer.post(
        f"/households/{h.pk}/assistance/", help_data(**{"help-member": foreign.pk})
    )
    assert response.status_code == 400
    assert Assistance.objects.count() == 1 and events("register.assistance.add") == 1


@pytest.mark.django_db
def test_consent_recorded_then_withdrawn(reg: RegisterWorld, rc: dict[str, Client]) -> None:
    from msoc.apps.register.models import Consent

    officer, h = rc["province"], reg.h19
    response = officer.post(
        f"/households/{h.pk}/consents/",
        {
            "consent-purpose": "ส่งต่อข้อมูลเพื่อให้ความช่วยเหลือ",
            "consent-given_by": "นางบุญมี ศรีสุข",
            "consent-method": "signed",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(household=h)
    assert consent.given_by == "นางบุญมี ศรีสุข" and consent.withdrawn_at is None
    assert events("register.consent.add") == 2  # the fixture's consent of 25, and this one
    response = officer.post(f"/households/{h.pk}/consents/", {"consent-method": "signed"})
    assert response.status_code == 400 and "โปรดกรอกช่องนี้" in response.content.decode()
    assert officer.post(f"/households/consents/{consent.pk}/withdraw/").status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert events("register.consent.withdraw") == 1


@pytest.mark.django_db
def test_referral_needs_consent_and_moves_only_along_the_rules(
    reg: RegisterWorld, rc: dict[str, Client]
) -> None:
    from msoc.apps.register import actions
    from msoc.apps.register.models import Referral

    officer, h = rc["province"], reg.h19
    data = {
        "referral-from_unit": unit_pk("พส."),
        "referral-to_unit": unit_pk("ผส."),
        "referral-reason": "ผู้สูงอายุไม่มีรายได้ ต้องการเบี้ยยังชีพและการดูแล",
    }
    response = officer.post(f"/households/{h.pk}/referrals/", data)
    assert response.status_code == 400
    assert "ต้องบันทึกความยินยอมของครัวเรือนนี้ก่อนส่งต่อ" in response.content.decode()
    assert not Referral.objects.filter(household=h).exists()
    # Another household's consent is not offered, and not accepted.
    response = officer.post(
        f"/households/{h.pk}/referrals/", {**data, "referral-consent": reg.consent25.pk}
    )
    assert response.status_code == 400 and not Referral.objects.filter(household=h).exists()
    consent = actions.do_record_consent(
        h, purpose="ส่งต่อ", given_by="นางบุญมี", method="verbal", actor=reg.users["province"]
    )
    response = officer.post(
        f"/households/{h.pk}/referrals/", {**data, "referral-consent": consent.pk}
    )
    assert response.status_code == 302
    referral = Referral.objects.get(household=h)
    assert referral.status == "in_progress" and referral.consent == consent
    assert events("register.referral.add") == 2
    move = f"/households/referrals/{referral.pk}/move/"
    response = officer.post(move, {"status": "done"})  # in progress cannot jump to done
    assert response.status_code == 400 and "เปลี่ยนสถานะจาก" in response.content.decode()
    response = officer.post(move, {"status": "rejected"})  # a rejection needs its reason
    assert response.status_code == 400 and "ต้องระบุเหตุผลที่ไม่รับเรื่อง" in response.content.decode()
    response = officer.post(move, {"status": "bogus"})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == "in_progress" and events("register.referral.move") == 0
    assert officer.post(move, {"status": "accepted", "note": "ผส. รับเรื่อง"}).status_code == 302
    assert officer.post(move, {"status": "done"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == "done"
    assert [e.status for e in referral.events.all()] == ["in_progress", "accepted", "done"]
    assert events("register.referral.move") == 2
    page = officer.get(f"/households/{h.pk}/").content.decode()
    assert "ผส. รับเรื่อง" in page and "ดำเนินการเสร็จสิ้น" in page
    assert officer.post(move, {"status": "accepted"}).status_code == 400  # done is final


@pytest.mark.django_db
def test_link_a_hotline_case(reg: RegisterWorld, rc: dict[str, Client]) -> None:
    from msoc.apps.register.models import CaseLink

    officer, h = rc["province"], reg.h19
    response = officer.post(f"/households/{h.pk}/cases/", {"case-case_id": "1300-999999"})
    assert response.status_code == 400 and "ไม่พบเรื่องสายด่วนเลขที่นี้" in response.content.decode()
    response = officer.post(f"/households/{h.pk}/cases/", {"case-case_id": reg.case.case_id})
    assert response.status_code == 302
    assert CaseLink.objects.get(household=h).case == reg.case
    assert events("register.case.link") == 1
    assert reg.case.case_id in officer.get(f"/households/{h.pk}/").content.decode()


# ── duplicates ───────────────────────────────────────────────────────────────────────────


@pytest.mark.django_db
def test_duplicates_side_by_side_merge_and_dismiss(
    reg: RegisterWorld, rc: dict[str, Client]
) -> None:
    from msoc.apps.register.models import DuplicateCandidate, Member

    officer = rc["province"]
    page = officer.get(f"/households/duplicates/?province={NMA}").content.decode()
    assert "นายสมชาย ศรีสุข" in page and "นายสมชาย ศรีสุก" in page
    assert "นามสกุลคล้ายกัน (ศรีสุข / ศรีสุก)" in page and "x-xxxx-xxxx" in page
    assert "เมืองชัยภูมิ" not in page  # the candidate of 25 is not listed
    assert f"pair-{reg.pair25.pk}" not in page
    assert events("register.duplicates.view") == 1
    pair = reg.person_pair
    response = officer.post(f"/households/duplicates/{pair.pk}/merge/", {"keep": 1})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == "open"  # neither of the two: refused, shown as a message
    response = officer.post(
        f"/households/duplicates/{pair.pk}/merge/", {"keep": pair.left_id}, follow=True
    )
    assert "รวมรายการแล้ว" in response.content.decode()
    pair.refresh_from_db()
    dropped = Member.objects.get(pk=pair.right_id)
    assert pair.status == "merged" and dropped.merged_into_id == pair.left_id
    assert not dropped.active and events("register.duplicates.merge") == 1
    response = officer.post(f"/households/duplicates/{reg.household_pair.pk}/dismiss/")
    assert response.status_code == 302
    assert DuplicateCandidate.objects.get(pk=reg.household_pair.pk).status == "dismissed"
    assert events("register.duplicates.dismiss") == 1
    response = officer.post(f"/households/duplicates/{pair.pk}/dismiss/", follow=True)
    assert "ตัดสินไปแล้ว" in response.content.decode()


# ── area pages ───────────────────────────────────────────────────────────────────────────


@pytest.mark.django_db
def test_poverty_page_map_tables_drill_down_and_breakdown(
    reg: RegisterWorld, rc: dict[str, Client]
) -> None:
    admin = rc["admin"].get("/households/poverty/").content.decode()
    assert "<svg" in admin and "ทั้งประเทศ" in admin and "ชัยภูมิ" in admin
    assert "0.0610" in admin and "15.00%" in admin and "52,000" in admin
    assert "ที่อยู่อาศัยมั่นคง" in admin and "62.5%" in admin  # the national breakdown
    tpmap = rc["admin"].get("/households/poverty/?shade=tpmap").content.decode()
    assert "นครราชสีมา: 52,000" in tpmap
    viewer = rc["viewer"].get("/households/poverty/").content.decode()
    assert "นครราชสีมา" in viewer and "0.0720" not in viewer  # a viewer of 19: area figures only
    unit = rc["unit"].get("/households/poverty/").content.decode()
    assert "ยังไม่มีดัชนีของพื้นที่" in unit  # a contributor without provinces sees no area
    officer = rc["province"].get(f"/households/poverty/?province={NMA}").content.decode()
    assert "เมืองนครราชสีมา" in officer and "ครบุรี" in officer and "เมืองชัยภูมิ" not in officer
    assert "?district=3001" in officer and "รายตัวชี้วัด: นครราชสีมา" in officer
    district = rc["province"].get("/households/poverty/?district=3001").content.decode()
    assert "ในเมือง" in district and "รายตัวชี้วัด: เมืองนครราชสีมา" in district


@pytest.mark.django_db
def test_poverty_csv_is_limited_to_scope(reg: RegisterWorld, rc: dict[str, Client]) -> None:
    def table(client: Client, query: str = "") -> list[list[str]]:
        response = client.get(f"/households/poverty/?format=csv{query}")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    officer = table(rc["province"])
    assert officer[0][:3] == ["ระดับ", "รหัส", "พื้นที่"]
    assert [r[2] for r in officer[1:]] == ["นครราชสีมา"]
    admin = table(rc["admin"])
    assert [r[2] for r in admin[1:]] == ["ทั้งประเทศ", "ชัยภูมิ", "นครราชสีมา"]
    districts = table(rc["province"], f"&province={NMA}")
    assert [r[2] for r in districts[1:]] == ["นครราชสีมา", "ครบุรี", "เมืองนครราชสีมา"]
    assert [r[2] for r in table(rc["viewer"])[1:]] == ["นครราชสีมา"]
    assert table(rc["unit"])[1:] == []


@pytest.mark.django_db
def test_screening_list_ranked_with_reasons_metrics_and_notice(
    reg: RegisterWorld, rc: dict[str, Client]
) -> None:
    page = rc["province"].get("/households/screening/").content.decode()  # one province: theirs
    assert "จังหวัดนครราชสีมา" in page
    assert page.index("NMA-0001") < page.index("NMA-0002") and "CPM-0001" not in page
    for text in ("0.812", "0.121", "0.018", "0.640", "AUC", "ECE", "Brier", "83.0%"):
        assert text in page, text
    assert "หัวหน้าครัวเรือนเป็นผู้สูงอายุ" in page and "ข้อมูลประกอบการพิจารณาเท่านั้น" in page
    assert f'href="/households/{reg.h19.pk}/"' in page
    assert events("register.screening.view") == 1
    admin = rc["admin"].get(f"/households/screening/?province={CPM}").content.decode()
    assert "CPM-0001" in admin and "NMA-0001" not in admin
    choose = rc["admin"].get("/households/screening/").content.decode()
    assert "เลือกจังหวัด" in choose and "?province=25" in choose


def test_survey_upload_imports_only_the_officers_province(
    reg: RegisterWorld, rc: dict[str, Client]
) -> None:
    from msoc.apps.register.models import Household
    from msoc.register.survey import parse_survey

    example = ROOT / "msoc" / "data" / "register" / "example-survey.csv"
    parsed = parse_survey(example.read_bytes(), example.name)
    in_19 = [h for h in parsed.households if h.area.province_code == 19]
    assert in_19 and len(in_19) < len(parsed.households)
    before = Household.objects.count()

    def upload(client: Client, keep_good: bool) -> str:
        """Upload; the request only queues the job, which a worker then runs."""
        from msoc.jobs import run_jobs

        stored = Household.objects.count()
        with example.open("rb") as f:
            data = {"file": f, **({"keep_good": "on"} if keep_good else {})}
            queued = client.post("/households/import/", data)
        assert queued.status_code == 302 and Household.objects.count() == stored
        waiting = client.get(queued["Location"]).content.decode()
        assert "กำลังนำเข้าเบื้องหลัง" in waiting
        run_jobs()
        return client.get(queued["Location"]).content.decode()

    # Households of other provinces are left out with their reason; the officer's own go in.
    partly = upload(rc["province"], keep_good=False)
    assert Household.objects.count() == before + len(in_19)
    assert "อยู่นอกจังหวัดที่ท่านรับผิดชอบ" in partly
    kept = upload(rc["province"], keep_good=True)
    assert f"นำเข้า {len(in_19)} ครัวเรือน" in kept
    assert Household.objects.count() == before + len(in_19)
    assert events("register.store") >= 1
    wrong = rc["province"].post(
        "/households/import/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")}
    )
    assert wrong.status_code == 400 and Household.objects.count() == before + len(in_19)
    assert rc["viewer"].get("/households/import/").status_code == 403
