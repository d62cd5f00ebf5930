"""The Store page and the chat's store selector.

Below the UI (fast): checking, previewing and importing `(file name, bytes)` uploads with
ui/store_view.py, on real CSV/XLSX bytes. Through AppTest (integration: the dashboard's
metrics come from the real advisor): the page with the demo stores installed, uploads, delete,
and a chat answer that uses a store's numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from advisor import Settings
from advisor.store.db import StoreConflict, StoreDB
from advisor.store.demo import DEMO_STORES, generate_demo_store
from advisor.store.export import write_table_xlsx
from advisor.store.metrics import METRIC_DEFINITIONS, compute_metrics, format_metric
from advisor.store.reader import ImportLimits, StoreImportError
from advisor.store.schema import TABLES
from ui import conversation
from ui import store_view as sv

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
STORE_PAGE = "ui/pages/store.py"
CELEBRITY_Q = "Was our celebrity session worth it?"
LIMITS = ImportLimits()

PRODUCTS = b"sku,name,category,price\nP1,Mattress,Bedding,1000\nP2,Lamp,Lighting,200\n"
SESSIONS = (b"session_id,date,duration_min,anchor,anchor_type,viewers,fee\n"
            b"S1,2026-03-01 20:00,120,Zhang,owner,1000,\n"
            b"S2,2026-03-05 20:00,90,Star,celebrity,50000,20000\n")
ORDERS = (b"order_id,customer_id,order_time,sku,quantity,amount,session_id,refunded\n"
          b"O1,C1,2026-02-01 10:00,P2,1,200,,false\n"
          b"O2,C1,2026-03-01 20:30,P1,1,1000,S1,false\n"
          b"O3,C2,2026-03-05 20:10,P1,1,900,S2,true\n")
NEGATIVE_ORDERS = ORDERS.replace(b",900,", b",-900,")  # O3 is spreadsheet row 4


def uploads(orders: bytes = ORDERS, name: str = "orders.csv") -> dict[str, sv.Upload]:
    return {"products": ("products.csv", PRODUCTS),
            "live_sessions": ("live_sessions.csv", SESSIONS), "orders": (name, orders)}


@pytest.fixture()
def db(tmp_path: Path) -> StoreDB:
    return StoreDB(tmp_path / "stores.sqlite")


# --- below the UI: check, preview, import ------------------------------------------------

def test_valid_files_give_a_preview_and_write_nothing(db: StoreDB) -> None:
    result = sv.check_uploads(uploads(), LIMITS)
    assert result.ok and result.total == 0 and result.issues.empty
    assert result.rows == {"products": 2, "live_sessions": 2, "orders": 3}
    assert result.files["orders"] == "orders.csv"
    assert result.encodings == {"products.csv": "UTF-8", "live_sessions.csv": "UTF-8",
                                "orders.csv": "UTF-8"}
    assert list(result.previews["orders"]["order_id"]) == ["O1", "O2", "O3"]
    assert any("optional column(s) not given" in n for n in result.notes)
    assert db.names() == []


def test_negative_amount_is_listed_by_file_row_and_column() -> None:
    result = sv.check_uploads(uploads(NEGATIVE_ORDERS), LIMITS)
    assert not result.ok and result.total == 1 and result.more == 0
    assert list(result.issues.columns) == ["file", "row", "column", "value", "problem"]
    row = result.issues.iloc[0].to_dict()
    assert row["file"] == "orders.csv" and row["row"] == 4 and row["column"] == "amount"
    assert row["value"] == "-900" and "0" in row["problem"]
    assert not result.previews


def test_out_of_range_dates_and_huge_amounts_are_row_problems_not_a_crash() -> None:
    """9999-12-31 crashed pandas inside "Check files" (a traceback on the page)."""
    orders = (ORDERS.replace(b"2026-02-01 10:00", b"9999-12-31 10:00")
              .replace(b"2026-03-01 20:30", b"1000-01-01 20:30").replace(b",900,", b",1e308,"))
    result = sv.check_uploads(uploads(orders), LIMITS)
    assert result.issues[["file", "row", "column", "value"]].values.tolist() == [
        ["orders.csv", 2, "order_time", "9999-12-31 10:00"],
        ["orders.csv", 3, "order_time", "1000-01-01 20:30"],
        ["orders.csv", 4, "amount", "1e308"]]
    assert "2000-01-01 to 2100-12-31" in result.issues["problem"][0]
    assert "must be ≤ 1,000,000,000" in result.issues["problem"][2]


def test_bad_upload_leaves_the_stored_store_unchanged(db: StoreDB) -> None:
    sv.import_uploads(db, "shop", uploads(), LIMITS)
    version, before = db.version("shop"), db.load("shop")
    with pytest.raises(StoreImportError) as caught:
        sv.import_uploads(db, "shop", uploads(NEGATIVE_ORDERS), LIMITS)
    issues = sv.issues_frame(caught.value.issues)
    assert issues[["file", "row", "column"]].values.tolist() == [["orders.csv", 4, "amount"]]
    assert db.version("shop") == version
    after = db.load("shop")
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(after, table), getattr(before, table))


def test_import_writes_the_store_and_summarises(db: StoreDB) -> None:
    summary = sv.import_uploads(db, "shop", uploads(), LIMITS)
    assert summary.counts == {"products": 2, "live_sessions": 2, "orders": 3}
    assert db.names() == ["shop"] and len(db.load("shop").orders) == 3


def test_bad_store_name_writes_nothing(db: StoreDB) -> None:
    assert "not valid" in (sv.name_problem(db, "my shop") or "")
    assert sv.name_problem(db, "my-shop_2") is None
    with pytest.raises(ValueError, match="not valid"):
        sv.import_uploads(db, "my shop", uploads(), LIMITS)
    assert db.names() == []


def test_lookalike_and_demo_names_are_refused_before_anything_is_written(db: StoreDB) -> None:
    sv.import_uploads(db, "demo-cosmetics", uploads(), LIMITS)
    before = db.version("demo-cosmetics")
    assert "one script" in (sv.name_problem(db, "demo-\u0441osmetics") or "")  # Cyrillic с
    assert "looks the same" in (sv.name_problem(db, "Demo-Cosmetics") or "")
    assert sv.name_problem(db, "demo-cosmetics") is None  # re-importing one's own store
    with pytest.raises(StoreConflict, match="looks the same as the existing store"):
        sv.import_uploads(db, "DEMO_COSMETICS", uploads(), LIMITS)
    assert db.names() == ["demo-cosmetics"] and db.version("demo-cosmetics") == before
    db.replace_store("demo-chili-sauce", generate_demo_store("demo-chili-sauce"), "demo")
    assert "demo store and read-only" in (sv.name_problem(db, "demo-chili-sauce") or "")


def test_the_sessions_download_escapes_formula_cells() -> None:
    data = generate_demo_store("demo-home-furnishing")
    sessions = data.live_sessions.copy()
    sessions.loc[0, "segments"] = "=HYPERLINK(\"http://x.test\",\"y\");unboxing"
    renamed = sessions.loc[1, "session_id"]
    sessions.loc[1, "session_id"] = "@SUM(1+1)"
    orders = data.orders.assign(
        session_id=data.orders["session_id"].replace(renamed, "@SUM(1+1)"))
    metrics = compute_metrics(type(data)(data.products, sessions, orders))
    text = sv.session_csv(sv.session_table(metrics)).decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://x.test"",""y"");unboxing"' in text
    assert "'@SUM(1+1)" in text
    assert not [line for line in text.splitlines() if line[:1] in ("=", "+", "-", "@")]


def test_files_with_one_name_are_told_apart() -> None:
    same = {t: ("export.csv", content) for t, content in
            (("products", PRODUCTS), ("live_sessions", SESSIONS), ("orders", NEGATIVE_ORDERS))}
    result = sv.check_uploads(same, LIMITS)
    assert result.issues["file"].tolist() == ["orders-export.csv"]


def test_xlsx_and_gb18030_chinese_headers_are_read(tmp_path: Path) -> None:
    data = generate_demo_store("demo-home-furnishing")
    xlsx = write_table_xlsx(data.products, tmp_path / "p.xlsx", "products")
    chinese = {t: (f"{t}.csv", sv.template_csv(t, chinese=True)) for t in TABLES}
    assert chinese["orders"][1].decode("utf-8-sig").split(",")[0] == "订单号"
    files = {"products": ("p.xlsx", xlsx.read_bytes()),
             "live_sessions": ("s.csv", sv.sample_csv("live_sessions").decode()
                               .encode("gb18030")),
             "orders": ("o.csv", sv.sample_csv("orders"))}
    result = sv.check_uploads(files, LIMITS)
    assert result.ok, result.issues
    assert result.encodings["p.xlsx"] == "XLSX" and result.encodings["o.csv"] == "UTF-8"
    assert result.rows["orders"] == len(data.orders)


def test_many_problems_are_capped_with_a_count() -> None:
    rows = "".join(f"X{i},C1,2026-02-01 10:00,P1,1,-{i + 1},,false\n" for i in range(120))
    orders = (ORDERS.decode().splitlines()[0] + "\n" + rows).encode()
    result = sv.check_uploads(uploads(orders), LIMITS)
    assert result.total == 120 and 0 < len(result.issues) < 120
    assert result.more == 120 - len(result.issues)


def test_templates_have_the_schema_headers() -> None:
    for table, columns in TABLES.items():
        assert sv.template_csv(table).decode().strip().split(",") == [c.name for c in columns]
    reference = sv.columns_reference()
    assert len(reference) == sum(len(c) for c in TABLES.values())


def test_headline_tiles_are_the_formatted_metrics() -> None:
    metrics = compute_metrics(generate_demo_store("demo-home-furnishing"))
    tiles = {t.metric: t for t in sv.headline_tiles(metrics)}
    for metric in ("gmv", "live_gmv", "conversion", "gpm", "repurchase_rate", "refund_rate"):
        assert tiles[metric].display == format_metric(metric, metrics.store[metric], "¥")
        assert METRIC_DEFINITIONS[metric] in tiles[metric].help
    share = metrics.sessions["returning_buyers"].sum() / metrics.sessions["buyers"].sum()
    assert tiles["returning_buyer_share"].display == format_metric("returning_buyer_share",
                                                                    share)
    table = sv.session_table(metrics)
    assert len(table) == len(metrics.sessions)
    assert table["conversion"].tolist() == pytest.approx(
        (metrics.sessions["conversion"] * 100).tolist())


# --- through the app (real advisor) ------------------------------------------------------

def _install_demo(data_dir: Path) -> StoreDB:
    db = StoreDB.from_settings(Settings(data_dir=data_dir))
    for name in DEMO_STORES:
        db.replace_store(name, generate_demo_store(name), source="test fixture")
    return db


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the demo stores, shared by the read-only app tests."""
    data_dir = tmp_path_factory.mktemp("demo-stores")
    _install_demo(data_dir)
    return data_dir


@pytest.fixture()
def demo_env(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(demo_dir))
    return demo_dir


def _store_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.switch_page(STORE_PAGE).run()
    assert not at.exception, at.exception
    return at


def _markdown(element) -> str:
    return "\n".join(m.value for m in element.markdown)


@pytest.mark.integration
@pytest.mark.usefixtures("app_env")
def test_store_page_lists_the_demo_stores_and_their_dashboard(demo_env: Path) -> None:
    at = _store_page()
    assert at.title[0].value == "Store"
    assert [t.label for t in at.tabs] == ["Dashboard", "Your stores", "Import a store"]
    listed = next(d.value for d in at.dataframe if "store" in d.value.columns)
    assert sorted(listed["store"]) == sorted(DEMO_STORES)

    at.selectbox(key="store_dashboard__widget").select("demo-home-furnishing").run()
    assert not at.exception
    db = StoreDB.from_settings(Settings(data_dir=demo_env))
    metrics = compute_metrics(db.load("demo-home-furnishing"))
    tiles = {m.label: m for m in at.metric}
    for metric, label in (("gmv", "GMV (all orders)"), ("conversion", "Conversion"),
                          ("gpm", "GPM"), ("viewers", "Viewers"),
                          ("refund_rate", "Refund rate")):
        assert tiles[label].value == format_metric(metric, metrics.store[metric],
                                                   metrics.currency)
        assert METRIC_DEFINITIONS[metric] in tiles[label].proto.help
    sessions = next(d.value for d in at.dataframe if "session_id" in d.value.columns)
    assert len(sessions) == len(metrics.sessions)
    assert "celebrity" in "\n".join(s.value for s in at.subheader).lower()


@pytest.mark.integration
@pytest.mark.usefixtures("app_env")
def test_upload_through_the_page_checks_then_imports(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    at = _store_page()
    at.text_input(key="store_import_name").input("my-shop")
    for uploader, (filename, content) in zip(at.file_uploader, uploads(NEGATIVE_ORDERS).values(),
                                             strict=True):
        uploader.set_value((filename, content, "text/csv"))
    at.run()
    next(b for b in at.button if b.label == "Check files").click().run()
    assert not at.exception
    errors = next(d.value for d in at.dataframe if "problem" in d.value.columns)
    assert errors[["file", "row", "column"]].values.tolist() == [["orders.csv", 4, "amount"]]
    assert not [b for b in at.button if b.label == "Confirm import"]

    at.file_uploader[2].set_value(("orders.csv", ORDERS, "text/csv"))
    at.run()
    next(b for b in at.button if b.label == "Check files").click().run()
    assert any("files are valid" in s.value for s in at.success)
    assert StoreDB.from_settings(Settings(data_dir=tmp_path / "data")).names() == []
    next(b for b in at.button if b.label == "Confirm import").click().run()
    assert not at.exception
    assert any("Imported store my-shop" in s.value for s in at.success)
    assert StoreDB.from_settings(Settings(data_dir=tmp_path / "data")).names() == ["my-shop"]


@pytest.mark.integration
@pytest.mark.usefixtures("app_env")
def test_install_demo_then_delete_with_confirmation(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    at = _store_page()
    assert any("No stores yet" in i.value for i in at.info)
    next(b for b in at.button if b.label == "Install demo stores").click().run()
    assert not at.exception
    db = StoreDB.from_settings(Settings(data_dir=tmp_path / "data"))
    assert sorted(db.names()) == sorted(DEMO_STORES)

    at.selectbox(key="store_delete_choice").select("demo-cosmetics").run()
    next(b for b in at.button if b.label == "Delete…").click().run()
    assert any("demo-cosmetics" in w.value for w in at.warning)
    assert "demo-cosmetics" in db.names()  # nothing deleted before the confirmation
    next(b for b in at.button if b.label == "Yes, delete it").click().run()
    assert not at.exception
    assert "demo-cosmetics" not in db.names() and len(db.names()) == len(DEMO_STORES) - 1


@pytest.mark.integration
@pytest.mark.usefixtures("app_env")
def test_chat_answers_with_the_selected_stores_numbers(demo_env: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    selector = at.sidebar.selectbox[0]
    assert selector.label == "Store data"
    assert selector.options == ["None — general advice", *sorted(DEMO_STORES)]
    selector.select("demo-home-furnishing").run()
    assert any("demo-home-furnishing" in c.value for c in at.sidebar.caption)

    at.chat_input[0].set_value(CELEBRITY_Q).run()
    assert not at.exception
    answer = at.session_state["chat_messages"][-1]["answer"]
    assert answer.store == "demo-home-furnishing" and answer.facts
    message = [m for m in at.chat_message if m.name == "assistant"][-1]
    text = _markdown(message)
    assert "Your numbers" in text
    assert any(f.display in text for f in answer.facts)
    assert any("store data: demo-home-furnishing" in c.value for c in message.caption)

    # The choice is kept per session, across page switches.
    at.switch_page(STORE_PAGE).run()
    at.switch_page("ui/pages/chat.py").run()
    assert at.sidebar.selectbox[0].value == "demo-home-furnishing"


@pytest.mark.integration
@pytest.mark.usefixtures("app_env")
def test_chat_without_stores_points_to_the_store_page() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    selector = at.sidebar.selectbox[0]
    assert selector.value == "" and selector.format_func("") == "None — general advice"
    assert any("Store page" in c.value for c in at.sidebar.caption)
    at.chat_input[0].set_value("Should I invite a celebrity to host my live stream?").run()
    answer = at.session_state["chat_messages"][-1]["answer"]
    assert answer.store is None and not answer.facts
    assert any("no store data" in c.value for c in at.chat_message[-1].caption)


@pytest.mark.integration
@pytest.mark.usefixtures("app_env")
def test_a_store_deleted_mid_chat_gets_the_specific_message(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Another session deletes the store between the sidebar's list and the answer. (In the
    session's data dir, so the cached advisor is reused; the store is gone afterwards.)"""
    db = StoreDB.from_settings(Settings.from_env())
    sv.import_uploads(db, "gone-shop", uploads(), LIMITS)
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.sidebar.selectbox[0].select("gone-shop").run()
    real_ask = conversation.ask

    def ask_after_a_delete(*args: Any, **kwargs: Any) -> Any:
        db.delete("gone-shop")
        return real_ask(*args, **kwargs)

    monkeypatch.setattr(conversation, "ask", ask_after_a_delete)
    try:
        at.chat_input[0].set_value(CELEBRITY_Q).run()
    finally:
        db.delete("gone-shop")  # never left behind for the other tests of the session
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("The store gone-shop no longer exists" in e for e in errors), errors
    assert not any("something went wrong" in e for e in errors)
