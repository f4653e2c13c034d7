"""Encrypted export files: AES-256-GCM under a key derived from a passphrase with scrypt.

File layout: b"MSOCENC1" | salt (16 bytes) | nonce (12 bytes) | ciphertext with its GCM tag.
The header is authenticated too, so a file that was cut short or altered does not decrypt.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"MSOCENC1"
SALT_BYTES = 16
NONCE_BYTES = 12
MIN_PASSPHRASE = 12


class DecryptError(ValueError):
    """A file that is not an msoc export, was altered, or a wrong passphrase."""


def _key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def check_passphrase(passphrase: str) -> None:
    """Refuse passphrases too short to protect personal data."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise ValueError(f"รหัสผ่านสำหรับเข้ารหัสต้องยาวอย่างน้อย {MIN_PASSPHRASE} ตัวอักษร")


def encrypt(data: bytes, passphrase: str) -> bytes:
    """The encrypted file's bytes for `data`."""
    check_passphrase(passphrase)
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    header = MAGIC + salt + nonce
    return header + AESGCM(_key(passphrase, salt)).encrypt(nonce, data, header)


def decrypt(blob: bytes, passphrase: str) -> bytes:
    """The plain bytes of an encrypted file; DecryptError when it cannot be opened."""
    head = len(MAGIC) + SALT_BYTES + NONCE_BYTES
    if len(blob) < head + 16 or not blob.startswith(MAGIC):
        raise DecryptError("ไม่ใช่ไฟล์ส่งออกที่เข้ารหัสของ msoc หรือไฟล์ไม่ครบ")
    salt = blob[len(MAGIC) : len(MAGIC) + SALT_BYTES]
    nonce = blob[len(MAGIC) + SALT_BYTES : head]
    try:
        return AESGCM(_key(passphrase, salt)).decrypt(nonce, blob[head:], blob[:head])
    except InvalidTag as exc:
        raise DecryptError("ถอดรหัสไม่ได้: รหัสผ่านไม่ถูกต้อง หรือไฟล์ถูกแก้ไข") from exc


# --- streams (backups): AES-256-GCM in 1 MiB chunks ------------------------------------------
# Layout: b"MSOCBAK1" | salt (16) | nonce prefix (7) | chunks of ciphertext + tag. Chunk i is
# sealed under nonce = prefix | i (4 bytes) | 1 for the last chunk else 0, with the header as
# associated data, so chunks cannot be reordered, dropped, or the stream cut short unnoticed.
STREAM_MAGIC = b"MSOCBAK1"
PREFIX_BYTES = 7
CHUNK = 1 << 20
TAG = 16
STREAM_HEAD = len(STREAM_MAGIC) + SALT_BYTES + PREFIX_BYTES


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only file object that encrypts what is written into `out` (close() to finish)."""

    def __init__(self, out: BinaryIO, passphrase: str) -> None:
        check_passphrase(passphrase)
        salt, self._prefix = os.urandom(SALT_BYTES), os.urandom(PREFIX_BYTES)
        self._header = STREAM_MAGIC + salt + self._prefix
        self._aead = AESGCM(_key(passphrase, salt))
        self._out, self._buffer, self._index = out, bytearray(), 0
        out.write(self._header)

    def write(self, data: bytes) -> int:
        """Buffer `data`, sealing every full chunk (the last one is sealed by close)."""
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._index, last)
        self._out.write(self._aead.encrypt(nonce, chunk, self._header))
        self._index += 1

    def close(self) -> None:
        """Seal the last chunk (possibly empty)."""
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()


class DecryptingReader:
    """A read-only file object of the plain bytes of an encrypted stream; DecryptError if altered."""

    def __init__(self, source: BinaryIO, passphrase: str) -> None:
        header = source.read(STREAM_HEAD)
        if len(header) < STREAM_HEAD or not header.startswith(STREAM_MAGIC):
            raise DecryptError("ไม่ใช่ไฟล์สำรองที่เข้ารหัสของ msoc หรือไฟล์ไม่ครบ")
        salt = header[len(STREAM_MAGIC) : len(STREAM_MAGIC) + SALT_BYTES]
        self._header, self._prefix = header, header[-PREFIX_BYTES:]
        self._aead = AESGCM(_key(passphrase, salt))
        self._source, self._index, self._plain = source, 0, b""
        self._next = source.read(CHUNK + TAG)
        self.finished = False

    def _open_chunk(self) -> None:
        sealed, self._next = self._next, self._source.read(CHUNK + TAG)
        last = not self._next
        try:
            self._plain += self._aead.decrypt(
                _nonce(self._prefix, self._index, last), sealed, self._header
            )
        except InvalidTag as exc:
            raise DecryptError("ถอดรหัสไม่ได้: รหัสผ่านไม่ถูกต้อง หรือไฟล์สำรองถูกแก้ไขหรือไม่ครบ") from exc
        self._index += 1
        self.finished = last

    def read(self, size: int = -1) -> bytes:
        """Up to `size` plain bytes (all that is left when size < 0)."""
        while not self.finished and (size < 0 or len(self._plain) < size):
            self._open_chunk()
        if size < 0:
            size = len(self._plain)
        out, self._plain = self._plain[:size], self._plain[size:]
        return out
