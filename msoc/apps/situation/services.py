"""Situation services used by commands, pages and the API alike: load a source, store it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings

from msoc.apps.accounts.audit import Actor
from msoc.apps.situation.actions import SituationError, do_record_reading
from msoc.apps.situation.adapters import ADAPTERS, SourceFormatError
from msoc.apps.situation.models import Reading
from msoc.thai import BANGKOK


def read_location(location: str, *, timeout: float | None = None) -> bytes:
    """The bytes of a file path or an http(s) URL."""
    if location.startswith(("http://", "https://")):
        try:
            response = httpx.get(
                location,
                timeout=timeout or settings.MSOC_SITUATION_TIMEOUT,
                headers={"User-Agent": settings.MSOC_USER_AGENT},
                follow_redirects=True,
            )
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise SituationError(f"ดึงข้อมูลจาก {location} ไม่ได้: {exc}") from exc
        return response.content
    path = Path(location)
    if not path.is_file():
        raise SituationError(f"ไม่พบไฟล์ {location}")
    return path.read_bytes()


def today() -> date:
    """Today in Bangkok."""
    from datetime import datetime

    return datetime.now(BANGKOK).date()


def load_source(
    source: str, location: str, *, day: date | None = None, actor: Actor = None, **options: Any
) -> Reading:
    """Read a source's published data from a file or URL and store it for a report date."""
    adapter = ADAPTERS.get(source)
    if adapter is None:
        raise SituationError(f"ไม่รู้จักแหล่งข้อมูล {source!r} (ใช้: {', '.join(ADAPTERS)})")
    data = read_location(location)
    try:
        payload = adapter(data, **{k: v for k, v in options.items() if v is not None})
    except SourceFormatError as exc:
        raise SituationError(f"{location}: {exc}") from exc
    return do_record_reading(source, day or today(), payload, origin=location, actor=actor)
