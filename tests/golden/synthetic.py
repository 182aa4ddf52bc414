"""A synthetic bilingual archive for tests and quick profiling (never committed):
`python -m tests.golden.synthetic DIR N` writes a site with N releases per language."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

from generator.content.frontmatter import format_release
from generator.content.release import Release, content_path_for

from .regenerate import FIXTURE, REPO

_EN = "trade exports semiconductors hydrogen investment minister agreement supply chain industry energy"
_KO = "무역 수출 반도체 수소 투자 장관 협정 공급망 산업 에너지 협력 표준 성장 배터리 철강 회담"
WORDS_EN = tuple(_EN.split(" "))
WORDS_KO = tuple(_KO.split(" "))
CATEGORIES = ("industry", "trade", "energy", "policy")
TAGS = ("japan", "usa", "semiconductors", "hydrogen", "ai", "kats", "investment", "exports",
        "standards", "smes")


def write_synthetic_site(root: Path, per_language: int, seed: int = 7) -> Path:
    """A project folder with the fixture's settings and vocabulary and `per_language` releases
    in each language (nine in ten paired). Returns the pyproject.toml path."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    text = (FIXTURE / "pyproject.toml").read_text(encoding="utf-8")
    text = text.replace('themes_dir = "../../../themes"', f'themes_dir = "{REPO / "themes"}"')
    text = text.replace("page_size = 2", "page_size = 20").replace("feed_size = 3", "feed_size = 50")
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    content = root / "content"
    content.mkdir(exist_ok=True)
    shutil.copy(FIXTURE / "content" / "vocabulary.yaml", content / "vocabulary.yaml")
    start = dt.date(2015, 1, 1)
    for number in range(per_language):
        date = start + dt.timedelta(days=number * 3650 // max(per_language, 1))
        slug = f"release-{number:06d}"
        category = rng.choice(CATEGORIES)
        tags = tuple(rng.sample(TAGS, 3))
        for lang, words in (("en", WORDS_EN), ("ko", WORDS_KO)):
            if lang == "ko" and number % 10 == 9:
                continue
            paragraphs = ["\n".join(" ".join(rng.choice(words) for _ in range(60)) for _ in range(1))
                          for _ in range(5)]
            release = Release(
                path=content_path_for(lang, date, slug), lang=lang,
                title=" ".join(rng.choice(words) for _ in range(8)).capitalize(), date=date,
                category=category, tags=tags, slug=slug, translation_key=f"key-{number}",
                summary=" ".join(rng.choice(words) for _ in range(25)), body="\n\n".join(paragraphs),
                body_line=0)
            target = content / release.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(format_release(release), encoding="utf-8")
    return root / "pyproject.toml"


if __name__ == "__main__":
    print(write_synthetic_site(Path(sys.argv[1]), int(sys.argv[2])))
