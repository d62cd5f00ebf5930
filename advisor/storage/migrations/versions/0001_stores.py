"""0001: store data — the stores list and its products, live_sessions and orders tables.

Spelled out here rather than built from advisor.store.schema: a migration is history and
must not change when the schema module does.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TEXT, _MONEY, _INT, _BOOL = sa.Text, sa.Double, sa.BigInteger, sa.Boolean


def _data_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("store", sa.Text, sa.ForeignKey("stores.name", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("row_no", sa.Integer, nullable=False, autoincrement=False),
        *columns,
        sa.PrimaryKeyConstraint("store", "row_no"),
    )


def upgrade() -> None:
    op.create_table(
        "stores",
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("imported_at", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("version", sa.Text, nullable=False),
        sa.Column("currency", sa.Text, nullable=False),
        sa.Column("products", sa.Integer, nullable=False),
        sa.Column("sessions", sa.Integer, nullable=False),
        sa.Column("orders", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    _data_table(
        "products",
        sa.Column("sku", _TEXT, nullable=False),
        sa.Column("name", _TEXT, nullable=False),
        sa.Column("category", _TEXT, nullable=False),
        sa.Column("price", _MONEY, nullable=False),
        sa.Column("cost", _MONEY),
        sa.Column("stock", _INT),
        sa.Column("description", _TEXT),
    )
    _data_table(
        "live_sessions",
        sa.Column("session_id", _TEXT, nullable=False),
        sa.Column("date", _TEXT, nullable=False),
        sa.Column("duration_min", _MONEY, nullable=False),
        sa.Column("anchor", _TEXT, nullable=False),
        sa.Column("anchor_type", _TEXT, nullable=False),
        sa.Column("viewers", _INT, nullable=False),
        sa.Column("peak_viewers", _INT),
        sa.Column("avg_watch_sec", _MONEY),
        sa.Column("new_followers", _INT),
        sa.Column("product_clicks", _INT),
        sa.Column("fee", _MONEY),
        sa.Column("featured_skus", _TEXT),
        sa.Column("segments", _TEXT),
    )
    _data_table(
        "orders",
        sa.Column("order_id", _TEXT, nullable=False),
        sa.Column("customer_id", _TEXT, nullable=False),
        sa.Column("order_time", _TEXT, nullable=False),
        sa.Column("sku", _TEXT, nullable=False),
        sa.Column("quantity", _INT, nullable=False),
        sa.Column("amount", _MONEY, nullable=False),
        sa.Column("session_id", _TEXT),
        sa.Column("refunded", _BOOL, nullable=False),
    )


def downgrade() -> None:
    for name in ("orders", "live_sessions", "products", "stores"):
        op.drop_table(name)
