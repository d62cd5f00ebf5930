"""Shared fixtures for the fast unit suite: the real cards, and factories for fake ones.

No embedding model, no Chroma: everything here is plain objects.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.knowledge import load_cards
from advisor.models import GuidanceCard, ScoredCard
from tests.unit.unit_fakes import make_card, scored

ROOT = Path(__file__).resolve().parents[2]
GUIDANCE_DIR = ROOT / "knowledge" / "guidance"


@pytest.fixture(scope="session")
def cards() -> list[GuidanceCard]:
    """The real knowledge base, parsed once per session."""
    return load_cards(GUIDANCE_DIR)


@pytest.fixture(scope="session")
def card_factory() -> Callable[..., GuidanceCard]:
    return make_card


@pytest.fixture(scope="session")
def scored_factory() -> Callable[..., ScoredCard]:
    return scored
