"""Trainer page: open a workshop with its trainer key; participants, a live feed of their
questions, topics asked, each participant's transcript, scenario exercises, exports, and a
projector mode in large type. Creating a workshop here is offered on the local workspace
only (a shared server's trainer uses `advisor workshop create`)."""

import streamlit as st

from advisor.text import escape_markdown as md
from advisor.workspaces.model import WrongTrainerKey
from advisor.workspaces.transcript import render_transcript
from ui import trainer_view as tv
from ui.i18n import t
from ui.resources import get_store_db
from ui.workspace import WORKSPACE_KEY, workshops

OPEN_KEY = "trainer_workshop"  # (workshop name, trainer key) once the key opened it
CREATED_KEY = "trainer_created"  # the Created of a workshop made in this session (key once)
PROJECTOR_KEY = "trainer_projector"
CLOSE_KEY = "trainer_close_pending"

st.title(t("page.trainer"))


def _open(name: str, key: str) -> None:
    try:
        workshops().show(name, key)
    except WrongTrainerKey:
        st.session_state["trainer_error"] = t("trainer.wrong_key", workshop=md(name))
        return
    st.session_state[OPEN_KEY] = (name, key)


def _create(name: str, scenarios: list[str]) -> None:
    try:
        created = workshops().create(name, scenarios, get_store_db())
    except ValueError as exc:
        st.session_state["trainer_error"] = t("trainer.create_failed", reason=md(exc))
        return
    st.session_state[CREATED_KEY] = created
    st.session_state[OPEN_KEY] = (created.workshop, created.trainer_key)


def _sign_in() -> None:
    if error := st.session_state.pop("trainer_error", None):
        st.error(error)
    names = [s.name for s in workshops().summaries() if s.is_open]
    st.subheader(t("trainer.open"))
    with st.form("trainer_open"):
        name = (st.selectbox(t("trainer.workshop"), names) if names
                else st.text_input(t("trainer.workshop"), max_chars=80))
        key = st.text_input(t("trainer.key"), type="password")
        if st.form_submit_button(t("trainer.open_button"), type="primary"):
            _open(str(name or ""), key)
            st.rerun()
    local = st.session_state.get(WORKSPACE_KEY)
    if local is not None and local.is_local:
        st.subheader(t("trainer.create"))
        with st.form("trainer_create"):
            new_name = st.text_input(t("trainer.new_name"), max_chars=80)
            scenarios = st.multiselect(t("trainer.scenarios"), get_store_db().names(),
                                       help=t("trainer.scenarios_help"))
            if st.form_submit_button(t("trainer.create_button")):
                _create(new_name, scenarios)
                st.rerun()
    else:
        st.caption(t("trainer.create_cli"))


def _workshop(name: str, key: str) -> None:
    summary = workshops().show(name, key)
    link = tv.join_link(st.context.url, summary.join_code)
    if (created := st.session_state.get(CREATED_KEY)) and created.workshop == name:
        st.warning(t("trainer.key_once"), icon=":material/key:")
        st.code(created.trainer_key, language=None)
    projector = st.toggle(t("trainer.projector"), key=PROJECTOR_KEY)
    status = t("trainer.open_status" if summary.is_open else "trainer.closed_status")
    if projector:
        _projector(name, key, summary.join_code, link)
        return
    st.markdown(t("trainer.heading", workshop=md(name), status=status))
    st.markdown(t("trainer.join", code=summary.join_code))
    st.code(link, language=None)
    feed, people, topics, exercise, export = st.tabs(
        [t("trainer.tab.feed"), t("trainer.tab.people"), t("trainer.tab.topics"),
         t("trainer.tab.exercise"), t("trainer.tab.export")])
    with feed:
        _live_feed(name, key)
    with people:
        _participants(name, key)
    with topics:
        records = workshops().transcript(name, key)
        if records:
            st.bar_chart(tv.topic_counts(records), x=t("col.topic"), y=t("col.questions"),
                         horizontal=True)
        else:
            st.caption(t("trainer.no_questions"))
    with exercise:
        _exercise(name, key)
    with export:
        _export(name, key, summary.is_open)


@st.fragment(run_every=tv.LIVE_SECONDS)
def _live_feed(name: str, key: str) -> None:
    summary = workshops().show(name, key)
    left, right = st.columns(2)
    left.metric(t("trainer.participants"), summary.participants)
    right.metric(t("trainer.questions"), summary.questions)
    records = workshops().transcript(name, key, limit=tv.FEED_TURNS)
    if not records:
        st.caption(t("trainer.no_questions"))
        return
    for record in reversed(records):
        with st.container(border=True):
            st.markdown(t("trainer.feed_line", who=md(record.participant),
                          time=record.asked_at[11:19], store=_store_note(record.store)))
            st.markdown(md(record.question))
            with st.expander(t("trainer.answer")):
                st.markdown(record.answer)  # the advisor's own Markdown, as in the chat


def _participants(name: str, key: str) -> None:
    summary = workshops().show(name, key)
    if not summary.people:
        st.caption(t("trainer.no_participants"))
        return
    st.dataframe({t("col.participant"): [p.display_name for p in summary.people],
                  t("col.id"): [p.id for p in summary.people],
                  t("col.questions"): [p.questions for p in summary.people],
                  t("col.joined"): [p.joined_at[:19] for p in summary.people]}, hide_index=True)
    who = st.selectbox(t("trainer.transcript_of"), summary.people,
                       format_func=lambda p: f"{p.display_name} ({p.id})")
    records = [r for r in workshops().transcript(name, key) if r.workspace == who.id]
    if not records:
        st.caption(t("trainer.no_questions"))
    for record in records:
        with st.chat_message("user"):
            st.markdown(md(record.question))
        with st.chat_message("assistant"):
            st.markdown(record.answer)
            st.caption(t("trainer.turn_caption", time=record.asked_at[:19],
                         store=_store_note(record.store),
                         sources=", ".join(record.sources) or "—"))


def _store_note(store: str | None) -> str:
    return t("answer.store", store=md(store)) if store else t("answer.no_store")


def _exercise(name: str, key: str) -> None:
    summary = workshops().show(name, key)
    if summary.exercise is not None:
        st.info(t("trainer.exercise_now", store=md(summary.exercise.store),
                  prompt=md(summary.exercise.prompt)))
    choices = workshops().exercise_stores(name, key)
    if not choices:
        st.caption(t("trainer.no_exercise_stores"))
        return
    with st.form("trainer_exercise"):
        store = st.selectbox(t("trainer.exercise_store"), choices)
        prompt = st.text_area(t("trainer.exercise_prompt"), value=t("trainer.exercise_default"),
                              max_chars=500)
        set_it = st.form_submit_button(t("trainer.exercise_set"), type="primary")
    if set_it:
        try:
            workshops().set_exercise(name, key, store, prompt)
        except ValueError as exc:
            st.error(t("trainer.exercise_failed", reason=md(exc)))
        else:
            st.rerun()
    if summary.exercise is not None and st.button(t("trainer.exercise_clear")):
        workshops().set_exercise(name, key, None)
        st.rerun()


def _export(name: str, key: str, is_open: bool) -> None:
    records = workshops().transcript(name, key)
    st.caption(t("trainer.export_count", n=len(records)))
    for column, (fmt, mime) in zip(st.columns(3), (("md", "text/markdown"),
                                                   ("csv", "text/csv"),
                                                   ("json", "application/json")), strict=True):
        data = render_transcript(name, records, fmt)
        column.download_button(t(f"trainer.export_{fmt}"),
                               data.encode("utf-8-sig" if fmt == "csv" else "utf-8"),
                               f"workshop-transcript.{fmt}", mime, icon=":material/download:")
    if not is_open:
        return
    if st.button(t("trainer.close"), icon=":material/lock:"):
        st.session_state[CLOSE_KEY] = True
    if st.session_state.get(CLOSE_KEY):
        st.warning(t("trainer.close_confirm"))
        if st.button(t("trainer.close_yes"), type="primary"):
            workshops().close(name, key)
            st.session_state.pop(CLOSE_KEY, None)
            st.rerun()


def _projector(name: str, key: str, code: str, link: str) -> None:
    """Large type for the room's screen: the join code, the exercise, the newest questions."""
    st.markdown(t("trainer.projector_join", code=code))
    st.markdown(t("trainer.projector_link", link=md(link)))
    _projector_feed(name, key)


@st.fragment(run_every=tv.LIVE_SECONDS)
def _projector_feed(name: str, key: str) -> None:
    summary = workshops().show(name, key)
    if summary.exercise is not None:
        st.markdown(t("trainer.projector_exercise", store=md(summary.exercise.store)))
        st.markdown(t("trainer.projector_prompt", prompt=md(summary.exercise.prompt)))
    st.markdown(t("trainer.projector_count", people=summary.participants,
                  questions=summary.questions))
    for record in reversed(workshops().transcript(name, key, limit=5)):
        st.markdown(t("trainer.projector_question", who=md(record.participant),
                      question=md(record.question)))


opened = st.session_state.get(OPEN_KEY)
if opened is None:
    _sign_in()
else:
    try:
        _workshop(*opened)
    except WrongTrainerKey:  # the workshop was removed under us
        st.session_state.pop(OPEN_KEY, None)
        st.rerun()
    if st.button(t("trainer.leave"), icon=":material/logout:"):
        st.session_state.pop(OPEN_KEY, None)
        st.session_state.pop(CREATED_KEY, None)
        st.rerun()
