"""Process-wide resources shared by every session (per-user data lives in st.session_state)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from advisor import Advisor, Settings, build_advisor
from advisor.store.db import StoreDB
from ui.i18n import t

if TYPE_CHECKING:
    from advisor.store.metrics import StoreMetrics


def get_advisor() -> Advisor:
    """The advisor for the current settings, built once per process and shared by all users."""
    # The spinner shows only when the build takes a while (the first call); cached calls
    # return well before it appears.
    with st.spinner(t("loading.advisor")):
        return _cached_advisor(Settings.from_env())


@st.cache_resource(show_spinner=False)
def _cached_advisor(settings: Settings) -> Advisor:
    # Keyed on the (frozen) settings, so a changed ADVISOR_* environment builds a new one.
    advisor = build_advisor(settings)
    # Pay the model load here, under the spinner, not in the first answer; an app serves many
    # sessions at once, so store loads also compute every topic's findings.
    advisor.warm_up(many_sessions=True)
    return advisor


def get_store_db() -> StoreDB:
    """The stores as this session's workspace sees them (cheap; no model is loaded)."""
    from ui.workspace import scoped

    return scoped(_cached_store_db(Settings.from_env()))


@st.cache_resource(show_spinner=False)
def _cached_store_db(settings: Settings) -> StoreDB:
    # One engine per process serves every session and thread. The schema is settled here,
    # on start: an embedded SQLite is migrated, a server that needs `advisor db upgrade`
    # says so at once (not cached, so the next run checks again).
    db = StoreDB.from_settings(settings)
    db.database.ensure_schema()
    return db


def store_metrics(name: str) -> StoreMetrics:
    """The store's metrics from the advisor's StoreService: computed once per imported version
    and shared with the chat's answers. Raises UnknownStore for a store that is gone (or
    that the session's workspace cannot see)."""
    service = get_advisor().stores
    if service is None:  # build_advisor always wires one; guard for hand-built advisors
        raise RuntimeError("this advisor has no store data service")  # a bug, logged
    return service.metrics(get_store_db().key_of(name))
