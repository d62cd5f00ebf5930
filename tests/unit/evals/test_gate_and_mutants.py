"""The regression gate and the mutation harness's pure parts: apply, stale detection, judging."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.evals.mutants import CATALOGUE, SMOKE, Mutant, by_name
from advisor.evals.mutate import Outcome, StaleMutant, apply, judge, score
from advisor.evals.regressions import find_regressions, load_passing, write_passing
from advisor.evals.results import CaseRun, EvalResult
from tests.conftest import REPO
from tests.unit.evals.helpers import make_case


def run_with(case_id: str, **passed: bool) -> CaseRun:
    results = tuple(EvalResult(name, ok, float(ok), f"{name} detail")
                    for name, ok in passed.items())
    return CaseRun(make_case(case_id), results)


def test_a_check_that_passed_and_now_fails_is_a_regression(tmp_path: Path) -> None:
    record = tmp_path / "passing.yaml"
    write_passing(record, [run_with("a", scope=True, topic=True, latency=True),
                           run_with("b", scope=True, topic=False)])
    assert load_passing(record) == {"a": ["scope", "topic"], "b": ["scope"]}
    now = [run_with("a", scope=True, topic=False), run_with("b", scope=True, topic=False)]
    assert find_regressions(load_passing(record), now) == ["a: topic (topic detail)"]
    errored = [CaseRun(make_case("a"), error="boom")]
    assert find_regressions(load_passing(record), errored)[0].startswith("a: scope (the case")


def test_the_committed_record_names_only_known_cases() -> None:
    from advisor.evals.cases import load_cases

    record = load_passing(REPO / "evals" / "passing.yaml")
    ids = {c.id for c in load_cases(REPO / "evals" / "cases")}
    assert record and set(record) <= ids


def test_every_catalogued_mutant_still_applies_to_the_project(tmp_path: Path) -> None:
    """A refactor that makes a mutant stale must be noticed, not silently test nothing."""
    assert len(CATALOGUE) >= 30 and set(SMOKE) <= {m.name for m in CATALOGUE}
    for mutant in CATALOGUE:
        if not mutant.path:
            assert mutant.env
            continue
        tree = tmp_path / mutant.name
        for rel in (mutant.path, mutant.swap_with):
            if rel:
                (tree / rel).parent.mkdir(parents=True, exist_ok=True)
                (tree / rel).write_bytes((REPO / rel).read_bytes())
        apply(mutant, tree)
        target = tree / mutant.path
        if mutant.replace is None:
            assert not target.exists()
        else:
            assert target.read_bytes() != (REPO / mutant.path).read_bytes(), mutant.name


def test_a_stale_mutant_is_reported(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text("a = 1\n", encoding="utf-8")
    with pytest.raises(StaleMutant, match="occurs 0 times"):
        apply(Mutant("m", "metric", "x.py", "b = 2", "b = 3"), tmp_path)
    with pytest.raises(ValueError, match="unknown mutants: nope"):
        by_name("nope")


def report(*cases: tuple[str, bool, str]) -> dict[str, object]:
    return {"cases": [{"id": cid, "passed": ok, "answer": {"text": text}}
                      for cid, ok, text in cases], "regressions": [], "thresholds": []}


def test_judge_right_and_wrong_reasons() -> None:
    mutant = Mutant("m", "composer", "x.py", "a", "b")
    base = Outcome(0, report(("c1", True, "old"), ("c2", True, "same")), 1.0)
    right = judge(mutant, base, Outcome(1, report(("c1", False, "new"), ("c2", True, "same")), 1))
    assert right.caught and right.right_reason and right.catching == ("c1",)
    wrong = judge(mutant, base, Outcome(1, report(("c1", True, "new"), ("c2", False, "same")), 1))
    assert wrong.caught and not wrong.right_reason
    missed = judge(mutant, base, Outcome(0, report(("c1", True, "new"), ("c2", True, "same")), 1))
    assert not missed.caught and missed.changed == ("c1",)
    assert score([right, wrong, missed]) == pytest.approx(1 / 3)
