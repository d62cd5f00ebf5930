"""Write a store's tables as importable files: CSV (any encoding, English or Chinese
headers) and XLSX, for sample downloads, demo data and round-trip tests.

Values are written so that importing them gives back the same StoreData: floats in their
shortest exact form, times as `YYYY-MM-DD HH:MM:SS`, missing values as empty cells.
Every CSV text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`,
`@`, a tab or a carriage return) gets a leading `'` (OWASP); the importer takes it off again.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from advisor.store.normalize import FORMULA_ESCAPE, FORMULA_LEADING
from advisor.store.schema import ANCHOR_TYPE_ALIASES, TABLES, Column, StoreData

# The first Chinese alias of each anchor type: owner -> 店主, celebrity -> 明星, ...
CHINESE_ANCHOR_TYPES: dict[str, str] = {
    canonical: alias for alias, canonical in reversed(ANCHOR_TYPE_ALIASES.items())
    if not alias.isascii()}


def headers(table: str, *, chinese_headers: bool = False) -> list[str]:
    """The header row: canonical names, or each column's first (Chinese) alias."""
    return [c.aliases[0] if chinese_headers and c.aliases else c.name for c in TABLES[table]]


def table_for(frame: pd.DataFrame) -> str:
    """Which table a frame holds, from its first column (sku, session_id or order_id)."""
    for table, columns in TABLES.items():
        if set(c.name for c in columns if c.required) <= set(frame.columns):
            return table
    raise ValueError(f"no table has the columns {list(frame.columns)}")


def _cell(column: Column, value: object, chinese: bool, native: bool) -> object:
    """One value as typed into a spreadsheet ("" for missing); `native` keeps numbers and
    datetimes as such (for XLSX cells) instead of text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    kind = column.kind
    if kind == "datetime":
        stamp = pd.Timestamp(value)
        if native:
            return stamp.to_pydatetime()
        return stamp.strftime("%Y-%m-%d %H:%M:%S" + (".%f" if stamp.microsecond else ""))
    if kind == "bool":
        return ("是" if value else "否") if chinese else ("true" if value else "false")
    if kind == "anchor_type" and chinese:
        return CHINESE_ANCHOR_TYPES.get(str(value), str(value))
    if kind in ("money", "number"):
        number = float(value)  # type: ignore[arg-type]
        if number.is_integer() and abs(number) < 2**53:
            return int(number)
        return number if native else repr(number)
    if kind == "int":
        return int(value)  # type: ignore[call-overload]
    return str(value)


def table_rows(frame: pd.DataFrame, table: str | None = None, *,
               chinese_headers: bool = False, native: bool = False) -> Iterator[list[object]]:
    """The header row, then one list of cell values per row."""
    table = table or table_for(frame)
    columns = [c for c in TABLES[table] if c.name in frame.columns]
    all_headers = dict(zip((c.name for c in TABLES[table]),
                           headers(table, chinese_headers=chinese_headers), strict=True))
    yield [all_headers[c.name] for c in columns]
    data = [frame[c.name].tolist() for c in columns]
    for values in zip(*data, strict=True):
        yield [_cell(c, v, chinese_headers, native)
               for c, v in zip(columns, values, strict=True)]


def escape_formula(value: object) -> object:
    """A text cell a spreadsheet would evaluate (`=1+1`, `@SUM(..)`, `-2+3`), prefixed with
    `'` so it shows as typed; a cell that already starts with `'` before such a character
    gets one more, so the importer's unescaping (one `'` off) gives back the original."""
    if isinstance(value, str) and FORMULA_LEADING.match(value):
        return FORMULA_ESCAPE + value
    return value


def _csv_bytes(rows: Iterable[list[object]], encoding: str) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([escape_formula(v) for v in row] for row in rows)
    return buffer.getvalue().encode(encoding)


def table_csv_bytes(frame: pd.DataFrame, table: str | None = None, *,
                    chinese_headers: bool = False, encoding: str = "utf-8") -> bytes:
    """One table as CSV bytes (e.g. for a download button); formula-leading text escaped."""
    return _csv_bytes(table_rows(frame, table, chinese_headers=chinese_headers), encoding)


def frame_csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8-sig") -> bytes:
    """Any display table as CSV bytes (header, then rows; missing values empty), with
    formula-leading text escaped like table_csv_bytes: for the dashboard's downloads."""
    def cell(value: object) -> object:
        if value is None or value is pd.NA or value is pd.NaT:
            return ""
        if isinstance(value, float) and math.isnan(value):
            return ""
        return value

    rows: list[list[object]] = [[str(c) for c in frame.columns]]
    rows += ([cell(v) for v in row] for row in frame.itertuples(index=False, name=None))
    return _csv_bytes(rows, encoding)


def write_store_csv(data: StoreData, directory: Path | str, *, chinese_headers: bool = False,
                    encoding: str = "utf-8") -> dict[str, Path]:
    """products.csv, live_sessions.csv and orders.csv in `directory`; returns their paths."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for table in TABLES:
        path = folder / f"{table}.csv"
        path.write_bytes(table_csv_bytes(getattr(data, table), table,
                                         chinese_headers=chinese_headers, encoding=encoding))
        paths[table] = path
    return paths


def write_table_xlsx(frame: pd.DataFrame, path: Path | str, table: str | None = None, *,
                     chinese_headers: bool = False) -> Path:
    """One table as a one-sheet .xlsx; text such as `=1+1` is written as text, not a formula."""
    import openpyxl  # deferred: only XLSX export needs it
    from openpyxl.cell import WriteOnlyCell

    table = table or table_for(frame)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(table)
    for values in table_rows(frame, table, chinese_headers=chinese_headers, native=True):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # keep it literal text
            cells.append(cell)
        sheet.append(cells)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def write_store_xlsx(data: StoreData, directory: Path | str, *,
                     chinese_headers: bool = False) -> dict[str, Path]:
    """products.xlsx, live_sessions.xlsx and orders.xlsx in `directory`."""
    folder = Path(directory)
    return {table: write_table_xlsx(getattr(data, table), folder / f"{table}.xlsx",
                                    table, chinese_headers=chinese_headers)
            for table in TABLES}
