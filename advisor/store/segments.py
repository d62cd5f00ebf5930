"""Is a run-of-show item about the store's products or about selling them? (issue 4, 3a/3b)

An item is compared, by sentence-embedding similarity, with the store's catalogue (product
names, categories, descriptions), the session's featured products and a few "selling"
prototypes (a Q&A, a discount, delivery questions) that are on-topic without a product name.
It is also compared with a few "entertainment" prototypes (dancing, games, gossip). The score
is the best on-topic similarity minus the best off-topic one, plus a little evidence from a
small lexicon; two thresholds turn it into on_topic (>= t_on), off_topic (< t_off) or unclear.

The embedder is passed in (the Embedder protocol); nothing here loads a model. Thresholds are
tuned per model on the labelled sets in tests/data_segments (see SEGMENT_THRESHOLDS). Chinese
items are not embedded (the model is English): advisor.store.segments_zh reads them. Reasons
are given in the item's language, or in the one asked for (a plan's), never with raw scores.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from advisor.embeddings import MiniLMEmbedder
from advisor.store import segments_zh
from advisor.store.segments_zh import ZhCatalogue, ZhScore, is_chinese

if TYPE_CHECKING:
    import pandas as pd

    from advisor.embeddings import Embedder

Label = Literal["on_topic", "off_topic", "unclear"]
Lang = Literal["en", "zh"]

SELLING_PROTOTYPES = (
    "showing and explaining a product",
    "product demonstration and close-up",
    "Q&A about the product",
    "answering viewers' questions about the products",
    "discount announcement and coupons",
    "price and promotion explained",
    "delivery, shipping and after-sales questions",
    "how to order and checkout",
    "unboxing a new arrival",
    "comparing two products and which one to buy",
    "customer reviews and testimonials",
    "how the product is made",
)
OFF_PROTOTYPES = (
    "dance challenge",
    "singing karaoke songs",
    "playing a mobile video game",
    "celebrity gossip and rumours",
    "re-enacting a trending internet meme",
    "chatting about the host's personal life",
    "showing off the host's pet or family",
    "talking about sports, politics or the weather",
    "a prize draw for a phone, cash or concert tickets",
)
# A small lexicon adds evidence; it never decides on its own.
_OFF_WORDS = re.compile(r"\b(dance|dancing|karaoke|sing|singing|song|game|gaming|gossip|meme|"
                        r"prank|horoscope|football|politics|tiktok trend)\w*|跳舞|唱歌|游戏|八卦",
                        re.IGNORECASE)
_SELL_WORDS = re.compile(r"\b(price|discount|coupon|deal|deliver\w*|shipping|return\w*|refund|"
                         r"warranty|order\w*|stock|size\w*|demo|try-?on|tasting|review\w*|"
                         r"ingredient\w*|how to use|unboxing)\b|优惠|发货|试吃|讲解",
                         re.IGNORECASE)
LEXICON_WEIGHT = 0.08
# A draw or giveaway is interaction with the followers (an S2 topic of our own), like 抽奖/福袋
# in segments_zh; only a prize the store does not sell makes it off-topic (traffic, not buyers).
_DRAW = re.compile(r"\b(lucky (draw|bag)|prize draw|giveaway|give-away|raffle|sweepstakes?)\b",
                   re.IGNORECASE)
_OFF_PRIZE = re.compile(r"\b(i?phones?|cash|red envelopes?|tickets?|game consoles?|tablets?|"
                        r"tv|vacation|holiday trip)\b", re.IGNORECASE)
DRAW_WEIGHT = 0.5


@dataclass(frozen=True)
class Thresholds:
    """on_topic when score >= on; off_topic when score < off; unclear in between."""

    on: float
    off: float


# Tuned on the labelled sets in tests/data_segments/*.yaml (precision/recall in `make bench`);
# keyed by Embedder.model_id. Other embedders (the hashing fake) get no detector.
SEGMENT_THRESHOLDS: dict[str, Thresholds] = {
    MiniLMEmbedder.model_id: Thresholds(on=0.12, off=0.0),
}


@dataclass(frozen=True)
class Product:
    """One catalogue entry, as text to compare with."""

    sku: str
    name: str
    category: str
    text: str


@dataclass(frozen=True)
class SegmentMark:
    """The verdict on one run-of-show item."""

    item: str
    label: Label
    score: float
    reason: str
    closest_product: str
    lang: Lang = "en"       # the language of `reason`

    def as_dict(self) -> dict[str, object]:
        return {"item": self.item, "label": self.label, "score": round(self.score, 4),
                "reason": self.reason, "closest_product": self.closest_product,
                "lang": self.lang}


def split_items(text: str) -> list[str]:
    """Run-of-show items from a ';'-separated cell (the full-width '；' too) or one per line."""
    return [" ".join(part.split()) for part in re.split(r"[;；\n]", str(text)) if part.strip()]


def catalogue(products: pd.DataFrame) -> list[Product]:
    """Products as texts: name, category and description (DESIGN §4 columns)."""
    out = []
    for _, row in products.iterrows():
        parts = [str(row.get(col) or "") for col in ("name", "category", "description")]
        text = ". ".join(dict.fromkeys(p.strip() for p in parts if p and p.strip() != "nan"))
        out.append(Product(str(row["sku"]), str(row["name"]), parts[1].strip(), text))
    return out


class SegmentDetector:
    """Marks run-of-show items for one store; embeddings are cached by text."""

    def __init__(self, embedder: Embedder, products: Sequence[Product],
                 thresholds: Thresholds) -> None:
        self.embedder = embedder
        self.products = list(products)
        self.thresholds = thresholds
        self._cache: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self._zh = ZhCatalogue([(p.name, p.category, p.text) for p in self.products])
        categories = sorted({p.category for p in self.products if p.category})
        self._targets = {"product": [p.text for p in self.products],
                         "category": categories,
                         "selling": list(SELLING_PROTOTYPES),
                         "off": list(OFF_PROTOTYPES)}

    def mark(self, items: Sequence[str], featured_skus: Sequence[str] = (),
             lang: Lang | None = None) -> list[SegmentMark]:
        """One mark per item, in order; reasons in `lang`, or each item's own language."""
        texts = [" ".join(str(i).split()) for i in items]
        english = [t for t in texts if not is_chinese(t)]
        if english:  # Chinese items are read, not embedded: the model is English
            self._embed([*english, *(t for group in self._targets.values() for t in group)])
        featured = {s.strip() for s in featured_skus if s.strip()}
        return [self._mark_zh(text, lang or "zh") if is_chinese(text)
                else self._mark_one(text, featured, lang or "en") for text in texts]

    def _mark_zh(self, item: str, lang: Lang) -> SegmentMark:
        read = self._zh.score(item)
        label: Label = segments_zh.label_of(read.score)  # type: ignore[assignment]
        return SegmentMark(item, label, read.score, _zh_reason(label, read, lang), read.closest,
                           lang)

    def _mark_one(self, item: str, featured: set[str], lang: Lang = "en") -> SegmentMark:
        vec = self._cache[item]
        sims = {kind: [_dot(vec, self._cache[t]) for t in texts]
                for kind, texts in self._targets.items()}
        best_i = max(range(len(self.products)), key=lambda i: sims["product"][i], default=-1)
        product_sim = sims["product"][best_i] if best_i >= 0 else 0.0
        if best_i >= 0 and self.products[best_i].sku in featured:
            product_sim += 0.03  # the session's own products count a little more
        evidence = {"product": product_sim, "category": max(sims["category"], default=0.0),
                    "selling": max(sims["selling"], default=0.0)}
        kind = max(evidence, key=lambda k: evidence[k])
        off = max(sims["off"], default=0.0)
        lexicon = LEXICON_WEIGHT * (bool(_SELL_WORDS.search(item)) - bool(_OFF_WORDS.search(item)))
        score = evidence[kind] - off + lexicon
        prize = ""
        if _DRAW.search(item):
            found = _OFF_PRIZE.search(item)
            prize = found.group(0) if found else ""
            score += -DRAW_WEIGHT if prize else DRAW_WEIGHT
            kind = "prize" if prize else "interaction"
        label = self._label(score)
        closest = self.products[best_i].name if best_i >= 0 else ""
        return SegmentMark(item, label, score, _reason(label, kind, closest, lang, prize),
                           closest, lang)

    def _label(self, score: float) -> Label:
        if score >= self.thresholds.on:
            return "on_topic"
        return "off_topic" if score < self.thresholds.off else "unclear"

    def _embed(self, texts: Sequence[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if not missing:
            return
        vectors = self.embedder.embed_documents(missing)
        with self._lock:
            self._cache.update(zip(missing, vectors, strict=True))


_WHAT = {"en": {"product": "the product {p}", "category": "a product category",
               "selling": "selling (questions, prices, delivery, demos)",
               "interaction": "interaction with your followers (a draw of your goods or perks)",
               "prize": "a draw whose prize is not something you sell"},
         "zh": {"product": "商品「{p}」", "category": "店里的一个品类",
               "selling": "卖货本身（答疑、价格、发货、演示）",
               "interaction": "和粉丝的互动（抽的是店里的商品或福利）",
               "prize": "奖品不是你卖的东西的抽奖"}}
_EN_REASON = {
    "en": {"on_topic": "about {what}",
           "off_topic": "closer to entertainment than to your products or selling",
           "unclear": "could be about {what}, or could be entertainment; check it"},
    "zh": {"on_topic": "讲的是{what}",
           "off_topic": "更像娱乐内容，和你的商品、卖货都不相关",
           "unclear": "可能讲的是{what}，也可能是娱乐内容，请确认"}}


def _reason(label: Label, kind: str, closest: str, lang: Lang, prize: str = "") -> str:
    """Why an English item got its mark, in words only (a raw similarity means nothing here)."""
    if prize and label == "off_topic":
        return _ZH_OFF[lang]["prize"].format(w=prize)
    what = _WHAT[lang][kind].format(p=closest if lang == "zh" else repr(closest))
    return _EN_REASON[lang][label].format(what=what)


_ZH_ON = {
    "en": {"product": "about the product {p!r}",
           "selling": "about selling: showing, explaining, trying, prices, delivery or questions",
           "interaction": "interaction with your followers, with your own goods or perks at stake",
           "own": "about the store's own goods", "category": "about one of your categories"},
    "zh": {"product": "讲的是商品「{p}」",
           "selling": "讲的是卖货本身：展示、讲解、试用、价格、发货或答疑",
           "interaction": "和粉丝的互动，送的是店里的商品或福利",
           "own": "讲的是店里自己的商品", "category": "讲的是店里的一个品类"}}
_ZH_OFF = {
    "en": {"prize": "the draw's prize ({w}) is not something you sell: it buys traffic, "
                    "not buyers",
           "mentions": "mentions {p!r}, but the item is entertainment ({w}); the product is only "
                       "in the background",
           "plain": "entertainment ({w}), not what you sell",
           "mixed": "part selling, part entertainment ({w}); check the focus stays on the "
                    "product",
           "none": "no sign of your products, selling or entertainment; check it"},
    "zh": {"prize": "抽奖的奖品（{w}）不是你卖的东西：换来的是流量，不是买家",
           "mentions": "提到了「{p}」，但内容是娱乐（{w}），商品只是背景",
           "plain": "娱乐内容（{w}），不是你卖的东西",
           "mixed": "一半卖货，一半娱乐（{w}），请确认重点在商品上",
           "none": "看不出和商品、卖货或娱乐有关，请确认"}}


def _zh_reason(label: Label, read: ZhScore, lang: Lang) -> str:
    """Why a Chinese item got its mark, in the plan's language, from what was seen in it."""
    p, w = read.closest, read.entertainment
    if label == "on_topic":  # naming the product says more than "about selling"
        return _ZH_ON[lang]["product" if p and read.kind == "selling" else read.kind].format(p=p)
    if label == "unclear":
        key = "mixed" if w else "none"
    elif w in segments_zh.OFF_PRIZES:
        key = "prize"
    else:
        key = "mentions" if p else "plain"
    return _ZH_OFF[lang][key].format(p=p, w=w)


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum(x * y for x, y in zip(a, b, strict=False)))


def detector_for(embedder: Embedder | None, products: pd.DataFrame) -> SegmentDetector | None:
    """A detector for a store, or None when no embedder with tuned thresholds is available."""
    if embedder is None:
        return None
    thresholds = SEGMENT_THRESHOLDS.get(embedder.model_id)
    return None if thresholds is None else SegmentDetector(embedder, catalogue(products),
                                                          thresholds)


@dataclass(frozen=True)
class LabelledSet:
    """A store's catalogue with run-of-show items labelled on/off topic (tests/data_segments)."""

    name: str
    products: pd.DataFrame
    items: tuple[tuple[str, bool], ...]  # (item, is_off_topic)
    lang: Lang = "en"
    split: str = "tuning"   # "tuning" (thresholds/word lists fitted on it) or "held_out"


def load_labelled_set(path: Path) -> LabelledSet:
    import pandas as pd
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    products = pd.DataFrame(raw["products"])
    items = tuple((str(i), False) for i in raw["items"]["on_topic"]) + tuple(
        (str(i), True) for i in raw["items"]["off_topic"])
    split = str(raw.get("split", "tuning"))
    if split not in ("tuning", "held_out"):
        raise ValueError(f"{path}: split must be 'tuning' or 'held_out', not {split!r}")
    return LabelledSet(path.stem, products, items, "zh" if raw.get("lang") == "zh" else "en",
                       split)


def off_topic_counts(detector: SegmentDetector, labelled: LabelledSet) -> tuple[int, int, int]:
    """(correctly flagged, flagged, truly off-topic) items; an unclear mark is not flagged."""
    marks = detector.mark([item for item, _ in labelled.items])
    flagged = [m.label == "off_topic" for m in marks]
    truth = [off for _, off in labelled.items]
    hits = sum(f and t for f, t in zip(flagged, truth, strict=True))
    return hits, sum(flagged), sum(truth)


def precision_recall(detector: SegmentDetector, labelled: LabelledSet) -> tuple[float, float]:
    """Precision and recall of "off_topic" (an unclear mark counts as not flagged)."""
    hits, flagged, truth = off_topic_counts(detector, labelled)
    return hits / max(1, flagged), hits / max(1, truth)


def mark_sessions(detector: SegmentDetector, sessions: pd.DataFrame) -> pd.DataFrame:
    """A copy of the sessions with `off_topic_items` (';'-joined) and `off_topic_share`."""
    out = sessions.copy()
    off_items, shares = [], []
    for segments, featured in zip(out["segments"], out["featured_skus"], strict=True):
        items = split_items(segments)
        marks = detector.mark(items, str(featured).split(";")) if items else []
        flagged = [m.item for m in marks if m.label == "off_topic"]
        off_items.append(";".join(flagged))
        shares.append(len(flagged) / len(items) if items else 0.0)
    out["off_topic_items"] = off_items
    out["off_topic_share"] = shares
    return out
