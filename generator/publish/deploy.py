"""`pressroom deploy`: publish the built site as the whole tree of a gh-pages branch.

Git plumbing does the work, so the person's working tree, index and current branch are never
touched: the site's files are hashed into the object store as they are on disk (no filters,
no line-ending conversion), assembled into a tree through a throw-away index, committed on top
of the remote branch's tip (its history is kept) and pushed as a fast-forward. A change pushed
by someone else in between makes the push fail instead of being overwritten.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from generator.config import Settings
from generator.errors import PressroomError
from generator.incremental.fingerprint import input_fingerprint, last_build

# Used only when git knows no identity (a fresh CI runner, say): a deploy should not fail for it.
FALLBACK_IDENTITY = {"GIT_AUTHOR_NAME": "Pressroom", "GIT_AUTHOR_EMAIL": "pressroom@localhost",
                     "GIT_COMMITTER_NAME": "Pressroom", "GIT_COMMITTER_EMAIL": "pressroom@localhost"}
LOCAL_HOSTS = re.compile(r"^https?://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/", re.I)


class DeployError(PressroomError):
    """A deploy refused or failed for a reason the person can fix; nothing was pushed."""


@dataclass(frozen=True)
class Deployment:
    """What a deploy did, for the command to report."""

    commit: str | None  # None when the branch already held exactly this site
    files: int
    message: str


class Git:
    """Runs git in the project's repository, never through a shell."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def run(self, *args: str, env: Mapping[str, str] | None = None, data: bytes | None = None,
            check: bool = True) -> subprocess.CompletedProcess[bytes]:
        try:
            done = subprocess.run(["git", "-C", str(self.root), *args], input=data, capture_output=True,
                                  env={**os.environ, **(env or {})}, check=False)
        except FileNotFoundError:
            raise DeployError(self.root, None, "git is not installed; pressroom deploy needs it") from None
        if check and done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()
            why = detail[-1] if detail else f"exit {done.returncode}"
            raise DeployError(self.root, None, f"git {args[0]} failed: {why}")
        return done

    def text(self, *args: str, env: Mapping[str, str] | None = None, data: bytes | None = None) -> str:
        return self.run(*args, env=env, data=data).stdout.decode().strip()

    def succeeds(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0


def site_files(site: Path) -> Iterator[tuple[str, Path]]:
    """Every file under site/ as (path in the branch, path on disk), in a stable order."""
    for folder, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if d != ".git")  # git cannot store a .git path
        for name in sorted(files):
            if name == ".git":
                continue
            disk = Path(folder) / name
            relative = disk.relative_to(site).as_posix()
            if "\n" in relative or "\r" in relative:
                raise DeployError(disk, None, "a file name with a line break cannot be published")
            yield relative, disk


def check_built(settings: Settings) -> dict[str, str]:
    """The built site exists and was built from the inputs as they are now."""
    site = settings.output_path
    if not (site / "index.html").is_file():
        raise DeployError(site / "index.html", None, "no built site to deploy; run `pressroom build` first")
    record = last_build(settings)
    if record is None:
        raise DeployError(site, None, "no record of the build that made this site; run `pressroom build`")
    if record.get("output") != str(site.resolve()):
        raise DeployError(site, None, f"the last build wrote to {record.get('output')}, not here; "
                                      "run `pressroom build`")
    if record.get("fingerprint") != input_fingerprint(settings):
        raise DeployError(site, None, "the built site is stale: content, theme or settings changed since "
                                      "the last build; run `pressroom build`")
    return record


def check_repository(git: Git, remote: str, branch: str) -> None:
    """Refuse before any object is written: no repository, no such remote, a bad branch name,
    or the branch checked out here (replacing it would swap the person's work for the site)."""
    if not git.succeeds("rev-parse", "--git-dir"):
        raise DeployError(git.root, None, "not a git repository; pressroom deploy pushes with git "
                                          "(run `git init` and add a remote)")
    remotes = git.text("remote").split()
    if remote not in remotes:
        known = ", ".join(remotes) if remotes else "none"
        raise DeployError(git.root, None, f"git remote {remote!r} does not exist (remotes: {known}); "
                                          f"add it with `git remote add {remote} URL`")
    if not git.succeeds("check-ref-format", f"refs/heads/{branch}"):
        raise DeployError(git.root, None, f"{branch!r} is not a valid branch name")
    current = git.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False).stdout.decode().strip()
    if branch == current:
        raise DeployError(git.root, None, f"refusing to replace the branch you work on ({branch}) with the "
                                          "built site; choose another --branch")


def base_url_warnings(settings: Settings, record: Mapping[str, str]) -> list[str]:
    """A site built for the preview server works on Pages only by luck: say so, but let it go."""
    built_for = record.get("base_url", "")
    warnings = []
    if LOCAL_HOSTS.match(built_for):
        warnings.append(f"warning: the site was built for {built_for}; feeds and canonical links will "
                        "point there. Build with `pressroom build --base-url https://USER.github.io/REPO/`")
    if settings.cname and not re.match(rf"^https?://{re.escape(settings.cname)}(:\d+)?/", built_for, re.I):
        warnings.append(f"warning: CNAME is {settings.cname} but the site was built for {built_for}")
    return warnings


def remote_tip(git: Git, remote: str, branch: str) -> str | None:
    """Fetch the published branch so the new commit continues its history."""
    listed = git.run("ls-remote", "--heads", remote, f"refs/heads/{branch}", check=False)
    if listed.returncode != 0:
        raise DeployError(git.root, None, f"cannot reach git remote {remote!r}: "
                                          f"{listed.stderr.decode(errors='replace').strip()}")
    if not listed.stdout.strip():
        return None
    git.run("fetch", "--quiet", "--no-tags", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
    return git.text("rev-parse", "--verify", f"refs/remotes/{remote}/{branch}^{{commit}}")


def write_tree(git: Git, settings: Settings) -> tuple[str, int]:
    """Hash the site into git objects and build its tree in a private index; returns (tree, files)."""
    entries = dict(site_files(settings.output_path))
    paths = list(entries)
    blobs = git.text("hash-object", "-w", "--no-filters", "--stdin-paths",
                     data=b"".join(os.fsencode(entries[p]) + b"\n" for p in paths)).split()
    modes = ["100755" if os.access(entries[p], os.X_OK) else "100644" for p in paths]
    index = {path: (mode, blob) for path, mode, blob in zip(paths, modes, blobs, strict=True)}
    extra = {".nojekyll": ""}  # Pages must not run Jekyll: it would hide _-prefixed files
    if settings.cname:
        extra["CNAME"] = settings.cname.strip() + "\n"
    for path, text in extra.items():
        if path == ".nojekyll" and path in index:
            continue
        index[path] = ("100644", git.text("hash-object", "-w", "--stdin", data=text.encode()))
    listing = b"".join(f"{mode} {blob}\t".encode() + os.fsencode(path) + b"\0"
                       for path, (mode, blob) in sorted(index.items()))
    with tempfile.TemporaryDirectory(prefix="pressroom-deploy-") as scratch:
        private = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        git.run("update-index", "--add", "-z", "--index-info", env=private, data=listing)
        return git.text("write-tree", env=private), len(index)


def default_message(git: Git) -> str:
    """Which source commit the site was built from, and when it was published."""
    head = git.run("rev-parse", "--short", "HEAD", check=False).stdout.decode().strip()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"Deploy {head or 'uncommitted work'} ({when})"


def commit_env(git: Git) -> dict[str, str]:
    """The person's git identity when git knows one, else the fallback."""
    known = git.succeeds("var", "GIT_AUTHOR_IDENT") and git.succeeds("var", "GIT_COMMITTER_IDENT")
    return {} if known else FALLBACK_IDENTITY


def deploy(settings: Settings, remote: str = "origin", branch: str = "gh-pages",
           message: str | None = None) -> Deployment:
    """Commit the built site on top of `remote`'s `branch` and push it; refuse rather than guess."""
    record = check_built(settings)
    git = Git(settings.root)
    check_repository(git, remote, branch)
    for warning in base_url_warnings(settings, record):
        print(warning, file=sys.stderr)
    parent = remote_tip(git, remote, branch)
    tree, count = write_tree(git, settings)
    message = message or default_message(git)
    if parent and git.text("rev-parse", f"{parent}^{{tree}}") == tree:
        return Deployment(commit=None, files=count, message=message)
    commit = git.text("commit-tree", tree, *(["-p", parent] if parent else []), "-F", "-",
                      env=commit_env(git), data=message.encode())
    pushed = git.run("push", "--quiet", "--porcelain", remote, f"{commit}:refs/heads/{branch}", check=False)
    if pushed.returncode != 0:
        detail = (pushed.stderr or pushed.stdout).decode(errors="replace").strip().splitlines()
        why = "it changed while deploying; run `pressroom deploy` again" if b"rejected" in pushed.stdout \
            else (detail[-1] if detail else f"exit {pushed.returncode}")
        raise DeployError(settings.root, None, f"could not push to {remote}/{branch}: {why}")
    return Deployment(commit=commit, files=count, message=message)


def command(settings: Settings, args: argparse.Namespace) -> int:
    """`pressroom deploy [--remote origin] [--branch gh-pages] [--message TEXT]`: 0 done, 1 refused."""
    remote = getattr(args, "remote", None) or "origin"
    branch = getattr(args, "branch", None) or "gh-pages"
    try:
        done = deploy(settings, remote, branch, getattr(args, "message", None))
    except DeployError as error:
        print(error.problem, file=sys.stderr)
        return 1
    if done.commit is None:
        print(f"{remote}/{branch} already holds this site ({done.files} files); nothing to push")
    else:
        print(f"deployed {done.files} files to {remote}/{branch} as {done.commit[:12]}: {done.message}")
    return 0
