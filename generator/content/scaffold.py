"""`pressroom new`: start a hand-written release.

Writes `content/<lang>/<yyyy>/<mm>/<slug>.md` dated today in the settings' time zone (the
ministry's day, not the editor's machine's), with front matter that passes `pressroom check` as
it stands (its summary is the title until the editor writes one: feeds need one), prints
its path and opens nothing (an editor is the person's choice). It has no
`source:`, so the build renders its body with the hand-written Markdown extensions. It never
overwrites a file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.config import Settings
from generator.content.frontmatter import format_release
from generator.content.release import Release, content_path_for, is_safe_slug
from generator.content.vocabulary import Vocabulary, load_vocabulary
from generator.errors import PressroomError
from generator.importing.slugs import slug_for
from generator.suggest import did_you_mean

DEFAULT_CATEGORY = "general"
_BODY = {
    "en": "Write the release here in Markdown: tables, footnotes[^1] and definition lists work.\n\n"
          "[^1]: A footnote.",
    "ko": "보도자료 본문을 Markdown으로 쓰세요. 표와 각주[^1], 정의 목록을 쓸 수 있습니다.\n\n"
          "[^1]: 각주입니다.",
}


def new_release(settings: Settings, lang: str, title: str, category: str | None = None,
                tags: tuple[str, ...] = (), slug: str | None = None, today: dt.date | None = None) -> Path:
    """Write a new release file and return its path; a PressroomError (nothing written) when an
    argument is wrong or the file exists."""
    where = "pressroom new"
    if lang not in settings.languages:
        known = ", ".join(settings.languages)
        raise PressroomError(where, None, f"--lang {lang!r} is not one of the site's languages "
                                          f"({known}){did_you_mean(lang, settings.languages)}")
    if not title.strip():
        raise PressroomError(where, None, "the title is empty")
    vocabulary = load_vocabulary(settings.content_path)
    category = _term(vocabulary, "category", category or _default_category(vocabulary))
    tags = tuple(_term(vocabulary, "tag", tag) for tag in dict.fromkeys(tags))
    if slug is None:
        slug = slug_for(title, lang)  # as the importer makes them, in every language
    elif not is_safe_slug(slug):
        raise PressroomError(where, None, f"--slug {slug!r} must be lowercase letters, digits and hyphens")
    date = today or dt.datetime.now(ZoneInfo(settings.timezone)).date()
    relative = content_path_for(lang, date, slug)
    release = Release(path=relative, lang=lang, title=title.strip(), date=date, category=category, tags=tags,
                      slug=slug, translation_key=f"{date.isoformat()}-{slug}", summary=title.strip(),
                      body=_BODY.get(lang, _BODY["en"]), body_line=0)
    target = settings.content_path / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written whole beside it, then linked in: a kill never leaves half a release, and a link
    # refuses an existing file (one made meanwhile too), which os.replace would overwrite.
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(format_release(release), encoding="utf-8", newline="\n")
        os.link(temporary, target)
    except FileExistsError:
        raise PressroomError(target, None, "already exists; pick another title or --slug") from None
    finally:
        temporary.unlink(missing_ok=True)
    return target


def _default_category(vocabulary: Vocabulary) -> str:
    categories = vocabulary.categories
    return DEFAULT_CATEGORY if DEFAULT_CATEGORY in categories else next(iter(categories))


def _term(vocabulary: Vocabulary, kind: str, term_id: str) -> str:
    known = vocabulary.categories if kind == "category" else vocabulary.tags
    if term_id not in known:
        option = "--category" if kind == "category" else "--tags"
        raise PressroomError("pressroom new", None, f"{option}: {term_id!r} is not a {kind} of the vocabulary"
                                                    f"{did_you_mean(term_id, known)}")
    return term_id


def command(settings: Settings, args: argparse.Namespace) -> int:
    tags = tuple(tag.strip() for tag in (args.tags or "").split(",") if tag.strip())
    path = new_release(settings, args.lang, args.title, args.category, tags, args.slug)
    try:
        shown = path.relative_to(Path.cwd())
    except ValueError:
        shown = path
    print(shown)
    return 0
