"""Chinese retrieval: jieba BM25 over the cards' Chinese fields, fused on the English scale."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.models import CardText, GuidanceCard
from advisor.retrieval import ZH_BM25_FLOOR, HybridRetriever, fuse, fuse_zh
from advisor.understand.read import keyword_topics
from advisor.zh_search import ChineseKeywordIndex, chinese_search_text
from tests.unit.test_retrieval_units import REAL_CARDS, MemoryIndex
from tests.unit.unit_fakes import make_card

ISSUE_QUESTION = "我的直播观看人数很多但是订单很少，为什么？"


def zh_card(card_id: str, advice: str, keywords: tuple[str, ...] = ()) -> GuidanceCard:
    text = CardText(title=f"{card_id}标题", advice=advice, why="原因。", do=("去做。",),
                    dont=("别做。",), questions=("请明星值不值？",), keywords=keywords)
    return replace(make_card(card_id), keywords=("celebrity", "明星"), zh=text)


@pytest.fixture(scope="module")
def retriever() -> HybridRetriever:
    return HybridRetriever(REAL_CARDS, MemoryIndex(REAL_CARDS))  # type: ignore[arg-type]


def test_search_text_holds_the_chinese_fields_and_the_chinese_english_entries() -> None:
    text = chinese_search_text(zh_card("star", "明星场只做宣传。", keywords=("坑位费",)))
    assert "明星场只做宣传。" in text and "请明星值不值？" in text and "star标题" in text
    assert text.count("坑位费") == 2  # keywords count double
    assert "明星" in text.split() and "celebrity" not in text
    assert chinese_search_text(make_card("plain")) == ""


def test_the_index_loads_jieba_lazily_and_keeps_card_keywords_whole() -> None:
    index = ChineseKeywordIndex([zh_card("star", "明星场只做宣传。", keywords=("坑位费",)),
                                 zh_card("host", "老板自己来播。", keywords=("老板自播",)),
                                 zh_card("chat", "多和观众聊天。", keywords=("陪伴",))])
    assert index._tokenizer is None  # nothing loaded until the first Chinese query
    assert "坑位费" in index.tokens("这个坑位费花得值吗")
    assert index.tokens("我们的吗？") == []  # only function words
    assert index.raw_scores("的了吗") == {}
    scores = index.raw_scores("坑位费太贵了")
    assert scores["star"] > 0 and scores["host"] == scores["chat"] == 0


def test_a_chinese_query_is_fused_with_the_chinese_weights(retriever: HybridRetriever) -> None:
    found = retriever.candidates(ISSUE_QUESTION, retriever.embed(ISSUE_QUESTION))
    for s in found:
        assert s.score == pytest.approx(fuse_zh(s.vector, s.keyword))
        assert 0.0 <= s.keyword <= 1.0
    assert found[0].card.id == "traffic-is-not-transactions"
    english = retriever.candidates("celebrity fee", retriever.embed("celebrity fee"))
    assert all(s.score == pytest.approx(fuse(s.vector, s.keyword)) for s in english)


def test_match_strength_reads_keywords_for_chinese_and_vectors_for_english(
        retriever: HybridRetriever) -> None:
    zh = retriever.candidates(ISSUE_QUESTION, retriever.embed(ISSUE_QUESTION))
    assert retriever.match_strength(ISSUE_QUESTION, zh) == max(s.keyword for s in zh)
    en = retriever.candidates("celebrity fee", retriever.embed("celebrity fee"))
    assert retriever.match_strength("celebrity fee", en) == max(s.vector for s in en)


def test_an_unrelated_chinese_question_is_a_weak_keyword_match(
        retriever: HybridRetriever) -> None:
    # A stray shared word cannot look like a perfect match: BM25 is divided by >= the floor.
    for question in ("红烧肉怎么做才好吃？", "明天北京天气怎么样？"):
        found = retriever.candidates(question, retriever.embed(question))
        assert retriever.match_strength(question, found) < 0.5, question
    assert ZH_BM25_FLOOR > 0


WITH_ZH = [c for c in REAL_CARDS if c.zh is not None]


@pytest.mark.parametrize(("card", "question"),
                         [(c, q) for c in WITH_ZH for q in c.zh.questions[:2]] if WITH_ZH else [],
                         ids=[f"{c.id}-zh{i}" for c in WITH_ZH for i in range(2)])
def test_a_cards_own_chinese_question_ranks_it_in_the_top_three(
        retriever: HybridRetriever, card: GuidanceCard, question: str) -> None:
    top = retriever.candidates(question, retriever.embed(question))[:3]
    assert card.id in [s.card.id for s in top], [s.card.id for s in top]


@pytest.mark.parametrize(("question", "topic"), [
    (ISSUE_QUESTION, "off_topic"),
    ("直播间人气很旺，可就是没人买", "off_topic"),
    ("我们就一部手机，场地也挺简陋，能开播吗", "realness"),
    ("卖汉服的，做小圈子还是往大众口味靠", "niche"),
    ("客单价上万的家具适合上直播吗", "product_fit"),
])
def test_chinese_questions_name_their_topic(question: str, topic: str) -> None:
    assert topic in keyword_topics(question)


def test_a_chinese_overview_question_is_general_unless_it_names_a_topic() -> None:
    from advisor.understand.read import subject_of

    assert subject_of("整体来看，我们茶叶店的直播做得怎么样？") == "general"
    assert subject_of("总体来说，我们的主播表现如何？") == ""  # names the host: cards decide


@pytest.mark.parametrize("question", [ISSUE_QUESTION, "直播间人很多，但是下单的人很少，为啥？",
                                      "在线人数挺多，可就是没人买"])
def test_many_viewers_few_orders_names_the_off_topic_subject(question: str) -> None:
    from advisor.understand.read import subject_of

    assert subject_of(question) == "off_topic"
    assert subject_of("直播间人很多，大家都很开心") == ""
