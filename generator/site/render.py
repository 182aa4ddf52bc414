"""Pages → bytes. One Jinja environment per language, templates compiled once per build.

A site's own `templates/` folder comes first in the loader, so a file there with a theme
template's name replaces that template (Jinja ChoiceLoader). Autoescape is on for every
template, feeds included; an undefined variable or a missing UI string is an error.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.runtime import Macro
from markupsafe import Markup

from generator.config import Settings
from generator.errors import PressroomError
from generator.languages import og_locale
from generator.site import model
from generator.site.blockcheck import check_blocks
from generator.site.families.feed_pages import JSON_FEED, absolutize, feedtext
from generator.site.families.fixed_pages import NOT_FOUND
from generator.site.i18n import Strings
from generator.site.images import site_image
from generator.site.jsonfeed import render_json_feed
from generator.site.loader import template_folders, template_loader
from generator.site.opensearch import render_opensearch
from generator.site.outfiles import OutputFile
from generator.site.pages import FeedPage
from generator.site.sitemap import render_robots, render_sitemap, render_sitemap_index
from generator.site.templatehints import explained, unclosed

CACHED_ITEMS = 50_000  # rendered fragments kept per macro and language: bounded, for archives of any size
# Arguments a memoized macro call may have: values that hash fast and say all they show (a
# release view hashes its digest). Collections are left out: a list is rarely shown twice.
_MEMO_TYPES = frozenset({str, int, bool, float, type(None), model.ReleaseView, model.TermView,
                         model.PeriodView, model.FeedLink, model.LanguageLink, model.Alternate})


def _memoized(macro: Macro) -> Callable[..., Markup]:
    """The macro, its output kept per distinct arguments when they are all _MEMO_TYPES."""
    cached = functools.lru_cache(maxsize=CACHED_ITEMS)(macro)
    memo_types = _MEMO_TYPES

    def call(*args: Any, **kwargs: Any) -> Markup:
        for arg in args:
            if arg.__class__ not in memo_types:
                return macro(*args, **kwargs)
        if kwargs and not all(value.__class__ in memo_types for value in kwargs.values()):
            return macro(*args, **kwargs)
        return cached(*args, **kwargs)

    return call


class MemoTemplate(jinja2.Template):
    """Templates whose macros, when imported without context (`{% from "macros.html" import
    entry_item %}`), render once per distinct arguments. Jinja gives such macros no page
    context, so their output depends only on their arguments and the language's globals (one
    environment per language); a release is listed on a dozen pages at a few depths, so its list
    item is made once. Themes write plain macros and never see this."""

    def make_module(self, vars: dict[str, Any] | None = None, shared: bool = False,  # noqa: A002 - Jinja's names
                    locals: Any = None) -> jinja2.environment.TemplateModule:  # noqa: A002
        module = super().make_module(vars, shared, locals)
        if vars is None and not shared and locals is None:  # the import without context
            for name, value in list(module.__dict__.items()):
                if isinstance(value, Macro) and not value.caller:
                    setattr(module, name, _memoized(value))
        return module


class _Environment(jinja2.Environment):
    """An environment whose templates see its globals as a plain dict. Jinja's default, a
    ChainMap over them, is rebuilt as a dict at every render and import (two per page); the
    globals here are set once before any template loads and never change."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def _make_env(settings: Settings, lang: str, every: dict[str, Strings],
              bytecode: jinja2.BytecodeCache | None) -> jinja2.Environment:
    env = _Environment(
        bytecode_cache=bytecode,  # compiled templates, kept between builds (generator.incremental.cache)
        loader=template_loader(settings),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, auto_reload=False, cache_size=-1)
    env.template_class = MemoTemplate
    base_url = settings.base_url
    # the names of generator.site.pages.TEMPLATE_GLOBALS, but `page` and `root` (per page)
    env.globals.update(
        site=model.SiteView(settings.title[lang], settings.description[lang], base_url,
                            tuple(settings.languages), settings.default_language, og_locale(lang),
                            {code: og_locale(code) for code in settings.languages},
                            f"{lang}/", f"{lang}/categories/", f"{lang}/tags/", f"{lang}/search/",
                            f"{lang}/feed.xml", f"{lang}/feed.json", f"{lang}/opensearch.xml",
                            f"{lang}/stats/", f"{lang}/data/", site_image(settings, lang)),
        lang=lang, t=every[lang], strings=every, absolute=lambda url: base_url + url)
    env.filters["absolutize"] = absolutize
    env.filters["feedtext"] = feedtext
    env.filters["number"] = functools.partial(_number, every, lang)
    return env


def _number(every: dict[str, Strings], lang: str, number: int, code: str | None = None) -> str:
    """The `number` filter: a count in the page's language's digit grouping, or in `code`'s."""
    table = every.get(code or lang)
    if table is None:
        known = ", ".join(map(repr, every))
        raise ValueError(f"number({code!r}): not a language of the site (it has {known})")
    return table.formats.count(number)


def _template_location(error: BaseException) -> tuple[str, int | None]:
    """The innermost template frame of a runtime error: Jinja rewrites tracebacks so that
    template code appears with the template's file name and line."""
    where: tuple[str, int | None] = ("<template>", None)
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith((".html", ".xml")):
            where = (frame.filename, frame.lineno)
    return where


def _has_template(env: jinja2.Environment, name: str) -> bool:
    try:
        env.loader.get_source(env, name)  # type: ignore[union-attr] - _make_env gives a loader
    except jinja2.TemplateNotFound:
        return False
    except (UnicodeDecodeError, OSError):
        return True  # there, but unreadable: Renderer._template names why
    return True


class Renderer:
    def __init__(self, settings: Settings, strings: dict[str, Strings],
                 bytecode: jinja2.BytecodeCache | None = None) -> None:
        self.settings = settings
        self.envs = {lang: _make_env(settings, lang, strings, bytecode) for lang in settings.languages}

    def check_templates(self, names: list[str]) -> None:
        """Compile every template up front, so a syntax error fails before anything renders;
        the templates a theme lacks are named all at once, not one per build."""
        env = next(iter(self.envs.values()))
        missing = [name for name in names if not _has_template(env, name)]
        if len(missing) > 1:
            raise PressroomError(self.settings.theme_path / "templates", None, "the theme has no templates "
                                 f"{', '.join(map(repr, missing))} (docs/themes.md lists what each needs)")
        for env in self.envs.values():
            for name in names:
                self._template(env, name)
        check_blocks(next(iter(self.envs.values())), names)  # the same templates in every language

    def _template(self, env: jinja2.Environment, name: str) -> jinja2.Template:
        try:
            return env.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            hint = unclosed(env, error.source, error.message or "", error.lineno)
            raise PressroomError(error.filename or name, error.lineno,
                                 f"template error: {error.message}{hint}") from None
        except UnicodeDecodeError as error:
            found = [folder / name for folder in template_folders(self.settings) if (folder / name).is_file()]
            raise PressroomError(found[0] if found else name, None,
                                 f"template is not UTF-8 text ({error.reason})") from None
        except jinja2.TemplateNotFound:
            raise PressroomError(self.settings.theme_path / "templates", None,
                                 f"the theme has no template {name!r}") from None

    def root_prefix(self, file: OutputFile) -> str:
        """How a page reaches the site root: relative (works at any base path and on a mirror),
        except the 404 page, which is served at any depth and so needs the base path."""
        if file.kind == NOT_FOUND:
            return self.settings.base_path
        return "../" * file.path.count("/") or "./"

    def render(self, file: OutputFile) -> bytes:
        """The file's bytes; its page is made first if the plan deferred it (the build's
        workers make it once, for its signature and this: generator.site.parallel)."""
        file = file.made()
        kind = file.kind
        if kind == "copy":
            return Path(file.data[0]).read_bytes()
        if kind == "text":
            return file.data.encode("utf-8")
        if kind == "sitemap":
            return render_sitemap(self.settings.base_url, file.data).encode("utf-8")
        if kind == "sitemap-index":
            return render_sitemap_index(self.settings.base_url, file.data).encode("utf-8")
        if kind == "export":  # the open dataset under data/ (generator/site/dataset.py)
            return file.data.render()
        if kind == "robots":
            return render_robots(self.settings.base_url).encode("utf-8")
        if kind == "opensearch":
            return render_opensearch(self.settings.base_url, file.data).encode("utf-8")
        if kind == JSON_FEED and isinstance(file.page, FeedPage):
            title = self.settings.title[file.lang or self.settings.default_language]
            return render_json_feed(file.page, self.settings.base_url, title)
        env = self.envs[file.lang or self.settings.default_language]
        template = self._template(env, kind)
        try:
            return template.render(page=file.page, root=self.root_prefix(file)).encode("utf-8")
        except PressroomError as error:
            path, line = _template_location(error)
            raise PressroomError(path, line, f"{error.problem} (while rendering {file.path})") from None
        except jinja2.TemplateSyntaxError as error:  # a template this one extends or imports
            hint = unclosed(env, error.source, error.message or "", error.lineno)
            message = f"template error: {error.message}{hint} (while rendering {file.path})"
            raise PressroomError(error.filename or error.name or kind, error.lineno, message) from None
        except jinja2.TemplateNotFound as error:
            path, line = _template_location(error)
            raise PressroomError(path, line, f"no template {error.name!r} in the site's or the theme's "
                                             f"templates (while rendering {file.path})") from None
        except Exception as error:  # noqa: BLE001 - anything raised inside a template is its error
            path, line = _template_location(error)
            message = explained(getattr(error, "message", None) or str(error))
            raise PressroomError(path, line,
                                 f"template error while rendering {file.path}: {message}") from None
