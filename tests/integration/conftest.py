"""Real parts: the bundled MiniLM model (loaded once per session) and real Chroma."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor import Advisor, Settings, build_advisor
from advisor.embeddings import MiniLMEmbedder


@pytest.fixture(scope="session")
def real_embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


@pytest.fixture(scope="session")
def session_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("integration-data")


@pytest.fixture(scope="session")
def real_advisor(real_embedder: MiniLMEmbedder, session_data_dir: Path) -> Advisor:
    settings = Settings.from_env(env={}, data_dir=session_data_dir)
    return build_advisor(settings, embedder_factory=lambda: real_embedder)
