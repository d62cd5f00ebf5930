"""The regression gate: a committed record of which checks pass for which case.

`evals/passing.yaml` maps each case id to the evaluators that passed for it when the file
was last written (`advisor eval --update-passing`). A check that passed then and fails now
is a regression, and any regression fails the run, however good the averages still look.
Update the file deliberately, and say why in the commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from advisor.evals.results import CaseRun

# Always "passes" (it records a time), so it guards nothing.
UNGUARDED = frozenset({"latency"})
HEADER = ("# Checks that passed per eval case (advisor eval --update-passing). A check\n"
          "# listed here that fails later fails the run. Update it deliberately, with a\n"
          "# reason in the commit.\n")


def load_passing(path: Path) -> dict[str, list[str]]:
    """case id -> evaluator names that passed; {} when the file does not exist."""
    if not path.is_file():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, Mapping) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in raw.values()):
        raise ValueError(f"{path}: expected a mapping of case id -> list of evaluator names")
    return {str(k): list(v) for k, v in raw.items()}


def passing_now(runs: Sequence[CaseRun]) -> dict[str, list[str]]:
    """What this run would record: per case, the guarded evaluators that passed."""
    return {run.case.id: sorted(r.name for r in run.results
                                if r.passed and r.name not in UNGUARDED)
            for run in runs if not run.error}


def find_regressions(recorded: Mapping[str, Sequence[str]],
                     runs: Sequence[CaseRun]) -> list[str]:
    """'case: evaluator (detail)' for every recorded pass that no longer passes."""
    found = []
    for run in runs:
        for name in recorded.get(run.case.id, ()):
            if run.error:
                found.append(f"{run.case.id}: {name} (the case errored: {run.error})")
                continue
            result = run.result(name)
            if result is None or not result.passed:
                detail = result.detail if result is not None else "no longer evaluated"
                found.append(f"{run.case.id}: {name} ({detail})")
    return found


def write_passing(path: Path, runs: Sequence[CaseRun]) -> int:
    """Record this run's passing checks; returns how many cases were recorded."""
    record = passing_now(runs)
    body = yaml.safe_dump(dict(sorted(record.items())), allow_unicode=True, sort_keys=False,
                          width=100)
    path.write_text(HEADER + body, encoding="utf-8")
    return len(record)
