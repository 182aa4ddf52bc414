"""Pages → bytes. One Jinja environment per language, templates compiled once per build.

A site's own `templates/` folder comes first in the loader, so a file there with a theme
template's name replaces that template (Jinja ChoiceLoader). Autoescape is on for every
template, feeds included; an undefined variable or a missing UI string is an error.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import (
    Markup,
    _escape_inner,  # MarkupSafe 3: the C escaper where built, else Python
)

from generator.config import Settings
from generator.errors import PressroomError
from generator.incremental.fingerprint import cache_path
from generator.site.feeds import absolutize
from generator.site.i18n import OG_LOCALES, Strings
from generator.site.legacymodel import Page
from generator.site.loader import template_loader
from generator.site.sitemap import render_robots, render_sitemap, render_sitemap_index

NOT_FOUND = "404.html"


def template_folders(settings: Settings) -> list[Path]:
    return [settings.templates_path, settings.theme_path / "templates"]


def _escape(value: Any) -> Markup:
    """markupsafe.escape, less one Python call per value: Markup is made with str.__new__ (the
    value is already escaped, Markup's own __new__ would only look for __html__ again). A page
    escapes about a hundred values, so this is a fifth of rendering a release page."""
    if value.__class__ is str:
        return _new_str(Markup, _escape_inner(value))
    if hasattr(value, "__html__"):
        return _new_str(Markup, value.__html__())
    return _new_str(Markup, _escape_inner(str(value)))


_new_str = str.__new__


class _Template(jinja2.Template):
    """Templates whose compiled code escapes with _escape: every way Jinja makes a template
    (from source, bytecode cache or module) passes the executed module's namespace through here."""

    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment, namespace: MutableMapping[str, Any],
                        globals: MutableMapping[str, Any]) -> jinja2.Template:
        namespace["escape"] = _escape
        return super()._from_namespace(environment, namespace, globals)


MACROS = "macros.html"
CACHED_ITEMS = 50_000  # rendered items kept per language (~35 MB): bounded, for archives of any size


def _cached_macros(env: jinja2.Environment) -> tuple[Callable[..., Markup], Callable[..., Markup]]:
    """`cached(name, *args)`: macro `name` of macros.html, rendered once per distinct arguments;
    `cached_each(name, items, *args)`: the same for each item, joined. A release is listed on a
    dozen pages (home, month, category, tags, related lists) at a few depths; its item's HTML
    depends only on the macro's arguments, so it is made once."""
    @functools.lru_cache(maxsize=CACHED_ITEMS)
    def cached(name: str, *args: Any) -> Markup:
        return getattr(env.get_template(MACROS).module, name)(*args)

    def cached_each(name: str, items: Iterable[Any], *args: Any) -> Markup:
        return Markup("".join([cached(name, item, *args) for item in items]))

    return cached, cached_each


def _make_env(settings: Settings, lang: str, strings: Strings,
              every: dict[str, Strings]) -> jinja2.Environment:
    bytecode = cache_path(settings) / "templates"
    bytecode.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        # compiled templates are kept between builds: compiling them is a third of a quick rebuild
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(bytecode)),
        loader=template_loader(settings),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, auto_reload=False, cache_size=-1)
    env.template_class = _Template
    base_url = settings.base_url
    env.globals.update(
        t=strings, strings=every, lang=lang, languages=settings.languages, og_locale=OG_LOCALES[lang],
        site_title=settings.title, site_description=settings.description, base_url=base_url,
        absolute=lambda url: base_url + url,
        # the switch names each language in itself ("한국어" on an English page)
        endonym={code: every[code](f"language_{code}") for code in settings.languages})
    env.globals["cached"], env.globals["cached_each"] = _cached_macros(env)
    env.filters["absolutize"] = absolutize
    return env


def _template_location(error: BaseException) -> tuple[str, int | None]:
    """The innermost template frame of a runtime error: Jinja rewrites tracebacks so that
    template code appears with the template's file name and line."""
    where: tuple[str, int | None] = ("<template>", None)
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith((".html", ".xml")):
            where = (frame.filename, frame.lineno)
    return where


class Renderer:
    def __init__(self, settings: Settings, strings: dict[str, Strings]) -> None:
        self.settings = settings
        self.envs = {lang: _make_env(settings, lang, strings[lang], strings) for lang in settings.languages}

    def check_templates(self, names: list[str]) -> None:
        """Compile every template up front, so a syntax error fails before anything renders."""
        for env in self.envs.values():
            for name in names:
                self._template(env, name)

    def _template(self, env: jinja2.Environment, name: str) -> jinja2.Template:
        try:
            return env.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            raise PressroomError(error.filename or name, error.lineno,
                                 f"template error: {error.message}") from None
        except UnicodeDecodeError as error:
            found = [folder / name for folder in template_folders(self.settings) if (folder / name).is_file()]
            raise PressroomError(found[0] if found else name, None,
                                 f"template is not UTF-8 text ({error.reason})") from None
        except jinja2.TemplateNotFound:
            raise PressroomError(self.settings.theme_path / "templates", None,
                                 f"the theme has no template {name!r}") from None

    def root_prefix(self, page: Page) -> str:
        """How a page reaches the site root: relative (works at any base path and on a mirror),
        except the 404 page, which is served at any depth and so needs the base path."""
        if page.template == NOT_FOUND:
            return self.settings.base_path
        return "../" * page.path.count("/") or "./"

    def render(self, page: Page, bodies: Mapping[str, str]) -> bytes:
        kind = page.template
        if kind == "copy":
            return Path(page.context["source"]).read_bytes()
        if kind == "text":
            return page.context["text"].encode("utf-8")
        if kind == "sitemap":
            return render_sitemap(self.settings.base_url, page.context["entries"]).encode("utf-8")
        if kind == "sitemap-index":
            return render_sitemap_index(self.settings.base_url, page.context["entries"]).encode("utf-8")
        if kind == "robots":
            return render_robots(self.settings.base_url).encode("utf-8")
        env = self.envs[page.lang or self.settings.default_language]
        template = self._template(env, kind)
        body: Callable[[str], str] = bodies.__getitem__
        try:
            return template.render(page.context, root=self.root_prefix(page), body=body).encode("utf-8")
        except PressroomError as error:
            path, line = _template_location(error)
            raise PressroomError(path, line, f"{error.problem} (while rendering {page.path})") from None
        except Exception as error:  # noqa: BLE001 - anything raised inside a template is its error
            path, line = _template_location(error)
            message = getattr(error, "message", None) or str(error)
            raise PressroomError(path, line,
                                 f"template error while rendering {page.path}: {message}") from None
