"""Plain-language names of every store metric (en + zh); metric ids never reach the reader."""

from __future__ import annotations

import re

# metric id -> (English name, Chinese name)
METRIC_NAMES: dict[str, tuple[str, str]] = {
    "viewers": ("viewers", "观看人数"),
    "sessions": ("live sessions", "直播场次"),
    "gmv": ("GMV (sales, refunds included)", "成交额（含退款）"),
    "net_gmv": ("GMV after refunds", "退款后成交额"),
    "live_gmv": ("GMV from live sessions", "直播成交额"),
    "orders": ("orders", "订单数"),
    "buyers": ("buyers", "下单人数"),
    "customers": ("customers", "顾客数"),
    "fee": ("host fee", "主播费用"),
    "conversion": ("conversion (buyers per viewer)", "转化率"),
    "gpm": ("GMV per thousand viewers", "千次观看成交额"),
    "aov": ("average order value", "客单价"),
    "returning_buyer_share": ("share of buyers who had bought before", "老客占比"),
    "new_buyer_repurchase_60d": ("new buyers who ordered again within two months", "新客复购率"),
    "refund_rate": ("refund rate", "退款率"),
    "fee_roi": ("GMV per yuan of fee", "坑位费产出比"),
    "click_rate": ("product click rate", "商品点击率"),
    "returning_buyers": ("returning buyers", "老客人数"),
    "first_time_buyers": ("first-time buyers", "新客人数"),
    "repurchasing_new_buyers": ("new buyers who ordered again", "复购新客数"),
    "refunded_orders": ("refunded orders", "退款订单数"),
    "repurchase_rate": ("share of customers with two or more orders", "复购率"),
    "live_gmv_share": ("share of GMV from live sessions", "直播成交占比"),
    "margin": ("margin after product costs", "毛利"),
    "margin_after_fee": ("margin after product costs and the host fee", "扣除坑位费后的毛利"),
    "session_date": ("session date", "直播日期"),
    "units": ("units sold", "销量（件）"),
}
# What merchants type for a metric ("GPM", "ROI", "坑位费产出比") -> metric id.
ALIASES: dict[str, str] = {
    "gpm": "gpm", "gmv": "gmv", "aov": "aov", "average order value": "aov", "roi": "fee_roi",
    "fee roi": "fee_roi", "conversion rate": "conversion", "conversion": "conversion",
    "refund rate": "refund_rate", "repurchase rate": "repurchase_rate", "margin": "margin",
    "click rate": "click_rate", "千次观看成交额": "gpm", "客单价": "aov", "转化率": "conversion",
    "坑位费产出比": "fee_roi", "复购率": "repurchase_rate", "退款率": "refund_rate",
    "毛利": "margin",
}
_ALIAS = re.compile(r"(?<![a-z])(" + "|".join(sorted(map(re.escape, ALIASES), key=len,
                                                      reverse=True)) + r")(?![a-z])", re.I)


def metric_name(metric: str, lang: str = "en") -> str:
    """The plain name of a metric in a language; an unknown id is made readable."""
    names = METRIC_NAMES.get(metric)
    if names is None:
        return metric.replace("_", " ")
    return names[1] if lang == "zh" else names[0]


def metric_named(text: str) -> str | None:
    """The metric a question names ("What does GPM mean?" -> "gpm"), or None."""
    match = _ALIAS.search(text)
    return ALIASES[match.group(1).lower()] if match else None


# What each metric means, in plain words (en); the exact formulas are in store.metrics.
MEANINGS: dict[str, str] = {
    "gmv": "the total value of the orders placed, refunded orders included",
    "net_gmv": "the total value of the orders placed, refunded orders left out",
    "gpm": "the value of the orders a session brought in for every thousand people who "
           "watched it, so that sessions of different sizes can be compared",
    "aov": "the average value of one order: GMV divided by the number of orders",
    "conversion": "the share of a session's viewers who placed an order",
    "fee_roi": "how many yuan of GMV a session brought in for every yuan paid to its host; "
               "it says nothing about profit, because product costs are left out",
    "refund_rate": "the share of orders that were refunded",
    "repurchase_rate": "the share of your customers who have ordered two or more times",
    "returning_buyer_share": "the share of a session's buyers who had bought from you before "
                             "the day of the session",
    "new_buyer_repurchase_60d": "the share of a session's first-time buyers who ordered again "
                                "within two months",
    "margin": "what the orders left after product costs, refunded orders left out",
    "margin_after_fee": "the margin minus the host fee: what a session earned you",
    "click_rate": "the share of viewers who clicked on a product",
    "live_gmv_share": "the share of your store's GMV that came from live sessions",
}


def define(metric: str, term: str) -> str:
    """The answer to "what does X mean?" for one metric (no numbers, so nothing to source)."""
    name = metric_name(metric)
    head = term if term.lower() == name.lower() else f"{term} ({name})"
    return (f"{head} means {MEANINGS.get(metric, name)}. "
            "I show it next to your own numbers whenever you pick a store.")


def term_named(text: str) -> str:
    """The words the question used for the metric, as typed ("GPM")."""
    match = _ALIAS.search(text)
    return match.group(1) if match else ""
