"""The files every site has besides the planned pages: the 404 page, the sitemaps, robots.txt,
the output marker and the theme's static files, as pages of their own kinds."""

from __future__ import annotations

import hashlib

from generator.config import Settings
from generator.site.model import Page
from generator.site.output import MARKER
from generator.site.pages import Planner
from generator.site.render import NOT_FOUND
from generator.site.sitemap import SitemapEntry, sitemap_files


def extra_pages(settings: Settings, sitemap: tuple[SitemapEntry, ...], planner: Planner) -> list[Page]:
    lang = settings.default_language
    t = planner.strings[lang]
    not_found = Page(path="404.html", url="404.html", template=NOT_FOUND, lang=lang, context={"page": {
        "url": None, "title": t("title_not_found"), "description": t("description_not_found"),
        "alternates": (), "feeds": ((t("feed_language"), f"{lang}/feed.xml"),),
        "switch": tuple((code, f"{code}/", True) for code in settings.languages if code != lang)}})
    extras = [not_found,
              *(Page(name, name, kind, None, {"entries": data})
                for name, kind, data in sitemap_files(sitemap)),
              Page("robots.txt", "robots.txt", "robots", None, {}),
              Page(MARKER, MARKER, "text", None, {"text": ""})]
    static = settings.theme_path / "static"
    for file in sorted(p for p in static.rglob("*") if p.is_file()) if static.is_dir() else []:
        relative = "static/" + file.relative_to(static).as_posix()
        extras.append(Page(relative, relative, "copy", None, {
            "source": str(file), "hash": hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()}))
    return extras
