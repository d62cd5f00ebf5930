"""What evaluators take and give (EvalContext in, EvalResult out) and a case's run (CaseRun)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advisor.evals.cases import EvalCase
from advisor.models import Answer, GuidanceCard

if TYPE_CHECKING:
    from advisor.evals.reference import Reference

# Evaluator names, as they appear in results and reports.
SCOPE = "scope"
TOPIC = "topic"
SECTIONS = "section_hit_at_3"
CARDS = "card_recall"
POINTS = "point_coverage"
MUST_NOT = "must_not"
CONFIDENCE = "confidence"
FACTS = "fact_accuracy"
FACT_VALUES = "fact_values"
CITATIONS = "citation_validity"
NUMBERS = "number_provenance"
NO_NUMBERS = "no_numbers"
LATENCY = "latency"


@dataclass(frozen=True)
class EvalResult:
    """One check on one answer. passed None = not applicable to this case (score 0.0)."""

    name: str
    passed: bool | None
    score: float
    detail: str = ""

    @property
    def applicable(self) -> bool:
        return self.passed is not None

    @property
    def failed(self) -> bool:
        return self.passed is False


def not_applicable(name: str, why: str = "not expected by the case") -> EvalResult:
    return EvalResult(name, None, 0.0, why)


def verdict(name: str, passed: bool, score: float, detail: str) -> EvalResult:
    return EvalResult(name, passed, round(float(score), 6), detail)


@dataclass(frozen=True)
class EvalContext:
    """What evaluators may look at besides the case and the answer.

    card_texts: every card id in the knowledge base -> the card's full text (title and
    body), for citation validity and number provenance. reference_for: a store name -> the
    independent reference of its metrics (advisor.evals.reference), for fact accuracy.
    cards: the cards themselves (stances, sentence provenance). anchor_types: a store name
    -> session id -> host type, read from the raw session rows.
    """

    card_texts: Mapping[str, str]
    reference_for: Callable[[str], Reference]
    cards: Mapping[str, GuidanceCard] = field(default_factory=dict)
    anchor_types: Callable[[str], Mapping[str, str]] | None = None
    pinned_sections: Mapping[str, str] = field(default_factory=dict)  # reviewed card sections


@dataclass(frozen=True)
class CaseRun:
    """One case after the run: its results, the answer (None when asking failed) and error."""

    case: EvalCase
    results: tuple[EvalResult, ...] = ()
    answer: Answer | None = None
    error: str = ""

    @property
    def passed(self) -> bool:
        return not self.error and not any(r.failed for r in self.results)

    @property
    def failures(self) -> list[EvalResult]:
        return [r for r in self.results if r.failed]

    def result(self, name: str) -> EvalResult | None:
        return next((r for r in self.results if r.name == name), None)

    @property
    def latency_ms(self) -> float | None:
        if self.answer is None:
            return None
        return self.answer.timings_ms.get("total")

    def reasons(self) -> list[str]:
        """Why the case failed, one line per failing evaluator (or the error)."""
        if self.error:
            return [f"error: {self.error}"]
        return [f"{r.name}: {r.detail}" for r in self.failures]
