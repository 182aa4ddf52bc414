"""What Korean search analysis costs a build (not a test): prints the figures quoted in the README.

1. Cold: the demo archive's Korean release pages, every word new to a fresh analyser: seconds per
   MB of page and per distinct word (kiwipiepy, one batch, its own threads).
2. At scale: N Korean release pages made of the demo's paragraphs in random order, English pages
   beside them, indexed by `search.index_site` as `pressroom serve` runs it (read every page,
   terms, Korean morphemes, chunks written): the words repeat (the synthetic archive's vocabulary
   is the demo's), so this is the cost of reading the pages and writing the index; add (1) per
   distinct word of a real archive. Then one page's title is changed and the index made again
   from the kept terms (generator/site/searchcache.py), as after an edit.
3. The query side's reading of a few Korean queries (`searchquery.query_terms`, the reference the
   browser's client mirrors), so a change of the particle table shows here.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/korean_search_bench.py --pages 10000
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.config import Settings, load_settings  # noqa: E402
from generator.site import koreansearch, search, searchquery, searchtext  # noqa: E402
from generator.site.build import build_site  # noqa: E402

QUERIES = ("반도체 수출", "수출은", "‘반도체’를", "이차전지 공급망")


def scratch_settings(work: Path) -> Settings:
    """The demo's settings, its folders still the repository's, but rooted in the scratch folder:
    the build's and the index's caches (.pressroom-cache/) go there, not into the repository."""
    settings = load_settings(REPO / "pyproject.toml")
    folders = {f.name: str(settings.root / getattr(settings, f.name)) for f in dataclasses.fields(settings)
               if f.name.endswith("_dir") and f.name != "output_dir"}
    return dataclasses.replace(settings, root=work, **folders)


def demo_pages(work: Path, settings: Settings) -> list[str]:
    build_site(settings, out_dir=work / "demo", search=False)
    pages = sorted((work / "demo" / "ko").glob("[0-9]*/*/*/index.html"))
    return [page.read_text(encoding="utf-8") for page in pages]


def hangul_words(pages: list[str]) -> set[str]:
    """The distinct Korean tokens of the pages' indexed text, as the index reads them."""
    words: set[str] = set()
    for html in pages:
        text = searchtext.page_text(html)
        if text is not None:
            words |= searchtext.hangul_tokens(searchtext.token_weights(text))
    return words


def cold(pages: list[str]) -> None:
    analyser = koreansearch.Analyser()
    words = hangul_words(pages)
    started = time.perf_counter()
    analyser.learn(["수출"])  # the model loads on first use: time it apart
    loaded = time.perf_counter() - started
    fresh = koreansearch.Analyser()
    fresh._kiwi = analyser._kiwi
    started = time.perf_counter()
    fresh.learn(words)
    spent = time.perf_counter() - started
    megabytes = sum(len(html.encode()) for html in pages) / 1e6
    print(f"cold: {len(pages)} pages, {megabytes:.2f} MB, {len(words)} distinct Hangul words; "
          f"model load {loaded:.2f} s; analysis {spent:.3f} s = {spent / megabytes:.2f} s/MB of page, "
          f"{spent / len(words) * 1000:.3f} ms per distinct word")


def write_pages(pages: list[str], count: int, site: Path) -> float:
    """`count` Korean and `count` English release pages under `site`; the Korean MB."""
    paragraphs = [p for html in pages for p in re.findall(r"<p>[^<]*</p>", html)]
    head, tail = pages[0].split('<div class="body">', 1)
    tail = tail.split("</div>", 1)[1]
    rng = random.Random(14)
    for index in range(count):
        body = "\n".join(rng.sample(paragraphs, 4))
        for lang in ("ko", "en"):
            page = site / lang / "2024" / "01" / f"r{index}" / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            text = f'{head}<div class="body">\n{body}\n</div>{tail}'
            page.write_text(text if lang == "ko" else text.replace('lang="ko"', 'lang="en"', 1),
                            encoding="utf-8")
    return sum(p.stat().st_size for p in (site / "ko").rglob("*.html")) / 1e6


def at_scale(pages: list[str], count: int, work: Path, settings: Settings) -> None:
    site = work / "site"
    megabytes = write_pages(pages, count, site)
    koreansearch.ANALYSER.learn(hangul_words(pages))
    started = time.perf_counter()
    search.index_site(settings, site)
    spent = time.perf_counter() - started
    index = sum(p.stat().st_size for p in (site / search.BUNDLE).rglob("*") if p.is_file()) / 1e6
    print(f"at scale: {count} Korean + {count} other pages ({megabytes:.1f} MB Korean) indexed by "
          f"search.index_site in {spent:.2f} s = {spent / megabytes:.2f} s/MB (words already known); "
          f"index {index:.1f} MB")
    page = site / "ko" / "2024" / "01" / "r0" / "index.html"
    page.write_text(re.sub(r"(<h1[^>]*>)", r"\1개정 ", page.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")
    started = time.perf_counter()
    search.index_site(settings, site)
    print(f"after one title changed: index made again in {time.perf_counter() - started:.2f} s "
          "(every page's hash checked, one page read)")


def queries() -> None:
    for query in QUERIES:
        print(f"query {query!r} → terms {searchquery.query_terms(query)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="korean-search-bench-"))
    try:
        settings = scratch_settings(work)
        pages = demo_pages(work, settings)
        cold(pages)
        at_scale(pages, args.pages, work, settings)
        queries()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
