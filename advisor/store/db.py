"""Stores in the storage layer (advisor.storage, DESIGN §14), on SQLite or PostgreSQL.

Every write is one transaction holding the write lock: re-importing a store deletes and
inserts inside it, so a failure leaves the previous data intact. Inside it, a name that
folds onto another store's name is refused, and demo stores (source `demo`) and the user's
stores never replace each other unless forced. Connections come from the shared engine,
so one StoreDB serves many Streamlit sessions and processes. A StoreDB reads and writes
through one workspace's scope (advisor.store.scope): names are that workspace's names, and a
store it cannot see is an UnknownStore like one that does not exist. `conform_frame` gives
the canonical dtypes (StoreData's docstring) to frames from imports, loads and generators.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlalchemy as sa

from advisor.storage.bulk import bulk_insert
from advisor.storage.engine import Database, open_database
from advisor.storage.tables import DATA_TABLES, stores
from advisor.store.names import lookalike, normalize_store_name
from advisor.store.schema import TABLES, Column, StoreData, StoreInfo, is_demo_source
from advisor.store.scope import LOCAL, SEPARATOR, StoreScope

if TYPE_CHECKING:
    from advisor.settings import Settings

_TEXT_KINDS = frozenset({"id", "text", "list", "anchor_type"})
_INFO_COLUMNS = (stores.c.name, stores.c.products, stores.c.sessions, stores.c.orders,
                 stores.c.imported_at, stores.c.source)
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
    """A typed column as plain Python values for the driver (missing -> None)."""
    kind = column.kind
    if kind in _TEXT_KINDS:
        return series.tolist()
    if kind in ("money", "number"):
        return [None if v != v else float(v) for v in series.tolist()]
    if kind == "int":
        return [None if v is pd.NA or v != v else int(v) for v in series.astype(object)]
    if kind == "bool":
        return [bool(v) for v in series.tolist()]
    text = series.dt.strftime(_TIME_FORMAT)
    fraction = series.dt.microsecond != 0
    if fraction.any():
        text[fraction] = series[fraction].dt.strftime(_TIME_FORMAT + ".%f")
    return text.astype(object).where(series.notna(), None).tolist()


class StoreDB:
    """Stores in one database (advisor.storage), as one workspace sees them (`scope`);
    safe to share across threads and sessions."""

    def __init__(self, target: Database | Path | str, scope: StoreScope = LOCAL) -> None:
        """A Database, a database URL, or the path of a SQLite file."""
        if isinstance(target, Path):
            target = f"sqlite:///{target.resolve()}"
        self.database = target if isinstance(target, Database) else open_database(target)
        self.scope = scope

    @classmethod
    def from_settings(cls, settings: Settings, scope: StoreScope = LOCAL) -> StoreDB:
        return cls(open_database(settings), scope)

    def within(self, scope: StoreScope) -> StoreDB:
        """The same database seen through another workspace's scope."""
        return StoreDB(self.database, scope)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None on a database server."""
        return self.database.sqlite_path

    # --- reading -----------------------------------------------------------------------

    def list_stores(self) -> list[StoreInfo]:
        with self.database.read() as conn:
            rows = conn.execute(sa.select(*_INFO_COLUMNS).where(_candidates(self.scope))).all()
        infos = [StoreInfo(self.scope.display(row.name), *row[1:]) for row in rows
                 if self.scope.sees(row.name, row.source)]
        return sorted(infos, key=lambda info: info.name)

    def names(self) -> list[str]:
        return [info.name for info in self.list_stores()]

    def own_names(self) -> list[str]:
        """The stores this workspace may replace or delete (not the shared ones)."""
        with self.database.read() as conn:
            keys = conn.scalars(sa.select(stores.c.name).where(_candidates(self.scope))).all()
        return sorted(self.scope.display(k) for k in keys if self.scope.owns(k))

    def key_of(self, name: str) -> str:
        """The stored key of a store this workspace sees (UnknownStore if it sees none)."""
        with self.database.read() as conn:
            key = self._resolve(conn, name)
        if key is None:
            raise self._unknown(name)
        return key

    def exists(self, name: str) -> bool:
        with self.database.read() as conn:
            return self._resolve(conn, name) is not None

    def writable(self, name: str) -> bool:
        """Whether this workspace may replace or delete the store (its own, not shared)."""
        with self.database.read() as conn:
            key = self._resolve(conn, name)
        return key is not None and self.scope.owns(key)

    def info(self, name: str) -> StoreInfo:
        with self.database.read() as conn:
            key = self._resolve(conn, name)
            row = None if key is None else conn.execute(
                sa.select(*_INFO_COLUMNS).where(stores.c.name == key)).first()
        if row is None:
            raise self._unknown(name)
        return StoreInfo(name, *row[1:])

    def version(self, name: str) -> str:
        """An opaque token that changes on every import of the store (for cache keys)."""
        with self.database.read() as conn:
            key = self._resolve(conn, name)
            value = None if key is None else conn.scalar(
                sa.select(stores.c.version).where(stores.c.name == key))
        if value is None:
            raise self._unknown(name)
        return str(value)

    def load(self, name: str) -> StoreData:
        """The store's three tables, with the same dtypes as a fresh import."""
        with self.database.read(snapshot=True) as conn:  # the three tables agree
            key = self._resolve(conn, name)
            currency = None if key is None else conn.scalar(
                sa.select(stores.c.currency).where(stores.c.name == key))
            frames = {} if currency is None or key is None else {
                table: self._select(conn, table, key) for table in TABLES}
        if currency is None:
            raise self._unknown(name)
        return StoreData(frames["products"], frames["live_sessions"], frames["orders"],
                         currency=currency)

    def _resolve(self, conn: sa.Connection, name: str) -> str | None:
        """The key `name` stands for here: the workspace's own store first, then a shared
        one it may see; None when it sees none (however the database is filled)."""
        own = self.scope.key(name)
        if self.scope.everything or not self.scope.prefix:
            # One indexed lookup on the hot path; a ':' key is never the local workspace's.
            if not self.scope.owns(own):
                return None
            found = conn.scalar(sa.select(stores.c.name).where(stores.c.name == own))
            return None if found is None else own
        rows = conn.execute(sa.select(stores.c.name, stores.c.source)
                            .where(stores.c.name.in_([own, name]))).all()
        sources = {row.name: row.source for row in rows}
        if own in sources:
            return own
        if name in sources and self.scope.sees(name, sources[name]):
            return name
        return None

    def _unknown(self, name: str) -> UnknownStore:
        # The service view names only the local workspace's stores, never another's keys.
        shown = self.within(LOCAL) if self.scope.everything else self
        return UnknownStore(name, shown.names())

    @staticmethod
    def _select(conn: sa.Connection, table: str, key: str) -> pd.DataFrame:
        names = [c.name for c in TABLES[table]]
        sql = DATA_TABLES[table]
        query = (sa.select(*(sql.c[n] for n in names)).where(sql.c.store == key)
                 .order_by(sql.c.row_no))
        rows = conn.execute(query).all()
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
        raw = {n: pd.Series(list(values), dtype=object) for n, values in zip(names, columns,
                                                                               strict=True)}
        return conform_frame(table, raw)

    # --- writing -----------------------------------------------------------------------

    def replace_store(self, name: str, data: StoreData, source: str = "", *,
                      force: bool = False) -> StoreInfo:
        """Replace (or create) the store in one transaction; on any error nothing changes.

        StoreConflict when another store's name looks the same, when a demo store would
        replace the user's store of that name or the reverse (`force` allows both of those),
        or when the name is a store shared with this workspace (read-only to it).
        """
        name = validate_store_name(name)
        values = {table: self._columns(table, getattr(data, table)) for table in TABLES}
        counts = {table: len(columns[0]) for table, columns in values.items()}
        info = StoreInfo(name, counts["products"], counts["live_sessions"], counts["orders"],
                         dt.datetime.now().astimezone().isoformat(timespec="seconds"), source)
        key = self.scope.key(name)
        row = {"name": key, "imported_at": info.imported_at, "source": source,
               "version": uuid.uuid4().hex, "currency": data.currency,
               "products": info.products, "sessions": info.sessions, "orders": info.orders}
        with self.database.write() as conn:
            stored = _sources(conn)
            self._check_write(stored, name, source, force)
            if key in stored:  # the store row stays (its data rows refer to it)
                conn.execute(stores.update().where(stores.c.name == key).values(row))
            else:
                conn.execute(stores.insert().values(row))
            for table in TABLES:
                conn.execute(sa.delete(DATA_TABLES[table])
                             .where(DATA_TABLES[table].c.store == key))
                self._insert(conn, table, key, values[table])
        return info

    def _check_write(self, stored: Mapping[str, str], name: str, source: str,
                     force: bool) -> None:
        """The write conflicts, judged on the names this workspace sees."""
        visible = {self.scope.display(key): src for key, src in stored.items()
                   if self.scope.sees(key, src)}
        if name in visible and self.scope.key(name) not in stored:
            raise StoreConflict(f"{name!r} is shared with everyone in this workshop and "
                                "read-only; import your data under another name")
        _check_conflicts(visible, name, source, force)

    @staticmethod
    def _columns(table: str, frame: pd.DataFrame) -> list[list[Any]]:
        typed = conform_frame(table, frame)
        return [_sql_values(c, typed[c.name]) for c in TABLES[table]]

    @staticmethod
    def _insert(conn: sa.Connection, table: str, key: str,
                columns: list[list[Any]]) -> None:
        names = ["store", "row_no", *(c.name for c in TABLES[table])]
        count = len(columns[0])
        rows = list(zip([key] * count, range(count), *columns, strict=True))
        bulk_insert(conn, table, names, rows)

    def check_name(self, name: str, source: str = "", *, force: bool = False) -> str:
        """The stored form of `name` if replace_store would accept it now (ValueError, or
        StoreConflict, if not): lets an import fail before its files are read."""
        name = validate_store_name(name)
        with self.database.read() as conn:
            self._check_write(_sources(conn), name, source, force)
        return name

    def delete(self, name: str) -> bool:
        """Remove the store; False when this workspace sees no such store, StoreConflict
        when it is shared with the workspace (read-only to it)."""
        with self.database.write() as conn:
            key = self._resolve(conn, name)
            if key is None:
                return False
            if not self.scope.owns(key):
                raise StoreConflict(f"{name!r} is shared with everyone in this workshop and "
                                    "read-only; only the trainer's machine can delete it")
            for table in DATA_TABLES.values():
                conn.execute(sa.delete(table).where(table.c.store == key))
            gone = conn.execute(sa.delete(stores).where(stores.c.name == key)).rowcount
        return gone > 0


def _candidates(scope: StoreScope) -> sa.ColumnElement[bool]:
    """The rows a scope may see, narrowed in SQL (a club's database holds every
    participant's stores); scope.sees() decides among them."""
    if scope.everything:
        return sa.true()
    local = ~stores.c.name.contains(SEPARATOR, autoescape=True)
    if not scope.prefix:
        return local
    return local | stores.c.name.startswith(scope.prefix + SEPARATOR, autoescape=True)


def _sources(conn: sa.Connection) -> dict[str, str]:
    return {row.name: row.source for row in conn.execute(sa.select(stores.c.name,
                                                                   stores.c.source))}


def _check_conflicts(known: Mapping[str, str], name: str, source: str, force: bool) -> None:
    if (other := lookalike(name, known)) is not None:
        raise StoreConflict(f"store name {name!r} looks the same as the existing store "
                            f"{other!r}; choose a clearly different name")
    if name not in known or force:
        return
    if is_demo_source(source) and not is_demo_source(known[name]):
        raise StoreConflict(f"a store of yours is named {name!r}; demo install does not "
                            "replace it (delete or rename it, or use --force to replace it)")
    if is_demo_source(known[name]) and not is_demo_source(source):
        raise StoreConflict(f"{name!r} is a demo store and read-only; import your data under "
                            "another name")
