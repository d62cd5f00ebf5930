"""Check a planned run-of-show against a store: each item on-topic, off-topic or unclear.

Shared by `advisor plan-check` and the "Plan check" page: the marks come from the segment
detector (advisor.store.segments), the advice from the advisor's off-topic answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advisor.store.segments import SegmentMark, split_items

if TYPE_CHECKING:
    from advisor.advisor import Advisor

ADVICE_QUESTION = "How do I keep my live stream on-topic?"
MAX_ITEMS = 200
LABEL_TEXT = {"on_topic": "on-topic", "off_topic": "off-topic", "unclear": "unclear"}


@dataclass(frozen=True)
class PlanCheck:
    """The marks of a planned run-of-show and the advice that goes with them."""

    store: str
    marks: tuple[SegmentMark, ...]
    advice: str = ""
    citations: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        return {"store": self.store, "marks": [m.as_dict() for m in self.marks]}


def plan_items(text: str) -> list[str]:
    """One planned item per line (a ';' also separates items); blank lines are skipped."""
    items = split_items(text)
    if not items:
        raise ValueError("the plan has no items: put one planned item per line")
    if len(items) > MAX_ITEMS:
        raise ValueError(f"the plan has {len(items)} items; at most {MAX_ITEMS} are checked")
    return items


def check_plan(advisor: Advisor, store: str, text: str, with_advice: bool = True) -> PlanCheck:
    """Mark each item of the plan for the store, then (optionally) ask for the advice."""
    if advisor.stores is None:
        raise ValueError("store data is not available in this advisor")
    marks = tuple(advisor.stores.mark_items(store, plan_items(text)))
    if not with_advice:
        return PlanCheck(store, marks)
    answer = advisor.ask(ADVICE_QUESTION)
    return PlanCheck(store, marks, answer.text, tuple(c.title for c in answer.citations))


def render_marks(marks: tuple[SegmentMark, ...]) -> str:
    """Plain-text lines, one per item."""
    width = max((len(m.item) for m in marks), default=0)
    return "\n".join(f"{LABEL_TEXT[m.label]:<9}  {m.item:<{width}}  {m.reason}"
                     + (f" (closest product: {m.closest_product})" if m.closest_product else "")
                     for m in marks)
