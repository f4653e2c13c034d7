"""Renderers: HTML, DOCX, PDF and JSON of a DailyReport in the official layout and wording."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from docx.oxml.ns import qn

from msoc.report.model import (
    Activity,
    CovidWeek,
    DailyReport,
    Disaster,
    FiscalYearStats,
    Header,
    Hotline,
    Line,
    NewsRow,
    PreviousFiscalYear,
    ReservoirList,
    Situation,
    StandingBlock,
    UnitActivities,
)
from msoc.report.render import render
from msoc.report.render import wording as w
from msoc.report.render.docx import render_docx
from msoc.report.render.html import render_html
from msoc.report.render.layout import Para, Table, document_blocks
from msoc.report.render.pdf import FONTS, FetchRefused, _fetcher, _weasyprint, render_pdf
from msoc.thai import BANGKOK, format_dtg, thai_body_digits

# --- a hand-built report with the sample's figures -----------------------------------------

COVID_SENTENCE = (
    "ว่าข้อมูลของสัปดาห์ที่ ๑๖ ของปี ๒๕๖๖ ระหว่างวันที่ ๒๓ - ๒๙ เม.ย. นี้ พบว่ามีผู้ติดเชื้อรายใหม่สะสม "
    "๑,๘๑๑ คน เฉลี่ยวันละ ๒๕๘ คน รวมสะสม ๘,๓๘๒ ราย ขณะที่ผู้เสียชีวิตรายใหม่ ๑๐ ราย (เฉลี่ยวันละ ๑ ราย) "
    "รวมสะสม ๒๘๘ ราย มีผู้ป่วยปอดอักเสบ ๑๕๗ ราย และผู้ป่วยใส่เครื่องช่วยหายใจ ๗๙ ราย "
    "ซึ่งเป็นยอดตั้งแต่วันที่ ๑ มกราคม ๒๕๖๖"
)

# The sample's lines of ๑.๔ and ๑.๕ (with ก่อกวน spelled correctly).
RESERVOIR_LINE = (
    "อ่างเก็บน้ำขนาดใหญ่ที่ปริมาณน้ำน้อยกว่าหรือเท่ากับ ร้อยละ ๓๐ ของความจุอ่างฯ จำนวน ๖ อ่าง "
    "(แควน้อยบำรุงป่าสักชลสิทธิ์ ขุนด่านปราการชล คลองสีายัด นฤปดินทรจินดา และปราณบุรี) "
    "อ่างเก็บน้ำขนาดใหญ่ที่ปริมาณน้ำเก็บกักอยู่ในเกณฑ์มากกว่าร้อยละ ๘๐ ขึ้นไป จำนวน ๑ อ่าง (บางกลาง) "
    "อ่างเก็บน้ำขนาดใหญ่ที่ปริมาณน้ำที่ใช้การได้อยู่ในเกณฑ์น้อยกว่าร้อยละ ๓๐ ของความจุอ่างฯ จำนวน ๑๒ อ่าง "
    "(สิริกิติ์ แควน้อยบำรุงแดน แม่มอก จุฬารามณ์ อุบลรัตน์ สิรินคร ป่าสักชลสิทธิ์ วชิราลงกรณ์ "
    "ขุนด่านปราการชล คลองสีายัด นฤปดินทรจินดา และปราณบุรี)"
)
HOTLINE_LINES = [
    "การดำเนินการให้ความช่วยเหลือ ๔๖๒ กรณี (ชาย ๑๑๗ กรณี หญิง ๓๔๕ กรณี)",
    "ผ่านช่องทางการให้บริการ สายด่วน ๓๘๓ กรณี สื่อออนไลน์ ๖๘ กรณี ติดต่อด้วยตนเอง ๗ กรณี "
    "ข่าว ศปก.พม. ๔ กรณี กองตรวจฯ ๘ กรณี",
    "บริการที่เกี่ยวข้องกับ พม. ๒๖๐ กรณี การประสานส่งต่อ ๒๐๒ กรณี",
    "(ให้คำปรึกษา ๑๒๒ ราย / พมจ. ๕๗ ราย / พส. ๑๑ ราย / ผส. ๗ ราย / ดย. ๓ ราย / พก. ๒ ราย)",
    "ออกปฏิบัติการหน่วยเคลื่อนที่เร็วเพื่อช่วยเหลือตามกระบวนการโดยนักสังคมสงเคราะห์วิชาชีพ ๑๒ กรณี",
    "(ปัญหาใหม่ ๒๐๒ กรณี / ติดตามปัญหาเดิม ๕๑ กรณี / สอบถามข้อมูลทั่วไปเกี่ยวกับ พม. ๑๔๕ กรณี / ก่อกวน ๔๓ กรณี",
    "โทรผิด ๒๑ กรณี เสนอความคิดเห็น - กรณี ร้องเรียน - กรณี รวม ๔๖๒ กรณี)",
    "สถิติตั้งแต่ ๑ ต.ค. ๒๕๖๕ - ๓ พ.ค. ๒๕๖๖ จำนวน ๒๑๕ วัน รวม ๗๖,๖๑๖ กรณี เฉลี่ย ๓๕๖ กรณี/วัน "
    "(งบปี ๖๕ จำนวน ๑๔๐,๐๗๔ กรณี เฉลี่ย ๓๘๔ กรณี/วัน)",
]


def _at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2023, 5, day, hour, minute, tzinfo=BANGKOK)


NEWS = [
    NewsRow(
        "social",
        _at(2, 15, 19),
        "เดลินิวส์ ออนไลน์",
        "กทม.",
        "ตร. บุกค้นบริษัทต้องสงสัยนำเข้า “ไซยาไนด์” โยงคดี “แอมวางยาฆ่าล้างหนี้”",
    ),
    NewsRow(
        "social",
        _at(2, 18, 31),
        "ช่อง GMM",
        "สมุทรปราการ",
        "แม่โร่แจ้งความ ชายชาวอินเดียอนาจารลูกสาววัย 4 ปี",
    ),
    NewsRow(
        "social",
        _at(3, 9, 12),
        "สยามรัฐ ออนไลน์",
        "ชลบุรี",
        "ททท.พัทยา เผยยอด นทท.อินเดีย สร้างรายได้การท่องเที่ยวเป็นอันดับ ๓ รองจากจีน - รัสเซีย",
    ),
    NewsRow(
        "politics",
        _at(2, 14, 6),
        "เดลินิวส์ ออนไลน์",
        "กทม.",
        "กกต. จัดสิ่งอำนวยความสะดวกแก่คนพิการ หรือผู้สูงอายุ ในการเลือกตั้ง ส.ส.",
    ),
    NewsRow(
        "politics",
        _at(3, 7, 30),
        "ช่อง 7",
        "กทม.",
        "ครม.อนุมัติงบกลาง 10,464 ล้านบาท <script>alert(1)</script> ลดค่าไฟ",
    ),
    NewsRow(
        "foreign",
        _at(2, 19, 47),
        "ช่อง Thai PBS",
        "สหรัฐอเมริกา",
        "สหรัฐฯ ส่งเครื่องบิน B-52 ไปประจำการเกาหลีใต้ หวังช่วยป้องปรามภัยจากเกาหลีเหนือ",
    ),
    NewsRow(
        "foreign",
        _at(3, 8, 26),
        "เดลินิวส์ ออนไลน์",
        "เมียนมา",
        "รัฐมนตรีต่างประเทศจีนเยือนเมียนมา ให้คำมั่นสนับสนุนทุกด้าน",
    ),
]


def sample_like_report() -> DailyReport:
    """A report with the sample's header, ๑.๒-๑.๕ figures, news, units and a standing block."""
    header = Header(
        date=date(2023, 5, 3),
        address="๑๐๓๔ กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์ ถนนกรุงเกษม เขตป้อมปราบศัตรูพ่าย กทม. ๑๐๑๐๐",
        phone="๐ ๒๒๘๒ ๒๙๑๔",
        email="mso-moc@m-society.go.th",
        motto="พัฒนางาน ยกระดับองค์กร",
        document_number=4750,
        subject="รายงานสถานการณ์และการปฏิบัติการข่าวสารประจำ วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖",
        addressees=["รมว.พม.", "ปพม.", "รอง ปพม.", "ผต.พม.", "อธิบดี"],
    )
    situation = Situation(
        general=["องค์การอนามัยโลก (WHO) ประกาศคงสถานะภาวะฉุกเฉินของโควิด 19 เสียชีวิต 6,867,685 ราย"],
        asean_intro="กรมควบคุมโรค รายงานสถานการณ์การแพร่ระบาดของโรคโควิด 19 รายสัปดาห์ ในประเทศไทย",
        covid_week=CovidWeek(
            week=16,
            year_be=2566,
            start=date(2023, 4, 23),
            end=date(2023, 4, 29),
            new_cases=1811,
            new_cases_per_day=258,
            cumulative_cases=8382,
            new_deaths=10,
            new_deaths_per_day=1,
            cumulative_deaths=288,
            pneumonia=157,
            ventilated=79,
            since=date(2023, 1, 1),
        ),
    )
    disaster = Disaster(
        source_line="(ที่มา : ปภ.พท. ๐๓๒๐๕๐๐ พ.ค. ๖๖)",
        forecast=["พยากรณ์อากาศ ๒๔ ชั่วโมงข้างหน้า ความกดอากาศต่ำเนื่องจากความร้อนปกคลุมประเทศไทยตอนบน"],
        reservoir_title="สภาพน้ำในอ่างเก็บน้ำ (ข้อมูลกรมชลประทาน วันที่ ๐๒ พ.ค. ๖๖)",
        reservoirs=[
            ReservoirList(
                "อ่างเก็บน้ำขนาดใหญ่ที่ปริมาณน้ำน้อยกว่าหรือเท่ากับ ร้อยละ ๓๐ ของความจุอ่างฯ",
                6,
                ["แควน้อยบำรุงป่าสักชลสิทธิ์", "ขุนด่านปราการชล", "คลองสีายัด", "นฤปดินทรจินดา", "ปราณบุรี"],
            ),
            ReservoirList(
                "อ่างเก็บน้ำขนาดใหญ่ที่ปริมาณน้ำเก็บกักอยู่ในเกณฑ์มากกว่าร้อยละ ๘๐ ขึ้นไป", 1, ["บางกลาง"]
            ),
            ReservoirList(
                "อ่างเก็บน้ำขนาดใหญ่ที่ปริมาณน้ำที่ใช้การได้อยู่ในเกณฑ์น้อยกว่าร้อยละ ๓๐ ของความจุอ่างฯ",
                12,
                [
                    "สิริกิติ์",
                    "แควน้อยบำรุงแดน",
                    "แม่มอก",
                    "จุฬารามณ์",
                    "อุบลรัตน์",
                    "สิรินคร",
                    "ป่าสักชลสิทธิ์",
                    "วชิราลงกรณ์",
                    "ขุนด่านปราการชล",
                    "คลองสีายัด",
                    "นฤปดินทรจินดา",
                    "ปราณบุรี",
                ],
            ),
        ],
    )
    hotline = Hotline(
        total=462,
        male=117,
        female=345,
        channels={"hotline": 383, "online": 68, "walk_in": 7, "msoc_news": 4, "inspection": 8},
        services={"ministry": 260, "referred": 202},
        referrals={"counselling": 122, "pmj": 57, "ps": 11, "ops": 7, "dcy": 3, "dep": 2},
        mobile_unit=12,
        kinds={
            "new_problem": 202,
            "follow_up": 51,
            "inquiry": 145,
            "prank": 43,
            "wrong_number": 21,
            "suggestion": None,
            "complaint": None,
        },
        kinds_total=462,
        fiscal_year_to_date=FiscalYearStats(date(2022, 10, 1), date(2023, 5, 3), 215, 76616, 356),
        previous_fiscal_year=PreviousFiscalYear(2565, 140074, 384),
    )
    units = [
        UnitActivities(
            "สป.",
            "สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
            [
                Activity(
                    ["นายอนุกุล ปัดแก้ว ปพม. เป็นประธานการประชุมผู้บริหาร ณ ห้องประชุม ชั้น 8 อาคารกรม พส."]
                ),
                Activity(
                    [
                        "นายธนสุนทร สว่างสาลี รอง ปพม. ประชุมผ่านระบบ Zoom Meeting",
                        "ความปลอดภัยของคนทุกช่วงวัย พระราชบัญญัติคุ้มครองเด็ก พ.ศ. ๒๕๔๖",
                    ]
                ),
            ],
        ),
        UnitActivities(
            "พส.",
            "กรมพัฒนาสังคมและสวัสดิการ",
            [
                Activity(["นางจตุพร โรจนพานิช อพส. เป็นประธานการประชุมกรมประจำเดือน ครั้งที่ ๔/๒๕๖๖"]),
            ],
        ),
    ]
    section3 = StandingBlock(
        "section3",
        "ภารกิจนโยบายสำคัญ",
        [
            Line("heading", "๓.๑ ทิศทางการขับเคลื่อนนโยบายของกระทรวง พม. ภายใต้ความท้าทาย", 1),
            Line("bullet", "๓.๑.๑ เปลี่ยนแปลงความคิด ทศนคติ มุมมอง", 0),
            Line("heading", "๓.๒.๑ Legal", 2),
            Line("bullet", "จุดแข็ง : มีข้อตกลงและความร่วมมือระหว่างประเทศ", 1),
            Line("numbered", "๑) กำหนดบทบาทของ พม. (Positioning) ให้ชัดเจน", 1),
            Line("paragraph", "อุทิศตน อาสางาน เอื้ออาทร อำนวยประโยชน์สุข", 0),
        ],
    )
    return DailyReport(
        header=header,
        situation=situation,
        news=list(NEWS),
        disaster=disaster,
        hotline=hotline,
        units=units,
        standing=[section3],
        key_headlines=[
            "ติดตามสถานการณ์การแพร่ระบาดของโรคติดเชื้อไวรัสโคโรนา 2019 (COVID - 19)",
            "สหรัฐฯ ส่งเครื่องบิน B-52 ไปประจำการเกาหลีใต้",
        ],
        period_start=_at(2, 14, 5),
        period_end=_at(3, 11, 59),
    )


@pytest.fixture(scope="module")
def report() -> DailyReport:
    """The hand-built report."""
    return sample_like_report()


@pytest.fixture(scope="module")
def sample_text(sample_report_path: Path) -> str:
    """The sample report's text form."""
    return sample_report_path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def imported_sample(sample_report_path: Path) -> DailyReport:
    """The sample report as the importer reads it (skipped until the importer exists)."""
    importer = pytest.importorskip("msoc.report.importer")
    return importer.parse_report_file(sample_report_path).report


def empty_report() -> DailyReport:
    """A draft with a header and nothing else."""
    return DailyReport(header=Header(date=date(2023, 5, 3), subject="ทดสอบ", addressees=["ปพม."]))


def squash(text: str) -> str:
    """Text without whitespace, with ำ put back from the glyphs pypdf reads for it.

    pypdf reads text through ToUnicode alone (no ActualText), so it gets ำ as the two glyphs
    drawn for it: NIKHAHIT (moved before a tone mark) and SARA AA. tests/report/test_pdf_text.py
    checks the exact text as poppler extracts it.
    """
    return re.sub("\u0e4d([\u0e48-\u0e4b]?)\u0e32", "\\1\u0e33", re.sub(r"\s+", "", text))


# --- wording: the generated sentences are the sample's --------------------------------------


def test_generated_sentences_are_the_samples_wording(report: DailyReport, sample_text: str) -> None:
    assert report.situation.covid_week is not None
    assert w.covid_week_sentence(report.situation.covid_week) == COVID_SENTENCE
    assert w.reservoirs_paragraph(report.disaster.reservoirs) == RESERVOIR_LINE
    assert report.hotline is not None
    assert w.hotline_lines(report.hotline) == HOTLINE_LINES
    assert w.document_number_line(report.header) == "ที่ พม ๐๒๐๔ /ว ๔๗๕๐"
    # The same lines are in the real sample (which misspells ก่อกวน as ก่อทวน).
    sample_lines = set(sample_text.replace("ก่อทวน", "ก่อกวน").splitlines())
    assert COVID_SENTENCE in sample_text
    assert RESERVOIR_LINE in sample_lines
    assert [line for line in HOTLINE_LINES if line not in sample_lines] == []


def test_wording_edge_cases() -> None:
    header = Header(date=date(2023, 5, 3))
    assert w.document_number_line(header) == "ที่ พม ๐๒๐๔ /ว"
    assert w.thai_list(["ก"]) == "ก" and w.thai_list(["ก", "ข"]) == "ก และข"
    assert w.reservoir_sentence(ReservoirList("อ่างฯ", 0)) == "อ่างฯ จำนวน ๐ อ่าง"
    cw = CovidWeek(1, 2566, date(2022, 12, 31), date(2023, 1, 6), 1, 1, 1, 0, 0, 0, 0, 0)
    sentence = w.covid_week_sentence(cw)
    assert "ระหว่างวันที่ ๓๑ ธ.ค. ๒๕๖๕ - ๖ ม.ค. ๒๕๖๖ นี้" in sentence
    assert "ตั้งแต่" not in sentence
    assert w.hotline_lines(Hotline(total=5))[0] == (
        "การดำเนินการให้ความช่วยเหลือ ๕ กรณี (ชาย - กรณี หญิง - กรณี)"
    )
    assert w.standing_heading("section4", "๔. ยุทธศาสตร์ พม.") == "๔. ยุทธศาสตร์ พม."
    assert w.standing_heading("section5_2", "") == "๕.๒ การขับเคลื่อนนโยบายสู่การปฏิบัติ"


def test_layout_order_and_sections(report: DailyReport) -> None:
    blocks = document_blocks(report)
    texts = [b.text for b in blocks if isinstance(b, Para)]
    order = [
        "ศปก.พม.",
        "ด่วนที่สุด",
        "ที่ พม ๐๒๐๔ /ว ๔๗๕๐",
        "วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖",
        "เรียน รมว.พม./ปพม./รอง ปพม./ผต.พม./อธิบดี",
        "๑. สถานการณ์",
        "๑.๑ สถานการณ์ทั่วไป",
        "๑.๒ สถานการณ์อาเซียน+๓ ไทย",
        "๑.๓ ข่าวสารและเหตุการณ์สำคัญ",
        "๑.๓.๑ ข่าวสังคมทั่วไป",
        "๑.๓.๔ ข่าวต่างประเทศ",
        "๑.๔ สถานการณ์ภัยธรรมชาติ (ที่มา : ปภ.พท. ๐๓๒๐๕๐๐ พ.ค. ๖๖)",
        "๑.๕ ศูนย์ช่วยเหลือสังคม สายด่วน ๑๓๐๐",
        "๒. การดำเนินงานตามนโยบาย",
        "๒.๑ สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์ (สป.)",
        "๒.๒ กรมพัฒนาสังคมและสวัสดิการ (พส.)",
        "๓. ภารกิจนโยบายสำคัญ",
        "๔. ยุทธศาสตร์ พม.",
        "๕. ข้อพิจารณาและข้อเสนอแนะ",
        "๕.๑ ประเด็นหัวข้อข่าวสารสำคัญ",
        "๕.๒ การขับเคลื่อนนโยบายสู่การปฏิบัติ",
    ]
    positions = [texts.index(t) for t in order]
    assert positions == sorted(positions)
    intro = report.situation.asean_intro
    assert f"{thai_body_digits(intro)} {COVID_SENTENCE}" in texts
    assert "(๒) นายธนสุนทร สว่างสาลี รอง ปพม. ประชุมผ่านระบบ Zoom Meeting" in texts
    # An activity's extra paragraph follows it as a paragraph of its own.
    assert texts[texts.index("(๒) นายธนสุนทร สว่างสาลี รอง ปพม. ประชุมผ่านระบบ Zoom Meeting") + 1] == (
        "ความปลอดภัยของคนทุกช่วงวัย พระราชบัญญัติคุ้มครองเด็ก พ.ศ. ๒๕๔๖"
    )
    assert "๕.๑.๒ สหรัฐฯ ส่งเครื่องบิน B-52 ไปประจำการเกาหลีใต้" in texts
    assert "- จุดแข็ง : มีข้อตกลงและความร่วมมือระหว่างประเทศ" in texts
    # Section ๔ and ๕.๒ blocks are missing: heading, then the no-data line.
    assert texts[texts.index("๔. ยุทธศาสตร์ พม.") + 1] == w.NO_DATA
    tables = [b for b in blocks if isinstance(b, Table)]
    assert [len(t.rows) for t in tables] == [3, 2, 0, 2]


def test_empty_report_prints_every_heading_with_no_data() -> None:
    texts = [b.text for b in document_blocks(empty_report()) if isinstance(b, Para)]
    for heading in (w.SECTION_1_1, w.SECTION_1_2, w.SECTION_1_5, w.SECTION_2, w.SECTION_5_1):
        assert texts[texts.index(heading) + 1] == w.NO_DATA
    assert texts[texts.index(w.SECTION_1_4) + 1] == w.NO_DATA
    assert "ที่ พม ๐๒๐๔ /ว" in texts


# --- HTML ---------------------------------------------------------------------------------


def test_html_is_standalone_escaped_and_in_thai_digits(report: DailyReport) -> None:
    html = render_html(report)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="th">' in html
    for row in report.news:
        summary = thai_body_digits(row.summary).replace("<", "&lt;").replace(">", "&gt;")
        assert summary in html
        assert format_dtg(row.published_at) in html
    assert "<script>" not in html and "&lt;script&gt;alert(๑)&lt;/script&gt;" in html
    assert "๐๒๑๕๑๙ พ.ค.๖๖" in html
    # No external resources: nothing to fetch.
    assert not re.search(r"""(src|href)\s*=|url\(|@import""", html)
    assert "@page" in html and "counter(page, thai)" in html


def test_html_fragment_for_live_preview(report: DailyReport) -> None:
    fragment = render_html(report, standalone=False)
    assert "<html" not in fragment and "@page" not in fragment
    assert '<div class="msoc-report" lang="th">' in fragment
    assert "ที่ พม ๐๒๐๔ /ว ๔๗๕๐" in fragment


def test_html_empty_table_row() -> None:
    html = render_html(empty_report())
    assert html.count('<td class="none" colspan="4">- ไม่มี -</td>') == 4
    assert html.count(w.NO_DATA) >= 6


# --- DOCX ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_doc(report: DailyReport) -> docx.document.Document:
    """The hand-built report's DOCX, opened again with python-docx."""
    return docx.Document(io.BytesIO(render_docx(report)))


def test_docx_tables_and_visible_text(
    report: DailyReport, docx_doc: docx.document.Document
) -> None:
    tables = docx_doc.tables
    assert len(tables) == 4
    assert [len(t.rows) for t in tables] == [4, 3, 2, 3]
    assert [c.text for c in tables[0].rows[0].cells] == list(w.NEWS_HEADER)
    assert [c.text for c in tables[0].rows[1].cells] == [
        "๐๒๑๕๑๙ พ.ค.๖๖",
        "เดลินิวส์ ออนไลน์",
        "กทม.",
        "ตร. บุกค้นบริษัทต้องสงสัยนำเข้า “ไซยาไนด์” โยงคดี “แอมวางยาฆ่าล้างหนี้”",
    ]
    assert tables[2].rows[1].cells[0].text == w.NO_ROWS
    header_tr = tables[0].rows[0]._tr
    assert header_tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    # The visible paragraphs are exactly the layout's, in order.
    expected = [b.text for b in document_blocks(report) if isinstance(b, Para)]
    assert [p.text for p in docx_doc.paragraphs] == expected
    body = "\n".join(p.text for p in docx_doc.paragraphs)
    for line in HOTLINE_LINES:
        assert line in body
    assert "ชั้น ๘ อาคารกรม พส." in body and "Zoom Meeting" in body
    # Arabic digits only inside Latin names (B-52, COVID-19): thai_body_digits keeps those.
    assert not re.search(r"[0-9]", re.sub(r"[A-Za-z][A-Za-z.]*(?: ?- ?| )?[0-9][0-9.]*", "", body))


def test_docx_fonts_page_and_numbers(docx_doc: docx.document.Document) -> None:
    normal = docx_doc.styles["Normal"].element.find(qn("w:rPr"))
    fonts = normal.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "TH Sarabun New"
    }
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == "32"
    assert normal.find(qn("w:sz")).get(qn("w:val")) == "32"
    assert normal.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    heading_run = docx_doc.paragraphs[0].runs[0]._r.find(qn("w:rPr"))
    assert heading_run.find(qn("w:bCs")) is not None
    section = docx_doc.sections[0]
    sizes = (section.page_width, section.page_height)
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert [round(m.cm, 2) if m is not None else None for m in sizes] == [21.0, 29.7]
    assert [round(m.cm, 2) if m is not None else None for m in margins] == [3.0, 2.0, 2.5, 2.0]
    assert section.different_first_page_header_footer
    assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and section.header.paragraphs[0].text == "- ๒ -"
    assert section.first_page_header.paragraphs[0].text == ""


def test_docx_empty_report_opens() -> None:
    doc = docx.Document(io.BytesIO(render_docx(empty_report())))
    assert [len(t.rows) for t in doc.tables] == [2, 2, 2, 2]
    assert "ที่ พม ๐๒๐๔ /ว" in [p.text for p in doc.paragraphs]


# --- PDF ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_reader(report: DailyReport) -> pypdf.PdfReader:
    """The hand-built report's PDF, parsed."""
    return pypdf.PdfReader(io.BytesIO(render_pdf(report)))


def _font_names(reader: pypdf.PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_pdf_embeds_th_sarabun_new_regular_and_bold(pdf_reader: pypdf.PdfReader) -> None:
    names = {re.sub(r"^/[A-Z]{6}\+", "", n).replace("-", "") for n in _font_names(pdf_reader)}
    assert names == {"THSarabunNew", "THSarabunNewBold"}
    assert all(re.match(r"^/[A-Z]{6}\+", n) for n in _font_names(pdf_reader))  # subsets


def test_pdf_is_a4_with_text_and_page_numbers(
    report: DailyReport, pdf_reader: pypdf.PdfReader
) -> None:
    assert len(pdf_reader.pages) >= 2
    for page in pdf_reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    pages = [page.extract_text() for page in pdf_reader.pages]
    text = squash("".join(pages))
    assert squash("วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖") in text
    for row in report.news:
        assert squash(thai_body_digits(row.summary)) in text
    assert "- ๑ -" not in pages[0]
    assert "- ๒ -" in pages[1]


def test_pdf_fetches_nothing_but_the_bundled_fonts() -> None:
    fetcher = _fetcher(_weasyprint())
    with pytest.raises(FetchRefused):
        fetcher("https://example.com/font.ttf")
    with pytest.raises(FetchRefused):
        fetcher(Path("/etc/passwd").as_uri())
    response = fetcher((FONTS / "THSarabunNew-Bold.ttf").as_uri())
    try:
        assert response.read(4) == b"\x00\x01\x00\x00"
    finally:
        response.close()


# --- JSON and the dispatcher ----------------------------------------------------------------


def test_json_round_trips(report: DailyReport) -> None:
    assert DailyReport.from_json(render(report, "json").decode("utf-8")) == report


def test_render_dispatches_and_rejects_unknown_formats(report: DailyReport) -> None:
    assert render(report, "html").decode("utf-8") == render_html(report)
    assert zipfile.is_zipfile(io.BytesIO(render(report, "docx")))
    with pytest.raises(ValueError, match="xml"):
        render(report, "xml")  # type: ignore[arg-type]


# --- the real sample, through the importer ----------------------------------------------------


def test_sample_renders_in_every_format(imported_sample: DailyReport, test_output: Path) -> None:
    html = render_html(imported_sample)
    for row in imported_sample.news:
        assert format_dtg(row.published_at) in html
    doc = docx.Document(io.BytesIO(render_docx(imported_sample)))
    assert [len(t.rows) - 1 for t in doc.tables] == [
        max(1, len(imported_sample.news_in(s)))
        for s in ("social", "politics", "ministry", "foreign")
    ]
    pdf = render_pdf(imported_sample)
    (test_output / "report-2566-05-03.pdf").write_bytes(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = squash("".join(page.extract_text() for page in reader.pages))
    assert squash("วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖") in text
    for row in imported_sample.news[:5]:
        assert squash(thai_body_digits(row.summary)) in text
    if shutil.which("pdftotext"):
        out = subprocess.run(
            ["pdftotext", "-f", "2", "-l", "2", str(test_output / "report-2566-05-03.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "๒" in out


def test_docx_drops_characters_xml_forbids() -> None:
    report = empty_report()
    report.news.append(
        NewsRow(
            "social", datetime(2023, 5, 2, 9, 0, tzinfo=BANGKOK), "ก", "กทม.", "ข่าว\x0bมี\x00ตัวควบคุม"
        )
    )
    doc = docx.Document(io.BytesIO(render_docx(report)))
    assert doc.tables[0].rows[1].cells[3].text == "ข่าวมีตัวควบคุม"
