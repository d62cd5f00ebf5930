"""Retrieval scoring without Chroma: chunk max, fusion, topic boost, confidence; text helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.embeddings import HashingEmbedder, cosine, make_embedder
from advisor.knowledge import card_chunks, load_cards
from advisor.models import GuidanceCard
from advisor.retrieval import (
    BM25_FLOOR,
    KEYWORD_WEIGHT,
    MAIN_TOPIC_BOOST,
    SIDE_TOPIC_BOOST,
    VECTOR_WEIGHT,
    HybridRetriever,
    best_chunk_scores,
    boost_by_topic,
    fuse,
    rank,
)
from advisor.text import STOPWORDS, normalize_sentence, tokenize
from tests.unit.unit_fakes import make_card, scored

REAL_CARDS = load_cards(Path(__file__).resolve().parents[2] / "knowledge" / "guidance")

# --- best_chunk_scores / fuse ----------------------------------------------------------------


def test_best_chunk_scores_keeps_the_max_per_card() -> None:
    hits = [("a", 0.2), ("b", 0.5), ("a", 0.7), ("a", 0.1), ("b", 0.3), ("c", -0.2)]
    assert best_chunk_scores(hits) == {"a": 0.7, "b": 0.5, "c": -0.2}
    assert best_chunk_scores([]) == {}


@given(st.lists(st.tuples(st.sampled_from("abcde"),
                          st.floats(min_value=-1.0, max_value=1.0, exclude_min=True))))
def test_best_chunk_scores_property(hits: list[tuple[str, float]]) -> None:
    best = best_chunk_scores(hits)
    assert set(best) == {cid for cid, _ in hits}
    for cid, score in best.items():
        assert score == max(s for c, s in hits if c == cid)


@pytest.mark.parametrize("sim", [-1.0, -1.0000001])
def test_best_chunk_scores_keeps_a_card_at_the_bottom_of_the_cosine_range(sim: float) -> None:
    assert best_chunk_scores([("a", sim), ("b", 0.3)]) == {"a": sim, "b": 0.3}


def test_fuse_weights_vector_and_keyword() -> None:
    assert abs(VECTOR_WEIGHT + KEYWORD_WEIGHT - 1.0) < 1e-9
    assert fuse(1.0, 0.0) == pytest.approx(VECTOR_WEIGHT)
    assert fuse(0.0, 1.0) == pytest.approx(KEYWORD_WEIGHT)
    assert fuse(0.5, 0.5) == pytest.approx(0.5)


# --- boost_by_topic / rank -----------------------------------------------------------------

ANCHOR = make_card("anchor-card", topics=("anchor",))
SIDE = make_card("side-card", topics=("product_fit", "anchor"))
FIT = make_card("fit-card", topics=("product_fit",))
CELEB = make_card("celeb-card", topics=("celebrity",))


def _ids(ranked: object) -> list[str]:
    return [s.card.id for s in ranked]  # type: ignore[attr-defined]


def test_boost_by_topic_turns_a_near_tie_toward_the_topic() -> None:
    candidates = [scored(FIT, 0.60), scored(ANCHOR, 0.57)]
    assert _ids(boost_by_topic(candidates, "product_fit")) == ["fit-card", "anchor-card"]
    boosted = boost_by_topic(candidates, "anchor")
    assert _ids(boosted) == ["anchor-card", "fit-card"]
    assert boosted[0].score == pytest.approx(0.57 + MAIN_TOPIC_BOOST)
    assert boosted[1].score == pytest.approx(0.60)
    # The input is left alone.
    assert candidates[1].score == 0.57


def test_boost_by_topic_gives_side_topics_a_smaller_boost() -> None:
    candidates = [scored(FIT, 0.60), scored(SIDE, 0.58), scored(ANCHOR, 0.55)]
    boosted = boost_by_topic(candidates, "anchor")
    assert _ids(boosted) == ["anchor-card", "side-card", "fit-card"]
    assert boosted[1].score == pytest.approx(0.58 + SIDE_TOPIC_BOOST)
    assert SIDE_TOPIC_BOOST < MAIN_TOPIC_BOOST


def test_boost_by_topic_does_not_overturn_a_clear_lead() -> None:
    candidates = [scored(CELEB, 0.80), scored(ANCHOR, 0.50)]
    assert _ids(boost_by_topic(candidates, "anchor")) == ["celeb-card", "anchor-card"]


def test_rank_flags_low_confidence_on_the_raw_best_score() -> None:
    threshold = 0.42
    weak = rank([scored(ANCHOR, 0.40), scored(FIT, 0.30)], "anchor", threshold)
    # The topic boost lifts the card above the threshold, but confidence uses the raw score.
    assert weak.ranked[0].score > threshold
    assert weak.low_confidence
    strong = rank([scored(FIT, threshold), scored(ANCHOR, 0.30)], "anchor", threshold)
    assert not strong.low_confidence
    assert _ids(strong.ranked) == ["fit-card", "anchor-card"]


def test_rank_of_nothing_is_low_confidence() -> None:
    result = rank([], "anchor", 0.42)
    assert result.ranked == ()
    assert result.low_confidence


# --- HybridRetriever over a fake in-memory index (no Chroma) ---------------------------------

class MemoryIndex:
    """The two things HybridRetriever needs from KnowledgeIndex, held in a list."""

    def __init__(self, cards: list[GuidanceCard]) -> None:
        self.embedder = HashingEmbedder()
        self._chunks = [ch for card in cards for ch in card_chunks(card)]
        self._vectors = self.embedder.embed_documents([ch.text for ch in self._chunks])
        self.queries: list[int] = []

    def query(self, vector: list[float], n: int) -> list[tuple[str, float]]:
        self.queries.append(n)
        hits = [(ch.card_id, cosine(vector, v)) for ch, v in zip(self._chunks, self._vectors,
                                                                  strict=True)]
        return sorted(hits, key=lambda h: h[1], reverse=True)[:n]


@pytest.fixture(scope="module")
def retriever() -> HybridRetriever:
    return HybridRetriever(REAL_CARDS, MemoryIndex(REAL_CARDS))  # type: ignore[arg-type]


def test_candidates_score_every_card_with_fused_scores(retriever: HybridRetriever) -> None:
    query = "Should I pay a celebrity to host my live stream?"
    found = retriever.candidates(query, retriever.embed(query))
    assert sorted(s.card.id for s in found) == sorted(c.id for c in REAL_CARDS)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    for s in found:
        assert s.score == pytest.approx(fuse(s.vector, s.keyword))
        assert 0.0 <= s.keyword <= 1.0


@pytest.mark.parametrize(
    ("card", "question"),
    [(c, q) for c in REAL_CARDS for q in c.questions[:2]],
    ids=[f"{c.id}-q{i}" for c in REAL_CARDS for i in range(len(c.questions[:2]))],
)
def test_a_cards_own_question_retrieves_it_first(retriever: HybridRetriever, card: GuidanceCard,
                                                 question: str) -> None:
    top = retriever.candidates(question, retriever.embed(question))[0]
    assert top.card.id == card.id
    assert top.vector == pytest.approx(1.0)


def test_keyword_scores_are_floored_and_normalised(retriever: HybridRetriever) -> None:
    assert retriever._keyword_scores("the of and what is") == {}
    single = retriever._keyword_scores("celebrity")
    # One weak keyword hit cannot look like a perfect match: BM25 is divided by >= BM25_FLOOR.
    assert 0.0 < max(single.values()) < 1.0
    rich = retriever._keyword_scores(" ".join(["celebrity star famous guest fans follow"] * 3))
    assert max(rich.values()) == pytest.approx(1.0)
    assert BM25_FLOOR > 0


def test_embedders() -> None:
    emb = HashingEmbedder()
    a, b = emb.embed_documents(["live stream host", "host live stream"])
    assert cosine(a, b) == pytest.approx(1.0)
    assert sum(x * x for x in a) == pytest.approx(1.0)
    assert cosine(a, emb.embed_query("celebrity guest fee")) < 0.5
    assert len(a) == HashingEmbedder.dim
    assert isinstance(make_embedder("hashing"), HashingEmbedder)
    with pytest.raises(ValueError, match="unknown embedding backend 'bert'"):
        make_embedder("bert")


# --- text helpers ------------------------------------------------------------------------

def test_tokenize_drops_stopwords_and_lowercases() -> None:
    assert tokenize("What is THE best way to sell?") == ["best", "way", "sell"]
    assert tokenize("the of and you your") == []


def test_tokenize_stems_streams_and_streaming_to_stream() -> None:
    assert tokenize("streams streaming stream streamed") == ["stream"] * 4
    assert tokenize("categories buyers") == ["category", "buyer"]
    # Short words are left alone.
    assert tokenize("fans ads") == ["fans", "ads"]


def test_tokenize_splits_chinese_into_characters() -> None:
    assert tokenize("直播带货") == ["直", "播", "带", "货"]
    assert tokenize("主播 host") == ["主", "播", "host"]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=60))
def test_tokenize_drops_every_stopword_and_returns_no_empty_token(text: str) -> None:
    words = text.split()
    tokens = tokenize(text)
    assert all(tokens)
    assert len(tokens) == sum(w not in STOPWORDS for w in words)
    assert tokens == [t for w in words for t in tokenize(w)]


def test_normalize_sentence_ignores_markers_case_and_punctuation() -> None:
    assert normalize_sentence("Keep the SHOW on-topic! [2]") == "keep the show on topic"
    assert normalize_sentence("keep the show on topic") == "keep the show on topic"
    assert normalize_sentence("[1] [12]") == ""
    assert normalize_sentence("直播，带货。") == "直播 带货"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,!?-'",
               max_size=80),
       st.integers(min_value=1, max_value=99))
def test_normalize_sentence_is_idempotent_and_marker_blind(text: str, n: int) -> None:
    key = normalize_sentence(text)
    assert normalize_sentence(key) == key
    assert normalize_sentence(f"{text} [{n}]") == key
    assert normalize_sentence(text.upper()) == key
