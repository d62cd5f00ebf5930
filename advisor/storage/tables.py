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


# --- workshops, workspaces and their conversations (DESIGN §13; migration 0002) ----------

workshops = sa.Table(
    "workshops", metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("join_code", sa.Text, nullable=False, unique=True),
    sa.Column("trainer_key_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("closed_at", sa.Text),
    sa.Column("scenarios", sa.Text, nullable=False),  # JSON list of local store names
    sa.Column("exercise_store", sa.Text),
    sa.Column("exercise_prompt", sa.Text),
)

workspaces = sa.Table(
    "workspaces", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("token_hash", sa.Text, nullable=False, unique=True),
    sa.Column("workshop", sa.Text, sa.ForeignKey("workshops.name", ondelete="CASCADE"),
              nullable=False),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("joined_at", sa.Text, nullable=False),
)

turns = sa.Table(
    "turns", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("workspace", sa.Text, sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("asked_at", sa.Text, nullable=False),
    sa.Column("store", sa.Text),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column("sources", sa.Text, nullable=False),  # the cited card ids, comma-separated
    sa.Column("lang", sa.Text, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),  # the whole Answer as JSON, to restore it
)
