"""Fuzzing the JSON API with arbitrary bodies and parameters: never a 5xx answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from .conftest import FUZZ, tried

pytestmark = pytest.mark.django_db

_key = st.one_of(
    st.sampled_from(
        [
            "total",
            "male",
            "female",
            "channels",
            "services",
            "referrals",
            "mobile_unit",
            "kinds",
            "kinds_total",
            "hotline",
            "new_problem",
            "referred",
            "pmj",
        ]
    ),
    st.text(max_size=8),
)
_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False),
    st.text(max_size=20),
)
_json = st.recursive(
    _scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_key, inner, max_size=6),
    max_leaves=12,
)
_body = st.one_of(
    _json.map(lambda v: json.dumps(v, ensure_ascii=False).encode()),
    st.fixed_dictionaries(
        {"total": _scalar},
        optional={
            k: _json
            for k in (
                "male",
                "female",
                "channels",
                "services",
                "referrals",
                "mobile_unit",
                "kinds",
                "kinds_total",
            )
        },
    ).map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=200),
)
_day = st.one_of(
    st.dates().map(str),
    st.text(alphabet="0123456789-/%.๐๑", max_size=12),
    st.sampled_from(
        ["2023-05-03", "2023-02-30", "0000-00-00", "9999-12-31", "..", "%2e%2e", "2023-05-03%00"]
    ),
)


@pytest.fixture
def editor_client(db: Any) -> Client:
    """A client authenticated as an editor with a bearer API token."""
    from msoc.apps.accounts.actions import do_add_user
    from msoc.apps.accounts.models import ApiToken

    user = do_add_user("fuzz-editor", "fuzz-password-1", "editor")
    raw = ApiToken.generate()
    ApiToken.objects.create(name="fuzz", user=user, token_hash=ApiToken.hash(raw), scope="write")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def assert_no_5xx(response: Any, what: str) -> None:
    """A 5xx answer is a bug: the API must refuse bad input with 4xx."""
    assert response.status_code < 500, (what, response.status_code, response.content[:500])
    tried(f"api answers: HTTP {response.status_code}")


@FUZZ
@given(_day, _body, st.sampled_from(["application/json", "text/plain", ""]))
def test_put_hotline_arbitrary_bodies(
    editor_client: Client, day: str, body: bytes, content_type: str
) -> None:
    tried("api PUT /api/hotline/{day} (arbitrary JSON bodies)")
    response = editor_client.put(f"/api/hotline/{day}", body, content_type=content_type)
    assert_no_5xx(response, f"PUT /api/hotline/{day} {body[:200]!r}")


_param = st.one_of(
    st.text(max_size=20),
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(["", "0", "-1", "10001", "1e9", "2023-05-03", "2023-13-01"]),
)
_params = st.dictionaries(
    st.sampled_from(
        ["q", "section", "source", "place", "topic", "kind", "date_from", "date_to", "page", "x"]
    ),
    _param,
    max_size=6,
)


@FUZZ
@given(st.sampled_from(["/api/items", "/api/reports"]), _params, _day)
def test_get_endpoints_arbitrary_parameters(
    editor_client: Client, path: str, params: dict[str, str], day: str
) -> None:
    tried("api GET /api/* (arbitrary parameters)")
    assert_no_5xx(editor_client.get(path, params), f"GET {path} {params}")
    for item_path in (f"/api/reports/{day}", f"/api/hotline/{day}"):
        assert_no_5xx(editor_client.get(item_path), f"GET {item_path}")
