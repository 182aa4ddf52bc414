"""The import and page bundles: it keeps writing single files, follows a release a person made a
bundle into its folder, and never writes a second file for a release that lives in a bundle."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.content.files import release_files
from generator.importing.manifest import MANIFEST_FILE
from tests.importing.test_importer import run, snapshot

SINGLE = "en/2024/04/minister-ahn-visits-kai.md"
BUNDLE = "en/2024/04/minister-ahn-visits-kai/index.md"


def make_bundle(project: Path, edit: bool) -> Path:
    """Move a release into a bundle with a photo (and, with `edit`, show it in the body)."""
    content = project / "content"
    index = content / BUNDLE
    index.parent.mkdir()
    shutil.move(content / SINGLE, index)
    (index.parent / "photo.jpg").write_bytes(b"not read by the import")
    if edit:
        index.write_text(index.read_text(encoding="utf-8") + "\n![The visit](photo.jpg)\n", encoding="utf-8")
    return index


def manifest(project: Path) -> dict[str, dict[str, str]]:
    return json.loads((project / "content" / MANIFEST_FILE).read_text(encoding="utf-8"))["files"]


def test_the_import_follows_an_unedited_release_into_its_bundle(project: Path, capsys) -> None:
    assert run(project) == 0
    index = make_bundle(project, edit=False)
    text = index.read_text(encoding="utf-8")
    assert run(project) == 0
    out = capsys.readouterr().out
    assert "0 new, 0 updated, 36 unchanged, 0 kept (local edits)" in out
    assert not (project / "content" / SINGLE).exists() and index.read_text(encoding="utf-8") == text
    assert BUNDLE in manifest(project) and SINGLE not in manifest(project)
    before = snapshot(project)
    assert run(project) == 0
    assert snapshot(project) == before  # and then changes no byte


def test_an_edited_bundle_is_kept_and_never_doubled(project: Path, capsys) -> None:
    assert run(project) == 0
    index = make_bundle(project, edit=True)
    text = index.read_text(encoding="utf-8")
    assert run(project) == 0
    out = capsys.readouterr().out
    assert f"kept local edits: content/{BUNDLE}" in out
    assert "0 new, 0 updated, 35 unchanged, 1 kept (local edits)" in out
    assert index.read_text(encoding="utf-8") == text
    files = release_files(project / "content")
    assert BUNDLE in files and SINGLE not in files and len(files) == 36
    assert not any("minister-ahn-visits-kai-2" in path for path in files)


def test_a_bundle_no_manifest_entry_claims_is_adopted_not_doubled(project: Path, capsys) -> None:
    assert run(project) == 0
    make_bundle(project, edit=False)
    path = project / "content" / MANIFEST_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["files"][SINGLE]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert run(project) == 0
    out = capsys.readouterr().out
    assert "1 file(s) without a manifest entry adopted" in out
    files = release_files(project / "content")
    assert BUNDLE in files and len(files) == 36 and SINGLE not in files
    assert BUNDLE in manifest(project)


def test_a_new_release_does_not_take_a_bundles_slug(project: Path) -> None:
    """A bundle's folder name is a slug in use: a release of the same title gets `-2`, not a file
    beside the folder that would clash with its page."""
    assert run(project) == 0
    make_bundle(project, edit=True)
    dump = project / "dumps" / "twin.txt"
    dump.parent.mkdir()
    dump.write_text("-\nMinister Ahn visits KAI\nA different visit, other words entirely. date2024-04-17\n",
                    encoding="utf-8")
    assert run(project, str(dump), "--lang", "en") == 0
    files = release_files(project / "content")
    assert SINGLE not in files and BUNDLE in files and "en/2024/04/minister-ahn-visits-kai-2.md" in files
