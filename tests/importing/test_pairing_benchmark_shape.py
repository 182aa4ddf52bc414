"""The pairing benchmark (benchmarks/pairing_score.py) measures what it claims: its archive has
the promised shape, read back through the importer's own dump parser, and its scorer counts
right and wrong pairs, lost and merged releases correctly on hand-made content trees.

No timing here: the benchmark prints times, tests never assert them.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from generator.content.frontmatter import format_release
from generator.content.release import Release, Source
from generator.content.vocabulary import Matcher, load_vocabulary
from generator.importing.dumps import parse_dump

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from bilingual_archive import DUMPS, Shape, write_archive  # noqa: E402
from bilingual_figures import Figure, english, korean_amount, particle  # noqa: E402
from pairing_score import read_content, score  # noqa: E402

KOREAN = 600


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    """A small archive: its folder, its truth, and the records the importer's parser reads."""
    project = tmp_path_factory.mktemp("archive")
    truth = write_archive(project, Shape(korean=KOREAN), seed=5)
    matcher = Matcher(load_vocabulary(Path(__file__).resolve().parents[2] / "content"))
    parsed = {}
    for lang, dump in DUMPS.items():
        result = parse_dump((project / dump).read_bytes(), dump, None, matcher.category_for_line)
        assert result.problems == [] and result.lang == lang
        parsed[lang] = {record.number: record for record in result.records}
    return project, truth, {"parsed": parsed, "matcher": matcher}


def test_the_dumps_read_back_as_the_truth_says(archive: tuple[Path, dict, dict]) -> None:
    _, truth, extra = archive
    parsed = extra["parsed"]
    assert sum(len(records) for records in parsed.values()) == len(truth["records"])
    for record in truth["records"]:
        found = parsed[record["lang"]][record["record"]]
        assert (found.title, found.date.isoformat(), found.lang) == \
            (record["title"], record["date"], record["lang"])
    categorised = sum(1 for records in parsed.values() for r in records.values() if r.category)
    assert 0.5 < categorised / len(truth["records"]) < 0.8  # category lines on most records, not all


def test_the_archive_has_the_shape_of_a_ministry_archive(archive: tuple[Path, dict, dict]) -> None:
    _, truth, _ = archive
    by_id = {r["id"]: r for r in truth["records"]}
    langs = Counter(r["lang"] for r in truth["records"])
    pairs = truth["pairs"]
    assert langs["ko"] == KOREAN
    assert abs((KOREAN - len(pairs)) / KOREAN - 0.30) < 0.005  # Korean without English
    assert abs((langs["en"] - len(pairs)) / langs["en"] - 0.05) < 0.005  # English-only
    delays = [(dt.date.fromisoformat(by_id[en]["date"]) - dt.date.fromisoformat(by_id[ko]["date"])).days
              for en, ko in pairs]
    assert set(delays) == {0, 1, 2, 3}
    assert abs(sum(1 for d in delays if d) / len(pairs) - 0.10) < 0.005
    per_day = Counter(r["date"] for r in truth["records"] if r["lang"] == "ko")
    assert max(per_day.values()) == 8 and min(per_day.values()) == 1
    assert sum(1 for n in per_day.values() if n >= 2) > len(per_day) / 2


def test_titles_are_shared_within_a_day_and_recur_across_months(archive: tuple[Path, dict, dict]) -> None:
    _, truth, _ = archive
    same_day = Counter((r["lang"], r["date"], r["title"]) for r in truth["records"])
    assert sum(1 for (lang, _, _), n in same_day.items() if n > 1 and lang == "ko") >= 3
    assert sum(1 for (lang, _, _), n in same_day.items() if n > 1 and lang == "en") >= 1
    months = defaultdict(set)
    for record in truth["records"]:
        months[record["title"]].add(record["date"][:7])
    assert len(months["월간 ICT 수출입 동향"]) >= 5 and len(months["Monthly ICT export results"]) >= 3


def test_figures_are_written_in_each_languages_units(archive: tuple[Path, dict, dict]) -> None:
    project = archive[0]
    en = (project / DUMPS["en"]).read_text(encoding="utf-8")
    ko = (project / DUMPS["ko"]).read_text(encoding="utf-8")
    for pattern in (r"\d조 ?\d천억 원", r"\d억 ?\d천만 달러", r"\d{2,3}억 달러", r"\d{2,3}만명", r"\d\.\d%",
                    r"20\d\d년", r"제\d+차"):
        assert re.search(pattern, ko), pattern
    for pattern in (r"KRW \d+(\.\d+)? trillion", r"USD \d+(\.\d+)? billion", r"\$\d+(\.\d+)? (bln|mln)",
                    r"\d(\.\d+)? million people", r"\d\.\d percent", r"\d\.\d%", r"\b\d+(st|nd|rd|th)\b"):
        assert re.search(pattern, en), pattern
    assert not re.search(r"\d(억|조)", en) and not re.search(r"(million|billion|trillion)", ko)


def test_korean_text_has_particles_latin_names_and_vocabulary_concepts(
        archive: tuple[Path, dict, dict]) -> None:
    _, truth, extra = archive
    parsed, matcher = extra["parsed"], extra["matcher"]
    korean = list(parsed["ko"].values())
    acronym = re.compile(r"\((MOTIE|KATS|KOTRA|DAPA|KEPCO|KIAT|KEA|KITA)\)")
    with_latin = sum(1 for r in korean if acronym.search(r.body))
    assert 0.2 < with_latin / len(korean) < 0.8  # sometimes, not always
    bodies = "\n".join(r.body for r in korean)
    for particle_form in ("산업통상자원부는 ", "수출이 ", "공급망을 ", "서울에서 ", "으로 ", "과 ", "를 "):
        assert particle_form in bodies
    by_id = {r["id"]: r for r in truth["records"]}
    shared = 0
    for en_id, ko_id in truth["pairs"]:
        en, ko = (parsed[by_id[i]["lang"]][by_id[i]["record"]] for i in (en_id, ko_id))
        concepts = set(matcher.tags(en.title, en.body, "en")) & set(matcher.tags(ko.title, ko.body, "ko"))
        shared += bool(concepts)
    assert shared / len(truth["pairs"]) > 0.9


def test_korean_units_and_particles() -> None:
    assert korean_amount(2_400_000_000_000) == "2조 4천억"
    assert korean_amount(350_000_000) == "3억 5천만"
    assert korean_amount(350_000_000, compact=True) == "3억5천만"
    assert korean_amount(12_000_000_000) == "120억"
    assert korean_amount(1_500_000) == "150만"
    rng = random.Random(0)
    assert {english(Figure("usd", 12e9), rng) for _ in range(40)} == \
        {"USD 12 billion", "$12 billion", "$12 bln"}
    assert english(Figure("krw", 2.4e12), random.Random(1)) in {"KRW 2.4 trillion", "2.4 trillion won"}
    assert [particle(w, p) for w, p in [("산업통상자원부", "은"), ("수출", "이"), ("서울", "으로"),
                                        ("산업통상자원부(MOTIE)", "은"), ("IPEF", "을"), ("공급망", "을"),
                                        ("코트라", "과"), ("2025년", "에서")]] == \
        ["산업통상자원부는", "수출이", "서울로", "산업통상자원부(MOTIE)는", "IPEF를", "공급망을",
         "코트라와", "2025년에서"]


def test_short_releases_are_opt_in(archive: tuple[Path, dict, dict], tmp_path: Path) -> None:
    # --short makes a harder archive: English versions of one sentence, Korean ones of two.
    def one_sentence(records: dict) -> float:
        return sum(1 for r in records.values() if ". " not in r.body) / len(records)

    assert one_sentence(archive[2]["parsed"]["en"]) == 0
    write_archive(tmp_path, Shape(korean=200, short=0.5), seed=9)
    matcher = archive[2]["matcher"]
    parsed = parse_dump((tmp_path / DUMPS["en"]).read_bytes(), DUMPS["en"], None, matcher.category_for_line)
    assert 0.35 < one_sentence({r.number: r for r in parsed.records}) < 0.65


def test_the_archive_is_the_same_for_a_seed(tmp_path: Path) -> None:
    first = write_archive(tmp_path / "a", Shape(korean=80), seed=9)
    second = write_archive(tmp_path / "b", Shape(korean=80), seed=9)
    assert first == second
    for dump in DUMPS.values():
        assert (tmp_path / "a" / dump).read_bytes() == (tmp_path / "b" / dump).read_bytes()


# --- the scorer, on content trees written by the importer's own front-matter writer ---

TRUTH = {
    "seed": 0,
    "records": [
        {"id": i, "lang": i[-2:], "date": date, "title": title, "dump": DUMPS[i[-2:]], "record": number}
        for i, date, title, number in [
            ("a-en", "2024-03-04", "Alpha", 1), ("a-ko", "2024-03-04", "알파", 1),
            ("b-en", "2024-03-06", "Beta", 2), ("b-ko", "2024-03-04", "베타", 2),  # English 2 days later
            ("c-ko", "2024-03-04", "동정", 3), ("d-ko", "2024-03-04", "동정", 4),  # one title, one day
            ("e-en", "2024-03-05", "Epsilon", 3),
        ]
    ],
    "pairs": [["a-en", "a-ko"], ["b-en", "b-ko"]],
}


def _write(content: Path, record_id: str, key: str, slug: str) -> None:
    record = next(r for r in TRUTH["records"] if r["id"] == record_id)
    date = dt.date.fromisoformat(record["date"])
    path = f"{record['lang']}/{date:%Y/%m}/{slug}.md"
    release = Release(path=path, lang=record["lang"], title=record["title"], date=date, category="trade",
                      tags=(), slug=slug, translation_key=key, summary="S.", body="Body.", body_line=0,
                      source=Source(record["dump"], record["record"], "sha256:0"))
    (content / path).parent.mkdir(parents=True, exist_ok=True)
    (content / path).write_text(format_release(release), encoding="utf-8")


def test_the_scorer_scores_a_perfect_import(tmp_path: Path) -> None:
    for record_id, key, slug in [("a-en", "k-a", "alpha"), ("a-ko", "k-a", "alpha"), ("b-en", "k-b", "beta"),
                                 ("b-ko", "k-b", "beta"), ("c-ko", "k-c", "c"), ("d-ko", "k-d", "d"),
                                 ("e-en", "k-e", "epsilon")]:
        _write(tmp_path, record_id, key, slug)
    result = score(TRUTH, read_content(tmp_path))
    assert (result.precision, result.recall, result.lost, result.merged) == (1.0, 1.0, [], [])
    assert len(result.formed) == 2


def test_the_scorer_counts_false_missed_lost_and_merged(tmp_path: Path) -> None:
    # a-en is paired with the wrong Korean release (c-ko), b's pair is missed, e-en has no file,
    # and d-ko (same date and title as c-ko) has no file of its own: merged into c-ko's.
    for record_id, key, slug in [("a-en", "k-a", "alpha"), ("a-ko", "k-x", "alpha"), ("b-en", "k-b", "beta"),
                                 ("b-ko", "k-y", "beta"), ("c-ko", "k-a", "c")]:
        _write(tmp_path, record_id, key, slug)
    result = score(TRUTH, read_content(tmp_path))
    assert [(en["id"], ko["id"]) for en, ko in result.false] == [("a-en", "c-ko")]
    assert (result.precision, result.recall) == (0.0, 0.0)
    assert [(en["id"], ko["id"]) for en, ko in result.missed] == [("a-en", "a-ko"), ("b-en", "b-ko")]
    assert [r["id"] for r in result.lost] == ["e-en"]
    assert [(path, [r["id"] for r in records]) for path, records in result.merged] == \
        [("ko/2024/03/c.md", ["c-ko", "d-ko"])]
    assert result.causes == Counter({"false: a Korean-only release": 1, "missed: same day, own title": 1,
                                     "missed: the English dated later": 1})


def test_the_scorer_names_a_file_it_cannot_read_and_counts_its_release_lost(tmp_path: Path) -> None:
    _write(tmp_path, "e-en", "k-e", "epsilon")
    broken = tmp_path / "en/2024/03/epsilon.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "title: [", 1), encoding="utf-8")
    unreadable: list[str] = []
    result = score(TRUTH, read_content(tmp_path, unreadable))
    assert unreadable == ["en/2024/03/epsilon.md"]
    assert "e-en" in [r["id"] for r in result.lost]


def test_the_scorer_finds_a_file_without_a_source_by_date_and_title(tmp_path: Path) -> None:
    _write(tmp_path, "a-en", "k-a", "alpha")
    _write(tmp_path, "a-ko", "k-a", "alpha")
    path = tmp_path / "ko/2024/03/alpha.md"
    path.write_text(re.sub(r"(?m)^source:.*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    result = score(TRUTH, read_content(tmp_path))
    assert [(en["id"], ko["id"]) for en, ko in result.formed] == [("a-en", "a-ko")]
    assert result.false == [] and result.merged == []
    assert sorted(r["id"] for r in result.lost) == ["b-en", "b-ko", "c-ko", "d-ko", "e-en"]
