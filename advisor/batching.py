"""Queries that arrive together are embedded together: one forward pass for a room.

Thirty workshop participants asking at once would otherwise run thirty single-sentence
passes of the model one after another; a batch of thirty costs little more than one. The
first caller runs a batch of whatever is waiting; whoever arrives meanwhile waits for the
next batch, run by the first of them (each thread runs at most one batch). A lone query is
embedded exactly as before (batch of one: the model's own query call).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.embeddings import Embedder

MAX_BATCH = 64


class _Request:
    __slots__ = ("done", "error", "ready", "text", "vector")

    def __init__(self, text: str) -> None:
        self.text = text
        self.vector: list[float] = []
        self.error: BaseException | None = None
        self.done = False
        self.ready = threading.Event()  # set when done, or when it is this thread's turn

    def result(self) -> list[float]:
        if self.error is not None:
            raise self.error
        return self.vector


class QueryBatcher:
    """embed_query through batches of the queries waiting at the same moment."""

    def __init__(self, embedder: Callable[[], Embedder]) -> None:
        self._embedder = embedder  # resolved on first use: the model loads lazily
        self._lock = threading.Lock()
        self._queue: list[_Request] = []
        self._running = False
        self.batch_sizes: list[int] = []  # for the bench and tests

    def embed_query(self, text: str) -> list[float]:
        request = _Request(text)
        with self._lock:
            self._queue.append(request)
            lead, self._running = not self._running, True
        if not lead:
            request.ready.wait()
            if request.done:
                return request.result()
        self._run_batch()  # this request is first in the queue now
        return request.result()

    def _run_batch(self) -> None:
        with self._lock:
            batch = self._queue[:MAX_BATCH]
            del self._queue[:MAX_BATCH]
        try:
            embedder = self._embedder()
            vectors = ([embedder.embed_query(batch[0].text)] if len(batch) == 1
                       else embedder.embed_documents([r.text for r in batch]))
            for request, vector in zip(batch, vectors, strict=True):
                request.vector = vector
        except BaseException as exc:  # every waiter gets the error, none hangs
            for request in batch:
                request.error = exc
        finally:
            self.batch_sizes.append(len(batch))
            for request in batch:
                request.done = True
                request.ready.set()
            with self._lock:  # hand the next batch to the first one waiting for it
                if self._queue:
                    self._queue[0].ready.set()
                else:
                    self._running = False
