"""Plan check on Chinese plans: splitting, numbering, language, encodings, reasons, rendering."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from advisor.plan_check import (
    ADVICE_QUESTIONS,
    check_plan,
    decode_plan,
    plan_items,
    plan_lang,
    render_marks,
)
from advisor.store.segments import SegmentDetector, Thresholds, catalogue
from tests.unit.test_segments import AxisEmbedder

TEA = pd.DataFrame({"sku": ["T1", "T2"], "name": ["西湖龙井 100g", "宜兴紫砂壶"],
                    "category": ["绿茶", "茶具"], "description": ["", ""]})


@pytest.mark.parametrize(("text", "items"), [
    ("开箱\n跳舞挑战\n\n答疑", ["开箱", "跳舞挑战", "答疑"]),
    ("开箱、跳舞挑战、答疑", ["开箱", "跳舞挑战", "答疑"]),
    ("开箱，跳舞挑战；答疑。", ["开箱", "跳舞挑战", "答疑"]),
    ("1. 开箱\n2. 跳舞挑战\n3、答疑", ["开箱", "跳舞挑战", "答疑"]),
    ("1. 开箱 2. 跳舞挑战 3. 答疑", ["开箱", "跳舞挑战", "答疑"]),
    ("（1）开箱 （2）跳舞挑战", ["开箱", "跳舞挑战"]),
    ("① 开箱\n② 答疑", ["开箱", "答疑"]),
    ("龙井3.5折，限时秒杀\n250g 装试饮", ["龙井3.5折", "限时秒杀", "250g 装试饮"]),
    ("Q&A on delivery, returns\n1. dance challenge", ["Q&A on delivery, returns",
                                                      "dance challenge"]),
])
def test_plan_items_split_chinese_separators_and_numbers(text: str, items: list[str]) -> None:
    assert plan_items(text) == items


def test_plan_items_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match="no items"):
        plan_items("、，；\n 1. ")
    with pytest.raises(ValueError, match="at most 200"):
        plan_items("、".join(["开箱"] * 201))


def test_plan_language_is_the_majority_of_items() -> None:
    assert plan_lang(["开箱", "跳舞挑战", "Q&A"]) == "zh"
    assert plan_lang(["unboxing", "dance", "答疑"]) == "en"
    assert plan_lang(["开箱", "dance"]) == "zh"


def test_decode_plan_reads_utf8_bom_and_gb18030() -> None:
    text = "1. 开箱\r\n2. 跳舞挑战\r\n"
    assert decode_plan(text.encode("gb18030")) == "1. 开箱\n2. 跳舞挑战\n"
    assert decode_plan(b"\xef\xbb\xbf" + text.encode("utf-8")).startswith("1. 开箱\n")
    with pytest.raises(ValueError, match="neither UTF-8 nor GB18030"):
        decode_plan(b"\x81\x20\xff\xfe")


class _Stores:
    def __init__(self) -> None:
        self.detector = SegmentDetector(AxisEmbedder(), catalogue(TEA), Thresholds(0.2, 0.0))
        self.asked: list[tuple[str, list[str], object]] = []

    def mark_items(self, store: str, items: list[str], lang: object = None) -> list:
        self.asked.append((store, items, lang))
        return self.detector.mark(items, lang=lang)  # type: ignore[arg-type]


class _Advisor:
    def __init__(self) -> None:
        self.stores = _Stores()
        self.questions: list[str] = []

    def ask(self, question: str) -> SimpleNamespace:
        self.questions.append(question)
        card = SimpleNamespace(title="别跑题")
        return SimpleNamespace(text=f"answer to {question}", citations=[card])


def test_a_chinese_plan_gets_chinese_reasons_labels_and_advice() -> None:
    advisor = _Advisor()
    plan = "1. 紫砂壶开箱\n2. 跳舞挑战\n3. 抽奖送苹果手机\n4. dance challenge"
    result = check_plan(advisor, "演示-茶叶店", plan)  # type: ignore[arg-type]
    assert result.lang == "zh" and advisor.stores.asked[0][2] == "zh"
    assert [m.label for m in result.marks] == ["on_topic", "off_topic", "off_topic", "off_topic"]
    assert all(m.lang == "zh" and re.search(r"[\u4e00-\u9fff]", m.reason) for m in result.marks)
    assert not any(re.search(r"\d\.\d", m.reason) for m in result.marks)  # no raw scores
    assert advisor.questions == [ADVICE_QUESTIONS["zh"]] and result.citations == ("别跑题",)
    assert result.to_dict()["lang"] == "zh"
    lines = render_marks(result.marks, result.lang).splitlines()
    assert [line.split()[0] for line in lines] == ["切题", "跑题", "跑题", "跑题"]
    assert "最接近的商品：宜兴紫砂壶" in lines[0]
    # Columns line up in terminal cells: the reason starts at the same column on every line.
    starts = {_cells(line[:line.index(m.reason)]) for line, m in zip(lines, result.marks,
                                                                      strict=True)}
    assert len(starts) == 1


def test_an_english_plan_keeps_english() -> None:
    advisor = _Advisor()
    result = check_plan(advisor, "s", "sofa close-up\n跳舞挑战\ndance challenge",  # type: ignore[arg-type]
                        with_advice=False)
    assert result.lang == "en" and advisor.questions == []
    assert all(m.lang == "en" for m in result.marks)
    assert render_marks(result.marks).splitlines()[1].startswith("off-topic")


def _cells(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_the_advice_names_the_flagged_items_in_the_plans_language() -> None:
    from advisor.plan_check import flagged_line
    from advisor.store.segments import SegmentMark

    marks = (SegmentMark("现场冲泡龙井", "on_topic", 0.9, "", ""),
             SegmentMark("跳舞挑战", "off_topic", 0.1, "", ""),
             SegmentMark("聊明星八卦", "off_topic", 0.1, "", ""),
             SegmentMark("抽奖", "unclear", 0.5, "", ""))
    assert flagged_line(marks, "zh") == "先改掉或删掉这些环节：跳舞挑战；聊明星八卦。"
    assert flagged_line(marks, "en") == "Rework or cut these items first: 跳舞挑战; 聊明星八卦."
    assert flagged_line(marks[:1], "en") == ""  # nothing flagged: no line
