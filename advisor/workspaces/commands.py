"""`advisor workshop create|join|list|show|close|transcript` (wired up in advisor/cli.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.settings import Settings

if TYPE_CHECKING:
    from advisor.workspaces.model import WorkshopSummary
    from advisor.workspaces.registry import Workshops

# The same as advisor.workspaces.transcript.FORMATS (a unit test keeps them equal): building
# the parser must not import pandas and SQLAlchemy, or every command would start slower.
FORMATS = ("md", "csv", "json")


def open_workshops(settings: Settings) -> Workshops:
    from advisor.workspaces.access import open_workshops as open_them

    return open_them(settings)


def add_workshop_commands(sub: argparse._SubParsersAction) -> None:
    workshop = sub.add_parser("workshop", help="run a workshop: participants join with a code, "
                                               "each in a private workspace")
    commands = workshop.add_subparsers(dest="workshop_command", required=True)
    create = commands.add_parser("create", help="a new workshop: prints its join code and the "
                                                "trainer key (shown once)")
    create.add_argument("name")
    create.add_argument("--scenario", action="append", default=[], metavar="STORE",
                        help="a store every participant may read (repeatable)")
    create.add_argument("--json", action="store_true")
    create.set_defaults(func=cmd_create)
    join = commands.add_parser("join", help="join with a code: prints your workspace token")
    join.add_argument("code")
    join.add_argument("--name", required=True, help="the name the trainer sees")
    join.add_argument("--json", action="store_true")
    join.set_defaults(func=cmd_join)
    lister = commands.add_parser("list", help="every workshop with its counts")
    lister.add_argument("--json", action="store_true")
    lister.set_defaults(func=cmd_list)
    for name, func, text in (("show", cmd_show, "participants, questions and the join code"),
                             ("close", cmd_close, "refuse further joins")):
        command = commands.add_parser(name, help=text)
        command.add_argument("name")
        command.add_argument("--trainer-key", required=True)
        command.add_argument("--json", action="store_true")
        command.set_defaults(func=func)
    transcript = commands.add_parser("transcript", help="every participant's questions and "
                                                        "answers")
    transcript.add_argument("name")
    transcript.add_argument("--trainer-key", required=True)
    transcript.add_argument("--format", choices=FORMATS, default="md")
    transcript.add_argument("--out", type=Path, default=None, metavar="FILE",
                            help="write here instead of printing")
    transcript.set_defaults(func=cmd_transcript)


def cmd_create(args: argparse.Namespace, settings: Settings) -> int:
    from advisor.store.db import StoreDB

    created = open_workshops(settings).create(args.name, args.scenario,
                                              StoreDB.from_settings(settings))
    if args.json:
        print(json.dumps(created.to_dict(), ensure_ascii=False))
        return 0
    print(f"workshop {created.workshop!r} created\n"
          f"join code:   {created.join_code}   (participants open the app with "
          f"?join={created.join_code}, or run `advisor workshop join {created.join_code} "
          "--name NAME`)\n"
          f"trainer key: {created.trainer_key}\n"
          "Keep the trainer key: it is shown only this once and opens the trainer page, "
          "the transcript and `close`.")
    return 0


def cmd_join(args: argparse.Namespace, settings: Settings) -> int:
    joined = open_workshops(settings).join(args.code, args.name)
    if args.json:
        print(json.dumps(joined.to_dict(), ensure_ascii=False))
        return 0
    print(f"joined workshop {joined.workshop!r} as participant {joined.participant}\n"
          f"token: {joined.token}\n"
          "Use it with --workspace TOKEN (or ADVISOR_WORKSPACE=TOKEN). The trainer sees the "
          "questions you ask and the answers, never your files.")
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    summaries = open_workshops(settings).summaries()
    if args.json:
        print(json.dumps([_summary_dict(s) for s in summaries], ensure_ascii=False))
        return 0
    if not summaries:
        print("no workshops yet: run `advisor workshop create NAME`")
        return 0
    from advisor.store.commands import format_table

    rows = [[s.name, "open" if s.is_open else "closed", str(s.participants), str(s.questions),
             s.created_at, ", ".join(s.scenarios) or "-"] for s in summaries]
    print(format_table(["workshop", "status", "participants", "questions", "created",
                        "scenarios"], rows, right=(2, 3)))
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    _print_summary(open_workshops(settings).show(args.name, args.trainer_key), args.json)
    return 0


def cmd_close(args: argparse.Namespace, settings: Settings) -> int:
    summary = open_workshops(settings).close(args.name, args.trainer_key)
    if not args.json:
        print(f"workshop {summary.name!r} is closed: it takes no new participants")
    _print_summary(summary, args.json)
    return 0


def cmd_transcript(args: argparse.Namespace, settings: Settings) -> int:
    from advisor.workspaces.transcript import render_transcript

    records = open_workshops(settings).transcript(args.name, args.trainer_key)
    text = render_transcript(args.name, records, args.format)
    if args.out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return 0
    args.out.write_text(text, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
    print(f"wrote {len(records)} turns to {args.out}")
    return 0


def _summary_dict(s: WorkshopSummary) -> dict[str, object]:
    data: dict[str, object] = {
        "workshop": s.name, "status": "open" if s.is_open else "closed",
        "created_at": s.created_at, "closed_at": s.closed_at,
        "participants": s.participants, "questions": s.questions,
        "scenarios": list(s.scenarios)}
    if s.join_code:
        data["join_code"] = s.join_code
        data["people"] = [{"participant": p.id, "name": p.display_name,
                           "joined_at": p.joined_at, "questions": p.questions}
                          for p in s.people]
        data["exercise"] = ({"store": s.exercise.store, "prompt": s.exercise.prompt}
                            if s.exercise else None)
    return data


def _print_summary(summary: WorkshopSummary, as_json: bool) -> None:
    if as_json:
        print(json.dumps(_summary_dict(summary), ensure_ascii=False))
        return
    from advisor.store.commands import format_table

    print(f"workshop {summary.name!r} ({'open' if summary.is_open else 'closed'}), created "
          f"{summary.created_at}; join code {summary.join_code}; scenarios: "
          f"{', '.join(summary.scenarios) or 'none'}")
    rows = [[p.display_name, p.id, str(p.questions), p.joined_at[:19]] for p in summary.people]
    print(format_table(["participant", "id", "questions", "joined"], rows, right=(2,))
          if rows else "no participants yet")
