"""A page bundle on the site: its files copied beside the release's page, its first image and its
attachments as the theme sees them (generator.content.bundles reads the bundle)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from generator.content.release import Release
from generator.site.i18n import Strings
from generator.site.model import AttachmentView, ImageView
from generator.site.outfiles import OutputFile, url_of

# Built-in types only (no /etc/mime.types, which differs between machines): the same build
# everywhere. Korean offices attach Hancom files, which Python does not know.
_TYPES = mimetypes.MimeTypes(filenames=())
_EXTRA = {".hwp": "application/x-hwp", ".hwpx": "application/hwp+zip", ".webp": "image/webp"}
UNKNOWN_TYPE = "application/octet-stream"


def mime_type(name: str) -> str:
    """A file's MIME type from its name."""
    suffix = Path(name).suffix.lower()
    return _EXTRA.get(suffix) or _TYPES.guess_type("x" + suffix, strict=False)[0] or UNKNOWN_TYPE


def size_text(size: int, t: Strings) -> str:
    """A size in the page's language: bytes below 1 KB, then KB and MB, with one decimal below
    10 (1 KB = 1,024 bytes)."""
    if size < 1024:
        return t("size_bytes", n=f"{size:,}")
    if size < 1024 ** 2:
        return t("size_kb", n=_scaled(size / 1024))
    return t("size_mb", n=_scaled(size / 1024 ** 2))


def _scaled(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:,.0f}"


def bundle_views(release: Release, url_path: str,
                 t: Strings) -> tuple[ImageView | None, tuple[AttachmentView, ...]]:
    """The release's first shown image and its attachments (files its body does not name)."""
    bundle = release.bundle
    if bundle is None:
        return None, ()
    image = None
    for file in bundle.files:
        if file.name == bundle.image:
            image = ImageView(url_of(url_path + file.name), file.width, file.height, bundle.alt)
    attachments = tuple(AttachmentView(url_of(url_path + f.name), f.name, mime_type(f.name),
                                       size_text(f.size, t), f.size) for f in bundle.files if not f.shown)
    return image, attachments


def bundle_files(release: Release, url_path: str, content: Path, group: str) -> list[OutputFile]:
    """The bundle's files, copied beside the release's page; each signed by its bytes' digest,
    so a changed file is copied again and an unchanged one is not."""
    if release.bundle is None:
        return []
    folder = content / release.path[:-len("index.md")]
    return [OutputFile(url_path + f.name, url_of(url_path + f.name), "copy", None, None,
                       (str(folder / f.name), f.digest), group) for f in release.bundle.files]
