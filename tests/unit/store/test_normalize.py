"""Property tests for the cell parsers: money, counts, 万, percentages, dates, words, lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.store.normalize import (
    is_blank,
    parse_anchor_type,
    parse_bool,
    parse_cell,
    parse_datetime,
    parse_int,
    parse_list,
    parse_money,
    parse_number,
    parse_text,
)
from advisor.store.schema import (
    ANCHOR_TYPE_ALIASES,
    ANCHOR_TYPES,
    FALSE_WORDS,
    LIVE_SESSIONS,
    ORDERS,
    PRODUCTS,
    TRUE_WORDS,
)

COLUMNS = {c.name: c for c in (*PRODUCTS, *LIVE_SESSIONS, *ORDERS)}
PREFIXES = st.sampled_from(["", "¥", "￥", "$", "¥ ", "￥ ", " ¥"])
CENTS = st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2,
                    allow_nan=False, allow_infinity=False)
WIDE = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def _case(text: str, flips: list[bool]) -> str:
    flips = flips + [False] * len(text)
    return "".join(ch.upper() if flip else ch for ch, flip in zip(text, flips[: len(text)],
                                                                  strict=True))


# --- money ---------------------------------------------------------------------------------

@given(CENTS, PREFIXES, st.booleans())
def test_money_round_trips_formatted_amounts(value: Decimal, prefix: str, grouped: bool) -> None:
    text = f"{prefix}{value:,.2f}" if grouped else f"{prefix}{value:.2f}"
    assert parse_money(text) == pytest.approx(float(value), abs=1e-6)


@given(CENTS, st.sampled_from(["", "¥", "￥"]))
def test_money_accepts_full_width_digits(value: Decimal, prefix: str) -> None:
    assert parse_money(prefix + f"{value:,.2f}".translate(WIDE)) == pytest.approx(float(value))


@given(st.integers(min_value=0, max_value=10**12))
def test_money_accepts_spreadsheet_numbers(value: int) -> None:
    assert parse_money(value) == float(value)
    assert parse_money(float(value)) == float(value)


@given(CENTS.filter(lambda d: d > 0), PREFIXES)
def test_negative_money_parses_but_the_column_rejects_it(value: Decimal, prefix: str) -> None:
    for text in (f"{prefix}-{value}", f"-{prefix.strip()}{value}"):
        assert parse_money(text) == pytest.approx(-float(value))
        with pytest.raises(ValueError, match="must be ≥ 0"):
            parse_cell(COLUMNS["amount"], text)


@pytest.mark.parametrize("text", ["1,5", "1,23,456", "1.2.3", "abc", "nan", "inf", "-inf",
                                  "1_000", "¥", "¥¥5", "--5", "5-", "12 34a", "0x10", "1e5e5"])
def test_money_rejects_non_numbers(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_money(text)


def test_money_rejects_formulas_and_percentages() -> None:
    with pytest.raises(ValueError, match="formula"):
        parse_money("=SUM(A1:A3)")
    with pytest.raises(ValueError, match="percentage"):
        parse_money("12%")
    with pytest.raises(ValueError, match="true/false"):
        parse_money(True)


# --- counts and 万 -------------------------------------------------------------------------

@given(st.integers(min_value=0, max_value=10**12))
def test_int_round_trips_thousands_separators(value: int) -> None:
    assert parse_int(f"{value:,}") == value
    assert parse_int(str(value)) == value
    assert parse_int(f"{value:,}".translate(WIDE)) == value


@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=0, max_value=4),
       st.sampled_from(["万", " 万", "萬"]))
def test_wan_multiplies_by_ten_thousand(units: int, places: int, suffix: str) -> None:
    value = Decimal(units) / (10**places)
    text = f"{value:f}{suffix}"
    assert parse_int(text) == int(value * 10_000)
    assert parse_number(text) == pytest.approx(float(value) * 10_000)
    assert parse_money("¥" + text) == pytest.approx(float(value) * 10_000)


def test_wan_examples() -> None:
    assert parse_int("1.2万") == 12_000
    assert parse_int("3万") == 30_000
    assert parse_int("1,200") == 1_200
    with pytest.raises(ValueError, match="whole"):
        parse_int("1.23456万")


@given(st.integers(min_value=-10**9, max_value=10**9),
       st.integers(min_value=1, max_value=999).filter(lambda f: f % 10))
def test_int_rejects_fractions(whole: int, fraction: int) -> None:
    with pytest.raises(ValueError, match="not a whole number"):
        parse_int(f"{whole}.{fraction}")
    with pytest.raises(ValueError, match="not a whole number"):
        parse_int(whole + fraction / 1000)


def test_int_accepts_whole_floats_from_spreadsheets() -> None:
    assert parse_int(12.0) == 12
    assert parse_int("12.00") == 12
    with pytest.raises(ValueError, match="too large"):
        parse_int("1e30")


@pytest.mark.parametrize(("column", "text", "message"), [
    ("viewers", "-1", "must be ≥ 0"), ("quantity", "0", "must be ≥ 1"),
    ("duration_min", "0", "must be ≥ 1"), ("viewers", "12.5", "not a whole number"),
    ("viewers", "=A1*2", "formula"), ("amount", "", "required value is missing"),
    # upper bounds (DESIGN §4): money per cell and counts to 1e9, a session up to a day
    ("amount", "1e308", "must be ≤ 1,000,000,000"), ("amount", "1000000000.01", "must be ≤"),
    ("price", "¥2,000,000,000", "must be ≤"), ("fee", "10万万", "not a number"),
    ("viewers", "1e10", "must be ≤ 1,000,000,000"), ("quantity", "20亿", "not a number"),
    ("duration_min", "1441", "must be ≤ 1,440"), ("avg_watch_sec", "86401", "must be ≤ 86,400"),
    ("amount", "1e309", "not a finite number"), ("amount", "nan", "not a number"),
    ("amount", "inf", "not a number"), ("viewers", float("nan"), "required value is missing"),
    ("price", float("inf"), "not a number"), ("new_followers", "1e400", "too large|finite"),
    # dates (DESIGN §4): 2000-01-01 to 2100-12-31, else a row error, never a pandas crash
    ("order_time", "9999-12-31 10:00", "outside the dates a store can hold"),
    ("order_time", "1000-01-01", "2000-01-01 to 2100-12-31"),
    ("date", "1999-12-31 23:59", "outside"), ("date", "2101-01-01", "outside"),
    ("date", dt.datetime(1900, 1, 1), "outside"), ("date", "2026-02-30", "day is out of range"),
    ("date", "2026-02-29", "day is out of range"), ("date", "2026-00-10", "not a valid date"),
])
def test_cell_bounds_and_requirements(column: str, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_cell(COLUMNS[column], text)


@pytest.mark.parametrize(("column", "value", "parsed"), [
    ("amount", "1e9", 1e9), ("amount", "¥1,000,000,000", 1e9), ("viewers", "1000000000", 10**9),
    ("duration_min", "1440", 1440.0), ("duration_min", "1", 1.0),
    ("order_time", "2000-01-01", dt.datetime(2000, 1, 1)),
    ("order_time", "2100-12-31 23:59:59", dt.datetime(2100, 12, 31, 23, 59, 59)),
    ("date", "2024-02-29", dt.datetime(2024, 2, 29)),
])
def test_values_at_the_edges_of_the_ranges_are_kept(column: str, value: str,
                                                    parsed: object) -> None:
    assert parse_cell(COLUMNS[column], value) == parsed


def test_optional_blank_cells_take_the_column_default() -> None:
    assert parse_cell(COLUMNS["quantity"], " ") == 1
    assert parse_cell(COLUMNS["refunded"], None) is False
    assert parse_cell(COLUMNS["fee"], "") is None


# --- numbers and percentages -----------------------------------------------------------------

@given(st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False,
                   allow_infinity=False))
def test_percent_divides_by_one_hundred(value: Decimal) -> None:
    assert parse_number(f"{value}%") == pytest.approx(float(value) / 100)
    assert parse_number(f"{value} ％") == pytest.approx(float(value) / 100)
    assert parse_number(str(value)) == pytest.approx(float(value))


# --- dates -----------------------------------------------------------------------------------

DATETIMES = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31))


@given(DATETIMES.map(lambda d: d.replace(second=0, microsecond=0)))
def test_datetime_formats_round_trip(moment: dt.datetime) -> None:
    y, m, d, hh, mm = moment.year, moment.month, moment.day, moment.hour, moment.minute
    for text in (f"{moment:%Y-%m-%d %H:%M}", f"{moment:%Y-%m-%dT%H:%M:%S}",
                 f"{y}/{m}/{d} {hh}:{mm:02d}", f"{y}年{m}月{d}日 {hh}:{mm:02d}",
                 f"{y}年{m}月{d}日{hh}时{mm}分", f"{y}-{m}-{d} {hh:02d}:{mm:02d}:00"):
        assert parse_datetime(text) == moment, text


@given(DATETIMES.map(lambda d: d.date()))
def test_dates_alone_are_midnight(day: dt.date) -> None:
    midnight = dt.datetime(day.year, day.month, day.day)
    for text in (day.isoformat(), f"{day.year}/{day.month}/{day.day}",
                 f"{day.year}年{day.month}月{day.day}日"):
        assert parse_datetime(text) == midnight
    assert parse_datetime(day) == midnight
    assert parse_datetime(midnight) == midnight


def test_datetime_keeps_wall_clock_time_and_rejects_nonsense() -> None:
    assert parse_datetime("2026-04-04T20:00:00+08:00") == dt.datetime(2026, 4, 4, 20)
    for text, message in (("2026-02-30", "day is out of range"), ("2026-13-01", "month"),
                          ("2026/4/4 25:00", "bad time"), ("04/04/2026", "not a date"),
                          ("yesterday", "not a date")):
        with pytest.raises(ValueError, match=message):
            parse_datetime(text)
    with pytest.raises(ValueError, match="not a date"):
        parse_datetime(46116)  # an Excel serial number is not taken as a date


# --- words, anchor types, lists, text ----------------------------------------------------------

@given(st.sampled_from(sorted(TRUE_WORDS - {""})), st.lists(st.booleans(), max_size=5),
       st.sampled_from(["", " ", "  "]))
def test_true_words(word: str, flips: list[bool], pad: str) -> None:
    assert parse_bool(pad + _case(word, flips) + pad) is True


@given(st.sampled_from(sorted(FALSE_WORDS)), st.lists(st.booleans(), max_size=5))
def test_false_words(word: str, flips: list[bool]) -> None:
    assert parse_bool(_case(word, flips)) is False


@given(st.text(st.characters(exclude_characters="０１\u3000"), max_size=8))
def test_other_words_are_not_booleans(text: str) -> None:
    if text.strip().casefold() in TRUE_WORDS | FALSE_WORDS:
        return
    with pytest.raises(ValueError, match="yes/no"):
        parse_bool(text)


def test_spreadsheet_booleans() -> None:
    assert parse_bool(True) is True and parse_bool(0) is False and parse_bool(1.0) is True
    with pytest.raises(ValueError):
        parse_bool(2)


@given(st.sampled_from([*ANCHOR_TYPES, *ANCHOR_TYPE_ALIASES]),
       st.lists(st.booleans(), max_size=12))
def test_anchor_types_any_case(word: str, flips: list[bool]) -> None:
    expected = ANCHOR_TYPE_ALIASES.get(word, word)
    assert parse_anchor_type(f" {_case(word, flips)} ") == expected


def test_unknown_anchor_type_lists_the_allowed_values() -> None:
    with pytest.raises(ValueError) as info:
        parse_anchor_type("superstar")
    assert all(t in str(info.value) for t in ANCHOR_TYPES)
    assert "明星" in str(info.value)


ITEM = st.text(st.characters(blacklist_characters=";；", blacklist_categories=["Cs"]),
               min_size=1, max_size=6).filter(lambda s: s.strip())


@given(st.lists(ITEM, max_size=5), st.data())
def test_list_separators(items: list[str], data: st.DataObject) -> None:
    parts = []
    for item in items:
        parts += [item, data.draw(st.sampled_from([";", "；", " ; ", ";;", "；; "]))]
    assert parse_list("".join(parts)) == ";".join(i.strip() for i in items)


@given(st.text(max_size=20))
def test_text_is_kept_verbatim_never_evaluated(text: str) -> None:
    assert parse_text(text) == text.strip()


@pytest.mark.parametrize("text", ["00123", "=1+1", "=SUM(A1)", "+86123", "-5", "1e5", "@x"])
def test_ids_and_formula_looking_text_stay_text(text: str) -> None:
    assert parse_cell(COLUMNS["sku"], text) == text
    assert parse_cell(COLUMNS["name"], f"  {text} ") == text


def test_spreadsheet_values_as_text() -> None:
    assert parse_text(123) == "123"
    assert parse_text(123.0) == "123"
    assert parse_text(1.5) == "1.5"
    assert parse_text(dt.datetime(2026, 4, 4, 20)) == "2026-04-04 20:00:00"
    assert is_blank(float("nan")) and is_blank("  \u3000") and not is_blank(0)
