"""The dependency locks: complete, hashed, and consistent with each other and pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ("runtime", "spark", "dev")  # each a superset of the one before
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$")
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(name: str) -> dict[str, tuple[str, frozenset[str]]]:
    """Package → (version, hashes) of one lock file; every line must be a pin, hash or comment."""
    pins: dict[str, tuple[str, frozenset[str]]] = {}
    current = ""
    for line in (ROOT / "requirements" / f"{name}.lock").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if m := PIN.match(line):
            current = _normal(m[1])
            pins[current] = (m[2], frozenset())
        elif h := HASH.search(line):
            version, hashes = pins[current]
            pins[current] = (version, hashes | {h[1]})
        else:
            pytest.fail(f"{name}.lock: unexpected line {line!r} (extras or ranges break --no-deps)")
    return pins


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_normal(re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0]) for r in requirements}


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_every_pin_is_exact_and_hashed() -> None:
    for name in LOCKS:
        pins = read_lock(name)
        assert pins, name
        assert all(hashes for _, hashes in pins.values()), name


def test_each_lock_agrees_with_the_smaller_one() -> None:
    """Same version and same hashes wherever two locks name a package: no drift between them."""
    for smaller, larger in zip(LOCKS, LOCKS[1:], strict=False):
        small, large = read_lock(smaller), read_lock(larger)
        missing = sorted(set(small) - set(large))
        assert not missing, f"{larger}.lock lacks {missing}"
        drift = {n: (small[n][0], large[n][0]) for n in small if small[n] != large[n]}
        assert not drift, f"{smaller}.lock and {larger}.lock differ: {drift}"


def test_locks_name_what_pyproject_asks_for(project: dict) -> None:
    runtime, spark, dev = (set(read_lock(n)) for n in LOCKS)
    extras = project["optional-dependencies"]
    assert _requirement_names(project["dependencies"]) <= runtime
    assert _requirement_names(extras["spark"]) <= spark
    assert _requirement_names(extras["dev"]) <= dev
    assert "setuptools" in runtime  # the build backend: msoc installs without build isolation


def test_the_runtime_lock_holds_no_test_tools_or_spark() -> None:
    runtime = set(read_lock("runtime"))
    assert not runtime & {"pyspark", "py4j", "pytest", "playwright", "mypy", "schemathesis"}


def _extra_packages(requirement: str, extra: str) -> set[str]:
    """Packages that an installed distribution adds for one of its extras."""
    from importlib import metadata

    from packaging.requirements import Requirement

    deps = map(Requirement, metadata.distribution(requirement).requires or [])
    return {
        _normal(d.name)
        for d in deps
        if d.marker and d.marker.evaluate({"extra": extra}) and not d.marker.evaluate({"extra": ""})
    }


def test_extras_that_packages_ask_for_are_locked() -> None:
    """`pip check` ignores extras (justext needs lxml[html_clean]); a --no-deps install would
    silently miss lxml-html-clean, so check each requested extra's packages are in the lock."""
    from importlib import metadata

    from packaging.requirements import Requirement

    dev = read_lock("dev")
    missing = []
    for name in dev:
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue  # not installed in this venv (another platform's pin)
        for req in map(Requirement, requires):
            if not req.extras or (req.marker and not req.marker.evaluate({"extra": ""})):
                continue
            for extra in req.extras:
                missing += [
                    f"{name} → {req.name}[{extra}] → {dep}"
                    for dep in _extra_packages(req.name, extra) - set(dev)
                ]
    assert not missing, missing
