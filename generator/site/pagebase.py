"""The theme contract: what every page has (the base of the page classes of
generator/site/pages.py and generator/site/overview.py), the fields base.html needs."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.site.model import Alternate, FeedLink, ImageView, LanguageLink

# the theme contract of this module
__all__ = ["Page"]


@dataclass(frozen=True, slots=True)
class Page:
    """What every page has: the fields base.html needs for its head, header and footer."""

    lang: str
    """The page's language. The root page and the 404 page, which speak every language (their
    `sections`), carry the site's default language."""
    url: str | None
    """The page's own URL (canonical link, og:url); None on the 404 page, which is served at
    any address."""
    title: str
    """The page's title alone. For `<title>`, the default theme's base.html adds the site's
    title unless the two are the same (`site.title`): a theme does that comparison itself."""
    description: str
    """The page's description (meta description, og:description)."""
    alternates: tuple[Alternate, ...]
    """The page's versions for hreflang links, the page's own language included, and
    `x-default` where there is a language choice; empty when the page exists in one language."""
    languages: tuple[LanguageLink, ...]
    """The language switch: one link per other site language."""
    feeds: tuple[FeedLink, ...]
    """The feeds the page advertises: its language's feed first, then the page's own
    (a category's or tag's); on the root page, every language's feed."""
    image: ImageView | None
    """The page's preview image (og:image, twitter:image): on a release page the release's own
    image or else the site's (`release.image or site.image`), elsewhere `site.image`; None when
    there is neither (a Twitter `summary` card then, not `summary_large_image`)."""
    json_ld: Markup
    """The page's schema.org structured data as JSON-LD, ready to stand inside
    `<script type="application/ld+json">`: a `NewsArticle` on a release page, a `BreadcrumbList`
    on archives, term pages and term indexes, `""` elsewhere. Made in Python with `json.dumps`,
    every `<`, `>` and `&` written as a `\\u` escape, so no text of a release can close the
    script (generator/site/structured.py). One line includes it:
    `{% if page.json_ld %}<script type="application/ld+json">{{ page.json_ld }}</script>{% endif %}`."""

    def _bodies(self) -> tuple[str, ...]:
        return ()
