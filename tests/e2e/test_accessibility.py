"""axe-core in Chromium on each kind of page, both languages, light and dark: no serious violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import describe, run_axe, serious
from .links import page_url
from .support import BuiltSite

pytestmark = pytest.mark.e2e

# Each kind of page a reader meets, as a glob below the site folder ({lang} filled in).
PAGE_KINDS = {
    "home": "{lang}/index.html",
    "release": "{lang}/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html",
    "tag": "{lang}/tag/*/index.html",
    "year": "{lang}/[0-9][0-9][0-9][0-9]/index.html",
    "month": "{lang}/[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html",
    "stats": "{lang}/stats/index.html",
    "data": "{lang}/data/index.html",
}
PAGES = [("root", None)] + [(kind, lang) for kind in PAGE_KINDS for lang in ("en", "ko")]


def first_page(site: BuiltSite, kind: str, lang: str | None) -> str:
    if lang is None:
        return site.url()
    found = sorted(site.folder.glob(PAGE_KINDS[kind].format(lang=lang)))
    assert found, f"the site has no {kind} page in {lang}"
    return page_url(site.folder, found[0], site.base_url)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize(("kind", "lang"), PAGES, ids=[f"{k}-{lang}" if lang else k for k, lang in PAGES])
def test_no_serious_accessibility_violation(open_reader, site: BuiltSite, axe_script: Path,
                                            kind: str, lang: str | None, color_scheme: str) -> None:
    reader = open_reader(site, color_scheme=color_scheme)
    url = first_page(site, kind, lang)
    reader.open(url)
    violations = run_axe(reader.page, axe_script)
    if violations:
        print(f"axe on {url} ({color_scheme}):\n{describe(violations)}")
    assert not serious(violations), f"axe on {url} ({color_scheme}):\n{describe(serious(violations))}"
    reader.assert_clean()
