"""The answer plan (one verdict) and the runtime checks every answer passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.knowledge import load_cards
from advisor.models import Answer, Citation, Finding, StoreFact
from advisor.plan import AnswerPlan, Verdict, guidance_verdict, make_plan, store_verdict
from advisor.understand import understand
from advisor.verify import citation_problems, unsourced_numbers, verify
from tests.unit.unit_fakes import scored

ROOT = Path(__file__).resolve().parents[2]
CARDS = {c.id: c for c in load_cards(ROOT / "knowledge" / "guidance")}


def ranked(*ids: str) -> list:
    return [scored(CARDS[i], 0.8 - n * 0.1) for n, i in enumerate(ids)]


def plan_for(question: str, topic: str, *ids: str, findings: tuple[Finding, ...] = (),
             low: bool = False) -> AnswerPlan:
    from dataclasses import replace

    u = replace(understand(question), topic=topic)
    return make_plan(u, "should", ranked(*ids), list(findings), low, CARDS)


@pytest.mark.parametrize(("question", "card", "kind"), [
    ("Should we jump on trending topics to pull in more viewers?", "dont-chase-hot-spots", "no"),
    ("Should we stop chasing trending memes?", "dont-chase-hot-spots", "yes"),
    ("Should I focus my streams on customers who already bought from us?",
     "old-customers-first", "yes"),
    ("Should I hire a celebrity?", "celebrity-measure-dont-hope", "no"),
    ("Should our host follow a script full of sales tricks?", "sincerity-over-routines", "no"),
])
def test_yes_or_no_from_the_lead_card(question: str, card: str, kind: str) -> None:
    assert guidance_verdict(question, ranked(card)).kind == kind


def test_which_of_two_hosts_picks_one_of_the_two() -> None:
    plan = plan_for("Me or a pro host — which one? I have no time at all.", "anchor",
                    "anchor-owner-vs-pro", "cultivate-your-own-anchor")
    assert plan.host is not None and plan.host.option == "professional"
    assert "cultivate-your-own-anchor" not in {s.card.id for s in plan.cards}


def test_should_i_host_gets_yes_or_no() -> None:
    shy = plan_for("Should I host our streams myself? I'm shy on camera.", "anchor",
                   "anchor-store-owner-first", "anchor-owner-vs-pro")
    assert shy.verdict.label == "No —" and shy.host is not None and shy.host.option == "staff"
    keen = plan_for("Should I host our streams myself?", "anchor", "anchor-owner-vs-pro")
    assert keen.verdict.label == "Yes —"


def _fact(metric: str, value: float, display: str) -> StoreFact:
    return StoreFact(metric, value, display, "", ("s1",))


def test_the_store_verdict_leads_on_margin_after_fee() -> None:
    lost = Finding("It lost money.", (_fact("margin_after_fee", -184000.0, "-¥184,000"),))
    other = Finding("Other.", (_fact("conversion", 0.02, "2.0%"),))
    lead, verdict = store_verdict([other, lost])
    assert lead == (lost,) and verdict.kind == "no"
    plan = plan_for("Was the celebrity worth it?", "celebrity", "celebrity-not-the-norm",
                    findings=(other, lost))
    assert plan.lead_findings == (lost,) and plan.findings == (other,)


@pytest.mark.parametrize(("roi", "kind"), [(5.5, "yes"), (1.2, "no"), (2.0, "only_if")])
def test_without_costs_the_store_verdict_reads_gmv_per_yuan_of_fee(roi: float, kind: str) -> None:
    assert store_verdict([Finding("x", (_fact("fee_roi", roi, f"{roi}"),))])[1].kind == kind


def test_a_booking_the_merchant_describes_gets_only_if_in_their_words() -> None:
    plan = plan_for("We paid a singer 30k and sold 12 boxes. Was it worth it?", "celebrity",
                    "celebrity-measure-dont-hope")
    assert plan.verdict.kind == "only_if"
    assert "12 boxes" in plan.verdict.label and "30k" in plan.verdict.label


def test_a_gap_is_the_verdict() -> None:
    plan = plan_for("How big a discount should our live deal be?", "general", "live-sales-logic")
    assert plan.verdict.kind == "gap" and plan.low_confidence


def _answer(text: str, cited: tuple[str, ...] = ("play-what-you-sell",),
            facts: tuple[StoreFact, ...] = ()) -> Answer:
    return Answer("Should I keep my stream on topic?", text, "in", "off_topic",
                  [Citation(c, CARDS[c].title, CARDS[c].section, 0.8) for c in cited],
                  list(facts))


def test_verify_passes_a_grounded_answer_and_records_it() -> None:
    plan = plan_for("Should I keep my stream on topic?", "off_topic", "play-what-you-sell")
    text = f"**{plan.verdict.label}** {CARDS['play-what-you-sell'].advice} [1]"
    checked = verify(_answer(text), plan, CARDS)
    assert checked.checks["outcome"] == "ok" and checked.text == text


def test_verify_drops_a_sentence_with_an_invented_number() -> None:
    plan = plan_for("Should I keep my stream on topic?", "off_topic", "play-what-you-sell")
    text = (f"**{plan.verdict.label}** {CARDS['play-what-you-sell'].advice} [1] "
            "Most merchants double sales in 37 days.")
    assert unsourced_numbers(_answer(text), CARDS) == ["37"]
    checked = verify(_answer(text), plan, CARDS)
    assert checked.checks["numbers"] == "repaired" and "37" not in checked.text


def test_verify_falls_back_when_citations_are_broken() -> None:
    plan = plan_for("Should I keep my stream on topic?", "off_topic", "play-what-you-sell")
    broken = _answer("Stay on topic. [2]")
    assert citation_problems(broken, CARDS)
    checked = verify(broken, plan, CARDS)
    assert checked.checks["outcome"] == "fallback"
    assert checked.text.endswith("[1]") and not citation_problems(checked, CARDS)


def test_verify_flags_a_card_arguing_for_another_host() -> None:
    plan = plan_for("Who should host? I'm shy on camera.", "anchor", "cultivate-your-own-anchor")
    answer = _answer("**Staff you cultivate** should host. [1] Owner first. [2]",
                     ("cultivate-your-own-anchor", "anchor-store-owner-first"))
    assert verify(answer, plan, CARDS).checks["verdict"] == "failed"


def test_verdict_line() -> None:
    assert Verdict("no", "No —").line == "No"
    assert Verdict("pick", option="staff").line == "pick staff"
    assert Verdict("none").line is None


def test_too_few_sessions_per_host_type_is_said_and_no_data_pick_is_made() -> None:
    few = Finding("Your owner-hosted sessions (2) converted 3.0% of viewers, ¥40 per thousand "
                  "viewers, but that is too few sessions to compare.", kind="too_few")
    plan = plan_for("Who should host our streams?", "anchor", "anchor-owner-vs-pro",
                    findings=(few,))
    assert plan.host is not None and not plan.host.evidence
    assert any("too few sessions" in r for r in plan.host.reasons)
