"""Locating an item: datelines and จ./อ. mentions first, organisations and nationalities last."""

from __future__ import annotations

from msoc.nlp.places import locate


def test_marked_district_gives_its_province() -> None:
    assert locate("ตร.รวบหนุ่มก่อเหตุ ที่ อ.หาดใหญ่").name == "สงขลา"


def test_dateline_outweighs_other_mentions() -> None:
    guess = locate("ชาวบ้านเดือดร้อนหนัก", "เชียงใหม่ - เจ้าหน้าที่จากกรุงเทพฯ ลงพื้นที่")
    assert guess.name == "เชียงใหม่"


def test_organisation_name_loses_to_a_better_clue() -> None:
    guess = locate("ศาลจังหวัดพัทลุงพิพากษาคดี", body="เหตุเกิดที่ อ.เมือง จ.ตรัง เมื่อปีก่อน")
    assert guess.name == "ตรัง"


def test_organisation_name_in_the_headline_is_used_when_nothing_better_exists() -> None:
    assert locate("ศาลจังหวัดพัทลุงพิพากษาจำคุกจำเลย").name == "พัทลุง"


def test_police_stations_name_the_place_of_the_case() -> None:
    assert locate("ตร.รวบผู้ต้องหา", body="นำตัวส่ง สภ.เมืองยะลา ดำเนินคดี").name == "ยะลา"
    assert locate("ตำรวจ สน.ตลาดพลู คุมตัวพ่อเลี้ยงทำแผน").name == "กรุงเทพมหานคร"
    assert locate("หนุ่มถูกยิงดับ", body="นำส่ง รพ.ขอนแก่น แพทย์ยื้อไม่ไหว").name == "ขอนแก่น"


def test_person_names_and_banks_are_not_places() -> None:
    assert locate("ดร.สุรินทร์ ชี้ทุจริตทำประเทศล้าหลัง").name is None
    assert locate("ธ.กรุงเทพ แต่งตั้งประธานกรรมการคนใหม่").name is None
    assert locate("พรรคจัดงานเลี้ยงโต๊ะจีนระดมทุน").name is None
    assert locate("ออกหมายจับแอดมินชาวกัมพูชา เผยแพร่ข่าวปลอม").name is None


def test_nationality_is_not_a_foreign_scene() -> None:
    assert locate("ชายชาวอินเดียอนาจารเด็กหญิง").name is None


def test_no_evidence_means_unknown() -> None:
    guess = locate("แม่ยายแจ้งจับ ลูกเขยเมาขาดสติ")
    assert guess.place is None and guess.confidence == 0.0


def test_ordinary_words_that_are_province_names_are_ignored() -> None:
    assert locate("ไม่เลย โรคแพร่ระบาด ตากแดด").name is None
    assert locate("ชาวเลยแห่ชมงาน").name == "เลย"


def test_destination_country_wins() -> None:
    assert locate("สหรัฐฯ ส่งเครื่องบิน B-52 ไปประจำการเกาหลีใต้").name == "เกาหลีใต้"
    assert locate("รัฐมนตรีต่างประเทศจีนเยือนเมียนมา").name == "เมียนมา"


def test_blocked_phrases_name_no_place() -> None:
    assert locate("ตรุษจีนปีนี้คึกคัก").name is None
