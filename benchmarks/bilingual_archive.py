"""A synthetic bilingual archive in the shape of a real ministry archive, with its ground truth.

Shape (issue 14): far more Korean releases than English ones — 30% of the Korean releases have no
English version, and 5% of the English releases have no Korean one; 10% of the English versions
appear 1 to 3 days after their Korean original (the rest on the same day); figures in each
language's own units (benchmarks/bilingual_figures.py); 1 to 8 releases a working day, with
heavy days; some days two different releases under one title in the same language, and titles
that recur every month or quarter; the vocabulary's words in both languages and, sometimes, Latin
acronyms and company names in Korean text (benchmarks/bilingual_text.py).

Output, in a project folder: seeds/ko/archive.ko.txt and seeds/en/archive.txt in the dump format
`pressroom import` reads (`-` lines between records; category line, title, body ending in
`dateYYYY-MM-DD`), newest first, the two languages in unrelated orders; and truth.json: every
record (id, language, date, title, dump, record number) and the true English–Korean pairs.

    python benchmarks/bilingual_archive.py OUT [--korean 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bilingual_text import COUNTRIES, RECURRING, SHARED_TITLES, ReleaseText, make_text

DUMPS = {"en": "seeds/en/archive.txt", "ko": "seeds/ko/archive.ko.txt"}
CATEGORY_LINES = {"industry": ("Industry", "산업"), "trade": ("Trade", "통상"),
                  "energy": ("Energy", "에너지"), "investment": ("Investment", "투자"),
                  "standards": ("Standards", "표준"),
                  "technology": ("Technology", "기술"), "general": ("General", "일반")}
PER_DAY = [(1, 14), (2, 22), (3, 21), (4, 15), (5, 11), (6, 8), (7, 5), (8, 4)]  # releases a day: weight
KINDS = [("pledge", 12), ("dialogue", 12), ("forum", 9), ("mou", 11), ("budget", 10), ("contract", 12),
         ("visit", 14), ("exports", 12)]


@dataclass(frozen=True)
class Shape:
    """What the archive looks like; the defaults are the issue's."""

    korean: int = 2000
    without_english: float = 0.30  # of the Korean releases
    english_only: float = 0.05  # of the English releases
    late: float = 0.10  # of the English versions: dated 1–3 days after the Korean original
    shared_title_days: float = 0.04  # of the days with two releases or more
    short: float = 0.0  # of all releases: a lead and one sentence only (not in the shape)
    start: dt.date = dt.date(2023, 1, 2)


@dataclass
class Release:
    """One release, in Korean, English or both; `id` names it in the truth file."""

    id: str
    text: ReleaseText
    ko_date: dt.date | None
    en_date: dt.date | None
    numbers: dict[str, int] = field(default_factory=dict)  # language → record number in its dump


def schedule(rng: random.Random, total: int, start: dt.date) -> list[tuple[dt.date, int]]:
    """(day, releases that day) for working days from `start` until `total` releases."""
    days, day, left = [], start, total
    sizes, weights = zip(*PER_DAY, strict=True)
    while left > 0:
        if day.weekday() < 5 or rng.random() < 0.1:  # the ministry publishes on some Saturdays
            size = min(left, rng.choices(sizes, weights)[0])
            days.append((day, size))
            left -= size
        day += dt.timedelta(days=1)
    return days


def _day_kinds(rng: random.Random, day: dt.date, size: int, first: dict[str, set]) -> list[str]:
    """The kinds of a day's releases: the monthly ICT figures on the first day from the 13th,
    the quarterly FDI figures on the first day of a quarter's first month from the 3rd."""
    names, weights = zip(*KINDS, strict=True)
    kinds = list(rng.choices(names, weights, k=size))
    month = (day.year, day.month)
    if day.day >= 13 and month not in first["ict"]:
        first["ict"].add(month)
        kinds[0] = "ict"
    elif day.month % 3 == 1 and day.day >= 3 and month not in first["fdi"]:
        first["fdi"].add(month)
        kinds[-1] = "fdi"
    return kinds


def korean_releases(rng: random.Random, shape: Shape) -> list[Release]:
    """Every Korean original, day by day; some days repeat a title for two releases."""
    releases: list[Release] = []
    first: dict[str, set] = {"ict": set(), "fdi": set()}
    for day, size in schedule(rng, shape.korean, shape.start):
        kinds = _day_kinds(rng, day, size, first)
        shared = None
        if size >= 2 and rng.random() < shape.shared_title_days:
            shared = rng.choice(SHARED_TITLES)
            spots = [i for i, kind in enumerate(kinds) if kind not in RECURRING][:2]
            for spot in spots:
                kinds[spot] = "shared"
        # A minister's trip fills a day with releases about one country.
        trip = rng.choice(COUNTRIES) if rng.random() < 0.4 else None
        for kind in kinds:
            country = trip if trip and rng.random() < 0.7 else rng.choice(COUNTRIES)
            title = shared if kind == "shared" else None
            text = make_text(rng, kind, day, country, title, _short(rng, shape))
            releases.append(Release(f"r{len(releases) + 1:05d}", text, day, None))
    return releases


def _short(rng: random.Random, shape: Shape) -> bool:
    # No draw at all without short releases: the default archive stays what it was for a seed.
    return shape.short > 0 and rng.random() < shape.short


def add_english(rng: random.Random, releases: list[Release], shape: Shape) -> list[Release]:
    """English versions of 70% of the Korean releases, 10% of them late; English-only releases
    on the archive's days, 5% of all English ones. Returns the English-only ones."""
    wanted = round(len(releases) * (1 - shape.without_english))
    with_english = sorted(rng.sample(range(len(releases)), wanted))
    late = set(rng.sample(with_english, round(len(with_english) * shape.late)))
    for index in with_english:
        delay = rng.randint(1, 3) if index in late else 0
        releases[index].en_date = releases[index].ko_date + dt.timedelta(days=delay)
    alone = round(len(with_english) * shape.english_only / (1 - shape.english_only))
    days = sorted({r.ko_date for r in releases if r.ko_date})
    names = [name for name, _ in KINDS]
    extra = []
    for number in range(alone):
        day = rng.choice(days)
        text = make_text(rng, rng.choice(names), day, rng.choice(COUNTRIES), short=_short(rng, shape))
        extra.append(Release(f"e{number + 1:05d}", text, None, day))
    return extra


def _category_lines(rng: random.Random, text: ReleaseText) -> tuple[str | None, str | None]:
    """Both dumps state the category, or neither, or (rarely) only one of them."""
    english, korean = CATEGORY_LINES[text.category]
    roll = rng.random()
    if roll < 0.55:
        return english, korean
    if roll < 0.65:
        return None, korean
    return (english, None) if roll < 0.7 else (None, None)


def _record(category: str | None, title: str, sentences: list[str], date: dt.date, rng: random.Random) -> str:
    """One dump record; long bodies sometimes run over two lines (two paragraphs)."""
    body = [" ".join(sentences)]
    if len(sentences) > 4 and rng.random() < 0.3:
        body = [" ".join(sentences[:3]), " ".join(sentences[3:])]
    return "\n".join(["-", *([category] if category else []), title, *body[:-1], f"{body[-1]} date{date}"])


def write_archive(project: Path, shape: Shape, seed: int) -> dict:
    """Write both dumps and truth.json into `project`; return the truth."""
    rng = random.Random(seed)
    releases = korean_releases(rng, shape)
    releases += add_english(rng, releases, shape)
    records: dict[str, list[tuple[dt.date, float, Release, str]]] = defaultdict(list)
    for release in releases:
        en_line, ko_line = _category_lines(rng, release.text)
        text = release.text
        if release.ko_date:
            records["ko"].append((release.ko_date, rng.random(), release,
                                  _record(ko_line, text.title_ko, text.body_ko, release.ko_date, rng)))
        if release.en_date:
            records["en"].append((release.en_date, rng.random(), release,
                                  _record(en_line, text.title_en, text.body_en, release.en_date, rng)))
    for lang, found in records.items():
        found.sort(key=lambda item: (-item[0].toordinal(), item[1]))  # newest first, a day shuffled
        for number, (_, _, release, _) in enumerate(found, 1):
            release.numbers[lang] = number
        path = project / DUMPS[lang]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(item[3] for item in found) + "\n", encoding="utf-8")
    truth = _truth(releases, shape, seed)
    (project / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def _truth(releases: list[Release], shape: Shape, seed: int) -> dict:
    records, pairs = [], []
    for release in releases:
        for lang, date, title in (("ko", release.ko_date, release.text.title_ko),
                                  ("en", release.en_date, release.text.title_en)):
            if date is not None:
                records.append({"id": f"{release.id}-{lang}", "lang": lang, "date": date.isoformat(),
                                "title": title, "kind": release.text.kind, "dump": DUMPS[lang],
                                "record": release.numbers[lang]})
        if release.ko_date and release.en_date:
            pairs.append([f"{release.id}-en", f"{release.id}-ko"])
    return {"seed": seed, "shape": {"korean": shape.korean, "without_english": shape.without_english,
                                    "english_only": shape.english_only, "late": shape.late,
                                    "short": shape.short},
            "records": records, "pairs": pairs}


def describe(truth: dict) -> str:
    """The archive's shape in one line, as generated."""
    langs = defaultdict(int)
    for record in truth["records"]:
        langs[record["lang"]] += 1
    dates = {r["id"]: r["date"] for r in truth["records"]}
    late = sum(1 for en, ko in truth["pairs"] if dates[en] != dates[ko])
    pairs = len(truth["pairs"])
    return (f"archive (seed {truth['seed']}): {langs['ko']} Korean and {langs['en']} English records; "
            f"{pairs} true pairs, {langs['ko'] - pairs} Korean-only, {langs['en'] - pairs} English-only, "
            f"{late} English versions dated later"
            + (f"; {truth['shape']['short']:.0%} short releases" if truth["shape"].get("short") else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the project folder to write seeds/ and truth.json into")
    parser.add_argument("--korean", type=int, default=2000, help="Korean releases (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--short", type=float, default=0.0,
                        help="share of releases with a lead and one sentence only (default 0)")
    options = parser.parse_args()
    truth = write_archive(options.out, Shape(korean=options.korean, short=options.short), options.seed)
    print(f"{describe(truth)}; written to {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
