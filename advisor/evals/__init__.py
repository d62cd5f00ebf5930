"""The eval suite (DESIGN §8): YAML cases, deterministic evaluators, a runner, reports.

    from advisor.evals import run_suite, SuiteOptions
    result = run_suite(SuiteOptions.from_settings(settings), on_progress=print)
    result.exit_code  # 1 below any threshold or when a case errors

Modules: `cases` (load and validate cases), `evaluators` and `grounding` (one pure function
per check), `aggregate` (suite-level numbers), `thresholds`, `baseline` (the textbook
LangChain RAG the project is compared with), `runner`, `report` (JSON + Markdown),
`command` (`advisor eval`) and `sabotage` (a deliberately wrong composer for tests).
"""

from advisor.evals.cases import CaseError, EvalCase, Expect, load_cases
from advisor.evals.evaluators import EvalContext, EvalResult, evaluate
from advisor.evals.runner import CaseRun, SuiteOptions, SuiteResult, run_suite

__all__ = ["CaseError", "CaseRun", "EvalCase", "EvalContext", "EvalResult", "Expect",
           "SuiteOptions", "SuiteResult", "evaluate", "load_cases", "run_suite"]
