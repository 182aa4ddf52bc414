"""Hostile front matter through the real `pressroom build` and `pressroom check`: every file gives
one `FILE:LINE: message` naming the line to fix, never a traceback, and the previous site stays
byte-identical — or, where the text is merely odd, the build succeeds and the text is inert."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.cli import main
from tests.golden.regenerate import fixture_settings

RELEASE = "content/en/2024/04/hostile.md"
NEST = ("[&a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol], "
        + ", ".join(f"&a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)) + "]")


def front(**fields: str) -> str:
    """A release's text: the fields given replace the fixture-like defaults, in order."""
    values = {"title": "A hostile release", "date": "2024-04-30", "lang": "en", "category": "industry",
              "tags": "[ai]", "slug": "hostile", "translation_key": "2024-04-30-hostile",
              "summary": "A summary.", **fields}
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in values.items()) + "---\n\nBody text.\n"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden fixture copied and built once; each test works on its own copy of it."""
    project = tmp_path_factory.mktemp("hostile-front")
    fixture_settings(project)
    assert main(["--config", str(project / "pyproject.toml"), "build", "--no-search"]) == 0
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def command(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--config", str(project / "pyproject.toml"), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def case(name: str, line: int, message: str, **fields: str) -> object:
    """A release with `fields` replaced, the line its error must name and what it must say."""
    return pytest.param(front(**fields).encode(), line, message, id=name)


BOMB_SOURCE = "{dump: " + NEST + ", record: 1, hash: x}"
BROKEN = [
    case("huge-title", 2, r"title too long: 3,000,000 characters, at most 2,000", title="T" * 3_000_000),
    case("control-char", 2, r"control character U\+0001", title='"A \\x01 title"'),
    case("nul-escape", 2, r"control character U\+0000", title='"A \\0 title"'),
    case("raw-nul", 9, r"character U\+0000 is not allowed", summary="raw \x00 nul"),
    case("lone-surrogate", 2, r"bad YAML front matter", title='"\\ud800"'),
    case("javascript-slug", 7, r"slug 'javascript:alert\(1\)' must be", slug="javascript:alert(1)"),
    case("con-slug", 7, r"slug 'con' is a name Windows reserves", slug="con"),
    case("lpt1-slug", 7, r"slug 'lpt1' is a name Windows reserves", slug="lpt1"),
    case("slug-bytes", 7, r"at most 80 characters and 200 bytes", slug="가" * 70),
    case("slug-huge", 7, r"slug 'a+… must be", slug="a" * 500_000),
    case("javascript-id", 5, r"is not a vocabulary id", category="javascript:alert(1)"),
    case("alias-bomb-date", 3, r"date must be a date like 2024-04-23, not a list", date=NEST),
    case("alias-bomb-title", 2, r"title must be text", title=NEST),
    case("alias-bomb-tags", 6, r"tags must be a list of vocabulary ids", tags=NEST),
    case("alias-bomb-source", 10, r"source needs dump", source=BOMB_SOURCE),
    case("alias-before-anchor", 2, r"found undefined alias", title="*a", x="&a [lol]"),
    case("alias-list", 2, r"title must be text", title="&a [lol]", summary="*a"),
    case("python-object-tag", 2, r"could not determine a constructor",
         title="!!python/object/apply:os.system [echo owned]"),
    case("python-name-tag", 2, r"could not determine a constructor", title="!!python/name:os.system"),
    case("deep-nesting", 6, r"bad YAML front matter", tags="[" * 50_000 + "]" * 50_000),
    case("huge-number", 10, r"a number of over 4,000 digits",
         source="{dump: d, record: " + "9" * 5_000 + ", hash: x}"),
    pytest.param(front(summary="caf\xe9").encode("latin-1"), 9, r"not UTF-8 text", id="not-utf8"),
    pytest.param(b"\xff\xfe" + front().encode("utf-16-le"), 1, r"not UTF-8 text", id="utf16"),
]


@pytest.mark.parametrize(("data", "line", "message"), BROKEN)
def test_hostile_front_matter_is_one_error_naming_its_line(project: Path, capsys: pytest.CaptureFixture[str],
                                                         data: bytes, line: int, message: str) -> None:
    (project / RELEASE).write_bytes(data)
    before = snapshot(project / "site")
    code, output = command(project, capsys, "build", "--no-search")
    assert code == 1 and "Traceback" not in output, output[:2000]
    lines = output.strip().splitlines()  # every problem of the file, each on its line, by line
    assert all(re.match(rf"{RELEASE}:\d+: ", shown) and len(shown) < 400 for shown in lines), output[:2000]
    assert re.match(rf"{RELEASE}:{line}: .*{message}", lines[0]), lines[0]
    assert snapshot(project / "site") == before
    code, output = command(project, capsys, "check")
    assert code == 1 and "Traceback" not in output, output[:2000]
    expected = re.compile(rf"{RELEASE}:{line}: .*{message}")
    assert any(expected.match(shown) for shown in output.splitlines()), output[:2000]


def test_a_hand_named_reserved_file_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`con.md` cannot be checked out on Windows, whatever slug it holds."""
    (project / "content/en/2024/04/con.md").write_text(front(slug="con-x"), encoding="utf-8")
    code, output = command(project, capsys, "build", "--no-search")
    assert code == 1 and "Traceback" not in output
    assert output.startswith("content/en/2024/04/con.md:1: 'con.md' is a name Windows reserves"), output


def test_a_reserved_vocabulary_id_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A tag id names a folder of the site (en/tag/<id>/)."""
    vocabulary = project / "content/vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    text = text.replace("  smes: {", "  aux: {en: Aux, ko: 보조}\n  smes: {")
    vocabulary.write_text(text, encoding="utf-8")
    code, output = command(project, capsys, "build", "--no-search")
    assert code == 1 and "Traceback" not in output
    assert re.match(r".*content/vocabulary\.yaml:\d+: tag id 'aux' is a name Windows reserves", output)


class _Elements(HTMLParser):
    """Every element's tag and attributes, attribute values decoded as a browser decodes them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def test_odd_text_builds_and_stays_text(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bidi overrides, tabs, template syntax, XML terminators, markup and `javascript:` in titles,
    summaries and the translation key are text: the build succeeds and no element comes of them."""
    title = '"\\u202eevil\\u202c <img src=x onerror=alert(1)> {{ 7*7 }} ]]> \\t tab"'
    summary = '"<script>alert(1)</script> javascript:alert(1) &amp; {% include \'x\' %}"'
    (project / RELEASE).write_text(front(title=title, summary=summary, translation_key="javascript:alert(1)"),
                                   encoding="utf-8")
    code, output = command(project, capsys, "build", "--no-search")
    assert code == 0, output
    page = (project / "site/en/2024/04/hostile/index.html").read_text(encoding="utf-8")
    assert "\u202eevil\u202c &lt;img src=x onerror=alert(1)&gt; {{ 7*7 }} ]]&gt;" in page
    parser = _Elements()
    parser.feed(page)
    # the one script is the JSON-LD data block, which runs nothing (its escaping: test_structured)
    assert [attrs.get("type") for tag, attrs in parser.found if tag == "script"] == ["application/ld+json"]
    assert not [tag for tag, _ in parser.found if tag == "img"]
    urls = [value or "" for _, attrs in parser.found for name, value in attrs.items()
            if name in ("href", "src", "action", "formaction", "srcset", "data", "poster")]
    assert urls and not [url for url in urls if "javascript" in url or "alert" in url]
