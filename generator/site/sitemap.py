"""sitemap.xml (with hreflang alternates and x-default) and robots.txt, built as strings."""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from generator.site.outfiles import Deferred, OutputFile, SitemapEntry
from generator.site.pages import ReleasePage
from generator.site.timing import modified_date

SITEMAP_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def sitemap_entry(file: OutputFile) -> SitemapEntry | None:
    """What the sitemap says of an HTML page a search engine should index. A release's page
    has a `lastmod`, the date the release last changed; a list changes with every release it
    lists, which search engines find by the releases' own dates."""
    page = file.page
    if isinstance(page, Deferred):
        return page.sitemap
    if page is not None and file.kind.endswith(".html") and page.url is not None:
        lastmod = modified_date(page.release).isoformat() if isinstance(page, ReleasePage) else ""
        return file.url, tuple((alternate.lang, alternate.url) for alternate in page.alternates), lastmod
    return None


def render_sitemap(base_url: str, entries: tuple[SitemapEntry, ...]) -> str:
    parts = [SITEMAP_HEAD]
    for url, alternates, lastmod in entries:
        parts.append(f"<url><loc>{xml_escape(base_url + url)}</loc>")
        if lastmod:
            parts.append(f"<lastmod>{lastmod}</lastmod>")
        if len(alternates) > 1:
            for lang, alt in alternates:
                parts.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(lang)} '
                             f"href={quoteattr(base_url + alt)}/>")
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org); beyond it, an index of sitemaps


def sitemap_files(entries: tuple[SitemapEntry, ...],
                  limit: int = SITEMAP_LIMIT) -> list[tuple[str, str, object]]:
    """(file, kind, data) for sitemap.xml, and for sitemap-N.xml when one file would be too long."""
    if len(entries) <= limit:
        return [("sitemap.xml", "sitemap", entries)]
    chunks = [entries[start:start + limit] for start in range(0, len(entries), limit)]
    names = [f"sitemap-{number}.xml" for number in range(1, len(chunks) + 1)]
    return [("sitemap.xml", "sitemap-index", tuple(names)),
            *((name, "sitemap", chunk) for name, chunk in zip(names, chunks, strict=True))]


def render_sitemap_index(base_url: str, names: tuple[str, ...]) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n'
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    parts += [f"<sitemap><loc>{xml_escape(base_url + name)}</loc></sitemap>\n" for name in names]
    parts.append("</sitemapindex>\n")
    return "".join(parts)


def render_robots(base_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n"
