"""Helpers of the Trainer page: the join link, the feed and transcript tables, topic counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

import pandas as pd

from advisor.workspaces.model import TurnRecord
from ui.i18n import t
from ui.labels import topic_label

FEED_TURNS = 30  # the newest turns the live feed shows
LIVE_SECONDS = 3  # how often the live feed and the counts refresh


def join_link(app_url: str | None, code: str) -> str:
    """The link participants open: this app's address with `?join=CODE`."""
    if not app_url:
        return f"/?join={code}"
    parts = urlsplit(app_url)
    return f"{parts.scheme}://{parts.netloc}/?join={code}"


def turns_frame(records: Sequence[TurnRecord], newest_first: bool = False) -> pd.DataFrame:
    """One row per turn: time, participant, store, question, topic, sources (UI labels)."""
    rows = [{t("col.time"): r.asked_at[11:19] or r.asked_at, t("col.participant"): r.participant,
             t("col.store"): r.store or "—", t("col.question"): r.question,
             t("col.topic"): topic_label(r.topic), t("col.sources"): ", ".join(r.sources)}
            for r in records]
    frame = pd.DataFrame(rows, columns=[t("col.time"), t("col.participant"),
                                        t("col.store"), t("col.question"),
                                        t("col.topic"), t("col.sources")])
    return frame.iloc[::-1].reset_index(drop=True) if newest_first else frame


def topic_counts(records: Sequence[TurnRecord]) -> pd.DataFrame:
    """How many questions each topic got, most asked first (topics in the UI language)."""
    counts = Counter(topic_label(r.topic) for r in records)
    return pd.DataFrame(counts.most_common(), columns=[t("col.topic"), t("col.questions")])
