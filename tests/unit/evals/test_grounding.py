"""Fact accuracy against the independent reference (advisor.evals.reference), and number
provenance."""

from __future__ import annotations

import dataclasses

import pytest

from advisor.evals.grounding import (
    fact_accuracy,
    fact_values,
    no_numbers,
    number_provenance,
    number_tokens,
    recompute,
    ungrounded_numbers,
)
from advisor.evals.reference import Reference, from_store_data
from advisor.evals.results import EvalContext
from advisor.models import StoreFact
from advisor.store.demo import generate_demo_store
from advisor.store.facts import select_findings
from advisor.store.metrics import StoreMetrics, format_metric
from tests.unit.evals.helpers import card_texts, make_answer, make_case

STORE = "demo-home-furnishing"


_REFS: dict[str, Reference] = {}


def REF() -> Reference:  # noqa: N802 - one shared reference of the home demo store
    if STORE not in _REFS:
        _REFS[STORE] = from_store_data(generate_demo_store(STORE))
    return _REFS[STORE]


def make_context(metrics: StoreMetrics | None = None) -> EvalContext:
    """The context the runner builds: the independent reference, never the code under test."""
    return EvalContext(card_texts(), lambda name: REF())


def store_answer(metrics: StoreMetrics, topic: str) -> tuple[str, list[StoreFact]]:
    """The text and facts the real findings give for a topic (what the advisor would show)."""
    findings = select_findings(metrics, topic)
    facts = list(dict.fromkeys(f for finding in findings for f in finding.facts))
    text = "Advice. [1]\n\n**In your store.** " + " ".join(f.sentence for f in findings)
    return text, facts


def check(metrics: StoreMetrics, text: str, facts: list[StoreFact], *expected: str,
          question: str = "Was the celebrity worth it?") -> object:
    case = make_case(store=STORE, facts=list(expected), question=question)
    answer = make_answer(text=text, facts=facts)
    return fact_accuracy(case, answer, make_context(metrics))


@pytest.mark.parametrize("topic", ["celebrity", "anchor", "off_topic", "old_customers",
                                   "general"])
def test_real_findings_pass(home_metrics: StoreMetrics, topic: str) -> None:
    text, facts = store_answer(home_metrics, topic)
    metrics = sorted({f.metric for f in facts})
    result = check(home_metrics, text, facts, *metrics)
    assert result.passed is True, result.detail  # type: ignore[attr-defined]


def test_missing_fact(home_metrics: StoreMetrics) -> None:
    text, facts = store_answer(home_metrics, "celebrity")
    result = check(home_metrics, text, facts, "conversion", "click_rate")
    assert result.passed is False and result.score == 0.5  # type: ignore[attr-defined]
    assert "no click_rate fact in the answer" in result.detail  # type: ignore[attr-defined]


def test_fact_display_missing_from_text(home_metrics: StoreMetrics) -> None:
    text, facts = store_answer(home_metrics, "celebrity")
    roi = next(f for f in facts if f.metric == "fee_roi")
    result = check(home_metrics, text.replace(roi.display, "about one"), facts, "fee_roi")
    assert result.passed is False
    assert f"display {roi.display!r} is not in the text" in result.detail  # type: ignore[attr-defined]


def test_fact_value_wrong_against_recomputed(home_metrics: StoreMetrics) -> None:
    text, facts = store_answer(home_metrics, "celebrity")
    conv = next(f for f in facts if f.metric == "conversion")
    wrong = dataclasses.replace(conv, value=conv.value * 1.01)  # type: ignore[operator]
    facts = [wrong if f is conv else f for f in facts]
    result = check(home_metrics, text, facts, "conversion")
    assert result.passed is False
    assert "but the reference says" in result.detail  # type: ignore[attr-defined]


def test_fact_over_the_wrong_sessions(home_metrics: StoreMetrics) -> None:
    """A group fact labelled with other sessions no longer equals what those sessions give."""
    text, facts = store_answer(home_metrics, "anchor")
    conv = next(f for f in facts if f.metric == "conversion" and len(f.session_ids) > 1)
    moved = dataclasses.replace(conv, session_ids=conv.session_ids[1:])
    facts = [moved if f is conv else f for f in facts]
    assert check(home_metrics, text, facts, "conversion").passed is False  # type: ignore[attr-defined]


def test_display_rounding_must_match(home_metrics: StoreMetrics) -> None:
    sid = str(home_metrics.sessions.index[0])
    value = float(home_metrics.sessions.loc[sid, "conversion"])
    bad_display = f"{value * 100:.2f}%"
    fact = StoreFact("conversion", value, bad_display, "", (sid,))
    result = check(home_metrics, f"It converted {bad_display}.", [fact], "conversion")
    assert result.passed is False
    assert format_metric("conversion", value) in result.detail  # type: ignore[attr-defined]


def test_store_level_and_all_sessions_facts(home_metrics: StoreMetrics) -> None:
    ids = tuple(str(i) for i in home_metrics.sessions.index)
    ref = REF()
    assert recompute(ref, "repurchase_rate", ()) == pytest.approx(
        home_metrics.store["repurchase_rate"])
    assert recompute(ref, "live_gmv_share", ids) == pytest.approx(
        home_metrics.store["live_gmv_share"])
    assert recompute(ref, "conversion", ids) == pytest.approx(
        home_metrics.store["conversion"], rel=1e-12)
    with pytest.raises(LookupError):
        recompute(ref, "live_gmv_share", ids[:2])
    with pytest.raises(LookupError):
        recompute(ref, "conversion", ("no-such-session",))


def test_a_wrong_formatter_is_caught(home_metrics: StoreMetrics) -> None:
    """A display the code under test formats wrongly (no ×100) fails against the reference."""
    sid = str(home_metrics.sessions.index[0])
    value = float(home_metrics.sessions.loc[sid, "conversion"])
    fact = StoreFact("conversion", value, f"{value:.1f}%", "", (sid,))
    result = check(home_metrics, f"It converted {fact.display}.", [fact], "conversion")
    assert result.passed is False and "the reference shows" in result.detail  # type: ignore[attr-defined]


def test_every_fact_shown_must_be_right_even_if_not_expected(home_metrics: StoreMetrics) -> None:
    text, facts = store_answer(home_metrics, "anchor")
    case = make_case(store=STORE)  # expects no facts
    ctx = make_context(home_metrics)
    good = fact_values(case, make_answer(text=text, facts=facts), ctx)
    assert good.passed is True and f"all {len(facts)} facts" in good.detail
    gpm = next(f for f in facts if f.metric == "gpm")
    bad_facts = [dataclasses.replace(f, value=f.value + 1) if f is gpm else f  # type: ignore[operator]
                 for f in facts]
    bad = fact_values(case, make_answer(text=text, facts=bad_facts), ctx)
    assert bad.passed is False and "gpm" in bad.detail
    assert bad.score == pytest.approx(1 - 1 / len(facts))
    assert fact_values(make_case(), make_answer(), ctx).passed is None


def test_facts_not_expected_is_not_applicable(home_metrics: StoreMetrics) -> None:
    result = fact_accuracy(make_case(), make_answer(), make_context(home_metrics))
    assert result.passed is None


# --- number provenance --------------------------------------------------------------------


def test_number_tokens() -> None:
    text = ("1. On 2026-03-14 you drew 52,000 viewers [2] and ¥16,699 (1.28 times); 0.4% "
            "bought.\n2. Step two, S5 and CS-S041 are ids, not numbers. ￥86.40")
    assert number_tokens(text) == ["2026-03-14", "52,000", "¥16,699", "1.28", "0.4%",
                                   "¥86.40"]


def test_numbers_from_facts_and_cited_cards_are_grounded() -> None:
    fact = StoreFact("viewers", 52000.0, "52,000", "Unique viewers.", ("HF-S23",))
    text = ("Your celebrity session drew 52,000 viewers. One stream reached 70,000 fans [1] "
            "and nights pay back 1 in 10 times [2].")
    answer = make_answer(text=text, facts=[fact],
                         citations=("live-headline-results", "celebrity-not-the-norm"))
    result = number_provenance(make_case(), answer, make_context())
    assert result.passed is True, result.detail


def test_stray_number_fails_provenance() -> None:
    answer = make_answer(text="Celebrities lift sales by 35% on average. [1]")
    result = number_provenance(make_case(), answer, make_context())
    assert result.passed is False and "35%" in result.detail


def test_number_from_an_uncited_card_is_not_grounded() -> None:
    answer = make_answer(text="A stream reached 70,000 fans. [1]")
    assert number_provenance(make_case(), answer, make_context()).passed is False


def test_numbers_the_merchant_wrote_are_grounded() -> None:
    case = make_case(question="We have 3 staff; who should host?")
    answer = make_answer(text="**For a team of 3:** let the owner host. [1]")
    assert number_provenance(case, answer, make_context()).passed is True


def test_currency_sign_optional_only_for_source_amounts() -> None:
    assert ungrounded_numbers("It cost 13,000.", ["a ¥13,000 fee"]) == []
    assert ungrounded_numbers("It cost ¥13,000.", ["13,000 viewers"]) == ["¥13,000"]


def test_no_numbers_allows_card_numbers_but_not_facts() -> None:
    case = make_case(no_numbers=True)
    fact = StoreFact("conversion", 0.02, "2.0%", "", ("S1",))
    invented = make_answer(text="Your conversion was 2.0%. [1]", facts=[fact])
    result = no_numbers(case, invented, make_context())
    assert result.passed is False and "2.0%" in result.detail
    from_card = make_answer(text="Only 1 in 10 celebrity nights pay back. [1]")
    assert no_numbers(case, from_card, make_context()).passed is True
    assert no_numbers(make_case(), invented, make_context()).passed is None
