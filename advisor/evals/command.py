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
                                         baseline=not args.no_baseline,
                                         passing_path=getattr(args, "passing", None),
                                         update_passing=getattr(args, "update_passing", False))
    if getattr(args, "pin_stances", False):
        return pin_stances(settings, out)
    print(f"eval: cases from {options.cases_dir}, thresholds {options.thresholds_path}",
          file=out, flush=True)
    result = run_suite(options, settings)
    print("\n".join(summary_lines(result)), file=out)
    if options.update_passing and options.passing_path:
        print(f"  recorded the passing checks in {options.passing_path}", file=out)
    return result.exit_code


def pin_stances(settings: Settings, out: TextIO) -> int:
    """Record the cards' current stances as the reviewed ones (evals/stances.lock.yaml)."""
    from advisor.evals.stances import write_pins
    from advisor.knowledge import load_cards

    path = settings.eval_cases_dir.parent / "stances.lock.yaml"
    write_pins(load_cards(settings.knowledge_dir / "guidance"), path)
    print(f"pinned the stances of the cards in {path}", file=out)
    return 0
