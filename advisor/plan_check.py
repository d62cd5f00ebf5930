"""Check a planned run-of-show against a store: each item on-topic, off-topic or unclear.

Shared by `advisor plan-check` and the "Plan check" page: the marks come from the segment
detector (advisor.store.segments), the advice from the advisor's off-topic answer. A plan is in
English or Chinese; its language decides the language of every reason and of the advice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advisor.store.segments import Lang, SegmentMark
from advisor.store.segments_zh import is_chinese

if TYPE_CHECKING:
    from advisor.advisor import Advisor

ADVICE_QUESTIONS: dict[Lang, str] = {"en": "How do I keep my live stream on-topic?",
                                     "zh": "怎样让直播内容不跑题？"}
ADVICE_QUESTION = ADVICE_QUESTIONS["en"]
MAX_ITEMS = 200
LABELS: dict[Lang, dict[str, str]] = {
    "en": {"on_topic": "on-topic", "off_topic": "off-topic", "unclear": "unclear"},
    "zh": {"on_topic": "切题", "off_topic": "跑题", "unclear": "待确认"}}
LABEL_TEXT = LABELS["en"]
CLOSEST: dict[Lang, str] = {"en": " (closest product: {p})", "zh": "（最接近的商品：{p}）"}
PLAN_ENCODINGS = ("utf-8-sig", "gb18030")   # Chinese plans saved by Windows tools are often GBK

# Items are separated by lines, ';' and the Chinese '；' '、' '，' '。'; an ASCII comma is not a
# separator (English items such as "Q&A on delivery, returns" carry one).
_SEPARATORS = re.compile(r"[\n;；、，。]")
# A list number opening an item: "1." "2)" "3、" "（4）" "⑤". It counts only at the start or after
# a space or separator, and never before a digit, so "3.5折" and "250g" stay whole.
_NUMBER = re.compile(r"(?<![^\s;；、，。])(?:\d{1,2}[.)）、](?!\d)|[（(]\d{1,2}[)）]|[①-⑳])\s*")


@dataclass(frozen=True)
class PlanCheck:
    """The marks of a planned run-of-show and the advice that goes with them."""

    store: str
    marks: tuple[SegmentMark, ...]
    advice: str = ""
    citations: tuple[str, ...] = field(default_factory=tuple)
    lang: Lang = "en"

    def to_dict(self) -> dict[str, object]:
        return {"store": self.store, "lang": self.lang,
                "marks": [m.as_dict() for m in self.marks]}


def decode_plan(data: bytes) -> str:
    """The text of a plan file: UTF-8 (with or without BOM) or GB18030; ValueError otherwise."""
    for encoding in PLAN_ENCODINGS:
        try:
            return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    raise ValueError("the plan file is neither UTF-8 nor GB18030 (GBK) text")


def plan_items(text: str) -> list[str]:
    """The planned items: one per line or separated by ; ； 、 ， 。, list numbers removed."""
    # Numbers first: in "3、答疑" the '、' belongs to the number, not between two items.
    items = [" ".join(item.split()) for line in str(text).split("\n")
             for part in _NUMBER.split(line) for item in _SEPARATORS.split(part) if item.strip()]
    if not items:
        raise ValueError("the plan has no items: put one planned item per line")
    if len(items) > MAX_ITEMS:
        raise ValueError(f"the plan has {len(items)} items; at most {MAX_ITEMS} are checked")
    return items


def plan_lang(items: list[str]) -> Lang:
    """zh when at least half of the items are Chinese, else en."""
    return "zh" if 2 * sum(is_chinese(i) for i in items) >= len(items) else "en"


def advice_question(lang: Lang) -> str:
    """The question whose answer is the plan check's advice, in the plan's language."""
    return ADVICE_QUESTIONS[lang]


def check_plan(advisor: Advisor, store: str, text: str, with_advice: bool = True,
               key: str | None = None) -> PlanCheck:
    """Mark each item of the plan for the store, then (optionally) ask for the advice;
    `key` is the store's stored key when a workspace knows it by another name."""
    if advisor.stores is None:
        raise ValueError("store data is not available in this advisor")
    items = plan_items(text)
    lang = plan_lang(items)
    marks = tuple(advisor.stores.mark_items(key or store, items, lang))
    if not with_advice:
        return PlanCheck(store, marks, lang=lang)
    answer = advisor.ask(advice_question(lang))
    return PlanCheck(store, marks, answer.text, tuple(c.title for c in answer.citations), lang)


FLAGGED: dict[Lang, str] = {"en": "Rework or cut these items first: {items}.",
                            "zh": "先改掉或删掉这些环节：{items}。"}
_ITEM_SEP: dict[Lang, str] = {"en": "; ", "zh": "；"}


def flagged_line(marks: tuple[SegmentMark, ...], lang: Lang = "en") -> str:
    """The advice's first line: the off-topic items of this plan by name ('' when none)."""
    items = [m.item for m in marks if m.label == "off_topic"]
    return FLAGGED[lang].format(items=_ITEM_SEP[lang].join(items)) if items else ""


def render_marks(marks: tuple[SegmentMark, ...], lang: Lang = "en") -> str:
    """Plain-text lines, one per item, columns aligned for Chinese (double-width) text too."""
    labels = LABELS[lang]
    label_w = max(_width(text) for text in labels.values())
    width = max((_width(m.item) for m in marks), default=0)
    return "\n".join(f"{_pad(labels[m.label], label_w)}  {_pad(m.item, width)}  {m.reason}"
                     + (CLOSEST[lang].format(p=m.closest_product) if m.closest_product else "")
                     for m in marks)


def _width(text: str) -> int:
    """Terminal columns: wide and full-width characters (Chinese) take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
