"""The archive as an open dataset: `data/releases.csv`, `data/releases.jsonl` and the Frictionless
Data `data/datapackage.json` that describes both, made in Python like the sitemap.

One file per format holds every language (a `lang` column), so a reader counts and charts the
whole archive from one table and finds a release's translation by `translation_key`. The bytes
depend on the archive alone: rows sorted by language (site order), date, translation key; no
clock. The CSV is RFC 4180 (UTF-8, a header, CRLF, fields quoted when they must be) and keeps
every value as it is: a title that starts with `=` is not rewritten, because the dataset must
equal the archive (a spreadsheet user imports the columns as text; see the README).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

from generator.content.release import Release
from generator.site.datasetlines import LineCache, Row
from generator.site.model import BodyShelf, DataField
from generator.site.outfiles import source_markdown

DATA_FOLDER = "data/"
CSV_NAME = "releases.csv"
JSONL_NAME = "releases.jsonl"
PACKAGE_NAME = "datapackage.json"


# the columns in file order; `tags` and `translations` are `;`-joined in the CSV, arrays in the JSONL
FIELDS = (
    DataField("translation_key", "string"), DataField("lang", "string"), DataField("date", "date"),
    DataField("updated", "date"), DataField("title", "string"), DataField("category", "string"),
    DataField("category_label", "string"), DataField("tags", "string"), DataField("url", "string"),
    DataField("translations", "string"), DataField("summary", "string"),
    DataField("text", "string", True), DataField("markdown", "string", True),
)
_NAMES = tuple(f.name for f in FIELDS)
_LISTS = ("tags", "translations")
_REQUIRED = ("translation_key", "lang", "date", "title", "category", "url")


def release_updated(release: Release) -> dt.date | None:
    """The date a release was last corrected (front matter `updated`), None when never: the one
    place the dataset asks."""
    return release.updated


class Export:
    """What the three data files are made from: one row per release, plus where each body is.
    Its repr (what signs the files, generator/site/outfiles.py) holds `key`, a hash of the rows
    (datasetlines.rows_key) and, for the JSONL, of the body hashes too: the files are made again
    exactly when a row or a body changes. The CSV and the JSONL share their rows, so their hash
    is worked out once for both."""

    def __init__(self, kind: str, rows: tuple[Row, ...], bodies: tuple[tuple[str, str], ...], key: str,
                 licence: str | None, package: dict[str, object], content: Path, shelf: BodyShelf,
                 lines: LineCache | None = None) -> None:
        self.kind = kind  # "csv", "jsonl" or "package"
        self.rows = rows
        self.bodies = bodies  # per row: (content path, body hash); empty unless the JSONL
        self.key = key
        self.licence = licence
        self.package = package  # datapackage.json's top-level facts (name, title, homepage)
        self.content = content
        self.shelf = shelf
        self.lines = lines  # the JSONL's lines of the last build (not in the repr: a cache)
        self._names: list[str] = []  # the names of the lines just rendered, until written

    def __repr__(self) -> str:
        return repr((self.kind, self.key, self.licence, self.package))

    def render(self) -> bytes:
        if self.kind == "csv":
            return render_csv(self.rows)
        if self.kind == "jsonl":  # whole; the build writes it in pieces instead (lines_of_jsonl)
            return b"".join(self.lines_of_jsonl())
        return render_package(self.package, self.licence)

    def lines_of_jsonl(self) -> Iterator[bytes]:
        """The JSONL, one object per release and line, each body read when its line is made,
        never all; a line the last build made of the same row and body is taken from its file
        (datasetlines.py). Lines, not the file: at 100,000 releases per language it is 700 MB."""
        old = self.lines.previous() if self.lines else {}
        names = []
        for row, (path, key) in zip(self.rows, self.bodies, strict=True):
            name = self.lines.name(row, key) if self.lines else ""
            names.append(name)
            yield (old.get(name) or self._line(row, path, key)) + b"\n"
        self._names = names

    def written(self, digest: str) -> None:
        """The rendered bytes' file_digest: the JSONL's line names are kept under it (the
        renderer hashes the file anyway; hashing it here too cost 0.1-0.2 s per edit at 10,000)."""
        if self.kind == "jsonl" and self.lines:
            self.lines.remember(self._names, digest)

    def _line(self, row: Row, path: str, key: str) -> bytes:
        item: dict[str, object] = dict(zip(_NAMES, row, strict=False))  # the CSV's columns
        for name in _LISTS:
            item[name] = str(item[name]).split(";") if item[name] else []
        item["updated"] = item["updated"] or None
        item["text"] = plain_text(self.shelf.html[key])
        item["markdown"] = source_markdown(self.content, path, key)
        return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def contents_key(*parts: object) -> str:
    """A hash of the reprs of `parts` (rows, body hashes, another key), to sign an Export by."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


_BREAK = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre|table|tr|div)>|<br\s*/?>|<hr\s*/?>", re.I)
_TAG = re.compile(r"<[^>]*>")


def plain_text(body_html: str) -> str:
    """The text a reader sees of a rendered body: blocks become paragraphs separated by a blank
    line, tags go, entities are decoded."""
    text = html.unescape(_TAG.sub("", _BREAK.sub("\n\n", body_html)))
    return "\n\n".join(block.strip() for block in re.split(r"\n\s*\n", text) if block.strip())


_QUOTED = re.compile('[,"\r\n]')  # what makes the csv module quote a field (QUOTE_MINIMAL, CRLF)


def render_csv(rows: tuple[Row, ...]) -> bytes:
    """RFC 4180: a header, CRLF line ends, quotes only where needed, UTF-8 without a BOM. The
    bytes of Python's csv.writer (tests/site/test_data_export.py compares them), written here
    because its writerows took 0.2 s of every edit at 10,000 releases per language, a third of
    this; a row of one empty field, which it quotes, cannot occur (a row has every column)."""
    needs_quotes, quote, doubled = _QUOTED.search, '"', '""'
    lines = [",".join(f.name for f in FIELDS if not f.jsonl_only)]
    lines += [",".join([quote + v.replace(quote, doubled) + quote if needs_quotes(v) else v for v in row])
              for row in rows]
    lines.append("")
    return "\r\n".join(lines).encode("utf-8")


def _schema(jsonl: bool) -> dict[str, object]:
    fields = []
    for f in FIELDS:
        if f.jsonl_only and not jsonl:
            continue
        kind = "array" if jsonl and f.name in _LISTS else f.type
        entry: dict[str, object] = {"name": f.name, "type": kind}
        if f.name in _REQUIRED:
            entry["constraints"] = {"required": True}
        if f.name in _LISTS and not jsonl:
            entry["description"] = "Values separated by ';'."
        fields.append(entry)
    return {"fields": fields, "primaryKey": ["translation_key", "lang"], "missingValues": [""]}


def render_package(package: dict[str, object], licence: str | None) -> bytes:
    """datapackage.json (Frictionless Data Package) describing both files."""
    resources = [
        {"name": "releases-csv", "path": CSV_NAME, "format": "csv", "mediatype": "text/csv",
         "encoding": "utf-8", "profile": "tabular-data-resource", "schema": _schema(False)},
        {"name": "releases-jsonl", "path": JSONL_NAME, "format": "jsonl", "mediatype": "application/jsonl",
         "encoding": "utf-8", "profile": "tabular-data-resource", "schema": _schema(True)},
    ]
    document: dict[str, object] = {"profile": "tabular-data-package", **package}
    if licence:
        document["licenses"] = [{"name": licence, "path": f"https://spdx.org/licenses/{licence}.html"}]
    document["resources"] = resources
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
