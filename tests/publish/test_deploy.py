"""`pressroom deploy` with real git: a project repository pushing to a local bare `origin`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import cli
from generator.config import load_settings
from generator.publish import deploy as deploy_module
from generator.publish.repository import push_failure
from generator.site.output import OWNED

REPO = Path(__file__).resolve().parents[2]
PAGES_URL = "https://editor.github.io/press/"
ENGLISH = "content/en/2024/04/minister-ahn-visits-kai.md"
KOREAN = "content/ko/2024/04/defense-industry-spearheading-koreas-exports-with-20-bln-target-in-2024.md"
# Files the theme copies byte for byte into the site (static/): what deploy must carry unchanged.
STATIC = {
    "assets/style.css": b"body { word-break: keep-all }\r\n",  # CRLF must survive byte for byte
    "assets/mark.bin": bytes(range(256)),
    "_hidden/kept.txt": b"Jekyll would hide this folder\n",
}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(autouse=True)
def quiet_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tester's own git settings (signing, hooks, default branch) must not change the outcome."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)


def new_project(root: Path, identity: bool = True, repository: bool = True) -> Path:
    """A small real Pressroom project (two releases of the demo archive, one of them Korean-only
    with a Hangul slug; the default theme with a few more static files) in a git repository on
    `main`, with a bare repository as `origin`."""
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "themes" / "default", root / "themes" / "default")
    for relative, data in STATIC.items():
        target = root / "themes" / "default" / "static" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (root / "content").mkdir()
    shutil.copy(REPO / "content" / "vocabulary.yaml", root / "content" / "vocabulary.yaml")
    for relative in (ENGLISH, KOREAN):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / relative, root / relative)
    korean = root / KOREAN
    text = korean.read_text(encoding="utf-8")
    old_slug = next(line for line in text.splitlines() if line.startswith("slug:"))
    old_key = next(line for line in text.splitlines() if line.startswith("translation_key:"))
    korean.write_text(text.replace(old_slug, "slug: 방산-수출-선봉").replace(
        old_key, "translation_key: 2024-04-20-방산-수출-선봉"), encoding="utf-8")
    korean.rename(korean.with_name("방산-수출-선봉.md"))
    if not repository:
        return root
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


def build(root: Path, base_url: str | None = PAGES_URL) -> Path:
    """`pressroom build --base-url URL --no-search`, the real build (no search index: deploy
    publishes whatever is in site/, and the index would only make the tests slower)."""
    args = ["--quiet", "--config", str(root / "pyproject.toml"), "build", "--no-search"]
    assert cli.main([*args, *(["--base-url", base_url] if base_url else [])]) == 0
    return load_settings(root / "pyproject.toml").output_path


def deploy(root: Path, *args: str) -> int:
    # --quiet: stderr holds only what deploy says (progress: tests/test_progress.py)
    return cli.main(["--quiet", "--config", str(root / "pyproject.toml"), "deploy", *args])


def on_disk(site: Path) -> dict[str, bytes]:
    """The site's files as deploy publishes them: all but the build folder's own mark."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.relative_to(site).as_posix() != OWNED}


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
    branch = published(bare)
    assert branch == on_disk(site)
    for relative, data in STATIC.items():
        assert branch[f"static/{relative}"] == data, relative
    assert "ko/2024/04/방산-수출-선봉/index.html" in branch and branch[".nojekyll"] == b""
    assert user_state(project) == before
    tip = git(bare, "rev-parse", "gh-pages")
    assert git(bare, "rev-list", "--count", "gh-pages") == "1"
    head = git(project, "rev-parse", "--short", "HEAD")
    assert git(bare, "log", "-1", "--format=%s", "gh-pages").startswith(f"Deploy {head} (")
    assert git(bare, "log", "-1", "--format=%an <%ae>", "gh-pages") == "Editor <editor@example.org>"
    out = capsys.readouterr().out
    assert f"deployed {len(branch)} files to origin/gh-pages as {tip[:12]}" in out


def test_second_deploy_adds_one_commit_on_top(project: Path) -> None:
    build(project)
    assert deploy(project) == 0
    bare = project.parent / "origin.git"
    first = git(bare, "rev-parse", "gh-pages")
    gone = "en/2024/04/minister-ahn-visits-kai/index.html"
    assert gone in published(bare)
    (project / ENGLISH).unlink()
    site = build(project)
    assert deploy(project, "--message", "Publish May") == 0
    assert git(bare, "rev-parse", "gh-pages^") == first
    assert git(bare, "rev-list", "--count", "gh-pages") == "2"
    assert git(bare, "log", "-1", "--format=%B", "gh-pages") == "Publish May"
    assert published(bare) == on_disk(site)
    assert gone not in published(bare), "a page the build dropped leaves the branch too"


def test_unchanged_site_pushes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(project)
    assert deploy(project) == 0
    bare = project.parent / "origin.git"
    tip = git(bare, "rev-parse", "gh-pages")
    assert deploy(project) == 0
    assert git(bare, "rev-parse", "gh-pages") == tip
    assert "already holds this site" in capsys.readouterr().out


def commit_on_branch(bare: Path, files: dict[str, str], message: str = "Elsewhere") -> str:
    """A commit pushed to gh-pages by someone else (another tool, GitHub's settings page)."""
    other = bare.parent / f"other-{len(list(bare.parent.iterdir()))}"
    if git(bare, "for-each-ref", "refs/heads/gh-pages"):
        git(bare.parent, "clone", "--quiet", "--branch", "gh-pages", str(bare), str(other))
    else:
        git(bare.parent, "init", "--quiet", "-b", "gh-pages", str(other))
    for name, text in files.items():
        (other / name).write_text(text, encoding="utf-8")
    git(other, "add", ".")
    git(other, "-c", "user.name=X", "-c", "user.email=x@example.org", "commit", "--quiet", "-m", message)
    git(other, "push", "--quiet", str(bare), "gh-pages")
    return git(bare, "rev-parse", "gh-pages")


def test_history_made_elsewhere_is_kept(project: Path) -> None:
    """A gh-pages branch that already exists (say, made by another tool) is continued, not replaced."""
    bare = project.parent / "origin.git"
    old = commit_on_branch(bare, {"old.html": "old site\n"})
    site = build(project)
    assert deploy(project) == 0
    assert git(bare, "rev-parse", "gh-pages^") == old
    assert published(bare) == on_disk(site)


def set_cname(root: Path, value: str) -> None:
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace('theme = "default"', f'theme = "default"\ncname = "{value}"'),
                         encoding="utf-8")


def test_cname_setting_is_published(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_cname(project, "archive.example.org")
    site = build(project, "https://archive.example.org/")
    assert deploy(project) == 0
    branch = published(project.parent / "origin.git")
    assert branch == {**on_disk(site), "CNAME": b"archive.example.org\n"}
    assert capsys.readouterr().err == ""


def test_a_cname_on_the_branch_is_kept_and_said(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """GitHub's Pages settings commit a CNAME file on gh-pages; a deploy must not drop it."""
    bare = project.parent / "origin.git"
    build(project)
    assert deploy(project) == 0
    commit_on_branch(bare, {"CNAME": "press.example.org\n"}, "Create CNAME")
    capsys.readouterr()
    message = refused(project, capsys, pushed=True)
    assert message == (f"{project / 'site'}: the site was built for {PAGES_URL}, but it will be served at "
                       "press.example.org (CNAME); run `pressroom build --base-url https://press.example.org/`")
    site = build(project, "https://press.example.org/")
    capsys.readouterr()
    assert deploy(project) == 0
    assert published(bare) == {**on_disk(site), "CNAME": b"press.example.org\n"}
    out = capsys.readouterr().out
    assert "kept CNAME press.example.org from gh-pages" in out


def test_the_cname_setting_replaces_or_removes_the_branchs(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bare = project.parent / "origin.git"
    commit_on_branch(bare, {"CNAME": "old.example.org\n"}, "Create CNAME")
    set_cname(project, "new.example.org")
    build(project, "https://new.example.org/")
    assert deploy(project) == 0
    assert published(bare)["CNAME"] == b"new.example.org\n"
    out = capsys.readouterr().out
    assert "CNAME on gh-pages was old.example.org; replaced it with new.example.org" in out
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('"new.example.org"', '""'),
                         encoding="utf-8")
    site = build(project)
    assert deploy(project) == 0
    assert published(bare) == on_disk(site)
    assert 'CNAME on gh-pages was new.example.org; removed it (cname = "" in the settings)' in \
        capsys.readouterr().out


def test_commits_without_a_git_identity(tmp_path: Path) -> None:
    root = new_project(tmp_path / "press", identity=False)
    build(root)
    assert deploy(root) == 0
    assert git(tmp_path / "origin.git", "log", "-1", "--format=%an", "gh-pages") == "Pressroom"


def refused(root: Path, capsys: pytest.CaptureFixture[str], *args: str, pushed: bool = False) -> str:
    """The one line of a refused deploy; `pushed`: the branch was there before, and is unchanged."""
    bare = root.parent / "origin.git"
    before = git(bare, "for-each-ref") if bare.exists() else ""
    assert bool(before) == pushed
    capsys.readouterr()  # the build's
    assert deploy(root, *args) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    if bare.exists():
        assert git(bare, "for-each-ref") == before, "a refused deploy pushes nothing"
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
    release = project / ENGLISH
    release.write_text(release.read_text(encoding="utf-8") + "An edit after the build.\n", encoding="utf-8")
    message = refused(project, capsys)
    assert message == (f"{project / 'site'}: the built site is stale: content, theme or settings changed "
                       f"since the last build; run `pressroom build --base-url {PAGES_URL}`")


def test_refuses_a_site_nobody_recorded_building(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(project)
    shutil.rmtree(project / ".pressroom-cache")
    message = refused(project, capsys)
    assert "no record of a finished build of this site" in message
    assert message.endswith("run `pressroom build --base-url https://USER.github.io/REPO/`")


def test_refuses_a_preview_build(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Built without --base-url: every feed and canonical link would point at 127.0.0.1."""
    build(project, None)
    assert refused(project, capsys) == (
        f"{project / 'site'}: the site was built for the preview server (http://127.0.0.1:8000/): its "
        "feeds and canonical links would point there; run "
        "`pressroom build --base-url https://USER.github.io/REPO/` (or set base_url in pyproject.toml)")


def test_refuses_a_build_for_another_base_url_than_the_settings(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        'base_url = "http://127.0.0.1:8000/"', f'base_url = "{PAGES_URL}"'), encoding="utf-8")
    build(project, "https://elsewhere.example.org/")
    assert refused(project, capsys) == (
        f"{project / 'site'}: the site was built for https://elsewhere.example.org/, but base_url is "
        f"{PAGES_URL}; run `pressroom build --base-url {PAGES_URL}`")


def test_refuses_a_build_stopped_midway(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A finished build for one URL, then `build --base-url OTHER` stopped while writing: some
    pages (and one new file) of the second build beside the first's, the record the first's."""
    site = build(project)
    pages = sorted(site.rglob("index.html"))[:2]
    for page in pages:
        page.write_bytes(page.read_bytes().replace(PAGES_URL.encode(), b"https://other.example.org/"))
    (site / "en" / "2025").mkdir(parents=True)
    (site / "en" / "2025" / "index.html").write_text("<!doctype html><title>half</title>\n", encoding="utf-8")
    message = refused(project, capsys)
    assert message.startswith(f"{project / 'site'}: this is not a finished build: 3 file(s) differ from what "
                              "the last build wrote (")
    assert message.endswith(f"a build was stopped midway or the files were changed; "
                            f"run `pressroom build --no-cache --base-url {PAGES_URL}`")
    assert cli.main(["--config", str(project / "pyproject.toml"), "build", "--no-cache", "--no-search",
                     "--base-url", PAGES_URL]) == 0  # the fix it names
    assert deploy(project) == 0


def test_refuses_a_build_whose_files_were_never_recorded(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A build stopped after writing and before saving its state: the record is an older one."""
    build(project)
    for state in (project / ".pressroom-cache").glob("state-*"):
        state.unlink()
    message = refused(project, capsys)
    assert message == (f"{project / 'site'}: this is not a finished build: the build that wrote it last "
                       "did not record its files (stopped midway?); "
                       f"run `pressroom build --base-url {PAGES_URL}`")


def test_refuses_outside_a_git_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = new_project(tmp_path / "plain", repository=False)
    build(root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # a repository above must not count
    message = refused(root, capsys)
    assert message.startswith(f"{root}: not a git repository")


def test_refuses_to_overwrite_the_working_branch(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(project)
    message = refused(project, capsys, "--branch", "main")
    assert "refusing to replace the branch you work on (main)" in message


def declining_hook(bare: Path, script: str) -> None:
    hook = bare / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    hook.chmod(0o755)


def test_a_declining_hook_is_reported_as_a_refusal(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bare = project.parent / "origin.git"
    declining_hook(bare, 'echo "gh-pages is frozen for the audit" >&2\nexit 1')
    build(project)
    message = refused(project, capsys)
    assert message == (f"{project}: could not push to origin/gh-pages: origin refused the push: pre-receive "
                       "hook declined (the server said: gh-pages is frozen for the audit)")
    assert "run `pressroom deploy` again" not in message


def test_a_real_race_says_run_again(project: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone pushes to gh-pages after deploy read it and before it pushed."""
    bare = project.parent / "origin.git"
    commit_on_branch(bare, {"old.html": "old\n"})
    build(project)
    read_tip = deploy_module.remote_tip

    def tip_then_someone_pushes(git_: object, remote: str, branch: str) -> str | None:
        tip = read_tip(git_, remote, branch)  # type: ignore[arg-type]
        commit_on_branch(bare, {"newer.html": "pushed meanwhile\n"}, "Meanwhile")
        return tip

    monkeypatch.setattr(deploy_module, "remote_tip", tip_then_someone_pushes)
    assert deploy(project) == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"{project}: could not push to origin/gh-pages: gh-pages changed on origin while "
                   "deploying (someone else pushed); run `pressroom deploy` again")
    assert "newer.html" in published(bare)


def test_push_failures_read_from_gits_own_words() -> None:
    """GitHub's protected branch, as its documentation shows git push reporting it."""
    out = ("To github.com:o/r.git\n"
           "!\tabc:refs/heads/gh-pages\t[remote rejected] (protected branch hook declined)\nDone\n")
    err = "remote: error: GH006: Protected branch update failed for refs/heads/gh-pages.\n"
    why = push_failure(out, err, "origin", "gh-pages")
    assert why.startswith("origin refused the push: protected branch hook declined "
                          "(the server said: error: GH006")
    assert why.endswith("allow pushes to gh-pages in the repository's settings, "
                        "or deploy to another --branch")
    stale = "!\tabc:refs/heads/gh-pages\t[rejected] (non-fast-forward)\n"
    assert "run `pressroom deploy` again" in push_failure(stale, "", "origin", "gh-pages")
    assert push_failure("", "fatal: could not read Username\n", "origin", "gh-pages") == \
        "fatal: could not read Username"


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


def test_a_refusal_never_advises_a_build_for_the_preview_server() -> None:
    """Deploy refuses a site built for http://127.0.0.1:8000/, so advising to build for it again
    (after a stale or changed site) sent the person in a circle."""
    from generator.publish.readiness import PLACEHOLDER_URL, build_command

    assert PLACEHOLDER_URL in build_command("http://127.0.0.1:8000/", afresh=True)
    assert build_command("https://example.org/press/") == "`pressroom build --base-url https://example.org/press/`"


def test_a_site_built_from_uncommitted_edits_says_so_in_its_message(project: Path) -> None:
    """Two deploys of different content from one commit carried the same message."""
    release = next((project / "content" / "en").rglob("*.md"))
    release.write_text(release.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1),
                       encoding="utf-8")
    build(project)
    assert deploy(project) == 0
    head = git(project, "rev-parse", "--short", "HEAD")
    message = git(project.parent / "origin.git", "log", "-1", "--format=%s", "gh-pages")
    assert message.startswith(f"Deploy {head} with uncommitted changes (")
