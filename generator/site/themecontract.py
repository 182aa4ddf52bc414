"""The theme contract as the docs describe it, read from the page model.

The model's page classes and views are frozen dataclasses with a Sphinx-style attribute docstring
(a string literal right after each field) and documented properties; its registry TEMPLATES names
each template's page class and TEMPLATE_GLOBALS the other names templates receive. This module
reads all of that with `dataclasses`, `typing`, `ast` (attribute docstrings are not kept at run
time) and `inspect`, for generator/site/themedocs.py to write and tests/test_themedocs.py to check
templates against.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
import sys
import textwrap
import types
import typing
from collections.abc import Iterator, Mapping
from types import ModuleType

from generator.errors import Problem


@dataclasses.dataclass(frozen=True)
class Variable:
    """One documented name: a field or property of a model class, or a template global."""

    name: str
    type: object  # the resolved annotation; None where there is none
    meaning: str
    where: tuple[str, int]  # the source file and line that documents it, for errors


@functools.cache  # inspect finds a class's source by parsing its whole module each time
def _source(cls: type) -> tuple[ast.ClassDef, str, int] | None:
    try:
        lines, first = inspect.getsourcelines(cls)
        file = inspect.getsourcefile(cls) or "<model>"
    except (OSError, TypeError):  # a class made at run time has no source to read
        return None
    tree = ast.parse(textwrap.dedent("".join(lines)))
    node = tree.body[0]
    return (node, file, first) if isinstance(node, ast.ClassDef) else None


def attribute_docs(cls: type) -> dict[str, tuple[str, tuple[str, int]]]:
    """Sphinx-style attribute docstrings (a string literal right after `name: type`), from the
    class and its bases; a subclass's docstring wins."""
    docs: dict[str, tuple[str, tuple[str, int]]] = {}
    for klass in reversed(cls.__mro__[:-1]):
        found = _source(klass)
        if found is None:
            continue
        node, file, first = found
        for statement, after in zip(node.body, node.body[1:], strict=False):
            if (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                    and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)):
                where = (file, first + statement.lineno - 1)
                docs[statement.target.id] = (inspect.cleandoc(after.value.value), where)
    return docs


def _declared_at(cls: type, name: str) -> tuple[str, int]:
    """Where a field is declared, for an error that names it; the class itself if not found."""
    for klass in cls.__mro__[:-1]:
        found = _source(klass)
        if found is not None:
            node, file, first = found
            for statement in node.body:
                if isinstance(statement, ast.AnnAssign) and getattr(statement.target, "id", None) == name:
                    return file, first + statement.lineno - 1
    return inspect.getsourcefile(cls) or "<model>", 0


def variables(cls: type) -> list[Variable]:
    """A model class's public fields, in declaration order, then its public properties."""
    hints = typing.get_type_hints(cls)
    docs = attribute_docs(cls)
    found = []
    for item in dataclasses.fields(cls):
        if not item.name.startswith("_"):
            meaning, where = docs[item.name] if item.name in docs else ("", _declared_at(cls, item.name))
            found.append(Variable(item.name, hints.get(item.name), meaning, where))
    for name, member in _properties(cls):
        getter = typing.cast(property, member).fget
        returns = typing.get_type_hints(getter).get("return") if getter else None
        file = inspect.getsourcefile(getter) if getter else None
        line = inspect.getsourcelines(getter)[1] if getter else 0
        found.append(Variable(name, returns, inspect.getdoc(member) or "", (file or "<model>", line)))
    return found


def _properties(cls: type) -> Iterator[tuple[str, object]]:
    """Public properties, bases' first; a subclass's override keeps its base's place."""
    found: dict[str, object] = {}
    for klass in reversed(cls.__mro__[:-1]):
        found.update((name, member) for name, member in vars(klass).items()
                     if isinstance(member, property) and not name.startswith("_"))
    yield from found.items()


def type_text(annotation: object) -> str:
    """An annotation as a theme author reads it: `tuple[TermView, ...]`, `str | None`."""
    if annotation is None or annotation is type(None):
        return "None"
    if annotation is Ellipsis:
        return "..."
    if isinstance(annotation, list):  # Callable's parameter list
        return "[" + ", ".join(type_text(item) for item in annotation) + "]"
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(type_text(item) for item in args)
    if origin is typing.Literal:
        return " | ".join(repr(item) for item in args)
    if origin is not None:
        name = getattr(origin, "__name__", str(origin))
        return f"{name}[{', '.join(type_text(item) for item in args)}]" if args else name
    if isinstance(annotation, type):  # a library's class by its module: `datetime.date`
        module = annotation.__module__.split(".")[0]
        plain = module in ("builtins", "generator", "tests")  # the project's own classes by name
        return annotation.__name__ if plain else f"{module}.{annotation.__name__}"
    return str(annotation).replace("typing.", "")


def model_classes(annotation: object) -> Iterator[type]:
    """The dataclasses an annotation mentions, at any depth (`tuple[ReleaseView, ...] | None`)."""
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        yield annotation
    for item in typing.get_args(annotation):
        yield from model_classes(item)


def page_base(classes: list[type]) -> type | None:
    """The dataclass every page class derives from, whose fields every template has."""
    if not classes:
        return None
    common = [klass for klass in classes[0].__mro__ if all(issubclass(other, klass) for other in classes)]
    bases = [klass for klass in common if dataclasses.is_dataclass(klass) and klass not in classes]
    return bases[0] if bases else None


@dataclasses.dataclass(frozen=True)
class Contract:
    """What the docs describe: the registry, the globals, the base page class and the views."""

    templates: dict[str, type]
    globals: list[Variable]
    base: type | None
    views: list[type]
    notes: dict[str, str]  # the docstrings of the registry's module-level names (TEMPLATES …)


def read_model(model: ModuleType) -> Contract:
    templates = dict(model.TEMPLATES)
    base = page_base(list(templates.values()))
    views: list[type] = []
    pending = [variable.type for klass in ([base] if base else []) + list(templates.values())
               for variable in variables(klass)]
    # the views the pages hold, in the order a reader meets them, then any other public view of
    # the model's modules (a global's class, such as the site's, is named only in its meaning)
    for extra in (pending, list(_module_classes(model, templates))):
        while extra:
            for klass in model_classes(extra.pop(0)):
                if klass not in views and klass not in templates.values() and klass is not base:
                    views.append(klass)
                    extra += [variable.type for variable in variables(klass)]
    return Contract(templates, list(_globals(model, views)), base, views, module_docs(model))


def module_docs(module: ModuleType) -> dict[str, str]:
    """The string literal right after each module-level assignment, as after a field."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return {}
    docs = {}
    for statement, after in zip(tree.body, tree.body[1:], strict=False):
        target = statement.target if isinstance(statement, ast.AnnAssign) else (
            statement.targets[0] if isinstance(statement, ast.Assign) else None)
        if (isinstance(target, ast.Name) and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str)):
            docs[target.id] = inspect.cleandoc(after.value.value)
    return docs


def _module_classes(model: ModuleType, templates: dict[str, type]) -> Iterator[type]:
    """The public dataclasses (those of `__all__` where a module has one) of the registry's module
    and of the modules its page classes use."""
    modules = {model.__name__} | {found.__module__ for klass in templates.values()
                                  for variable in variables(klass) for found in model_classes(variable.type)}
    for name in sorted(modules):
        module = sys.modules[name]
        public = getattr(module, "__all__", [key for key in vars(module) if not key.startswith("_")])
        for klass in (getattr(module, key) for key in public):
            if isinstance(klass, type) and dataclasses.is_dataclass(klass) and klass.__module__ == name:
                yield klass


def _globals(model: ModuleType, views: list[type]) -> Iterator[Variable]:
    """TEMPLATE_GLOBALS, name → meaning. A meaning that names a view in parentheses, as in
    "The site in the page's language (SiteView).", gives the name that type."""
    where = (inspect.getsourcefile(model) or "<model>", 0)
    table: Mapping[str, str] = model.TEMPLATE_GLOBALS
    for name, meaning in table.items():
        kind = next((view for view in views if f"({view.__name__})" in meaning), None)
        yield Variable(name, kind, meaning, where)


def undocumented(contract: Contract) -> list[Problem]:
    """Every variable or class without a docstring: its line in the docs would say nothing."""
    classes = [*([contract.base] if contract.base else []), *contract.templates.values(), *contract.views]
    problems = [Problem(v.where[0], v.where[1], f"{klass.__name__}.{v.name} has no docstring")
                for klass in classes for v in variables(klass) if not v.meaning]
    problems += [Problem(v.where[0], None, f"the template global {v.name!r} has no meaning")
                 for v in contract.globals if not v.meaning]
    for klass in classes:
        doc = klass.__doc__ or ""
        if not doc.strip() or doc.startswith(klass.__name__ + "("):  # dataclass's made-up docstring
            problems.append(Problem(inspect.getsourcefile(klass) or "<model>", None,
                                    f"class {klass.__name__} has no docstring"))
    return problems
