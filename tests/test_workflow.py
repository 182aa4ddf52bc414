"""The GitHub Pages workflow: actionlint finds nothing, it has the shape Pages needs, and its build
command is the one the README documents."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import _parser
from generator.config import Settings

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
README_SECTION = "## Publishing on GitHub Pages"
# The actions' current major versions, looked up when the workflow was written (see the README).
ACTIONS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/configure-pages": "v6",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
}


def actionlint() -> str:
    """The actionlint binary the test extra installs (the venv's bin folder first)."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("actionlint", path=search)
    if found is None:
        pytest.fail("actionlint is missing: install the test extra (pip install -e '.[test]')")
    return found


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([actionlint(), "-no-color", "-oneline", str(path)], capture_output=True,
                          text=True, cwd=path.parent, check=False)


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps_of(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def step_using(steps: list[dict[str, Any]], action: str) -> tuple[int, dict[str, Any]]:
    matches = [(i, s) for i, s in enumerate(steps) if s.get("uses", "").split("@")[0] == action]
    assert len(matches) == 1, f"expected one step using {action}, found {len(matches)}"
    return matches[0]


def build_step(workflow: dict[Any, Any]) -> tuple[int, dict[str, Any]]:
    steps = steps_of(workflow, "build")
    matches = [(i, s) for i, s in enumerate(steps) if s.get("run", "").startswith("pressroom build")]
    assert len(matches) == 1, "the build job must run `pressroom build` exactly once"
    return matches[0]


def readme_build_step() -> dict[str, Any]:
    """The first ```yaml block of the README's publishing section: the workflow's build step."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.find(README_SECTION + "\n")
    assert start >= 0, f"the README has no {README_SECTION!r} section"
    end = text.find("\n## ", start + len(README_SECTION))
    section = text[start:end if end >= 0 else len(text)]
    block = re.search(r"^```yaml\n(.*?)^```", section, re.M | re.S)
    assert block, "the publishing section shows no ```yaml block with the build step"
    steps = yaml.safe_load(block.group(1))
    assert isinstance(steps, list) and len(steps) == 1, "the README's yaml block holds one step"
    return steps[0]


def test_actionlint_finds_nothing_in_the_workflow() -> None:
    result = lint(WORKFLOW)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_actionlint_really_checks(tmp_path: Path) -> None:
    """A wrong step output and an unknown action input must be caught, or the test above is empty."""
    broken = WORKFLOW.read_text(encoding="utf-8")
    broken = broken.replace("steps.pages.outputs.base_url", "steps.page.outputs.base_url")
    broken = broken.replace("          path: site/", "          paths: site/")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    target = tmp_path / ".github" / "workflows" / "pages.yml"
    target.write_text(broken, encoding="utf-8")
    result = lint(target)
    assert result.returncode != 0
    assert 'property "page" is not defined' in result.stdout
    assert 'input "paths" is not defined' in result.stdout


def test_triggers_permissions_and_concurrency(workflow: dict[Any, Any]) -> None:
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1).
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_actions_are_at_their_current_major_versions(workflow: dict[Any, Any]) -> None:
    used = {s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s}
    assert used == {f"{name}@{version}" for name, version in ACTIONS.items()}


def test_build_job_installs_configures_builds_and_uploads_in_order(workflow: dict[Any, Any]) -> None:
    steps = steps_of(workflow, "build")
    checkout, _ = step_using(steps, "actions/checkout")
    python, setup = step_using(steps, "actions/setup-python")
    assert setup["with"]["python-version"] == "3.12" and setup["with"]["cache"] == "pip"
    install = next(i for i, s in enumerate(steps) if s.get("run") == "pip install .")
    configure, pages = step_using(steps, "actions/configure-pages")
    assert pages["id"] == "pages"
    build, _ = build_step(workflow)
    upload, artifact = step_using(steps, "actions/upload-pages-artifact")
    assert artifact["with"]["path"].rstrip("/") == "site"
    assert checkout < python < install < build and configure < build < upload


def test_deploy_job_publishes_to_the_pages_environment(workflow: dict[Any, Any]) -> None:
    job = workflow["jobs"]["deploy"]
    assert job["needs"] == "build" or job["needs"] == ["build"]
    _, deploy = step_using(job["steps"], "actions/deploy-pages")
    assert job["environment"] == {"name": "github-pages",
                                  "url": f"${{{{ steps.{deploy['id']}.outputs.page_url }}}}"}


def test_build_command_is_the_one_the_readme_documents(workflow: dict[Any, Any]) -> None:
    _, step = build_step(workflow)
    assert step["run"] == 'pressroom build --base-url "${{ steps.pages.outputs.base_url }}/"'
    assert readme_build_step() == {"name": step["name"], "run": step["run"]}


@pytest.mark.parametrize(
    ("pages_base_url", "base_path"),
    [("https://user.github.io/press", "/press/"), ("https://user.github.io", "/"),
     ("https://archive.example.org", "/")],
)
def test_build_command_gives_the_right_base_path(workflow: dict[Any, Any], pages_base_url: str,
                                                 base_path: str) -> None:
    """configure-pages' base_url has no trailing slash; the command as run must still parse and
    give the project site's sub-path (or / for a user site or a custom domain)."""
    _, step = build_step(workflow)
    command = step["run"].replace("${{ steps.pages.outputs.base_url }}", pages_base_url)
    args = _parser().parse_args(shlex.split(command)[1:])
    assert args.command == "build"
    settings = Settings(root=REPO).with_base_url(args.base_url)
    assert settings.base_url == pages_base_url + "/"
    assert settings.base_path == base_path
