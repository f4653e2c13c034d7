"""Trends (topic counts, spikes, the province map, exports) and the JSON API."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from msoc.apps.accounts.models import ApiToken
from msoc.apps.news.models import Item
from msoc.apps.news.trends import province_code_counts, spike_reason
from msoc.register.areas import default_areas
from msoc.web.maps import SHADES, province_codes, value_map
from msoc.web.tables import safe_cell
from tests.web.conftest import DAY, add_item, make_token


def test_province_map_draws_all_77_provinces_from_real_boundaries_by_code() -> None:
    from pathlib import Path

    table = Path(__file__).resolve().parents[2] / "msoc" / "data" / "gazetteer" / "provinces.tsv"
    names = {
        line.split("\t")[1] for line in table.read_text(encoding="utf-8").splitlines()[1:] if line
    }
    codes = province_codes()
    assert len(names) == 77 and {default_areas().provinces[c] for c in codes} == names
    drawn = value_map(
        "province", codes, {c: 0.0 for c in codes} | {19: 5.0}, fmt=str, title="ข่าว", no_data=None
    )
    assert drawn.missing == [] and drawn.svg.count("<path") == 77
    assert set(re.findall(r'data-code="(\d+)"', drawn.svg)) == {str(c) for c in codes}
    assert "นครราชสีมา: 5.0" in drawn.svg
    assert drawn.fills[19] == SHADES[-1] and {drawn.fills[c] for c in codes if c != 19} == {
        SHADES[0]
    }


@pytest.mark.django_db
def test_places_as_written_count_for_their_province_through_the_gazetteer(news: Any) -> None:
    """Short and old names (กทม., โคราช, อยุธยา, จ. …) join the map by code; a country does not."""
    # Noon of today's date in Bangkok: "an hour ago" is yesterday there just after midnight.
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    places = ["กทม.", "กรุงเทพฯ", "โคราช", "จังหวัดนครราชสีมา", "อยุธยา", "จ.เชียงใหม่", "ญี่ปุ่น", ""]
    for n, place in enumerate(places, start=200):
        add_item(news.source, n, f"ข่าว {n}", when=now, place=place or None)
    code = {name: c for c, name in default_areas().provinces.items()}
    today = timezone.localdate()
    counts = province_code_counts(Item.objects.filter(pk__gte=0), today, today)
    assert counts == {code["กรุงเทพมหานคร"]: 2, code["นครราชสีมา"]: 2,
                      code["พระนครศรีอยุธยา"]: 1, code["เชียงใหม่"]: 1}  # fmt: skip


def test_spikes_need_a_real_rise() -> None:
    assert spike_reason([2, 3, 2, 3], 14) is not None
    assert spike_reason([2, 3, 2, 3], 4) is None
    assert spike_reason([10, 30, 5, 40], 45) is None


def test_exported_cells_cannot_run_formulas() -> None:
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("-1+2") == "'-1+2"
    assert safe_cell(5) == 5 and safe_cell("ปกติ") == "ปกติ"


@pytest.mark.django_db
def test_trends_page_counts_topics_and_flags_a_spike(clients: dict[str, Client], news: Any) -> None:
    now = timezone.now()
    n = 100
    for week in range(1, 6):
        n += 1
        add_item(
            news.source, n, f"ข่าวเก่า {week}", when=now - timedelta(weeks=week), topics=["ยาเสพติด"]
        )
    for i in range(8):
        n += 1
        add_item(
            news.source,
            n,
            f"ข่าวใหม่ {i}",
            when=now - timedelta(hours=i),
            topics=["ยาเสพติด"],
            place="ภูเก็ต",
        )
    page = clients["viewer"].get("/trends/").content.decode()
    assert "ยาเสพติด" in page and 'class="spike"' in page and "<svg" in page and "ภูเก็ต: 8" in page
    exported = clients["viewer"].get("/trends/export/topics.csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][0] == "หัวข้อ" and any(r[0] == "ยาเสพติด" and r[-2] == "8" for r in rows[1:])
    xlsx = clients["viewer"].get("/trends/export/provinces.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert clients["viewer"].get("/trends/export/users.csv").status_code == 404


@pytest.mark.django_db
def test_api_with_token_reports_items_hotline(
    users: dict[str, Any], sample: Any, news: Any
) -> None:
    raw = make_token(users["editor"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    listing = api.get("/api/reports").json()
    assert listing["total"] == 1 and listing["reports"][0]["date"] == DAY.isoformat()
    report = api.get(f"/api/reports/{DAY.isoformat()}").json()
    assert report["header"]["date"] == DAY.isoformat() and report["news"]
    assert api.get("/api/reports/2001-01-01").status_code == 404
    items = api.get("/api/items", {"q": "น้ำท่วม"}).json()
    assert items["total"] == 1 and items["items"][0]["source"] == "ไทยรัฐ"
    hotline = api.get(f"/api/hotline/{DAY.isoformat()}").json()
    assert hotline["total"] > 0
    put = api.put(
        "/api/hotline/2024-01-02",
        data={"total": 7, "channels": {"hotline": 7}},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["channels"] == {"hotline": 7}
    assert (
        api.put(
            "/api/hotline/2024-01-02", data={"total": -1}, content_type="application/json"
        ).status_code
        == 422
    )
    assert (
        api.put(
            "/api/hotline/2024-01-02",
            data={"total": 1, "kinds": {"bogus": 1}},
            content_type="application/json",
        ).status_code
        == 422
    )
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.django_db
def test_api_refuses_bad_and_revoked_tokens_and_viewer_writes(users: dict[str, Any]) -> None:
    assert Client(HTTP_AUTHORIZATION="Bearer msoc_wrong").get("/api/reports").status_code == 401
    raw = make_token(users["viewer"])
    viewer = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert (
        viewer.put(
            "/api/hotline/2024-01-02", data={"total": 1}, content_type="application/json"
        ).status_code
        == 403
    )
    ApiToken.objects.update(revoked=True)
    assert viewer.get("/api/reports").status_code == 401


@pytest.mark.django_db
def test_openapi_description_and_docs() -> None:
    spec = json.loads(Client().get("/api/openapi.json").content)
    assert {"/api/reports", "/api/items", "/api/hotline/{day}"} <= set(spec["paths"])
    docs = Client().get("/api/docs")
    assert docs.status_code == 200 and "cdn" not in docs.content.decode().lower()
