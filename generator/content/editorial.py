"""The front matter an editor adds to a release after (or instead of) the import: `updated`,
`draft`, `contact` and `extra`. The importer never writes them; generator.content.release checks
them with the rest of a file's front matter and reports every problem at once.

`extra` is handed to templates untouched, so it is kept as read-only, hashable values
(ExtraMap, tuples): a Release stays a frozen, hashable value, and a page's signature can cover
what a template may show of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.suggest import did_you_mean

CONTACT_KEYS = ("department", "person", "phone", "email")
# An `extra` map is free, but a YAML alias bomb expands exponentially when walked: bounded.
MAX_EXTRA_NODES = 10_000
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Contact:
    """Who answers questions about a release; "" for what the front matter leaves out."""

    department: str = ""
    person: str = ""
    phone: str = ""
    email: str = ""


class ExtraMap(Mapping[Any, Any]):
    """A read-only mapping from the front matter's `extra`, with nested maps and lists frozen
    (ExtraMap, tuple). Hashable and compared by content; `signature` is its stable text."""

    __slots__ = ("_items", "signature")

    def __init__(self, items: dict[Any, Any]) -> None:
        self._items = items
        self.signature = repr(sorted(((repr(k), _signature(v)) for k, v in items.items())))

    def __getitem__(self, key: Any) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __getattr__(self, name: str) -> Any:
        # Jinja tries attributes first (`release.extra.budget`), then items; a missing name
        # must be an AttributeError so Jinja's undefined handling works
        try:
            return self._items[name]
        except KeyError:
            raise AttributeError(name) from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ExtraMap) and other.signature == self.signature

    def __hash__(self) -> int:
        return hash(self.signature)

    def __repr__(self) -> str:
        return f"ExtraMap({self._items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (ExtraMap, (self._items,))

    def thawed(self) -> dict[Any, Any]:
        """Plain dicts and lists again, for writing the front matter back."""
        return {key: _thawed(value) for key, value in self._items.items()}


EMPTY_EXTRA = ExtraMap({})


def _signature(value: Any) -> str:
    return value.signature if isinstance(value, ExtraMap) else repr(value)


def _thawed(value: Any) -> Any:
    if isinstance(value, ExtraMap):
        return value.thawed()
    if isinstance(value, tuple):
        return [_thawed(item) for item in value]
    return value


def _frozen(value: Any, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise OverflowError
    if isinstance(value, dict):
        return ExtraMap({key: _frozen(item, budget) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(item, budget) for item in value)
    return value


Fail = Callable[[str, str], None]  # (key, message): one problem, at that key's line


def extra_from(value: Any, fail: Fail) -> ExtraMap:
    if value is None:
        return EMPTY_EXTRA
    if not isinstance(value, dict):
        fail("extra", "extra must be a mapping of names to values, e.g. extra: {budget: 1.2 trillion won}")
        return EMPTY_EXTRA
    try:
        return _frozen(value, [MAX_EXTRA_NODES])
    except OverflowError:
        fail("extra", f"extra is too large: more than {MAX_EXTRA_NODES:,} values")
        return EMPTY_EXTRA


def contact_from(value: Any, fail: Fail) -> Contact | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        fail("contact", f"contact must be a mapping of {', '.join(CONTACT_KEYS)}")
        return None
    found: dict[str, str] = {}
    for key, item in value.items():
        if key not in CONTACT_KEYS:
            fail("contact", f"unknown contact key {key!r}{did_you_mean(str(key), CONTACT_KEYS)}; "
                            f"contact may hold {', '.join(CONTACT_KEYS)}")
        elif not isinstance(item, str) or not item.strip():
            fail("contact", f"contact {key} must be text (quote a phone number: phone: '044-203-5114')")
        elif key == "email" and not _EMAIL.fullmatch(item.strip()):
            fail("contact", f"contact email {item!r} is not an e-mail address")
        else:
            found[key] = item.strip()
    return Contact(**found) if found else None


def updated_from(value: Any, date: Any, fail: Fail) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        fail("updated", f"updated must be a date like 2024-05-02, not {value!r}"[:200])
        return None
    if isinstance(date, dt.date) and value < date:
        fail("updated", f"updated {value} is before the release's date {date}")
        return None
    return value


def draft_from(value: Any, fail: Fail) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        fail("draft", "draft must be true or false")
        return False
    return value
