"""Old URLs of a page, as the front matter's `aliases` and content/redirects.yaml name them.

One rule for both: an old URL is a path below the site's base URL (`en/2023/01/old-slug/`, or
`/en/old/` with a leading slash: the same thing), written without a host, so that the redirect
it becomes works under any base path. It names a folder (a redirect page is written as
`<path>/index.html`) or, ending in `.html`, a file of an older site. Anything else is refused
rather than guessed at: a URL with a host (a redirect on another host is not this site's to
make), `..` or `.` segments (they would leave or alias the folder), a query or fragment (a
static host ignores them), and characters no file name may hold.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

from generator.content.release import is_reserved_name, key_line
from generator.errors import ContentError

# What a path segment may not hold on Windows or in a URL's path as written by hand.
_UNSAFE = re.compile(r'[\x00-\x20\x7f\\:*?"<>|#%]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
MAX_ALIAS_LENGTH = 400


def alias_problem(raw: object) -> str | None:
    """What is wrong with `raw` as an old URL, or None when normalise_alias accepts it."""
    if not isinstance(raw, str) or not raw.strip():
        return "an alias must be a path like en/2023/01/old-slug/"
    text = raw.strip()
    if len(text) > MAX_ALIAS_LENGTH:  # first: the messages below quote the alias
        return f"alias is longer than {MAX_ALIAS_LENGTH} characters"
    if _SCHEME.match(text) or text.startswith("//"):
        return (f"alias {text!r} names a host: write the path below the site's address "
                "(like en/2023/01/old-slug/); a redirect can only be made on this site")
    if "?" in text or "#" in text:
        return f"alias {text!r} has a query or fragment: a static site can only redirect a path"
    segments = _segments(text)
    if not segments:
        return f"alias {text!r} is the site's root: that page cannot move"
    for segment in segments:
        if segment in ("", ".", ".."):
            return f"alias {text!r} has an empty, '.' or '..' segment; write the path plainly"
        if _UNSAFE.search(segment):
            return f"alias {text!r} has a character a file name cannot hold: {segment!r}"
        if is_reserved_name(segment):  # its redirect page could not be checked out on Windows
            return f"alias {text!r} has {segment!r}, a name Windows reserves for a device"
    return None


def _segments(text: str) -> list[str]:
    """The decoded path segments of an old URL (percent-encoding as a browser sends it)."""
    path = unicodedata.normalize("NFC", unquote(text.strip()))
    path = path.lstrip("/")
    if path.endswith("/"):
        path = path[:-1]
    return path.split("/") if path else []


def normalise_alias(raw: str) -> str:
    """The canonical form of an accepted old URL: decoded, NFC, no leading slash, a trailing
    slash for a folder (`/en/old` → `en/old/`), as it is stored and compared."""
    segments = _segments(raw)
    path = "/".join(segments)
    return path if segments[-1].endswith(".html") else path + "/"


def item_line(front: str, key: str, index: int) -> int:
    """The file's line of item `index` of the top-level list `key` (front matter starts on line
    2): its own line in a block list, the key's line in a flow list `[a, b]`; 1 when not found."""
    lines = front.split("\n")
    start = next((n for n, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if start is None:
        return 1
    items = []
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if line.strip() and not line[0].isspace() and not line.startswith("-"):
            break  # the next top-level key
        if line.lstrip().startswith("- "):
            items.append(number)
    return (items[index] if index < len(items) else start) + 2


def aliases_from(value: object, front: str, path: str) -> tuple[str, ...]:
    """The normalised aliases of a front matter value (`front`: its text, for lines; `path`: the
    file's); the first problem is a ContentError. Two equal aliases in one file are one too."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ContentError(path, key_line(front, "aliases"), "aliases must be a list of old paths like "
                                                             "[en/old-slug/]")
    found: list[str] = []
    for index, raw in enumerate(value):
        problem = alias_problem(raw)
        if problem is None:
            alias = normalise_alias(str(raw))
            if alias in found:
                problem = f"alias {alias!r} is listed twice"
            found.append(alias)
        if problem is not None:
            raise ContentError(path, item_line(front, "aliases", index), problem)
    return tuple(found)


def redirect_file(alias: str) -> str:
    """The output file of a normalised old URL's redirect page."""
    return alias if alias.endswith(".html") else alias + "index.html"
