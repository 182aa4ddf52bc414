"""The front matter fast path writes exactly what PyYAML writes, or steps aside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.content.frontmatter import fast_front_matter
from generator.content.release import SafeDumper, iter_release_files

REPO = Path(__file__).resolve().parents[2]

NASTY = st.one_of(
    st.sampled_from(list(" :#-?,[]{}&*!|>'\"%@`\\$().~=+") + ["yes", "no", "null", "true", "1e5", "12:30",
                                                             "0x1F", "2024-04-23", ": ", " #", "---", "\t"]),
    st.sampled_from(list("abcXYZ0123456789가나다한국 ’“”…·")),
    st.characters(codec="utf-8"),
)
TEXT = st.lists(NASTY, max_size=20).map("".join)
IDS = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True)


def by_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=SafeDumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=None)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, TEXT, st.lists(st.one_of(IDS, TEXT), max_size=4), st.booleans(),
       st.integers(min_value=-3, max_value=10**6), st.from_regex(r"sha256:[0-9a-f]{0,8}", fullmatch=True))
@example("Japan's $120 mln (KRW) “deal”", "seeds/en/x.txt", "요약: 첫 문장.", ["japan", "yes"], True, 3,
         "sha256:ab")
@example("Japan's $120 mln (KRW) “deal” #1", "seeds/en/x.txt", "첫 문장. 28.5% 증가", ["japan"], False, 3,
         "sha256:ab")
def test_fast_path_equals_yaml(title: str, dump: str, summary: str, tags: list[str], inferred: bool,
                               record: int, digest: str) -> None:
    data = {"title": title, "date": dt.date(2024, 4, 23), "lang": "en", "category": "industry"}
    if inferred:
        data["category_inferred"] = True
    data.update(tags=tags, slug="a-slug", translation_key="2024-04-23-a-slug", summary=summary,
                source={"dump": dump, "record": record, "hash": digest})
    fast = fast_front_matter(data)
    if fast is not None:
        assert fast == by_yaml(data)


def test_plain_values_take_the_fast_path() -> None:
    data = {"title": "Japan's $120 mln (KRW) “deal” 1", "date": dt.date(2024, 4, 23), "lang": "ko",
            "category": "industry", "tags": ["japan", "steel"], "slug": "반도체-수출",
            "summary": "첫 문장. 28.5%",
            "source": {"dump": "seeds/ko/a.ko.txt", "record": 2, "hash": "sha256:00ff"}}
    assert fast_front_matter(data) == by_yaml(data)
    assert fast_front_matter({**data, "summary": "a: b"}) is None
    assert fast_front_matter({**data, "tags": ["yes"]}) is None


def test_the_archive_takes_the_fast_path() -> None:
    taken = 0
    for file in iter_release_files(REPO / "content"):
        front = file.read_text(encoding="utf-8").split("---\n")[1]
        data = yaml.safe_load(front)
        fast = fast_front_matter(data)
        taken += fast is not None
        assert fast in (None, front)
    assert taken >= 30
