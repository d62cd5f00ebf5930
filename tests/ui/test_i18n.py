"""The UI string catalogue (ui/strings.yaml through ui/i18n.py), fast and without a browser.

Both languages complete for every key; every key the UI asks for exists; no label literal
bypasses the catalogue in a Streamlit or Altair call (an AST scan of the UI source); the
session's first language from ?lang= and the browser's locale; Chinese metric definitions,
section titles and topic labels in the library.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from advisor.glossary import MEANINGS, MEANINGS_ZH, define
from advisor.models import SECTION_TITLES, TOPIC_LABELS, section_title, topic_label
from advisor.store.metrics import METRIC_DEFINITIONS, REPURCHASE_DAYS, metric_definition
from advisor.store.schema import ANCHOR_TYPES
from ui import i18n
from ui.components import COVERAGE_ITEMS, SUGGESTIONS
from ui.plan_check_view import LABEL_ORDER
from ui.store_view import HEADLINES

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = sorted([ROOT / "streamlit_app.py", *(ROOT / "ui").glob("*.py"),
                   *(ROOT / "ui" / "pages").glob("*.py")])
CJK = re.compile(r"[\u4e00-\u9fff]")


# --- the catalogue -----------------------------------------------------------------------------

def test_every_key_has_text_in_both_languages() -> None:
    entries = i18n.catalogue()
    assert len(entries) > 300
    for key, texts in entries.items():
        assert set(texts) == set(i18n.LANGS), key
        assert all(texts[lang].strip() for lang in i18n.LANGS), key
    # The Chinese side is Chinese: all but a handful of keys (units, "GPM"-like ids, marks).
    latin_only = [k for k, v in entries.items() if not CJK.search(v["zh"])]
    assert len(latin_only) <= 8, latin_only


@pytest.mark.parametrize(("text", "problem"), [
    ("a.b: {en: Hello}\n", "has no text in zh"),
    ("a.b: {en: Hello, zh: ''}\n", "has no text in zh"),
    ("a.b: {en: '', zh: 你好}\n", "has no text in en"),
    ("a.b: {en: 'Hi {name}', zh: '你好 {user}'}\n", "different placeholders"),
    ("a.b: Hello\n", "not a mapping of languages"),
    ("- just a list\n", "expected a mapping"),
])
def test_a_missing_or_empty_text_fails_naming_the_key(text: str, problem: str) -> None:
    with pytest.raises(i18n.CatalogueError, match=problem) as info:
        i18n.load_catalogue(text, "strings.yaml")
    assert "strings.yaml" in str(info.value)


def test_text_formats_in_the_chosen_language_and_names_an_unknown_key() -> None:
    assert i18n.text("answer.store", "zh", store="demo") == "店铺数据：demo"
    assert i18n.text("answer.store", "en", store="demo") == "store data: demo"
    assert i18n.text("answer.store", "xx", store="demo") == "store data: demo"
    with pytest.raises(KeyError, match="no.such.key"):
        i18n.text("no.such.key", "en")
    assert i18n.t("page.chat") == "Chat"  # outside a Streamlit run: English
    assert i18n.tn("problems", 1) == "1 problem" and i18n.tn("problems", 1200) == "1,200 problems"


def _literal_keys() -> set[str]:
    """Every key the UI source passes to t/tn/text/has as a literal (tn keys get .one/.many)."""
    keys: set[str] = set()
    for path in UI_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in {"t", "tn", "text"} and node.args
                    and isinstance(node.args[0], ast.Constant)):
                key = str(node.args[0].value)
                keys |= {f"{key}.one", f"{key}.many"} if node.func.id == "tn" else {key}
    return keys


def test_every_key_the_ui_asks_for_exists() -> None:
    used = _literal_keys()
    assert len(used) > 200  # the scan sees the pages
    # Keys built at run time, family by family.
    used |= {f"coverage.{i}" for i in range(1, COVERAGE_ITEMS + 1)}
    used |= {f"chat.suggest.{i}" for i in range(1, SUGGESTIONS + 1)}
    used |= {f"tile.{m}" for m in HEADLINES} | {f"tile.{m}.scope" for m in HEADLINES}
    used |= {f"host.{a}" for a in ANCHOR_TYPES} | {f"mark.{m}" for m in LABEL_ORDER}
    used |= {f"answer.confidence.{c}" for c in ("high", "low")}
    used |= {f"eval.fig.{f}" for f in ("cases", "passed", "duration", "composer")}
    missing = sorted(k for k in used if not i18n.has(k))
    assert not missing, f"not in ui/strings.yaml: {missing}"


def test_the_plan_checks_english_advice_question_is_the_clis() -> None:
    from advisor.plan_check import ADVICE_QUESTION

    assert i18n.text("plan.advice_question", "en") == ADVICE_QUESTION
    assert CJK.search(i18n.text("plan.advice_question", "zh"))


def test_every_dashboard_metric_has_a_label() -> None:
    from ui.store_view import CELEBRITY_ROWS, GROUP_DISPLAY, SESSION_COLUMNS

    metrics = set(METRIC_DEFINITIONS) | set(GROUP_DISPLAY) | set(CELEBRITY_ROWS)
    metrics |= set(SESSION_COLUMNS) - {"date", "session_id", "anchor", "anchor_type",
                                       "segments"}
    assert not [m for m in sorted(metrics) if not i18n.has(f"metric.{m}")]


# --- no label literal bypasses the catalogue ---------------------------------------------------

# Calls that show text (Streamlit elements, column configs, Altair titles), and the keyword
# arguments of theirs that are shown to the reader.
SHOWN_CALLS = {
    "title", "header", "subheader", "caption", "markdown", "write", "text", "button",
    "download_button", "selectbox", "text_input", "text_area", "file_uploader", "checkbox",
    "radio", "segmented_control", "metric", "info", "warning", "error", "success", "toast",
    "spinner", "status", "expander", "tabs", "chat_input", "progress", "update", "Column",
    "TextColumn", "NumberColumn", "DatetimeColumn", "CheckboxColumn", "properties", "Tooltip",
    "X", "Y", "Color", "set_page_config", "Page", "page_link",
}
SHOWN_KEYWORDS = {"label", "help", "placeholder", "title", "text", "body", "page_title"}
# Their first argument is not text: a file (pages) or a field (Altair encodings).
NOT_TEXT_FIRST = {"Page", "page_link", "X", "Y", "Color", "Tooltip"}
UNITS = {"ms", "%"}  # the same in both languages
WORDS = re.compile(r"[A-Za-z\u4e00-\u9fff]{2,}")


def _literals(node: ast.AST) -> list[str]:
    """The text literals an argument expression can evaluate to (not through calls)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if isinstance(node, ast.BinOp):
        return _literals(node.left) + _literals(node.right)
    if isinstance(node, ast.BoolOp | ast.Tuple | ast.List):
        children = node.values if isinstance(node, ast.BoolOp) else node.elts
        return [text for child in children for text in _literals(child)]
    return []


def bypasses(source: str) -> list[str]:
    """'line: text' for each word literal shown by a Streamlit/Altair call in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SHOWN_CALLS):
            continue
        args = [] if node.func.attr in NOT_TEXT_FIRST else node.args[:1]
        args += [kw.value for kw in node.keywords if kw.arg in SHOWN_KEYWORDS]
        found += [f"{node.lineno}: {text!r}" for arg in args for text in _literals(arg)
                  if WORDS.search(text) and text.strip() not in UNITS]
    return found


def test_the_scan_finds_literals_and_lets_catalogue_texts_through() -> None:
    assert bypasses('st.button("Run it", key="run")\n') == ["1: 'Run it'"]
    assert bypasses('left.caption(f"Ran {when} ok")\n') == ["1: 'Ran  ok'"]
    assert bypasses('x.properties(title="GMV" if a else "订单")\n') == ["1: 'GMV'", "1: '订单'"]
    assert bypasses('st.tabs(("Dashboard", t("tab.x")))\n') == ["1: 'Dashboard'"]
    assert bypasses('st.metric(label="Cases", value=3)\n') == ["1: 'Cases'"]
    assert not bypasses('st.button(t("chat.new"), key="new", icon=":material/add:")\n'
                        'st.caption(f"{a} · {b}")\nst.markdown("\\n".join(lines))\n'
                        'st.Page("ui/pages/chat.py", title=t("page.chat"))\n'
                        'alt.Y("value:Q", title="ms" if latency else "%")\n')


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_shown_literal_bypasses_the_catalogue(path: Path) -> None:
    found = bypasses(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name}: text shown without the catalogue: {found}"


# --- the session's first language ---------------------------------------------------------------

@pytest.mark.parametrize(("query", "locale", "lang"), [
    (None, None, "en"), (None, "zh-CN", "zh"), (None, "zh-Hant-TW", "zh"), (None, "zh", "zh"),
    (None, "en-US", "en"), (None, "de-DE", "en"), (None, "", "en"), ("zh", "en-US", "zh"),
    ("en", "zh-CN", "en"), ("ZH", None, "zh"), ("fr", "zh-CN", "zh"), ("zh_CN", None, "zh"),
])
def test_default_language_from_query_then_browser(query: str | None, locale: str | None,
                                                  lang: str) -> None:
    assert i18n.default_lang(query, locale) == lang


# --- the library's names and definitions in Chinese --------------------------------------------

def test_every_metric_definition_exists_in_both_languages() -> None:
    for metric in METRIC_DEFINITIONS:
        en, zh = metric_definition(metric), metric_definition(metric, "zh")
        assert en == METRIC_DEFINITIONS[metric] and en.strip(), metric
        assert CJK.search(zh) and zh != en, metric
    assert metric_definition("no_such_metric", "zh") == ""
    assert f"{REPURCHASE_DAYS}" in metric_definition("new_buyer_repurchase_60d", "zh")


def test_define_answers_in_the_asked_language() -> None:
    assert set(MEANINGS_ZH) == set(MEANINGS)
    english = define("gpm", "GPM")
    assert english.startswith("GPM (GMV per thousand viewers) means ")
    chinese = define("gpm", "GPM", "zh")
    assert chinese.startswith("GPM（千次观看成交额）指的是") and MEANINGS_ZH["gpm"] in chinese
    assert define("conversion", "转化率", "zh").startswith("转化率指的是")


def test_sections_and_topics_have_chinese_names() -> None:
    for section in SECTION_TITLES:
        assert CJK.search(section_title(section, "zh")), section
        assert section_title(section) == SECTION_TITLES[section]
    for topic in TOPIC_LABELS:
        assert CJK.search(topic_label(topic, "zh")), topic
    assert topic_label("no_such_topic", "zh") == "no such topic"
