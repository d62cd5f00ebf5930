"""Store metrics (DESIGN §5), computed in code with pandas: per session, per group, per store.

Every number the advisor shows about a store comes from here, never from retrieval.
Ratios with a zero (or missing) denominator are NaN in frames and None in the store dict.
Group comparisons use the group's totals (sum of numerators / sum of denominators), never
an average of per-session ratios.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from advisor.store.definitions_zh import METRIC_DEFINITIONS_ZH
from advisor.store.schema import ANCHOR_TYPES, StoreData

REPURCHASE_DAYS = 60

METRIC_DEFINITIONS: dict[str, str] = {
    "viewers": "Unique viewers of the live session, as reported by the platform.",
    "sessions": "Number of live sessions.",
    "units": "Items sold: the sum of order quantities, refunded orders included.",
    "gmv": "Sum of order amounts, refunded orders included (GMV).",
    "net_gmv": "Sum of order amounts of orders that were not refunded.",
    "live_gmv": "GMV of orders placed in a live session.",
    "orders": "Number of orders.",
    "buyers": "Distinct customers who ordered in the session (summed over sessions for a group).",
    "customers": "Distinct customers with at least one order in any channel.",
    "fee": "Fee paid to the host for the session (slot or appearance fee).",
    "conversion": "Buyers / unique viewers (groups: total buyers / total viewers).",
    "gpm": "GMV per thousand viewers: GMV / viewers × 1000 (groups: total GMV / total viewers).",
    "aov": "Average order value: GMV / orders (groups: total GMV / total orders).",
    "returning_buyer_share": (
        "Share of the session's buyers who had an order in any channel before the calendar day"
        " of the session (groups: total returning buyers / total buyers)."
    ),
    "new_buyer_repurchase_60d": (
        "Share of the session's first-time buyers (no order before the session day) who order"
        " again in any channel, after their first order in the session and no later than the"
        f" {REPURCHASE_DAYS}th calendar day after the session date"
        " (groups: total repurchasing / total first-time buyers)."
    ),
    "refund_rate": "Refunded orders / orders, counted by orders (groups: totals).",
    "fee_roi": (
        "GMV per ¥1 of host fee: GMV / fee, only for sessions with a fee > 0"
        " (groups: GMV of sessions with a fee / total fee)."
    ),
    "click_rate": "Product-click users / unique viewers, where product clicks are given.",
    "returning_buyers": "Buyers of the session who had ordered before the session day.",
    "first_time_buyers": "Buyers of the session with no order before the session day.",
    "repurchasing_new_buyers": (
        f"First-time buyers of the session who ordered again within {REPURCHASE_DAYS} days."
    ),
    "refunded_orders": "Number of refunded orders.",
    "repurchase_rate": "Customers with 2 or more orders (any channel) / all customers.",
    "live_gmv_share": "GMV of orders placed in live sessions / GMV of all orders.",
    "margin": (
        "Sum over orders that were not refunded of amount − quantity × product cost; only where"
        " every such order's product has a cost (groups: total; store: every order)."
    ),
    "margin_after_fee": (
        "Margin − the host fee (an empty fee counts as 0; groups and store: fees > 0 summed)."
    ),
}


def metric_definition(metric: str, lang: str = "en") -> str:
    """A metric's definition in a language ("en" or "zh"); "" for an unknown metric."""
    return (METRIC_DEFINITIONS_ZH if lang == "zh" else METRIC_DEFINITIONS).get(metric, "")


PERCENT_METRICS = frozenset({
    "conversion", "click_rate", "refund_rate", "returning_buyer_share",
    "new_buyer_repurchase_60d", "repurchase_rate", "live_gmv_share",
})
MONEY_METRICS = frozenset({"gmv", "net_gmv", "live_gmv", "aov", "fee", "gpm", "margin",
                           "margin_after_fee"})
COUNT_METRICS = frozenset({
    "viewers", "sessions", "orders", "buyers", "customers", "returning_buyers",
    "first_time_buyers", "repurchasing_new_buyers", "refunded_orders", "product_clicks",
    "live_orders", "units",
})
GROUP_SUMS = ("viewers", "gmv", "orders", "buyers", "refunded_orders", "returning_buyers",
              "first_time_buyers", "repurchasing_new_buyers")
GROUP_COLUMNS = ("sessions", "viewers", "gmv", "orders", "buyers", "fee", "conversion", "gpm",
                 "aov", "fee_roi", "returning_buyer_share", "new_buyer_repurchase_60d",
                 "refund_rate", "returning_buyers", "first_time_buyers",
                 "repurchasing_new_buyers", "refunded_orders", "margin", "margin_after_fee")
SESSION_INFO = ("date", "anchor", "anchor_type", "viewers", "duration_min", "fee",
                "product_clicks", "segments", "featured_skus")
COUNT_COLUMNS = ("orders", "buyers", "refunded_orders", "returning_buyers",
                 "first_time_buyers", "repurchasing_new_buyers")


@dataclass(frozen=True)
class StoreMetrics:
    """All metrics of one store; see METRIC_DEFINITIONS for what each number means."""

    sessions: pd.DataFrame
    by_anchor_type: pd.DataFrame
    celebrity_vs_rest: pd.DataFrame
    store: dict[str, Any]  # numbers (int/float), None for n/a, ISO date strings
    currency: str = "¥"


def ratio(num: Any, den: Any, scale: float = 1.0) -> Any:
    """num / den × scale elementwise; NaN where den is 0 or missing (never inf, never raises)."""
    num_f = np.asarray(num, dtype="float64")
    den_f = np.asarray(den, dtype="float64")
    ok = np.isfinite(den_f) & (den_f != 0)
    out = np.divide(num_f * scale, den_f, out=np.full(np.broadcast(num_f, den_f).shape, np.nan),
                    where=ok)
    if isinstance(num, pd.Series):
        return pd.Series(out, index=num.index)
    return float(out) if out.ndim == 0 else out


def _orders(frame: pd.DataFrame, products: pd.DataFrame | None = None) -> pd.DataFrame:
    """The order columns metrics need, with robust dtypes and a customer code.

    line_cost is quantity × the product's cost (NaN where the product or its cost is missing).
    """
    costs = pd.Series(dtype="float64")
    if products is not None and "cost" in products:
        costs = pd.Series(pd.to_numeric(products["cost"]).astype("float64").to_numpy(),
                          index=products["sku"].astype(str))
        costs = costs[~costs.index.duplicated()]
    quantity = pd.to_numeric(frame.get("quantity", pd.Series(1, index=frame.index))).fillna(1)
    out = pd.DataFrame({
        "customer": pd.factorize(frame["customer_id"].astype(str))[0],
        "order_time": pd.to_datetime(frame["order_time"]),
        "amount": pd.to_numeric(frame["amount"]).astype("float64").fillna(0.0),
        "session_id": frame.get("session_id", pd.Series("", index=frame.index))
        .fillna("").astype(str),
        "refunded": frame.get("refunded", pd.Series(False, index=frame.index))
        .fillna(False).astype(bool),
        "line_cost": (frame["sku"].astype(str).map(costs).astype("float64")
                      * quantity.astype("float64")).to_numpy(),
    })
    return out.reset_index(drop=True)


def _sessions(frame: pd.DataFrame) -> pd.DataFrame:
    """Session descriptors indexed by session_id, sorted by date, missing optionals filled."""
    out = pd.DataFrame(index=pd.Index(frame["session_id"].astype(str), name="session_id"))
    for col in SESSION_INFO:
        values = frame[col].to_numpy() if col in frame else None
        out[col] = values if values is not None else _missing(col, len(frame))
    out["date"] = pd.to_datetime(out["date"])
    out["viewers"] = pd.to_numeric(out["viewers"]).fillna(0).astype("int64")
    out["fee"] = pd.to_numeric(out["fee"]).astype("float64")
    out["product_clicks"] = pd.to_numeric(out["product_clicks"]).astype("Int64")
    for col in ("segments", "featured_skus", "anchor", "anchor_type"):
        out[col] = out[col].fillna("").astype(str)
    return out.sort_values("date", kind="stable")


def _missing(col: str, n: int) -> Any:
    if col in ("fee", "duration_min", "product_clicks"):
        return np.full(n, np.nan)
    return np.full(n, "", dtype=object)


def _session_totals(live: pd.DataFrame) -> pd.DataFrame:
    """gmv, net_gmv, orders, buyers, refunded_orders, margin per session_id.

    margin is NaN when any non-refunded order of the session lacks a product cost.
    """
    net = live["amount"].where(~live["refunded"], 0.0)
    kept = live[~live["refunded"]]
    profit = (kept["amount"] - kept["line_cost"]).groupby(kept["session_id"], sort=False).sum()
    unknown = kept["line_cost"].isna().groupby(kept["session_id"], sort=False).any()
    grouped = live.assign(net=net).groupby("session_id", sort=False)
    return pd.DataFrame({
        "margin": profit.where(~unknown.astype(bool)),
        "gmv": grouped["amount"].sum(),
        "net_gmv": grouped["net"].sum(),
        "orders": grouped.size(),
        "buyers": grouped["customer"].nunique(),
        "refunded_orders": grouped["refunded"].sum(),
    })


def _buyer_flags(orders: pd.DataFrame, live: pd.DataFrame, day: pd.Series) -> pd.DataFrame:
    """returning_buyers, first_time_buyers, repurchasing_new_buyers per session_id.

    One row per (session, buyer): returning if the buyer's first order in any channel is
    before the session's day start; a first-time buyer repurchases if any of their orders
    falls after their first order in the session and before day start + 61 days.
    """
    if live.empty:
        return pd.DataFrame(columns=list(COUNT_COLUMNS[3:]), dtype="int64")
    pairs = (live.groupby(["session_id", "customer"], sort=False)["order_time"].min()
             .rename("first_in_session").reset_index())
    first_ever = orders.groupby("customer")["order_time"].min()
    pairs["day"] = pairs["session_id"].map(day)
    pairs["returning"] = pairs["customer"].map(first_ever) < pairs["day"]
    new = pairs.loc[~pairs["returning"], ["customer", "first_in_session", "day"]]
    new = new.reset_index().rename(columns={"index": "pair"})
    later = new.merge(orders[["customer", "order_time"]], on="customer")
    window_end = later["day"] + pd.Timedelta(days=REPURCHASE_DAYS + 1)
    hit = (later["order_time"] > later["first_in_session"]) & (later["order_time"] < window_end)
    pairs["repurchased"] = False
    pairs.loc[later.loc[hit, "pair"].unique(), "repurchased"] = True
    grouped = pairs.groupby("session_id", sort=False)
    return pd.DataFrame({
        "returning_buyers": grouped["returning"].sum(),
        "first_time_buyers": (~pairs["returning"]).groupby(pairs["session_id"]).sum(),
        "repurchasing_new_buyers": grouped["repurchased"].sum(),
    })


def _add_ratios(table: pd.DataFrame) -> pd.DataFrame:
    """The ratio columns shared by sessions and groups, from their count and sum columns."""
    table["conversion"] = ratio(table["buyers"], table["viewers"])
    table["gpm"] = ratio(table["gmv"], table["viewers"], 1000.0)
    table["aov"] = ratio(table["gmv"], table["orders"])
    table["returning_buyer_share"] = ratio(table["returning_buyers"], table["buyers"])
    table["new_buyer_repurchase_60d"] = ratio(table["repurchasing_new_buyers"],
                                              table["first_time_buyers"])
    table["refund_rate"] = ratio(table["refunded_orders"], table["orders"])
    return table


SESSION_COLUMNS = (*SESSION_INFO, "gmv", "net_gmv", "orders", "buyers", "conversion", "gpm",
                   "aov", "returning_buyer_share", "new_buyer_repurchase_60d", "refund_rate",
                   "fee_roi", "click_rate", *COUNT_COLUMNS[3:], "refunded_orders", "margin",
                   "margin_after_fee")


def session_metrics(orders: pd.DataFrame, sessions: pd.DataFrame) -> pd.DataFrame:
    """One row per session (index session_id) with every per-session metric."""
    live = orders[orders["session_id"].isin(sessions.index)]
    day = sessions["date"].dt.normalize()
    table = sessions.join(_session_totals(live)).join(_buyer_flags(orders, live, day))
    for col in ("gmv", "net_gmv"):
        table[col] = table[col].fillna(0.0).astype("float64")
    no_orders = ~table.index.isin(live.loc[~live["refunded"], "session_id"])
    table["margin"] = table["margin"].astype("float64").mask(no_orders, 0.0)
    table["margin_after_fee"] = table["margin"] - table["fee"].fillna(0.0)
    for col in COUNT_COLUMNS:
        table[col] = table[col].fillna(0).astype("int64")
    table = _add_ratios(table)
    fee = table["fee"].where(table["fee"] > 0)
    table["fee_roi"] = ratio(table["gmv"], fee)
    table["click_rate"] = ratio(table["product_clicks"].to_numpy("float64", na_value=np.nan),
                                table["viewers"])
    return table.loc[:, list(SESSION_COLUMNS)]


def group_metrics(sessions: pd.DataFrame, key: pd.Series) -> pd.DataFrame:
    """Totals-based metrics per group of sessions (rows: the labels present in key).

    sessions is StoreMetrics.sessions (or a subset); key maps each session to a group label
    (aligned on the index; NaN labels are left out). fee sums fees > 0 only, and fee_roi is
    the GMV of the sessions with a fee divided by that fee total.
    """
    fee = sessions["fee"].where(sessions["fee"] > 0, 0.0).fillna(0.0)
    frame = sessions.loc[:, list(GROUP_SUMS)].astype("float64")
    frame["fee"] = fee
    frame["fee_gmv"] = sessions["gmv"].where(fee > 0, 0.0)
    frame["sessions"] = 1.0
    margin = (sessions["margin"] if "margin" in sessions
              else pd.Series(np.nan, index=sessions.index)).astype("float64")
    frame["margin"] = margin.fillna(0.0)
    frame["margin_missing"] = margin.isna().astype("float64")
    key = pd.Series(key, index=sessions.index) if not isinstance(key, pd.Series) else key
    sums = frame.groupby(key.reindex(sessions.index), dropna=True).sum()
    sums = _add_ratios(sums)
    sums["fee_roi"] = ratio(sums["fee_gmv"], sums["fee"])
    sums["margin"] = sums["margin"].where(sums["margin_missing"] == 0)
    sums["margin_after_fee"] = sums["margin"] - sums["fee"]
    for col in ("sessions", "viewers", "orders", "buyers", *COUNT_COLUMNS[2:]):
        sums[col] = sums[col].astype("int64")
    return sums.loc[:, list(GROUP_COLUMNS)]


def _by_anchor_type(sessions: pd.DataFrame) -> pd.DataFrame:
    table = group_metrics(sessions, sessions["anchor_type"])
    order = [t for t in ANCHOR_TYPES if t in table.index]
    order += [t for t in table.index if t not in order]
    return table.loc[order]


def _celebrity_vs_rest(sessions: pd.DataFrame) -> pd.DataFrame:
    key = sessions["anchor_type"].map(lambda t: "celebrity" if t == "celebrity" else "rest")
    table = group_metrics(sessions, key)
    return table.loc[[label for label in ("celebrity", "rest") if label in table.index]]


def _opt(value: Any) -> float | None:
    """A plain float, or None for NaN/None."""
    if value is None or pd.isna(value):
        return None
    return float(value)


def _iso_range(orders: pd.DataFrame, sessions: pd.DataFrame) -> tuple[str | None, str | None]:
    times = pd.concat([orders["order_time"], sessions["date"]]).dropna()
    if times.empty:
        return None, None
    return times.min().date().isoformat(), times.max().date().isoformat()


def store_totals(orders: pd.DataFrame, sessions: pd.DataFrame) -> dict[str, Any]:
    """Store-level totals: all channels for GMV/orders/customers/margin, live sessions for the
    rest; margin_after_fee takes off every fee > 0."""
    per_customer = orders.groupby("customer").size()
    kept = orders[~orders["refunded"]]
    margin = (None if kept["line_cost"].isna().any()
              else float((kept["amount"] - kept["line_cost"]).sum()))
    fees = float(sessions["fee"].where(sessions["fee"] > 0, 0.0).fillna(0.0).sum())
    gmv = float(orders["amount"].sum())
    live_gmv = float(sessions["gmv"].sum())
    viewers = int(sessions["viewers"].sum())
    first, last = _iso_range(orders, sessions)
    return {
        "gmv": gmv,
        "net_gmv": float(orders.loc[~orders["refunded"], "amount"].sum()),
        "orders": len(orders),
        "customers": int(per_customer.size),
        "sessions": len(sessions),
        "repurchase_rate": _opt(ratio(int((per_customer >= 2).sum()), per_customer.size)),
        "live_gmv": live_gmv,
        "live_orders": int(sessions["orders"].sum()),
        "live_gmv_share": _opt(ratio(live_gmv, gmv)),
        "viewers": viewers,
        "conversion": _opt(ratio(int(sessions["buyers"].sum()), viewers)),
        "gpm": _opt(ratio(live_gmv, viewers, 1000.0)),
        "refund_rate": _opt(ratio(int(orders["refunded"].sum()), len(orders))),
        "margin": margin,
        "margin_after_fee": None if margin is None else margin - fees,
        "first_date": first,
        "last_date": last,
    }


def compute_metrics(data: StoreData) -> StoreMetrics:
    """Every metric of DESIGN §5 for one store: per session, by anchor type, celebrity vs rest."""
    orders = _orders(data.orders, data.products)
    sessions = session_metrics(orders, _sessions(data.live_sessions))
    return StoreMetrics(
        sessions=sessions,
        by_anchor_type=_by_anchor_type(sessions),
        celebrity_vs_rest=_celebrity_vs_rest(sessions),
        store=store_totals(orders, sessions),
        currency=data.currency,
    )


def _money(value: float, currency: str) -> str:
    """Money rule: 1,000 and above without decimals ("¥12,345"), below with two ("¥86.40");
    a negative amount puts its sign before the currency ("-¥1,234")."""
    shown = f"{currency}{abs(value):,.0f}" if abs(round(value, 2)) >= 1000 else (
        f"{currency}{abs(value):,.2f}")
    negative = value < 0 and any(ch not in "0.," for ch in shown[len(currency):])
    return "-" + shown if negative else shown


# What a missing value shows as, by language: the only words a display can hold.
MISSING_DISPLAY = {"en": "n/a", "zh": "暂无"}


def format_metric(metric: str, value: Any, currency: str = "¥", lang: str = "en") -> str:
    """The display string for a metric value: "2.1%", "¥12,345", "¥86.40", "48,000", "1.37".

    None or NaN shows as "n/a" ("暂无" in Chinese); strings (dates) are shown as they are.
    """
    missing = MISSING_DISPLAY.get(lang)
    if missing is None:
        raise ValueError(f"unknown display language {lang!r}: expected 'en' or 'zh'")
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return missing
    if isinstance(value, str):
        return value
    number = float(value)
    if not math.isfinite(number):
        return missing
    if metric in PERCENT_METRICS:
        return f"{number * 100:.1f}%"
    if metric in MONEY_METRICS:
        return _money(number, currency)
    if metric == "fee_roi":
        return f"{number:.2f}"
    if metric in COUNT_METRICS or number.is_integer():
        return f"{round(number):,}"
    return f"{number:,.2f}"
