"""Whether site/ may be published: a finished build, of today's inputs, for the URL it will have.

Three records are compared with the site, none of them written for deploy alone:

- the build record (generator.incremental.fingerprint.record_build, written last by every
  successful build): which folder, which base URL, and the fingerprint of every input;
- the build state (generator.incremental.state, saved after the output is in place): every
  output file's digest. The files on disk must be exactly those. A build stopped midway, say a
  `build --base-url` over a site built for another URL, leaves files of two builds behind the
  record of the earlier one; only the files show it. Files a build never manages (the search
  index, CNAME, dot-folders) are not compared;
- the URL the site will be served at: `base_url` when it is set to a public URL, else
  https://CNAME/ when the site has a custom domain, else the URL the site was built for, which
  must not be the preview server's.

Each refusal names the command that fixes it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from generator.config import Settings
from generator.errors import PressroomError
from generator.incremental.cache import DiskStore
from generator.incremental.fingerprint import build_fingerprint, input_fingerprint, last_build, made_from
from generator.site.outfiles import file_digest
from generator.site.output import OWNED

LOCAL_HOSTS = re.compile(r"^https?://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/", re.I)
PLACEHOLDER_URL = "https://USER.github.io/REPO/"
NOT_BUILT_FILES = ("CNAME", OWNED)  # beside the build's own pages: kept or marked by it, not signed
NOT_BUILT_FOLDERS = ("search-index",)  # the search index: checked by the build itself


class DeployError(PressroomError):
    """A deploy refused or failed for a reason the person can fix; nothing was pushed."""


def build_command(url: str | None, *, afresh: bool = False) -> str:
    """The build that fixes it; `afresh`: one that trusts no cache (files changed behind the
    build's back look unchanged to a cached build, which checks that they exist, not their bytes)."""
    # never the preview server's URL: deploy refuses a site built for it, so that advice would circle
    return f"`pressroom build {'--no-cache ' if afresh else ''}--base-url {_public(url) or PLACEHOLDER_URL}`"


def is_local(url: str) -> bool:
    return bool(LOCAL_HOSTS.match(url))


def _public(url: str | None) -> str | None:
    """A recorded base URL worth building for again: not the preview server's."""
    return url if url and not is_local(url) else None


def check_recorded(settings: Settings) -> dict[str, str]:
    """The build record of site/, made from the inputs as they are now. Returns it."""
    site = settings.output_path
    wanted = _public(settings.base_url)
    if not (site / "index.html").is_file():
        raise DeployError(site / "index.html", None, "no built site to deploy; run `pressroom build` first")
    record = last_build(settings)
    if record is None:
        raise DeployError(site, None, "no record of a finished build of this site (a build was stopped, or "
                                      f"it was made otherwise); run {build_command(wanted)}")
    if record.get("output") != str(site.resolve()):
        raise DeployError(site, None, f"the last build wrote to {record.get('output')}, not here; "
                                      f"run {build_command(_public(record.get('base_url')) or wanted)}")
    made = made_from(settings)
    again = build_command(_public(record.get("base_url")) or wanted)
    if record.get("fingerprint") != input_fingerprint(settings, made=made):
        raise DeployError(site, None, "the built site is stale: content, theme or settings changed since "
                                      f"the last build; run {again}")
    check_finished(settings, record, made)
    return record


def built_files(site: Path) -> Iterator[str]:
    """The files of site/ that a build manages, as paths relative to it."""
    for folder, dirs, files in os.walk(site):
        relative = Path(folder).relative_to(site).as_posix()
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not (relative == "." and d in NOT_BUILT_FOLDERS))
        for name in files:
            path = name if relative == "." else f"{relative}/{name}"
            if path not in NOT_BUILT_FILES:
                yield path


def check_finished(settings: Settings, record: Mapping[str, str], made: str) -> None:
    """site/ holds exactly what the recorded build wrote, byte for byte."""
    site = settings.output_path
    rerun = f"run {build_command(record.get('base_url'))}"
    state = DiskStore().load(settings, site.absolute().resolve())
    built_for = settings.with_base_url(record.get("base_url") or None)
    if state is None or state.fingerprint != build_fingerprint(built_for, made):
        raise DeployError(site, None, "this is not a finished build: the build that wrote it last did not "
                                      f"record its files (stopped midway?); {rerun}")
    on_disk = set(built_files(site))
    differ = sorted(on_disk ^ state.files.keys())
    for path in sorted(on_disk & state.files.keys()):
        expected = state.files[path]
        file = site / path
        if file.stat().st_size != expected.size or file_digest(file.read_bytes()) != expected.digest:
            differ.append(path)
    if differ:
        shown = ", ".join(differ[:3]) + (f" and {len(differ) - 3} more" if len(differ) > 3 else "")
        raise DeployError(site, None, f"this is not a finished build: {len(differ)} file(s) differ from what "
                                      f"the last build wrote ({shown}); a build was stopped midway or the "
                                      f"files were changed; run "
                                      f"{build_command(record.get('base_url'), afresh=True)}")


def target_url(settings: Settings, cname: str | None) -> str | None:
    """The URL the site will be served at, when the settings or a custom domain say it."""
    if not is_local(settings.base_url):
        return settings.base_url
    if cname:
        return f"https://{cname}/"
    return None


def check_base_url(settings: Settings, record: Mapping[str, str], cname: str | None) -> None:
    """The site was built for the URL it will be served at (`cname`: the domain it will have)."""
    site = settings.output_path
    built_for = record.get("base_url", "")
    target = target_url(settings, cname)
    if target is None:
        if is_local(built_for):
            raise DeployError(site, None, f"the site was built for the preview server ({built_for}): its "
                                          "feeds and canonical links would point there; run "
                                          f"{build_command(None)} (or set base_url in pyproject.toml)")
        return
    if cname and is_local(settings.base_url):
        host = urlsplit(built_for).hostname or ""
        if host.lower() != cname.lower():
            raise DeployError(site, None, f"the site was built for {built_for}, but it will be served at "
                                          f"{cname} (CNAME); run {build_command(target)}")
        return
    if built_for != target:
        raise DeployError(site, None, f"the site was built for {built_for}, but base_url is {target}; "
                                      f"run {build_command(target)}")
