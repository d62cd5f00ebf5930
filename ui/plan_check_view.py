"""Helpers for the "Plan check" page: reading an uploaded plan, the marks table and counts.

The marks come from advisor.plan_check.check_plan (the same code as `advisor plan-check`); the
advice is the advisor's own Answer to advice_question(lang) so the page can render it with its
sources. Nothing here writes HTML: store and user text only ever reach st.dataframe cells.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from advisor import Advisor, Answer
from advisor.plan_check import advice_question, check_plan
from advisor.store.segments import SegmentMark
from ui.i18n import t, tn

MAX_UPLOAD_BYTES = 200_000  # a run-of-show is a page of text, not a book
UPLOAD_ENCODINGS = ("utf-8-sig", "gb18030")
COLUMNS = ("item", "mark", "reason", "closest product")
LABEL_ORDER = ("on_topic", "off_topic", "unclear")


@dataclass(frozen=True)
class PlanResult:
    """One "Check the plan" run, kept in st.session_state for the session that ran it."""

    store: str
    text: str
    marks: tuple[SegmentMark, ...]
    answer: Answer | None


def decode_upload(data: bytes) -> str:
    """The text of an uploaded .txt plan (UTF-8, with or without BOM, or GB18030)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError(f"the file is {len(data):,} bytes; at most {MAX_UPLOAD_BYTES:,} "
                         "bytes are read")
    if b"\x00" in data:
        raise ValueError("the file is not plain text")
    for encoding in UPLOAD_ENCODINGS:
        try:
            return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    raise ValueError("the file is neither UTF-8 nor GB18030 text")


def run_check(advisor: Advisor, store: str, text: str, key: str | None = None) -> PlanResult:
    """Mark the plan's items (raises ValueError for an empty or too long plan, UnknownStore
    for a store that is gone), then ask the advisor for the off-topic advice, in the UI
    language (in English it is the CLI's ADVICE_QUESTION); `key` is the store's stored key
    when the session's workspace knows it by another name."""
    result = check_plan(advisor, store, text, with_advice=False, key=key)
    # The off-topic cards' advice, as the CLI gives it, in the plan's language.
    answer = advisor.ask(advice_question(result.lang))
    return PlanResult(store, text, result.marks, answer)


def marks_frame(marks: tuple[SegmentMark, ...] | list[SegmentMark]) -> pd.DataFrame:
    """One row per item: item, mark (on-topic / off-topic / unclear), reason, closest product.
    The columns keep these ids; column_config() gives their headers."""
    return pd.DataFrame(
        [(m.item, mark_text(m.label), m.reason, m.closest_product or "—") for m in marks],
        columns=list(COLUMNS))


def mark_text(label: str) -> str:
    """A mark in the UI language ("off-topic", "跑题"); an unknown label as it is."""
    return t(f"mark.{label}") if label in LABEL_ORDER else label


def column_config() -> dict[str, str]:
    """The marks table's headers in the UI language."""
    return {c: t(f"col.{c.replace(' ', '_')}") for c in COLUMNS}


def mark_counts(marks: tuple[SegmentMark, ...] | list[SegmentMark]) -> dict[str, int]:
    """How many items got each mark, in display order, all three always present."""
    counts: Counter[str] = Counter(m.label for m in marks)
    return {mark_text(label): counts.get(label, 0) for label in LABEL_ORDER}


def summary(marks: tuple[SegmentMark, ...] | list[SegmentMark]) -> str:
    """A one-line verdict for the whole plan (plain text: no user text inside)."""
    counts: Counter[str] = Counter(m.label for m in marks)
    off, unclear = counts.get("off_topic", 0), counts.get("unclear", 0)
    if not off and not unclear:
        return t("plan.all_on_topic")
    parts = []
    if off:
        parts.append(tn("plan.off", off))
    if unclear:
        parts.append(t("plan.unclear", n=unclear))
    return t("plan.summary", parts=t("plan.sep").join(parts))
