"""The 中文 / English switch through AppTest: the first language from the browser or ?lang=,
the switch, the choice kept across pages, and the chat in Chinese.

Fast: the Evals, Store and Plan check pages need no model; the chat runs on the in-package
hashing embedder (ADVISOR_EMBEDDING_BACKEND=hashing), not the real model.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.ui.test_evals_page import make_report, write_report

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
EVALS, STORE, PLAN = "ui/pages/evals.py", "ui/pages/store.py", "ui/pages/plan_check.py"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_EVAL_OUT_DIR", str(tmp_path / "cli-out"))
    st.cache_data.clear()
    return tmp_path / "data"


def _open(page: str, locale: str | None = None, query: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if locale:
        at.context = {"locale": locale}
    if query:
        at.query_params["lang"] = query
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _switch(at: AppTest, lang: str) -> AppTest:
    (switch,) = at.sidebar.segmented_control
    switch.set_value(lang).run()
    assert not at.exception, at.exception
    return at


def test_english_by_default_and_the_switch_offers_both_languages(data_dir: Path) -> None:
    at = _open(EVALS)
    assert at.title[0].value == "Evals"
    (switch,) = at.sidebar.segmented_control
    assert switch.value == "en" and list(switch.options) == ["中文", "English"]


def test_switching_to_chinese_and_back_relabels_the_page(data_dir: Path) -> None:
    write_report(data_dir / "eval", make_report())  # where the page's own runs write
    at = _switch(_open(EVALS), "zh")
    assert at.title[0].value == "评测"
    assert [b.label for b in at.button] == ["运行评测"]
    assert "未通过" in at.error[0].value  # the verdict and the missed threshold's name
    assert "较慢的回答耗时" in at.error[0].value
    assert {m.label for m in at.metric} == {"用例数", "通过", "用时", "生成器"}
    assert [s.value for s in at.subheader][:2] == ["汇总指标", "对照基线"]
    aggregates = next(df for df in at.dataframe if "threshold" in df.value.columns)
    assert "话题识别正确" in list(aggregates.value["metric"])  # names are data: translated
    assert at.query_params["lang"] == "zh"  # a reload keeps the choice

    _switch(at, "en")
    assert at.title[0].value == "Evals" and [b.label for b in at.button] == ["Run the suite"]
    assert {m.label for m in at.metric} == {"Cases", "Passed", "Duration", "Composer"}


def test_the_browser_language_decides_the_first_page(data_dir: Path) -> None:
    at = _open(EVALS, locale="zh-CN")
    assert at.title[0].value == "评测" and at.sidebar.segmented_control[0].value == "zh"
    assert "还没有评测报告" in at.info[0].value
    assert _open(EVALS, locale="en-GB").title[0].value == "Evals"
    # ?lang= wins over the browser's language.
    assert _open(EVALS, locale="zh-CN", query="en").title[0].value == "Evals"
    assert _open(EVALS, locale="de-DE", query="zh").title[0].value == "评测"


def test_the_choice_lasts_across_pages(data_dir: Path) -> None:
    at = _switch(_open(EVALS), "zh")
    at.switch_page(STORE).run()
    assert not at.exception
    assert at.title[0].value == "店铺"
    assert [tab.label for tab in at.tabs] == ["数据看板", "你的店铺", "导入店铺"]
    assert [b.label for b in at.button] == ["安装演示店铺", "检查文件"]
    assert "还没有店铺" in at.info[0].value
    at.switch_page(PLAN).run()
    assert at.title[0].value == "流程检查" and "还没有店铺" in at.info[0].value
    assert CJK.search(at.caption[0].value)


@pytest.fixture()
def hashing_advisor(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """The chat's advisor on the hashing embedder: no model load, fresh per test."""
    monkeypatch.setenv("ADVISOR_EMBEDDING_BACKEND", "hashing")
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_chat_in_chinese_labels_suggestions_and_answer_caption(hashing_advisor) -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.context = {"locale": "zh-CN"}
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "直播带货顾问"
    assert at.chat_input[0].placeholder == "问问你的直播…"
    suggestions = [b for b in at.button if str(b.key or "").startswith("suggest-")]
    assert len(suggestions) == 5 and all(CJK.search(b.label) for b in suggestions)
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "我能回答什么" in sidebar and "明星嘉宾" in sidebar
    assert at.sidebar.selectbox[0].label == "店铺数据"
    assert at.sidebar.selectbox[0].value == ""  # no store
    assert at.sidebar.selectbox[0].options[0] == "不用——只要通用建议"

    at.chat_input[0].set_value("我该不该请明星来我的直播间带货？").run()
    assert not at.exception, at.exception
    answer = next(m for m in at.chat_message if m.name == "assistant")
    caption = answer.caption[-1].value
    assert caption.startswith(("话题：", "超出我能回答的范围")), caption
    assert "毫秒" in caption

    _switch(at, "en")  # the conversation stays; its labels follow the UI language
    answer = next(m for m in at.chat_message if m.name == "assistant")
    assert answer.caption[-1].value.startswith(("Topic: ", "Outside what I cover"))


def test_store_dashboard_in_chinese(hashing_advisor, data_dir: Path) -> None:
    from advisor import Settings
    from advisor.store.db import StoreDB
    from advisor.store.demo import generate_demo_store
    from advisor.store.metrics import metric_definition

    db = StoreDB.from_settings(Settings(data_dir=data_dir))
    db.replace_store("demo-chili-sauce", generate_demo_store("demo-chili-sauce"), source="test")
    at = _open(STORE, locale="zh-CN")
    tiles = {m.label: m for m in at.metric}
    assert {"成交额（全部订单）", "转化率", "千次观看成交额", "退款率"} <= set(tiles)
    help_text = tiles["转化率"].proto.help
    assert metric_definition("conversion", "zh") in help_text and "范围：全部直播场次" in help_text
    subheaders = [s.value for s in at.subheader]
    assert subheaders[:2] == ["各场直播", "按主播类型"]
    groups = next(d.value for d in at.dataframe if "group" in d.value.columns)
    assert set(groups["group"]) <= {"店主", "员工", "专业主播", "达人", "明星"}
    specs = "\n".join(json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
                      for chart in at.get("vega_lite_chart"))  # the spec escapes non-ASCII
    assert '"title": "每场成交额"' in specs and "场次（按日期排序）" in specs
    downloads = [d.proto.label for d in at.get("download_button")]
    assert "下载场次数据（CSV）" in downloads
