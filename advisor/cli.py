"""The `advisor` command line over the same library API the UI uses."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from advisor.models import Answer, Turn
from advisor.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args, Settings.from_env()))
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="advisor", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    index = sub.add_parser("index", help="build or refresh the knowledge index")
    index.add_argument("--rebuild", action="store_true", help="drop and re-embed everything")
    index.set_defaults(func=_cmd_index)
    ask = sub.add_parser("ask", help="ask one question (or, with --json and no QUESTION, "
                                     "one question per stdin line)")
    ask.add_argument("question", nargs="?", help="the question; omit to read stdin lines")
    ask.add_argument("--store", default=None, help="name of an imported store")
    ask.add_argument("--json", action="store_true", help="print the Answer object as JSON")
    add_workspace_option(ask)
    ask.set_defaults(func=_cmd_ask)
    _add_store_commands(sub)
    from advisor.workspaces.commands import add_workshop_commands

    add_workshop_commands(sub)
    _add_eval_command(sub)
    _add_plan_check_command(sub)
    _add_db_command(sub)
    return parser


def add_workspace_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", default=None, metavar="TOKEN",
                        help="work in a workshop participant's workspace (or set "
                             "ADVISOR_WORKSPACE); default: the local workspace")


def _add_db_command(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="the database of stores (ADVISOR_DATABASE_URL)")
    commands = db.add_subparsers(dest="db_command", required=True)
    commands.add_parser("upgrade", help="migrate the database schema to this version "
                                        "(run once per deploy on PostgreSQL)").set_defaults(
        func=_cmd_db_upgrade)


def _cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from advisor.storage import migrate, open_database

    database = open_database(settings)
    if database.sqlite_path is not None:
        database.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    print(migrate.upgrade(database).summary())
    return 0


def _add_plan_check_command(sub: argparse._SubParsersAction) -> None:
    plan = sub.add_parser("plan-check", help="mark each planned run-of-show item on-topic, "
                                             "off-topic or unclear for a store")
    plan.add_argument("file", type=Path, help="text file, one planned item per line")
    plan.add_argument("--store", required=True, help="name of an imported store")
    plan.add_argument("--json", action="store_true", help="print the marks as JSON")
    add_workspace_option(plan)
    plan.set_defaults(func=_cmd_plan_check)


def _cmd_plan_check(args: argparse.Namespace, settings: Settings) -> int:
    from advisor.advisor import build_advisor
    from advisor.plan_check import check_plan, decode_plan, flagged_line, render_marks
    from advisor.workspaces.access import open_workspace, workspace_stores

    workspace = open_workspace(settings, args.workspace or settings.workspace)
    key = workspace_stores(settings, workspace).key_of(args.store)
    text = decode_plan(args.file.read_bytes())
    result = check_plan(build_advisor(settings), args.store, text, with_advice=not args.json,
                        key=key)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return 0
    print(render_marks(result.marks, result.lang))
    flagged = flagged_line(result.marks, result.lang)
    print("\n" + (f"{flagged}\n\n" if flagged else "") + result.advice)
    return 0


def _add_eval_command(sub: argparse._SubParsersAction) -> None:
    ev = sub.add_parser("eval", help="run the eval suite; exit 1 below any threshold")
    ev.add_argument("--cases", type=Path, default=None, metavar="DIR",
                    help="folder of YAML eval cases (default: evals/cases)")
    ev.add_argument("--out", type=Path, default=None, metavar="DIR",
                    help="where report.json and report.md go (default: artifacts/eval)")
    ev.add_argument("--thresholds", type=Path, default=None, metavar="FILE",
                    help="the thresholds file (default: evals/thresholds.yaml)")
    ev.add_argument("--no-baseline", action="store_true",
                    help="skip the peer baseline (the textbook LangChain RAG)")
    ev.add_argument("--passing", type=Path, default=None, metavar="FILE",
                    help="the regression gate's record (default: evals/passing.yaml)")
    ev.add_argument("--update-passing", action="store_true",
                    help="record this run's passing checks instead of gating on them")
    ev.add_argument("--pin-stances", action="store_true",
                    help="record the cards' reviewed stances (evals/stances.lock.yaml) and exit")
    ev.add_argument("--mutants", action="store_true",
                    help="run the mutation catalogue: does the suite catch each planted mistake?")
    ev.add_argument("--only", default=None, metavar="NAMES",
                    help="with --mutants: comma-separated mutant names (default: all)")
    ev.add_argument("--quick", action="store_true",
                    help="with --mutants: only the cases each mutant names as its focus")
    ev.set_defaults(func=_cmd_eval)


def _cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    if args.mutants:
        from advisor.evals.mutate import cmd_mutants

        return cmd_mutants(args, settings)
    from advisor.evals.command import cmd_eval

    return cmd_eval(args, settings)


def _add_store_commands(sub: argparse._SubParsersAction) -> None:
    store = sub.add_parser("store", help="import, list, show or delete your store data")
    commands = store.add_subparsers(dest="store_command", required=True)
    imp = commands.add_parser("import", help="import (or replace) a store from three files")
    imp.add_argument("name", help="store name: letters, digits, '-' or '_'")
    for option, what in (("products", "products"), ("sessions", "live sessions"),
                         ("orders", "orders")):
        imp.add_argument(f"--{option}", required=True, metavar="FILE",
                         help=f"the {what} table (.csv or .xlsx)")
    add_workspace_option(imp)
    imp.set_defaults(func=_store_command("cmd_import"))
    lister = commands.add_parser("list", help="list the imported stores")
    add_workspace_option(lister)
    lister.set_defaults(func=_store_command("cmd_list"))
    show = commands.add_parser("show", help="a store's headline numbers")
    show.add_argument("name")
    add_workspace_option(show)
    show.set_defaults(func=_store_command("cmd_show"))
    delete = commands.add_parser("delete", help="delete a store")
    delete.add_argument("name")
    add_workspace_option(delete)
    delete.set_defaults(func=_store_command("cmd_delete"))
    demo = sub.add_parser("demo", help="the bundled demo stores")
    demo_commands = demo.add_subparsers(dest="demo_command", required=True)
    install = demo_commands.add_parser("install", help="install (or refresh) the three demo "
                                                       "stores")
    install.add_argument("--force", action="store_true",
                         help="also replace a store of yours that has a demo store's name")
    install.set_defaults(func=_store_command("cmd_demo_install"))


def _store_command(name: str) -> Callable[[argparse.Namespace, Settings], int]:
    """Defer importing the store commands (and pandas) until one runs."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        from advisor.store import commands

        return int(getattr(commands, name)(args, settings))

    return run


def _cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from advisor.advisor import refresh_index

    print(refresh_index(settings, rebuild=args.rebuild).summary())
    return 0


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from functools import partial

    from advisor.advisor import build_advisor
    from advisor.workspaces.access import ask_in_workspace, open_workspace

    if args.question is None and not args.json:
        print("error: give a QUESTION, or use --json to read questions from stdin",
              file=sys.stderr)
        return 2
    workspace = open_workspace(settings, args.workspace or settings.workspace)
    ask = partial(ask_in_workspace, build_advisor(settings), workspace)
    if args.question is not None:
        answer = ask(args.question, store=args.store)
        print(json.dumps(answer.to_dict(), ensure_ascii=False) if args.json else render(answer))
        return 0
    return _ask_lines(ask, sys.stdin, sys.stdout, args.store)


def _ask_lines(ask: Callable[..., Answer], stdin: TextIO, stdout: TextIO,
               store: str | None) -> int:
    """One JSON answer per input line; a line may also be {"question", "store", "history"}."""
    for line in stdin:
        line = line.strip()
        if not line:
            continue
        try:
            question, line_store, history = _parse_line(line, store)
            payload = ask(question, store=line_store, history=history).to_dict()
        except ValueError as exc:
            payload = {"error": str(exc), "input": line}
        stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def _parse_line(line: str, store: str | None) -> tuple[str, str | None, list[Turn]]:
    if not line.startswith("{"):
        return line, store, []
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"input line is not valid JSON: {exc}") from exc
    if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
        raise ValueError('a JSON input line needs a "question" string')
    raw_history = obj.get("history") or []
    if not isinstance(raw_history, list) or not all(isinstance(t, dict) for t in raw_history):
        raise ValueError('"history" must be a list of {"role", "content"} objects')
    history = [Turn(role=t.get("role", "user"), content=str(t.get("content", "")),
                    topic=t.get("topic")) for t in raw_history]
    return obj["question"], obj.get("store", store), history


def render(answer: Answer) -> str:
    """Plain-text rendering for the terminal: the answer, then its sources."""
    lines = [answer.text, ""]
    if answer.citations:
        lines.append("Sources:")
        lines += [f"  [{i}] {c.title} ({c.id}, section {c.section})"
                  for i, c in enumerate(answer.citations, 1)]
    if answer.confidence == "low":
        lines.append("(low confidence: no card matches this question closely)")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
