"""Card stances: each card's position as patterns, checked against the cards and pinned."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from advisor.evals.cases import normalize_text
from advisor.knowledge import first_sentence
from advisor.models import GuidanceCard

PIN_HEADER = (
    "# Pinned card stances (advisor eval --pin-stances). A card whose stance differs from\n"
    "# this file fails tests/unit/evals/test_stances.py until the card and the eval cases\n"
    "# that cite it are reviewed together and the pins are rewritten.\n"
)
REVIEW_HINT = ("review the card and the eval cases that cite it together, then run "
               "`advisor eval --pin-stances` and say why in the commit")


def card_text(card: GuidanceCard) -> str:
    """Every sentence a card can put into an answer, normalised: what deny patterns must miss."""
    return normalize_text(" ".join([card.title, card.advice, card.why, *card.do, *card.dont,
                                    card.data_note]))


def affirm_matches(card: GuidanceCard, text: str) -> list[str]:
    """The card's affirm patterns found in `text` (normalised first)."""
    if card.stance is None:
        return []
    norm = normalize_text(text)
    return [p for p in card.stance.affirm if re.search(p, norm, re.IGNORECASE)]


def deny_matches(card: GuidanceCard, text: str) -> list[str]:
    """The card's deny patterns (the inverted position) found in `text` (normalised first)."""
    if card.stance is None:
        return []
    norm = normalize_text(text)
    return [p for p in card.stance.deny if re.search(p, norm, re.IGNORECASE)]


def stance_problems(cards: Sequence[GuidanceCard]) -> list[str]:
    """Why the stances do not hold: a missing stance, an affirm that misses the card's
    first advice sentence, or a deny pattern found in some card's own text."""
    problems: list[str] = []
    texts = {card.id: card_text(card) for card in cards}
    for card in cards:
        if card.stance is None:
            problems.append(f"{card.id}: no stance")
            continue
        if len(card.stance.deny) < 2:
            problems.append(f"{card.id}: stance needs at least two deny patterns")
        opening = first_sentence(card.advice)
        if not affirm_matches(card, opening):
            problems.append(f"{card.id}: no affirm pattern matches the first advice sentence "
                            f"{opening!r}")
        for pattern in card.stance.deny:
            for other_id, text in texts.items():
                found = re.search(pattern, text, re.IGNORECASE)
                if found:
                    problems.append(f"{card.id}: deny pattern {pattern!r} matches the text of "
                                    f"{other_id}: {found.group(0)!r}")
    return problems


def card_text_zh(card: GuidanceCard) -> str:
    """The card's Chinese sentences, normalised ("" for a card without Chinese fields)."""
    if card.zh is None:
        return ""
    zh = card.zh
    return normalize_text(" ".join([zh.title, zh.advice, zh.why, *zh.do, *zh.dont,
                                    zh.data_note]))


def zh_stance_problems(cards: Sequence[GuidanceCard]) -> list[str]:
    """The Chinese side of stance_problems, for cards with Chinese fields: affirm_zh must
    match the first 建议 sentence, and no deny_zh pattern may match any card's Chinese text."""
    problems: list[str] = []
    texts = {card.id: card_text_zh(card) for card in cards if card.zh is not None}
    for card in cards:
        if card.zh is None or card.stance is None:
            continue
        if not card.stance.affirm_zh or len(card.stance.deny_zh) < 2:
            problems.append(f"{card.id}: Chinese stance needs affirm_zh and two deny_zh patterns")
        opening = normalize_text(first_sentence(card.zh.advice))
        if not any(re.search(p, opening, re.IGNORECASE) for p in card.stance.affirm_zh):
            problems.append(f"{card.id}: no affirm_zh pattern matches the first 建议 sentence "
                            f"{opening!r}")
        for pattern in card.stance.deny_zh:
            for other_id, text in texts.items():
                found = re.search(pattern, text, re.IGNORECASE)
                if found:
                    problems.append(f"{card.id}: deny_zh pattern {pattern!r} matches the Chinese "
                                    f"text of {other_id}: {found.group(0)!r}")
    return problems


def current(cards: Sequence[GuidanceCard]) -> dict[str, dict[str, Any]]:
    """Card id -> {section, claim, affirm, deny} for every card that declares a stance."""
    return {card.id: {"section": card.section, "claim": card.stance.claim,
                      "affirm": list(card.stance.affirm), "deny": list(card.stance.deny)}
            for card in sorted(cards, key=lambda c: c.id) if card.stance is not None}


def pinned(path: Path | str) -> dict[str, dict[str, Any]]:
    """The pinned stances (card id -> {claim, affirm, deny}); empty when the file is absent."""
    file = Path(path)
    if not file.is_file():
        return {}
    raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{file}: pinned stances must be a mapping of card id -> stance")
    return {str(k): dict(v or {}) for k, v in raw.items()}


def pin_diff(cards: Sequence[GuidanceCard], path: Path | str) -> list[str]:
    """One line per card whose stance differs from the pinned one, or is new or removed."""
    now, pins = current(cards), pinned(path)
    lines: list[str] = []
    for card_id in sorted(set(now) | set(pins)):
        if card_id not in pins:
            lines.append(f"card {card_id} has a new stance (not pinned): {REVIEW_HINT}")
        elif card_id not in now:
            lines.append(f"card {card_id} lost its pinned stance (card or stance removed): "
                         f"{REVIEW_HINT}")
        elif now[card_id] != pins[card_id]:
            changed = ", ".join(k for k in ("section", "claim", "affirm", "deny")
                                if now[card_id].get(k) != pins[card_id].get(k))
            lines.append(f"card {card_id} changed its stance: {REVIEW_HINT} (changed: {changed})")
    return lines


def write_pins(cards: Sequence[GuidanceCard], path: Path | str) -> None:
    """Pin the cards' current stances to `path` (YAML, by card id; one pattern a line)."""
    body = yaml.safe_dump(current(cards), sort_keys=False, allow_unicode=True, width=1000)
    Path(path).write_text(PIN_HEADER + body, encoding="utf-8")
