"""Shared fixtures: every test runs against a temporary ADVISOR_DATA_DIR, never ./data.

Also the real servers of the storage tests (tests/servers.py): one PostgreSQL per session
(a fresh database per test) and one `chroma run`. They are skipped, saying why,
only where their programs are missing, and fail instead when ADVISOR_REQUIRE_SERVERS=1
(set by .ci/run, which installs them).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import (
    ChromaServer,
    PostgresServer,
    chroma_command,
    postgres_bindir,
    start_chroma,
    start_postgres,
)

REPO = Path(__file__).resolve().parent.parent

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "advisor-data"
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(data))
    # A developer's own servers must never receive test data.
    monkeypatch.delenv("ADVISOR_DATABASE_URL", raising=False)
    monkeypatch.delenv("ADVISOR_CHROMA_URL", raising=False)
    return data


def _missing(what: str) -> None:
    if os.environ.get("ADVISOR_REQUIRE_SERVERS") == "1":
        pytest.fail(f"{what} (ADVISOR_REQUIRE_SERVERS=1: these tests must run here)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL cluster for the whole session."""
    bindir = postgres_bindir()
    if bindir is None:
        _missing("PostgreSQL server binaries not found (apt-get install -y postgresql)")
        raise AssertionError("unreachable")
    server = start_postgres(bindir)
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres: PostgresServer) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one test; its pool is closed after it."""
    from advisor.storage import migrate, open_database

    url = postgres.create_database(f"t_{uuid.uuid4().hex[:16]}")
    database = open_database(url)
    migrate.upgrade(database)
    yield url
    database.dispose()


ENGINES = ("sqlite", "postgresql")
# Run a storage test on both engines: @BOTH_ENGINES over a test taking `database_url`.
BOTH_ENGINES = pytest.mark.parametrize("database_url", ENGINES, indirect=True)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test's database: the embedded SQLite, or (param "postgresql") a fresh database on
    the real server, set as ADVISOR_DATABASE_URL so Settings.from_env() and CLI subprocesses
    use it too."""
    from advisor.settings import Settings

    engine = getattr(request, "param", "sqlite")
    if engine == "sqlite":
        return Settings.from_env().resolved_database_url
    url = str(request.getfixturevalue("pg_url"))
    monkeypatch.setenv("ADVISOR_DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """`chroma run` (shipped with chromadb) on a free port, shared by the session."""
    command = chroma_command()
    if command is None:
        _missing("the `chroma` command of chromadb is not installed in this environment")
        raise AssertionError("unreachable")
    server = start_chroma(command, tmp_path_factory.mktemp("chroma-server"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def served_index(chroma_server: ChromaServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The knowledge index built on the server by `advisor index` (the real model, once per
    session); the server's URL, for ADVISOR_CHROMA_URL."""
    env = {**os.environ, "ADVISOR_CHROMA_URL": chroma_server.url,
           "ADVISOR_DATA_DIR": str(tmp_path_factory.mktemp("served-index") / "data")}
    done = subprocess.run([sys.executable, "-m", "advisor", "index"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return chroma_server.url
