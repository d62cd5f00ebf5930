"""The Chroma index of card chunks: idempotent refresh by content hash, and vector query."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from advisor.embeddings import Embedder
from advisor.knowledge import card_chunks
from advisor.models import GuidanceCard
from advisor.settings import Settings


@dataclass(frozen=True)
class SyncReport:
    """What a refresh did; `embedded` counts chunks sent to the model."""

    cards: int
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    embedded: int = 0
    rebuilt: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)

    def summary(self) -> str:
        if not self.changed:
            return f"index up to date: {self.cards} cards, nothing embedded"
        return (f"index refreshed: {self.cards} cards; added {len(self.added)}, "
                f"updated {len(self.updated)}, removed {len(self.removed)}; "
                f"{self.embedded} chunks embedded" + (" (full rebuild)" if self.rebuilt else ""))


def make_chroma_client(settings: Settings) -> Any:
    """A Chroma client with telemetry off: server mode when ADVISOR_CHROMA_URL is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(host=url.hostname or "localhost", port=url.port or 8000,
                                   ssl=url.scheme == "https", settings=chroma_settings)
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def cards_fingerprint(cards: list[GuidanceCard], model_id: str) -> str:
    joined = "|".join(f"{c.id}:{c.content_hash}" for c in sorted(cards, key=lambda c: c.id))
    return hashlib.sha256(f"{model_id}|{joined}".encode()).hexdigest()[:24]


class KnowledgeIndex:
    """Card chunks in one Chroma collection; the embedder is created only when needed."""

    def __init__(self, client: Any, name: str, model_id: str,
                 embedder_factory: Callable[[], Embedder]) -> None:
        self._client = client
        self._name = name
        self.model_id = model_id
        self._factory = embedder_factory
        self._embedder: Embedder | None = None
        self._collection: Any = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = self._factory()
        return self._embedder

    def sync(self, cards: list[GuidanceCard], rebuild: bool = False) -> SyncReport:
        """Bring the collection in line with the cards, embedding only what changed."""
        fingerprint = cards_fingerprint(cards, self.model_id)
        collection = self._open(rebuild)
        rebuilt = rebuild
        if (collection.metadata or {}).get("model_id") != self.model_id:
            collection, rebuilt = self._open(True), True  # another model's vectors: start over
        if not rebuilt and (collection.metadata or {}).get("index_hash") == fingerprint:
            self._collection = collection
            return SyncReport(cards=len(cards))
        stored = self._stored_hashes(collection)
        wanted = {c.id: c for c in cards}
        added = tuple(sorted(i for i in wanted if i not in stored))
        updated = tuple(sorted(i for i in wanted if i in stored and
                               stored[i] != wanted[i].content_hash))
        removed = tuple(sorted(i for i in stored if i not in wanted))
        self._delete_cards(collection, removed + updated)
        embedded = self._add_cards(collection, [wanted[i] for i in added + updated])
        collection.modify(metadata={"model_id": self.model_id, "index_hash": fingerprint})
        self._collection = collection
        return SyncReport(len(cards), added, updated, removed, embedded, rebuilt)

    def query(self, vector: list[float], n: int) -> list[tuple[str, float]]:
        """Nearest chunks as (card_id, cosine similarity), best first."""
        collection = self._collection or self._open(False)
        self._collection = collection
        n = min(n, collection.count())
        if n <= 0:
            return []
        result = collection.query(query_embeddings=[vector], n_results=n,
                                  include=["distances", "metadatas"])
        metas, dists = result["metadatas"][0], result["distances"][0]
        return [(str(m["card_id"]), 1.0 - float(d)) for m, d in zip(metas, dists, strict=True)]

    def _open(self, rebuild: bool) -> Any:
        if rebuild:
            names = {getattr(c, "name", c) for c in self._client.list_collections()}
            if self._name in names:
                self._client.delete_collection(self._name)
        return self._client.get_or_create_collection(
            self._name, configuration={"hnsw": {"space": "cosine"}},
            metadata={"model_id": self.model_id}, embedding_function=None)

    @staticmethod
    def _stored_hashes(collection: Any) -> dict[str, str]:
        got = collection.get(include=["metadatas"])
        return {str(m["card_id"]): str(m["card_hash"]) for m in got["metadatas"]}

    @staticmethod
    def _delete_cards(collection: Any, card_ids: tuple[str, ...]) -> None:
        if card_ids:
            collection.delete(where={"card_id": {"$in": list(card_ids)}})

    def _add_cards(self, collection: Any, cards: list[GuidanceCard]) -> int:
        chunks = [(card, chunk) for card in cards for chunk in card_chunks(card)]
        if not chunks:
            return 0
        texts = [chunk.text for _, chunk in chunks]
        collection.upsert(
            ids=[chunk.id for _, chunk in chunks],
            embeddings=self.embedder.embed_documents(texts),
            documents=texts,
            metadatas=[{"card_id": card.id, "card_hash": card.content_hash,
                        "section": card.section} for card, _ in chunks],
        )
        return len(chunks)
