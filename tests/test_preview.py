"""serve's page written ahead of a rebuild (generator/site/preview.py): exactly the rebuild's page,
or nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import Settings
from generator.errors import PressroomError
from generator.serve.session import BuildSession

RELEASE = "content/en/2024/04/minister-ahn-visits-kai.md"


def _session(settings: Settings) -> BuildSession:
    session = BuildSession()
    session(settings)  # a first build into a fresh folder keeps a kit
    session.finish()
    return session


def _edit(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, new, text, count=1, flags=re.M)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


def _related(page: bytes) -> bytes:
    return page[page.index(b'<section class="related"'):]


def _page(settings: Settings, url: str) -> bytes:
    return (settings.output_path / url / "index.html").read_bytes()


@pytest.mark.parametrize(("pattern", "new"), [
    (r"^title:.*$", "title: Minister Ahn visits KAI <and> {}"),  # and so its related list
    (r"^summary:.*$", "summary: A shorter summary, for the page's description ({})."),
    (r"\Z", "\n\nA paragraph with **emphasis**, a [link](https://example.org/) and a list:\n\n- {}\n- two\n"),
])
def test_the_page_written_ahead_is_the_rebuilds(scratch_settings: Settings, pattern: str, new: str) -> None:
    settings = replace(scratch_settings, drafts=True)
    session = _session(settings)
    path = settings.root / RELEASE
    related = _related(_page(settings, "en/2024/04/minister-ahn-visits-kai/"))
    for round_ in range(2):  # and again from the kit the rebuild kept
        _edit(path, pattern, new.format(("Boeing", "ICT exports in August")[round_]))
        url = session.preview(settings, None, {path})
        assert url == "en/2024/04/minister-ahn-visits-kai/"
        ahead = _page(settings, url)
        session(settings, changed={path})
        session.finish()
        assert ahead == _page(settings, url)
    if pattern.startswith("^title"):  # the title's new words bring another release into the list
        assert b"koreas-ict-exports-climb" in _related(ahead) and b"koreas-ict-exports-climb" not in related
    assert b"ICT exports in August" in ahead


@pytest.mark.parametrize(("pattern", "new"), [
    (r"^date:.*$", "date: 2024-04-02"),  # another place among its neighbours
    (r"^category:.*$", "category: energy"),
    (r"^tags:.*$", "tags: [defense]"),
    (r"^title:.*$", "title: ''"),  # a problem: the rebuild reports it
])
def test_an_edit_that_moves_the_release_or_breaks_it_is_not_written_ahead(
        scratch_settings: Settings, pattern: str, new: str) -> None:
    settings = replace(scratch_settings, drafts=True)
    session = _session(settings)
    path = settings.root / RELEASE
    before = _page(settings, "en/2024/04/minister-ahn-visits-kai/")
    _edit(path, pattern, new)
    assert session.preview(settings, None, {path}) is None
    assert _page(settings, "en/2024/04/minister-ahn-visits-kai/") == before


def test_nothing_is_written_ahead_for_two_saves_or_after_a_failed_build(scratch_settings: Settings) -> None:
    settings = replace(scratch_settings, drafts=True)
    session = _session(settings)
    first, second = settings.root / RELEASE, next((settings.root / "content/en/2024/09").glob("*.md"))
    _edit(first, r"^title:.*$", "title: One")
    _edit(second, r"^title:.*$", "title: Two")
    # either page could show the other's old title
    assert session.preview(settings, None, {first, second}) is None
    _edit(second, r"^category:.*$", "category: no-such-category")
    with pytest.raises(PressroomError):
        session(settings, changed={first, second})
    _edit(first, r"^title:.*$", "title: Three")
    assert session.preview(settings, None, {first}) is None  # the kit described the output before the failure


def test_a_release_saved_back_before_the_rebuild_reads_it_leaves_no_page_ahead(
        scratch_settings: Settings) -> None:
    """Saved, written ahead, then saved back as it was before the rebuild read it: the rebuild
    finds nothing changed and keeps the page's record, so the page ahead must not stay."""
    settings = replace(scratch_settings, drafts=True)
    session = _session(settings)
    path, url = settings.root / RELEASE, "en/2024/04/minister-ahn-visits-kai/"
    before, text = _page(settings, url), path.read_text(encoding="utf-8")
    _edit(path, r"^title:.*$", "title: Shown for a moment")
    assert session.preview(settings, None, {path}) == url
    assert b"Shown for a moment" in _page(settings, url)
    path.write_text(text, encoding="utf-8")
    session(settings, changed={path})
    session.finish()
    assert _page(settings, url) == before
    # and a later build, which starts from the state the session wrote, finds the site as it is
    assert session(settings, changed=set()).written == 0


def test_a_failed_rebuild_puts_back_the_page_it_was_written_ahead_of(scratch_settings: Settings) -> None:
    """serve shows the last good build when a rebuild fails: the page ahead is not part of it."""
    settings = replace(scratch_settings, drafts=True)
    session = _session(settings)
    path, url = settings.root / RELEASE, "en/2024/04/minister-ahn-visits-kai/"
    before = _page(settings, url)
    _edit(path, r"^title:.*$", "title: Shown for a moment")
    assert session.preview(settings, None, {path}) == url
    _edit(path, r"^category:.*$", "category: no-such-category")  # saved again, broken
    with pytest.raises(PressroomError):
        session(settings, changed={path})
    assert _page(settings, url) == before
