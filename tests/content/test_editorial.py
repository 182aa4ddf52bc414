"""An editor's front matter (updated, draft, contact, extra), every problem of a file at once with
its line, "did you mean" for a mistyped key, and `format_release` writing the new keys back in a
stable order (a round trip), while imported files never gain them."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.editorial import Contact, ExtraMap
from generator.content.frontmatter import format_release, parse_release, parse_release_with_yaml
from generator.content.release import Release, Source
from generator.errors import ContentError

PATH = "en/2024/05/hand.md"
FULL = """---
title: Chip exports by hand
date: 2024-05-02
lang: en
category: trade
tags: [semiconductors]
slug: hand
translation_key: hand-2024
summary: A hand-written release.
updated: 2024-05-06
draft: true
contact:
  department: Trade Policy Division
  phone: '+82-44-203-5114'
  email: trade@example.go.kr
extra:
  budget: 1.2 trillion won
  partners: [Japan, {name: EU, since: 2011-07-01}]
---

Body.
"""

PLAIN = FULL.split("updated:")[0] + "---\n\nBody.\n"


def problems(text: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        parse_release(text, PATH)
    return [str(problem) for problem in caught.value.problems]


def test_editorial_keys_are_read() -> None:
    release = parse_release(FULL, PATH)
    assert release.updated == dt.date(2024, 5, 6)
    assert release.draft is True
    assert release.contact == Contact(department="Trade Policy Division", phone="+82-44-203-5114",
                                      email="trade@example.go.kr")
    assert release.extra["budget"] == "1.2 trillion won"
    assert release.extra.partners[1].since == dt.date(2011, 7, 1)  # nested maps read as attributes
    assert isinstance(release.extra.partners, tuple)  # read-only all the way down
    assert release.hand_written
    assert parse_release_with_yaml(FULL, PATH) == release
    hash(release)  # still a hashable value
    assert pickle.loads(pickle.dumps(release)) == release  # as workers and the state send it


def test_a_hand_written_file_gets_every_problem_at_once_with_its_line() -> None:
    text = ("---\ntitle: Hand\ndate: 2024-05-02\nlang: en\nupdatd: 2024-05-03\ndraft: maybe\n"
            "contact: {person: Kim, fax: '1', email: nobody}\nupdated: 2024-05-01\nextra: [1]\n---\n\nBody\n")
    assert problems(text) == [
        f"{PATH}:1: front matter lacks 'category'",
        f"{PATH}:1: front matter lacks 'tags'",
        f"{PATH}:1: front matter lacks 'slug'",
        f"{PATH}:1: front matter lacks 'translation_key'",
        f"{PATH}:1: front matter lacks 'summary'",
        f"{PATH}:5: unknown front matter key 'updatd'; did you mean 'updated'?",
        f"{PATH}:6: draft must be true or false",
        f"{PATH}:7: unknown contact key 'fax'; contact may hold department, person, phone, email",
        f"{PATH}:7: contact email 'nobody' is not an e-mail address",
        f"{PATH}:8: updated 2024-05-01 is before the release's date 2024-05-02",
        f"{PATH}:9: extra must be a mapping of names to values, e.g. extra: {{budget: 1.2 trillion won}}",
    ]


@pytest.mark.parametrize(("line", "message"), [
    ("updated: soon", "updated must be a date like 2024-05-02, not 'soon'"),
    ("contact: Kim", "contact must be a mapping of department, person, phone, email"),
    ("contact: {phone: 442035114}", "contact phone must be text"),
    ("contact: {departmnt: Trade}", "unknown contact key 'departmnt'; did you mean 'department'?"),
    ("draft: 'yes'", "draft must be true or false"),
    ("categry: trade", "unknown front matter key 'categry'; did you mean 'category'?"),
])
def test_wrong_editorial_values(line: str, message: str) -> None:
    text = PLAIN.replace("---\n\nBody.", f"{line}\n---\n\nBody.")
    assert parse_release(PLAIN, PATH).updated is None
    found = problems(text)
    assert len(found) == 1 and found[0].startswith(f"{PATH}:10: ") and message in found[0], found


def test_an_alias_bomb_in_extra_is_one_problem_not_a_hang() -> None:
    bomb = "extra:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"  {chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, "
        f"*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n"
        for n in range(8))
    text = FULL.split("extra:")[0] + bomb + "---\n\nBody.\n"
    assert any("extra is too large" in found for found in problems(text))


def base(**changes: object) -> Release:
    release = Release(path=PATH, lang="en", title="Chip exports", date=dt.date(2024, 5, 2), category="trade",
                      tags=("semiconductors",), slug="hand", translation_key="hand-2024", summary="S",
                      body="Body.", body_line=12)
    return Release(**{**vars(release), **changes})


@settings(max_examples=200, deadline=None)
@given(updated=st.one_of(st.none(), st.dates(min_value=dt.date(2024, 5, 2), max_value=dt.date(2030, 1, 1))),
       draft=st.booleans(),
       contact=st.one_of(st.none(), st.builds(Contact,
                                              department=st.sampled_from(["", "Trade Policy", "통상정책과"]),
                                              person=st.sampled_from(["", "Kim", "김민지"]),
                                              phone=st.sampled_from(["", "044-203-5114", "+82 44"]),
                                              email=st.sampled_from(["", "a@b.kr"]))),
       extra=st.dictionaries(st.sampled_from(["budget", "note", "예산", "yes"]),
                             st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none(),
                                       st.lists(st.integers(), max_size=3)), max_size=3))
def test_format_and_parse_round_trip(updated: dt.date | None, draft: bool, contact: Contact | None,
                                     extra: dict[str, object]) -> None:
    if contact is not None and not any(vars(contact).values()):
        contact = None  # an empty contact is no contact
    release = base(updated=updated, draft=draft, contact=contact, extra=ExtraMap(
        {key: tuple(value) if isinstance(value, list) else value for key, value in extra.items()}))
    text = format_release(release)
    back = parse_release(text, PATH)
    assert replace(back, body_line=0) == replace(release, body_line=0)
    assert parse_release_with_yaml(text, PATH) == back
    assert format_release(back) == text  # stable


def test_the_new_keys_come_in_a_fixed_order_and_only_when_set() -> None:
    plain = format_release(base(source=Source("seeds/en/a.txt", 1, "sha256:ab")))
    for key in ("updated", "draft", "contact", "extra"):
        assert f"\n{key}:" not in plain  # an imported file never gains them
    text = format_release(base(updated=dt.date(2024, 5, 6), draft=True, contact=Contact(person="Kim"),
                               extra=ExtraMap({"budget": 1})))
    lines = text.split("---")[1].strip().split("\n")
    keys = [line.split(":")[0] for line in lines if not line.startswith(" ")]
    assert keys == ["title", "date", "lang", "category", "tags", "slug", "translation_key", "summary",
                    "updated", "draft", "contact", "extra"]
