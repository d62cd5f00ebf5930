"""Evals page helpers: where the reports are, reading the latest one, its tables and charts,
and running the suite with live progress.

Reports are the dicts `advisor.evals.report.to_json` writes. A run from the page writes to
`<ADVISOR_DATA_DIR>/eval`; the page shows the newest report.json of that folder and the CLI's
out dir (`ADVISOR_EVAL_OUT_DIR`, default `artifacts/eval`). The cases come from
`ADVISOR_EVAL_CASES_DIR` (default `evals/cases`) and the limits from
`ADVISOR_EVAL_THRESHOLDS`. Case text (ids, questions, reasons, answers) is data: it only lands
in dataframe cells, chart data, st.text/st.code or escaped labels, never in HTML. Metrics and
evaluators are shown by their plain-language names, and no server path reaches the page.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd
import streamlit as st

from advisor.evals.baseline import BASELINE_METRICS
from advisor.evals.report import JSON_NAME, format_value, latest_report
from advisor.settings import Settings
from advisor.text import escape_markdown
from ui.i18n import has, t
from ui.labels import topic_label

if TYPE_CHECKING:
    from advisor.advisor import Advisor

log = logging.getLogger(__name__)
Report = dict[str, Any]
NA = "—"
# Column ids of the baseline table (their headers and the chart's series are translated).
PROJECT, BASELINE, AHEAD = "this project", "textbook RAG", "project ahead by"

# --- where the reports are ---------------------------------------------------------------


def run_out_dir(settings: Settings) -> Path:
    """Where "Run the suite" writes: the app's own data dir, whatever the working directory."""
    return settings.data_dir / "eval"


def report_dirs(settings: Settings) -> list[Path]:
    """The page's run dir and the CLI's out dir (`advisor eval`), without duplicates."""
    dirs = [run_out_dir(settings), settings.eval_out_dir]
    return list({d.resolve(): d for d in dirs}.values())


def newest_report_path(dirs: Sequence[Path]) -> Path | None:
    """The most recently written report.json among `dirs`, or None."""
    found = []
    for folder in dirs:
        path = folder / JSON_NAME
        try:
            found.append((path.stat().st_mtime_ns, str(path), path))
        except OSError:
            continue
    return max(found)[2] if found else None


@st.cache_data(max_entries=4, show_spinner=False)
def _read(folder: str, mtime_ns: int) -> Report | None:
    # Keyed on the file's mtime: a new run (here or from the CLI) is read again.
    return latest_report(Path(folder))


def load_report(path: Path) -> Report:
    """The report at `path` (cached per version); ValueError when it can't be read."""
    try:
        report = _read(str(path.parent), path.stat().st_mtime_ns)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path.name}: {no_paths(exc)}") from exc
    if not isinstance(report, dict):
        raise ValueError(f"{path.name}: not an eval report")
    return report


# --- text --------------------------------------------------------------------------------

plain = escape_markdown  # the one escaper, for labels built from report text

_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][\w.\-~]+)+[\\/]([\w.\-~]+)")


def ok_mark() -> str:
    return t("eval.ok")  # words too: some browsers lack emoji fonts


def fail_mark() -> str:
    return t("eval.fail")


def metric_name(metric: object) -> str:
    """A metric's or evaluator's plain-language name (catalogue eval.metric.<id>) in the UI
    language; an unknown id loses its underscores."""
    key = str(metric)
    base, _, lang = key.rpartition("_")
    if lang in ("en", "zh") and has(f"eval.metric.{base}"):  # a per-language twin
        return f"{t(f'eval.metric.{base}')} {t(f'eval.questions_in.{lang}')}"
    return t(f"eval.metric.{key}") if has(f"eval.metric.{key}") else key.replace("_", " ")


def no_paths(text: object) -> str:
    """`text` with every file path cut to the file's name: server paths stay on the server."""
    return _PATH.sub(r"\1", str(text))


def verdict(report: Report) -> str:
    return t("eval.passed") if report.get("passed") else t("eval.failed")


def cases(report: Report) -> list[dict[str, Any]]:
    return [c for c in report.get("cases") or [] if isinstance(c, dict)]


def ran_at(report: Report) -> str:
    raw = str((report.get("info") or {}).get("generated_at", ""))
    try:
        when = dt.datetime.fromisoformat(raw)
    except ValueError:
        return raw or t("eval.unknown_time")
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    return when.strftime("%Y-%m-%d %H:%M UTC")


def duration(report: Report) -> str:
    seconds = (report.get("timings") or {}).get("total_s")
    if not isinstance(seconds, int | float):
        return "n/a"
    return f"{seconds:.1f} s" if seconds < 90 else f"{int(seconds // 60)} min {seconds % 60:.0f} s"


def summary(report: Report) -> dict[str, str]:
    """The header's figures by id (cases, passed, duration, composer); labels: eval.fig.<id>."""
    rows = cases(report)
    passed = sum(bool(c.get("passed")) for c in rows)
    info = report.get("info") or {}
    return {"cases": str(info.get("cases", len(rows))),
            "passed": t("eval.of", passed=passed, total=len(rows)),
            "duration": duration(report), "composer": str(info.get("composer", "n/a"))}


def column_config(columns: Sequence[str]) -> dict[str, Any]:
    """Headers in the UI language for the Evals tables (their columns are ids)."""
    names = {PROJECT: "eval.project", BASELINE: "eval.textbook", AHEAD: "eval.ahead"}
    return {c: st.column_config.Column(t(names.get(c, f"eval.col.{c}"))) for c in columns
            if c in names or has(f"eval.col.{c}")}


# --- tables ------------------------------------------------------------------------------


def _limit(check: Mapping[str, Any]) -> str:
    sign = "≥" if check.get("kind") == "min" else "≤"
    return f"{sign} {format_value(str(check.get('metric', '')), check.get('limit'))}"


def aggregates_frame(report: Report) -> pd.DataFrame:
    """metric, value, threshold, cases, ok — formatted as in report.md (%, ms, counts)."""
    checks: dict[str, list[Mapping[str, Any]]] = {}
    for check in report.get("thresholds") or []:
        checks.setdefault(str(check.get("metric")), []).append(check)
    counts = report.get("applicable_cases") or {}
    rows = []
    for metric, value in (report.get("aggregates") or {}).items():
        mine = checks.get(metric, [])
        rows.append({"metric": metric_name(metric), "value": format_value(metric, value),
                     "threshold": ", ".join(_limit(c) for c in mine),
                     "cases": counts.get(metric), "ok": NA if not mine else (
                         ok_mark() if all(c.get("passed") for c in mine) else fail_mark())})
    return pd.DataFrame(rows, columns=["metric", "value", "threshold", "cases", "ok"])


def highlight_failures(frame: pd.DataFrame, column: str) -> Any:
    """The frame as a Styler with the rows whose `column` is the fail mark in red."""
    fail = fail_mark()
    return frame.style.apply(lambda row: ["color: #b71c1c; background-color: #fdecea"
                                          if row[column] == fail else ""] * len(row), axis=1)


def missed_thresholds(report: Report) -> list[str]:
    return [t("eval.missed_item", metric=metric_name(c.get("metric")),
              value=format_value(str(c.get("metric")), c.get("value")), limit=_limit(c))
            for c in report.get("thresholds") or [] if not c.get("passed")]


def _lead(metric: str, ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None:
        return ""
    if metric.endswith("_ms"):
        return f"{theirs - ours:+.1f} ms"
    return t("eval.pts", n=f"{(ours - theirs) * 100:+.1f}")


def baseline_frame(report: Report) -> pd.DataFrame | None:
    """The shared metrics, project beside baseline (None when the baseline was not run)."""
    base = report.get("baseline")
    if not isinstance(base, dict):
        return None
    ours, theirs = base.get("project") or {}, base.get("metrics") or {}
    return pd.DataFrame([{"metric": metric_name(m), PROJECT: format_value(m, ours.get(m)),
                          BASELINE: format_value(m, theirs.get(m)),
                          AHEAD: _lead(m, ours.get(m), theirs.get(m))}
                         for m in BASELINE_METRICS if m in ours or m in theirs])


def baseline_source(report: Report) -> str:
    """One Markdown line: which text the baseline indexed and how (never where it lives)."""
    base = report.get("baseline") or {}
    source = str(base.get("source", "?"))
    line = (t("eval.baseline_source", source=plain(source))
            + (t("eval.baseline_cards") if source == "cards" else "")
            + t("eval.baseline_how", chunks=plain(base.get("chunks", "?"))))
    if missing := base.get("missing_headings"):
        line += t("eval.baseline_missing", headings=plain(", ".join(map(str, missing))))
    return line


def rates_frame(rates: Mapping[str, Any] | None, labels: bool = False) -> pd.DataFrame:
    """group, cases, passed, rate (%) — one row per topic or tag."""
    rows = [{"group": topic_label(k) if labels else k, "key": k, "cases": v.get("cases", 0),
             "passed": v.get("passed", 0), "rate": 100.0 * float(v.get("rate", 0.0))}
            for k, v in (rates or {}).items() if isinstance(v, dict)]
    return pd.DataFrame(rows, columns=["group", "key", "cases", "passed", "rate"])


def _reasons(case: Mapping[str, Any]) -> str:
    reasons = [str(r) for r in case.get("reasons") or []]
    if case.get("error") and not reasons:
        reasons = [t("eval.error_reason", error=case["error"])]
    return " · ".join(reasons)


def _total_ms(case: Mapping[str, Any]) -> float | None:
    total = (case.get("answer") or {}).get("total_ms")
    return float(total) if isinstance(total, int | float) else None


def failures(report: Report) -> list[dict[str, Any]]:
    """The failing cases, errored first, in report order."""
    failing = [c for c in cases(report) if not c.get("passed")]
    return sorted(failing, key=lambda c: 0 if c.get("error") else 1)


def failure_label(case: Mapping[str, Any]) -> str:
    """An expander label: the case id and the evaluators that failed (escaped Markdown)."""
    failed = [str(r.get("name")) for r in case.get("results") or []
              if isinstance(r, dict) and r.get("passed") is False]
    names = ", ".join(map(metric_name, failed)) or t("eval.error")
    return plain(f"{case.get('id', '?')} · {names}")


def failures_frame(report: Report) -> pd.DataFrame:
    return pd.DataFrame([{"id": str(c.get("id", "")), "question": str(c.get("question", "")),
                          "reasons": _reasons(c)} for c in failures(report)],
                        columns=["id", "question", "reasons"])


def cases_frame(report: Report) -> pd.DataFrame:
    """Every case, failures first: id, topic, store, passed, latency, question, tags."""
    rows = [{"id": str(c.get("id", "")), "topic": str(c.get("topic", "")),
             "store": c.get("store") or "", "passed": bool(c.get("passed")),
             "latency_ms": _total_ms(c), "question": str(c.get("question", "")),
             "tags": ", ".join(map(str, c.get("tags") or [])), "reasons": _reasons(c)}
            for c in cases(report)]
    frame = pd.DataFrame(rows, columns=["id", "topic", "store", "passed", "latency_ms",
                                        "question", "tags", "reasons"])
    return frame.sort_values("passed", kind="stable").reset_index(drop=True)


def results_frame(case: Mapping[str, Any]) -> pd.DataFrame:
    """One row per evaluator, the failing ones first: result (✅/❌/— n/a), score, detail."""
    def mark(passed: object) -> str:
        return NA if passed is None else (ok_mark() if passed else fail_mark())
    results = [r for r in case.get("results") or [] if isinstance(r, dict)]
    return pd.DataFrame([{"evaluator": metric_name(r.get("name", "")),
                          "result": mark(r.get("passed")),
                          "score": None if r.get("passed") is None else r.get("score"),
                          "detail": str(r.get("detail", ""))}
                         for r in sorted(results, key=lambda r: r.get("passed") is not False)],
                        columns=["evaluator", "result", "score", "detail"])


def latency_frame(report: Report) -> pd.DataFrame:
    rows = [{"id": str(c.get("id", "")), "topic": str(c.get("topic", "")), "total_ms": ms}
            for c in cases(report) if (ms := _total_ms(c)) is not None]
    return pd.DataFrame(rows, columns=["id", "topic", "total_ms"])


# --- charts ------------------------------------------------------------------------------

_RATE_COLORS = alt.Scale(domain=[0, 50, 100], range=["#d62728", "#f2b447", "#2ca02c"])


def rate_chart(frame: pd.DataFrame, title: str) -> alt.LayerChart:
    """Horizontal bars of pass rate per group, weakest first, labelled passed/cases."""
    data = frame.assign(label=[f"{p}/{n}" for p, n in zip(frame["passed"], frame["cases"],
                                                           strict=True)])
    base = alt.Chart(data).encode(
        y=alt.Y("group:N", sort=alt.EncodingSortField("rate", order="ascending"), title=None,
                axis=alt.Axis(labelLimit=220, labelOverlap=False)),
        x=alt.X("rate:Q", title=t("eval.chart.rate_axis"), scale=alt.Scale(domain=[0, 112]),
                axis=alt.Axis(values=[0, 25, 50, 75, 100])),
        tooltip=[alt.Tooltip("group:N", title=t("eval.chart.group")),
                 alt.Tooltip("cases:Q", title=t("eval.chart.cases")),
                 alt.Tooltip("passed:Q", title=t("eval.chart.passed")),
                 alt.Tooltip("rate:Q", title=t("eval.chart.rate"), format=".1f")])
    bars = base.mark_bar().encode(color=alt.Color("rate:Q", scale=_RATE_COLORS, legend=None))
    labels = base.mark_text(align="left", dx=3, color="#555").encode(text="label:N")
    return alt.layer(bars, labels).properties(title=title, height=alt.Step(22))


def latency_chart(frame: pd.DataFrame, report: Report) -> alt.Chart:
    """Histogram of per-case total ms, with the run's p50/p95 and the p95 limit as rules."""
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("total_ms:Q", bin=alt.Bin(maxbins=40), title=t("eval.chart.latency_axis")),
        y=alt.Y("count():Q", title=t("eval.chart.cases_axis")),
        tooltip=[alt.Tooltip("total_ms:Q", bin=alt.Bin(maxbins=40), title="ms"),
                 alt.Tooltip("count():Q", title=t("eval.chart.cases"))])
    aggregates = report.get("aggregates") or {}
    lines = [{"line": f"{name} {format_value(key, aggregates[key])}", "ms": aggregates[key]}
             for name, key in (("p50", "latency_p50_ms"), ("p95", "latency_p95_ms"))
             if isinstance(aggregates.get(key), int | float)]
    slowest = float(frame["total_ms"].max()) if len(frame) else 0.0
    # The limit only when it is near the data: far beyond it, it would squash the bars.
    lines += [{"line": t("eval.chart.p95_limit", limit=_limit(c)), "ms": c.get("limit")}
              for c in report.get("thresholds") or [] if c.get("metric") == "latency_p95_ms"
              and isinstance(c.get("limit"), int | float) and c["limit"] <= 1.5 * slowest]
    if not lines:
        return bars.properties(title=t("eval.chart.latency_title"), height=260)
    rules = alt.Chart(pd.DataFrame(lines)).mark_rule(strokeDash=[4, 3], size=2).encode(
        x="ms:Q", color=alt.Color("line:N", title=None, legend=alt.Legend(orient="top"),
                                  scale=alt.Scale(range=["#6b7280", "#f28e2b", "#d62728"])),
        tooltip=[alt.Tooltip("line:N", title=t("eval.chart.line"))])
    return alt.layer(bars, rules).properties(title=t("eval.chart.latency_title"), height=260)


def baseline_chart(report: Report, latency: bool = False) -> alt.Chart | None:
    """Grouped bars, project beside baseline: the rates in %, or the latencies in ms."""
    base = report.get("baseline")
    if not isinstance(base, dict):
        return None
    project, textbook = t("eval.project"), t("eval.textbook")  # the legend's names
    rows = [{"metric": metric_name(m), "system": system, "value": v * (1 if latency else 100),
             "shown": format_value(m, v)}
            for m in BASELINE_METRICS if m.endswith("_ms") == latency
            for system, values in ((project, base.get("project")),
                                   (textbook, base.get("metrics")))
            if isinstance(v := (values or {}).get(m), int | float)]
    if not rows:
        return None
    return alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("metric:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("system:N", sort=[project, textbook]),
        y=alt.Y("value:Q", title="ms" if latency else "%"),
        color=alt.Color("system:N", title=None, sort=[project, textbook],
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("system:N", title=t("eval.chart.system")),
                 alt.Tooltip("metric:N", title=t("eval.chart.metric")),
                 alt.Tooltip("shown:N", title=t("eval.chart.value"))],
    ).properties(height=240,
                 title=t("eval.chart.latency") if latency else t("eval.chart.quality"))


def progress_text(done: int, total: int, label: str, baseline: bool) -> str:
    """Progress in cases, not in steps: the runner counts each case twice when the peer
    baseline runs too (once for the project, once for the baseline)."""
    cases = total // 2 if baseline else total
    if label.startswith("baseline: "):
        return t("eval.progress.baseline", done=done - cases, total=cases,
                 label=plain(label.removeprefix("baseline: ")))
    return t("eval.progress.case", done=done, total=cases, label=plain(label))


# --- running the suite -------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def suite_lock() -> threading.Lock:
    """One suite run per process: runs share the advisor, the data dir and the out dir."""
    return threading.Lock()


@dataclass(frozen=True)
class RunOutcome:
    """What a run from the page ended with, shown after the rerun that re-enables the button."""

    ok: bool  # the suite ran and wrote a report (its verdict may still be FAILED)
    message: str
    detail: str = ""  # why it could not run


def run_with_progress(settings: Settings, get_advisor: Callable[[], Advisor],
                      baseline: bool = True) -> RunOutcome:
    """Run the suite inside st.status, with a progress bar naming the current case."""
    from advisor.evals.runner import SuiteOptions, run_suite

    lock = suite_lock()
    if not lock.acquire(blocking=False):
        return RunOutcome(False, t("eval.run.already"))
    options = SuiteOptions.from_settings(settings, out_dir=run_out_dir(settings),
                                         baseline=baseline)
    try:
        with st.status(t("eval.run.status"), expanded=True) as status:
            bar = st.progress(0.0, text=t("eval.run.loading"))
            advisor = get_advisor()

            def progress(done: int, total: int, label: str) -> None:
                bar.progress(min(done / max(total, 1), 1.0), text=progress_text(done, total,
                                                                               label, baseline))

            try:
                result = run_suite(options, settings, on_progress=progress, advisor=advisor)
            except Exception as exc:  # noqa: BLE001 - bad cases or thresholds: say why
                log.exception("eval suite run failed")
                status.update(label=t("eval.run.cannot"), state="error")
                return RunOutcome(False, t("eval.run.cannot_msg"), no_paths(exc))
            runs = len(result.runs)
            message = t("eval.run.finished", s=f"{result.timings.get('total_s', 0):.0f}",
                        verdict=t("eval.passed") if result.passed else t("eval.failed"),
                        passed=runs - len(result.failed_runs), runs=runs)
            status.update(label=message, state="complete", expanded=False)
        return RunOutcome(True, message)
    finally:
        lock.release()
