"""The storage layer on both engines (DESIGN §14): migrations, schema check, the write lock,
and the 100k-order import budget. PostgreSQL is a real server the fixture starts."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from advisor.settings import Settings
from advisor.storage import Database, SchemaOutdated, migrate, open_database
from advisor.storage.tables import metadata
from advisor.store.db import StoreDB
from advisor.store.demo import generate_demo_store
from advisor.store.schema import StoreData
from tests.conftest import BOTH_ENGINES, REPO
from tests.servers import PostgresServer

pytestmark = pytest.mark.integration
IMPORT_BUDGET_S = 10.0


@BOTH_ENGINES
def test_the_migrated_schema_is_the_schema_the_code_uses(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    database = open_database(database_url)
    database.ensure_schema()
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
        assert migrate.current_revision(conn) == migrate.head_revision()


def _db_upgrade(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "advisor", "db", "upgrade"], cwd=REPO,
                          env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=120, check=False)


def test_a_server_database_is_checked_not_migrated_until_db_upgrade(
        postgres: PostgresServer) -> None:
    url = postgres.create_database("upgrade_by_hand")
    db = StoreDB(url)
    with pytest.raises(SchemaOutdated, match="is at schema empty but this version of the "
                                             "advisor needs 0002: run `advisor db upgrade`"):
        db.list_stores()
    first = _db_upgrade({"ADVISOR_DATABASE_URL": url})
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == (f"database {url.replace('postgresql', 'postgresql+psycopg')}"
                                    ": schema upgraded from empty to 0002")
    again = _db_upgrade({"ADVISOR_DATABASE_URL": url})
    assert again.stdout.strip().endswith("schema 0002, already current")
    assert db.list_stores() == []
    open_database(url).dispose()


def test_an_embedded_sqlite_migrates_itself_on_first_use(tmp_path: Path) -> None:
    db = StoreDB.from_settings(Settings.from_env())
    assert db.path is not None and not db.path.exists()
    assert db.names() == []
    with db.database.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()


def test_a_bad_database_url_is_one_line_from_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "advisor", "store", "list"], cwd=REPO,
                          env={**os.environ, "ADVISOR_DATABASE_URL": "oracle://x@y/z"},
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == ("error: ADVISOR_DATABASE_URL: 'oracle' databases are not "
                                   "supported (use one of: sqlite, postgresql)")


@BOTH_ENGINES
def test_writers_wait_for_each_other(database_url: str) -> None:
    """A write transaction holds the lock from its first statement: a second writer (the
    name check of an import) waits for the first to commit, then sees its store."""
    db = StoreDB(database_url)
    data = generate_demo_store("demo-home-furnishing")
    finished: list[float] = []

    def second_writer() -> None:
        db.replace_store("demo-home-furnishing", data, "demo")
        finished.append(time.monotonic())

    with db.database.write() as conn:
        conn.execute(sa.text("SELECT 1"))
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(timeout=1.0)
        assert thread.is_alive() and not finished, "the second writer did not wait"
        released = time.monotonic()
    thread.join(timeout=60)
    assert finished and finished[0] >= released
    assert db.names() == ["demo-home-furnishing"]


@BOTH_ENGINES
def test_100k_orders_are_stored_within_the_budget_and_load_back_equal(
        database_url: str) -> None:
    import pandas as pd

    data = generate_demo_store("demo-chili-sauce")
    assert len(data.orders) >= 100_000
    db = StoreDB(database_url)
    start = time.perf_counter()
    db.replace_store("demo-chili-sauce", data, "demo")
    elapsed = time.perf_counter() - start
    assert elapsed <= IMPORT_BUDGET_S, f"storing 100k orders took {elapsed:.1f} s"
    loaded = db.load("demo-chili-sauce")
    for table in ("products", "live_sessions", "orders"):
        pd.testing.assert_frame_equal(getattr(loaded, table), getattr(data, table))


def _write_legacy_file(path: Path, name: str, data: StoreData) -> None:
    """A store file as the code before the storage layer wrote it (rowid order, 0/1 flags)."""
    import sqlite3

    from advisor.store.db import StoreDB as Current
    from advisor.store.schema import TABLES

    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stores (name TEXT PRIMARY KEY, imported_at TEXT NOT NULL, "
                 "source TEXT NOT NULL, version TEXT NOT NULL, currency TEXT NOT NULL, "
                 "products INTEGER NOT NULL, sessions INTEGER NOT NULL, "
                 "orders INTEGER NOT NULL)")
    conn.execute("INSERT INTO stores VALUES (?, '2026-11-01T10:00:00+00:00', 'mine.csv', "
                 "'v1', '¥', ?, ?, ?)", (name, len(data.products), len(data.live_sessions),
                                         len(data.orders)))
    for table, columns in TABLES.items():
        names = ["store", *(c.name for c in columns)]
        conn.execute(f"CREATE TABLE {table} ({', '.join(names)})")
        values = Current._columns(table, getattr(data, table))
        rows = [(name, *(int(v) if isinstance(v, bool) else v for v in row))
                for row in zip(*values, strict=True)]
        conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(names))})", rows)
    conn.commit()
    conn.close()


def test_stores_of_the_old_store_file_are_carried_over_once() -> None:
    import pandas as pd

    settings = Settings.from_env()
    data = generate_demo_store("demo-cosmetics")
    _write_legacy_file(settings.data_dir / "stores.sqlite", "my-shop", data)
    db = StoreDB.from_settings(settings)
    assert db.names() == ["my-shop"]
    assert db.info("my-shop").source == "mine.csv"
    loaded = db.load("my-shop")
    for table in ("products", "live_sessions", "orders"):
        pd.testing.assert_frame_equal(getattr(loaded, table), getattr(data, table))
    db.delete("my-shop")  # the old file is read once, when the new database is created
    assert StoreDB(Database(db.database.url)).names() == []  # as a new process would open it
