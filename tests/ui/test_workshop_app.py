"""Workshops through AppTest (DESIGN §13): joining from a link, the token kept in the URL, a
reload restoring the conversation, stores private to each participant, the trainer's page.

Fast: the chat runs on the in-package hashing embedder (no model load); the database is the
real SQLite of a per-test data dir.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from advisor import Settings
from advisor.store.db import StoreDB
from advisor.store.demo import generate_demo_store
from advisor.store.schema import StoreData
from advisor.workspaces.access import open_workshops

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
TRAINER = "ui/pages/trainer.py"
STORE = "ui/pages/store.py"
QUESTION = "Should I invite a celebrity to host my live stream?"


@pytest.fixture()
def workshop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A data dir with a demo store, a private local store and an open workshop."""
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_EMBEDDING_BACKEND", "hashing")
    st.cache_resource.clear()
    data = generate_demo_store("demo-cosmetics")
    small = StoreData(data.products, data.live_sessions.head(4), data.orders.head(60),
                      currency=data.currency)
    settings = Settings.from_env()
    local = StoreDB.from_settings(settings)
    local.replace_store("demo-cosmetics", small, source="demo")
    local.replace_store("trainer-private", small, source="upload")
    created = open_workshops(settings).create("Club night", [], local)
    yield {"code": created.join_code, "key": created.trainer_key}
    st.cache_resource.clear()


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def _join(code: str, name: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["join"] = code
    _run(at)
    assert at.title[0].value == "Join a workshop"
    assert any("never your files" in i.value for i in at.info)  # told what the trainer sees
    at.text_input[0].set_value(name)
    at.button[0].click()
    return _run(at)  # joins, then reruns into the chat


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question)
    return _run(at)


def test_a_join_link_opens_a_private_chat_that_a_reload_restores(
        workshop: dict[str, str]) -> None:
    at = _join(workshop["code"], "Ann")
    token = at.query_params["ws"]
    assert token and "join" not in at.query_params
    assert at.chat_input, "the chat opens after joining"
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "**Ann**" in sidebar and "Club night" in sidebar
    assert any("never your files" in c.value for c in at.sidebar.caption)
    assert at.sidebar.selectbox[0].options[1:] == ["demo-cosmetics"]  # not trainer-private
    _ask(at, QUESTION)
    assert len(at.chat_message) == 2
    # A reload: a new session with only the URL.
    again = AppTest.from_file(str(APP), default_timeout=120)
    again.query_params["ws"] = token
    _run(again)
    messages = again.chat_message
    assert [m.name for m in messages] == ["user", "assistant"]
    assert QUESTION in messages[0].markdown[0].value
    assert "[1]" in "\n".join(m.value for m in messages[1].markdown)


def test_a_bad_token_or_code_is_told_plainly(workshop: dict[str, str]) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["ws"] = "not-a-token"
    _run(at)
    assert at.title[0].value == "Join a workshop"
    assert any("no longer opens a workspace" in w.value for w in at.warning)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["join"] = "NOPE1234"
    _run(at)
    assert any("NOPE1234" in e.value for e in at.error)


def test_a_workshop_server_without_a_local_workspace_asks_to_join(
        workshop: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_LOCAL_WORKSPACE", "false")
    at = _run(AppTest.from_file(str(APP), default_timeout=60))
    assert at.title[0].value == "Join a workshop" and not at.chat_input
    at.text_input[0].set_value(workshop["code"])
    _run(at)
    assert any("Club night" in m.value for m in at.markdown)


def test_participants_stores_are_their_own_and_shared_ones_read_only(
        workshop: dict[str, str]) -> None:
    from ui import store_view as sv

    ann, bo = _join(workshop["code"], "Ann"), _join(workshop["code"], "Bo")
    settings = Settings.from_env()
    ann_ws = open_workshops(settings).workspace(ann.query_params["ws"])
    sv.import_uploads(StoreDB.from_settings(settings, ann_ws.scope), "ann-shop",
                      _uploads(), sv.ImportLimits())
    _run(ann.switch_page(STORE))
    _run(bo.switch_page(STORE))
    ann_rows, bo_rows = _listed(ann), _listed(bo)
    assert "ann-shop" in ann_rows and "ann-shop" not in bo_rows
    assert "trainer-private" not in ann_rows + bo_rows
    # Only Ann's own store may be deleted; there is no demo install for participants.
    assert [s.options for s in ann.selectbox if s.key == "store_delete_choice"] == [
        ["ann-shop"]]
    assert not [s for s in bo.selectbox if s.key == "store_delete_choice"]
    assert not [b for b in bo.button if "demo" in b.label.lower()]


def test_the_store_page_opens_on_the_store_chosen_in_the_chat(
        workshop: dict[str, str]) -> None:
    at = _run(AppTest.from_file(str(APP), default_timeout=120))  # the local workspace
    at.sidebar.selectbox[0].set_value("trainer-private")
    _run(at)
    _run(at.switch_page(STORE))
    assert at.selectbox(key="store_dashboard__widget").value == "trainer-private"


def test_the_trainer_page_shows_participants_their_questions_and_exports(
        workshop: dict[str, str]) -> None:
    ann, bo = _join(workshop["code"], "Ann"), _join(workshop["code"], "Bo")
    _ask(ann, QUESTION)
    _ask(bo, "我的直播观看人数很多但是订单很少，为什么？")
    trainer = _run(AppTest.from_file(str(APP), default_timeout=120).switch_page(TRAINER))
    trainer.text_input[0].set_value("wrong")
    trainer.button[0].click()
    _run(trainer)
    assert any("does not open" in e.value for e in trainer.error)
    trainer.text_input[0].set_value(workshop["key"])
    trainer.button[0].click()
    _run(trainer)
    page = "\n".join(m.value for m in trainer.markdown)
    assert "Club night" in page and workshop["code"] in page
    assert f"?join={workshop['code']}" in "\n".join(c.value for c in trainer.code)
    assert {m.label: m.value for m in trainer.metric} == {"Participants": "2",
                                                          "Questions asked": "2"}
    assert QUESTION in page and "订单很少" in page
    assert "**Ann**" in page and "**Bo**" in page
    assert [b.label for b in trainer.get("download_button")] == [
        "Transcript (Markdown)", "Transcript (CSV)", "Transcript (JSON)"]
    trainer.toggle(key="trainer_projector").set_value(True)
    _run(trainer)
    big = "\n".join(m.value for m in trainer.markdown)
    assert f"# Join: {workshop['code']}" in big and "## 2 participants · 2 questions" in big


def _listed(at: AppTest) -> list[str]:
    """The store names in the Store page's list of stores."""
    (frame,) = [d.value for d in at.dataframe if "store" in d.value.columns]
    return frame["store"].tolist()


def _uploads() -> dict[str, tuple[str, bytes]]:
    products = b"sku,name,category,price\nP1,Mattress,Bedding,1000\n"
    sessions = (b"session_id,date,duration_min,anchor,anchor_type,viewers\n"
                b"S1,2026-03-01 20:00,120,Zhang,owner,1000\n")
    orders = (b"order_id,customer_id,order_time,sku,quantity,amount,session_id,refunded\n"
              b"O1,C1,2026-03-01 20:30,P1,1,1000,S1,false\n")
    return {"products": ("products.csv", products),
            "live_sessions": ("live_sessions.csv", sessions), "orders": ("orders.csv", orders)}


def test_the_trainers_exercise_reaches_the_participants_chat(workshop: dict[str, str]) -> None:
    ann = _join(workshop["code"], "Ann")
    assert not [b for b in ann.button if b.label.startswith("Use ")]
    registry = open_workshops(Settings.from_env())
    registry.set_exercise("Club night", workshop["key"], "demo-cosmetics",
                          "Was this store's celebrity session worth it? Decide, then ask.")
    _run(ann)
    page = "\n".join(m.value for m in ann.markdown)
    assert "Exercise from your trainer" in page and "celebrity session worth it" in page
    (use,) = [b for b in ann.button if b.label.startswith("Use ")]
    use.click()
    _run(ann)
    assert ann.sidebar.selectbox[0].value == "demo-cosmetics"
    assert not [b for b in ann.button if b.label.startswith("Use ")]
    with pytest.raises(ValueError, match="not a store every participant sees"):
        registry.set_exercise("Club night", workshop["key"], "trainer-private", "x")
