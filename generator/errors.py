"""Errors that reach a person: every one names a file and, where known, a line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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


def yaml_reason(error: Exception) -> tuple[int | None, str]:
    """(1-based line, one-line reason) of a PyYAML error; its str() spans several lines."""
    mark = getattr(error, "problem_mark", None)
    reason = getattr(error, "problem", None) or (str(error).splitlines() or ["unreadable"])[0]
    return (mark.line + 1 if mark is not None else None), reason
