"""Entry point: the UI language, page config and navigation; the pages live in ui/pages."""

import streamlit as st

from ui.i18n import render_language_switch, t

# No page icons: `:material/…:` icons in the navigation are fetched from Google's font host,
# and the page makes no request beyond its own server (DESIGN §9). Titles are in the UI
# language; the URLs (from the file names) stay the same in both.
page = st.navigation([
    st.Page("ui/pages/chat.py", title=t("page.chat"), default=True),
    st.Page("ui/pages/store.py", title=t("page.store")),
    st.Page("ui/pages/plan_check.py", title=t("page.plan_check")),
    st.Page("ui/pages/about.py", title=t("page.about")),
    st.Page("ui/pages/evals.py", title=t("page.evals")),
])
# One page config per run: the Store dashboard's and the Evals report's tables and charts
# need the full width.
st.set_page_config(page_title=t("app.title"), page_icon="🛍️",
                   layout="wide" if page.url_path in ("store", "evals") else "centered")
with st.sidebar:
    render_language_switch()
page.run()
