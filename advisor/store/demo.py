"""Four seeded demo stores (products, live sessions, orders) that tell the stories to find.

Deterministic: numpy default_rng with a fixed seed per store. The stories (a celebrity session
with huge traffic, off-topic segments that draw viewers but not orders, an owner who converts
best but streams rarely, a steady but costly professional) are set by the plans below and
checked on the computed metrics by DEMO_STORIES (advisor.store.demo_stories). One store's
data is Chinese (演示-茶叶店): a Chinese-script name, so it passes the one-script name rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from advisor.store.demo_plans import OFF_TOPIC_SEGMENTS, PLANS, AnchorPlan, StorePlan
from advisor.store.schema import DEMO_SOURCE, StoreData, StoreInfo

if TYPE_CHECKING:
    from advisor.store.db import StoreDB

START = pd.Timestamp("2026-01-01")
LAST_SESSION_DAY = 119          # sessions run Jan–Apr, so every 60-day window is in the data
END = pd.Timestamp("2026-07-01")  # orders run to the end of June
__all__ = ["OFF_TOPIC_SEGMENTS", "PLANS", "AnchorPlan", "StorePlan", "DEMO_STORES",
           "demo_store_names", "generate_demo_store", "install_demo_stores"]
DEMO_STORES: dict[str, str] = {name: plan.description for name, plan in PLANS.items()}


def demo_store_names() -> list[str]:
    """The bundled demo stores, in a stable order."""
    return list(PLANS)


def _products(plan: StorePlan, rng: np.random.Generator) -> pd.DataFrame:
    n = len(plan.products)
    names, categories, prices = zip(*plan.products, strict=True)
    price = np.asarray(prices, dtype="float64")
    return pd.DataFrame({
        "sku": [f"{plan.prefix}-{101 + i}" for i in range(n)],
        "name": list(names), "category": list(categories), "price": price,
        "cost": np.round(price * rng.uniform(0.35, 0.6, n), 2),
        "stock": pd.array(rng.integers(20, 2000, n), dtype="Int64"),
        "description": [f"{name} ({category})" for name, category in
                        zip(names, categories, strict=True)],
    })


def _schedule(plan: StorePlan, rng: np.random.Generator) -> pd.DataFrame:
    """One row per session: anchor plan index, start time, and the off-topic-heavy flag."""
    rows = []
    for idx, anchor in enumerate(plan.anchors):
        if anchor.day >= 0:
            days = np.array([anchor.day])
        else:
            days = np.sort(rng.choice(np.arange(5, LAST_SESSION_DAY + 1), anchor.sessions,
                                      replace=False))
        heavy = np.zeros(len(days), dtype=bool)
        heavy[rng.choice(len(days), anchor.off_topic, replace=False)] = True
        hours = rng.choice([19.0, 19.5, 20.0, 20.5, 21.0], len(days))
        for day, hour, off in zip(days, hours, heavy, strict=True):
            rows.append((idx, START + pd.Timedelta(days=int(day), hours=float(hour)), off))
    table = pd.DataFrame(rows, columns=["plan", "start", "heavy"])
    return table.sort_values(["start", "plan"], kind="stable").reset_index(drop=True)


def _segments(plan: StorePlan, heavy: bool, light: bool, rng: np.random.Generator) -> str:
    on = list(rng.choice(plan.on_topic, 1 if heavy else 3, replace=False))
    off = list(rng.choice(plan.off_topic, 3 if heavy else int(light), replace=False))
    items = on + off
    rng.shuffle(items)
    return ";".join(str(item) for item in items)


class _Builder:
    """Accumulates orders as numpy chunks; customers are integer ids until the end."""

    def __init__(self, plan: StorePlan, rng: np.random.Generator, prices: np.ndarray) -> None:
        self.plan, self.rng, self.prices = plan, rng, prices
        self.chunks: list[dict[str, Any]] = []
        self.first_seen = np.empty(0)      # first order time (ns) per customer id
        self.loyal = np.empty(0, dtype=bool)  # may come back as a returning buyer
        self.next_id = 0

    def new_customers(self, first_times: np.ndarray, loyal: bool = False) -> np.ndarray:
        ids = np.arange(self.next_id, self.next_id + len(first_times))
        self.next_id += len(first_times)
        self.first_seen = np.concatenate([self.first_seen, first_times])
        self.loyal = np.concatenate([self.loyal, np.full(len(first_times), loyal)])
        return ids

    def add(self, customers: np.ndarray, times: np.ndarray, skus: np.ndarray,
            session: str = "", discount: float = 1.0, refund: float = 0.05) -> float:
        """Add orders; returns their GMV."""
        n = len(customers)
        quantity = 1 + self.rng.poisson(self.plan.quantity, n)
        factor = discount * self.rng.uniform(0.97, 1.0, n)
        amount = np.round(self.prices[skus] * quantity * factor, 2)
        self.chunks.append({"customer": customers, "time": times, "sku": skus,
                            "quantity": quantity, "amount": amount, "session_id": session,
                            "refunded": self.rng.random(n) < refund})
        return float(amount.sum())

    def base(self) -> None:
        """The off-live customer base: 35% already customers in the first days of January."""
        n = self.plan.customers
        span = (END - START).value
        early = self.rng.random(n) < 0.35
        first = START.value + np.where(early, self.rng.uniform(0, 4 * 86_400e9, n),
                                       self.rng.uniform(0, span, n))
        ids = self.new_customers(first, loyal=True)
        extra = self.rng.poisson(self.plan.extra_orders, n)
        owners = np.repeat(ids, extra)
        later = first[owners] + self.rng.uniform(0, 1, len(owners)) * (END.value - first[owners])
        customers = np.concatenate([ids, owners])
        times = np.concatenate([first, later])
        self.add(customers, times, self.rng.integers(0, len(self.prices), len(customers)))


def _follow_ups(builder: _Builder, new: np.ndarray, day: pd.Timestamp, rate: float) -> None:
    """New buyers who come back off-live within 60 days, and a few who come back later."""
    rng = builder.rng
    draw = rng.random(len(new))
    back = new[draw < rate]
    late = new[(draw >= rate) & (draw < rate + 0.08)]
    offsets = np.concatenate([rng.uniform(2, 59, len(back)), rng.uniform(62, 120, len(late))])
    who = np.concatenate([back, late])
    times = day.value + offsets * 86_400e9 + rng.uniform(8, 23, len(who)) * 3_600e9
    keep = times < END.value
    builder.loyal[back] = True   # only new buyers who came back reappear in later sessions
    skus = rng.integers(0, len(builder.prices), int(keep.sum()))
    builder.add(who[keep], times[keep], skus)


def _session(builder: _Builder, sid: str, row: Any, anchor: AnchorPlan) -> dict[str, Any]:
    """Generate one session's orders and return its live_sessions row."""
    plan, rng = builder.plan, builder.rng
    heavy, light = bool(row.heavy), bool(row.light)
    viewers = anchor.viewers * rng.lognormal(0, 0.05 if anchor.spread < 0.1 else 0.15)
    conversion = anchor.conversion * rng.lognormal(0, anchor.spread)
    returning = anchor.returning
    if heavy:
        viewers, conversion, returning = viewers * 2.6, conversion * 0.3, returning * 0.5
    viewers = int(round(viewers))
    buyers = max(1, int(round(viewers * conversion)))
    start: pd.Timestamp = row.start
    duration = float(rng.choice([90, 120, 150, 180]))
    day = start.normalize()
    pool = np.flatnonzero((builder.first_seen < day.value) & builder.loyal)
    n_ret = min(int(round(buyers * returning)), len(pool))
    times = start.value + rng.uniform(0, duration * 60e9, buyers)
    old = rng.choice(pool, n_ret, replace=False)
    new = builder.new_customers(times[n_ret:])
    featured = rng.choice(len(builder.prices), int(rng.integers(3, 6)), replace=False)
    skus = rng.choice(featured, buyers)
    gmv = builder.add(np.concatenate([old, new]), times, skus, sid,
                      discount=rng.uniform(0.85, 0.95), refund=anchor.refund)
    _follow_ups(builder, new, day, anchor.repurchase)
    fee = round(gmv / anchor.fee_roi, -3) if anchor.fee_roi > 0 else anchor.fee
    click = (0.03 if anchor.anchor_type == "celebrity" else 0.05 if heavy else 0.12)
    return {
        "session_id": sid, "date": start, "duration_min": duration, "anchor": anchor.name,
        "anchor_type": anchor.anchor_type, "viewers": viewers,
        "peak_viewers": int(viewers * rng.uniform(0.12, 0.2)),
        "avg_watch_sec": round(float(rng.uniform(150, 260) if heavy else
                                     rng.uniform(80, 160)), 1),
        "new_followers": int(viewers * rng.uniform(0.01, 0.03)),
        "product_clicks": max(buyers, int(viewers * click * rng.uniform(0.85, 1.15))),
        "fee": fee if fee > 0 else np.nan,
        "featured_skus": ";".join(f"{plan.prefix}-{101 + int(i)}" for i in sorted(featured)),
        "segments": _segments(plan, heavy, light, rng),
    }


def _sessions(builder: _Builder, schedule: pd.DataFrame) -> pd.DataFrame:
    width = max(2, len(str(len(schedule))))
    rows = [_session(builder, f"{builder.plan.prefix}-S{i + 1:0{width}d}", row,
                     builder.plan.anchors[int(row.plan)])
            for i, row in enumerate(schedule.itertuples(index=False))]
    table = pd.DataFrame(rows)
    table["date"] = table["date"].astype("datetime64[ns]")
    for col in ("peak_viewers", "new_followers", "product_clicks"):
        table[col] = table[col].astype("Int64")
    table["viewers"] = table["viewers"].astype("int64")
    return table


def _orders(builder: _Builder, skus: list[str]) -> pd.DataFrame:
    chunks = builder.chunks
    times = np.concatenate([c["time"] for c in chunks]).astype("int64")
    order = np.argsort(times, kind="stable")
    customers = np.concatenate([c["customer"] for c in chunks])[order]
    labels = builder.rng.permutation(builder.next_id) + 1   # ids don't reveal join order
    sessions = np.concatenate([np.full(len(c["customer"]), c["session_id"], dtype=object)
                               for c in chunks])[order]
    return pd.DataFrame({
        "order_id": [f"{builder.plan.prefix}-O{i + 1:06d}" for i in range(len(order))],
        "customer_id": [f"C{n:06d}" for n in labels[customers]],
        "order_time": pd.to_datetime(times[order]).floor("s").astype("datetime64[ns]"),
        "sku": np.asarray(skus, dtype=object)[np.concatenate([c["sku"] for c in chunks])[order]],
        "quantity": np.concatenate([c["quantity"] for c in chunks])[order].astype("int64"),
        "amount": np.concatenate([c["amount"] for c in chunks])[order],
        "session_id": sessions,
        "refunded": np.concatenate([c["refunded"] for c in chunks])[order],
    }).astype({"order_id": "str", "customer_id": "str", "sku": "str", "session_id": "str"})


def generate_demo_store(name: str) -> StoreData:
    """Build the named demo store from its fixed seed (same name → identical frames)."""
    if name not in PLANS:
        raise KeyError(f"unknown demo store {name!r}; choose one of {', '.join(PLANS)}")
    plan = PLANS[name]
    rng = np.random.default_rng(plan.seed)
    products = _products(plan, rng)
    builder = _Builder(plan, rng, products["price"].to_numpy())
    builder.base()
    schedule = _schedule(plan, rng)
    candidates = np.flatnonzero(~schedule["heavy"].to_numpy()
                                & schedule["plan"].map(lambda i: plan.anchors[i].anchor_type
                                                       in ("staff", "influencer")).to_numpy())
    schedule["light"] = False
    schedule.loc[rng.choice(candidates, 2, replace=False), "light"] = True
    live_sessions = _sessions(builder, schedule)
    orders = _orders(builder, list(products["sku"]))
    return StoreData(products=products, live_sessions=live_sessions, orders=orders,
                     currency="¥")


def install_demo_stores(db: StoreDB, *, force: bool = False,
                        on_store: Callable[[int, str], None] | None = None) -> list[StoreInfo]:
    """Generate and store every demo store (source `demo`), replacing earlier demo copies.

    A store of the user's with a demo store's name (or a lookalike) is never replaced unless
    `force`: the StoreConflict is raised before anything is written.
    """
    for name in DEMO_STORES:
        db.check_name(name, DEMO_SOURCE, force=force)
    infos = []
    for i, name in enumerate(DEMO_STORES):
        if on_store:
            on_store(i, name)
        infos.append(db.replace_store(name, generate_demo_store(name), DEMO_SOURCE, force=force))
    return infos


def __getattr__(name: str) -> Any:
    """DEMO_STORIES is computed on first use (generating the stores is too heavy for import)."""
    if name == "DEMO_STORIES":
        from advisor.store.demo_stories import all_demo_stories
        return all_demo_stories()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
