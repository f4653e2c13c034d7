"""Shared test helpers: paths to the sample report and ../shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE_REPORT = ROOT / "msoc" / "data" / "demo" / "msoc-daily-report-2566-05-03.txt"
TEST_OUTPUT = ROOT / "test-output"


@pytest.fixture(scope="session")
def sample_report_path() -> Path:
    """The real sample report shipped as the demo."""
    return SAMPLE_REPORT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout (tests may read it; the product must not)."""
    if not SHARED.exists():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def test_output() -> Path:
    """A folder for files tests leave for people to look at (screenshots, PDFs)."""
    TEST_OUTPUT.mkdir(exist_ok=True)
    return TEST_OUTPUT


def pytest_configure(config: pytest.Config) -> None:
    """The SQLite test database lives in var/, which a fresh clone does not have yet."""
    from django.conf import settings

    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
