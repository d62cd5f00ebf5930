"""Store access for the advisor: metrics per store, cached until the store is re-imported."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from advisor.models import Finding

if TYPE_CHECKING:
    import pandas as pd

    from advisor.embeddings import Embedder
    from advisor.store.db import StoreDB
    from advisor.store.metrics import StoreMetrics
    from advisor.store.segments import Lang, SegmentDetector, SegmentMark

# Stores kept computed at once: a workshop of 30 participants each with a store of their own,
# plus the shared ones, must not evict each other on every question (least recently used
# goes first).
MAX_CACHED_STORES = 64
# Topics whose findings need each session's run-of-show items marked on/off-topic (this
# loads the embedding model on first use, so other topics skip it).
SEGMENT_TOPICS: frozenset[str] = frozenset({"off_topic", "traffic"})


@dataclass(frozen=True)
class _Loaded:
    version: str
    metrics: StoreMetrics
    has_costs: bool
    products: pd.DataFrame | None = None
    orders: pd.DataFrame | None = None
    # detector, marked metrics, host types, kept findings
    derived: dict[str, object] = field(default_factory=dict)
    # Derived data is computed once too, however many sessions need it at the same time.
    guard: threading.RLock = field(default_factory=threading.RLock, compare=False)


class StoreService:
    """Loads a store from the database and computes its metrics once per imported version."""

    def __init__(self, db: StoreDB | Callable[[], StoreDB],
                 embedder: Callable[[], Embedder] | None = None) -> None:
        # A factory opens the database on the first store question: a process that answers
        # general questions only (a cold `advisor ask`) never pays for engine and schema check.
        self._db: StoreDB | None = None if callable(db) else db
        self._open_db = db if callable(db) else None
        self._embedder = embedder  # called only when segments must be marked (lazy model)
        self._cache: dict[str, _Loaded] = {}
        self._lock = threading.Lock()  # the UI serves many sessions from one process
        self._loading: dict[str, threading.Lock] = {}  # one loader per store at a time
        # An app serving a room computes every topic's findings with each load (_warm);
        # a one-off command or an eval run computes only what its questions need.
        self.precompute = False

    @property
    def db(self) -> StoreDB:
        if self._db is None:
            with self._lock:
                if self._db is None and self._open_db is not None:
                    self._db = self._open_db()
        assert self._db is not None
        return self._db

    def metrics(self, name: str) -> StoreMetrics:
        return self._load(name).metrics

    def findings(self, name: str, topic: str, question: str = "", lang: str = "en",
                 ) -> list[Finding]:
        """What the question needs that the data lacks, then the store's numbers on the topic,
        written in `lang` ("en" or "zh")."""
        from advisor.store.gaps import data_gaps

        loaded = self._load(name)
        return (data_gaps(loaded.metrics, loaded.has_costs, question, lang)
                + self._topical(loaded, topic, lang))

    def _topical(self, loaded: _Loaded, topic: str, lang: str) -> list[Finding]:
        """The topic's findings: they depend on the store version, topic and language only."""
        from advisor.store.facts import select_findings

        return _kept(loaded, ("topic", topic, lang), lambda: select_findings(
            self._marked(loaded) if topic in SEGMENT_TOPICS else loaded.metrics, topic, lang))

    def _warm(self, loaded: _Loaded) -> None:
        """Every topic's findings and the plain lookups, computed with the load (once per
        store version): thirty sessions asking their first questions at once then only read.
        Each is tens of milliseconds of pandas holding the GIL, and marking the run-of-show
        items for the off-topic findings is a pass of the model."""
        from advisor.models import TOPICS

        for lang in ("en", "zh"):
            for topic in TOPICS:  # the off-topic ones mark run-of-show items with the model
                self._topical(loaded, topic, lang)
            self.period_totals_of(loaded, "last", lang)
            self.best_products_of(loaded, lang)

    def session_report(self, name: str, day: str, lang: str = "en") -> list[Finding]:
        """The sessions of one day against all the store's sessions, written in `lang`."""
        from advisor.store.lookups import session_report

        return session_report(self._load(name).metrics, day, lang)

    def host_types(self, name: str) -> dict[str, str]:
        """Each host of the store's sessions by name, with the host type it streamed as."""
        loaded = self._load(name)
        if "host_types" not in loaded.derived:
            sessions = loaded.metrics.sessions
            loaded.derived["host_types"] = dict(zip(
                sessions["anchor"].astype(str).str.strip(), sessions["anchor_type"].astype(str),
                strict=True))
        return loaded.derived["host_types"]  # type: ignore[return-value]

    def period_totals(self, name: str, month: str, lang: str = "en") -> list[Finding]:
        """Orders, buyers and GMV of one month ("last": the data's last full month)."""
        return self.period_totals_of(self._load(name), month, lang)

    @staticmethod
    def period_totals_of(loaded: _Loaded, month: str, lang: str) -> list[Finding]:
        from advisor.store.lookups import period_totals

        return _kept(loaded, ("period", month, lang), lambda: period_totals(
            loaded.metrics, _frame(loaded.orders), month, lang))

    def best_products(self, name: str, lang: str = "en") -> list[Finding]:
        """The best-selling products by GMV, with units sold."""
        return self.best_products_of(self._load(name), lang)

    @staticmethod
    def best_products_of(loaded: _Loaded, lang: str) -> list[Finding]:
        from advisor.store.lookups import best_products

        return _kept(loaded, ("best", lang), lambda: best_products(
            loaded.metrics, _frame(loaded.orders), _frame(loaded.products), lang))

    def mark_items(self, name: str, items: Sequence[str],
                   lang: Lang | None = None) -> list[SegmentMark]:
        """On-topic / off-topic / unclear marks for planned run-of-show items of a store;
        reasons in `lang` (a plan's language), or in each item's own language."""
        detector = self._detector(self._load(name))
        if detector is None:
            raise ValueError("segment checking needs the bundled MiniLM embedding model")
        return detector.mark(items, lang=lang)

    def _detector(self, loaded: _Loaded) -> SegmentDetector | None:
        from advisor.store.segments import detector_for

        with loaded.guard:
            if "detector" not in loaded.derived and loaded.products is not None:
                embedder = self._embedder() if self._embedder is not None else None
                loaded.derived["detector"] = detector_for(embedder, loaded.products)
        return loaded.derived.get("detector")  # type: ignore[return-value]

    def _marked(self, loaded: _Loaded) -> StoreMetrics:
        """The metrics with each session's off-topic items (once per store version)."""
        from advisor.store.segments import mark_sessions

        with loaded.guard:
            if "marked" not in loaded.derived:
                sessions = loaded.metrics.sessions
                detector = (self._detector(loaded) if sessions["segments"].str.strip().any()
                            else None)
                loaded.derived["marked"] = loaded.metrics if detector is None else replace(
                    loaded.metrics, sessions=mark_sessions(detector, sessions))
        return loaded.derived["marked"]  # type: ignore[return-value]

    def _load(self, name: str) -> _Loaded:
        version = self.db.version(name)  # UnknownStore (a ValueError too) when it is gone
        cached = self._cache.get(name)
        if cached and cached.version == version:
            self._touch(name)
            return cached
        # Single flight: thirty sessions asking about a just-imported store at once wait
        # for one load instead of loading it thirty times (time and memory).
        with self._lock:
            loading = self._loading.setdefault(name, threading.Lock())
        with loading:
            cached = self._cache.get(name)
            if cached and cached.version == version:
                return cached
            return self._compute(name)

    def _touch(self, name: str) -> None:
        with self._lock:  # most recently used last: eviction takes the first
            if name in self._cache:
                self._cache[name] = self._cache.pop(name)

    def _compute(self, name: str) -> _Loaded:
        from advisor.store.metrics import compute_metrics

        version = self.db.version(name)  # the version of what is loaded next
        data = self.db.load(name)
        has_costs = "cost" in data.products and bool(data.products["cost"].notna().any())
        loaded = _Loaded(version, compute_metrics(data), has_costs, data.products, data.orders)
        if self.precompute:
            self._warm(loaded)
        with self._lock:
            self._cache.pop(name, None)
            if len(self._cache) >= MAX_CACHED_STORES:
                self._cache.pop(next(iter(self._cache)))
            self._cache[name] = loaded
        return loaded


def _kept(loaded: _Loaded, key: tuple[str, ...],
          compute: Callable[[], list[Finding]]) -> list[Finding]:
    """Findings that depend on the store version and `key` only, computed once (a copy)."""
    kept: dict[tuple[str, ...], list[Finding]] = loaded.derived.setdefault(  # type: ignore[assignment]
        "kept", {})
    if key not in kept:
        kept[key] = compute()
    return list(kept[key])


def _frame(frame: pd.DataFrame | None) -> pd.DataFrame:
    import pandas as pd

    return frame if frame is not None else pd.DataFrame()
