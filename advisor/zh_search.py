"""Chinese keyword search: jieba words, BM25 over each card's Chinese fields (DESIGN §12).

all-MiniLM-L6-v2 is an English model, so a Chinese question is matched mainly on words. jieba
ships its dictionary in the wheel (no download); it is loaded on the first Chinese query, never
at import, into a tokenizer owned by this index (the cards' keywords are added to it, not to
jieba's global one).
"""

from __future__ import annotations

import logging
import re
import threading
from typing import TYPE_CHECKING

from rank_bm25 import BM25Okapi

from advisor.models import GuidanceCard

if TYPE_CHECKING:
    import jieba

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[a-z0-9]+")
# Function words and question frames that every question shares; they only add noise.
_STOPWORDS_TEXT = """的 了 是 我 我们 你 你们 他 她 它 他们 吗 呢 吧
啊 呀 嘛 和 跟 与 及 也 都 就 还 在 有 要 会
能 这 那 这个 那个 这样 那样 这种 一个 什么 怎么
怎么办 怎样 如何 为什么 为啥 是不是 可以 可不可以 不
没 没有 很 太 更 又 把 被 让 给 对 来 去 到 说
上 下 个 些 么 得 着 过 自己 一下 一点 有点 比较
还是 或者 如果 但是 可是 所以 因为 而且 然后 到底
应该 需要 觉得 现在 这么 那么 人 原因 怎么样
整体 来看 特别 最近 网上 一下 不要 要不要"""
STOPWORDS_ZH = frozenset(_STOPWORDS_TEXT.split())  # noqa: SIM905 - readable as prose
# Keywords count double, as in the English search text: they are chosen terms.
KEYWORD_REPEAT = 2
# Longer keywords are phrases, left to jieba to split.
MAX_TERM_CHARS = 6


def chinese_search_text(card: GuidanceCard) -> str:
    """A card's Chinese words for BM25: its Chinese fields (if any) and the Chinese entries
    among its English questions and keywords."""
    parts = [t for t in (*card.questions, *card.keywords) if _CJK.search(t)]
    if card.zh is not None:
        zh = card.zh
        parts += [zh.title, zh.advice, zh.why, *zh.do, *zh.questions]
        parts += list(zh.keywords) * KEYWORD_REPEAT
    return " ".join(parts)


class ChineseKeywordIndex:
    """BM25 over the cards' Chinese text; built on the first query (jieba loads ~1 s)."""

    def __init__(self, cards: list[GuidanceCard]) -> None:
        self._cards = list(cards)
        self._lock = threading.Lock()
        self._tokenizer: jieba.Tokenizer | None = None
        self._bm25: BM25Okapi | None = None

    def tokens(self, text: str) -> list[str]:
        """A query's content words: jieba words with a CJK character, plus Latin words. Search
        mode also yields the known words inside a long one (当主播 -> 主播, 小圈子 -> 圈子)."""
        return _content_words(self._ready()[0], text, search=True)

    def raw_scores(self, query: str) -> dict[str, float]:
        """BM25 per card id (unnormalised); empty when the query has no content word."""
        tokens = self.tokens(query)
        if not tokens:
            return {}
        bm25 = self._ready()[1]
        raw = bm25.get_scores(tokens)
        return {c.id: max(0.0, float(s)) for c, s in zip(self._cards, raw, strict=True)}

    def warm_up(self) -> None:
        self._ready()

    def _ready(self) -> tuple[jieba.Tokenizer, BM25Okapi]:
        with self._lock:  # Streamlit sessions share one advisor: build once
            if self._tokenizer is None or self._bm25 is None:
                self._tokenizer = _new_tokenizer(self._cards)
                docs = [_content_words(self._tokenizer, chinese_search_text(c))
                        for c in self._cards]
                # BM25Okapi cannot take an empty document: a card without Chinese gets a
                # placeholder no query contains.
                self._bm25 = BM25Okapi([d or ["\u2205"] for d in docs])
            return self._tokenizer, self._bm25

def _content_words(tokenizer: jieba.Tokenizer, text: str, search: bool = False) -> list[str]:
    cut = tokenizer.lcut_for_search if search else tokenizer.lcut
    words = (w.strip() for w in cut(text.lower()))
    return [w for w in words
            if w not in STOPWORDS_ZH and (_CJK.search(w) or _LATIN.fullmatch(w))]


def _new_tokenizer(cards: list[GuidanceCard]) -> jieba.Tokenizer:
    """A private jieba tokenizer that keeps the cards' Chinese keywords whole (坑位费, 老板自播)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it logs its dictionary loading at INFO
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for card in cards:
        for term in (*card.keywords, *(card.zh.keywords if card.zh else ())):
            if _CJK.search(term) and len(term) <= MAX_TERM_CHARS:
                tokenizer.add_word(term)
    return tokenizer
