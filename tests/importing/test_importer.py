"""`pressroom import` end to end, on a scratch copy of the project."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.content.bundles import is_bundle
from generator.content.files import iter_release_files
from generator.content.frontmatter import parse_release
from generator.content.release import is_safe_slug, single_path
from generator.importing.manifest import MANIFEST_FILE

# The 18 seed releases, English title ↔ Korean title, as the import must pair them.
PAIRS = {
    "Japan's advanced materials companies pledge $120 mln investment in Korea":
        "일본 첨단소재 기업, 한국에 1.2억 달러 투자 약속",
    "Experts from 40 countries gather in Seoul to further AI global standards development":
        "40개국 전문가 서울 집결…AI 국제표준 개발 논의",
    "Korea and Japan hold 21st bilateral Steel Dialogue":
        "한일, 제21차 철강대화 개최",
    "Defense industry spearheading Korea’s exports with $20 bln target in 2024":
        "방산, 올해 수출 200억 달러 목표…한국 수출 선봉에",
    "Minister Ahn visits KAI":
        "안덕근 장관, KAI 방문",
    "Minister Ahn attends naming ceremony for LNG carrier ORION SPIRIT":
        "안덕근 장관, LNG 운반선 ORION SPIRIT호 명명식 참석",
    "ORION SPIRIT to set sail as Korea's 500th LNG carrier exported since 1994":
        "ORION SPIRIT호, 1994년 이후 한국의 500번째 수출 LNG 운반선으로 출항",
    "Top experts gather for first AI semiconductor working group meeting":
        "AI·반도체 최고 전문가들, 첫 AI 반도체 분과 회의 개최",
    "MOTIE and Boeing discuss aerospace and defense cooperation":
        "산업통상자원부-보잉, 항공우주·방산 협력 논의",
    "MOTIE and Boeing discuss global R&D projects and aerospace supply chain cooperation":
        "산업통상자원부-보잉, 글로벌 R&D 프로젝트 및 항공우주 공급망 협력 논의",
    "Korea’s ICT exports climb 28.5% in August":
        "8월 ICT 수출 28.5% 증가…8개월 연속 두 자릿수 성장",
    "Trade Minister Cheong engages in wide-ranging outreach to U.S.":
        "정인교 통상교섭본부장, 미국 조야 대상 전방위 아웃리치 전개",
    "K-Defense slicks up design, making ready for global market":
        "K-방산, 디자인 옷 입고 세계 시장 공략 채비",
    "Korea to host 1st World Standards Forum in Seoul in 2025":
        "한국, 2025년 서울에서 제1회 세계표준포럼 개최",
    "IPEF partner countries to simulate first mock drill for supply chain crisis response":
        "IPEF 참여국, 공급망 위기대응 첫 모의훈련 실시",
    "Korea and Philippines hold 3rd Joint Commission for Trade and Economic Cooperation meeting":
        "한-필리핀, 제3차 무역경제협력공동위원회 개최",
    "Advanced materials and logistics companies pledge $83.6 mln investments in Korea":
        "첨단소재·물류 기업, 한국에 8,360만 달러 투자 신고",
    "Korea-U.S. Economic Security Conference 2024 seeks to boost public-private cooperation "
    "on security agendas":
        "2024 한미 경제안보 콘퍼런스, 경제안보 의제 민관 협력 강화 모색",
}


def run(project: Path, *args: str) -> int:
    return main(["--quiet", "--config", str(project / "pyproject.toml"), "import", *args])


def snapshot(project: Path) -> dict[str, bytes]:
    content = project / "content"
    return {p.relative_to(content).as_posix(): p.read_bytes()
            for p in sorted(content.rglob("*")) if p.is_file()}


def releases(project: Path) -> list:
    content = project / "content"
    return [parse_release(f.read_text(encoding="utf-8"), f.relative_to(content).as_posix())
            for f in iter_release_files(content)]


def write_dump(project: Path, name: str, text: str) -> Path:
    path = project / "dumps" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_seeds_import_into_36_files_forming_the_18_true_pairs(project: Path, capsys) -> None:
    assert run(project) == 0
    out = capsys.readouterr().out
    assert "import: 36 releases — 36 new, 0 updated, 0 unchanged, 0 kept (local edits), 0 problems" in out
    assert ("import: 18 English–Korean pairs, 0 proposal(s) left for a person, "
            "without a counterpart: 0 English, 0 Korean") in out
    found = releases(project)
    assert len(found) == 36
    by_key: dict[str, dict[str, object]] = {}
    for release in found:
        by_key.setdefault(release.translation_key, {})[release.lang] = release
    pairs = {group["en"].title: group["ko"].title for group in by_key.values()}
    assert pairs == PAIRS
    for group in by_key.values():
        en, ko = group["en"], group["ko"]
        assert en.slug == ko.slug and en.date == ko.date
        assert en.translation_key == f"{en.date}-{en.slug}"
    for release in found:
        assert is_safe_slug(release.slug) and release.slug.isascii()
        assert release.path == f"{release.lang}/{release.date:%Y}/{release.date:%m}/{release.slug}.md"
        assert 0 < len(release.summary) <= 200
        assert release.source.hash.startswith("sha256:") and release.source.dump.startswith("seeds/")
        assert release.category in {"industry", "trade", "energy", "investment", "standards", "technology",
                                    "general"}
    inferred = [r for r in found if r.category_inferred]
    assert len(inferred) == 16  # the second dump of each language has no category lines
    assert sum(1 for r in found if r.category == "industry" and not r.category_inferred) == 20


def test_second_import_changes_no_byte(project: Path, capsys) -> None:
    assert run(project) == 0
    before = snapshot(project)
    assert run(project) == 0
    assert snapshot(project) == before
    assert "0 new, 0 updated, 36 unchanged" in capsys.readouterr().out
    manifest = json.loads((project / "content" / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert len(manifest["files"]) == 36 and list(manifest["files"]) == sorted(manifest["files"])


def test_committed_archive_is_what_the_import_makes(project: Path, repo_root: Path) -> None:
    """Byte for byte, but for the demo's page bundles: a person made those of imported releases
    (moved into a folder, given a photo and a PDF, the photo shown in the body), and the manifest
    follows them there (generator.importing.manifest.follow_moves)."""
    assert run(project) == 0
    committed = {p.relative_to(repo_root / "content").as_posix(): p.read_bytes()
                 for p in sorted((repo_root / "content").rglob("*")) if p.is_file()}
    made = snapshot(project)
    bundles = [path for path in committed if is_bundle(path)]
    assert len(bundles) == 2
    for path in bundles:
        folder = path[:-len("index.md")]
        assert made.pop(single_path(path)).decode() in committed[path].decode()  # the import's text, added to
        for name in [name for name in committed if name.startswith(folder)]:
            del committed[name]
    manifest = json.loads(committed.pop(MANIFEST_FILE))["files"]
    written = json.loads(made.pop(MANIFEST_FILE))["files"]
    assert {single_path(path): entry for path, entry in manifest.items()} == written
    assert made == committed


def test_edited_files_are_kept_and_changed_records_update_the_rest(project: Path, capsys) -> None:
    dump = write_dump(project, "d.txt", "-\nIndustry\nSteel talks\nKorea and Japan met. date2024-01-02\n"
                                        "-\nIndustry\nBattery plan\nA plan for batteries. date2024-01-03\n")
    assert run(project, str(dump)) == 0
    steel = project / "content/en/2024/01/steel-talks.md"
    battery = project / "content/en/2024/01/battery-plan.md"
    edited = steel.read_text(encoding="utf-8").replace("Korea and Japan met.", "Korea met (corrected).")
    steel.write_text(edited, encoding="utf-8")
    dump.write_text(dump.read_text(encoding="utf-8").replace("met.", "met again.").replace(
        "for batteries.", "for batteries and cells."), encoding="utf-8")
    capsys.readouterr()
    assert run(project, str(dump)) == 0
    captured = capsys.readouterr()
    assert steel.read_text(encoding="utf-8") == edited
    assert "cells" in battery.read_text(encoding="utf-8")
    assert "kept local edits: content/en/2024/01/steel-talks.md" in captured.out
    assert "dumps/d.txt:2: conflict: this record changed, but content/en/2024/01/steel-talks.md was edited" \
           in captured.err
    assert "0 new, 1 updated, 0 unchanged, 1 kept (local edits), 0 problems" in captured.out
    # Still kept on the next run, and the summary says so again.
    assert run(project, str(dump)) == 0
    assert steel.read_text(encoding="utf-8") == edited
    assert "1 unchanged, 1 kept (local edits)" in capsys.readouterr().out


def test_a_hand_set_translation_key_pins_or_breaks_a_pair(project: Path, capsys) -> None:
    assert run(project) == 0
    korean = next(p for p in (project / "content/ko/2024/04").glob("minister-ahn-visits-kai.md"))
    korean.write_text(korean.read_text(encoding="utf-8").replace(
        "translation_key: 2024-04-19-minister-ahn-visits-kai", "translation_key: kai-visit-unpaired"),
        encoding="utf-8")
    capsys.readouterr()
    assert run(project) == 0
    out = capsys.readouterr().out
    assert "kept local edits: content/ko/2024/04/minister-ahn-visits-kai.md" in out
    assert ("17 English–Korean pairs, 0 proposal(s) left for a person, "
            "without a counterpart: 1 English, 1 Korean") in out
    assert "no Korean counterpart found for 2024-04-19 'Minister Ahn visits KAI'" in out
    keys = {r.translation_key for r in releases(project) if r.lang == "ko"}
    assert "kai-visit-unpaired" in keys and len(keys) == 18


def test_the_same_record_in_two_dumps_imports_once(project: Path, capsys) -> None:
    record = "-\nIndustry\nSteel talks\nKorea and Japan met. date2024-01-02\n"
    first = write_dump(project, "a.txt", record)
    second = write_dump(project, "b.txt", record + "-\nOther news\nSomething else. date2024-01-03\n")
    assert run(project, str(first), str(second)) == 0
    out = capsys.readouterr().out
    assert "import: 1 record(s) found in more than one dump; each imported once" in out
    assert "2 releases — 2 new" in out
    assert run(project, str(second)) == 0
    assert "0 new, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_bad_records_are_reported_and_good_ones_import(project: Path, capsys) -> None:
    dump = write_dump(project, "bad.txt", "-\nGood one\nFine text. date2024-01-02\n-\nNo date\nText\n"
                                          "-\nBad date\nText. date2024-13-01\n")
    (project / "dumps" / "empty.txt").write_bytes(b"")
    assert run(project, str(project / "dumps")) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "dumps/bad.txt:6: no date: the record's last line must end with dateYYYY-MM-DD",
        "dumps/bad.txt:9: impossible date 2024-13-01",
        "dumps/empty.txt:1: empty file: no records",
    ]
    assert "1 releases — 1 new, 0 updated, 0 unchanged, 0 kept (local edits), 3 problems" in captured.out
    assert (project / "content/en/2024/01/good-one.md").is_file()
    assert dump.is_file()


def test_strict_mode_writes_nothing(project: Path, capsys) -> None:
    dump = write_dump(project, "bad.txt", "-\nGood one\nFine text. date2024-01-02\n-\nNo date\nText\n")
    before = snapshot(project)
    assert run(project, "--strict", str(dump)) == 1
    assert snapshot(project) == before
    assert "import: --strict: 1 problem(s); nothing written" in capsys.readouterr().err


def test_unknown_language_and_missing_paths(project: Path, capsys) -> None:
    assert run(project, "--lang", "fr") == 2  # a language the settings do not have
    assert "import: unknown --lang 'fr'; use one of the site's languages: en, ko" in capsys.readouterr().err
    assert run(project, str(project / "nowhere.txt")) == 1
    assert "nowhere.txt: no such dump file or folder" in capsys.readouterr().err


def test_korean_only_release_keeps_hangul_slug_and_lang_can_be_forced(project: Path) -> None:
    dump = write_dump(project, "ko.txt",
                      "-\n산업\n반도체 수출 28.5% 증가\n반도체 수출이 늘었다. date2024-03-05\n")
    assert run(project, str(dump)) == 0
    (only,) = releases(project)
    assert only.lang == "ko" and only.slug == "반도체-수출-28-5-증가" and is_safe_slug(only.slug)
    assert only.translation_key == "2024-03-05-반도체-수출-28-5-증가"
    forced = write_dump(project, "mixed.txt", "-\nTitle in English\n본문은 한국어입니다. date2024-03-06\n")
    assert run(project, "--lang", "en", str(forced)) == 0
    assert (project / "content/en/2024/03/title-in-english.md").is_file()


def add_japanese(project: Path) -> None:
    """The project with `ja` as a third language: settings, and a label per vocabulary term."""
    config = project / "pyproject.toml"
    text = config.read_text(encoding="utf-8").replace('languages = ["en", "ko"]',
                                                      'languages = ["en", "ko", "ja"]')
    text = re.sub(r'(?m)^(ko = .*)\n(?=\n\[tool\.pressroom\.description\])', r'\1\nja = "報道資料"\n', text)
    config.write_text(re.sub(r"(?m)^(ko = .*)\n(?=\n\[tool\.ruff\])", r'\1\nja = "アーカイブ"\n', text),
                      encoding="utf-8")
    vocabulary = project / "content" / "vocabulary.yaml"
    text = re.sub(r"(?m)^(\s+)ko: ([^\[\n]+)$", r"\1ko: \2\n\1ja: \2", vocabulary.read_text(encoding="utf-8"))
    vocabulary.write_text(re.sub(r", ko: ([^\[\n,}]+)([,}])", r", ko: \1, ja: \1\2", text), encoding="utf-8")


def test_a_japanese_dump_in_the_english_format_imports_with_lang(project: Path, capsys) -> None:
    add_japanese(project)
    dump = write_dump(project, "ja.txt",
                      "-\nIndustry\n日本企業、韓国に半導体素材工場を新設\n"
                      "東レは韓国に新しい工場を建設する。投資額は1億2千万ドル。 date2024-04-23\n"
                      "-\nJapan's trade delegation visits Seoul\n"
                      "日本の通商代表団がソウルを訪問した。 date2024-04-24\n")
    assert run(project, "--lang", "ja", str(dump)) == 0, capsys.readouterr().err
    found = {release.path: release for release in releases(project)}
    first = found["ja/2024/04/日本企業-韓国に半導体素材工場を新設.md"]
    assert first.lang == "ja" and first.category == "industry" and not first.category_inferred
    assert first.body == "東レは韓国に新しい工場を建設する。投資額は1億2千万ドル。"  # lossless
    second = found["ja/2024/04/japans-trade-delegation-visits-seoul.md"]  # a Latin title: an ASCII slug
    assert second.lang == "ja" and second.translation_key == "2024-04-24-japans-trade-delegation-visits-seoul"
    assert run(project, "--lang", "ja", str(dump)) == 0  # a second run changes nothing
    assert "0 new, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_slug_collisions_get_stable_suffixes(project: Path) -> None:
    text = "".join(f"-\nSame title\nBody number {n}. date2024-05-0{n}\n" for n in (1, 2, 3))
    dump = write_dump(project, "same.txt", text)
    assert run(project, str(dump)) == 0
    names = sorted(p.name for p in (project / "content/en/2024/05").iterdir())
    assert names == ["same-title-2.md", "same-title-3.md", "same-title.md"]
    before = snapshot(project)
    assert run(project, str(dump)) == 0
    assert snapshot(project) == before
    long_title = "A very long title " * 10
    dump = write_dump(project, "long.txt", f"-\n{long_title}\nBody. date2024-06-01\n")
    assert run(project, str(dump)) == 0
    (slug,) = [p.stem for p in (project / "content/en/2024/06").iterdir()]
    assert len(slug) <= 80 and not slug.endswith("-")
    assert long_title.lower().startswith(slug.replace("-", " "))


def test_korean_imported_later_pairs_with_english_already_in_the_archive(project: Path, capsys) -> None:
    assert run(project, str(project / "seeds" / "en")) == 0
    assert run(project, str(project / "seeds" / "ko")) == 0
    assert "18 English–Korean pairs" in capsys.readouterr().out.splitlines()[-2]
    pairs = {}
    for release in releases(project):
        pairs.setdefault(release.translation_key, {})[release.lang] = release.title
    assert {g["en"]: g["ko"] for g in pairs.values()} == PAIRS


def test_hostile_dumps_never_crash(project: Path, capsys) -> None:
    hostile = [b"\xff\xfe\x00\x00", b"-\n" * 50, b"date2024-01-01", b"\x00" * 10, b"-\n{{ x }}\n<script>\n"
               b"{% y %} date2024-01-01\n", b"-\nT\n" + b"x" * 100000 + b" date2024-01-01"]
    for number, data in enumerate(hostile):
        path = project / "dumps" / f"h{number}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        assert run(project, str(path)) in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


DUMP_PIECES = st.sampled_from(["-\n", "Industry\n", "산업\n", "Title\n", "제목\n", "Body text. ",
                               "본문이다. ", "date2024-01-02", "date2024-02-30",
                               "\n", "\r\n", "\ufeff", "*_`<&{{", "\x00"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(DUMP_PIECES, max_size=25).map("".join), min_size=1, max_size=3))
def test_any_dumps_import_without_a_traceback(project: Path, dumps: list[str]) -> None:
    folder = project / "fuzz"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for number, text in enumerate(dumps):
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    assert run(project, str(folder)) in (0, 1)
    assert run(project, str(folder)) in (0, 1)
    for release in releases(project):
        assert is_safe_slug(release.slug)


def test_a_hand_set_key_pins_a_pair_the_import_could_not_find(project: Path, capsys) -> None:
    english = write_dump(project, "en.txt",
                         "-\nMinister visits plant\nThe minister visited a plant. date2024-07-01\n")
    korean = write_dump(project, "ko.txt", "-\n장관 공장 방문\n장관이 공장을 방문했다. date2024-07-01\n")
    assert run(project, str(english), str(korean)) == 0
    assert ("0 English–Korean pairs, 0 proposal(s) left for a person, "
            "without a counterpart: 1 English, 1 Korean") in capsys.readouterr().out
    (ko_file,) = (project / "content/ko/2024/07").iterdir()
    text = ko_file.read_text(encoding="utf-8")
    old_key = next(line for line in text.splitlines() if line.startswith("translation_key:"))
    pinned = text.replace(old_key, "translation_key: 2024-07-01-minister-visits-plant")
    ko_file.write_text(pinned, encoding="utf-8")
    assert run(project, str(english), str(korean)) == 0
    out = capsys.readouterr().out
    assert ("1 English–Korean pairs, 0 proposal(s) left for a person, "
            "without a counterpart: 0 English, 0 Korean") in out
    assert f"kept local edits: content/ko/2024/07/{ko_file.name}" in out


def test_korean_first_then_both_moves_korean_files_to_english_slugs(project: Path, capsys) -> None:
    assert run(project, str(project / "seeds" / "ko")) == 0
    hangul = sorted(p.name for p in (project / "content/ko/2024/04").iterdir())
    assert all(not name.isascii() for name in hangul)
    assert run(project) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == ("import: 36 releases — 18 new, 18 updated, 0 unchanged, 0 kept (local edits), "
                       "0 problems")
    assert all(p.name.isascii() for p in (project / "content/ko").rglob("*.md"))
    assert len(list((project / "content").rglob("*.md"))) == 36
    manifest = json.loads((project / "content" / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert len(manifest["files"]) == 36


def test_a_release_renamed_with_its_slug_is_followed_not_written_again(project: Path, capsys) -> None:
    """README's way to change a URL: the slug and the file renamed together. The next import
    wrote the release again under its old name, and two files of one translation key failed
    every build after."""
    dump = write_dump(project, "d.txt", "-\nIndustry\nSteel talks between Korea and Japan\n"
                                        "Korea and Japan met. date2024-01-02\n")
    assert run(project, str(dump)) == 0
    old = project / "content/en/2024/01/steel-talks-between-korea-and-japan.md"
    new = old.with_name("steel-talks.md")
    new.write_text(old.read_text(encoding="utf-8").replace("slug: steel-talks-between-korea-and-japan",
                                                           "slug: steel-talks"), encoding="utf-8")
    old.unlink()
    assert run(project, str(dump)) == 0
    assert not old.exists() and new.is_file()
    assert "steel-talks-between-korea-and-japan" in new.read_text(encoding="utf-8")  # its translation_key
    manifest = json.loads((project / "content" / MANIFEST_FILE).read_text(encoding="utf-8"))["files"]
    assert "en/2024/01/steel-talks.md" in manifest and "en/2024/01/steel-talks-between-korea-and-japan.md" \
        not in manifest
