"""Page bundles: a release that is a folder, `content/<lang>/<yyyy>/<mm>/<slug>/index.md`, with
its photos and attachments beside it (Hugo's leaf bundle). The single-file form stays.

Every file of a bundle but index.md is published beside the release's page, so a body's
`![](photo.jpg)` works as written; what the body names must exist (a `FILE:LINE` error
otherwise), its images get their size, and the files it does not name are the release's
attachments. What a bundle holds is read with the release (generator.site.gather) and kept on it
(`Release.bundle`), and its stamp (`bundle_stamp`) changes whenever any of its files does, so an
incremental build reads the release again exactly when a cold build would differ.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import replace
from typing import NamedTuple

from generator.content.markup import HAND_WRITTEN, IMPORTED, MarkdownRenderer, Reference, local_file
from generator.content.release import Release
from generator.errors import ContentError

INDEX = "index.md"
BUNDLE_DEPTH = 4  # slashes in `<lang>/<yyyy>/<mm>/<slug>/`: a folder holding index.md there is a bundle
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
RESERVED = ("index.html",)  # the page's own file
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f\\]")


class BundleFile(NamedTuple):
    """One file of a bundle, as the build publishes and shows it."""

    name: str  # below the bundle folder, forward slashes
    size: int  # bytes
    digest: str  # of its bytes: what signs its copy in the output
    width: int  # pixels, 0 when it is no image Pillow reads
    height: int
    shown: bool  # the body links to it or shows it; else it is an attachment


class Bundle(NamedTuple):
    """What a release's folder holds besides index.md."""

    files: tuple[BundleFile, ...]
    image: str  # the first image the body shows (a file of the bundle), "" when none
    alt: str  # that image's text


def is_bundle(path: str) -> bool:
    """Whether a release path (below content/) is a bundle's index.md."""
    return path.endswith("/" + INDEX) and path.count("/") == BUNDLE_DEPTH


def bundle_names(content: str, path: str) -> list[str]:
    """The files of the bundle whose index.md is `path`, below its folder, sorted. Names starting
    with a dot (editors' swap files, `.DS_Store`) are not the release's and are left out."""
    folder = os.path.join(content, path[:-len(INDEX)])
    names = []
    for where, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        prefix = os.path.relpath(where, folder).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        for name in files:
            relative = prefix + name
            if name.startswith(".") or relative == INDEX:
                continue
            shown = path[:-len(INDEX)] + relative
            if name.endswith(".md"):
                raise ContentError(shown, None, "a page bundle holds one release, its index.md: another "
                                                "Markdown file is neither a release nor published; move it "
                                                "out of the folder or rename it")
            if relative in RESERVED:
                raise ContentError(shown, None, f"{relative} is the release page's own file; rename it")
            if _BAD_NAME.search(relative):
                raise ContentError(shown, None, "a file name with a backslash or a control character "
                                                "cannot be published; rename it")
            names.append(relative)
    return sorted(names)


def bundle_stamp(content: str, path: str, mtime_ns: int, size: int) -> tuple[int, int]:
    """What says whether a release changed since it was read, as (mtime_ns, size): the file's own
    for a single file; for a bundle, its index.md's mtime and a number that changes when any of
    its files is added, removed, resized or touched."""
    if not is_bundle(path):
        return mtime_ns, size
    digest = hashlib.blake2b(f"{mtime_ns} {size}".encode(), digest_size=8)
    folder = os.path.join(content, path[:-len(INDEX)])
    for name in bundle_names(content, path):
        try:
            stat = os.stat(os.path.join(folder, name))
        except OSError as error:
            raise ContentError(path[:-len(INDEX)] + name, None,
                               f"cannot read the file: {error.strerror}") from None
        digest.update(f"\0{name}\0{stat.st_mtime_ns}\0{stat.st_size}".encode())
    return mtime_ns, int.from_bytes(digest.digest(), "big")


_FINDERS: dict[str, MarkdownRenderer] = {}  # one per process and mode, made when a body first needs it


def references(body: str, mode: str = IMPORTED) -> list[Reference]:
    """The link and image targets a body names, in order (none without link syntax), read as
    the body's rendering mode reads them: a hand-written `[^1]: note` is a footnote, not a link."""
    if "](" not in body and "]:" not in body:
        return []
    finder = _FINDERS.get(mode)
    if finder is None:
        finder = _FINDERS[mode] = MarkdownRenderer(mode)
    finder(body)
    return finder.references


def _line(release: Release, reference: Reference, name: str) -> int:
    """The line of the file where the body names `name` (its first mention)."""
    for needle in (reference.url, name):
        index = release.body.find(needle)
        if index >= 0:
            return release.body_line + release.body.count("\n", 0, index)
    return release.body_line


def with_bundle(content: str, release: Release) -> Release:
    """The release with what its folder holds (`bundle`), its body's local links and images
    checked: each must name a file of its bundle. A single file has no bundle: a local link in
    it names nothing that is published."""
    found = references(release.body, HAND_WRITTEN if release.hand_written else IMPORTED)
    if not is_bundle(release.path):
        for reference in found:
            name = local_file(reference.url)
            if name is not None:
                raise ContentError(release.path, _line(release, reference, name),
                                   f"{name!r} is not published: only a page bundle's files are; make the "
                                   "release a folder <slug>/ holding it as index.md, with the file beside it")
        return release
    names = bundle_names(content, release.path)
    known = set(names)
    shown: dict[str, Reference] = {}
    for reference in found:
        name = local_file(reference.url)
        if name is None:
            continue
        if name not in known:
            raise ContentError(release.path, _line(release, reference, name),
                               f"{name!r} is not a file of this bundle ({release.path[:-len(INDEX)]})")
        shown.setdefault(name, reference)
    files = tuple(_bundle_file(content, release, name, shown.get(name)) for name in names)
    image = next((ref for ref in found if ref.kind == "img" and local_file(ref.url) in known), None)
    first = local_file(image.url) if image is not None else ""
    return replace(release, bundle=Bundle(files, first or "", image.alt if image is not None else ""))


def _bundle_file(content: str, release: Release, name: str, reference: Reference | None) -> BundleFile:
    folder = release.path[:-len(INDEX)]
    try:
        with open(os.path.join(content, folder, name), "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ContentError(folder + name, None, f"cannot read the file: {error.strerror}") from None
    width = height = 0
    if name.lower().endswith(IMAGE_SUFFIXES):
        width, height = image_size(data)
    if reference is not None and reference.kind == "img" and not width:
        raise ContentError(release.path, _line(release, reference, name),
                           f"{name!r} is shown as an image but is no PNG, JPEG, GIF or WebP image")
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return BundleFile(name, len(data), digest, width, height, reference is not None)


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of an image, (0, 0) when Pillow cannot read it. Pillow reads the header
    only: the pixels are never decoded."""
    from PIL import Image, UnidentifiedImageError  # imported when a bundle has an image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError):
        return 0, 0
