"""E-mail transport: compose a message (Thai headers RFC 2047-encoded) and send it over SMTP.

Errors are sorted into what is worth retrying (the server is down, slow, or says "try later")
and what is not (a bad address, a recipient the server refuses, a message too large).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from types import TracebackType

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

TLS_MODES = ("none", "starttls", "ssl")
TOO_LARGE_CODES = {552, 523}  # RFC 5321 "exceeded storage allocation", RFC 3463 size


@dataclass(frozen=True)
class MailConfig:
    """Where and how to send mail; built from the MSOC_SMTP_* settings."""

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

    @classmethod
    def from_settings(cls) -> MailConfig:
        """The configuration of this installation."""
        tls = settings.MSOC_SMTP_TLS
        if tls not in TLS_MODES:
            raise ValueError(f"MSOC_SMTP_TLS={tls!r} ไม่ถูกต้อง (ใช้ none, starttls หรือ ssl)")
        return cls(
            host=settings.MSOC_SMTP_HOST,
            port=settings.MSOC_SMTP_PORT,
            user=settings.MSOC_SMTP_USER,
            password=settings.MSOC_SMTP_PASSWORD,
            tls=tls,
            timeout=settings.MSOC_SMTP_TIMEOUT,
            sender=settings.MSOC_MAIL_FROM,
            site_url=settings.MSOC_SITE_URL,
            max_attachment_bytes=settings.MSOC_MAIL_MAX_ATTACHMENT_BYTES,
        )

    @property
    def enabled(self) -> bool:
        """Mail goes out only when an SMTP host is configured."""
        return bool(self.host)


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
    """A text message; non-ASCII headers are encoded (RFC 2047) when it is serialised."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["Subject"] = subject
    msg["From"] = Address(config.sender_name, addr_spec=_ascii_sender(config.sender))
    msg["To"] = Address(to_name, addr_spec=to) if to_name else to
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(body, charset="utf-8")
    for a in attachments:
        msg.add_attachment(a.content, maintype=a.maintype, subtype=a.subtype, filename=a.filename)
    return msg


def _ascii_sender(sender: str) -> str:
    try:
        return check_address(sender)
    except SendError as exc:
        raise ValueError(f"MSOC_MAIL_FROM={sender!r} ไม่ใช่อีเมลที่ใช้ได้") from exc


class Mailer:
    """One SMTP session reused for a batch of messages; reconnects after a per-message error."""

    def __init__(self, config: MailConfig) -> None:
        self.config = config
        self.smtp: smtplib.SMTP | None = None
        self.broken: SendError | None = None  # set once the server cannot be reached

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """End the session (quietly: the server may already be gone)."""
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None

    def send(self, msg: EmailMessage, to: str) -> None:
        """Send one message to one address, or raise SendError saying why not."""
        if self.broken is not None:
            raise self.broken
        address = check_address(to)
        try:
            if self.smtp is None:
                self.smtp = self._connect()
            self.smtp.send_message(
                msg, from_addr=_ascii_sender(self.config.sender), to_addrs=[address]
            )
        except Exception as exc:  # noqa: BLE001 - every failure becomes a classified SendError
            error = classify(exc, self.config)
            if error.connection:
                self.broken = error
                self.close()
            raise error from exc

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        if c.tls == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                c.host, c.port, timeout=c.timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
            if c.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if c.user:
            smtp.login(c.user, c.password)
        return smtp


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
