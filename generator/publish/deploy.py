"""`pressroom deploy`: publish the built site as the whole tree of a gh-pages branch.

Git plumbing does the work, so the person's working tree, index and current branch are never
touched: the site's files are hashed into the object store as they are on disk (no filters,
no line-ending conversion), assembled into a tree through a throw-away index, committed on top
of the remote branch's tip (its history is kept) and pushed as a fast-forward. A change pushed
by someone else in between makes the push fail instead of being overwritten.

Only a finished build, of today's inputs, built for the URL it will be served at, is published
(generator.publish.readiness). A custom domain the branch already has (GitHub's Pages settings
commit a CNAME file there) is kept unless the `cname` setting says otherwise, and deploy says
what it did with it. The git side, push failures included, is generator.publish.repository.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from generator import progress as reporting
from generator.config import Settings
from generator.publish.readiness import DeployError, check_base_url, check_recorded
from generator.publish.repository import Git, check_repository, push, remote_tip
from generator.site.output import OWNED

# Used only when git knows no identity (a fresh CI runner, say): a deploy should not fail for it.
FALLBACK_IDENTITY = {"GIT_AUTHOR_NAME": "Pressroom", "GIT_AUTHOR_EMAIL": "pressroom@localhost",
                     "GIT_COMMITTER_NAME": "Pressroom", "GIT_COMMITTER_EMAIL": "pressroom@localhost"}


@dataclass(frozen=True)
class Deployment:
    """What a deploy did, for the command to report."""

    commit: str | None  # None when the branch already held exactly this site
    files: int
    message: str
    notes: tuple[str, ...] = ()  # what it did besides, such as keeping the branch's CNAME


def site_files(site: Path) -> Iterator[tuple[str, Path]]:
    """Every file under site/ as (path in the branch, path on disk), in a stable order."""
    for folder, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if d != ".git")  # git cannot store a .git path
        for name in sorted(files):
            if name == ".git":
                continue
            disk = Path(folder) / name
            relative = disk.relative_to(site).as_posix()
            if relative == OWNED:  # marks the build's own folder; says nothing on the branch
                continue
            if "\n" in relative or "\r" in relative:
                raise DeployError(disk, None, "a file name with a line break cannot be published")
            yield relative, disk


def branch_cname(git: Git, parent: str | None) -> str | None:
    """The custom domain the published branch has (GitHub's Pages settings write it there)."""
    if parent is None:
        return None
    shown = git.run("cat-file", "blob", f"{parent}:CNAME", check=False)
    if shown.returncode != 0:
        return None
    return shown.stdout.decode(errors="replace").strip() or None


def plan_cname(settings: Settings, on_branch: str | None, branch: str) -> tuple[str | None, str | None]:
    """(the CNAME to publish, what to say about it). The setting wins: a domain replaces the
    branch's, `cname = ""` removes it; unset, the site's own CNAME file is published, else the
    branch's is kept, never dropped without a word."""
    site_file = settings.output_path / "CNAME"
    if settings.cname is not None:
        wanted = settings.cname.strip() or None
        if on_branch and on_branch != wanted:
            done = f"replaced it with {wanted}" if wanted else 'removed it (cname = "" in the settings)'
            return wanted, f"CNAME on {branch} was {on_branch}; {done}"
        return wanted, None
    if site_file.is_file():
        return None, None  # published with the site's files
    if on_branch:
        return on_branch, (f"kept CNAME {on_branch} from {branch} (set cname in pyproject.toml to change it, "
                           'or cname = "" to remove it)')
    return None, None


def site_domain(settings: Settings, publish: str | None) -> str | None:
    """The custom domain the site will be served at, if any."""
    if publish:
        return publish
    site_file = settings.output_path / "CNAME"
    if settings.cname is None and site_file.is_file():
        return site_file.read_text(encoding="utf-8", errors="replace").strip() or None
    return None


def write_tree(git: Git, settings: Settings, cname: str | None) -> tuple[str, int]:
    """Hash the site into git objects and build its tree in a private index; returns (tree, files)."""
    entries = dict(site_files(settings.output_path))
    if settings.cname is not None:
        entries.pop("CNAME", None)  # the setting decides
    paths = list(entries)
    blobs = git.text("hash-object", "-w", "--no-filters", "--stdin-paths",
                     data=b"".join(os.fsencode(entries[p]) + b"\n" for p in paths)).split()
    modes = ["100755" if os.access(entries[p], os.X_OK) else "100644" for p in paths]
    index = {path: (mode, blob) for path, mode, blob in zip(paths, modes, blobs, strict=True)}
    extra = {".nojekyll": ""}  # Pages must not run Jekyll: it would hide _-prefixed files
    if cname:
        extra["CNAME"] = cname + "\n"
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
    # a site built from edits not yet committed is not that commit's: two such deploys looked alike
    dirty = head and git.run("status", "--porcelain", check=False).stdout.strip()
    return f"Deploy {head or 'uncommitted work'}{' with uncommitted changes' if dirty else ''} ({when})"


def commit_env(git: Git) -> dict[str, str]:
    """The person's git identity when git knows one, else the fallback."""
    known = git.succeeds("var", "GIT_AUTHOR_IDENT") and git.succeeds("var", "GIT_COMMITTER_IDENT")
    return {} if known else FALLBACK_IDENTITY


def deploy(settings: Settings, remote: str = "origin", branch: str = "gh-pages",
           message: str | None = None) -> Deployment:
    """Commit the built site on top of `remote`'s `branch` and push it; refuse rather than guess."""
    git = Git(settings.root)
    check_repository(git, remote, branch)
    record = check_recorded(settings)
    parent = remote_tip(git, remote, branch)
    cname, note = plan_cname(settings, branch_cname(git, parent), branch)
    check_base_url(settings, record, site_domain(settings, cname))
    reporting.phase("deploy: hash files")
    tree, count = write_tree(git, settings, cname)
    reporting.advance(count)
    notes = (note,) if note else ()
    message = message or default_message(git)
    if parent and git.text("rev-parse", f"{parent}^{{tree}}") == tree:
        return Deployment(commit=None, files=count, message=message, notes=notes)
    commit = git.text("commit-tree", tree, *(["-p", parent] if parent else []), "-F", "-",
                      env=commit_env(git), data=message.encode())
    reporting.phase(f"deploy: push to {remote}/{branch}")
    push(git, remote, branch, commit)
    reporting.done()
    return Deployment(commit=commit, files=count, message=message, notes=notes)


def command(settings: Settings, args: argparse.Namespace) -> int:
    """`pressroom deploy [--remote origin] [--branch gh-pages] [--message TEXT]`: 0 done, 1 refused."""
    remote = getattr(args, "remote", None) or "origin"
    branch = getattr(args, "branch", None) or "gh-pages"
    try:
        done = deploy(settings, remote, branch, getattr(args, "message", None))
    except DeployError as error:
        reporting.finish()
        print(error.problem, file=sys.stderr)
        return 1
    reporting.finish()
    for note in done.notes:
        print(note)
    if done.commit is None:
        print(f"{remote}/{branch} already holds this site ({done.files} files); nothing to push")
    else:
        print(f"deployed {done.files} files to {remote}/{branch} as {done.commit[:12]}: {done.message}")
    return 0
