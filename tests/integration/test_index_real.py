"""The real model and real Chroma: indexing is idempotent and re-embeds only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor import Settings
from advisor.advisor import open_index
from advisor.embeddings import CountingEmbedder, MiniLMEmbedder
from advisor.knowledge import card_chunks, load_cards
from tests.conftest import REPO

pytestmark = pytest.mark.integration


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", target)
    return target


@pytest.fixture(scope="module")
def built_data(tmp_path_factory: pytest.TempPathFactory, real_embedder: MiniLMEmbedder) -> Path:
    """One full build with the real model; tests start from copies of it."""
    root = tmp_path_factory.mktemp("built")
    index, cards = _index(root, REPO / "knowledge", CountingEmbedder(real_embedder))
    index.sync(cards)
    return root / "data"


def _start_from(built: Path, tmp_path: Path) -> None:
    shutil.copytree(built, tmp_path / "data")


def _index(tmp_path: Path, knowledge: Path, embedder: CountingEmbedder):
    settings = Settings.from_env(env={}, data_dir=tmp_path / "data", knowledge_dir=knowledge)
    return open_index(settings, lambda: embedder), load_cards(knowledge / "guidance")


def test_second_index_embeds_nothing_and_edit_reembeds_only_that_card(
        tmp_path: Path, knowledge_copy: Path, real_embedder: MiniLMEmbedder) -> None:
    counter = CountingEmbedder(real_embedder)
    index, cards = _index(tmp_path, knowledge_copy, counter)
    first = index.sync(cards)
    assert first.added and len(first.added) == len(cards)
    assert counter.documents_embedded == sum(len(card_chunks(c)) for c in cards)

    before = counter.documents_embedded
    index2, cards2 = _index(tmp_path, knowledge_copy, counter)
    second = index2.sync(cards2)
    assert not second.changed and second.embedded == 0
    assert counter.documents_embedded == before

    card_file = knowledge_copy / "guidance" / "celebrity-not-the-norm.md"
    card_file.write_text(card_file.read_text().replace(
        "## Why\n", "## Why\nTrainers asked us to stress this point once more.\n"))
    index3, cards3 = _index(tmp_path, knowledge_copy, counter)
    third = index3.sync(cards3)
    edited = next(c for c in cards3 if c.id == "celebrity-not-the-norm")
    assert third.updated == ("celebrity-not-the-norm",) and not third.added
    assert third.embedded == len(card_chunks(edited))
    assert counter.documents_embedded == before + len(card_chunks(edited))


def test_removed_card_leaves_the_index(tmp_path: Path, knowledge_copy: Path, built_data: Path,
                                      real_embedder: MiniLMEmbedder) -> None:
    _start_from(built_data, tmp_path)
    counter = CountingEmbedder(real_embedder)
    (knowledge_copy / "guidance" / "celebrity-as-publicity-gimmick.md").unlink()
    index2, cards2 = _index(tmp_path, knowledge_copy, counter)
    report = index2.sync(cards2)
    assert report.removed == ("celebrity-as-publicity-gimmick",)
    assert report.embedded == 0
    vector = real_embedder.embed_query("celebrity as a publicity stunt")
    assert "celebrity-as-publicity-gimmick" not in {cid for cid, _ in index2.query(vector, 500)}


def test_query_finds_the_card_a_question_is_about(tmp_path: Path, knowledge_copy: Path,
                                                  built_data: Path,
                                                  real_embedder: MiniLMEmbedder) -> None:
    _start_from(built_data, tmp_path)
    counter = CountingEmbedder(real_embedder)
    index, cards = _index(tmp_path, knowledge_copy, counter)
    assert index.sync(cards).embedded == 0 and counter.documents_embedded == 0
    hits = index.query(real_embedder.embed_query("do dance segments hurt my chili sauce sales"), 5)
    assert hits[0][0] in {"play-what-you-sell", "traffic-is-not-transactions"}
    assert all(-1.0 <= score <= 1.0 for _, score in hits)


def test_model_change_rebuilds_the_collection(tmp_path: Path, knowledge_copy: Path,
                                              built_data: Path,
                                              real_embedder: MiniLMEmbedder) -> None:
    _start_from(built_data, tmp_path)
    index, cards = _index(tmp_path, knowledge_copy, CountingEmbedder(real_embedder))
    index.model_id = "another-model"
    report = index.sync(cards)
    assert report.rebuilt and len(report.added) == len(cards)
