"""Secrets of workshops: participant tokens, trainer keys and join codes.

Tokens and keys carry 192 random bits and are stored only as SHA-256 hashes (a slow hash
adds nothing for secrets this random); a presented secret is compared in constant time.
A join code is not a credential (it is read out in the room): it only lets someone join.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SECRET_BYTES = 24  # 192 bits
# Join codes avoid letters and digits that read alike (0/O, 1/I/L) when projected.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_secret() -> str:
    """A fresh token or trainer key (URL-safe text that never starts with '-', which a
    command line would read as an option: `--workspace -x…`)."""
    while (secret := secrets.token_urlsafe(SECRET_BYTES)).startswith("-"):
        pass
    return secret


def new_join_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_workspace_id() -> str:
    """A participant's public id: short, shown to the trainer, never a credential."""
    return "p" + secrets.token_hex(5)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Whether `secret` hashes to `stored_hash`, compared in constant time."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def normalize_join_code(code: str) -> str:
    """The code as stored: spaces and dashes dropped, upper case (people type it by hand)."""
    return "".join(code.split()).replace("-", "").upper()
