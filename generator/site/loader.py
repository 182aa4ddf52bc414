"""Where templates come from: the site's own `templates/` first, then the theme's, and the theme's
again under the prefix `theme/`.

The prefix lets a site template replace one block without copying the file it changes: a site's
`templates/release.html` can be just `{% extends "theme/release.html" %}` plus the blocks it
overrides. Without the prefix the name `release.html` would find the site's file again (Jinja
resolves `extends` through the same loader), so extending it would recurse.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.config import Settings

THEME_PREFIX = "theme"  # `{% extends "theme/<name>" %}` is always the theme's own template


def template_folders(settings: Settings) -> list[Path]:
    """The folders templates are looked up in, in order: the site's own, then the theme's."""
    return [settings.templates_path, settings.theme_path / "templates"]


def template_loader(settings: Settings) -> jinja2.BaseLoader:
    """The site's templates shadow the theme's; `theme/<name>` always reaches the theme's file."""
    site, theme = (jinja2.FileSystemLoader(str(folder)) for folder in template_folders(settings))
    return jinja2.ChoiceLoader([
        # first, so that a site folder `templates/theme/` cannot shadow the theme's own files
        jinja2.PrefixLoader({THEME_PREFIX: theme}),
        site,
        theme,
    ])
