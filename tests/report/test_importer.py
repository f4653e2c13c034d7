"""The importer of past reports: the sample report, DOCX input, and every kind of bad input."""

from __future__ import annotations

import codecs
import io
import re
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msoc.report.importer import (
    ImportResult,
    ReportImportError,
    decode_text,
    parse_report_file,
    parse_report_text,
    read_docx_text,
)
from msoc.report.importer.document import parse_text
from msoc.thai import BANGKOK, format_dtg

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def sample(sample_report_path: Path) -> ImportResult:
    return parse_report_file(sample_report_path)


@pytest.fixture(scope="module")
def sample_text(sample_report_path: Path) -> str:
    return sample_report_path.read_text(encoding="utf-8")


def issues_at(result: ImportResult, line: int) -> list[str]:
    return [i.message for i in result.issues if i.line == line]


# --- the sample report: the acceptance test ---------------------------------------------


def test_sample_header(sample: ImportResult) -> None:
    h = sample.report.header
    assert h.date == date(2023, 5, 3)
    assert h.urgency == "ด่วนที่สุด"
    assert h.agency_code == "พม ๐๒๐๔"
    assert h.document_number == 4750
    assert h.subject == "รายงานสถานการณ์และการปฏิบัติการข่าวสารประจำ วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖"
    assert h.addressees[:3] == ["รมว.พม.", "ปพม.", "รอง ปพม."]
    assert h.addressees[-2:] == ["ผช.ปพม.", "ผอ.กองใน สป.พม."]  # the list wraps onto line 27
    assert len(h.addressees) == 12
    assert h.address.startswith("๑๐๓๔ ") and h.address.endswith("กทม. ๑๐๑๐๐")
    assert h.phone == "๐ ๒๒๘๒ ๒๙๑๔"
    assert h.email == "mso-moc@m-society.go.th"
    assert h.motto == "พัฒนางาน ยกระดับองค์กร"
    assert h.unit_short_en == "MSOC"
    assert h.unit_name_en == "Ministry of Social Development and Human Security Operation Center"
    assert sample.path is not None and sample.path.endswith(".txt")


def test_sample_situation(sample: ImportResult) -> None:
    s = sample.report.situation
    assert len(s.general) == 1 and s.general[0].startswith("องค์การอนามัยโลก (WHO)")
    assert s.asean_intro.startswith("ติดตามการเฝ้าระวังสถานการณ์")
    assert s.asean_intro.endswith("รายสัปดาห์ ในประเทศไทย")
    assert s.asean_extra == []
    cw = s.covid_week
    assert cw is not None
    assert (cw.week, cw.year_be, cw.start, cw.end) == (
        16,
        2566,
        date(2023, 4, 23),
        date(2023, 4, 29),
    )
    assert (cw.new_cases, cw.new_cases_per_day, cw.cumulative_cases) == (1811, 258, 8382)
    assert (cw.new_deaths, cw.new_deaths_per_day, cw.cumulative_deaths) == (10, 1, 288)
    assert (cw.pneumonia, cw.ventilated, cw.since) == (157, 79, date(2023, 1, 1))


def test_sample_news(sample: ImportResult, sample_text: str) -> None:
    report = sample.report
    counts = {s: len(report.news_in(s)) for s in ("social", "politics", "ministry", "foreign")}
    assert counts == {"social": 14, "politics": 18, "ministry": 1, "foreign": 13}
    # Document order, and each row's cells exactly as written (normalised).
    rows = [
        ln.split("\t")
        for ln in sample_text.splitlines()
        if "\t" in ln and not ln.startswith("วัน เวลา")
    ]
    assert [(n.source, n.place, n.summary) for n in report.news] == [
        (r[1], r[2], r[3]) for r in rows
    ]
    first = report.news[0]
    assert first.published_at == datetime(2023, 5, 2, 14, 5, tzinfo=BANGKOK)
    assert first.summary.startswith("บอร์ด สปสช.ห่วงกลุ่ม ๖๐๘")
    assert report.news_in("politics")[-1].published_at == datetime(
        2023, 5, 3, 11, 59, tzinfo=BANGKOK
    )
    assert report.period_start == datetime(2023, 5, 2, 14, 5, tzinfo=BANGKOK)
    assert report.period_end == datetime(2023, 5, 3, 11, 59, tzinfo=BANGKOK)


def test_sample_dtg_repairs_are_listed_with_their_lines(sample: ImportResult) -> None:
    for line in (44, 45, 46, 47):  # 'พ.ศ.๖๖' instead of 'พ.ค.๖๖'
        assert any("พ.ศ." in m for m in issues_at(sample, line)), line
    for line in (54, 101, 102, 103, 104):  # 'พ.ค. ๖๖' with an extra space
        assert issues_at(sample, line), line
    dtg = [i for i in sample.issues if i.message.startswith("DTG")]
    assert len(dtg) == 9
    assert all(i.severity == "repaired" for i in dtg)
    assert {i.part for i in dtg if i.line == 46} == {"๑.๓.๑ row 3"}
    assert {i.part for i in dtg if i.line == 101} == {"๑.๓.๔ row 10"}


def test_sample_disaster(sample: ImportResult) -> None:
    d = sample.report.disaster
    assert d.source_line == "(ที่มา : ปภ.พท. ๐๓๒๐๕๐๐ พ.ค. ๖๖)"
    assert d.forecast_title == "ประกาศกรมอุตุนิยมวิทยา"
    assert len(d.forecast) == 2 and d.forecast[0].startswith("พยากรณ์อากาศ ๒๔ ชั่วโมงข้างหน้า")
    assert d.reservoir_title == "สภาพน้ำในอ่างเก็บน้ำ (ข้อมูลกรมชลประทาน วันที่ ๐๒ พ.ค. ๖๖)"
    assert [(r.count, len(r.names)) for r in d.reservoirs] == [(6, 5), (1, 1), (12, 12)]
    assert d.reservoirs[0].names == [
        "แควน้อยบำรุงป่าสักชลสิทธิ์",
        "ขุนด่านปราการชล",
        "คลองสีายัด",
        "นฤปดินทรจินดา",
        "ปราณบุรี",
    ]
    assert d.reservoirs[0].label == ("อ่างเก็บน้ำขนาดใหญ่ที่ปริมาณน้ำน้อยกว่าหรือเท่ากับ ร้อยละ ๓๐ ของความจุอ่างฯ")
    assert d.reservoirs[1].names == ["บางกลาง"]
    assert d.extra == []


def test_sample_hotline(sample: ImportResult) -> None:
    h = sample.report.hotline
    assert h is not None
    assert (h.total, h.male, h.female) == (462, 117, 345)
    assert h.channels == {
        "hotline": 383,
        "online": 68,
        "walk_in": 7,
        "msoc_news": 4,
        "inspection": 8,
    }
    assert h.services == {"ministry": 260, "referred": 202}
    assert h.referrals == {"counselling": 122, "pmj": 57, "ps": 11, "ops": 7, "dcy": 3, "dep": 2}
    assert h.mobile_unit == 12
    assert h.kinds == {
        "new_problem": 202,
        "follow_up": 51,
        "inquiry": 145,
        "prank": 43,
        "wrong_number": 21,
        "suggestion": None,
        "complaint": None,
    }
    assert h.kinds_total == 462
    fy = h.fiscal_year_to_date
    assert fy is not None
    assert (fy.start, fy.end, fy.days, fy.total, fy.per_day) == (
        date(2022, 10, 1),
        date(2023, 5, 3),
        215,
        76616,
        356,
    )
    prev = h.previous_fiscal_year
    assert prev is not None and (prev.year_be, prev.total, prev.per_day) == (2565, 140074, 384)
    # 'ก่อทวน' is read as 'ก่อกวน', and the tolerant match is reported on its line.
    assert any("ก่อทวน" in m for m in issues_at(sample, 130))


def test_sample_units(sample: ImportResult) -> None:
    units = sample.report.units
    assert [(u.code, len(u.activities)) for u in units] == [
        ("สป.", 2),
        ("พส.", 2),
        ("สค.", 2),
        ("ดย.", 4),
        ("พก.", 3),
        ("ผส.", 4),
        ("พอช.", 2),
    ]
    assert units[0].name == "สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์"
    assert units[0].activities[0].paragraphs[0].startswith("นายอนุกุล ปัดแก้ว ปพม.")  # no '(๑)'
    # The two page-break continuations stay with their activity as second paragraphs.
    assert len(units[3].activities[2].paragraphs) == 2
    assert units[3].activities[2].paragraphs[1].startswith("ความปลอดภัยของคนทุกช่วงวัย")
    assert len(units[5].activities[3].paragraphs) == 2
    assert sum(len(a.paragraphs) for u in units for a in u.activities) == 21


def test_sample_standing_blocks(sample: ImportResult) -> None:
    report = sample.report
    assert [b.key for b in report.standing] == ["section3", "section4", "section5_2"]
    s3 = report.standing_block("section3")
    assert s3 is not None and s3.title == "การกิจนโยบายสำคัญ"  # kept as written, reported
    lines = {(ln.kind, ln.level, ln.text) for ln in s3.lines}
    assert ("heading", 2, "๓.๒.๑ Legal") in lines
    assert ("heading", 1, "๓.๑ ทิศทางการขับเคลื่อนนโยบายของกระทรวง พม. ภายใต้ความท้าทาย") in lines
    assert ("bullet", 0, "จุดแข็ง : มีข้อตกลงและความร่วมมือระหว่างประเทศ") in lines
    assert ("bullet", 1, "สร้างเครือข่ายเจ้าหน้าที่เก็บข้อมูลในพื้นที่") in lines
    assert ("numbered", 0, "๑) กำหนดบทบาทของ พม. (Positioning) ให้ชัดเจน") in lines
    assert ("paragraph", 0, "ประกอบด้วย ๓ ส่วนที่สำคัญ ดังนี้") in lines
    s4 = report.standing_block("section4")
    assert s4 is not None and s4.title.startswith("ยุทธศาสตร์ พม.")
    assert s4.lines[0].kind == "heading" and s4.lines[0].text == "๔.๑ วิสัยทัศน์"
    s52 = report.standing_block("section5_2")
    assert s52 is not None and s52.title == "การขับเคลื่อนนโยบายสู่การปฏิบัติ"
    headings = [ln.text.split()[0] for ln in s52.lines if ln.kind == "heading"]
    assert headings == ["๕.๒.๑", "๕.๒.๓", "๕.๒.๔", "๕.๒.๕", "๕.๒.๖", "๕.๒.๗", "๕.๒.๘"]
    assert ("numbered", 0, "(๑) แผนงานยุทธศาสตร์เสริมสร้างพลังทางสังคม") in {
        (ln.kind, ln.level, ln.text) for ln in s52.lines
    }


def test_sample_key_headlines(sample: ImportResult) -> None:
    headlines = sample.report.key_headlines
    assert len(headlines) == 7
    assert headlines[0] == "ติดตามสถานการณ์การแพร่ระบาดของโรคติดเชื้อไวรัสโคโรนา 2019 (COVID - 19)"
    assert headlines[-1] == "สถานการณ์ภัยธรรมชาติในประเทศและต่างประเทศ"
    assert not any(h.startswith("๕.") for h in headlines)


def test_sample_numbering_defects_are_reported_not_fatal(sample: ImportResult) -> None:
    assert any("๕.๒.๓" in m and "๕.๒.๒" in m for m in issues_at(sample, 563))
    assert any("(๓)" in m for m in issues_at(sample, 790))  # the repeated (๓) of ๕.๒.๖
    assert any("การกิจ" in m for m in issues_at(sample, 194))  # misspelled heading ๓.
    assert all(i.severity == "repaired" for i in sample.issues)  # nothing was unreadable
    assert all(i.line > 0 for i in sample.issues)


def test_sample_every_line_is_kept_or_reported(sample: ImportResult, sample_text: str) -> None:
    """Sections ๒-๕ are stored as text: each of their lines is in the model or in an issue."""
    stored = "\n".join(_strings(sample.report.to_dict()))
    reported = {i.line for i in sample.issues}
    fixed = {"๒. การดำเนินงานตามนโยบาย", "๕. ข้อพิจารณาและข้อเสนอแนะ", "๕.๑ ประเด็นหัวข้อข่าวสารสำคัญ"}
    for number, raw in enumerate(sample_text.splitlines(), 1):
        text = " ".join(raw.split())
        if number < 136 or not text or number in reported or text in fixed:
            continue
        core = re.sub(r"^(?:-\s+|\([๐-๙]+\)\s*|[๐-๙](?:\.[๐-๙]+)*\.?\s+)", "", text)
        core = (
            re.sub(r"\s*\([^()]*\)$", "", core)
            if core.startswith(("สำนักงานปลัด", "กรม", "สถาบัน"))
            else core
        )
        assert core in stored, (number, text)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_import_is_deterministic(sample_report_path: Path) -> None:
    # No timing assertion (house rule); this only proves repeated imports agree.
    text = sample_report_path.read_text(encoding="utf-8")
    assert parse_report_text(text).report == parse_report_text(text).report


def test_sample_report_json_round_trip(sample: ImportResult) -> None:
    from msoc.report.model import DailyReport

    assert DailyReport.from_json(sample.report.to_json()) == sample.report


# --- a small clean report and its variants ----------------------------------------------


def test_clean_report_has_no_issues() -> None:
    result = parse_report_file(FIXTURES / "small-report.txt")
    assert result.issues == []
    r = result.report
    assert r.header.date == date(2023, 5, 8) and r.header.urgency == "ด่วนมาก"
    assert r.situation.covid_week is not None
    assert (r.situation.covid_week.start, r.situation.covid_week.end) == (
        date(2023, 4, 30),
        date(2023, 5, 6),
    )
    assert len(r.news) == 6 and r.hotline is not None and r.hotline.kinds["complaint"] == 2
    assert [u.code for u in r.units] == ["สป.", "พส."]
    assert r.units[0].activities[1].paragraphs == [
        "ปพม. มอบหมายให้ รอง ปพม. เป็นประธานการประชุมคณะกรรมการ",
        "ซึ่งเป็นย่อหน้าต่อของข้อ (๒)",
    ]
    assert r.key_headlines == ["ติดตามสถานการณ์โควิด 19", "สถานการณ์ภัยธรรมชาติ"]


def test_missing_section_is_imported_with_an_issue_naming_it() -> None:
    result = parse_report_file(FIXTURES / "missing-hotline.txt")
    assert result.report.hotline is None
    assert len(result.report.news) == 6 and result.report.units
    missing = [i for i in result.issues if i.part == "๑.๕"]
    assert len(missing) == 1 and "ไม่พบส่วน ๑.๕" in missing[0].message
    assert missing[0].line > 0


def test_truncated_file_keeps_what_is_there() -> None:
    result = parse_report_file(FIXTURES / "truncated-in-news.txt")
    report = result.report
    assert report.header.date == date(2023, 5, 8)
    assert report.situation.covid_week is not None
    assert len(report.news) == 1  # the cut-off second row is reported, not guessed
    cut = [i for i in result.issues if i.part == "๑.๓.๑ row 2"]
    assert cut and cut[0].severity == "unreadable" and cut[0].line == 40
    parts = {i.part for i in result.issues if "ไม่พบส่วน" in i.message}
    assert {"๑.๓.๒", "๑.๔", "๑.๕", "๒.๑", "๓", "๔", "๕.๑", "๕.๒"} <= parts


def test_cp874_file_is_decoded_and_reported() -> None:
    result = parse_report_file(FIXTURES / "small-report-cp874.txt")
    clean = parse_report_file(FIXTURES / "small-report.txt")
    assert result.report == clean.report
    assert [(i.part, i.severity) for i in result.issues] == [("file", "repaired")]
    assert "TIS-620" in result.issues[0].message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_other_unicode_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes((FIXTURES / "small-report.txt").read_text(encoding="utf-8").encode(encoding))
    result = parse_report_file(path)
    assert result.report == parse_report_file(FIXTURES / "small-report.txt").report
    assert bool(result.issues) == encoding.startswith("utf-16")


def test_crlf_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    text = (FIXTURES / "small-report.txt").read_text(encoding="utf-8")
    path.write_bytes(text.replace("\n", "\r\n").encode())
    assert parse_report_file(path).report == parse_report_file(FIXTURES / "small-report.txt").report


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("undecodable.txt", 3, "รหัสอักขระ"),
        ("garbage.bin", 1, ""),
        ("empty.txt", 1, "ว่าง"),
        ("no-date.txt", 22, "วันที่"),
        ("not-a-report.txt", 5, "วันที่"),
    ],
)
def test_bad_files_raise_an_error_naming_file_and_line(name: str, line: int, words: str) -> None:
    with pytest.raises(ReportImportError) as caught:
        parse_report_file(FIXTURES / name)
    error = caught.value
    assert error.path is not None and error.path.endswith(name)
    assert error.line == line
    assert words in error.reason
    assert name in str(error) and f"บรรทัด {line}" in str(error)


def test_missing_file_raises_import_error(tmp_path: Path) -> None:
    with pytest.raises(ReportImportError, match="nothing.txt"):
        parse_report_file(tmp_path / "nothing.txt")


def test_date_from_subject_when_date_line_is_missing() -> None:
    text = (FIXTURES / "small-report.txt").read_text(encoding="utf-8")
    text = text.replace("วันจันทร์ที่ ๐๘ พฤษภาคม พ.ศ. ๒๕๖๖\n", "", 1)
    result = parse_report_text(text)
    assert result.report.header.date == date(2023, 5, 8)
    assert any("เรื่อง" in i.message for i in result.issues if i.part == "header")


def test_defects_inside_sections_are_reported_with_lines() -> None:
    lines = (FIXTURES / "small-report.txt").read_text(encoding="utf-8").split("\n")

    def at(prefix: str) -> int:
        return next(n for n, ln in enumerate(lines) if ln.startswith(prefix))

    lines[at("๐๗๑๘๓๑")] = "๙๙๙๙ ม.ค.๖๖\tช่อง ๗\tเชียงใหม่\tแถววันเวลาเสีย"  # unreadable DTG
    lines[at("บริการที่เกี่ยวข้อง")] += " ตัวเลขลึกลับ ๗ กรณี"  # unknown hotline label
    lines[at("(๒) ปพม.")] = lines[at("(๒) ปพม.")].replace("(๒)", "(๔)")  # numbering skip
    lines.insert(at("๒.๑ "), "ข้อความลอยใต้หัวข้อ ๒.")  # text with no place in the form
    result = parse_report_text("\n".join(lines), "edited.txt")
    by_line = {i.line: i for i in result.issues}
    bad_row = by_line[at("๙๙๙๙") + 1]
    assert bad_row.severity == "unreadable" and bad_row.part == "๑.๓.๑ row 2"
    assert len(result.report.news) == 5
    assert "ตัวเลขลึกลับ" in by_line[at("บริการที่เกี่ยวข้อง") + 1].message
    assert by_line[at("(๔) ปพม.") + 1].part == "๒.๑ (๔)"
    assert by_line[at("ข้อความลอย") + 1].severity == "unreadable"
    assert result.report.hotline is not None and result.report.hotline.services["ministry"] == 60


def test_repeated_table_header_and_empty_table_mark() -> None:
    text = (FIXTURES / "small-report.txt").read_text(encoding="utf-8")
    header_row = "วัน เวลา\tที่มา\tสถานที่\tสรุปข่าว"
    text = text.replace("\n๐๘๐๙๑๒ พ.ค.๖๖", f"\n\n{header_row}\n๐๘๐๙๑๒ พ.ค.๖๖")  # a page break
    text = text.replace(
        "๐๗๒๑๐๘ พ.ค.๖๖\tสยามรัฐ ออนไลน์\tเพชรบุรี\tพมจ. เข้าช่วยเหลือเด็กวัย ๑๒ ปี", "- ไม่มี -"
    )
    result = parse_report_text(text)
    assert result.issues == []
    assert len(result.report.news_in("social")) == 3 and result.report.news_in("ministry") == []


def test_document_number_without_circular_number() -> None:
    text = (FIXTURES / "small-report.txt").read_text(encoding="utf-8")
    result = parse_report_text(text.replace("ที่ พม ๐๒๐๔ /ว ๔๘๐๑", "ที่ พม ๐๒๐๔ /ว"))
    header = result.report.header
    assert (header.agency_code, header.document_number, header.motto) == (
        "พม ๐๒๐๔",
        None,
        "พัฒนางาน ยกระดับองค์กร",
    )
    assert result.issues == []


def test_tolerant_hotline_label_match_is_reported() -> None:
    text = (FIXTURES / "small-report.txt").read_text(encoding="utf-8")
    text = text.replace("ติดตามปัญหาเดิม ๑๐", "ติดตามปัญหาเดม ๑๐")  # one vowel missing
    result = parse_report_text(text)
    assert result.report.hotline is not None and result.report.hotline.kinds["follow_up"] == 10
    assert any("ติดตามปัญหาเดม" in i.message and i.severity == "repaired" for i in result.issues)


def test_table_with_blank_lines_and_wrong_section_title() -> None:
    text = (FIXTURES / "small-report.txt").read_text(encoding="utf-8")
    text = text.replace("๑.๓.๒ ข่าวการเมือง - ความมั่นคง", "๑.๓.๒ ข่าวต่างประเทศ")
    result = parse_report_text(text)
    assert len(result.report.news_in("foreign")) == 2  # the title wins over the number
    assert any(i.part == "๑.๓.๒" for i in result.issues)


def test_covid_sentence_that_cannot_be_structured_goes_to_extra() -> None:
    text = (FIXTURES / "small-report.txt").read_text(encoding="utf-8")
    text = text.replace("ผู้ป่วยปอดอักเสบ ๑๖๐ ราย", "ผู้ป่วยปอด ๑๖๐ ราย")
    result = parse_report_text(text)
    s = result.report.situation
    assert s.covid_week is None
    assert s.asean_extra and s.asean_extra[0].startswith("ว่าข้อมูลของสัปดาห์ที่ ๑๗")
    assert any(i.part == "๑.๒" and i.severity == "unreadable" for i in result.issues)


# --- DOCX -------------------------------------------------------------------------------

HEADER_LINES = [
    "ศปก.พม.",
    "ด่วนที่สุด",
    "ที่ พม ๐๒๐๔ /ว ๔๗๕๐",
    "วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖",
    "เรื่อง รายงานสถานการณ์และการปฏิบัติการข่าวสารประจำ วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖",
    "เรียน รมว.พม./ปพม.",
    "๑. สถานการณ์",
    "๑.๓ ข่าวสารและเหตุการณ์สำคัญ",
    "๑.๓.๑ ข่าวสังคมทั่วไป",
]


def _docx_bytes(build) -> io.BytesIO:  # type: ignore[no-untyped-def]
    document = docx.Document()
    build(document)
    stream = io.BytesIO()
    document.save(stream)
    stream.seek(0)
    return stream


def test_docx_body_order_and_table_rows(tmp_path: Path) -> None:
    rows = [
        ("วัน เวลา", "ที่มา", "สถานที่", "สรุปข่าว"),
        ("๐๒๑๔๐๕ พ.ค.๖๖", "มติชน ออนไลน์", "กทม.", "ข่าวแถวแรก"),
        ("๐๓๐๙๑๒ พ.ค.๖๖", "ช่อง ๗", "ชลบุรี", "ข่าวแถวที่สอง"),
    ]

    def build(document) -> None:  # type: ignore[no-untyped-def]
        for line in HEADER_LINES:
            document.add_paragraph(line)
        table = document.add_table(rows=0, cols=4)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = value
        document.add_paragraph("๓. ภารกิจนโยบายสำคัญ")
        document.add_paragraph("จุดแข็ง", style="List Bullet")
        document.add_paragraph("ระดับย่อย", style="List Bullet 2")

    path = tmp_path / "report.docx"
    path.write_bytes(_docx_bytes(build).getvalue())
    text = read_docx_text(path)
    assert "\n".join("\t".join(r) for r in rows) in text
    assert text.index("๑.๓.๑ ข่าวสังคมทั่วไป") < text.index("วัน เวลา\t") < text.index("๓. ภารกิจ")
    result = parse_report_file(path)
    report = result.report
    assert report.header.date == date(2023, 5, 3) and report.header.document_number == 4750
    assert [(n.section, n.summary) for n in report.news] == [
        ("social", "ข่าวแถวแรก"),
        ("social", "ข่าวแถวที่สอง"),
    ]
    assert report.news[1].published_at == datetime(2023, 5, 3, 9, 12, tzinfo=BANGKOK)
    s3 = report.standing_block("section3")
    assert s3 is not None
    assert [(ln.kind, ln.level, ln.text) for ln in s3.lines] == [
        ("bullet", 0, "จุดแข็ง"),
        ("bullet", 1, "ระดับย่อย"),
    ]
    assert result.path == str(path)


def test_docx_of_the_sample_imports_like_the_text(sample: ImportResult, sample_text: str) -> None:
    """A faithful DOCX (one paragraph per line, one table per ๑.๓ table) gives the same report."""

    def build(document) -> None:  # type: ignore[no-untyped-def]
        table = None
        for raw in sample_text.splitlines():
            if "\t" in raw:
                if table is None:
                    table = document.add_table(rows=0, cols=4)
                for cell, value in zip(table.add_row().cells, raw.split("\t"), strict=True):
                    cell.text = value
                continue
            if raw.strip():
                table = None
                document.add_paragraph(raw)

    report = parse_report_text(read_docx_text(_docx_bytes(build))).report
    assert report == sample.report


def test_docx_bullet_nesting_from_indents() -> None:
    from docx.shared import Cm

    def build(document) -> None:  # type: ignore[no-untyped-def]
        for text, indent in (
            ("- ไม่มีข้อมูล -", None),
            ("- ข้อหลัก", 1.85),
            ("- ข้อย่อย", 2.6),
            ("- ข้อหลักอีกข้อ", 1.85),
        ):
            paragraph = document.add_paragraph(text)
            if indent is not None:
                paragraph.paragraph_format.left_indent = Cm(indent)

    text = read_docx_text(_docx_bytes(build))
    assert text.split("\n\n") == ["- ไม่มีข้อมูล -", "- ข้อหลัก", " - ข้อย่อย", "- ข้อหลักอีกข้อ\n"]


def test_docx_that_is_not_a_report(tmp_path: Path) -> None:
    def build(document) -> None:  # type: ignore[no-untyped-def]
        document.add_paragraph("บันทึกข้อความ")
        document.add_paragraph("ขอเชิญประชุมคณะทำงานในวันศุกร์นี้")

    path = tmp_path / "memo.docx"
    path.write_bytes(_docx_bytes(build).getvalue())
    with pytest.raises(ReportImportError) as caught:
        parse_report_file(path)
    assert "memo.docx" in str(caught.value) and caught.value.line > 0


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken zip", "ข้อความธรรมดา".encode()])
def test_broken_docx(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(content)
    with pytest.raises(ReportImportError, match="broken.docx"):
        parse_report_file(path)


# --- no input raises anything but ReportImportError -------------------------------------

_SAMPLE_LINES = (
    (Path(__file__).resolve().parents[2] / "msoc/data/demo/msoc-daily-report-2566-05-03.txt")
    .read_text(encoding="utf-8")
    .splitlines()
)
_FRAGMENTS = (
    st.sampled_from(_SAMPLE_LINES)
    | st.text(max_size=40)
    | st.sampled_from(
        [
            "๑.",
            "๑.๓.๒",
            "(๑)",
            "- ",
            " - ",
            "\t",
            "๕.๒.๙ x",
            "(ที่มา",
            "จำนวน ๓ อ่าง (",
            "รวม - กรณี",
            "สัปดาห์ที่ ๑",
            "ระหว่างวันที่ ๓๑ - ๒ ก.พ.",
            "ที่ พม /ว",
            "- ๒ -",
            "- ไม่มี -",
        ]
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_raises_only_import_error(text: str) -> None:
    try:
        parse_text(text, "x.txt")
    except ReportImportError as exc:
        assert "x.txt" in str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_FRAGMENTS, max_size=60), st.booleans())
def test_report_like_text_raises_only_import_error(fragments: list[str], dated: bool) -> None:
    lines = (["วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖"] if dated else []) + fragments
    try:
        result = parse_text("\n".join(lines))
    except ReportImportError:
        return
    for row in result.report.news:
        assert format_dtg(row.published_at)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_decode_or_raise_import_error(data: bytes) -> None:
    try:
        text, _ = decode_text(data, "b.bin")
    except ReportImportError:
        return
    assert isinstance(text, str)


def test_utf16_without_bom_is_detected() -> None:
    data = "วันพุธที่ ๐๓ พฤษภาคม พ.ศ. ๒๕๖๖\n".encode("utf-16-le")
    assert not data.startswith(codecs.BOM_UTF16_LE)
    text, note = decode_text(data)
    assert text.startswith("วันพุธที่") and note and "UTF-16" in note
