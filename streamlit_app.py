"""Entry point: page config and navigation only; the pages live in ui/pages."""

import streamlit as st

st.set_page_config(page_title="Live-Commerce Advisor", page_icon="🛍️", layout="centered")

st.navigation([
    st.Page("ui/pages/chat.py", title="Chat", icon=":material/chat:", default=True),
    st.Page("ui/pages/about.py", title="What I cover", icon=":material/menu_book:"),
]).run()
