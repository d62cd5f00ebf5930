"""Every card in the knowledge base is named in `expect.cards` by at least two eval cases."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from advisor.evals.cases import load_cases
from advisor.models import GuidanceCard

ROOT = Path(__file__).resolve().parents[3]
CASES_DIR = ROOT / "evals" / "cases"
MIN_CASES_PER_CARD = 2


def test_every_card_is_named_by_at_least_two_cases(cards: list[GuidanceCard]) -> None:
    named = Counter(card_id for case in load_cases(CASES_DIR) for card_id in set(case.expect.cards))
    thin = [f"{card.id} ({named[card.id]})" for card in cards
            if named[card.id] < MIN_CASES_PER_CARD]
    assert not thin, (f"cards named in expect.cards by fewer than {MIN_CASES_PER_CARD} eval "
                      f"cases (add cases that should retrieve them): {', '.join(thin)}")


def test_cases_name_only_cards_that_exist(cards: list[GuidanceCard]) -> None:
    ids = {card.id for card in cards}
    unknown = sorted({(case.id, card_id) for case in load_cases(CASES_DIR)
                      for card_id in case.expect.cards if card_id not in ids})
    assert not unknown, f"cases naming cards that are not in the knowledge base: {unknown}"
