"""E-mail transport: compose a message and send it with django.core.mail (its SMTP backend).

Django encodes the Thai headers (RFC 2047) and talks SMTP; this module adds what it lacks: errors
are sorted into what is worth retrying (the server is down, slow, or says "try later") and what
is not (a bad address, a recipient the server refuses, a message too large), and one session is
kept for a batch until the server itself fails.
"""

from __future__ import annotations

import smtplib
import socket
from dataclasses import dataclass
from email.utils import formataddr, make_msgid
from types import TracebackType
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email

TLS_MODES = ("none", "starttls", "ssl")
TOO_LARGE_CODES = {552, 523}  # RFC 5321 "exceeded storage allocation", RFC 3463 size
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@dataclass(frozen=True)
class MailConfig:
    """Where and how to send mail; built from Django's EMAIL_* settings (MSOC_SMTP_* variables)."""

    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    tls: str = "none"
    timeout: float = 30.0
    sender: str = "msoc@localhost"
    sender_name: str = "ศปก.พม."
    site_url: str = "http://127.0.0.1:8000"
    max_attachment_bytes: int = 10 * 1024 * 1024
    backend: str = SMTP_BACKEND

    @classmethod
    def from_settings(cls) -> MailConfig:
        """The configuration of this installation."""
        tls = settings.MSOC_SMTP_TLS
        if tls not in TLS_MODES:
            raise ValueError(f"MSOC_SMTP_TLS={tls!r} ไม่ถูกต้อง (ใช้ none, starttls หรือ ssl)")
        return cls(
            host=settings.EMAIL_HOST,
            port=settings.EMAIL_PORT,
            user=settings.EMAIL_HOST_USER,
            password=settings.EMAIL_HOST_PASSWORD,
            tls="ssl"
            if settings.EMAIL_USE_SSL
            else "starttls"
            if settings.EMAIL_USE_TLS
            else "none",
            timeout=settings.EMAIL_TIMEOUT,
            sender=settings.DEFAULT_FROM_EMAIL,
            site_url=settings.MSOC_SITE_URL,
            max_attachment_bytes=settings.MSOC_MAIL_MAX_ATTACHMENT_BYTES,
            backend=settings.EMAIL_BACKEND,
        )

    @property
    def enabled(self) -> bool:
        """Mail goes out only when a mail host is configured (MSOC_SMTP_HOST), whatever the backend.

        The host alone decides, so that the test runner's in-memory backend does not make mail
        configured where the settings say it is not.
        """
        return bool(self.host)

    def connection(self) -> Any:
        """A django.core.mail backend for this configuration that raises its errors."""
        return get_connection(
            self.backend,
            fail_silently=False,
            host=self.host,
            port=self.port,
            username=self.user,
            password=self.password,
            use_tls=self.tls == "starttls",
            use_ssl=self.tls == "ssl",
            timeout=self.timeout,
        )


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message."""

    filename: str
    content: bytes
    maintype: str = "application"
    subtype: str = "pdf"


class SendError(Exception):
    """A message that did not go out, with the reason in Thai and what to do next."""

    def __init__(
        self, reason: str, *, permanent: bool, too_large: bool = False, connection: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent  # retrying cannot help: do not retry
        self.too_large = too_large  # the server refused the size: try without the attachment
        self.connection = connection  # the connection itself failed: skip the rest of the batch


def check_address(address: str) -> str:
    """The address if it is a valid plain-ASCII e-mail address, else a permanent SendError."""
    text = address.strip()
    try:
        validate_email(text)
        text.encode("ascii")
    except (ValidationError, UnicodeEncodeError) as exc:
        raise SendError(f"ที่อยู่อีเมลไม่ถูกต้อง: {address!r}", permanent=True) from exc
    return text


def new_message_id(config: MailConfig) -> str:
    """A fresh Message-ID in the sender's domain (stored with the delivery)."""
    domain = config.sender.rpartition("@")[2] or "msoc.local"
    return make_msgid(domain=domain.encode("ascii", "ignore").decode() or "msoc.local")


def compose(
    config: MailConfig,
    *,
    to: str,
    to_name: str,
    subject: str,
    body: str,
    message_id: str,
    attachments: tuple[Attachment, ...] = (),
) -> EmailMessage:
    """A text message to one address; Django encodes non-ASCII headers (RFC 2047) when sent."""
    msg = EmailMessage(
        subject=subject,
        body=body,
        from_email=formataddr((config.sender_name, _ascii_sender(config.sender)), "utf-8"),
        to=[formataddr((to_name, to), "utf-8") if to_name else to],
        headers={"Message-ID": message_id, "Auto-Submitted": "auto-generated"},
    )
    for a in attachments:
        msg.attach(a.filename, a.content, f"{a.maintype}/{a.subtype}")
    return msg


def _ascii_sender(sender: str) -> str:
    try:
        return check_address(sender)
    except SendError as exc:
        raise ValueError(f"MSOC_MAIL_FROM={sender!r} ไม่ใช่อีเมลที่ใช้ได้") from exc


class Mailer:
    """One mail session (a Django backend kept open) for a batch of messages."""

    def __init__(self, config: MailConfig) -> None:
        self.config = config
        self.backend = config.connection()
        self.broken: SendError | None = None  # set once the server cannot be reached

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """End the session (quietly: the server may already be gone)."""
        try:
            self.backend.close()
        except (smtplib.SMTPException, OSError):
            self.backend.connection = None

    def send(self, msg: EmailMessage, to: str) -> None:
        """Send one message to its one address, or raise SendError saying why not."""
        if self.broken is not None:
            raise self.broken
        address = check_address(to)
        if [a.rpartition("<")[2].rstrip(">") for a in msg.recipients()] != [address]:
            raise SendError(f"ข้อความนี้ไม่ได้จ่าหน้าถึง {address}", permanent=True)
        try:
            self.backend.open()  # kept open for the batch: send_messages closes only what it opened
            self.backend.send_messages([msg])
        except Exception as exc:  # noqa: BLE001 - every failure becomes a classified SendError
            error = classify(exc, self.config)
            if error.connection:
                self.broken = error
                self.close()
            raise error from exc


def classify(exc: BaseException, config: MailConfig) -> SendError:
    """Turn an smtplib/socket exception into a SendError with a Thai reason."""
    if isinstance(exc, SendError):
        return exc
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()), (0, b""))
        return _by_code("เซิร์ฟเวอร์อีเมลปฏิเสธผู้รับ", code, text)
    if isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        what = "เซิร์ฟเวอร์อีเมลปฏิเสธ" + (
            "ผู้ส่ง" if isinstance(exc, smtplib.SMTPSenderRefused) else "ข้อความ"
        )
        return _by_code(what, exc.smtp_code, exc.smtp_error)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return SendError(
            f"เข้าสู่ระบบเซิร์ฟเวอร์อีเมลไม่สำเร็จ ({exc.smtp_code})", permanent=False, connection=True
        )
    if _timed_out(exc):
        return SendError(
            f"เซิร์ฟเวอร์อีเมล {config.host}:{config.port} ไม่ตอบภายใน {config.timeout:g} วินาที",
            permanent=False,
            connection=True,
        )
    if isinstance(exc, ConnectionRefusedError):
        return SendError(
            f"เชื่อมต่อเซิร์ฟเวอร์อีเมล {config.host}:{config.port} ไม่ได้ (ปฏิเสธการเชื่อมต่อ)",
            permanent=False,
            connection=True,
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
        return SendError(f"การเชื่อมต่อเซิร์ฟเวอร์อีเมลขัดข้อง: {exc}", permanent=False, connection=True)
    return SendError(f"ส่งอีเมลไม่สำเร็จ: {exc}", permanent=False)


def _timed_out(exc: BaseException) -> bool:
    """A timeout, also when smtplib reports it as 'Connection unexpectedly closed: timed out'."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, TimeoutError | socket.timeout):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _by_code(what: str, code: int, text: bytes | str) -> SendError:
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    reason = f"{what}: {code} {message}".strip()
    if code in TOO_LARGE_CODES:
        return SendError(f"ข้อความใหญ่เกินที่เซิร์ฟเวอร์รับได้ ({reason})", permanent=True, too_large=True)
    return SendError(reason, permanent=500 <= code < 600)
