""""Did you mean …?" for a name a person mistyped: a setting, a command, a flag, a front matter key."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The valid name closest to `word`, or None when none is close (difflib's ratio ≥ 0.6)."""
    found = difflib.get_close_matches(word, list(choices), n=1)
    return found[0] if found else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'x'?` to end an error message with, or "" when nothing is close."""
    match = closest(word, choices)
    return f"; did you mean {match!r}?" if match else ""
