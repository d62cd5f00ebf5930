"""Chat page: ask questions, read grounded answers with their sources."""

import logging

import streamlit as st

from advisor.store.db import UnknownStore
from advisor.text import escape_markdown
from ui import conversation
from ui.components import (
    SUGGESTED_QUESTIONS,
    render_answer,
    render_coverage,
    render_store_selector,
    render_user_message,
)
from ui.resources import get_advisor, get_store_db

log = logging.getLogger(__name__)
history = conversation.messages()

with st.sidebar:
    st.button("New conversation", icon=":material/add_comment:", on_click=conversation.clear,
              width="stretch")
    store = render_store_selector(get_store_db().names(), conversation.STORE_KEY)
    render_coverage()

st.title("Live-Commerce Advisor")
st.caption("Advice for selling through live streams — hosts, celebrity guests, staying on-topic "
           "and more — with the sources behind every answer.")

advisor = get_advisor()
question = conversation.take_question(
    # "disable": a second question can't interrupt (and silently drop) one being answered.
    st.chat_input(placeholder="Ask about your live streams…", max_chars=2000,
                  submit_mode="disable"))

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
            with st.spinner("Looking through the knowledge cards"
                            + (" and your store's numbers…" if store else "…")):
                answer = conversation.ask(advisor, question, history, store=store)
        except UnknownStore:
            st.error(f"The store {escape_markdown(store)} no longer exists. Pick another one "
                     "in the sidebar.")
        except Exception:
            log.exception("advisor.ask failed (question of %d chars)", len(question))
            st.error("Sorry, something went wrong while answering. Please try again.")
        else:
            render_answer(answer, advisor)
elif not history:
    st.markdown("**Try one of these:**")
    for i, suggestion in enumerate(SUGGESTED_QUESTIONS):
        st.button(suggestion, key=f"suggest-{i}", on_click=conversation.queue_question,
                  args=(suggestion,))
