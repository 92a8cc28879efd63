"""A short, stable fingerprint of plain data, for telling what changed between builds."""

from __future__ import annotations

import hashlib


def digest(value: object) -> str:
    """Digest of ``repr(value)``: records are frozen dataclasses of strings and tuples, so their
    repr is deterministic across processes and builds."""
    return hashlib.blake2b(repr(value).encode(), digest_size=12).hexdigest()
