"""The chart page after section ๕: data from the DB, SVG/PNG drawings, PDF/DOCX/JSON outputs."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document
from PIL import Image
from pypdf import PdfReader

from msoc.apps.hotline.models import DayTotals
from msoc.apps.news.models import Item, Source
from msoc.apps.reports.actions import do_start_correction
from msoc.apps.reports.build import build_daily_report, charts_for, hotline_chart, news_topics_chart
from msoc.report.importer import read_docx_text
from msoc.report.importer.document import parse_text
from msoc.report.model import HOTLINE_KINDS, UNSPLIT_SERIES, Chart, DailyReport, Header
from msoc.report.render import render
from msoc.report.render.charts import PNG_DPI, WIDTH_PT, chart_png, chart_svg, nice_scale
from msoc.report.render.layout import APPENDIX_HEADING, Figure, document_blocks
from msoc.thai import BANGKOK
from tests.conftest import SAMPLE_REPORT

DAY = date(2023, 5, 3)
SVG = "{http://www.w3.org/2000/svg}"
ARABIC = re.compile(r"[0-9]")


def _kinds(**values: int) -> dict[str, int | None]:
    return {key: values.get(key) for key in HOTLINE_KINDS}


def _item(source: Source, n: int, when: datetime, topics: list[str] | None, section: str) -> Item:
    return Item.objects.create(
        source=source,
        url=f"https://n.test/{n}",
        canonical_url=f"https://n.test/{n}",
        content_hash=f"h{n}",
        title=f"ข่าว {n}",
        published_at=when,
        fetched_at=when,
        section=section,
        topics=topics,
    )


def sample_charts() -> list[Chart]:
    """A stacked chart with a grey totals-only day, and a bar chart."""
    return [
        Chart(
            title="เรื่องสายด่วน ๑๓๐๐ ย้อนหลัง ๓ วัน",
            kind="stacked_columns",
            labels=["๑", "๒", "๓"],
            series={"ปัญหาใหม่": [0, 120, 95], "โทรผิด": [0, 30, 12], UNSPLIT_SERIES: [1500, 0, 0]},
            unit="กรณี",
        ),
        Chart(
            title="ข่าวตามหัวข้อเฝ้าระวัง",
            kind="bars",
            labels=["ยาเสพติด", "ฝุ่น PM2.5 และคุณภาพอากาศ"],
            series={"ข่าว": [1234, 7]},
            unit="ข่าว",
        ),
    ]


def report_with_charts() -> DailyReport:
    """A small report whose appendix holds the sample charts."""
    return DailyReport(header=Header(date=DAY, subject="ทดสอบแผนภูมิ"), charts=sample_charts())


# --- data ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_hotline_chart_stacks_kinds_and_shows_totals_only_days_grey() -> None:
    DayTotals.objects.create(date=DAY, total=300, kinds=_kinds(new_problem=200, prank=40))
    DayTotals.objects.create(date=DAY - timedelta(days=1), total=999, kinds={})
    DayTotals.objects.create(date=DAY - timedelta(days=29), total=5, kinds=_kinds())  # all None
    DayTotals.objects.create(date=DAY - timedelta(days=30), total=777)  # before the window
    chart = hotline_chart(DAY)
    assert chart.kind == "stacked_columns" and chart.unit == "กรณี"
    assert len(chart.labels) == 30
    assert chart.labels[0] == "๔" and chart.labels[-1] == "๓"  # 4 Apr … 3 May
    assert "๓๐ วัน" in chart.title and chart.title.endswith("(๔ เม.ย. - ๓ พ.ค. ๖๖)")
    assert list(chart.series) == ["ปัญหาใหม่", "ก่อกวน", UNSPLIT_SERIES]  # empty kinds left out
    assert chart.series["ปัญหาใหม่"][-1] == 200 and chart.series["ก่อกวน"][-1] == 40
    assert chart.series[UNSPLIT_SERIES][-1] == 0
    assert chart.series[UNSPLIT_SERIES][-2] == 999 and chart.series[UNSPLIT_SERIES][0] == 5
    assert sum(chart.series[UNSPLIT_SERIES]) == 999 + 5  # 777 lies outside the 30 days


@pytest.mark.django_db
def test_news_chart_counts_items_by_topic_in_the_week_leaving_out_section_none() -> None:
    source = Source.objects.create(name="ไทยรัฐ")
    noon = datetime(2023, 5, 3, 12, tzinfo=BANGKOK)
    week_start = datetime(2023, 4, 27, 0, 0, tzinfo=BANGKOK)
    _item(source, 1, noon, ["drugs", "scam"], "social")
    _item(source, 2, noon, ["drugs"], "politics")
    _item(source, 3, week_start, ["flood", "flood"], "social")  # first minute of the week
    _item(source, 4, week_start - timedelta(minutes=1), ["scam"], "social")  # before it
    _item(source, 5, noon, ["scam"], "none")  # not news the report wants
    _item(source, 6, datetime(2023, 5, 4, 0, 0, tzinfo=BANGKOK), ["flood"], "social")  # after
    _item(source, 7, noon, None, "social")
    chart = news_topics_chart(DAY)
    assert chart.kind == "bars" and chart.unit == "ข่าว"
    assert chart.labels == ["ยาเสพติด", "แก๊งหลอกลวง (โรแมนซ์สแกม คอลเซ็นเตอร์)", "น้ำท่วม"]
    assert chart.series == {"ข่าว": [2, 1, 1]}
    assert chart.title.endswith("(๒๗ เม.ย. - ๓ พ.ค. ๖๖)")
    across = news_topics_chart(date(2023, 1, 2))
    assert across.title.endswith("(๒๗ ธ.ค. ๖๕ - ๒ ม.ค. ๖๖)") and across.labels == []


@pytest.mark.django_db
def test_a_date_without_data_gets_no_charts_and_no_appendix() -> None:
    assert charts_for(DAY) == []
    report = build_daily_report(DAY)
    assert report.charts == []
    assert not [b for b in document_blocks(report) if isinstance(b, Figure)]
    assert "charts" not in report.to_dict()  # the JSON of reports without charts is unchanged


@pytest.mark.django_db
def test_build_puts_the_charts_into_the_report() -> None:
    DayTotals.objects.create(date=DAY, total=3, kinds=_kinds(inquiry=3))
    report = build_daily_report(DAY)
    assert [c.kind for c in report.charts] == ["stacked_columns"]  # no news: no news chart
    assert report.charts[0].series == {"สอบถามข้อมูลทั่วไปเกี่ยวกับ พม.": [0] * 29 + [3]}


# --- drawings --------------------------------------------------------------------------------


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("font-family") == "TH Sarabun New"
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_svg_is_well_formed_with_thai_digits_on_axes_and_labels() -> None:
    stacked, bars = sample_charts()
    texts = _texts(chart_svg(stacked))
    assert {"๑", "๒", "๓", "กรณี", "ปัญหาใหม่", UNSPLIT_SERIES} <= set(texts)
    assert "๑,๕๐๐" in texts  # the axis top at the 1,500 day, grouped, in Thai digits
    assert not [t for t in texts if ARABIC.search(t)]
    bar_texts = _texts(chart_svg(bars))
    assert "๑,๒๓๔" in bar_texts and "๗" in bar_texts
    assert "ฝุ่น PM2.5 และคุณภาพอากาศ" in bar_texts  # a Latin name keeps its digits
    grey = ET.fromstring(chart_svg(stacked)).findall(f"{SVG}rect[@fill='#A6A6A6']")
    assert len(grey) == 2  # the totals-only column, and its legend swatch


def test_svg_escapes_text_and_draws_an_empty_chart_as_no_data() -> None:
    chart = Chart(title="<ทดสอบ & >", kind="bars", labels=["a<b"], series={"x&y": [0]})
    svg = chart_svg(chart)
    assert ET.fromstring(svg).find(f"{SVG}title").text == "<ทดสอบ & >"  # type: ignore[union-attr]
    assert _texts(svg) == ["- ไม่มีข้อมูล -"]


def test_nice_scale_covers_the_largest_value_with_round_steps() -> None:
    assert nice_scale(0) == (1, 1)
    assert nice_scale(1500) == (1500, 500)
    assert nice_scale(1501) == (2000, 500)
    for top in (1, 3, 9, 57, 1234, 98_765):
        axis_max, step = nice_scale(top)
        assert axis_max >= top and axis_max % step == 0 and axis_max / step <= 10


def test_png_is_the_text_width_at_the_print_resolution() -> None:
    image = Image.open(io.BytesIO(chart_png(sample_charts()[0])))
    assert image.format == "PNG"
    assert abs(image.width - WIDTH_PT * PNG_DPI / 72) < 4
    # Something other than white was painted: the bars and text.
    assert len(image.convert("L").getcolors(maxcolors=100_000) or []) > 10


# --- outputs ---------------------------------------------------------------------------------


def test_json_round_trips_charts_and_rejects_a_series_of_the_wrong_length() -> None:
    report = report_with_charts()
    again = DailyReport.from_json(report.to_json())
    assert again == report
    assert again.charts[0].series[UNSPLIT_SERIES] == [1500, 0, 0]
    data = report.to_dict()
    data["charts"][1]["series"]["ข่าว"] = [1]
    with pytest.raises(ValueError, match="ข่าว"):
        DailyReport.from_dict(data)
    data["charts"][1]["kind"] = "pie"
    with pytest.raises(ValueError, match="pie"):
        DailyReport.from_dict(data)


def _pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def test_pdf_has_the_chart_page_after_section_5_only_when_there_are_charts() -> None:
    pages = _pdf_pages(render(report_with_charts(), "pdf"))
    appendix = [n for n, text in enumerate(pages) if "ภาคผนวก" in text]
    assert appendix == [len(pages) - 1]  # a page of its own, at the end
    assert "๕." not in pages[-1] and "แผนภูมิที่ ๑" in pages[-1]
    plain = _pdf_pages(render(DailyReport(header=Header(date=DAY)), "pdf"))
    assert not any("ภาคผนวก" in text for text in plain)


def test_docx_has_the_charts_as_inline_pictures_after_a_page_break() -> None:
    doc = Document(io.BytesIO(render(report_with_charts(), "docx")))
    assert len(doc.inline_shapes) == 2
    heading = next(p for p in doc.paragraphs if p.text == APPENDIX_HEADING)
    assert heading.paragraph_format.page_break_before is True
    assert abs(doc.inline_shapes[0].width.cm - 16.0) < 0.01
    plain = Document(io.BytesIO(render(DailyReport(header=Header(date=DAY)), "docx")))
    assert len(plain.inline_shapes) == 0


def test_the_importer_leaves_the_appendix_of_a_rendered_docx_out(tmp_path: Path) -> None:
    sample = parse_text(SAMPLE_REPORT.read_text(encoding="utf-8")).report
    imported = {}
    for name, report in (("plain", sample), ("charts", replace(sample, charts=sample_charts()))):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(render(report, "docx"))
        imported[name] = parse_text(read_docx_text(path))
    plain, charts = imported["plain"], imported["charts"]
    assert charts.report == plain.report  # ๕.๒ did not swallow the appendix, no charts kept
    assert charts.report.charts == []
    notes = [i for i in charts.issues if i.part == "ภาคผนวก"]
    assert len(notes) == 1 and notes[0].severity == "repaired"
    assert len(charts.issues) == len(plain.issues) + 1


# --- the demo, to look at ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_day_renders_a_chart_page(tmp_path: Path, test_output: Path) -> None:
    call_command("report", "import", str(SAMPLE_REPORT))
    call_command("demo-data")
    draft = do_start_correction(DAY)
    report = build_daily_report(DAY, draft)
    assert [c.kind for c in report.charts] == ["stacked_columns"]  # the demo holds no news items
    hotline = report.charts[0]
    stored = DayTotals.objects.get(date=DAY)
    assert sum(values[-1] for values in hotline.series.values()) == sum(
        v or 0 for v in stored.kinds.values()
    )
    assert sum(hotline.series.get(UNSPLIT_SERIES, [])) > 0  # the days known only as totals
    out = test_output / "charts"
    out.mkdir(exist_ok=True)
    pdf = out / "demo-2023-05-03.pdf"
    pdf.write_bytes(render(report, "pdf"))
    (out / "demo-2023-05-03.docx").write_bytes(render(report, "docx"))
    (out / "demo-2023-05-03.json").write_text(report.to_json(), encoding="utf-8")
    assert "ภาคผนวก" in _pdf_pages(pdf.read_bytes())[-1]
    _page_image(pdf, out)


def _page_image(pdf: Path, out: Path) -> None:
    """The last page as PNG for people to look at (pdftoppm, when installed)."""
    pages = len(PdfReader(pdf).pages)
    with contextlib.suppress(FileNotFoundError):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                str(pages),
                "-l",
                str(pages),
                str(pdf),
                str(out / "demo-chart-page"),
            ],
            check=True,
            timeout=60,
        )
