"""Entry point: page config and navigation only; the pages live in ui/pages."""

import streamlit as st

page = st.navigation([
    st.Page("ui/pages/chat.py", title="Chat", icon=":material/chat:", default=True),
    st.Page("ui/pages/store.py", title="Store", icon=":material/storefront:"),
    st.Page("ui/pages/plan_check.py", title="Plan check", icon=":material/checklist:"),
    st.Page("ui/pages/about.py", title="What I cover", icon=":material/menu_book:"),
    st.Page("ui/pages/evals.py", title="Evals", icon=":material/fact_check:"),
])
# One page config per run: the Store dashboard's and the Evals report's tables and charts
# need the full width.
st.set_page_config(page_title="Live-Commerce Advisor", page_icon="🛍️",
                   layout="wide" if page.title in ("Store", "Evals") else "centered")
page.run()
