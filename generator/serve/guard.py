"""Who may talk to the preview server: pages it served itself, at an address it answers on.

Any web page open in the same browser can send requests to a server on localhost. Two doors
are closed here, as Vite and webpack-dev-server close them:

- DNS rebinding: a page at http://evil.example:8000 makes its name resolve to 127.0.0.1, and
  the browser then treats the preview's answers as the attacker's own origin, free to read.
  The browser still sends `Host: evil.example:8000`, so every request whose Host is not one of
  the server's own names for its own port is refused (403), pages as well as the websocket.
- Cross-site websockets: browsers let any page open a websocket anywhere, but say where the
  page came from in `Origin`. The livereload handshake is refused (403) unless that is the
  server's own origin; `null` (a sandboxed frame, a file:// page) is never the server's.

The server's own names: localhost, 127.0.0.1, [::1] and the --host it was given. Bound to a
non-loopback address (to preview from a phone), it also answers to any IP address literal:
rebinding needs a DNS name, so an address in Host can only have been typed by a person.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# Characters that have no place in a Host header (userinfo, a path, a query, whitespace).
NOT_IN_HOST = frozenset("@/\\?# \t")


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the server to this machine."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any address


def is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def split_host(header: str) -> tuple[str, int | None] | None:
    """(lower-case name without brackets, port or None) of a Host header; None when malformed."""
    if not header or any(c in NOT_IN_HOST for c in header):
        return None
    try:
        parts = urlsplit("//" + header)
        name, port = parts.hostname, parts.port
    except ValueError:  # a port that is no number or out of range, an unclosed bracket
        return None
    if not name:
        return None
    return name, port


class HostPolicy:
    """The names and port the server answers to, and the one origin its pages have."""

    def __init__(self, host: str, port: int) -> None:
        self.port = port
        self.names = LOOPBACK_NAMES | {host.strip("[]").lower()}
        self.any_address = not is_loopback(host)

    def allows_host(self, header: str | None) -> bool:
        """Whether a request's Host header names this server (at its port)."""
        split = split_host(header or "")
        if split is None:
            return False
        name, port = split
        if (port if port is not None else 80) != self.port:
            return False
        return name in self.names or (self.any_address and is_ip_literal(name))

    def allows_origin(self, origin: str) -> bool:
        """Whether a websocket's Origin is one of this server's own pages (never `null`)."""
        try:
            parts = urlsplit(origin)
        except ValueError:
            return False
        if parts.scheme != "http" or parts.path or parts.query or parts.fragment:
            return False
        return self.allows_host(parts.netloc)
