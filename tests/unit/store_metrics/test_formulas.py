"""Each DESIGN §5 formula pinned on the tiny store of conftest.py, computed by hand below."""

from __future__ import annotations

import math

import pytest

from advisor.store.metrics import METRIC_DEFINITIONS, StoreMetrics, compute_metrics
from advisor.store.schema import StoreData

approx = pytest.approx


@pytest.fixture
def metrics(tiny_store: StoreData) -> StoreMetrics:
    return compute_metrics(tiny_store)


def _row(metrics: StoreMetrics, session_id: str) -> dict:
    return metrics.sessions.loc[session_id].to_dict()


def test_owner_session_s1(metrics: StoreMetrics) -> None:
    s1 = _row(metrics, "S1")
    assert s1["gmv"] == approx(1000.0)          # 100 + 200 + 300 (refunded, still GMV) + 400
    assert s1["net_gmv"] == approx(700.0)       # 1000 - 300 refunded
    assert s1["orders"] == 4
    assert s1["buyers"] == 4                    # A, B, C, D
    assert s1["conversion"] == approx(0.004)    # 4 / 1,000
    assert s1["gpm"] == approx(1000.0)          # 1000 / 1,000 × 1000
    assert s1["aov"] == approx(250.0)           # 1000 / 4
    assert s1["returning_buyers"] == 1          # only A ordered before 03-01 (on 02-01)
    assert s1["returning_buyer_share"] == approx(0.25)  # 1 / 4
    assert s1["first_time_buyers"] == 3         # B, C, D
    # B reorders on day 30 (03-31) and D on day 60 (04-30 23:00): counted;
    # C reorders on day 61 (05-01): not counted → 2 / 3
    assert s1["repurchasing_new_buyers"] == 2
    assert s1["new_buyer_repurchase_60d"] == approx(2 / 3)
    assert s1["refund_rate"] == approx(0.25)    # 1 refunded of 4 orders
    assert math.isnan(s1["fee_roi"])            # no fee given
    assert s1["click_rate"] == approx(0.15)     # 150 / 1,000


def test_celebrity_session_s2(metrics: StoreMetrics) -> None:
    s2 = _row(metrics, "S2")
    assert s2["gmv"] == approx(950.0)           # A 150 + E 250 + E 250 + F 100 + B 200
    assert s2["net_gmv"] == approx(950.0)
    assert s2["orders"] == 5
    assert s2["buyers"] == 4                    # A, E, F, B (E twice counts once)
    assert s2["conversion"] == approx(0.0002)   # 4 / 20,000
    assert s2["gpm"] == approx(47.5)            # 950 / 20,000 × 1000
    assert s2["aov"] == approx(190.0)           # 950 / 5
    assert s2["returning_buyers"] == 2          # A (02-01) and B (first order 03-01)
    assert s2["returning_buyer_share"] == approx(0.5)
    # E and F are first-time; E's second order in the same session (20:40, after E's first
    # at 20:10) is an order again under the documented reading, F never orders again → 1 / 2
    assert s2["first_time_buyers"] == 2
    assert s2["new_buyer_repurchase_60d"] == approx(0.5)
    assert s2["refund_rate"] == approx(0.0)
    assert s2["fee_roi"] == approx(0.19)        # 950 / 5,000
    assert s2["click_rate"] == approx(0.05)     # 1,000 / 20,000


def test_session_without_orders_gives_zero_or_none(metrics: StoreMetrics) -> None:
    s3 = _row(metrics, "S3")
    assert (s3["gmv"], s3["net_gmv"], s3["orders"], s3["buyers"]) == (0.0, 0.0, 0, 0)
    assert s3["conversion"] == approx(0.0)      # 0 buyers / 500 viewers
    assert s3["gpm"] == approx(0.0)
    for name in ("aov", "returning_buyer_share", "new_buyer_repurchase_60d", "refund_rate",
                 "fee_roi", "click_rate"):       # 0 orders / 0 buyers / fee 0 / no clicks
        assert math.isnan(s3[name]), name


def test_professional_session_s4_day_boundaries(metrics: StoreMetrics) -> None:
    s4 = _row(metrics, "S4")
    assert s4["gmv"] == approx(800.0)           # G 300 + H 500
    assert s4["conversion"] == approx(0.001)    # 2 / 2,000
    assert s4["aov"] == approx(400.0)
    # H ordered 03-31 23:59, before S4's day → returning. G ordered 04-01 10:00, the same day
    # as S4 → not before the session day, so G is first-time; that earlier order is not a
    # repurchase either (it precedes G's order in S4) → 0 / 1
    assert s4["returning_buyers"] == 1
    assert s4["returning_buyer_share"] == approx(0.5)
    assert s4["first_time_buyers"] == 1
    assert s4["new_buyer_repurchase_60d"] == approx(0.0)
    assert s4["fee_roi"] == approx(0.8)         # 800 / 1,000


def test_sessions_frame_shape(metrics: StoreMetrics) -> None:
    assert list(metrics.sessions.index) == ["S1", "S2", "S3", "S4"]
    assert metrics.sessions.index.name == "session_id"
    for col in ("date", "anchor", "anchor_type", "viewers", "duration_min", "fee",
                "product_clicks", "segments", "featured_skus", "gmv", "net_gmv", "orders",
                "buyers", "conversion", "gpm", "aov", "returning_buyer_share",
                "new_buyer_repurchase_60d", "refund_rate", "fee_roi", "click_rate",
                "returning_buyers", "first_time_buyers", "repurchasing_new_buyers"):
        assert col in metrics.sessions.columns, col


def test_store_level_totals(metrics: StoreMetrics) -> None:
    store = metrics.store
    # live: S1 1000 + S2 950 + S4 800 = 2750 over 11 orders; off-live 50+80+90+70+60+40 = 390
    assert store["gmv"] == approx(3140.0)
    assert store["net_gmv"] == approx(2840.0)   # minus C's refunded 300
    assert store["orders"] == 17
    assert store["customers"] == 8              # A..H
    assert store["sessions"] == 4
    # orders per customer: A3 B3 C2 D2 E2 F1 G2 H2 → 7 of 8 have 2+
    assert store["repurchase_rate"] == approx(7 / 8)
    assert store["live_gmv_share"] == approx(2750 / 3140)
    assert store["conversion"] == approx(10 / 23500)  # buyers 4+4+0+2 / viewers 23,500
    assert store["gpm"] == approx(2750 / 23500 * 1000)
    assert store["refund_rate"] == approx(1 / 17)
    assert (store["first_date"], store["last_date"]) == ("2026-02-01", "2026-05-01")


def test_every_metric_has_a_one_sentence_definition() -> None:
    needed = {"gmv", "net_gmv", "orders", "buyers", "conversion", "gpm", "aov",
              "returning_buyer_share", "new_buyer_repurchase_60d", "refund_rate", "fee_roi",
              "click_rate", "viewers", "sessions", "customers", "repurchase_rate",
              "live_gmv_share"}
    assert needed <= set(METRIC_DEFINITIONS)
    for name, text in METRIC_DEFINITIONS.items():
        assert text.endswith(".") and text.count(". ") == 0, name
    assert "60th calendar day" in METRIC_DEFINITIONS["new_buyer_repurchase_60d"]
