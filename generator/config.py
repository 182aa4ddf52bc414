"""The site's settings: the `[tool.pressroom]` table of pyproject.toml, typed and checked."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.errors import ConfigError
from generator.languages import language_problem
from generator.suggest import did_you_mean

# The demo archive's languages, used when the settings name none. Any language Babel (CLDR)
# knows may be configured; the code keys only Korean- or English-specific text handling to them.
DEFAULT_LANGUAGES = ("en", "ko")
# Days a Korean release may be dated before and after the English one it translates: the
# ministry publishes in Korean first, and English versions follow within days.
PAIRING_WINDOW = (7, 1)
MAX_PAIRING_DAYS = 366
# An SPDX licence identifier: what a data package's `licenses[].name` may hold (letters, digits, -._+)
_SPDX_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]{0,63}")


def _folder(setting: str) -> property:
    """A read-only attribute of Settings: the folder that `setting` names, under the root."""

    def path(settings: Settings) -> Path:
        return settings.root / getattr(settings, setting)

    return property(path)


@dataclass(frozen=True)
class Settings:
    """Everything a build needs to know that is not content. Paths are absolute."""

    root: Path
    base_url: str = "http://127.0.0.1:8000/"
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    default_language: str = "en"
    theme: str = "default"
    page_size: int = 20
    feed_size: int = 50
    timezone: str = "Asia/Seoul"
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    content_dir: str = "content"
    output_dir: str = "site"
    themes_dir: str = "themes"
    # A site overrides single theme templates by placing same-named files here.
    templates_dir: str = "templates"
    # A site's own string tables (strings/<lang>.yaml) extend or override the theme's.
    strings_dir: str = "strings"
    seeds_dir: str = "seeds"
    # Files copied as they are to the site's root (a favicon, a logo, a PDF): see the README's Build.
    static_dir: str = "static"
    cname: str | None = None
    # The default preview image of every page (og:image, twitter:image, JSON-LD image): the
    # published path of a file of the theme's static folder, `static/og.png`; None for none.
    image: str | None = None
    pairing_window: tuple[int, int] = PAIRING_WINDOW
    # Raw HTML in hand-written release bodies is passed through instead of escaped: only for
    # archives whose every author is trusted (a <script> would run on the site).
    allow_html: bool = False
    # Not a setting: `serve` and `build --drafts` set it, so drafts are built (and the build's
    # fingerprint, made from these fields, differs from a build without them).
    drafts: bool = False
    # The licence of the open dataset under /data/, an SPDX identifier ("CC-BY-4.0"); None: none stated.
    data_licence: str | None = None

    # The folders the settings above name, as absolute paths.
    content_path = _folder("content_dir")
    output_path = _folder("output_dir")
    themes_path = _folder("themes_dir")
    templates_path = _folder("templates_dir")
    strings_path = _folder("strings_dir")
    seeds_path = _folder("seeds_dir")
    static_path = _folder("static_dir")

    @property
    def theme_path(self) -> Path:
        return self.themes_path / self.theme

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always with a leading and trailing slash."""
        path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", self.base_url, flags=re.I)
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    def with_base_url(self, base_url: str | None) -> Settings:
        """These settings for another base URL (`--base-url`), checked like the setting."""
        if not base_url:
            return self
        return replace(self, base_url=normalise_base_url(base_url, "--base-url", None))


def normalise_base_url(value: object, where: str, line: int | None) -> str:
    """The base URL every page URL starts from, always ending in a slash; a ConfigError at
    `where`:`line` when it cannot be one."""
    if not isinstance(value, str) or not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
        raise ConfigError(where, line, f"base_url must be an http(s) URL, not {value!r}")
    # Every page URL is the base plus a path: a query, a fragment or a `..` would end up in the
    # middle of each of them, and a malformed host makes none of them a URL.
    try:
        parts = urlsplit(value)
        valid_host = bool(parts.hostname) and (parts.port or 0) >= 0
    except ValueError:  # a malformed IPv6 host or a port out of range
        valid_host = False
    if not valid_host:
        raise ConfigError(where, line, f"base_url has no valid host: {value!r}")
    if parts.query or parts.fragment or "?" in value or "#" in value:
        raise ConfigError(where, line, f"base_url must not have a query or fragment: {value!r}")
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        raise ConfigError(where, line, f"base_url must not contain '.' or '..' segments: {value!r}")
    # Non-ASCII paths (a Korean folder name) are valid IRIs but not URLs: encode them once.
    value = urlunsplit(parts._replace(path=quote(parts.path, safe="/%!$&'()*+,;=:@-._~")))
    return value if value.endswith("/") else value + "/"


def _line_of(text: str, key: str) -> int | None:
    """Where a key of [tool.pressroom] is set, so an error can point at it."""
    in_table = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.startswith("[tool.pressroom")
            if in_table and stripped.rstrip("]").endswith("." + key):
                return number
        elif in_table and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return None


def load_settings(pyproject: Path) -> Settings:
    """Read and check `[tool.pressroom]`; every mistake is a ConfigError naming file and line."""
    pyproject = pyproject.resolve()
    where = str(pyproject)
    try:
        text = pyproject.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError(where, None, "no pyproject.toml here; run pressroom in the project") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(where, None, f"not valid TOML: {error}") from None
    except OSError as error:  # a folder given as --config, an unreadable file
        raise ConfigError(where, None, f"cannot read the settings: {error.strerror}") from None
    table: dict[str, Any] = data.get("tool", {}).get("pressroom", {})
    known = {f.name for f in fields(Settings)} - {"root", "drafts"}
    values: dict[str, Any] = {}
    for key, value in table.items():
        line = _line_of(text, key)
        if key not in known:
            raise ConfigError(where, line, f"unknown setting {key!r} in [tool.pressroom]"
                                           f"{did_you_mean(key, sorted(known))}")
        values[key] = _checked(key, value, where, line)
    # a site of other languages need not repeat its first one as the default
    values.setdefault("default_language", values.get("languages", DEFAULT_LANGUAGES)[0])
    settings = Settings(root=pyproject.parent, **values)
    _check_whole(settings, text, where)
    return settings


def _checked(key: str, value: Any, where: str, line: int | None) -> Any:
    """One setting's value as Settings holds it, or a ConfigError pointing at its line."""
    if key == "base_url":
        return normalise_base_url(value, where, line)
    if key == "languages":
        if not isinstance(value, list) or not value:
            raise ConfigError(where, line,
                              'languages must be a non-empty list of language codes, such as ["en", "ko"]')
        for code in value:
            problem = language_problem(code)
            if problem:
                raise ConfigError(where, line, f"languages: {problem}")
        if len(set(value)) != len(value):
            raise ConfigError(where, line, "languages names a language twice")
        return tuple(value)
    if key in ("page_size", "feed_size"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(where, line, f"{key} must be a whole number of at least 1")
        return value
    if key in ("title", "description"):
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(where, line, f"{key} must be a table of one string per language")
        return dict(value)
    if key == "pairing_window":
        if not isinstance(value, list) or len(value) != 2 or not all(
                isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_PAIRING_DAYS for v in value):
            raise ConfigError(where, line, "pairing_window must be [days before, days after], two whole "
                                           f"numbers from 0 to {MAX_PAIRING_DAYS}, such as [7, 1]")
        return (value[0], value[1])
    if key == "allow_html":
        if not isinstance(value, bool):
            raise ConfigError(where, line, "allow_html must be true or false")
        return value
    if key == "timezone":
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(where, line, f"unknown timezone {value!r}") from None
        return value
    if not isinstance(value, str):
        raise ConfigError(where, line, f"{key} must be a string")
    if key == "image" and (not value.startswith("static/") or ".." in value.split("/") or value == "static/"):
        raise ConfigError(where, line, f"image must name a file of the theme's static folder as it is "
                                       f"published, such as \"static/og.png\", not {value!r}")
    if key == "data_licence" and not _SPDX_ID.fullmatch(value):
        raise ConfigError(where, line, f"data_licence must be an SPDX licence identifier such as "
                                       f"\"CC-BY-4.0\" or \"ODbL-1.0\", not {value!r}")
    return value


def _check_whole(settings: Settings, text: str, where: str) -> None:
    """What no single setting shows: the settings must agree with each other."""
    if settings.default_language not in settings.languages:
        raise ConfigError(where, _line_of(text, "default_language"),
                          f"default_language {settings.default_language!r} is not in languages")
    # a missing theme is the build's error to report (it names the theme); here only its file
    if (settings.image is not None and settings.theme_path.is_dir()
            and not (settings.theme_path / settings.image).is_file()):
        raise ConfigError(where, _line_of(text, "image"),
                          f"image {settings.image!r}: the theme {settings.theme!r} has no file "
                          f"{settings.image} (the setting names a file of its static folder)")
    for key in ("title", "description"):
        missing = [lang for lang in settings.languages if lang not in getattr(settings, key)]
        if missing:
            raise ConfigError(where, _line_of(text, key),
                              f"{key} has no text for language(s) {', '.join(missing)}")
