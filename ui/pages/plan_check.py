"""Plan check page: paste or upload a planned run-of-show, one item per line; each item is
marked on-topic, off-topic or unclear for a store, then the advice on staying on-topic.

Same code as `advisor plan-check FILE --store NAME` (advisor.plan_check); helpers live in
ui/plan_check_view.py. The plan text and the last result are per-user (st.session_state).
"""

import logging

import streamlit as st

from advisor.plan_check import flagged_line
from advisor.store.db import UnknownStore
from advisor.text import escape_markdown as md
from ui import plan_check_view as pv
from ui.components import STORE_PAGE, persistent_selectbox, render_answer
from ui.i18n import t
from ui.resources import get_advisor, get_store_db

log = logging.getLogger(__name__)
STORE_KEY = "plan_check_store"
TEXT_KEY = "plan_check_text"  # the plan text, kept across page switches
TEXT_WIDGET = "plan_check_text__widget"
UPLOAD_KEY = "plan_check_upload"
RESULT_KEY = "plan_check_result"  # the last PlanResult of this session
UPLOAD_ERROR_KEY = "plan_check_upload_error"

st.title(t("page.plan_check"))
st.caption(t("plan.caption"))

names = get_store_db().names()
if not names:
    st.info(t("plan.no_stores"), icon=":material/info:")
    st.page_link(STORE_PAGE, label=t("link.store_page"), icon=":material/storefront:")
    st.stop()


def _keep_text() -> None:
    st.session_state[TEXT_KEY] = st.session_state[TEXT_WIDGET]


def _load_upload() -> None:
    """Put an uploaded .txt plan into the text area, where it can still be edited."""
    st.session_state.pop(UPLOAD_ERROR_KEY, None)
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    try:
        text = pv.decode_upload(uploaded.getvalue())
    except ValueError as exc:
        st.session_state[UPLOAD_ERROR_KEY] = t("plan.upload_error", reason=md(exc))
        return
    st.session_state[TEXT_KEY] = st.session_state[TEXT_WIDGET] = text


store = persistent_selectbox(t("store.select"), names, STORE_KEY, help=t("plan.store_help"))

st.session_state.setdefault(TEXT_WIDGET, st.session_state.get(TEXT_KEY, ""))
text = st.text_area(t("plan.text"), key=TEXT_WIDGET, on_change=_keep_text,
                    height=200, placeholder=t("plan.placeholder"), max_chars=20_000)
st.session_state[TEXT_KEY] = text
st.file_uploader(t("plan.upload"), type=["txt"], key=UPLOAD_KEY, on_change=_load_upload,
                 help=t("plan.upload_help"))
if upload_error := st.session_state.get(UPLOAD_ERROR_KEY):
    st.error(upload_error)

# Never disabled: a disabled button would swallow the click that also commits the text area.
clicked = st.button(t("plan.check"), type="primary", icon=":material/checklist:")
if clicked and not text.strip():
    st.warning(t("plan.empty"))
elif clicked:
    try:
        with st.spinner(t("plan.spinner")):
            st.session_state[RESULT_KEY] = pv.run_check(get_advisor(), store, text,
                                                        get_store_db().key_of(store))
    except UnknownStore:
        st.session_state.pop(RESULT_KEY, None)
        st.error(t("plan.store_gone", store=md(store)))
    except ValueError as exc:
        st.session_state.pop(RESULT_KEY, None)
        st.error(t("plan.invalid", reason=md(exc)))
    except Exception:
        st.session_state.pop(RESULT_KEY, None)
        log.exception("plan check failed (store %s, %d chars)", store, len(text))
        st.error(t("plan.failed"))

result: pv.PlanResult | None = st.session_state.get(RESULT_KEY)
if result is not None:
    st.subheader(t("plan.marks"))
    stale = result.store != store or result.text != text
    st.caption(t("plan.stale" if stale else "plan.checked", store=md(result.store)))
    for column, (label, count) in zip(st.columns(3), pv.mark_counts(result.marks).items(),
                                      strict=True):
        column.metric(label, count)
    st.dataframe(pv.marks_frame(result.marks), hide_index=True, width="stretch",
                 column_config=pv.column_config())
    st.text(pv.summary(result.marks))
    if result.answer is not None:
        st.subheader(t("plan.advice"))
        flagged = flagged_line(result.marks, result.answer.lang)  # the items, by name
        if flagged:
            st.markdown(md(flagged))
        render_answer(result.answer, get_advisor())
