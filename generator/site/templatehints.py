"""A misspelt attribute in a template, said in the theme contract's words: where Jinja says
`'generator.site.model.ReleaseView object' has no attribute 'titel'`, a theme author reads
`ReleaseView has no attribute 'titel'; did you mean 'title'?`, with the class named as
docs/themes.md names it."""

from __future__ import annotations

import functools
import re

import jinja2

from generator.site import pages
from generator.site.themecontract import read_model, variables
from generator.suggest import did_you_mean

_NO_ATTRIBUTE = re.compile(r"'(?:[\w.]+\.)?(?P<cls>\w+) object' has no attribute '(?P<name>\w+)'")


@functools.cache
def _attributes() -> dict[str, list[str]]:
    """Every documented class of the theme contract by name, with its attributes (read once, and
    only when a template has failed: the contract is read from the model's source)."""
    contract = read_model(pages)
    classes = [*contract.templates.values(), *contract.views, *([contract.base] if contract.base else [])]
    return {cls.__name__: [variable.name for variable in variables(cls)] for cls in classes}


_POSITIONAL = re.compile(r"Strings\.__call__\(\) takes 2 positional arguments but \d+ were given")


def explained(message: str) -> str:
    """Jinja's message, or for an attribute a contract class lacks, one that names the class
    and the closest attribute it has; for the other mistakes a theme author makes most, the
    contract's way to do it."""
    if _POSITIONAL.fullmatch(message):
        return (f"{message}: a string's placeholders are given by name, e.g. t('release_count', count=3) "
                "(docs/themes.md, String tables)")
    found = _NO_ATTRIBUTE.fullmatch(message)
    if found is not None and found["cls"] == "ExtraMap":
        key = found["name"]
        return (f"this release's `extra` has no key {key!r}: a key not every release has is read as "
                f"release.extra.get({key!r}) or tested with {key!r} in release.extra")
    names = _attributes().get(found["cls"]) if found else None
    if found is None or names is None:
        return message
    return (f"{found['cls']} has no attribute {found['name']!r}{did_you_mean(found['name'], names)} "
            "(docs/themes.md lists its attributes)")


_INNERMOST = re.compile(r"The innermost block that needs to be closed is '(\w+)'")
_OPENERS = frozenset({"if", "for", "block", "macro", "call", "filter", "with", "set", "raw", "trans",
                      "autoescape"})


def unclosed(env: jinja2.Environment, source: str | None, message: str, line: int | None) -> str:
    """For Jinja's "the innermost block that needs to be closed is 'if'", which it reports where
    it noticed (an `endblock` far below, or the template's end), the line the tag was opened at:
    " (the {% if %} opened at line 4 is not closed)"; "" when the source does not tell."""
    wanted = _INNERMOST.search(message)
    if wanted is None or source is None:
        return ""
    stack: list[tuple[str, int]] = []
    try:
        tokens = [token for token in env.lex(source) if token[1] != "whitespace"]
    except jinja2.TemplateSyntaxError:
        return ""
    for at, (lineno, kind, value) in enumerate(tokens):
        if line is not None and lineno > line:
            break
        if kind != "name" or at == 0 or tokens[at - 1][1] != "block_begin":
            continue
        if value.startswith("end") and stack and stack[-1][0] == value[3:]:
            stack.pop()
        elif value in _OPENERS and not (value == "set" and _assigns(tokens, at)):
            stack.append((value, lineno))
    if not stack or stack[-1][0] != wanted.group(1):
        return ""
    return f" (the {{% {stack[-1][0]} %}} opened at line {stack[-1][1]} is not closed)"


def _assigns(tokens: list[tuple[int, str, str]], at: int) -> bool:
    """Whether the `set` tag at `at` assigns in line (`{% set x = 1 %}`, no `endset`)."""
    for _, kind, value in tokens[at + 1:]:
        if kind == "block_end":
            return False
        if kind == "operator" and value == "=":
            return True
    return False
