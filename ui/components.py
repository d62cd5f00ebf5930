"""Rendering helpers: answers, sources, the sidebar. Text is Markdown only, never HTML; every
string from a user, a store file or a card goes through advisor.text.escape_markdown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from advisor import Advisor, Answer, Citation, GuidanceCard, StoreFact
from advisor.text import escape_markdown as md
from ui.labels import section_label, topic_label

COVERAGE = (
    "choosing the host (you or a professional)",
    "celebrity guests",
    "keeping streams on-topic",
    "which products fit live selling",
    "interaction with viewers",
    "old customers & repurchase",
    "sincerity & sentiment",
    "traffic entrances",
)
SUGGESTED_QUESTIONS = (
    "Should I invite a celebrity to host my live stream?",
    "Who should host our live streams — me or a professional?",
    "Why do my streams get views but no orders?",
    "How do I get old customers to buy again?",
    "Which products sell well on live?",
)
NO_STORE = "None — general advice"
STORE_PAGE = "ui/pages/store.py"


def render_user_message(text: str) -> None:
    with st.chat_message("user"):
        st.markdown(md(text))


def render_answer(answer: Answer, advisor: Advisor) -> None:
    """One assistant answer: note, text, store facts, numbered sources and a status caption."""
    # answer.text is the library's Markdown: its structure is the composer's own, and every
    # card sentence, store value and echoed user phrase in it went through escape_markdown.
    if answer.scope == "out":
        st.markdown(answer.text)
        st.caption(f"Outside what I cover · {_total_ms(answer)}")
        return
    # A low-confidence answer says so in its own text; the caption below repeats the flag.
    st.markdown(answer.text)
    if answer.facts:
        render_facts(answer.facts)
    if answer.citations:
        render_sources(answer.citations, advisor)
    st.caption(f"Topic: {topic_label(answer.topic)} · {_store_note(answer)} · "
               f"{answer.confidence} confidence · {_total_ms(answer)}")


def _store_note(answer: Answer) -> str:
    return f"store data: {md(answer.store)}" if answer.store else "no store data"


def render_facts(facts: list[StoreFact]) -> None:
    """Each number with the sessions it covers and its definition."""
    st.markdown("**Your numbers**")
    st.markdown("\n".join(f"- **{md(f.name)}** ({md(fact_scope(f))}): {md(f.display)} — "
                          f"{md(f.definition)}" for f in facts))


def fact_scope(fact: StoreFact) -> str:
    """Which sessions a number covers: one session by id, a group by its size, or the store."""
    if not fact.session_ids:
        return "whole store"
    if len(fact.session_ids) == 1:
        return f"session {fact.session_ids[0]}"
    return f"{len(fact.session_ids)} sessions"


def render_sources(citations: list[Citation], advisor: Advisor) -> None:
    """Marker [n] is citations[n-1]; one expander per source with the card's text."""
    st.markdown("**Sources**")
    for n, c in enumerate(citations, start=1):
        with st.expander(f"[{n}] {md(c.title)} · {md(c.section)}"):
            card = _card(advisor, c.id)
            if card is None:
                st.caption(f"Card {md(c.id)} is no longer in the knowledge base.")
            else:
                st.markdown(card.as_markdown())  # escaped piece by piece
                st.caption(f"{md(section_label(c.section))} · card id: {md(c.id)}")


def render_coverage() -> None:
    """What the advisor covers, for the sidebar."""
    st.markdown("**What I cover**")
    st.markdown("\n".join(f"- {topic}" for topic in COVERAGE))
    st.caption("Every answer cites the knowledge cards it is based on; open a source to read "
               "the card.")


def persistent_selectbox(label: str, options: Sequence[Any], state_key: str, *,
                         format_func: Callable[[Any], str] = str, help: str | None = None,
                         widget_key: str | None = None) -> Any:
    """A selectbox whose choice lives in st.session_state[state_key] for the whole session.

    Streamlit forgets a widget's state when its page is not shown; the plain key keeps the
    choice across page switches. A choice that is no longer offered falls back to the first
    option.
    """
    widget_key = widget_key or f"{state_key}__widget"
    current = st.session_state.get(state_key)
    st.session_state[widget_key] = current if current in options else options[0]

    def keep() -> None:
        st.session_state[state_key] = st.session_state[widget_key]

    choice = st.selectbox(label, options, key=widget_key, on_change=keep,
                          format_func=format_func, help=help)
    st.session_state[state_key] = choice
    return choice


def render_store_selector(names: Sequence[str], state_key: str) -> str | None:
    """The chat's "Store data" choice (sidebar): a stored store's name, or None."""
    choice = persistent_selectbox(
        "Store data", [NO_STORE, *names], state_key,
        help="Pick a store to weave its own numbers (conversion, GMV per fee, returning "
             "buyers…) into the answers. Manage stores on the Store page.")
    if choice != NO_STORE:
        st.caption(f"Answers will use the numbers of store {md(choice)} where they bear on the "
                   "question, each with its definition.")
        return str(choice)
    if names:
        st.caption("Answers use the knowledge cards only. Pick a store to bring in its numbers.")
    else:
        st.caption("No store data yet: import your own files or install the demo stores on "
                   "the Store page.")
        st.page_link(STORE_PAGE, label="Open the Store page", icon=":material/storefront:")
    return None


def _card(advisor: Advisor, card_id: str) -> GuidanceCard | None:
    try:
        return advisor.card(card_id)
    except KeyError:
        return None


def _total_ms(answer: Answer) -> str:
    total = answer.timings_ms.get("total")
    return f"{total:.0f} ms" if total is not None else "time not measured"
