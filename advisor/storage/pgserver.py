"""A throwaway PostgreSQL cluster (initdb + pg_ctl on a free port) for tests and `make bench`.

Not used by the app. PostgreSQL refuses to run as root, so as root the cluster runs as the
`postgres` user (Debian's package creates it), in a folder under the system temp dir.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_USER = "advisor"
STARTUP_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def postgres_bindir() -> Path | None:
    """The folder with initdb and pg_ctl: `pg_config --bindir`, else Debian's layout."""
    candidates: list[str] = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                             check=False)
        candidates.append(out.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in filter(None, candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


@dataclass
class PostgresServer:
    """A running throwaway cluster; `url(db)` is a SQLAlchemy URL of one of its databases."""

    bindir: Path
    root: Path
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        _run_as_owner([str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m",
                       "immediate", "-w", "stop"], check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def start_postgres(bindir: Path) -> PostgresServer:
    # Not under pytest's tmp_path: its folders are private to root, the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
    server = PostgresServer(bindir, root, free_port())
    data = root / "data"
    # Durability off: a test cluster trades crash safety for speed.
    options = (f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    try:
        _give_to_owner(root)
        _run_as_owner([str(bindir / "initdb"), "-D", str(data), "-U", PG_USER,
                       "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"])
        _run_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                       str(root / "server.log"), "-w", "-t", str(STARTUP_TIMEOUT_S), "start"])
    except BaseException:
        server.stop()  # nothing left behind: no stray server, no folder
        raise
    return server


def _owner() -> str | None:
    """The user the server runs as: `postgres` when we are root, else ourselves (None)."""
    return "postgres" if os.geteuid() == 0 else None


def _give_to_owner(path: Path) -> None:
    owner = _owner()
    if owner is not None:
        entry = pwd.getpwnam(owner)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _run_as_owner(cmd: list[str], check: bool = True) -> None:
    owner = _owner()
    full = ["runuser", "-u", owner, "--", *cmd] if owner else cmd
    done = subprocess.run(full, capture_output=True, text=True, check=False, timeout=120)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n"
                           f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
