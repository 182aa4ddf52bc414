"""The site's default preview image (the `image` setting): its URL, size and text alternative.

Link previews (Open Graph, Twitter cards, JSON-LD) want an image's width and height; Pillow reads
them from the file's header, whatever its format, without decoding the pixels.
"""

from __future__ import annotations

import functools
from pathlib import Path

from generator.config import Settings
from generator.content.bundles import image_size
from generator.errors import ConfigError
from generator.site.model import ImageView

STATIC_PREFIX = "static/"  # the theme's static/ folder is published as static/


@functools.cache
def _size(path: Path, stamp: tuple[int, int]) -> tuple[int, int]:
    """The image's (width, height); `stamp` (mtime, size) makes an edited file read again."""
    try:
        size = image_size(path.read_bytes())  # the one reader of image sizes, a bundle's too
    except OSError as error:
        raise ConfigError(path, None, f"cannot read the `image` setting's file: {error.strerror}") from None
    if size == (0, 0):
        raise ConfigError(path, None, "the `image` setting's file is not a PNG, JPEG, GIF or WebP image")
    return size


def image_file(settings: Settings) -> Path | None:
    """The file the `image` setting names (`static/og.png` is the theme's `static/og.png`)."""
    if settings.image is None:
        return None
    return settings.theme_path / "static" / settings.image[len(STATIC_PREFIX):]


def site_image(settings: Settings, lang: str) -> ImageView | None:
    """The site's default image as pages of `lang` show it (its alt text is the site's title),
    or None without the setting."""
    path = image_file(settings)
    if path is None or settings.image is None:
        return None
    try:
        status = path.stat()
    except OSError:
        raise ConfigError(path, None, "the `image` setting names a file the theme's static folder "
                                      "does not have") from None
    width, height = _size(path, (status.st_mtime_ns, status.st_size))
    return ImageView(settings.image, width, height, settings.title[lang])
