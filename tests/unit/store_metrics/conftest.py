"""A tiny hand-built store whose every metric is computed by hand in test_formulas.py.

Sessions (2026):
  S1 03-01 20:00 owner        viewers 1,000  no fee     clicks 150
  S2 03-10 20:00 celebrity    viewers 20,000 fee 5,000  clicks 1,000
  S3 03-20 19:00 staff        viewers 500    fee 0      clicks missing   (no orders)
  S4 04-01 20:00 professional viewers 2,000  fee 1,000  clicks 300
Customers: A returning (ordered 02-01); B new in S1, reorders on day 30; C new in S1 (refunded),
reorders on day 61; D new in S1, reorders on day 60 (last counted day); E new in S2 with two
orders in S2; F new in S2, never again; G ordered off-live on S4's day before S4 (so still
first-time), H ordered off-live at 23:59 the day before S4 (returning).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from advisor.store.schema import StoreData

SESSIONS = [
    # session_id, date, anchor, anchor_type, viewers, fee, product_clicks
    ("S1", "2026-03-01 20:00", "Ann", "owner", 1000, np.nan, 150),
    ("S2", "2026-03-10 20:00", "Star", "celebrity", 20000, 5000.0, 1000),
    ("S3", "2026-03-20 19:00", "Bo", "staff", 500, 0.0, None),
    ("S4", "2026-04-01 20:00", "Pro", "professional", 2000, 1000.0, 300),
]
ORDERS = [
    # customer, time, amount, session_id, refunded
    ("A", "2026-02-01 12:00", 50.0, "", False),
    ("A", "2026-03-01 20:10", 100.0, "S1", False),
    ("B", "2026-03-01 20:20", 200.0, "S1", False),
    ("C", "2026-03-01 20:30", 300.0, "S1", True),
    ("D", "2026-03-01 20:40", 400.0, "S1", False),
    ("A", "2026-03-10 20:05", 150.0, "S2", False),
    ("E", "2026-03-10 20:10", 250.0, "S2", False),
    ("E", "2026-03-10 20:40", 250.0, "S2", False),
    ("F", "2026-03-10 20:15", 100.0, "S2", False),
    ("B", "2026-03-10 20:20", 200.0, "S2", False),
    ("B", "2026-03-31 10:00", 80.0, "", False),     # day 30 after S1
    ("H", "2026-03-31 23:59", 90.0, "", False),
    ("D", "2026-04-30 23:00", 70.0, "", False),     # day 60 after S1: counted
    ("C", "2026-05-01 09:00", 60.0, "", False),     # day 61 after S1: not counted
    ("G", "2026-04-01 10:00", 40.0, "", False),     # same day as S4, before it
    ("G", "2026-04-01 20:30", 300.0, "S4", False),
    ("H", "2026-04-01 20:35", 500.0, "S4", False),
]


def make_store(sessions: list[tuple], orders: list[tuple]) -> StoreData:
    """StoreData with the dtypes the importer produces (schema.StoreData docstring)."""
    live = pd.DataFrame(sessions, columns=["session_id", "date", "anchor", "anchor_type",
                                           "viewers", "fee", "product_clicks"])
    live["date"] = pd.to_datetime(live["date"]).astype("datetime64[ns]")
    live["viewers"] = live["viewers"].astype("int64")
    live["fee"] = live["fee"].astype("float64")
    live["product_clicks"] = live["product_clicks"].astype("Int64")
    live["duration_min"] = 120.0
    live["featured_skus"] = "P1;P2"
    live["segments"] = "unboxing;Q&A"
    frame = pd.DataFrame(orders, columns=["customer_id", "order_time", "amount", "session_id",
                                          "refunded"])
    frame.insert(0, "order_id", [f"O{i:03d}" for i in range(len(frame))])
    frame["order_time"] = pd.to_datetime(frame["order_time"]).astype("datetime64[ns]")
    frame["sku"] = "P1"
    frame["quantity"] = 1
    products = pd.DataFrame({"sku": ["P1", "P2"], "name": ["One", "Two"],
                             "category": ["c", "c"], "price": [100.0, 200.0]})
    return StoreData(products=products, live_sessions=live, orders=frame)


@pytest.fixture
def tiny_store() -> StoreData:
    return make_store(SESSIONS, ORDERS)
