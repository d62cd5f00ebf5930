"""Chat page: ask questions, read grounded answers with their sources."""

import logging

import streamlit as st

from advisor.store.db import UnknownStore
from advisor.text import escape_markdown
from ui import conversation
from ui.components import (
    render_answer,
    render_coverage,
    render_store_selector,
    render_user_message,
    suggested_questions,
)
from ui.i18n import t
from ui.resources import get_advisor, get_store_db
from ui.workspace import current_exercise, session_workspace

log = logging.getLogger(__name__)
EXERCISE_POLL_S = 10  # how soon a participant's chat shows the trainer's new exercise
history = conversation.messages()

with st.sidebar:
    st.button(t("chat.new"), icon=":material/add_comment:", on_click=conversation.clear,
              width="stretch")
    store = render_store_selector(get_store_db().names(), conversation.STORE_KEY)
    render_coverage()

st.title(t("app.title"))
st.caption(t("chat.caption"))


@st.fragment(run_every=EXERCISE_POLL_S)
def exercise_banner(chosen: str | None) -> None:
    """The trainer's current exercise; polled, so a new one shows without a click."""
    exercise = current_exercise()
    if exercise is None:
        return
    with st.container(border=True):
        st.markdown(t("exercise.banner", store=escape_markdown(exercise.store)))
        st.markdown(escape_markdown(exercise.prompt))
        if chosen != exercise.store and st.button(
                t("exercise.use_store", store=escape_markdown(exercise.store))):
            st.session_state[conversation.STORE_KEY] = exercise.store
            st.rerun()  # the whole page: the sidebar's store choice changes too


if not session_workspace().is_local:
    exercise_banner(store)

advisor = get_advisor()
question = conversation.take_question(
    # "disable": a second question can't interrupt (and silently drop) one being answered.
    st.chat_input(placeholder=t("chat.placeholder"), max_chars=2000, submit_mode="disable"))

for message in history:
    if message["role"] == "user":
        render_user_message(message["content"])
    else:
        with st.chat_message("assistant"):
            render_answer(message["answer"], advisor)

if question:
    render_user_message(question)
    with st.chat_message("assistant"):
        try:
            with st.spinner(t("chat.spinner.store" if store else "chat.spinner.cards")):
                # The answer's language follows the question (DESIGN §12), not the UI's.
                answer = conversation.ask(advisor, question, history, store=store)
        except UnknownStore:
            st.error(t("chat.error.store_gone", store=escape_markdown(store)))
        except Exception:
            log.exception("advisor.ask failed (question of %d chars)", len(question))
            st.error(t("chat.error.failed"))
        else:
            render_answer(answer, advisor)
elif not history:
    st.markdown(t("chat.try"))
    for i, suggestion in enumerate(suggested_questions()):
        st.button(suggestion, key=f"suggest-{i}", on_click=conversation.queue_question,
                  args=(suggestion,))
