"""Store access for the advisor: metrics per store, cached until the store is re-imported."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from advisor.models import Finding

if TYPE_CHECKING:
    from advisor.store.db import StoreDB
    from advisor.store.metrics import StoreMetrics

MAX_CACHED_STORES = 8


class StoreService:
    """Loads a store from the database and computes its metrics once per imported version."""

    def __init__(self, db: StoreDB) -> None:
        self.db = db
        self._cache: dict[str, tuple[str, StoreMetrics]] = {}
        self._lock = threading.Lock()  # the UI serves many sessions from one process

    def metrics(self, name: str) -> StoreMetrics:
        from advisor.store.db import UnknownStore
        from advisor.store.metrics import compute_metrics

        try:
            version = self.db.version(name)
        except UnknownStore as exc:  # callers treat a bad store name as bad input
            raise ValueError(str(exc).strip("\"'")) from exc
        cached = self._cache.get(name)
        if cached and cached[0] == version:
            return cached[1]
        metrics = compute_metrics(self.db.load(name))
        with self._lock:
            if len(self._cache) >= MAX_CACHED_STORES:
                self._cache.pop(next(iter(self._cache)))
            self._cache[name] = (version, metrics)
        return metrics

    def findings(self, name: str, topic: str) -> list[Finding]:
        from advisor.store.facts import select_findings

        return select_findings(self.metrics(name), topic)
