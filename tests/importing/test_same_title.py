"""Records that share a date and a title: one release only when their text agrees too; a
corrected record still updates the release it corrects."""

from __future__ import annotations

import json
from pathlib import Path

from test_importer import releases, run, snapshot, write_dump

from generator.importing.manifest import MANIFEST_FILE

BRIEFING = ("The minister briefed exporters on semiconductor supply chains and the outlook for memory "
            "chips, and asked companies to report disruptions early.")
OTHER = ("A second briefing the same afternoon covered shipbuilding orders, LNG carriers and the "
         "workforce plan for the yards.")


def record(body: str, title: str = "Daily briefing", date: str = "2024-05-02") -> str:
    return f"-\n{title}\n{body} date{date}\n"


def bodies(project: Path) -> dict[str, str]:
    return {r.path: r.body for r in releases(project)}


def manifest(project: Path) -> dict[str, dict[str, str]]:
    return json.loads((project / "content" / MANIFEST_FILE).read_text(encoding="utf-8"))["files"]


def test_two_releases_sharing_date_and_title_become_two_files(project: Path, capsys) -> None:
    dump = write_dump(project, "d.txt", record(BRIEFING) + record(OTHER))
    assert run(project, str(dump)) == 0
    out = capsys.readouterr().out
    assert "dumps/d.txt:5: same date and title as dumps/d.txt:2 but different text: imported as 2 " \
           "releases" in out
    assert "more than one dump" not in out
    assert "2 releases — 2 new" in out
    found = bodies(project)
    assert sorted(found) == ["en/2024/05/daily-briefing-2.md", "en/2024/05/daily-briefing.md"]
    assert "semiconductor" in found["en/2024/05/daily-briefing.md"]
    assert "shipbuilding" in found["en/2024/05/daily-briefing-2.md"]
    identities = {path: entry["record"] for path, entry in manifest(project).items()}
    assert identities == {"en/2024/05/daily-briefing.md": "en:2024-05-02:daily briefing",
                          "en/2024/05/daily-briefing-2.md": "en:2024-05-02:daily briefing\t#2"}
    before = snapshot(project)
    assert run(project, str(dump)) == 0
    assert snapshot(project) == before
    assert "0 new, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_the_same_text_is_one_release_whitespace_aside(project: Path, capsys) -> None:
    spaced = BRIEFING.replace(" on ", "  on\n")
    first = write_dump(project, "a.txt", record(BRIEFING) + record(BRIEFING))
    second = write_dump(project, "b.txt", record(spaced, title="DAILY  briefing"))
    assert run(project, str(first), str(second)) == 0
    out = capsys.readouterr().out
    assert "dumps/a.txt:5: repeats dumps/a.txt:2 (same date, title and text); imported once" in out
    assert "import: 1 record(s) found in more than one dump; each imported once" in out
    assert "1 releases — 1 new" in out
    assert list(bodies(project)) == ["en/2024/05/daily-briefing.md"]


def test_a_corrected_record_updates_its_release(project: Path, capsys) -> None:
    dump = write_dump(project, "d.txt", record(BRIEFING.replace("supply", "suply")))
    assert run(project, str(dump)) == 0
    dump.write_text(record(BRIEFING), encoding="utf-8")  # re-scraped, the typo fixed
    capsys.readouterr()
    assert run(project, str(dump)) == 0
    assert "0 new, 1 updated, 0 unchanged" in capsys.readouterr().out
    assert list(bodies(project).values()) == [BRIEFING]


def test_old_and_corrected_dump_side_by_side_are_two_texts(project: Path, capsys) -> None:
    # Both dumps in one run hold two texts under one title: nothing says which one is the
    # correction, so both are kept and the note says how to keep only one.
    old = write_dump(project, "a.txt", record(BRIEFING.replace("supply", "suply")))
    assert run(project, str(old)) == 0
    new = write_dump(project, "b.txt", record(BRIEFING))
    capsys.readouterr()
    assert run(project, str(old), str(new)) == 0
    out = capsys.readouterr().out
    assert "dumps/b.txt:2: same date and title as dumps/a.txt:2 but different text" in out
    assert "leave the older dump out" in out and "1 new, 0 updated, 1 unchanged" in out
    assert "suply" in bodies(project)["en/2024/05/daily-briefing.md"]


def test_a_rerun_holding_a_correction_and_a_new_twin_matches_by_likeness(project: Path,
                                                                        capsys) -> None:
    dump = write_dump(project, "d.txt", record(BRIEFING.replace("supply", "suply")))
    assert run(project, str(dump)) == 0
    # The new twin comes first: order does not decide, likeness to the written release does.
    dump.write_text(record(OTHER) + record(BRIEFING), encoding="utf-8")
    capsys.readouterr()
    assert run(project, str(dump)) == 0
    assert "1 new, 1 updated, 0 unchanged" in capsys.readouterr().out
    found = bodies(project)
    assert found == {"en/2024/05/daily-briefing.md": BRIEFING, "en/2024/05/daily-briefing-2.md": OTHER}


def test_a_correction_of_the_second_twin_updates_the_second_file(project: Path, capsys) -> None:
    dump = write_dump(project, "d.txt", record(BRIEFING) + record(OTHER.replace("yards", "yard")))
    assert run(project, str(dump)) == 0
    dump.write_text(record(BRIEFING) + record(OTHER), encoding="utf-8")
    capsys.readouterr()
    assert run(project, str(dump)) == 0
    assert "0 new, 1 updated, 1 unchanged" in capsys.readouterr().out
    assert bodies(project) == {"en/2024/05/daily-briefing.md": BRIEFING,
                               "en/2024/05/daily-briefing-2.md": OTHER}


def test_a_lone_record_with_a_twin_on_file_keeps_to_its_own(project: Path, capsys) -> None:
    first = write_dump(project, "a.txt", record(BRIEFING))
    second = write_dump(project, "b.txt", record(OTHER))
    assert run(project, str(first), str(second)) == 0
    twin = OTHER.replace("yards", "shipyards")
    second.write_text(record(twin), encoding="utf-8")
    capsys.readouterr()
    # Only the second dump, corrected: two releases on file, one record, the likelier one is updated.
    assert run(project, str(second)) == 0
    assert "0 new, 1 updated, 0 unchanged" in capsys.readouterr().out
    assert bodies(project) == {"en/2024/05/daily-briefing.md": BRIEFING,
                               "en/2024/05/daily-briefing-2.md": twin}


def test_another_dumps_release_of_the_same_day_and_title_is_not_a_correction(project: Path, capsys) -> None:
    """Found by an outside audit: another ministry's "Daily briefing" of the same day, imported
    later from its own dump, was taken for a correction and overwrote the first release without
    a word. A text less than half like the written one is another release, and the import says so."""
    first = write_dump(project, "motie.txt", record(BRIEFING))
    assert run(project, str(first)) == 0
    other = write_dump(project, "msit.txt", record(OTHER))
    capsys.readouterr()
    assert run(project, str(other)) == 0
    out = capsys.readouterr().out
    assert ("dumps/msit.txt:2: same date and title as en/2024/05/daily-briefing.md but a text less than half "
            "like it: imported as another release") in out
    assert "1 new, 0 updated" in out
    found = bodies(project)
    assert found["en/2024/05/daily-briefing.md"] == BRIEFING  # the first release is untouched
    assert found["en/2024/05/daily-briefing-2.md"] == OTHER
    before = snapshot(project)
    assert run(project, str(first), str(other)) == 0  # both dumps together: each keeps its file
    assert snapshot(project) == before


def test_a_correction_of_an_edited_file_is_still_its_release(project: Path, capsys) -> None:
    """A person's edit says nothing of the record: the likeness floor is not applied, the record
    continues its release, and the writer keeps the person's text."""
    dump = write_dump(project, "d.txt", record(BRIEFING))
    assert run(project, str(dump)) == 0
    path = project / "content" / "en" / "2024" / "05" / "daily-briefing.md"
    path.write_text(path.read_text(encoding="utf-8").replace(BRIEFING, OTHER), encoding="utf-8")
    dump.write_text(record(BRIEFING.replace("early", "at once")), encoding="utf-8")
    capsys.readouterr()
    assert run(project, str(dump)) == 0
    assert sorted(bodies(project)) == ["en/2024/05/daily-briefing.md"]
    assert bodies(project)["en/2024/05/daily-briefing.md"] == OTHER
