"""Live reload in a real browser: an open page reloads by itself after each save.

`pressroom serve` runs in a subprocess on a copy of the demo archive, under a base path as on
GitHub Pages; Debian's chromium, driven by Playwright, keeps the release's page open while the
test edits the release's title twice, one second apart. Both edits must appear without the test
reloading anything: livereload on its own would drop the second (it ignores changes within
three seconds of a reload).
"""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.content.files import iter_release_files, read_release

REPO = Path(__file__).resolve().parents[2]
@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    for folder in ("content", "themes", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


@pytest.fixture
def server(project: Path) -> Iterator[str]:
    """`pressroom serve` under /pressroom/; yields the site's URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}/pressroom/"
    log = (project / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--port", str(port), "--base-url", base_url],
        cwd=project, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while True:
        assert process.poll() is None, (project / "serve.log").read_text(errors="replace")
        try:
            urllib.request.urlopen(base_url, timeout=30).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "pressroom serve did not answer"
            time.sleep(0.1)
    yield base_url
    process.send_signal(signal.SIGINT)
    try:
        assert process.wait(timeout=30) in (0, 130)
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
    assert "Traceback" not in (project / "serve.log").read_text(errors="replace")


def retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title:.*$", f"title: {title}", text, count=1), encoding="utf-8")


@pytest.mark.e2e
def test_open_page_reloads_itself_after_each_edit(browser, project: Path, server: str) -> None:
    """`browser` is the session's chromium (conftest): one Playwright per process, as it requires."""
    content = project / "content"
    english = [f for f in iter_release_files(content) if f.relative_to(content).parts[0] == "en"]
    file = max(english, key=lambda f: (read_release(content, f).date, f.name))
    release = read_release(content, file)
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        # Chromium asks for /favicon.ico by itself; GitHub Pages has none at the host's root either.
        page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
                if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
        loads: list[str] = []
        page.on("load", lambda loaded: loads.append(loaded.url))
        page.goto(server + release.url_path)
        # livereload.js has loaded and shaken hands with the server over its websocket.
        page.wait_for_function("() => window.LiveReload && window.LiveReload.connector"
                               " && window.LiveReload.connector.protocol >= 7", timeout=5000)
        page.wait_for_timeout(300)
        assert release.title in page.inner_text("h1")

        for number, title in enumerate(("Live reload, first edit", "Live reload, second edit"), 1):
            page.evaluate("window.notReloaded = true")
            saved = time.monotonic()
            retitle(file, title)
            # a document being reloaded may have no h1 yet: asked again, not failed
            page.wait_for_function("t => document.querySelector('h1')?.innerText.includes(t)",
                                   arg=title, timeout=3000)
            assert page.evaluate("window.notReloaded === undefined"), "the page was reloaded, not patched"
            assert len(loads) == number + 1
            print(f"edit {number} shown after {time.monotonic() - saved:.2f} s")
            time.sleep(max(0.0, 1 - (time.monotonic() - saved)))  # the next edit 1 s after this one
        assert errors == []
    finally:
        context.close()
