"""Encrypted export files: AES-256-GCM under a key derived from a passphrase with scrypt.

File layout: b"MSOCENC1" | salt (16 bytes) | nonce (12 bytes) | ciphertext with its GCM tag.
The header is authenticated too, so a file that was cut short or altered does not decrypt.
"""

from __future__ import annotations

import os

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
