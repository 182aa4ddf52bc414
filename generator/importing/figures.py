"""Figures as both languages can compare them: `2조 4천억 원` and `KRW 2.4 trillion` are one
figure, `120억 달러` and `USD 12 billion` another, `150만` and `1.5 million` a third.

A translation writes every figure in its own language's units: Korean counts in 만 (10⁴), 억
(10⁸) and 조 (10¹²), often split as `3억 5천만`; English in thousand, million (`mln`), billion
(`bln`) and trillion, with `$`/`USD` before or `won` after. Comparing digits verbatim misses
nearly every large figure, so each figure is reduced to its value, rounded to three significant
figures (translators round: `$83.6 mln` is `8,360만 달러`), and its unit (USD, KRW, EUR, JPY,
%), and written in one readable form, `USD 12 billion`, that is both the pairing feature and
what a person reads in the pairing report. Years (`2025`, `2025년`) are kept apart from amounts:
2025 as a year says something different from 2,025 tonnes. A bare single digit is dropped:
every release has some, and English often spells them out.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# Korean scales written right after a number (`5천`, not `2024 백서`): an optional small one
# (천 10³, 백 10²) then an optional large one (조, 억, 만); `3억 5천만` continues with a smaller
# large scale or none.
_KOREAN_SCALE = re.compile(r"(천|백)?(조|억|만)?")
_KOREAN_NEXT = re.compile(r"\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_SMALL = {"천": 1e3, "백": 1e2}
_LARGE = {"조": 1e12, "억": 1e8, "만": 1e4}
_ENGLISH_SCALE = re.compile(
    r"\s?(trillion|trln|tn|billion|bln|bn|million|mln|mn|thousand)\b", re.IGNORECASE)
_ENGLISH_SCALES = {"trillion": 1e12, "trln": 1e12, "tn": 1e12, "billion": 1e9, "bln": 1e9,
                   "bn": 1e9, "million": 1e6, "mln": 1e6, "mn": 1e6, "thousand": 1e3}
_UNIT_AFTER = re.compile(
    r"\s?(%p\b|%|퍼센트|percent\b|per cent\b|percentage points?\b|달러|dollars?\b|원|won\b|유로|euros?\b"
    r"|엔|yen\b|년)", re.IGNORECASE)
_UNIT_BEFORE = re.compile(r"(US\$|\$|USD|KRW|₩|EUR|€|JPY|¥)\s?$")
_UNITS = {"%p": "%", "%": "%", "퍼센트": "%", "percent": "%", "per cent": "%", "percentage point": "%",
          "percentage points": "%", "달러": "USD", "dollar": "USD", "dollars": "USD", "원": "KRW",
          "won": "KRW", "유로": "EUR", "euro": "EUR", "euros": "EUR", "엔": "JPY", "yen": "JPY",
          "us$": "USD", "$": "USD", "usd": "USD", "krw": "KRW", "₩": "KRW", "eur": "EUR", "€": "EUR",
          "jpy": "JPY", "¥": "JPY", "년": "year"}
_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b")
_WORD_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def readable(value: float) -> str:
    """A value rounded to three significant figures, written as the pairing report shows it:
    `120 million`, `2.4 trillion`, `28.5`, `8360`."""
    rounded = float(f"{value:.3g}")
    for scale, word in _WORD_SCALES:
        if rounded >= scale:
            return f"{rounded / scale:g} {word}"
    return f"{rounded:g}" if rounded < 1e6 else f"{rounded:.0f}"


def figures(text: str) -> set[str]:
    """Every figure in `text` in its shared form: `USD 12 billion`, `KRW 2.4 trillion`,
    `28.5%`, `1.5 million`, `year 2025`, `40`."""
    found: set[str] = set()
    position = 0
    while (match := _NUMBER.search(text, position)) is not None:
        feature, position = _figure_at(text, match)
        if feature:
            found.add(feature)
    return found


def _figure_at(text: str, match: re.Match[str]) -> tuple[str, int]:
    """The feature of the figure starting with the number `match` found, and where the text
    after the whole figure (scales and unit included) resumes."""
    digits = match.group()
    value, end = float(digits.replace(",", "")), match.end()
    if text.startswith("월", end):
        # A month: every candidate within the date window shares it, so it tells none apart.
        return "", end + 1
    scaled = False
    korean = _KOREAN_SCALE.match(text, end)
    if korean and korean.group(1, 2) != (None, None) and not _article(text, match.start(), korean):
        value, end = _korean_amount(text, value, korean)
        scaled = True
    elif english := _ENGLISH_SCALE.match(text, end):
        value, end = value * _ENGLISH_SCALES[english.group(1).lower()], english.end()
        scaled = True
    unit = None
    before = _UNIT_BEFORE.search(text, max(0, match.start() - 4), match.start())
    if before:
        unit = _UNITS[before.group(1).lower()]
    after = _UNIT_AFTER.match(text, end)
    if after and unit is None:
        unit, end = _UNITS[after.group(1).lower()], after.end()
    elif (ordinal := _ORDINAL.match(text, end)) is not None:
        end = ordinal.end()
    return _feature(digits, value, unit, scaled), end


def _article(text: str, start: int, korean: re.Match[str]) -> bool:
    """`제3조` is article 3 of a law, not three trillion."""
    return korean.group(2) == "조" and korean.group(1) is None and text[max(0, start - 1):start] == "제"


def _korean_amount(text: str, value: float, scale: re.Match[str]) -> tuple[float, int]:
    """The value of a Korean amount such as `2조 4천억` or `3억 5천만`, which `scale` (the
    scale after its first number) starts, and where it ends."""
    small, large = scale.group(1), scale.group(2)
    total = value * _SMALL.get(small or "", 1) * _LARGE.get(large or "", 1)
    end = scale.end()
    last = _LARGE.get(large or "", 0)
    while last:  # a large scale may be followed by a part counted in a smaller one
        following = _KOREAN_NEXT.match(text, end)
        if following is None:
            break
        part = _KOREAN_SCALE.match(text, following.end())
        unit = _LARGE.get(part.group(2) or "", 1) if part else 1
        if part is None or part.group(2) is None or unit >= last:
            break
        total += float(following.group().replace(",", "")) * _SMALL.get(part.group(1) or "", 1) * unit
        end, last = part.end(), unit
    return total, end


def _feature(digits: str, value: float, unit: str | None, scaled: bool) -> str:
    """The shared form of one figure, or '' when it says too little to be evidence."""
    whole = "." not in digits and "," not in digits
    if unit == "year" or (unit is None and not scaled and whole and len(digits) == 4
                          and 1900 <= value <= 2099):
        return f"year {value:.0f}" if 1900 <= value <= 2099 else ""
    if unit == "%":
        return f"{readable(value)}%"
    if unit is not None:
        return f"{unit} {readable(value)}"
    if not scaled and whole and value < 10:
        return ""
    return readable(value)
