"""Progress bars of the long commands (tqdm), shown only on a terminal.

A flow that takes long reports its named steps through a `Step` callback (default: nothing); a
command passes `steps(...)` so a person at a terminal sees which step runs and how far along it
is, while cron, the worker and tests (no terminal) get no bar and no extra output.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any, TypeVar

Step = Callable[[str], None]
T = TypeVar("T")


def quiet(_name: str) -> None:
    """A step callback that shows nothing."""


def _on_terminal(stream: IO[str] | None) -> bool:
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


@contextmanager
def steps(total: int, desc: str, *, stream: IO[str] | None = None) -> Iterator[Step]:
    """A bar over `total` named steps; each call moves it on and names the step now running."""
    if not _on_terminal(stream):
        yield quiet
        return
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit="ขั้น", file=stream or sys.stderr, leave=True)
    started = False

    def step(name: str) -> None:
        nonlocal started
        if started:
            bar.update(1)
        started = True
        bar.set_postfix_str(name, refresh=True)

    try:
        yield step
        if started:
            bar.update(1)
    finally:
        bar.close()


def each(
    items: Iterable[T], desc: str, *, total: int | None = None, unit: str = "รายการ", **kw: Any
) -> Iterable[T]:
    """The items, through a tqdm bar when on a terminal (pass-through otherwise)."""
    stream = kw.pop("stream", None)
    if not _on_terminal(stream):
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, total=total, unit=unit, file=stream or sys.stderr, **kw)
