"""Eval unit fixtures: one small demo store's metrics (generated in memory, no database)."""

from __future__ import annotations

import pytest

from advisor.store.demo import generate_demo_store
from advisor.store.metrics import StoreMetrics, compute_metrics


@pytest.fixture(scope="session")
def home_metrics() -> StoreMetrics:
    return compute_metrics(generate_demo_store("demo-home-furnishing"))
