"""Derive the compact gazetteer tables from ../shared/data/gazetteer (run by hand, not at run time).

python msoc/data/gazetteer/derive.py /work/shared/data/gazetteer
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Thai press names of countries where CLDR's Thai name differs or carries a parenthesis.
CANONICAL_OVERRIDES = {
    "MM": "เมียนมา",
    "HK": "ฮ่องกง",
    "MO": "มาเก๊า",
    "PS": "ปาเลสไตน์",
    "CZ": "เช็ก",
    "VA": "นครรัฐวาติกัน",
}


# District names that are also dictionary words but almost always mean the place in news.
BARE_DISTRICT_WORDS = set(
    [
        "ป้อมปราบศัตรูพ่าย",
        "มีนบุรี",
        "ลาดกระบัง",
        "ยานนาวา",
        "สัมพันธวงศ์",
        "พญาไท",
        "บางกอกใหญ่",
        "ห้วยขวาง",
        "ตลิ่งชัน",
        "ดินแดง",
        "สาทร",
        "จตุจักร",
        "ดอนเมือง",
        "ลาดพร้าว",
        "บางแค",
        "สายไหม",
        "วังทองหลาง",
        "บางนา",
        "ทวีวัฒนา",
        "พระประแดง",
        "ธัญบุรี",
        "สามโคก",
        "บางปะอิน",
        "ผักไห่",
        "วิเศษชัยชาญ",
        "บางระจัน",
        "อินทร์บุรี",
        "หนองแค",
        "มวกเหล็ก",
        "ศรีราชา",
        "สัตหีบ",
        "สอยดาว",
        "บางปะกง",
        "พนมสารคาม",
        "กบินทร์บุรี",
        "องครักษ์",
        "วัฒนานคร",
        "ครบุรี",
        "เสิงสาง",
        "พิมาย",
        "นางรอง",
        "กันทรลักษ์",
        "พิบูลมังสาหาร",
        "แก้งคร้อ",
        "บุ่งคล้า",
        "อุบลรัตน์",
        "กระนวน",
        "หนองหาน",
        "เชียงคาน",
        "เสลภูมิ",
        "กุสุมาลย์",
        "วานรนิวาส",
        "ท่าอุเทน",
        "เชียงดาว",
        "ดอยสะเก็ด",
        "อมก๋อย",
        "สารภี",
        "แม่ออน",
        "เถิน",
        "ลับแล",
        "เวียงสา",
        "เชียงของ",
        "แม่จัน",
        "เชียงแสน",
        "แม่ฟ้าหลวง",
        "แม่สะเรียง",
        "ชุมแสง",
        "พยุหะคีรี",
        "แม่ระมาด",
        "ท่าสองยาง",
        "อุ้มผาง",
        "ศรีสัชนาลัย",
        "สวรรคโลก",
        "หล่มสัก",
        "เขาค้อ",
        "โพธาราม",
        "ไทรโยค",
        "ท่ามะกา",
        "สามชุก",
        "นครชัยศรี",
        "สามพราน",
        "พุทธมณฑล",
        "บ้านแพ้ว",
        "อัมพวา",
        "ทับสะแก",
        "ทุ่งสง",
        "ขนอม",
        "ตะกั่วทุ่ง",
        "ถลาง",
        "พุนพิน",
        "สทิงพระ",
        "เทพา",
        "ระโนด",
        "สะเดา",
        "หาดใหญ่",
        "กันตัง",
        "ตะโหมด",
        "ยะรัง",
        "เบตง",
        "บันนังสตา",
        "กรงปินัง",
        "บาเจาะ",
        "รือเสาะ",
        "แว้ง",
        "กะพ้อ",
        "โคกโพธิ์",
    ]
)


def bare_districts(names_by_province: dict[str, set[str]]) -> set[str]:
    """District names safe to match without อ./อำเภอ: unique, long, and not ordinary words."""
    from pythainlp.corpus.common import thai_words

    words = thai_words()
    unique = {n for n, provinces in names_by_province.items() if len(provinces) == 1}
    return {
        n
        for n in unique
        if len(n) >= 4 and not n.startswith("เมือง") and (n not in words or n in BARE_DISTRICT_WORDS)
    }


def main(shared: Path) -> None:
    """Write provinces.tsv, districts.tsv, subdistricts.tsv and countries.tsv beside this file."""
    kv = shared / "kongvut_thai_province_data"
    with (
        (kv / "provinces.csv").open(encoding="utf-8") as f,
        (HERE / "provinces.tsv").open("w") as out,
    ):
        out.write("id\tname_th\tname_en\n")
        for row in csv.DictReader(f):
            if not row["deleted_at"]:
                out.write(f"{row['id']}\t{row['name_th'].strip()}\t{row['name_en'].strip()}\n")
    with (kv / "districts.csv").open(encoding="utf-8") as f:
        districts = [row for row in csv.DictReader(f) if not row["deleted_at"]]
    provinces_of: dict[str, set[str]] = {}
    for row in districts:
        row["bare_name"] = re.sub(r"^(เขต|อำเภอ)", "", row["name_th"].strip())
        provinces_of.setdefault(row["bare_name"], set()).add(row["province_id"])
    bare = bare_districts(provinces_of)
    with (HERE / "districts.tsv").open("w") as out:
        out.write("id\tname_th\tprovince_id\tbare\n")
        for row in districts:
            flag = int(row["bare_name"] in bare)
            out.write(f"{row['id']}\t{row['name_th'].strip()}\t{row['province_id']}\t{flag}\n")
    with (
        (kv / "sub_districts.csv").open(encoding="utf-8") as f,
        (HERE / "subdistricts.tsv").open("w") as out,
    ):
        out.write("id\tname_th\tdistrict_id\tzip_code\n")
        for row in csv.DictReader(f):
            if not row["deleted_at"]:
                out.write(
                    f"{row['id']}\t{row['name_th'].strip()}\t{row['district_id']}"
                    f"\t{row['zip_code'].strip()}\n"
                )
    with (
        (shared / "countries_iso2_th_en.csv").open(encoding="utf-8") as f,
        (HERE / "countries.tsv").open("w") as out,
    ):
        out.write("iso2\tname_th\tname_en\tcldr_th\n")
        for row in csv.DictReader(f):
            if row["iso2"] == "TH":
                continue  # Thailand is located by province, never as a foreign country
            name = CANONICAL_OVERRIDES.get(row["iso2"], row["name_th"].split(" (")[0].strip())
            out.write(f"{row['iso2']}\t{name}\t{row['name_en']}\t{row['name_th']}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
