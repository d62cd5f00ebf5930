"""The session's workspace (DESIGN §13): the local one, or a participant's from `?ws=TOKEN`.

The token stays in the URL (navigation clears query parameters, so every run puts it back):
a reload restores the participant's conversation. A shared workshop server turns the local
workspace off (ADVISOR_LOCAL_WORKSPACE=false): a visitor without a token must join first.
"""

from __future__ import annotations

import streamlit as st

from advisor import Settings
from advisor.store.db import StoreDB
from advisor.text import escape_markdown as md
from advisor.workspaces.access import open_workshops
from advisor.workspaces.model import LOCAL_WORKSPACE, Exercise, UnknownWorkspace, Workspace
from advisor.workspaces.registry import Workshops
from ui.i18n import t

TOKEN_PARAM = "ws"
JOIN_PARAM = "join"
TOKEN_KEY = "workspace_token"  # the session's token, kept across page switches
PROBLEM_KEY = "workspace_problem"  # why the URL's token opened nothing (for the join page)
WORKSPACE_KEY = "workspace"  # the Workspace this run works in (set by current_workspace)


def workshops() -> Workshops:
    return _cached_workshops(Settings.from_env())


@st.cache_resource(show_spinner=False)
def _cached_workshops(settings: Settings) -> Workshops:
    return open_workshops(settings)


def current_workspace() -> Workspace | None:
    """The session's workspace; None when the visitor must join a workshop first."""
    workspace = _find_workspace()
    st.session_state[WORKSPACE_KEY] = workspace
    return workspace


def _find_workspace() -> Workspace | None:
    token = st.query_params.get(TOKEN_PARAM) or st.session_state.get(TOKEN_KEY)
    if token:
        try:
            # Checked on every run (one indexed read): a token that stops opening its
            # workspace stops working at once.
            workspace = workshops().workspace(token)
        except UnknownWorkspace:
            st.session_state.pop(TOKEN_KEY, None)
            st.session_state[PROBLEM_KEY] = "join.bad_token"
            st.query_params.pop(TOKEN_PARAM, None)
            return None
        st.session_state[TOKEN_KEY] = token
        if st.query_params.get(TOKEN_PARAM) != token:
            st.query_params[TOKEN_PARAM] = token
        return workspace
    if st.query_params.get(JOIN_PARAM) or not Settings.from_env().local_workspace:
        return None
    return LOCAL_WORKSPACE


def session_workspace() -> Workspace:
    """The workspace of this run (pages run only once current_workspace() found one)."""
    workspace = st.session_state.get(WORKSPACE_KEY)
    if workspace is None:  # a page reached without one: never fall back to local
        raise RuntimeError("no workspace in this session")
    return workspace


def current_exercise() -> Exercise | None:
    """The exercise the trainer set now (read afresh: it changes while participants work)."""
    token = st.session_state.get(TOKEN_KEY)
    if not token:
        return None
    try:
        return workshops().workspace(token).exercise
    except UnknownWorkspace:
        return None


def enter(token: str) -> None:
    """Start working in the workspace this token opens (after a join)."""
    st.session_state[TOKEN_KEY] = token
    st.session_state.pop(PROBLEM_KEY, None)
    st.query_params.pop(JOIN_PARAM, None)
    st.query_params[TOKEN_PARAM] = token


def scoped(db: StoreDB) -> StoreDB:
    """The stores as the session's workspace sees them."""
    return db.within(session_workspace().scope)


def render_participant_note(workspace: Workspace) -> None:
    """Sidebar: whose workspace this is, and plainly what the trainer can see."""
    if workspace.is_local:
        return
    st.markdown(t("ws.you", name=md(workspace.display_name), workshop=md(workspace.workshop)))
    st.caption(t("ws.privacy"))
    st.caption(t("ws.bookmark"))
