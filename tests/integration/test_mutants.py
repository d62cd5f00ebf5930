"""Five planted mistakes, each in a scratch copy of the project, each caught by the real suite.

The full catalogue runs with `make mutants` (outside `make test`: it takes minutes); these
five, on their focus cases only, prove the suite is sensitive on every run.
"""

from __future__ import annotations

import pytest

from advisor.evals.mutants import SMOKE, by_name
from advisor.evals.mutate import run_mutants
from tests.conftest import REPO

pytestmark = pytest.mark.integration


def test_five_mutants_are_caught_for_the_right_reason() -> None:
    lines: list[str] = []
    base, results = run_mutants(REPO, by_name(",".join(SMOKE)), quick=True, log=lines.append)
    assert base.exit_code == 0
    for result in results:
        assert result.caught, f"{result.mutant.name} was not caught: {result.note}"
        assert result.right_reason, (f"{result.mutant.name} was caught by cases whose answer "
                                     f"did not change: {result.catching}")
        assert set(result.catching) & set(result.changed)
    assert len(lines) == len(SMOKE) + 1
