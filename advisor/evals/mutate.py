"""`advisor eval --mutants`: plant each catalogued mistake in a scratch copy, run the suite.

A mutant is caught when the suite exits 1 with it. It is caught for the right reason when
a case that fails because of it (a regression against evals/passing.yaml, or a case that
passed unmutated and fails now) is one whose answer actually changed. The mutation score is
the share caught for the right reason; `make mutants` fails below MIN_SCORE.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from advisor.evals.mutants import SMOKE, Mutant, by_name
from advisor.settings import Settings

COPIED = ("advisor", "knowledge", "evals")
MIN_SCORE = 0.9
RUN_TIMEOUT_S = 1200


class StaleMutant(ValueError):
    """The code or card a mutant edits has changed: the catalogue needs a review."""


@dataclass(frozen=True)
class Outcome:
    """One suite run: its exit code and its report (None when no report was written)."""

    exit_code: int
    report: dict[str, Any] | None
    seconds: float
    output: str = ""  # the end of what the run printed


@dataclass(frozen=True)
class MutantResult:
    mutant: Mutant
    caught: bool
    right_reason: bool
    catching: tuple[str, ...]  # cases that fail because of the mutant
    changed: tuple[str, ...]  # cases whose answer differs from the unmutated run
    seconds: float
    note: str = ""

    def row(self) -> str:
        verdict = ("caught" if self.right_reason else "caught (wrong reason)") if self.caught \
            else "MISSED"
        shown = ", ".join(self.catching[:4]) + (" …" if len(self.catching) > 4 else "")
        return (f"| {self.mutant.name} | {self.mutant.kind} | {verdict} | "
                f"{len(self.catching)} | {shown or self.note or '—'} | {self.seconds:.0f} s |")


def apply(mutant: Mutant, tree: Path) -> None:
    """Plant the mutant's mistake in a scratch tree (settings mutants change no file)."""
    if not mutant.path:
        return
    target = tree / mutant.path
    if not target.is_file():
        raise StaleMutant(f"{mutant.name}: {mutant.path} does not exist")
    if mutant.replace is None:
        target.unlink()
        return
    if mutant.swap_with:
        other = tree / mutant.swap_with
        (head_a, body_a), (head_b, body_b) = _split_card(target), _split_card(other)
        target.write_text(head_a + body_b, encoding="utf-8")
        other.write_text(head_b + body_a, encoding="utf-8")
        return
    text = target.read_text(encoding="utf-8")
    if text.count(mutant.find) != 1:
        raise StaleMutant(f"{mutant.name}: the text to mutate occurs {text.count(mutant.find)} "
                          f"times in {mutant.path} (needs exactly 1); review the catalogue")
    target.write_text(text.replace(mutant.find, mutant.replace), encoding="utf-8")


def _split_card(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---", 3) + len("\n---\n")
    return text[:end], text[end:]


def prepare_base(project: Path, root: Path, focus: Sequence[str]) -> Path:
    """A scratch copy of the project's code, cards and cases (only `focus` files if given)."""
    base = root / "base"
    for name in COPIED:
        shutil.copytree(project / name, base / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _without_latency(base / "evals" / "thresholds.yaml")
    if focus:
        for case_file in (base / "evals" / "cases").glob("*.y*ml"):
            if case_file.name not in focus:
                case_file.unlink()
        hard_gates_only(base / "evals" / "thresholds.yaml")
    return base


def _without_latency(path: Path) -> None:
    """Latency limits measure the machine, not the advice: mutants run without them."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["max"] = {k: v for k, v in (raw.get("max") or {}).items() if not k.startswith("latency")}
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")


def hard_gates_only(path: Path) -> None:
    """A few case files can't be held to suite-wide averages (a file of Chinese questions
    lowers language_match, a busy machine the latency): a quick run keeps the hard gates
    (limits of 1.0, errors, violations, regressions) and the regression record."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    data["min"] = {k: v for k, v in (data.get("min") or {}).items() if float(v) >= 1.0}
    data["max"] = {k: v for k, v in (data.get("max") or {}).items() if not k.startswith("latency")}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def run_suite_in(tree: Path, data: Path, out: Path, env: dict[str, str] | None = None) -> Outcome:
    """`advisor eval` in a subprocess that imports the advisor from `tree`."""
    full_env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1",
                "ANONYMIZED_TELEMETRY": "False", "ADVISOR_KNOWLEDGE_DIR": str(tree / "knowledge"),
                "ADVISOR_DATA_DIR": str(data), "ADVISOR_EVAL_OUT_DIR": str(out),
                "ADVISOR_EVAL_CASES_DIR": str(tree / "evals" / "cases"),
                "ADVISOR_EVAL_THRESHOLDS": str(tree / "evals" / "thresholds.yaml"),
                **(env or {})}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "advisor", "eval", "--no-baseline",
         "--passing", str(tree / "evals" / "passing.yaml")],
        cwd=tree, env=full_env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    report_path = out / "report.json"
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.is_file() else None
    output = (proc.stdout[-1500:] + "\n" + proc.stderr[-1500:]).strip()
    return Outcome(proc.returncode, report, time.perf_counter() - start, output)


def _answers(report: dict[str, Any] | None) -> dict[str, Any]:
    """case id -> what the answer said (text, citations, facts), to see what a mutant changed."""
    if report is None:
        return {}
    return {c["id"]: c.get("answer") and (c["answer"].get("text"), c["answer"].get("citations"),
                                          c["answer"].get("sections"), c["answer"].get("facts"))
            for c in report["cases"]}


def _passed(report: dict[str, Any] | None) -> set[str]:
    return {c["id"] for c in report["cases"] if c["passed"]} if report else set()


def judge(mutant: Mutant, base: Outcome, run: Outcome) -> MutantResult:
    """Caught? By which cases? Did those cases' answers change?"""
    if run.report is None:
        note = "the suite crashed: " + (run.output.splitlines() or ["?"])[-1][:120]
        return MutantResult(mutant, run.exit_code != 0, False, (), (), run.seconds, note)
    before, after = _answers(base.report), _answers(run.report)
    changed = tuple(sorted(cid for cid in after if after[cid] != before.get(cid)))
    regressed = {r.split(":", 1)[0] for r in run.report.get("regressions", [])}
    newly_failing = _passed(base.report) - _passed(run.report)
    catching = tuple(sorted(regressed | newly_failing))
    caught = run.exit_code != 0
    missed = [t["metric"] for t in run.report.get("thresholds", []) if not t["passed"]]
    note = f"thresholds missed: {', '.join(missed)}" if missed else ""
    right = caught and any(cid in changed for cid in catching)
    return MutantResult(mutant, caught, right, catching, changed, run.seconds, note)


def run_mutants(project: Path, mutants: Sequence[Mutant], quick: bool = False,
                jobs: int = 2, log: Any = print) -> tuple[Outcome, list[MutantResult]]:
    """The unmutated run, then every mutant in its own scratch copy (`jobs` at a time)."""
    focus = sorted({f for m in mutants for f in m.focus}) if quick else []
    with tempfile.TemporaryDirectory(prefix="advisor-mutants-") as tmp:
        root = Path(tmp)
        base_tree = prepare_base(project, root, focus)
        base = run_suite_in(base_tree, root / "data-base", root / "out-base")
        if base.exit_code != 0 or base.report is None:
            raise RuntimeError("the suite fails without any mutation; fix that first:\n"
                               + base.output)
        log(f"unmutated run: exit 0 in {base.seconds:.0f} s")

        def one(mutant: Mutant) -> MutantResult:
            tree, data = root / f"m-{mutant.name}", root / f"d-{mutant.name}"
            shutil.copytree(base_tree, tree)
            shutil.copytree(root / "data-base", data)
            try:
                apply(mutant, tree)
                result = judge(mutant, base, run_suite_in(tree, data, tree / "out", mutant.env))
            finally:
                shutil.rmtree(tree, ignore_errors=True)
                shutil.rmtree(data, ignore_errors=True)
            log(result.row())
            return result

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(one, mutants))
    return base, results


def score(results: Sequence[MutantResult]) -> float:
    return sum(r.right_reason for r in results) / len(results) if results else 0.0


def report_markdown(results: Sequence[MutantResult], seconds: float, quick: bool) -> str:
    caught = sum(r.caught for r in results)
    lines = [f"# Mutation report{' (quick)' if quick else ''}", "",
             f"{sum(r.right_reason for r in results)} of {len(results)} mutants caught for the "
             f"right reason ({score(results):.0%}); {caught} caught in all; {seconds:.0f} s.", "",
             "| mutant | kind | verdict | cases | catching cases | time |",
             "|---|---|---|---:|---|---:|"]
    lines += [r.row() for r in results]
    lines += ["", "## What each mutant does", ""]
    lines += [f"- `{r.mutant.name}`: {r.mutant.description}" for r in results]
    return "\n".join(lines) + "\n"


def cmd_mutants(args: argparse.Namespace, settings: Settings) -> int:
    """The CLI entry: run, print the table, write artifacts/mutants/report.md and .json."""
    project = Path(__file__).resolve().parents[2]
    names = args.only or (",".join(SMOKE) if args.quick else None)
    mutants = by_name(names)
    start = time.perf_counter()
    print(f"mutants: {len(mutants)}{' (quick: focus cases only)' if args.quick else ''}",
          flush=True)
    _, results = run_mutants(project, mutants, quick=args.quick,
                             log=lambda line: print(line, flush=True))
    seconds = time.perf_counter() - start
    out = Path(args.out or "artifacts/mutants")
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.md").write_text(report_markdown(results, seconds, args.quick),
                                   encoding="utf-8")
    (out / "report.json").write_text(json.dumps([{
        "mutant": r.mutant.name, "kind": r.mutant.kind, "description": r.mutant.description,
        "caught": r.caught, "right_reason": r.right_reason, "catching_cases": list(r.catching),
        "changed_cases": len(r.changed), "seconds": round(r.seconds, 1), "note": r.note}
        for r in results], indent=2), encoding="utf-8")
    print(f"mutation score: {sum(r.right_reason for r in results)} of {len(results)} caught for "
          f"the right reason ({score(results):.0%}) in {seconds:.0f} s; report: {out}/report.md")
    return 0 if score(results) >= MIN_SCORE else 1
