"""Process-wide resources shared by every session (per-user data lives in st.session_state)."""

from __future__ import annotations

import streamlit as st

from advisor import Advisor, Settings, build_advisor


def get_advisor() -> Advisor:
    """The advisor for the current settings, built once per process and shared by all users."""
    return _cached_advisor(Settings.from_env())


@st.cache_resource(show_spinner="Loading the knowledge base…")
def _cached_advisor(settings: Settings) -> Advisor:
    # Keyed on the (frozen) settings, so a changed ADVISOR_* environment builds a new one.
    advisor = build_advisor(settings)
    advisor.warm_up()  # pay the model load here, under the spinner, not in the first answer
    return advisor
