"""Each evaluator on hand-made answers: passes, fails with a reason, or does not apply."""

from __future__ import annotations

from advisor.evals import evaluators as ev
from advisor.evals.results import EvalResult
from tests.unit.evals.helpers import make_answer, make_case, make_context

CTX = make_context()


def run(evaluator: ev.Evaluator, answer: object = None, **expect: object) -> EvalResult:
    return evaluator(make_case(**expect), answer or make_answer(), CTX)  # type: ignore[arg-type]


def test_scope_right_and_wrong() -> None:
    assert run(ev.scope, scope="in").passed is True
    wrong = run(ev.scope, make_answer(scope="out", citations=(), text="Outside my remit."),
                scope="in")
    assert wrong.passed is False and wrong.score == 0.0
    assert "expected 'in'" in wrong.detail


def test_topic_applies_only_when_expected() -> None:
    assert run(ev.topic).passed is None
    assert run(ev.topic, topic="celebrity").passed is True
    wrong = run(ev.topic, topic="anchor")
    assert wrong.passed is False and "topic 'celebrity', expected 'anchor'" in wrong.detail


def test_section_hit_at_3_looks_at_the_first_three_citations_only() -> None:
    answer = make_answer(text="a [1] b [2] c [3] d [4]", citations=(
        "anchor-owner-vs-pro", "celebrity-not-the-norm", "anchor-owner-vs-pro",
        "old-customers-first"))
    assert run(ev.section_hit, answer, sections=["S5"]).passed is True
    miss = run(ev.section_hit, answer, sections=["S7"])
    assert miss.passed is False and "expected one of S7" in miss.detail
    none = run(ev.section_hit, make_answer(text="x", citations=()), sections=["S5"])
    assert none.passed is False and "no citations" in none.detail
    assert run(ev.section_hit, answer).passed is None


def test_card_recall_fraction_and_missing_cards() -> None:
    answer = make_answer(text="a [1] b [2]",
                         citations=("celebrity-not-the-norm", "anchor-owner-vs-pro"))
    assert run(ev.card_recall, answer, cards=["celebrity-not-the-norm"]).passed is True
    half = run(ev.card_recall, answer, cards=["celebrity-not-the-norm", "old-customers-first"])
    assert half.passed is False and half.score == 0.5
    assert "not cited: old-customers-first" in half.detail
    gone = run(ev.card_recall, answer, cards=["celebrity-fans-follow-the-star"])
    assert gone.score == 0.0 and "not in the knowledge base" in gone.detail


def test_point_coverage_with_alternatives_and_regex() -> None:
    answer = make_answer(text="Celebrity nights are the **exception**. Fans of the star leave "
                              "when the star does. [1]")
    full = run(ev.point_coverage, answer, points=[["not the norm", "exception"],
                                                  ["re:fans? of the (celebrity|star)"]])
    assert full.passed is True and full.score == 1.0
    part = run(ev.point_coverage, answer, points=[["exception"], ["re:roi|return on"],
                                                  ["modest"]])
    assert part.passed is False
    assert abs(part.score - 1 / 3) < 1e-6
    assert "2 of 3 points missing: re:roi|return on; modest" in part.detail
    assert run(ev.point_coverage, answer).passed is None


def test_must_not_hit_and_clean() -> None:
    bad = make_answer(text="You should ALWAYS hire a celebrity. [1]")
    hit = run(ev.must_not, bad, must_not=["always hire a celebrity", "re:guarantee"])
    assert hit.passed is False and "always hire a celebrity" in hit.detail
    assert run(ev.must_not, must_not=["always hire a celebrity"]).passed is True
    assert run(ev.must_not).passed is None


def test_confidence() -> None:
    assert run(ev.confidence, confidence="high").passed is True
    assert run(ev.confidence, confidence="low").passed is False
    assert run(ev.confidence).passed is None


def test_citation_validity_clean_answer() -> None:
    answer = make_answer(text="One [1]. Two [2].",
                         citations=("celebrity-not-the-norm", "anchor-owner-vs-pro"))
    result = run(ev.citation_validity, answer)
    assert result.passed is True and result.detail == "2 citations, all valid"


def test_marker_without_citation() -> None:
    answer = make_answer(text="One [1]. Two [2].")
    result = run(ev.citation_validity, answer)
    assert result.passed is False and "markers without a citation: [2]" in result.detail


def test_citation_without_marker() -> None:
    answer = make_answer(text="One [1].", citations=("celebrity-not-the-norm",
                                                     "anchor-owner-vs-pro"))
    result = run(ev.citation_validity, answer)
    assert result.passed is False
    assert "citations never marked in the text: [2] anchor-owner-vs-pro" in result.detail


def test_unknown_and_repeated_cited_ids() -> None:
    answer = make_answer(text="a [1] b [2] c [3]", citations=(
        "made-up-card", "celebrity-not-the-norm", "celebrity-not-the-norm"))
    detail = run(ev.citation_validity, answer).detail
    assert "cites unknown card 'made-up-card'" in detail
    assert "cites celebrity-not-the-norm more than once" in detail


def test_escaped_brackets_from_store_text_are_not_markers() -> None:
    answer = make_answer(text="Product \\[7\\] is on the run-of-show. Advice [1].")
    assert run(ev.citation_validity, answer).passed is True


def test_out_of_scope_answer_must_not_cite() -> None:
    answer = make_answer(scope="out", text="Not my field [1]")
    result = run(ev.citation_validity, answer, scope="out")
    assert "out-of-scope answer must not cite" in result.detail


def test_latency_records_total_or_fails() -> None:
    ok = run(ev.latency, make_answer(total_ms=42.0))
    assert ok.passed is True and ok.score == 42.0
    assert run(ev.latency, make_answer(total_ms=None)).passed is False


def test_evaluate_runs_every_evaluator_in_order() -> None:
    results = ev.evaluate(make_case(), make_answer(), CTX)
    names = [r.name for r in results]
    assert names == ["scope", "topic", "section_hit_at_3", "card_recall", "point_coverage",
                     "must_not", "confidence", "fact_accuracy", "fact_values", "citation_validity",
                     "number_provenance", "no_numbers", "latency", "stance", "no_contradiction",
                     "structure", "sentence_provenance", "store_labels", "sessions_named",
                     "language", "host_table", "pinned_sections", "lead", "gap_note",
                     "max_overlap", "store_verdict"]
    assert all(r.passed is not False for r in results)
