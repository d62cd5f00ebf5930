"""An independent reference for DESIGN §5: metrics and their display, over plain rows."""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.settings import Settings
    from advisor.store.db import StoreDB
    from advisor.store.schema import StoreData

# Written from DESIGN §5 and the definitions shown to merchants, not from advisor/store code.
REPURCHASE_DAYS = 60
PERCENT = frozenset({"conversion", "click_rate", "refund_rate", "returning_buyer_share",
                     "new_buyer_repurchase_60d", "repurchase_rate", "live_gmv_share"})
MONEY = frozenset({"gmv", "net_gmv", "live_gmv", "aov", "fee", "gpm", "margin",
                   "margin_after_fee"})
COUNTS = frozenset({"viewers", "sessions", "orders", "buyers", "customers", "returning_buyers",
                    "first_time_buyers", "repurchasing_new_buyers", "refunded_orders",
                    "product_clicks", "live_orders"})
# Metrics that only exist for the whole store; with session ids they must name every session.
STORE_ONLY = frozenset({"customers", "repurchase_rate", "live_gmv", "live_gmv_share",
                        "live_orders"})
METRICS = PERCENT | MONEY | COUNTS | {"fee_roi"}


@dataclass(frozen=True)
class SessionRow:
    session_id: str
    date: dt.datetime
    anchor: str
    anchor_type: str
    viewers: int
    fee: float | None
    product_clicks: int | None = None
    segments: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrderRow:
    order_id: str
    customer_id: str
    order_time: dt.datetime
    sku: str
    amount: float
    quantity: int = 1
    session_id: str = ""
    refunded: bool = False


@dataclass(frozen=True)
class _Counts:
    """What one session adds to a group total."""

    viewers: int
    gmv: float
    net_gmv: float
    orders: int
    buyers: int
    refunded_orders: int
    returning_buyers: int
    first_time_buyers: int
    repurchasing_new_buyers: int
    fee: float | None
    clicks: int | None
    margin: float | None


def _div(num: float | None, den: float | None, scale: float = 1.0) -> float | None:
    if num is None or den is None or den == 0:
        return None
    return num * scale / den


class Reference:
    """Every §5 metric for one session, a group of sessions (totals) or the whole store."""

    def __init__(self, sessions: Iterable[SessionRow], orders: Iterable[OrderRow],
                 costs: Mapping[str, float | None], currency: str = "¥") -> None:
        self.sessions: dict[str, SessionRow] = {s.session_id: s for s in sessions}
        self.orders = list(orders)
        self.costs = dict(costs)  # sku -> cost (None: no cost given)
        self.currency = currency
        self._first_order: dict[str, dt.datetime] = {}
        self._times: dict[str, list[dt.datetime]] = {}
        for o in self.orders:
            self._times.setdefault(o.customer_id, []).append(o.order_time)
            first = self._first_order.get(o.customer_id)
            if first is None or o.order_time < first:
                self._first_order[o.customer_id] = o.order_time
        self._counts = {sid: self._session_counts(s) for sid, s in self.sessions.items()}

    # --- per session -------------------------------------------------------------------

    def _margin(self, orders: Sequence[OrderRow]) -> float | None:
        total = 0.0
        for o in orders:
            if o.refunded:
                continue
            cost = self.costs.get(o.sku)
            if cost is None:
                return None
            total += o.amount - o.quantity * cost
        return total

    def _session_counts(self, s: SessionRow) -> _Counts:
        mine = [o for o in self.orders if o.session_id == s.session_id]
        day = dt.datetime(s.date.year, s.date.month, s.date.day)
        window_end = day + dt.timedelta(days=REPURCHASE_DAYS + 1)
        first_here: dict[str, dt.datetime] = {}
        for o in mine:
            if o.customer_id not in first_here or o.order_time < first_here[o.customer_id]:
                first_here[o.customer_id] = o.order_time
        returning = {c for c in first_here if self._first_order[c] < day}
        new = set(first_here) - returning
        again = {c for c in new
                 if any(first_here[c] < t < window_end for t in self._times[c])}
        return _Counts(
            viewers=s.viewers, gmv=sum(o.amount for o in mine),
            net_gmv=sum(o.amount for o in mine if not o.refunded), orders=len(mine),
            buyers=len(first_here), refunded_orders=sum(o.refunded for o in mine),
            returning_buyers=len(returning), first_time_buyers=len(new),
            repurchasing_new_buyers=len(again), fee=s.fee, clicks=s.product_clicks,
            margin=self._margin(mine))

    # --- the public questions ----------------------------------------------------------

    def value(self, metric: str, session_ids: Sequence[str] = ()) -> float | None:
        """The metric over these sessions (one: that session; several: group totals), or the
        whole store without ids. LookupError for an unknown metric or session id."""
        if metric not in METRICS:
            raise LookupError(f"{metric} has no reference definition")
        ids = list(dict.fromkeys(str(s) for s in session_ids))
        unknown = [s for s in ids if s not in self.sessions]
        if unknown:
            raise LookupError(f"unknown session ids {unknown[:3]}")
        if not ids or metric in STORE_ONLY:
            if ids and set(ids) != set(self.sessions):
                raise LookupError(f"{metric} is only defined for the whole store")
            return self._store(metric)
        return self._group(metric, ids)

    def scoped_value(self, metric: str, scope: str) -> float | None:
        """A total over the orders of one month ("month:2026-03") or of one product
        ("sku:A17"): gmv (refunds included), orders, buyers, units."""
        kind, _, key = scope.partition(":")
        if kind == "month":
            mine = [o for o in self.orders if o.order_time.strftime("%Y-%m") == key]
        elif kind == "sku":
            mine = [o for o in self.orders if o.sku == key]
        else:
            raise LookupError(f"unknown scope {scope!r}")
        totals = {"gmv": sum(o.amount for o in mine), "orders": float(len(mine)),
                  "buyers": float(len({o.customer_id for o in mine})),
                  "units": float(sum(o.quantity for o in mine))}
        if metric not in totals:
            raise LookupError(f"{metric} has no reference definition over {kind}")
        return totals[metric]

    def display(self, metric: str, session_ids: Sequence[str] = ()) -> str:
        return format_value(metric, self.value(metric, session_ids), self.currency)

    def format(self, metric: str, value: float | None) -> str:
        return format_value(metric, value, self.currency)

    def session_date(self, session_id: str) -> str:
        return self.sessions[session_id].date.date().isoformat()

    def anchor_types(self, session_ids: Sequence[str]) -> set[str]:
        return {self.sessions[s].anchor_type for s in session_ids if s in self.sessions}

    def _group(self, metric: str, ids: list[str]) -> float | None:
        return _number(self._group_values(ids, single=len(ids) == 1)[metric])

    def _group_values(self, ids: list[str], single: bool) -> dict[str, Any]:
        """Totals over the sessions; one session keeps its own fee (None when empty)."""
        rows = [self._counts[s] for s in ids]
        fee_rows = [r for r in rows if r.fee is not None and r.fee > 0]
        fee_paid = sum(r.fee or 0.0 for r in fee_rows)
        margins = [r.margin for r in rows]
        margin = None if None in margins else sum(m or 0.0 for m in margins)
        clicked = [r for r in rows if r.clicks is not None]
        values: dict[str, Any] = {
            "sessions": len(rows), "fee": rows[0].fee if single else fee_paid, "margin": margin,
            "margin_after_fee": None if margin is None else margin - fee_paid,
            "fee_roi": _div(sum(r.gmv for r in fee_rows), fee_paid) if fee_rows else None,
            "product_clicks": sum(r.clicks or 0 for r in clicked) if clicked else None,
            "click_rate": _div(sum(r.clicks or 0 for r in clicked),
                               sum(r.viewers for r in clicked)) if clicked else None,
        }
        for name in ("viewers", "gmv", "net_gmv", "orders", "buyers", "refunded_orders",
                     "returning_buyers", "first_time_buyers", "repurchasing_new_buyers"):
            values[name] = sum(getattr(r, name) for r in rows)
        return values | _ratios(values)

    def _store(self, metric: str) -> float | None:
        """Store level: GMV, orders, customers, refunds and margin over every order (any
        channel); viewers, buyers and the session ratios over all sessions (live)."""
        live = self._group_values(list(self.sessions), single=False)
        orders = self.orders
        per_customer: dict[str, int] = {}
        for o in orders:
            per_customer[o.customer_id] = per_customer.get(o.customer_id, 0) + 1
        gmv = sum(o.amount for o in orders)
        margin = self._margin(orders)
        refunded = sum(o.refunded for o in orders)
        values: dict[str, Any] = {
            **live, "gmv": gmv, "net_gmv": sum(o.amount for o in orders if not o.refunded),
            "orders": len(orders), "customers": len(per_customer), "refunded_orders": refunded,
            "refund_rate": _div(refunded, len(orders)), "aov": _div(gmv, len(orders)),
            "repurchase_rate": _div(sum(n >= 2 for n in per_customer.values()),
                                    len(per_customer)),
            "live_gmv": live["gmv"], "live_orders": live["orders"],
            "live_gmv_share": _div(live["gmv"], gmv), "margin": margin,
            "margin_after_fee": None if margin is None else margin - live["fee"],
        }
        return _number(values[metric])


def _ratios(v: Mapping[str, Any]) -> dict[str, float | None]:
    return {
        "conversion": _div(v["buyers"], v["viewers"]),
        "gpm": _div(v["gmv"], v["viewers"], 1000.0),
        "aov": _div(v["gmv"], v["orders"]),
        "returning_buyer_share": _div(v["returning_buyers"], v["buyers"]),
        "new_buyer_repurchase_60d": _div(v["repurchasing_new_buyers"], v["first_time_buyers"]),
        "refund_rate": _div(v["refunded_orders"], v["orders"]),
    }


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


# --- display -----------------------------------------------------------------------------

def format_value(metric: str, value: float | None, currency: str = "¥") -> str:
    """The display rules: "2.1%", "¥12,345", "¥86.40", "-¥1,234", "5.50", "48,000", "n/a"."""
    if value is None or not math.isfinite(value):
        return "n/a"
    if metric in PERCENT:
        return f"{value * 100:.1f}%"
    if metric in MONEY:
        size = abs(value)
        body = f"{size:,.0f}" if round(size, 2) >= 1000 else f"{size:,.2f}"
        sign = "-" if value < 0 and body.strip("0.,") else ""
        return f"{sign}{currency}{body}"
    if metric == "fee_roi":
        return f"{value:.2f}"
    if metric in COUNTS or float(value).is_integer():
        return f"{round(value):,}"
    return f"{value:,.2f}"


# --- loading raw rows --------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """A cell as a plain Python value: None for missing (NaN, NaT, NA)."""
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):
        return None if value != value else value.to_pydatetime()
    if hasattr(value, "item"):
        value = value.item()
    try:
        missing = bool(value != value)
    except TypeError:  # pandas' NA refuses to be a truth value
        missing = True
    return None if missing else value


def _records(frame: Any) -> list[dict[str, Any]]:
    columns = {str(c): [_plain(v) for v in frame[c].tolist()] for c in frame.columns}
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _time(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.fromisoformat(str(value))


def from_records(products: Iterable[Mapping[str, Any]], sessions: Iterable[Mapping[str, Any]],
                 orders: Iterable[Mapping[str, Any]], currency: str = "¥") -> Reference:
    """A Reference from plain row dicts with the §4 column names."""
    def opt(row: Mapping[str, Any], key: str) -> Any:
        value = row.get(key)
        return None if value is None or value == "" else value

    costs = {str(p["sku"]): (None if opt(p, "cost") is None else float(p["cost"]))
             for p in products}
    session_rows = [SessionRow(
        str(s["session_id"]), _time(s["date"]), str(s.get("anchor") or ""),
        str(s.get("anchor_type") or ""), int(s["viewers"] or 0),
        None if opt(s, "fee") is None else float(s["fee"]),
        None if opt(s, "product_clicks") is None else int(s["product_clicks"]),
        tuple(x.strip() for x in str(s.get("segments") or "").split(";") if x.strip()))
        for s in sessions]
    order_rows = [OrderRow(
        str(o["order_id"]), str(o["customer_id"]), _time(o["order_time"]), str(o["sku"]),
        float(o["amount"] or 0.0), int(o.get("quantity") or 1), str(o.get("session_id") or ""),
        bool(o.get("refunded") or False)) for o in orders]
    return Reference(session_rows, order_rows, costs, currency)


def from_store_data(data: StoreData) -> Reference:
    """A Reference over imported tables, converted to plain records first."""
    return from_records(_records(data.products), _records(data.live_sessions),
                        _records(data.orders), data.currency)


_CACHE: dict[tuple[str, str], tuple[str, Reference]] = {}
_LOCK = threading.Lock()


def reference_for(source: Settings | StoreDB, name: str) -> Reference:
    """The reference of a stored store, cached until the store is imported again."""
    from advisor.store.db import StoreDB

    db = source if isinstance(source, StoreDB) else StoreDB.from_settings(source)
    key = (str(Path(db.path).resolve()), name)
    version = db.version(name)
    with _LOCK:
        cached = _CACHE.get(key)
    if cached and cached[0] == version:
        return cached[1]
    reference = from_store_data(db.load(name))
    with _LOCK:
        _CACHE[key] = (version, reference)
    return reference
