"""sitemap.xml (with hreflang alternates and x-default) and robots.txt, built as strings."""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from .pages import Page

SITEMAP_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def sitemap_entries(pages: list[Page]) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(url, alternates) of every HTML page a search engine should index, in plan order."""
    return tuple((page.url, page.context["page"]["alternates"]) for page in pages
                 if page.template.endswith(".html") and page.template != "404.html")


def render_sitemap(base_url: str, entries: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]) -> str:
    parts = [SITEMAP_HEAD]
    for url, alternates in entries:
        parts.append(f"<url><loc>{xml_escape(base_url + url)}</loc>")
        if len(alternates) > 1:
            for lang, alt in alternates:
                parts.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(lang)} '
                             f"href={quoteattr(base_url + alt)}/>")
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


def render_robots(base_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n"
