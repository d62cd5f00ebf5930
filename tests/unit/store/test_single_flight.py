"""StoreService loads a store once per imported version, however many sessions ask at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from advisor.store.demo import generate_demo_store
from advisor.store.schema import StoreData
from advisor.store.service import StoreService


class SlowCountingDB:
    """A StoreDB stand-in whose load is slow and counted."""

    def __init__(self, data: StoreData) -> None:
        self.data, self.current = data, "v1"
        self.loads = 0
        self._lock = threading.Lock()

    def version(self, name: str) -> str:
        return self.current

    def load(self, name: str) -> StoreData:
        with self._lock:
            self.loads += 1
        time.sleep(0.2)  # long enough for every thread to arrive while the first loads
        return self.data


def test_thirty_simultaneous_first_questions_load_the_store_once() -> None:
    data = generate_demo_store("demo-home-furnishing")
    db = SlowCountingDB(data)
    service = StoreService(db)  # type: ignore[arg-type]
    with ThreadPoolExecutor(30) as pool:
        results = list(pool.map(lambda _: service.metrics("shop"), range(30)))
    assert db.loads == 1
    assert all(r is results[0] for r in results)
    db.current = "v2"  # a re-import: loaded once more, again however many ask
    with ThreadPoolExecutor(10) as pool:
        list(pool.map(lambda _: service.metrics("shop"), range(10)))
    assert db.loads == 2


def test_an_app_computes_every_topic_with_the_load_and_then_only_reads(
        monkeypatch) -> None:
    from advisor.models import TOPICS
    from advisor.store import facts

    db = SlowCountingDB(generate_demo_store("demo-cosmetics"))
    calls: list[tuple[str, str]] = []
    real = facts.select_findings

    def counted(metrics, topic, lang="en"):  # type: ignore[no-untyped-def]
        calls.append((topic, lang))
        return real(metrics, topic, lang)

    monkeypatch.setattr(facts, "select_findings", counted)
    lazy = StoreService(db)  # type: ignore[arg-type]
    lazy.findings("shop", "anchor", "who should host?")
    assert calls == [("anchor", "en")]  # a one-off command computes what it needs
    calls.clear()
    app = StoreService(db, embedder=None)  # type: ignore[arg-type]
    app.precompute = True
    app.metrics("shop")
    assert sorted(calls) == sorted((t, lang) for t in TOPICS for lang in ("en", "zh"))
    calls.clear()
    first = app.findings("shop", "celebrity", "was she worth it?", "zh")
    assert calls == [] and first == app.findings("shop", "celebrity", "值得吗", "zh")
