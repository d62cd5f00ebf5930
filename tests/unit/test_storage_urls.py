"""The storage layer's URL handling and factory, without a server (DESIGN §14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.settings import Settings
from advisor.storage import Database, DatabaseUnavailable, open_database
from advisor.storage.engine import parse_url


def test_the_default_is_sqlite_under_the_data_dir(tmp_path: Path) -> None:
    settings = Settings.from_env({"ADVISOR_DATA_DIR": str(tmp_path / "d")})
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'd' / 'advisor.sqlite'}"
    database = open_database(settings)
    assert database.embedded and database.sqlite_path == tmp_path / "d" / "advisor.sqlite"
    assert not database.sqlite_path.exists()  # nothing is touched before first use


def test_the_env_variable_wins_and_postgres_urls_get_psycopg_3() -> None:
    settings = Settings.from_env({"ADVISOR_DATABASE_URL": "postgres://u:secret@db:5432/adv"})
    database = Database(settings.resolved_database_url)
    assert database.url.drivername == "postgresql+psycopg"
    assert (database.dialect, database.embedded, database.sqlite_path) == ("postgresql",
                                                                         False, None)
    assert database.describe() == "postgresql+psycopg://u:***@db:5432/adv"


def test_one_database_object_per_url() -> None:
    url = "postgresql://u@db/one"
    assert open_database(url) is open_database(url)
    assert open_database(url) is not open_database("postgresql://u@db/two")


@pytest.mark.parametrize(("url", "message"), [
    ("not a url", "is not a database URL"),
    ("mysql://u@h/db", "'mysql' databases are not supported (use one of: sqlite, postgresql)"),
])
def test_bad_urls_are_refused_by_name(url: str, message: str) -> None:
    with pytest.raises(ValueError, match="ADVISOR_DATABASE_URL") as info:
        parse_url(url)
    assert message in str(info.value)


def test_an_unreachable_server_is_an_os_error_naming_it_without_the_password() -> None:
    from tests.servers import free_port

    database = Database(f"postgresql://u:hunter2@127.0.0.1:{free_port()}/adv"
                        "?connect_timeout=2")
    with pytest.raises(DatabaseUnavailable, match="cannot open the database") as info:
        database.ensure_schema()
    assert "127.0.0.1" in str(info.value) and "hunter2" not in str(info.value)
    assert isinstance(info.value, OSError)  # the CLI prints it as one line, exit 1
