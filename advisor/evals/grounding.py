"""Checks that the numbers in an answer are grounded: fact accuracy and number provenance.

Fact accuracy recomputes each fact independently of the advisor: a fact over one session
is that session's row of the store's `compute_metrics(...).sessions`; a fact over several
sessions is `group_metrics` over exactly those sessions (totals, DESIGN §5); a fact with
no session ids is store-level (`metrics.store`). The value must match to 1e-9 (relative),
and the display must be the formatted recomputed value and appear in the answer text.

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
from typing import TYPE_CHECKING, Any

from advisor.evals.cases import EvalCase
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

if TYPE_CHECKING:
    from advisor.store.metrics import StoreMetrics

REL_TOLERANCE = 1e-9
NUMBER = re.compile(r"(?<![\w.,\-])(?:\d{4}-\d{2}-\d{2}(?![\d-])|[¥￥]?\d+(?:,\d{3})*(?:\.\d+)?%?)")
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
    return [f"{f.display} {f.definition} {' '.join(f.session_ids)}" for f in facts]


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


def fact_accuracy(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    expected = case.expect.facts
    if not expected:
        return not_applicable(FACTS)
    if case.store is None:
        return verdict(FACTS, False, 0.0, "the case expects facts but names no store")
    metrics = ctx.metrics_for(case.store)
    problems: list[str] = []
    good = 0
    for metric in expected:
        found = metric_problems(metric, answer, metrics)
        problems += found
        good += not found
    if problems:
        return verdict(FACTS, False, good / len(expected), "; ".join(problems))
    return verdict(FACTS, True, 1.0, f"{', '.join(expected)} shown and equal to the "
                                     "recomputed metrics")


def fact_values(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """Every fact the answer carries (expected or not) has the recomputed value and display."""
    if case.store is None or not answer.facts:
        return not_applicable(FACT_VALUES, "no store facts in the answer")
    metrics = ctx.metrics_for(case.store)
    found = [_value_problems(fact, _where(fact), metrics) for fact in answer.facts]
    problems = [p for per_fact in found for p in per_fact]
    if problems:
        wrong = sum(bool(per_fact) for per_fact in found)
        return verdict(FACT_VALUES, False, 1 - wrong / len(answer.facts), "; ".join(problems))
    return verdict(FACT_VALUES, True, 1.0, f"all {len(answer.facts)} facts equal the "
                                           "recomputed metrics")


def metric_problems(metric: str, answer: Answer, metrics: StoreMetrics) -> list[str]:
    """What is wrong with the answer's facts for one metric (empty when all are right)."""
    facts = [f for f in answer.facts if f.metric == metric]
    if not facts:
        return [f"no {metric} fact in the answer"]
    problems = []
    for fact in facts:
        where = _where(fact)
        if fact.display not in answer.text:
            problems.append(f"{metric} {where}: display {fact.display!r} is not in the text")
        problems += _value_problems(fact, where, metrics)
    return problems


def _value_problems(fact: StoreFact, where: str, metrics: StoreMetrics) -> list[str]:
    from advisor.store.metrics import format_metric

    if fact.metric == "session_date":
        day = session_day(metrics, fact.session_ids)
        ok = day is not None and day == fact.display
        return [] if ok else [f"session_date {where}: shows {fact.display!r}, data says {day!r}"]
    try:
        expected = recompute(metrics, fact.metric, fact.session_ids)
    except LookupError as exc:
        return [f"{fact.metric} {where}: cannot recompute ({exc})"]
    if not values_equal(fact.value, expected):
        return [f"{fact.metric} {where}: value {fact.value!r} but recomputed {expected!r}"]
    shown = format_metric(fact.metric, expected, metrics.currency)
    if fact.display != shown:
        return [f"{fact.metric} {where}: display {fact.display!r} but recomputed {shown!r}"]
    return []


def _where(fact: StoreFact) -> str:
    ids = fact.session_ids
    if not ids:
        return "(store-level)"
    return f"(session {ids[0]})" if len(ids) == 1 else f"(over {len(ids)} sessions)"


def values_equal(shown: float | None, expected: float | None) -> bool:
    if shown is None or expected is None:
        return shown is None and expected is None
    return math.isclose(shown, expected, rel_tol=REL_TOLERANCE, abs_tol=1e-12)


def recompute(metrics: StoreMetrics, metric: str, session_ids: Sequence[str]) -> float | None:
    """The metric over exactly these sessions (or store-level without ids), from scratch."""
    sessions = metrics.sessions
    if session_ids:
        missing = [s for s in session_ids if s not in sessions.index]
        if missing:
            raise LookupError(f"unknown session ids {missing[:3]}")
        if len(session_ids) == 1 and metric in sessions.columns:
            return _plain(sessions.loc[session_ids[0], metric])
        value = _group_value(sessions, metric, session_ids)
        if value is not _ABSENT:
            return _plain(value)
        if set(session_ids) != set(map(str, sessions.index)):
            raise LookupError(f"{metric} is not defined for a subset of sessions")
    if metric not in metrics.store:
        raise LookupError(f"{metric} is not a store-level metric")
    return _plain(metrics.store[metric])


_ABSENT = object()


def _group_value(sessions: Any, metric: str, session_ids: Sequence[str]) -> Any:
    import pandas as pd

    from advisor.store.metrics import group_metrics

    subset = sessions.loc[list(session_ids)]
    table = group_metrics(subset, pd.Series("all", index=subset.index))
    if metric not in table.columns:
        return _ABSENT
    return table.iloc[0][metric]


def session_day(metrics: StoreMetrics, session_ids: Sequence[str]) -> str | None:
    if len(session_ids) != 1 or session_ids[0] not in metrics.sessions.index:
        return None
    return str(metrics.sessions.loc[session_ids[0], "date"])[:10]


def _plain(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number
