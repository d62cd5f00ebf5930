"""Margin and margin after fee (DESIGN §5), and the store-finding paths that use them:
celebrity paid off / lost / no costs / no fee, and host types with too few sessions."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from advisor.anchor import store_rows
from advisor.models import Finding
from advisor.store.facts import select_findings
from advisor.store.metrics import compute_metrics, format_metric
from advisor.store.schema import StoreData
from tests.unit.store_metrics.conftest import ORDERS, SESSIONS, make_store

approx = pytest.approx


def with_costs(data: StoreData, cost: float | None = 40.0, fee: float | None = 5000.0,
               quantity: int = 1) -> StoreData:
    """The tiny store with a cost for P1 (None: no cost column) and S2's fee set."""
    products = data.products.copy()
    if cost is not None:
        products["cost"] = [cost, np.nan]
    sessions = data.live_sessions.copy()
    sessions.loc[sessions["session_id"] == "S2", "fee"] = np.nan if fee is None else fee
    orders = data.orders.copy()
    orders["quantity"] = quantity
    return StoreData(products, sessions, orders)


def test_margin_per_session_group_and_store(tiny_store: StoreData) -> None:
    m = compute_metrics(with_costs(tiny_store, quantity=2))
    s = m.sessions
    # S1: non-refunded A 100, B 200, D 400 (C's 300 refunded), each 2 × 40 → 700 − 240 = 460
    assert s.loc["S1", "margin"] == approx(460.0)
    assert s.loc["S1", "margin_after_fee"] == approx(460.0)        # empty fee counts as 0
    # S2: 150 + 250 + 250 + 100 + 200 = 950 − 5 × 80 = 550; fee 5,000 → −4,450
    assert s.loc["S2", "margin"] == approx(550.0)
    assert s.loc["S2", "margin_after_fee"] == approx(-4450.0)
    assert s.loc["S3", "margin"] == approx(0.0)                      # no orders
    assert s.loc["S4", "margin_after_fee"] == approx(800 - 160 - 1000)
    rest = m.celebrity_vs_rest.loc["rest"]
    assert rest["margin"] == approx(460 + 0 + 640)
    assert rest["margin_after_fee"] == approx(1100 - 1000)           # fees > 0 only
    # store: every non-refunded order (17 orders, C's S1 order refunded) − fees 6,000
    kept = sum(a for _, _, a, _, refunded in ORDERS if not refunded)
    assert m.store["margin"] == approx(kept - 16 * 80)
    assert m.store["margin_after_fee"] == approx(kept - 16 * 80 - 6000)


def test_margin_is_missing_where_a_cost_is(tiny_store: StoreData) -> None:
    m = compute_metrics(tiny_store)  # P1 has no cost
    assert m.sessions["margin"].drop("S3").isna().all()
    assert m.sessions.loc["S3", "margin"] == 0.0                     # nothing sold, nothing lost
    assert math.isnan(m.celebrity_vs_rest.loc["rest", "margin"])
    assert m.store["margin"] is None and m.store["margin_after_fee"] is None


@pytest.mark.parametrize(("value", "shown"), [(-4450.0, "-¥4,450"), (-86.4, "-¥86.40"),
                                              (-0.001, "¥0.00"), (1234.5, "¥1,234")])
def test_negative_money_puts_the_sign_first(value: float, shown: str) -> None:
    assert format_metric("margin_after_fee", value) == shown


# --- celebrity paths ----------------------------------------------------------------------

NUMBER = re.compile(r"-?¥?\d[\d,]*(?:\.\d+)?%?|\d{4}-\d{2}-\d{2}")


def assert_numbers_are_fact_displays(findings: list[Finding]) -> None:
    for finding in findings:
        shown = " ".join(f"{f.display} {f.definition}" for f in finding.facts)  # "60 days"
        for token in NUMBER.findall(finding.sentence):
            assert token in shown, f"{token!r} is not a fact of: {finding.sentence}"


def celebrity_text(data: StoreData) -> tuple[str, list[Finding]]:
    findings = select_findings(compute_metrics(data), "celebrity")
    assert_numbers_are_fact_displays(findings)
    return " ".join(f.sentence for f in findings), findings


def test_celebrity_lost_after_costs_and_fee(tiny_store: StoreData) -> None:
    text, findings = celebrity_text(with_costs(tiny_store))
    assert "lost money" in text and "-¥4,250" in text               # 950 − 5 × 40 − 5,000
    assert "paid for itself" not in text and "disagrees" not in text
    facts = {f.metric for finding in findings for f in finding.facts}
    assert {"margin", "margin_after_fee", "fee_roi"} <= facts


def test_celebrity_paid_off_after_costs_and_fee(tiny_store: StoreData) -> None:
    text, _ = celebrity_text(with_costs(tiny_store, fee=100.0))
    assert "disagrees with the general advice" in text and "earned ¥650.00" in text
    assert "lost money" not in text and "thin return" not in text


def test_celebrity_without_costs_is_judged_on_fee_return_only(tiny_store: StoreData) -> None:
    text, findings = celebrity_text(tiny_store)                       # fee 5,000, no costs
    assert "no costs, so I judge it on GMV per yuan of fee only" in text
    assert "thin return once product costs" not in text and "margin" not in text
    assert "paid for itself" not in text
    assert not {"margin", "margin_after_fee"} & {f.metric for x in findings for f in x.facts}
    high, _ = celebrity_text(with_costs(tiny_store, cost=None, fee=100.0))  # GMV 9.5 × fee
    assert "well over its fee" in high and "paid for itself" not in high


def test_celebrity_without_fee_cannot_tell(tiny_store: StoreData) -> None:
    text, findings = celebrity_text(with_costs(tiny_store, fee=None))
    assert "no fee for that session" in text and "can't tell" in text
    assert "paid for itself" not in text and "lost money" not in text
    assert not {"fee_roi", "margin_after_fee"} & {f.metric for x in findings for f in x.facts}


# --- host types with too few sessions -----------------------------------------------------

def test_host_types_with_fewer_than_three_sessions_are_not_ranked(tiny_store: StoreData) -> None:
    findings = select_findings(compute_metrics(tiny_store), "anchor")  # one session per type
    assert findings and all("too few sessions to compare" in f.sentence for f in findings)
    assert store_rows(findings) == {}
    assert_numbers_are_fact_displays(findings)


def test_a_host_type_with_three_sessions_is_compared(tiny_store: StoreData) -> None:
    extra = [("S5", "2026-04-10 20:00", "Ann", "owner", 800, np.nan, 50),
             ("S6", "2026-04-20 20:00", "Ann", "owner", 900, np.nan, 60)]
    data = make_store([*SESSIONS, *extra], ORDERS)
    findings = select_findings(compute_metrics(data), "anchor")
    rows = store_rows(findings)
    assert list(rows) == ["owner"]
    assert rows["owner"]["sessions"].value == 3
    few = [f for f in findings if not f.group]
    assert {f.sentence.split(" sessions")[0] for f in few} == {
        "Your celebrity-hosted", "Your staff-hosted", "Your professional-hosted"}
    assert findings[0].group == "owner"                               # compared groups first
    assert pd.notna(rows["owner"]["conversion"].value)
