"""Thai Meteorological Department: the daily forecast (๑.๔ "ประกาศกรมอุตุนิยมวิทยา").

Reads the XML of TMD's open data `WeatherForecastDaily` service
(`https://data.tmd.go.th/api/WeatherForecastDaily/V1/`; `?format=json` gives the same fields as
JSON): `header/lastBuildDate` and `DailyForecast/{Date, GeneralClimateThai, …}`. The general
overview becomes the forecast paragraphs, one per paragraph of the source, digits in Thai.
"""

from __future__ import annotations

import re
from typing import Any

import defusedxml.ElementTree as ET  # the forecast comes from the network: no entity tricks

from msoc.apps.situation.adapters.base import SourceFormatError, json_of, text_of
from msoc.thai import normalize_text, thai_body_digits

LEAD = "พยากรณ์อากาศ ๒๔ ชั่วโมงข้างหน้า"
OVERVIEW_KEYS = ("GeneralClimateThai", "GeneralOverviewThai", "DescriptionThai")


def _find(node: ET.Element, name: str) -> str:
    for child in node.iter():
        if child.tag.split("}")[-1].lower() == name.lower() and child.text:
            return child.text.strip()
    return ""


def _fields(data: bytes) -> dict[str, str]:
    text = text_of(data, "tmd").lstrip()
    if text.startswith("{") or text.startswith("["):
        doc = json_of(data, "tmd")
        forecast = doc.get("DailyForecast", doc) if isinstance(doc, dict) else {}
        header = doc.get("header", {}) if isinstance(doc, dict) else {}
        fields = {k: str(v) for k, v in forecast.items() if isinstance(v, str)}
        fields["lastBuildDate"] = str(
            header.get("lastBuildDate") or header.get("LastBuildDate", "")
        )
        return fields
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise SourceFormatError(f"tmd: XML ไม่ถูกต้อง ({exc})") from exc
    names = ("Date", "lastBuildDate", *OVERVIEW_KEYS)
    return {name: _find(root, name) for name in names}


def paragraphs(text: str) -> list[str]:
    """The source's paragraphs, normalised, with Thai digits."""
    parts = re.split(r"\n\s*\n|\r?\n", text.strip())
    return [thai_body_digits(normalize_text(p)) for p in parts if p.strip()]


def parse(data: bytes) -> dict[str, Any]:
    """The forecast as the payload of a `tmd` reading: issue time and paragraphs."""
    fields = _fields(data)
    overview = next((fields[k] for k in OVERVIEW_KEYS if fields.get(k)), "")
    if not overview:
        raise SourceFormatError(
            "tmd: ไม่พบคำพยากรณ์ภาพรวม (GeneralClimateThai) — ไม่ใช่รูปแบบ WeatherForecastDaily"
        )
    paras = paragraphs(overview)
    if paras and not paras[0].startswith("พยากรณ์อากาศ"):
        paras[0] = f"{LEAD} {paras[0]}"
    return {
        "issued": fields.get("Date") or fields.get("lastBuildDate", ""),
        "title": "ประกาศกรมอุตุนิยมวิทยา",
        "paragraphs": paras,
    }
