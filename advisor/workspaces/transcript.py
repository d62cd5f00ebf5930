"""A workshop's transcript as Markdown, CSV (formula cells escaped) or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from advisor.store.export import escape_formula
from advisor.text import escape_markdown
from advisor.workspaces.model import TurnRecord

FORMATS = ("md", "csv", "json")
CSV_COLUMNS = ("time", "participant", "participant_id", "store", "question", "answer", "topic",
               "sources", "lang")


def render_transcript(workshop: str, records: Sequence[TurnRecord], fmt: str) -> str:
    """The turns in `fmt` (one of FORMATS)."""
    if fmt == "json":
        return json.dumps({"workshop": workshop, "turns": [r.to_dict() for r in records]},
                          ensure_ascii=False, indent=2)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for r in records:
            row = r.to_dict() | {"sources": " ".join(r.sources)}
            writer.writerow([escape_formula(row[c] if row[c] is not None else "")
                             for c in CSV_COLUMNS])
        return buffer.getvalue()
    if fmt == "md":
        return _markdown(workshop, records)
    raise ValueError(f"unknown transcript format {fmt!r}; use one of: {', '.join(FORMATS)}")


def _markdown(workshop: str, records: Sequence[TurnRecord]) -> str:
    e = escape_markdown
    lines = [f"# Workshop {e(workshop)}: transcript", "",
             f"{len(records)} question{'s' if len(records) != 1 else ''} from "
             f"{len({r.workspace for r in records})} participant"
             f"{'s' if len({r.workspace for r in records}) != 1 else ''}.", ""]
    for r in records:
        store = f" · store {e(r.store)}" if r.store else ""
        lines += [f"## {e(r.asked_at)} · {e(r.participant)} ({r.workspace}){store}", "",
                  f"**Question.** {e(r.question)}", "",
                  # The answer is the advisor's own Markdown; quoted so it reads as one block.
                  *(f"> {line}" if line else ">" for line in r.answer.splitlines()), "",
                  f"_Topic: {e(r.topic)} · sources: {', '.join(r.sources) or 'none'}_", ""]
    return "\n".join(lines)
