"""Builders for eval unit tests: cases, answers and an EvalContext over fake cards."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.evals.cases import EvalCase, Expect
from advisor.evals.reference import Reference
from advisor.evals.results import EvalContext
from advisor.models import Answer, Citation, GuidanceCard, StoreFact
from tests.unit.unit_fakes import make_card

CARDS: dict[str, GuidanceCard] = {
    "celebrity-not-the-norm": make_card(
        "celebrity-not-the-norm", topics=("celebrity",), section="S5",
        advice="Celebrity sessions are the exception, not the norm. Expect modest results.",
        why="Only 1 in 10 celebrity nights pays back its fee."),
    "anchor-owner-vs-pro": make_card("anchor-owner-vs-pro", topics=("anchor",), section="S5"),
    "old-customers-first": make_card("old-customers-first", topics=("old_customers",),
                                     section="S7"),
    "live-headline-results": make_card(
        "live-headline-results", topics=("general",), section="S0",
        advice="One stream sold milk powder to more than 70,000 fans and ¥1.2 million."),
}


def card_texts() -> dict[str, str]:
    return {cid: f"{c.title}\n\n{c.as_markdown()}" for cid, c in CARDS.items()}


def make_case(case_id: str = "case-1", question: str = "Is a celebrity worth it?",
              store: str | None = None, tags: Sequence[str] = (), **expect: Any) -> EvalCase:
    expect.setdefault("scope", "in")
    for key in ("sections", "cards", "must_not", "facts"):
        if key in expect:
            expect[key] = tuple(expect[key])
    if "points" in expect:
        expect["points"] = tuple(tuple(p) for p in expect["points"])
    return EvalCase(case_id, question, Expect(**expect), store, (), tuple(tags), "test.yaml")


def cite(*card_ids: str) -> list[Citation]:
    return [Citation(cid, CARDS[cid].title if cid in CARDS else cid,
                     CARDS[cid].section if cid in CARDS else "S9", 0.8) for cid in card_ids]


# A well-formed answer: verdict first, steps, a caution, every sentence from the cited card.
GOOD_TEXT = ("**No —** Celebrity sessions are the exception, not the norm. [1]\n\n"
             "**Next steps**\n1. Expect modest results. [1]\n"
             "2. Only 1 in 10 celebrity nights pays back its fee. [1]\n\n"
             "**Avoid:** Expect modest results. [1]")


def make_answer(text: str = GOOD_TEXT,
                citations: Sequence[str] = ("celebrity-not-the-norm",), scope: str = "in",
                topic: str = "celebrity", facts: Sequence[StoreFact] = (),
                confidence: str = "high", total_ms: float | None = 12.5) -> Answer:
    timings = {} if total_ms is None else {"embed": 5.0, "total": total_ms}
    return Answer("q", text, scope, topic, cite(*citations), list(facts),  # type: ignore[arg-type]
                  confidence, timings)  # type: ignore[arg-type]


def make_context(reference: Reference | None = None) -> EvalContext:
    def reference_for(name: str) -> Reference:
        if reference is None:
            raise AssertionError("this test has no store")
        return reference

    return EvalContext(card_texts(), reference_for)
