"""The tables the code reads and writes, as SQLAlchemy Core metadata (migrations create them).

A test compares this metadata with the schema the migrations build, on both engines, so
the two cannot drift apart silently.
"""

from __future__ import annotations

import sqlalchemy as sa

from advisor.store.schema import TABLES, Column

metadata = sa.MetaData()

stores = sa.Table(
    "stores", metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("imported_at", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("version", sa.Text, nullable=False),
    sa.Column("currency", sa.Text, nullable=False),
    sa.Column("products", sa.Integer, nullable=False),
    sa.Column("sessions", sa.Integer, nullable=False),
    sa.Column("orders", sa.Integer, nullable=False),
)


def sql_type(column: Column) -> sa.types.TypeEngine:
    """The column type of a store-data kind. Datetimes are ISO text on every engine: one
    representation everywhere, parsed back by pandas in one vectorised call."""
    if column.kind in ("money", "number"):
        return sa.Double()
    if column.kind == "int":
        return sa.BigInteger()
    if column.kind == "bool":
        return sa.Boolean()
    return sa.Text()


def _data_table(name: str) -> sa.Table:
    # row_no keeps the file's row order (SQLite's rowid is not portable).
    return sa.Table(
        name, metadata,
        sa.Column("store", sa.Text, sa.ForeignKey("stores.name", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("row_no", sa.Integer, primary_key=True, autoincrement=False),
        *(sa.Column(c.name, sql_type(c), nullable=not (c.required or c.default is not None))
          for c in TABLES[name]),
    )


DATA_TABLES: dict[str, sa.Table] = {name: _data_table(name) for name in TABLES}
