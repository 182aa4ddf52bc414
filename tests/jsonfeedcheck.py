"""A JSON Feed held to the JSON Feed 1.1 specification (https://jsonfeed.org/version/1.1), and
compared item by item with the RSS feed beside it as feedparser reads it.

Why not feedparser for both: its releases (6.0.x) read RSS and Atom only; JSON Feed support sits
in its unreleased development branch. (jsonfeed-util, a JSON Feed reader on PyPI, installs a
top-level `tests` package that hides this one, so it is not used.) The JSON is read with json,
and every field the specification requires, or this site promises, is checked here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import json
import re
from typing import Any

import feedparser

VERSION = "https://jsonfeed.org/version/1.1"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)")
_RELATIVE = re.compile(r'\s(?:href|src)="(?![a-z][a-z0-9+.-]*:)[^"]*"', re.I)


def _moment(text: Any) -> dt.datetime | None:
    """An RFC 3339 date-time with its offset, or None."""
    if not isinstance(text, str) or not RFC3339.fullmatch(text):
        return None
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _timestamp(text: str) -> int:
    return int(dt.datetime.fromisoformat(text).timestamp())


def _item_problems(item: dict[str, Any], base_url: str) -> list[str]:
    where = f"item {item.get('id')!r}"
    problems = []
    if not isinstance(item.get("id"), str) or not item["id"]:
        problems.append(f"{where}: `id` must be a non-empty string")
    if not any(isinstance(item.get(key), str) for key in ("content_html", "content_text")):
        problems.append(f"{where}: needs `content_html` or `content_text`")
    if _RELATIVE.search(item.get("content_html") or ""):
        problems.append(f"{where}: `content_html` has a relative URL")
    if not str(item.get("url", "")).startswith(base_url):
        problems.append(f"{where}: `url` is not an absolute URL of the site")
    for key in ("date_published", "date_modified"):
        if _moment(item.get(key)) is None:
            problems.append(f"{where}: `{key}` is not RFC 3339: {item.get(key)!r}")
    if not isinstance(item.get("tags"), list) or not all(isinstance(tag, str) for tag in item["tags"]):
        problems.append(f"{where}: `tags` must be a list of strings")
    if not isinstance(item.get("summary", ""), str) or not isinstance(item.get("language"), str):
        problems.append(f"{where}: `summary` and `language` must be strings")
    return problems


def json_feed_problems(text: bytes, own_url: str, base_url: str) -> list[str]:
    """What breaks the JSON Feed 1.1 specification (its required fields and their types), or
    this site's promises (absolute URLs, its own `feed_url`, authors, language)."""
    try:
        data = json.loads(text)
    except ValueError as error:
        return [f"does not parse: {error}"]
    problems = []
    if data.get("version") != VERSION:
        problems.append(f"`version` must be {VERSION}")
    if not isinstance(data, dict):
        return ["a JSON Feed is an object"]
    if not isinstance(data.get("title"), str) or not data["title"]:
        problems.append("`title` is required")
    if not isinstance(data.get("items"), list):
        return [*problems, "`items` must be an array"]
    if data.get("feed_url") != own_url:
        problems.append(f"`feed_url` is {data.get('feed_url')!r}, not its own URL {own_url}")
    if not str(data.get("home_page_url", "")).startswith(base_url):
        problems.append("`home_page_url` is not a page of the site")
    authors = data.get("authors")
    named = {"name", "url", "avatar"}
    if not authors or not all(isinstance(a, dict) and (named & a.keys()) for a in authors):
        problems.append("`authors` must be objects with a name, url or avatar")
    if not isinstance(data.get("language"), str):
        problems.append("`language` is missing")
    for item in data["items"]:
        problems += _item_problems(item, base_url)
    return problems


def same_items(rss: bytes, json_text: bytes) -> list[str]:
    """Differences between the items of an RSS feed (read by feedparser) and of its JSON Feed:
    ids, links, titles, times and summaries, in order."""
    parsed = feedparser.parse(rss)
    items = json.loads(json_text)["items"]
    if parsed.bozo:
        return [f"the RSS feed does not parse: {parsed.get('bozo_exception')}"]
    # the RSS title and summary are HTML holding plain text (feedtext), the JSON Feed's plain text
    rows = [(e.id, e.link, html.unescape(e.title), calendar.timegm(e.published_parsed),
             html.unescape(e.summary)) for e in parsed.entries]
    json_rows = [(i["id"], i["url"], i["title"], _timestamp(i["date_published"]), i.get("summary", ""))
                 for i in items]
    if len(rows) != len(json_rows):
        return [f"{len(rows)} RSS items, {len(json_rows)} JSON Feed items"]
    return [f"item {number}: RSS {row} but JSON Feed {json_row}"
            for number, (row, json_row) in enumerate(zip(rows, json_rows, strict=True), 1) if row != json_row]
