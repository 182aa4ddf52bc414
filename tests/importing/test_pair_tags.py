"""One category and one set of tags per English–Korean pair: the union of both versions' tags, a
stated category before an inferred one, and a person's edited version before either."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from test_importer import releases, run, snapshot, write_dump

from generator.content.release import Release
from generator.content.vocabulary import Matcher, load_vocabulary
from generator.importing.dumps import parse_dump
from generator.importing.pairtags import pair_terms

ENGLISH = ("-\nMinister meets Boeing on 120 jets\nThe MOTIE minister met Boeing in Seattle to discuss "
           "120 jets, 35 engines and aerospace supply chains. date2024-07-01\n")
KOREAN = ("-\n에너지\n장관, 보잉과 항공기 120대 논의\n산업통상자원부(MOTIE) 장관이 시애틀에서 Boeing과 "
          "항공기 120대와 엔진 35기, 반도체 협력을 논의했다. date2024-07-01\n")


def pairs(project: Path) -> dict[str, dict[str, Release]]:
    found: dict[str, dict[str, Release]] = {}
    for release in releases(project):
        found.setdefault(release.translation_key, {})[release.lang] = release
    return found


def test_every_seed_pair_carries_the_union_of_both_versions_tags(project: Path, capsys) -> None:
    assert run(project) == 0
    matcher = Matcher(load_vocabulary(project / "content"))
    own: dict[tuple[str, str], tuple[str, ...]] = {}  # (lang, title) → the tags its own text gives
    for dump in sorted((project / "seeds").rglob("*.txt")):
        for record in parse_dump(dump.read_bytes(), dump.name, None, matcher.category_for_line).records:
            own[record.lang, record.title] = matcher.classify(record.title, record.body, record.lang)[1]
    found = pairs(project)
    assert len(found) == 18
    parted = 0  # pairs whose versions' own texts give different tags
    for group in found.values():
        en, ko = group["en"], group["ko"]
        assert (en.category, en.category_inferred, en.tags) == (ko.category, ko.category_inferred, ko.tags)
        mine, theirs = own["en", en.title], own["ko", ko.title]
        parted += set(mine) != set(theirs)
        assert set(en.tags) == set(mine) | set(theirs)
        assert list(en.tags) == [tag for tag in matcher.vocabulary.tags if tag in en.tags]
    assert parted == 11


def test_a_stated_category_beats_an_inferred_one(project: Path) -> None:
    english, korean = write_dump(project, "en.txt", ENGLISH), write_dump(project, "ko.txt", KOREAN)
    assert run(project, str(english), str(korean)) == 0
    ((en, ko),) = [(group["en"], group["ko"]) for group in pairs(project).values()]
    assert (en.category, en.category_inferred) == (ko.category, ko.category_inferred) == ("energy", False)
    assert en.tags == ko.tags and {"aerospace", "semiconductors", "motie"} <= set(en.tags)


def test_korean_imported_later_rewrites_the_unedited_english_file(project: Path, capsys) -> None:
    assert run(project, str(project / "seeds" / "en")) == 0
    assert run(project, str(project / "seeds" / "ko")) == 0
    # 7 English files take tags their Korean versions add: the same archive as one import of both.
    assert "import: 25 releases — 18 new, 7 updated" in capsys.readouterr().out
    later = snapshot(project)
    for file in (project / "content").iterdir():
        if file.name != "vocabulary.yaml":
            (file.unlink() if file.is_file() else shutil.rmtree(file))
    assert run(project) == 0
    assert snapshot(project) == later


def test_a_persons_tags_and_category_are_the_pairs(project: Path, capsys) -> None:
    english, korean = write_dump(project, "en.txt", ENGLISH), write_dump(project, "ko.txt", KOREAN)
    assert run(project, str(english), str(korean)) == 0
    (en_file,) = (project / "content/en/2024/07").iterdir()
    text = en_file.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(text):
        if line.startswith("tags:"):
            text[number] = "tags: [united-states, aerospace]"
        if line.startswith("category:"):
            text[number] = "category: industry"
    en_file.write_text("\n".join(text), encoding="utf-8")
    capsys.readouterr()
    (ko_file,) = (project / "content/ko/2024/07").iterdir()
    # The edited English version in the run, then not (the Korean file deleted: written again).
    for dumps, summary in (((english, korean), "0 new, 1 updated, 0 unchanged, 1 kept"),
                           ((korean,), "1 new, 0 updated, 0 unchanged, 0 kept")):
        assert run(project, *map(str, dumps)) == 0
        assert summary in capsys.readouterr().out
        ((en, ko),) = [(group["en"], group["ko"]) for group in pairs(project).values()]
        assert (ko.category, ko.category_inferred) == ("industry", False)
        assert ko.tags == ("united-states", "aerospace")
        assert en.tags == ko.tags
        ko_file.unlink()


def version(category: str, inferred: bool, tags: tuple[str, ...], lang: str) -> Release:
    return Release(path=f"{lang}/2024/07/x.md", lang=lang, title="t", date=dt.date(2024, 7, 1),
                   category=category, category_inferred=inferred, tags=tags, slug="x", translation_key="k",
                   summary="s", body="b", body_line=0)


def test_pair_terms_rules(repo_root: Path) -> None:
    matcher = Matcher(load_vocabulary(repo_root / "content"))
    en = version("trade", True, ("motie", "japan"), "en")
    ko = version("energy", True, ("japan", "lng"), "ko")
    assert pair_terms([ko, en], matcher) == ("trade", True, ("japan", "lng", "motie"))  # English first
    stated = version("energy", False, (), "ko")
    assert pair_terms([en, stated], matcher) == ("energy", False, ("japan", "motie"))  # stated first
    general = version("general", True, (), "en")
    assert pair_terms([general, ko], matcher)[:2] == ("energy", True)  # nothing matched yields
