"""The files made in Python rather than from templates: sitemap, robots.txt, the output
folder's marker, the OpenSearch descriptions, the theme's static files and the site's own
static folder (copied as it is to the site's root). They need no page object: their plan's data
is what signs them."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from pathlib import Path

from generator.config import Settings
from generator.errors import PressroomError
from generator.site.opensearch import opensearch_files
from generator.site.outfiles import OutputFile, SitemapEntry, url_of
from generator.site.output import NOJEKYLL, OWNED
from generator.site.sitemap import sitemap_files


def site_files(settings: Settings, sitemap: tuple[SitemapEntry, ...],
               planned: Collection[str] = ()) -> list[OutputFile]:
    """These files; `planned`: the paths of every other file of the site, which a file of the
    site's static folder must not take."""
    files = [*(OutputFile(name, name, kind, None, None, data) for name, kind, data in sitemap_files(sitemap)),
             OutputFile("robots.txt", "robots.txt", "robots", None, None, None),
             OutputFile(NOJEKYLL, NOJEKYLL, "text", None, None, ""), *opensearch_files(settings)]
    files += _copies(settings.theme_path / "static", "static/")
    made = {file.path for file in files}
    for file in _copies(settings.static_path, ""):
        if file.path in made or file.path in planned or file.path == OWNED:
            raise PressroomError(Path(settings.static_dir) / file.path, None,
                                 f"the build makes /{file.path} itself; rename or remove this file")
        files.append(file)
    return files


def _copies(folder: Path, prefix: str) -> list[OutputFile]:
    """Every file below `folder`, copied to `prefix` + its path there, signed by its bytes."""
    files = []
    for file in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []:
        relative = prefix + file.relative_to(folder).as_posix()
        digest = hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()
        files.append(OutputFile(relative, url_of(relative), "copy", None, None, (str(file), digest)))
    return files
