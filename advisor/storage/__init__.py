"""One storage layer (DESIGN §14): SQLAlchemy Core engines, Alembic schema, one factory."""

from advisor.storage.engine import Database, DatabaseUnavailable, SchemaOutdated, open_database

__all__ = ["Database", "DatabaseUnavailable", "SchemaOutdated", "open_database"]
