"""The peer baseline's pure parts: article sections by offset, per-case scoring, metrics."""

from __future__ import annotations

from advisor.evals.baseline import (
    ARTICLE_HEADINGS,
    BaselineChunk,
    article_chunks,
    baseline_case,
    baseline_metrics,
    cards_chunks,
    section_at,
    section_starts,
)
from tests.unit.evals.helpers import CARDS, make_case

ARTICLE = "Intro about results.\n" + "\n".join(
    f"{heading}\n" + f"Body of {section} " * 60 for section, heading in ARTICLE_HEADINGS)


def test_sections_found_in_order() -> None:
    starts, missing = section_starts(ARTICLE)
    assert [s for _, s in starts] == ["S0", "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8"]
    assert missing == []
    assert section_at(starts, 0) == "S0"
    assert section_at(starts, starts[5][0]) == "S5"
    assert section_at(starts, starts[5][0] - 1) == "S4"
    assert section_at(starts, len(ARTICLE)) == "S8"


def test_missing_heading_is_reported_and_merged_into_the_previous_section() -> None:
    text = ARTICLE.replace("My usual view", "In closing")
    starts, missing = section_starts(text)
    assert missing == ["S8 ('My usual view')"]
    assert section_at(starts, len(text)) == "S7"


def test_article_chunks_follow_the_textbook_splitter() -> None:
    chunks, _ = article_chunks(ARTICLE)
    assert all(len(c.text) <= 500 for c in chunks)
    assert chunks[0].section == "S0" or chunks[0].section == "S1"
    sections = [c.section for c in chunks]
    assert sections == sorted(sections)  # offsets only move forward
    assert {"S2", "S5", "S8"} <= set(sections)


def test_cards_fallback_keeps_each_cards_section() -> None:
    chunks = cards_chunks(list(CARDS.values()))
    assert {c.section for c in chunks} == {c.section for c in CARDS.values()}


class FakeRag:
    def __init__(self, chunks: list[BaselineChunk]) -> None:
        self.chunks = chunks

    def search(self, question: str, k: int = 3) -> list[BaselineChunk]:
        return self.chunks[:k]


def test_baseline_case_scores_top_three() -> None:
    rag = FakeRag([BaselineChunk("Stars draw their own fans.", "S5"),
                   BaselineChunk("Old customers first.", "S7"),
                   BaselineChunk("Freshness.", "S1"), BaselineChunk("not shown", "S8")])
    case = make_case(sections=["S8"], points=[["own fans"], ["exception"]])
    result = baseline_case(rag, case)  # type: ignore[arg-type]
    assert result.sections == ("S5", "S7", "S1")
    assert result.section_hit is False and result.point_coverage == 0.5
    out = baseline_case(rag, make_case(scope="out", sections=["S5"]))  # type: ignore[arg-type]
    assert out.scope_ok is False and out.section_hit is None


def test_baseline_metrics() -> None:
    rag = FakeRag([BaselineChunk("Stars draw their own fans.", "S5")])
    cases = [baseline_case(rag, make_case(sections=["S5"], points=[["fans"]])),  # type: ignore[arg-type]
             baseline_case(rag, make_case(sections=["S7"], points=[["x"]])),  # type: ignore[arg-type]
             baseline_case(rag, make_case(scope="out"))]  # type: ignore[arg-type]
    metrics = baseline_metrics(cases)
    assert metrics["scope_accuracy"] == 2 / 3
    assert metrics["section_hit_at_3"] == 0.5
    assert metrics["point_coverage"] == 0.5
    assert metrics["latency_p50_ms"] is not None
