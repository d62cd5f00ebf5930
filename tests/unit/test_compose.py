"""The offline grounded composer: answer shape per form, citation markers, de-duplication."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import anchor
from advisor.advisor import answer_form, cite
from advisor.compose import (
    COMPOSERS,
    MAX_STEPS,
    NO_GUIDANCE,
    SAME_TOPIC_RATIO,
    SCORE_GAP,
    ComposeRequest,
    Composition,
    GroundedComposer,
    followup_context,
    make_composer,
    select_cards,
)
from advisor.knowledge import first_sentence, load_cards, split_sentences
from advisor.models import Citation, Finding, GuidanceCard, ScoredCard, StoreFact, Turn
from advisor.text import normalize_sentence
from tests.unit.unit_fakes import make_card, scored

FORMS = ("should", "how", "why", "what", "compare")

LEAD = make_card("lead-card", data_note="Compare conversion by host type. Lean to the winner.")
SECOND = make_card("second-card")
THIRD = make_card("third-card", topics=("product_fit", "anchor"))
REAL_CARDS = load_cards(Path(__file__).resolve().parents[2] / "knowledge" / "guidance")


def _compose(form: str, cards: list[GuidanceCard], question: str = "What now?",
             facts: list[Finding] | None = None, low: bool = False) -> Composition:
    ranked = [scored(c, 0.9 - 0.1 * i) for i, c in enumerate(cards)]
    return GroundedComposer().compose(
        ComposeRequest(question, cards[0].main_topic if cards else "general", form, ranked,
                       facts or [], low))


def _blocks(text: str) -> list[str]:
    return text.split("\n\n")


def _direct_block(text: str) -> str:
    """The first block that is not an italic note (the direct answer)."""
    return next(b for b in _blocks(text) if not b.startswith("_"))


def _markers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d+)\]", text)]


def _sentences(text: str) -> list[str]:
    """Normalised sentences of an answer, with headings, list numbers and markers removed."""
    out: list[str] = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(\d+\.|-)\s+", "", line)
        line = re.sub(r"\*\*[^*]+\*\*", "", line)
        out += [normalize_sentence(s) for s in split_sentences(re.sub(r"\[\d+\]", "", line))]
    return [s for s in out if s]


def _assert_markers_match_citations(comp: Composition, allowed: set[str]) -> None:
    markers = _markers(comp.text)
    assert markers, comp.text
    assert all(1 <= n <= len(comp.cited) for n in markers), (markers, comp.cited)
    assert set(markers) == set(range(1, len(comp.cited) + 1)), "every cited id needs a marker"
    assert len(set(comp.cited)) == len(comp.cited)
    assert set(comp.cited) <= allowed
    # Numbered by first use: the first appearance of [n] comes before the first [n+1].
    first_seen = list(dict.fromkeys(markers))
    assert first_seen == sorted(first_seen)


# --- answer shape per form ---------------------------------------------------------------

def test_should_leads_with_my_recommendation_and_the_lead_advice() -> None:
    comp = _compose("should", [LEAD, SECOND])
    first = _blocks(comp.text)[0]
    assert first.startswith("**My recommendation:** ")
    assert first_sentence(LEAD.advice) in first
    assert comp.cited[0] == LEAD.id


def test_should_without_facts_points_to_the_data_note() -> None:
    comp = _compose("should", [LEAD, SECOND])
    assert "**Check it against your own numbers.** Compare conversion by host type." in comp.text
    no_note = _compose("should", [SECOND, LEAD])
    assert "Check it against your own numbers" not in no_note.text


def test_how_puts_steps_before_why_and_opens_with_one_advice_sentence() -> None:
    comp = _compose("how", [LEAD, SECOND], question="How do I do it?")
    first = _blocks(comp.text)[0]
    assert first == f"{first_sentence(LEAD.advice)} [1]"
    assert "**Steps**" in comp.text
    assert "**Why this works.**" in comp.text
    assert comp.text.index("**Steps**") < comp.text.index("**Why this works.**")
    assert "**Next steps**" not in comp.text


def test_why_opens_with_the_reasoning_then_what_to_do() -> None:
    comp = _compose("why", [LEAD, SECOND], question="Why?")
    first = _blocks(comp.text)[0]
    assert first_sentence(LEAD.why) in first
    assert first_sentence(LEAD.advice) not in first
    assert comp.text.index("**What to do about it.**") < comp.text.index("**Next steps**")
    assert first_sentence(LEAD.advice) in comp.text


@pytest.mark.parametrize("form", ["what", "compare"])
def test_what_and_compare_open_with_lead_and_runner_up_advice(form: str) -> None:
    comp = _compose(form, [LEAD, SECOND])
    first = _blocks(comp.text)[0]
    assert first_sentence(LEAD.advice) in first
    assert first_sentence(SECOND.advice) in first
    assert first.index(first_sentence(LEAD.advice)) < first.index(first_sentence(SECOND.advice))
    assert first.startswith("**In short:** ") == (form == "compare")
    assert "**Why.**" in comp.text


@pytest.mark.parametrize("form", FORMS)
def test_every_marker_maps_to_a_cited_card(form: str) -> None:
    comp = _compose(form, [LEAD, SECOND, THIRD])
    _assert_markers_match_citations(comp, {LEAD.id, SECOND.id, THIRD.id})
    assert comp.cited[0] == LEAD.id


@pytest.mark.parametrize("form", FORMS)
def test_avoid_line_cites_the_first_dont(form: str) -> None:
    comp = _compose(form, [LEAD, SECOND])
    assert f"**Avoid:** {LEAD.dont[0]} [1]" in comp.text


# --- de-duplication and limits ------------------------------------------------------------

SHARED_ADVICE = "Keep the show about the product."
SHARED_WHY = "Viewers came for the product."
SHARED_STEP = "Plan each segment around one product."
SHARED_DONT = "Don't dance for views."
TWIN_A = make_card(
    "twin-a", advice=f"Sell what you show. {SHARED_ADVICE} Nothing else matters.",
    why=f"{SHARED_WHY} The wrong crowd does not buy.",
    do=("Write a run of show.", SHARED_STEP, "Cut unrelated acts."), dont=(SHARED_DONT,))
TWIN_B = make_card(
    "twin-b", advice=f"{SHARED_ADVICE.lower().rstrip('.')}! Show the product up close.",
    why=f"{SHARED_WHY} Entertainment draws passers-by.",
    do=(SHARED_STEP, "Demo the product on camera."), dont=(SHARED_DONT, "Don't chase memes."))


@pytest.mark.parametrize("form", FORMS)
def test_no_sentence_appears_twice_when_cards_share_sentences(form: str) -> None:
    comp = _compose(form, [TWIN_A, TWIN_B], question="How do I plan a segment?")
    dupes = [s for s, n in Counter(_sentences(comp.text)).items() if n > 1]
    assert dupes == [], comp.text
    for shared in (SHARED_ADVICE, SHARED_STEP, SHARED_DONT):
        assert comp.text.lower().count(shared.lower().rstrip(".")) <= 1


def test_runner_up_with_only_a_repeated_sentence_adds_nothing_to_the_direct_answer() -> None:
    b = make_card("twin-c", advice=f"{first_sentence(TWIN_A.advice)} Second thing.")
    comp = _compose("should", [TWIN_A, b])
    first = _blocks(comp.text)[0]
    assert first.count("Sell what you show.") == 1
    assert "[2]" not in first


@pytest.mark.parametrize("form", ["should", "how", "why", "what"])
def test_at_most_max_steps_steps(form: str) -> None:
    many = [make_card(f"card-{n}", do=tuple(f"Step {k} of card {n}." for k in range(4)))
            for n in range(3)]
    comp = _compose(form, many)
    steps = re.findall(r"^(\d+)\. ", comp.text, flags=re.MULTILINE)
    assert steps == [str(n) for n in range(1, MAX_STEPS + 1)]


def test_steps_give_each_card_a_say_then_prefer_the_lead_card() -> None:
    comp = _compose("how", [LEAD, SECOND], question="How?")
    steps = re.findall(r"^\d+\. (.+?) \[\d+\]$", comp.text, flags=re.MULTILINE)
    assert steps[:2] == [LEAD.do[0], SECOND.do[0]]
    assert steps[2:4] == list(LEAD.do[1:3])


def test_a_step_with_the_askers_words_makes_the_cut() -> None:
    card = make_card("many-steps", do=("Open with the product.", "Greet returning fans.",
                                       "Show the price.", "Answer comments.",
                                       "Audit inventory spreadsheet weekly before streaming."))
    assert "Audit inventory" not in _compose("how", [card], question="How?").text
    asked = _compose("how", [card], question="How do I audit my inventory spreadsheet weekly?")
    assert "Audit inventory spreadsheet weekly before streaming." in asked.text


def test_a_card_without_dont_or_data_note_still_composes() -> None:
    bare = make_card("bare-card", dont=())
    comp = _compose("should", [bare])
    assert "**Avoid:**" not in comp.text
    assert "Check it against" not in comp.text
    assert comp.cited == ("bare-card",)
    assert not any(b.endswith("**") or b.endswith("** ") for b in _blocks(comp.text))


# --- confidence, empty input, facts ---------------------------------------------------------

@pytest.mark.parametrize("form", FORMS)
def test_low_confidence_still_leads_with_the_lead_cards_answer(form: str) -> None:
    # The "nearest advice" note is shown by the presentation layer from Answer.confidence
    # (cli.render, ui/components); the composed text must still open with the direct answer.
    low = _compose(form, [LEAD], low=True)
    opening = LEAD.why if form == "why" else LEAD.advice
    assert first_sentence(opening) in _direct_block(low.text)
    assert low.cited == (LEAD.id,)
    _assert_markers_match_citations(low, {LEAD.id})


@pytest.mark.parametrize("form", FORMS)
def test_no_cards_means_no_guidance(form: str) -> None:
    assert _compose(form, []) == Composition(NO_GUIDANCE, ())


CONVERSION = StoreFact("conversion", 0.021, "2.1%", "buyers / viewers", ("s1", "s2"))
FEE_ROI = StoreFact("fee_roi", 3.5, "3.50", "gmv / fee", ("s2",))
FACTS = [
    Finding(f"Your sessions converted {CONVERSION.display} of viewers.", (CONVERSION,)),
    Finding(f"Your GMV was {FEE_ROI.display} times the fee.", (FEE_ROI,)),
]


@pytest.mark.parametrize("form", FORMS)
def test_store_findings_follow_the_direct_answer(form: str) -> None:
    comp = _compose(form, [LEAD, SECOND], facts=FACTS)
    blocks = _blocks(comp.text)
    assert blocks[1] == ("**In your store.** Your sessions converted 2.1% of viewers. "
                         "Your GMV was 3.50 times the fee.")
    assert "Check it against your own numbers" not in comp.text
    assert "**In your store.**" not in _compose(form, [LEAD, SECOND]).text


# --- property: any real cards, any form ---------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(
    picks=st.lists(st.sampled_from(REAL_CARDS), min_size=1, max_size=3,
                   unique_by=lambda c: c.id),
    form=st.sampled_from(FORMS),
    low=st.booleans(),
    with_facts=st.booleans(),
    question=st.sampled_from(["Should I hire a host?", "How do I keep fans?", "Why?", "What now?"]),
)
def test_composition_invariants_on_real_cards(picks: list[GuidanceCard], form: str, low: bool,
                                              with_facts: bool, question: str) -> None:
    comp = _compose(form, picks, question=question, facts=FACTS if with_facts else None,
                    low=low)
    _assert_markers_match_citations(comp, {c.id for c in picks})
    if anchor.asks_host_choice(question):  # a card arguing for another host stays out
        assert comp.cited[0] in {c.id for c in picks}
    else:
        assert comp.cited[0] == picks[0].id
    assert [s for s, n in Counter(_sentences(comp.text)).items() if n > 1] == []
    assert len(re.findall(r"^\d+\. ", comp.text, flags=re.MULTILINE)) <= MAX_STEPS
    # Every number in the text comes from a cited card or from the facts (DESIGN §6).
    by_id = {c.id: c for c in picks}
    sources = " ".join(by_id[i].as_markdown() for i in comp.cited)
    sources += " ".join(f.display for f in (CONVERSION, FEE_ROI)) if with_facts else ""
    body = re.sub(r"\[\d+\]|^\d+\. ", "", comp.text, flags=re.MULTILINE)
    assert set(re.findall(r"\d+", body)) <= set(re.findall(r"\d+", sources))
    lead = by_id[comp.cited[0]]
    lead_opening = lead.why if form == "why" else lead.advice
    assert first_sentence(lead_opening) in _direct_block(comp.text)


# --- follow-up context ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("question", "context"),
    [("and for a snack shop?", "a snack shop"), ("For a snack shop?", "a snack shop"),
     ("what about a tea brand", "a tea brand"), ("And what about my bakery?", "my bakery"),
     ("why?", ""), ("Should I hire a host for my shop?", "")],
)
def test_followup_context_names_the_new_situation(question: str, context: str) -> None:
    assert followup_context(question) == context


@pytest.mark.parametrize("question", ["What about for a tea shop?", "How about for a tea shop?"])
def test_followup_context_drops_a_second_for(question: str) -> None:
    assert followup_context(question) == "a tea shop"


def test_context_labels_the_direct_answer() -> None:
    ranked = [scored(LEAD, 0.9), scored(SECOND, 0.8)]
    comp = GroundedComposer().compose(ComposeRequest(
        "and for a snack shop?", "anchor", "should", ranked, context="a snack shop"))
    first = _blocks(comp.text)[0]
    assert first.startswith("**For a snack shop:** ")
    assert first_sentence(LEAD.advice) in first


def test_answer_form_keeps_the_shape_of_the_question_a_bare_followup_follows() -> None:
    history = [Turn("user", "Should I host the live myself?"), Turn("assistant", "Yes. [1]")]
    assert answer_form("and for a snack shop?", history, True) == ("should", "a snack shop")
    assert answer_form("why?", history, True) == ("why", "")
    assert answer_form("and for a snack shop?", history, False) == ("what", "")
    assert answer_form("How do I start?", [], False) == ("how", "")


# --- select_cards ------------------------------------------------------------------------

ANCHOR_A = make_card("anchor-a", topics=("anchor",))
ANCHOR_B = make_card("anchor-b", topics=("anchor",))
ANCHOR_C = make_card("anchor-c", topics=("anchor",))
ANCHOR_D = make_card("anchor-d", topics=("anchor",))
SIDE_ANCHOR = make_card("side-anchor", topics=("product_fit", "anchor"))
UNRELATED = make_card("unrelated", topics=("product_fit",))


def test_select_empty_ranking() -> None:
    assert select_cards([], "anchor", 3, False) == []


def test_select_low_confidence_keeps_only_the_lead() -> None:
    ranked = [scored(ANCHOR_A, 0.5), scored(ANCHOR_B, 0.49)]
    assert select_cards(ranked, "anchor", 3, True) == [ranked[0]]


def test_select_excludes_an_unrelated_runner_up_even_in_a_near_tie() -> None:
    ranked = [scored(ANCHOR_A, 0.8), scored(UNRELATED, 0.79), scored(ANCHOR_B, 0.5)]
    chosen = select_cards(ranked, "anchor", 3, False)
    assert [s.card.id for s in chosen] == ["anchor-a", "anchor-b"]


def test_select_includes_same_topic_runner_up_down_to_the_ratio() -> None:
    lead = 0.8
    ranked = [scored(ANCHOR_A, lead), scored(ANCHOR_B, lead * SAME_TOPIC_RATIO + 0.01),
              scored(ANCHOR_C, lead * SAME_TOPIC_RATIO - 0.01)]
    assert [s.card.id for s in select_cards(ranked, "anchor", 3, False)] == [
        "anchor-a", "anchor-b"]


def test_select_side_topic_card_joins_only_within_the_score_gap() -> None:
    near = [scored(ANCHOR_A, 0.8), scored(SIDE_ANCHOR, 0.8 - SCORE_GAP + 0.01)]
    far = [scored(ANCHOR_A, 0.8), scored(SIDE_ANCHOR, 0.8 - SCORE_GAP - 0.01)]
    assert [s.card.id for s in select_cards(near, "anchor", 3, False)] == [
        "anchor-a", "side-anchor"]
    assert [s.card.id for s in select_cards(far, "anchor", 3, False)] == ["anchor-a"]


def test_select_uses_the_routed_topic_not_only_the_lead() -> None:
    # Lead is a product-fit card but the question was routed to anchor: anchor cards join.
    ranked = [scored(UNRELATED, 0.8), scored(ANCHOR_A, 0.5)]
    assert [s.card.id for s in select_cards(ranked, "anchor", 3, False)] == [
        "unrelated", "anchor-a"]
    assert [s.card.id for s in select_cards(ranked, "niche", 3, False)] == ["unrelated"]


@pytest.mark.parametrize("top_k", [1, 2, 3, 4])
def test_select_respects_top_k(top_k: int) -> None:
    ranked = [scored(c, 0.8 - 0.01 * i)
              for i, c in enumerate([ANCHOR_A, ANCHOR_B, ANCHOR_C, ANCHOR_D, SIDE_ANCHOR])]
    chosen = select_cards(ranked, "anchor", top_k, False)
    assert chosen == ranked[:top_k]


# --- composer registry and citations --------------------------------------------------------

def test_make_composer() -> None:
    assert isinstance(make_composer("grounded"), GroundedComposer)
    assert "grounded" in COMPOSERS
    with pytest.raises(ValueError, match="unknown composer 'gpt'"):
        make_composer("gpt")


def test_cite_maps_ids_to_citations_in_marker_order() -> None:
    chosen: list[ScoredCard] = [scored(LEAD, 0.812345), scored(SECOND, 0.7), scored(THIRD, 0.6)]
    citations = cite(("third-card", "lead-card"), chosen)
    assert citations == [
        Citation("third-card", THIRD.title, THIRD.section, 0.6),
        Citation("lead-card", LEAD.title, LEAD.section, 0.8123),
    ]
    assert cite((), chosen) == []


def test_cite_of_a_real_composition_matches_markers() -> None:
    chosen = [scored(LEAD, 0.9), scored(SECOND, 0.8), scored(THIRD, 0.7)]
    comp = GroundedComposer().compose(ComposeRequest("Why?", "anchor", "why", chosen))
    citations = cite(comp.cited, chosen)
    assert [c.id for c in citations] == list(comp.cited)
    assert len(citations) == max(_markers(comp.text))


@pytest.mark.parametrize("lead", REAL_CARDS, ids=lambda c: c.id)
def test_every_real_card_leads_a_clean_answer_in_every_form(lead: GuidanceCard) -> None:
    runner_up = next(c for c in REAL_CARDS if c.id != lead.id and c.section == lead.section)
    for form in FORMS:
        comp = _compose(form, [lead, runner_up], question="What should I do?")
        _assert_markers_match_citations(comp, {lead.id, runner_up.id})
        assert [s for s, n in Counter(_sentences(comp.text)).items() if n > 1] == [], form
        opening = lead.why if form == "why" else lead.advice
        assert first_sentence(opening) in _blocks(comp.text)[0], form
        cited_text = " ".join(c.as_markdown() for c in (lead, runner_up) if c.id in comp.cited)
        body = re.sub(r"\[\d+\]|^\d+\. ", "", comp.text, flags=re.MULTILINE)
        assert set(re.findall(r"\d+", body)) <= set(re.findall(r"\d+", cited_text)), form


# --- one line throughout: the host pick and the gap note ----------------------------------

def test_a_shy_merchant_gets_staff_and_no_owner_first_card() -> None:
    by_id = {c.id: c for c in REAL_CARDS}
    cards = [by_id["anchor-store-owner-first"], by_id["anchor-owner-vs-pro"],
             by_id["cultivate-your-own-anchor"]]
    comp = _compose("should", cards, question="I freeze on camera and money is tight. "
                                              "Who should host our streams?")
    assert "**Staff you cultivate** should host" in comp.text
    assert "anchor-store-owner-first" not in comp.cited
    assert "first choice of host, provided" not in comp.text
    assert "owner's calendar" not in comp.text


def test_a_question_on_an_uncovered_subject_says_so_first() -> None:
    from advisor.lexicon import uncovered_subject

    question = "What percentage off should our live-only deal be?"
    gap = uncovered_subject(question)
    assert gap == "discount levels and pricing"
    assert uncovered_subject("Should I host my own live streams?") is None
    assert uncovered_subject("直播一般播多久比较好？") == "how long a session should run"
    ranked = [scored(LEAD, 0.6)]
    comp = GroundedComposer().compose(ComposeRequest(question, "general", "how", ranked, [],
                                                     True, gap=gap))
    assert comp.text.startswith("_My guidance doesn't cover discount levels and pricing")


def test_an_example_from_another_category_is_left_out_and_the_own_category_kept() -> None:
    from advisor.understand.lexicon import off_category_example

    furniture = "A host who knows nothing about home furnishing cannot sell furniture."
    assert off_category_example(furniture, "durian cakes")
    assert not off_category_example(furniture, "sofas and furniture")
    assert not off_category_example(furniture, "")  # no product named: the example stays
    assert not off_category_example("Know your category.", "durian cakes")


def test_a_later_advice_sentence_joins_when_it_names_what_was_asked() -> None:
    card = next(c for c in REAL_CARDS if c.id == "impulse-categories-fit")
    asked = GroundedComposer().compose(ComposeRequest(
        "Can live streaming sell cars?", "product_fit", "what", [scored(card, 0.9)])).text
    other = GroundedComposer().compose(ComposeRequest(
        "Which products suit live selling?", "product_fit", "what", [scored(card, 0.9)])).text
    assert "For cars and real estate" in asked.split("\n\n")[0]
    assert "For cars and real estate" not in other.split("\n\n")[0]
