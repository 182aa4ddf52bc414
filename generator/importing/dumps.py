"""The raw dump format: records separated by `-` lines, each an optional category line, a title
and a body ending in `dateYYYY-MM-DD`.

    -
    Industry                      ← optional category line
    Title of the release
    Body, one line … date2024-04-23
    -

Parsing never raises on any input: each problem becomes a `Problem` (`FILE:LINE: message`) and
the records around it still parse. Text is normalised to Unicode NFC, line ends to `\\n`, and
control characters (which no reader can see and Markdown uses internally) are dropped. A title is
one line: a line break inside it (U+2028, U+2029, U+0085 …) becomes a space, and the invisible
characters that only hide in it (soft hyphen, zero-width space, word joiner) are dropped; the
zero-width joiner and non-joiner, which scripts and emoji need, and bidi marks stay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from generator.content.release import date_problem, title_problem
from generator.errors import Problem

MAX_UNDECODABLE_SHOWN = 5  # lines named one by one; the rest are counted
_DATE_RE = re.compile(r"(?:^|(?<=[^A-Za-z]))date(\S*)$")
# ASCII digits only: \d and int() would take full-width and other scripts' digits (date２０２４-…)
_ISO_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
# XML 1.0 forbids these (U+FFFE/F too); U+FEFF is a byte-order mark left inside the text where
# files were joined, never meant as a character
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
# The control characters that break a line (str.splitlines): in a title they part two words.
_CONTROL_BREAK_RE = re.compile(r"[\x0b\x0c\x1c-\x1e\x85]")
# In a title (one line of a link, a heading, a feed entry's name): line and paragraph separators
# become a space; invisible characters that only hide are dropped (soft hyphen, Mongolian vowel
# separator, zero-width space, word joiner, invisible operators). Kept: U+200C/U+200D (ZWNJ/ZWJ:
# Persian, Indic scripts and emoji sequences need them) and bidi marks and controls.
_TITLE_BREAK_RE = re.compile(r"[ \t]*[\u2028\u2029][ \t\u2028\u2029]*")
_TITLE_INVISIBLE_RE = re.compile(r"[\u00ad\u180e\u200b\u2060-\u2064]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN_RE = re.compile(r"[A-Za-z]")
LANGUAGE_SAMPLE = 50_000  # characters; plenty to tell Korean from English
MAX_CATEGORY_LINE = 40  # a category line is short; a longer first line is a title


@dataclass(frozen=True)
class Record:
    """One release as found in a dump, before it becomes a content file."""

    dump: str  # the dump's path as shown to people (relative to the project when inside it)
    number: int  # 1-based position among the dump's records, bad ones included
    line: int  # the line the record starts on
    lang: str
    category: str | None  # a vocabulary id from the category line, if there was one
    title: str
    body: str  # plain text, lines joined by "\n", the date suffix removed
    date: dt.date
    hash: str  # "sha256:…" of the normalised record text
    # 2, 3 … for another release with this date and title (generator.importing.sametitle).
    variant: int = 0
    title_key: str = field(init=False, repr=False, compare=False)
    identity: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Records with one title key are the same release, or different releases that share a
        # date and a title; the variant tells the latter apart. Computed once: large imports
        # look them up many times.
        title = " ".join(self.title.casefold().split())
        key = f"{self.lang}:{self.date.isoformat()}:{title}"
        object.__setattr__(self, "title_key", key)
        object.__setattr__(self, "identity", with_variant(key, self.variant))


# Between a title key and a variant number in an identity. A title key never holds a tab (its
# title's whitespace is collapsed to single spaces), so no title can be mistaken for a variant.
VARIANT_MARK = "\t#"


def with_variant(title_key: str, variant: int) -> str:
    """The identity of a release: its title key alone for the first release of a date and
    title (so identities in existing manifests stay what they were), then `…<tab>#2` and up."""
    return f"{title_key}{VARIANT_MARK}{variant}" if variant else title_key


def current_identity(identity: str) -> str:
    """An identity a manifest kept, as a record of the same title makes it today: imports before
    titles were cleaned kept a soft hyphen or zero-width space in it, and a re-import must not
    take that release for a new one (and write it twice)."""
    if not _TITLE_INVISIBLE_RE.search(identity):
        return identity
    key, mark, variant = identity.partition(VARIANT_MARK)
    lang, date, title = key.split(":", 2) if key.count(":") >= 2 else ("", "", key)
    title = " ".join(_TITLE_INVISIBLE_RE.sub("", title).split())
    return f"{lang}:{date}:{title}{mark}{variant}" if lang else title + mark + variant


@dataclass(frozen=True)
class Dump:
    """One dump parsed: its good records, a problem for each bad one, the language it is in."""

    records: list[Record]
    problems: list[Problem]
    lang: str


def decode(data: bytes, where: str) -> tuple[list[str], list[Problem], set[int], dict[int, str]]:
    """The dump's lines as NFC text, plus a problem and a line number for each line whose
    bytes are not UTF-8 (decoded with replacement characters so the rest still reads), and for
    the rare line with a control character that breaks lines (U+0085 …), that line with U+2028
    in its place: the form a title takes its words from (the body and the hash drop it)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 with its byte order mark (what Windows editors save as "Unicode"): unambiguous,
        # so re-encode it rather than reject every line as undecodable.
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as error:
            message = f"undecodable UTF-16 at byte {error.start + 1}; save the dump as UTF-8"
            return [], [Problem(where, 1, message)], set(), {}
    raw_lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    lines: list[str] = []
    problems: list[Problem] = []
    bad: set[int] = set()
    broken: dict[int, str] = {}
    for number, raw in enumerate(raw_lines, 1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            if len(bad) < MAX_UNDECODABLE_SHOWN:
                reason = f"undecodable bytes (not UTF-8) at byte {error.start + 1} of the line"
                problems.append(Problem(where, number, f"{reason}; this record is skipped"))
            bad.add(number)
            text = raw.decode("utf-8", errors="replace")
        if not text.isprintable():
            if _CONTROL_BREAK_RE.search(text):
                spaced = _CONTROL_RE.sub("", _CONTROL_BREAK_RE.sub("\u2028", text))
                broken[number] = unicodedata.normalize("NFC", spaced).strip()
            text = _CONTROL_RE.sub("", text)
        lines.append(unicodedata.normalize("NFC", text).strip())
    if len(bad) > MAX_UNDECODABLE_SHOWN:  # a binary file: a line each would flood the terminal
        first = sorted(bad)[MAX_UNDECODABLE_SHOWN]
        more = len(bad) - MAX_UNDECODABLE_SHOWN
        problems.append(Problem(where, first, f"and {more:,} more lines with undecodable bytes, their "
                                              "records skipped: is this a text dump?"))
    return lines, problems, bad, broken


def detect_language(text: str) -> str:
    """`ko` when Hangul makes up a fair share of the letters (Korean releases quote many Latin
    names and acronyms), else `en`."""
    sample = text[:LANGUAGE_SAMPLE]
    hangul = len(_HANGUL_RE.findall(sample))
    latin = len(_LATIN_RE.findall(sample))
    return "ko" if hangul and hangul >= 0.25 * (hangul + latin) else "en"


def _own_language(record: Record) -> Record:
    """A record plainly in the other language than its dump's (a mixed dump) keeps its own.
    Judged on the title and the body's start only, so large dumps stay fast."""
    # Most titles are plainly in their dump's language: a search for one Hangul letter says so
    # before any letters are counted.
    any_hangul = not record.title.isascii() and _HANGUL_RE.search(record.title) is not None
    if record.lang == "en" and any_hangul and \
            len(_HANGUL_RE.findall(record.title)) > len(_LATIN_RE.findall(record.title)):
        return replace(record, lang="ko")
    if record.lang == "ko" and not any_hangul and not _HANGUL_RE.search(record.body[:300]):
        return replace(record, lang="en")
    return record


def _contradicts(lang: str, text: str) -> str | None:
    """Why `--lang` is plainly wrong for this text (English imported as Korean would publish
    under /ko/ with Korean labels), or None. Only clear cases: mixed text stays the user's call."""
    sample = text[:LANGUAGE_SAMPLE]
    hangul = len(_HANGUL_RE.findall(sample))
    latin = len(_LATIN_RE.findall(sample))
    if lang == "ko" and not hangul and latin:
        return "--lang ko, but the dump has no Korean text; nothing imported (leave out --lang to detect)"
    if lang == "en" and hangul > latin:
        return "--lang en, but the dump is mostly Korean; nothing imported (leave out --lang to detect)"
    return None


def parse_dump(data: bytes, where: str, lang: str | None,
               category_for_line: Callable[[str], str | None]) -> Dump:
    """Every good record of a dump, and a problem for every bad one."""
    lines, problems, bad_lines, broken = decode(data, where)
    if not any(lines):
        return Dump([], [*problems, Problem(where, 1, "empty file: no records")], lang or "en")
    detected = lang is None
    if lang is None:
        lang = detect_language("\n".join(lines))
    else:
        mismatch = _contradicts(lang, "\n".join(lines))
        if mismatch:
            return Dump([], [*problems, Problem(where, 1, mismatch)], lang)
    records: list[Record] = []
    number = 0
    for start, group, closed in _groups(lines):
        content = [(n, text) for n, text in group if text]
        if not content:
            if closed and start > 0:  # `-` followed by `-`: a record with nothing in it
                number += 1
                problems.append(Problem(where, start, "empty record: nothing between two '-' lines"))
            continue
        number += 1
        if any(n in bad_lines for n, _ in content):
            continue
        result = _record(content, where, number, lang, category_for_line, broken)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            records.append(_own_language(result) if detected else result)
    if not records and not problems:
        problems.append(Problem(where, 1, "empty file: no records"))
    return Dump(records, problems, lang)


def _groups(lines: list[str]) -> list[tuple[int, list[tuple[int, str]], bool]]:
    """(line of the opening `-` or 0, numbered lines, whether a `-` closes it) per record."""
    groups: list[tuple[int, list[tuple[int, str]], bool]] = []
    start, current = 0, []
    for number, text in enumerate(lines, 1):
        if text == "-":
            groups.append((start, current, True))
            start, current = number, []
        else:
            current.append((number, text))
    groups.append((start, current, False))
    return groups


def _record(content: list[tuple[int, str]], where: str, number: int, lang: str,
            category_for_line: Callable[[str], str | None], broken: dict[int, str]) -> Record | Problem:
    first_line = content[0][0]
    last_line, last = content[-1]
    if merged := _date_inside(content, where):
        return merged
    # Only the last word can hold the date; searching the whole (long) line is much slower.
    last_word = last.rsplit(None, 1)[-1]
    match = _DATE_RE.search(last_word)
    if not match or not match.group(1):
        return Problem(where, last_line, "no date: the record's last line must end with dateYYYY-MM-DD")
    iso = _ISO_RE.match(match.group(1))
    if not iso:
        return Problem(where, last_line, f"bad date {match.group(1)!r}: expected dateYYYY-MM-DD")
    try:
        date = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    except ValueError:
        return Problem(where, last_line, f"impossible date {match.group(1)}")
    if implausible := date_problem(date):
        return Problem(where, last_line, f"{implausible}; this record is skipped")
    texts = [text for _, text in content]
    texts[-1] = last[: len(last) - len(last_word) + match.start()].rstrip()
    if not texts[-1]:
        texts.pop()
        if not texts:
            return Problem(where, last_line, "empty record: only a date")
    category = None
    if len(texts) > 1 and len(texts[0]) <= MAX_CATEGORY_LINE:
        category = category_for_line(texts[0])
        if category is not None:
            texts = texts[1:]
    title_line = content[1][0] if category is not None else first_line
    spaced = broken.get(title_line) if title_line != last_line else None  # the last lost its date
    title, body = clean_title(spaced or texts[0]), "\n".join(texts[1:])
    if not body:
        return Problem(where, title_line, f"title without body: {title[:60]!r} has no text before its date")
    if too_long := title_problem(title):  # an error, never a cut: the record is not imported
        return Problem(where, title_line, f"{too_long}; this record is skipped")
    normalised = "\n".join(text for _, text in content)
    digest = hashlib.sha256(normalised.encode("utf-8")).hexdigest()
    return Record(where, number, first_line, lang, category, title, body, date, f"sha256:{digest}")


def _date_inside(content: list[tuple[int, str]], where: str) -> Problem | None:
    """A problem for a line other than the record's last that ends with a date marker: the `-`
    line between two releases is missing (or mistyped, `--`), and the two would merge into one
    release under the second's date, the first's date left in its body."""
    for line, text in content[:-1]:
        if "date" not in text[-16:]:  # most lines: no marker at their end, no word split needed
            continue
        match = _DATE_RE.search(text.rsplit(None, 1)[-1])
        if match and _ISO_RE.match(match.group(1)):
            return Problem(where, line, f"a line ends with a date (date{match.group(1)}) but the record "
                                        "goes on: is the '-' line between two releases missing?")
    return None


def clean_title(title: str) -> str:
    """A title line as one line of visible text: line breaks in it become a space, invisible
    characters that only hide are dropped (see _TITLE_INVISIBLE_RE)."""
    if title.isascii():
        return title
    return _TITLE_BREAK_RE.sub(" ", _TITLE_INVISIBLE_RE.sub("", title)).strip()
