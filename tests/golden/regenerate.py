"""Rebuild the golden test's expected output: `python -m tests.golden.regenerate` (or `make golden`).

Run it after an intended change to the theme or the build, then review `git diff tests/golden/expected`.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from generator.config import Settings, load_settings
from generator.site.build import BuildReport, build_site

GOLDEN = Path(__file__).resolve().parent
REPO = GOLDEN.parent.parent
FIXTURE = GOLDEN / "site"
EXPECTED = GOLDEN / "expected"


def fixture_settings(work: Path) -> Settings:
    """The fixture site copied to `work` (so its cache never lands in the repository), using the
    repository's own themes/."""
    shutil.copytree(FIXTURE, work, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".pressroom-cache"))
    config = work / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'themes_dir = "../../../themes"', f'themes_dir = "{REPO / "themes"}"'), encoding="utf-8")
    return load_settings(config)


def build_fixture(work: Path, out_dir: Path) -> BuildReport:
    return build_site(fixture_settings(work), out_dir, search=False)  # the index: tests/site/test_search.py


def main() -> int:
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary) / "out"
        report = build_fixture(Path(temporary) / "site", out)
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(out, EXPECTED)
    print(f"{report.summary()}\nwrote {EXPECTED.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
