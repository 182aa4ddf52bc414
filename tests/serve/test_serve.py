"""`pressroom serve`, started in a subprocess on a free port and fetched over HTTP.

Most tests drive the server with a stand-in build (below) that has the real build's contract
and records each call, so that what serve asks of the build can be checked exactly: one call
per burst of saves, only the saved release passed as changed. The tests at the end run the real
`python -m generator.cli serve` on a copy of the demo archive.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from tornado.ioloop import IOLoop
from tornado.websocket import websocket_connect

from generator.config import Settings
from generator.content.files import iter_release_files, read_release
from generator.content.frontmatter import format_release
from generator.content.release import Release
from generator.errors import PressroomError
from generator.serve.watch import Debouncer, is_editor_noise

REPO = Path(__file__).resolve().parents[2]
CALLS = "standin-calls.jsonl"


# --- the stand-in build -------------------------------------------------------------------

def standin_build(settings: Settings, out_dir: Path | None = None, *, progress: bool = False,
                  changed: set[Path] | None = None) -> None:
    """Parses every release with the real parser (so broken files raise the real ContentError),
    writes a home page listing their titles, one page per release and a 404 page, and appends
    the call to standin-calls.jsonl. Like the real build, it writes nothing when it fails."""
    out = out_dir or settings.output_path
    time.sleep(float(os.environ.get("STANDIN_SECONDS", "0")))  # a slow build, when a test asks
    if (settings.root / CALLS).exists():  # a rebuild: one that never ends in time, when a test asks
        time.sleep(float(os.environ.get("STANDIN_REBUILD_SECONDS", "0")))
    releases = [read_release(settings.content_path, f) for f in iter_release_files(settings.content_path)]
    theme = settings.theme_path / "page.html"
    if theme.is_file() and "{%" in theme.read_text(encoding="utf-8"):
        raise PressroomError(theme, 1, "unfinished template tag")
    head = f"<head><title>{settings.title['en']}</title></head>"
    pages = {"index.html": head + "<body><ul>" + "".join(f"<li>{r.title}</li>" for r in releases)
             + "</ul></body>", "404.html": head + "<body><h1>standin 404</h1></body>"}
    for release in releases:
        pages[release.url_path + "index.html"] = f"{head}<body><h1>{release.title}</h1></body>"
    for name, page in pages.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_text(encoding="utf-8") != page:
            target.write_text(page, encoding="utf-8")
    record = {"changed": None if changed is None else sorted(str(p) for p in changed),
              "title": settings.title["en"], "progress": progress}
    with (settings.root / CALLS).open("a", encoding="utf-8") as log:
        log.write(json.dumps(record) + "\n")


def standin_preview(settings: Settings, out_dir: Path | None, changed: set[Path]) -> str | None:
    """The session's preview, stood in for (STANDIN_AHEAD=1): the one saved release's page as
    the stand-in build writes it, at once; its URL path."""
    if len(changed) != 1:
        return None
    release = read_release(settings.content_path, next(iter(changed)))
    target = (out_dir or settings.output_path) / release.url_path / "index.html"
    target.write_text(f"<head><title>{settings.title['en']}</title></head><body><h1>{release.title}</h1></body>",
                      encoding="utf-8")
    return release.url_path


STANDIN_DRIVER = """
import argparse, os, sys
sys.path.insert(0, {tests!r})
from generator.config import load_settings
from generator.serve.server import command
from test_serve import standin_build, standin_preview
if os.environ.get("STANDIN_AHEAD"):
    standin_build.preview = standin_preview
args = argparse.Namespace(host="127.0.0.1", port=int(sys.argv[1]), base_url=sys.argv[2] or None, config=None)
sys.exit(command(load_settings(__import__("pathlib").Path("pyproject.toml")), args, build=standin_build))
"""

RELEASE = Release(path="", lang="en", title="Exports rise in April", date=dt.date(2024, 4, 23),
                  category="trade", tags=("exports",), slug="exports-rise", translation_key="k1",
                  summary="Exports rose.", body="Exports rose.", body_line=0)


def write_release(root: Path, release: Release) -> Path:
    path = root / "content" / release.lang / f"{release.date:%Y/%m}" / f"{release.slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_release(release), encoding="utf-8")
    return path


@pytest.fixture
def standin_project(tmp_path: Path) -> Path:
    # the demo's settings but its preview image, a file of the real theme this stand-in lacks
    settings = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(re.sub(r"(?m)^image = .*\n", "", settings), encoding="utf-8")
    write_release(tmp_path, RELEASE)
    write_release(tmp_path, replace(RELEASE, lang="ko", title="4월 수출 증가"))
    write_release(tmp_path, replace(RELEASE, slug="steel-talks", title="Steel talks with Japan"))
    (tmp_path / "themes" / "default").mkdir(parents=True)
    (tmp_path / "themes" / "default" / "page.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    return tmp_path


# --- running and fetching -----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.02)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Served:
    """A `pressroom serve` subprocess; its output goes to files so pipes never fill up."""

    def __init__(self, command: list[str], cwd: Path, port: int, **env: str) -> None:
        self.cwd, self.port = cwd, port
        self.out, self.err = cwd / "serve.out", cwd / "serve.err"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err,
                                            env={**os.environ, "PYTHONUNBUFFERED": "1", **env})

    def get(self, path: str) -> tuple[int, str, dict[str, str]]:
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(f"http://127.0.0.1:{self.port}{path}", timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)

    def text(self, path: str) -> str:
        return self.get(path)[1]

    def wait_ready(self, path: str = "/", timeout: float = 120) -> None:
        def answers() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited {self.process.returncode}: {self.stderr()}")
            try:
                self.get(path)
            except OSError:
                return False
            return True
        wait_for(answers, timeout, "the server answers")

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8", errors="replace")

    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=30)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def launched() -> Iterator[Callable[[Served], Served]]:
    """Waits until a started server answers; kills every one the test started when it ends."""
    started: list[Served] = []

    def ready(served: Served) -> Served:
        started.append(served)
        served.wait_ready()
        return served

    yield ready
    for served in started:
        served.kill()


@pytest.fixture
def serve_standin(standin_project: Path, launched: Callable[[Served], Served]) -> Callable[..., Served]:
    def start(base_url: str = "", **env: str) -> Served:
        port = free_port()
        driver = STANDIN_DRIVER.format(tests=str(Path(__file__).resolve().parent))
        return launched(Served([sys.executable, "-c", driver, str(port), base_url.format(port=port)],
                               standin_project, port, **env))

    return start


def calls(root: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (root / CALLS).read_text(encoding="utf-8").splitlines()]


def retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(old, f"title: {title}", 1), encoding="utf-8")


# --- tests with the stand-in build --------------------------------------------------------

EN_RELEASE = "content/en/2024/04/exports-rise.md"


def test_serves_the_site_with_the_reload_script(serve_standin: Callable[..., Served]) -> None:
    served = serve_standin()
    status, page, headers = served.get("/")
    assert status == 200 and "Exports rise in April" in page
    assert "livereload.js" in page and page.index("livereload.js") < page.index("</head>")
    assert headers["Cache-Control"] == "no-store"
    assert served.get("/livereload.js")[0] == 200
    assert served.get("/en/2024/04/exports-rise/")[0] == 200
    # A folder's URL without its slash redirects, as on GitHub Pages.
    status, _, headers = served.get("/en/2024/04/exports-rise")
    assert status == 301 and headers["Location"] == "/en/2024/04/exports-rise/"


def test_an_edit_shows_at_once_and_rebuilds_only_that_release(
        serve_standin: Callable[..., Served], standin_project: Path) -> None:
    served = serve_standin()
    assert calls(standin_project) == [{"changed": None, "title": "MOTIE Press Releases", "progress": False}]
    saved = time.monotonic()
    retitle(standin_project / EN_RELEASE, "Exports soar in April")
    wait_for(lambda: "Exports soar in April" in served.text("/"), 2, "the new title on the home page")
    assert time.monotonic() - saved < 2
    assert calls(standin_project)[1:] == [
        {"changed": [str(standin_project / EN_RELEASE)], "title": "MOTIE Press Releases", "progress": False}]


def test_a_save_during_a_build_is_built_next_and_pages_wait_for_it(
        serve_standin: Callable[..., Served], standin_project: Path) -> None:
    served = serve_standin(STANDIN_SECONDS="1")
    first, second = standin_project / EN_RELEASE, standin_project / "content/en/2024/04/steel-talks.md"
    retitle(first, "Saved first")
    time.sleep(0.4)  # its build has started and takes a second
    retitle(second, "Saved during the build")
    asked = time.monotonic()
    page = served.text("/")  # waits for both builds: never the stale page
    assert "Saved first" in page and "Saved during the build" in page
    assert time.monotonic() - asked > 1
    assert [call["changed"] for call in calls(standin_project)] == [None, [str(first)], [str(second)]]


@pytest.mark.parametrize("base_path", ["/", "/pressroom/"])
def test_the_saved_release_is_served_before_its_rebuild_ends(
        serve_standin: Callable[..., Served], standin_project: Path, base_path: str) -> None:
    """A page written ahead of the rebuild (generator/site/preview.py) is served at once, at
    the root or under a base path; every other page waits for the rebuild, as ever."""
    served = serve_standin(f"http://127.0.0.1:{{port}}{base_path}" if base_path != "/" else "",
                           STANDIN_AHEAD="1", STANDIN_REBUILD_SECONDS="8")
    retitle(standin_project / EN_RELEASE, "Exports soar in April")
    page = f"{base_path}en/2024/04/exports-rise/"
    wait_for(lambda: "Exports soar in April" in served.text(page), 6, "the page ahead")
    assert len(calls(standin_project)) == 1  # the rebuild has not ended: the page came ahead of it
    assert "Exports soar in April" in served.text(base_path)  # waits for the rebuild
    assert len(calls(standin_project)) == 2


def test_a_burst_of_saves_is_one_rebuild(serve_standin: Callable[..., Served], standin_project: Path) -> None:
    served = serve_standin()
    release = standin_project / EN_RELEASE
    for number in range(15):  # an editor or a script saving again and again, 20 ms apart
        retitle(release, f"Draft {number}")
        (release.parent / f".{release.name}.swp").write_text("swap", encoding="utf-8")
        time.sleep(0.02)
    wait_for(lambda: "Draft 14" in served.text("/"), 3, "the last draft on the home page")
    time.sleep(0.5)
    assert [call["changed"] for call in calls(standin_project)] == [None, [str(release)]]


async def _count_reloads(port: int, during: Callable[[], None], seconds: float) -> int:
    """Connect as livereload.js does, run `during`, and count the reload commands received."""
    socket_ = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    socket_.write_message(json.dumps({"command": "hello", "protocols": [
        "http://livereload.com/protocols/official-7"]}))
    assert json.loads(await socket_.read_message())["command"] == "hello"
    socket_.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/", "plugins": {}}))
    await asyncio.sleep(0.2)
    await asyncio.get_running_loop().run_in_executor(None, during)
    reloads = 0
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = await asyncio.wait_for(socket_.read_message(), left)
        except TimeoutError:
            break
        if message is not None and json.loads(message)["command"] == "reload":
            reloads += 1
    socket_.close()
    return reloads


def test_two_edits_one_second_apart_both_reload_the_browser(
        serve_standin: Callable[..., Served], standin_project: Path) -> None:
    served = serve_standin()
    release = standin_project / EN_RELEASE

    def two_edits() -> None:
        retitle(release, "First edit")
        time.sleep(1)
        retitle(release, "Second edit")

    # livereload alone would drop the second: it ignores changes within 3 s of a reload.
    assert asyncio.run(_count_reloads(served.port, two_edits, 2.5)) == 2
    assert "Second edit" in served.text("/")


def test_a_broken_file_shows_its_error_and_the_server_recovers(
        serve_standin: Callable[..., Served], standin_project: Path) -> None:
    served = serve_standin()
    release = standin_project / EN_RELEASE
    good = release.read_text(encoding="utf-8")
    release.write_text(good.replace("date: 2024-04-23", "date: 2024-02-30"), encoding="utf-8")
    error = "content/en/2024/04/exports-rise.md:3: impossible date"  # from the project, as `build` says it
    wait_for(lambda: error in served.stderr(), 2, "the error in the terminal")
    page = served.text("/")
    assert 'id="pressroom-build-error"' in page and error in page
    assert "Build failed" in page and "빌드에 실패했습니다" in page
    assert "Exports rise in April" in page, "the last good site is still served"
    assert "pressroom-build-error" in served.get("/nope/")[1], "the 404 page shows it too"
    # Fixing another file does not hide the one still broken.
    retitle(standin_project / "content/en/2024/04/steel-talks.md", "Steel talks resume")
    time.sleep(0.6)
    assert error in served.text("/")
    release.write_text(good.replace("Exports rise in April", "Fixed title"), encoding="utf-8")
    wait_for(lambda: "Fixed title" in served.text("/"), 2, "the fixed page")
    page = served.text("/")
    assert "pressroom-build-error" not in page and "Steel talks resume" in page
    assert served.process.poll() is None and "Traceback" not in served.stderr()


def test_a_broken_template_shows_its_error(
        serve_standin: Callable[..., Served], standin_project: Path) -> None:
    served = serve_standin()
    template = standin_project / "themes/default/page.html"
    template.write_text("<h1>{% if</h1>", encoding="utf-8")
    wait_for(lambda: "page.html:1: unfinished template tag" in served.text("/"), 2, "the template error")
    template.write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    wait_for(lambda: "pressroom-build-error" not in served.text("/"), 2, "recovery")
    # The failed build logged nothing; the one after the fix was a full rebuild, as theme changes are.
    assert [call["changed"] for call in calls(standin_project)] == [None, None]


def test_a_templates_folder_made_while_serving_is_watched(
        serve_standin: Callable[..., Served], standin_project: Path) -> None:
    serve_standin()
    (standin_project / "templates").mkdir()
    wait_for(lambda: len(calls(standin_project)) == 2, 2, "a rebuild for the new folder")
    time.sleep(0.3)
    (standin_project / "templates" / "release.html").write_text("override", encoding="utf-8")
    wait_for(lambda: len(calls(standin_project)) == 3, 2, "a rebuild for the template in it")
    assert calls(standin_project)[-1]["changed"] is None


def test_a_settings_change_rebuilds_everything_with_the_new_settings(
        serve_standin: Callable[..., Served], standin_project: Path) -> None:
    served = serve_standin()
    pyproject = standin_project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        'en = "MOTIE Press Releases"', 'en = "Trade Ministry News"'), encoding="utf-8")
    wait_for(lambda: "<title>Trade Ministry News</title>" in served.text("/"), 2, "the new site title")
    assert calls(standin_project)[-1]["changed"] is None
    # A new output folder or base path cannot be served without a restart: say so, keep the old.
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        'en = "Trade Ministry News"', 'en = "Moved"').replace(
        'base_url = "http://127.0.0.1:8000/"', 'base_url = "http://127.0.0.1:8000/moved/"'), encoding="utf-8")
    wait_for(lambda: "<title>Moved</title>" in served.text("/"), 2, "the site still served at /")
    assert "restart pressroom serve" in served.stderr()


def test_base_path_and_404_as_on_github_pages(serve_standin: Callable[..., Served]) -> None:
    served = serve_standin("http://127.0.0.1:{port}/pressroom/")
    status, page, _ = served.get("/pressroom/")
    assert status == 200 and "Exports rise in April" in page and "livereload.js" in page
    for bare in ("/", "/pressroom"):
        status, _, headers = served.get(bare)
        assert status in (301, 302) and headers["Location"] == "/pressroom/"
    for unknown in ("/pressroom/no/such/page/", "/pressroom/en/2024/", "/elsewhere",
                    "/pressroom/../pyproject.toml"):
        status, page, headers = served.get(unknown)
        assert status == 404 and "standin 404" in page and "livereload.js" in page, unknown
        assert headers["Content-Type"].startswith("text/html")
    assert served.get("/pressroom/en/2024/04/exports-rise/")[0] == 200
    assert served.get("/en/2024/04/exports-rise/")[0] == 404, "nothing is served outside the base path"


def test_ctrl_c_and_kill_stop_cleanly(serve_standin: Callable[..., Served]) -> None:
    served = serve_standin()
    assert served.interrupt() in (0, 130)
    assert "Traceback" not in served.stderr()
    served = serve_standin()
    served.process.terminate()
    assert served.process.wait(timeout=30) == 0
    assert "Traceback" not in served.stderr() and "stopped" in served.stdout()


def test_port_in_use_is_a_clear_error(standin_project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", "serve", "--port", str(port)],
            cwd=standin_project, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    expected = f"pressroom serve: port {port} on 127.0.0.1 is in use; try --port {port + 1}"
    assert result.stderr.strip() == expected


def test_editor_noise_is_not_a_change() -> None:
    assert is_editor_noise(Path("content/en/.x.md.swp")) and is_editor_noise(Path("themes/a.html~"))
    assert is_editor_noise(Path("content/4913")) and is_editor_noise(Path("content/#x.md#"))
    assert not is_editor_noise(Path("content/en/2024/04/x.md"))


# --- the real build on a copy of the demo archive -----------------------------------------



@pytest.fixture
def serve_real(scratch_project: Path, launched: Callable[[Served], Served]) -> Callable[..., Served]:
    def start(*extra: str) -> Served:
        port = free_port()
        return launched(Served([sys.executable, "-m", "generator.cli", "serve", "--port", str(port), *extra],
                               scratch_project, port))

    return start


def newest_english(project: Path) -> Path:
    content = project / "content"
    english = [f for f in iter_release_files(content) if f.relative_to(content).parts[0] == "en"]
    return max(english, key=lambda f: (read_release(content, f).date, f.name))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_demo_archive_edit_shows_on_the_home_page_within_two_seconds(
        serve_real: Callable[..., Served], scratch_project: Path) -> None:
    served = serve_real()
    status, page, _ = served.get("/")
    assert status == 200 and "livereload.js" in page
    release = newest_english(scratch_project)
    assert read_release(scratch_project / "content", release).url_path in page, "the newest release is listed"
    saved = time.monotonic()
    edited = "An edited title for the preview test"
    retitle(release, edited)
    wait_for(lambda: edited in served.text("/"), 2, "the edited title on the home page")
    print(f"shown after {time.monotonic() - saved:.2f} s")


def test_demo_archive_broken_release_and_template_show_errors_and_recover(
        serve_real: Callable[..., Served], scratch_project: Path) -> None:
    served = serve_real("--base-url", "http://127.0.0.1:8000/pressroom/")
    release = newest_english(scratch_project)
    good = release.read_text(encoding="utf-8")
    release.write_text(good.replace("\ndate: ", "\ndate: [", 1), encoding="utf-8")
    where = release.relative_to(scratch_project / "content").as_posix()
    error = re.compile(re.escape(where) + r":\d+: ")
    wait_for(lambda: error.search(served.stderr()), 3, "FILE:LINE: message in the terminal")
    page = served.text("/pressroom/")
    assert error.search(page) and "빌드에 실패했습니다" in page and "livereload.js" in page
    release.write_text(good, encoding="utf-8")
    wait_for(lambda: "pressroom-build-error" not in served.text("/pressroom/"), 3, "recovery")

    template = next(p for p in sorted((scratch_project / "themes").rglob("*.html"))
                    if "</head>" in p.read_text(encoding="utf-8"))
    good_template = template.read_text(encoding="utf-8")
    template.write_text(good_template.replace("</head>", "{% if %}</head>", 1), encoding="utf-8")
    wait_for(lambda: f"{template.name}:" in served.text("/pressroom/"), 5, "the template error in the page")
    assert re.search(re.escape(template.name) + r":\d+: ", served.stderr())
    template.write_text(good_template, encoding="utf-8")
    wait_for(lambda: "pressroom-build-error" not in served.text("/pressroom/"), 5, "recovery")
    assert served.process.poll() is None and "Traceback" not in served.stderr()
    status, page, _ = served.get("/pressroom/no/such/page/")
    assert status == 404 and "livereload.js" in page and "<html" in page


def test_incremental_rebuilds_equal_a_cold_build(
        serve_real: Callable[..., Served], scratch_project: Path, tmp_path_factory: pytest.TempPathFactory,
        ) -> None:
    """Edits made while serving (rebuilt with `changed`) leave site/ byte-identical to a cold
    build of the edited archive in a fresh folder with no cache."""
    served = serve_real()
    content = scratch_project / "content"
    files = sorted(f for f in iter_release_files(content) if f.relative_to(content).parts[0] == "en")
    first, second, third = files[0], files[len(files) // 2], files[-1]
    moved = read_release(content, second)

    def edit(path: Path, change: Callable[[Release], Release]) -> str:
        release = change(read_release(content, path))
        target = content / release.lang / f"{release.date:%Y/%m}" / f"{release.slug}.md"
        if target != path:
            path.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(format_release(release), encoding="utf-8")
        return release.url_path

    def add_copy(path: Path) -> str:
        release = replace(read_release(content, path), slug="a-new-release-for-the-cold-test",
                          translation_key="a-new-release-for-the-cold-test", title="A brand new release")
        path.with_name(f"{release.slug}.md").write_text(format_release(release), encoding="utf-8")
        return release.url_path

    gone = read_release(content, files[1]).url_path
    steps: list[Callable[[], object]] = [
        lambda: edit(first, lambda r: replace(r, title="A new title for the cold test")),
        lambda: edit(third, lambda r: replace(r, tags=tuple(reversed(r.tags))[:1])),
        lambda: edit(second, lambda r: replace(r, date=r.date - dt.timedelta(days=400))),
        lambda: files[1].unlink(),
        lambda: add_copy(files[2]),
    ]
    number = 1
    for index, step in enumerate(steps):
        step()
        # Each edit is its own rebuild: wait for serve to report it before the next one. The move
        # (step 3) is recorded in content/redirects.yaml, whose change the watcher rebuilds for too.
        number += 2 if index == 2 else 1
        wait_for(lambda number=number: served.stdout().count(" s in all)") == number, 5, f"rebuild {number}")
        time.sleep(0.2)
    assert served.get("/" + moved.url_path)[0] == 200
    assert 'http-equiv="refresh"' in served.text("/" + moved.url_path), "a moved release's old URL redirects"
    assert served.get("/" + gone)[0] == 404, "a deleted release's page is gone"
    assert "A brand new release" in served.text("/" + read_release(
        content, files[2].with_name("a-new-release-for-the-cold-test.md")).url_path)
    # The search index catches up after the reload; a stop does not wait for it.
    wait_for(lambda: (out := served.stdout()).rfind("search index updated") > out.rfind(" s in all)"),
             60, "the search index of the last rebuild")
    assert served.interrupt() in (0, 130)
    assert "build failed" not in served.stderr()

    cold = tmp_path_factory.mktemp("cold")
    for part in ("pyproject.toml", "content", "themes", "templates"):
        source = scratch_project / part
        if source.is_dir():
            shutil.copytree(source, cold / part)
        elif source.is_file():
            shutil.copy(source, cold / part)
    subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=cold, check=True, timeout=300)
    incremental, fresh = tree(scratch_project / "site"), tree(cold / "site")
    assert sorted(incremental) == sorted(fresh)
    assert [name for name in fresh if incremental[name] != fresh[name]] == []


def test_debouncer_gathers_a_burst_and_bounds_the_wait() -> None:
    async def saves(gaps: float, count: int) -> list[set[Path]]:
        loop = IOLoop.current()
        flushed: list[set[Path]] = []
        debouncer = Debouncer(loop, flushed.append, quiet=0.1, longest=0.5)
        for number in range(count):
            debouncer.add(Path(f"f{number}"))
            await asyncio.sleep(gaps)
        await asyncio.sleep(0.3)
        assert not debouncer.waiting
        return flushed

    assert asyncio.run(saves(0.01, 20)) == [{Path(f"f{n}") for n in range(20)}]
    # Saves that never pause still get built, about every `longest` seconds, none lost.
    flushed = asyncio.run(saves(0.05, 30))
    assert 3 <= len(flushed) <= 5
    assert set().union(*flushed) == {Path(f"f{n}") for n in range(30)}
