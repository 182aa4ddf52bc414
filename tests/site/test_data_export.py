"""The archive as an open dataset (generator/site/dataset.py, families/data_pages.py), read by
real clients: the frictionless CLI validates the data package, pandas reads the CSV with the
declared types, the JSONL's text is the text a reader sees, and the cite block's BibTeX parses
with bibtexparser — on the demo archive built under a GitHub Pages base path."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import pandas as pd
import pytest
from bibtexparser.bparser import BibTexParser
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from generator.config import Settings, load_settings
from generator.content.files import read_release, release_files
from generator.content.frontmatter import split_front_matter
from generator.errors import ConfigError
from generator.site.build import build_site
from generator.site.citation import bibtex_escape, bibtex_key
from generator.site.dataset import FIELDS, render_csv

REPO = Path(__file__).resolve().parents[2]
BASE = "https://user.github.io/pressroom/"


def _project(work: Path, extra: str = "") -> Settings:
    shutil.copy(REPO / "pyproject.toml", work / "pyproject.toml")
    for folder in ("content", "themes"):
        shutil.copytree(REPO / folder, work / folder)
    if extra:
        config = work / "pyproject.toml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "[tool.pressroom]\n", f"[tool.pressroom]\n{extra}\n", 1), encoding="utf-8")
    return load_settings(work / "pyproject.toml").with_base_url(BASE)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    work = tmp_path_factory.mktemp("demo")
    settings = _project(work)
    out = work / "out"
    build_site(settings, out, search=False)
    return settings, out


def _releases(settings: Settings) -> list:
    content = settings.content_path
    return [read_release(content, content / path) for path in release_files(content)]


def test_frictionless_validates_the_data_package(demo: tuple[Settings, Path]) -> None:
    _, out = demo
    cli = Path(sys.executable).parent / "frictionless"
    run = subprocess.run([str(cli), "validate", "--json", "datapackage.json"], cwd=out / "data",
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads(run.stdout)
    assert report["valid"] is True
    assert sorted(task["name"] for task in report["tasks"]) == ["releases-csv", "releases-jsonl"]
    assert all(task["stats"]["rows"] == len(_releases(demo[0])) for task in report["tasks"])


def _pandas_types(schema: dict) -> tuple[dict[str, str], list[str]]:
    """The pandas reading of a Table Schema: strings as `string`, dates parsed."""
    dates = [f["name"] for f in schema["fields"] if f["type"] == "date"]
    strings = {f["name"]: "string" for f in schema["fields"] if f["type"] == "string"}
    return strings, dates


def test_the_csv_opens_in_pandas_with_the_declared_types(demo: tuple[Settings, Path]) -> None:
    settings, out = demo
    package = json.loads((out / "data/datapackage.json").read_text(encoding="utf-8"))
    schema = next(r for r in package["resources"] if r["path"] == "releases.csv")["schema"]
    strings, dates = _pandas_types(schema)
    frame = pd.read_csv(out / "data/releases.csv", dtype=strings, parse_dates=dates, date_format="%Y-%m-%d",
                        keep_default_na=False, na_values={"updated": [""]})
    assert list(frame.columns) == [f["name"] for f in schema["fields"]]
    for name in strings:
        assert frame[name].dtype == "string", name
    assert str(frame["date"].dtype).startswith("datetime64")
    assert str(frame["updated"].dtype).startswith("datetime64") and frame["updated"].isna().all()
    releases = _releases(settings)
    assert len(frame) == len(releases)
    assert frame.groupby("lang").size().to_dict() == {
        lang: sum(r.lang == lang for r in releases) for lang in settings.languages}
    assert not frame.duplicated(["translation_key", "lang"]).any()
    by_key = {(r.translation_key, r.lang): r for r in releases}
    for row in frame.itertuples():
        release = by_key[(row.translation_key, row.lang)]
        assert row.title == release.title and row.summary == release.summary
        assert row.date.date() == release.date
        assert row.tags.split(";") == list(dict.fromkeys(release.tags))
        assert row.url.startswith(BASE) and (out / row.url[len(BASE):] / "index.html").is_file()
        for twin in filter(None, row.translations.split(";")):
            assert twin.startswith(BASE) and (out / twin[len(BASE):] / "index.html").is_file()


def test_the_csv_is_rfc_4180_and_sorted(demo: tuple[Settings, Path]) -> None:
    settings, out = demo
    data = (out / "data/releases.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"") or b'"' in data  # bare LF only inside quoted text
    rows = list(csv.reader(data.decode("utf-8").splitlines()))[1:]
    keys = [(settings.languages.index(row[1]), row[2], row[0]) for row in rows]
    assert keys == sorted(keys)


class _BodyText(HTMLParser):
    """The text of a release page's `<div class="body">`, paragraph by paragraph."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag == "div"
            if tag in ("p", "li", "h2", "h3", "blockquote"):
                self.paragraphs.append("")
        elif tag == "div" and ("class", "body") in attrs:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and self.paragraphs:
            self.paragraphs[-1] += data


def test_the_jsonl_holds_the_text_a_reader_sees_and_the_markdown(demo: tuple[Settings, Path]) -> None:
    settings, out = demo
    lines = (out / "data/releases.jsonl").read_text(encoding="utf-8").splitlines()
    csv_rows = list(csv.DictReader((out / "data/releases.csv").read_text(encoding="utf-8").splitlines()))
    assert len(lines) == len(csv_rows) == len(_releases(settings))
    sources = {(r.translation_key, r.lang): r for r in _releases(settings)}
    for line, row in zip(lines, csv_rows, strict=True):
        item = json.loads(line)
        assert item["translation_key"] == row["translation_key"] and item["title"] == row["title"]
        assert item["tags"] == row["tags"].split(";") and item["updated"] is None
        page = _BodyText()
        page.feed((out / item["url"][len(BASE):] / "index.html").read_text(encoding="utf-8"))
        seen = [" ".join(p.split()) for p in page.paragraphs if p.strip()]
        assert seen and [" ".join(p.split()) for p in item["text"].split("\n\n")] == seen
        release = sources[(item["translation_key"], item["lang"])]
        file = settings.content_path / release.path
        assert item["markdown"] == split_front_matter(file.read_text(encoding="utf-8"), release.path)[1]


def _bibtex_of(page: Path) -> str:
    found = re.search(r'<pre class="cite-bibtex"[^>]*><code>(.*?)</code></pre>',
                      page.read_text(encoding="utf-8"), re.S)
    assert found, page
    return unescape(found.group(1))


def test_every_release_page_cites_itself_in_bibtex_that_parses(demo: tuple[Settings, Path]) -> None:
    settings, out = demo
    keys = set()
    for release in _releases(settings):
        page = out / release.url_path / "index.html"
        parser = BibTexParser(common_strings=True)
        database = bibtexparser.loads(_bibtex_of(page), parser)
        assert len(database.entries) == 1, page
        entry = database.entries[0]
        assert entry["ENTRYTYPE"] == "misc" and entry["year"] == str(release.date.year)
        assert entry["url"].startswith(BASE) and entry["url"].endswith(release.url_path.split("/")[-2] + "/")
        assert entry["title"] == bibtex_escape(release.title)
        assert entry["organization"] == settings.title[release.lang]
        assert entry["language"] in ("english", "korean") and entry["month"]
        keys.add(entry["ID"])
        text = page.read_text(encoding="utf-8")
        assert f"({release.date.isoformat()}). " in unescape(text)
    assert len(keys) == len(_releases(settings))  # unique


def test_bibtex_escapes_every_special_character() -> None:
    title = r"50% of {chips} & $5 #1 a_b ^ ~ back\slash"
    escaped = bibtex_escape(title)
    assert escaped == r"50\% of \{chips\} \& \$5 \#1 a\_b \^{} \~{} back\textbackslash{}slash"
    entry = f"@misc{{k,\n  title = {{{escaped}}}\n}}\n"
    assert bibtexparser.loads(entry).entries[0]["title"] == escaped  # braces stay balanced
    assert bibtex_key("2024-04-23-chips", "en") == "2024-04-23-chips-en"
    hangul = bibtex_key("2024-04-23-반도체", "ko")
    assert re.fullmatch(r"[A-Za-z0-9-]+", hangul) and hangul != bibtex_key("2024-04-23-수출", "ko")


def test_a_data_page_in_every_language_linked_from_every_page(demo: tuple[Settings, Path]) -> None:
    settings, out = demo
    for lang in settings.languages:
        text = (out / lang / "data/index.html").read_text(encoding="utf-8")
        for name in ("releases.csv", "releases.jsonl", "datapackage.json", "translation_key", "markdown"):
            assert name in text
        assert 'href="../../data/releases.csv"' in text
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert re.search(r'href="[^"]*(en|ko)/data/"', text), page


def test_the_licence_setting(tmp_path: Path, demo: tuple[Settings, Path]) -> None:
    _, out = demo
    package = json.loads((out / "data/datapackage.json").read_text(encoding="utf-8"))
    assert "licenses" not in package and package["homepage"] == BASE
    assert "No licence is stated" in (out / "en/data/index.html").read_text(encoding="utf-8")
    (tmp_path / "a").mkdir()
    settings = _project(tmp_path / "a", 'data_licence = "CC-BY-4.0"')
    build_site(settings, tmp_path / "out", search=False)
    package = json.loads((tmp_path / "out/data/datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://spdx.org/licenses/CC-BY-4.0.html"}]
    assert 'rel="license">CC-BY-4.0</a>' in (tmp_path / "out/ko/data/index.html").read_text(encoding="utf-8")
    (tmp_path / "b").mkdir()
    with pytest.raises(ConfigError, match=r"data_licence must be an SPDX"):
        _project(tmp_path / "b", 'data_licence = "CC BY 4.0, or ask"')


def test_values_are_kept_as_they_are_even_a_formula(tmp_path: Path) -> None:
    """The decision: the dataset equals the archive; a title starting with `=` is not rewritten
    (the data page tells spreadsheet users to import the columns as text)."""
    settings = _project(tmp_path)
    release = next(p for p in sorted((settings.content_path / "en").rglob("*.md")))
    text = release.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M)
    assert title
    release.write_text(text.replace(title.group(0), 'title: "=1+2, \\"quoted\\"; still a title"', 1),
                       encoding="utf-8")
    build_site(settings, tmp_path / "out", search=False)
    frame = pd.read_csv(tmp_path / "out/data/releases.csv", dtype="string", keep_default_na=False)
    assert '=1+2, "quoted"; still a title' in set(frame["title"])


_COLUMNS = sum(1 for f in FIELDS if not f.jsonl_only)


_CHARACTERS = st.sampled_from(list(',"\r\n ;=\'\tab한\u2028')) | st.characters(blacklist_categories=("Cs",))


@examples(max_examples=300, deadline=None)
@given(st.lists(st.tuples(*[st.text(alphabet=_CHARACTERS, max_size=12)] * _COLUMNS), max_size=6))
def test_the_csv_has_the_bytes_of_pythons_csv_writer(rows: list[tuple[str, ...]]) -> None:
    """render_csv writes what csv.writer writes (quotes where a comma, quote, CR or LF needs them;
    quotes doubled), only quicker."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in FIELDS if not f.jsonl_only])
    writer.writerows(rows)
    assert render_csv(tuple(rows)) == out.getvalue().encode("utf-8")
