"""The demo archive's page bundle (the ORION SPIRIT naming ceremony, in both languages) in
headless Chromium under /pressroom/: the photo loads at its declared size, lazily, and the
attachment link leads to the PDF."""

from __future__ import annotations

import pytest

from .support import BuiltSite

pytestmark = pytest.mark.e2e
SLUG = "minister-ahn-attends-naming-ceremony-for-lng-carrier-orion-spirit"


@pytest.mark.parametrize("lang", ("en", "ko"))
def test_the_bundles_photo_loads_sized_and_its_attachment_opens(open_reader, site: BuiltSite,
                                                                lang: str) -> None:
    reader = open_reader(site)
    page_url = site.url(f"{lang}/2024/04/{SLUG}/")
    reader.open(page_url)
    image = reader.page.locator("main img, article img").first
    image.scroll_into_view_if_needed()  # lazy: it loads once near the viewport
    image.evaluate("img => img.decode()")
    facts = image.evaluate("""img => ({src: img.currentSrc, natural: [img.naturalWidth, img.naturalHeight],
        declared: [img.getAttribute('width'), img.getAttribute('height')], loading: img.loading,
        alt: img.alt, complete: img.complete})""")
    assert facts["src"] == page_url + "orion-spirit.jpg"
    assert facts["complete"] and facts["natural"] == [480, 270]
    assert facts["declared"] == ["480", "270"] and facts["loading"] == "lazy" and facts["alt"]
    attachment = reader.find(f"{page_url}orion-spirit-fact-sheet.pdf".replace(".", r"\."),
                             what="the attachment link")
    response = reader.page.request.get(attachment.href)
    assert response.status == 200 and response.headers["content-type"].startswith("application/pdf")
    assert response.body().startswith(b"%PDF-1.4") and response.body().rstrip().endswith(b"%%EOF")
    assert "785" in attachment.text or "785" in reader.page.locator("main, article").first.inner_text()
    reader.assert_clean()
