"""The one display escaper (DESIGN §9): store, user and card text never becomes markup.

Rendered with markdown-it (CommonMark plus GFM tables and strikethrough): an escaped string
is one paragraph whose text is exactly the input (apart from invisible word joiners). What
only Streamlit's renderer does (GFM autolinks, `$` math, `:icon:` shortcodes) is checked in
the payload browser test; here, that their patterns are broken.
"""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from advisor.compose import ComposeRequest, GroundedComposer
from advisor.models import Finding
from advisor.text import WORD_JOINER, escape_markdown
from tests.unit.unit_fakes import make_card, scored

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
PAYLOADS = (
    "CELEB-![x](http://127.0.0.1:8999/p.png)",
    "[click](javascript:alert(1))",
    "<img src=http://127.0.0.1:8999/i.png onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<http://127.0.0.1:8999/autolink>",
    "**bold** _em_ ~~gone~~ `code`",
    "# Heading",
    "> quote",
    "- item",
    "1. item",
    "| a | b |",
    "$x^2$ and $$y$$",
    ":material/home: :red[colour]",
    "&lt;b&gt; &#60;i&#62;",
    "[ref]: http://127.0.0.1:8999/r",
    "line one\n\n# line two\n    code block",
    "\\*not\\* escaped",
)


def _render(markdown: str) -> tuple[set[str], str]:
    out = MD.render(markdown)
    tags = set(re.findall(r"</?([a-z0-9]+)", out))
    text = html.unescape(re.sub(r"<[^>]+>", "", out)).replace(WORD_JOINER, "")
    return tags, text.strip()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_render_as_the_characters_typed(payload: str) -> None:
    tags, text = _render(escape_markdown(payload))
    assert tags == {"p"}
    assert text == " ".join(payload.split())


TOKENS = [*"ab1 .-+*_`[]()<>!#|~$&:@/\\=\"'{}^%\n\t", "http://", "www.", "&amp;", "&#60;",
          "1. ", "- ", "***", "|---|", "![", "](", "<a href=", "店"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_any_text_renders_as_one_plain_paragraph(text: str) -> None:
    tags, shown = _render(escape_markdown(text))
    assert tags <= {"p"}
    assert shown == " ".join(text.split())


@pytest.mark.parametrize(("text", "kept"), [
    ("2.1% of ¥1,234.5", "2.1% of ¥1,234.5"), ("S-001", "S-001"), ("20:00", "20:00"),
    ("-5", "-5"), ("Note: fine", "Note: fine")])
def test_numbers_ids_and_prose_stay_readable(text: str, kept: str) -> None:
    assert escape_markdown(text) == kept


J = WORD_JOINER
GFM_AUTOLINK = re.compile(r"(?i)(?:https?|ftp)://|www\.|\w@\w")  # remark-gfm's literals
SHORTCODE = re.compile(r":[A-Za-z][\w/-]*:")  # Streamlit's :material/icon: and emoji


@pytest.mark.parametrize(("text", "escaped"), [
    ("http://x.test", f"http{J}://x.test"), ("HTTPS://x.test", f"HTTPS{J}://x.test"),
    ("www.x.test", f"www{J}.x.test"), ("a@b.test", f"a{J}@b.test"),
    (":material/home:", f":{J}material/home:"), (":smile:", f":{J}smile:"), ("$5", "\\$5"),
    (f"a{J}b", "ab")])
def test_autolinks_shortcodes_and_math_are_broken_up(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["http", "https", "://", "www", ".", "@", ":", "a", "home",
                                 "material/", " ", "x"]), max_size=20).map("".join))
def test_no_autolink_or_shortcode_pattern_survives(text: str) -> None:
    escaped = escape_markdown(text)
    assert not GFM_AUTOLINK.search(escaped) and not SHORTCODE.search(escaped)


def test_the_composer_escapes_cards_store_text_and_the_users_words() -> None:
    card = make_card("payload-card", advice="Try ![x](http://127.0.0.1:8999/a.png) now.",
                     why="Because <b>bold</b> works.", do=("Use [link](http://x.test)",),
                     dont=("# Shout",))
    finding = Finding("Session CELEB-![x](http://127.0.0.1:8999/p.png) drew 10 viewers.")
    request = ComposeRequest("what about a ![y](http://127.0.0.1:8999/q.png) shop?", "anchor",
                             "how", [scored(card, 0.9)], [finding],
                             context="a ![y](http://127.0.0.1:8999/q.png) shop")
    text = GroundedComposer().compose(request).text
    tags, _ = _render(text)
    assert not tags & {"a", "img", "b", "h1", "script"}, text
    assert "](" not in text.replace("\\](", "")
    assert f"CELEB-!\\[x\\](http{J}://127.0.0.1:8999/p.png)" in text
