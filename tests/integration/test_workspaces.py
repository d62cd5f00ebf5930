"""Workspaces and workshops on the real storage layer, both engines (DESIGN §13): who sees
which stores, the workshop life cycle, secrets at rest, and the migration from 0001."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from advisor.storage import migrate, open_database
from advisor.storage.tables import workshops as workshops_table
from advisor.storage.tables import workspaces as workspaces_table
from advisor.store.db import StoreConflict, StoreDB, UnknownStore
from advisor.store.demo import generate_demo_store
from advisor.store.schema import StoreData
from advisor.workspaces.model import (
    UnknownWorkspace,
    WorkshopClosed,
    Workspace,
    WrongTrainerKey,
)
from advisor.workspaces.registry import Workshops
from tests.conftest import BOTH_ENGINES

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def small_store() -> StoreData:
    data = generate_demo_store("demo-cosmetics")
    sessions = data.live_sessions.head(3)
    orders = data.orders[data.orders["session_id"].isin(sessions["session_id"])].head(40)
    return StoreData(data.products, sessions, orders, currency=data.currency)


def _setup(url: str, store: StoreData) -> tuple[StoreDB, Workshops, Workspace, Workspace]:
    """The local workspace with a demo store and a store of its own; a workshop with two
    participants."""
    database = open_database(url)
    local = StoreDB(database)
    local.replace_store("demo-cosmetics", store, source="demo")
    local.replace_store("trainer-case", store, source="upload")
    local.replace_store("private-shop", store, source="upload")
    registry = Workshops(database)
    created = registry.create("Club", ["trainer-case"], local)
    ann = registry.workspace(registry.join(created.join_code, "Ann").token)
    bo = registry.workspace(registry.join(created.join_code, "Bo").token)
    return local, registry, ann, bo


def _message(error: pytest.ExceptionInfo[BaseException], name: str) -> str:
    return str(error.value).replace(repr(name), "'<name>'")


@BOTH_ENGINES
def test_a_participant_sees_its_own_stores_and_the_shared_ones_only(
        database_url: str, small_store: StoreData) -> None:
    local, _, ann, bo = _setup(database_url, small_store)
    ann_db, bo_db = local.within(ann.scope), local.within(bo.scope)
    ann_db.replace_store("mine", small_store, source="upload")
    assert ann_db.names() == ["demo-cosmetics", "mine", "trainer-case"]
    assert bo_db.names() == ["demo-cosmetics", "trainer-case"]  # no private-shop, no Ann's
    assert "mine" not in local.names() and not any(":" in n for n in local.names())
    assert ann_db.load("mine").orders.shape == small_store.orders.shape
    # Naming another's store reads exactly like naming a store that does not exist.
    for call in (bo_db.info, bo_db.version, bo_db.load, bo_db.key_of):
        with pytest.raises(UnknownStore) as theirs:
            call("mine")
        with pytest.raises(UnknownStore) as nobody:
            call("nosuch")
        assert _message(theirs, "mine") == _message(nobody, "nosuch")
        assert "private-shop" not in str(theirs.value)
    assert bo_db.delete("mine") is False and ann_db.exists("mine")
    with pytest.raises(UnknownStore):
        local.within(bo.scope).info("private-shop")


@BOTH_ENGINES
def test_shared_stores_are_read_only_to_participants(database_url: str,
                                                     small_store: StoreData) -> None:
    local, _, ann, _ = _setup(database_url, small_store)
    ann_db = local.within(ann.scope)
    for shared in ("demo-cosmetics", "trainer-case"):
        assert not ann_db.writable(shared)
        with pytest.raises(StoreConflict, match="read-only"):
            ann_db.delete(shared)
        with pytest.raises(StoreConflict, match="read-only"):
            ann_db.replace_store(shared, small_store, source="upload")
        with pytest.raises(StoreConflict, match="read-only"):
            ann_db.check_name(shared)
    with pytest.raises(StoreConflict, match="looks the same"):
        ann_db.replace_store("demo-cosmetlcs", small_store)  # a lookalike of a shared store
    assert local.exists("demo-cosmetics") and local.exists("trainer-case")
    assert local.info("trainer-case").orders == len(small_store.orders)


@BOTH_ENGINES
def test_participants_and_the_local_workspace_may_use_the_same_name(
        database_url: str, small_store: StoreData) -> None:
    local, _, ann, bo = _setup(database_url, small_store)
    half = StoreData(small_store.products, small_store.live_sessions,
                     small_store.orders.head(10), currency=small_store.currency)
    local.within(ann.scope).replace_store("shop", small_store)
    local.within(bo.scope).replace_store("shop", half)
    local.replace_store("shop", half)
    assert local.within(ann.scope).info("shop").orders == len(small_store.orders)
    assert local.within(bo.scope).info("shop").orders == 10
    assert local.within(bo.scope).delete("shop")
    assert local.within(ann.scope).exists("shop") and local.exists("shop")


@BOTH_ENGINES
def test_the_workshop_life_cycle(database_url: str, small_store: StoreData) -> None:
    local, registry, ann, bo = _setup(database_url, small_store)
    with pytest.raises(ValueError, match="exists already"):
        registry.create("Club", [], local)
    with pytest.raises(UnknownStore):
        registry.create("Other", ["nosuch"], local)
    summary = registry.summaries()[0]
    assert (summary.name, summary.participants, summary.join_code) == ("Club", 2, "")
    with pytest.raises(UnknownWorkspace):
        registry.join("WRONGCODE", "Cy")
    with pytest.raises(UnknownWorkspace, match="opens no workspace"):
        registry.workspace("x" * 32)
    assert ann.display_name == "Ann" and ann.scenarios == ("trainer-case",)


@BOTH_ENGINES
def test_trainer_operations_need_the_trainer_key(database_url: str,
                                                 small_store: StoreData) -> None:
    database = open_database(database_url)
    registry = Workshops(database)
    created = registry.create("Evening class", [], StoreDB(database))
    key = created.trainer_key
    for wrong in ("", key[:-1], key + "x", "nope"):
        for call in (registry.show, registry.close, registry.transcript):
            with pytest.raises(WrongTrainerKey):
                call("Evening class", wrong)
        with pytest.raises(WrongTrainerKey):
            registry.set_exercise("Evening class", wrong, None)
    with pytest.raises(WrongTrainerKey):
        registry.show("No such class", key)  # the same refusal as a wrong key
    assert registry.show("Evening class", key).join_code == created.join_code
    assert registry.close("Evening class", key).closed_at is not None
    with pytest.raises(WorkshopClosed):
        registry.join(created.join_code, "Late")
    assert registry.workshop_of_code(created.join_code) is None


@BOTH_ENGINES
def test_secrets_are_random_and_stored_only_as_hashes(database_url: str) -> None:
    database = open_database(database_url)
    registry = Workshops(database)
    created = [registry.create(f"W{i}", []) for i in range(3)]
    joined = [registry.join(c.join_code, "P") for c in created]
    secrets_ = [c.trainer_key for c in created] + [j.token for j in joined]
    assert len(set(secrets_)) == len(secrets_)
    for secret in secrets_:  # ≥ 128 bits: 32 URL-safe base64 characters carry 192
        assert re.fullmatch(r"[A-Za-z0-9_-]{32}", secret)
    with database.read() as conn:
        stored = [str(v) for table in (workshops_table, workspaces_table)
                  for row in conn.execute(sa.select(table)).all() for v in row]
    assert not any(secret in value for secret in secrets_ for value in stored)


def test_a_0001_database_upgrades_with_its_stores(small_store: StoreData) -> None:
    from advisor.settings import Settings

    database = open_database(Settings.from_env())
    database.sqlite_path.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
    migrate.upgrade(database, "0001")
    with database.exclusive() as conn:
        assert migrate.current_revision(conn) == "0001"
    database._ready = True  # write through the 0001 schema, as the old version did
    StoreDB(database).replace_store("old-shop", small_store, source="upload")
    report = migrate.upgrade(database)
    assert (report.before, report.after) == ("0001", "0002")
    assert StoreDB(database).info("old-shop").orders == len(small_store.orders)
    Workshops(database).create("After upgrade", ["old-shop"], StoreDB(database))
