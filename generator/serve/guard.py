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
import sys
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from livereload.handlers import LiveReloadHandler
from livereload.server import LiveScriptInjector
from tornado import web
from tornado.httputil import HTTPMessageDelegate, HTTPServerRequest

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# Characters that have no place in a Host header (userinfo, a path, a query, whitespace).
NOT_IN_HOST = frozenset("@/\\?# \t")
REFUSED_TEXT = {
    400: "400 Bad Request: not a page address.\n400 잘못된 요청: 페이지 주소가 아닙니다.\n",
    403: ("403 Forbidden: this preview server answers only to its own address, such as "
          "http://localhost:{port}/.\n"
          "403 금지됨: 이 미리 보기 서버는 자기 주소(예: http://localhost:{port}/)로 "
          "온 요청에만 답합니다.\n"),
}


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


class OwnOriginReload(LiveReloadHandler):
    """livereload's websocket, for the server's own pages only (livereload accepts any Origin)."""

    def initialize(self, policy: HostPolicy) -> None:
        self.policy = policy

    def check_origin(self, origin: str) -> bool:
        return self.policy.allows_origin(origin)


class Refused(web.RequestHandler):
    """The answer to a request no page of this server makes: a foreign Host, an odd target."""

    def initialize(self, status: int, port: int) -> None:
        self.status = status
        self.port = port

    async def prepare(self) -> None:
        self.set_status(self.status)
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(REFUSED_TEXT.get(self.status, REFUSED_TEXT[400]).format(port=self.port))


class GuardedApplication(web.Application):
    """Checks every request before routing it, the websocket's included."""

    def __init__(self, policy: HostPolicy, handlers: list[tuple[Any, ...]], script: bytes) -> None:
        class Injector(LiveScriptInjector):
            pass

        Injector.script = script
        super().__init__(handlers, transforms=[Injector], log_function=_log_failures)
        self.policy = policy

    def find_handler(self, request: HTTPServerRequest, **kwargs: Any) -> HTTPMessageDelegate:
        status = refusal(self.policy, request)
        if status is not None:
            target = {"status": status, "port": self.policy.port}
            return self.get_handler_delegate(request, Refused, target)
        return super().find_handler(request, **kwargs)


def refusal(policy: HostPolicy, request: HTTPServerRequest) -> int | None:
    """403 for a Host that is not this server's (DNS rebinding); 400 for a target that is no
    path (absolute-form, `*`) or holds control characters once decoded (`%00`); else None."""
    if not request.path.startswith("/"):
        return 400
    if not policy.allows_host(request.headers.get("Host")):
        return 403
    if any(byte < 0x20 or byte == 0x7F for byte in unquote_to_bytes(request.path)):
        return 400
    return None


def _log_failures(handler: web.RequestHandler) -> None:
    """The terminal hears of server errors only; refused and missing pages are the browser's."""
    if handler.get_status() >= 500:
        request = handler.request
        print(f"pressroom serve: {handler.get_status()} for {request.method} {request.uri!r}",
              file=sys.stderr, flush=True)
