"""The "Plan check" page.

Below the UI (fast): decoding an uploaded plan and the marks table, counts and summary of
ui/plan_check_view.py. Through AppTest (integration: the marks come from the real advisor):
a plan checked against a demo store, and the page with no stores.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor import Settings
from advisor.store.db import StoreDB
from advisor.store.demo import DEMO_STORES, generate_demo_store
from advisor.store.segments import SegmentMark
from ui import plan_check_view as pv

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
PAGE = "ui/pages/plan_check.py"
STORE = "demo-chili-sauce"
PLAN = "chili oil tasting\ndance challenge\n"

MARKS = (SegmentMark("chili oil tasting", "on_topic", 0.7, "close to a product", "Chili Oil"),
         SegmentMark("dance challenge", "off_topic", 0.1, "far from every product", ""),
         SegmentMark("mystery", "unclear", 0.3, "in between", "Chili Oil"))


# --- below the UI --------------------------------------------------------------------------

def test_upload_decodes_utf8_bom_gb18030_and_line_endings() -> None:
    assert pv.decode_upload("\ufeffa\r\nb\rc\n".encode()) == "a\nb\nc\n"
    assert pv.decode_upload("辣椒油试吃\n跳舞挑战".encode("gb18030")) == "辣椒油试吃\n跳舞挑战"


@pytest.mark.parametrize("data", [b"\x00\x01binary", b"x" * (pv.MAX_UPLOAD_BYTES + 1)])
def test_binary_or_huge_upload_is_refused(data: bytes) -> None:
    with pytest.raises(ValueError):
        pv.decode_upload(data)


def test_marks_table_counts_and_summary() -> None:
    frame = pv.marks_frame(MARKS)
    assert list(frame.columns) == ["item", "mark", "reason", "closest product"]
    assert frame["mark"].tolist() == ["on-topic", "off-topic", "unclear"]
    assert frame["closest product"].tolist() == ["Chili Oil", "—", "Chili Oil"]
    assert pv.mark_counts(MARKS) == {"on-topic": 1, "off-topic": 1, "unclear": 1}
    assert pv.mark_counts(MARKS[:1]) == {"on-topic": 1, "off-topic": 0, "unclear": 0}
    assert "1 item off-topic; 1 unclear" in pv.summary(MARKS)
    assert pv.summary(MARKS[:1]).startswith("Every item")


# --- through the app (real advisor) --------------------------------------------------------

@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("plan-check-stores")
    db = StoreDB.from_settings(Settings(data_dir=data_dir))
    for name in DEMO_STORES:
        db.replace_store(name, generate_demo_store(name), source="test fixture")
    return data_dir


def _page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.integration
@pytest.mark.usefixtures("app_env")
def test_plan_is_marked_and_advice_shown(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(demo_dir))
    at = _page()
    assert at.title[0].value == "Plan check"
    at.selectbox(key="plan_check_store__widget").select(STORE).run()
    at.text_area(key="plan_check_text__widget").input(PLAN).run()
    next(b for b in at.button if b.label == "Check the plan").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]

    table = next(d.value for d in at.dataframe if "closest product" in d.value.columns)
    marks = dict(zip(table["item"], table["mark"], strict=True))
    assert marks == {"chili oil tasting": "on-topic", "dance challenge": "off-topic"}
    counts = {m.label: m.value for m in at.metric}
    assert counts["on-topic"] == "1" and counts["off-topic"] == "1"
    assert any(f"against store {STORE}" in c.value for c in at.caption)

    assert "Keeping the stream on-topic" in [s.value for s in at.subheader]
    text = "\n".join(m.value for m in at.markdown)
    assert "**Sources**" in text
    assert at.expander and at.expander[0].label.startswith("[1] ")

    # The result stays for this session on a rerun.
    at.run()
    assert any("closest product" in d.value.columns for d in at.dataframe)


@pytest.mark.integration
@pytest.mark.usefixtures("app_env")
def test_no_stores_points_to_the_store_page(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    at = _page()
    assert any("No stores yet" in i.value for i in at.info)
    links = at.get("page_link")
    assert links and links[0].proto.label == "Open the Store page"
    assert links[0].proto.page == "store"  # the Store page's url path
    assert not [b for b in at.button if b.label == "Check the plan"]
