"""`pressroom deploy` with real git: a project repository pushing to a local bare `origin`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import cli
from generator.config import load_settings
from generator.incremental.fingerprint import record_build

REPO = Path(__file__).resolve().parents[2]
SITE = {
    "index.html": b"<!doctype html><title>Press</title><a href=\"en/\">English</a>\n",
    "en/index.html": b"<!doctype html><title>Latest</title>\n",
    "en/2024/04/chips/index.html": b"<!doctype html><p>Chip exports rose.</p>\n",
    "ko/2024/04/\ubc18\ub3c4\uccb4/index.html": "<!doctype html><p>반도체 수출 증가</p>\n".encode(),
    "en/feed.xml": b"<?xml version=\"1.0\"?><rss version=\"2.0\"></rss>\n",
    "assets/style.css": b"body { word-break: keep-all }\r\n",  # CRLF must survive byte for byte
    "assets/mark.bin": bytes(range(256)),
    "_static/kept.txt": b"Jekyll would hide this folder\n",
}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(autouse=True)
def quiet_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tester's own git settings (signing, hooks, default branch) must not change the outcome."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)


def new_project(root: Path, identity: bool = True) -> Path:
    """A Pressroom project in a git repository on `main`, with a bare repository as `origin`."""
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    release = root / "content" / "en" / "2024" / "04" / "chips.md"
    release.parent.mkdir(parents=True)
    release.write_text("---\ntitle: Chip exports rose\n---\nChip exports rose.\n", encoding="utf-8")
    (root / ".gitignore").write_text("/site/\n/.pressroom-cache/\n", encoding="utf-8")
    git(root, "init", "--quiet", "-b", "main")
    if identity:
        git(root, "config", "user.name", "Editor")
        git(root, "config", "user.email", "editor@example.org")
    else:
        git(root, "config", "user.useConfigOnly", "true")
    git(root, "add", ".")
    git(root, "-c", "user.name=Editor", "-c", "user.email=editor@example.org",
        "commit", "--quiet", "-m", "Archive")
    bare = root.parent / "origin.git"
    git(root.parent, "init", "--quiet", "--bare", str(bare))
    git(root, "remote", "add", "origin", str(bare))
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return new_project(tmp_path / "press")


def build(root: Path, files: dict[str, bytes] | None = None) -> Path:
    """Stand-in for `pressroom build`: the site's files by hand, then the build's own record."""
    settings = load_settings(root / "pyproject.toml")
    site = settings.output_path
    if site.exists():
        shutil.rmtree(site)
    for relative, data in (SITE if files is None else files).items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_bytes(data)
    record_build(settings, site)
    return site


def deploy(root: Path, *args: str) -> int:
    return cli.main(["--config", str(root / "pyproject.toml"), "deploy", *args])


def on_disk(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def published(bare: Path, ref: str = "gh-pages") -> dict[str, bytes]:
    listing = subprocess.run(["git", "--git-dir", str(bare), "ls-tree", "-r", "-z", "--full-tree", ref],
                             check=True, capture_output=True).stdout
    files = {}
    for entry in filter(None, listing.split(b"\0")):
        meta, path = entry.split(b"\t", 1)
        blob = meta.split()[2].decode()
        files[os.fsdecode(path)] = subprocess.run(["git", "--git-dir", str(bare), "cat-file", "blob", blob],
                                                  check=True, capture_output=True).stdout
    return files


def user_state(root: Path) -> tuple[str, ...]:
    """Everything of the person's repository that a deploy must leave alone."""
    index = (root / ".git" / "index").read_bytes()
    return (git(root, "symbolic-ref", "HEAD"), git(root, "rev-parse", "HEAD"),
            git(root, "status", "--porcelain", "--ignored"), git(root, "branch", "--list"), index.hex())


def test_first_deploy_publishes_the_whole_site(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = build(project)
    before = user_state(project)
    assert deploy(project) == 0
    bare = project.parent / "origin.git"
    assert published(bare) == {**on_disk(site), ".nojekyll": b""}
    assert "_static/kept.txt" in published(bare) and "index.html" in published(bare)
    assert user_state(project) == before
    assert not (site / ".nojekyll").exists(), "the site folder itself is left as the build made it"
    tip = git(bare, "rev-parse", "gh-pages")
    assert git(bare, "rev-list", "--count", "gh-pages") == "1"
    head = git(project, "rev-parse", "--short", "HEAD")
    assert git(bare, "log", "-1", "--format=%s", "gh-pages").startswith(f"Deploy {head} (")
    assert git(bare, "log", "-1", "--format=%an <%ae>", "gh-pages") == "Editor <editor@example.org>"
    out = capsys.readouterr().out
    assert f"deployed {len(SITE) + 1} files to origin/gh-pages as {tip[:12]}" in out


def test_second_deploy_adds_one_commit_on_top(project: Path) -> None:
    build(project)
    assert deploy(project) == 0
    bare = project.parent / "origin.git"
    first = git(bare, "rev-parse", "gh-pages")
    changed = dict(SITE, **{"en/index.html": b"<!doctype html><title>Latest, updated</title>\n",
                            "en/2024/05/steel/index.html": b"<p>Steel</p>\n"})
    del changed["en/feed.xml"]
    release = project / "content" / "en" / "2024" / "05" / "steel.md"
    release.parent.mkdir(parents=True)
    release.write_text("---\ntitle: Steel\n---\nSteel.\n", encoding="utf-8")
    site = build(project, changed)
    assert deploy(project, "--message", "Publish May") == 0
    second = git(bare, "rev-parse", "gh-pages")
    assert git(bare, "rev-parse", "gh-pages^") == first
    assert git(bare, "rev-list", "--count", "gh-pages") == "2"
    assert git(bare, "log", "-1", "--format=%B", "gh-pages") == "Publish May"
    assert published(bare) == {**on_disk(site), ".nojekyll": b""}
    assert "en/feed.xml" not in published(bare), "a file the build dropped leaves the branch too"
    assert second != first


def test_unchanged_site_pushes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(project)
    assert deploy(project) == 0
    bare = project.parent / "origin.git"
    tip = git(bare, "rev-parse", "gh-pages")
    assert deploy(project) == 0
    assert git(bare, "rev-parse", "gh-pages") == tip
    assert "already holds this site" in capsys.readouterr().out


def test_history_made_elsewhere_is_kept(project: Path) -> None:
    """A gh-pages branch that already exists (say, made by another tool) is continued, not replaced."""
    bare = project.parent / "origin.git"
    other = project.parent / "other"
    git(project.parent, "init", "--quiet", "-b", "gh-pages", str(other))
    (other / "old.html").write_text("old site\n", encoding="utf-8")
    git(other, "add", ".")
    git(other, "-c", "user.name=X", "-c", "user.email=x@example.org", "commit", "--quiet", "-m", "Old")
    git(other, "push", "--quiet", str(bare), "gh-pages")
    old = git(bare, "rev-parse", "gh-pages")
    site = build(project)
    assert deploy(project) == 0
    assert git(bare, "rev-parse", "gh-pages^") == old
    assert published(bare) == {**on_disk(site), ".nojekyll": b""}


def test_cname_setting_is_published(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    cname = 'theme = "default"\ncname = "archive.example.org"'
    pyproject.write_text(text.replace('theme = "default"', cname), encoding="utf-8")
    files = dict(SITE, **{".nojekyll": b""})
    site = build(project, files)
    assert deploy(project) == 0
    files_out = published(project.parent / "origin.git")
    assert files_out["CNAME"] == b"archive.example.org\n"
    assert files_out == {**on_disk(site), "CNAME": b"archive.example.org\n"}
    err = capsys.readouterr().err
    assert "built for http://127.0.0.1:8000/" in err and "CNAME is archive.example.org" in err


def test_commits_without_a_git_identity(tmp_path: Path) -> None:
    root = new_project(tmp_path / "press", identity=False)
    build(root)
    assert deploy(root) == 0
    assert git(tmp_path / "origin.git", "log", "-1", "--format=%an", "gh-pages") == "Pressroom"


def refused(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert deploy(root, *args) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    bare = root.parent / "origin.git"
    if bare.exists():
        assert git(bare, "for-each-ref") == "", "a refused deploy pushes nothing"
    return lines[0]


def test_refuses_without_a_built_site(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    message = refused(project, capsys)
    index = project / "site" / "index.html"
    assert message == f"{index}: no built site to deploy; run `pressroom build` first"


def test_refuses_a_missing_remote(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(project)
    message = refused(project, capsys, "--remote", "upstream")
    assert message == (f"{project}: git remote 'upstream' does not exist (remotes: origin); "
                       "add it with `git remote add upstream URL`")


def test_refuses_a_stale_build(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(project)
    release = project / "content" / "en" / "2024" / "04" / "chips.md"
    release.write_text(release.read_text(encoding="utf-8") + "An edit after the build.\n", encoding="utf-8")
    message = refused(project, capsys)
    assert message == (f"{project / 'site'}: the built site is stale: content, theme or settings changed "
                       "since the last build; run `pressroom build`")


def test_refuses_a_site_nobody_recorded_building(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(project)
    shutil.rmtree(project / ".pressroom-cache")
    assert "no record of the build that made this site" in refused(project, capsys)


def test_refuses_outside_a_git_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    build(root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # a repository above must not count
    message = refused(root, capsys)
    assert message.startswith(f"{root}: not a git repository")


def test_refuses_to_overwrite_the_working_branch(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(project)
    message = refused(project, capsys, "--branch", "main")
    assert "refusing to replace the branch you work on (main)" in message


def test_real_build_then_deploy(scratch_project: Path) -> None:
    """`pressroom build && pressroom deploy` end to end, with the project's real content and theme."""
    root = scratch_project
    config = ["--config", str(root / "pyproject.toml")]
    if not any((root / "content").glob("*/**/*.md")):
        assert cli.main([*config, "import"]) == 0
    (root / ".gitignore").write_text("/site/\n/.pressroom-cache/\n", encoding="utf-8")
    git(root, "init", "--quiet", "-b", "main")
    git(root, "add", ".")
    git(root, "-c", "user.name=E", "-c", "user.email=e@example.org", "commit", "--quiet", "-m", "Archive")
    bare = root.parent / "origin.git"
    git(root.parent, "init", "--quiet", "--bare", str(bare))
    git(root, "remote", "add", "origin", str(bare))
    assert cli.main([*config, "build", "--base-url", "https://user.github.io/press/"]) == 0
    assert cli.main([*config, "deploy"]) == 0
    branch = published(bare)
    assert "index.html" in branch and ".nojekyll" in branch
    assert branch == {**on_disk(root / "site"), ".nojekyll": b""}
