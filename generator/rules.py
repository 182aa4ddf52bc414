"""Compiled vocabulary rules: finding which categories and tags a release's text matches, fast.

Python's regex engine tries a `\\b`-led pattern at every position of a long body, and a
vocabulary has well over a hundred patterns. Each rule is reduced to the literal its matches
must start with; a release only runs the rules whose literal occurs in it, and only where it
occurs (tests/test_vocabulary.py checks the shortcut against plain regular expressions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .vocabulary import Term


def _lowered(pattern: str) -> str:
    """The pattern for lowered text: literal characters lowered, escapes (\\b, \\S …) kept."""
    out, index = [], 0
    while index < len(pattern):
        if pattern[index] == "\\":
            out.append(pattern[index : index + 2])
            index += 2
        else:
            out.append(pattern[index].lower())
            index += 1
    return "".join(out)


def leading_literal(pattern: str) -> str:
    """The lowercase text every match of `pattern` starts with ('' when there is none).

    Python's regex engine tries a `\\b`-led pattern at every position, which is slow on long
    bodies; finding this literal with str.find first and matching only there is many times
    faster. Patterns with a top-level alternative have no single leading literal.
    """
    depth, index, in_class = 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return ""
        index += 1
    literal: list[str] = []
    index = 2 if pattern.startswith("\\b") else 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            if index + 1 >= len(pattern) or pattern[index + 1].isalnum():
                break
            char, index = pattern[index + 1], index + 2
        elif char in ".^$*+?{}[]()|":
            break
        else:
            index += 1
        if index < len(pattern) and pattern[index] in "?*{":
            break
        literal.append(char)
        if index < len(pattern) and pattern[index] == "+":
            break
    return "".join(literal).lower()


@dataclass(frozen=True)
class Rule:
    literal: str
    pattern: re.Pattern[str]

    def count(self, folded: str, limit: int) -> int:
        """Matches in already-lowered text, up to `limit`."""
        if not self.literal:
            return min(limit, sum(1 for _ in zip(range(limit), self.pattern.finditer(folded), strict=False)))
        found, position = 0, folded.find(self.literal)
        while position >= 0 and found < limit:
            match = self.pattern.match(folded, position)
            if match:
                found += 1
            position = folded.find(self.literal, max(position + 1, match.end() if match else 0))
        return found


_WORD_RE = re.compile(r"[a-z0-9_]+")
# Bytes that are not ASCII word characters become spaces, so bytes.split() gives the words (a
# non-ASCII letter also splits a word; that can only add candidates, never lose a match).
_NOT_WORD = bytes(c if chr(c).isascii() and (chr(c).isalnum() or c == 95) else 32 for c in range(256))
_WORD_START = re.compile(r"^\\b[a-z0-9_]")


@dataclass(frozen=True)
class Rules:
    """One language's rules for one section: each term's rules, plus which terms a literal
    can trigger, so a record only runs the few rules whose literal occurs in it.

    A rule led by `\\b` and a one-word literal can only match where a word starts with it;
    the words of a release are looked up in a memo (word → terms), which costs one dictionary
    lookup per distinct word instead of one substring search per literal.
    Other literals (Korean, mid-word) are searched for as substrings.
    """

    terms: tuple[tuple[str, tuple[Rule, ...]], ...]
    literals: tuple[str, ...]  # searched for as substrings
    by_literal: dict[str, frozenset[int]]
    heads: dict[int, tuple[tuple[bytes, int], ...]]  # first byte → (word prefix, term index)
    always: frozenset[int]  # terms with a rule that has no leading literal
    memo: dict[bytes, frozenset[int]] = field(default_factory=dict)  # word → terms it can trigger

    @classmethod
    def build(cls, terms: list[Term], lang: str) -> Rules:
        compiled = tuple(
            (term.id, tuple(Rule(leading_literal(p), re.compile(_lowered(p)))
                            for p in term.rules.get(lang, ())))
            for term in terms
        )
        by_literal: dict[str, set[int]] = {}
        heads: dict[int, list[tuple[bytes, int]]] = {}
        always: set[int] = set()
        for index, (_, rules) in enumerate(compiled):
            for rule in rules:
                head = _WORD_RE.fullmatch(rule.literal)  # one word; longer literals are precise substrings
                if head and _WORD_START.match(_lowered(rule.pattern.pattern)):
                    word = head.group().encode("ascii")
                    heads.setdefault(word[0], []).append((word, index))
                elif rule.literal:
                    by_literal.setdefault(rule.literal, set()).add(index)
                else:
                    always.add(index)
        return cls(compiled, tuple(by_literal), {k: frozenset(v) for k, v in by_literal.items()},
                   {k: tuple(v) for k, v in heads.items()}, frozenset(always))

    def candidates(self, folded: str) -> list[int]:
        found = set(self.always)
        if self.heads:
            words = set(folded.encode("ascii", "replace").translate(_NOT_WORD).split())
            memo = self.memo
            for word in words - memo.keys():
                memo[word] = frozenset(i for head, i in self.heads.get(word[0], ()) if word.startswith(head))
            found.update(*map(memo.__getitem__, words))
        for literal in self.literals:
            if literal in folded:
                found |= self.by_literal[literal]
        return sorted(found)
