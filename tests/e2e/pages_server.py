"""A static HTTP server that answers the way GitHub Pages does for a project site.

Why not `http.server` as is: it lists folders, serves 200 for nothing it can find only as 404
with its own page, and knows no base path, so a link that starts at the domain root by accident
would still work locally. This one serves the site only under its base path (e.g. /pressroom/),
maps a folder to its index.html, redirects a folder without its trailing slash, and answers any
unknown path below the base with the site's own 404.html and status 404 — as Pages does.
"""

from __future__ import annotations

import mimetypes
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

# Pages' content types for what a site holds; anything else falls back to mimetypes.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json; charset=utf-8",
    ".woff2": "font/woff2",
}
GITHUB_404 = (b"<!DOCTYPE html><title>Site not found</title><h1>404</h1>"
              b"<p>There isn't a GitHub Pages site here.</p>")


class PagesServer:
    """Serves `site_dir` at http://127.0.0.1:<port><base_path> from a background thread.

    The port is chosen (a free one) when the server is created, before the site exists, so the
    site can be built with the very URL it will be served at.
    """

    def __init__(self, site_dir: Path, base_path: str = "/pressroom/") -> None:
        if not (base_path.startswith("/") and base_path.endswith("/")):
            raise ValueError(f"base path must start and end with '/': {base_path!r}")
        self.site_dir = site_dir
        self.base_path = base_path
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="pages-server", daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.base_path}"

    def start(self) -> PagesServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> PagesServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def resolve(self, url_path: str) -> tuple[int, Path | None, str | None]:
        """(status, file to send, redirect location) for a request path, as Pages decides."""
        path = unquote(urlsplit(url_path).path)
        if path + "/" == self.base_path:
            return HTTPStatus.MOVED_PERMANENTLY, None, self.base_path
        if not path.startswith(self.base_path):
            return HTTPStatus.NOT_FOUND, None, None
        root = self.site_dir.resolve()
        target = (root / path[len(self.base_path):]).resolve()
        if target != root and root not in target.parents:
            return HTTPStatus.NOT_FOUND, self._not_found_page(), None
        if target.is_dir():
            if not path.endswith("/"):
                return HTTPStatus.MOVED_PERMANENTLY, None, _quote_path(path + "/")
            target = target / "index.html"
        elif path.endswith("/"):
            # A file asked for as a folder: Pages has no such page.
            return HTTPStatus.NOT_FOUND, self._not_found_page(), None
        if target.is_file():
            return HTTPStatus.OK, target, None
        # Pages serves /about from about.html when no folder or file of that name exists.
        if target.with_name(target.name + ".html").is_file():
            return HTTPStatus.OK, target.with_name(target.name + ".html"), None
        return HTTPStatus.NOT_FOUND, self._not_found_page(), None

    def _not_found_page(self) -> Path | None:
        page = self.site_dir / "404.html"
        return page if page.is_file() else None


def _quote_path(path: str) -> str:
    return quote(path, safe="/-._~!$&'()*+,;=:@")


def _handler_for(server: PagesServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
            self._answer(with_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(with_body=False)

        def _answer(self, with_body: bool) -> None:
            status, file, location = server.resolve(self.path)
            if location is not None:
                self.send_response(status)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if file is None:
                body, content_type = GITHUB_404, CONTENT_TYPES[".html"]
            else:
                body = file.read_bytes()
                content_type = CONTENT_TYPES.get(file.suffix) or (
                    mimetypes.guess_type(file.name)[0] or "application/octet-stream")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature fixed
            """Quiet: the tests report what went wrong, the access log would only drown it."""

    return Handler
