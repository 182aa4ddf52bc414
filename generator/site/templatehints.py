"""A misspelt attribute in a template, said in the theme contract's words: where Jinja says
`'generator.site.model.ReleaseView object' has no attribute 'titel'`, a theme author reads
`ReleaseView has no attribute 'titel'; did you mean 'title'?`, with the class named as
docs/themes.md names it."""

from __future__ import annotations

import functools
import re

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


def explained(message: str) -> str:
    """Jinja's message, or for an attribute a contract class lacks, one that names the class
    and the closest attribute it has."""
    found = _NO_ATTRIBUTE.fullmatch(message)
    names = _attributes().get(found["cls"]) if found else None
    if found is None or names is None:
        return message
    return (f"{found['cls']} has no attribute {found['name']!r}{did_you_mean(found['name'], names)} "
            "(docs/themes.md lists its attributes)")
