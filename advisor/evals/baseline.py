"""The peer baseline: the textbook LangChain RAG, scored on the same cases as the project.

RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50) over the raw source article
(Settings.article_path), langchain_chroma.Chroma in an in-memory client (telemetry off,
cosine distance) with the same embedding model, top-3 similarity_search. It always answers,
so it gets every out-of-scope case wrong. Where the article is absent it indexes the
concatenated card texts instead, and the report says which source it used.

Each chunk maps to an article section S0–S8 by its character offsets: the section holding
the chunk's middle, with the section starts found by their headings (cards: the card's
section). Per in-scope case it reports section hit@3 and point coverage of what a naive RAG
would show (the top-3 chunks' text), and the query latency.
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from advisor.evals.aggregate import percentile
from advisor.evals.cases import EvalCase
from advisor.evals.evaluators import covers
from advisor.models import GuidanceCard

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
TOP_K = 3
# Section starts in the source article, in order (S0 is everything before S1).
ARTICLE_HEADINGS: tuple[tuple[str, str], ...] = (
    ("S1", "1. New Attention"),
    ("S2", "2. New entertainment interaction"),
    ("S3", "3. New traffic allocation node"),
    ("S4", "1. Three anchor points"),
    ("S5", "2. The realistic operation"),
    ("S6", "3. Feelings are worthless"),
    ("S7", "4. Don't do it at any time"),
    ("S8", "My usual view"),
)
BASELINE_METRICS = ("scope_accuracy", "section_hit_at_3", "point_coverage", "latency_p50_ms",
                    "latency_p95_ms")


@dataclass(frozen=True)
class BaselineChunk:
    text: str
    section: str


@dataclass(frozen=True)
class BaselineCase:
    """The baseline on one case: the top-3 chunks' sections, hit, point coverage, latency."""

    case_id: str
    scope_ok: bool
    sections: tuple[str, ...] = ()
    section_hit: bool | None = None
    point_coverage: float | None = None
    latency_ms: float = 0.0


@dataclass(frozen=True)
class BaselineReport:
    source: Literal["article", "cards"]
    source_path: str
    chunks: int
    index_seconds: float
    cases: tuple[BaselineCase, ...] = ()
    metrics: dict[str, float | None] = field(default_factory=dict)
    missing_headings: tuple[str, ...] = ()


def text_splitter() -> Any:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                          add_start_index=True)


def section_starts(article: str) -> tuple[list[tuple[int, str]], list[str]]:
    """(offset, section) for each heading found in order, S0 at 0; and headings not found."""
    lowered = article.lower()
    starts, missing, position = [(0, "S0")], [], 0
    for section, heading in ARTICLE_HEADINGS:
        found = lowered.find(heading.lower(), position)
        if found < 0:
            missing.append(f"{section} ({heading!r})")
            continue
        starts.append((found, section))
        position = found + len(heading)
    return starts, missing


def section_at(starts: Sequence[tuple[int, str]], offset: int) -> str:
    current = starts[0][1]
    for start, section in starts:
        if start > offset:
            break
        current = section
    return current


def article_chunks(article: str) -> tuple[list[BaselineChunk], list[str]]:
    """The article split the textbook way, each chunk tagged with its section."""
    starts, missing = section_starts(article)
    chunks = []
    for doc in text_splitter().create_documents([article]):
        middle = int(doc.metadata.get("start_index", 0)) + len(doc.page_content) // 2
        chunks.append(BaselineChunk(doc.page_content, section_at(starts, middle)))
    return chunks, missing


def card_text(card: GuidanceCard) -> str:
    return f"{card.title}\n\n{card.as_markdown()}"


def cards_chunks(cards: Sequence[GuidanceCard]) -> list[BaselineChunk]:
    """The fallback source: every card's text, split the same way, tagged with its section."""
    splitter = text_splitter()
    return [BaselineChunk(doc.page_content, card.section)
            for card in cards for doc in splitter.create_documents([card_text(card)])]


class NaiveRag:
    """Chunks in an in-memory Chroma collection (cosine), queried by similarity_search."""

    def __init__(self, chunks: Sequence[BaselineChunk], embeddings: Any) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_core.documents import Document

        self._client = chromadb.EphemeralClient(
            settings=ChromaSettings(anonymized_telemetry=False))
        self._name = f"eval-baseline-{uuid.uuid4().hex[:12]}"
        self.store = Chroma(collection_name=self._name, embedding_function=embeddings,
                            client=self._client,
                            collection_configuration={"hnsw": {"space": "cosine"}})
        self.store.add_documents([Document(page_content=c.text,
                                           metadata={"section": c.section}) for c in chunks])

    def search(self, question: str, k: int = TOP_K) -> list[BaselineChunk]:
        docs = self.store.similarity_search(question, k=k)
        return [BaselineChunk(d.page_content, str(d.metadata.get("section", ""))) for d in docs]

    def close(self) -> None:
        self._client.delete_collection(self._name)


def baseline_case(rag: NaiveRag, case: EvalCase) -> BaselineCase:
    start = time.perf_counter()
    top = rag.search(case.question)
    elapsed = (time.perf_counter() - start) * 1000
    expect = case.expect
    sections = tuple(c.section for c in top)
    in_scope = expect.scope == "in"
    hit = any(s in expect.sections for s in sections) if expect.sections and in_scope else None
    coverage = None
    if expect.points and in_scope:
        shown = "\n".join(c.text for c in top)
        coverage = sum(covers(p, shown) for p in expect.points) / len(expect.points)
    return BaselineCase(case.id, in_scope, sections, hit, coverage, round(elapsed, 2))


def baseline_metrics(cases: Sequence[BaselineCase]) -> dict[str, float | None]:
    hits = [c.section_hit for c in cases if c.section_hit is not None]
    coverage = [c.point_coverage for c in cases if c.point_coverage is not None]
    latencies = [c.latency_ms for c in cases]
    return {
        "scope_accuracy": sum(c.scope_ok for c in cases) / len(cases) if cases else None,
        "section_hit_at_3": sum(hits) / len(hits) if hits else None,
        "point_coverage": statistics.fmean(coverage) if coverage else None,
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }


def run_baseline(article_path: Path, cards: Sequence[GuidanceCard], embeddings: Any,
                 cases: Sequence[EvalCase],
                 on_case: Callable[[str], None] | None = None) -> BaselineReport:
    """Index the source (article, else cards), run every case, and score it."""
    start = time.perf_counter()
    if article_path.is_file():
        chunks, missing = article_chunks(article_path.read_text(encoding="utf-8"))
        source: Literal["article", "cards"] = "article"
    else:
        chunks, missing, source = cards_chunks(cards), [], "cards"
    rag = NaiveRag(chunks, embeddings)
    rag.search("live stream")  # warm the query path, as the project's advisor is warmed
    index_seconds = time.perf_counter() - start
    try:
        results = []
        for case in cases:
            results.append(baseline_case(rag, case))
            if on_case is not None:
                on_case(case.id)
    finally:
        rag.close()
    return BaselineReport(source, str(article_path), len(chunks), round(index_seconds, 3),
                          tuple(results), baseline_metrics(results), tuple(missing))
