"""Fuzzing settings and the count of inputs tried, written to test-output/fuzz-counts.json.

`MSOC_FUZZ_PROFILE=deep` (5,000 random inputs a test) runs far more than CI's bounded,
reproducible "ci" profile (200 a test, the same every run). The profiles are applied per test, so other tests' hypothesis defaults stay.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.conftest import TEST_OUTPUT

_COMMON = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
}
# CI's inputs are the same on every run, so a red CI always reproduces; "deep" explores anew.
settings.register_profile("ci", max_examples=200, derandomize=True, **_COMMON)
settings.register_profile("deep", max_examples=5000, **_COMMON)
PROFILE = os.environ.get("MSOC_FUZZ_PROFILE", "ci")
FUZZ = settings(settings.get_profile(PROFILE))

TRIED: Counter[str] = Counter()


def tried(target: str) -> None:
    """Count one input given to a parser (for the report in test-output/fuzz-counts.json)."""
    TRIED[target] += 1


@pytest.fixture(scope="session", autouse=True)
def _write_counts() -> Iterator[None]:
    """Merge this run's counts into test-output/fuzz-counts.json at the end of the session."""
    started = time.time()
    yield
    if not TRIED:
        return
    TEST_OUTPUT.mkdir(exist_ok=True)
    path = TEST_OUTPUT / "fuzz-counts.json"
    data = {
        "profile": PROFILE,
        "seconds": round(time.time() - started, 1),
        "inputs": dict(sorted(TRIED.items())),
        "total": sum(TRIED.values()),
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def fixture_path(*parts: str) -> Path:
    """A file of the repository's test fixtures."""
    return Path(__file__).resolve().parents[1].joinpath(*parts)
