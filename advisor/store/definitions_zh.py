"""The Chinese text of every store metric definition (DESIGN §5, §12), beside the English
METRIC_DEFINITIONS of advisor.store.metrics; read through metrics.metric_definition."""

from __future__ import annotations

# The 60 below is metrics.REPURCHASE_DAYS (a test keeps them equal; importing it here would
# make the two modules import each other).
METRIC_DEFINITIONS_ZH: dict[str, str] = {
    "viewers": "本场直播的观看人数（去重），以平台报告为准。",
    "sessions": "直播场次数。",
    "units": "卖出的件数：订单数量之和，含已退款订单。",
    "gmv": "订单金额之和，含已退款订单（GMV）。",
    "net_gmv": "未退款订单的金额之和。",
    "live_gmv": "在直播中下单的订单的成交额。",
    "orders": "订单数。",
    "buyers": "本场下单的不同顾客数（分组时为各场之和）。",
    "customers": "在任一渠道至少下过一单的不同顾客数。",
    "fee": "本场付给主播的费用（坑位费或出场费）。",
    "conversion": "下单人数 / 观看人数（分组时：下单人数合计 / 观看人数合计）。",
    "gpm": "千次观看成交额：成交额 / 观看人数 × 1000（分组时：成交额合计 / 观看人数合计）。",
    "aov": "客单价：成交额 / 订单数（分组时：成交额合计 / 订单数合计）。",
    "returning_buyer_share": (
        "本场下单顾客中，在直播当天之前已在任一渠道下过单的比例"
        "（分组时：老客合计 / 下单人数合计）。"
    ),
    "new_buyer_repurchase_60d": (
        "本场的新客（直播当天之前没有订单）在本场首单之后、直播日期后第 60 个自然日之内，"
        "在任一渠道再次下单的比例（分组时：复购新客合计 / 新客合计）。"
    ),
    "refund_rate": "退款订单数 / 订单数，按订单计（分组时：用合计）。",
    "fee_roi": (
        "每 ¥1 主播费用带来的成交额：成交额 / 费用，只算费用大于 0 的场次"
        "（分组时：有费用场次的成交额 / 费用合计）。"
    ),
    "click_rate": "点击商品的人数 / 观看人数，仅在提供了商品点击数据时计算。",
    "returning_buyers": "本场下单顾客中，直播当天之前下过单的人数。",
    "first_time_buyers": "本场下单顾客中，直播当天之前没有订单的人数。",
    "repurchasing_new_buyers": "本场新客中，60 天内再次下单的人数。",
    "refunded_orders": "退款订单数。",
    "repurchase_rate": "下过 2 单及以上（任一渠道）的顾客 / 全部顾客。",
    "live_gmv_share": "直播中下单的成交额 / 全部订单的成交额。",
    "margin": (
        "未退款订单的（金额 − 数量 × 商品成本）之和；只在这些订单的商品都有成本时计算"
        "（分组时：合计；全店：全部订单）。"
    ),
    "margin_after_fee": "毛利 − 主播费用（费用为空按 0 计；分组和全店：费用大于 0 的合计）。",
}
