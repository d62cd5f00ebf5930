"""The UI's one string catalogue (ui/strings.yaml, en + zh) and the session's language.

Every user-visible string of the pages goes through t(key, **fmt). The catalogue is read
once, on first use. The UI language is the session's choice (sidebar switch), first taken
from `?lang=` or the browser's language. It only decides the labels: an answer's language
follows its question (DESIGN §12).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from string import Formatter

import streamlit as st
import yaml
from streamlit.runtime.scriptrunner import get_script_run_ctx

LANGS = ("en", "zh")
LANG_NAMES = {"zh": "中文", "en": "English"}  # each in its own language, never translated
DEFAULT_LANG = "en"
LANG_KEY = "ui_lang"  # the session's UI language
LANG_WIDGET = "ui_lang__widget"
CATALOGUE_PATH = Path(__file__).with_name("strings.yaml")


class CatalogueError(ValueError):
    """The catalogue file is malformed: names the key and what is wrong."""


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """key -> {lang: text}, read from ui/strings.yaml and checked (cached for the process)."""
    return load_catalogue(CATALOGUE_PATH.read_text(encoding="utf-8"), CATALOGUE_PATH.name)


def load_catalogue(text: str, source: str = "catalogue") -> dict[str, dict[str, str]]:
    """Parse and check a catalogue: every key has a non-empty text in every language, with
    the same {placeholders} in each."""
    raw = yaml.safe_load(text)
    if not isinstance(raw, dict):
        raise CatalogueError(f"{source}: expected a mapping of keys to {{en, zh}} texts")
    entries: dict[str, dict[str, str]] = {}
    for key, texts in raw.items():
        if not isinstance(texts, dict):
            raise CatalogueError(f"{source}: key {key!r} is not a mapping of languages")
        missing = [lang for lang in LANGS if not str(texts.get(lang) or "").strip()]
        if missing:
            raise CatalogueError(f"{source}: key {key!r} has no text in {', '.join(missing)}")
        if len({frozenset(placeholders(str(texts[lang]))) for lang in LANGS}) > 1:
            raise CatalogueError(f"{source}: key {key!r} has different placeholders per "
                                 "language")
        entries[str(key)] = {lang: str(texts[lang]) for lang in LANGS}
    return entries


def placeholders(text: str) -> set[str]:
    """The {names} a catalogue text expects."""
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def has(key: str) -> bool:
    return key in catalogue()


def text(key: str, lang: str, **fmt: object) -> str:
    """The catalogue's text for `key` in `lang`, formatted with `fmt`."""
    try:
        entry = catalogue()[key]
    except KeyError:
        raise KeyError(f"UI string {key!r} is not in {CATALOGUE_PATH.name}") from None
    chosen = entry[lang if lang in LANGS else DEFAULT_LANG]
    return chosen.format(**fmt) if fmt else chosen


def t(key: str, **fmt: object) -> str:
    """The text for `key` in the session's UI language. Values in `fmt` that come from a
    user, a store file or a card must already be escaped (advisor.text.escape_markdown)."""
    return text(key, current_lang(), **fmt)


def tn(key: str, n: int, **fmt: object) -> str:
    """A counted text: `key.one` for 1, else `key.many`; `{n}` is the count, formatted."""
    return t(f"{key}.{'one' if n == 1 else 'many'}", n=f"{n:,}", **fmt)


# --- the session's language ----------------------------------------------------------------

def default_lang(query: str | None, locale: str | None) -> str:
    """The first language of a session: `?lang=` if it names one, else the browser's
    (zh, zh-CN, zh-Hant-TW… -> zh), else English."""
    for candidate in (query, locale):
        code = (candidate or "").strip().lower().replace("_", "-").split("-")[0]
        if code in LANGS:  # an unknown ?lang= falls back to the browser's language
            return code
    return DEFAULT_LANG


def current_lang() -> str:
    """The session's UI language; English outside a Streamlit run (e.g. in unit tests)."""
    if get_script_run_ctx() is None:
        return DEFAULT_LANG
    lang = st.session_state.get(LANG_KEY)
    if lang not in LANGS:
        lang = default_lang(_query_lang(), st.context.locale)
        st.session_state[LANG_KEY] = lang
    return str(lang)


def _query_lang() -> str | None:
    value = st.query_params.get("lang")
    return value if isinstance(value, str) else None


def set_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"UI language {lang!r}: expected one of {', '.join(LANGS)}")
    st.session_state[LANG_KEY] = lang


def render_language_switch() -> str:
    """The 中文 / English switch (sidebar); the choice lasts the session and goes into the
    URL (`?lang=`), so a reload keeps it."""
    current = current_lang()
    st.session_state[LANG_WIDGET] = current

    def keep() -> None:
        chosen = st.session_state.get(LANG_WIDGET) or current  # a click on the chosen one
        set_lang(chosen)
        st.query_params["lang"] = chosen

    st.segmented_control(t("lang.switch"), list(reversed(LANGS)), key=LANG_WIDGET,
                         format_func=LANG_NAMES.__getitem__, on_change=keep,
                         label_visibility="collapsed")
    return current


def labels(keys: Mapping[str, str]) -> dict[str, str]:
    """{id: t(key)} for a mapping of ids to catalogue keys (e.g. table columns)."""
    return {name: t(key) for name, key in keys.items()}
