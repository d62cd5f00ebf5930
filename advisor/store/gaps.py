"""What a question asks of the data that the data cannot answer — said plainly, never guessed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from advisor.models import Finding
from advisor.store.phrases import say

if TYPE_CHECKING:
    from advisor.store.metrics import StoreMetrics

_OWN_NUMBERS = re.compile(
    r"\b(my|our)\b.{0,40}\b(conversion|gmv|sales|revenue|orders?|viewers|roi|repurchase|numbers|"
    r"data|results|figures|margin|profit)|\b(how much|how many)\b.{0,40}\b(we|our|my|did)\b|"
    r"last (month|week|year)|我(们)?的.{0,10}(转化|销量|数据|成交|复购)|"
    r"\b(was|did)\b.{0,30}\b(our|my)\b.{0,40}\b(worth|pay|paid|session|stream)|我们那场|"
    r"我们上次", re.IGNORECASE)
NO_STORE_NOTE = say("no_store", "en")
NO_STORE_NOTE_ZH = say("no_store", "zh")

# (what the question mentions, the phrase id of the sentence saying the data does not hold it)
_NEVER_IN_DATA = (
    (re.compile(r"competitor|rival|other (stores|sellers|shops|brands)|industry average|"
                r"benchmark|同行|竞品|对手", re.I), "no_competitors"),
    (re.compile(r"\bads?\b|advertis|paid (traffic|promotion)|ad spend|through[- ]train|投流|广告",
                re.I), "no_ad_spend"),
)
_COSTS = re.compile(r"margin|profit|\bcosts?\b|利润|毛利|成本", re.I)


def no_store_note(lang: str = "en") -> str:
    """How to get this answer with your own figures, when no store is selected."""
    return say("no_store", lang)


def asks_for_own_numbers(question: str) -> bool:
    """Does the question ask about the merchant's own figures?"""
    return bool(_OWN_NUMBERS.search(question))


def data_gaps(metrics: StoreMetrics, products_have_cost: bool, question: str,
              lang: str = "en") -> list[Finding]:
    """Sentences (in `lang`) for what the question needs and the store's data does not hold."""
    gaps = [Finding(say(key, lang)) for pattern, key in _NEVER_IN_DATA if pattern.search(question)]
    if _COSTS.search(question) and not products_have_cost:
        gaps.append(Finding(say("no_costs", lang)))
    return gaps
