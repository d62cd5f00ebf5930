"""Alembic environment: runs migrations on the connection advisor.storage.migrate hands in."""

from __future__ import annotations

from alembic import context

from advisor.storage.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # only advisor.storage.migrate drives these migrations
    raise RuntimeError("run migrations with `advisor db upgrade`, not the alembic command")
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
