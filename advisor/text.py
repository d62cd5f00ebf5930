"""Small text helpers shared by retrieval, routing and composing."""

from __future__ import annotations

import re

_STOPWORDS_TEXT = """a an the and or but if then so of to in on at for from by with about into over
is are was were be been being am do does did doing have has had having i me my we our us you
your it its this that these those there their they them he she his her what which who whom how
why when where can could should would will shall may might must not no yes just very too also
any some all more most much many than as up out off only own same s t don doesn isn aren wasn
re ve ll d m get got let lets make"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())  # noqa: SIM905 - readable as prose
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[\u4e00-\u9fff]")


_HAN = re.compile(r"[\u4e00-\u9fff]")


def has_chinese(text: str) -> bool:
    """Does the text hold any Chinese (Han) character?"""
    return bool(_HAN.search(text))


def tokenize(text: str) -> list[str]:
    """Lowercase content words, light suffix stripping; each CJK character is a token."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def _stem(word: str) -> str:
    # A tiny stemmer is enough to match "streams"/"streaming"/"stream" for BM25.
    for suffix in ("ities", "ings", "ing", "ies", "ers", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ities") else "")
    return word


def normalize_sentence(text: str) -> str:
    """Sentence identity for de-duplication: lowercase words only, citation markers dropped."""
    return " ".join(re.findall(r"[a-z0-9\u4e00-\u9fff]+", re.sub(r"\[\d+\]", "", text.lower())))


# Markdown and HTML neutralised for display (DESIGN §9). CommonMark constructs (escapes, code,
# emphasis, links and images, HTML, autolinks, strikethrough, tables, LaTeX) get a backslash;
# block constructs are only possible at a line start, and the text is made one line. The
# renderer's text transforms (GFM autolinks of `http://`, `www.` and e-mail addresses,
# Streamlit's `:material/icon:` and emoji shortcodes) ignore backslashes, so an invisible
# WORD JOINER (U+2060) breaks their patterns instead. Digits, '.', ',', '%' and '-' inside
# words stay as they are, so numbers and ids read the same in the text and in the facts.
WORD_JOINER = "\u2060"
_MD_INLINE = re.compile(r"([\\`*_\[\]<>~|$&])")
_MD_SCHEME = re.compile(r"(?i)(https?|ftp|mailto|javascript|data|file|wss?)(?=:)")
_MD_WWW = re.compile(r"(?i)(www)(?=\.)")
_MD_AT = re.compile(r"(?<=\w)(?=@\w)")
_MD_SHORTCODE = re.compile(r"(?<=:)(?=[A-Za-z])")  # `:smile:`, `:material/home:`
_MD_LINE_START = re.compile(r"^(?:[#>]|[+\-=](?=\s|[+\-=\s]*$)|\d+[.)](?=\s|$))")


def escape_markdown(text: object) -> str:
    """`text` as one line of Markdown that renders as the characters typed (plus invisible
    word joiners that keep a URL, an e-mail address or a `:shortcode:` from turning live).

    The one escaper for every displayed string that comes from a user, a store file or a
    card: nothing in it can become a link, an image, HTML, a heading, emphasis or math.
    """
    line = " ".join(str(text).replace(WORD_JOINER, "").split())
    line = _MD_INLINE.sub(r"\\\1", line)
    line = _MD_SCHEME.sub(lambda m: m.group(1) + WORD_JOINER, line)
    line = _MD_WWW.sub(lambda m: m.group(1) + WORD_JOINER, line)
    line = _MD_AT.sub(WORD_JOINER, line)
    line = _MD_SHORTCODE.sub(WORD_JOINER, line)
    return _MD_LINE_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], line)
