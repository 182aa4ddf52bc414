"""`pressroom serve`: build, serve the output through livereload, rebuild and reload on saves.

The parts: livereload's websocket, livereload.js and script injection with our own Tornado routes
for the site (base path, 404 page, error banner, no stale half-built pages), here; the checks of
every request (own Host, own Origin, a path), in generator.serve.guard; an inotify-fed Watcher
and a debouncer that batch saved paths, in generator.serve.watch; the Rebuilder that turns each
batch into one build and then reloads the browsers, in generator.serve.rebuild; the process the
builds run in, which a stop kills instead of waiting for, in generator.serve.buildprocess.
"""

from __future__ import annotations

import errno
import html
import re
import signal
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from tornado import netutil, web
from tornado.ioloop import IOLoop

from generator.config import Settings
from generator.errors import Problem
from generator.incremental.fingerprint import cache_path
from generator.serve.buildprocess import BuildProcess
from generator.serve.guard import GuardedApplication, HostPolicy, OwnOriginReload, is_loopback
from generator.serve.rebuild import BuildSite, Rebuilder
from generator.serve.watch import EventWatcher

BANNER_STYLE = ("position:sticky;top:0;z-index:2147483647;margin:0;padding:1em;background:#7f1d1d;"
                "color:#fff;font:16px/1.5 system-ui,sans-serif;border-bottom:4px solid #fca5a5")
NOT_FOUND_PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>404</title></head>'
                  '<body><h1>404</h1><p>Page not found.</p><p lang="ko">페이지를 찾을 수 없습니다.</p>'
                  '</body></html>')
# Loads livereload.js from the server the page came from, whatever name it was reached by.
RELOAD_SCRIPT = (b'<script>(function(){var s=document.createElement("script");'
                 b'var port=window.location.port||80;'
                 b's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
                 b'document.head.appendChild(s);})();</script>')


def error_banner(problem: Problem) -> bytes:
    """The build error as the top of a page, in both languages; the file's text is escaped."""
    text = html.escape(str(problem))
    return (
        f'<div id="pressroom-build-error" role="alert" style="{BANNER_STYLE}">'
        '<p lang="en" style="margin:0"><strong>Build failed.</strong> This is the last good build; '
        'fix the file and save it to rebuild.</p>'
        '<p lang="ko" style="margin:0"><strong>빌드에 실패했습니다.</strong> 마지막으로 성공한 빌드를 '
        '보여 줍니다. 파일을 고쳐 저장하면 다시 빌드합니다.</p>'
        f'<pre style="margin:.5em 0 0;white-space:pre-wrap;font:14px/1.4 monospace">{text}</pre></div>'
    ).encode()


def with_banner(page: bytes, problem: Problem | None) -> bytes:
    """The page with the build error at the top of its body, while the last build has failed."""
    if problem is None:
        return page
    body = re.search(rb"<body[^>]*>", page, re.IGNORECASE)
    at = body.end() if body else 0
    return page[:at] + error_banner(problem) + page[at:]


class _SitePages(web.RequestHandler):
    """What every site route shares: wait for a due rebuild, and the site's own 404 page."""

    def initialize(self, rebuilder: Rebuilder, **kwargs: Any) -> None:
        super().initialize(**kwargs)  # type: ignore[call-arg]
        self.rebuilder = rebuilder

    async def prepare(self) -> None:
        await self.rebuilder.page_ready(self.request.path)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        # An HTTPError is a path out of the folder or not UTF-8: the page says so, not the terminal.
        if not isinstance(value, web.HTTPError):
            super().log_exception(typ, value, tb)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if status_code not in (403, 404):
            super().write_error(status_code, **kwargs)
            return
        # Tornado's 403 is a folder without index.html or a path out of the output folder:
        # GitHub Pages answers both with its 404 page.
        self.set_status(404)
        try:
            page = (self.rebuilder.output / "404.html").read_bytes()
        except OSError:
            page = NOT_FOUND_PAGE.encode()
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(with_banner(page, self.rebuilder.problem))


class SiteFileHandler(_SitePages, StaticFileHandler):
    """Files of the output folder, and nothing outside it (Tornado checks the path)."""

    def compute_etag(self) -> None:
        return None  # every response is fresh (no 304s), so hashing files would be wasted work

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    async def get(self, path: str, include_body: bool = True) -> None:
        problem = self.rebuilder.problem
        if problem is not None:
            self.path = self.parse_url_path(path)
            absolute = self.validate_absolute_path(self.root, self.get_absolute_path(self.root, self.path))
            if absolute is None:
                return  # redirected to the folder's URL with a slash
            if absolute.endswith(".html"):
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                self.set_extra_headers(path)
                self.finish(with_banner(Path(absolute).read_bytes(), problem) if include_body else b"")
                return
        await super().get(path, include_body)


class NotFoundHandler(_SitePages):
    """Anything outside the base path."""

    async def get(self, path: str) -> None:
        raise web.HTTPError(404)


def site_handlers(rebuilder: Rebuilder) -> list[tuple[Any, ...]]:
    """The site's routes: its base path, the redirect to it, and 404 everywhere else."""
    base = rebuilder.base_path
    site = {"rebuilder": rebuilder}
    handlers: list[tuple[Any, ...]] = []
    if base != "/":
        # As on GitHub Pages the site lives at /<repo>/; the bare root leads there.
        bare = r"/(?:" + re.escape(base.strip("/")) + ")?"
        handlers.append((bare, web.RedirectHandler, {"url": base}))
    handlers.append((re.escape(base) + r"(.*)", SiteFileHandler,
                     {**site, "path": str(rebuilder.output), "default_filename": "index.html"}))
    handlers.append((r"/(.*)", NotFoundHandler, site))
    return handlers


def application(rebuilder: Rebuilder, watcher: EventWatcher, policy: HostPolicy) -> GuardedApplication:
    """The websocket and livereload.js (no /forcereload: livereload.js never calls it, and it
    let any page reload the browsers), then the site."""
    LiveReloadHandler.watcher = watcher
    LiveReloadHandler.live_css = True
    handlers: list[tuple[Any, ...]] = [
        (r"/livereload", OwnOriginReload, {"policy": policy}),
        (r"/livereload.js", LiveReloadJSHandler),
        *site_handlers(rebuilder),
    ]
    return GuardedApplication(policy, handlers, RELOAD_SCRIPT)


def port_problem(host: str, port: int) -> str | None:
    """Why the port cannot be listened on, checked before the (possibly long) first build."""
    try:
        sockets = netutil.bind_sockets(port, address=host)
    except OSError as error:
        return listen_problem(host, port, error)
    for sock in sockets:
        sock.close()
    return None


def listen_problem(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"pressroom serve: port {port} on {host} is in use; try --port {port + 1}"
    return f"pressroom serve: cannot listen on {host}:{port}: {error.strerror or error}"


def watched_paths(settings: Settings, config: Path) -> list[Path]:
    """Every input of a build: content, themes (any of them, the setting may switch), the
    site's templates, string tables and static folder, and the settings file."""
    return [settings.content_path, settings.themes_path, settings.templates_path, settings.strings_path,
            settings.static_path,
            config]


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def exposure_warning(host: str) -> str | None:
    """Binding beyond loopback lets anyone on the network read the preview: say so."""
    if is_loopback(host):
        return None
    return (f"warning: serving on {host} reaches beyond this machine: anyone on the network can read "
            "the preview. The default, --host 127.0.0.1, keeps it private.")


def command(settings: Settings, args: Any, *, build: BuildSite | None = None) -> int:
    """Run `pressroom serve` until Ctrl-C or SIGTERM: 0 when stopped, 1 when it cannot listen.
    `build` stands in for the real build in tests."""
    host, port = args.host, args.port
    problem = port_problem(host, port)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    warning = exposure_warning(host)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    if build is None:
        from generator.serve.session import BuildSession

        build = BuildSession()  # state kept in memory; search index and state file written after reloads
    # Forked first, while this process has a single thread (generator.serve.buildprocess).
    builds = BuildProcess(build)
    # `kill` (as from a process manager or an IDE's stop button) stops as cleanly as Ctrl-C.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _serve(settings, args, builds)
    except KeyboardInterrupt:
        pass
    finally:
        # The stop is bounded (generator.serve.buildprocess): a second Ctrl-C must not cut it short.
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        builds.stop()
        signal.signal(signal.SIGINT, interrupt)
        signal.signal(signal.SIGTERM, previous)
    print("stopped", flush=True)
    return 0


def _serve(settings: Settings, args: Any, build: BuildProcess) -> int:
    """Watch, build once, then serve until interrupted (KeyboardInterrupt) or unable to listen."""
    host, port = args.host, args.port
    base_url = getattr(args, "base_url", None)
    settings = replace(settings.with_base_url(base_url), drafts=True)  # a preview shows drafts
    config = (getattr(args, "config", None) or settings.root / "pyproject.toml").resolve()
    loop = IOLoop.current()
    rebuilder = Rebuilder(settings, config, base_url, build, loop)
    watcher = EventWatcher(loop)
    own = (settings.output_path, cache_path(settings))

    def ignore(path: str) -> bool:
        return any(folder == Path(path) or folder in Path(path).parents for folder in own)

    for path in watched_paths(settings, config):
        watcher.watch(str(path), rebuilder.notice, ignore=ignore)
    # Watch before the first build, so a save made while it runs is rebuilt once serving starts.
    watcher.start()
    try:
        rebuilder.build_now()
        app = application(rebuilder, watcher, HostPolicy(host, port))
        try:
            app.listen(port, address=host)
        except OSError as error:  # lost a race for the port since port_problem looked
            if error.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
                raise
            print(listen_problem(host, port, error), file=sys.stderr)
            return 1
        shown = f"[{host}]" if ":" in host else host
        print(f"Serving {settings.output_dir}/ at http://{shown}:{port}{settings.base_path} "
              "(Ctrl-C to stop)", flush=True)
        loop.start()
    finally:
        watcher.stop()
    return 0
