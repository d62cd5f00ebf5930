"""format_metric: one display rule per kind of metric."""

from __future__ import annotations

import math

import numpy as np
import pytest

from advisor.store.metrics import format_metric


@pytest.mark.parametrize(("metric", "value", "shown"), [
    ("conversion", 0.021, "2.1%"),
    ("conversion", 0.0034, "0.3%"),
    ("refund_rate", 0.0, "0.0%"),
    ("returning_buyer_share", 0.12345, "12.3%"),
    ("new_buyer_repurchase_60d", 1.0, "100.0%"),
    ("repurchase_rate", 0.5, "50.0%"),
    ("live_gmv_share", 0.4216, "42.2%"),
    ("click_rate", 0.15, "15.0%"),
    ("gmv", 12345.4, "¥12,345"),
    ("gmv", 1000.0, "¥1,000"),
    ("net_gmv", 999.5, "¥999.50"),
    ("aov", 86.4, "¥86.40"),
    ("aov", 999.996, "¥1,000"),
    ("fee", 180000.0, "¥180,000"),
    ("gpm", 1234.5, "¥1,234"),
    ("gpm", 47.5, "¥47.50"),
    ("viewers", 48000, "48,000"),
    ("orders", 100512, "100,512"),
    ("buyers", np.int64(7), "7"),
    ("sessions", 3.0, "3"),
    ("fee_roi", 1.3678, "1.37"),
    ("fee_roi", 4.0, "4.00"),
    ("conversion", None, "n/a"),
    ("fee_roi", math.nan, "n/a"),
    ("gmv", np.float64("nan"), "n/a"),
    ("first_date", "2026-01-05", "2026-01-05"),
    ("duration_min", 90.0, "90"),
    ("something_else", 2.345, "2.35"),
])
def test_format_metric(metric: str, value: object, shown: str) -> None:
    assert format_metric(metric, value) == shown


def test_currency_is_a_parameter() -> None:
    assert format_metric("gmv", 12345.0, currency="$") == "$12,345"
    assert format_metric("aov", 5.0, currency="€") == "€5.00"
