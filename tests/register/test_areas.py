"""Area codes and tolerant address resolution."""

from __future__ import annotations

import pytest

from msoc.register.areas import AddressError, _fuzzy, default_areas, resolve_address


def test_codes_and_names() -> None:
    areas = default_areas()
    assert len(areas.provinces) == 77
    assert 920 < len(areas.districts) < 940
    assert len(areas.subdistricts) > 7_000
    assert areas.province_name(19) == "นครราชสีมา"
    assert areas.district_name(3001) == "เมืองนครราชสีมา"
    assert areas.subdistrict_name(100101) == "พระบรมมหาราชวัง"
    assert areas.zip_code(100101) == "10200"
    codes, district, province = areas.subdistrict_arrays()
    assert len(codes) == len(areas.subdistricts)
    assert district.dtype.name == "int32" and province.dtype.name == "int16"


def test_exact_address() -> None:
    match = resolve_address("เชียงใหม่", "สันทราย", "หนองจ๊อม")
    assert (match.province_code, match.district_code, match.subdistrict_code) == (38, 5014, 501407)
    assert match.zip_code == "50210"
    assert match.repairs == ()


@pytest.mark.parametrize(
    ("province", "district", "subdistrict"),
    [
        ("จ.เชียงใหม่", "อ.สันทราย", "ต.หนองจ๊อม"),
        ("จังหวัด เชียงใหม่", "อำเภอ สันทราย", "ตำบล หนองจ๊อม"),
        ("จ. เชียงใหม่", "อ. สันทราย", "ต. หนองจ๊อม"),
        (" เชียง ใหม่ ", "สัน ทราย", "หนองจ๊อม "),
    ],
)
def test_prefixes_and_spacing(province: str, district: str, subdistrict: str) -> None:
    match = resolve_address(province, district, subdistrict)
    assert match.subdistrict_code == 501407
    assert match.repairs == ()


def test_bangkok_khet_and_khwaeng() -> None:
    match = resolve_address("กรุงเทพมหานคร", "เขตพระนคร", "แขวงวังบูรพาภิรมย์")
    assert match.subdistrict_code == 100102
    match = resolve_address("กทม.", "พระนคร", "วังบูรพาภิรมย์", "10200")
    assert match.subdistrict_code == 100102
    assert any("กรุงเทพมหานคร" in r for r in match.repairs)


def test_aliases_mueang_and_typos() -> None:
    match = resolve_address("โคราช", "อ.เมือง", "ต.ในเมือง")
    assert match.subdistrict_code == 300101
    assert len(match.repairs) == 2
    typo = resolve_address("นครราชสีมา", "ปากชอง", "หนองสาหร่าย")
    assert typo.district == "ปากช่อง"
    assert "สะกดไม่ตรง" in typo.repairs[0]
    typo = resolve_address("เชียงใหม", "สันทราย", "หนองจอม")
    assert typo.subdistrict_code == 501407 and len(typo.repairs) == 2


def test_subdistrict_in_other_district_of_province() -> None:
    # หนองจ๊อม is in สันทราย, not ดอยสะเก็ด: accepted, and the repair says so.
    match = resolve_address("เชียงใหม่", "ดอยสะเก็ด", "หนองจ๊อม")
    assert match.district_code == 5014
    assert "ไม่ใช่" in match.repairs[0]


def test_zip_mismatch_is_a_repair_note() -> None:
    match = resolve_address("เชียงใหม่", "สันทราย", "หนองจ๊อม", "50000")
    assert match.zip_code == "50210"
    assert any("รหัสไปรษณีย์" in r for r in match.repairs)
    with pytest.raises(AddressError, match="๕ หลัก"):
        resolve_address("เชียงใหม่", "สันทราย", "หนองจ๊อม", "5021")


def test_unknown_and_ambiguous_addresses_are_thai_errors() -> None:
    with pytest.raises(AddressError, match="ไม่พบจังหวัด"):
        resolve_address("แอตแลนติส", "สันทราย", "หนองจ๊อม")
    with pytest.raises(AddressError, match="ไม่พบตำบล"):
        resolve_address("เชียงใหม่", "สันทราย", "ไม่มีตำบลนี้เลย")
    with pytest.raises(AddressError, match="ไม่อยู่ในจังหวัด"):
        resolve_address("เชียงใหม่", "ปากช่อง", "หนองสาหร่าย")
    with pytest.raises(AddressError, match="ไม่ได้ระบุจังหวัด"):
        resolve_address("", "สันทราย", "หนองจ๊อม")
    # ในเมือง exists in several districts of นครราชสีมา, so a wrong district cannot be repaired.
    with pytest.raises(AddressError, match="หลายแห่ง|ไม่พบ"):
        resolve_address("นครราชสีมา", "ปากช่อง", "ในเมือง")


def test_ambiguous_typo_is_not_guessed() -> None:
    with pytest.raises(AddressError, match="กำกวม"):
        _fuzzy("หนองบัน", {"หนองบัว": 1, "หนองบอน": 2}, "ตำบล หนองบัน")
    areas = default_areas()
    # "สุรินทร" is as close to สุรินทร์ as to nothing else; "สุร" is too short to be anything.
    assert areas.resolve_province("สุรินทร")[0] == 21
    with pytest.raises(AddressError):
        areas.resolve_province("สุร")
