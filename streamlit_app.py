"""Entry point: the UI language, the session's workspace, page config and navigation; the
pages live in ui/pages."""

import streamlit as st

from ui.i18n import render_language_switch, t
from ui.workspace import current_workspace, render_participant_note

# No page icons: `:material/…:` icons in the navigation are fetched from Google's font host,
# and the page makes no request beyond its own server (DESIGN §9). Titles are in the UI
# language; the URLs (from the file names) stay the same in both.
workspace = current_workspace()
trainer = st.Page("ui/pages/trainer.py", title=t("page.trainer"))
if workspace is None:  # a join link, or a workshop server that has no local workspace
    pages = [st.Page("ui/pages/join.py", title=t("page.join"), default=True), trainer]
else:
    pages = [
        st.Page("ui/pages/chat.py", title=t("page.chat"), default=True),
        st.Page("ui/pages/store.py", title=t("page.store")),
        st.Page("ui/pages/plan_check.py", title=t("page.plan_check")),
        st.Page("ui/pages/about.py", title=t("page.about")),
        st.Page("ui/pages/evals.py", title=t("page.evals")),
        trainer,
    ]
page = st.navigation(pages)
# One page config per run: the Store dashboard's, the Evals report's and the trainer's
# tables and charts need the full width.
st.set_page_config(page_title=t("app.title"), page_icon="🛍️",
                   layout="wide" if page.url_path in ("store", "evals", "trainer")
                   else "centered")
with st.sidebar:
    render_language_switch()
    if workspace is not None:
        render_participant_note(workspace)
page.run()
