"""schema.org structured data for search engines and link previews, as JSON-LD.

A release is a `NewsArticle`: the type search engines read for dated news items (headline,
dates, publisher, image), where `PressRelease` is no schema.org type and `Report` or `Article`
say less. Its versions in other languages are linked both ways: the Korean version is the
original (the ministry publishes in Korean first, English versions follow within days, see
PRODUCT.md), so a translation says `translationOfWork` (its Korean original) and the original
says `workTranslation` (each translation). List pages carry a `BreadcrumbList`.

The data is serialised with json.dumps and every `<`, `>` and `&` escaped as `\\u003c` …, so no
text from content can end the `<script>` element it stands in or open a comment; only then is it
Markup (generator.site.pages.Page.json_ld).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from generator.site.model import ImageView, ReleaseView
from generator.site.timing import modified_date

SCHEMA = "https://schema.org"
ORIGINAL_LANGUAGE = "ko"  # the language of a release's original version, when it has one
NO_DATA = Markup("")


def script_json(data: dict[str, Any]) -> Markup:
    """`data` as JSON safe inside `<script type="application/ld+json">`: sorted keys (output is
    deterministic), non-ASCII kept as is, markup characters escaped so the text cannot end the
    script. Parsing it as JSON gives `data` back exactly."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # three replaces, not str.translate with a table of strings: 20 times quicker (0.15 s of a
    # cold build at 1,000 per language); what they put in holds none of the three characters
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)  # noqa: S704 - escaped above, so no markup can remain


def image_data(image: ImageView, base_url: str) -> dict[str, Any]:
    return {"@type": "ImageObject", "url": base_url + image.url, "width": image.width,
            "height": image.height, "caption": image.alt}


def _publisher(site_title: str, home: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": site_title, "url": home}


def _version(release: ReleaseView, base_url: str) -> dict[str, Any]:
    return {"@type": "NewsArticle", "@id": base_url + release.url, "url": base_url + release.url,
            "headline": release.title, "inLanguage": release.lang}


def release_data(release: ReleaseView, base_url: str, site_title: str, image: ImageView | None) -> Markup:
    """A release page's `NewsArticle`: `release` with its translations filled, `site_title` in the
    page's language (the publisher), `image` the release's or the site's (None: no image)."""
    url = base_url + release.url
    data: dict[str, Any] = {
        "@context": SCHEMA, "@type": "NewsArticle", "@id": url, "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": release.title, "inLanguage": release.lang,
        "datePublished": release.date.isoformat(), "dateModified": modified_date(release).isoformat(),
        "publisher": _publisher(site_title, base_url + f"{release.lang}/"),
        "articleSection": release.category.label,
        "keywords": [tag.label for tag in release.tags],
    }
    if release.summary:
        data["description"] = release.summary
    if image is not None:
        data["image"] = image_data(image, base_url)
    others = [_version(twin, base_url) for twin in release.translations]
    if others and release.lang == ORIGINAL_LANGUAGE:
        data["workTranslation"] = others
    elif others:
        originals = [version for version in others if version["inLanguage"] == ORIGINAL_LANGUAGE]
        # without a Korean version, the versions are translations of each other: linked as such
        data["translationOfWork"] = originals[0] if originals else others[0]
    return script_json(data)


def breadcrumb_data(crumbs: Sequence[tuple[str, str]], base_url: str) -> Markup:
    """A list page's `BreadcrumbList`: (name, URL relative to the site root) from the language's
    home down to the page itself."""
    items = [{"@type": "ListItem", "position": number, "name": name, "item": base_url + url}
             for number, (name, url) in enumerate(crumbs, 1)]
    return script_json({"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": items})
