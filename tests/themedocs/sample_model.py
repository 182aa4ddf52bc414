"""A small page model in the shape of generator/site/model.py: the docs generator's unit tests
read it, so they do not change whenever the real model does."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass(frozen=True, slots=True)
class TermView:
    """A category or a tag."""

    id: str
    """The term's id, as in its URL."""
    label: str
    """Its name in the page's language."""
    count: int | None = None
    """How many releases have it; None on a release's own terms."""


@dataclass(frozen=True, slots=True)
class ReleaseView:
    """One release as a page or a list shows it."""

    title: str
    """The title."""
    tags: tuple[TermView, ...]
    """The release's tags, in its file's order."""
    content: Markup | None = None
    """The rendered body; None in lists."""
    translations: tuple[ReleaseView, ...] = ()
    """The release in the other languages."""
    _digest: str = field(default="", repr=False)

    @property
    def translation(self) -> ReleaseView | None:
        """The first of `translations`, or None."""
        return self.translations[0] if self.translations else None


@dataclass(frozen=True, slots=True)
class BasePage:
    """What every page has."""

    lang: str
    """The page's language code."""
    title: str
    """The page's title."""


@dataclass(frozen=True, slots=True)
class ReleasePage(BasePage):
    """A release's own page."""

    release: ReleaseView
    """The release, with its content."""
    counts: dict[str, int] = field(default_factory=dict)
    """Releases per language."""


@dataclass(frozen=True, slots=True)
class ListPage(BasePage):
    """A list of releases."""

    entries: tuple[ReleaseView, ...]
    """The releases on this page."""


TEMPLATES: dict[str, type[BasePage]] = {"release.html": ReleasePage, "list.html": ListPage}
"""Template file name → the class of its `page`."""

TEMPLATE_GLOBALS: dict[str, str] = {
    "page": "The page object; its class depends on the template (below).",
    "lang": "The page's language code.",
    "root": "The way from this page to the site root: `../../` or `./`.",
    "t": "`t(\"key\", **values)`: the UI string `key` of the page's language.",
}
"""The names every template receives, with their meaning."""
