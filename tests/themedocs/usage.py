"""What a theme's templates use, checked against the documented contract (the `Contract` of
generator/site/themecontract.py): every free name must be a documented global, and every
attribute read from an object whose class the analysis can tell (`page`, loop variables over its
tuples, `{% set %}` names, arguments passed to macros) must be a documented attribute of that
class.

Types are followed as far as the annotations allow: `{% for tag in page.release.tags %}` binds
`tag` to the element type of `tuple[TermView, ...]`; an `Optional` is looked through (templates
test for none first); a macro called with typed arguments is checked with its parameters bound to
them. Whatever cannot be told (filter results, Jinja's `loop`) is not checked.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import types
import typing
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from generator.site.themecontract import Contract, variables

JINJA_NAMES = {"loop", "super", "self", "caller", "varargs", "kwargs"}  # Jinja's own, never the model's
ELEMENTS = {tuple, list, set, frozenset, collections.abc.Sequence, collections.abc.Iterable,
            collections.abc.Iterator, collections.abc.Collection}
Scope = dict[str, object]


@dataclasses.dataclass(frozen=True, order=True)
class Misuse:
    template: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: {self.message}"


def _plain(annotation: object) -> object:
    """`X | None` → X: templates test an optional value before reading its attributes."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else None
    return annotation


def element(annotation: object) -> object:
    annotation = _plain(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in ELEMENTS and args and (len(args) == 1 or args[1] is Ellipsis):
        return args[0]
    if origin is tuple and args and all(arg == args[0] for arg in args):
        return args[0]
    if origin in (dict, collections.abc.Mapping) and args:
        return args[0]
    return None


@dataclasses.dataclass
class _Module:
    """A template imported as a namespace (`{% import "macros.html" as m %}`)."""

    name: str


class Checker:
    def __init__(self, env: jinja2.Environment, contract: Contract) -> None:
        self.env = env
        self.contract = contract
        self.documented = {variable.name for variable in contract.globals}
        # a documented filter (`absolutize`) is a global name too; Jinja's compiler must know it
        self.builtin_filters = set(env.filters)
        env.filters.update({name: str for name in self.documented if name not in env.filters})
        self.global_types: Scope = {v.name: v.type for v in contract.globals if v.type is not None}
        self.found: set[Misuse] = set()
        self.walked: set[tuple[str, str, str]] = set()
        self.macros: dict[str, dict[str, nodes.Macro]] = {}
        self.callables: dict[str, dict[str, object]] = {}

    # reading templates ------------------------------------------------------------------------
    def check(self, name: str, source: str | None = None) -> list[Misuse]:
        """Every misuse in template `name` (its source from the loader unless given)."""
        tree = self.env.parse(source if source is not None else self._source(name), name, name)
        for used in tree.find_all(nodes.Filter):
            if used.name not in self.builtin_filters | self.documented:
                self.found.add(Misuse(name, used.lineno, f"the filter {used.name!r} is not documented"))
                self.env.filters[used.name] = str
        free_names = meta.find_undeclared_variables(tree) - self.documented - JINJA_NAMES - _declared(tree)
        for free in sorted(free_names):
            line = next((n.lineno for n in tree.find_all(nodes.Name) if n.name == free), 1)
            self.found.add(Misuse(name, line, f"{free!r} is not a documented template name"))
        page = self.contract.templates.get(name, self.contract.base)
        self._walk(tree, {**self.global_types, "page": page}, name, {})
        return sorted(self.found)

    def _source(self, name: str) -> str:
        return self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]

    def _macros_of(self, name: str) -> dict[str, nodes.Macro]:
        return self._read(name)[0]

    def _read(self, name: str) -> tuple[dict[str, nodes.Macro], dict[str, object]]:
        """A template's macros, and the names its macros can call (its own and those it imports)."""
        if name not in self.macros:
            tree = self.env.parse(self._source(name), name, name)
            callable_names: dict[str, object] = {}
            for node in tree.find_all(nodes.FromImport):
                if isinstance(node.template, nodes.Const):
                    for item in node.names:
                        original, alias = item if isinstance(item, tuple) else (item, item)
                        callable_names[alias] = (node.template.value, original)
            macros = {macro.name: macro for macro in tree.find_all(nodes.Macro)}
            callable_names.update({macro: (name, macro) for macro in macros})
            self.macros[name] = macros
            self.callables[name] = callable_names
        return self.macros[name], self.callables[name]

    # types ------------------------------------------------------------------------------------
    def attributes(self, annotation: object) -> dict[str, object] | None:
        klass = _plain(annotation)
        if isinstance(klass, type) and dataclasses.is_dataclass(klass):
            return {variable.name: variable.type for variable in variables(klass)}
        return None

    def type_of(self, node: nodes.Node, scope: Scope) -> object:
        if isinstance(node, nodes.Name):
            return scope.get(node.name)
        if isinstance(node, nodes.Getattr):
            known = self.attributes(self.type_of(node.node, scope))
            return known.get(node.attr) if known else None
        if isinstance(node, nodes.Getitem):
            container = _plain(self.type_of(node.node, scope))
            if typing.get_origin(container) in (dict, collections.abc.Mapping):
                return typing.get_args(container)[1]
            return element(container) if isinstance(node.arg, nodes.Const) else None
        if isinstance(node, nodes.Filter) and node.name in ("first", "last") and node.node is not None:
            return element(self.type_of(node.node, scope))
        return None

    # walking ----------------------------------------------------------------------------------
    def _walk(self, node: nodes.Node, scope: Scope, name: str, imported: dict[str, object]) -> None:
        if isinstance(node, nodes.For):
            self._walk(node.iter, scope, name, imported)
            inner = dict(scope)
            self._bind(node.target, element(self.type_of(node.iter, scope)), inner)
            for child in [*([node.test] if node.test else []), *node.body]:
                self._walk(child, inner, name, imported)
            for child in node.else_:
                self._walk(child, scope, name, imported)
            return
        if isinstance(node, nodes.Assign):
            self._walk(node.node, scope, name, imported)
            self._bind(node.target, self.type_of(node.node, scope), scope)
            return
        if isinstance(node, nodes.Block):  # a block's `set` names stay inside it
            for child in node.body:
                self._walk(child, dict(scope), name, imported)
            return
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=True):
                self._walk(value, scope, name, imported)
                self._bind(target, self.type_of(value, scope), inner)
            for child in node.body:
                self._walk(child, inner, name, imported)
            return
        if isinstance(node, nodes.FromImport) and isinstance(node.template, nodes.Const):
            for item in node.names:
                original, alias = item if isinstance(item, tuple) else (item, item)
                imported[alias] = (node.template.value, original)
        elif isinstance(node, nodes.Import) and isinstance(node.template, nodes.Const):
            scope[node.target] = _Module(node.template.value)
        elif isinstance(node, nodes.Macro):
            imported[node.name] = (name, node.name)
            inner = {**scope, **{parameter.name: None for parameter in node.args}}
            for child in node.body:  # its parameters' types are known only where it is called
                self._walk(child, inner, name, imported)
            return
        elif isinstance(node, nodes.Getattr):
            self._attribute(node, scope, name)
        elif isinstance(node, nodes.Call):
            self._call(node, scope, name, imported)
        for child in node.iter_child_nodes():
            self._walk(child, scope, name, imported)

    def _bind(self, target: nodes.Node, annotation: object, scope: Scope) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = annotation
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, None, scope)  # a model object is never a positional tuple

    def _attribute(self, node: nodes.Getattr, scope: Scope, name: str) -> None:
        owner = self.type_of(node.node, scope)
        known = self.attributes(owner)
        if known is not None and node.attr not in known:
            klass = typing.cast(type, _plain(owner)).__name__
            self.found.add(Misuse(name, node.lineno, f"{klass}.{node.attr} is not documented"))

    def _call(self, node: nodes.Call, scope: Scope, name: str, imported: dict[str, object]) -> None:
        """A macro called with typed arguments: check its body with its parameters so bound."""
        target: tuple[str, str] | None = None
        if isinstance(node.node, nodes.Name) and isinstance(imported.get(node.node.name), tuple):
            target = typing.cast(tuple[str, str], imported[node.node.name])
        elif isinstance(node.node, nodes.Getattr) and isinstance(node.node.node, nodes.Name):
            module = scope.get(node.node.node.name)
            if isinstance(module, _Module):
                target = (module.name, node.node.attr)
        if target is None:
            return
        macro = self._macros_of(target[0]).get(target[1])
        if macro is None:
            return
        bound: Scope = dict(self.global_types)
        for parameter, argument in zip(macro.args, node.args, strict=False):
            bound[parameter.name] = self.type_of(argument, scope)
        for keyword in node.kwargs:
            bound[keyword.key] = self.type_of(keyword.value, scope)
        key = (target[0], target[1], repr(sorted(bound.items(), key=lambda item: item[0])))
        if key not in self.walked:
            self.walked.add(key)
            for child in macro.body:
                self._walk(child, bound, target[0], dict(self._read(target[0])[1]))


def _declared(tree: nodes.Template) -> set[str]:
    """Names a template defines for its blocks: Jinja compiles a block as a function of its own
    that reads the template's imports, macros and top-level `set` names from the context, so the
    public meta API reports them as undeclared."""
    names = {macro.name for macro in tree.find_all(nodes.Macro)}
    names |= {node.target for node in tree.find_all(nodes.Import)}
    for node in tree.find_all(nodes.FromImport):
        names |= {item[1] if isinstance(item, tuple) else item for item in node.names}
    for node in tree.body:
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            names |= {name.name for name in node.target.find_all(nodes.Name)}
            if isinstance(node.target, nodes.Name):
                names.add(node.target.name)
    return names


def check_theme(templates: Path, contract: Contract) -> list[Misuse]:
    """Every misuse in every template of a theme's templates/ folder."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)))
    checker = Checker(env, contract)
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            checker.check(path.relative_to(templates).as_posix())
    return sorted(checker.found)
