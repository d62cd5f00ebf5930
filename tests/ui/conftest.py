"""Hermetic setup for the AppTest suite: a private data dir, offline model, fresh caches."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

ROOT = Path(__file__).resolve().parents[2]

# AppTest.from_function scripts run from a temp file; make `ui` and `advisor` importable.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def app_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """ADVISOR_DATA_DIR in a pytest tmp dir for the whole session; the advisor is built once."""
    data_dir = tmp_path_factory.mktemp("advisor-data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ADVISOR_DATA_DIR", str(data_dir))
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("ANONYMIZED_TELEMETRY", "False")
        st.cache_resource.clear()
        yield data_dir
        st.cache_resource.clear()
