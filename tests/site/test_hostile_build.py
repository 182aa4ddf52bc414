"""Hand-broken content, vocabulary, theme and settings through the real `pressroom build`:
a one-line `FILE:LINE: message`, exit 1, no traceback, and the previous site byte-identical."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import feedparser
import pytest

from generator.cli import main
from generator.config import normalise_base_url
from generator.errors import ConfigError

RELEASE = "content/en/2024/04/defense-industry-spearheading-koreas-exports-with-20-bln-target-in-2024.md"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path, *args: str) -> int:
    return main(["--quiet", "--config", str(project / "pyproject.toml"), "build", "--no-search", *args])


@pytest.fixture
def built(scratch_project: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert build(scratch_project) == 0
    capsys.readouterr()
    return scratch_project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fails_cleanly(project: Path, capsys: pytest.CaptureFixture[str], expected: str) -> None:
    before = snapshot(project / "site")
    assert build(project) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert re.search(expected, err), err
    assert snapshot(project / "site") == before


def test_duplicate_front_matter_key(built: Path, capsys) -> None:
    edit(built / RELEASE, "lang: en\n", "lang: en\nlang: ko\n")
    fails_cleanly(built, capsys, rf"^{RELEASE}:5: duplicate front matter key 'lang'")


def test_control_characters_in_title_and_body(built: Path, capsys) -> None:
    text = (built / RELEASE).read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M).group(1)
    (built / RELEASE).write_text(text.replace(f"title: {title}", 'title: "A \\x01 title"'), encoding="utf-8")
    fails_cleanly(built, capsys, rf"^{RELEASE}:2: title holds the control character U\+0001")
    (built / RELEASE).write_text(text + "\nA \ufffe in the body.\n", encoding="utf-8")
    line = text.count("\n") + 2
    fails_cleanly(built, capsys, rf"^{RELEASE}:{line}: the body holds the control character U\+FFFE")


def test_content_errors_name_the_file_from_the_project(built: Path, capsys) -> None:
    edit(built / RELEASE, "tags: [", "tags: [[ :")
    fails_cleanly(built, capsys, rf"^{RELEASE}:\d+: bad YAML front matter")


@pytest.mark.parametrize("target, data, expected", [
    ("content/vocabulary.yaml", b"categories: [\n", r"vocabulary.yaml:\d+: bad YAML: "),
    ("content/vocabulary.yaml", b"\xff\xfe", r"vocabulary.yaml: not UTF-8 text"),
    ("themes/default/strings/ko.yaml", b"\xff", r"ko.yaml: not UTF-8 text"),
    ("themes/default/strings/ko.yaml", b": : [\n", r"ko.yaml:\d+: bad YAML: "),
    ("themes/default/templates/home.html", b"\xff\xfe", r"home.html: template is not UTF-8 text"),
])
def test_broken_support_files(built: Path, capsys, target: str, data: bytes, expected: str) -> None:
    path = built / target
    path.write_bytes(path.read_bytes() + data)
    fails_cleanly(built, capsys, expected)


def test_missing_theme_is_named(built: Path, capsys) -> None:
    edit(built / "pyproject.toml", 'theme = "default"', 'theme = "nope"')
    fails_cleanly(built, capsys, r"themes/nope: no theme 'nope': the folder does not exist")


def test_every_missing_template_is_named_at_once(built: Path, capsys) -> None:
    """A theme author fixing one missing template at a time would build once per template."""
    for name in ("stats.html", "data.html"):
        (built / "themes/default/templates" / name).unlink()
    fails_cleanly(built, capsys, r"themes/default/templates: the theme has no templates 'stats\.html', "
                                 r"'data\.html' \(docs/themes\.md")


def test_template_with_undefined_variable(built: Path, capsys) -> None:
    edit(built / "themes/default/templates/base.html", "</body>", "{{ no_such_var }}</body>")
    fails_cleanly(built, capsys, r"base\.html:\d+: template error while rendering .*'no_such_var' is undef")


@pytest.mark.parametrize("out", ["pyproject.toml", "content/en/site", "seeds/site", "themes/default/x"])
def test_out_inside_the_sources_or_a_file_is_refused(built: Path, capsys, out: str) -> None:
    before = snapshot(built)
    assert build(built, "--out", str(built / out)) == 1
    err = capsys.readouterr().err
    assert "refusing to build into" in err and "Traceback" not in err
    assert snapshot(built) == before


@pytest.mark.parametrize("value, message", [
    ("http://x.org/?q=1", "query or fragment"),
    ("http://x.org/#top", "query or fragment"),
    ("http://x/../", "'..' segments"),
    ("http://x.org/a/./b/", "'..' segments"),
    ("http://[::1/", "no valid host"),
    ("http://x.org:99999/", "no valid host"),
    ("http://x.org/a b/", "must be an http(s) URL"),
])
def test_bad_base_urls_are_refused(value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        normalise_base_url(value, "--base-url", None)


def test_base_url_is_normalised() -> None:
    assert normalise_base_url("https://u.github.io/repo", "w", None) == "https://u.github.io/repo/"
    assert normalise_base_url("http://x.org/한글/", "w", None) == "http://x.org/%ED%95%9C%EA%B8%80/"
    assert normalise_base_url("http://[::1]:8000/p/", "w", None) == "http://[::1]:8000/p/"


def test_bad_base_url_on_the_command_line(built: Path, capsys) -> None:
    before = snapshot(built / "site")
    assert build(built, "--base-url", "http://x.org/?q=1") == 1
    assert capsys.readouterr().err.startswith("--base-url: base_url must not have a query")
    assert snapshot(built / "site") == before


def test_hostile_dump_text_keeps_feeds_well_formed(scratch_project: Path, capsys) -> None:
    dump = scratch_project / "hostile.txt"
    dump.write_text(
        "-\n\u202eRTL שלום \u200d zwj \x01 ]]> &#0; {{ 7*7 }}\n"
        "Body \ufffe\uffff \u2028 <b>x</b> date2024-04-23\n"
        "-\nCtl\x0b\x1b title {% include 'x' %}\nBody\x00 text. date2024-04-24\n", encoding="utf-8")
    config = str(scratch_project / "pyproject.toml")
    assert main(["--config", config, "import", "--lang", "en", str(dump)]) == 0
    assert build(scratch_project) == 0
    capsys.readouterr()
    feeds = sorted((scratch_project / "site").rglob("feed.xml"))
    assert feeds
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
    home = (scratch_project / "site/en/feed.xml").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in home and "49" not in home.split("{{ 7*7 }}")[0][-5:]
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", home)


def test_every_page_declares_its_icon(built: Path) -> None:
    """Without a <link rel=icon>, browsers fetch /favicon.ico from the host root: a 404 outside
    a site published under a sub-path (GitHub Pages project sites)."""
    pages = sorted((built / "site").rglob("*.html"))
    assert pages
    for page in pages:
        assert '<link rel="icon" href="' in page.read_text(encoding="utf-8"), page


@pytest.mark.e2e
def test_every_page_type_in_chromium_under_a_sub_path(scratch_project: Path) -> None:
    """Both languages, every page type, a Hangul-slug release and the 404 page, in a real browser:
    no console error, no failed request, no request outside the base path (favicon included)."""
    import os

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is missing at /usr/bin/chromium (apt-get install chromium)")
        pytest.skip("browser test skipped: Debian's chromium is not installed at /usr/bin/chromium")
    from e2e.browser import CHROMIUM_ARGS
    from e2e.pages_server import PagesServer
    from playwright.sync_api import sync_playwright

    dump = scratch_project / "ko-only.txt"
    dump.write_text("-\n[보도자료] 「소재ㆍ부품」 1,234억 원 지원…\n본문입니다. date2024-04-23\n",
                    encoding="utf-8")
    config = str(scratch_project / "pyproject.toml")
    assert main(["--config", config, "import", str(dump)]) == 0
    site = scratch_project / "site"
    # the server picks its port first: the site is built for the very URL it is served at
    server = PagesServer(site, "/pressroom/")
    base = server.base_url
    assert main(["--config", config, "build", "--no-search", "--base-url", base]) == 0
    hangul = next((site / "ko/2024/04").glob("보도자료*")).name
    paths = ["", "en/", "ko/", "en/2024/", "ko/2024/04/", "en/categories/", "ko/categories/",
             "en/category/industry/", "ko/category/industry/", "en/tags/", "ko/tags/", "en/tag/japan/",
             "ko/tag/japan/", f"ko/2024/04/{hangul}/",
             "en/2024/04/defense-industry-spearheading-koreas-exports-with-20-bln-target-in-2024/",
             "ko/2024/04/defense-industry-spearheading-koreas-exports-with-20-bln-target-in-2024/"]
    problems: list[str] = []
    with server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
        page.on("request", lambda r: None if r.url.startswith((base, "data:"))
                else problems.append(f"outside the site: {r.url}"))
        page.on("response",
                lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
        for path in paths:
            response = page.goto(base + path, wait_until="networkidle")
            assert response is not None and response.status == 200, path
            # every link on the page stays under the base path and resolves (no double encoding)
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                assert href.startswith(base) or not href.startswith("http://127.0.0.1"), (path, href)
        assert problems == [], problems
        response = page.goto(base + "no/such/page/", wait_until="networkidle")
        assert response is not None and response.status == 404
        assert page.locator("link[rel=stylesheet]").evaluate("l => l.sheet.cssRules.length") > 0
        page.click("a[href$='/pressroom/en/'], a[href$='/pressroom/']")
        page.wait_for_load_state()
        assert page.url.startswith(base)
        browser.close()
    # the 404 document itself is the only failure: Chromium logs its status once, without a URL
    document_404 = "console: Failed to load resource: the server responded with a status of 404 (Not Found)"
    unexpected = [p for p in problems if "no/such/page" not in p and p != document_404]
    assert unexpected == [] and len(problems) == 2


def test_unreadable_release_files_are_named(built: Path, capsys) -> None:
    """A dangling link among the releases: one line naming it, never a traceback."""
    dangling = built / "content/en/2024/04/dangling.md"
    dangling.symlink_to(built / "nowhere.md")
    fails_cleanly(built, capsys, r"^content/en/2024/04/dangling.md: cannot read the file: No such file")
    assert main(["--config", str(built / "pyproject.toml"), "check"]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    assert "content/en/2024/04/dangling.md: cannot read the file" in out.err + out.out


@pytest.mark.parametrize(("key", "value"), [
    ("slug", "minister-ahn-visits-kai"),  # another April release's slug: one page for two
    ("translation_key", None),  # another English release's key: two English sides of one pair
    ("category", "fishing"),
])
def test_build_and_check_word_a_problem_alike(built: Path, capsys, key: str, value: str | None) -> None:
    """One validation serves both: the build stops at the problem, check lists it the same way."""
    other = (built / "content/en/2024/04/minister-ahn-visits-kai.md").read_text(encoding="utf-8")
    value = value or re.search(rf"^{key}: (.*)$", other, re.M).group(1)
    text = (built / RELEASE).read_text(encoding="utf-8")
    text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, flags=re.M)
    (built / RELEASE).write_text(text, encoding="utf-8")
    assert build(built) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert re.match(r"content/en/2024/04/[a-z0-9-]+\.md:\d+: ", line), line
    assert main(["--config", str(built / "pyproject.toml"), "check"]) == 1
    assert line in capsys.readouterr().out.splitlines()


def test_a_folder_named_like_a_release_is_named(built: Path, capsys) -> None:
    (built / "content/en/2024/04/drafts.md").mkdir()
    fails_cleanly(built, capsys, r"^content/en/2024/04/drafts.md: cannot read the file: Is a directory$")
    assert main(["--config", str(built / "pyproject.toml"), "check"]) == 1
    assert "content/en/2024/04/drafts.md: cannot read the file: Is a directory" in capsys.readouterr().out
