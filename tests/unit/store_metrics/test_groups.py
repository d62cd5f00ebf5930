"""Group comparisons use totals, not averages of ratios; zero denominators give None."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from advisor.store.metrics import compute_metrics, group_metrics, ratio
from advisor.store.schema import StoreData
from tests.unit.store_metrics.conftest import ORDERS, SESSIONS, make_store

approx = pytest.approx


def test_celebrity_vs_rest_uses_group_totals(tiny_store: StoreData) -> None:
    table = compute_metrics(tiny_store).celebrity_vs_rest
    assert list(table.index) == ["celebrity", "rest"]
    rest = table.loc["rest"]
    assert rest["sessions"] == 3                         # S1, S3, S4
    assert rest["viewers"] == 3500                       # 1,000 + 500 + 2,000
    assert rest["buyers"] == 6                           # 4 + 0 + 2
    # totals: 6 / 3,500 = 0.0017143; the average of ratios (0.004 + 0 + 0.001) / 3 = 0.0016667
    assert rest["conversion"] == approx(6 / 3500)
    assert rest["conversion"] != approx((0.004 + 0.0 + 0.001) / 3)
    assert rest["gpm"] == approx(1800 / 3500 * 1000)     # GMV 1000 + 0 + 800
    assert rest["aov"] == approx(300.0)                  # 1800 / 6, not mean(250, 400) = 325
    assert rest["returning_buyer_share"] == approx(2 / 6)  # (1 + 1) / (4 + 2), not 0.375
    assert rest["new_buyer_repurchase_60d"] == approx(2 / 4)  # (2 + 0) / (3 + 1), not 1/3
    assert rest["refund_rate"] == approx(1 / 6)
    # fee only where > 0: S4's 1,000; ROI uses the GMV of sessions with a fee (S4: 800), not 1800
    assert rest["fee"] == approx(1000.0)
    assert rest["fee_roi"] == approx(0.8)
    celeb = table.loc["celebrity"]
    assert celeb["conversion"] == approx(4 / 20000)
    assert celeb["fee_roi"] == approx(950 / 5000)


def test_by_anchor_type_lists_present_types_in_canonical_order(tiny_store: StoreData) -> None:
    table = compute_metrics(tiny_store).by_anchor_type
    assert list(table.index) == ["owner", "staff", "professional", "celebrity"]
    assert table.loc["owner", "conversion"] == approx(0.004)
    assert math.isnan(table.loc["owner", "fee_roi"])     # no fee paid → no ROI
    assert math.isnan(table.loc["staff", "aov"])         # no orders → None, not a crash
    for col in ("sessions", "viewers", "gmv", "orders", "buyers", "fee", "conversion", "gpm",
                "aov", "fee_roi", "returning_buyer_share", "new_buyer_repurchase_60d",
                "refund_rate"):
        assert col in table.columns


def test_group_metrics_with_a_custom_key(tiny_store: StoreData) -> None:
    sessions = compute_metrics(tiny_store).sessions
    key = pd.Series({"S1": "on", "S2": "off", "S3": "on", "S4": None})
    table = group_metrics(sessions, key)
    assert sorted(table.index) == ["off", "on"]          # S4 has no label and is left out
    assert table.loc["on", "viewers"] == 1500
    assert table.loc["on", "conversion"] == approx(4 / 1500)
    assert table.loc["off", "gmv"] == approx(950.0)


def test_only_celebrity_row_when_no_other_sessions() -> None:
    data = make_store([SESSIONS[1]], [o for o in ORDERS if o[3] in ("S2", "")])
    assert list(compute_metrics(data).celebrity_vs_rest.index) == ["celebrity"]


def test_zero_viewers_gives_none_not_inf() -> None:
    data = make_store([("Z", "2026-03-01 20:00", "Zed", "staff", 0, 0.0, 0)],
                      [("A", "2026-03-01 20:30", 10.0, "Z", False)])
    metrics = compute_metrics(data)
    row = metrics.sessions.loc["Z"]
    for name in ("conversion", "gpm", "click_rate", "fee_roi"):
        assert math.isnan(row[name]), name
    assert row["aov"] == approx(10.0)
    assert metrics.store["conversion"] is None and metrics.store["gpm"] is None
    assert not np.isinf(metrics.sessions.select_dtypes("number").to_numpy(float)).any()


def test_empty_store_does_not_crash() -> None:
    metrics = compute_metrics(make_store([], []))
    assert metrics.sessions.empty and metrics.by_anchor_type.empty
    assert metrics.celebrity_vs_rest.empty
    store = metrics.store
    assert (store["gmv"], store["orders"], store["customers"], store["sessions"]) == (0, 0, 0, 0)
    for name in ("repurchase_rate", "live_gmv_share", "conversion", "gpm", "first_date"):
        assert store[name] is None, name


def test_orders_for_unknown_sessions_count_as_off_live(tiny_store: StoreData) -> None:
    extra = make_store(SESSIONS, [*ORDERS, ("Z", "2026-03-02 10:00", 60.0, "S9", False)])
    base = compute_metrics(tiny_store)
    metrics = compute_metrics(extra)
    assert metrics.store["gmv"] == approx(3200.0)
    assert metrics.store["live_gmv"] == approx(base.store["live_gmv"])
    pd.testing.assert_frame_equal(metrics.sessions, base.sessions)


def test_ratio_helper() -> None:
    assert ratio(1, 0) != ratio(1, 0)                   # NaN
    assert ratio(3, 4) == approx(0.75)
    assert ratio(3, 4, 1000.0) == approx(750.0)
    assert list(np.isnan(ratio(np.array([1.0, 2.0]), np.array([0.0, np.nan])))) == [True, True]
