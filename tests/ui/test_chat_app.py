"""The Streamlit app end to end through AppTest, with the real model and index."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("app_env")]

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
CELEBRITY_Q = "Should I invite a celebrity to host my live stream?"


def _app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    return at


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    return at


def _text(message) -> str:
    return "\n".join(m.value for m in message.markdown)


def _assistant(at: AppTest) -> list:
    return [m for m in at.chat_message if m.name == "assistant"]


def test_first_visit_shows_suggestions_and_coverage() -> None:
    at = _app()
    suggestions = [b for b in at.button if str(b.key or "").startswith("suggest-")]
    assert 4 <= len(suggestions) <= 6
    assert not at.chat_message
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "celebrity" in sidebar.lower() and "host" in sidebar.lower()
    assert at.chat_input[0].placeholder == "Ask about your live streams…"


def test_question_gets_cited_answer_with_sources() -> None:
    at = _ask(_app(), CELEBRITY_Q)
    user, answer = at.chat_message
    assert user.name == "user" and CELEBRITY_Q in _text(user)
    assert answer.name == "assistant"
    assert "[1]" in _text(answer)
    assert "Sources" in _text(answer)
    labels = [e.label for e in answer.expander]
    assert labels and labels[0].startswith("[1] ")
    assert any("celebrit" in label.lower() for label in labels)
    assert "Advice." in _text(answer.expander[0])
    assert any("Topic: celebrity" in c.value for c in answer.caption)
    # The suggestions are gone once the conversation has started.
    assert not [b for b in at.button if str(b.key or "").startswith("suggest-")]


def test_suggested_question_button_asks_it() -> None:
    at = _app()
    button = at.button(key="suggest-1")
    button.click().run()
    assert not at.exception
    user, answer = at.chat_message
    assert button.label in _text(user)
    assert "[1]" in _text(answer)
    assert answer.expander


def test_out_of_scope_is_redirected_without_sources() -> None:
    at = _ask(_app(), "What's the capital of France?")
    (answer,) = _assistant(at)
    assert "live" in _text(answer).lower()
    assert "Sources" not in _text(answer)
    assert not answer.expander
    assert any("Outside what I cover" in c.value for c in answer.caption)


def test_follow_up_uses_the_conversation() -> None:
    at = _ask(_app(), CELEBRITY_Q)
    at = _ask(at, "why?")
    assert [m.name for m in at.chat_message] == ["user", "assistant", "user", "assistant"]
    follow_up = _assistant(at)[-1]
    assert "[1]" in _text(follow_up)
    assert follow_up.expander
    assert any("Topic: celebrity" in c.value for c in follow_up.caption)


def test_same_question_twice_renders_both_answers() -> None:
    at = _ask(_ask(_app(), CELEBRITY_Q), CELEBRITY_Q)
    assert len(_assistant(at)) == 2
    assert all(m.expander for m in _assistant(at))


def test_new_conversation_clears_history() -> None:
    at = _ask(_app(), CELEBRITY_Q)
    at.sidebar.button[0].click().run()
    assert not at.exception
    assert not at.chat_message
    assert at.button(key="suggest-0").label == CELEBRITY_Q


def test_what_i_cover_lists_every_card_by_section() -> None:
    at = _app()
    at.switch_page("ui/pages/about.py").run()
    assert not at.exception
    assert at.title[0].value == "What I cover"
    sections = [h.value for h in at.subheader]
    assert [s.split(" ")[0] for s in sections] == [f"S{i}" for i in range(9)]
    assert len(at.expander) >= 30
    assert any("celebrit" in e.label.lower() for e in at.expander)
