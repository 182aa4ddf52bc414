"""The archive as an open dataset: the files under `data/` (generator/site/dataset.py makes
their bytes) and the `/{lang}/data/` page that explains them.

The files belong to the ALL group, so every build plans them; each is signed by its rows (and
the JSONL by its bodies' hashes too), so an edit to one release writes the data files again and
leaves every page it does not touch alone.
"""

from __future__ import annotations

from slugify import slugify

from generator.content.release import Release
from generator.site.dataset import (
    CSV_NAME,
    DATA_FOLDER,
    FIELDS,
    JSONL_NAME,
    PACKAGE_NAME,
    Export,
    Row,
    contents_key,
    release_updated,
)
from generator.site.datasetlines import rows_key
from generator.site.families.shared import FamilyContext
from generator.site.outfiles import OutputFile, html_file, url_of
from generator.site.pages import DataPage


def _ordered(ctx: FamilyContext) -> list[Release]:
    """Every release, by language (site order), date, translation key: the files' row order."""
    archive = ctx.archive
    return [release for lang in archive.languages
            for release in sorted(archive.releases[lang], key=lambda r: (r.date, r.translation_key, r.path))]


def _rows(ctx: FamilyContext, releases: list[Release]) -> tuple[Row, ...]:
    """Each release's row (FIELDS' CSV columns). One loop with everything it asks for at hand:
    it runs for every release on every edit."""
    archive = ctx.archive
    base = ctx.settings.base_url
    categories = archive.vocabulary.categories
    absolute = {path: base + url_of(url_path) for path, url_path in archive.url_paths.items()}
    others = {lang: [other for other in archive.languages if other != lang] for lang in archive.languages}
    rows = []
    for release in releases:
        lang = release.lang
        twins = (archive.translation(release, other) for other in others[lang])
        translations = ";".join(absolute[twin.path] for twin in twins if twin is not None)
        updated = release_updated(release)
        rows.append((release.translation_key, lang, release.date.isoformat(),
                     updated.isoformat() if updated else "", release.title, release.category,
                     categories[release.category].label(lang), ";".join(dict.fromkeys(release.tags)),
                     absolute[release.path], translations, release.summary))
    return tuple(rows)


def data_files(ctx: FamilyContext) -> list[OutputFile]:
    """data/releases.csv, data/releases.jsonl and data/datapackage.json."""
    settings = ctx.settings
    releases = _ordered(ctx)
    rows = _rows(ctx, releases)
    bodies = tuple((release.path, ctx.body_keys[release.path]) for release in releases)
    default = settings.default_language
    package = {"name": slugify(settings.title[default]) or "press-releases", "title": settings.title[default],
               "description": settings.description[default], "homepage": settings.base_url}
    key = rows_key(rows)
    keys = {"csv": key, "jsonl": contents_key(key, bodies), "package": ""}
    files = []
    for name, kind in ((CSV_NAME, "csv"), (JSONL_NAME, "jsonl"), (PACKAGE_NAME, "package")):
        export = Export(kind, rows if kind != "package" else (), bodies if kind == "jsonl" else (),
                        keys[kind], settings.data_licence, package, settings.content_path, ctx.shelf,
                        ctx.lines if kind == "jsonl" else None)
        path = DATA_FOLDER + name
        files.append(OutputFile(path, path, "export", None, None, export))
    return files


def data_pages(ctx: FamilyContext) -> list[OutputFile]:
    """`/{lang}/data/` in each language, each the other's alternate."""
    languages = ctx.archive.languages
    licence = ctx.settings.data_licence
    shown = {"csv_url": DATA_FOLDER + CSV_NAME, "jsonl_url": DATA_FOLDER + JSONL_NAME,
             "package_url": DATA_FOLDER + PACKAGE_NAME, "fields": FIELDS, "licence": licence,
             "total": sum(len(ctx.archive.releases[lang]) for lang in languages),
             "licence_url": f"https://spdx.org/licenses/{licence}.html" if licence else None}
    files = []
    for lang in languages:
        t = ctx.strings[lang]
        page = DataPage(**ctx.language_page(lang, "data", t("title_data"), t("description_data")), **shown)
        files.append(html_file(page, f"{lang}/data/", "data.html"))
    return files
