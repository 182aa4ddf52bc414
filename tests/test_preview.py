"""serve's page written ahead of a rebuild (generator/site/preview.py): exactly the rebuild's page,
or nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator import workers
from generator.config import Settings
from generator.errors import PressroomError
from generator.serve import session as session_module
from generator.serve.session import BuildSession
from generator.site.build import build_site
from generator.site.outfiles import file_digest
from tests.buildfixture import assert_same_tree

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
    session.finish()  # its index of the pages: a finisher left running keeps later tests from forking


def _indexed(site: Path, word: str) -> tuple[bool, bool]:
    """Whether the English search index has a title holding `word`, and the term `word`."""
    bundle = site / "search-index" / "en"
    titles = any(word in block.read_text(encoding="utf-8") for block in (bundle / "docs").glob("*.json"))
    term = f'"{word.lower()}"'
    terms = any(term in chunk.read_text(encoding="utf-8") for chunk in (bundle / "terms").glob("*.json"))
    return titles, terms


@pytest.mark.skipif(workers.workers() < 2, reason="the index ahead is forked onto the second core")
def test_search_has_the_page_written_ahead_before_the_rebuild_ends(
        scratch_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The index is brought up to date with the page ahead beside the rebuild; after it, the
    finisher's index is a cold build's, byte for byte."""
    settings = replace(scratch_settings, drafts=True)
    session = _session(settings)
    site = settings.output_path
    path, url = settings.root / RELEASE, "en/2024/04/minister-ahn-visits-kai/"
    assert _indexed(site, "Zanzibar") == (False, False)
    _edit(path, r"^title:.*$", "title: Minister Ahn visits Zanzibar")
    assert session.preview(settings, None, {path}) == url
    seen: list[tuple[bool, bool]] = []
    rebuild = session_module.build_site

    def build_after_the_index_ahead(*args: Any, **kwargs: Any) -> Any:
        child = session.searching.get(site.resolve())
        assert child is not None and child.wait() == 0
        seen.append(_indexed(site, "Zanzibar"))
        return rebuild(*args, **kwargs)

    monkeypatch.setattr(session_module, "build_site", build_after_the_index_ahead)
    session(settings, changed={path})
    assert seen == [(True, True)]
    session.finish()
    monkeypatch.undo()
    assert not session.searching
    cold = tmp_path / "cold"
    build_site(settings, cold, cache=False)
    assert_same_tree(cold / "search-index", site / "search-index")


@pytest.mark.skipif(workers.workers() < 2, reason="the index ahead is forked onto the second core")
def test_a_failed_rebuild_leaves_no_page_ahead_in_search(scratch_settings: Settings, tmp_path: Path) -> None:
    settings = replace(scratch_settings, drafts=True)
    session = _session(settings)
    path, url = settings.root / RELEASE, "en/2024/04/minister-ahn-visits-kai/"
    text = path.read_text(encoding="utf-8")
    _edit(path, r"^title:.*$", "title: Minister Ahn visits Zanzibar")
    assert session.preview(settings, None, {path}) == url
    _edit(path, r"^category:.*$", "category: no-such-category")  # saved again, broken
    with pytest.raises(PressroomError):
        session(settings, changed={path})
    session.finish()
    assert _indexed(settings.output_path, "Zanzibar") == (False, False)
    path.write_text(text, encoding="utf-8")
    cold = tmp_path / "cold"
    build_site(settings, cold, cache=False)
    assert_same_tree(cold / "search-index", settings.output_path / "search-index")



def test_an_index_keeps_a_page_under_the_hash_of_what_it_read(scratch_settings: Settings) -> None:
    """serve indexes beside its rebuilds: a page saved again while an index reads it, then put
    back (a failed rebuild), must not be remembered under the hash of the bytes put back."""
    settings = replace(scratch_settings, drafts=True)
    session = _session(settings)
    site, url = settings.output_path, "en/2024/04/minister-ahn-visits-kai/"
    digests = {path: record.digest for path, record in session.states[site.resolve()].files.items()}
    page = site / url / "index.html"
    before = page.read_bytes()
    rebuilt = before.replace(b"Minister Ahn visits", b"Minister Ahn visits Zanzibar,")
    saved_again = before.replace(b"Minister Ahn visits", b"Minister Ahn visits Quokka,")
    digests[url + "index.html"] = file_digest(rebuilt)  # what the rebuild wrote and recorded
    page.write_bytes(saved_again)  # what the index reads: the next save's page ahead
    session_module.index_site(settings, site, digests)
    page.write_bytes(rebuilt)  # put back when that save's rebuild failed
    session_module.index_site(settings, site, digests)
    assert _indexed(site, "Zanzibar") == (True, True)
    assert _indexed(site, "Quokka") == (False, False)
