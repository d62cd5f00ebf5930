"""Checks that the numbers in an answer are grounded: fact accuracy and number provenance.

Fact accuracy recomputes each fact with the independent reference (advisor.evals.reference,
plain Python over the store's raw rows, no code shared with advisor/store): a fact over one
session is that session; a fact over several sessions is the group's totals (DESIGN §5); a
fact with no session ids is store-level. The value must match to 1e-9 (relative), and the
display must be the reference's display of that value and appear in the answer text.

Fact values: every fact the answer carries, whether or not the case expects it, must have
the recomputed value and display (a wrong number is never acceptable; a missing one is a
recall problem for fact accuracy).

Number provenance: every number token in the text (ISO dates as whole tokens, ¥ amounts,
percentages, plain numbers; list numbering and citation markers are not numbers) must be
a number token of a fact (display, definition, session ids), of a cited card, or of the
question itself. `no_numbers` cases allow only cited cards and the question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from advisor.evals.cases import EvalCase
from advisor.evals.reference import Reference
from advisor.evals.results import (
    FACT_VALUES,
    FACTS,
    NO_NUMBERS,
    NUMBERS,
    EvalContext,
    EvalResult,
    not_applicable,
    verdict,
)
from advisor.models import Answer, StoreFact

REL_TOLERANCE = 1e-9
# A number may follow a Chinese character ("卖了20单"): only Latin letters, digits and
# separators before it make it part of a word.
NUMBER = re.compile(r"(?<![A-Za-z0-9_.,\-])(?:\d{4}-\d{2}-\d{2}(?![\d-])|"
                    r"[¥￥]?\d+(?:,\d{3})*(?:\.\d+)?%?)")
MARKER = re.compile(r"(?<!\\)\[\d+\]")
LIST_NUMBER = re.compile(r"(?m)^\s*\d+\.\s")


def number_tokens(text: str) -> list[str]:
    """The number tokens of a text, with list numbering and citation markers removed."""
    text = LIST_NUMBER.sub(" ", MARKER.sub(" ", text))
    return [t.replace("￥", "¥") for t in NUMBER.findall(text)]


def source_numbers(texts: Iterable[str]) -> set[str]:
    """Number tokens of the sources; an amount also counts without its currency sign."""
    tokens: set[str] = set()
    for text in texts:
        for token in number_tokens(text):
            tokens |= {token, token.lstrip("¥")}
    return tokens


def ungrounded_numbers(text: str, sources: Iterable[str]) -> list[str]:
    """Numbers in `text` that no source contains, in order of appearance, each once."""
    known = source_numbers(sources)
    return list(dict.fromkeys(t for t in number_tokens(text) if t not in known))


def fact_sources(facts: Sequence[StoreFact]) -> list[str]:
    return [f"{f.display} {f.definition} {' '.join(f.session_ids)} {f.scope.partition(':')[2]}"
            for f in facts]


def cited_card_sources(answer: Answer, ctx: EvalContext) -> list[str]:
    return [ctx.card_texts.get(c.id, "") for c in answer.citations]


def number_provenance(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    sources = [*fact_sources(answer.facts), *cited_card_sources(answer, ctx), case.question]
    gaps = ungrounded_numbers(answer.text, sources)
    total = len(number_tokens(answer.text))
    if gaps:
        return verdict(NUMBERS, False, 1 - len(gaps) / max(total, 1),
                       f"numbers not found in any fact or cited card: {', '.join(gaps)}")
    return verdict(NUMBERS, True, 1.0, f"all {total} numbers are grounded")


def no_numbers(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    if not case.expect.no_numbers:
        return not_applicable(NO_NUMBERS)
    gaps = ungrounded_numbers(answer.text, [*cited_card_sources(answer, ctx), case.question])
    if gaps:
        return verdict(NO_NUMBERS, False, 0.0,
                       f"data is not available, yet the text states: {', '.join(gaps)}")
    return verdict(NO_NUMBERS, True, 1.0, "no invented numbers")


def reference_of(ctx: EvalContext, store: str) -> Reference:
    """The store's independent reference, as the run's context hands it out."""
    return ctx.reference_for(store)


def fact_accuracy(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    expected = case.expect.facts
    if not expected:
        return not_applicable(FACTS)
    if case.store is None:
        return verdict(FACTS, False, 0.0, "the case expects facts but names no store")
    reference = reference_of(ctx, case.store)
    problems: list[str] = []
    good = 0
    for metric in expected:
        found = metric_problems(metric, answer, reference)
        problems += found
        good += not found
    if problems:
        return verdict(FACTS, False, good / len(expected), "; ".join(problems))
    return verdict(FACTS, True, 1.0, f"{', '.join(expected)} shown and equal to the "
                                     "reference metrics")


def fact_values(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """Every fact the answer carries (expected or not) has the reference value and display."""
    if case.store is None or not answer.facts:
        return not_applicable(FACT_VALUES, "no store facts in the answer")
    reference = reference_of(ctx, case.store)
    found = [_value_problems(fact, _where(fact), reference) for fact in answer.facts]
    problems = [p for per_fact in found for p in per_fact]
    if problems:
        wrong = sum(bool(per_fact) for per_fact in found)
        return verdict(FACT_VALUES, False, 1 - wrong / len(answer.facts), "; ".join(problems))
    return verdict(FACT_VALUES, True, 1.0, f"all {len(answer.facts)} facts equal the "
                                           "reference metrics")


def metric_problems(metric: str, answer: Answer, reference: Reference) -> list[str]:
    """What is wrong with the answer's facts for one metric (empty when all are right)."""
    facts = [f for f in answer.facts if f.metric == metric]
    if not facts:
        return [f"no {metric} fact in the answer"]
    problems = []
    for fact in facts:
        where = _where(fact)
        if fact.display not in answer.text:
            problems.append(f"{metric} {where}: display {fact.display!r} is not in the text")
        problems += _value_problems(fact, where, reference)
    return problems


def _value_problems(fact: StoreFact, where: str, reference: Reference) -> list[str]:
    if fact.metric == "session_date":
        day = session_day(reference, fact.session_ids)
        ok = day is not None and day == fact.display
        return [] if ok else [f"session_date {where}: shows {fact.display!r}, data says {day!r}"]
    try:
        expected = (reference.scoped_value(fact.metric, fact.scope) if fact.scope
                    else recompute(reference, fact.metric, fact.session_ids))
    except LookupError as exc:
        return [f"{fact.metric} {where}: cannot recompute ({exc})"]
    if not values_equal(fact.value, expected):
        return [f"{fact.metric} {where}: value {fact.value!r} but the reference says "
                f"{expected!r}"]
    # The fact's value equals the reference's to 1e-9, so either one, through the reference's
    # formatter, is the right display (sums in another order can sit either side of a tie).
    shown = reference.format(fact.metric, expected)
    if fact.display not in (shown, reference.format(fact.metric, fact.value)):
        return [f"{fact.metric} {where}: display {fact.display!r} but the reference shows "
                f"{shown!r}"]
    return []


def _where(fact: StoreFact) -> str:
    ids = fact.session_ids
    if fact.scope:
        return f"({fact.scope})"
    if not ids:
        return "(store-level)"
    return f"(session {ids[0]})" if len(ids) == 1 else f"(over {len(ids)} sessions)"


def values_equal(shown: float | None, expected: float | None) -> bool:
    if shown is None or expected is None:
        return shown is None and expected is None
    return math.isclose(shown, expected, rel_tol=REL_TOLERANCE, abs_tol=1e-12)


def recompute(reference: Reference, metric: str, session_ids: Sequence[str]) -> float | None:
    """The metric over exactly these sessions (or store-level without ids), by the reference."""
    return reference.value(metric, session_ids)


def session_day(reference: Reference, session_ids: Sequence[str]) -> str | None:
    if len(session_ids) != 1 or session_ids[0] not in reference.sessions:
        return None
    return reference.session_date(session_ids[0])
