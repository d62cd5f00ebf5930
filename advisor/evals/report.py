"""Reports of a suite run: report.json and report.md in the out dir, and a terminal summary.

Order everywhere: the verdict and aggregates first (with their thresholds), then the peer
baseline side by side with the project, pass rates by topic and tag, then the cases with
failures first (errored, then failed, then passed), each failure naming the evaluator and
why. `latest_report(out_dir)` reads the last JSON report back (for the UI's Evals page).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.evals.aggregate import AGGREGATE_NAMES, GroupRate, topic_key
from advisor.evals.baseline import BASELINE_METRICS
from advisor.evals.results import CaseRun

if TYPE_CHECKING:
    from advisor.evals.runner import SuiteResult

JSON_NAME = "report.json"
MARKDOWN_NAME = "report.md"
SUMMARY_FAILURES = 25
QUESTION_CHARS = 80
COUNT_METRICS = frozenset({"must_not_violations", "errors"})


def ordered_runs(runs: Sequence[CaseRun]) -> list[CaseRun]:
    """Errored cases, then failed, then passed; file order within each group."""
    return sorted(runs, key=lambda run: 0 if run.error else (1 if not run.passed else 2))


def format_value(metric: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    metric = metric.removesuffix("_en").removesuffix("_zh")  # per-language twins format alike
    if metric.endswith("_ms"):
        return f"{value:.1f} ms"
    if metric in COUNT_METRICS:
        return f"{value:g}"
    return f"{value:.1%}"


def to_json(result: SuiteResult) -> dict[str, Any]:
    return {
        "passed": result.passed,
        "exit_code": result.exit_code,
        "info": result.info,
        "timings": result.timings,
        "aggregates": result.aggregates,
        "applicable_cases": result.counts,
        "thresholds": [{"metric": c.threshold.metric, "kind": c.threshold.kind,
                        "limit": c.threshold.limit, "value": c.value, "passed": c.passed}
                       for c in result.checks],
        "regressions": list(result.regressions),
        "baseline": _baseline_json(result),
        "by_topic": _rates_json(result.by_topic),
        "by_tag": _rates_json(result.by_tag),
        "cases": [_case_json(run) for run in ordered_runs(result.runs)],
    }


def _rates_json(rates: Mapping[str, GroupRate]) -> dict[str, dict[str, float]]:
    return {k: {"cases": g.cases, "passed": g.passed, "rate": g.rate} for k, g in rates.items()}


def _baseline_json(result: SuiteResult) -> dict[str, Any] | None:
    base = result.baseline
    if base is None:
        return None
    return {
        "source": base.source, "source_path": base.source_path, "chunks": base.chunks,
        "index_seconds": base.index_seconds, "missing_headings": list(base.missing_headings),
        "metrics": base.metrics,
        "project": {m: result.aggregates.get(m) for m in BASELINE_METRICS},
        "cases": [{"id": c.case_id, "sections": list(c.sections), "section_hit": c.section_hit,
                   "point_coverage": c.point_coverage, "latency_ms": c.latency_ms}
                  for c in base.cases],
    }


def _case_json(run: CaseRun) -> dict[str, Any]:
    case, answer = run.case, run.answer
    return {
        "id": case.id, "file": case.source, "question": case.question, "store": case.store,
        "topic": topic_key(run), "tags": list(case.tags), "passed": run.passed,
        "error": run.error or None, "reasons": run.reasons(),
        "results": [{"name": r.name, "passed": r.passed, "score": r.score, "detail": r.detail}
                    for r in run.results],
        "answer": None if answer is None else {
            "scope": answer.scope, "topic": answer.topic, "confidence": answer.confidence,
            "citations": [c.id for c in answer.citations],
            "sections": [c.section for c in answer.citations],
            "facts": [f.metric for f in answer.facts],
            "total_ms": answer.timings_ms.get("total"), "text": answer.text},
    }


def to_markdown(result: SuiteResult) -> str:
    info = result.info
    verdict = "PASSED" if result.passed else "FAILED"
    lines = [f"# Eval report: {verdict}", "",
             f"{len(result.runs) - len(result.failed_runs)} of {len(result.runs)} cases passed"
             f" · cases `{info.get('cases_dir', '')}` · composer `{info.get('composer', '')}`"
             f" · {info.get('generated_at', '')} · {result.timings.get('total_s', 0):.1f} s",
             "", "## Aggregates", "", "| metric | value | threshold | cases | ok |",
             "|---|---:|---|---:|---|"]
    checks = {c.threshold.metric: c for c in result.checks}
    for name in AGGREGATE_NAMES:
        check = checks.get(name)
        ok = "" if check is None else ("✅" if check.passed else "❌")
        needs = check.threshold.describe() if check else ""
        lines.append(f"| {name} | {format_value(name, result.aggregates.get(name))} | {needs} "
                     f"| {result.counts.get(name, 0)} | {ok} |")
    lines += _baseline_markdown(result)
    lines += _rates_markdown("Pass rate by topic", result.by_topic)
    lines += _rates_markdown("Pass rate by tag", result.by_tag)
    lines += _cases_markdown(result.runs)
    return "\n".join(lines) + "\n"


def _baseline_markdown(result: SuiteResult) -> list[str]:
    base = result.baseline
    lines = ["", "## Peer baseline: textbook LangChain RAG", ""]
    if base is None:
        return [*lines, "Not run (`--no-baseline`)."]
    lines += [f"Baseline source: **{base.source}** (`{base.source_path}`"
              + (", absent: card texts used instead" if base.source == "cards" else "")
              + f"); {base.chunks} chunks, RecursiveCharacterTextSplitter(500, 50), Chroma "
              "(cosine), same embedding model, top-3 similarity_search. A naive RAG always "
              "answers, so out-of-scope cases count against its scope accuracy.", "",
              "| metric | project | baseline | project ahead by |", "|---|---:|---:|---:|"]
    if base.missing_headings:
        lines.insert(3, f"Headings not found in the article: {', '.join(base.missing_headings)}")
    for name in BASELINE_METRICS:
        ours, theirs = result.aggregates.get(name), base.metrics.get(name)
        lead = ""
        if ours is not None and theirs is not None:
            lead = (f"{theirs - ours:+.1f} ms" if name.endswith("_ms")
                    else f"{(ours - theirs) * 100:+.1f} pts")
        lines.append(f"| {name} | {format_value(name, ours)} | {format_value(name, theirs)} "
                     f"| {lead} |")
    return lines


def _rates_markdown(title: str, rates: Mapping[str, GroupRate]) -> list[str]:
    if not rates:
        return []
    lines = ["", f"## {title}", "", "| group | cases | passed | rate |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {g.cases} | {g.passed} | {g.rate:.1%} |" for k, g in rates.items()]
    return lines


def _cases_markdown(runs: Sequence[CaseRun]) -> list[str]:
    lines = ["", "## Cases (failures first)", "", "| case | topic | question | result | why |",
             "|---|---|---|---|---|"]
    for run in ordered_runs(runs):
        state = "error" if run.error else ("FAIL" if not run.passed else "pass")
        why = "<br>".join(_cell(reason) for reason in run.reasons()) or _latency(run)
        question = _cell(run.case.question)
        question = question if len(question) <= QUESTION_CHARS else question[:QUESTION_CHARS] + "…"
        lines.append(f"| `{run.case.id}` | {topic_key(run)} | {question} | {state} | {why} |")
    return lines


def _latency(run: CaseRun) -> str:
    return "" if run.latency_ms is None else f"{run.latency_ms:.1f} ms"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def write_reports(result: SuiteResult, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / JSON_NAME, out_dir / MARKDOWN_NAME
    json_path.write_text(json.dumps(to_json(result), ensure_ascii=False, indent=1),
                         encoding="utf-8")
    md_path.write_text(to_markdown(result), encoding="utf-8")
    return json_path, md_path


def latest_report(out_dir: Path) -> dict[str, Any] | None:
    """The last report.json in out_dir, or None when there is none yet."""
    path = Path(out_dir) / JSON_NAME
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def summary_lines(result: SuiteResult, limit: int = SUMMARY_FAILURES) -> list[str]:
    """What `advisor eval` prints: verdict, missed thresholds, failing cases and why."""
    runs = result.runs
    lines = [f"eval {'passed' if result.passed else 'FAILED'}: "
             f"{len(runs) - len(result.failed_runs)}/{len(runs)} cases passed in "
             f"{result.timings.get('total_s', 0):.1f} s"]
    shown = ", ".join(f"{n} {format_value(n, result.aggregates.get(n))}" for n in (
        "scope_accuracy", "topic_accuracy", "section_hit_at_3", "card_recall",
        "point_coverage", "fact_accuracy", "latency_p95_ms"))
    lines.append(f"  {shown}")
    by_lang = "; ".join(
        f"{lang}: " + ", ".join(f"{n} {format_value(n, result.aggregates.get(f'{n}_{lang}'))}"
                                for n in ("case_pass_rate", "section_hit_at_3", "point_coverage",
                                          "language_match", "latency_p50_ms"))
        for lang in ("en", "zh"))
    lines.append(f"  by language — {by_lang}")
    if result.baseline is not None:
        base = result.baseline.metrics
        lines.append(f"  baseline ({result.baseline.source}): section_hit_at_3 "
                     f"{format_value('section_hit_at_3', base.get('section_hit_at_3'))}, "
                     f"point_coverage "
                     f"{format_value('point_coverage', base.get('point_coverage'))}, "
                     f"scope_accuracy "
                     f"{format_value('scope_accuracy', base.get('scope_accuracy'))}")
    lines += [f"  threshold missed: {c.describe()}" for c in result.failed_checks]
    lines += [f"  REGRESSION {r}" for r in result.regressions[:limit]]
    failing = ordered_runs(result.failed_runs)
    for run in failing[:limit]:
        lines.append(f"  FAIL {run.case.id} ({run.case.source})")
        lines += [f"      {reason}" for reason in run.reasons()]
    if len(failing) > limit:
        lines.append(f"  ... and {len(failing) - limit} more failing cases (see the report)")
    lines += [f"  report: {p}" for p in result.report_paths]
    return lines
