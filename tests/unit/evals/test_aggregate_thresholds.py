"""Suite aggregates, percentiles, and the thresholds that gate the exit status."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.evals.aggregate import (
    AGGREGATE_NAMES,
    aggregate,
    applicable_counts,
    by_tag,
    by_topic,
    percentile,
)
from advisor.evals.evaluators import evaluate
from advisor.evals.results import CaseRun
from advisor.evals.thresholds import check_thresholds, load_thresholds, parse_thresholds
from tests.unit.evals.helpers import make_answer, make_case, make_context

CTX = make_context()
ROOT = Path(__file__).resolve().parents[3]


def run_of(case_id: str, answer_kwargs: dict | None = None, **expect: object) -> CaseRun:
    case = make_case(case_id, **expect)
    answer = make_answer(**(answer_kwargs or {}))
    return CaseRun(case, tuple(evaluate(case, answer, CTX)), answer)


def sample_runs() -> list[CaseRun]:
    return [
        run_of("good", {"total_ms": 10.0}, topic="celebrity", sections=["S5"],
               points=[["exception"]], tags=["celebrity"]),
        run_of("wrong-topic", {"total_ms": 20.0}, topic="anchor", sections=["S7"],
               points=[["exception"], ["missing"]], must_not=["not the norm"],
               tags=["anchor", "data"]),
        run_of("out", {"scope": "out", "citations": (), "text": "Not mine.",
                       "total_ms": 30.0}, scope="out"),
        CaseRun(make_case("broken", tags=["data"]), error="asking failed: boom"),
    ]


def test_percentile_nearest_rank() -> None:
    assert percentile([], 50) is None
    assert percentile([5.0], 95) == 5.0
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0


def test_aggregates_over_applicable_cases() -> None:
    values = aggregate(sample_runs())
    assert set(values) == set(AGGREGATE_NAMES)
    assert values["case_pass_rate"] == pytest.approx(2 / 4)
    assert values["scope_accuracy"] == 1.0
    assert values["topic_accuracy"] == 0.5
    assert values["section_hit_at_3"] == 0.5
    assert values["point_coverage"] == pytest.approx((1.0 + 0.5) / 2)
    assert values["card_recall"] is None
    assert values["must_not_violations"] == 1.0
    assert values["errors"] == 1.0
    assert values["citation_validity"] == 1.0
    assert values["latency_p50_ms"] == 20.0
    assert values["latency_p95_ms"] == 30.0
    counts = applicable_counts(sample_runs())
    assert counts["topic_accuracy"] == 2 and counts["card_recall"] == 0
    assert counts["case_pass_rate"] == 4


def test_pass_rates_by_topic_and_tag() -> None:
    topics = by_topic(sample_runs())
    assert {k: (g.cases, g.passed) for k, g in topics.items()} == {
        "celebrity": (1, 1), "anchor": (1, 0), "out-of-scope": (1, 1), "(no topic)": (1, 0)}
    tags = by_tag(sample_runs())
    assert tags["data"].cases == 2 and tags["data"].rate == 0.0


def test_thresholds_parse_and_check() -> None:
    thresholds = parse_thresholds({"min": {"topic_accuracy": 0.85, "card_recall": 0.9},
                                   "max": {"must_not_violations": 0, "latency_p95_ms": 200}})
    checks = {c.threshold.metric: c for c in check_thresholds(thresholds,
                                                              aggregate(sample_runs()))}
    assert checks["topic_accuracy"].passed is False
    assert checks["topic_accuracy"].describe().endswith("(needs ≥ 0.85): MISSED")
    assert checks["card_recall"].passed is True  # n/a: no case expects cards
    assert "n/a" in checks["card_recall"].describe()
    assert checks["must_not_violations"].passed is False
    assert checks["latency_p95_ms"].passed is True


def test_threshold_edges() -> None:
    [at_min] = check_thresholds(parse_thresholds({"min": {"scope_accuracy": 0.95}}),
                                {"scope_accuracy": 0.95})
    assert at_min.passed
    [above_max] = check_thresholds(parse_thresholds({"max": {"errors": 0}}), {"errors": 1.0})
    assert not above_max.passed


@pytest.mark.parametrize(("raw", "message"), [
    (None, "expected a mapping"),
    ({"minimum": {}}, "unknown sections"),
    ({"min": {"accuracy": 0.9}}, "unknown metric 'accuracy'"),
    ({"min": {"scope_accuracy": "high"}}, "must be a number"),
    ({"max": {"errors": True}}, "must be a number"),
    ({"min": [1, 2]}, "must map metric names"),
])
def test_bad_thresholds(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_thresholds(raw, "t.yaml")


def test_threshold_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not found"):
        load_thresholds(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("min: [\n")
    with pytest.raises(ValueError, match="bad.yaml: not valid YAML"):
        load_thresholds(bad)


def test_the_project_thresholds_file_is_valid() -> None:
    thresholds = load_thresholds(ROOT / "evals" / "thresholds.yaml")
    names = {t.metric for t in thresholds}
    assert {"scope_accuracy", "topic_accuracy", "section_hit_at_3", "card_recall",
            "point_coverage", "must_not_violations", "fact_accuracy", "citation_validity",
            "number_provenance", "latency_p95_ms", "errors"} <= names
