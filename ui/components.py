"""Rendering helpers: answers, sources, the sidebar. Text is Markdown only, never HTML; every
string from a user, a store file or a card goes through advisor.text.escape_markdown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from advisor import Advisor, Answer, Citation, GuidanceCard, StoreFact
from advisor.text import escape_markdown as md
from ui.i18n import current_lang, t
from ui.labels import section_label, topic_label

COVERAGE_ITEMS = 8  # catalogue keys coverage.1 … coverage.8
SUGGESTIONS = 5  # catalogue keys chat.suggest.1 … chat.suggest.5
STORE_PAGE = "ui/pages/store.py"
NO_STORE = ""  # the store choice's "none" option (a selectbox value of None would show empty)


def suggested_questions() -> list[str]:
    """The chat's suggested questions in the UI language (natural merchant questions)."""
    return [t(f"chat.suggest.{i}") for i in range(1, SUGGESTIONS + 1)]


def render_user_message(text: str) -> None:
    with st.chat_message("user"):
        st.markdown(md(text))


def render_answer(answer: Answer, advisor: Advisor) -> None:
    """One assistant answer: note, text, store facts, numbered sources and a status caption."""
    # answer.text is the library's Markdown: its structure is the composer's own, and every
    # card sentence, store value and echoed user phrase in it went through escape_markdown.
    if answer.scope == "out":
        st.markdown(answer.text)
        st.caption(t("answer.outside", ms=_total_ms(answer)))
        return
    # A low-confidence answer says so in its own text; the caption below repeats the flag.
    st.markdown(answer.text)
    if answer.facts:
        render_facts(answer.facts)
    if answer.citations:
        render_sources(answer.citations, advisor)
    st.caption(t("answer.caption", topic=topic_label(answer.topic), store=_store_note(answer),
                 confidence=t(f"answer.confidence.{answer.confidence}"),
                 ms=_total_ms(answer)))


def _store_note(answer: Answer) -> str:
    return t("answer.store", store=md(answer.store)) if answer.store else t("answer.no_store")


def render_facts(facts: list[StoreFact]) -> None:
    """Each number with the sessions it covers and its definition."""
    st.markdown(t("facts.title"))
    st.markdown("\n".join(f"- **{md(f.name)}** ({md(fact_scope(f))}): {md(f.display)} — "
                          f"{md(f.definition)}" for f in facts))


def fact_scope(fact: StoreFact) -> str:
    """Which sessions a number covers: one session by id, a group by its size, or the store."""
    if not fact.session_ids:
        return t("fact.scope.store")
    if len(fact.session_ids) == 1:
        return t("fact.scope.session", id=fact.session_ids[0])
    return t("fact.scope.sessions", n=len(fact.session_ids))


def render_sources(citations: list[Citation], advisor: Advisor) -> None:
    """Marker [n] is citations[n-1]; one expander per source with the card's text."""
    st.markdown(t("sources.title"))
    for n, c in enumerate(citations, start=1):
        with st.expander(f"[{n}] {md(c.title)} · {md(c.section)}"):
            card = _card(advisor, c.id)
            if card is None:
                st.caption(t("sources.gone", id=md(c.id)))
            else:
                st.markdown(card_markdown(card))
                st.caption(t("sources.card_caption", section=md(section_label(c.section)),
                             id=md(c.id)))


def card_markdown(card: GuidanceCard) -> str:
    """The card as readable Markdown in the UI language (English where it has no Chinese
    fields); every card sentence escaped."""
    text = card.text(current_lang())
    parts = [t("card.advice", text=md(text.advice)), t("card.why", text=md(text.why))]
    for key, items in (("card.do", text.do), ("card.dont", text.dont)):
        if items:
            parts.append(t(key) + "\n" + "\n".join(f"- {md(item)}" for item in items))
    if text.data_note:
        parts.append(t("card.data_note", text=md(text.data_note)))
    return "\n\n".join(parts)


def render_coverage() -> None:
    """What the advisor covers, for the sidebar."""
    st.markdown(t("coverage.title"))
    st.markdown("\n".join(f"- {t(f'coverage.{i}')}" for i in range(1, COVERAGE_ITEMS + 1)))
    st.caption(t("coverage.note"))


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
    # NO_STORE ("") stands for "no store": shown in the UI language, and no store is named "".
    # The label is read now: format_func may also be called outside this run (AppTest).
    none = t("store_choice.none")
    choice = persistent_selectbox(
        t("store_choice.label"), [NO_STORE, *names], state_key, help=t("store_choice.help"),
        format_func=lambda name: none if name == NO_STORE else str(name))
    if choice != NO_STORE:
        st.caption(t("store_choice.chosen", store=md(choice)))
        return str(choice)
    if names:
        st.caption(t("store_choice.cards_only"))
    else:
        st.caption(t("store_choice.empty"))
        st.page_link(STORE_PAGE, label=t("link.store_page"), icon=":material/storefront:")
    return None


def _card(advisor: Advisor, card_id: str) -> GuidanceCard | None:
    try:
        return advisor.card(card_id)
    except KeyError:
        return None


def _total_ms(answer: Answer) -> str:
    total = answer.timings_ms.get("total")
    return t("answer.ms", ms=f"{total:.0f}") if total is not None else t("answer.no_time")
