"""schemathesis against /api/openapi.json through the Django WSGI app: no 5xx answers.

Every operation of the description is called with generated valid and invalid data (50
examples of each per operation in CI), with a
bearer token of an editor (the role that may call every endpoint).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from typing import Any

import pytest
import schemathesis
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from .conftest import FUZZ, PROFILE, tried

EXAMPLES = {"ci": 50, "deep": 1000}.get(PROFILE, 50)  # per operation


@pytest.fixture
def openapi(db: Any) -> Iterator[Any]:
    """The API description, read from the running WSGI application."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    # Like Django's test client: keep the test's connection (and its transaction) open
    # across requests, so the token created in the test is seen and rolled back after it.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def token(db: Any) -> str:
    """A bearer token of an editor, created for the test."""
    from msoc.apps.accounts.actions import do_add_user
    from msoc.apps.accounts.models import ApiToken

    user = do_add_user("schemathesis-editor", "schemathesis-password-1", "editor")
    raw = ApiToken.generate()
    ApiToken.objects.create(
        name="schemathesis", user=user, token_hash=ApiToken.hash(raw), scope="write"
    )
    return raw


def test_api_never_answers_5xx(openapi: Any, token: str) -> None:
    operations = [result.ok() for result in openapi.get_all_operations()]
    assert len(operations) >= 5, [op.label for op in operations]
    headers = {"Authorization": f"Bearer {token}"}
    for operation, mode in product(operations, GenerationMode):

        @settings(FUZZ, max_examples=EXAMPLES)
        @given(
            case=operation.as_strategy(generation_mode=mode),
            label=st.just(f"{operation.label} ({mode.value} data)"),
        )
        def call(case: Any, label: str) -> None:
            response = case.call(headers=headers)
            tried(f"schemathesis {label}")
            tried(f"schemathesis answers: HTTP {response.status_code}")
            case.validate_response(response, checks=[not_a_server_error])

        call()
