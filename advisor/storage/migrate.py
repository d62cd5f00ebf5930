"""Alembic driven from code: `advisor db upgrade`, and the schema check of every open."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config

    from advisor.storage.engine import Database

MIGRATIONS = Path(__file__).resolve().with_name("migrations")


@dataclass(frozen=True)
class UpgradeReport:
    """What `advisor db upgrade` did: the schema revision before and after."""

    database: str
    before: str | None
    after: str

    def summary(self) -> str:
        if self.before == self.after:
            return f"database {self.database}: schema {self.after}, already current"
        return (f"database {self.database}: schema upgraded from "
                f"{self.before or 'empty'} to {self.after}")


def _config(connection: sa.Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision this code ships."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS}")
    return head


def current_revision(connection: sa.Connection) -> str | None:
    """The revision the database is at; None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database, revision: str = "head") -> UpgradeReport:
    """Migrate in one transaction that holds the write lock: two processes starting at
    once upgrade one after the other, and the second finds nothing to do."""
    from alembic import command

    with database.exclusive() as conn:
        before = current_revision(conn)
        command.upgrade(_config(conn), revision)
        after = current_revision(conn)
        if before is None and database.sqlite_path is not None:
            _adopt_legacy_stores(conn, database.sqlite_path)
    return UpgradeReport(database.describe(), before, after or "empty")


def _adopt_legacy_stores(conn: sa.Connection, database_file: Path) -> None:
    from advisor.storage import legacy

    old = legacy.legacy_file(database_file)
    if old is not None:
        legacy.adopt(conn, old)


def check_current(database: Database) -> None:
    """SchemaOutdated unless the database is at the newest revision."""
    from advisor.storage.engine import SchemaOutdated

    with database.engine.connect() as conn:
        current = current_revision(conn)
    head = head_revision()
    if current != head:
        raise SchemaOutdated(
            f"the database {database.describe()} is at schema {current or 'empty'} but this "
            f"version of the advisor needs {head}: run `advisor db upgrade` once (with the "
            "same ADVISOR_DATABASE_URL), then start the app again")
