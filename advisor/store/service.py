"""Store access for the advisor: metrics per store, cached until the store is re-imported."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.models import Finding

if TYPE_CHECKING:
    from advisor.store.db import StoreDB
    from advisor.store.metrics import StoreMetrics

MAX_CACHED_STORES = 8


@dataclass(frozen=True)
class _Loaded:
    version: str
    metrics: StoreMetrics
    has_costs: bool


class StoreService:
    """Loads a store from the database and computes its metrics once per imported version."""

    def __init__(self, db: StoreDB) -> None:
        self.db = db
        self._cache: dict[str, _Loaded] = {}
        self._lock = threading.Lock()  # the UI serves many sessions from one process

    def metrics(self, name: str) -> StoreMetrics:
        return self._load(name).metrics

    def findings(self, name: str, topic: str, question: str = "") -> list[Finding]:
        """What the question needs that the data lacks, then the store's numbers on the topic."""
        from advisor.store.facts import select_findings
        from advisor.store.gaps import data_gaps

        loaded = self._load(name)
        return (data_gaps(loaded.metrics, loaded.has_costs, question)
                + select_findings(loaded.metrics, topic))

    def _load(self, name: str) -> _Loaded:
        from advisor.store.db import UnknownStore
        from advisor.store.metrics import compute_metrics

        try:
            version = self.db.version(name)
        except UnknownStore as exc:  # callers treat a bad store name as bad input
            raise ValueError(str(exc).strip("\"'")) from exc
        cached = self._cache.get(name)
        if cached and cached.version == version:
            return cached
        data = self.db.load(name)
        has_costs = "cost" in data.products and bool(data.products["cost"].notna().any())
        loaded = _Loaded(version, compute_metrics(data), has_costs)
        with self._lock:
            if len(self._cache) >= MAX_CACHED_STORES:
                self._cache.pop(next(iter(self._cache)))
            self._cache[name] = loaded
        return loaded
