"""The index's files (generator/site/searchindex.py) and the reading of pages (searchtext.py):
chunks a browser can find by a query's first letters, and text as readers see it."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from generator.site.searchindex import (
    CHUNK_BYTES,
    MAX_KEY,
    IndexedPage,
    chunk_name,
    chunks,
    encoded,
    first_key,
    page_url,
    postings,
    write_language,
)
from generator.site.searchtext import UNDETERMINED, page_language, page_text


def test_postings_are_in_id_order_and_gap_coded() -> None:
    pages = [IndexedPage("a/", "A", {"x": 2, "y": 1}), IndexedPage("b/", "B", {"x": 5}),
             IndexedPage("c/", "C", {"x": 1})]
    found = postings(pages)
    assert found == {"x": [0, 2, 1, 5, 2, 1], "y": [0, 1]}
    assert encoded([3, 2, 7, 5, 20, 1]) == [3, 2, 4, 5, 13, 1]


def test_keys_and_names() -> None:
    assert first_key("export") == "ex" and first_key("x") == "x" and first_key("반도체") == "반"
    assert first_key("2024") == "20" and first_key("先端") == "先"
    assert chunk_name("반") == "ebb098.json" and chunk_name("ex") == "6578.json"
    assert page_url("ko/2024/03/a/index.html") == "ko/2024/03/a/" and page_url("index.html") == ""
    assert page_url("en/old.html") == "en/old.html"


def test_every_term_lives_in_the_chunk_of_its_longest_key() -> None:
    """A large archive's chunks stay small, and the client's rule finds every term: a query q
    fetches the chunks whose key is a prefix of q or starts with q."""
    rng = random.Random(7)
    letters = "abcdefgh"
    pages = [IndexedPage(f"p{i}/", "", {"".join(rng.choice(letters) for _ in range(rng.randint(1, 9))): 1
                                        for _ in range(60)} | {"한국": 1, "ab": 1})
             for i in range(400)]
    found = postings(pages)
    made = chunks(found)
    assert len(made) > 10
    for key, terms in made.items():
        size = len(json.dumps(terms, ensure_ascii=False, separators=(",", ":")).encode())
        assert size <= CHUNK_BYTES or len(key) == MAX_KEY, key
        for term in terms:
            assert term.startswith(key)
            longer = [other for other in made if len(other) > len(key) and term.startswith(other)]
            assert not longer, (term, key, longer)
    every = [term for terms in made.values() for term in terms]
    assert sorted(every) == sorted(found), "each term in exactly one chunk"
    for query in ("a", "ab", "abc", "abcdefgh", "한", "한국"):
        fetched = [k for k in made if query.startswith(k) or k.startswith(query)]
        reached = {t for k in fetched for t in made[k] if t.startswith(query)}
        assert reached == {t for t in found if t.startswith(query)}, query


def test_a_language_folder(tmp_path: Path) -> None:
    pages = [IndexedPage(f"en/{i:02}/", f"Title {i}", {"word": i + 1}) for i in range(20)]
    write_language(tmp_path / "en", pages, "key")
    meta = json.loads((tmp_path / "en/meta.json").read_bytes())
    assert meta == {"version": 1, "docs": 20, "chunks": ["wo"], "pages": "key"}
    assert json.loads((tmp_path / "en/docs/1.json").read_bytes())[0] == ["en/16/", "Title 16"]
    assert sorted(p.name for p in (tmp_path / "en/docs").iterdir()) == ["0.json", "1.json"]
    assert json.loads((tmp_path / "en/terms/776f.json").read_bytes())["word"][:4] == [0, 1, 1, 2]
    first = {p.name: p.read_bytes() for p in (tmp_path / "en").rglob("*.json")}
    shutil.rmtree(tmp_path / "en")
    write_language(tmp_path / "en", pages, "key")
    assert {p.name: p.read_bytes() for p in (tmp_path / "en").rglob("*.json")} == first


@pytest.mark.parametrize(("page", "title", "text"), [
    # nested elements of the marked one's name; an ignored part; an image marked ignored (void)
    ('<html lang="en"><body><div data-pagefind-body><div>in <div>deep</div></div>'
     '<p data-pagefind-ignore>skip <b>me</b></p> <img data-pagefind-ignore alt=""> end</div>'
     '<div>after</div></body></html>', "", "in deep end"),
    # no h1: the title element; entities read as text; comments and styles left out
    ('<html lang="en"><head><title>T &amp; U</title><style>p{}</style></head><body>'
     '<main data-pagefind-body><!-- hidden --><p>R&amp;D &lt;b&gt;</p></main></body></html>',
     "T & U", "R&D <b>"),
    # never closed: read to the end, never dropped
    ('<html lang="en"><body><article data-pagefind-body><h1>Head</h1><p>open', "Head", "Head open"),
])
def test_the_text_readers_see(page: str, title: str, text: str) -> None:
    found = page_text(page)
    assert found is not None and found.marked and (found.title, found.text) == (title, text)


def test_languages_and_pages_with_nothing_to_index() -> None:
    assert page_language('<html class="x" lang="ko-KR">') == "ko-kr"
    assert page_language("<html>") == UNDETERMINED and page_language('<html lang="<script>">') == UNDETERMINED
    assert page_text('<html><body data-pagefind-ignore="all">moved</body></html>') is None
    unmarked = page_text('<html lang="en"><body><p>all of it</p></body></html>')
    assert unmarked is not None and not unmarked.marked and unmarked.text == "all of it"
