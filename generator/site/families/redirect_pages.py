"""Redirect pages: at each old URL (generator.site.moves), a small HTML page that sends the
reader on to the release's current page, as Hugo's alias pages do.

Made in Python, not from a theme template: a redirect page is not read but passed through, and
every theme's must be the same few valid tags. It needs no JavaScript: a `<meta http-equiv=
"refresh">` moves the browser on at once, `<link rel="canonical">` tells search engines where
the page now lives, `<meta name="robots" content="noindex">` keeps the old URL out of their
index, and a plain link (text from the theme's string tables) serves anyone whose browser does
not follow the refresh. Its links are relative, so it works under any base path; only the
canonical URL is absolute, as on every page. It carries no `data-pagefind-body`, so search
does not index it, and no sitemap entry (it has no page object).
"""

from __future__ import annotations

from html import escape

from generator.content.aliases import redirect_file
from generator.site.families.shared import FamilyContext
from generator.site.moves import Redirect
from generator.site.outfiles import ALL, OutputFile, url_of

REDIRECT_KIND = "text"  # the page's bytes are its plan's data


def redirect_html(lang: str, title: str, link_text: str, relative: str, canonical: str) -> str:
    """The whole page. Every value is escaped here: titles come from content."""
    target, canonical, title, link_text = (escape(value) for value in (relative, canonical, title, link_text))
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n"
            '<meta name="robots" content="noindex">\n'
            f'<link rel="canonical" href="{canonical}">\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<link rel="icon" href="data:,">\n'  # as the themes: no request for /favicon.ico
            f'</head>\n<body data-pagefind-ignore="all">\n<p><a href="{target}">{link_text}</a></p>\n'
            "</body>\n</html>\n")


def redirect_pages(ctx: FamilyContext, redirects: list[Redirect]) -> list[OutputFile]:
    """One page per old URL. Every build plans them all (group ALL): they are few, and each is
    signed with its bytes, so only a changed one is written."""
    files = []
    for redirect in redirects:
        release = redirect.target
        path = redirect_file(redirect.old)
        url = url_of(ctx.archive.url_paths[release.path])
        strings = ctx.strings[release.lang]
        text = redirect_html(release.lang, strings("redirect_title", title=release.title),
                             strings("redirect_link", title=release.title),
                             "../" * path.count("/") + url, ctx.settings.base_url + url)
        files.append(OutputFile(path, url_of(redirect.old), REDIRECT_KIND, release.lang, None, text, ALL))
    return files
