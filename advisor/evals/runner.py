"""Run the suite: one advisor, every case, the evaluators, the peer baseline, the reports.

    result = run_suite(SuiteOptions.from_settings(settings),
                       on_progress=lambda done, total, case_id: ...)

The advisor is built once (build_advisor, settings from the environment unless given).
Demo stores the cases name are installed into the advisor's data dir when missing, with
the generator `advisor demo install` uses. Latency is measured warm: the model is loaded
and each store's metrics computed once before the first case, as in a running app.
Store metrics for fact accuracy are recomputed from the database, apart from the advisor.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.evals.aggregate import GroupRate, aggregate, applicable_counts, by_tag, by_topic
from advisor.evals.baseline import BaselineReport, card_text, run_baseline
from advisor.evals.cases import EvalCase, load_cases
from advisor.evals.evaluators import evaluate
from advisor.evals.regressions import find_regressions, load_passing, write_passing
from advisor.evals.results import CaseRun, EvalContext
from advisor.evals.thresholds import ThresholdCheck, check_thresholds, load_thresholds
from advisor.models import Turn
from advisor.settings import Settings

if TYPE_CHECKING:
    from advisor.advisor import Advisor
    from advisor.embeddings import Embedder

ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SuiteOptions:
    """Where the cases, thresholds and reports are; whether to run the peer baseline."""

    cases_dir: Path
    out_dir: Path
    thresholds_path: Path
    baseline: bool = True
    passing_path: Path | None = None  # the regression gate's record (evals/passing.yaml)
    update_passing: bool = False  # rewrite that record from this run instead of gating

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> SuiteOptions:
        """Defaults from settings; the project's own cases come with their passing record."""
        options = cls(settings.eval_cases_dir, settings.eval_out_dir, settings.eval_thresholds)
        given = {k: v for k, v in overrides.items() if v is not None}
        options = replace(options, **given) if given else options
        if "passing_path" not in given and options.cases_dir == settings.eval_cases_dir:
            options = replace(options, passing_path=settings.eval_cases_dir.parent /
                              "passing.yaml")
        return options


@dataclass(frozen=True)
class SuiteResult:
    """Everything a report shows; exit_code is 1 below a threshold or when a case errored."""

    runs: tuple[CaseRun, ...]
    aggregates: dict[str, float | None]
    counts: dict[str, int]
    checks: tuple[ThresholdCheck, ...]
    by_topic: dict[str, GroupRate]
    by_tag: dict[str, GroupRate]
    baseline: BaselineReport | None
    timings: dict[str, float] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    report_paths: tuple[Path, ...] = ()
    regressions: tuple[str, ...] = ()

    @property
    def failed_checks(self) -> list[ThresholdCheck]:
        return [c for c in self.checks if not c.passed]

    @property
    def failed_runs(self) -> list[CaseRun]:
        return [run for run in self.runs if not run.passed]

    @property
    def errored_runs(self) -> list[CaseRun]:
        return [run for run in self.runs if run.error]

    @property
    def passed(self) -> bool:
        return not self.failed_checks and not self.errored_runs

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1


def run_suite(options: SuiteOptions, settings: Settings | None = None,
              on_progress: ProgressFn | None = None,
              embedder_factory: Callable[[], Embedder] | None = None,
              advisor: Advisor | None = None) -> SuiteResult:
    """Load and check the inputs first (bad cases fail fast), then run, score and report.

    on_progress(done, total, label) is called after each case (label: the case id) and
    after each baseline query (label: "baseline: <case id>"). Pass `advisor` to reuse one
    already built (the UI's cached advisor); its settings are then the run's settings.
    """
    from advisor.advisor import build_advisor
    from advisor.evals.report import write_reports

    settings = settings or (advisor.settings if advisor else Settings.from_env())
    clock = _Clock()
    cases = load_cases(options.cases_dir)
    thresholds = load_thresholds(options.thresholds_path)
    advisor = advisor or build_advisor(settings, embedder_factory)
    installed = ensure_case_stores(settings, stores_of(cases), options.cases_dir / "stores")
    installed += ensure_demo_stores(settings, stores_of(cases))
    warm_up(advisor, stores_of(cases))
    clock.lap("setup_s")
    total = len(cases) * (2 if options.baseline else 1)
    progress = on_progress or (lambda done, all_, case_id: None)
    ctx = make_context(advisor, settings)
    runs = []
    for done, case in enumerate(cases, 1):
        runs.append(run_case(advisor, case, ctx))
        progress(done, total, case.id)
    clock.lap("cases_s")
    baseline = None
    if options.baseline:
        count = iter(range(len(cases) + 1, total + 1))
        embedder = advisor.index.embedder
        baseline = run_baseline(settings.article_path, advisor.list_cards(),
                                getattr(embedder, "langchain", embedder), cases,
                                lambda case_id: progress(next(count), total,
                                                         f"baseline: {case_id}"))
        clock.lap("baseline_s")
    values = aggregate(runs)
    regressions = gate(options, runs)
    values["regressions"] = float(len(regressions)) if options.passing_path else None
    result = SuiteResult(
        tuple(runs), values, applicable_counts(runs),
        tuple(check_thresholds(thresholds, values)), by_topic(runs), by_tag(runs), baseline,
        clock.total(), run_info(settings, options, len(cases), installed),
        regressions=tuple(regressions))
    return replace(result, report_paths=write_reports(result, options.out_dir))


def gate(options: SuiteOptions, runs: Sequence[CaseRun]) -> list[str]:
    """Checks that passed when the record was written and fail now (or record this run)."""
    if options.passing_path is None:
        return []
    if options.update_passing:
        write_passing(options.passing_path, runs)
        return []
    return find_regressions(load_passing(options.passing_path), runs)


def run_case(advisor: Advisor, case: EvalCase, ctx: EvalContext) -> CaseRun:
    """Ask, then evaluate; any exception becomes the case's error (the suite goes on)."""
    try:
        if case.expect.max_overlap is not None:  # the conversation as the merchant had it
            case = replace(case, history=realised_history(advisor, case))
        answer = advisor.ask(case.question, store=case.store, history=case.history)
    except Exception as exc:  # noqa: BLE001 - a failing case must not stop the suite
        return CaseRun(case, error=f"asking failed: {type(exc).__name__}: {exc}")
    try:
        return CaseRun(case, tuple(evaluate(case, answer, ctx)), answer)
    except Exception as exc:  # noqa: BLE001
        return CaseRun(case, answer=answer,
                       error=f"evaluating failed: {type(exc).__name__}: {exc}")


def realised_history(advisor: Advisor, case: EvalCase) -> tuple[Turn, ...]:
    """The case's history with each assistant turn replaced by the advisor's own answer to
    the user turn before it (so that a follow-up is judged against what was really said)."""
    turns: list[Turn] = []
    for turn in case.history:
        if turn.role == "assistant" and turns and turns[-1].role == "user":
            said = advisor.ask(turns[-1].content, store=case.store, history=tuple(turns[:-1]))
            turn = Turn("assistant", said.text, said.topic)
        turns.append(turn)
    return tuple(turns)


def make_context(advisor: Advisor, settings: Settings) -> EvalContext:
    """Card texts and cards from the advisor's knowledge base; store numbers from the
    independent reference over the raw rows (never from the code under test)."""
    from advisor.evals.reference import reference_for
    from advisor.evals.stances import pinned
    from advisor.store.db import StoreDB

    db = StoreDB.from_settings(settings)

    def anchor_types(name: str) -> dict[str, str]:
        return {sid: row.anchor_type for sid, row in reference_for(db, name).sessions.items()}

    cards = advisor.list_cards()
    texts = {card.id: card_text(card) for card in cards}
    pins = pinned(settings.eval_cases_dir.parent / "stances.lock.yaml")
    return EvalContext(texts, lambda name: reference_for(db, name),
                       {card.id: card for card in cards}, anchor_types,
                       {cid: str(pin["section"]) for cid, pin in pins.items() if "section" in pin})


def stores_of(cases: Sequence[EvalCase]) -> list[str]:
    return sorted({c.store for c in cases if c.store})


def ensure_demo_stores(settings: Settings, names: Sequence[str]) -> list[str]:
    """Install the named demo stores that are missing (as `advisor demo install` does)."""
    from advisor.store.db import StoreDB
    from advisor.store.demo import DEMO_STORES, generate_demo_store

    db = StoreDB.from_settings(settings)
    missing = [n for n in names if n in DEMO_STORES and not db.exists(n)]
    for name in missing:
        db.replace_store(name, generate_demo_store(name), source="advisor demo install")
    return missing


def ensure_case_stores(settings: Settings, names: Sequence[str], folder: Path) -> list[str]:
    """Import the stores a cases folder brings (`stores/<name>/` with the three tables).

    They are imported afresh on every run through the normal importer, so a case can test
    store data written for it, e.g. instructions hidden in a product or segment name.
    """
    from advisor.store.db import StoreDB
    from advisor.store.importer import import_store

    db = StoreDB.from_settings(settings)
    imported = []
    for name in names:
        files = [_table_file(folder / name, t) for t in ("products", "live_sessions", "orders")]
        products, sessions, orders = files
        if products and sessions and orders:
            import_store(db, name, products, sessions, orders)
            imported.append(name)
    return imported


def _table_file(folder: Path, table: str) -> Path | None:
    return next((p for p in (folder / f"{table}.csv", folder / f"{table}.xlsx") if p.is_file()),
                None)


def warm_up(advisor: Advisor, stores: Sequence[str]) -> None:
    """Load the model and each store's metrics, so latency measures answering only."""
    advisor.warm_up()
    if advisor.stores is None:
        return
    for name in stores:
        with contextlib.suppress(ValueError):  # unknown: the cases naming it report it
            advisor.stores.metrics(name)


def run_info(settings: Settings, options: SuiteOptions, cases: int,
             installed: Sequence[str]) -> dict[str, Any]:
    return {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cases": cases,
        "cases_dir": str(options.cases_dir),
        "thresholds": str(options.thresholds_path),
        "knowledge_dir": str(settings.knowledge_dir),
        "data_dir": str(settings.data_dir),
        "composer": settings.composer,
        "embedding_backend": settings.embedding_backend,
        "demo_stores_installed": list(installed),
    }


class _Clock:
    """Wall-clock laps in seconds."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.last, 3)
        self.last = now

    def total(self) -> dict[str, float]:
        return {**self.laps, "total_s": round(time.perf_counter() - self.start, 3)}
