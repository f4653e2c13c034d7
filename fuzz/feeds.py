"""atheris harness: feed/sitemap parsing (and decoding) — entries, or FeedError."""

from __future__ import annotations

import contextlib
import sys

import _setup  # noqa: F401
import atheris

with atheris.instrument_imports():
    from msoc.apps.news.feeds import FeedError, parse_feed

CONTENT_TYPES = ("", "application/xml", "text/xml; charset=tis-620", "text/html; charset=bogus")


def test_one_input(data: bytes) -> None:
    """parse_feed on the bytes with one of a few Content-Type headers."""
    content_type = CONTENT_TYPES[data[0] % len(CONTENT_TYPES)] if data else ""
    with contextlib.suppress(FeedError):
        parse_feed(data[1:], "https://news.example.th/feed", content_type)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
