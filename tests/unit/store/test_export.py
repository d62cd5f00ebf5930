"""Export writes files that import back to the same store; conform_frame's canonical dtypes."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from advisor.store.db import conform_frame
from advisor.store.export import (
    CHINESE_ANCHOR_TYPES,
    escape_formula,
    frame_csv_bytes,
    headers,
    table_csv_bytes,
    write_store_csv,
    write_store_xlsx,
    write_table_xlsx,
)
from advisor.store.importer import load_store_files, parse_store_files
from advisor.store.schema import TABLES, StoreData
from tests.unit.store.store_files import GOOD, store_files


@pytest.fixture(scope="module")
def good() -> StoreData:
    return load_store_files(GOOD / "products.csv", GOOD / "live_sessions.csv",
                            GOOD / "orders.csv")


def _same(a: StoreData, b: StoreData) -> None:
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))


def _paths(written: dict[str, Path]) -> tuple[Path, Path, Path]:
    return written["products"], written["live_sessions"], written["orders"]


def test_english_utf8_csv_round_trip(good: StoreData, tmp_path: Path) -> None:
    _same(good, load_store_files(*_paths(write_store_csv(good, tmp_path))))


def test_chinese_gb18030_csv_round_trip(good: StoreData, tmp_path: Path) -> None:
    written = write_store_csv(good, tmp_path, chinese_headers=True, encoding="gb18030")
    raw = written["live_sessions"].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("gb18030")
    assert text.startswith("场次ID,日期,直播时长(分钟),主播,主播类型")
    assert ",明星," in text and ",店主," in text
    parsed = parse_store_files(*_paths(written))
    assert set(parsed.encodings.values()) == {"GB18030"}
    _same(good, parsed.data)


def test_xlsx_round_trip_keeps_formula_looking_text(good: StoreData, tmp_path: Path) -> None:
    written = write_store_xlsx(good, tmp_path)
    sheet = openpyxl.load_workbook(written["products"]).active
    assert sheet["B3"].value == "=1+1" and sheet["B3"].data_type == "s"
    _same(good, load_store_files(*_paths(written)))


def test_chinese_xlsx_round_trip(good: StoreData, tmp_path: Path) -> None:
    _same(good, load_store_files(*_paths(write_store_xlsx(good, tmp_path,
                                                          chinese_headers=True))))


def test_write_table_xlsx_infers_the_table(good: StoreData, tmp_path: Path) -> None:
    path = write_table_xlsx(good.orders, tmp_path / "o.xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == headers("orders")
    assert isinstance(sheet["C2"].value, dt.datetime)


def test_headers_and_anchor_words() -> None:
    assert headers("orders", chinese_headers=True)[:3] == ["订单号", "买家ID", "下单时间"]
    assert CHINESE_ANCHOR_TYPES == {"owner": "店主", "staff": "员工", "professional": "专业主播",
                                    "influencer": "达人", "celebrity": "明星"}


def test_csv_bytes_write_missing_as_empty_and_bools_as_words(good: StoreData) -> None:
    lines = table_csv_bytes(good.orders, "orders").decode().splitlines()
    assert lines[1] == "O-0001,C001,2026-04-04 20:15:00,00123,1,1299,S001,false"
    assert lines[4] == "O-0004,C003,2026-04-11 09:00:00,'+86123,3,117,,false"  # escaped
    zh = table_csv_bytes(good.orders, "orders", chinese_headers=True).decode()
    assert zh.splitlines()[2].endswith(",是")


# --- CSV injection (OWASP): formula-leading text cells get a leading ' ----------------------

PAYLOADS = ("=1+1", "+cmd|' /C calc'!A0", "@SUM(1+1)", '=HYPERLINK("http://x.test","y")',
            "-2+3", "\t=1+1", "\r=1+1", "'=1+1", "''@x")


@pytest.mark.parametrize("value", PAYLOADS)
def test_formula_leading_text_is_escaped(value: str) -> None:
    assert escape_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["plain", "00123", "a=b", "'quoted", "", "价格=1"])
def test_other_text_and_numbers_are_written_as_they_are(value: str) -> None:
    assert escape_formula(value) == value
    assert escape_formula(-5) == -5 and escape_formula(-2.5) == -2.5


def test_table_csv_escapes_every_formula_cell_and_imports_back(tmp_path: Path) -> None:
    names = ["=1+1", "+cmd|' /C calc'!A0", "@SUM(1+1)", '=HYPERLINK("http://x.test","y")',
             "-2+3", "'=already quoted"]
    products = pd.DataFrame({"sku": [f"=S{i}" for i in range(len(names))], "name": names,
                             "category": "@cat", "price": 1.0, "description": "-desc"})
    text = table_csv_bytes(products, "products").decode()
    for line in text.splitlines()[1:]:
        cells = next(csv.reader([line]))
        assert all(not c or c[0] not in "=+-@\t\r" for c in cells), line
    assert "'=1+1" in text and "''=already quoted" in text
    sessions = pd.DataFrame({"session_id": ["S1"], "date": [pd.Timestamp("2026-01-01")],
                             "duration_min": [60.0], "anchor": ["=host"],
                             "anchor_type": ["owner"], "viewers": [10]})
    orders = pd.DataFrame({"order_id": ["O1"], "customer_id": ["+c"],
                           "order_time": [pd.Timestamp("2026-01-01 10:00")], "sku": ["=S0"],
                           "amount": [1.0], "session_id": ["S1"]})
    data = StoreData(conform_frame("products", products), conform_frame("live_sessions", sessions),
                     conform_frame("orders", orders))
    back = load_store_files(*_paths(write_store_csv(data, tmp_path)))
    _same(data, back)


def test_frame_csv_escapes_text_but_not_numbers() -> None:
    frame = pd.DataFrame({"session_id": ["=2+5", "S-2"], "gmv": [-12.5, float("nan")],
                          "segments": ["@SUM(1+1);karaoke", "-x"]})
    lines = frame_csv_bytes(frame, encoding="utf-8").decode().splitlines()
    assert lines == ["session_id,gmv,segments", "'=2+5,-12.5,'@SUM(1+1);karaoke",
                     "S-2,,'-x"]
    assert frame_csv_bytes(frame).startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel


def test_fractional_seconds_survive(tmp_path: Path) -> None:
    orders = ("order_id,customer_id,order_time,sku,amount,session_id\n"
              "O-1,C1,2026-04-04 20:15:00.250000,00123,1,S001\n")
    data = load_store_files(*store_files(tmp_path / "a", orders=orders))
    assert data.orders["order_time"][0] == pd.Timestamp("2026-04-04 20:15:00.25")
    _same(data, load_store_files(*_paths(write_store_csv(data, tmp_path / "b"))))


# --- conform_frame -------------------------------------------------------------------------

def test_conform_frame_fills_optional_columns_and_coerces() -> None:
    frame = conform_frame("orders", {
        "order_id": [1, 2], "customer_id": ["c", "d"], "sku": ["00123", "A"],
        "order_time": ["2026-04-04 20:00", "2026-04-05"], "amount": [1, 2.5]})
    assert frame.dtypes.astype(str).to_dict() == {
        "order_id": "str", "customer_id": "str", "order_time": "datetime64[ns]", "sku": "str",
        "quantity": "int64", "amount": "float64", "session_id": "str", "refunded": "bool"}
    assert frame["quantity"].tolist() == [1, 1] and frame["session_id"].tolist() == ["", ""]
    assert frame["order_id"].tolist() == ["1", "2"]


def test_conform_frame_requires_required_columns() -> None:
    with pytest.raises(ValueError, match="orders has no 'customer_id' column"):
        conform_frame("orders", {"order_id": ["1"]})


def test_conform_frame_drops_timezones_keeping_wall_time() -> None:
    when = pd.Series(pd.to_datetime(["2026-04-04 20:00"]).tz_localize("Asia/Shanghai"))
    frame = conform_frame("live_sessions", {
        "session_id": ["S"], "date": when, "duration_min": [60], "anchor": ["a"],
        "anchor_type": ["owner"], "viewers": [10]})
    assert frame["date"][0] == pd.Timestamp("2026-04-04 20:00")
    assert str(frame["peak_viewers"].dtype) == "Int64" and frame["fee"].isna().all()
