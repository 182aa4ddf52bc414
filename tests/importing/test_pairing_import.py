"""Pairing through `pressroom import` and `pressroom check --translations`: late English
versions, proposals with their evidence, a person's break kept across re-imports, the window
setting."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_settings
from generator.errors import ConfigError

KOREAN = """-
보잉, 1억 2천만 달러 항공우주 투자
보잉(Boeing)은 2027년까지 1억 2천만 달러를 투자하고 KAI와 협력한다. 2조 4천억 원 규모 사업이다. date2024-04-15
-
ORION SPIRIT호 명명식
LNG 운반선 ORION SPIRIT호는 1994년 이후 500번째 수출 선박이다. date2024-04-18
-
ORION SPIRIT호 출항
LNG 운반선 ORION SPIRIT호는 1994년 이후 500번째 수출 선박이다. date2024-04-18
"""
ENGLISH = """-
Boeing pledges $120 mln for aerospace
Boeing will invest USD 120 million by 2027 with KAI, in a KRW 2.4 trillion project. date2024-04-17
-
ORION SPIRIT named
The LNG carrier ORION SPIRIT is the 500th exported since 1994. date2024-04-18
"""


@pytest.fixture
def project(scratch_project: Path) -> Path:
    content = scratch_project / "content"
    for child in content.iterdir():
        if child.name != "vocabulary.yaml":
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    dumps = scratch_project / "dumps"
    dumps.mkdir()
    (dumps / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (dumps / "ko.txt").write_text(KOREAN, encoding="utf-8")
    return scratch_project


def run(project: Path, *args: str) -> int:
    return main(["--quiet", "--config", str(project / "pyproject.toml"), *args])


def test_a_late_english_version_pairs_and_twins_are_proposed(project: Path, capsys) -> None:
    assert run(project, "import", str(project / "dumps")) == 0
    out = capsys.readouterr().out
    assert ("import: 1 English–Korean pairs, 1 proposal(s) left for a person, "
            "without a counterpart: 1 English, 2 Korean") in out
    # English dated two days after its Korean original, figures in each language's units.
    korean = (project / "content/ko/2024/04/boeing-pledges-120-mln-for-aerospace.md").read_text(
        encoding="utf-8")
    assert "translation_key: 2024-04-17-boeing-pledges-120-mln-for-aerospace" in korean
    # Two Korean releases fit the ORION SPIRIT one equally: neither is formed, one is proposed,
    # with both records' dump lines, the evidence and the key that would pin it.
    proposal = next(line for line in out.splitlines() if "proposal:" in line)
    assert proposal.startswith("dumps/ko.txt:")
    assert "dumps/en.txt:5 'ORION SPIRIT named'" in proposal
    assert "close: dumps/ko.txt:" in proposal and "year 1994" in proposal and "500" in proposal
    assert "to pair them, set `translation_key: 2024-04-18-orion-spirit-named`" in out
    saved = json.loads((project / "content/.pairing.json").read_text(encoding="utf-8"))
    assert [p["en"]["file"] for p in saved["proposals"]] == ["en/2024/04/orion-spirit-named.md"]
    before = (project / "content/.pairing.json").read_bytes()
    assert run(project, "import", str(project / "dumps")) == 0
    assert (project / "content/.pairing.json").read_bytes() == before
    capsys.readouterr()
    assert run(project, "check", "--translations") == 0
    captured = capsys.readouterr()
    kinds = [line.split("\t")[0] for line in captured.out.splitlines()]
    assert kinds == ["pair", "proposal", "unpaired", "unpaired", "unpaired"]
    assert ("1 pairs, 1 proposal(s) left for a person, without a counterpart: 1 English, 2 Korean"
            in captured.err)


def test_a_pin_settles_a_proposal_and_a_break_is_kept(project: Path, capsys) -> None:
    assert run(project, "import", str(project / "dumps")) == 0
    saved = json.loads((project / "content/.pairing.json").read_text(encoding="utf-8"))["proposals"][0]
    ko_file = project / "content" / saved["ko"]["file"]
    ko_file.write_text(ko_file.read_text(encoding="utf-8").replace(
        f"translation_key: {saved['ko']['key']}", f"translation_key: {saved['en']['key']}"), encoding="utf-8")
    # Break the Boeing pair from the Korean side: a key of its own.
    boeing = project / "content/ko/2024/04/boeing-pledges-120-mln-for-aerospace.md"
    boeing.write_text(boeing.read_text(encoding="utf-8").replace(
        "translation_key: 2024-04-17-boeing-pledges-120-mln-for-aerospace", "translation_key: boeing-korean"),
        encoding="utf-8")
    capsys.readouterr()
    for _ in range(2):  # the pin and the break hold on every re-import
        assert run(project, "import", str(project / "dumps")) == 0
        out = capsys.readouterr().out
        assert ("import: 1 English–Korean pairs, 0 proposal(s) left for a person, "
                "without a counterpart: 1 English, 2 Korean") in out
        assert "no Korean counterpart found for 2024-04-17 'Boeing pledges $120 mln for aerospace'" in out
    assert not (project / "content/.pairing.json").exists()


def test_an_english_edit_keeps_its_pair_and_an_english_key_change_breaks_it(project: Path, capsys) -> None:
    assert run(project, "import", str(project / "dumps")) == 0
    english = project / "content/en/2024/04/boeing-pledges-120-mln-for-aerospace.md"
    korean = project / "content/ko/2024/04/boeing-pledges-120-mln-for-aerospace.md"
    english.write_text(english.read_text(encoding="utf-8").replace("Boeing will", "Boeing shall"),
                       encoding="utf-8")
    capsys.readouterr()
    assert run(project, "import", str(project / "dumps")) == 0
    assert "import: 1 English–Korean pairs" in capsys.readouterr().out
    assert "translation_key: 2024-04-17-boeing-pledges-120-mln-for-aerospace" in korean.read_text(
        encoding="utf-8")
    english.write_text(english.read_text(encoding="utf-8").replace(
        "translation_key: 2024-04-17-boeing-pledges-120-mln-for-aerospace",
        "translation_key: boeing-english"), encoding="utf-8")
    for _ in range(2):
        assert run(project, "import", str(project / "dumps")) == 0
        assert "import: 0 English–Korean pairs" in capsys.readouterr().out
    # The Korean release was never edited: it moves to a key and a slug of its own.
    assert not korean.exists()
    (moved,) = (project / "content/ko/2024/04").glob("보잉*.md")
    assert "translation_key: 2024-04-15-보잉" in moved.read_text(encoding="utf-8")


def test_the_window_is_a_setting(project: Path, capsys) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace("page_size = 20", "page_size = 20\npairing_window = [1, 0]"),
                         encoding="utf-8")
    assert load_settings(pyproject).pairing_window == (1, 0)
    assert run(project, "import", str(project / "dumps")) == 0
    assert "import: 0 English–Korean pairs" in capsys.readouterr().out  # the English came 2 days later
    pyproject.write_text(text.replace("page_size = 20", "page_size = 20\npairing_window = [7]"),
                         encoding="utf-8")
    line = text.splitlines().index("page_size = 20") + 2
    with pytest.raises(ConfigError, match=rf":{line}: pairing_window must be \[days before, days after\]"):
        load_settings(pyproject)
