"""Chinese run-of-show items: on-topic or off-topic from the catalogue's words and word lists.

The bundled sentence model (all-MiniLM-L6-v2) is English, so a Chinese item is not embedded.
It is read instead: shared two-character words with the store's catalogue (product names,
categories, descriptions), words of selling (试吃, 讲解, 发货, …), of interaction tied to the
products or the followers (抽奖, 福袋, 粉丝, …) and of entertainment (跳舞, 唱歌, 八卦, …).
The article's rule decides the mixed cases: play what you sell. A product merely present in an
entertainment item (singing while wearing the dress) does not make it on-topic; a selling word
does; a draw is interaction unless its prize is something the store does not sell.

Word lists and weights were fitted on the tuning sets only (tests/data_segments/zh_tune_*);
the held-out sets (zh_heldout_*) measure them. No model, no I/O, nothing loaded at import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["product", "selling", "interaction", "own", "category", "none"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[A-Za-z]+")

# Showing, explaining or selling the goods: an item with one of these is about what you sell.
SELLING = (
    "试吃", "试喝", "试饮", "试穿", "试色", "试用", "上身", "上脸", "上手", "讲解", "讲讲",
    "介绍", "展示", "演示", "示范", "特写", "开箱", "测评", "实测", "测试", "对比", "答疑",
    "问答", "解答", "回答", "提问", "优惠", "折扣", "满减", "半价", "秒杀", "领券", "券",
    "福利价", "价格", "下单", "链接", "发货", "快递", "包邮", "物流", "退换", "退货", "售后",
    "尺码", "码数", "面料", "成分", "配料", "产地", "工厂", "工艺", "怎么做", "制作", "冲泡",
    "品鉴", "搭配", "穿搭", "保存", "储存", "存放", "保质期", "用法", "怎么用", "教程", "怎么选",
    "新品", "上新", "上架", "评价", "好评", "返图", "买家", "溯源", "采摘", "采茶", "茶园",
    "果园", "养护", "保养", "口感", "辣度", "甜度", "等级", "热量", "走秀", "囤货", "送礼",
    "选购", "库存", "预售", "拍下", "包装", "满", "码", "问", "能吃", "能用", "能穿", "穿什么",
)
# Interaction tied to the store: a draw or lucky bag, the followers, the regulars.
INTERACTION = ("抽奖", "福袋", "粉丝", "老粉", "关注", "回购", "老客", "会员")
# "Ours": the item points at the store's own goods.
OWN = ("我们的", "店里的", "本店", "我家", "咱家", "自家")
# Entertainment and chat that is not about the goods (the article's off-topic content).
ENTERTAINMENT = (
    "跳舞", "舞", "唱", "歌", "K歌", "游戏", "手游", "王者", "吃鸡", "打牌", "斗地主", "猜拳",
    "谜语", "八卦", "绯闻", "恋情", "恋爱", "离婚", "婚礼", "相亲", "男友", "女友", "男朋友",
    "女朋友", "明星", "影星", "娱乐圈", "综艺", "电视剧", "追剧", "短剧", "剧情", "电影", "足球",
    "篮球", "球赛", "世界杯", "天气", "星座", "运势", "算命", "宠物", "猫", "狗", "动物",
    "段子", "笑话", "热梗", "搞笑", "模仿", "鬼故事", "才艺", "魔术", "吉他", "古筝", "钢琴",
    "PK", "减肥", "家长里短", "闲聊", "私生活", "旅游", "旅行", "度假",
)
# Prizes a draw may offer that are not goods of the store: the draw buys traffic, not buyers.
OFF_PRIZES = ("手机", "游戏机", "现金", "红包", "电影票", "门票", "iPhone", "平板", "电视")

WEIGHTS = {"product": 0.6, "selling": 1.0, "interaction": 0.5, "own": 0.4, "category": 0.3}
OFF_WEIGHT = 1.0
ON_AT, OFF_BELOW = 0.3, -0.3   # score >= ON_AT: on-topic; score < OFF_BELOW: off-topic


def is_chinese(text: str) -> bool:
    """True when an item is mostly Chinese: at least as many Han characters as Latin words."""
    han = len(_HAN.findall(text))
    return han >= 1 and han >= len(_LATIN_WORD.findall(text))


def _bigrams(text: str) -> set[str]:
    return {run[i:i + 2] for run in _HAN_RUN.findall(text) for i in range(len(run) - 1)}


@dataclass(frozen=True)
class ZhProduct:
    """A catalogue entry as the words a Chinese item can share with it."""

    name: str
    bigrams: frozenset[str]


@dataclass(frozen=True)
class ZhScore:
    """The reading of one Chinese item: score, the strongest on-topic evidence, what was seen."""

    score: float
    kind: Kind
    closest: str          # the product whose words the item shares most ("" when none)
    entertainment: str    # the entertainment word or unrelated prize seen ("" when none)


class ZhCatalogue:
    """The store's catalogue for Chinese items: bigrams per product and category head nouns."""

    def __init__(self, products: Sequence[tuple[str, str, str]]) -> None:
        """`products`: (name, category, text) per product."""
        self.products = [ZhProduct(name, frozenset(_bigrams(text)))
                         for name, _category, text in products]
        # The last character of a Chinese category (绿茶 → 茶, 连衣裙 → 裙) is its head noun.
        self.heads = frozenset(cat.strip()[-1] for _n, cat, _t in products
                               if cat.strip() and _HAN.fullmatch(cat.strip()[-1]))

    def score(self, item: str) -> ZhScore:
        """Score one item: on-topic evidence minus entertainment (DESIGN: play what you sell)."""
        grams = _bigrams(item)
        overlap = [len(grams & p.bigrams) for p in self.products]
        best = max(range(len(overlap)), key=lambda i: overlap[i], default=-1)
        closest = self.products[best].name if best >= 0 and overlap[best] else ""
        seen: dict[Kind, bool] = {
            "product": bool(closest), "selling": _has(item, SELLING),
            "interaction": _has(item, INTERACTION), "own": _has(item, OWN),
            "category": any(h in item for h in self.heads)}
        found = [k for k, hit in seen.items() if hit]
        kind: Kind = max(found, key=lambda k: WEIGHTS[k]) if found else "none"
        on = WEIGHTS.get(kind, 0.0)
        fun = _first(item, OFF_PRIZES) if seen["interaction"] else ""
        fun = fun or _first(item, ENTERTAINMENT)
        return ZhScore(on - (OFF_WEIGHT if fun else 0.0), kind, closest, fun)


def label_of(score: float) -> str:
    """on_topic, off_topic or unclear from a Chinese score."""
    if score >= ON_AT:
        return "on_topic"
    return "off_topic" if score < OFF_BELOW else "unclear"


def _has(text: str, words: Sequence[str]) -> bool:
    return any(w in text for w in words)


def _first(text: str, words: Sequence[str]) -> str:
    """The longest listed word found in the text ("" when none): the most specific name."""
    return max((w for w in words if w in text), key=len, default="")
