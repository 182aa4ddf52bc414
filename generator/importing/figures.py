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

# One pattern finds a whole figure: the number, then a month mark,
# Korean scales (a small one, 천 10³ or 백 10², and a large one, 조 10¹², 억 10⁸ or 만 10⁴,
# written right after the number: `5천`, `2조`, not `2024 백서`; `3억 5천만` continues with
# smaller large scales) or an English scale word, then a unit or an ordinal suffix. One regex
# pass per record: this runs for every record of every import.
_FIGURE = re.compile(r"""
    (?P<number>\d+(?:,\d{3})*(?:\.\d+)?)
    (?:(?P<month>월)
      |(?P<small>천|백)?(?P<large>조|억|만)
       (?P<more>(?:\s?\d+(?:,\d{3})*(?:\.\d+)?(?:천|백)?(?:조|억|만))*)
      |(?P<small_only>천|백)
      |\s?(?P<scale>trillion|trln|tn|billion|bln|bn|million|mln|mn|thousand)\b)?
    (?:\s?(?P<after>%p\b|%|퍼센트|percent\b|per\ cent\b|percentage\ points?\b|달러|dollars?\b|원|won\b
                 |유로|euros?\b|엔|yen\b|년)
      |(?:st|nd|rd|th)\b)?
    """, re.IGNORECASE | re.VERBOSE)
# Units written before a number, found in a pass of their own: as an optional group leading the
# pattern above they would make the regex engine try them at every character.
_BEFORE = re.compile(r"(US\$|\$|USD|KRW|₩|EUR|€|JPY|¥)\s?(?=\d)")
_KOREAN_PART = re.compile(r"(\d[\d,]*(?:\.\d+)?)(천|백)?(조|억|만)")
_SMALL = {"천": 1e3, "백": 1e2}
_LARGE = {"조": 1e12, "억": 1e8, "만": 1e4}
_ENGLISH_SCALES = {"trillion": 1e12, "trln": 1e12, "tn": 1e12, "billion": 1e9, "bln": 1e9,
                   "bn": 1e9, "million": 1e6, "mln": 1e6, "mn": 1e6, "thousand": 1e3}
_UNITS = {"%p": "%", "%": "%", "퍼센트": "%", "percent": "%", "per cent": "%", "percentage point": "%",
          "percentage points": "%", "달러": "USD", "dollar": "USD", "dollars": "USD", "원": "KRW",
          "won": "KRW", "유로": "EUR", "euro": "EUR", "euros": "EUR", "엔": "JPY", "yen": "JPY",
          "us$": "USD", "$": "USD", "usd": "USD", "krw": "KRW", "₩": "KRW", "eur": "EUR", "€": "EUR",
          "jpy": "JPY", "¥": "JPY", "년": "year"}
_SEEN: dict[tuple[str, str | None, bool], str] = {}  # figures() cache: matched text → form
_SEEN_MAX = 100_000
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
    found = set()
    before = {match.end(): match[1] for match in _BEFORE.finditer(text)}
    seen = _SEEN
    for match in _FIGURE.finditer(text):
        start = match.start()
        # A figure's form depends only on its text, the unit before it and a preceding 제; the
        # same few thousand (years, round amounts, day numbers) recur across every import.
        key = (match[0], before.get(start), text[start - 1:start] == "제")
        feature = seen.get(key)
        if feature is None:
            if len(seen) > _SEEN_MAX:
                seen.clear()
            feature = seen[key] = _figure(match, key[1], key[2])
        if feature:
            found.add(feature)
    return found


def _figure(match: re.Match[str], unit: str | None, article: bool) -> str:
    """The shared form of the figure `match` found ('' when it is no evidence)."""
    digits, month, small, large, more, small_only, scale, after = match.groups()
    unit = unit or after
    if month or (not (unit or large or small_only or scale) and len(digits) == 1):
        return ""  # a month (shared by every candidate in the window) or a bare single digit
    value, scaled = float(digits.replace(",", "")), True
    if large:
        if large == "조" and not small and article:
            scaled = False  # `제3조` is article 3 of a law, not three trillion
        else:
            value = _korean_amount(value, small, large, more)
    elif small_only:
        value *= _SMALL[small_only]
    elif scale:
        value *= _ENGLISH_SCALES[scale.lower()]
    else:
        scaled = False
    return _feature(digits, value, _UNITS[" ".join(unit.lower().split())] if unit else None, scaled)


def _korean_amount(value: float, small: str | None, large: str, more: str) -> float:
    """The value of a Korean amount such as `2조 4천억` or `3억 5천만`: the first number with its
    scales, plus each following part counted in a smaller large scale."""
    total = value * _SMALL.get(small or "", 1) * _LARGE[large]
    last = _LARGE[large]
    for part in _KOREAN_PART.finditer(more):
        unit = _LARGE[part.group(3)]
        if unit >= last:
            break
        total += float(part.group(1).replace(",", "")) * _SMALL.get(part.group(2) or "", 1) * unit
        last = unit
    return total


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
