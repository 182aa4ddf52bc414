"""Figures and Korean particles for the bilingual archive benchmark (benchmarks/bilingual_archive.py).

A real ministry archive writes each figure in its own language's units: `2조 4천억 원` in Korean is
`KRW 2.4 trillion` in English, `120억 달러` is `USD 12 billion` or `$12 bln`, `150만` is `1.5 million`.
A pairing that compares digits verbatim never sees these agree, so the benchmark writes them the
way the ministry does, with the variants its translators use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_SCALES = ((10**12, "trillion", "tln"), (10**9, "billion", "bln"), (10**6, "million", "mln"))
_KOREAN_UNITS = (("조", 10**12), ("억", 10**8), ("만", 10**4))


@dataclass(frozen=True)
class Figure:
    """One figure of a release; rendered once per language."""

    kind: str  # usd, krw, count, tons, percent, year, ordinal
    value: float


def money(rng: random.Random, kind: str) -> Figure:
    """An amount with two or three significant figures, as ministries round them: USD from
    ten million to a hundred billion, KRW from ten billion to ten trillion."""
    mantissa = rng.choice([rng.randint(11, 99), rng.randint(11, 99), rng.randint(101, 999)])
    low, high = (7, 10) if kind == "usd" else (10, 13)
    exponent = rng.randint(low, high)
    digits = len(str(mantissa))
    return Figure(kind, mantissa * 10 ** (exponent - digits + 1))


def count(rng: random.Random, kind: str = "count",
          sizes: tuple[str, ...] = ("small", "thousands", "millions")) -> Figure:
    """People, companies, units or tonnes: small counts, tens of thousands or millions."""
    size = rng.choice(sizes)
    if size == "small":
        return Figure(kind, rng.randint(12, 950))
    if size == "thousands":
        return Figure(kind, rng.randint(11, 99) * 1000)
    return Figure(kind, rng.randint(11, 99) * 100_000)


def percent(rng: random.Random) -> Figure:
    return Figure("percent", round(rng.uniform(0.5, 79.9), 1))


def _trim(number: float) -> str:
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return text


def _scaled(value: float) -> tuple[str, str, str]:
    for size, word, short in _SCALES:
        if value >= size:
            return _trim(value / size), word, short
    return f"{int(value):,}", "", ""


def english(figure: Figure, rng: random.Random) -> str:
    """The figure as an English release writes it."""
    kind, value = figure.kind, figure.value
    if kind == "percent":
        return rng.choice([f"{value:.1f}%", f"{value:.1f} percent"])
    if kind == "year":
        return str(int(value))
    if kind == "ordinal":
        return ordinal(int(value))
    number, word, short = _scaled(value)
    if kind == "usd":
        return rng.choice([f"USD {number} {word}", f"${number} {word}", f"${number} {short}"])
    if kind == "krw":
        return rng.choice([f"KRW {number} {word}", f"{number} {word} won"])
    unit = " tons" if kind == "tons" else ""
    return f"{number} {word}{unit}".replace("  ", " ") if word else f"{number}{unit}"


def korean(figure: Figure, rng: random.Random) -> str:
    """The figure as a Korean release writes it: 조/억/만 with 천 inside a group."""
    kind, value = figure.kind, figure.value
    fixed = {"percent": f"{value:.1f}%", "year": f"{int(value)}년", "ordinal": f"제{int(value)}차"}
    if kind in fixed:
        return fixed[kind]
    amount = korean_amount(int(value), compact=rng.random() < 0.25)
    return amount + {"usd": " 달러", "krw": " 원", "tons": "톤"}.get(kind, "")


def korean_amount(value: int, compact: bool = False) -> str:
    """`2조 4천억`, `3억 5천만`, `120억`, `150만`; `compact` drops the spaces (`3억5천만`)."""
    parts = []
    for unit, size in _KOREAN_UNITS:
        group, value = divmod(value, size)
        if group:
            parts.append(_group(group) + unit)
    if value:
        parts.append(_group(value))
    return ("" if compact else " ").join(parts) or "0"


def _group(number: int) -> str:
    return f"{number // 1000}천" if number % 1000 == 0 else f"{number:,}"


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


# Korean particles: the form after a final consonant, the form after a vowel.
_PARTICLES = {"은": ("은", "는"), "이": ("이", "가"), "을": ("을", "를"), "과": ("과", "와"),
              "으로": ("으로", "로"), "이다": ("이다", "다")}
_LATIN_FINAL = set("lmnrLMNR")  # 엘, 엠, 엔, 알: Latin letters read with a final consonant
_DIGIT_FINAL = set("013678")  # 영 일 삼 육 칠 팔: digits read with a final consonant


def _final(word: str) -> tuple[bool, bool]:
    """(ends in a final consonant, that consonant is ㄹ) for the word as read aloud."""
    word = word.rstrip()
    if word.endswith(")") and "(" in word:  # 산업통상자원부(MOTIE): the particle follows 부
        word = word[: word.rindex("(")]
    last = word[-1] if word else "가"
    if "\uac00" <= last <= "\ud7a3":
        final = (ord(last) - 0xAC00) % 28
        return final != 0, final == 8
    if last.isdigit():
        return last in _DIGIT_FINAL, last in "178"
    return last in _LATIN_FINAL, last in "lL"


def particle(word: str, which: str) -> str:
    """`word` with the particle `which` (은, 이, 을, 과, 으로, or any fixed one such as 에서)."""
    if which not in _PARTICLES:
        return word + which
    final, rieul = _final(word)
    consonant_form, vowel_form = _PARTICLES[which]
    if which == "으로" and rieul:
        return word + "로"
    return word + (consonant_form if final else vowel_form)


class Ko(str):
    """A Korean slot value: `{agency:은}` in a template writes it with its particle."""

    def __format__(self, spec: str) -> str:
        return particle(str(self), spec) if spec else str(self)
