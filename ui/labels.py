"""Display labels in the UI language: sections and topics (named in advisor.models), store
metrics and host types (named in the catalogue)."""

from __future__ import annotations

from advisor.models import section_title
from advisor.models import topic_label as _topic_label
from ui.i18n import current_lang, has, t


def section_label(section: str, lang: str | None = None) -> str:
    """"S5 · <title>" in `lang` (default: the session's UI language)."""
    name = section_title(section, lang or current_lang())
    return f"{section} · {name}" if name else section


def topic_label(topic: str, lang: str | None = None) -> str:
    return _topic_label(topic, lang or current_lang())


def metric_label(metric: str) -> str:
    """A metric's short label (the tables' and charts' headers); an unknown id made readable."""
    key = f"metric.{metric}"
    return t(key) if has(key) else metric.replace("_", " ")


def host_label(anchor_type: object) -> str:
    """A host type's name (the stored value is the English id)."""
    key = f"host.{anchor_type}"
    return t(key) if has(key) else str(anchor_type)
