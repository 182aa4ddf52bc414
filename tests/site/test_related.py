"""Related releases: ranking by tags, title terms and date; determinism; linear work."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from checkfixture import release

from generator.content.release import Release
from generator.site.related import Stats, related_releases, title_terms


def item(lang: str, slug: str, title: str, tags: tuple[str, ...], date: dt.date) -> Release:
    return release(lang, slug, slug, date=date, tags=tags, title=title)


D = dt.date(2024, 4, 23)


def test_korean_title_terms_drop_particles_and_keep_latin_acronyms() -> None:
    terms = title_terms("반도체가 수출을 이끌고 반도체를 위한 AI 투자의 확대", "ko")
    assert {"반도체", "수출", "ai", "투자", "확대"} <= terms
    assert "반도체가" not in terms and "반도체를" not in terms and "위한" not in terms


def test_english_title_terms_are_lowercased_without_stop_words() -> None:
    assert title_terms("Korea and Japan to boost Semiconductor supply chains in 2024", "en") == {
        "korea", "japan", "boost", "semiconductor", "supply", "chains"}


def test_ranks_by_rare_tags_then_terms_then_date_and_stays_in_language() -> None:
    base = item("en", "base", "Hydrogen fuel cell exports rise", ("hydrogen", "exports"), D)
    rare_tag = item("en", "rare-tag", "Unrelated words", ("hydrogen",), D - dt.timedelta(days=400))
    common_tag = item("en", "common-tag", "Other words", ("exports",), D - dt.timedelta(days=3))
    term_only = item("en", "term-only", "Fuel vehicles", (), D - dt.timedelta(days=10))
    nothing = item("en", "nothing", "Steel quotas", ("steel",), D)
    korean = item("ko", "base", "수소 연료전지 수출", ("hydrogen", "exports"), D)
    fillers = [item("en", f"filler-{n}", f"Filler {n}", ("exports",), D - dt.timedelta(days=900 + n))
               for n in range(6)]
    related = related_releases([base, rare_tag, common_tag, term_only, nothing, korean, *fillers])
    slugs = [r.slug for r in related[base.path]]
    assert slugs[:3] == ["rare-tag", "term-only", "common-tag"]
    assert len(slugs) == 5 and "nothing" not in slugs
    assert all(r.lang == "en" for r in related[base.path])
    assert related[korean.path] == ()


def test_ties_break_by_date_newest_first_then_path() -> None:
    base = item("en", "base", "Title", ("trade",), D)
    same_day = [item("en", slug, "Other", ("trade",), D - dt.timedelta(days=5)) for slug in ("b", "a")]
    older = item("en", "c", "Other", ("trade",), D + dt.timedelta(days=5))
    related = related_releases([base, *same_day, older])[base.path]
    assert [r.slug for r in related] == ["c", "a", "b"]


def synthetic(count: int, seed: int) -> list[Release]:
    rng = random.Random(seed)
    tags = ["industry", "trade", "energy"] + [f"tag{n}" for n in range(40)]
    words = ["export", "chip", "steel", "battery", "hydrogen", "ship", "car", "grid", "nuclear", "trade"]
    out = []
    for n in range(count):
        date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3000))
        chosen = tuple(sorted({"industry", *rng.sample(tags, 3)}))  # `industry` is on every release
        title = " ".join(rng.sample(words, 3)) + f" w{rng.randrange(count)}"
        out.append(item(rng.choice(["en", "ko"]), f"r{n}", title, chosen, date))
    return out


def test_deterministic_whatever_the_input_order() -> None:
    releases = synthetic(400, seed=1)
    shuffled = list(releases)
    random.Random(2).shuffle(shuffled)
    first = related_releases(releases)
    assert first == related_releases(shuffled)
    assert all(len(v) == 5 for v in first.values())


def test_work_grows_linearly_not_quadratically() -> None:
    small, large = Stats(), Stats()
    related_releases(synthetic(1000, seed=3), cap=20, stats=small)
    related_releases(synthetic(8000, seed=3), cap=20, stats=large)
    assert "tag:industry" in small.capped_postings
    # Each release looks at most (its features × cap) candidates: a bound independent of size.
    assert large.comparisons <= large.releases * 9 * 21
    # 8× the releases costs about 8× the comparisons (all-pairs would be 64×).
    assert large.comparisons / small.comparisons < 10


def test_same_ranking_as_comparing_every_pair_when_nothing_is_capped() -> None:
    import math

    from generator.site.related import DATE_SCALE_DAYS, DATE_WEIGHT, TAG_WEIGHT, TERM_WEIGHT

    releases = synthetic(300, seed=11)
    fast = related_releases(releases, cap=10**6)

    def features(r: Release) -> set[str]:
        return {f"tag:{t}" for t in r.tags} | {f"term:{w}" for w in title_terms(r.title, r.lang)}

    for lang in ("en", "ko"):
        same = [r for r in releases if r.lang == lang]
        df: dict[str, int] = {}
        for r in same:
            for f in features(r):
                df[f] = df.get(f, 0) + 1

        weight = {f: (TAG_WEIGHT if f.startswith("tag:") else TERM_WEIGHT) * math.log(len(same) / n)
                  for f, n in df.items()}

        for r in same:
            scored = []
            for o in same:
                shared = features(r) & features(o)
                if o is r or not shared:
                    continue
                days = abs((r.date - o.date).days)
                total = sum(weight[f] for f in shared) + DATE_WEIGHT * math.exp(-days / DATE_SCALE_DAYS)
                scored.append((-round(total, 9), -o.date.toordinal(), o.path))
            assert [path for _, _, path in sorted(scored)[:5]] == [o.path for o in fast[r.path]]


@pytest.mark.parametrize("in_parallel", [False, True])
def test_partial_ranking_equals_ranking_everything(monkeypatch: pytest.MonkeyPatch,
                                                   in_parallel: bool) -> None:
    """generator.incremental.relatedscope re-ranks only releases an edit can reach; the lists must equal a
    full ranking after edits of titles, tags and dates, one at a time and several at once.
    `in_parallel`: many releases to rank again are ranked on every core (forked workers), as an
    edit that drops a common title word has at 10,000 releases per language."""
    from dataclasses import replace
    from types import SimpleNamespace

    from generator import incremental
    from generator.incremental.relatedscope import related_lists
    from generator.incremental.state import BuildState, ReadRecord

    forked = []
    if in_parallel:
        real = incremental.relatedscope.map_chunks

        def counted(*args: object, **options: object) -> object:
            forked.append(len(args[2]))  # type: ignore[arg-type]
            return real(*args, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(incremental.relatedscope, "PARALLEL_THRESHOLD", 20)
        monkeypatch.setattr(incremental.relatedscope, "map_chunks", counted)
        monkeypatch.setattr("generator.workers.workers", lambda: 2)  # forked even on one core

    def archive_of(releases: list[Release]) -> SimpleNamespace:
        by_lang = {lang: [r for r in releases if r.lang == lang] for lang in ("en", "ko")}
        by_path = {r.path: r for r in releases}
        return SimpleNamespace(languages=["en", "ko"], by_path=by_path, releases=by_lang)

    rng = random.Random(5)
    releases = synthetic(600, seed=7)
    lists = related_lists(archive_of(releases), None, None)  # type: ignore[arg-type]
    assert lists == related_releases(releases)
    for _round in range(12):
        state = BuildState(sources={r.path: ReadRecord(0, 0, r, "") for r in releases},
                           related={p: tuple((o.path, o.title, o.date) for o in v) for p, v in lists.items()})
        edited = list(releases)
        changed = set()
        for _ in range(rng.choice([1, 1, 3])):
            n = rng.randrange(len(edited))
            old = edited[n]
            how = rng.choice(["title", "tags", "date"])
            if how == "title":
                new = replace(old, title=rng.choice(["grid chip", "export ship w3", "nuclear fusion"]))
            elif how == "tags":
                new = replace(old, tags=("industry", f"tag{rng.randrange(40)}"))
            else:
                new = replace(old, date=old.date + dt.timedelta(days=rng.randrange(-400, 400)))
            edited[n] = new
            changed.add(new.path)
        lists = related_lists(archive_of(edited), state, changed)  # type: ignore[arg-type]
        assert lists == related_releases(edited)
        releases = edited
    assert bool(forked) == in_parallel, forked
