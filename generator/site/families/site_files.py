"""The files made in Python rather than from templates: sitemap, robots.txt, the output
folder's marker, the OpenSearch descriptions and the theme's static files. They need no page
object: their plan's data is what signs them."""

from __future__ import annotations

import hashlib

from generator.config import Settings
from generator.site.opensearch import opensearch_files
from generator.site.outfiles import OutputFile
from generator.site.output import NOJEKYLL
from generator.site.sitemap import SitemapEntry, sitemap_files


def site_files(settings: Settings, sitemap: tuple[SitemapEntry, ...]) -> list[OutputFile]:
    files = [*(OutputFile(name, name, kind, None, None, data) for name, kind, data in sitemap_files(sitemap)),
             OutputFile("robots.txt", "robots.txt", "robots", None, None, None),
             OutputFile(NOJEKYLL, NOJEKYLL, "text", None, None, ""), *opensearch_files(settings)]
    static = settings.theme_path / "static"
    for file in sorted(p for p in static.rglob("*") if p.is_file()) if static.is_dir() else []:
        relative = "static/" + file.relative_to(static).as_posix()
        digest = hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()
        files.append(OutputFile(relative, relative, "copy", None, None, (str(file), digest)))
    return files
