"""Suite-level numbers from the case runs: accuracies, coverage, violations, latency.

Rates are over the cases where the evaluator applies (errored cases are left out of them
and counted in `errors`). card_recall, point_coverage and fact_accuracy are the mean of the
per-case fractions; must_not_violations counts the cases that said a forbidden phrase.
Latency percentiles use the nearest-rank method over `timings_ms["total"]`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from advisor.evals import results as r
from advisor.evals import verdicts as v
from advisor.evals import whole as w
from advisor.evals.results import CaseRun

PASS_RATES: dict[str, str] = {
    "scope_accuracy": r.SCOPE,
    "topic_accuracy": r.TOPIC,
    "section_hit_at_3": r.SECTIONS,
    "confidence_accuracy": r.CONFIDENCE,
    "fact_value_accuracy": r.FACT_VALUES,
    "citation_validity": r.CITATIONS,
    "number_provenance": r.NUMBERS,
    "no_numbers": r.NO_NUMBERS,
    "stance_accuracy": w.STANCE,
    "no_contradiction": w.CONTRADICTION,
    "structure": w.STRUCTURE,
    "sentence_provenance": w.PROVENANCE,
    "store_labels": w.LABELS,
    "sessions_named": w.SESSIONS_NAMED,
    "language_match": w.LANGUAGE,
    "host_table": w.HOST_TABLE,
    "pinned_sections": w.SOURCES,
    "lead": v.LEAD,
    "gap_note": v.GAP_NOTE,
    "max_overlap": v.MAX_OVERLAP,
    "store_verdict": v.STORE_VERDICT,
}
MEAN_SCORES: dict[str, str] = {
    "card_recall": r.CARDS,
    "point_coverage": r.POINTS,
    "fact_accuracy": r.FACTS,
}
AGGREGATE_NAMES: tuple[str, ...] = (
    "case_pass_rate", "scope_accuracy", "topic_accuracy", "section_hit_at_3", "card_recall",
    "point_coverage", "must_not_violations", "confidence_accuracy", "fact_accuracy",
    "fact_value_accuracy", "citation_validity", "number_provenance", "no_numbers",
    "stance_accuracy", "no_contradiction", "structure", "sentence_provenance", "store_labels",
    "sessions_named", "language_match", "host_table", "pinned_sections", "lead", "gap_note",
    "max_overlap", "store_verdict", "regressions", "errors",
    "latency_p50_ms", "latency_p95_ms",
)
# The same numbers over the English and over the Chinese questions alone (DESIGN §12).
BY_LANGUAGE: tuple[str, ...] = ("case_pass_rate", "scope_accuracy", "topic_accuracy",
                                "section_hit_at_3", "card_recall", "point_coverage",
                                "language_match", "lead", "latency_p50_ms")
LANGUAGES = ("en", "zh")
AGGREGATE_NAMES += tuple(f"{name}_{lang}" for lang in LANGUAGES for name in BY_LANGUAGE)


@dataclass(frozen=True)
class GroupRate:
    """Pass rate of a group of cases (a topic or a tag)."""

    cases: int
    passed: int

    @property
    def rate(self) -> float:
        return self.passed / self.cases if self.cases else 0.0


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return float(ordered[rank - 1])


def case_language(run: CaseRun) -> str:
    """The language a case asks in: its `lang`, else its question's."""
    return run.case.expect.lang or w.text_language(run.case.question)


def aggregate(runs: Sequence[CaseRun]) -> dict[str, float | None]:
    """Every suite-level number in AGGREGATE_NAMES (None where no case applies)."""
    values = _overall(runs)
    for lang in LANGUAGES:
        own = _overall([run for run in runs if case_language(run) == lang])
        values |= {f"{name}_{lang}": own[name] for name in BY_LANGUAGE}
    return {name: values.get(name) for name in AGGREGATE_NAMES}


def _overall(runs: Sequence[CaseRun]) -> dict[str, float | None]:
    done = [run for run in runs if not run.error]
    values: dict[str, float | None] = {
        "case_pass_rate": sum(run.passed for run in runs) / len(runs) if runs else None,
    }
    for name, evaluator in PASS_RATES.items():
        outcomes = _applicable(done, evaluator)
        values[name] = (sum(bool(x.passed) for x in outcomes) / len(outcomes)
                        if outcomes else None)
    for name, evaluator in MEAN_SCORES.items():
        outcomes = _applicable(done, evaluator)
        values[name] = sum(x.score for x in outcomes) / len(outcomes) if outcomes else None
    values["must_not_violations"] = float(sum(x.failed for x in _applicable(done, r.MUST_NOT)))
    values["errors"] = float(sum(bool(run.error) for run in runs))
    latencies = [t for t in (run.latency_ms for run in done) if t is not None]
    values["latency_p50_ms"] = percentile(latencies, 50)
    values["latency_p95_ms"] = percentile(latencies, 95)
    return values


def applicable_counts(runs: Sequence[CaseRun]) -> dict[str, int]:
    """How many cases each aggregate is computed over."""
    done = [run for run in runs if not run.error]
    counts = {name: len(_applicable(done, ev)) for name, ev in {**PASS_RATES,
                                                              **MEAN_SCORES}.items()}
    counts["must_not_violations"] = len(_applicable(done, r.MUST_NOT))
    counts["case_pass_rate"] = counts["errors"] = len(runs)
    counts["latency_p50_ms"] = counts["latency_p95_ms"] = sum(
        run.latency_ms is not None for run in done)
    for lang in LANGUAGES:
        own = applicable_counts([run for run in runs if case_language(run) == lang]) if any(
            case_language(run) != lang for run in runs) else counts
        counts |= {f"{name}_{lang}": own[name] for name in BY_LANGUAGE}
    return counts


def topic_key(run: CaseRun) -> str:
    """The group a case reports under: its expected topic, or out-of-scope."""
    if run.case.expect.scope == "out":
        return "out-of-scope"
    return run.case.expect.topic or "(no topic)"


def pass_rates(runs: Iterable[CaseRun],
               keys: Callable[[CaseRun], Iterable[str]]) -> dict[str, GroupRate]:
    """Pass rate per group; a case may be in several groups (tags)."""
    counts: dict[str, list[int]] = {}
    for run in runs:
        for key in keys(run):
            cell = counts.setdefault(key, [0, 0])
            cell[0] += 1
            cell[1] += run.passed
    return {key: GroupRate(n, ok) for key, (n, ok) in sorted(counts.items())}


def by_topic(runs: Iterable[CaseRun]) -> dict[str, GroupRate]:
    return pass_rates(runs, lambda run: [topic_key(run)])


def by_tag(runs: Iterable[CaseRun]) -> dict[str, GroupRate]:
    return pass_rates(runs, lambda run: run.case.tags)


def _applicable(runs: Iterable[CaseRun], evaluator: str) -> list[r.EvalResult]:
    found = (run.result(evaluator) for run in runs)
    return [x for x in found if x is not None and x.applicable]
