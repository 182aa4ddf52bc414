"""The vocabulary of categories and tags: ids shared by every language, labels per language
(keyed by language code), and the rules the importer uses to assign them. Lives in
content/vocabulary.yaml; every term needs a label in each of the site's languages.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.config import DEFAULT_LANGUAGES
from generator.content.files import VOCABULARY_FILE
from generator.content.frontmatter import SafeLoader
from generator.content.release import ID_PATTERN, is_reserved_name
from generator.content.rules import Rules
from generator.errors import ContentError, Problem, editor_lines, many, yaml_reason
from generator.languages import is_language_tag

CATEGORY_CAP = 10  # matches counted per rule when inferring a category; more say nothing new
SHORT_BODY = 600  # characters; in a shorter body one mention is enough for a tag


@dataclass(frozen=True)
class Term:
    """A category or a tag. `rules` are case-insensitive regular expressions per language."""

    id: str
    labels: dict[str, str]
    rules: dict[str, tuple[str, ...]]
    kind: str = ""  # tags only: country, sector, agency, theme …
    aliases: tuple[str, ...] = ()  # categories only: dump category lines that mean this one

    def label(self, lang: str) -> str:
        return self.labels[lang]


@dataclass(frozen=True)
class Vocabulary:
    categories: dict[str, Term]  # in file order
    tags: dict[str, Term]  # in file order, which is also the order tags are listed in


def _line_of(text: str, needle: str, section: str | None = None) -> int | None:
    """The first line (1-based) that starts with `needle`, leading spaces aside. With `section`
    (`categories` or `tags`) only that top-level section's lines count, and a key there is
    looked for among the section's entries (their indentation) before any nested line: a tag
    and a category may share an id, and a term's id may be a nested key's name (`ko`)."""
    lines = editor_lines(text)
    first, last = 0, len(lines)
    if section is not None:
        start = next((index for index, line in enumerate(lines) if line.startswith(f"{section}:")), None)
        if start is None:
            return _line_of(text, needle)
        first = start + 1
        last = next((index for index in range(first, len(lines)) if _top_level(lines[index])), len(lines))
        indent = next((_indent(line) for line in lines[first:last]
                       if line.strip() and not line.lstrip().startswith("#")), None)
        for index in range(first, last):
            if _indent(lines[index]) == indent and lines[index].strip().startswith(needle):
                return index + 1
    for index in range(first, last):
        if lines[index].strip().startswith(needle):
            return index + 1
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _top_level(line: str) -> bool:
    """Whether `line` begins another top-level key (or a document marker): a section's end."""
    return bool(line) and not line[0].isspace() and not line.startswith("#")


def _term(section: str, term_id: Any, entry: Any, text: str, where: str, languages: tuple[str, ...]) -> Term:
    # the term's line, looked for only when something is wrong (a search of the file per term)
    line = functools.partial(_line_of, text, f"{term_id}:", "tags" if section == "tag" else "categories")
    if not isinstance(term_id, str) or not ID_PATTERN.match(term_id):
        raise ContentError(where, line(),
                           f"{section} id {term_id!r} must be lowercase ASCII words and hyphens")
    if is_reserved_name(term_id):  # it names a folder of the site (en/tag/<id>/)
        raise ContentError(where, line(), f"{section} id {term_id!r} is a name Windows reserves for a device")
    if not isinstance(entry, dict):
        raise ContentError(where, line(), f"{section} {term_id!r} must be a mapping")
    unknown = {key for key in entry if not (isinstance(key, str) and is_language_tag(key))} - {
        "rules", "kind", "aliases"}
    if unknown:
        raise ContentError(where, line(), f"{section} {term_id!r} has unknown key(s) {sorted(unknown)}")
    labels = {}
    for lang in dict.fromkeys([*languages, *(key for key in entry if is_language_tag(key))]):
        if not _has_label(entry, lang):
            raise ContentError(where, line(), f"{section} {term_id!r} has no {lang} label")
        labels[lang] = entry[lang]
    raw_rules = entry.get("rules") or {}
    if not isinstance(raw_rules, dict) or not all(isinstance(k, str) and is_language_tag(k)
                                                  for k in raw_rules):
        raise ContentError(where, line(),
                           f"{section} {term_id!r}: rules must map language codes to lists of patterns")
    rules: dict[str, tuple[str, ...]] = {}
    for lang in raw_rules:
        patterns = raw_rules.get(lang) or []
        for pattern in patterns:
            try:
                re.compile(pattern)
            except (re.error, TypeError) as error:
                raise ContentError(where, _line_of(text, f"- {pattern}") or line(),
                                   f"{section} {term_id!r}: bad pattern {pattern!r}: {error}") from None
        rules[lang] = tuple(patterns)
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ContentError(where, line(), f"{section} {term_id!r}: aliases must be a list of text")
    return Term(id=term_id, labels=labels, rules=rules, kind=str(entry.get("kind", "")),
                aliases=tuple(aliases))


def _has_label(entry: dict[str, Any], lang: str) -> bool:
    return isinstance(entry.get(lang), str) and bool(entry[lang].strip())


def _missing_labels(data: dict[str, Any], text: str, where: str,
                    languages: tuple[str, ...]) -> Iterator[Problem]:
    """Every term that lacks a label in a site language, each at its line."""
    for section, kind in (("categories", "category"), ("tags", "tag")):
        for term_id, entry in data[section].items():
            if not isinstance(entry, dict):
                continue  # _term says what is wrong with it
            for lang in languages:
                if not _has_label(entry, lang):
                    line = _line_of(text, f"{term_id}:", section)
                    yield Problem(where, line, f"{kind} {term_id!r} has no {lang} label")


def _python_yaml_error(text: str) -> yaml.YAMLError:
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as error:
        return error
    return yaml.YAMLError("not valid YAML")


def parse_vocabulary(text: str, where: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> Vocabulary:
    """The vocabulary in `text`; every term must have a label in each of `languages`."""
    try:
        data = yaml.load(text, Loader=SafeLoader)  # noqa: S506 - libyaml's safe loader when available
    except yaml.YAMLError:
        error = _python_yaml_error(text)  # the pure-Python parser's wording and line, as before
        line, reason = yaml_reason(error, text)
        raise ContentError(where, line, f"bad YAML: {reason}") from None
    if not isinstance(data, dict) or set(data) != {"categories", "tags"}:
        raise ContentError(where, 1, "the vocabulary must have exactly two sections: categories and tags")
    for section in ("categories", "tags"):
        if not isinstance(data[section], dict) or not data[section]:
            raise ContentError(where, _line_of(text, f"{section}:"), f"{section} must be a non-empty mapping")
    missing = list(_missing_labels(data, text, where, languages))
    if missing:  # all at once: a new language lacks a label on every term, not one per build
        raise many(ContentError, missing)
    sections = {}
    for section in ("categories", "tags"):
        entries = data[section]
        sections[section] = {
            term_id: _term(section[:-1] if section == "tags" else "category", term_id, entry, text, where,
                           languages)
            for term_id, entry in entries.items()
        }
    return Vocabulary(categories=sections["categories"], tags=sections["tags"])


def load_vocabulary(content_dir: Path, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> Vocabulary:
    path = content_dir / VOCABULARY_FILE
    try:
        # utf-8-sig: a byte order mark dropped, which libyaml's marks do not count (yaml_line)
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ContentError(path, None, "the vocabulary file is missing") from None
    except UnicodeDecodeError as error:
        raise ContentError(path, None, f"not UTF-8 text ({error.reason})") from None
    return parse_vocabulary(text, str(path), languages)


def _fold(text: str) -> str:
    """The form category lines are compared in: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class Matcher:
    """The vocabulary's rules compiled once, for assigning categories and tags to many records."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._names: dict[str, str] = {}
        for term in vocabulary.categories.values():
            for name in (term.id, *term.labels.values(), *term.aliases):
                self._names.setdefault(_fold(name), term.id)
        terms = [*vocabulary.categories.values(), *vocabulary.tags.values()]
        # one rule set per language a term is labelled or has rules in (a language without rules gets none)
        languages = dict.fromkeys(lang for term in terms for lang in (*term.labels, *term.rules))
        self._rules = {lang: Rules.build(terms, lang) for lang in languages}
        self._first_tag = len(vocabulary.categories)  # rules below this index are categories
        # Matches worth counting per rule: in titles one says all a tag needs; in bodies a tag
        # needs one or two (SHORT_BODY); categories compare counts up to CATEGORY_CAP.
        # Indexed by what a tag needs: [0] for titles, [1] and [2] for bodies.
        self._limits = {lang: tuple(rules.limits(self._first_tag, CATEGORY_CAP, max(needed, 1))
                                    for needed in range(3))
                        for lang, rules in self._rules.items()}
        self.fallback = "general" if "general" in vocabulary.categories else next(iter(vocabulary.categories))

    def category_for_line(self, line: str) -> str | None:
        """The category id a dump's category line names (label, alias or id), or None."""
        return self._names.get(_fold(line))

    def infer_category(self, title: str, body: str, lang: str) -> str:
        return self.classify(title, body, lang)[0]

    def tags(self, title: str, body: str, lang: str) -> tuple[str, ...]:
        return self.classify(title, body, lang)[1]

    def classify(self, title: str, body: str, lang: str) -> tuple[str, tuple[str, ...]]:
        """(inferred category, tags) for a release.

        The category is the one whose rules match most (title matches count three times); ties
        go to the category listed first; no match at all gives `general`. Tags are those whose
        rules match the title, or the body twice (once in a short body): a passing mention in a
        long release does not make it a release about that thing. Tags keep vocabulary order.
        """
        needed = 1 if len(body) < SHORT_BODY else 2
        rules = self._rules[lang]
        limits = self._limits[lang]
        in_title, title_rules = rules.counts(title.lower(), limits[0])
        in_body, body_rules = rules.counts(body.lower(), limits[needed])
        best, best_score = self.fallback, 0
        tags = []
        # Only terms with a matching rule can score or be tagged; in vocabulary order.
        # Plain loops: generator expressions in sum() and any() cost more than the sums here.
        term_of, terms, first_tag = rules.term_of, rules.terms, self._first_tag
        for index in sorted({term_of[rule] for rule in title_rules} | {term_of[rule] for rule in body_rules}):
            term_id, term_rules = terms[index]
            if index < first_tag:
                score = 0
                for rule in term_rules:
                    score += 3 * in_title[rule] + in_body[rule]
                if score > best_score:
                    best, best_score = term_id, score
                continue
            mentions = 0
            for rule in term_rules:
                if in_title[rule]:
                    mentions = needed  # a title match is enough
                    break
                mentions += min(in_body[rule], needed)
            if mentions >= needed:
                tags.append(term_id)
        return best, tuple(tags)
