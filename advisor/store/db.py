"""SQLite storage for stores: one file `<data_dir>/stores.sqlite`, one row set per store.

Every write is one `BEGIN IMMEDIATE` transaction: re-importing a store deletes and
inserts inside it, so a failure leaves the previous data intact. Inside it, a name that
folds onto another store's name is refused, and demo stores (source `demo`) and the user's
stores never replace each other unless forced. Each call opens its own
connection, so one StoreDB can serve many Streamlit sessions. `conform_frame` gives
the canonical dtypes (StoreData's docstring) to frames from imports, loads and generators.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from advisor.store.names import lookalike, normalize_store_name
from advisor.store.schema import TABLES, Column, StoreData, StoreInfo, is_demo_source

if TYPE_CHECKING:
    from advisor.settings import Settings

DB_FILE = "stores.sqlite"
_SQL_TYPES = {"money": "REAL", "number": "REAL", "int": "INTEGER", "bool": "INTEGER"}
_TEXT_KINDS = frozenset({"id", "text", "list", "anchor_type"})
_STORES_DDL = """CREATE TABLE IF NOT EXISTS stores (
    name TEXT PRIMARY KEY, imported_at TEXT NOT NULL, source TEXT NOT NULL,
    version TEXT NOT NULL, currency TEXT NOT NULL,
    products INTEGER NOT NULL, sessions INTEGER NOT NULL, orders INTEGER NOT NULL)"""
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class UnknownStore(KeyError, ValueError):
    """No store by that name; the message lists the stores there are. A ValueError too, so
    the CLI reports it as bad input; the UI catches it by name for its specific message."""

    def __init__(self, name: str, known: Sequence[str] = ()) -> None:
        super().__init__(name)
        self.name = name
        self.known = list(known)

    def __str__(self) -> str:
        if not self.known:
            return (f"unknown store {self.name!r}: no stores yet (run `advisor store import` "
                    "or `advisor demo install`)")
        return f"unknown store {self.name!r}; known stores: {', '.join(self.known)}"


class StoreConflict(ValueError):
    """A write that would replace or shadow another store: a lookalike name, a demo store
    over the user's own, or the user's data over a demo store."""


def validate_store_name(name: str) -> str:
    """The NFKC form of a valid name (advisor.store.names); anything else is a ValueError."""
    return normalize_store_name(name)


def conform_frame(table: str, frame: pd.DataFrame | Mapping[str, Any]) -> pd.DataFrame:
    """The table's columns in schema order with canonical dtypes; absent optional columns
    are filled with their default (required ones must be present)."""
    frame = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(dict(frame))
    length = len(frame)
    out: dict[str, pd.Series] = {}
    for column in TABLES[table]:
        if column.name in frame.columns:
            series = frame[column.name].reset_index(drop=True)
        elif column.required:
            raise ValueError(f"{table} has no {column.name!r} column")
        else:
            series = pd.Series([column.default] * length, dtype=object)
        out[column.name] = _typed(column, series)
    return pd.DataFrame(out, index=pd.RangeIndex(length))


def _typed(column: Column, series: pd.Series) -> pd.Series:
    kind = column.kind
    if kind in _TEXT_KINDS:
        return series.astype(object).where(series.notna(), "").astype("str")
    if kind in ("money", "number"):
        return series.astype("float64")
    if kind == "int":
        nullable = series.astype("Int64")
        if column.required or column.default is not None:
            return nullable.fillna(column.default).astype("int64")
        return nullable
    if kind == "datetime":
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            series = pd.to_datetime(series, format="ISO8601")
        elif not pd.api.types.is_datetime64_any_dtype(series.dtype):
            series = pd.to_datetime(series)
        if getattr(series.dt, "tz", None) is not None:
            series = series.dt.tz_localize(None)
        return series.astype("datetime64[ns]")
    if kind == "bool":
        default = bool(column.default)
        return series.astype(object).where(series.notna(), default).astype(bool)
    raise ValueError(f"unknown column kind {kind!r}")


def _sql_values(column: Column, series: pd.Series) -> list[Any]:
    """A typed column as plain Python values for sqlite3 (missing -> None)."""
    kind = column.kind
    if kind in _TEXT_KINDS:
        return series.tolist()
    if kind in ("money", "number"):
        return [None if v != v else float(v) for v in series.tolist()]
    if kind == "int":
        return [None if v is pd.NA or v != v else int(v) for v in series.astype(object)]
    if kind == "bool":
        return [int(v) for v in series.tolist()]
    text = series.dt.strftime(_TIME_FORMAT)
    fraction = series.dt.microsecond != 0
    if fraction.any():
        text[fraction] = series[fraction].dt.strftime(_TIME_FORMAT + ".%f")
    return text.astype(object).where(series.notna(), None).tolist()


class StoreDB:
    """Stores in one SQLite file; safe to share across threads (a connection per call)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._ready = False
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> StoreDB:
        return cls(settings.data_dir / DB_FILE)

    # --- reading -----------------------------------------------------------------------

    def list_stores(self) -> list[StoreInfo]:
        with self._connect() as conn:
            rows = conn.execute("SELECT name, products, sessions, orders, imported_at, source "
                                "FROM stores ORDER BY name").fetchall()
        return [StoreInfo(*row) for row in rows]

    def names(self) -> list[str]:
        return [info.name for info in self.list_stores()]

    def exists(self, name: str) -> bool:
        with self._connect() as conn:
            return conn.execute("SELECT 1 FROM stores WHERE name = ?", (name,)).fetchone() \
                is not None

    def info(self, name: str) -> StoreInfo:
        with self._connect() as conn:
            row = conn.execute("SELECT name, products, sessions, orders, imported_at, source "
                               "FROM stores WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise UnknownStore(name, self.names())
        return StoreInfo(*row)

    def version(self, name: str) -> str:
        """An opaque token that changes on every import of the store (for cache keys)."""
        with self._connect() as conn:
            row = conn.execute("SELECT version FROM stores WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise UnknownStore(name, self.names())
        return str(row[0])

    def load(self, name: str) -> StoreData:
        """The store's three tables, with the same dtypes as a fresh import."""
        with self._connect() as conn:
            conn.execute("BEGIN")  # one consistent snapshot across the three tables
            head = conn.execute("SELECT currency FROM stores WHERE name = ?",
                                (name,)).fetchone()
            if head is None:
                conn.execute("COMMIT")
                raise UnknownStore(name, self.names())
            frames = {table: self._select(conn, table, name) for table in TABLES}
            conn.execute("COMMIT")
        return StoreData(frames["products"], frames["live_sessions"], frames["orders"],
                         currency=head[0])

    @staticmethod
    def _select(conn: sqlite3.Connection, table: str, name: str) -> pd.DataFrame:
        names = [c.name for c in TABLES[table]]
        cursor = conn.execute(f"SELECT {', '.join(_quote(n) for n in names)} FROM "
                              f"{_quote(table)} WHERE store = ? ORDER BY rowid", (name,))
        rows = cursor.fetchall()
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
        raw = {n: pd.Series(list(values), dtype=object) for n, values in zip(names, columns,
                                                                               strict=True)}
        return conform_frame(table, raw)

    # --- writing -----------------------------------------------------------------------

    def replace_store(self, name: str, data: StoreData, source: str = "", *,
                      force: bool = False) -> StoreInfo:
        """Replace (or create) the store in one transaction; on any error nothing changes.

        StoreConflict when another store's name looks the same, or when a demo store would
        replace the user's store of that name or the reverse (`force` allows both of those).
        """
        name = validate_store_name(name)
        values = {table: self._columns(table, getattr(data, table)) for table in TABLES}
        counts = {table: len(columns[0]) for table, columns in values.items()}
        info = StoreInfo(name, counts["products"], counts["live_sessions"], counts["orders"],
                         dt.datetime.now().astimezone().isoformat(timespec="seconds"), source)
        with self._connect() as conn, _transaction(conn):
            _check_conflicts(_sources(conn), name, source, force)
            for table in TABLES:
                conn.execute(f"DELETE FROM {_quote(table)} WHERE store = ?", (name,))
                self._insert(conn, table, name, values[table])
            conn.execute("INSERT OR REPLACE INTO stores VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (name, info.imported_at, source, uuid.uuid4().hex, data.currency,
                          info.products, info.sessions, info.orders))
        return info

    @staticmethod
    def _columns(table: str, frame: pd.DataFrame) -> list[list[Any]]:
        typed = conform_frame(table, frame)
        return [_sql_values(c, typed[c.name]) for c in TABLES[table]]

    @staticmethod
    def _insert(conn: sqlite3.Connection, table: str, name: str,
                columns: list[list[Any]]) -> None:
        names = ["store", *(c.name for c in TABLES[table])]
        marks = ", ".join("?" * len(names))
        rows = zip(repeat(name), *columns) if columns[0] else iter(())
        conn.executemany(f"INSERT INTO {_quote(table)} ({', '.join(map(_quote, names))}) "
                         f"VALUES ({marks})", rows)

    def check_name(self, name: str, source: str = "", *, force: bool = False) -> str:
        """The stored form of `name` if replace_store would accept it now (ValueError, or
        StoreConflict, if not): lets an import fail before its files are read."""
        name = validate_store_name(name)
        with self._connect() as conn:
            _check_conflicts(_sources(conn), name, source, force)
        return name

    def delete(self, name: str) -> bool:
        """Remove the store; False when there was no such store."""
        with self._connect() as conn, _transaction(conn):
            gone = conn.execute("DELETE FROM stores WHERE name = ?", (name,)).rowcount
            for table in TABLES:
                conn.execute(f"DELETE FROM {_quote(table)} WHERE store = ?", (name,))
        return gone > 0

    # --- connection and schema -----------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if not self._ready or not self.path.exists():  # (re)create a missing file
            self._ready = False
            self._create_schema()
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA synchronous = NORMAL")
            yield conn
        finally:
            conn.close()

    def _create_schema(self) -> None:
        with self._lock:
            if self._ready:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                with _transaction(conn):
                    conn.execute(_STORES_DDL)
                    for table, columns in TABLES.items():
                        self._create_table(conn, table, columns)
            finally:
                conn.close()
            self._ready = True

    @staticmethod
    def _create_table(conn: sqlite3.Connection, table: str, columns: Sequence[Column]) -> None:
        defs = ", ".join(f"{_quote(c.name)} {_SQL_TYPES.get(c.kind, 'TEXT')}" for c in columns)
        conn.execute(f"CREATE TABLE IF NOT EXISTS {_quote(table)} (store TEXT NOT NULL, {defs})")
        conn.execute(f"CREATE INDEX IF NOT EXISTS {_quote(table + '_store')} "
                     f"ON {_quote(table)} (store)")
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({_quote(table)})")}
        for c in columns:  # a column added to the schema later: add it to an old file
            if c.name not in present:
                conn.execute(f"ALTER TABLE {_quote(table)} ADD COLUMN {_quote(c.name)} "
                             f"{_SQL_TYPES.get(c.kind, 'TEXT')}")


def _sources(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT name, source FROM stores").fetchall())


def _check_conflicts(stores: Mapping[str, str], name: str, source: str, force: bool) -> None:
    if (other := lookalike(name, stores)) is not None:
        raise StoreConflict(f"store name {name!r} looks the same as the existing store "
                            f"{other!r}; choose a clearly different name")
    if name not in stores or force:
        return
    if is_demo_source(source) and not is_demo_source(stores[name]):
        raise StoreConflict(f"a store of yours is named {name!r}; demo install does not "
                            "replace it (delete or rename it, or use --force to replace it)")
    if is_demo_source(stores[name]) and not is_demo_source(source):
        raise StoreConflict(f"{name!r} is a demo store and read-only; import your data under "
                            "another name")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
