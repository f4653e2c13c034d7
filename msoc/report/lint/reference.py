"""Reference lists the name and text rules check against (facts, no licence needed).

LARGE_RESERVOIRS: the 35 large reservoirs of the Royal Irrigation Department's daily water
report (กรมชลประทาน, "สภาพน้ำในอ่างเก็บน้ำขนาดใหญ่"), with other names they go by.
COMMON_MISSPELLINGS: words Thai writers often misspell (the Royal Institute's lists of
คำที่มักเขียนผิด and the press's usual slips), misspelling → correct form. PyThaiNLP's word
list holds some misspellings as words (คลิบ), so the dictionary check alone misses them.
"""

from __future__ import annotations

LARGE_RESERVOIRS: dict[str, str] = {
    name: name
    for name in (
        "ภูมิพล",
        "สิริกิติ์",
        "แม่งัดสมบูรณ์ชล",
        "แม่กวงอุดมธารา",
        "กิ่วลม",
        "กิ่วคอหมา",
        "แควน้อยบำรุงแดน",
        "แม่มอก",
        "ห้วยหลวง",
        "น้ำอูน",
        "อุบลรัตน์",
        "ลำปาว",
        "ลำตะคอง",
        "ลำพระเพลิง",
        "มูลบน",
        "ลำแซะ",
        "ลำนางรอง",
        "สิรินธร",
        "จุฬาภรณ์",
        "ลำน้ำพุง",
        "ป่าสักชลสิทธิ์",
        "ทับเสลา",
        "กระเสียว",
        "ศรีนครินทร์",
        "วชิราลงกรณ",
        "ขุนด่านปราการชล",
        "คลองสียัด",
        "บางพระ",
        "หนองปลาไหล",
        "ประแสร์",
        "นฤบดินทรจินดา",
        "แก่งกระจาน",
        "ปราณบุรี",
        "รัชชประภา",
        "บางลาง",
    )
}
LARGE_RESERVOIRS.update(
    {
        "แม่งัด": "แม่งัดสมบูรณ์ชล",
        "แม่กวง": "แม่กวงอุดมธารา",
        "น้ำพุง": "ลำน้ำพุง",
        "วชิราลงกรณ์": "วชิราลงกรณ",
        "เขาแหลม": "วชิราลงกรณ",
        "ศรีนครินทร": "ศรีนครินทร์",
        "เชี่ยวหลาน": "รัชชประภา",
    }
)

COMMON_MISSPELLINGS: dict[str, str] = {
    "คลิบ": "คลิป",
    "ไชยาไนด์": "ไซยาไนด์",
    "ไซยาไนต์": "ไซยาไนด์",
    "ทศนคติ": "ทัศนคติ",
    "ล่องละเมิด": "ล่วงละเมิด",
    "อนุญาติ": "อนุญาต",
    "อนุญาตินำ": "อนุญาตนำ",
    "ผลัดดัน": "ผลักดัน",
    "บริหารจัดกาน": "บริหารจัดการ",
    "กฏหมาย": "กฎหมาย",
    "กฏระเบียบ": "กฎระเบียบ",
    "สังเกตุ": "สังเกต",
    "ประนีประนอม": "ประนีประนอม",
    "ศักดิ์สิทธ์": "ศักดิ์สิทธิ์",
    "โอกาศ": "โอกาส",
    "พฤศจิกายนน": "พฤศจิกายน",
    "ปรากฎ": "ปรากฏ",
    "ทะเลาะวิวาส": "ทะเลาะวิวาท",
    "เกียรติบัตรร": "เกียรติบัตร",
    "ไอศครีม": "ไอศกรีม",
    "แก๊ซ": "แก๊ส",
    "อุบัติเหต": "อุบัติเหตุ",
    "ผูกพันธ์": "ผูกพัน",
    "สัมนา": "สัมมนา",
    "คำนวน": "คำนวณ",
    "ลายเซ็นต์": "ลายเซ็น",
    "เซ็นต์ชื่อ": "เซ็นชื่อ",
    "บิณฑบาตร": "บิณฑบาต",
    "ปฏิสังขร": "ปฏิสังขรณ์",
    "อัฒจรรย์": "อัฒจันทร์",
    "กระเพรา": "กะเพรา",
    "ผาสุข": "ผาสุก",
    "พิศดาร": "พิสดาร",
    "ดำริห์": "ดำริ",
    "จลาจร": "จลาจล",
    "เบญจเพศ": "เบญจเพส",
    "มาตรการณ์": "มาตรการ",
    "ปฎิบัติ": "ปฏิบัติ",
    "ปฏิบัต": "ปฏิบัติ",
    "ทะนุบำรุง": "ทำนุบำรุง",
    "เอกเทศ": "เอกเทศ",
    "ครุภัณท์": "ครุภัณฑ์",
    "ชะลอตัว": "ชะลอตัว",
    "ผู้ไร้ที่พึ่ง": "ผู้ไร้ที่พึ่ง",
}
# A misspelling that is the start of its correct form (ปฏิบัต / ปฏิบัติ) cannot be told apart.
COMMON_MISSPELLINGS = {
    k: v for k, v in COMMON_MISSPELLINGS.items() if k != v and not v.startswith(k)
}

# Titles that must be followed by a person's name, and the agency abbreviations one slip
# away from them that begin a headline ("ตร. จับ…", typed as "ดร. จับ…").
PERSON_TITLES = ("ดร.", "นพ.", "พญ.", "ผศ.", "รศ.", "ศ.")
AGENCY_ABBREVIATIONS = ("ตร.", "ทร.", "ทบ.", "ทอ.", "ปภ.", "สธ.", "มท.", "รง.", "ศธ.", "คค.")

# Abbreviations of the ministry and its units (and the "อ" + unit form of their heads):
# not in PyThaiNLP's word list, and not to be taken for slips of other abbreviations.
MINISTRY_ABBREVIATIONS = frozenset(
    {
        "พม.",
        "สป.",
        "พส.",
        "สค.",
        "ดย.",
        "พก.",
        "ผส.",
        "พอช.",
        "กคช.",
        "พมจ.",
        "สสว.",
        "บพด.",
        "ศปก.",
        "ปพม.",
        "รมว.",
        "ผต.",
        "ทปช.",
        "ผว.",
        "กชช.",
        "สธค.",
        "ผช.",
        "อพม.",
        "อพมส.",
        "ศพค.",
        "สพค.",
        "ศปก.ต.",
        "นทท.",
        "ททท.",
        "สปสช.",
        "กกต.",
        "รทสช.",
        "พปชร.",
        "พท.",
    }
)
