"""Figures in each language's units meet as one feature (generator.importing.figures)."""

from __future__ import annotations

import pytest

from generator.importing.figures import figures, readable


@pytest.mark.parametrize(("korean", "english", "feature"), [
    ("2조 4천억 원", "KRW 2.4 trillion", "KRW 2.4 trillion"),
    ("2조 4천억 원", "2.4 trillion won", "KRW 2.4 trillion"),
    ("120억 달러", "USD 12 billion", "USD 12 billion"),
    ("120억 달러", "$12 bln", "USD 12 billion"),
    ("150만", "1.5 million", "1.5 million"),
    ("3억 5천만", "350 million", "350 million"),
    ("1억 2천만 달러", "$120 mln", "USD 120 million"),
    ("1.2억 달러", "US$ 120 million", "USD 120 million"),
    ("8,360만 달러", "$83.6 mln", "USD 83.6 million"),
    ("7,000억 달러", "USD 700 billion", "USD 700 billion"),
    ("1조 2345억 원", "KRW 1.23 trillion", "KRW 1.23 trillion"),  # three significant figures
    ("5천 명", "5,000 people", "5000"),
    ("28.5% 증가", "climb 28.5%", "28.5%"),
    ("3.5%p 상승", "3.5 percentage points", "3.5%"),
    ("2.2퍼센트", "2.2 percent", "2.2%"),
    ("40개국", "40 countries", "40"),
    ("제21차", "21st", "21"),
    ("500번째", "500th", "500"),
    ("2025년", "in 2025", "year 2025"),
    ("300억 유로", "EUR 30 billion", "EUR 30 billion"),
])
def test_a_figure_in_korean_units_meets_its_english_form(korean: str, english: str, feature: str) -> None:
    assert feature in figures(korean)
    assert feature in figures(english)


def test_years_are_kept_apart_from_amounts() -> None:
    assert figures("in 2025") == {"year 2025"}
    assert figures("2,025 tonnes") == {"2020"}  # an amount, three significant figures
    assert figures("USD 2025") == {"USD 2020"}
    assert figures("2024-09-13") == {"year 2024", "13"}


def test_single_digits_months_and_law_articles_say_nothing() -> None:
    assert figures("3 companies signed 5 deals") == set()
    assert figures("8월 수출") == set()  # a month: every candidate of the window shares it
    assert figures("제3조") == set()  # article 3, not three trillion
    assert figures("2024 백서") == {"year 2024"}  # 백서 (white paper) is no scale
    assert figures("5%") == {"5%"}  # with a unit a single digit is a figure


def test_distinct_amounts_stay_distinct() -> None:
    assert figures("120억 달러") != figures("120억 원")
    assert figures("USD 12 billion") != figures("USD 12 million")
    assert figures("1조 원") == {"KRW 1 trillion"}
    assert figures("3억 5천만 달러와 2억 원") == {"USD 350 million", "KRW 200 million"}


@pytest.mark.parametrize(("value", "shown"), [
    (120e6, "120 million"), (2.4e12, "2.4 trillion"), (28.5, "28.5"), (8360, "8360"),
    (123456, "123000"), (1.5e6, "1.5 million"), (999.9e6, "1 billion"),
])
def test_readable_rounds_to_three_significant_figures(value: float, shown: str) -> None:
    assert readable(value) == shown
