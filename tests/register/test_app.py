"""The register app against a real database: storing, indices, screening, help, referrals, privacy."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from msoc.apps.accounts.actions import do_add_user
from msoc.apps.accounts.audit import verify_chain
from msoc.apps.accounts.models import AuditEvent
from msoc.apps.register import actions
from msoc.apps.register.actions import merging
from msoc.apps.register.actions.indices import do_compute_indices
from msoc.apps.register.actions.screening import do_screen_register
from msoc.apps.register.actions.synthetic import do_generate_register
from msoc.apps.register.exports import export_areas_csv, export_households_encrypted
from msoc.apps.register.models import (
    AreaIndex,
    DuplicateCandidate,
    Household,
    HouseholdIndex,
    Member,
    Referral,
    ScreeningScore,
)
from msoc.apps.register.services import scope_of, search_households, view_household
from msoc.apps.register.stored_columns import stored_register
from msoc.apps.register.synthetic import train_panel
from msoc.apps.units.models import Unit
from msoc.encryption import DecryptError, decrypt
from msoc.register import poverty, synthetic, synthetic_people
from msoc.register.engines import compute
from msoc.register.identity import check_digit

KORAT, CHAIYAPHUM = 19, 25
PASSWORD = "msoc-test-password-1"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def register(db: None) -> dict[str, int]:
    """Two provinces' synthetic households in the database."""
    first = do_generate_register([KORAT], 300, seed=1)
    second = do_generate_register([CHAIYAPHUM], 200, seed=2)
    return {"korat": first["households"], "chaiyaphum": second["households"]}


@pytest.fixture
def units(db: None) -> tuple[Unit, Unit]:
    a, _ = Unit.objects.get_or_create(code="พมจ.", defaults={"name": "สำนักงาน พมจ.", "order": 90})
    b, _ = Unit.objects.get_or_create(code="พส.", defaults={"name": "กรมพัฒนาสังคมฯ", "order": 91})
    return a, b


@pytest.fixture
def officer(db: None) -> User:
    return do_add_user("korat-officer", PASSWORD, "province:นครราชสีมา")


def test_stored_register_round_trips_and_indices_match_the_engine(register: dict[str, int]) -> None:
    stored = stored_register(year=2568)
    assert stored.n_households == 500
    config = poverty.load_config()
    direct = compute(stored, config)
    do_compute_indices(year=2568)
    assert HouseholdIndex.objects.count() == 500
    national = AreaIndex.objects.get(level="national")
    assert national.people == stored.n_people == direct.national.people
    assert national.mpi == pytest.approx(float(direct.national.mpi))
    korat = AreaIndex.objects.get(level="province", code=KORAT)
    assert korat.name == "นครราชสีมา" and korat.province_code == KORAT
    assert korat.households == 300
    contributions = sum(i["contribution"] for i in korat.detail["indicators"])
    assert korat.poor_people == 0 or contributions == pytest.approx(100.0)
    # every household's stored deprivations are the engine's bitmask, decoded
    h = direct.households
    row = int(np.argmax(h["points"]))
    index = HouseholdIndex.objects.get(household_id=int(h["hh_id"][row]))
    assert index.deprived == [i.key for i in config.decode(int(h["deprived"][row]))]
    assert index.tpmap_poor == bool(h["tpmap_poor"][row])


def test_national_ids_are_never_stored_in_clear(register: dict[str, int]) -> None:
    wave = synthetic.generate(3, seed=1, provinces=[KORAT], start_id=1)
    ids = synthetic_people.people(wave, seed=1)["national_id"]
    member = Member.objects.exclude(national_id_hash="").first()
    assert member is not None and len(member.national_id_hash) == 64
    assert len(member.national_id_last) == 4
    with connection.cursor() as cursor:
        cursor.execute("SELECT national_id_hash, national_id_last FROM register_member")
        stored = " ".join(" ".join(r) for r in cursor.fetchall())
    assert not any(str(raw) in stored for raw in ids)


def test_search_by_national_id_uses_the_keyed_hash(register: dict[str, int], officer: User) -> None:
    first12 = "012345678901"
    raw = first12 + str(check_digit(first12))
    household = Household.objects.filter(province_code=KORAT).first()
    assert household is not None
    member = household.members.first()
    assert member is not None
    from msoc.apps.register.services import id_hash

    member.national_id_hash = id_hash(raw)
    member.save()
    found = search_households(
        officer, text=f"{raw[0]}-{raw[1:5]}-{raw[5:10]}-{raw[10:12]}-{raw[12]}"
    )
    assert list(found) == [household]


def test_province_scope_limits_search_and_profile(register: dict[str, int], officer: User) -> None:
    scope = scope_of(officer)
    assert scope.allows(KORAT) and not scope.allows(CHAIYAPHUM) and scope.households
    assert {h.province_code for h in search_households(officer)} == {KORAT}
    other = Household.objects.filter(province_code=CHAIYAPHUM).first()
    assert other is not None
    with pytest.raises(PermissionDenied):
        view_household(other.pk, actor=officer)
    viewer = do_add_user("viewer-k", PASSWORD, "viewer", provinces="นครราชสีมา")
    assert not scope_of(viewer).households
    with pytest.raises(PermissionDenied):
        search_households(viewer)


def test_every_household_view_is_logged(register: dict[str, int], officer: User) -> None:
    mine = Household.objects.filter(province_code=KORAT).first()
    assert mine is not None
    before = AuditEvent.objects.filter(action="register.household.view").count()
    view_household(mine.pk, actor=officer)
    view_household(mine.pk, actor=officer)
    assert AuditEvent.objects.filter(action="register.household.view").count() == before + 2
    assert verify_chain().ok


def test_referral_needs_consent_and_follows_its_statuses(
    register: dict[str, int], units: tuple[Unit, Unit], officer: User
) -> None:
    home, other = units
    household = Household.objects.filter(province_code=KORAT).first()
    assert household is not None
    with pytest.raises(actions.RegisterActionError, match="ความยินยอม"):
        actions.do_create_referral(
            household, from_unit=home, to_unit=other, reason="ช่วยเหลือ", consent=None, actor=officer
        )
    consent = actions.do_record_consent(
        household,
        purpose="ส่งต่อเพื่อรับความช่วยเหลือ",
        given_by="หัวหน้าครัวเรือน",
        method="signed",
        actor=officer,
    )
    referral = actions.do_create_referral(
        household,
        from_unit=home,
        to_unit=other,
        reason="ผู้สูงอายุไม่มีผู้ดูแล",
        consent=consent,
        actor=officer,
    )
    assert referral.status == Referral.Status.IN_PROGRESS
    with pytest.raises(actions.RegisterActionError):
        actions.do_move_referral(referral, Referral.Status.DONE, actor=officer)
    with pytest.raises(actions.RegisterActionError, match="เหตุผล"):
        actions.do_move_referral(referral, Referral.Status.REJECTED, actor=officer)
    actions.do_move_referral(referral, Referral.Status.ACCEPTED, actor=officer)
    actions.do_move_referral(referral, Referral.Status.DONE, note="ได้รับการดูแลแล้ว", actor=officer)
    referral.refresh_from_db()
    assert [e.status for e in referral.events.all()] == ["in_progress", "accepted", "done"]
    actions.do_withdraw_consent(consent, actor=officer)
    with pytest.raises(actions.RegisterActionError, match="ถอน"):
        actions.do_create_referral(
            household, from_unit=home, to_unit=other, reason="อีกครั้ง", consent=consent, actor=officer
        )
    moves = AuditEvent.objects.filter(action="register.referral.move").count()
    assert moves == 2


def test_assistance_is_recorded_and_checked(
    register: dict[str, int], units: tuple[Unit, Unit], officer: User
) -> None:
    home, _ = units
    household = Household.objects.filter(province_code=KORAT).first()
    other = Household.objects.filter(province_code=CHAIYAPHUM).first()
    assert household is not None and other is not None
    help_ = actions.do_record_assistance(
        household,
        unit=home,
        kind="cash",
        given_on=timezone.localdate(),
        result="given",
        amount=Decimal("3000"),
        actor=officer,
    )
    assert help_.history.count() == 1  # type: ignore[attr-defined]
    with pytest.raises(actions.RegisterActionError, match="อนาคต"):
        actions.do_record_assistance(
            household,
            unit=home,
            kind="cash",
            given_on=timezone.localdate() + timedelta(days=3),
            result="given",
            actor=officer,
        )
    with pytest.raises(PermissionDenied):
        actions.do_record_assistance(
            other, unit=home, kind="goods", given_on=date(2025, 1, 1), result="given", actor=officer
        )
    assert AuditEvent.objects.filter(action="register.assistance.add").count() == 1


def test_hotline_case_links_to_a_household(register: dict[str, int], officer: User) -> None:
    from msoc.apps.hotline.models import Case

    case = Case.objects.create(
        case_id="1300-0001",
        received_at=timezone.now(),
        day=timezone.localdate(),
        channel="phone",
        kind="elderly",
        handling="referred",
    )
    household = Household.objects.filter(province_code=KORAT).first()
    assert household is not None
    link = actions.do_link_case(household, case, actor=officer)
    again = actions.do_link_case(household, case, actor=officer)
    assert link.pk == again.pk
    assert AuditEvent.objects.filter(action="register.case.link").count() == 1


def test_duplicates_are_found_and_merged_only_by_a_person(
    register: dict[str, int], units: tuple[Unit, Unit], officer: User
) -> None:
    original = Member.objects.filter(household__province_code=KORAT, age__gte=30).first()
    assert original is not None
    elsewhere = (
        Household.objects.filter(
            province_code=KORAT, subdistrict_code=original.household.subdistrict_code
        )
        .exclude(pk=original.household_id)
        .first()
        or Household.objects.filter(province_code=KORAT).exclude(pk=original.household_id).first()
    )
    assert elsewhere is not None
    copy = Member.objects.get(pk=original.pk)
    copy.pk = None
    copy.household = elsewhere
    copy.person_no = 99
    copy.family_name = (
        original.family_name + "์"
        if not original.family_name.endswith("์")
        else original.family_name[:-1]
    )
    copy.save()
    merging.do_find_duplicates(KORAT)
    candidate = DuplicateCandidate.objects.get(
        kind="person", left_id=min(original.pk, copy.pk), right_id=max(original.pk, copy.pk)
    )
    assert candidate.status == "open" and candidate.reasons
    assert Member.objects.get(pk=copy.pk).active  # nothing merged by itself
    home, _ = units
    actions.do_record_assistance(
        elsewhere,
        unit=home,
        kind="goods",
        given_on=date(2025, 1, 1),
        result="given",
        member=copy,
        actor=officer,
    )
    merging.do_merge_duplicate(candidate, keep=original.pk, actor=officer)
    copy.refresh_from_db()
    assert not copy.active and copy.merged_into_id == original.pk
    assert original.assistance_set.count() == 1  # type: ignore[attr-defined]
    with pytest.raises(actions.RegisterActionError):
        merging.do_dismiss_duplicate(candidate, actor=officer)


def test_screening_scores_every_household_with_reasons(register: dict[str, int]) -> None:
    wave1, wave2 = train_panel([KORAT, CHAIYAPHUM], households=4000, seed=3)
    record = do_screen_register(wave1=wave1, wave2=wave2, trained_on="test panel", year=2568)
    assert ScreeningScore.objects.count() == 500
    assert record.metrics["auc"] > 0.7 and record.metrics["trained_on"] == "test panel"
    top = ScreeningScore.objects.order_by("rank").first()
    assert top is not None and 0 <= top.score <= 1 and top.rank == 1
    scores = list(ScreeningScore.objects.order_by("rank").values_list("score", flat=True))
    assert scores == sorted(scores, reverse=True)  # the rank only breaks the score's ties
    assert sorted(ScreeningScore.objects.values_list("rank", flat=True)) == list(range(1, 501))
    assert top.factors and all(f["label"] for f in top.factors)


def test_exports_areas_plain_households_encrypted_and_audited(
    register: dict[str, int], tmp_path: Path
) -> None:
    do_compute_indices(year=2568)
    text = export_areas_csv(year=2568, provinces=[KORAT])
    assert "นครราชสีมา" in text and "ชัยภูมิ" not in text
    blob = export_households_encrypted(provinces=[KORAT], passphrase="correct horse battery")
    assert "นครราชสีมา".encode() not in blob
    plain = decrypt(blob, "correct horse battery").decode("utf-8-sig")
    assert plain.count("\n") == Member.objects.filter(household__province_code=KORAT).count() + 1
    with pytest.raises(DecryptError):
        decrypt(blob, "wrong passphrase here")
    with pytest.raises(DecryptError):
        decrypt(blob[:-1] + bytes([blob[-1] ^ 1]), "correct horse battery")
    assert AuditEvent.objects.filter(action="register.export.households").count() == 1
    with pytest.raises(ValueError):
        export_households_encrypted(provinces=[KORAT], passphrase="short")


def test_households_command_generates_indexes_and_screens(db: None, tmp_path: Path) -> None:
    call_command("households", "generate", "--provinces", "นครราชสีมา", "--households", "150")
    call_command("households", "generate", "--provinces", "นครราชสีมา", "--if-empty")
    assert Household.objects.count() == 150
    call_command("households", "index", "--year", "2568")
    assert AreaIndex.objects.filter(level="province", code=KORAT).exists()
    call_command("households", "screen", "--train-households", "3000")
    assert ScreeningScore.objects.count() == 150
    folder = tmp_path / "reg"
    call_command("households", "generate", "--households", "200", "--parquet", str(folder))
    out = tmp_path / "areas.csv"
    call_command("households", "index", "--parquet", str(folder), "--output", str(out))
    assert out.read_text(encoding="utf-8-sig").startswith("level,code")


def test_search_orders_by_deprivation_and_by_risk(register: dict[str, int], officer: User) -> None:
    do_compute_indices(year=2568)
    ranked = list(search_households(officer, order="deprivation")[:20])
    points = [h.indices.get(year=2568).points for h in ranked]  # type: ignore[attr-defined]
    assert points == sorted(points, reverse=True) and points[0] > 0
    assert {h.province_code for h in ranked} == {KORAT}
    assert search_households(officer, order="risk").count() == 300


def test_survey_import_refuses_a_file_with_errors_unless_asked(db: None, tmp_path: Path) -> None:
    from msoc.apps.register.actions.imports import do_import_survey

    example = Path(__file__).resolve().parents[2] / "msoc/data/register/example-survey.csv"
    lines = example.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    broken = lines[1].split(",")
    broken[header.index("เลขประจำตัวประชาชน")] = "1234567890123"  # wrong check digit
    path = tmp_path / "survey.csv"
    path.write_text("\n".join([lines[0], ",".join(broken), *lines[2:]]), encoding="utf-8")
    refused = do_import_survey(path)
    assert refused.refused and Household.objects.count() == 0
    assert any("แถว 2" in p and "เลขประจำตัว" in p for p in refused.problems)
    kept = do_import_survey(path, keep_good=True)
    assert not kept.refused and kept.households == Household.objects.count() == 4
    again = do_import_survey(example)
    assert again.households == 5 and Household.objects.count() == 5  # idempotent by house code


def test_a_person_gets_everything_held_about_them_and_who_read_it(
    register: dict[str, int], officer: User, tmp_path: Path
) -> None:
    import json

    from msoc.apps.register.privacy import person_record
    from msoc.apps.register.services import id_hash

    first12 = "098765432109"
    raw = first12 + str(check_digit(first12))
    member = Member.objects.filter(household__province_code=KORAT).first()
    assert member is not None
    member.national_id_hash, member.national_id_last = id_hash(raw), raw[-4:]
    member.save()
    view_household(member.household_id, actor=officer)
    with pytest.raises(PermissionDenied):
        person_record(national_id=raw, actor=officer)  # only central staff answer these
    answer = person_record(national_id=raw, actor=None)
    assert [p["name"] for p in answer["people"]] == [member.full_name]
    assert any(
        a["action"] == "register.household.view" and a["by"] == officer.username
        for a in answer["accesses"]
    )
    passfile = tmp_path / "pass"
    passfile.write_text("a long enough passphrase")
    out = tmp_path / "person.enc"
    call_command(
        "households",
        "person",
        "--national-id",
        raw,
        "--output",
        str(out),
        "--passphrase-file",
        str(passfile),
    )
    data = json.loads(decrypt(out.read_bytes(), "a long enough passphrase"))
    assert data["people"][0]["national_id"].endswith(raw[-1]) and raw not in json.dumps(data)
    assert AuditEvent.objects.filter(action="register.person.export").count() == 2


def test_reimport_updates_in_place_and_keeps_help_linked(
    db: None, units: tuple[Unit, Unit], tmp_path: Path
) -> None:
    from msoc.apps.register.actions.imports import do_import_survey

    example = Path(__file__).resolve().parents[2] / "msoc/data/register/example-survey.csv"
    assert not do_import_survey(example).refused
    household = Household.objects.filter(members__person_no=2).order_by("code").first()
    assert household is not None
    second = household.members.get(person_no=2)
    help_ = actions.do_record_assistance(
        household,
        unit=units[0],
        kind="goods",
        given_on=date(2025, 1, 2),
        result="given",
        member=second,
        actor=None,
    )
    lines = example.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    code_col, no_col = header.index("รหัสบ้าน"), header.index("ลำดับ")
    income_col = header.index("รายได้ต่อปี")
    rows = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[code_col] == household.code and cells[no_col] == "2":
            cells[income_col] = "99999"
        if cells[code_col] == household.code and cells[no_col] not in {"1", "2"}:
            continue  # this member moved out
        rows.append(",".join(cells))
    changed = tmp_path / "again.csv"
    changed.write_text("\n".join(rows), encoding="utf-8")
    members_before = household.members.count()
    assert not do_import_survey(changed).refused
    second.refresh_from_db()
    help_.refresh_from_db()
    assert help_.member_id == second.pk and second.income_year == 99999
    assert household.members.count() == members_before  # nobody deleted
    assert household.members.filter(active=False).count() == members_before - 2
    assert second.history.count() == 2  # type: ignore[attr-defined]
