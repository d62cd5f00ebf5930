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

# The same meanings in Chinese, written for the Chinese answer (not translated word by word).
MEANINGS_ZH: dict[str, str] = {
    "gmv": "所有订单的总金额，已退款的订单也算在内",
    "net_gmv": "所有订单的总金额，不算已退款的订单",
    "gpm": "一场直播每一千人观看带来的成交额，用来比较规模不同的场次",
    "aov": "平均每一单的金额：成交额除以订单数",
    "conversion": "一场直播的观看者中下了单的人所占的比例",
    "fee_roi": "一场直播每付给主播一元带来多少元成交额；它不说明利润，因为没有扣除商品成本",
    "refund_rate": "退了款的订单所占的比例",
    "repurchase_rate": "下过两单及以上的顾客在全部顾客中所占的比例",
    "returning_buyer_share": "一场直播的下单顾客中，直播当天之前就在你这里买过的人所占的比例",
    "new_buyer_repurchase_60d": "一场直播的新客中，两个月内再次下单的人所占的比例",
    "margin": "订单扣除商品成本后剩下的钱，不算已退款的订单",
    "margin_after_fee": "毛利再减去主播费用：这场直播真正为你赚到的钱",
    "click_rate": "观看者中点击了商品的人所占的比例",
    "live_gmv_share": "店铺成交额中来自直播的部分所占的比例",
}


def define(metric: str, term: str, lang: str = "en") -> str:
    """The answer to "what does X mean?" for one metric (no numbers, so nothing to source),
    in English or, for lang="zh", in Chinese."""
    name = metric_name(metric, lang)
    head = term if term.lower() == name.lower() else (
        f"{term}（{name}）" if lang == "zh" else f"{term} ({name})")
    if lang == "zh":
        return (f"{head}指的是{MEANINGS_ZH.get(metric, name)}。"
                "选定店铺后，我会把它和你自己的数据放在一起给你看。")
    return (f"{head} means {MEANINGS.get(metric, name)}. "
            "I show it next to your own numbers whenever you pick a store.")


def term_named(text: str) -> str:
    """The words the question used for the metric, as typed ("GPM")."""
    match = _ALIAS.search(text)
    return match.group(1) if match else ""
