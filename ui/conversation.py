"""Per-user chat history in st.session_state, and the bridge to Advisor.ask."""

from __future__ import annotations

from typing import Any

import streamlit as st

from advisor import Advisor, Answer, Turn

MESSAGES_KEY = "chat_messages"
PENDING_KEY = "chat_pending_question"
# The store chosen in the chat's sidebar (a store name, or absent for general advice).
STORE_KEY = "chat_store"
# Earlier turns passed to ask(); follow-ups only lean on the most recent ones.
HISTORY_TURNS = 10

# {"role": "user", "content": str} or {"role": "assistant", "answer": Answer}
Message = dict[str, Any]


def messages() -> list[Message]:
    """This session's conversation (created empty on first use)."""
    return st.session_state.setdefault(MESSAGES_KEY, [])


def clear() -> None:
    st.session_state[MESSAGES_KEY] = []
    st.session_state.pop(PENDING_KEY, None)


def queue_question(question: str) -> None:
    """Ask `question` on the next run (used by button callbacks)."""
    st.session_state[PENDING_KEY] = question


def take_question(typed: str | None) -> str:
    """The question to answer this run: what was typed, else a queued one, else ''."""
    queued = st.session_state.pop(PENDING_KEY, None)
    return " ".join((typed or queued or "").split())


def history_turns(history: list[Message]) -> list[Turn]:
    """The conversation so far as Turns, with each assistant turn's topic."""
    turns: list[Turn] = []
    for m in history:
        if m["role"] == "user":
            turns.append(Turn(role="user", content=m["content"]))
        else:
            answer: Answer = m["answer"]
            turns.append(Turn(role="assistant", content=answer.text, topic=answer.topic))
    return turns[-HISTORY_TURNS:]


def ask(advisor: Advisor, question: str, history: list[Message],
        store: str | None = None) -> Answer:
    """Ask with the earlier turns (and the chosen store's numbers, if any), then record the
    question and answer in `history`."""
    answer = advisor.ask(question, store=store, history=history_turns(history))
    history.append({"role": "user", "content": question})
    history.append({"role": "assistant", "answer": answer})
    return answer
