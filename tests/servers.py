"""Throwaway servers for the storage tests: PostgreSQL (initdb/pg_ctl) and `chroma run`.

Each starts on a free port in its own temporary folder and is stopped by the fixture that
started it (tests/conftest.py). PostgreSQL refuses to run as root, so as root the server
runs as the `postgres` user (Debian's package creates it).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PG_USER = "advisor"
STARTUP_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return int(resp.status) == 200
    except (urllib.error.URLError, OSError):
        return False


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
    _give_to_owner(root)
    data, port = root / "data", free_port()
    _run_as_owner([str(bindir / "initdb"), "-D", str(data), "-U", PG_USER, "--auth=trust",
                   "-E", "UTF8", "--no-sync", "--locale=C"])
    # Durability off: a test cluster trades crash safety for speed.
    options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    _run_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                   str(root / "server.log"), "-w", "-t", str(STARTUP_TIMEOUT_S), "start"])
    return PostgresServer(bindir, root, port)


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


@dataclass
class ChromaServer:
    """A running `chroma run`; `url` is what ADVISOR_CHROMA_URL takes."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def chroma_command() -> Path | None:
    path = Path(sys.executable).with_name("chroma")
    return path if path.exists() else None


def start_chroma(command: Path, folder: Path) -> ChromaServer:
    port = free_port()
    log = folder / "chroma.log"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with open(log, "wb") as out:
        process = subprocess.Popen([str(command), "run", "--path", str(folder / "chroma"),
                                    "--host", "127.0.0.1", "--port", str(port)],
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    server = ChromaServer(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not http_ok(f"{server.url}/api/v2/heartbeat"):
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError("chroma run did not start:\n"
                               + log.read_text(errors="replace")[-2000:])
        time.sleep(0.3)
    return server
