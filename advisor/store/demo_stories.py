"""The stories each demo store tells, stated from its computed metrics (never typed by hand).

`demo_stories(name)` generates the store, runs compute_metrics and phrases what the numbers
show, so every line stays true whenever the generator or a metric definition changes.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from advisor.store.demo import OFF_TOPIC_SEGMENTS, demo_store_names, generate_demo_store
from advisor.store.metrics import StoreMetrics, compute_metrics, format_metric, group_metrics

HEAVY_SHARE = 0.5   # a session is off-topic-heavy when more than half its items are off-topic


def off_topic_share(segments: str) -> float:
    """Share of a run-of-show's items that are demo off-topic items (0.0 when empty)."""
    items = [item.strip().lower() for item in str(segments).split(";") if item.strip()]
    return sum(item in OFF_TOPIC_SEGMENTS for item in items) / len(items) if items else 0.0


def off_topic_heavy(sessions: pd.DataFrame) -> pd.Series:
    """True for sessions dominated by off-topic segments."""
    return sessions["segments"].map(off_topic_share) > HEAVY_SHARE


class _Say:
    """Formats metric values with the store's currency."""

    def __init__(self, metrics: StoreMetrics) -> None:
        self.currency = metrics.currency

    def __call__(self, metric: str, value: object) -> str:
        return format_metric(metric, value, self.currency)


def _celebrity(m: StoreMetrics, say: _Say) -> list[str]:
    sessions = m.sessions
    celeb = sessions[sessions["anchor_type"] == "celebrity"]
    if celeb.empty or "rest" not in m.celebrity_vs_rest.index:
        return []
    sid = str(celeb["viewers"].idxmax())
    row, rest = sessions.loc[sid], m.celebrity_vs_rest.loc["rest"]
    others = sessions.drop(index=sid)["viewers"].median()
    line = (f"celebrity session {row['date']:%Y-%m-%d} ({sid}, {row['anchor']}): "
            f"{say('viewers', row['viewers'])} viewers against a median of "
            f"{say('viewers', others)} in the other sessions, conversion "
            f"{say('conversion', row['conversion'])}")
    if "owner" in m.by_anchor_type.index:
        owner = m.by_anchor_type.loc["owner", "conversion"]
        line += f" against {say('conversion', owner)} in owner-hosted sessions"
    roi = row["fee_roi"]
    verdict = ("it paid off" if roi >= 4 else "a modest return") if pd.notna(roi) else "no fee"
    money = (f"; fee {say('fee', row['fee'])}, fee_roi {say('fee_roi', roi)} ({verdict})"
             if pd.notna(roi) else "")
    loyalty = (f"celebrity session {sid}: returning-buyer share "
               f"{say('returning_buyer_share', row['returning_buyer_share'])} against "
               f"{say('returning_buyer_share', rest['returning_buyer_share'])} in the rest; "
               f"60-day repurchase of its new buyers "
               f"{say('new_buyer_repurchase_60d', row['new_buyer_repurchase_60d'])} against "
               f"{say('new_buyer_repurchase_60d', rest['new_buyer_repurchase_60d'])}")
    return [line + money, loyalty]


def _owner(m: StoreMetrics, say: _Say) -> list[str]:
    table = m.by_anchor_type
    if "owner" not in table.index or len(table) < 2:
        return []
    owner, others = table.loc["owner"], table.drop(index="owner")
    best_other = others["conversion"].idxmax()
    names = ", ".join(sorted(set(m.sessions.loc[m.sessions["anchor_type"] == "owner",
                                                "anchor"])))
    ranked = "the best" if owner["conversion"] > others["conversion"].max() else "not the best"
    loyal = ("the highest" if owner["returning_buyer_share"]
             > others["returning_buyer_share"].max() else "not the highest")
    return [f"owner ({names}) hosted {say('sessions', owner['sessions'])} of "
            f"{say('sessions', len(m.sessions))} sessions; conversion "
            f"{say('conversion', owner['conversion'])} is {ranked} (next: {best_other} "
            f"{say('conversion', others.loc[best_other, 'conversion'])}); returning-buyer share "
            f"{say('returning_buyer_share', owner['returning_buyer_share'])} is {loyal}"]


def _professional(m: StoreMetrics, say: _Say) -> list[str]:
    sessions = m.sessions[m.sessions["anchor_type"] == "professional"]
    if sessions.empty:
        return []
    group = m.by_anchor_type.loc["professional"]
    paid = int((sessions["fee"] > 0).sum())
    spread = sessions["conversion"].std() * 100
    line = (f"professional ({', '.join(sorted(set(sessions['anchor'])))}): "
            f"{len(sessions)} sessions, a fee in {paid} of them (total "
            f"{say('fee', group['fee'])}), conversion {say('conversion', group['conversion'])} "
            f"with a session-to-session spread of ±{spread:.2f} points, fee_roi "
            f"{say('fee_roi', group['fee_roi'])}, GPM {say('gpm', group['gpm'])}")
    if "owner" in m.by_anchor_type.index:
        line += f" against the owner's {say('gpm', m.by_anchor_type.loc['owner', 'gpm'])}"
    return [line]


def _off_topic(m: StoreMetrics, say: _Say) -> list[str]:
    sessions = m.sessions
    heavy = off_topic_heavy(sessions)
    if not heavy.any() or heavy.all():
        return []
    table = group_metrics(sessions, heavy.map({True: "off", False: "on"}))
    off, on = table.loc["off"], table.loc["on"]
    ids = ", ".join(str(i) for i in sessions.index[heavy])
    items = sorted({item for segs in sessions.loc[heavy, "segments"] for item in segs.split(";")
                    if item in OFF_TOPIC_SEGMENTS})
    return [f"off-topic-heavy sessions ({ids}; {', '.join(items)}): "
            f"{say('viewers', off['viewers'] / off['sessions'])} viewers per session against "
            f"{say('viewers', on['viewers'] / on['sessions'])} in the others, conversion "
            f"{say('conversion', off['conversion'])} against {say('conversion', on['conversion'])}"]


def _store(m: StoreMetrics, say: _Say) -> list[str]:
    s = m.store
    off_live = 1 - s["live_orders"] / s["orders"] if s["orders"] else None
    return [f"store: {say('orders', s['orders'])} orders ({say('live_gmv_share', off_live)} "
            f"off-live) from {say('customers', s['customers'])} customers, "
            f"{say('sessions', s['sessions'])} live sessions, {s['first_date']} to "
            f"{s['last_date']}; live share of GMV {say('live_gmv_share', s['live_gmv_share'])}, "
            f"refund rate {say('refund_rate', s['refund_rate'])}, repurchase rate "
            f"{say('repurchase_rate', s['repurchase_rate'])}"]


def stories_from_metrics(metrics: StoreMetrics) -> list[str]:
    """One-line statements of what a store's metrics show (celebrity, hosts, off-topic)."""
    say = _Say(metrics)
    lines: list[str] = []
    for part in (_celebrity, _owner, _professional, _off_topic, _store):
        lines.extend(part(metrics, say))
    return lines


@lru_cache(maxsize=8)
def demo_stories(name: str) -> tuple[str, ...]:
    """The stories of one demo store (deterministic data, so cached)."""
    return tuple(stories_from_metrics(compute_metrics(generate_demo_store(name))))


def all_demo_stories() -> dict[str, list[str]]:
    """DEMO_STORIES: store name -> story lines, for every demo store."""
    return {name: list(demo_stories(name)) for name in demo_store_names()}
