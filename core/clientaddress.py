"""The client's address, trusting ``X-Forwarded-For`` only from the proxies in ``TRUSTED_PROXIES``.

With no trusted proxy (the default) the address is ``REMOTE_ADDR``: a header any client can send
never decides whom a throttle or a lockout counts. Behind a reverse proxy, list its addresses or
networks; the client is then the right-most address in ``X-Forwarded-For`` that is not one of them
(each proxy appends the address it received the request from).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in proxies)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Any) -> str:
    """The address requests from this client come from, as far as the configured proxies tell."""
    meta = getattr(request, "META", {})
    remote = str(meta.get("REMOTE_ADDR") or "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = [part.strip() for part in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    for hop in reversed([part for part in forwarded if part]):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # garbage in the header: count the proxy, never the garbage
    return remote
