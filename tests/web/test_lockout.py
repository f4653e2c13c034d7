"""Login lockout by account, not by address (issue 17, finding 3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory

from msoc.web.client_ip import client_ip
from tests.web.conftest import PASSWORD

OFFICE = "10.0.0.9"  # everyone of one office behind one proxy address


def login(client: Client, username: str, password: str) -> Any:
    return client.post("/login", {"username": username, "password": password})


def signed_in(response: Any) -> bool:
    return response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_failures_on_a_made_up_name_do_not_lock_the_office_out(users: dict[str, Any]) -> None:
    client = Client(REMOTE_ADDR=OFFICE)
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        login(client, "no-such-person", "wrong-password")
    assert signed_in(login(Client(REMOTE_ADDR=OFFICE), "viewer-user", PASSWORD))


@pytest.mark.django_db
def test_a_valid_login_does_not_reset_a_colleagues_failures(users: dict[str, Any]) -> None:
    client = Client(REMOTE_ADDR=OFFICE)
    limit = django_settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert login(client, "editor-user", "guess-one").status_code == 400
    assert signed_in(login(client, "viewer-user", PASSWORD))  # own login in between
    client.post("/logout")
    login(client, "editor-user", "guess-two")  # the limit-th failure on the colleague
    locked = login(Client(REMOTE_ADDR="10.0.0.77"), "editor-user", PASSWORD)
    assert locked.status_code in (403, 429), locked.status_code
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in locked.content.decode()
    assert signed_in(login(Client(REMOTE_ADDR=OFFICE), "viewer-user", PASSWORD))


@pytest.mark.django_db
def test_a_successful_login_resets_only_its_own_account(users: dict[str, Any]) -> None:
    client = Client(REMOTE_ADDR=OFFICE)
    limit = django_settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        login(client, "viewer-user", "typo")
    assert signed_in(login(client, "viewer-user", PASSWORD))
    client.post("/logout")
    for _ in range(limit - 1):  # a fresh count: these do not lock
        login(client, "viewer-user", "typo")
    assert signed_in(login(client, "viewer-user", PASSWORD))


def test_forwarded_addresses_are_believed_only_from_a_trusted_proxy(settings: Any) -> None:
    factory = RequestFactory()

    def address(remote: str, forwarded: str | None) -> str:
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return client_ip(factory.get("/", REMOTE_ADDR=remote, **extra))

    settings.MSOC_TRUSTED_PROXIES = []
    assert address("203.0.113.5", "198.51.100.1") == "203.0.113.5"  # no proxy configured
    settings.MSOC_TRUSTED_PROXIES = ["10.1.0.0/16", "127.0.0.1"]
    assert address("10.1.2.3", "198.51.100.1") == "198.51.100.1"
    assert address("10.1.2.3", "6.6.6.6, 198.51.100.1") == "198.51.100.1"  # spoofed left part
    assert address("127.0.0.1", "198.51.100.1, 10.1.9.9") == "198.51.100.1"  # two proxies
    assert address("203.0.113.5", "198.51.100.1") == "203.0.113.5"  # not from the proxy
    assert address("10.1.2.3", "not-an-address") == "10.1.2.3"
    assert address("10.1.2.3", None) == "10.1.2.3"


@pytest.mark.django_db
def test_behind_the_proxy_failures_count_under_the_real_client(
    users: dict[str, Any], settings: Any
) -> None:
    from axes.models import AccessAttempt

    settings.MSOC_TRUSTED_PROXIES = ["127.0.0.1"]
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    login(client, "viewer-user", "typo")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]
