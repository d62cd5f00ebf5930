"""Factories for fake cards shared by the unit tests (importable; conftest.py is not)."""

from __future__ import annotations

from advisor.models import GuidanceCard, ScoredCard


def make_card(card_id: str = "fake-card", *, topics: tuple[str, ...] = ("anchor",),
              section: str = "S5", title: str | None = None, advice: str | None = None,
              why: str | None = None, do: tuple[str, ...] | None = None,
              dont: tuple[str, ...] | None = None, data_note: str = "") -> GuidanceCard:
    """A GuidanceCard whose sentences are unique to its id unless given explicitly."""
    tag = card_id.replace("-", " ")
    return GuidanceCard(
        id=card_id,
        title=title or f"Title of {tag}",
        section=section,
        topics=topics,
        advice=advice if advice is not None
        else f"Advice one for {tag}. Advice two for {tag}. Advice three for {tag}.",
        why=why if why is not None else f"Why one for {tag}. Why two for {tag}.",
        do=do if do is not None else tuple(f"Do step {n} for {tag}." for n in range(1, 4)),
        dont=dont if dont is not None else (f"Don't do this for {tag}.",),
        data_note=data_note,
    )


def scored(card: GuidanceCard, score: float, vector: float | None = None,
           keyword: float = 0.0) -> ScoredCard:
    return ScoredCard(card, score, score if vector is None else vector, keyword)
