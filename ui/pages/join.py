"""Join page: a participant opens the trainer's link (`?join=CODE`), gives a display name and
gets a private workspace; the page also says plainly what the trainer will see."""

import streamlit as st

from advisor.text import escape_markdown as md
from advisor.workspaces.model import UnknownWorkspace, WorkshopClosed
from ui.i18n import t
from ui.workspace import JOIN_PARAM, PROBLEM_KEY, enter, workshops

st.title(t("join.title"))
if problem := st.session_state.pop(PROBLEM_KEY, None):
    st.warning(t(problem), icon=":material/link_off:")

code = st.query_params.get(JOIN_PARAM) or ""
if not code:
    st.markdown(t("join.no_code"))
    code = st.text_input(t("join.code"), max_chars=20, key="join_code_input").strip()
workshop = workshops().workshop_of_code(code) if code else None
if code and workshop is None:
    st.error(t("join.unknown_code", code=md(code)), icon=":material/error:")
    st.stop()
if workshop is None:
    st.stop()

st.markdown(t("join.workshop", workshop=md(workshop)))
st.info(t("join.privacy"), icon=":material/visibility:")
with st.form("join_form"):
    name = st.text_input(t("join.name"), max_chars=40, placeholder=t("join.name_placeholder"))
    submitted = st.form_submit_button(t("join.button"), type="primary")
if submitted:
    try:
        joined = workshops().join(code, name)
    except (UnknownWorkspace, WorkshopClosed) as exc:
        st.error(t("join.failed", reason=md(exc)))
    except ValueError as exc:  # the display name: empty, too long, control characters
        st.error(t("join.bad_name", reason=md(exc)))
    else:
        enter(joined.token)
        st.rerun()
