"""Throwaway servers for the storage tests: `chroma run` here, PostgreSQL from
advisor.storage.pgserver (the bench uses it too). Each starts on a free port in its own
temporary folder and is stopped by the fixture that started it (tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from advisor.storage.pgserver import PostgresServer, free_port, postgres_bindir, start_postgres

__all__ = ["ChromaServer", "PostgresServer", "chroma_command", "free_port", "http_ok",
           "postgres_bindir", "start_chroma", "start_postgres"]
STARTUP_TIMEOUT_S = 60


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return int(resp.status) == 200
    except (urllib.error.URLError, OSError):
        return False


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
