"""Typed objects that cross boundaries: cards, citations, store facts, answers."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SECTIONS = ("S0", "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8")
TOPICS = (
    "anchor",
    "celebrity",
    "off_topic",
    "product_fit",
    "interaction",
    "old_customers",
    "sincerity",
    "traffic",
    "niche",
    "realness",
    "general",
)


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

    @property
    def main_topic(self) -> str:
        return self.topics[0]

    @property
    def content_hash(self) -> str:
        payload = repr((self.title, self.section, self.topics, self.advice, self.why,
                        self.do, self.dont, self.data_note, self.questions, self.keywords))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    def as_markdown(self) -> str:
        """The card as readable Markdown (for source expanders and the CLI)."""
        parts = [f"**Advice.** {self.advice}", f"**Why.** {self.why}"]
        if self.do:
            parts.append("**Do**\n" + "\n".join(f"- {d}" for d in self.do))
        if self.dont:
            parts.append("**Don't**\n" + "\n".join(f"- {d}" for d in self.dont))
        if self.data_note:
            parts.append(f"**When your data says otherwise.** {self.data_note}")
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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["facts"] = [{**asdict(f), "session_ids": list(f.session_ids)} for f in self.facts]
        return data
