"""Chinese run-of-show items: read, not embedded; the article's rule on mixed items and draws."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from advisor.store.segments import SegmentDetector, Thresholds, catalogue, split_items
from advisor.store.segments_zh import ZhCatalogue, is_chinese, label_of
from tests.unit.test_segments import AxisEmbedder

TEA = pd.DataFrame({"sku": ["T1", "T2", "T3"],
                    "name": ["西湖龙井 明前特级 100g", "宜兴紫砂壶", "新春茶叶礼盒"],
                    "category": ["绿茶", "茶具", "礼盒"], "description": ["", "", ""]})
SCORE = re.compile(r"\d\.\d")


def _zh() -> ZhCatalogue:
    return ZhCatalogue([(p.name, p.category, p.text) for p in catalogue(TEA)])


def _label(item: str) -> str:
    return label_of(_zh().score(item).score)


@pytest.mark.parametrize(("text", "chinese"), [
    ("跳舞挑战", True), ("唱K", True), ("辣椒油试吃 chili oil tasting", True),
    ("dance challenge", False), ("Q&A on 龙井", False), ("", False)])
def test_is_chinese_counts_han_against_latin_words(text: str, chinese: bool) -> None:
    assert is_chinese(text) is chinese


@pytest.mark.parametrize(("item", "label"), [
    ("现场冲泡龙井，讲讲水温", "on_topic"),        # a selling word
    ("紫砂壶特写", "on_topic"),                    # the product itself
    ("跳舞挑战", "off_topic"),
    ("聊明星八卦", "off_topic"),
    ("主播边喝龙井边唱歌", "off_topic"),          # the product only in the background
    ("抽奖送龙井", "on_topic"),                    # a draw of the store's own goods
    ("粉丝福袋", "on_topic"),                      # a draw for the followers
    ("抽奖送苹果手机", "off_topic"),              # a prize the store does not sell
    ("边跳舞边讲解紫砂壶", "unclear"),            # half selling, half entertainment
    ("嗯嗯", "unclear"),                           # nothing to go on
])
def test_chinese_items_follow_play_what_you_sell(item: str, label: str) -> None:
    assert _label(item) == label


def test_closest_product_shares_the_most_words() -> None:
    read = _zh().score("龙井明前茶的采摘")
    assert read.closest == "西湖龙井 明前特级 100g" and read.kind == "selling"
    assert _zh().score("聊一位影星的绯闻").entertainment == "绯闻"


def _detector() -> tuple[SegmentDetector, AxisEmbedder]:
    emb = AxisEmbedder()  # thresholds shaped like the tuned MiniLM ones (on 0.12, off 0.0)
    return SegmentDetector(emb, catalogue(TEA), Thresholds(0.2, 0.0)), emb


def test_chinese_items_are_not_embedded_and_reasons_carry_no_scores() -> None:
    det, emb = _detector()
    marks = det.mark(["跳舞挑战", "抽奖送苹果手机", "主播拿着紫砂壶唱歌", "紫砂壶开箱", "嗯嗯"])
    assert not any(is_chinese(t) for t in emb.embedded)
    assert [m.label for m in marks] == ["off_topic", "off_topic", "off_topic", "on_topic",
                                        "unclear"]
    assert all(m.lang == "zh" and not SCORE.search(m.reason) for m in marks)
    assert "跳舞" in marks[0].reason and "手机" in marks[1].reason and "流量" in marks[1].reason
    assert "紫砂壶" in marks[3].reason and "请确认" in marks[4].reason


def test_reasons_follow_the_language_asked_for() -> None:
    det, _ = _detector()
    zh = det.mark(["sofa close-up", "dance challenge", "跳舞挑战"], lang="zh")
    en = det.mark(["sofa close-up", "dance challenge", "跳舞挑战"], lang="en")
    assert all(m.lang == "zh" and re.search(r"[\u4e00-\u9fff]", m.reason) for m in zh)
    assert all(m.lang == "en" for m in en) and en[0].reason.isascii()
    assert en[2].reason.startswith("entertainment (跳舞)")
    assert "entertainment" in en[1].reason and not SCORE.search(en[0].reason)
    assert [m.label for m in zh] == [m.label for m in en]


def test_english_draws_are_interaction_unless_the_prize_is_not_sold() -> None:
    det, _ = _detector()
    followers, phone, tickets = det.mark(["Lucky draw for followers", "lucky draw for an iPhone",
                                          "a raffle for concert tickets"])
    assert followers.label == "on_topic" and "followers" in followers.reason
    assert phone.label == tickets.label == "off_topic"
    assert "(iPhone)" in phone.reason and "not something you sell" in phone.reason


def test_split_items_takes_the_full_width_semicolon() -> None:
    assert split_items("开箱；跳舞;答疑") == ["开箱", "跳舞", "答疑"]


def test_labelled_sets_declare_language_and_split() -> None:
    from advisor.store.segments import load_labelled_set

    sets = [load_labelled_set(p) for p in
            sorted((Path(__file__).parents[1] / "data_segments").glob("*.yaml"))]
    zh = [s for s in sets if s.lang == "zh"]
    held = [s for s in zh if s.split == "held_out"]
    assert sum(len(s.items) for s in zh) >= 80 and held and len(held) < len(zh)
    assert all(s.split == "tuning" for s in sets if s.lang == "en")
    assert all(is_chinese(item) for s in zh for item, _ in s.items)
    tuned = {item for s in zh if s.split == "tuning" for item, _ in s.items}
    assert not tuned & {item for s in held for item, _ in s.items}   # held out means disjoint
