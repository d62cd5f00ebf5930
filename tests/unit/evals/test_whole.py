"""Whole-answer evaluators on hand-made answers: each passes a good answer and fails a bad one."""

from __future__ import annotations

from dataclasses import replace

from advisor.evals import whole
from advisor.evals.results import EvalContext
from advisor.models import Stance, StoreFact
from tests.unit.evals.helpers import CARDS, card_texts, make_answer, make_case

STANCED = {cid: replace(card, stance=Stance("claim", ("exception",), ("celebrit\\w* (are|is) "
                                                                       "the norm",)))
           if cid == "celebrity-not-the-norm" else card for cid, card in CARDS.items()}
CTX = EvalContext(card_texts(), lambda name: None,  # type: ignore[arg-type,return-value]
                  STANCED, lambda name: {"S1": "owner", "S2": "owner", "S3": "professional"})
GOOD = ("**My recommendation:** Celebrity sessions are the exception, not the norm. [1]\n\n"
        "**Next steps**\n1. Expect modest results. [1]\n"
        "2. Only 1 in 10 celebrity nights pays back its fee. [1]\n\n"
        "**Avoid:** Expect modest results. [1]")


def test_stance_needs_the_lead_cards_position_and_never_its_inverse() -> None:
    case = make_case(topic="celebrity")
    assert whole.stance(case, make_answer(GOOD), CTX).passed is True
    inverted = make_answer("Celebrities are the norm, so book one. [1]")
    result = whole.stance(case, inverted, CTX)
    assert result.passed is False
    assert "inverted stance of celebrity-not-the-norm" in result.detail
    assert "never states its stance" in result.detail


def test_stance_guards_every_card_on_the_topic_even_when_not_cited() -> None:
    answer = make_answer("Celebrities are the norm. [1]", citations=("anchor-owner-vs-pro",))
    result = whole.stance(make_case(topic="celebrity"), answer, CTX)
    assert result.passed is False and "celebrity-not-the-norm" in result.detail


def test_no_contradiction_flags_hedges_and_a_second_host_pick() -> None:
    case = make_case()
    assert whole.no_contradiction(case, make_answer(GOOD), CTX).passed is True
    hedged = make_answer(GOOD + "\n\nBut the opposite is also fine.")
    assert whole.no_contradiction(case, hedged, CTX).passed is False
    flip = make_answer("**My recommendation:** **Staff you cultivate** should host your streams, "
                       "because you are shy. Make the store owner your first choice of host. [1]")
    result = whole.no_contradiction(case, flip, CTX)
    assert result.passed is False and "recommends staff first, then owner" in result.detail


def test_structure_wants_steps_a_caution_and_a_verdict_for_yes_no_questions() -> None:
    case = make_case(question="Should we book a singer for our launch?")
    assert whole.structure(case, make_answer(GOOD), CTX).passed is True
    no_avoid = make_answer(GOOD.split("\n\n**Avoid:**")[0])
    assert "no caution" in whole.structure(case, no_avoid, CTX).detail
    no_steps = make_answer("**My recommendation:** Celebrity sessions are the exception. [1]\n\n"
                           "**Avoid:** Expect modest results. [1]")
    assert "numbered steps" in whole.structure(case, no_steps, CTX).detail
    no_verdict = make_answer(GOOD.replace("**My recommendation:** Celebrity sessions are the "
                                          "exception, not the norm.", "Expect modest results."))
    assert "no verdict" in whole.structure(case, no_verdict, CTX).detail
    low = make_answer(GOOD, confidence="low")
    assert whole.structure(case, low, CTX).passed is None


def test_sentence_provenance_rejects_a_sentence_no_card_or_template_holds() -> None:
    case = make_case()
    assert whole.sentence_provenance(case, make_answer(GOOD), CTX).passed is True
    invented = make_answer(GOOD.replace("not the norm. [1]",
                                        "not the norm. Most merchants double their sales. [1]"))
    result = whole.sentence_provenance(case, invented, CTX)
    assert result.passed is False and "Most merchants double their sales" in result.detail
    templated = make_answer(GOOD + "\n\n**In your store.** Store-wide, 12.5% of your customers "
                                   "have ordered two or more times.")
    assert whole.sentence_provenance(case, templated, CTX).passed is True


def test_store_labels_catch_a_number_under_another_groups_name() -> None:
    case = make_case(store="s")
    owner = StoreFact("conversion", 0.031, "3.1%", "d", ("S1", "S2"))
    right = make_answer("Your owner-hosted sessions (2) converted 3.1% of viewers.", facts=[owner])
    assert whole.store_labels(case, right, CTX).passed is True
    wrong = make_answer("Your professional-hosted sessions (2) converted 3.1% of viewers.",
                        facts=[owner])
    result = whole.store_labels(case, wrong, CTX)
    assert result.passed is False and "owner sessions is labelled professional" in result.detail
    both = make_answer("Owner sessions convert 3.1% against 1.8% for professional ones.",
                       facts=[owner])
    assert whole.store_labels(case, both, CTX).passed is True


def test_sessions_named_and_language() -> None:
    case = make_case(sessions=("S3",))
    assert whole.sessions_named(case, make_answer("Sessions S3 and S4 were off-topic."),
                                CTX).passed is True
    assert whole.sessions_named(case, make_answer("No session was off-topic."),
                                CTX).passed is False
    zh = make_case(question="请明星来直播值得吗？")
    assert whole.language(zh, make_answer("不值得，明星直播是例外。[1]"), CTX).passed is True
    assert whole.language(zh, make_answer("No, it is the exception. [1]"), CTX).passed is False


def test_host_table_ratings_are_pinned() -> None:
    table = ("| Host | Your time | Cost | Stability |\n|---|---|---|---|\n"
             "| You, the owner | high: your own hours | low: no fee | high |\n"
             "| Staff you cultivate | medium: training | low: salary you already pay | "
             "high: stays with the store |\n"
             "| Signed professional | low | high: recurring fee | low: may leave |\n"
             "| Influencer or expert partner | low | fee or commission | low: their audience |\n"
             "| Celebrity | low | very high | one-off |\n")
    case = make_case()
    assert whole.host_table(case, make_answer(table), CTX).passed is True
    swapped = table.replace("high: recurring fee | low: may leave",
                            "low: may leave | high: recurring fee")
    result = whole.host_table(case, make_answer(swapped), CTX)
    assert result.passed is False and "professional / cost" in result.detail
    assert whole.host_table(case, make_answer(GOOD), CTX).passed is None
