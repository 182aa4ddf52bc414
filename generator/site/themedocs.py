"""Theme documentation generated from the page model: `pressroom docs` writes docs/themes.md.

The model's classes are the theme contract, so their docstrings are the one place a variable is
explained: this module writes, as Markdown, what generator/site/themecontract.py reads from the
model (templates, globals, page classes, views, each attribute's type and meaning) between the
prose of generator/site/themeguide.py. A test checks that the committed file is what this writes
now, and that every variable the default theme uses is listed.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
from pathlib import Path

from generator.config import Settings
from generator.errors import PressroomError
from generator.site.buildstrings import BUILD_STRINGS
from generator.site.themecontract import Contract, Variable, read_model, type_text, undocumented, variables
from generator.site.themeguide import INTRODUCTION, OVERRIDES, SEARCH

MODEL = "generator.site.pages"  # TEMPLATES and TEMPLATE_GLOBALS; the views are in model.py
DOCS_FILE = Path("docs") / "themes.md"
COMMAND = "pressroom docs"


def _anchor(title: str) -> str:
    return "".join(c for c in title.lower().replace(" ", "-") if c.isalnum() or c in "-_")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(rows: list[Variable], prefix: str = "") -> list[str]:
    """name | type | meaning; without the type column when no row has a type (plain globals)."""
    typed = any(row.type is not None for row in rows)
    lines = ["| name | type | meaning |", "|---|---|---|"] if typed else ["| name | meaning |", "|---|---|"]
    for row in rows:
        kind = f" `{_cell(type_text(row.type))}` |" if row.type is not None else (" |" if typed else "")
        lines.append(f"| `{prefix}{row.name}` |{kind} {_cell(row.meaning)} |")
    return lines + [""]


def _class_doc(klass: type) -> str:
    return inspect.cleandoc(klass.__doc__ or "")


def _contents(contract: Contract) -> list[str]:
    """Links to each template's and view's section: the reference is long."""
    templates = [f"[`{name}`](#{_anchor(f'`{name}`: `{klass.__name__}`')})"
                 for name, klass in contract.templates.items()]
    views = [f"[`{klass.__name__}`](#{_anchor(klass.__name__)})" for klass in contract.views]
    return ["## Contents", "",
            "- [The names every template receives](#the-names-every-template-receives)",
            f"- [Templates](#templates): {', '.join(templates)}",
            f"- [Views](#views): {', '.join(views)}",
            "- [Build strings](#build-strings)", "- [Search](#search)",
            "- [Overriding a template or one block](#overriding-a-template-or-one-block)", ""]


def _build_strings() -> list[str]:
    """The strings the build reads from every table (generator/site/buildstrings.py)."""
    out = ["## Build strings", "",
           "The build reads these keys from every language's string table for the pages' titles and "
           "descriptions, feed names, language and tag group names and the search UI, so every table "
           "needs them all; a table that lacks some fails the build with one error listing them, and a "
           "placeholder a string may not use is an error naming its file, line and key. A string need "
           "not use every placeholder it is given. The `search_*` strings are the search page's texts "
           "(see [Search](#search)): its script fills in their `[SEARCH_TERM]` and `[COUNT]`. "
           "The `kind_<group>` keys follow the `kind:` values of the site's content/vocabulary.yaml "
           "(a build that lacks one names it). A table may also set `date_format`, `month_format`, "
           "`year_format` and `month_name_format` (CLDR date patterns; CLDR's own when absent, and "
           "exempt from the rule that every table has the same keys). A literal brace in a string "
           "with placeholders is written twice (`{{` and `}}`).", "",
           "| key | placeholders | meaning |", "|---|---|---|"]
    for key, entry in BUILD_STRINGS.items():
        given = " ".join(f"`{{{name}}}`" for name in entry.placeholders)
        out.append(f"| `{key}` | {given} | {_cell(entry.meaning)} |")
    return out + [""]


def render(contract: Contract) -> str:
    """The whole of docs/themes.md."""
    out = [INTRODUCTION.strip(), "", *_contents(contract), "## The names every template receives", ""]
    out += _table(contract.globals)
    out += ["## Templates", ""]
    out += [contract.notes["TEMPLATES"], ""] if "TEMPLATES" in contract.notes else []
    inherited: set[str] = set()
    if contract.base is not None:
        inherited = {v.name for v in variables(contract.base)}
        out += [f"### Every page: `{contract.base.__name__}`", "", _class_doc(contract.base), "",
                "Every template's `page` has these attributes (`base.html` may use only these):", ""]
        out += _table(variables(contract.base), "page.")
    for name, klass in contract.templates.items():
        own = [v for v in variables(klass) if v.name not in inherited]
        out += [f"### `{name}`: `{klass.__name__}`", "", _class_doc(klass), ""]
        if contract.base is not None:
            every = _anchor(f"Every page: {contract.base.__name__}")
            out += [f"`page` has everything [every page](#{every}) has, and:", ""]
        out += _table(own, "page.") if own else ["(nothing more)", ""]
    out += ["## Views", "", "What pages hold. All are frozen: templates read them, never change them.", ""]
    for klass in contract.views:
        out += [f"### `{klass.__name__}`", "", _class_doc(klass), ""]
        out += _table(variables(klass))
    out += _build_strings()
    out += [SEARCH.strip(), "", OVERRIDES.strip(), ""]
    return "\n".join(out)


def generate(model_name: str = MODEL) -> str:
    """docs/themes.md as the model says now; an undocumented variable is an error."""
    contract = read_model(importlib.import_module(model_name))
    problems = undocumented(contract)
    if problems:
        first, more = problems[0], len(problems) - 1
        raise PressroomError(first.path, first.line,
                             first.message + (f" (and {more} more undocumented)" if more else ""))
    return render(contract)


def command(settings: Settings, args: argparse.Namespace) -> int:
    """`pressroom docs [--out FILE] [--check]`."""
    target = Path(args.out) if getattr(args, "out", None) else settings.root / DOCS_FILE
    text = generate()
    if getattr(args, "check", False):
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{target}: out of date with the page model; run `{COMMAND}`", file=sys.stderr)
            return 1
        print(f"{target}: up to date")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0
