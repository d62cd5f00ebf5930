"""Engines from ADVISOR_DATABASE_URL, their transactions, and the one factory, open_database.

SQLite (the embedded default) and PostgreSQL (several app processes) behave alike here:
`read(snapshot=True)` is one consistent snapshot, `write()` one transaction holding the
write lock from its first statement, so a check made inside it still holds at commit.
An embedded SQLite file is created and migrated on first use; a server database must be
migrated with `advisor db upgrade` and is only checked.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import QueuePool, StaticPool

if TYPE_CHECKING:
    from advisor.settings import Settings

SUPPORTED = ("sqlite", "postgresql")
# pg_advisory_xact_lock key of the writers: any fixed 64-bit number works ("advisor").
WRITE_LOCK_KEY = 0x61647669736F72
SQLITE_BUSY_TIMEOUT_S = 30


class SchemaOutdated(ValueError):
    """A server database whose schema is not the one this code needs (run `advisor db
    upgrade`). A ValueError, so the CLI reports it as one line."""


class DatabaseUnavailable(OSError):
    """The database could not be reached or opened (the message names it, password hidden)."""


def parse_url(url: str | sa.URL) -> sa.URL:
    """The URL with its driver made explicit (postgresql → psycopg 3); ValueError if unusable."""
    try:
        parsed = sa.make_url(url)
    except ArgumentError as exc:
        raise ValueError(f"ADVISOR_DATABASE_URL: {url!r} is not a database URL "
                         "(e.g. postgresql://user:password@host:5432/advisor)") from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in SUPPORTED:
        raise ValueError(f"ADVISOR_DATABASE_URL: {parsed.get_backend_name()!r} databases are "
                         f"not supported (use one of: {', '.join(SUPPORTED)})")
    return parsed


class Database:
    """One database: its engine, its transactions and the guard that its schema is current."""

    def __init__(self, url: str | sa.URL) -> None:
        self.url = parse_url(url)
        self.dialect = self.url.get_backend_name()
        name = self.url.database
        self.sqlite_path = (Path(name) if self.dialect == "sqlite" and name
                            and name != ":memory:" else None)
        self.engine = _create_engine(self.url)
        self._ready = False
        self._lock = threading.Lock()
        self._writers = threading.Lock()

    @property
    def embedded(self) -> bool:
        return self.dialect == "sqlite"

    def describe(self) -> str:
        """The URL with any password hidden, for messages."""
        return self.url.render_as_string(hide_password=True)

    def ensure_schema(self) -> None:
        """Migrate an embedded SQLite (re-created when its file was deleted); check a server."""
        if self._ready and (self.sqlite_path is None or self.sqlite_path.exists()):
            return
        from advisor.storage import migrate

        if self._ready:  # the file was deleted: pooled connections still hold the old one
            self.engine.dispose()
        with self._lock:
            try:
                if self.embedded:
                    if self.sqlite_path is not None:
                        self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
                    migrate.upgrade(self)
                else:
                    migrate.check_current(self)
            except sa.exc.OperationalError as exc:  # the first contact: say which database
                raise DatabaseUnavailable(f"cannot open the database {self.describe()}: "
                                          f"{str(exc.orig).strip()}") from exc
            self._ready = True

    @contextmanager
    def read(self, snapshot: bool = False) -> Iterator[sa.Connection]:
        """A read transaction; with `snapshot`, every statement in it sees the same committed
        state (for reads of several tables that must agree)."""
        self.ensure_schema()
        with self.engine.connect() as conn:
            # PostgreSQL's READ COMMITTED could mix two imports across statements; the
            # stricter level costs two round trips, so single-statement reads skip it.
            if snapshot and self.dialect == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """One write transaction, serialised with every other writer; rolled back on error."""
        self.ensure_schema()
        with self.exclusive() as conn:
            yield conn

    @contextmanager
    def exclusive(self) -> Iterator[sa.Connection]:
        """write() without the schema check (migrations run inside it)."""
        # Writers of this process queue here, in order: waiting inside SQLite's busy handler
        # sleeps in growing steps, which gave 30 sessions recording turns seconds-long tails.
        with self._writers if self.embedded else nullcontext(), self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                 {"key": WRITE_LOCK_KEY})
                yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def _create_engine(url: sa.URL) -> sa.Engine:
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True)
    memory = not url.database or url.database == ":memory:"
    # A file: pooled connections (opening one and setting its pragmas cost ~1 ms, on every
    # question of every session); ensure_schema disposes them if the file is deleted.
    options: dict[str, Any] = ({"poolclass": StaticPool} if memory else
                               {"poolclass": QueuePool, "pool_size": 8, "max_overflow": 32})
    engine = sa.create_engine(url, **options,
                              connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S,
                                            "check_same_thread": False})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own implicit BEGIN is switched off; _sqlite_begin issues the right one.
    dbapi_conn.isolation_level = None
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON"):
        dbapi_conn.execute(f"PRAGMA {pragma}")


def _sqlite_begin(conn: sa.Connection) -> None:
    # IMMEDIATE takes the write lock up front, so check-then-write cannot interleave.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


_DATABASES: dict[str, Database] = {}
_DATABASES_LOCK = threading.Lock()


def open_database(target: Settings | str) -> Database:
    """The one factory: the Database for these settings (or URL), one engine per URL and
    process, shared by every caller and thread. Nothing is connected until first use."""
    url = target if isinstance(target, str) else target.resolved_database_url
    key = parse_url(url).render_as_string(hide_password=False)
    with _DATABASES_LOCK:
        if key not in _DATABASES:
            _DATABASES[key] = Database(key)
        return _DATABASES[key]
