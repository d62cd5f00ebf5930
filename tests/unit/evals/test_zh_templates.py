"""The eval suite's Chinese reference templates: every Chinese store finding fills the template
of the same name as its English twin, an invented sentence fills none, and the whole-answer
evaluators read Chinese answers (sentences, host picks, host labels, the Chinese host table)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from advisor import anchor
from advisor.evals import whole
from advisor.evals.templates import recommended_host, template_of
from advisor.models import Finding, StoreFact
from advisor.store.facts import select_findings
from advisor.store.gaps import data_gaps, no_store_note
from advisor.store.importer import load_store_files
from advisor.store.lookups import session_report
from advisor.store.metrics import StoreMetrics, compute_metrics
from advisor.understand.model import Constraints
from tests.unit.evals.helpers import make_answer, make_case
from tests.unit.evals.test_whole import CTX, GOOD

STORES = Path(__file__).resolve().parents[3] / "evals" / "cases" / "stores"
EVAL_STORES = ("eval-celeb-lost", "eval-celeb-paid-off", "eval-celeb-no-fee", "eval-no-costs",
               "eval-no-celeb")
TOPICS = ("celebrity", "anchor", "off_topic", "old_customers", "general")


def _metrics(name: str) -> StoreMetrics:
    folder = STORES / name
    metrics = compute_metrics(load_store_files(folder / "products.csv",
                                               folder / "live_sessions.csv",
                                               folder / "orders.csv"))
    sessions = metrics.sessions.copy()  # marks by hand: every other session off-topic
    sessions["off_topic_share"] = [float(i % 2) for i in range(len(sessions))]
    sessions["off_topic_items"] = sessions["segments"].astype(str)
    return replace(metrics, sessions=sessions)


def _both(metrics: StoreMetrics) -> list[tuple[list[Finding], list[Finding]]]:
    """(English findings, Chinese findings) for every path a store can take."""
    day = str(metrics.sessions["date"].astype(str).iloc[0])[:10]
    question = "我的利润和同行比怎么样？投流值不值？ my margin vs competitors, ads?"
    pairs = [(select_findings(metrics, t), select_findings(metrics, t, "zh")) for t in TOPICS]
    pairs += [(session_report(metrics, d), session_report(metrics, d, "zh"))
              for d in (day, "2030-01-01")]
    pairs.append((data_gaps(metrics, False, question), data_gaps(metrics, False, question, "zh")))
    return pairs


@pytest.mark.parametrize("store", EVAL_STORES)
def test_each_chinese_finding_fills_the_template_of_its_english_twin(store: str) -> None:
    for english, chinese in _both(_metrics(store)):
        assert len(english) == len(chinese)
        for en, zh in zip(english, chinese, strict=True):
            # English may say it in two sentences ("... lost money. That is the thin return");
            # the Chinese says it in one, filling the first one's template.
            names = [template_of(s, "en") for s in whole.sentences_of(en.sentence)]
            assert None not in names, en.sentence
            assert whole.sentences_of(zh.sentence) == [zh.sentence]
            assert template_of(zh.sentence, "zh") == names[0], zh.sentence
            assert zh.kind == en.kind and zh.group == en.group


def test_the_host_lines_and_the_no_store_note_fill_their_templates() -> None:
    rows = anchor.store_rows(select_findings(_metrics("eval-celeb-lost"), "anchor"))
    rec = anchor.recommend_host(Constraints(shy=True), rows)
    assert template_of(anchor.recommendation_sentence(rec, "zh"), "zh") == "host_pick"
    assert template_of(anchor.ranking_line(rows, "zh"), "zh") == "host_ranking"
    assert template_of(no_store_note("zh"), "zh") == "no_store_note"


@pytest.mark.parametrize("sentence", [
    # paid off, with a promise the template does not hold
    "在这一点上，你自己的数据和通用建议不一样：这场明星直播扣掉商品成本和坑位费后还赚了 ¥36,388"
    "（扣坑位费前毛利 ¥51,388），以后每场都请明星吧。",
    # a host group under a name no finding uses
    "你的主持人场次（7 场）转化率 3.1%，千次观看成交额 ¥5,052。",
    # a number that is words, not a display
    "你的 二十 场直播一共有 67,908 人观看，转化率 2.6%，带来 ¥321,998 的成交额（占全店成交额的 "
    "86.6%），客单价 ¥150.61。",
    "这场明星直播带来了大量新粉丝，非常成功。",
])
def test_an_invented_chinese_sentence_fills_no_template(sentence: str) -> None:
    assert template_of(sentence, "zh") is None
    assert template_of(sentence) is None


def test_languages_do_not_mix_and_an_unknown_one_is_refused() -> None:
    english = "Your store data has no live session on that day."
    assert template_of(english) == template_of(english, "en") == "no_session_that_day"
    assert template_of(english, "zh") is None
    assert template_of("你的店铺数据里，那天没有直播场次。", "en") is None
    with pytest.raises(ValueError, match="'fr'"):
        template_of(english, "fr")


def test_sentence_provenance_reads_a_chinese_store_block() -> None:
    findings = select_findings(_metrics("eval-celeb-lost"), "celebrity", "zh")
    block = "\n\n**在你的店里。** " + "".join(f.sentence for f in findings)  # no spaces
    case = make_case()
    assert whole.sentence_provenance(case, make_answer(GOOD + block), CTX).passed is True
    invented = make_answer(GOOD + block + "这场明星直播非常成功。")
    result = whole.sentence_provenance(case, invented, CTX)
    assert result.passed is False and "这场明星直播非常成功" in result.detail
    assert whole.sentences_of("第一句。第二句！Third one. Fourth.") == [
        "第一句。", "第二句！", "Third one.", "Fourth."]


def test_host_pick_and_labels_in_chinese() -> None:
    assert recommended_host("建议由员工主播来做你的直播，因为你说预算紧张。") == "staff"
    flip = make_answer("**我的建议：** 建议由**员工主播**来做你的直播。 Make the store owner your "
                       "first choice of host. [1]")
    result = whole.no_contradiction(make_case(), flip, CTX)
    assert result.passed is False and "recommends staff first, then owner" in result.detail
    owner = StoreFact("conversion", 0.031, "3.1%", "d", ("S1", "S2"))
    case = make_case(store="s")
    right = make_answer("你的老板自播场次（2 场）转化率 3.1%。", facts=[owner])
    assert whole.store_labels(case, right, CTX).passed is True
    wrong = make_answer("你的专业主播场次（2 场）转化率 3.1%。", facts=[owner])
    result = whole.store_labels(case, wrong, CTX)
    assert result.passed is False and "labelled professional" in result.detail


def test_the_chinese_host_table_ratings_are_pinned() -> None:
    rows = anchor.store_rows(select_findings(_metrics("eval-celeb-lost"), "anchor"))
    table = anchor.comparison_table(rows, lang="zh")
    case = make_case()
    result = whole.host_table(case, make_answer(table), CTX)
    assert result.passed is True, result.detail
    assert whole.host_table(case, make_answer(anchor.comparison_table(None, lang="zh")),
                            CTX).passed is True
    swapped = table.replace("高：要长期付费 | 低：随时可能走人",
                            "低：随时可能走人 | 高：要长期付费")
    result = whole.host_table(case, make_answer(swapped), CTX)
    assert result.passed is False and "professional / 成本" in result.detail
