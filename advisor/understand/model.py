"""Typed results of question understanding: constraints, details, the Understanding itself."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

INTENT_NAMES = ("yes_no", "choose", "how", "why", "quantity", "instead", "define", "lookup",
                "open")


@dataclass(frozen=True)
class Constraints:
    """What the merchant said about their situation."""

    no_time: bool = False
    shy: bool = False
    tight_budget: bool = False
    big_budget: bool = False
    no_staff: bool = False
    long_term: bool = False
    already_tried: bool = False
    host_left: bool = False

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def merged(self, earlier: Constraints) -> Constraints:
        """These constraints with the earlier ones carried forward (a newer budget wins)."""
        values = {f.name: getattr(self, f.name) or getattr(earlier, f.name) for f in fields(self)}
        if self.tight_budget or self.big_budget:
            values["tight_budget"], values["big_budget"] = self.tight_budget, self.big_budget
        return Constraints(**values)

    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self) if getattr(self, f.name))


@dataclass(frozen=True)
class Money:
    """An amount the merchant named, e.g. "5万" -> 50000.0."""

    value: float
    text: str


@dataclass(frozen=True)
class Quantity:
    """A count or a duration the merchant named, e.g. "12 boxes", "2 hours"."""

    value: float
    unit: str
    text: str


@dataclass(frozen=True)
class Details:
    """The merchant's own details: what they sell, who, how much, how many, how long, where."""

    product: str = ""
    people: tuple[str, ...] = ()
    money: tuple[Money, ...] = ()
    counts: tuple[Quantity, ...] = ()
    durations: tuple[Quantity, ...] = ()
    platforms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Understanding:
    """What the question asks, in which language, about what, and in which situation."""

    question: str  # as asked (whitespace-normalised)
    text: str  # the asker's own words, injected instructions removed
    lang: str  # "en" | "zh"
    intent: str  # one of INTENT_NAMES
    topic: str = "general"  # filled in after retrieval (topics.classify_topic)
    details: Details = field(default_factory=Details)
    constraints: Constraints = field(default_factory=Constraints)
    followup: bool = False
    previous: str = ""  # the previous question, for a follow-up
    previous_answer: str = ""  # the previous answer, for a follow-up (it adds only what is new)
    query: str = ""  # the text to retrieve with
    context: str = ""  # the situation a follow-up adds, e.g. "a snack shop"
    options: tuple[str, ...] = ()  # the two options a "choose" question names
    injected: bool = False  # an instruction addressed to us was removed from the text
    subject: str = ""  # a topic the question names beyond doubt ("paid a singer 30k" -> celebrity)
    gap: str = ""  # the uncovered subject (lexicon.GAP_SUBJECTS) the question asks about
