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
