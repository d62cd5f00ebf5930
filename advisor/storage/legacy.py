"""One-time copy of the stores of the old `stores.sqlite` (before the storage layer) into a
freshly created embedded database, so upgrading keeps a merchant's stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa

from advisor.storage.bulk import bulk_insert, quote
from advisor.storage.tables import DATA_TABLES, stores

LEGACY_FILE = "stores.sqlite"


def legacy_file(database_file: Path) -> Path | None:
    """The old store file beside the new database file, if there is one."""
    old = database_file.with_name(LEGACY_FILE)
    return old if old.is_file() and old != database_file else None


def adopt(conn: sa.Connection, old: Path) -> int:
    """Copy every store of `old` on the open transaction; the number of stores copied."""
    try:
        source = sqlite3.connect(f"file:{old}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ValueError(_failed(old, exc)) from exc
    try:
        count = _copy_table(source, conn, stores.name, [c.name for c in stores.columns],
                            "name")
        for table in DATA_TABLES.values():
            names = [c.name for c in table.columns if c.name != "row_no"]
            # The old file kept the import's row order in rowid; row_no takes it over.
            _copy_table(source, conn, table.name, names, "rowid", row_no=True)
    except sqlite3.Error as exc:
        raise ValueError(_failed(old, exc)) from exc
    finally:
        source.close()
    return count


def _copy_table(source: sqlite3.Connection, conn: sa.Connection, table: str,
                names: list[str], order: str, row_no: bool = False) -> int:
    """Copy one table's rows in `order`; the number of rows copied."""
    present = {row[1] for row in source.execute(f"PRAGMA table_info({quote(table)})")}
    if not present:
        return 0
    # A column the old file never had is copied as NULL (it was optional when added).
    picked = ", ".join(quote(n) if n in present else "NULL" for n in names)
    extra = f", {order} - 1" if row_no else ""
    rows = source.execute(f"SELECT {picked}{extra} FROM {quote(table)} ORDER BY {order}")
    copied = rows.fetchall()
    bulk_insert(conn, table, [*names, "row_no"] if row_no else names, copied)
    return len(copied)


def _failed(old: Path, exc: Exception) -> str:
    return (f"could not copy the stores of the old store file {old}: {exc}; move that file "
            "away to start without them")
