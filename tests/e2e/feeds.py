"""A feed checker: what feedparser reads, plus the W3C feed validator's rules feedparser lets pass.

feedparser is what many readers use, so a feed it reads without `bozo` and with every field
filled is a feed readers can follow. It forgives a lot, though: it parses ISO dates in pubDate,
ignores a wrong atom:link self and leaves relative URLs in content (which readers resolve
against the wrong base, or not at all). Those are checked on the raw XML here.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
# RFC 822 (with RFC 1123's four-digit year) as the RSS 2.0 spec asks, in English, at Seoul time.
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} \+0900$")
SEOUL_OFFSET = dt.timedelta(hours=9)
REQUIRED_CHANNEL = ("title", "link", "description", "language")


class _UrlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "poster", "cite", "action") and value:
                self.urls.append(value.strip())
            elif name == "srcset" and value:
                self.urls.extend(part.split()[0] for part in value.split(",") if part.strip())


def relative_urls(html: str) -> list[str]:
    """URLs in an HTML fragment that a feed reader could not resolve on its own."""
    collector = _UrlCollector()
    collector.feed(html)
    collector.close()
    return [url for url in collector.urls
            if not (urlsplit(url).scheme and (urlsplit(url).netloc or urlsplit(url).scheme == "mailto"))]


def date_problem(text: str | None) -> str | None:
    """Why a feed date is not an RFC 822 date at Seoul time with English names, or None."""
    if not text:
        return "missing"
    try:
        parsed = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError):
        parsed = None
    if parsed is None:
        return f"{text!r} is not an RFC 822 date"
    if parsed.utcoffset() != SEOUL_OFFSET:
        return f"{text!r} is not at Seoul time (+0900)"
    if not RFC822.match(text.strip()):
        return f"{text!r} is not written 'Tue, 23 Apr 2024 09:00:00 +0900' (English names, two-digit day)"
    weekday = parsed.strftime("%a")
    if not text.startswith(weekday):
        return f"{text!r} names the wrong weekday (it was a {weekday})"
    return None


def check_feed(xml: bytes, feed_url: str, base_url: str, max_items: int | None = None) -> list[str]:
    """Every problem a reader or the W3C validator would find in one RSS feed."""
    parsed = feedparser.parse(xml)
    problems: list[str] = []
    if parsed.bozo:
        problems.append(f"feedparser: not well-formed: {parsed.bozo_exception}")
    if parsed.version != "rss20":
        problems.append(f"not RSS 2.0 (feedparser says {parsed.version or 'unknown'})")
    try:
        channel = ElementTree.fromstring(xml).find("channel")
    except ElementTree.ParseError as error:
        return [*problems, f"not XML: {error}"]
    if channel is None:
        return [*problems, "no <channel>"]
    for name in REQUIRED_CHANNEL:
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel has no {name}")
    if not (channel.findtext("link") or "").startswith(base_url):
        problems.append(f"channel link {channel.findtext('link')!r} is not under {base_url}")
    selves = [link.get("href") for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if selves != [feed_url]:
        problems.append(f"atom:link rel=self is {selves}, not [{feed_url!r}]")
    if problem := date_problem(channel.findtext("lastBuildDate")):
        problems.append(f"lastBuildDate: {problem}")
    items = channel.findall("item")
    if not items:
        problems.append("has no item")
    if max_items is not None and len(items) > max_items:
        problems.append(f"has {len(items)} items, more than the feed size {max_items}")
    problems.extend(_item_problems(items, parsed.entries, base_url))
    return problems


def _item_problems(items: list[ElementTree.Element], entries: list, base_url: str) -> list[str]:
    problems: list[str] = []
    if len(entries) != len(items):
        problems.append(f"feedparser read {len(entries)} entries out of {len(items)} items")
    dates: list[dt.datetime] = []
    for number, (item, entry) in enumerate(zip(items, entries, strict=False), 1):
        where = f"item {number} ({entry.get('link') or item.findtext('link')})"
        for name, value in (("title", entry.get("title")), ("link", entry.get("link")),
                            ("guid", entry.get("id")), ("summary", entry.get("summary")),
                            ("content", (entry.get("content") or [{}])[0].get("value"))):
            if not (value or "").strip():
                problems.append(f"{where}: no {name}")
        link = entry.get("link") or ""
        if not link.startswith(base_url):
            problems.append(f"{where}: link is not an absolute URL under {base_url}")
        guid = item.find("guid")
        permalink = guid is not None and guid.get("isPermaLink", "true") == "true"
        if guid is not None and permalink and (guid.text or "").strip() != link:
            problems.append(f"{where}: permalink guid {guid.text!r} differs from the link")
        if not entry.get("published_parsed"):
            problems.append(f"{where}: feedparser found no published date")
        if problem := date_problem(item.findtext("pubDate")):
            problems.append(f"{where}: pubDate {problem}")
        else:
            dates.append(email.utils.parsedate_to_datetime(item.findtext("pubDate") or ""))
        if not item.findall("category"):
            problems.append(f"{where}: no category element")
        for field, html in (("description", item.findtext("description") or ""),
                            ("content:encoded", item.findtext(f"{CONTENT}encoded") or "")):
            for url in relative_urls(html):
                problems.append(f"{where}: relative URL {url!r} in {field}")
    if dates != sorted(dates, reverse=True):
        problems.append("items are not newest first")
    return problems
