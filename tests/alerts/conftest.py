"""Fixtures of the alerts tests: a real SMTP server on 127.0.0.1 (aiosmtpd), lists, items."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from msoc.thai import BANGKOK
from tests.net import free_port
from tests.web.browser import browser  # noqa: F401 - the browser tests' fixture
from tests.web.conftest import _fast_and_isolated, clients, users  # noqa: F401 - shared fixtures

SITE = "https://msoc.example.go.th"


@dataclass
class Received:
    """One message as the server received it."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        """The message parsed with the modern e-mail policy (headers decoded)."""
        return message_from_bytes(self.raw, policy=policy.default)  # type: ignore[return-value]


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what it receives and refuses chosen recipients."""

    refuse: set[str] = field(default_factory=set)
    messages: list[Received] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
        )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        """Messages received for an address."""
        return [m for m in self.messages if address in m.rcpt_tos]


@pytest.fixture
def smtp_server(settings: Any, tmp_path: Path) -> Iterator[tuple[Inbox, Controller]]:
    """A running SMTP server, and settings pointing the mailer at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, data_size_limit=400_000)
    controller.start()
    configure(settings, port, tmp_path)
    try:
        yield inbox, controller
    finally:
        controller.stop()


@pytest.fixture
def inbox(smtp_server: tuple[Inbox, Controller]) -> Inbox:
    """The received messages of the running SMTP server."""
    return smtp_server[0]


def configure(settings: Any, port: int, tmp_path: Path) -> None:
    """Mail settings for a server on 127.0.0.1:port, and a private archive."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.MSOC_SMTP_TLS, settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL = "none", False, False
    settings.EMAIL_TIMEOUT = 2.0
    settings.DEFAULT_FROM_EMAIL = "mso-moc@m-society.go.th"
    settings.MSOC_SITE_URL = SITE
    settings.MSOC_MAIL_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    settings.ARCHIVE_DIR = tmp_path / "archive"


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP server that accepts connections and never says a word (an SMTP timeout)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            accepted.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in accepted:
            conn.close()
        listener.close()


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Bangkok time."""
    return datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


def make_list(
    name: str, addresses: list[tuple[str, str]], *, reports: bool = True, digest: bool = False
) -> Any:
    """A distribution list with (position, e-mail) recipients, stored directly."""
    from msoc.apps.alerts.models import DistributionList, Recipient

    dl = DistributionList.objects.create(name=name, reports=reports, digest=digest)
    for position, email in addresses:
        Recipient.objects.create(distribution_list=dl, position=position, email=email)
    return dl


@pytest.fixture
def alert(db: Any) -> Any:
    """An open alert of a flood in เชียงใหม่ with one news item."""
    from django.utils import timezone

    from msoc.apps.alerts.models import Alert, AlertRule
    from msoc.apps.news.models import Item, Source

    source = Source.objects.create(name="ไทยรัฐ")
    now = timezone.now()
    item = Item.objects.create(
        source=source,
        url="https://n.test/1",
        canonical_url="https://n.test/1",
        content_hash="a",
        title="น้ำท่วมหนักเชียงใหม่",
        published_at=now,
        fetched_at=now,
    )
    rule = AlertRule.objects.create(
        name="น้ำท่วมภาคเหนือ", kind="topic_in_province", params={"topic": "flood"}
    )
    made = Alert.objects.create(
        rule=rule, key="flood|เชียงใหม่", fired_at=now, title="น้ำท่วม ที่เชียงใหม่: ข่าวใหม่ ๑ ข่าว"
    )
    made.items.add(item)
    return made
