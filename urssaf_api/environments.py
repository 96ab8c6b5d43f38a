"""URSSAF hosts and paths."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

PRODUCTION_URL = "https://api.urssaf.fr"
URSSAF_SANDBOX_URL = "https://api-edi.urssaf.fr"
API_PATH = "/atp/v1/tiersPrestations"
TOKEN_PATH = "/api/oauth/v1/token"
SCOPE = "homeplus.tiersprestations"

ENVIRONMENTS = ("production", "urssaf_sandbox", "local")


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only: ``localhost`` or a loopback address."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def base_url(environment: str, local_url: str | None = None) -> str:
    """Return the host URL (scheme + host [+ port], no trailing slash) of an environment.

    ``"production"`` and ``"urssaf_sandbox"`` ignore ``local_url``; ``"local"`` requires it and
    accepts an ``https://host[:port][/prefix]`` URL, or plain ``http`` on the loopback only
    (e.g. the local sandbox ``http://127.0.0.1:8765``). Raises ``ValueError`` for an unknown
    environment or a bad URL.
    """
    if environment == "production":
        return PRODUCTION_URL
    if environment == "urssaf_sandbox":
        return URSSAF_SANDBOX_URL
    if environment == "local":
        if not isinstance(local_url, str) or not local_url.strip():
            raise ValueError("The 'local' environment needs a base URL, e.g. http://127.0.0.1:8765")
        url = local_url.strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"Invalid local URL {url!r}: expected http(s)://host[:port]")
        if parts.query or parts.fragment:
            raise ValueError(f"Invalid local URL {url!r}: no query string or fragment allowed")
        if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
            # a client's identity and IBAN never travel in clear over a network
            raise ValueError(
                f"Invalid local URL {url!r}: plain http is allowed only on this machine "
                "(127.0.0.1, ::1, localhost); use https for any other host"
            )
        return url
    raise ValueError(
        f"Unknown URSSAF environment {environment!r}; expected one of {', '.join(ENVIRONMENTS)}"
    )
