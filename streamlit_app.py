"""Entry point: page config and navigation only; the pages live in ui/pages."""

import streamlit as st

# No page icons: `:material/…:` icons in the navigation are fetched from Google's font host,
# and the page makes no request beyond its own server (DESIGN §9).
page = st.navigation([
    st.Page("ui/pages/chat.py", title="Chat", default=True),
    st.Page("ui/pages/store.py", title="Store"),
    st.Page("ui/pages/plan_check.py", title="Plan check"),
    st.Page("ui/pages/about.py", title="What I cover"),
    st.Page("ui/pages/evals.py", title="Evals"),
])
# One page config per run: the Store dashboard's and the Evals report's tables and charts
# need the full width.
st.set_page_config(page_title="Live-Commerce Advisor", page_icon="🛍️",
                   layout="wide" if page.title in ("Store", "Evals") else "centered")
page.run()
