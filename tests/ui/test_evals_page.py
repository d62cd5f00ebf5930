"""The Evals page: the latest report, its tables and charts, and running the suite.

Fast (no model): a hand-made report.json in the real shape (advisor.evals.report.to_json)
rendered through the app's router with AppTest, plus the helpers in ui/evals_view.py.
Integration (real model): "Run the suite" on a two-case folder, pointed at with
ADVISOR_EVAL_CASES_DIR, writes a report under <ADVISOR_DATA_DIR>/eval and the page shows it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from advisor import Settings
from advisor.evals.report import format_value
from ui import evals_view as ev

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
EVALS_PAGE = "ui/pages/evals.py"
RUN = "Run the suite"
FAILING_ID = "celebrity-fans-vanished"
HTML_QUESTION = "Is <b>bold</b> <script>alert(1)</script> hosting worth it?"


def _result(name: str, passed: bool | None, score: float, detail: str) -> dict[str, Any]:
    return {"name": name, "passed": passed, "score": score, "detail": detail}


def _case(case_id: str, topic: str, passed: bool, total_ms: float, question: str,
          reasons: list[str] | None = None, store: str | None = None) -> dict[str, Any]:
    reasons = reasons or []
    return {
        "id": case_id, "file": f"/cases/{topic}.yaml", "question": question, "store": store,
        "topic": topic, "tags": [topic, "phrasing-plain"], "passed": passed, "error": None,
        "reasons": reasons,
        "results": [_result("scope", True, 1.0, "scope 'in'"),
                    _result("topic", passed, float(passed),
                            "topic 'celebrity'" if passed else "topic 'off_topic', expected "
                                                               "'celebrity'"),
                    _result("card_recall", None, 0.0, "not expected by the case"),
                    _result("latency", True, total_ms, f"{total_ms:.1f} ms")],
        "answer": {"scope": "in", "topic": topic, "confidence": "high",
                   "citations": ["celebrity-not-the-norm"], "facts": [],
                   "total_ms": total_ms, "text": "**My recommendation:** keep it small. [1]"},
    }


def make_report(passed: bool = False) -> dict[str, Any]:
    """A small report in the shape advisor.evals.report.to_json writes."""
    aggregates = {"case_pass_rate": 2 / 3, "scope_accuracy": 1.0, "topic_accuracy": 0.6667,
                  "section_hit_at_3": 0.875, "must_not_violations": 0.0, "errors": 0.0,
                  "latency_p50_ms": 56.04, "latency_p95_ms": 788.04}
    thresholds = [("scope_accuracy", "min", 0.95), ("topic_accuracy", "min", 0.85),
                  ("must_not_violations", "max", 0.0), ("latency_p95_ms", "max", 200.0)]
    return {
        "passed": passed, "exit_code": 0 if passed else 1,
        "info": {"generated_at": "2026-11-29T23:04:10+00:00", "cases": 3,
                 "cases_dir": "/work/main/evals/cases", "thresholds": "thresholds.yaml",
                 "knowledge_dir": "knowledge", "data_dir": "data", "composer": "grounded",
                 "embedding_backend": "minilm", "demo_stores_installed": []},
        "timings": {"setup_s": 5.0, "cases_s": 3.2, "baseline_s": 2.1, "total_s": 10.3},
        "aggregates": aggregates,
        "applicable_cases": {m: 3 for m in aggregates},
        "thresholds": [{"metric": m, "kind": k, "limit": lim, "value": aggregates[m],
                        "passed": aggregates[m] >= lim if k == "min" else aggregates[m] <= lim}
                       for m, k, lim in thresholds],
        "baseline": {
            "source": "article", "source_path": "/shared/seeds/article.txt", "chunks": 33,
            "index_seconds": 2.0, "missing_headings": [],
            "metrics": {"scope_accuracy": 0.873, "section_hit_at_3": 0.609,
                        "point_coverage": 0.083, "latency_p50_ms": 59.9,
                        "latency_p95_ms": 528.9},
            "project": {"scope_accuracy": 1.0, "section_hit_at_3": 0.875,
                        "point_coverage": None, "latency_p50_ms": 56.04,
                        "latency_p95_ms": 788.04},
            "cases": [{"id": FAILING_ID, "sections": ["S4"], "section_hit": False,
                       "point_coverage": 0.0, "latency_ms": 10.6}]},
        "by_topic": {"anchor": {"cases": 1, "passed": 1, "rate": 1.0},
                     "celebrity": {"cases": 2, "passed": 1, "rate": 0.5}},
        "by_tag": {"phrasing-plain": {"cases": 3, "passed": 2, "rate": 2 / 3}},
        # Passing cases first on purpose: the page must still list the failure first.
        "cases": [
            _case("anchor-plain-me-or-paid", "anchor", True, 42.6,
                  "Should I host myself or pay a pro?"),
            _case("celebrity-zh-worth-it", "celebrity", True, 56.0, HTML_QUESTION,
                  store="demo-chili-sauce"),
            _case(FAILING_ID, "celebrity", False, 788.0,
                  "The star's fans came once and never again — why?",
                  ["topic: topic 'off_topic', expected 'celebrity'"]),
        ],
    }


def write_report(folder: Path, report: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "report.md").write_text("# Eval report\n", encoding="utf-8")
    return path


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Private data dir and CLI out dir (never ./artifacts/eval); fresh caches."""
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_EVAL_OUT_DIR", str(tmp_path / "cli-out"))
    st.cache_data.clear()
    return Settings.from_env()


def evals_page() -> AppTest:
    """The Evals page through the router (switched to before the first run: the chat page,
    which loads the model, never runs)."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.switch_page(EVALS_PAGE).run()
    assert not at.exception, at.exception
    return at


def frame_with(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def markdown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "success", "error", "info", "warning")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


# --- the page with a report --------------------------------------------------------------

def test_report_shows_verdict_aggregates_and_failures_first(env: Settings) -> None:
    report = make_report()
    write_report(ev.run_out_dir(env), report)
    at = evals_page()

    assert "FAILED" in at.error[0].value
    assert "Slow answer time (95th percentile)" in at.error[0].value  # the missed threshold
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cases"] == "3" and metrics["Passed"] == "2 of 3"
    assert metrics["Duration"] == "10.3 s" and metrics["Composer"] == "grounded"
    assert "Ran 2026-11-29 23:04 UTC" in markdown_text(at)
    assert [b.label for b in at.button] == [RUN]

    aggregates = frame_with(at, "threshold").set_index("metric")
    name = ev.metric_name
    for metric, value in report["aggregates"].items():
        assert aggregates.at[name(metric), "value"] == format_value(metric, value)
    assert aggregates.at["Topic recognised", "value"] == "66.7%"
    assert aggregates.at[name("latency_p95_ms"), "value"] == "788.0 ms"
    assert aggregates.at[name("latency_p95_ms"), "threshold"] == "≤ 200.0 ms"
    assert aggregates.at[name("latency_p95_ms"), "ok"] == ev.fail_mark()
    assert aggregates.at[name("scope_accuracy"), "threshold"] == "≥ 95.0%"
    assert aggregates.at[name("scope_accuracy"), "ok"] == ev.ok_mark()
    assert aggregates.at["Cases passed", "ok"] == ev.NA

    baseline = frame_with(at, ev.BASELINE).set_index("metric")
    assert baseline.at[name("section_hit_at_3"), ev.PROJECT] == "87.5%"
    assert baseline.at[name("section_hit_at_3"), ev.BASELINE] == "60.9%"
    assert baseline.at[name("section_hit_at_3"), "project ahead by"] == "+26.6 pts"
    assert baseline.at[name("point_coverage"), ev.PROJECT] == "n/a"
    assert "Baseline source: **article**" in markdown_text(at)

    failing = frame_with(at, "reasons")
    assert list(failing["id"]) == [FAILING_ID]
    assert "expected 'celebrity'" in failing.at[0, "reasons"]
    everything = frame_with(at, "latency_ms")
    assert list(everything["id"])[0] == FAILING_ID
    assert list(everything["passed"]) == [False, True, True]
    assert [e.label for e in at.expander if e.icon == ":material/cancel:"] == [
        ev.plain(f"{FAILING_ID} · Topic")]
    specs = [chart.proto.spec for chart in at.get("vega_lite_chart")]
    for title in ("Retrieval quality", "Latency", "Pass rate by topic",
                  "Latency distribution", "Pass rate by tag"):
        assert any(f'"title": "{title}"' in spec for spec in specs), title


def test_case_text_is_shown_as_data_never_markdown(env: Settings) -> None:
    write_report(ev.run_out_dir(env), make_report())
    at = evals_page()
    assert HTML_QUESTION in list(frame_with(at, "latency_ms")["question"])
    assert "<b>" not in markdown_text(at) and "<script>" not in markdown_text(at)
    texts = [t.value for t in at.text]
    assert any("The star's fans came once" in t for t in texts)  # the failing case's question
    assert "**My recommendation:** keep it small. [1]" in texts  # the answer, verbatim


def test_passing_report_says_every_threshold_met(env: Settings) -> None:
    report = make_report(passed=True)
    report["cases"] = report["cases"][:2]
    write_report(ev.run_out_dir(env), report)
    at = evals_page()
    assert not at.error and "PASSED" in at.success[0].value
    assert any("Every case passed" in s.value for s in at.success)


def test_without_a_report_the_page_says_so_and_offers_the_run_button(env: Settings) -> None:
    at = evals_page()
    assert any("No eval report yet" in i.value for i in at.info)
    assert [b.label for b in at.button] == [RUN] and not at.button[0].disabled
    assert not at.metric and not at.dataframe


def test_unreadable_report_is_a_warning_not_a_crash(env: Settings) -> None:
    folder = ev.run_out_dir(env)
    folder.mkdir(parents=True)
    (folder / "report.json").write_text("{not json", encoding="utf-8")
    at = evals_page()
    assert "can't be read" in at.warning[0].value
    assert [b.label for b in at.button] == [RUN]


def test_the_newest_report_of_the_run_dir_and_the_cli_dir_is_shown(env: Settings) -> None:
    older = write_report(ev.run_out_dir(env), make_report())
    newer = write_report(env.eval_out_dir, make_report(passed=True))
    os.utime(older, (1_000_000, 1_000_000))
    assert ev.report_dirs(env) == [ev.run_out_dir(env), env.eval_out_dir]
    assert ev.newest_report_path(ev.report_dirs(env)) == newer
    at = evals_page()
    assert "PASSED" in at.success[0].value


# --- helpers -----------------------------------------------------------------------------

def test_plain_escapes_markdown_in_labels() -> None:
    assert ev.plain("a_b *c* [x](y)\nz") == "a\\_b \\*c\\* \\[x\\](y) z"


def test_no_server_path_and_no_metric_id_reaches_the_page(env: Settings) -> None:
    report = make_report()
    report["cases"][2]["error"] = "FileNotFoundError: /srv/secret/cases/x.yaml is gone"
    write_report(ev.run_out_dir(env), report)
    at = evals_page()
    shown = "\n".join([markdown_text(at), *(str(e.value) for e in at.text),
                       *(str(e.value) for e in at.code), *(e.label for e in at.expander),
                       *(df.value.to_csv() for df in at.dataframe)])
    for path in ("/work/main", "/shared/seeds", "/cases/", "/srv/secret", str(env.data_dir),
                 "thresholds.yaml"):
        assert path not in shown, path
    assert "x.yaml is gone" in shown  # the message stays, without its folder
    for metric in report["aggregates"]:
        assert metric not in shown, metric
    assert "card_recall" not in shown and "section_hit_at_3" not in shown


@pytest.mark.parametrize(("done", "total", "label", "baseline", "text"), [
    (72, 366, "celebrity-fee", True, "Case 72 of 183 · celebrity-fee"),
    (250, 366, "baseline: celebrity-fee", True, "Peer baseline: case 67 of 183 · celebrity-fee"),
    (72, 183, "celebrity-fee", False, "Case 72 of 183 · celebrity-fee"),
])
def test_progress_counts_cases_not_steps(done: int, total: int, label: str, baseline: bool,
                                         text: str) -> None:
    assert ev.progress_text(done, total, label, baseline) == text


def test_rates_and_latency_frames() -> None:
    report = make_report()
    topics = ev.rates_frame(report["by_topic"], labels=True)
    assert list(topics["group"]) == ["choosing the host", "celebrity guests"]
    assert list(topics["rate"]) == [100.0, 50.0]
    assert sorted(ev.latency_frame(report)["total_ms"]) == [42.6, 56.0, 788.0]
    results = ev.results_frame(report["cases"][2])
    assert list(results["result"])[0] == ev.fail_mark()  # the failing evaluator first
    assert results.set_index("evaluator")["score"].isna().to_dict() == {
        "Topic": False, "In or out of scope": False, "Expected cards cited": True,
        "Answer time": False}  # n/a: blank
    assert ev.baseline_frame({"baseline": None}) is None
    assert ev.baseline_chart({"baseline": None}) is None


# --- running the suite (real model) ------------------------------------------------------

TINY_CASES = """\
- id: tiny-celebrity
  question: Is it worth paying a famous star to host one of our live streams?
  expect:
    scope: in
    topic: celebrity
- id: tiny-out-of-scope
  question: What's a good recipe for dumplings?
  expect:
    scope: out
"""


@pytest.mark.integration
@pytest.mark.usefixtures("app_env")
def test_run_the_suite_on_a_tiny_folder_shows_the_new_report(
        env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "tiny.yaml").write_text(TINY_CASES, encoding="utf-8")
    monkeypatch.setenv("ADVISOR_EVAL_CASES_DIR", str(cases))
    at = evals_page()
    assert any("No eval report yet" in i.value for i in at.info)

    at.button[0].click().run(timeout=120)
    assert not at.exception, at.exception
    assert any(s.value.startswith("Finished in") for s in at.success), markdown_text(at)
    assert (ev.run_out_dir(env) / "report.json").is_file()
    assert not any("No eval report yet" in i.value for i in at.info)
    assert not at.button[0].disabled  # the rerun after the run re-enabled it
    assert {m.label: m.value for m in at.metric}["Cases"] == "2"
    everything = frame_with(at, "latency_ms")
    assert set(everything["id"]) == {"tiny-celebrity", "tiny-out-of-scope"}
    assert everything["latency_ms"].notna().all()
    assert frame_with(at, ev.BASELINE) is not None  # the peer baseline ran too
    assert "PASSED" in markdown_text(at) or "FAILED" in markdown_text(at)


def test_a_case_folder_that_cannot_load_is_reported(env: Settings, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Bad cases fail before the model is needed: a fake advisor is enough."""
    cases = tmp_path / "bad-cases"
    cases.mkdir()
    (cases / "bad.yaml").write_text("- id: no-question\n  expect: {scope: in}\n",
                                    encoding="utf-8")
    monkeypatch.setenv("ADVISOR_EVAL_CASES_DIR", str(cases))
    monkeypatch.setattr("ui.resources.get_advisor", lambda: object())
    at = evals_page()
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "could not run" in at.warning[0].value
    assert "no-question" in at.code[0].value and "question" in at.code[0].value
    assert not ev.suite_lock().locked()
    assert any("No eval report yet" in i.value for i in at.info)


def test_every_aggregate_and_evaluator_has_a_plain_name() -> None:
    from advisor.evals.aggregate import AGGREGATE_NAMES
    from advisor.evals.evaluators import EVALUATORS
    from advisor.evals.results import EvalContext
    from tests.unit.evals.helpers import card_texts, make_answer, make_case
    from ui.i18n import has

    ctx = EvalContext(card_texts(), lambda name: None)  # type: ignore[arg-type,return-value]
    evaluators = {ev(make_case(), make_answer(), ctx).name for ev in EVALUATORS}
    from ui.evals_view import metric_name

    missing = {m for m in set(AGGREGATE_NAMES) | evaluators if not has(f"eval.metric.{m}")
               and metric_name(m) == m.replace("_", " ")}
    assert not missing, f"no plain-language name for {sorted(missing)}"
    assert metric_name("section_hit_at_3_zh") == (
        "Right article section in the top 3 sources (Chinese questions)")
