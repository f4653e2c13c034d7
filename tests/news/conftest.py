"""Fixtures of the news tests: the fixture HTTP server and fast fetch settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from msoc.apps.news.feeds import FetchConfig

from . import server as fixture_server_module
from .server import FixtureServer


@pytest.fixture
def fixture_server() -> Iterator[FixtureServer]:
    """A fresh server per test, so 'first request is slow / fails' holds in each test."""
    srv = fixture_server_module.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def fast_config() -> FetchConfig:
    """No politeness delay, short timeout and back-off: the tests serve from 127.0.0.1."""
    return FetchConfig(
        user_agent="msoc-test/0.1",
        timeout=1.0,
        connect_timeout=1.0,
        retries=2,
        backoff=0.01,
        delay=0.0,
        workers=4,
    )


@pytest.fixture
def fast_settings(settings):  # noqa: ANN001, ANN201
    """The same fast knobs through Django settings, for call_command."""
    settings.MSOC_FETCH_TIMEOUT = 1.0
    settings.MSOC_FETCH_RETRIES = 2
    settings.MSOC_FETCH_BACKOFF = 0.01
    settings.MSOC_FETCH_DELAY = 0.0
    return settings
