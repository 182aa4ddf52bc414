"""One page per release, with its translations, related releases, neighbours and month, and
the files of its page bundle beside it."""

from __future__ import annotations

from functools import partial

from generator.content.release import Release
from generator.site.attachments import bundle_files
from generator.site.citation import cite
from generator.site.families.shared import FamilyContext
from generator.site.outfiles import Deferred, OutputFile, html_file, term_path, url_of
from generator.site.pages import ReleasePage
from generator.site.structured import release_data
from generator.site.timing import modified_date


def _chosen(ctx: FamilyContext, lang: str) -> list[Release]:
    """Every release of the language, or in a partial build those the scope names."""
    archive = ctx.archive
    if ctx.scope is None:
        return archive.releases[lang]
    wanted = (archive.by_path.get(path) for path in sorted(ctx.scope.releases()))
    return [r for r in wanted if r is not None and r.lang == lang]


def release_pages(ctx: FamilyContext, lang: str) -> list[OutputFile]:
    """Each release page's model is made when the page is signed or rendered (Deferred): only
    what the build needs before then is made here."""
    archive = ctx.archive
    files = []
    for release in _chosen(ctx, lang):
        url_path = archive.url_paths[release.path]
        alternates = {release.lang: url_path}
        twins = []
        for other in archive.languages:
            twin = archive.translation(release, other) if other != lang else None
            if twin is not None:
                alternates[other] = archive.url_paths[twin.path]
                twins.append(twin)
        key = ctx.body_keys[release.path]
        entry = (url_of(url_path), tuple((a.lang, a.url) for a in ctx.alternate_links(alternates)),
                 modified_date(release).isoformat())
        page = Deferred(partial(_release_page, ctx, release, url_path, alternates, tuple(twins)), lang,
                        (key,) if key else (), entry)
        files.append(html_file(page, url_path, "release.html", f"release:{release.path}"))
        files += bundle_files(release, url_path, ctx.settings.content_path, f"release:{release.path}")
    return files


def _release_page(ctx: FamilyContext, release: Release, url_path: str, alternates: dict[str, str],
                  twins: tuple[Release, ...]) -> ReleasePage:
    lang = release.lang
    archive = ctx.archive
    view = ctx.full(release.path, ctx.views(twins), ctx.views(ctx.related[release.path]))
    category_feed = ctx.feed_link(lang, "category", term_path(lang, "category", release.category),
                                  view.category.label)
    image = view.image or ctx.site_image(lang)
    json_ld = release_data(view, ctx.settings.base_url, ctx.settings.title[lang], image)
    newer, older = archive.newer(release), archive.older(release)
    return ReleasePage(**ctx.common(lang, url_path, release.title, release.summary, alternates,
                                    (category_feed,), json_ld=json_ld, image=image),
                       release=view,
                       newer=ctx.view(newer.path) if newer else None,
                       older=ctx.view(older.path) if older else None,
                       month=ctx.month(release.date.year, release.date.month, lang),
                       cite=cite(release, ctx.settings.title[lang], ctx.settings.base_url + url_of(url_path),
                                 ctx.strings[lang]("cite_note", date=release.date.isoformat())))
