"""`advisor eval` (parsed in advisor/cli.py): run the suite, write the reports, print the
summary; the exit status is 1 below any threshold or when a case errored, else 0.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from advisor.settings import Settings


def cmd_eval(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    from advisor.evals.report import summary_lines
    from advisor.evals.runner import SuiteOptions, run_suite

    out = out or sys.stdout
    options = SuiteOptions.from_settings(settings, cases_dir=args.cases, out_dir=args.out,
                                         thresholds_path=args.thresholds,
                                         baseline=not args.no_baseline)
    print(f"eval: cases from {options.cases_dir}, thresholds {options.thresholds_path}",
          file=out, flush=True)
    result = run_suite(options, settings)
    print("\n".join(summary_lines(result)), file=out)
    return result.exit_code
