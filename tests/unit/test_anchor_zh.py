"""The host pick, its reasons, the comparison table and the ranking line in Chinese; the
English ones unchanged beside them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.anchor import (
    OPTIONS,
    TOO_FEW_REASON,
    Constraints,
    Reason,
    comparison_table,
    next_choice_reason,
    reason_text,
    recommend_host,
    recommendation_sentence,
)
from advisor.anchor import ranking_line as ranking
from tests.unit.test_anchor import _rows

ROWS = _rows(owner=(0.04, 0.6), staff=(0.015, 0.4), professional=(0.02, 0.35))


def test_pick_with_store_evidence_in_chinese_and_english() -> None:
    rec = recommend_host(Constraints(shy=True), ROWS)
    zh = recommendation_sentence(rec, "zh")
    assert zh.startswith("建议由**员工主播**来做你的直播，因为你说自己面对镜头不自在；")
    assert "你的员工主播场次转化率 1.5%，而专业主播场次是 2.0%" in zh  # the facts' displays
    assert "老客占比分别是 40.0% 和 35.0%" in zh
    assert "你的老板自播场次转化率最高（4.0%）" in zh and zh.endswith("。")
    en = recommendation_sentence(rec)
    assert en.startswith("**Staff you cultivate** should host your streams, because you said "
                         "you are not at ease on camera; your staff-hosted sessions convert 1.5% "
                         "against 2.0% for your professional-hosted sessions")
    assert rec.reasons[0] == "you said you are not at ease on camera"  # still plain English strs


def test_every_reason_of_the_rules_has_its_chinese() -> None:
    everything = Constraints(no_time=True, shy=True, tight_budget=True, big_budget=True,
                             no_staff=True, long_term=True, host_left=True)
    for constraints, rows in ((everything, None), (Constraints(), ROWS), (Constraints(), {}),
                              (Constraints(), _rows(staff=(0.05, 0.7), owner=(0.01, 0.2)))):
        rec = recommend_host(constraints, rows)
        assert rec.reasons and all(isinstance(r, Reason) and r.zh for r in rec.reasons)
        assert not any(c.isascii() and c.isalpha()
                       for c in recommendation_sentence(rec, "zh")), rec.reasons


def test_reasons_the_plan_adds_as_plain_english_are_rendered_in_chinese() -> None:
    rec = recommend_host(Constraints(), None)
    rec = replace(rec, reasons=(str(next_choice_reason("owner")), *rec.reasons,
                                str(TOO_FEW_REASON), "a reason nobody translated"))
    zh = recommendation_sentence(rec, "zh")
    assert "这是排在老板自播之后的下一个选择" in zh
    assert "你每种主播类型的场次都太少" in zh and "a reason nobody translated" in zh
    assert reason_text("it is the next choice after you, the owner", "zh") == (
        "这是排在老板自播之后的下一个选择")
    assert reason_text("a plain reason") == "a plain reason"


def test_comparison_table_in_chinese() -> None:
    plain = comparison_table(None, lang="zh").splitlines()
    assert plain[0] == "| 主播 | 你的时间 | 镜头表现力 | 成本 | 稳定性 | 品牌契合度 | 产品熟悉度 |"
    assert plain[2] == ("| 老板自播 | 高：占用你自己的时间 | 看你自己 | 低：不用付费 | 高 "
                        "| 高：你就是品牌 | 高 |")
    assert [line.split(" | ")[0] for line in plain[2:]] == [
        "| 老板自播", "| 员工主播", "| 专业主播", "| 达人主播", "| 明星"]
    store = comparison_table(_rows(owner=(0.031, 0.6)), lang="zh").splitlines()
    assert store[0] == ("| 主播 | 成本 | 稳定性 | 品牌契合度 | 直播场次 | 转化率 | 千次观看成交额 "
                        "| 老客占比 | 坑位费产出比 |")
    assert "| 3.1% | — | 60.0% | — |" in store[2] and store[3].endswith("| — | — | — | — | — |")
    assert len(store) == 2 + len(OPTIONS)
    assert all(option.cells[key].rating_zh for option in OPTIONS for key in option.cells)
    assert comparison_table(None).startswith("| Host | Your time |")  # English untouched


def test_ranking_line_in_chinese() -> None:
    line = ranking(_rows(staff=(0.015, 0.4), owner=(0.031, 0.6)), "zh")
    assert line == "按转化率排序，你的场次依次是：老板自播 3.1%、员工主播 1.5%。"
    assert ranking({}, "zh") == ""


def test_an_unknown_language_is_refused() -> None:
    rec = recommend_host(Constraints())
    with pytest.raises(ValueError, match="'fr'"):
        recommendation_sentence(rec, "fr")
    with pytest.raises(ValueError, match="'fr'"):
        comparison_table(None, lang="fr")
