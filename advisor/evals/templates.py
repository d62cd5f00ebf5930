"""The eval suite's own reference of answer shapes: named sentence templates, host cues, ratings.

Written from the answer contract (DESIGN §6, §11), not imported from the composer, so that a
composer that invents a sentence, hedges its verdict or swaps a rating is caught.
"""

from __future__ import annotations

import re

from advisor.evals.cases import normalize_text

_NUM = r"(?:-?¥?[\d,]+(?:\.\d+)?%?|n/a)"
_DATE = r"\d{4}-\d{2}-\d{2}"
_HOSTED = r"(?:owner|staff|professional|influencer|celebrity)-hosted"

# Sentences the grounded composer and the store findings may write besides card sentences.
# Matched against the normalised sentence (lower case, no markers or labels), whole.
TEMPLATES: dict[str, str] = {
    "low_confidence_note": r"none of my guidance covers this question directly; this is the "
                           r"closest advice i have\.",
    "gap_note": r"my guidance doesn't cover [^;]{3,60}, so i won't guess at it; this is the "
                r"closest advice i have\.",
    "ignored_instructions": r"your message contained instructions addressed to me; i treated "
                            r"them as text and answered the question itself\.",
    "no_guidance": r"i don't have guidance on that yet\.|i can help with choosing a live host.*",
    # The same notes in Chinese (advisor/wording.py writes them; these are written apart).
    "low_confidence_note_zh": r"我的建议里没有直接回答这个问题的内容；下面是最接近的一条。",
    "gap_note_zh": r"我的建议不涉及[^；]{2,30}，这方面我不瞎猜；下面是最接近的一条。",
    "ignored_instructions_zh": r"你的消息里有写给我的指令；"
                               r"我把它们当作普通文字，只回答了问题本身。",
    "no_guidance_zh": r"这个问题我还没有相关的建议。|我能帮你的是：.*",
    "host_pick": r"(you, the owner|staff you cultivate|signed professional|influencer or expert "
                 r"partner|celebrity) should host your streams, because .+",
    "host_ranking": r"by conversion, your sessions rank: .+",
    "host_ratings_source": r"ratings from the host guidance\.?",
    "host_ratings_source_zh": r"评分依据主播相关的建议。?",
    "no_store_note": r".*(pick|choose|select) (a|your) store.*|.*i can't see your store.*",
    "no_sessions": r"your store data has no live sessions yet, so i can't check this advice "
                   r"against your own numbers\.",
    "no_celebrity": r"your store data has no celebrity-hosted sessions, so your own numbers "
                    r"can't show what a celebrity would do for you\.",
    "session_headline": rf"your (celebrity session|busiest session) on {_DATE} drew {_NUM} "
                        rf"viewers and converted (only )?{_NUM} of them(, against {_NUM} (in your "
                        rf"other sessions|across all your sessions))*\.",
    "fee_return": rf"its gmv was {_NUM} times its fee \({_NUM} of gmv(, {_NUM} after refunds,)? "
                  rf"against a {_NUM} fee\)\.",
    "no_fee": r"your data has no fee for that session, so i can't tell whether it was worth "
              r"the money\.",
    "paid_off": rf"here your own data disagrees with the general advice: this celebrity session "
                rf"earned {_NUM} after product costs and the fee \({_NUM} of margin before the "
                rf"fee\), so it paid for itself; look at whether its new buyers keep ordering "
                rf"before you decide to book another\.",
    "lost_money": rf"after product costs and the fee it lost money: its orders left {_NUM} of "
                  rf"margin, and {_NUM} once the fee is taken off\.",
    "thin_return": r"that is the thin return the general advice warns about\.",
    "fee_only": r"your products have no costs, so i judge it on gmv per yuan of fee only and "
                r"can't tell whether it made a profit(: on that measure (it brought in well over "
                r"its fee(, which goes against the general advice)?|its gmv barely covered the "
                r"fee, which is what the general advice warns "
                r"about|its gmv covered the fee, but not by much))?\.",
    "no_costs": r"your product data has no costs, so i can't work out margins or profit; the "
                r"numbers here are revenue, not profit\.",
    "no_competitors": r"your store data covers only your own store, so i don't have "
                      r"competitors' or industry numbers to compare with; the figures here are "
                      r"yours alone\.",
    "no_ad_spend": r"your store data has no ad spend, so i can't tell whether paid promotion "
                   r"paid back\.",
    "host_group_few": rf"your {_HOSTED} sessions \({_NUM}\) converted {_NUM} of viewers, {_NUM} "
                      rf"per thousand viewers, but that is too few sessions to compare\.",
    "loyalty": rf"{_NUM} of (that session's|your live sessions'|their) (first-time )?buyers "
               rf"(had bought from you before|ordered again within 60 days)(, against {_NUM} "
               rf"in your other sessions)?\.",
    "host_group": rf"your {_HOSTED} sessions \({_NUM}\) converted {_NUM} of viewers, {_NUM} per "
                  rf"thousand viewers(, with gmv at {_NUM} times the fees paid)?(,? and {_NUM} of "
                  rf"their buyers had bought from you before)?\.",
    "off_topic_groups": rf"your {_NUM} off-topic sessions \(.+\) drew {_NUM} viewers in all but "
                        rf"converted {_NUM} of them, {_NUM} per thousand viewers(, against {_NUM} "
                        rf"and {_NUM} in the rest)?\.",
    "off_topic_items": r"the items marked off-topic in those sessions: .+",
    "no_off_topic": r"none of your sessions' run-of-show items read as mostly off-topic: at most "
                    r"a few items per session were about something other than your products or "
                    r"selling them\.",
    "run_of_show": r"its run-of-show was: .+",
    "store_headline": rf"your {_NUM} live sessions drew {_NUM} viewers, converted {_NUM} of them "
                      rf"and brought {_NUM} of gmv \({_NUM} of your store's gmv\), {_NUM} per "
                      rf"order\.",
    "session_report": rf"your session on {_DATE} \([^)]+\) drew {_NUM} viewers, converted "
                      rf"{_NUM} of them and brought {_NUM} of gmv, against {_NUM} conversion "
                      rf"across all your sessions\.",
    "no_session_that_day": r"your store data has no live session on that day\.",
    "period_totals": rf"in \d{{4}}-\d{{2}}, (the last full month of your data, )?your store took "
                     rf"{_NUM} orders from {_NUM} buyers for {_NUM} of gmv \(refunds included\)\.",
    "no_orders_that_month": r"your store data has no orders in (\d{4}-\d{2}|—)\.",
    "best_products_head": r"your best-selling products by gmv, all orders included: .+",
    "best_product": rf"[^:]{{1,80}}: {_NUM} of gmv from {_NUM} units sold\.",
    "glossary": r"[^.]{2,60} means [^.]{8,200}\.",
    "glossary_store": r"i show it next to your own numbers whenever you pick a store\.",
    "repurchase_rate": rf"store-wide, {_NUM} of your customers have ordered two or more times\.",
}
_NUM_ZH = r"(?:-?¥?[\d,]+(?:\.\d+)?%?|n/a|暂无)"
_HOSTED_ZH = r"(?:老板自播|员工主播|专业主播|达人主播|明星直播)"
_HOST_ZH = r"(?:老板自播|员工主播|专业主播|达人主播|明星)"
# The Chinese answers' store findings and host lines, by the same names as above.
TEMPLATES_ZH: dict[str, str] = {
    "host_pick": rf"建议由{_HOST_ZH}来做你的直播(，因为.+)?。",
    "host_ranking": rf"按转化率排序，你的场次依次是：{_HOSTED_ZH} {_NUM_ZH}(、{_HOSTED_ZH} "
                    rf"{_NUM_ZH})*。",
    "no_store_note": r".*选.{0,4}店铺.*|.*看不到你店铺.*",
    "no_sessions": r"你的店铺数据里还没有直播场次，所以暂时没法拿你自己的数字来检验这条建议。",
    "no_celebrity": r"你的店铺数据里没有明星直播的场次，所以从你自己的数字看不出请明星能给你带来"
                    r"什么。",
    "session_headline": rf"你 {_DATE} 的(明星直播|那场人气最高的直播)有 {_NUM_ZH} 人观看，转化率"
                        rf"(只有)? {_NUM_ZH}(，而你(其他|全部)场次是 {_NUM_ZH})*。",
    "fee_return": rf"这场的成交额是坑位费的 {_NUM_ZH} 倍（成交额 {_NUM_ZH}(，退款后 {_NUM_ZH})?，"
                  rf"坑位费 {_NUM_ZH}）。",
    "no_fee": r"你的数据里没有这场的坑位费，所以我判断不了这笔钱花得值不值。",
    "paid_off": rf"在这一点上，你自己的数据和通用建议不一样：这场明星直播扣掉商品成本和坑位费后还"
                rf"赚了 {_NUM_ZH}（扣坑位费前毛利 {_NUM_ZH}），算是回本了；要不要再请，先看看这场"
                rf"带来的新客会不会继续下单。",
    "lost_money": rf"这场明星直播扣掉商品成本和坑位费后亏了钱：订单毛利 {_NUM_ZH}，扣掉坑位费后是 "
                  rf"{_NUM_ZH}；这正是通用建议提醒过的那种回报太薄的情况。",
    "fee_only": r"你的商品没有填成本，所以我只能按坑位费产出比来判断，看不出这场到底赚没赚钱(。|"
                r"：按这个口径，(它带来的成交额远远超过坑位费，这和通用建议的判断相反|它的成交额"
                r"勉强够付坑位费，这正是通用建议提醒的情况|成交额够付坑位费，但富余不多)。)",
    "no_costs": r"你的商品数据里没有成本，所以算不出毛利或利润；这里的数字是销售额，不是利润。",
    "no_competitors": r"你的店铺数据只有你自己这一家店，我手上没有同行或行业的数字可以对比；这里的"
                      r"数字都只是你自己的。",
    "no_ad_spend": r"你的店铺数据里没有投流或广告花费，所以判断不了付费推广有没有赚回来。",
    "host_group_few": rf"你的{_HOSTED_ZH}场次（{_NUM_ZH} 场）转化率 {_NUM_ZH}，千次观看成交额 "
                      rf"{_NUM_ZH}，但场次太少，还不能拿来比较。",
    "loyalty": rf"(这场直播|你所有直播)的(买家里，有 {_NUM_ZH} 以前在你这儿买过|新客里，有 "
               rf"{_NUM_ZH} 在 60 天内又下了单)(，而你的其他场次是 {_NUM_ZH})?。",
    "host_group": rf"你的{_HOSTED_ZH}场次（{_NUM_ZH} 场）转化率 {_NUM_ZH}，千次观看成交额 "
                  rf"{_NUM_ZH}(，成交额是所付坑位费的 {_NUM_ZH} 倍)?(，老客占比 {_NUM_ZH})?。",
    "off_topic_groups": rf"你有 {_NUM_ZH} 场直播以跑题内容为主（.+），一共吸引了 {_NUM_ZH} 人观看，"
                        rf"但转化率只有 {_NUM_ZH}，千次观看成交额 {_NUM_ZH}(，而其余场次分别是 "
                        rf"{_NUM_ZH} 和 {_NUM_ZH})?。",
    "off_topic_items": r"这些场次里被判定为跑题的环节有：.+",
    "no_off_topic": r"你各场直播的环节里，没有哪一场以跑题内容为主：每场最多只有少数几个环节说的"
                    r"不是你的商品或卖货。",
    "run_of_show": r"这场的直播流程是：.+",
    "store_headline": rf"你的 {_NUM_ZH} 场直播一共有 {_NUM_ZH} 人观看，转化率 {_NUM_ZH}，带来 "
                      rf"{_NUM_ZH} 的成交额（占全店成交额的 {_NUM_ZH}），客单价 {_NUM_ZH}。",
    "session_report": rf"你 {_DATE} 的那场直播（[^）]+）有 {_NUM_ZH} 人观看，转化率 {_NUM_ZH}，"
                      rf"成交额 {_NUM_ZH}；你全部场次的整体转化率是 {_NUM_ZH}。",
    "no_session_that_day": r"你的店铺数据里，那天没有直播场次。",
    "period_totals": rf"(你数据里最近一个完整月份 |)\d{{4}}-\d{{2}}( 这个月)?，店铺共有 "
                     rf"{_NUM_ZH} 笔订单、{_NUM_ZH} 位买家，成交额 {_NUM_ZH}（含退款）。",
    "no_orders_that_month": r"你的店铺数据里，(\d{4}-\d{2}|—) 没有订单。",
    "best_products_head": r"按成交额排，你卖得最好的商品（全部订单）：.*",
    "best_product": rf"[^：]{{1,80}}：成交额 {_NUM_ZH}，卖出 {_NUM_ZH} 件。",
    "repurchase_rate": rf"从全店来看，{_NUM_ZH} 的顾客下过两次或以上的订单。",
}
_COMPILED = {name: re.compile(pattern) for name, pattern in TEMPLATES.items()}
_COMPILED_ZH = {name: re.compile(pattern) for name, pattern in TEMPLATES_ZH.items()}
_REGISTRIES = {"en": (_COMPILED,), "zh": (_COMPILED_ZH,), None: (_COMPILED, _COMPILED_ZH)}


def template_of(sentence: str, lang: str | None = None) -> str | None:
    """The name of the template this sentence fills (in `lang`, or in either), or None."""
    if lang not in _REGISTRIES:
        raise ValueError(f"unknown template language {lang!r}: expected 'en', 'zh' or None")
    text = normalize_text(sentence)
    return next((name for registry in _REGISTRIES[lang] for name, rx in registry.items()
                 if rx.fullmatch(text)), None)


# A line's leading bold label ("**Why.**", "**My recommendation:**", "**Next steps**").
LABEL = re.compile(r"^\*\*[^*]{1,60}?\*\*\s*")
# Phrases that take a recommendation back.
HEDGE = re.compile(r"\b(the opposite (is|works) (also|just as)|either way (is|works) (fine|just)|"
                   r"it doesn't (really )?matter (which|what)|ignore (the|this) advice|"
                   r"both are equally (good|fine)|(is|are) also fine\.?$)", re.I)
CAUTION = re.compile(r"\*\*(avoid|watch out|caution|don't)[^*]{0,20}\*\*|\*\*(避免|注意|不要)",
                     re.I)
YES_NO_QUESTION = re.compile(
    r"^\s*(should|shall|do (i|we) need|is it (worth|wise|a good idea|smart|ok)|would it|"
    r"(is|are|was|were) (it|that|this|they|she|he|the|our|my) .{0,60}worth)\b|"
    r"\bworth (it|the (fee|money|cost)|paying|hiring)\b|(^|[.!?]\s+)(should|shall) (i|we)\b|"
    r"要不要|值得|该不该|是否",
    re.I)
VERDICT = re.compile(r"my recommendation|in short|^\W*(yes|no|go with)\b|"
                     r"\b(don'?t|do not|avoid|never|"
                     r"should|shouldn't|first choice|worth|not worth|only (if|when)|skip)\b|"
                     r"建议|不要|值得|应该", re.I)

HOST_OPTIONS = ("owner", "staff", "professional", "influencer", "celebrity")
_PICK = re.compile(r"(you, the owner|staff you cultivate|signed professional|influencer or expert "
                   r"partner|celebrity) should host")
_PICK_NAMES = {"you, the owner": "owner", "staff you cultivate": "staff",
               "signed professional": "professional", "influencer or expert partner": "influencer",
               "celebrity": "celebrity"}
# Sentences that only make sense when a given option hosts (steps included).
_OPTION_CUES = {
    "owner": re.compile(r"make the (store )?owner your first choice|owner's calendar|"
                        r"find out whether you enjoy presenting"),
    "professional": re.compile(r"(sign|hire) a professional (host|anchor) (now|first|for)"),
    "celebrity": re.compile(r"book (a|the) celebrity (for|as) (your|every)"),
}


_PICK_ZH = re.compile(r"建议由(老板自播|员工主播|专业主播|达人主播|明星)来做")
_PICK_NAMES_ZH = {"老板自播": "owner", "员工主播": "staff", "专业主播": "professional",
                  "达人主播": "influencer", "明星": "celebrity"}


def recommended_host(sentence: str) -> str | None:
    """The host option a sentence recommends, if it recommends one."""
    text = normalize_text(sentence)
    match = _PICK.search(text)
    if match:
        return _PICK_NAMES[match.group(1)]
    match = _PICK_ZH.search(text)
    if match:
        return _PICK_NAMES_ZH[match.group(1)]
    return next((opt for opt, rx in _OPTION_CUES.items() if rx.search(text)), None)


_LABELS = {"owner": r"\bowner", "staff": r"\bstaff", "professional": r"\bprofessional",
           "influencer": r"\binfluencer", "celebrity": r"\bcelebrit"}


_LABELS_ZH = {"owner": r"老板|店主", "staff": r"员工", "professional": r"专业主播",
              "influencer": r"达人", "celebrity": r"明星"}


def host_labels(unit: str) -> set[str]:
    """The host types a sentence or table row names (in English or Chinese)."""
    text = normalize_text(unit)
    return {opt for labels in (_LABELS, _LABELS_ZH) for opt, rx in labels.items()
            if re.search(rx, text)}


# The host comparison table's ratings, as the host cards give them (pinned reference).
HOST_RATINGS: dict[str, dict[str, str]] = {
    "owner": {"your time": "high: your own hours", "cost": "low: no fee", "stability": "high",
              "brand fit": "high: you are the brand", "product knowledge": "high"},
    "staff": {"your time": "medium: training", "cost": "low: salary you already pay",
              "stability": "high: stays with the store", "product knowledge": "high"},
    "professional": {"cost": "high: recurring fee", "stability": "low: may leave",
                     "product knowledge": "must be trained"},
    "influencer": {"cost": "fee or commission", "stability": "low: their audience"},
    "celebrity": {"cost": "very high", "stability": "one-off",
                  "brand fit": "low: fans follow the star"},
}
# The same ratings in the Chinese table (its column headers and cells as the reader sees them).
HOST_RATINGS_ZH: dict[str, dict[str, str]] = {
    "owner": {"你的时间": "高：占用你自己的时间", "成本": "低：不用付费", "稳定性": "高",
              "品牌契合度": "高：你就是品牌", "产品熟悉度": "高"},
    "staff": {"你的时间": "中：要花时间培养", "成本": "低：本来就在发的工资",
              "稳定性": "高：人留在店里", "产品熟悉度": "高"},
    "professional": {"成本": "高：要长期付费", "稳定性": "低：随时可能走人",
                     "产品熟悉度": "需要培训"},
    "influencer": {"成本": "坑位费或佣金", "稳定性": "低：粉丝是对方的"},
    "celebrity": {"成本": "非常高", "稳定性": "一次性", "品牌契合度": "低：粉丝跟着明星走"},
}
_ROW_OPTION = {"you, the owner": "owner", "staff you cultivate": "staff",
               "signed professional": "professional", "influencer or expert partner": "influencer",
               "celebrity": "celebrity", **_PICK_NAMES_ZH}


def host_ratings(option: str) -> dict[str, str]:
    """The pinned ratings of one option, English and Chinese columns together."""
    return {**HOST_RATINGS.get(option, {}), **HOST_RATINGS_ZH.get(option, {})}


def table_rows(text: str) -> dict[str, dict[str, str]]:
    """The host table of an answer: option -> {column (lower case): cell}; {} without one."""
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("|")]
    if len(lines) < 3:
        return {}
    header = [normalize_text(c) for c in lines[0].strip("|").split("|")]
    rows: dict[str, dict[str, str]] = {}
    for line in lines[2:]:
        cells = [normalize_text(c) for c in line.strip("|").split("|")]
        option = _ROW_OPTION.get(cells[0])
        if option:
            rows[option] = dict(zip(header, cells, strict=False))
    return rows if "host" in header or "主播" in header else {}
