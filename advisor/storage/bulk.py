"""Bulk inserts inside a write transaction: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def bulk_insert(conn: sa.Connection, table: str, columns: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> None:
    """Insert plain Python rows (None = NULL) on the connection's open transaction."""
    if not rows:
        return
    names = ", ".join(map(quote, columns))
    if conn.dialect.name == "postgresql":
        _copy(conn, f"COPY {quote(table)} ({names}) FROM STDIN", rows)
        return
    # The DB-API executemany: row-at-a-time SQLAlchemy processing would cost seconds per 100k.
    marks = ", ".join("?" * len(columns))
    conn.exec_driver_sql(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", list(rows))


def _copy(conn: sa.Connection, statement: str, rows: Sequence[Sequence[Any]]) -> None:
    # psycopg 3's COPY on the same DB-API connection, so it is part of the transaction.
    driver = conn.connection.driver_connection
    if driver is None:
        raise RuntimeError("no driver connection for COPY")
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
