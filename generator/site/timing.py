"""When a release came out and when it last changed, as feeds, structured data and the sitemap
say it.

A release has a date but no time, so every release of a day used to be stamped midnight and
feed readers, which sort by time, tied them. The archive's order within a day is the dumps'
(generator.site.archive.archive_order): a dump lists releases newest first, so record 1 of a
day is its newest. Each release gets a stable time within its day from that order: the day's
oldest release is midnight in the site's time zone, the next one second later, and so on, so
readers sort the day exactly as the archive lists it (Archive.day_rank holds the seconds).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

RFC822_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
RFC822_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Dated(Protocol):
    """A release or its view: anything with a publication date and a correction date."""

    @property
    def date(self) -> dt.date: ...

    @property
    def updated(self) -> dt.date | None: ...


def modified_date(release: Dated) -> dt.date:
    """The date a release was last modified: the one place that decides it (the sitemap's
    `lastmod`, JSON-LD `dateModified`, JSON Feed `date_modified`): front matter `updated`, else
    the publication date."""
    return release.updated or release.date


def moment(date: dt.date, timezone: str, seconds: int = 0) -> dt.datetime:
    """Midnight of `date` in the site's time zone, plus the release's `seconds` within its day."""
    midnight = dt.datetime(date.year, date.month, date.day, tzinfo=ZoneInfo(timezone))
    return midnight + dt.timedelta(seconds=seconds)


def rfc822(date: dt.date, timezone: str, seconds: int = 0) -> str:
    """A release's time (RFC 822, RSS `pubDate`) with English names, whatever the locale."""
    when = moment(date, timezone, seconds)
    offset = when.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    zone = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return (f"{RFC822_DAYS[when.weekday()]}, {when.day:02d} {RFC822_MONTHS[when.month - 1]} "
            f"{when.year} {when:%H:%M:%S} {zone}")


def rfc3339(date: dt.date, timezone: str, seconds: int = 0) -> str:
    """A release's time as RFC 3339 (JSON Feed, JSON-LD): `2024-04-23T00:00:01+09:00`."""
    return moment(date, timezone, seconds).isoformat()


def modified_rfc3339(release: Dated, timezone: str, seconds: int = 0) -> str:
    """When a release last changed, RFC 3339: its publication time while it is unmodified, else
    midnight of the modified date."""
    changed = modified_date(release)
    if changed == release.date:
        return rfc3339(release.date, timezone, seconds)
    return rfc3339(changed, timezone)
