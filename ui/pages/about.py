"""What I cover: every knowledge card, grouped by section of the source article."""

from itertools import groupby

import streamlit as st

from advisor.text import escape_markdown as md
from ui.components import card_markdown
from ui.i18n import current_lang, t
from ui.labels import section_label, topic_label
from ui.resources import get_advisor

st.title(t("page.about"))
st.markdown(t("about.intro"))

cards = get_advisor().list_cards()
lang = current_lang()
topic_sep = "、" if lang == "zh" else ", "
for section, group in groupby(cards, key=lambda c: c.section):
    st.subheader(section_label(section))
    for card in group:
        with st.expander(md(card.text(lang).title)):
            st.markdown(card_markdown(card))
            st.caption(t("about.card_caption", id=md(card.id),
                         topics=topic_sep.join(md(topic_label(x)) for x in card.topics)))
