"""Per-user chat history in st.session_state, and the bridge to Advisor.ask.

In a participant's workspace every turn is also recorded (advisor.workspaces), and a new
session (a reload, the same link on another day) starts from the recorded conversation.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from advisor import Advisor, Answer, Turn
from advisor.workspaces.access import ask_in_workspace
from ui.workspace import session_workspace, workshops

MESSAGES_KEY = "chat_messages"
PENDING_KEY = "chat_pending_question"
# The store chosen in the chat's sidebar (a store name, or absent for general advice).
STORE_KEY = "chat_store"
# Earlier turns passed to ask(); follow-ups only lean on the most recent ones.
HISTORY_TURNS = 10

# {"role": "user", "content": str} or {"role": "assistant", "answer": Answer}
Message = dict[str, Any]


def messages() -> list[Message]:
    """This session's conversation: on first use, the workspace's recorded one (a
    participant's), else empty."""
    if MESSAGES_KEY not in st.session_state:
        st.session_state[MESSAGES_KEY] = recorded_messages()
    return st.session_state[MESSAGES_KEY]


def recorded_messages() -> list[Message]:
    """The participant's recorded turns as chat messages (none in the local workspace)."""
    workspace = session_workspace()
    if workspace.is_local:
        return []
    restored: list[Message] = []
    for turn in workshops().turns(workspace):
        restored.append({"role": "user", "content": turn.question})
        restored.append({"role": "assistant", "answer": Answer.from_dict(turn.payload)})
    if restored and (last := restored[-1]["answer"].store):
        st.session_state.setdefault(STORE_KEY, last)  # carry on with the same store
    return restored


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
    question and answer in `history` (and, for a participant, in the workshop)."""
    workspace = session_workspace()
    answer = ask_in_workspace(advisor, workspace, question, store=store,
                              history=history_turns(history),
                              workshops=None if workspace.is_local else workshops())
    history.append({"role": "user", "content": question})
    history.append({"role": "assistant", "answer": answer})
    return answer
