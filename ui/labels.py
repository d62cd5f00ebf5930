"""Display labels for sections and topics; the names themselves live in advisor.models."""

from __future__ import annotations

from advisor.models import SECTION_TITLES as SECTION_LABELS
from advisor.models import TOPIC_LABELS


def section_label(section: str) -> str:
    name = SECTION_LABELS.get(section)
    return f"{section} · {name}" if name else section


def topic_label(topic: str) -> str:
    return TOPIC_LABELS.get(topic, topic.replace("_", " "))
