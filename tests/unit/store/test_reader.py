"""Reading one file: encodings, delimiters, empty files, limits, XLSX, row numbering."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from advisor.settings import Settings
from advisor.store.reader import (
    ImportIssue,
    ImportLimits,
    StoreImportError,
    decode,
    read_raw,
    read_table,
)

CSV = "sku,name,category,price\n00123,枕头,家居,99\n"


def _fails(content: bytes, match: str, name: str = "products.csv",
           limits: ImportLimits | None = None) -> ImportIssue:
    with pytest.raises(StoreImportError) as info:
        read_raw((name, content), limits=limits)
    issue = info.value.issues[0]
    assert issue.file == name
    assert match in issue.message, issue.message
    return issue


def test_utf8_with_and_without_bom() -> None:
    plain = read_raw(("p.csv", CSV.encode("utf-8")))
    bom = read_raw(("p.csv", CSV.encode("utf-8-sig")))
    assert plain.encoding == "UTF-8" and bom.encoding == "UTF-8 with BOM"
    assert plain.headers == bom.headers == ["sku", "name", "category", "price"]
    assert plain.rows == bom.rows == [["00123", "枕头", "家居", "99"]]


def test_gb18030_only_when_the_bytes_are_not_utf8() -> None:
    table = read_raw(("p.csv", CSV.encode("gb18030")))
    assert table.encoding == "GB18030" and table.rows[0][1] == "枕头"
    # these UTF-8 bytes also decode (to other characters) as GB18030: UTF-8 must win
    text = "中文商品,直播"
    assert text.encode("utf-8").decode("gb18030") != text
    assert decode(text.encode("utf-8"), "x.csv") == (text, "UTF-8")


def test_neither_utf8_nor_gb18030() -> None:
    _fails(b"sku,name\n\x80\xff\x80,x\n", "neither UTF-8 nor GB18030/GBK")


def test_utf16_gets_a_hint() -> None:
    _fails(CSV.encode("utf-16"), "UTF-16")


@pytest.mark.parametrize(("sep", "name"), [(";", "';'"), ("\t", "tab"), ("|", "'|'")])
def test_wrong_delimiter(sep: str, name: str) -> None:
    content = CSV.replace(",", sep).encode()
    issue = _fails(content, f"looks {name}-separated; save it as comma-separated CSV")
    assert issue.row == 1


@pytest.mark.parametrize("content", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_empty_file(content: bytes) -> None:
    _fails(content, "the file is empty")


def test_header_only() -> None:
    _fails(b"sku,name,category,price\n\n,,,\n", "header row but no data rows")


def test_size_limit_names_limit_and_size() -> None:
    content = CSV.encode() * 10
    issue = _fails(content, "over the import limit of 100 bytes",
                   limits=ImportLimits(max_bytes=100))
    assert f"the file is {len(content)} bytes" in issue.message
    assert "ADVISOR_IMPORT_MAX_MB" in issue.message


def test_size_limit_is_checked_before_reading_a_path(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (3 * 1024 * 1024))
    with pytest.raises(StoreImportError, match=r"3\.0 MB, over the import limit of 1\.0 MB"):
        read_table(path, "big.csv", ImportLimits(max_bytes=1024 * 1024))


def test_row_limit() -> None:
    content = ("sku,name\n" + "a,b\n" * 5).encode()
    assert len(read_table(("p.csv", content), limits=ImportLimits(max_rows=5))[1]) == 5
    _fails(content, "more than 4 data rows", limits=ImportLimits(max_rows=4))


def test_limits_from_settings() -> None:
    settings = Settings.from_env({"ADVISOR_IMPORT_MAX_MB": "2", "ADVISOR_IMPORT_MAX_ROWS": "10"})
    assert ImportLimits.from_settings(settings) == ImportLimits(2 * 1024 * 1024, 10)
    assert ImportLimits.from_settings(Settings.from_env({})) == ImportLimits()


def test_rows_are_numbered_as_a_spreadsheet_shows_them() -> None:
    content = b'\n\nsku,name\nA,"two\nlines"\n\nB,x\n , \nC,y\n'
    table = read_raw(("p.csv", content))
    assert table.header_row == 3
    assert table.row_numbers == [4, 6, 8]
    assert table.rows == [["A", "two\nlines"], ["B", "x"], ["C", "y"]]


def test_blank_rows_do_not_count_towards_the_row_limit() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["sku", "name"])
    sheet.append(["A", "x"])
    for row in range(3, 200):  # formatted but empty rows, as spreadsheets often have
        sheet.cell(row=row, column=1).number_format = "0.00"
        sheet.cell(row=row, column=2, value="  ")
    sheet.append(["B", "y"])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_raw(("p.xlsx", buffer.getvalue()), limits=ImportLimits(max_rows=2))
    assert table.rows == [["A", "x"], ["B", "y"]] and table.row_numbers == [2, 200]


def test_path_source_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_text(CSV, encoding="utf-8")
    assert read_table(path) == (["sku", "name", "category", "price"],
                                [["00123", "枕头", "家居", "99"]])
    with pytest.raises(StoreImportError, match="file not found"):
        read_table(tmp_path / "nope.csv")


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_first_sheet_values_and_formulas_as_text() -> None:
    when = dt.datetime(2026, 4, 4, 20, 0)
    content = _xlsx([["sku", "name", "price", "date"], ["00123", "=1+1", 99.5, when],
                     [123, "x", "=B2*2", None]])
    table = read_raw(("any-name.bin", content))
    assert table.encoding == "XLSX"
    assert table.headers == ["sku", "name", "price", "date"]
    assert table.rows[0] == ["00123", "=1+1", 99.5, when]
    assert table.rows[1][:3] == [123, "x", "=B2*2"]


def test_legacy_xls_and_broken_xlsx() -> None:
    _fails(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old Excel .xls", name="p.xls")
    _fails(b"PK\x03\x04 not really a zip", "not a readable .xlsx", name="p.xlsx")
