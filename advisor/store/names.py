"""Store names (DESIGN §4): NFKC-normalised, one script, and never a lookalike of another."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_NAME = 64
# Latin letters (ASCII and the accented letters of Latin-1 and Latin Extended-A) or CJK (Han
# and kana), each with digits, '-' and '_'. Mixing the two, or any other script (Cyrillic,
# Greek, …), is refused: that is what makes `demo-сosmetics` (Cyrillic с) impossible.
_LATIN = re.compile(r"[A-Za-z0-9_\-\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f]+")
_CJK = re.compile(r"[0-9_\-\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_RULE = (f"use 1-{MAX_NAME} letters of one script (Latin, or Chinese/Japanese characters), "
         "digits, '-' or '_' (no spaces)")
# Characters that look alike in a store list: folded together when names are compared.
_CONFUSABLE = str.maketrans({"0": "o", "1": "l", "i": "l", "ı": "l", "_": "-"})
_CONFUSABLE_PAIRS = (("rn", "m"), ("vv", "w"))


def normalize_store_name(name: object) -> str:
    """The name in its stored form (NFKC, trimmed); ValueError when it breaks the rule."""
    if not isinstance(name, str):
        raise ValueError(f"store name {name!r} is not valid: {_RULE}")
    text = unicodedata.normalize("NFKC", name).strip()
    if not 1 <= len(text) <= MAX_NAME or not (_LATIN.fullmatch(text) or _CJK.fullmatch(text)):
        raise ValueError(f"store name {name!r} is not valid: {_RULE}")
    return text


def fold_store_name(name: str) -> str:
    """The key two names collide on: case, width, accents and lookalike characters folded."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_CONFUSABLE)
    for pair, single in _CONFUSABLE_PAIRS:
        text = text.replace(pair, single)
    return text


def lookalike(name: str, existing: Iterable[str]) -> str | None:
    """An existing store other than `name` itself whose name folds onto the same key."""
    key = fold_store_name(name)
    return next((other for other in existing
                 if other != name and fold_store_name(other) == key), None)
