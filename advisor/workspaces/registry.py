"""Workshops, their participants' workspaces and the turns asked in them, in the database.

The same database as the store data (advisor.storage): several app processes behind one
PostgreSQL see the same workshops. Every trainer operation checks the trainer key.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from advisor.storage.tables import stores, turns, workshops, workspaces
from advisor.store.schema import is_demo_source
from advisor.store.scope import SEPARATOR
from advisor.workspaces import tokens
from advisor.workspaces.model import (
    MAX_DISPLAY_NAME,
    MAX_EXERCISE_PROMPT,
    MAX_WORKSHOP_NAME,
    Created,
    Exercise,
    Joined,
    Participant,
    TurnRecord,
    UnknownWorkspace,
    WorkshopClosed,
    WorkshopSummary,
    Workspace,
    WrongTrainerKey,
    clean_label,
)

if TYPE_CHECKING:
    from advisor.models import Answer
    from advisor.storage.engine import Database
    from advisor.store.db import StoreDB

FEED_LIMIT = 200


def _now(timespec: str = "seconds") -> str:
    return dt.datetime.now().astimezone().isoformat(timespec=timespec)


class Workshops:
    """Create, join, run and export workshops; resolve a participant's token."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # --- the trainer -------------------------------------------------------------------

    def create(self, name: str, scenarios: Sequence[str] = (),
               stores: StoreDB | None = None) -> Created:
        """A new open workshop; `scenarios` must be stores of the local workspace."""
        name = clean_label(name, "workshop name", MAX_WORKSHOP_NAME)
        chosen = list(dict.fromkeys(scenarios))
        if chosen and stores is not None:
            for store in chosen:
                stores.key_of(store)  # UnknownStore names the stores there are
        key, code = tokens.new_secret(), tokens.new_join_code()
        with self.database.write() as conn:
            if conn.scalar(sa.select(workshops.c.name).where(workshops.c.name == name)):
                raise ValueError(f"a workshop named {name!r} exists already; choose another "
                                 "name")
            while conn.scalar(sa.select(workshops.c.name)
                              .where(workshops.c.join_code == code)):
                code = tokens.new_join_code()
            conn.execute(workshops.insert().values(
                name=name, join_code=code, trainer_key_hash=tokens.hash_secret(key),
                created_at=_now(), closed_at=None, scenarios=json.dumps(chosen)))
        return Created(name, code, key)

    def summaries(self) -> list[WorkshopSummary]:
        """Every workshop with its counts (no codes: those are for the trainer)."""
        with self.database.read() as conn:
            rows = conn.execute(sa.select(workshops).order_by(workshops.c.created_at)).all()
            return [self._summary(conn, row, trainer=False) for row in rows]

    def show(self, name: str, trainer_key: str) -> WorkshopSummary:
        with self.database.read() as conn:
            row = self._authorised(conn, name, trainer_key)
            return self._summary(conn, row, trainer=True)

    def close(self, name: str, trainer_key: str) -> WorkshopSummary:
        """Refuse further joins (participants keep their workspaces and can still ask)."""
        with self.database.write() as conn:
            row = self._authorised(conn, name, trainer_key)
            if row.closed_at is None:
                conn.execute(workshops.update().where(workshops.c.name == row.name)
                             .values(closed_at=_now()))
        return self.show(name, trainer_key)

    def set_exercise(self, name: str, trainer_key: str, store: str | None,
                     prompt: str = "") -> Exercise | None:
        """Set (or, with no store, clear) the scenario exercise every participant sees."""
        with self.database.write() as conn:
            row = self._authorised(conn, name, trainer_key)
            exercise = None
            if store:
                shared = exercise_stores(conn, json.loads(row.scenarios))
                if store not in shared:
                    raise ValueError(f"{store!r} is not a store every participant sees; "
                                     f"choose one of: {', '.join(shared)}")
                exercise = Exercise(store, clean_label(prompt, "exercise prompt",
                                                       MAX_EXERCISE_PROMPT))
            conn.execute(workshops.update().where(workshops.c.name == row.name).values(
                exercise_store=exercise.store if exercise else None,
                exercise_prompt=exercise.prompt if exercise else None))
        return exercise

    def transcript(self, name: str, trainer_key: str, after: int = 0,
                   limit: int | None = None) -> list[TurnRecord]:
        """Every turn of the workshop's participants in time order; `after` a turn id and
        `limit` give the newest ones only (the trainer's live feed)."""
        with self.database.read() as conn:
            row = self._authorised(conn, name, trainer_key)
            query = (sa.select(turns, workspaces.c.display_name)
                     .join(workspaces, workspaces.c.id == turns.c.workspace)
                     .where(workspaces.c.workshop == row.name, turns.c.id > after))
            if limit is not None:
                newest = conn.execute(query.order_by(turns.c.id.desc()).limit(limit)).all()
                return [_turn(r) for r in reversed(newest)]
            return [_turn(r) for r in conn.execute(query.order_by(turns.c.id)).all()]

    def exercise_stores(self, name: str, trainer_key: str) -> list[str]:
        """The stores every participant sees (scenarios, then demo stores): an exercise's."""
        with self.database.read() as conn:
            row = self._authorised(conn, name, trainer_key)
            return exercise_stores(conn, json.loads(row.scenarios))

    def _authorised(self, conn: sa.Connection, name: str, trainer_key: str) -> Any:
        row = conn.execute(sa.select(workshops).where(workshops.c.name == name)).first()
        # One message whether the name or the key is wrong: nothing to probe with.
        if row is None or not tokens.secret_matches(trainer_key or "", row.trainer_key_hash):
            raise WrongTrainerKey(f"no workshop named {name!r} opens with that trainer key")
        return row

    def _summary(self, conn: sa.Connection, row: Any, trainer: bool) -> WorkshopSummary:
        counts = (sa.select(workspaces.c.id, workspaces.c.display_name, workspaces.c.joined_at,
                            sa.func.count(turns.c.id))
                  .join(turns, turns.c.workspace == workspaces.c.id, isouter=True)
                  .where(workspaces.c.workshop == row.name)
                  .group_by(workspaces.c.id, workspaces.c.display_name, workspaces.c.joined_at)
                  .order_by(workspaces.c.joined_at, workspaces.c.id))
        people = tuple(Participant(*r) for r in conn.execute(counts).all())
        exercise = (Exercise(row.exercise_store, row.exercise_prompt or "")
                    if row.exercise_store else None)
        return WorkshopSummary(row.name, row.created_at, row.closed_at, len(people),
                               sum(p.questions for p in people),
                               tuple(json.loads(row.scenarios)),
                               row.join_code if trainer else "", exercise,
                               people if trainer else ())

    # --- participants ------------------------------------------------------------------

    def join(self, code: str, display_name: str) -> Joined:
        """A new workspace in the workshop with this join code; its token is shown once."""
        display_name = clean_label(display_name, "display name", MAX_DISPLAY_NAME)
        token, workspace_id = tokens.new_secret(), tokens.new_workspace_id()
        with self.database.write() as conn:
            row = conn.execute(sa.select(workshops.c.name, workshops.c.closed_at).where(
                workshops.c.join_code == tokens.normalize_join_code(code or ""))).first()
            if row is None:
                raise UnknownWorkspace(f"no workshop has the join code {code!r}; check the "
                                       "code your trainer gave you")
            if row.closed_at is not None:
                raise WorkshopClosed(f"the workshop {row.name!r} is closed and takes no new "
                                     "participants")
            conn.execute(workspaces.insert().values(
                id=workspace_id, token_hash=tokens.hash_secret(token), workshop=row.name,
                # Microseconds: participants list in the order they joined, even within a second.
                display_name=display_name, joined_at=_now("microseconds")))
        return Joined(row.name, workspace_id, token)

    def workshop_of_code(self, code: str) -> str | None:
        """The name of the open workshop with this join code (for the join page)."""
        with self.database.read() as conn:
            row = conn.execute(sa.select(workshops.c.name, workshops.c.closed_at).where(
                workshops.c.join_code == tokens.normalize_join_code(code or ""))).first()
        return row.name if row is not None and row.closed_at is None else None

    def workspace(self, token: str) -> Workspace:
        """The workspace this token opens (UnknownWorkspace if none)."""
        digest = tokens.hash_secret(token or "")
        with self.database.read() as conn:
            row = conn.execute(
                sa.select(workspaces, workshops.c.scenarios, workshops.c.exercise_store,
                          workshops.c.exercise_prompt)
                .join(workshops, workshops.c.name == workspaces.c.workshop)
                .where(workspaces.c.token_hash == digest)).first()
        # The lookup is by hash; the constant-time compare guards the match itself.
        if row is None or not tokens.secret_matches(token or "", row.token_hash):
            raise UnknownWorkspace("that workspace token opens no workspace; use the join "
                                   "link or code your trainer gave you")
        exercise = (Exercise(row.exercise_store, row.exercise_prompt or "")
                    if row.exercise_store else None)
        return Workspace(row.id, row.display_name, row.workshop,
                         tuple(json.loads(row.scenarios)), exercise)

    def record(self, workspace: Workspace, answer: Answer, store: str | None) -> int:
        """Keep one question and its answer in the workspace's conversation."""
        payload = answer.to_dict()
        payload["store"] = store
        with self.database.write() as conn:
            result = conn.execute(turns.insert().values(
                workspace=workspace.id, asked_at=_now(), store=store, question=answer.question,
                answer=answer.text, topic=answer.topic,
                sources=",".join(c.id for c in answer.citations), lang=answer.lang,
                payload=json.dumps(payload, ensure_ascii=False)))
        primary_key = result.inserted_primary_key
        assert primary_key is not None  # an autoincrement id, always returned
        return int(primary_key[0])

    def turns(self, workspace: Workspace) -> list[TurnRecord]:
        """The workspace's conversation, oldest first."""
        with self.database.read() as conn:
            rows = conn.execute(
                sa.select(turns, workspaces.c.display_name)
                .join(workspaces, workspaces.c.id == turns.c.workspace)
                .where(turns.c.workspace == workspace.id).order_by(turns.c.id)).all()
        return [_turn(r, with_payload=True) for r in rows]


def exercise_stores(conn: sa.Connection, scenarios: Sequence[str]) -> list[str]:
    """The workshop's scenario stores that still exist, then the demo stores."""
    rows = conn.execute(sa.select(stores.c.name, stores.c.source)).all()
    names = {row.name for row in rows}
    demo = sorted(row.name for row in rows if is_demo_source(row.source)
                  and SEPARATOR not in row.name)
    return [s for s in scenarios if s in names] + [d for d in demo if d not in scenarios]


def _turn(row: Any, with_payload: bool = False) -> TurnRecord:
    return TurnRecord(row.id, row.asked_at, row.workspace, row.display_name, row.store,
                      row.question, row.answer, row.topic,
                      tuple(s for s in row.sources.split(",") if s), row.lang,
                      json.loads(row.payload) if with_payload else {})
