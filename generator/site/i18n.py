"""The UI strings per language: the theme's string tables, extended by the site's.

Page dates and numbers come from Babel's CLDR data (generator.languages), so a new language needs
only a string table; feeds' RFC 822 times are generator.site.timing's, English by that standard.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.errors import PressroomError, editor_lines, yaml_line, yaml_reason
from generator.languages import FORMAT_KEYS, LocaleFormats, language_name
from generator.suggest import did_you_mean

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: same rules, faster
STR = "tag:yaml.org,2002:str"  # a scalar YAML resolves to text



class Strings:
    """One language's string table. A missing key is a build error naming key and language.

    `sources` says which file each key came from (a site's table overrides the theme's), so an
    error points at the right file; `formats` are the language's CLDR date and number formats."""

    def __init__(self, lang: str, table: dict[str, str], where: str,
                 sources: dict[str, str] | None = None) -> None:
        self.lang = lang
        self.table = table
        self.where = where
        self.sources = sources or {}
        self._formats: LocaleFormats | None = None

    @property
    def formats(self) -> LocaleFormats:
        """The language's formats, made when first asked for (a table may be read for its text)."""
        if self._formats is None:
            given = {key: self.table[key] for key in FORMAT_KEYS if key in self.table}
            self._formats = LocaleFormats(self.lang, given)
        return self._formats

    def __call__(self, key: str, **values: object) -> str:
        try:
            text = self.table[key]
        except KeyError:
            raise PressroomError(self.where, None,
                                 f"missing UI string {key!r} for language {self.lang!r}") from None
        if "{" not in text and "}" not in text:
            return text  # no placeholder, no escaped brace: nothing to fill (most strings)
        try:
            # formatted even when no value is given, so a placeholder left unfilled is an error
            # there too, and `{{` reads as `{` whatever the call gives
            return text.format(**values)
        except KeyError as error:  # a placeholder the caller does not fill: the table's mistake
            given = ", ".join(f"{{{name}}}" for name in values) or "none"
            raise PressroomError(self.file_of(key), self.line(key), f"string {key!r} has placeholder "
                                 f"{{{error.args[0]}}}, which is not given here (given: {given})") from None
        except (IndexError, ValueError) as error:
            raise PressroomError(self.file_of(key), self.line(key),
                                 f"string {key!r} is not valid text with placeholders ({error})") from None

    def file_of(self, key: str) -> str:
        """The file that gave `key` (the table's own file when it gave none)."""
        return self.sources.get(key, self.where)

    def line(self, key: str) -> int | None:
        """The line of `key:` in the file that gave it, for an error (read only then)."""
        try:
            text = Path(self.file_of(key)).read_text(encoding="utf-8-sig")
        except OSError:
            return None
        pattern = re.compile(rf"""^['"]?{re.escape(key)}['"]?\s*:""")
        return next((n for n, line in enumerate(editor_lines(text), 1) if pattern.match(line)), None)

    def with_language_names(self, languages: tuple[str, ...]) -> Strings:
        """The table with `language_<code>` for every site language it does not name, from CLDR
        ("Korean" in English, "한국어" in Korean)."""
        for code in languages:
            self.table.setdefault(f"language_{code}", language_name(code, self.lang))
        return self


def read_table(path: Path) -> dict[str, str] | None:
    """One `strings/<lang>.yaml`: a flat mapping of key → text; None when there is no such file.
    Read as YAML nodes, so a value that is not text (`42`, `yes`, a list) or a key given twice is
    an error at its own line, naming the key."""
    try:
        # utf-8-sig: a byte order mark dropped, which libyaml's marks do not count (yaml_line)
        text = path.read_text(encoding="utf-8-sig")
        node = yaml.compose(text, Loader=SafeLoader)  # noqa: S506 - safe
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as error:
        raise PressroomError(path, None, f"not UTF-8 text ({error.reason})") from None
    except yaml.YAMLError as error:
        line, reason = yaml_reason(error, text)
        raise PressroomError(path, line, f"bad YAML: {reason}") from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise PressroomError(path, yaml_line(text, node.start_mark), "a string table must map keys to text")
    table: dict[str, str] = {}
    for key, value in node.value:  # lines counted only for an error: yaml_line reads up to the mark
        if not (isinstance(key, yaml.ScalarNode) and key.tag == STR):
            raise PressroomError(path, yaml_line(text, key.start_mark),
                                 "a string table must map keys to text: a key is not text")
        if key.value in table:
            raise PressroomError(path, yaml_line(text, key.start_mark),
                                 f"string {key.value!r} is given twice")
        if not (isinstance(value, yaml.ScalarNode) and value.tag == STR):
            raise PressroomError(path, yaml_line(text, value.start_mark),
                                 f"string {key.value!r} is not text: quote it (YAML reads 42, yes or [a] "
                                 "as a number, a truth value, a list)")
        table[key.value] = value.value
    return table


def check_theme(theme_path: Path) -> None:
    """A theme folder that is not there is an error naming the closest theme there is."""
    if theme_path.is_dir():
        return
    folder = theme_path.parent
    themes = sorted(d.name for d in folder.iterdir() if d.is_dir()) if folder.is_dir() else []
    hint = did_you_mean(theme_path.name, themes)
    raise PressroomError(theme_path, None, f"no theme {theme_path.name!r}: the folder does not exist (the "
                         f"`theme` setting names a folder of {folder}){hint}")


def load_strings(theme_path: Path, lang: str, site_strings: Path | None = None) -> Strings:
    """The string table of `lang`: the theme's `strings/<lang>.yaml`, its keys overridden and
    extended by the site's (`site_strings/<lang>.yaml`); at least one of them must exist."""
    check_theme(theme_path)
    files = [theme_path / "strings" / f"{lang}.yaml"]
    if site_strings is not None:
        files.append(site_strings / f"{lang}.yaml")
    table: dict[str, str] = {}
    sources: dict[str, str] = {}
    found = []
    for path in files:
        data = read_table(path)
        if data is not None:
            found.append(str(path))
            table.update(data)
            sources.update(dict.fromkeys(data, str(path)))
    if not found:
        raise PressroomError(files[-1], None, f"no string table for language {lang!r}: add "
                                              f"{' or '.join(str(path) for path in files)}")
    return Strings(lang, table, found[-1], sources)

