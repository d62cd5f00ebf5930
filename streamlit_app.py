"""Entry point: page config and navigation only; the pages live in ui/pages."""

import streamlit as st

page = st.navigation([
    st.Page("ui/pages/chat.py", title="Chat", icon=":material/chat:", default=True),
    st.Page("ui/pages/store.py", title="Store", icon=":material/storefront:"),
    st.Page("ui/pages/about.py", title="What I cover", icon=":material/menu_book:"),
])
# One page config per run: the Store dashboard's tables and charts need the full width.
st.set_page_config(page_title="Live-Commerce Advisor", page_icon="🛍️",
                   layout="wide" if page.title == "Store" else "centered")
page.run()
