"""The git side of `pressroom deploy`: running git, checking the repository and remote, reading
the published branch, and pushing, with a refusal reported as what it is.

A push can fail in kinds a person fixes differently, and `git push --porcelain` says which on
one status line per ref (`!<TAB>from:to<TAB>[summary] (reason)`):

- `[rejected] (non-fast-forward)` or `(fetch first)`: someone pushed to the branch after this
  deploy read it. Only this is a race, and deploying again resolves it.
- `[remote rejected] (reason)`: the server refused the push itself: a protected branch
  (GitHub: `protected branch hook declined`), a pre-receive hook, a quota. Deploying again
  changes nothing; the reason, and what the server printed (`remote:` lines), are shown.
- no status line: git could not talk to the remote at all (authentication, network).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

from generator.publish.readiness import DeployError

STATUS_LINE = re.compile(r"^!\t[^\t]*\t\[(?P<summary>[^\]]+)\](?: \((?P<reason>.*)\))?$")
RACES = ("non-fast-forward", "fetch first")


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


def push(git: Git, remote: str, branch: str, commit: str) -> None:
    """Push `commit` to `remote`'s `branch` as a fast-forward; a DeployError names why it failed."""
    pushed = git.run("push", "--porcelain", remote, f"{commit}:refs/heads/{branch}", check=False)
    if pushed.returncode == 0:
        return
    raise DeployError(git.root, None, f"could not push to {remote}/{branch}: "
                                      + push_failure(pushed.stdout.decode(errors="replace"),
                                                     pushed.stderr.decode(errors="replace"), remote, branch))


def push_failure(stdout: str, stderr: str, remote: str, branch: str) -> str:
    """What went wrong, from git push's porcelain status line and the server's own words."""
    said = [line.removeprefix("remote:").strip() for line in stderr.splitlines()
            if line.startswith("remote:")]
    server = f" (the server said: {' / '.join(s for s in said if s)})" if any(said) else ""
    for line in stdout.splitlines():
        status = STATUS_LINE.match(line)
        if status is None:
            continue
        summary, reason = status["summary"], status["reason"] or ""
        if summary == "rejected" and reason in RACES:
            return (f"{branch} changed on {remote} while deploying (someone else pushed); "
                    "run `pressroom deploy` again")
        if summary == "remote rejected":
            hint = (f"; allow pushes to {branch} in the repository's settings, or deploy to another --branch"
                    if "protected" in reason else "")
            return f"{remote} refused the push: {reason or 'no reason given'}{server}{hint}"
        return f"{remote} rejected the push: {summary}{f' ({reason})' if reason else ''}{server}"
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "git push failed"
