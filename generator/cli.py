"""The `pressroom` command: parses arguments, finds the settings, hands over to one module.

Each subcommand lives in its own module, which exposes `command(settings, args) -> int`.
Errors a person can fix (PressroomError) print as `FILE:LINE: message`, never as a traceback;
so does any error of the operating system (a full disk, a read-only or forbidden folder) that a
command did not name itself, as `PATH: message`. A file inside the project is named from the
project folder (`content/en/x.md`, `themes/default/strings/en.yaml`), one outside by its path.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import re
import sys
import threading
from pathlib import Path
from typing import NoReturn

from generator import __version__, progress
from generator.config import Settings, load_settings
from generator.errors import PressroomError, Problem, located, shown_path
from generator.suggest import did_you_mean

# subcommand → module whose `command(settings, args)` runs it
COMMANDS = {
    "import": "importing.importer",
    "build": "site.build",
    "serve": "serve.server",
    "deploy": "publish.deploy",
    "check": "check.checker",
    "docs": "site.themedocs",
    "new": "content.scaffold",
}


def _port(text: str) -> int:
    """A TCP port; out-of-range numbers would otherwise wrap around silently in the server."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is outside 1-65535")
    return port


class _Parser(argparse.ArgumentParser):
    """argparse with "did you mean …?" for a mistyped command or choice."""

    def error(self, message: str) -> NoReturn:  # type: ignore[override]
        match = _INVALID_CHOICE.search(message)
        if match:
            message += did_you_mean(match.group(1), re.findall(r"'([^']*)'", match.group(2)))
        super().error(message)


_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)")


def _unknown_arguments(parser: argparse.ArgumentParser, extras: list[str]) -> NoReturn:
    """Arguments the command does not know: its own help (not the top-level one), the mistake,
    and the closest flag it has."""
    flags = [option for option in parser._option_string_actions if option.startswith("--")]
    hint = next((did_you_mean(extra.split("=", 1)[0], flags) for extra in extras if extra.startswith("-")),
                "")
    parser.print_help(sys.stderr)
    parser.exit(2, f"{parser.prog}: error: unrecognized arguments: {' '.join(extras)}{hint}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pressroom",
        description="Bilingual static archive of press releases: import, build, serve, deploy.",
    )
    parser.add_argument("--version", action="version", version=f"pressroom {__version__}")
    parser.add_argument("--config", type=Path, default=None,
                        help="the project's pyproject.toml (default: found from the current folder up)")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="no progress: print only the summaries and errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = sub.add_parser("import", help="turn raw dumps into one Markdown file per release")
    imp.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                     help="dump files or folders (default: the seeds folder)")
    imp.add_argument("--lang", help="the dumps' language, one of the settings' languages (default: detected)")
    imp.add_argument("--strict", action="store_true", help="any bad record fails the run; nothing is written")

    build = sub.add_parser("build", help="render content/ into the static site")
    build.add_argument("--base-url", help="the URL the site is published at, e.g. https://user.github.io/repo/")
    build.add_argument("--out", type=Path, help="output folder (default: site/)")
    build.add_argument("--no-search", action="store_true",
                       help="skip the search index (search-index/); the search pages then find nothing")
    build.add_argument("--no-cache", action="store_true",
                       help="build from scratch: read no cache (they are written afresh for the next build)")
    build.add_argument("--drafts", action="store_true",
                       help="build releases marked `draft: true` too (serve always does; a plain build "
                            "never)")

    serve = sub.add_parser("serve", help="build, serve on localhost and reload the browser on changes")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000, help="1 to 65535")
    serve.add_argument("--base-url", help="serve under this URL's path, as GitHub Pages would")

    deploy = sub.add_parser("deploy", help="commit site/ to a gh-pages branch and push it")
    deploy.add_argument("--remote", default="origin")
    deploy.add_argument("--branch", default="gh-pages")
    deploy.add_argument("--message", default=None, help="commit message")

    check = sub.add_parser("check", help="check content and the built site; exit non-zero on any problem")
    check.add_argument("--translations", action="store_true",
                       help="list pairs, proposals left by the import, and releases without a counterpart")
    check.add_argument("--base-url", help="the URL the site was built for (default: the last build's)")
    check.add_argument("--out", type=Path, help="the built site to check (default: site/)")

    docs = sub.add_parser("docs", help="write the theme documentation (docs/themes.md) from the page model")
    docs.add_argument("--out", type=Path, help="the file to write (default: docs/themes.md of the project)")
    docs.add_argument("--check", action="store_true",
                      help="write nothing; exit non-zero if the file differs from what the model says")
    new = sub.add_parser("new", help="write a new hand-written release file dated today, and print its path")
    new.add_argument("title", help="the release's title")
    new.add_argument("--lang", required=True, help="its language, one of the site's languages")
    new.add_argument("--category", help="a category id of the vocabulary (default: general)")
    new.add_argument("--tags", help="tag ids of the vocabulary, separated by commas: japan,semiconductors")
    new.add_argument("--slug", help="the page's slug (default: made from the title)")
    return parser


def find_pyproject(start: Path) -> Path:
    """The nearest pyproject.toml with a [tool.pressroom] table, so pressroom runs from any
    folder of the project; `start`'s own when there is none (its error names it)."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        # bytes: a pyproject.toml in a parent folder may be anyone's, in any encoding
        if candidate.is_file() and b"[tool.pressroom" in candidate.read_bytes():
            return candidate
    return start / "pyproject.toml"


def _located(error: PressroomError, problem: Problem, settings: Settings | None) -> Problem:
    """The problem with its file named from the project folder (errors.located)."""
    return problem if settings is None else located(error, problem, settings.root, settings.content_path)


def os_problem(error: OSError, settings: Settings | None = None) -> Problem:
    """An OS error as one line: the path it is about (both, for a rename), and why; a path
    inside the project from the project folder, as every other error names it."""
    names = [os.fsdecode(name) for name in (error.filename, error.filename2) if name is not None]
    if settings is not None:
        names = [shown_path(name, settings.root) for name in names]
    return Problem(" -> ".join(names) or "pressroom", None, error.strerror or str(error))


def _tolerant_streams() -> None:
    """A terminal that cannot show a character (LANG=C, PYTHONIOENCODING=ascii) gets an escape
    such as \\uc0b0 instead: a summary naming a Korean file must not end the run."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """The `pressroom` command line: the subcommand's exit status, 1 for an error a person
    can fix (printed as FILE:LINE: message) or of the system (PATH: message), 130 when
    interrupted."""
    _tolerant_streams()
    parser = _parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        commands = next(action.choices for action in parser._actions
                        if isinstance(action, argparse._SubParsersAction))
        _unknown_arguments(commands[args.command], extras)
    settings: Settings | None = None
    progress.configure(quiet=args.quiet)
    try:
        settings = load_settings(args.config or find_pyproject(Path.cwd()))
        module = importlib.import_module(f"generator.{COMMANDS[args.command]}")
        status = int(module.command(settings, args))
        progress.reset()
        return status
    except PressroomError as error:
        progress.reset()  # the live display ends before the messages, never across them
        for problem in error.problems:
            print(_located(error, problem, settings), file=sys.stderr)
        return 1
    except OSError as error:  # the backstop: commands name the paths they write themselves
        progress.reset()
        print(os_problem(error, settings), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        progress.reset()  # the cursor shown again, the half-drawn line ended
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        progress.reset()


def run() -> NoReturn:
    """The console script `pressroom`: main, then the process ends with its status without
    freeing the heap object by object. A build at 10,000 releases per language holds about
    600 MB of small objects, and tearing them down took 0.1–0.3 s after the work was done. Safe
    because every file is written and closed, and renamed into place, before main returns, and the
    build ends the Korean analyser's process itself; only the standard streams are left to flush.
    When a thread still runs (none should, but serve has several), the ordinary exit joins it."""
    status = main()
    if threading.active_count() > 1:
        sys.exit(status)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`pressroom build | head`)
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    run()
