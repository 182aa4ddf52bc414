"""The saved release's own page, written ahead of the rest of a serve rebuild.

An edit at 10,000 releases per language takes serve about two seconds to rebuild every page that
shows the release, while the person who saved it is looking at one page: the release itself. So,
as Hugo's fast render mode renders first the pages being viewed, the build session keeps what
the last build knew (`PreviewKit`: the archive, the related lists and features, the strings and
the renderer) and, before rebuilding, renders the saved release's page from it with the new
release in its place; the server serves that page and reloads the browsers at once, and the
rest follows when the rebuild ends.

This is done only when the page is bound to come out exactly as the rebuild will make it:
one release saved, read without a problem, and left where it was (the same path, language,
place in the archive's order, page path, category, tags, translation and draft state). Then
everything the page shows of other releases (neighbours, month, translations, terms) is as the
last build made it, and its related list is ranked afresh from its new features against the
others'. tests/test_preview.py compares the page with the rebuild's, byte for byte. Anything
else renders nothing ahead, and the rebuild goes on (and reports any problem) as ever.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.config import Settings
from generator.content.bodies import BodyConverter
from generator.content.markup import body_mode, mode_of
from generator.content.release import Release
from generator.errors import PressroomError
from generator.site.archive import Archive, archive_order
from generator.site.families.release_pages import release_pages
from generator.site.families.shared import FamilyContext
from generator.site.gather import bundle_body_key, image_sizes, read_source
from generator.site.i18n import Strings
from generator.site.model import BodyShelf
from generator.site.outfiles import Scope
from generator.site.output import Output
from generator.site.related import RelatedIndex
from generator.site.render import Renderer


@dataclass(frozen=True)
class PreviewKit:
    """What a finished build knew that the saved release's page needs besides the release."""

    settings: Settings
    archive: Archive
    strings: dict[str, Strings]
    renderer: Renderer
    body_keys: dict[str, str]  # release path → its body's key (Gathered.body_keys)
    related: dict[str, tuple[Release, ...]]  # release path → its related releases
    features: dict[str, tuple[str, ...]]  # release path → its related-list features


def _placement(release: Release) -> tuple[object, ...]:
    """What decides where a release is shown, besides itself: while it is the same, every other
    page's view of the archive is the same."""
    return (release.path, release.lang, archive_order(release), release.url_path, release.category,
            release.tags, release.translation_key, release.draft)


def _reread(kit: PreviewKit, settings: Settings, changed: set[Path]) -> Release | None:
    """The one saved release, read again, if it is still where it was; else None."""
    if len(changed) != 1 or kit.settings != settings:
        return None
    content = settings.content_path.absolute()
    path = next(iter(changed)).absolute()
    if path.suffix != ".md" or content not in path.parents or not path.is_file():
        return None
    relative = path.relative_to(content).as_posix()
    old = kit.archive.by_path.get(relative)
    if old is None:
        return None
    try:
        new, _ = read_source(str(path), relative)
    except PressroomError:  # the rebuild reports it
        return None
    return new if _placement(new) == _placement(old) else None


def _related(kit: PreviewKit, release: Release) -> tuple[Release, ...]:
    """The release's related list, ranked as the rebuild ranks it: its new features against
    the others' (their postings and weights change with its features)."""
    others = [r for r in kit.archive.releases[release.lang] if r.path != release.path]
    known = {path: f for path, f in kit.features.items() if path != release.path}
    index = RelatedIndex([*others, release], known=known)
    return index.ranked(only={release.path})[release.path]


def render_ahead(kit: PreviewKit, settings: Settings, changed: set[Path]) -> tuple[str, bytes] | None:
    """The saved release's page (its output path and bytes) when it is bound to be the
    rebuild's (module doc); else None."""
    release = _reread(kit, settings, changed)
    if release is None:
        return None
    path = release.path
    mode = body_mode(release.hand_written, settings.allow_html)
    key = mode + bundle_body_key(release)
    sizes = {name: (width, height) for name, width, height in image_sizes(release)}
    shelf = BodyShelf()
    shelf.html = {key: BodyConverter()(release.body, mode_of(key)[0], sizes)}
    archive = replace(kit.archive, by_path={**kit.archive.by_path, path: replace(release, body="")})
    ctx = FamilyContext(archive, settings, kit.strings, {**kit.body_keys, path: key},
                        {**kit.related, path: _related(kit, release)}, shelf,
                        Scope(frozenset({f"release:{path}"}), ()))
    page = next(f for f in release_pages(ctx, release.lang) if f.kind == "release.html")
    return page.path, kit.renderer.render(page)


def write_ahead(out: Path, path: str, data: bytes) -> str:
    """Write a page rendered ahead into the output folder (staged, then moved in, as serve's
    rebuilds write); the page's URL path from the site root."""
    output = Output(out, atomic=False)
    output.stage_file(path, data)
    output.commit_in_place([path], [])
    return path.removesuffix("index.html")
