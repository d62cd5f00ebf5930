"""The four demo stores (one in Chinese): deterministic, sound, every story holds on metrics."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from advisor.store import demo
from advisor.store.demo import DEMO_STORES, demo_store_names, generate_demo_store
from advisor.store.demo_stories import demo_stories, off_topic_heavy, off_topic_share
from advisor.store.metrics import StoreMetrics, compute_metrics, format_metric
from advisor.store.names import lookalike, normalize_store_name
from advisor.store.schema import ANCHOR_TYPES, StoreData

NAMES = ["demo-home-furnishing", "demo-chili-sauce", "demo-cosmetics", "演示-茶叶店"]
PAID_OFF = "demo-cosmetics"   # the one store whose celebrity session genuinely paid off
CHINESE = "演示-茶叶店"        # the store whose data is Chinese (issue 9)


@pytest.fixture(scope="module")
def stores() -> dict[str, tuple[StoreData, StoreMetrics]]:
    out = {}
    for name in NAMES:
        data = generate_demo_store(name)
        out[name] = (data, compute_metrics(data))
    return out


@pytest.fixture(params=NAMES)
def store(request: pytest.FixtureRequest,
          stores: dict[str, tuple[StoreData, StoreMetrics]]) -> tuple[str, StoreData,
                                                                     StoreMetrics]:
    return (request.param, *stores[request.param])


def test_names_and_descriptions() -> None:
    assert demo_store_names() == NAMES
    assert list(DEMO_STORES) == NAMES
    assert all(len(text) > 40 and "\n" not in text for text in DEMO_STORES.values())
    with pytest.raises(KeyError, match="unknown demo store"):
        generate_demo_store("demo-nothing")


def test_names_pass_the_store_name_rule_and_never_fold_together() -> None:
    assert [normalize_store_name(n) for n in NAMES] == NAMES   # 演示-茶叶店: one script (CJK)
    assert all(lookalike(n, NAMES) is None for n in NAMES)


def test_the_chinese_store_is_chinese_and_small(
        stores: dict[str, tuple[StoreData, StoreMetrics]]) -> None:
    data, metrics = stores[CHINESE]
    han = r"[\u4e00-\u9fff]"
    assert data.products["name"].str.contains(han).all()
    assert data.live_sessions["anchor"].str.contains(han).all()
    items = [i for cell in data.live_sessions["segments"] for i in cell.split(";")]
    assert all(re.search(han, i) for i in items)
    assert {"抽奖送龙井试饮装", "抽奖送苹果手机"} <= set(items)   # a draw of our tea, a phone draw
    assert len(data.orders) <= 20_000 and data.products["cost"].notna().all()
    table = metrics.by_anchor_type        # the teaching case: the owner beats the paid pro
    assert table.loc["owner", "conversion"] > 1.4 * table.loc["professional", "conversion"]


@pytest.mark.parametrize("name", NAMES)
def test_generation_is_deterministic(name: str,
                                     stores: dict[str, tuple[StoreData, StoreMetrics]]) -> None:
    again = generate_demo_store(name)
    first = stores[name][0]
    for table in ("products", "live_sessions", "orders"):
        pd.testing.assert_frame_equal(getattr(first, table), getattr(again, table))
    assert again.currency == "¥"


def test_chili_sauce_is_the_big_store(stores: dict[str, tuple[StoreData, StoreMetrics]]) -> None:
    data, metrics = stores["demo-chili-sauce"]
    assert len(data.orders) >= 100_000
    assert (data.orders["session_id"] == "").mean() > 0.5     # mostly off-live orders
    assert metrics.store["repurchase_rate"] > 0.5              # many repeat buyers


def test_referential_integrity_and_ids(store: tuple[str, StoreData, StoreMetrics]) -> None:
    _, data, _ = store
    products, sessions, orders = data.products, data.live_sessions, data.orders
    skus = set(products["sku"])
    assert products["sku"].is_unique and sessions["session_id"].is_unique
    assert orders["order_id"].is_unique
    assert set(orders["sku"]) <= skus
    live = orders.loc[orders["session_id"] != "", "session_id"]
    assert set(live) <= set(sessions["session_id"])
    assert (orders["session_id"] == "").any()                  # off-live orders exist
    featured = {s for items in sessions["featured_skus"] for s in items.split(";")}
    assert featured <= skus
    for sid, items in zip(sessions["session_id"], sessions["featured_skus"], strict=True):
        sold = set(orders.loc[orders["session_id"] == sid, "sku"])
        assert sold <= set(items.split(";")), sid
    assert orders["customer_id"].str.fullmatch(r"C\d{6}").all()
    assert orders["customer_id"].str.startswith("C0").any()     # leading zeros on purpose
    assert set(sessions["anchor_type"]) <= set(ANCHOR_TYPES)


def test_contract_dtypes_and_quoting_cases(store: tuple[str, StoreData, StoreMetrics]) -> None:
    _, data, _ = store
    assert str(data.live_sessions["date"].dtype) == "datetime64[ns]"
    assert str(data.orders["order_time"].dtype) == "datetime64[ns]"
    assert data.orders["refunded"].dtype == bool
    assert str(data.orders["quantity"].dtype) == "int64"
    assert str(data.live_sessions["viewers"].dtype) == "int64"
    assert data.products["name"].str.contains(",").any()                      # CSV quoting
    assert data.products["category"].str.contains(r"[\u4e00-\u9fff]").any()   # non-ASCII
    times = pd.concat([data.orders["order_time"], data.live_sessions["date"]])
    assert times.dt.year.eq(2026).all()
    assert 0.03 <= data.orders["refunded"].mean() <= 0.08


def _celebrity(metrics: StoreMetrics) -> pd.Series:
    sessions = metrics.sessions
    celeb = sessions[sessions["anchor_type"] == "celebrity"]
    assert len(celeb) == 1
    return celeb.iloc[0]


def test_celebrity_story(store: tuple[str, StoreData, StoreMetrics]) -> None:
    name, _, metrics = store
    celeb, rest = _celebrity(metrics), metrics.celebrity_vs_rest.loc["rest"]
    others = metrics.sessions[metrics.sessions["anchor_type"] != "celebrity"]
    owner = metrics.by_anchor_type.loc["owner"]
    assert 40_000 <= celeb["viewers"] <= 60_000
    assert celeb["viewers"] > 8 * others["viewers"].median()
    assert celeb["conversion"] < 0.5 * owner["conversion"]               # a wide margin
    assert celeb["returning_buyer_share"] < rest["returning_buyer_share"] - 0.15
    if name == PAID_OFF:
        assert celeb["fee_roi"] >= 4
        assert celeb["new_buyer_repurchase_60d"] >= 0.8 * rest["new_buyer_repurchase_60d"]
    else:
        assert celeb["conversion"] <= 0.004
        assert 1.0 <= celeb["fee_roi"] <= 2.0
        assert celeb["new_buyer_repurchase_60d"] < 0.5 * rest["new_buyer_repurchase_60d"]


def test_owner_converts_best_but_streams_rarely(store: tuple[str, StoreData, StoreMetrics]) -> None:
    _, _, metrics = store
    table = metrics.by_anchor_type
    others = table.drop(index="owner")
    assert table.loc["owner", "conversion"] > others["conversion"].max()
    assert table.loc["owner", "returning_buyer_share"] > others["returning_buyer_share"].max()
    regular = others.drop(index="celebrity")   # the celebrity is a one-off by design
    assert table.loc["owner", "sessions"] < regular["sessions"].min()


def test_professional_is_steady_but_costly(store: tuple[str, StoreData, StoreMetrics]) -> None:
    _, _, metrics = store
    sessions = metrics.sessions
    pro = sessions[sessions["anchor_type"] == "professional"]
    assert len(pro) >= 5 and (pro["fee"] > 0).all()
    counts = sessions["anchor_type"].value_counts()
    spread = sessions.groupby("anchor_type")["conversion"].std()
    eligible = spread[counts[counts >= 5].index]
    assert eligible.idxmin() == "professional"
    assert eligible.drop(index="professional").min() > 2 * eligible["professional"]
    table = metrics.by_anchor_type
    assert table.loc["professional", "gpm"] < table.loc["owner", "gpm"]
    assert table.loc["professional", "fee_roi"] < 3


def test_off_topic_heavy_sessions_draw_traffic_not_orders(
        store: tuple[str, StoreData, StoreMetrics]) -> None:
    _, _, metrics = store
    sessions = metrics.sessions
    heavy = off_topic_heavy(sessions)
    assert heavy.sum() >= 2
    assert (sessions.loc[heavy, "anchor_type"].isin(["staff", "influencer"])).all()
    assert (sessions.loc[heavy, "viewers"] > sessions["viewers"].median()).all()
    assert (sessions.loc[heavy, "conversion"] < sessions["conversion"].median()).all()
    shares = sessions["segments"].map(off_topic_share)
    assert ((shares > 0) & (shares <= 0.5)).any()     # some on-topic shows with one aside


def test_off_topic_share() -> None:
    assert off_topic_share("chili oil tasting;Dance challenge;karaoke") == pytest.approx(2 / 3)
    assert off_topic_share("") == 0.0


def test_demo_stories_are_computed_from_the_metrics(
        store: tuple[str, StoreData, StoreMetrics]) -> None:
    name, _, metrics = store
    lines = demo_stories(name)
    assert len(lines) >= 5 and all(isinstance(line, str) for line in lines)
    celeb = _celebrity(metrics)
    first = lines[0]
    assert first.startswith(f"celebrity session {celeb['date']:%Y-%m-%d} ({celeb.name}")
    for metric in ("viewers", "conversion", "fee", "fee_roi"):
        assert format_metric(metric, celeb[metric]) in first, metric
    assert ("it paid off" in first) == (name == PAID_OFF)
    assert any(line.startswith("owner") and "is the best" in line for line in lines)
    assert any(line.startswith("off-topic-heavy sessions") for line in lines)
    assert f"{len(metrics.sessions)} live sessions" in lines[-1]


def test_demo_stories_export_is_lazy_and_complete() -> None:
    stories = demo.DEMO_STORIES
    assert list(stories) == NAMES
    assert all(stories[name] == list(demo_stories(name)) for name in NAMES)
    with pytest.raises(AttributeError):
        _ = demo.NOT_THERE
    assert re.search(r"\d", " ".join(stories["demo-chili-sauce"]))
