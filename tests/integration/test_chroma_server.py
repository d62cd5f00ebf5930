"""Index and ask through ADVISOR_CHROMA_URL against a real `chroma run` server (DESIGN §9,
§14), with the store data on a real PostgreSQL server: the scale-out pair, in one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor import Settings, build_advisor
from advisor.advisor import open_index
from advisor.embeddings import CountingEmbedder, HashingEmbedder, MiniLMEmbedder
from advisor.knowledge import card_chunks, load_cards
from advisor.store.db import StoreDB
from advisor.store.demo import generate_demo_store
from tests.servers import ChromaServer

pytestmark = pytest.mark.integration
STORE = "demo-home-furnishing"


def _settings(data_dir: Path, chroma: ChromaServer, **more: object) -> Settings:
    return Settings.from_env(env={}, data_dir=data_dir, chroma_url=chroma.url, **more)


def test_index_lives_on_the_server_and_is_not_re_embedded(
        tmp_path: Path, chroma_server: ChromaServer) -> None:
    """The sync bookkeeping (content hashes in collection metadata) on the server; the fast
    hashing embedder keeps this one quick, the real model is in the next test."""
    def settings(folder: str) -> Settings:
        return _settings(tmp_path / folder, chroma_server, collection="server-sync-test",
                         embedding_backend="hashing")

    cards = load_cards(settings("a").knowledge_dir / "guidance")
    counter = CountingEmbedder(HashingEmbedder())
    first = open_index(settings("a"), lambda: counter).sync(cards)
    assert len(first.added) == len(cards)
    assert counter.documents_embedded == sum(len(card_chunks(c)) for c in cards)
    # Another process (its own client and data dir) finds the server's index up to date.
    again = open_index(settings("b"), lambda: counter).sync(cards)
    assert not again.changed and counter.documents_embedded == first.embedded
    hits = open_index(settings("c"), lambda: counter).query(
        HashingEmbedder().embed_query("should a celebrity host our live stream"), 3)
    assert len(hits) == 3 and all(-1 <= score <= 1 for _, score in hits)
    assert not any((tmp_path / folder).exists() for folder in "abc")  # nothing local


def test_ask_through_the_chroma_server_with_a_store_on_postgres(
        tmp_path: Path, served_index: str, real_embedder: MiniLMEmbedder, pg_url: str) -> None:
    StoreDB(pg_url).replace_store(STORE, generate_demo_store(STORE), "demo")
    settings = Settings.from_env(env={}, data_dir=tmp_path / "data", chroma_url=served_index,
                                 database_url=pg_url)
    counter = CountingEmbedder(real_embedder)
    advisor = build_advisor(settings, embedder_factory=lambda: counter)
    assert counter.documents_embedded == 0  # `advisor index` built it on the server
    plain = advisor.ask("Should I invite a celebrity to host my live stream?")
    assert plain.scope == "in" and any(c.section == "S5" for c in plain.citations)
    with_store = advisor.ask("Was our celebrity session worth it?", store=STORE)
    assert with_store.facts, "no store numbers in the answer"
    assert any(fact.display in with_store.text for fact in with_store.facts)
    assert not (tmp_path / "data").exists()  # neither Chroma nor SQLite wrote locally
