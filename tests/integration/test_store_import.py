"""Store import against real SQLite under a temporary ADVISOR_DATA_DIR (DESIGN §4, §7, §9),
and the storage contract again on a real PostgreSQL server (@ENGINES, DESIGN §14).

A good import first; then one test per class of bad input, each checking that the message
names file, row and column and that the store's previous data is unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from advisor.cli import main as cli_main
from advisor.settings import Settings
from advisor.store.db import StoreConflict, StoreDB, UnknownStore
from advisor.store.importer import ImportSummary, import_store, load_store_files
from advisor.store.reader import ImportLimits, StoreImportError
from advisor.store.schema import TABLES, StoreData
from advisor.store.service import StoreService
from tests.conftest import BOTH_ENGINES, REPO
from tests.unit.store.store_files import GOOD, GOOD_ZH, good_text, store_files, with_line

pytestmark = pytest.mark.integration


@pytest.fixture
def db(database_url: str) -> StoreDB:
    # Settings.from_env(): the temporary ADVISOR_DATA_DIR, and ADVISOR_DATABASE_URL if set.
    return StoreDB.from_settings(Settings.from_env())


@pytest.fixture
def shop(db: StoreDB, tmp_path: Path) -> StoreData:
    """Store "shop" imported from the good files: what every failed import must leave alone."""
    import_store(db, "shop", *store_files(tmp_path / "good"))
    return db.load("shop")


def _same(a: StoreData, b: StoreData) -> None:
    assert a.currency == b.currency
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))


def _rejected(db: StoreDB, shop: StoreData, folder: Path,
              expect: list[tuple[str, int | None, str | None, str]],
              limits: ImportLimits | None = None, **replace: str | bytes) -> StoreImportError:
    """Import bad files over "shop": every expected issue is reported, nothing changes."""
    version = db.version("shop")
    with pytest.raises(StoreImportError) as info:
        import_store(db, "shop", *store_files(folder, **replace), limits=limits)
    error = info.value
    for file, row, column, text in expect:
        found = [i for i in error.issues if (i.file, i.row, i.column) == (file, row, column)]
        assert found, f"no issue at {file} row {row} column {column}:\n{error}"
        assert text in found[0].message
        assert str(found[0]) in str(error)
    _same(db.load("shop"), shop)
    assert db.version("shop") == version
    assert [s.name for s in db.list_stores()] == ["shop"]
    return error


# --- a good import ---------------------------------------------------------------------------

@BOTH_ENGINES
def test_good_import_is_stored_and_loads_back_identically(db: StoreDB, tmp_path: Path,
                                                          database_url: str) -> None:
    files = store_files(tmp_path)
    summary = import_store(db, "shop", *files)
    assert summary == ImportSummary(
        "shop", {"products": 4, "live_sessions": 3, "orders": 5},
        dict.fromkeys(("products.csv", "live_sessions.csv", "orders.csv"), "UTF-8"), [])
    assert db.database.dialect == database_url.split(":")[0]
    if db.path is not None:  # the embedded default: one file under ADVISOR_DATA_DIR
        assert (db.path.parent, db.path.name) == (Settings.from_env().data_dir.resolve(),
                                                  "advisor.sqlite")
    _same(db.load("shop"), load_store_files(*files))
    [info] = db.list_stores()
    assert (info.name, info.products, info.sessions, info.orders) == ("shop", 4, 3, 5)
    assert info.source == "products.csv, live_sessions.csv, orders.csv"
    assert dt.datetime.fromisoformat(info.imported_at).year >= 2026
    assert db.info("shop") == info and db.exists("shop") and not db.exists("other")


# --- the bad-input table: each fails with exit 1, names what it can, changes nothing -----------

Files = tuple[Path, Path, Path]
Expect = list[tuple[str, int | None, str | None, str]]


def _replace(**replace: str | bytes) -> Callable[[Path], Files]:
    return lambda folder: store_files(folder, **replace)


def _order(line: int, cells: str) -> Callable[[Path], Files]:
    return _replace(orders=with_line("orders.csv", line, cells))


def _session(line: int, cells: str) -> Callable[[Path], Files]:
    return _replace(live_sessions=with_line("live_sessions.csv", line, cells))


def _products_xlsx(build: Callable[[Any], None] | None = None,
                   content: bytes | None = None) -> Callable[[Path], Files]:
    """The good files, with products as an .xlsx: built from the CSV, then `build(book)`."""
    def files(folder: Path) -> Files:
        good = store_files(folder)
        path = folder / "products.xlsx"
        if content is not None:
            path.write_bytes(content)
            return path, good[1], good[2]
        book = openpyxl.Workbook()
        for line in good_text("products.csv").splitlines():
            book.active.append(line.split(",")[:4])
        if build:
            build(book)
        book.save(path)
        return path, good[1], good[2]
    return files


def _merge(book: Any) -> None:
    book.active.merge_cells("C3:C4")


def _formula(book: Any) -> None:
    book.active["D3"] = "=C2*2"


BIG_PRODUCTS = with_line("products.csv", 5, "+86123,Scented candle,decor,39,12,3万,"
                         + "very long description " * 50_000)  # 1.1 MB
BAD_INPUTS: list[tuple[str, Callable[[Path], Files], dict[str, str] | None, Expect]] = [
    ("missing column", _replace(orders=with_line(
        "orders.csv", 1, "order_id,customer_id,order_time,sku,quantity,total,session_id,refunded")),
     None, [("orders.csv", None, "amount", "required column 'amount' or '实付金额' or '成交金额' "
                                           "is missing; headers found: 'order_id'")]),
    ("text in a number", _session(3, "S002,2026/4/10,90,Owner Zhang,owner,lots,300,180,45,600,"
                                     ",B7,"),
     None, [("live_sessions.csv", 3, "viewers", "'lots' — is not a number")]),
    ("negative", _order(7, "O-0006,C005,2026-04-12 20:00,B7,1,¥-5,S003,"), None,
     [("orders.csv", 7, "amount", "'¥-5' — must be ≥ 0")]),
    ("unknown enum", _session(4, "S003,2026-04-12,60,Xiao Chen,主持人,800,,,,,0,,"), None,
     [("live_sessions.csv", 4, "anchor_type", "use one of owner, staff, professional, "
                                              "influencer, celebrity")]),
    ("duplicate id", _order(7, "O-0002,C005,2026-04-12 20:00,B7,1,5,S003,"), None,
     [("orders.csv", 7, "order_id", "duplicate order_id: also on row 3")]),
    ("unknown sku", _order(7, "O-0006,C005,2026-04-12 20:00,00124,1,5,S003,"), None,
     [("orders.csv", 7, "sku", "'00124' — unknown sku: not in products.csv")]),
    ("unknown session", _order(7, "O-0006,C005,2026-04-12 20:00,B7,1,5,S004,"), None,
     [("orders.csv", 7, "session_id", "unknown session: not in live_sessions.csv")]),
    ("unknown featured sku", _session(4, "S003,2026-04-12,60,Xiao Chen,staff,800,,,,,0,"
                                         "B7;GHOST,"), None,
     [("live_sessions.csv", 4, "featured_skus", "'GHOST' — unknown sku")]),
    ("empty", _replace(products=b""), None, [("products.csv", None, None, "the file is empty")]),
    ("blank lines only", _replace(products=b" \r\n\r\n"), None,
     [("products.csv", None, None, "the file is empty")]),
    ("header only", _replace(live_sessions=good_text("live_sessions.csv").splitlines()[0]),
     None, [("live_sessions.csv", None, None, "header row but no data rows")]),
    ("wrong delimiter", _replace(products=good_text("products.csv").replace(",", ";")), None,
     [("products.csv", 1, None, "looks ';'-separated; save it as comma-separated CSV")]),
    ("tab-separated", _replace(products=good_text("products.csv").replace(",", "\t")), None,
     [("products.csv", 1, None, "looks tab-separated")]),
    ("oversize", _replace(products=BIG_PRODUCTS), {"ADVISOR_IMPORT_MAX_MB": "1"},
     [("products.csv", None, None, "the file is 1.0 MB, over the import limit of 1.0 MB "
                                   "(ADVISOR_IMPORT_MAX_MB)")]),
    ("too many rows", _replace(), {"ADVISOR_IMPORT_MAX_ROWS": "4"},
     [("orders.csv", None, None, "more than 4 data rows, the import limit")]),
    ("binary", _replace(products=bytes(range(256)) * 16), None,
     [("products.csv", None, None, "neither UTF-8 nor GB18030/GBK text")]),
    ("binary with NUL bytes", _replace(products=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
     None, [("products.csv", None, None, "contains NUL bytes")]),
    ("UTF-16", _replace(products=good_text("products.csv").encode("utf-16")), None,
     [("products.csv", None, None, "the file is UTF-16")]),
    ("odd date", _order(4, "O-0003,C001,04/10/2026 21:00,B7,,459,S002,"), None,
     [("orders.csv", 4, "order_time", "'04/10/2026 21:00' — is not a date")]),
    ("impossible date", _order(4, "O-0003,C001,2026-02-30 21:00,B7,,459,S002,"), None,
     [("orders.csv", 4, "order_time", "day is out of range")]),
    ("impossible time", _order(4, "O-0003,C001,2026-04-10 25:00,B7,,459,S002,"), None,
     [("orders.csv", 4, "order_time", "bad time")]),
    ("date in year 9999", _order(4, "O-0003,C001,9999-12-31 10:00,B7,,459,S002,"), None,
     [("orders.csv", 4, "order_time", "'9999-12-31 10:00' — is outside the dates a store can "
                                      "hold (2000-01-01 to 2100-12-31)")]),
    ("date in year 1000", _session(4, "S003,1000-01-01,60,Xiao Chen,staff,800,,,,,0,,"), None,
     [("live_sessions.csv", 4, "date", "'1000-01-01' — is outside the dates")]),
    ("huge amount", _order(7, "O-0006,C005,2026-04-12 20:00,B7,1,1e308,S003,"), None,
     [("orders.csv", 7, "amount", "'1e308' — must be ≤ 1,000,000,000")]),
    ("huge count", _session(4, "S003,2026-04-12,60,Xiao Chen,staff,1e12,,,,,0,,"), None,
     [("live_sessions.csv", 4, "viewers", "must be ≤ 1,000,000,000")]),
    ("huge duration", _session(4, "S003,2026-04-12,100000,Xiao Chen,staff,800,,,,,0,,"), None,
     [("live_sessions.csv", 4, "duration_min", "must be ≤ 1,440")]),
    ("NaN", _order(7, "O-0006,C005,2026-04-12 20:00,B7,1,NaN,S003,"), None,
     [("orders.csv", 7, "amount", "'NaN' — is not a number")]),
    ("inf", _order(7, "O-0006,C005,2026-04-12 20:00,B7,1,inf,S003,"), None,
     [("orders.csv", 7, "amount", "'inf' — is not a number")]),
    ("overflow to inf", _order(7, "O-0006,C005,2026-04-12 20:00,B7,1,1e309,S003,"), None,
     [("orders.csv", 7, "amount", "is not a finite number")]),
    ("formula in a number (XLSX)", _products_xlsx(_formula), None,
     [("products.xlsx", 3, "price", "'=C2*2' — is a formula, not a number")]),
    ("merged cells (XLSX)", _products_xlsx(_merge), None,
     [("products.xlsx", 3, "category", "cells C3:C4 are merged; unmerge them")]),
    ("0-byte XLSX", _products_xlsx(content=b""), None,
     [("products.xlsx", None, None, "the file is empty")]),
    ("damaged XLSX", _products_xlsx(content=b"PK\x03\x04 not really a zip"), None,
     [("products.xlsx", None, None, "not a readable .xlsx workbook")]),
]


@pytest.mark.parametrize(("case", "make", "env", "expect"), BAD_INPUTS,
                         ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_exits_1_names_the_place_and_keeps_the_store(
        db: StoreDB, shop: StoreData, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, case: str, make: Callable[[Path], Files],
        env: dict[str, str] | None, expect: Expect) -> None:
    """`advisor store import` over store "shop" (in-process): exit 1, one stderr line per
    problem naming file, row and column where there is one, and "shop" unchanged."""
    version = db.version("shop")
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    limits = ImportLimits.from_settings(Settings.from_env())
    with pytest.raises(StoreImportError) as info:
        import_store(db, "shop", *make(tmp_path / "lib"), limits=limits)
    capsys.readouterr()
    code = cli_main(["store", "import", "shop", *_files_args(make(tmp_path / "cli"))])
    out = capsys.readouterr()
    assert code == 1 and out.out == ""
    lines = out.err.splitlines()
    assert lines[0].startswith("error: import failed, nothing was written")
    for file, row, column, text in expect:
        where = file + (f" row {row}" if row is not None else "") + (
            f", column {column}" if column else "")
        assert [i for i in info.value.issues if (i.file, i.row, i.column) == (file, row, column)
                and text in str(i)], f"{case}: {where} {text!r} not in\n{info.value}"
        assert [line for line in lines if line.startswith(where + ":") and text in line], \
            f"{case}: {where}: {text!r} not in\n{out.err}"
    _same(db.load("shop"), shop)
    assert db.version("shop") == version
    assert db.names() == ["shop"]


def test_many_problems_are_all_reported_up_to_the_cap(db: StoreDB, shop: StoreData,
                                                      tmp_path: Path) -> None:
    rows = [f"X-{i},C1,2026-04-04,00123,{i % 3 - 1},¥-{i},S001," for i in range(80)]
    text = good_text("orders.csv").splitlines()[0] + "\n" + "\n".join(rows) + "\n"
    error = _rejected(db, shop, tmp_path, [("orders.csv", 2, "quantity", "must be ≥ 1")],
                      orders=text)
    assert error.total == 79 + 54 and len(error.issues) == 50  # amounts (not ¥-0), quantities
    assert {i.column for i in error.issues} == {"amount", "quantity"}
    assert str(error).endswith("... and 83 more")


# --- encodings, text kept as text, XLSX ----------------------------------------------------------

def test_gb18030_chinese_headers_equal_the_utf8_english_twin(db: StoreDB, tmp_path: Path) -> None:
    gbk = {t: (GOOD_ZH / f"{t}.csv").read_text(encoding="utf-8").encode("gb18030")
           for t in TABLES}
    for content in gbk.values():
        with pytest.raises(UnicodeDecodeError):
            content.decode("utf-8")
    zh = import_store(db, "zh", *store_files(tmp_path / "zh", GOOD_ZH, **gbk))
    assert set(zh.encodings.values()) == {"GB18030"}
    import_store(db, "en", *store_files(tmp_path / "en", GOOD))
    chinese, english = db.load("zh"), db.load("en")
    _same(chinese, english)
    assert chinese.live_sessions["anchor_type"].tolist() == ["celebrity", "owner", "staff"]
    metrics = pytest.importorskip("advisor.store.metrics")
    assert metrics.compute_metrics(chinese).store == metrics.compute_metrics(english).store


def test_utf8_with_bom(db: StoreDB, tmp_path: Path) -> None:
    boms = {t: good_text(f"{t}.csv").encode("utf-8-sig") for t in TABLES}
    summary = import_store(db, "bom", *store_files(tmp_path, **boms))
    assert set(summary.encodings.values()) == {"UTF-8 with BOM"}
    _same(db.load("bom"), load_store_files(*store_files(tmp_path / "plain")))


def test_formula_looking_cells_are_kept_as_text(db: StoreDB, tmp_path: Path) -> None:
    products = (good_text("products.csv")
                + '=SUM(A1),=1+1,"=HYPERLINK(""http://x"",""y"")",5,,,-5\n'
                + "@cmd,+86 123,decor,1,,,=1+1\n")
    orders = good_text("orders.csv") + "O-0006,=1+1,2026-04-12 20:00,=SUM(A1),1,5,,\n"
    import_store(db, "formulas", *store_files(tmp_path, products=products, orders=orders))
    data = db.load("formulas")
    rows = data.products.set_index("sku")
    assert rows.loc["=SUM(A1)", "name"] == "=1+1"
    assert rows.loc["=SUM(A1)", "category"] == '=HYPERLINK("http://x","y")'
    assert rows.loc["=SUM(A1)", "description"] == "-5"
    assert rows.loc["@cmd", "name"] == "+86 123" and rows.loc["@cmd", "description"] == "=1+1"
    assert data.orders.iloc[-1][["customer_id", "sku"]].tolist() == ["=1+1", "=SUM(A1)"]


@BOTH_ENGINES
def test_leading_zero_ids_survive(db: StoreDB, tmp_path: Path) -> None:
    orders = (good_text("orders.csv").replace("O-0001,C001", "0001,007")
              .replace("O-0003,C001", "0003,007"))
    import_store(db, "zeros", *store_files(tmp_path, orders=orders))
    data = db.load("zeros")
    assert data.products["sku"][0] == "00123"
    assert data.orders["order_id"].tolist()[:3] == ["0001", "O-0002", "0003"]
    assert data.orders["customer_id"].tolist()[:3] == ["007", "C002", "007"]
    assert data.orders["sku"][0] == "00123"


def _xlsx_from_csv(csv_text: str, path: Path, convert: dict[int, type]) -> Path:
    """An .xlsx as a merchant would save it: numbers and dates as real cells."""
    import io

    book = openpyxl.Workbook()
    sheet = book.active
    for index, row in enumerate(csv.reader(io.StringIO(csv_text))):
        cells: list[object] = []
        for col, value in enumerate(row):
            kind = convert.get(col) if index else None
            if kind is dt.datetime and value:
                cells.append(dt.datetime.fromisoformat(value))
            elif kind is float and value:
                cells.append(float(value))
            else:
                cells.append(value or None)
        sheet.append(cells)
    book.save(path)
    return path


def test_xlsx_import(db: StoreDB, tmp_path: Path) -> None:
    plain_orders = ("order_id,customer_id,order_time,sku,quantity,amount,session_id,refunded\n"
                    "O-0001,C001,2026-04-04 20:15:00,00123,1,1299,S001,false\n"
                    "O-0002,C002,2026-04-04 20:16:30,A-2,2,179.8,S001,yes\n"
                    "O-0003,C001,2026-04-10 21:00,B7,1,459,S002,\n"
                    "O-0004,C003,2026-04-11 09:00,+86123,3,117,,否\n"
                    "O-0005,C004,2026-04-12 19:45,00123,1,1299,S003,1\n")
    orders = _xlsx_from_csv(plain_orders, tmp_path / "orders.xlsx",
                            {2: dt.datetime, 4: float, 5: float})
    files = store_files(tmp_path / "csv")
    summary = import_store(db, "xlsx", files[0], files[1], orders)
    assert summary.encodings["orders.xlsx"] == "XLSX"
    _same(db.load("xlsx"), load_store_files(*files))


def test_xlsx_with_the_data_on_a_second_sheet(db: StoreDB, tmp_path: Path) -> None:
    """A workbook that opens on an empty sheet (or one left blank) still imports its data."""
    files = store_files(tmp_path / "csv")
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    data = book.create_sheet("Orders")
    for line in good_text("orders.csv").splitlines():
        data.append(next(csv.reader([line])))
    book.save(tmp_path / "orders.xlsx")
    summary = import_store(db, "second-sheet", files[0], files[1], tmp_path / "orders.xlsx")
    assert summary.encodings["orders.xlsx"] == "XLSX, sheet 'Orders'"
    _same(db.load("second-sheet"), load_store_files(*files))


# --- replace, rollback, delete ------------------------------------------------------------------

@BOTH_ENGINES
def test_reimport_replaces_the_store_atomically(db: StoreDB, shop: StoreData,
                                                tmp_path: Path) -> None:
    import_store(db, "other", *store_files(tmp_path / "other"))
    other_version = db.version("other")
    before = db.version("shop")
    orders = "\n".join(good_text("orders.csv").splitlines()[:3]) + "\n"
    files = store_files(tmp_path / "v2", orders=orders)
    summary = import_store(db, "shop", *files)
    assert summary.counts["orders"] == 2
    assert db.version("shop") != before
    _same(db.load("shop"), load_store_files(*files))
    assert db.info("shop").orders == 2
    _same(db.load("other"), shop)
    assert db.version("other") == other_version


@BOTH_ENGINES
def test_a_failure_inside_the_transaction_leaves_the_store_intact(
        db: StoreDB, shop: StoreData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_insert = StoreDB._insert
    version = db.version("shop")

    def failing_insert(conn: sa.Connection, table: str, name: str,
                       columns: list[list[Any]]) -> None:
        real_insert(conn, table, name, columns)
        if table == "orders":  # products and sessions already replaced in this transaction
            raise RuntimeError("disk full")

    monkeypatch.setattr(StoreDB, "_insert", staticmethod(failing_insert))
    orders = "\n".join(good_text("orders.csv").splitlines()[:2]) + "\n"
    with pytest.raises(RuntimeError, match="disk full"):
        import_store(db, "shop", *store_files(tmp_path, orders=orders))
    _same(db.load("shop"), shop)
    assert db.version("shop") == version


@BOTH_ENGINES
def test_delete_and_unknown_store(db: StoreDB, shop: StoreData, tmp_path: Path) -> None:
    import_store(db, "second", *store_files(tmp_path / "b"))
    assert db.delete("shop") is True
    assert db.delete("shop") is False
    assert db.names() == ["second"]
    with pytest.raises(UnknownStore) as info:
        db.load("shop")
    assert str(info.value) == "unknown store 'shop'; known stores: second"
    with pytest.raises(KeyError):
        db.version("shop")
    db.delete("second")
    with pytest.raises(UnknownStore, match="no stores yet"):
        db.info("second")


@BOTH_ENGINES
def test_readers_see_the_old_or_the_new_store_never_a_mix(db: StoreDB, shop: StoreData,
                                                          tmp_path: Path) -> None:
    small = store_files(tmp_path / "small",
                        orders="\n".join(good_text("orders.csv").splitlines()[:3]) + "\n")
    good = store_files(tmp_path / "good2")
    seen: set[tuple[int, int, int]] = set()
    done = threading.Event()

    def read() -> None:
        reader = StoreDB(db.database.url.render_as_string(hide_password=False))  # another session
        while not done.is_set():
            data = reader.load("shop")
            seen.add((len(data.products), len(data.live_sessions), len(data.orders)))

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(10):
            import_store(db, "shop", *small)
            import_store(db, "shop", *good)
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=30)
    assert seen and seen <= {(4, 3, 5), (4, 3, 2)}


def test_a_deleted_database_file_is_recreated(db: StoreDB, shop: StoreData) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db.path) + suffix).unlink(missing_ok=True)
    assert db.list_stores() == []
    with pytest.raises(UnknownStore):
        db.load("shop")


def test_invalid_store_name_writes_nothing(db: StoreDB, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not valid"):
        import_store(db, "my shop", *store_files(tmp_path))
    assert db.list_stores() == []


# --- the `advisor store` command ----------------------------------------------------------------

def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "advisor", "store", *args], cwd=REPO,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=120, check=False)


def _files_args(files: tuple[Path, Path, Path]) -> list[str]:
    return ["--products", str(files[0]), "--sessions", str(files[1]), "--orders", str(files[2])]


@BOTH_ENGINES
def test_cli_store_commands(tmp_path: Path, database_url: str) -> None:
    good = _files_args(store_files(tmp_path / "good"))
    done = _cli("import", "cli-shop", *good)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imported store 'cli-shop': 4 products, 3 live sessions, "
                                  "5 orders (products.csv: UTF-8;")
    listed = _cli("list")
    assert listed.returncode == 0
    header, rule, row = listed.stdout.splitlines()
    assert header.split()[:4] == ["store", "products", "sessions", "orders"]
    assert row.split()[:4] == ["cli-shop", "4", "3", "5"]
    shown = _cli("show", "cli-shop")
    assert shown.returncode == 0, shown.stderr
    lines = {" ".join(line.split()[:-1]): line.split()[-1] for line in
             shown.stdout.splitlines()[3:]}
    assert lines["orders"] == "5" and lines["sessions from"] == "2026-04-04"
    deleted = _cli("delete", "cli-shop")
    assert deleted.returncode == 0 and "deleted store 'cli-shop'" in deleted.stdout
    again = _cli("delete", "cli-shop")
    assert again.returncode == 1 and "unknown store 'cli-shop'" in again.stderr


def test_cli_bad_import_lists_the_problems_and_exits_1(tmp_path: Path) -> None:
    assert _cli("import", "kept", *_files_args(store_files(tmp_path / "good"))).returncode == 0
    orders = with_line("orders.csv", 7, "O-0006,C005,2026-04-12 20:00,B7,1,¥-5,S003,")
    orders = orders.replace("O-0003,C001,2026-04-10 21:00", "O-0003,C001,someday")
    done = _cli("import", "kept", *_files_args(store_files(tmp_path / "bad", orders=orders)))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "error: import failed, nothing was written (2 problems):",
        "orders.csv row 4, column order_time: 'someday' — is not a date (use YYYY-MM-DD or "
        "YYYY-MM-DD HH:MM)",
        "orders.csv row 7, column amount: '¥-5' — must be ≥ 0"]
    assert done.stdout == ""
    shown = _cli("show", "kept")
    assert shown.returncode == 0 and "orders" in shown.stdout


def test_cli_limits_names_and_unknown_stores(tmp_path: Path) -> None:
    files = _files_args(store_files(tmp_path))
    limited = _cli("import", "tiny", *files, env={"ADVISOR_IMPORT_MAX_ROWS": "2"})
    assert limited.returncode == 1
    assert "products.csv: the file has more than 2 data rows" in limited.stderr
    bad_name = _cli("import", "my shop", *files)
    assert bad_name.returncode == 1 and "store name 'my shop' is not valid" in bad_name.stderr
    unknown = _cli("show", "nope")
    assert unknown.returncode == 1 and "unknown store 'nope'" in unknown.stderr
    missing = _cli("import", "x", "--products", str(tmp_path / "nope.csv"), *files[2:])
    assert missing.returncode == 1 and "file not found" in missing.stderr
    empty = _cli("list")
    assert empty.returncode == 0 and "no stores yet" in empty.stdout


# --- store names, demo stores, a store deleted under a reader -----------------------------------

@BOTH_ENGINES
def test_lookalike_names_are_refused_and_the_store_stays(db: StoreDB, shop: StoreData,
                                                         tmp_path: Path) -> None:
    files = store_files(tmp_path / "again")
    for lookalike in ("SHOP", "Shop", "ｓｈｏｐ".upper(), "sh0p"):
        with pytest.raises(StoreConflict, match="looks the same as the existing store 'shop'"):
            import_store(db, lookalike, *files)
    with pytest.raises(ValueError, match="letters of one script"):
        import_store(db, "s\u04bbop", *files)  # Cyrillic һ
    assert db.names() == ["shop"]
    _same(db.load("shop"), shop)
    assert import_store(db, "ｓｈｏｐ", *files).name == "shop"  # NFKC: the same name


def test_demo_install_never_replaces_a_users_store(tmp_path: Path) -> None:
    """`advisor demo install` exits 1 naming the store; --force replaces it."""
    files = _files_args(store_files(tmp_path / "mine"))
    assert _cli("import", "demo-cosmetics", *files).returncode == 0
    db = StoreDB.from_settings(Settings.from_env())
    mine = db.load("demo-cosmetics")
    refused = _demo("install")
    assert refused.returncode == 1
    assert "a store of yours is named 'demo-cosmetics'" in refused.stderr
    assert "--force" in refused.stderr and "no demo store was installed" in refused.stderr
    assert db.names() == ["demo-cosmetics"]
    _same(db.load("demo-cosmetics"), mine)

    forced = _demo("install", "--force")
    assert forced.returncode == 0, forced.stderr
    assert all(info.source == "demo" for info in db.list_stores())
    assert len(db.load("demo-cosmetics").orders) > len(mine.orders)
    again = _demo("install")  # demo over demo: a refresh
    assert again.returncode == 0, again.stderr
    imported = _cli("import", "demo-cosmetics", *files)
    assert imported.returncode == 1 and "is a demo store and read-only" in imported.stderr


@BOTH_ENGINES
def test_a_store_deleted_under_the_service_raises_unknown_store(db: StoreDB,
                                                                shop: StoreData) -> None:
    service = StoreService(db)
    assert service.metrics("shop").store["orders"] == 5
    db.delete("shop")
    with pytest.raises(UnknownStore, match="unknown store 'shop'"):
        service.metrics("shop")
    with pytest.raises(UnknownStore):
        service.findings("shop", "celebrity")


def _demo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "advisor", "demo", *args], cwd=REPO,
                          env=dict(os.environ), capture_output=True, text=True, timeout=180,
                          check=False)
