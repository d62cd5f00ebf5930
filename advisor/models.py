"""Typed objects that cross boundaries: cards, citations, store facts, answers."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from advisor.text import escape_markdown

SECTION_TITLES: dict[str, str] = {
    "S0": "Opening: what live selling achieves, and its critics",
    "S1": "New attention: freshness and raw realness",
    "S2": "New entertainment: interaction with fans",
    "S3": "New traffic allocation: niches and small pools",
    "S4": "Three anchor points for live content design",
    "S5": "Running live streams in practice: hosts, products, celebrities",
    "S6": "Feelings: sentiment and fan stickiness",
    "S7": "When not to go live: old customers and repurchase first",
    "S8": "Closing: live is one traffic entrance among many",
}
SECTIONS = tuple(SECTION_TITLES)
TOPIC_LABELS: dict[str, str] = {
    "anchor": "choosing the host",
    "celebrity": "celebrity guests",
    "off_topic": "staying on-topic",
    "product_fit": "product fit",
    "interaction": "interaction with viewers",
    "old_customers": "old customers & repurchase",
    "sincerity": "sincerity & sentiment",
    "traffic": "traffic entrances",
    "niche": "niches & small pools",
    "realness": "realness",
    "general": "general",
}
TOPICS = tuple(TOPIC_LABELS)
# The same names in Chinese (DESIGN §12), for answers and the UI in Chinese.
SECTION_TITLES_ZH: dict[str, str] = {
    "S0": "开篇：直播带货带来了什么，又有哪些质疑",
    "S1": "新的注意力：新鲜感与真实感",
    "S2": "新的娱乐：与粉丝互动",
    "S3": "新的流量分配：细分领域与小流量池",
    "S4": "直播内容设计的三个锚点",
    "S5": "直播实操：主播、选品与明星",
    "S6": "情感：情绪与粉丝黏性",
    "S7": "何时不该开播：先做老客与复购",
    "S8": "结语：直播只是众多流量入口之一",
}
TOPIC_LABELS_ZH: dict[str, str] = {
    "anchor": "选主播",
    "celebrity": "明星嘉宾",
    "off_topic": "直播不跑题",
    "product_fit": "适合直播的商品",
    "interaction": "与观众互动",
    "old_customers": "老客与复购",
    "sincerity": "真诚与情感",
    "traffic": "流量入口",
    "niche": "细分领域与小流量池",
    "realness": "真实感",
    "general": "综合",
}


def section_title(section: str, lang: str = "en") -> str:
    """A section's title in a language ("" for an unknown section)."""
    return (SECTION_TITLES_ZH if lang == "zh" else SECTION_TITLES).get(section, "")


def topic_label(topic: str, lang: str = "en") -> str:
    """A topic's plain name in a language; an unknown id is made readable."""
    labels = TOPIC_LABELS_ZH if lang == "zh" else TOPIC_LABELS
    return labels.get(topic, topic.replace("_", " "))


@dataclass(frozen=True)
class Stance:
    """What a card advises, in a machine-checkable form (eval metadata, not advice text).

    claim: the position in a few words; affirm: patterns of which an answer led by this card
    says at least one; deny: patterns of the inverted position, which no answer citing the
    card may say. Patterns are case-insensitive regexes over normalised text.
    """

    claim: str
    affirm: tuple[str, ...]
    deny: tuple[str, ...]
    # The same checks for answers in Chinese (DESIGN §12); empty until the card has them.
    affirm_zh: tuple[str, ...] = ()
    deny_zh: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardText:
    """A card's readable fields in one language (the English ones or the Chinese ones)."""

    title: str
    advice: str
    why: str
    do: tuple[str, ...]
    dont: tuple[str, ...]
    data_note: str = ""
    questions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuidanceCard:
    """One piece of advice from the knowledge base, parsed from a Markdown card."""

    id: str
    title: str
    section: str
    topics: tuple[str, ...]
    advice: str
    why: str
    do: tuple[str, ...]
    dont: tuple[str, ...]
    data_note: str = ""
    signals: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    source: str = ""
    stance: Stance | None = None  # not embedded: a stance edit never re-indexes
    zh: CardText | None = None  # the Chinese fields (DESIGN §12), written natively

    def text(self, lang: str) -> CardText:
        """The card's fields in `lang` ("zh" or "en"); English where no Chinese exists."""
        if lang == "zh" and self.zh is not None:
            return self.zh
        return CardText(self.title, self.advice, self.why, self.do, self.dont,
                        self.data_note, self.questions, self.keywords)

    @property
    def main_topic(self) -> str:
        return self.topics[0]

    @property
    def content_hash(self) -> str:
        fields: tuple[object, ...] = (self.title, self.section, self.topics, self.advice,
                                      self.why, self.do, self.dont, self.data_note,
                                      self.questions, self.keywords)
        payload = repr(fields if self.zh is None else (*fields, self.zh))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    def as_markdown(self) -> str:
        """The card as readable Markdown (for source expanders); its text escaped."""
        e = escape_markdown
        parts = [f"**Advice.** {e(self.advice)}", f"**Why.** {e(self.why)}"]
        if self.do:
            parts.append("**Do**\n" + "\n".join(f"- {e(d)}" for d in self.do))
        if self.dont:
            parts.append("**Don't**\n" + "\n".join(f"- {e(d)}" for d in self.dont))
        if self.data_note:
            parts.append(f"**When your data says otherwise.** {e(self.data_note)}")
        return "\n\n".join(parts)


@dataclass(frozen=True)
class ScoredCard:
    """A card with its retrieval scores (vector, keyword, fused)."""

    card: GuidanceCard
    score: float
    vector: float = 0.0
    keyword: float = 0.0


@dataclass(frozen=True)
class Citation:
    id: str
    title: str
    section: str
    score: float


@dataclass(frozen=True)
class StoreFact:
    """A computed store metric with its definition and the sessions it covers."""

    metric: str
    value: float | None
    display: str
    definition: str
    session_ids: tuple[str, ...] = ()
    # What the number covers when it is not sessions or the whole store: "month:2026-03"
    # (orders of that month) or "sku:A17" (orders of that product).
    scope: str = ""

    @property
    def name(self) -> str:
        """The metric's plain-language name (advisor.glossary), never its id."""
        from advisor.glossary import metric_name

        return metric_name(self.metric)


@dataclass(frozen=True)
class Finding:
    """One sentence about the merchant's own data; every number in it is a fact's display."""

    sentence: str
    facts: tuple[StoreFact, ...] = ()
    group: str = ""  # the group the finding describes, e.g. an anchor type ("owner")
    # What the finding is, for the plan to act on without reading the (en or zh) sentence:
    # "session_report", "no_session", "no_costs", "too_few", "" for any other finding.
    kind: str = ""


@dataclass(frozen=True)
class Turn:
    """One message of a conversation, for follow-up questions."""

    role: Literal["user", "assistant"]
    content: str
    topic: str | None = None


@dataclass
class Answer:
    """The answer contract (DESIGN §6)."""

    question: str
    text: str
    scope: Literal["in", "out"]
    topic: str
    citations: list[Citation] = field(default_factory=list)
    facts: list[StoreFact] = field(default_factory=list)
    confidence: Literal["high", "low"] = "high"
    timings_ms: dict[str, float] = field(default_factory=dict)
    store: str | None = None
    form: str = "general"
    lang: str = "en"  # the question's language (DESIGN §6, §12)
    intent: str = "open"  # one of advisor.understand.model.INTENT_NAMES
    verdict: str | None = None  # the one-line answer the text opens with; None for open questions
    gap: bool = False  # the guidance does not cover the question
    checks: dict[str, str] = field(default_factory=dict)  # the runtime verification outcome

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        """The Answer that to_dict() gave (a recorded turn restored into a chat)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["citations"] = [Citation(**c) for c in data.get("citations", [])]
        values["facts"] = [StoreFact(**{k: v for k, v in f.items() if k != "name"}
                                     | {"session_ids": tuple(f.get("session_ids", ()))})
                           for f in data.get("facts", [])]
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["facts"] = [{**asdict(f), "name": f.name, "session_ids": list(f.session_ids)}
                         for f in self.facts]
        return data
