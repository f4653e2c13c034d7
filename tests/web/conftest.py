"""Fixtures of the web tests: one account per role, news items of a day, a sample report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from msoc.thai import BANGKOK
from tests.web.browser import browser, shots  # noqa: F401 (fixtures for the browser tests)

PASSWORD = "msoc-test-password-1"
DAY = date(2023, 5, 3)  # the sample report's date
OTHER_DAY = date(2023, 5, 4)
ROLES = ("admin", "editor", "viewer", "unit:ดย.")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any, tmp_path: Path) -> None:
    """Cheap password hashing in tests (argon2 is checked on its own) and a private archive."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ARCHIVE_DIR = tmp_path / "archive"


@pytest.fixture
def users(db: Any) -> dict[str, User]:
    """admin, editor, viewer and a contributor of unit ดย. ('unit')."""
    from msoc.apps.accounts.actions import do_add_user
    from msoc.apps.units.defaults import DEFAULT_UNITS
    from msoc.apps.units.models import Unit

    for order, (code, name) in enumerate(DEFAULT_UNITS, start=1):  # flushed by transactional tests
        Unit.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    made = {}
    for role in ROLES:
        name = role.split(":")[0]
        made[name] = do_add_user(f"{name}-user", PASSWORD, role)
    return made


@pytest.fixture
def clients(users: dict[str, User]) -> dict[str, Client]:
    """A signed-in client per role, and 'anonymous'."""
    out = {"anonymous": Client()}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        out[name] = client
    return out


def make_token(user: User, name: str = "agency", scope: str = "write") -> str:
    """A raw API token for a user (its hash is stored)."""
    from msoc.apps.accounts.models import ApiToken

    raw = ApiToken.generate()
    ApiToken.objects.create(name=name, user=user, token_hash=ApiToken.hash(raw), scope=scope)
    return raw


@dataclass
class NewsSet:
    """Items stored for the tests."""

    items: list[Any]
    source: Any


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A Bangkok time on a day."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BANGKOK)


def add_item(
    source: Any,
    n: int,
    title: str,
    *,
    when: datetime,
    section: str | None = "social",
    place: str | None = "กรุงเทพมหานคร",
    topics: list[str] | None = None,
    summary: str | None = None,
    story: str | None = None,
) -> Any:
    """Store one news item as the pipeline leaves it: enriched and indexed."""
    from msoc.apps.news.models import Item
    from msoc.apps.search.engine import index_items

    item = Item.objects.create(
        source=source,
        url=f"https://example.test/{n}",
        canonical_url=f"https://example.test/{n}",
        content_hash=f"h{n}",
        title=title,
        published_at=when,
        fetched_at=when,
        section=section,
        section_confidence=0.8,
        topics=topics,
        place=place,
        place_printed=place,
        summary=summary,
        story=story,
    )
    index_items([item])
    return item


@pytest.fixture
def news(db: Any) -> NewsSet:
    """Five items in the period of DAY (the day before, 06:00 to 06:00)."""
    from msoc.apps.news.models import Source

    source = Source.objects.create(name="ไทยรัฐ")
    base = at(DAY, 6) - timedelta(hours=20)
    items = [
        add_item(
            source,
            1,
            "น้ำท่วมหนักที่เชียงใหม่ ชาวบ้านเดือดร้อน",
            when=base,
            place="เชียงใหม่",
            topics=["อุทกภัย"],
            summary="เกิดน้ำท่วมในอำเภอเมืองเชียงใหม่",
        ),
        add_item(
            source,
            2,
            "เด็กถูกทำร้ายในกรุงเทพ",
            when=base + timedelta(hours=1),
            topics=["ความรุนแรงต่อเด็ก"],
        ),
        add_item(
            source,
            3,
            "นายกฯ ประชุม ครม.",
            when=base + timedelta(hours=2),
            section="politics",
            place=None,
            story="s-one",
        ),
        add_item(
            source,
            4,
            "ครม. อนุมัติงบ",
            when=base + timedelta(hours=3),
            section="politics",
            place=None,
            story="s-one",
        ),
        add_item(source, 5, "ข่าวยังไม่จัดหมวด", when=base + timedelta(hours=4), section=None),
    ]
    return NewsSet(items=items, source=source)


@pytest.fixture
def sample(db: Any, sample_report_path: Path) -> Any:
    """The sample report of 2566-05-03 imported (rows, hotline, activities, standing content)."""
    from msoc.apps.reports.services import import_report_file

    outcome, _ = import_report_file(sample_report_path)
    return outcome.report
