"""The sources page says which feeds are per desk and how many addresses are confirmed (issue 16)."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_sources_page_lists_desks_and_confirmed_feeds(clients: dict[str, Client]) -> None:
    from msoc.apps.news.actions import do_load_default_sources

    do_load_default_sources()
    page = clients["editor"].get("/sources/").content.decode()
    assert "ฟีด ๓ (ยืนยันจากการใช้งานสาธารณะ ๓) · โต๊ะข่าว: politics, social, world" in page
    assert "ฟีด ๔ (ยืนยันจากการใช้งานสาธารณะ ๐) · โต๊ะข่าว: foreign, local, politic" in page
