"""What Korean search analysis costs a build (not a test): prints the figures quoted in the README.

1. Cold: the demo archive's Korean release pages, every word new to a fresh analyser: seconds per
   MB of page and per distinct word (kiwipiepy, one batch, its own threads).
2. At scale: N Korean release pages made of the demo's paragraphs in random order, hard-linked
   English pages beside them, through searchpages.update as the build runs it: the
   words repeat (the synthetic archive's vocabulary is the demo's), so this is the cost of
   reading, marking and writing the pages; add (1) per distinct word of a real archive.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/korean_search_bench.py --pages 10000
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.config import load_settings  # noqa: E402
from generator.site import koreansearch, searchpages  # noqa: E402
from generator.site.build import build_site  # noqa: E402


def demo_pages(work: Path) -> list[str]:
    build_site(load_settings(REPO / "pyproject.toml"), out_dir=work / "demo", search=False)
    pages = sorted((work / "demo" / "ko").glob("[0-9]*/*/*/index.html"))
    return [page.read_text(encoding="utf-8") for page in pages]


def cold(pages: list[str]) -> None:
    analyser = koreansearch.Analyser()
    words = {w for html in pages for w in koreansearch.hangul_words(html)}
    started = time.perf_counter()
    analyser.learn(words)
    loaded = time.perf_counter()
    analyser.learn(["수출"])  # the model loads on first use: time it apart
    fresh = koreansearch.Analyser()
    fresh._kiwi = analyser._kiwi
    started_batch = time.perf_counter()
    fresh.learn(words)
    spent = time.perf_counter() - started_batch
    megabytes = sum(len(html.encode()) for html in pages) / 1e6
    print(f"cold: {len(pages)} pages, {megabytes:.2f} MB, {len(words)} distinct Hangul words; "
          f"model load + first batch {loaded - started:.2f} s; analysis {spent:.3f} s = "
          f"{spent / megabytes:.2f} s/MB of page, {spent / len(words) * 1000:.3f} ms per distinct word")


def at_scale(pages: list[str], count: int, work: Path) -> None:
    paragraphs = [p for html in pages for p in re.findall(r"<p>[^<]*</p>", html)]
    template = pages[0]
    head, tail = template.split('<div class="body">', 1)
    tail = tail.split("</div>", 1)[1]
    site = work / "site"
    rng = random.Random(14)
    for index in range(count):
        body = "\n".join(rng.sample(paragraphs, 4))
        for lang in ("ko", "en"):
            page = site / lang / "2024" / "01" / f"r{index}" / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f'{head}<div class="body">\n{body}\n</div>{tail}', encoding="utf-8")
    megabytes = sum(p.stat().st_size for p in (site / "ko").rglob("*.html")) / 1e6
    koreansearch.ANALYSER.learn(w for html in pages for w in koreansearch.hangul_words(html))
    started = time.perf_counter()
    searchpages.update(site, work / "shadow")
    spent = time.perf_counter() - started
    print(f"at scale: {count} Korean + {count} other pages ({megabytes:.1f} MB Korean) through "
          f"searchpages.update in {spent:.2f} s = {spent / megabytes:.2f} s/MB (words already known)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="korean-search-bench-"))
    try:
        pages = demo_pages(work)
        cold(pages)
        at_scale(pages, args.pages, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
