"""Header matching, row validation (one check per class of bad input), cap, dtypes, names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from advisor.store.db import validate_store_name
from advisor.store.importer import (
    IssueLog,
    header_key,
    load_store_files,
    match_headers,
    parse_store_files,
)
from advisor.store.names import lookalike
from advisor.store.reader import ImportIssue, StoreImportError
from advisor.store.schema import LIVE_SESSIONS, ORDERS, PRODUCTS, TABLES
from tests.unit.store.store_files import GOOD, good_text, store_files, with_line


def _issues(tmp_path: Path, **replace: str | bytes) -> list[ImportIssue]:
    with pytest.raises(StoreImportError) as info:
        load_store_files(*store_files(tmp_path / "in", **replace))
    return info.value.issues


def _one(issues: list[ImportIssue], file: str, row: int | None, column: str | None,
         text: str) -> ImportIssue:
    found = [i for i in issues if (i.file, i.row, i.column) == (file, row, column)]
    assert found, f"no issue at {file} row {row} column {column}: {issues}"
    assert text in found[0].message, found[0].message
    return found[0]


# --- headers -------------------------------------------------------------------------------

def test_header_keys_ignore_case_space_and_parenthesis_width() -> None:
    assert header_key("  Session_ID ") == header_key("session id") == "sessionid"
    assert header_key("直播时长（分钟）") == header_key("直播时长(分钟)")
    assert header_key("SKU") == header_key("sku")


def test_headers_match_names_and_aliases_and_ignore_extras() -> None:
    headers = ["  SKU", "商品名称", "Category", "售价", "Colour", ""]
    match = match_headers(headers, PRODUCTS, "p.csv")
    assert match.positions == {"sku": 0, "name": 1, "category": 2, "price": 3}
    assert match.ignored == ["Colour"] and match.issues == []


def test_full_width_parentheses_in_aliases() -> None:
    match = match_headers(["场次ID", "日期", "直播时长（分钟）", "主播", "主播类型", "观看人数",
                           "人均观看时长(秒)"], LIVE_SESSIONS, "s.csv")
    assert match.issues == []
    assert match.positions["duration_min"] == 2 and match.positions["avg_watch_sec"] == 6


def test_missing_required_columns_one_issue_each_listing_headers() -> None:
    match = match_headers(["order_id", "sku", "Notes"], ORDERS, "orders.csv")
    missing = {i.column for i in match.issues}
    assert missing == {"customer_id", "order_time", "amount"}
    amount = next(i for i in match.issues if i.column == "amount")
    assert "'amount' or '实付金额' or '成交金额'" in amount.message
    assert "headers found: 'order_id', 'sku', 'Notes'" in amount.message
    assert str(amount).startswith("orders.csv, column amount: required column")


def test_two_headers_for_one_column() -> None:
    match = match_headers(["sku", "商品ID", "name", "category", "price"], PRODUCTS, "p.csv")
    assert [i.message for i in match.issues] == ["two headers mean sku: 'sku' and '商品ID'"]


# --- one class of bad input each -----------------------------------------------------------

def test_missing_column_is_reported_with_the_file(tmp_path: Path) -> None:
    text = good_text("orders.csv").replace("amount", "total", 1)
    issues = _issues(tmp_path, orders=text)
    _one(issues, "orders.csv", None, "amount", "required column 'amount'")


def test_bad_number(tmp_path: Path) -> None:
    text = with_line("products.csv", 3, "A-2,=1+1,bedding,89.9 yuan,,35,")
    issue = _one(_issues(tmp_path, products=text), "products.csv", 3, "price", "not a number")
    assert issue.value == "89.9 yuan"
    assert str(issue) == "products.csv row 3, column price: '89.9 yuan' — is not a number"


def test_negative_value(tmp_path: Path) -> None:
    text = with_line("orders.csv", 7, "O-0006,C005,2026-04-12 20:00,B7,1,¥-5,S003,")
    issue = _one(_issues(tmp_path, orders=text), "orders.csv", 7, "amount", "must be ≥ 0")
    assert str(issue) == "orders.csv row 7, column amount: '¥-5' — must be ≥ 0"


@pytest.mark.parametrize(("minutes", "message"), [("0", "must be ≥ 1"), ("0.5", "must be ≥ 1"),
                                                  ("1441", "must be ≤ 1,440")])
def test_duration_is_one_minute_to_one_day(tmp_path: Path, minutes: str, message: str) -> None:
    text = with_line("live_sessions.csv", 4,
                     f"S003,2026-04-12,{minutes},Xiao Chen,staff,800,,,,,0,,")
    _one(_issues(tmp_path, live_sessions=text), "live_sessions.csv", 4, "duration_min",
         message)


def test_unknown_anchor_type(tmp_path: Path) -> None:
    text = with_line("live_sessions.csv", 4, "S003,2026-04-12,60,Xiao Chen,robot,800,,,,,0,,")
    issue = _one(_issues(tmp_path, live_sessions=text), "live_sessions.csv", 4, "anchor_type",
                 "is not an anchor type; use one of owner, staff, professional")
    assert issue.value == "robot"


def test_duplicate_id_names_both_rows(tmp_path: Path) -> None:
    text = with_line("products.csv", 6, "00123,Another pillow,bedding,10,,,")
    issue = _one(_issues(tmp_path, products=text), "products.csv", 6, "sku",
                 "duplicate sku: also on row 2")
    assert issue.value == "00123"


def test_missing_required_value(tmp_path: Path) -> None:
    text = with_line("orders.csv", 3, "O-0002,  ,2026-04-04 20:16:30,A-2,2,179.8,S001,yes")
    issue = _one(_issues(tmp_path, orders=text), "orders.csv", 3, "customer_id",
                 "required value is missing")
    assert str(issue) == "orders.csv row 3, column customer_id: required value is missing"


def test_unknown_sku_and_session_in_orders(tmp_path: Path) -> None:
    text = with_line("orders.csv", 7, "O-0006,C005,2026-04-12 20:00,NOPE,1,5,S999,")
    issues = _issues(tmp_path, orders=text)
    _one(issues, "orders.csv", 7, "sku", "unknown sku: not in products.csv")
    _one(issues, "orders.csv", 7, "session_id", "unknown session: not in live_sessions.csv")


def test_unknown_featured_sku(tmp_path: Path) -> None:
    text = with_line("live_sessions.csv", 4, "S003,2026-04-12,60,Xiao Chen,staff,800,,,,,0,"
                                             "B7;GHOST,")
    issue = _one(_issues(tmp_path, live_sessions=text), "live_sessions.csv", 4,
                 "featured_skus", "unknown sku")
    assert issue.value == "GHOST"


def test_unquoted_comma_makes_a_row_too_wide(tmp_path: Path) -> None:
    text = with_line("orders.csv", 7, "O-0006,C005,2026-04-12 20:00,B7,1,1,299,S003,false")
    issues = _issues(tmp_path, orders=text)
    issue = _one(issues, "orders.csv", 7, None, "an unquoted comma")
    assert issue.message.startswith("the row has 9 values but the header has 8 columns")


def test_every_file_is_checked_and_issues_are_in_row_order(tmp_path: Path) -> None:
    products = with_line("products.csv", 3, "A-2,x,bedding,abc,,35,")
    orders = good_text("orders.csv").replace("2,179.8", "2.5,179.8").replace("459", "-459")
    issues = _issues(tmp_path, products=products, orders=orders)
    assert [(i.file, i.row, i.column) for i in issues] == [
        ("products.csv", 3, "price"), ("orders.csv", 3, "quantity"),
        ("orders.csv", 4, "amount")]


def test_issue_cap_counts_the_rest(tmp_path: Path) -> None:
    lines = good_text("orders.csv").splitlines()[:2]
    lines += [f"O-{i},C1,2026-04-04,00123,1,bad,S001," for i in range(120)]
    with pytest.raises(StoreImportError) as info:
        load_store_files(*store_files(tmp_path / "in", orders="\n".join(lines)))
    error = info.value
    assert len(error.issues) == 50 and error.total == 120
    assert str(error).splitlines()[0] == "import failed, nothing was written (120 problems):"
    assert str(error).splitlines()[-1] == "  ... and 70 more"


def test_issue_log_extend_keeps_totals() -> None:
    log = IssueLog(cap=1)
    log.extend([ImportIssue("a", 1, None, None, "x")], total=3)
    log.add(ImportIssue("a", 2, None, None, "y"))
    assert log.total == 4 and len(log.issues) == 1


def test_issue_log_shares_the_cap_among_columns() -> None:
    log = IssueLog(cap=5)
    for row in range(2, 100):
        log.add(ImportIssue("o.csv", row, "amount", "x", "bad"))
    log.add(ImportIssue("o.csv", 50, "sku", "x", "bad"))
    log.add(ImportIssue("p.csv", 7, "price", "x", "bad"))
    kept = [(i.file, i.row, i.column) for i in log.issues]
    assert kept == [("o.csv", 2, "amount"), ("o.csv", 3, "amount"), ("o.csv", 4, "amount"),
                    ("o.csv", 50, "sku"), ("p.csv", 7, "price")]
    assert log.total == 100


# --- a good store ------------------------------------------------------------------------------

def test_good_store_values_and_dtypes(tmp_path: Path) -> None:
    parsed = parse_store_files(*store_files(tmp_path))
    data = parsed.data
    assert parsed.encodings == dict.fromkeys(
        ("products.csv", "live_sessions.csv", "orders.csv"), "UTF-8")
    for table in TABLES:
        assert list(getattr(data, table).columns) == [c.name for c in TABLES[table]]
    products, sessions, orders = data.products, data.live_sessions, data.orders
    assert products["sku"].tolist() == ["00123", "A-2", "B7", "+86123"]
    assert products["name"][1] == "=1+1"
    assert products["price"].tolist() == [1299.0, 89.9, 459.0, 39.0]
    assert products["stock"].tolist() == [1200, 35, 1200, 30000]
    assert sessions["viewers"].tolist() == [48000, 2100, 800]
    assert sessions["anchor_type"].tolist() == ["celebrity", "owner", "staff"]
    assert sessions["featured_skus"].tolist() == ["00123;A-2", "B7;00123", ""]
    assert sessions["date"].tolist() == [pd.Timestamp("2026-04-04 20:00"),
                                         pd.Timestamp("2026-04-10"),
                                         pd.Timestamp("2026-04-12 19:30")]
    assert orders["quantity"].tolist() == [1, 2, 1, 3, 1]
    assert orders["refunded"].tolist() == [False, True, False, False, True]
    assert orders["session_id"].tolist() == ["S001", "S001", "S002", "", "S003"]
    dtypes = {**products.dtypes.astype(str), **sessions.dtypes.astype(str),
              **orders.dtypes.astype(str)}
    assert dtypes["price"] == dtypes["fee"] == dtypes["amount"] == "float64"
    assert dtypes["stock"] == dtypes["peak_viewers"] == "Int64"
    assert dtypes["viewers"] == dtypes["quantity"] == "int64"
    assert dtypes["date"] == dtypes["order_time"] == "datetime64[ns]"
    assert dtypes["refunded"] == "bool"
    assert dtypes["sku"] == dtypes["description"] == dtypes["segments"] == "str"
    assert pd.isna(sessions["fee"][1]) and sessions["peak_viewers"].isna().tolist() == [
        False, False, True]


def test_extra_columns_and_absent_optional_columns_are_notes(tmp_path: Path) -> None:
    text = "sku,name,category,price,Colour\n00123,a,b,1,red\nA-2,a,b,1,\nB7,a,b,1,\n+86123,a,b,1,\n"
    parsed = parse_store_files(*store_files(tmp_path, products=text))
    assert "products.csv: ignored unknown column(s) 'Colour'" in parsed.notes
    assert "products.csv: optional column(s) not given: cost, stock, description" in parsed.notes
    assert parsed.data.products["cost"].isna().all()
    assert str(parsed.data.products["stock"].dtype) == "Int64"


def test_chinese_twin_gives_the_same_store(tmp_path: Path) -> None:
    from tests.unit.store.store_files import GOOD_ZH

    english = load_store_files(*store_files(tmp_path / "en", GOOD))
    chinese = load_store_files(*store_files(tmp_path / "zh", GOOD_ZH))
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(english, table), getattr(chinese, table))


@pytest.mark.parametrize("name", ["shop", "my-shop_2", "辣酱旗舰店", "a" * 64, "店-1",
                                  "café-ß", "お茶_2"])
def test_valid_store_names(name: str) -> None:
    assert validate_store_name(name) == name


@pytest.mark.parametrize("name", [
    "", "a" * 65, "my shop", "../etc", "a/b", "shop!", "a.b",
    "demo-сosmetics",  # Cyrillic с among Latin letters
    "dеmo",  # Cyrillic е
    "辣酱shop",  # two scripts
    "shop\u200b",  # zero-width space
    "ΑΒΓ",  # Greek
    "shop\u202e",  # right-to-left override
])
def test_invalid_store_names(name: str) -> None:
    with pytest.raises(ValueError, match="letters of one script"):
        validate_store_name(name)


@pytest.mark.parametrize(("typed", "stored"), [("ｓｈｏｐ－１", "shop-1"), ("  shop ", "shop"),
                                               ("ｶﾌｪ", "カフェ")])
def test_store_names_are_nfkc_normalised(typed: str, stored: str) -> None:
    assert validate_store_name(typed) == stored


@pytest.mark.parametrize(("name", "existing"), [
    ("Demo-Cosmetics", "demo-cosmetics"), ("DEMO_COSMETICS", "demo-cosmetics"),
    ("dem0-cosmetics", "demo-cosmetics"), ("demo-cosmetlcs", "demo-cosmetics"),
    ("démo-cosmetics", "demo-cosmetics"),
    ("ｄｅｍｏ－ｃｏｓｍｅｔｉｃｓ".upper(), "demo-cosmetics"),
    ("rnodern-shop", "modern-shop"),
])
def test_lookalike_names_fold_together(name: str, existing: str) -> None:
    assert lookalike(validate_store_name(name), ["other", existing]) == existing


@pytest.mark.parametrize("name", ["demo-cosmetics", "demo-cosmetics-2", "chili", "辣酱旗舰店"])
def test_different_names_do_not_fold_together(name: str) -> None:
    assert lookalike(name, ["demo-cosmetics", "demo-chili-sauce", "辣酱店"]) is None
