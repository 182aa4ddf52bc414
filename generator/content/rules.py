"""Compiled vocabulary rules: finding which categories and tags a release's text matches, fast.

Python's regex engine tries a `\\b`-led pattern at every position of a long body, and a
vocabulary has well over a hundred patterns. Each rule is reduced to the literal its matches
must start with; one scan of a release finds where any literal occurs, and only there are the
rules of that literal tried (tests/test_vocabulary.py checks this against plain regular
expressions).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


class RuleSource(Protocol):
    """What Rules needs of a term: its id and its patterns per language. A Protocol, so this
    module need not know generator.content.vocabulary (whose Term is one), which uses it."""

    @property
    def id(self) -> str: ...

    @property
    def rules(self) -> Mapping[str, Sequence[str]]: ...


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


def _trie_pattern(literals: list[str]) -> str:
    """One regular expression matching any of `literals`, the longest one where several start
    at the same place: a trie whose branches try longer continuations before ending."""
    trie: dict[str, dict] = {}
    for literal in literals:
        node = trie
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}

    def walk(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + walk(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append("")  # a literal ends here: tried after every longer one
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return walk(trie)


class _Scanner:
    """Finds, left to right, every place where one of some literals starts, and which rules
    may match there. `bounded` scanners only look where a word boundary is (their rules all
    start with `\\b`), which skips the inside of words quickly."""

    def __init__(self, literals: dict[int, str], bounded: bool, patterns: list[re.Pattern[str]]) -> None:
        distinct = sorted(set(literals.values()))
        self.search = re.compile(("\\b" if bounded else "") + _trie_pattern(distinct)).search
        # The scanner reports the longest literal at a place; the literals that are its
        # prefixes start there too.
        self.rules_at = {
            found: tuple((rule, patterns[rule].match) for rule, literal in sorted(literals.items())
                         if found.startswith(literal))
            for found in distinct
        }


@dataclass(frozen=True)
class Rules:
    """One language's rules, compiled for counting matches in many texts.

    Each rule is reduced to the literal its matches must start with (leading_literal). One
    regular expression of all literals finds every place where some literal starts, and only
    there are the rules of those literals tried. Counting is per rule, non-overlapping, left to
    right: what `pattern.finditer` counts (tests/test_vocabulary.py compares them). Rules
    without a literal run as plain `finditer`.
    """

    terms: tuple[tuple[str, tuple[int, ...]], ...]  # term id → its rules (indexes into patterns)
    term_of: tuple[int, ...]  # rule → index of its term
    patterns: tuple[re.Pattern[str], ...]  # every rule, compiled for lowered text
    scanners: tuple[_Scanner, ...]
    unanchored: tuple[int, ...]  # rules without a leading literal

    @classmethod
    def build(cls, terms: Sequence[RuleSource], lang: str) -> Rules:
        patterns: list[re.Pattern[str]] = []
        term_of: list[int] = []
        groups: dict[bool, dict[int, str]] = {True: {}, False: {}}  # bounded? → rule → literal
        unanchored = []
        term_rules = []
        for term_index, term in enumerate(terms):
            indexes = []
            for pattern in term.rules.get(lang, ()):
                rule = len(patterns)
                indexes.append(rule)
                patterns.append(re.compile(_lowered(pattern)))
                term_of.append(term_index)
                literal = leading_literal(pattern)
                if literal:
                    groups[pattern.startswith("\\b")][rule] = literal
                else:
                    unanchored.append(rule)
            term_rules.append((term.id, tuple(indexes)))
        scanners = tuple(_Scanner(literals, bounded, patterns)
                         for bounded, literals in groups.items() if literals)
        return cls(tuple(term_rules), tuple(term_of), tuple(patterns), scanners, tuple(unanchored))

    def limits(self, first_tag: int, for_categories: int, for_tags: int) -> tuple[int, ...]:
        """Per rule, how many matches are worth counting: terms below `first_tag` are
        categories, the others tags (which need fewer)."""
        return tuple(for_categories if term < first_tag else for_tags for term in self.term_of)

    def counts(self, folded: str, limits: tuple[int, ...]) -> tuple[list[int], list[int]]:
        """Matches of every rule in already-lowered text, each up to its limit, and the rules
        that matched at all (in no particular order)."""
        patterns = self.patterns
        found = [0] * len(patterns)
        matched = []
        for rule in self.unanchored:
            matches = patterns[rule].finditer(folded)
            found[rule] = sum(1 for _ in zip(range(limits[rule]), matches, strict=False))
            if found[rule]:
                matched.append(rule)
        resume = [0] * len(patterns)  # rule → where its next match may start (after its last)
        for scanner in self.scanners:
            rules_at, search = scanner.rules_at, scanner.search
            hit = search(folded)
            while hit is not None:
                position = hit.start()
                for rule, match_at in rules_at[hit.group()]:
                    if position >= resume[rule] and found[rule] < limits[rule]:
                        match = match_at(folded, position)
                        if match is not None:
                            if not found[rule]:
                                matched.append(rule)
                            found[rule] += 1
                            end = match.end()
                            resume[rule] = end if end > position else position + 1
                hit = search(folded, position + 1)
        return found, matched
