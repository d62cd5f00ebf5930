"""Hybrid retrieval: vector search over card chunks plus BM25 keywords, fused and topic-boosted."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rank_bm25 import BM25Okapi

from advisor.batching import QueryBatcher
from advisor.index import KnowledgeIndex
from advisor.knowledge import card_search_text
from advisor.models import GuidanceCard, ScoredCard
from advisor.text import tokenize
from advisor.understand.read import language_of
from advisor.weights import (
    BM25_FLOOR,
    KEYWORD_WEIGHT,
    MAIN_TOPIC_BOOST,
    SIDE_TOPIC_BOOST,
    UNNAMED_TOPIC_PENALTY,
    VECTOR_HITS,
    VECTOR_WEIGHT,
    ZH_BM25_FLOOR,
    ZH_KEYWORD_WEIGHT,
    ZH_VECTOR_WEIGHT,
)
from advisor.zh_search import ChineseKeywordIndex


@dataclass(frozen=True)
class Retrieval:
    """Ranked cards for one query, and whether the best of them is a weak match."""

    ranked: tuple[ScoredCard, ...]
    low_confidence: bool


class HybridRetriever:
    """Scores every card by its best chunk's cosine similarity and by BM25 over its text."""

    def __init__(self, cards: list[GuidanceCard], index: KnowledgeIndex) -> None:
        self.cards = {c.id: c for c in cards}
        self._order = [c.id for c in cards]
        self._bm25 = BM25Okapi([tokenize(card_search_text(c)) for c in cards])
        self._zh = ChineseKeywordIndex(cards)
        self._index = index
        self._queries = QueryBatcher(lambda: index.embedder)

    def embed(self, query: str) -> list[float]:
        """The query's vector; queries asked at the same moment share one model pass."""
        return self._queries.embed_query(query)

    def candidates(self, query: str, vector: list[float]) -> list[ScoredCard]:
        """Every card with raw vector and keyword scores (no topic boost), best first."""
        vec = best_chunk_scores(self._index.query(vector, n=VECTOR_HITS))
        zh = language_of(query) == "zh"
        kw = self._zh_keyword_scores(query) if zh else self._keyword_scores(query)
        mix = fuse_zh if zh else fuse
        scored = [
            ScoredCard(card, mix(vec.get(cid, 0.0), kw.get(cid, 0.0)),
                       vec.get(cid, 0.0), kw.get(cid, 0.0))
            for cid, card in self.cards.items()
        ]
        return sorted(scored, key=lambda s: s.score, reverse=True)

    def match_strength(self, query: str, candidates: list[ScoredCard]) -> float:
        """How well the best card matches, on the scale topics.decide_scope reads: the best
        vector similarity, or for a Chinese query the best keyword score (its vector is noise)."""
        if language_of(query) == "zh":
            return max((c.keyword for c in candidates), default=0.0)
        return max((c.vector for c in candidates), default=0.0)

    def warm_up(self) -> None:
        """Load the Chinese tokenizer now (about a second), not on the first Chinese question."""
        self._zh.warm_up()

    def _zh_keyword_scores(self, query: str) -> dict[str, float]:
        raw = self._zh.raw_scores(query)
        top = max(max(raw.values(), default=0.0), ZH_BM25_FLOOR)
        return {cid: s / top for cid, s in raw.items()}

    def _keyword_scores(self, query: str) -> dict[str, float]:
        tokens = tokenize(query)
        if not tokens:
            return {}
        raw = self._bm25.get_scores(tokens)
        top = max(float(max(raw)), BM25_FLOOR)
        return {cid: max(0.0, float(s)) / top for cid, s in zip(self._order, raw, strict=True)}


def best_chunk_scores(hits: list[tuple[str, float]]) -> dict[str, float]:
    """A card scores as its best-matching chunk."""
    best: dict[str, float] = {}
    for card_id, sim in hits:
        if card_id not in best or sim > best[card_id]:
            best[card_id] = sim
    return best


def fuse(vector: float, keyword: float) -> float:
    return VECTOR_WEIGHT * vector + KEYWORD_WEIGHT * keyword


def fuse_zh(vector: float, keyword: float) -> float:
    return ZH_VECTOR_WEIGHT * vector + ZH_KEYWORD_WEIGHT * keyword


def boost_by_topic(candidates: list[ScoredCard], topic: str,
                   demote: frozenset[str] = frozenset()) -> list[ScoredCard]:
    """Re-rank so cards on the routed topic win close calls and unnamed topics step back."""
    def boosted(s: ScoredCard) -> ScoredCard:
        if s.card.main_topic == topic:
            return replace(s, score=s.score + MAIN_TOPIC_BOOST)
        if s.card.main_topic in demote:
            return replace(s, score=s.score - UNNAMED_TOPIC_PENALTY)
        if topic in s.card.topics:
            return replace(s, score=s.score + SIDE_TOPIC_BOOST)
        return s
    return sorted((boosted(s) for s in candidates), key=lambda s: s.score, reverse=True)


def rank(candidates: list[ScoredCard], topic: str, low_threshold: float,
         demote: frozenset[str] = frozenset()) -> Retrieval:
    ranked = boost_by_topic(candidates, topic, demote)
    best_raw = max((s.score for s in candidates), default=0.0)
    return Retrieval(tuple(ranked), low_confidence=best_raw < low_threshold)
