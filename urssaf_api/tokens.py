"""Process-wide cache of OAuth2 access tokens.

Keyed by (token URL, client id); an entry also remembers a fingerprint of the secret, so that a
changed secret is a cache miss. Thread-safe: one lock for the cache, and one lock per key so that
concurrent callers of the same credentials request a single token.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

#: The token is considered expired this many seconds before ``expires_in``.
TOKEN_EXPIRY_MARGIN = 60.0
#: Lifetime assumed when the token answer has no usable ``expires_in``.
DEFAULT_TOKEN_LIFETIME = 3600.0

TokenKey = tuple[str, str]


@dataclass
class _CachedToken:
    token: str
    expires_at: float
    secret_fingerprint: str


_TOKEN_CACHE: dict[TokenKey, _CachedToken] = {}
_KEY_LOCKS: dict[TokenKey, threading.Lock] = {}
_CACHE_LOCK = threading.Lock()


def clear_token_cache() -> None:
    """Forget every cached token (tests, or after changing the credentials)."""
    with _CACHE_LOCK:
        _TOKEN_CACHE.clear()


def key_lock(key: TokenKey) -> threading.Lock:
    """The lock held while requesting a token for ``key``."""
    with _CACHE_LOCK:
        lock = _KEY_LOCKS.get(key)
        if lock is None:
            lock = _KEY_LOCKS[key] = threading.Lock()
        return lock


def fingerprint(secret: str) -> str:
    """A one-way fingerprint of a secret (the secret itself is never stored in the cache)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def cached_token(key: TokenKey, secret_fingerprint: str, now: float) -> str | None:
    """The cached token of ``key`` when it was obtained with the same secret and is still
    usable at ``now``; else ``None``."""
    with _CACHE_LOCK:
        entry = _TOKEN_CACHE.get(key)
    if (
        entry is not None
        and entry.secret_fingerprint == secret_fingerprint
        and now < entry.expires_at
    ):
        return entry.token
    return None


def store_token(
    key: TokenKey, token: str, lifetime: float, secret_fingerprint: str, now: float
) -> None:
    """Cache ``token`` until :data:`TOKEN_EXPIRY_MARGIN` seconds before its end (half its
    lifetime when it is shorter than twice the margin)."""
    if lifetime > 2 * TOKEN_EXPIRY_MARGIN:
        usable = lifetime - TOKEN_EXPIRY_MARGIN
    else:
        usable = lifetime / 2
    with _CACHE_LOCK:
        _TOKEN_CACHE[key] = _CachedToken(token, now + usable, secret_fingerprint)


def invalidate_token(key: TokenKey, token: str) -> None:
    """Forget ``token`` (URSSAF refused it) unless another one has replaced it meanwhile."""
    with _CACHE_LOCK:
        entry = _TOKEN_CACHE.get(key)
        if entry is not None and entry.token == token:
            del _TOKEN_CACHE[key]
