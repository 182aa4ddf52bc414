"""Errors that reach a person: every one names a file and, where known, a line."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, printable as `FILE:LINE: message`."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class PressroomError(Exception):
    """An error caused by input a person can fix; the CLI prints it without a traceback."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.problem = Problem(str(path), line, message)
        # further problems found in the same pass (a file's front matter is checked whole, so a
        # person fixes it in one go): the CLI, `check` and the build workers report them all
        self.more: tuple[Problem, ...] = ()
        super().__init__(str(self.problem))

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem this error stands for, the first being `problem`."""
        return (self.problem, *self.more)

    def __str__(self) -> str:
        return "\n".join(map(str, self.problems))

    def __reduce__(self) -> tuple[object, ...]:
        # rebuilt as raised: several problems survive pickling (workers, serve's build process)
        return (_rebuilt, (type(self), self.problems))


def _rebuilt(cls: type[PressroomError], problems: tuple[Problem, ...]) -> PressroomError:
    return many(cls, problems)


def many(cls: type[PressroomError], problems: list[Problem] | tuple[Problem, ...]) -> PressroomError:
    """One error of class `cls` standing for several problems (at least one)."""
    first = problems[0]
    error = cls(first.path, first.line, first.message)
    error.more = tuple(problems[1:])
    return error


class ConfigError(PressroomError):
    """The settings in pyproject.toml are wrong."""


class ContentError(PressroomError):
    """A Markdown file in content/ is wrong."""


# The line breaks an editor counts. YAML 1.1 (PyYAML, libyaml) also breaks lines at NEL, U+2028
# and U+2029, so its marks' `line` is one too many for each of them above the mistake.
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
_SIMPLE_KEY = "while scanning a simple key"
_FLOW = {"while parsing a flow sequence": "[", "while parsing a flow mapping": "{"}
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the readers' parser: the same marks


def editor_lines(text: str) -> list[str]:
    """`text`'s lines as an editor numbers them: str.splitlines also breaks at form feeds, NEL,
    U+2028 and the like, which an editor shows inside a line."""
    return _EDITOR_BREAK.split(text)


def yaml_line(text: str, mark: Any, first: int = 1) -> int:
    """The line of a PyYAML mark in `text` as an editor numbers it, `text` starting on line
    `first`. Counted from the mark's index (characters, in both parsers), not its `line`. The text
    must be the one parsed, without a byte order mark: libyaml leaves it out of the index."""
    head = text[:mark.index]
    if head.endswith("\r") and text.startswith("\n", mark.index):
        head = head[:-1]  # a mark between CR and LF: that break is not behind it yet
    return first + len(_EDITOR_BREAK.findall(head))


def yaml_reason(error: Exception, text: str, first: int = 1) -> tuple[int | None, str]:
    """(line, one-line reason) of a PyYAML error in `text` (which starts on line `first`); its
    str() spans several lines. The line is the one to fix, which is not always where the parser
    stopped (its problem mark): see _culprit."""
    mark, note = _culprit(error, text, first)
    reason = getattr(error, "problem", None) or (str(error).splitlines() or ["unreadable"])[0]
    return (yaml_line(text, mark, first) if mark is not None else None), reason + note


def _culprit(error: Exception, text: str, first: int) -> tuple[Any, str]:
    """The mark of the line to name for a PyYAML error, and a note naming the line the parser
    stopped at when that is another. A mistake that swallows the lines below it is found only
    where the parser stops: a key without its ':' at the next token (a line or more below) or
    where its text, run on into the lines below, meets a ':'; a quote or bracket left open at
    the end of the text, where the quote next closes, or where the flow list meets a key. The
    line that opened it is the one to fix."""
    problem = getattr(error, "problem_mark", None)
    context = getattr(error, "context_mark", None)
    why = getattr(error, "context", None)
    if context is not None and (problem is None or why == _SIMPLE_KEY or not text[problem.index:].strip()):
        return context, ""
    if problem is None:
        return None, ""
    stop = yaml_line(text, problem, first)
    if context is not None and why in _FLOW and yaml_line(text, context, first) < stop:
        return context, f" (the {_FLOW[why]} opened here is still open on line {stop})"
    scalar = _scalar_before(text, problem)
    start = yaml_line(text, scalar.start_mark, first) if scalar is not None else stop
    if start == stop:
        return problem, ""
    if scalar.style in ("'", '"'):
        return scalar.start_mark, f" (the quote opened here closes only on line {stop})"
    if not _EDITOR_BREAK.split(text[:scalar.start_mark.index])[-1].strip():
        # a line that is all text and no key: its ':' is missing, the lines below only carry it on
        return scalar.start_mark, f" (the text begun here runs on to line {stop})"
    # a key's value runs on: this line may be the one indented wrong, or the one it runs on from
    return problem, f" (the text begun on line {start} runs on to here)"


def _scalar_before(text: str, mark: Any) -> Any:
    """The scalar token just before `mark` when it ends on mark's line, else None."""
    last = None
    try:
        for token in yaml.scan(text, Loader=_SafeLoader):  # noqa: S506 - tokens only, nothing built
            if token.start_mark.index >= mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass  # the tokens before a scanner's error are all there is
    return last if isinstance(last, yaml.ScalarToken) and last.end_mark.line == mark.line else None


def shown_path(path: str | bytes | os.PathLike[str], root: Path) -> str:
    """`path` as a person in the project folder `root` types it (`content/en/x.md`), as every
    error names files; a path outside the project stays as it is. Compared by name, not through
    links: a file is named where it is in the project, wherever a link inside it leads."""
    name = os.fsdecode(path)
    absolute = Path(os.path.abspath(name))  # a relative path (an OS error's) is from the working folder
    for folder in dict.fromkeys((Path(os.path.abspath(root)), root.resolve())):
        if absolute.is_relative_to(folder):
            return absolute.relative_to(folder).as_posix()
    return name


def located(error: PressroomError, problem: Problem, root: Path, content: Path) -> Problem:
    """Every file named from the project folder `root`, as a person there types it, whichever
    command prints it (build, serve's rebuilds, check). Release files name themselves relative
    to `content` (their identity): `content/en/2024/04/x.md:6`; other files inside the project
    are named by their absolute path where they are found (a theme's string table, an output
    file a build could not write): `themes/default/strings/en.yaml:12`."""
    if Path(problem.path).is_absolute():
        return Problem(shown_path(problem.path, root), problem.line, problem.message)
    if isinstance(error, ContentError):
        in_content = content / problem.path
        if os.path.lexists(in_content):  # a dangling link is named too
            try:
                shown = (content.resolve().relative_to(root.resolve()) / problem.path).as_posix()
            except ValueError:
                shown = str(in_content)
            return Problem(shown, problem.line, problem.message)
    return problem
