"""The sentences of store findings, lookups and data-gap notes, in English and Chinese, by id.

The Chinese is written for a 商家 as a consultant would say it, not translated word for word.
Placeholders are fact displays (so every number stays a StoreFact.display) or names; a
placeholder `{m_<metric>}` is filled with the metric's plain name in the sentence's language.
"""

from __future__ import annotations

from advisor.glossary import metric_name

LANGS = ("en", "zh")

# id -> (English, Chinese)
PHRASES: dict[str, tuple[str, str]] = {
    "end": (".", "。"),
    "list_sep": ("; ", "；"),
    "name_sep": (", ", "、"),
    "no_sessions": (
        "Your store data has no live sessions yet, so I can't check this advice against your "
        "own numbers.",
        "你的店铺数据里还没有直播场次，所以暂时没法拿你自己的数字来检验这条建议。"),
    "no_celebrity": (
        "Your store data has no celebrity-hosted sessions, so your own numbers can't show what "
        "a celebrity would do for you.",
        "你的店铺数据里没有明星直播的场次，所以从你自己的数字看不出请明星能给你带来什么。"),
    # One session against a baseline: the head, then any of the two comparisons, then "end".
    "session_head": ("Your {label} on {day} drew {viewers} viewers and converted {only}{conv} "
                     "of them",
                     "你 {day} 的{label}有 {viewers} 人观看，{m_conversion}{only} {conv}"),
    "label_celebrity": ("celebrity session", "明星直播"),
    "label_busiest": ("busiest session", "那场人气最高的直播"),
    "only": ("only ", "只有"),
    "vs_other_sessions": (", against {other} in your other sessions", "，而你其他场次是 {other}"),
    "vs_all_sessions": (", against {overall} across all your sessions",
                        "，而你全部场次是 {overall}"),
    "fee_return": ("Its GMV was {roi} times its fee ({gmv} of GMV{refunds} against a {fee} fee).",
                   "这场的成交额是坑位费的 {roi} 倍（成交额 {gmv}{refunds}，坑位费 {fee}）。"),
    "after_refunds": (", {net} after refunds,", "，退款后 {net}"),
    "no_fee": ("Your data has no fee for that session, so I can't tell whether it was "
               "worth the money.",
               "你的数据里没有这场的坑位费，所以我判断不了这笔钱花得值不值。"),
    "lost_money": (
        "After product costs and the fee it lost money: its orders left {margin} of margin, and "
        "{after} once the fee is taken off. That is the thin return the general advice warns "
        "about.",
        "这场明星直播扣掉商品成本和坑位费后亏了钱：订单{m_margin} {margin}，扣掉坑位费后是 "
        "{after}；这正是通用建议提醒过的那种回报太薄的情况。"),
    "paid_off": (
        "Here your own data disagrees with the general advice: this celebrity session earned "
        "{after} after product costs and the fee ({margin} of margin before the fee), so it paid "
        "for itself; look at whether its new buyers keep ordering before you decide to book "
        "another.",
        "在这一点上，你自己的数据和通用建议不一样：这场明星直播扣掉商品成本和坑位费后还赚了 "
        "{after}（扣坑位费前{m_margin} {margin}），算是回本了；要不要再请，先看看这场带来的新客"
        "会不会继续下单。"),
    "fee_only": (
        "Your products have no costs, so I judge it on GMV per yuan of fee only and can't tell "
        "whether it made a profit",
        "你的商品没有填成本，所以我只能按{m_fee_roi}来判断，看不出这场到底赚没赚钱"),
    "fee_only_high": (": on that measure it brought in well over its fee, which goes against "
                      "the general advice.",
                      "：按这个口径，它带来的成交额远远超过坑位费，这和通用建议的判断相反。"),
    "fee_only_low": (": on that measure its GMV barely covered the fee, which is what the "
                     "general advice warns about.",
                     "：按这个口径，它的成交额勉强够付坑位费，这正是通用建议提醒的情况。"),
    "fee_only_mid": (": on that measure its GMV covered the fee, but not by much.",
                     "：按这个口径，成交额够付坑位费，但富余不多。"),
    # One host type's sessions: the head, then "too few" or the optional parts, then "end".
    "host_group": ("Your {name} sessions ({n}) converted {conv} of viewers, {gpm} per thousand "
                   "viewers",
                   "你的{name}场次（{n} 场）{m_conversion} {conv}，{m_gpm} {gpm}"),
    "host_too_few": (", but that is too few sessions to compare.",
                     "，但场次太少，还不能拿来比较。"),
    "host_fee_roi": (", with GMV at {roi} times the fees paid", "，成交额是所付坑位费的 {roi} 倍"),
    "host_returning": (", and {ret} of their buyers had bought from you before",
                       "，{m_returning_buyer_share} {ret}"),
    "no_off_topic": (
        "None of your sessions' run-of-show items read as mostly off-topic: at most a few items "
        "per session were about something other than your products or selling them.",
        "你各场直播的环节里，没有哪一场以跑题内容为主：每场最多只有少数几个环节说的不是你的商品"
        "或卖货。"),
    "off_topic_groups": (
        "Your {n} off-topic sessions ({names}) drew {total} viewers in all but converted {conv} "
        "of them, {gpm} per thousand viewers",
        "你有 {n} 场直播以跑题内容为主（{names}），一共吸引了 {total} 人观看，但{m_conversion}"
        "只有 {conv}，{m_gpm} {gpm}"),
    "off_topic_vs_rest": (", against {on_conv} and {on_gpm} in the rest",
                          "，而其余场次分别是 {on_conv} 和 {on_gpm}"),
    "off_topic_items": ("The items marked off-topic in those sessions: {listed}.",
                        "这些场次里被判定为跑题的环节有：{listed}。"),
    "run_of_show": ("Its run-of-show was: {items}.", "这场的直播流程是：{items}。"),
    "hidden_item": ("(an item worded as an instruction, not shown)",
                    "（一个写成指令口吻的环节，不予显示）"),
    "repurchase_rate": ("Store-wide, {rate} of your customers have ordered two or more times.",
                        "从全店来看，{rate} 的顾客下过两次或以上的订单。"),
    "store_headline": (
        "Your {n} live sessions drew {viewers} viewers, converted {conv} of them and brought "
        "{gmv} of GMV ({share} of your store's GMV), {aov} per order.",
        "你的 {n} 场直播一共有 {viewers} 人观看，{m_conversion} {conv}，带来 {gmv} 的成交额"
        "（占全店成交额的 {share}），{m_aov} {aov}。"),
    # Returning buyers and 60-day repurchase of a session or of all live sessions.
    "returning": ("{own} of {owner} buyers had bought from you before",
                  "{owner}的买家里，有 {own} 以前在你这儿买过"),
    "repurchase_60d": ("{own} of {owner} first-time buyers ordered again within 60 days",
                       "{owner}的新客里，有 {own} 在 60 天内又下了单"),
    "vs_rest_label": (", against {other} in {rest}", "，而{rest}是 {other}"),
    "owner_session": ("that session's", "这场直播"),
    "owner_live": ("your live sessions'", "你所有直播"),
    "rest_sessions": ("your other sessions", "你的其他场次"),
    # One day's sessions (store/lookups.py).
    "session_report": (
        "Your session on {date} ({sid}) drew {viewers} viewers, converted {conv} of them and "
        "brought {gmv} of GMV, against {overall} conversion across all your sessions.",
        "你 {date} 的那场直播（{sid}）有 {viewers} 人观看，{m_conversion} {conv}，成交额 {gmv}；"
        "你全部场次的整体{m_conversion}是 {overall}。"),
    "period_totals": (
        "In {month}, the last full month of your data, your store took {orders} orders from "
        "{buyers} buyers for {gmv} of GMV (refunds included).",
        "你数据里最近一个完整月份 {month}，店铺共有 {orders} 笔订单、{buyers} 位买家，"
        "成交额 {gmv}（含退款）。"),
    "period_totals_partial": (
        "Your data holds no full month yet; in {month}, its latest month (not over in your "
        "data), your store took {orders} orders from {buyers} buyers for {gmv} of GMV "
        "(refunds included).",
        "你的数据里还没有一个完整的月份；最近的 {month}（数据里这个月还没过完），店铺共有 "
        "{orders} 笔订单、{buyers} 位买家，成交额 {gmv}（含退款）。"),
    "period_totals_named": (
        "In {month}, your store took {orders} orders from {buyers} buyers for {gmv} of GMV "
        "(refunds included).",
        "{month} 这个月，店铺共有 {orders} 笔订单、{buyers} 位买家，成交额 {gmv}（含退款）。"),
    "no_orders_that_month": ("Your store data has no orders in {month}.",
                             "你的店铺数据里，{month} 没有订单。"),
    "best_product": ("{name}: {gmv} of GMV from {units} units sold.",
                     "{name}：成交额 {gmv}，卖出 {units} 件。"),
    "best_products_head": ("Your best-selling products by GMV, all orders included:",
                           "按成交额排，你卖得最好的商品（全部订单）："),
    "no_session_that_day": ("Your store data has no live session on that day.",
                            "你的店铺数据里，那天没有直播场次。"),
    # What the data cannot answer (store/gaps.py).
    "no_competitors": (
        "Your store data covers only your own store, so I don't have competitors' or industry "
        "numbers to compare with; the figures here are yours alone.",
        "你的店铺数据只有你自己这一家店，我手上没有同行或行业的数字可以对比；这里的数字都只是你"
        "自己的。"),
    "no_ad_spend": ("Your store data has no ad spend, so I can't tell whether paid promotion paid "
                    "back.",
                    "你的店铺数据里没有投流或广告花费，所以判断不了付费推广有没有赚回来。"),
    "no_costs": ("Your product data has no costs, so I can't work out margins or "
                 "profit; the numbers here are revenue, not profit.",
                 "你的商品数据里没有成本，所以算不出毛利或利润；这里的数字是销售额，不是利润。"),
    "no_store": ("I can't see your store's numbers in this conversation: choose one of your "
                 "stores (or import your data on the Store page) and ask again to get this "
                 "answer with your own figures.",
                 "在这次对话里我看不到你店铺的数字：先选一个你的店铺（或者在店铺页面导入你的数据），"
                 "再问一次，就能拿到结合你自己数字的回答。"),
}

# How the store findings name each host type's sessions ("Your owner-hosted sessions").
ANCHOR_NAMES: dict[str, tuple[str, str]] = {
    "owner": ("owner-hosted", "老板自播"), "staff": ("staff-hosted", "员工主播"),
    "professional": ("professional-hosted", "专业主播"),
    "influencer": ("influencer-hosted", "达人主播"), "celebrity": ("celebrity-hosted", "明星直播"),
}


class _Values(dict[str, str]):
    """Format values; a missing `m_<metric>` key is the metric's plain name."""

    def __init__(self, lang: str, values: dict[str, str]) -> None:
        super().__init__(values)
        self.lang = lang

    def __missing__(self, key: str) -> str:
        if key.startswith("m_"):
            return metric_name(key[2:], self.lang)
        raise KeyError(f"phrase placeholder {key!r} has no value")


def check_lang(lang: str) -> str:
    """The language code itself, or a ValueError naming it."""
    if lang not in LANGS:
        raise ValueError(f"unknown answer language {lang!r}: expected 'en' or 'zh'")
    return lang


def say(key: str, lang: str = "en", **values: object) -> str:
    """The phrase `key` in `lang`, its placeholders filled with `values`."""
    try:
        en, zh = PHRASES[key]
    except KeyError:
        raise KeyError(f"no phrase with id {key!r} in advisor.store.phrases") from None
    template = zh if check_lang(lang) == "zh" else en
    return template.format_map(_Values(lang, {k: str(v) for k, v in values.items()}))


def anchor_name(anchor_type: str, lang: str = "en") -> str:
    """A host type's sessions as a finding names them; an unknown type as it is written."""
    names = ANCHOR_NAMES.get(anchor_type)
    if names is None:
        return anchor_type
    return names[1] if check_lang(lang) == "zh" else names[0]
