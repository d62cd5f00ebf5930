"""Pure cell parsers for store imports: money, counts, numbers, dates, booleans, lists.

Each parser takes one raw cell (a CSV string, or what openpyxl returns: str, int, float,
bool, datetime, None) and returns the parsed value or raises ValueError with a short
human message; the importer adds the file, row and column. Text and ids are kept as
text, never evaluated: `00123`, `=1+1`, `+86123` and `-5` stay exactly that; only the `'`
that our CSV export puts before such a cell (`'=1+1`) is taken off again.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import cast

from advisor.store.schema import (
    ANCHOR_TYPE_ALIASES,
    ANCHOR_TYPES,
    FALSE_WORDS,
    FIRST_DATE,
    LAST_DATE,
    TRUE_WORDS,
    Column,
)

# Full-width digits and punctuation (common in Chinese spreadsheets) -> ASCII.
_WIDE = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                       "．": ".", "，": ",", "－": "-", "−": "-", "％": "%", "＋": "+",
                       "\u3000": " ", "\xa0": " "})
_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?")  # the common case, parsed with float() directly
_GROUPED = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_CURRENCY = ("¥", "￥", "$", "RMB", "CNY")
_WAN = ("万", "萬")
_LIST_SPLIT = re.compile(r"[;；]")
_CN_DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?"
                      r"\s*(?P<time>.*)")
_SLASH_DATE = re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
                         r"(?:[ T]+(?P<time>.*))?")
_TIME = re.compile(r"(\d{1,2})[:：](\d{1,2})(?:[:：](\d{1,2}(?:\.\d+)?))?")
_CN_TIME = re.compile(r"(\d{1,2})[时点](?:(\d{1,2})分(?:(\d{1,2})秒)?)?")
_MAX_INT = 2**63 - 1
ANCHOR_HELP = ", ".join(ANCHOR_TYPES) + " (or 店主/老板, 员工, 专业主播, 达人/网红, 明星)"
_ANCHOR_LOOKUP = {**{a: a for a in ANCHOR_TYPES},
                  **{k.casefold(): v for k, v in ANCHOR_TYPE_ALIASES.items()}}


def is_blank(value: object) -> bool:
    """None, NaN, or a string of only whitespace."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


# A cell a spreadsheet would run as a formula, possibly already behind escaping quotes.
FORMULA_LEADING = re.compile(r"'*[=+\-@\t\r]")
FORMULA_ESCAPE = "'"


def parse_text(value: object) -> str:
    """Any cell as text, verbatim apart from surrounding whitespace; never evaluated.

    A leading `'` before a formula character (`'=1+1`, as the CSV export escapes it) is
    the spreadsheet's "this is text" mark and is dropped.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith(FORMULA_ESCAPE) and FORMULA_LEADING.match(text, 1):
            return text[1:]
        return text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def _number_text(value: str) -> tuple[str, int]:
    """Strip currency, spaces and a 万 suffix; return (numeric text, multiplier)."""
    text = value.translate(_WIDE).strip()
    if text.startswith("="):
        raise ValueError("is a formula, not a number (paste values, or export as CSV)")
    sign = ""
    if text.startswith(("+", "-")):
        sign, text = text[:1], text[1:].lstrip()
    for symbol in _CURRENCY:
        if text.upper().startswith(symbol):
            text = text[len(symbol):].lstrip()
            break
    if text.endswith("元"):
        text = text[:-1].rstrip()
    multiplier = 1
    if text.endswith(_WAN):
        text, multiplier = text[:-1].rstrip(), 10_000
    text = text.replace(" ", "")
    if sign and text.startswith(("+", "-")):
        raise ValueError("is not a number")
    return sign + text, multiplier


def _decimal(value: object, *, percent: bool = False) -> float | Decimal:
    """The shared numeric core: a float for plain input, a Decimal when text needed work."""
    if isinstance(value, bool):
        raise ValueError("is a true/false value, not a number")
    if isinstance(value, int):
        return float(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("is not a number")
        return value
    if isinstance(value, (dt.date, dt.time)):
        raise ValueError("is a date, not a number")
    if not isinstance(value, str):
        raise ValueError("is not a number")
    text = value.strip()
    if _PLAIN.fullmatch(text):
        return float(text)
    text, multiplier = _number_text(text)
    scale = 1
    if text.endswith("%"):
        if not percent:
            raise ValueError("is a percentage; this column takes a plain number")
        text, scale = text[:-1].rstrip(), 100
    if not _GROUPED.fullmatch(text):
        raise ValueError("is not a number")
    try:
        number = Decimal(text.replace(",", "")) * multiplier / scale
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid text
        raise ValueError("is not a number") from exc
    return number


def parse_number(value: object) -> float:
    """A real number; `%` divides by 100 (`12.5%` -> 0.125), `万` multiplies by 10,000."""
    return _finite(_decimal(value, percent=True))


def _finite(number: float | Decimal) -> float:
    result = float(number)
    if not math.isfinite(result):
        raise ValueError("is not a finite number")
    return result


def parse_money(value: object) -> float:
    """An amount: `¥`/`￥`/`$` prefix, `1,234.5` thousands separators, `万`, spaces.

    The sign is kept (`¥-5` -> -5.0); bounds are the column's business (parse_cell).
    """
    return _finite(_decimal(value))


def parse_int(value: object) -> int:
    """A whole count: `1,200`, `1.2万` -> 12000, `3万` -> 30000; `12.5` is an error."""
    number = _decimal(value)
    whole = number.is_integer() if isinstance(number, float) else (
        number.is_finite() and number == number.to_integral_value())
    if not whole:
        raise ValueError("is not a whole number")
    result = int(number)
    if abs(result) > _MAX_INT:
        raise ValueError("is too large")
    return result


def parse_datetime(value: object) -> dt.datetime:
    """`2026-04-04`, `2026-04-04 20:00[:00]`, `2026/4/4`, `2026年4月4日 20:00`, or an
    Excel date cell. A timezone offset is dropped, keeping the local wall-clock time."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise ValueError("is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM)")
    text = value.translate(_WIDE).strip()
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        pass
    match = _CN_DATE.fullmatch(text) or _SLASH_DATE.fullmatch(text)
    if match:
        try:
            day_start = dt.datetime(int(match["y"]), int(match["m"]), int(match["d"]))
            return day_start + _time_of_day(match["time"] or "")
        except ValueError as exc:
            raise ValueError(f"is not a valid date ({exc})") from None
    raise ValueError("is not a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM)")


def _time_of_day(text: str) -> dt.timedelta:
    text = text.strip()
    if not text:
        return dt.timedelta()
    match = _TIME.fullmatch(text) or _CN_TIME.fullmatch(text)
    if not match:
        raise ValueError(f"bad time {text!r}")
    hour, minute, second = int(match[1]), int(match[2] or 0), float(match[3] or 0)
    if hour > 23 or minute > 59 or second >= 60:
        raise ValueError(f"bad time {text!r}")
    return dt.timedelta(hours=hour, minutes=minute, seconds=second)


def parse_bool(value: object) -> bool:
    """true/false, 1/0, yes/no, y/n, t/f, 是/否 (any case); blank is false."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = parse_text(value).translate(_WIDE).strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("is not a yes/no value (use true/false, 1/0, yes/no or 是/否)")


def parse_anchor_type(value: object) -> str:
    """One of the canonical anchor types, or a Chinese/English alias, any case."""
    key = " ".join(parse_text(value).split()).casefold()
    try:
        return _ANCHOR_LOOKUP[key]
    except KeyError:
        raise ValueError(f"is not an anchor type; use one of {ANCHOR_HELP}") from None


def split_list(value: object) -> list[str]:
    """`a; b；;c` -> ["a", "b", "c"]: `;` or `；` separated, trimmed, empty items dropped."""
    return [item.strip() for item in _LIST_SPLIT.split(parse_text(value)) if item.strip()]


def parse_list(value: object) -> str:
    """A list cell in its stored form, `a;b`."""
    return ";".join(split_list(value))


PARSERS: dict[str, Callable[[object], object]] = {
    "text": parse_text, "id": parse_text, "money": parse_money, "int": parse_int,
    "number": parse_number, "datetime": parse_datetime, "bool": parse_bool,
    "anchor_type": parse_anchor_type, "list": parse_list,
}
NUMERIC_KINDS = frozenset({"money", "int", "number"})


_FIRST_DAY = dt.datetime.fromisoformat(FIRST_DATE)
_AFTER_LAST_DAY = dt.datetime.fromisoformat(LAST_DATE) + dt.timedelta(days=1)


def check_bounds(column: Column, number: float) -> None:
    """The column's bounds: `positive` means > 0, else >= `minimum`, and <= `maximum`
    (None = no bound)."""
    if column.positive and not number > 0:
        raise ValueError("must be > 0")
    if column.minimum is not None and number < column.minimum:
        raise ValueError(f"must be ≥ {column.minimum:g}")
    if column.maximum is not None and number > column.maximum:
        raise ValueError(f"must be ≤ {column.maximum:,.0f}")


def check_date(moment: dt.datetime) -> dt.datetime:
    """A date within FIRST_DATE … LAST_DATE (DESIGN §4), else ValueError."""
    if not _FIRST_DAY <= moment < _AFTER_LAST_DAY:
        raise ValueError(f"is outside the dates a store can hold ({FIRST_DATE} to {LAST_DATE})")
    return moment


def cell_parser(column: Column) -> Callable[[object], object]:
    """A parser for one column's non-blank cells, bounds and date range included."""
    parse = PARSERS[column.kind]
    if column.kind == "datetime":
        return lambda value: check_date(parse_datetime(value))
    if column.kind not in NUMERIC_KINDS:
        return parse

    def parse_bounded(value: object) -> object:
        number = parse(value)
        check_bounds(column, cast(float, number))
        return number

    return parse_bounded


def parse_cell(column: Column, value: object) -> object:
    """One cell for a column: blank gives the column's default (an error when required)."""
    if is_blank(value):
        if column.required:
            raise ValueError("required value is missing")
        return column.default
    return cell_parser(column)(value)
