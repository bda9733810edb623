"""Money as integer cents: strict parsing, formatting, integer rounding."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certdesk.core.errors import InvalidInput
from certdesk.core.limits import MAX_AMOUNT_CENTS
from certdesk.core.money import format_cents, format_plain, mul_div_half_up, parse_cents

FAST = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1,234.56", 123456),
        ("1234.56", 123456),
        ("1234.5", 123450),
        ("0.05", 5),
        ("0.5", 50),
        ("0", 0),
        ("12", 1200),
        (" 12 ", 1200),
        ("1,000", 100000),
        ("1,234,567.89", 123456789),
        ("007.10", 710),
        ("3600.00", 360000),
    ],
)
def test_parse_accepts(text: str, cents: int) -> None:
    assert parse_cents(text) == cents


@pytest.mark.parametrize(
    "text",
    [
        "12,34.5",  # thousands groups must be three digits
        "1,23",
        "1234,567",
        ",123",
        "-5",  # negative without allow_negative
        "1.234",  # three decimals
        "abc",
        "",
        "   ",
        "1e3",
        "12.",
        ".5",
        "+5",
        "$12.00",
        "12 000",
        "1.2.3",
        "١٢",  # non-ASCII digits are not amounts
        "0x10",
        "nan",
        "inf",
    ],
)
def test_parse_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_cents(text, "amount")
    assert exc.value.field == "amount"
    assert exc.value.message  # a message the user can read


def test_parse_rejects_none() -> None:
    with pytest.raises(InvalidInput):
        parse_cents(None)  # type: ignore[arg-type]


def test_error_names_the_field_and_the_value() -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_cents("12,34.5", "tuition")
    assert exc.value.field == "tuition"
    assert "12,34.5" in exc.value.message
    assert str(exc.value).startswith("tuition: ")


def test_negative_message_says_why() -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_cents("-5")
    assert "negative" in exc.value.message


@pytest.mark.parametrize(
    ("text", "cents"), [("-5", -500), ("-1,234.56", -123456), ("-0.05", -5), ("7", 700)]
)
def test_allow_negative(text: str, cents: int) -> None:
    assert parse_cents(text, allow_negative=True) == cents


@pytest.mark.parametrize("text", ["--5", "- 5", "-", "-abc", "-1.234"])
def test_allow_negative_still_strict(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_cents(text, allow_negative=True)


@pytest.mark.parametrize(
    ("cents", "formatted", "plain"),
    [
        (0, "0.00", "0.00"),
        (5, "0.05", "0.05"),
        (50, "0.50", "0.50"),
        (123456, "1,234.56", "1234.56"),
        (100000000, "1,000,000.00", "1000000.00"),
        (-123456, "-1,234.56", "-1234.56"),
        (-5, "-0.05", "-0.05"),
    ],
)
def test_format(cents: int, formatted: str, plain: str) -> None:
    assert format_cents(cents) == formatted
    assert format_plain(cents) == plain


def test_format_with_symbol_puts_sign_first() -> None:
    assert format_cents(360000, "$") == "$3,600.00"
    assert format_cents(-360000, "$") == "-$3,600.00"
    assert format_cents(1, "€") == "€0.01"


@pytest.mark.parametrize("bad", [1.5, "100", True, None])
def test_format_refuses_non_int(bad: object) -> None:
    with pytest.raises(TypeError):
        format_cents(bad)  # type: ignore[arg-type]


@FAST
@given(st.integers(min_value=0, max_value=MAX_AMOUNT_CENTS))
def test_round_trip_format_cents(cents: int) -> None:
    assert parse_cents(format_cents(cents)) == cents


@FAST
@given(st.integers(min_value=0, max_value=MAX_AMOUNT_CENTS))
def test_round_trip_format_plain(cents: int) -> None:
    text = format_plain(cents)
    assert "," not in text
    assert parse_cents(text) == cents


@FAST
@given(st.integers(min_value=-MAX_AMOUNT_CENTS, max_value=MAX_AMOUNT_CENTS))
def test_round_trip_signed_with_allow_negative(cents: int) -> None:
    assert parse_cents(format_cents(cents), allow_negative=True) == cents
    assert parse_cents(format_plain(cents), allow_negative=True) == cents


@FAST
@given(st.integers(min_value=MAX_AMOUNT_CENTS + 1, max_value=10**40))
def test_amounts_over_the_limit_are_refused_naming_the_field(cents: int) -> None:
    for text in (format_cents(cents), format_plain(cents)):
        with pytest.raises(InvalidInput) as exc:
            parse_cents(text, "tuition")
        assert exc.value.field == "tuition"
        assert "10,000,000.00" in exc.value.message


def test_thousands_of_digits_are_refused_at_once() -> None:
    with pytest.raises(InvalidInput, match="more than 10,000,000.00"):
        parse_cents("9" * 100_000)
    assert parse_cents("0" * 50 + "12.50") == 1250  # leading zeros are not a big number


@pytest.mark.parametrize(
    ("amount", "num", "den", "expected"),
    [
        (100000, 35, 36, 97222),  # 1000.00 × 35/36 = 972.2222 → 972.22 (DESIGN.md)
        (360000, 13, 24, 195000),
        (1, 1, 2, 1),  # 0.5 → 1 (half up)
        (3, 1, 2, 2),  # 1.5 → 2
        (5, 1, 2, 3),  # 2.5 → 3 (half up, not banker's)
        (1, 1, 3, 0),  # 0.333 → 0
        (2, 1, 3, 1),  # 0.667 → 1
        (0, 7, 9, 0),
        (12345, 0, 7, 0),
        (12345, 7, 7, 12345),
    ],
)
def test_mul_div_half_up(amount: int, num: int, den: int, expected: int) -> None:
    assert mul_div_half_up(amount, num, den) == expected


@pytest.mark.parametrize("den", [0, -1])
def test_mul_div_half_up_needs_positive_denominator(den: int) -> None:
    with pytest.raises(ValueError):
        mul_div_half_up(100, 1, den)


@FAST
@given(
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1, max_value=10**6),
)
def test_mul_div_half_up_matches_exact_rounding(amount: int, num: int, den: int) -> None:
    exact = Fraction(amount * num, den)
    result = mul_div_half_up(amount, num, den)
    # Within half a cent of the exact value, and exact halves go up.
    assert abs(Fraction(result) - exact) <= Fraction(1, 2)
    assert result == int(exact + Fraction(1, 2)) // 1
