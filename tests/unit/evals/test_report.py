"""Reports: failures first, the baseline beside the project, and the terminal summary."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from advisor import cli
from advisor.evals.aggregate import aggregate, applicable_counts, by_tag, by_topic
from advisor.evals.baseline import BaselineCase, BaselineReport, baseline_metrics
from advisor.evals.report import (
    latest_report,
    ordered_runs,
    summary_lines,
    to_json,
    to_markdown,
    write_reports,
)
from advisor.evals.runner import SuiteOptions, SuiteResult
from advisor.evals.thresholds import check_thresholds, parse_thresholds
from advisor.settings import Settings
from tests.unit.evals.test_aggregate_thresholds import sample_runs


def make_result(baseline: bool = True, thresholds: dict | None = None) -> SuiteResult:
    runs = sample_runs()
    values = aggregate(runs)
    base = None
    if baseline:
        cases = (BaselineCase("good", True, ("S3", "S5", "S0"), True, 0.0, 4.0),
                 BaselineCase("wrong-topic", True, ("S1", "S1", "S2"), False, 0.5, 6.0),
                 BaselineCase("out", False, ("S0",), None, None, 5.0))
        base = BaselineReport("article", "/seeds/article.txt", 33, 1.5, cases,
                              baseline_metrics(cases))
    checks = check_thresholds(parse_thresholds(thresholds or {"min": {"topic_accuracy": 0.9}}),
                              values)
    return SuiteResult(tuple(runs), values, applicable_counts(runs), tuple(checks),
                       by_topic(runs), by_tag(runs), base, {"total_s": 3.2},
                       {"cases_dir": "cases", "composer": "grounded"})


def test_failures_first() -> None:
    order = [run.case.id for run in ordered_runs(sample_runs())]
    assert order == ["broken", "wrong-topic", "good", "out"]


def test_exit_code() -> None:
    assert make_result().exit_code == 1
    passing = make_result(thresholds={"min": {"scope_accuracy": 0.9}})
    assert passing.exit_code == 1  # a case errored
    assert passing.failed_checks == []


def test_markdown_order_and_content() -> None:
    md = to_markdown(make_result())
    assert md.startswith("# Eval report: FAILED")
    positions = [md.index(h) for h in ("## Aggregates", "## Peer baseline",
                                       "## Pass rate by topic", "## Cases (failures first)")]
    assert positions == sorted(positions)
    assert "| topic_accuracy | 50.0% | ≥ 0.9 | 2 | ❌ |" in md
    assert "Baseline source: **article**" in md
    assert "| section_hit_at_3 | 50.0% | 50.0% | +0.0 pts |" in md
    cases = md[md.index("## Cases"):]
    assert cases.index("`broken`") < cases.index("`wrong-topic`") < cases.index("`good`")
    assert "topic: topic 'celebrity', expected 'anchor'" in cases
    assert "must_not: says what it must not: not the norm" in cases
    assert "error: asking failed: boom" in cases


def test_markdown_without_baseline_and_with_cards_source() -> None:
    assert "Not run (`--no-baseline`)" in to_markdown(make_result(baseline=False))
    result = make_result()
    cards = BaselineReport("cards", "/absent.txt", 80, 1.0, result.baseline.cases,  # type: ignore[union-attr]
                           result.baseline.metrics)  # type: ignore[union-attr]
    md = to_markdown(SuiteResult(**{**result.__dict__, "baseline": cards}))
    assert "Baseline source: **cards**" in md and "card texts used instead" in md


def test_json_report(tmp_path: Path) -> None:
    paths = write_reports(make_result(), tmp_path / "out")
    assert [p.name for p in paths] == ["report.json", "report.md"]
    data = json.loads(paths[0].read_text())
    assert data["passed"] is False and data["exit_code"] == 1
    assert [c["id"] for c in data["cases"]] == ["broken", "wrong-topic", "good", "out"]
    assert data["cases"][1]["reasons"][0].startswith("topic:")
    assert data["baseline"]["source"] == "article"
    assert data["baseline"]["project"]["section_hit_at_3"] == 0.5
    assert data["by_topic"]["anchor"] == {"cases": 1, "passed": 0, "rate": 0.0}
    assert latest_report(tmp_path / "out") == data
    assert latest_report(tmp_path / "nothing") is None
    assert to_json(make_result())["thresholds"][0]["passed"] is False


def test_summary_names_failing_cases_and_reasons() -> None:
    lines = summary_lines(make_result())
    text = "\n".join(lines)
    assert lines[0].startswith("eval FAILED: 2/4 cases passed")
    assert "threshold missed: topic_accuracy" in text
    assert "FAIL broken" in text and "FAIL wrong-topic" in text
    assert "FAIL good" not in text
    assert "baseline (article)" in text
    assert "... and 1 more failing cases" in "\n".join(summary_lines(make_result(), limit=1))


def test_suite_options_from_settings(tmp_path: Path) -> None:
    settings = Settings.from_env({"ADVISOR_EVAL_OUT_DIR": str(tmp_path)})
    options = SuiteOptions.from_settings(settings, cases_dir=Path("c"), thresholds_path=None)
    assert options.cases_dir == Path("c")
    assert options.out_dir == tmp_path
    assert options.thresholds_path == settings.eval_thresholds
    assert options.baseline is True
    assert SuiteOptions.from_settings(settings, baseline=False).baseline is False


def test_cli_eval_arguments_reach_the_runner(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    import advisor.evals.runner as runner

    seen: dict[str, object] = {}

    def fake_run_suite(options: SuiteOptions, settings: Settings) -> SuiteResult:
        seen["options"] = options
        return make_result(thresholds={"min": {"scope_accuracy": 0.5}})

    monkeypatch.setattr(runner, "run_suite", fake_run_suite)
    code = cli.main(["eval", "--cases", str(tmp_path / "c"), "--out", str(tmp_path / "o"),
                     "--thresholds", str(tmp_path / "t.yaml"), "--no-baseline"])
    options = seen["options"]
    assert isinstance(options, SuiteOptions)
    assert options.cases_dir == tmp_path / "c" and options.out_dir == tmp_path / "o"
    assert options.thresholds_path == tmp_path / "t.yaml" and options.baseline is False
    assert code == 1  # the sample has an errored case


def test_cmd_eval_prints_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    import advisor.evals.runner as runner
    from advisor.evals.command import cmd_eval

    monkeypatch.setattr(runner, "run_suite", lambda options, settings: make_result())
    out = io.StringIO()
    args = argparse.Namespace(cases=None, out=None, thresholds=None, no_baseline=False)
    assert cmd_eval(args, Settings.from_env({}), out) == 1
    assert "eval FAILED" in out.getvalue() and "FAIL wrong-topic" in out.getvalue()


def test_per_language_aggregates_format_like_their_base_metric() -> None:
    from advisor.evals.report import format_value

    assert format_value("latency_p50_ms_en", 24.36) == "24.4 ms"
    assert format_value("section_hit_at_3_zh", 0.9) == "90.0%"
