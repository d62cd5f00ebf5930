"""Read one uploaded table (CSV or XLSX) into a header row and raw cell rows.

CSV bytes are decoded as UTF-8 (with or without BOM) or else GB18030/GBK, and the
encoding used is reported, never guessed silently: valid UTF-8 is never read as GBK.
XLSX is read with openpyxl (the first sheet that has data; formulas come back as their
`=...` text, never evaluated; merged cells are refused, since all but one of their rows
would read as blank). Size and row limits are checked before the data is used.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.settings import Settings

# A file to read: a path, or (file name, content) for an upload.
Source = Path | str | tuple[str, bytes]
MB = 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
_FOREIGN_DELIMITERS = {";": "';'", "\t": "tab", "|": "'|'"}
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+\d+))?"')


@dataclass(frozen=True)
class ImportLimits:
    """Upper bounds for one imported file (ADVISOR_IMPORT_MAX_MB / ADVISOR_IMPORT_MAX_ROWS)."""

    max_bytes: int = 50 * MB
    max_rows: int = 1_000_000

    @classmethod
    def from_settings(cls, settings: Settings) -> ImportLimits:
        return cls(settings.import_max_mb * MB, settings.import_max_rows)


@dataclass(frozen=True)
class ImportIssue:
    """One problem found in an import; `row` is the spreadsheet row (header = row 1)."""

    file: str
    row: int | None
    column: str | None
    value: object | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f" row {self.row}" if self.row is not None else "")
        where += f", column {self.column}" if self.column else ""
        if self.value is None:
            return f"{where}: {self.message}"
        return f"{where}: {show_value(self.value)} — {self.message}"


def show_value(value: object, limit: int = 60) -> str:
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


class StoreImportError(ValueError):
    """An import that failed; `.issues` lists the problems (capped), `.total` counts all."""

    def __init__(self, issues: Iterable[ImportIssue], total: int | None = None) -> None:
        self.issues = list(issues)
        self.total = len(self.issues) if total is None else total
        super().__init__(self.report())

    def report(self) -> str:
        count = f"{self.total} problem{'s' if self.total != 1 else ''}"
        lines = [f"import failed, nothing was written ({count}):"]
        lines += [f"  {issue}" for issue in self.issues]
        if self.total > len(self.issues):
            lines.append(f"  ... and {self.total - len(self.issues)} more")
        return "\n".join(lines)


@dataclass(frozen=True)
class RawTable:
    """A table as read: header cells, the non-blank data rows (ragged), and how it was read.

    `row_numbers[i]` is the spreadsheet row of `rows[i]` (the header is `header_row`,
    usually 1); blank rows are skipped but still counted, as a spreadsheet shows them.
    """

    file: str
    headers: list[str]
    rows: list[list[object]]
    row_numbers: list[int]
    encoding: str  # "UTF-8", "UTF-8 with BOM", "GB18030" or "XLSX"
    header_row: int = 1


def source_name(source: Source) -> str:
    if isinstance(source, tuple):
        return Path(source[0]).name
    return Path(source).name


def read_raw(source: Source, file_label: str | None = None,
             limits: ImportLimits | None = None) -> RawTable:
    """Read a CSV or XLSX file (chosen by content, then by name) into a RawTable."""
    label = file_label or source_name(source)
    limits = limits or ImportLimits()
    content = _content(source, label, limits)
    if not content.strip(b" \t\r\n\x00"):
        raise _error(label, "the file is empty")
    if content.startswith(_OLE_MAGIC):
        raise _error(label, "old Excel .xls files are not supported; save as .xlsx or CSV")
    if content.startswith(_ZIP_MAGIC):
        table = _read_xlsx(content, label, limits)
    else:
        table = _read_csv(content, label, limits)
    if not table.rows:
        raise _error(label, "the file has a header row but no data rows")
    return table


def read_table(source: Source, file_label: str | None = None,
               limits: ImportLimits | None = None) -> tuple[list[str], list[list[object]]]:
    """(headers, rows) of a CSV or XLSX file; read_raw also gives encoding and row numbers."""
    table = read_raw(source, file_label, limits)
    return table.headers, table.rows


def _error(label: str, message: str, row: int | None = None) -> StoreImportError:
    return StoreImportError([ImportIssue(label, row, None, None, message)])


def _content(source: Source, label: str, limits: ImportLimits) -> bytes:
    if isinstance(source, tuple):
        data = source[1]
        _check_size(len(data), label, limits)
        return data
    path = Path(source)
    try:
        _check_size(path.stat().st_size, label, limits)
        return path.read_bytes()
    except FileNotFoundError:
        raise _error(label, f"file not found: {path}") from None
    except IsADirectoryError:
        raise _error(label, f"{path} is a folder, not a file") from None


def _check_size(size: int, label: str, limits: ImportLimits) -> None:
    if size > limits.max_bytes:
        raise _error(label, f"the file is {_megabytes(size)}, over the import limit of "
                            f"{_megabytes(limits.max_bytes)} (ADVISOR_IMPORT_MAX_MB)")


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB // 10 else f"{size:,} bytes"


def _check_rows(count: int, label: str, limits: ImportLimits) -> None:
    if count > limits.max_rows:
        raise _error(label, f"the file has more than {limits.max_rows:,} data rows, the "
                            "import limit (ADVISOR_IMPORT_MAX_ROWS)")


def decode(content: bytes, label: str) -> tuple[str, str]:
    """(text, encoding name): UTF-8 (BOM optional) first, GB18030 only if that fails."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error(label, "the file is UTF-16; save it as 'CSV UTF-8' instead")
    try:
        text = content.decode("utf-8-sig")
        return text, "UTF-8 with BOM" if content.startswith(b"\xef\xbb\xbf") else "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030"), "GB18030"
    except UnicodeDecodeError:
        raise _error(label, "the file is neither UTF-8 nor GB18030/GBK text; save it as "
                            "'CSV UTF-8' or as .xlsx") from None


def _read_csv(content: bytes, label: str, limits: ImportLimits) -> RawTable:
    text, encoding = decode(content, label)
    if "\x00" in text:
        raise _error(label, "the file contains NUL bytes; it is not a CSV text file")
    try:
        header_row, headers, rows, numbers = _table(csv.reader(io.StringIO(text, newline="")),
                                                    label, limits)
    except csv.Error as exc:
        raise _error(label, f"the CSV cannot be parsed ({exc})") from None
    _check_delimiter(headers, label, header_row)
    return RawTable(label, headers, rows, numbers, encoding, header_row)


def _table(records: Iterable[Sequence[Any]], label: str, limits: ImportLimits
           ) -> tuple[int, list[str], list[list[object]], list[int]]:
    """(header row number, headers, non-blank data rows, their row numbers); stops with a
    clear error once the data rows exceed the row limit."""
    numbered = enumerate(records, 1)
    header_row, headers = next(((n, [_header(c) for c in r]) for n, r in numbered
                                if _nonblank(r)), (0, []))
    if not header_row:
        raise _error(label, "the file is empty")
    rows: list[list[object]] = []
    numbers: list[int] = []
    for number, record in numbered:
        if _nonblank(record):
            rows.append(list(record))
            numbers.append(number)
            _check_rows(len(rows), label, limits)
    return header_row, headers, rows, numbers


def _header(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _nonblank(row: Sequence[object]) -> bool:
    return any(cell is not None and str(cell).strip() for cell in row)


def _check_delimiter(headers: list[str], label: str, row: int) -> None:
    named = [h for h in headers if h]
    if len(named) != 1:
        return
    for char, name in _FOREIGN_DELIMITERS.items():
        if char in named[0]:
            raise _error(label, f"the header row is one column containing {name}: the file "
                                f"looks {name}-separated; save it as comma-separated CSV", row)


def _read_xlsx(content: bytes, label: str, limits: ImportLimits) -> RawTable:
    import openpyxl  # deferred: only XLSX imports need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise _error(label, f"the file is not a readable .xlsx workbook ({exc})") from None
    try:
        if not book.worksheets:
            raise _error(label, "the workbook has no sheets")
        # The first sheet with any data: a workbook may open on an empty or a notes sheet.
        sheet = next((s for s in book.worksheets
                      if any(_nonblank(r) for r in s.iter_rows(values_only=True))),
                     book.worksheets[0])
        header_row, headers, rows, numbers = _table(sheet.iter_rows(values_only=True), label,
                                                    limits)
        _check_merged(content, getattr(sheet, "_worksheet_path", ""), headers, label)
        first = sheet is book.worksheets[0]
        encoding = "XLSX" if first else f"XLSX, sheet {sheet.title!r}"
    finally:
        book.close()
    while headers and not headers[-1]:
        headers.pop()
    return RawTable(label, headers, rows, numbers, encoding, header_row)


def _check_merged(content: bytes, sheet_path: str, headers: list[str], label: str) -> None:
    """Merged cells hold their value in the first cell only: refuse them, naming each."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            xml = archive.read(sheet_path.lstrip("/"))
    except (KeyError, zipfile.BadZipFile, OSError):
        return  # no sheet part to look into: openpyxl read what there is
    issues = []
    for column, row, end in _MERGE.findall(xml):
        index = _column_index(column.decode())
        name = headers[index] if index < len(headers) and headers[index] else column.decode()
        cells = f"{column.decode()}{row.decode()}" + (f":{end.decode()}" if end else "")
        issues.append(ImportIssue(label, int(row), name, None,
                                  f"cells {cells} are merged; unmerge them and fill in every "
                                  "row, then import again"))
    if issues:
        raise StoreImportError(issues)


def _column_index(letters: str) -> int:
    """A1-style column letters to a 0-based index: A -> 0, Z -> 25, AA -> 26."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - ord("A") + 1
    return index - 1
