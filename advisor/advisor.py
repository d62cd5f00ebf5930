"""The composition root: build_advisor(settings) -> Advisor; Advisor.ask(...) -> Answer."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from advisor.compose import (
    Composer,
    ComposeRequest,
    followup_context,
    make_composer,
    question_form,
    refusal,
    select_cards,
)
from advisor.embeddings import MODEL_IDS, Embedder, make_embedder
from advisor.glossary import define, metric_named, term_named
from advisor.index import KnowledgeIndex, SyncReport, make_chroma_client
from advisor.knowledge import load_cards
from advisor.models import Answer, Citation, Finding, GuidanceCard, ScoredCard, StoreFact, Turn
from advisor.plan import AnswerPlan, host_key, make_plan
from advisor.retrieval import HybridRetriever, rank
from advisor.settings import Settings
from advisor.store.gaps import asks_for_own_numbers, no_store_note
from advisor.store.lookups import asked_day, asked_month, asks_best_products
from advisor.store.service import StoreService
from advisor.topics import classify_topic, decide_scope, gated_topics, last_user_turn
from advisor.understand import understand
from advisor.understand.phrases import REBOOK
from advisor.verify import verify

MAX_QUESTION_CHARS = 2000


class Advisor:
    """Answers questions from the knowledge base; one per process, shared by all users."""

    def __init__(self, settings: Settings, cards: list[GuidanceCard], index: KnowledgeIndex,
                 composer: Composer, stores: StoreService | None = None) -> None:
        self.settings = settings
        self.stores = stores
        self.cards = {c.id: c for c in cards}
        self.index = index
        self.retriever = HybridRetriever(cards, index)
        self.composer = composer

    def ask(self, question: str, store: str | None = None,
            history: Sequence[Turn] = ()) -> Answer:
        """Answer one question; `history` holds earlier turns for follow-ups."""
        timings: dict[str, float] = {}
        question = " ".join(question.split())[:MAX_QUESTION_CHARS]
        if not question:
            raise ValueError("question is empty")
        with _timed(timings, "understand"):
            u = understand(question, history)  # instructions inside the text are data
            if store and u.followup and (asked_month(u.text) or asks_best_products(u.text)):
                # "How much did we sell last month?" stands on its own whatever came before:
                # it takes neither the last answer's subject, nor its cards, nor its shape.
                history = ()
                u = understand(question, history)
            own, query, followup = u.text, u.query, u.followup
        metric = metric_named(u.text) if u.intent == "define" else None
        if metric is not None:  # "What does GPM mean?": the glossary answers it
            timings["total"] = sum(timings.values())
            return Answer(question, define(metric, term_named(u.text), u.lang), "in", "general",
                          timings_ms=_round(timings), store=store, form="define", lang=u.lang,
                          intent=u.intent, verdict=None, checks={"outcome": "ok"})
        with _timed(timings, "embed"):
            vector = self.retriever.embed(query or question)
        with _timed(timings, "retrieve"):
            candidates = self.retriever.candidates(query, vector)
        with _timed(timings, "route"):
            best_vector = self.retriever.match_strength(query, candidates)
            out_reason = decide_scope(own, query, best_vector)
            month = asked_month(own) if store else None
            best = bool(store) and asks_best_products(own)
            topic = u.subject or classify_topic(own, candidates, history, followup)
            if store:
                topic, out_reason = self._route_by_store(store, own, topic, out_reason,
                                                         bool(month or best))
            u = replace(u, topic=topic)
        if out_reason == "off_domain" and u.gap:
            out_reason = ""  # "折扣定几折？": a merchant's subject we don't cover, said as such
        if out_reason:
            text = refusal(out_reason, own, u.lang)
            timings["total"] = sum(timings.values())
            return Answer(question, text, "out", "general", timings_ms=_round(timings),
                          store=store, form="redirect", lang=u.lang, intent=u.intent)
        with _timed(timings, "rank"):
            demote = frozenset(gated_topics(own)) - {topic}
            retrieval = rank(candidates, topic, self.settings.low_confidence, demote)
            if u.gap:
                retrieval = replace(retrieval, low_confidence=True)
            form, context = answer_form(own, history, followup)
            chosen = select_cards(retrieval.ranked, topic, self.settings.top_k,
                                  retrieval.low_confidence)
        with _timed(timings, "select_facts"):
            findings = self.select_findings(store, topic, own, u.lang)
            day = asked_day(own) if store and u.intent == "lookup" else None
            if day and self.stores is not None:  # "how did our stream on the 14th go?"
                findings = [*self.stores.session_report(store or "", day, u.lang), *findings]
                u = replace(u, intent="lookup")
            if (month or best) and self.stores is not None:
                own_rows = [*(self.stores.period_totals(store or "", month, u.lang) if month
                              else []),
                            *(self.stores.best_products(store or "", u.lang) if best else [])]
                findings = [*own_rows, *findings]
                u = replace(u, intent="lookup")
        with _timed(timings, "plan"):
            plan = make_plan(replace(u, context=context), form, chosen, findings,
                             retrieval.low_confidence, self.cards)
        with _timed(timings, "compose"):
            composition = self.composer.compose(request_of(plan))
        with _timed(timings, "cite"):
            citations = cite(composition.cited, list(plan.cards))
        answer = Answer(question, composition.text, "in", topic, citations,
                        facts_of([*plan.lead_findings, *plan.findings]),
                        "low" if plan.low_confidence else "high", _round(timings),
                        store=store, form=form, lang=u.lang, intent=u.intent,
                        verdict=plan.verdict.line, gap=bool(u.gap))
        with _timed(timings, "verify"):
            answer = verify(answer, plan, self.cards) if self.settings.verify else replace(
                answer, checks={"outcome": "not verified"})
        timings["total"] = sum(v for k, v in timings.items() if k != "total")
        answer.timings_ms = _round(timings)
        return answer

    def select_findings(self, store: str | None, topic: str, question: str,
                        lang: str = "en") -> list[Finding]:
        """What the store's own numbers say on this topic; without a store, a pointer to it."""
        if store is None:
            return [Finding(no_store_note(lang))] if asks_for_own_numbers(question) else []
        if self.stores is None:
            raise ValueError("store data is not available in this advisor")
        return self.stores.findings(store, topic, question, lang)

    def _route_by_store(self, store: str, question: str, topic: str, out_reason: str,
                        lookup: bool) -> tuple[str, str]:
        """Topic and scope where the store's own data decides them: a host of its sessions
        named ("what about Yuki?", "we spent ¥405k on Li Xing"), a celebrity booked before
        ("is she worth booking again?"), a plain data question ("sales last month?")."""
        hosts = self.stores.host_types(store) if self.stores is not None else {}
        text = question.casefold()
        named = next((kind for host, kind in hosts.items()
                      if len(host) >= 2 and host.casefold() in text), "")
        if named:
            topic = "celebrity" if named == "celebrity" else "anchor"
        elif REBOOK.search(question) and host_key(question) in ("", "celebrity") and (
                "celebrity" in hosts.values()):
            topic = "celebrity"
        if out_reason == "off_domain" and (named or lookup):
            out_reason = ""
        return topic, out_reason

    def warm_up(self, many_sessions: bool = False) -> None:
        """Load the model and touch the index now, so the first question is not the slow one;
        `many_sessions` (the app): each store load also computes every topic's findings, so
        a room asking its first questions at once only reads them."""
        self.retriever.candidates("live stream host", self.retriever.embed("live stream host"))
        self.retriever.warm_up()
        if self.stores is not None:
            self.stores.precompute = many_sessions

    def card(self, card_id: str) -> GuidanceCard:
        return self.cards[card_id]

    def list_cards(self) -> list[GuidanceCard]:
        """Every card, in section order, then by title."""
        return sorted(self.cards.values(), key=lambda c: (c.section, c.title))


def request_of(plan: AnswerPlan) -> ComposeRequest:
    """What the composer is asked to write: the plan, flattened."""
    u = plan.understanding
    return ComposeRequest(u.text, u.topic, plan.form, list(plan.cards), list(plan.findings),
                          plan.low_confidence, u.context, ignored_instructions=u.injected,
                          gap=u.gap, verdict=plan.verdict.label, host=plan.host,
                          lead_findings=list(plan.lead_findings), previous=u.previous_answer,
                          only_new=u.intent == "instead", lang=u.lang,
                          product=u.details.product)


def answer_form(question: str, history: Sequence[Turn], followup: bool) -> tuple[str, str]:
    """The answer's shape, and the situation a follow-up adds; a bare follow-up such as
    "and for a snack shop?" keeps the shape of the question it follows."""
    form = question_form(question)
    previous = last_user_turn(history)
    if followup and form == "what" and previous is not None:
        form = question_form(previous.content)
    return form, followup_context(question) if followup else ""


def facts_of(findings: Sequence[Finding]) -> list[StoreFact]:
    """The facts behind the findings, each once, in order of first use."""
    seen: dict[tuple[str, str, tuple[str, ...]], StoreFact] = {}
    for finding in findings:
        for fact in finding.facts:
            seen.setdefault((fact.metric, fact.display, fact.session_ids), fact)
    return list(seen.values())


def cite(cited_ids: Sequence[str], chosen: Sequence[ScoredCard]) -> list[Citation]:
    """Citations in marker order: [1] is the first id, and so on."""
    by_id = {s.card.id: s for s in chosen}
    return [Citation(cid, by_id[cid].card.title, by_id[cid].card.section,
                     round(by_id[cid].score, 4)) for cid in cited_ids]


def open_index(settings: Settings,
               embedder_factory: Callable[[], Embedder] | None = None) -> KnowledgeIndex:
    factory = embedder_factory or (lambda: make_embedder(settings.embedding_backend))
    model_id = MODEL_IDS.get(settings.embedding_backend, settings.embedding_backend)
    return KnowledgeIndex(make_chroma_client(settings), settings.collection, model_id, factory)


def refresh_index(settings: Settings, rebuild: bool = False) -> SyncReport:
    """Bring the index up to date with the cards (what `advisor index` runs)."""
    return open_index(settings).sync(load_cards(settings.knowledge_dir / "guidance"), rebuild)


def build_advisor(settings: Settings | None = None,
                  embedder_factory: Callable[[], Embedder] | None = None) -> Advisor:
    """Load cards, refresh the index (a no-op when nothing changed), and wire the pipeline."""
    settings = settings or Settings.from_env()
    cards = load_cards(settings.knowledge_dir / "guidance")
    index = open_index(settings, embedder_factory)
    index.sync(cards)
    return Advisor(settings, cards, index, make_composer(settings.composer, settings),
                   open_stores(settings, lambda: index.embedder))


def open_stores(settings: Settings,
                embedder: Callable[[], Embedder] | None = None) -> StoreService:
    """Store access; `embedder` is called only when run-of-show items must be marked."""
    from advisor.store.db import StoreDB
    from advisor.store.scope import ALL

    # The service reads stored keys: entry points resolve a workspace's names first.
    return StoreService(lambda: StoreDB.from_settings(settings, ALL), embedder)


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + (time.perf_counter() - start) * 1000


def _round(timings: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 2) for k, v in timings.items()}
