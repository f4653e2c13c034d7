"""The report's printed wording: every fixed heading and generated sentence, in one place.

HTML and DOCX both print these strings, and the importer parses the same sentences back, so
the wording follows the sample report (msoc/data/demo/msoc-daily-report-2566-05-03.txt)
character for character. Nothing here computes a figure; it only formats what it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from msoc.report.model import (
    HOTLINE_CHANNELS,
    HOTLINE_KINDS,
    HOTLINE_REFERRALS,
    HOTLINE_SERVICES,
    CovidWeek,
    HazardImpact,
    Header,
    Hotline,
    NewsRow,
    ReservoirList,
)
from msoc.thai import (
    MONTHS_ABBR,
    format_dtg,
    format_number,
    format_thai_date_full,
    format_thai_date_short,
    to_thai_digits,
)

NO_ROWS = "- ไม่มี -"
NO_DATA = "- ไม่มีข้อมูล -"
NEWS_HEADER = ("วัน เวลา", "ที่มา", "สถานที่", "สรุปข่าว")

SECTION_1 = "๑. สถานการณ์"
SECTION_1_1 = "๑.๑ สถานการณ์ทั่วไป"
SECTION_1_2 = "๑.๒ สถานการณ์อาเซียน+๓ ไทย"
SECTION_1_3 = "๑.๓ ข่าวสารและเหตุการณ์สำคัญ"
SECTION_1_4 = "๑.๔ สถานการณ์ภัยธรรมชาติ"
SECTION_1_5 = "๑.๕ ศูนย์ช่วยเหลือสังคม สายด่วน ๑๓๐๐"
SECTION_2 = "๒. การดำเนินงานตามนโยบาย"
SECTION_5 = "๕. ข้อพิจารณาและข้อเสนอแนะ"
SECTION_5_1 = "๕.๑ ประเด็นหัวข้อข่าวสารสำคัญ"

# Number and default title of each standing block, printed when the block carries no number.
STANDING_NUMBERS = {"section3": "๓.", "section4": "๔.", "section5_2": "๕.๒"}
STANDING_DEFAULT_TITLES = {
    "section3": "ภารกิจนโยบายสำคัญ",
    "section4": "ยุทธศาสตร์ พม.",
    "section5_2": "การขับเคลื่อนนโยบายสู่การปฏิบัติ",
}

# Used only when ๑.๒ has no intro text: the words the sample puts before the weekly figures.
COVID_LEAD = "กรมควบคุมโรค รายงานสถานการณ์การแพร่ระบาดของโรคโควิด 19 รายสัปดาห์ ในประเทศไทย"

DASH = "-"


def num(value: int | None) -> str:
    """A count in Thai digits with grouping; None prints as '-'."""
    return DASH if value is None else format_number(value)


def thai_index(*parts: int) -> str:
    """A section number such as '๑.๓.๒' from its parts."""
    return ".".join(to_thai_digits(str(p)) for p in parts)


# --- header -------------------------------------------------------------------------------


def contact_line(header: Header) -> str:
    """'โทรศัพท์ ๐ ๒๒๘๒ ๒๙๑๔ Email : mso-moc@m-society.go.th' (empty parts left out)."""
    parts = []
    if header.phone:
        parts.append(f"โทรศัพท์ {to_thai_digits(header.phone)}")
    if header.email:
        parts.append(f"Email : {header.email}")
    return " ".join(parts)


def document_number_line(header: Header) -> str:
    """'ที่ พม ๐๒๐๔ /ว ๔๗๕๐', or 'ที่ พม ๐๒๐๔ /ว' followed by a blank for a draft."""
    code = to_thai_digits(header.agency_code)
    if header.document_number is None:
        return f"ที่ {code} /ว"
    return f"ที่ {code} /ว {to_thai_digits(str(header.document_number))}"


def subject_line(subject: str) -> str:
    """'เรื่อง <subject>'."""
    return f"เรื่อง {subject}"


def addressee_line(addressees: Sequence[str]) -> str:
    """'เรียน รมว.พม./ปพม./…' — position abbreviations joined by '/'."""
    return "เรียน " + "/".join(a.strip() for a in addressees)


# --- section ๑ ----------------------------------------------------------------------------


def _date_range(start: date, end: date) -> str:
    """'๒๓ - ๒๙ เม.ย.' within a month, '๓๐ เม.ย. - ๖ พ.ค.' across months, full years across years."""
    if (start.year, start.month) == (end.year, end.month):
        return to_thai_digits(f"{start.day} - {end.day} {MONTHS_ABBR[end.month - 1]}")
    if start.year == end.year:
        return to_thai_digits(
            f"{start.day} {MONTHS_ABBR[start.month - 1]} - {end.day} {MONTHS_ABBR[end.month - 1]}"
        )
    return f"{format_thai_date_short(start, long_year=True)} - {format_thai_date_short(end, long_year=True)}"


def covid_week_sentence(cw: CovidWeek) -> str:
    """The weekly DDC figures of ๑.๒ in the sample's wording."""
    text = (
        f"ว่าข้อมูลของสัปดาห์ที่ {num(cw.week)} ของปี {to_thai_digits(str(cw.year_be))} "
        f"ระหว่างวันที่ {_date_range(cw.start, cw.end)} นี้ "
        f"พบว่ามีผู้ติดเชื้อรายใหม่สะสม {num(cw.new_cases)} คน เฉลี่ยวันละ {num(cw.new_cases_per_day)} คน "
        f"รวมสะสม {num(cw.cumulative_cases)} ราย "
        f"ขณะที่ผู้เสียชีวิตรายใหม่ {num(cw.new_deaths)} ราย (เฉลี่ยวันละ {num(cw.new_deaths_per_day)} ราย) "
        f"รวมสะสม {num(cw.cumulative_deaths)} ราย มีผู้ป่วยปอดอักเสบ {num(cw.pneumonia)} ราย "
        f"และผู้ป่วยใส่เครื่องช่วยหายใจ {num(cw.ventilated)} ราย"
    )
    if cw.since is not None:
        text += f" ซึ่งเป็นยอดตั้งแต่วันที่ {format_thai_date_full(cw.since)}"
    return text


def disaster_heading(source_line: str) -> str:
    """'๑.๔ สถานการณ์ภัยธรรมชาติ (ที่มา : ปภ.พท. ๐๓๒๐๕๐๐ พ.ค. ๖๖)'."""
    return f"{SECTION_1_4} {source_line}".rstrip()


def thai_list(names: Sequence[str]) -> str:
    """'a b c และd' — names joined by spaces with 'และ' before the last, as the sample writes."""
    if len(names) <= 1:
        return "".join(names)
    return " ".join(names[:-1]) + " และ" + names[-1]


def reservoir_sentence(rl: ReservoirList) -> str:
    """'<label> จำนวน ๖ อ่าง (a b และc)'."""
    text = f"{rl.label} จำนวน {num(rl.count)} อ่าง"
    if rl.names:
        text += f" ({thai_list(rl.names)})"
    return text


def reservoirs_paragraph(lists: Sequence[ReservoirList]) -> str:
    """The three reservoir sentences as the one paragraph of the sample."""
    return " ".join(reservoir_sentence(rl) for rl in lists)


HAZARDS_TITLE = "ครัวเรือนกลุ่มเป้าหมายในพื้นที่ภัย (ทะเบียนกลุ่มเป้าหมาย ศปก.พม.)"


def hazard_line(h: HazardImpact) -> str:
    """One ๑.๔ line of an active hazard: households at risk, reached, helped (figures as built)."""
    return (
        f"{h.title} ({h.area}) ครัวเรือนกลุ่มเป้าหมายในพื้นที่ {num(h.households)} ครัวเรือน "
        f"(เปราะบาง {num(h.vulnerable)} ครัวเรือน) ติดต่อได้แล้ว {num(h.reached)} ครัวเรือน "
        f"เยี่ยมบ้าน {num(h.visited)} ครัวเรือน ได้รับความช่วยเหลือ {num(h.helped)} ครัวเรือน "
        f"ติดต่อไม่ได้ {num(h.unreachable)} ครัวเรือน ยังไม่ได้ติดต่อ {num(h.pending)} ครัวเรือน"
    )


def news_cells(row: NewsRow) -> tuple[str, str, str, str]:
    """The four printed cells of a ๑.๓ row."""
    return (format_dtg(row.published_at), row.source, row.place, row.summary)


# --- ๑.๕ hotline --------------------------------------------------------------------------


def _counts(labels: Mapping[str, str], values: Mapping[str, int | None], unit: str) -> list[str]:
    return [f"{label} {num(values.get(key))} {unit}" for key, label in labels.items()]


def hotline_lines(h: Hotline) -> list[str]:
    """The lines of ๑.๕ in the sample's wording and order."""
    kinds = _counts(HOTLINE_KINDS, h.kinds, "กรณี")
    lines = [
        f"การดำเนินการให้ความช่วยเหลือ {num(h.total)} กรณี (ชาย {num(h.male)} กรณี หญิง {num(h.female)} กรณี)",
        "ผ่านช่องทางการให้บริการ " + " ".join(_counts(HOTLINE_CHANNELS, h.channels, "กรณี")),
        " ".join(_counts(HOTLINE_SERVICES, h.services, "กรณี")),
        "(" + " / ".join(_counts(HOTLINE_REFERRALS, h.referrals, "ราย")) + ")",
        "ออกปฏิบัติการหน่วยเคลื่อนที่เร็วเพื่อช่วยเหลือตามกระบวนการโดยนักสังคมสงเคราะห์วิชาชีพ "
        f"{num(h.mobile_unit)} กรณี",
        # The sample breaks the kinds after the fourth; the importer reads that form back.
        "(" + " / ".join(kinds[:4]),
        " ".join(kinds[4:]) + f" รวม {num(h.kinds_total)} กรณี)",
    ]
    stats = fiscal_year_line(h)
    if stats:
        lines.append(stats)
    return lines


def fiscal_year_line(h: Hotline) -> str:
    """'สถิติตั้งแต่ ๑ ต.ค. ๒๕๖๕ - ๓ พ.ค. ๒๕๖๖ จำนวน … (งบปี ๖๕ จำนวน … กรณี/วัน)'."""
    fy, prev = h.fiscal_year_to_date, h.previous_fiscal_year
    parts = []
    if fy is not None:
        parts.append(
            f"สถิติตั้งแต่ {format_thai_date_short(fy.start, long_year=True)} - "
            f"{format_thai_date_short(fy.end, long_year=True)} จำนวน {num(fy.days)} วัน "
            f"รวม {num(fy.total)} กรณี เฉลี่ย {num(fy.per_day)} กรณี/วัน"
        )
    if prev is not None:
        parts.append(
            f"(งบปี {to_thai_digits(f'{prev.year_be % 100:02d}')} จำนวน {num(prev.total)} กรณี "
            f"เฉลี่ย {num(prev.per_day)} กรณี/วัน)"
        )
    return " ".join(parts)


# --- sections ๒ and ๕ ---------------------------------------------------------------------


def unit_heading(index: int, name: str, code: str) -> str:
    """'๒.๑ สำนักงานปลัดกระทรวง… (สป.)'."""
    return f"{thai_index(2, index)} {name} ({code})"


def activity_number(index: int) -> str:
    """'(๑)' — the number of an activity or budget item."""
    return f"({to_thai_digits(str(index))})"


def key_headline(index: int, text: str) -> str:
    """'๕.๑.๓ <headline>'."""
    return f"{thai_index(5, 1, index)} {text}"


def standing_heading(key: str, title: str) -> str:
    """A standing block's heading with its section number, unless the title already has it."""
    number = STANDING_NUMBERS.get(key, "")
    title = title or STANDING_DEFAULT_TITLES.get(key, "")
    if not number or title.startswith(number):
        return title
    return f"{number} {title}"
