"""The caching seam (generator.incremental.cache): one switch, `pressroom build --no-cache`, builds
from scratch and gives the very bytes a cached build gives, search index included; the
fingerprint covers the generator's code at any depth; the build does not import serve."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import jinja2
import pytest

from generator.cli import main
from generator.config import Settings
from generator.incremental import cache as cache_module
from generator.incremental import fingerprint
from generator.incremental.cache import BodyStore, Cache
from generator.incremental.state import STATE_VERSION, FileRecord, ReadRecord, load_state
from generator.site.build import build_site
from generator.site.search import BUNDLE
from tests.buildfixture import assert_same_tree, edit
from tests.golden.regenerate import fixture_settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return fixture_settings(tmp_path / "site")


def build_without_cache(settings: Settings, out: Path) -> None:
    """`pressroom build --no-cache`, as a person types it."""
    config = str(settings.root / "pyproject.toml")
    assert main(["--config", config, "build", "--out", str(out), "--no-cache"]) == 0


def test_no_cache_gives_the_bytes_of_a_cold_and_of_an_incremental_build(
        settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "out"
    build_site(settings, site)  # cold: no cache yet
    build_without_cache(settings, tmp_path / "scratch")
    assert_same_tree(site, tmp_path / "scratch")
    assert (site / BUNDLE).is_dir()  # the search index is compared too

    edit(settings)
    incremental = build_site(settings, site)  # from the caches the builds above wrote
    assert 0 < incremental.rendered < 60
    build_without_cache(settings, tmp_path / "scratch")  # into a folder built before the edit
    assert_same_tree(site, tmp_path / "scratch")
    capsys.readouterr()
    build_without_cache(settings, site)  # into the very folder: every page renders, none differs
    assert "0 written, 141 unchanged" in capsys.readouterr().out
    shutil.rmtree(settings.root / ".pressroom-cache")
    build_site(settings, tmp_path / "cold")
    assert_same_tree(tmp_path / "cold", site)


def test_no_cache_reads_no_cache(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "out"
    build_site(settings, site)

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a cache was read")

    monkeypatch.setattr(cache_module, "load_state", refuse)
    monkeypatch.setattr(cache_module, "load_quick", refuse)
    monkeypatch.setattr(fingerprint, "_load_memo", refuse)
    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "load_bytecode", refuse)
    original = BodyStore.missing

    def missing(store: BodyStore, keys: Iterable[str]) -> set[str]:
        wanted = set(keys)
        lacking = original(store, wanted)
        assert lacking == wanted, "a rendered body of an earlier build was trusted"
        return lacking

    monkeypatch.setattr(BodyStore, "missing", missing)
    report = build_site(settings, site, cache=False)
    assert report.rendered == report.written + report.unchanged and report.written == 0
    with pytest.raises(AssertionError, match="a cache was read"):
        build_site(settings, site)  # the switch is all that keeps the caches unread


def test_no_cache_mends_a_poisoned_cache(settings: Settings, tmp_path: Path) -> None:
    """A cache that lies (here: a rendered body) is what --no-cache is for: it is not believed,
    and it is written afresh, so the next cached build is right again."""
    site = tmp_path / "out"
    build_site(settings, site)
    store = BodyStore(Cache(settings, site).folder)
    lie = {key: "<p>POISON</p>\n" for key, in store.db.execute("SELECT key FROM body").fetchall()}
    store.put_many(lie.items())
    store.close()
    settings.templates_path.mkdir()  # every page renders again, with bodies from the cache
    (settings.templates_path / "root.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    build_site(settings, site)
    assert any(b"POISON" in p.read_bytes() for p in site.rglob("*.html"))
    build_site(settings, site, cache=False)
    assert not any(b"POISON" in p.read_bytes() for p in site.rglob("*.html"))
    (settings.templates_path / "root.html").unlink()
    build_site(settings, site)  # bodies come from the refreshed cache
    assert not any(b"POISON" in p.read_bytes() for p in site.rglob("*.html"))
    build_site(settings, tmp_path / "cold", cache=False)
    assert_same_tree(tmp_path / "cold", site)


def test_the_state_holds_named_records(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site)
    edit(settings)
    build_site(settings, site)  # journalled: the records come from the base file and the journal
    state = load_state(settings, site.resolve())
    assert state is not None and STATE_VERSION >= 8
    record = state.files["404.html"]
    assert isinstance(record, FileRecord) and record.size == (site / "404.html").stat().st_size
    assert all(type(source) is ReadRecord for source in state.sources.values())
    source = state.sources["ko/2024/03/export-results-february.md"]
    assert source.release.path == "ko/2024/03/export-results-february.md" and source.release.body == ""


def test_the_code_fingerprint_covers_modules_at_any_depth(settings: Settings, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    listed = {path.relative_to(fingerprint.CODE_ROOT).as_posix() for path in fingerprint.code_files()}
    assert {"cli.py", "site/build.py", "incremental/cache.py"} <= listed
    package = REPO / "generator"
    assert listed == {p.relative_to(package).as_posix() for p in package.rglob("*.py")}

    code = tmp_path / "generator"
    shutil.copytree(REPO / "generator", code, ignore=shutil.ignore_patterns("__pycache__"))
    deep = code / "site" / "deeper" / "deepest"
    deep.mkdir(parents=True)
    (deep / "module.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(fingerprint, "CODE_ROOT", code)
    before = Cache(settings, tmp_path / "out").fingerprint(), fingerprint.input_fingerprint(settings)
    (deep / "module.py").write_text("X = 2\n", encoding="utf-8")
    after = Cache(settings, tmp_path / "out").fingerprint(), fingerprint.input_fingerprint(settings)
    # the build's fingerprint and the one deploy checks are made from the same digest: both change
    assert before[0] != after[0] and before[1] != after[1]


def test_the_build_does_not_import_serve() -> None:
    probe = ("import sys, generator.site.build; "
             "print(sorted(m for m in sys.modules if m.startswith('generator.serve')))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
