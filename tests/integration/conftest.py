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


@pytest.fixture(scope="session")
def stores(real_advisor: Advisor, session_data_dir: Path) -> dict[str, object]:
    """The demo stores installed in the session's data dir; their metrics by name."""
    from advisor.store.db import StoreDB
    from advisor.store.demo import DEMO_STORES, generate_demo_store
    from advisor.store.metrics import compute_metrics

    db = StoreDB.from_settings(Settings.from_env(env={}, data_dir=session_data_dir))
    metrics: dict[str, object] = {}
    for name in DEMO_STORES:
        data = generate_demo_store(name)
        db.replace_store(name, data, source="test")
        metrics[name] = compute_metrics(data)
    return metrics
