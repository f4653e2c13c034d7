"""Adapters: each reads one source's published format (bytes) into a normalised JSON payload.

Payloads are plain JSON values so that they can be stored as `Reading`s and entered by hand in
the same shape when a source has no feed. Every adapter raises `SourceFormatError` naming what
it could not read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msoc.apps.situation.adapters import air4thai, ddc, rid, tmd
from msoc.apps.situation.adapters.base import SourceFormatError

Adapter = Callable[..., dict[str, Any]]
ADAPTERS: dict[str, Adapter] = {
    "ddc": ddc.parse,
    "tmd": tmd.parse,
    "rid": rid.parse,
    "air4thai": air4thai.parse,
}

__all__ = ["ADAPTERS", "SourceFormatError"]
