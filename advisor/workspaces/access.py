"""The one path every entry point (CLI, app, bench) takes to work in a workspace.

A workspace's store names are resolved to stored keys here, before the (workspace-blind)
advisor sees them, and every question asked in a participant's workspace is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from advisor.store.scope import SEPARATOR
from advisor.workspaces.model import LOCAL_WORKSPACE, Workspace

if TYPE_CHECKING:
    from advisor.advisor import Advisor
    from advisor.models import Answer, Turn
    from advisor.settings import Settings
    from advisor.store.db import StoreDB
    from advisor.workspaces.registry import Workshops

# The database modules (SQLAlchemy, pandas) are imported only when a workspace needs them:
# a local `advisor ask` without a store never opens the database, and starts faster for it.


def open_workshops(settings: Settings) -> Workshops:
    from advisor.storage.engine import open_database
    from advisor.workspaces.registry import Workshops

    return Workshops(open_database(settings))


def open_workspace(settings: Settings, token: str | None) -> Workspace:
    """The workspace a token opens; the local workspace without one."""
    if not token:
        return LOCAL_WORKSPACE
    return open_workshops(settings).workspace(token)


def workspace_stores(settings: Settings, workspace: Workspace) -> StoreDB:
    """The stores as this workspace sees them (its names; others' stores invisible)."""
    from advisor.store.db import StoreDB

    return StoreDB.from_settings(settings, workspace.scope)


def store_key(advisor: Advisor, workspace: Workspace, store: str) -> str:
    """The stored key of a store the workspace sees by this name (UnknownStore if none)."""
    if workspace.is_local and SEPARATOR not in store:
        # The local workspace's names are the keys: the advisor's own lookup says whether
        # the store exists (one query fewer on every local question).
        return store
    if advisor.stores is None:
        raise ValueError("store data is not available in this advisor")
    return advisor.stores.db.within(workspace.scope).key_of(store)


def ask_in_workspace(advisor: Advisor, workspace: Workspace, question: str,
                     store: str | None = None, history: Sequence[Turn] = (),
                     workshops: Workshops | None = None) -> Answer:
    """Ask as this workspace: its store name resolved (UnknownStore for a store it cannot
    see), the answer naming the store as the workspace knows it, the turn recorded."""
    key = store and store_key(advisor, workspace, store)
    answer = advisor.ask(question, store=key, history=history)
    if key != store:
        answer = replace(answer, store=store)
    if not workspace.is_local:
        (workshops or open_workshops(advisor.settings)).record(workspace, answer, store)
    return answer
