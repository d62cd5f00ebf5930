"""Host choice: constraint parsing and the deterministic recommendation rules."""

from __future__ import annotations

import pytest

from advisor.anchor import (
    OPTIONS,
    Constraints,
    asks_host_choice,
    comparison_table,
    parse_constraints,
    ranking_line,
    recommend_host,
)
from advisor.models import StoreFact


@pytest.mark.parametrize(("question", "field"), [
    ("I can only stream twice a month", "no_time"),
    ("We have no time for this", "no_time"),
    ("老板没时间", "no_time"),
    ("budget ¥2,000 a show", "tight_budget"),
    ("We're on a tight budget", "tight_budget"),
    ("预算有限", "tight_budget"),
    ("I'm shy on camera", "shy"),
    ("I'm not good on camera", "shy"),
    ("我不敢上镜", "shy"),
    ("There's no one on staff", "no_staff"),
    ("We have a big budget", "big_budget"),
    ("budget ¥50,000 a show", "big_budget"),
    ("we want a long-term host", "long_term"),
])
def test_each_phrase_sets_its_constraint(question: str, field: str) -> None:
    found = parse_constraints(question)
    assert getattr(found, field), question
    others = [k for k in ("no_time", "shy", "tight_budget", "big_budget", "no_staff", "long_term")
              if k != field]
    assert not any(getattr(found, k) for k in others), (question, found)


def test_plain_question_has_no_constraints() -> None:
    assert not parse_constraints("Who should host our live streams?").any
    assert not parse_constraints("We stream twelve times a month").no_time


def test_default_is_owner_first() -> None:
    rec = recommend_host(Constraints())
    assert rec.option == "owner"
    assert "first choice" in rec.reasons[0]


@pytest.mark.parametrize(("question", "option"), [
    ("Who should host?", "owner"),
    ("I'm shy on camera, who should host?", "staff"),
    ("I can only stream twice a month", "staff"),
    ("I'm shy but we have a big budget", "professional"),
    ("No time, big budget, but we want a long-term host", "staff"),
    ("Tight budget", "owner"),
    ("I'm shy and there's no one on staff, big budget", "professional"),
    ("I'm shy, tight budget", "staff"),
])
def test_constraints_change_the_recommendation(question: str, option: str) -> None:
    assert recommend_host(parse_constraints(question)).option == option


def test_celebrity_is_never_the_standing_host() -> None:
    for question in ("big budget", "shy, no one on staff, big budget", ""):
        assert recommend_host(parse_constraints(question)).option != "celebrity"


def _rows(**conv_ret: tuple[float, float]) -> dict[str, dict[str, StoreFact]]:
    return {k: {"conversion": StoreFact("conversion", c, f"{c * 100:.1f}%", ""),
                "returning_buyer_share": StoreFact("returning_buyer_share", r,
                                                   f"{r * 100:.1f}%", "")}
            for k, (c, r) in conv_ret.items()}


def test_store_evidence_is_quoted_from_the_facts() -> None:
    rows = _rows(owner=(0.031, 0.6), professional=(0.018, 0.35), staff=(0.015, 0.37))
    rec = recommend_host(Constraints(), rows)
    assert rec.option == "owner"
    assert "convert 3.1% against 1.8% for your professional-hosted" in rec.reasons[-1]
    assert rows["owner"]["conversion"] in rec.evidence


def test_store_data_overturns_the_default_when_another_type_wins_on_both() -> None:
    rows = _rows(owner=(0.01, 0.2), staff=(0.03, 0.5), professional=(0.02, 0.3))
    rec = recommend_host(Constraints(), rows)
    assert rec.option == "staff"
    assert "your own results favour it" in rec.reasons


def test_mixed_evidence_keeps_the_rule_choice() -> None:
    rows = _rows(owner=(0.01, 0.6), staff=(0.03, 0.2))
    assert recommend_host(Constraints(), rows).option == "owner"


def test_store_cannot_bring_back_a_ruled_out_option() -> None:
    rows = _rows(owner=(0.04, 0.6), staff=(0.015, 0.4), professional=(0.02, 0.35))
    rec = recommend_host(parse_constraints("I'm shy on camera"), rows)
    assert rec.option == "staff"
    assert "owner-hosted sessions convert best (4.0%)" in rec.reasons[-1]


def test_table_has_every_option_and_dashes_without_data() -> None:
    table = comparison_table(_rows(owner=(0.031, 0.6)))
    lines = table.splitlines()
    assert len(lines) == 2 + len(OPTIONS)
    assert "| Conversion |" in lines[0] and "3.1%" in lines[2]
    assert "—" in lines[3]
    assert "Conversion" not in comparison_table(None)


@pytest.mark.parametrize("question", [
    "Who should host our live streams?", "Should I host the streams myself?",
    "Me or a paid host for the livestream?", "谁来播比较好"])
def test_host_choice_questions_are_recognised(question: str) -> None:
    assert asks_host_choice(question)


def test_other_anchor_questions_are_not_host_choice() -> None:
    assert not asks_host_choice("What should go in a contract with a full-time streamer?")


def test_ranking_line_orders_by_conversion() -> None:
    line = ranking_line(_rows(staff=(0.015, 0.4), owner=(0.031, 0.6)))
    assert line == "By conversion, your sessions rank: owner-hosted 3.1%, staff-hosted 1.5%."
    assert ranking_line({}) == ""
