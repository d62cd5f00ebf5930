"""Deterministic evaluators: pure functions (case, answer, context) -> EvalResult.

No LLM judge: scope, topic, section hit@3, card recall, point coverage, must_not,
confidence, citation validity and latency live here; fact accuracy and number provenance
in `advisor.evals.grounding`. `evaluate` runs them all; a result with `passed=None` means
the case does not ask for that check.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from advisor.evals.cases import EvalCase, phrase_matches
from advisor.evals.grounding import fact_accuracy, fact_values, no_numbers, number_provenance
from advisor.evals.results import (
    CARDS,
    CITATIONS,
    CONFIDENCE,
    LATENCY,
    MUST_NOT,
    POINTS,
    SCOPE,
    SECTIONS,
    TOPIC,
    EvalContext,
    EvalResult,
    not_applicable,
    verdict,
)
from advisor.evals.verdicts import ANSWER_PATH
from advisor.evals.whole import WHOLE_ANSWER
from advisor.models import Answer

Evaluator = Callable[[EvalCase, Answer, EvalContext], EvalResult]
HIT_AT = 3
MARKER = re.compile(r"(?<!\\)\[(\d+)\]")


def _equals(name: str, label: str, got: str, want: str | None) -> EvalResult:
    """Pass when the answer's field equals the expected value; n/a when none is expected."""
    if want is None:
        return not_applicable(name)
    ok = got == want
    return verdict(name, ok, float(ok), f"{label} {got!r}" + ("" if ok else f", expected {want!r}"))


def scope(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    return _equals(SCOPE, "scope", answer.scope, case.expect.scope)


def topic(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    return _equals(TOPIC, "topic", answer.topic, case.expect.topic)


def section_hit(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    want = case.expect.sections
    if not want:
        return not_applicable(SECTIONS)
    top = [c.section for c in answer.citations[:HIT_AT]]
    ok = any(s in want for s in top)
    shown = ", ".join(top) or "no citations"
    return verdict(SECTIONS, ok, float(ok), f"top-{HIT_AT} sections: {shown}" +
                   ("" if ok else f"; expected one of {', '.join(want)}"))


def card_recall(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    want = case.expect.cards
    if not want:
        return not_applicable(CARDS)
    cited = {c.id for c in answer.citations}
    missing = [c for c in want if c not in cited]
    score = 1 - len(missing) / len(want)
    if not missing:
        return verdict(CARDS, True, score, f"cited {', '.join(want)}")
    absent = [c for c in missing if c not in ctx.card_texts]
    note = f" ({', '.join(absent)} not in the knowledge base)" if absent else ""
    return verdict(CARDS, False, score, f"not cited: {', '.join(missing)}{note}; "
                                        f"cited: {', '.join(sorted(cited)) or 'nothing'}")


def point_coverage(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    points = case.expect.points
    if not points:
        return not_applicable(POINTS)
    missed = [p for p in points if not covers(p, answer.text)]
    score = 1 - len(missed) / len(points)
    if not missed:
        return verdict(POINTS, True, score, f"all {len(points)} points covered")
    listed = "; ".join(" | ".join(p) for p in missed)
    return verdict(POINTS, False, score,
                   f"{len(missed)} of {len(points)} points missing: {listed}")


def covers(point: tuple[str, ...], text: str) -> bool:
    """A point is covered when any one of its alternatives matches the text."""
    return any(phrase_matches(alternative, text) for alternative in point)


def must_not(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    banned = case.expect.must_not
    if not banned:
        return not_applicable(MUST_NOT)
    hits = [p for p in banned if phrase_matches(p, answer.text)]
    if hits:
        return verdict(MUST_NOT, False, 0.0, f"says what it must not: {'; '.join(hits)}")
    return verdict(MUST_NOT, True, 1.0, f"none of {len(banned)} forbidden phrases")


def confidence(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    return _equals(CONFIDENCE, "confidence", answer.confidence, case.expect.confidence)


def citation_validity(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    problems = citation_problems(answer, set(ctx.card_texts))
    if problems:
        return verdict(CITATIONS, False, 0.0, "; ".join(problems))
    return verdict(CITATIONS, True, 1.0, f"{len(answer.citations)} citations, all valid")


def citation_problems(answer: Answer, known_ids: set[str]) -> list[str]:
    """Unknown or repeated ids, markers without a citation, citations without a marker."""
    ids = [c.id for c in answer.citations]
    problems = [f"cites unknown card {cid!r}" for cid in ids if cid not in known_ids]
    repeated = sorted({cid for cid in ids if ids.count(cid) > 1})
    if repeated:
        problems.append(f"cites {', '.join(repeated)} more than once")
    markers = {int(n) for n in MARKER.findall(answer.text)}
    dangling = sorted(m for m in markers if not 1 <= m <= len(ids))
    if dangling:
        problems.append("markers without a citation: " + ", ".join(f"[{m}]" for m in dangling))
    unmarked = [f"[{i}] {cid}" for i, cid in enumerate(ids, 1) if i not in markers]
    if unmarked:
        problems.append(f"citations never marked in the text: {', '.join(unmarked)}")
    if answer.scope == "out" and ids:
        problems.append("an out-of-scope answer must not cite cards")
    return problems


def latency(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    total = answer.timings_ms.get("total")
    if total is None:
        return verdict(LATENCY, False, 0.0, "the answer records no total time")
    return verdict(LATENCY, True, float(total), f"{total:.1f} ms")


EVALUATORS: tuple[Evaluator, ...] = (
    scope, topic, section_hit, card_recall, point_coverage, must_not, confidence,
    fact_accuracy, fact_values, citation_validity, number_provenance, no_numbers, latency,
    *WHOLE_ANSWER, *ANSWER_PATH,
)


def evaluate(case: EvalCase, answer: Answer, ctx: EvalContext) -> list[EvalResult]:
    """Every evaluator on one answer, in a fixed order."""
    return [evaluator(case, answer, ctx) for evaluator in EVALUATORS]
