"""Is a run-of-show item about the store's products or about selling them? (issue 4, 3a/3b)

An item is compared, by sentence-embedding similarity, with the store's catalogue (product
names, categories, descriptions), the session's featured products and a few "selling"
prototypes (a Q&A, a discount, delivery questions) that are on-topic without a product name.
It is also compared with a few "entertainment" prototypes (dancing, games, gossip). The score
is the best on-topic similarity minus the best off-topic one, plus a little evidence from a
small lexicon; two thresholds turn it into on_topic (>= t_on), off_topic (< t_off) or unclear.

The embedder is passed in (the Embedder protocol); nothing here loads a model. Thresholds are
tuned per model on the labelled sets in tests/data_segments (see SEGMENT_THRESHOLDS).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from advisor.embeddings import MiniLMEmbedder

if TYPE_CHECKING:
    import pandas as pd

    from advisor.embeddings import Embedder

Label = Literal["on_topic", "off_topic", "unclear"]

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
    "a lucky draw unrelated to the products",
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

    def as_dict(self) -> dict[str, object]:
        return {"item": self.item, "label": self.label, "score": round(self.score, 4),
                "reason": self.reason, "closest_product": self.closest_product}


def split_items(text: str) -> list[str]:
    """Run-of-show items from a ';'-separated cell or one-item-per-line text."""
    return [" ".join(part.split()) for part in re.split(r"[;\n]", str(text)) if part.strip()]


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
        categories = sorted({p.category for p in self.products if p.category})
        self._targets = {"product": [p.text for p in self.products],
                         "category": categories,
                         "selling": list(SELLING_PROTOTYPES),
                         "off": list(OFF_PROTOTYPES)}

    def mark(self, items: Sequence[str], featured_skus: Sequence[str] = ()) -> list[SegmentMark]:
        """One mark per item, in order."""
        texts = [" ".join(str(i).split()) for i in items]
        self._embed([*texts, *(t for group in self._targets.values() for t in group)])
        featured = {s.strip() for s in featured_skus if s.strip()}
        return [self._mark_one(text, featured) for text in texts]

    def _mark_one(self, item: str, featured: set[str]) -> SegmentMark:
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
        label = self._label(score)
        closest = self.products[best_i].name if best_i >= 0 else ""
        return SegmentMark(item, label, score, _reason(label, kind, evidence[kind], off, closest),
                           closest)

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


def _reason(label: Label, kind: str, on_sim: float, off_sim: float, closest: str) -> str:
    what = {"product": f"the product {closest!r}", "category": "a product category",
            "selling": "selling (questions, prices, delivery, demos)"}[kind]
    if label == "on_topic":
        return f"about {what} (similarity {on_sim:.2f})"
    if label == "off_topic":
        return (f"closer to entertainment than to your products or selling "
                f"({off_sim:.2f} against {on_sim:.2f})")
    return f"could be about {what}, or could be entertainment; check it"


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


def load_labelled_set(path: Path) -> LabelledSet:
    import pandas as pd
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    products = pd.DataFrame(raw["products"])
    items = tuple((str(i), False) for i in raw["items"]["on_topic"]) + tuple(
        (str(i), True) for i in raw["items"]["off_topic"])
    return LabelledSet(path.stem, products, items)


def precision_recall(detector: SegmentDetector, labelled: LabelledSet) -> tuple[float, float]:
    """Precision and recall of "off_topic" (an unclear mark counts as not flagged)."""
    marks = detector.mark([item for item, _ in labelled.items])
    flagged = [m.label == "off_topic" for m in marks]
    truth = [off for _, off in labelled.items]
    hits = sum(f and t for f, t in zip(flagged, truth, strict=True))
    return hits / max(1, sum(flagged)), hits / max(1, sum(truth))


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
