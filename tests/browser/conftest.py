"""Start the real app with `streamlit run` on a free port for the browser tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 90
# Chromium flags of every browser test: no sandbox (root), no GPU, no traffic of its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium); "
                    "the browser tests drive the system Chromium, never `playwright install`")
    return path


@pytest.fixture(scope="session")
def app_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ADVISOR_DATA_DIR of the running app (e.g. for an eval report it should show)."""
    return tmp_path_factory.mktemp("browser-app") / "data"


@pytest.fixture(scope="session")
def app_url(app_data_dir: Path) -> Iterator[str]:
    """URL of a running `streamlit run streamlit_app.py`, stopped after the session."""
    with running_app({"ADVISOR_DATA_DIR": str(app_data_dir)}, app_data_dir.parent) as base:
        yield base


@contextmanager
def running_app(env: dict[str, str], log_dir: Path) -> Iterator[str]:
    """Start the app with these ADVISOR_* settings on a free port; its URL until exit."""
    port = _free_port()
    env = {**os.environ, **env, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    log_path = log_dir / f"streamlit-{port}.log"
    cmd = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
           "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(f"{base}/_stcore/health"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not become healthy (exit code {proc.poll()}):\n"
                            + log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
