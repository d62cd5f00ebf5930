"""What I cover: every knowledge card, grouped by section of the source article."""

from itertools import groupby

import streamlit as st

from advisor.text import escape_markdown as md
from ui.labels import section_label
from ui.resources import get_advisor

st.title("What I cover")
st.markdown("My answers come from these knowledge cards. Each answer cites the cards it uses, "
            "numbered [1], [2], … in the text.")

cards = get_advisor().list_cards()
for section, group in groupby(cards, key=lambda c: c.section):
    st.subheader(section_label(section))
    for card in group:
        with st.expander(md(card.title)):
            st.markdown(card.as_markdown())  # escaped piece by piece
            st.caption(f"Topics: {md(', '.join(card.topics))} · card id: {md(card.id)}")
