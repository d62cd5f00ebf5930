"""The offline grounded composer: selected cards and store facts -> a cited answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from advisor import anchor
from advisor.knowledge import first_sentence, split_sentences
from advisor.models import Finding, ScoredCard
from advisor.settings import Settings
from advisor.text import escape_markdown, has_chinese, normalize_sentence, tokenize
from advisor.understand.lexicon import off_category_example
from advisor.understand.read import followup_context, question_form  # noqa: F401
from advisor.weights import (  # noqa: F401 - MAX_STEPS etc. are read from here by tests
    BULLET_COST,
    CARD_RANK_COST,
    MAX_STEPS,
    OVERLAP_GAIN,
    SAME_TOPIC_RATIO,
    SCORE_GAP,
)
from advisor.wording import gap_subject, join_sentences, say


def select_cards(ranked: tuple[ScoredCard, ...] | list[ScoredCard], topic: str,
                 top_k: int, low_confidence: bool) -> list[ScoredCard]:
    """The lead card plus runners-up on the same subject; one card when unsure.

    A card on the routed topic may trail the lead further (it adds another facet of
    the same subject); a card off the topic joins only in a near tie.
    """
    if not ranked:
        return []
    lead = ranked[0]
    if low_confidence:
        return [lead]
    chosen = [lead]
    for s in ranked[1:]:
        if len(chosen) >= top_k:
            break
        same_subject = topic == s.card.main_topic or lead.card.main_topic == s.card.main_topic
        related = topic in s.card.topics or lead.card.main_topic in s.card.topics
        if (same_subject and s.score >= lead.score * SAME_TOPIC_RATIO) or (
                related and s.score >= lead.score - SCORE_GAP):
            chosen.append(s)
    return chosen


@dataclass(frozen=True)
class ComposeRequest:
    question: str
    topic: str
    form: str
    cards: list[ScoredCard]
    findings: list[Finding] = field(default_factory=list)
    low_confidence: bool = False
    context: str = ""  # the situation a follow-up adds, e.g. "a snack shop"
    ignored_instructions: bool = False  # the question carried instructions we set aside
    gap: str = ""  # the subject of the uncovered-subjects register the question asks about
    verdict: str = ""  # the plan's verdict label the first sentence opens with, e.g. "No —"
    host: anchor.Recommendation | None = None  # the plan's host pick
    lead_findings: list[Finding] = field(default_factory=list)  # store findings that lead
    previous: str = ""  # the previous answer of a follow-up: its sentences are not repeated
    only_new: bool = False  # "what instead?": the direct answer, too, says only what is new
    lang: str = "en"  # the answer's language: the question's (DESIGN §12)
    product: str = ""  # what the merchant sells, in their words: other categories' examples go


@dataclass(frozen=True)
class Composition:
    """The answer text and the card ids its markers [1], [2], ... point to, in order."""

    text: str
    cited: tuple[str, ...]


@dataclass(frozen=True)
class Capabilities:
    """What a composer can do, so that the pipeline knows what to ask of it and check."""

    languages: tuple[str, ...] = ("en", "zh")
    grounded: bool = True  # writes only card sentences and the named templates
    needs_model: bool = False  # calls a language model (none is needed today)


class Composer(Protocol):
    """Writes an answer plan as text; decides nothing (the plan has decided)."""

    capabilities: Capabilities

    def compose(self, request: ComposeRequest) -> Composition: ...


# A line's list number or bold label ("1. ", "**Why.** "), which a sentence is read without.
_LEAD_LABEL = re.compile(r"^\s*(\d+\.\s+|\*\*[^*]{1,60}\*\*\s*)+")


class _Writer:
    """Collects paragraphs, numbers citations by first use and drops repeated sentences."""

    def __init__(self, previous: str = "", lang: str = "en", product: str = "") -> None:
        self.lang = lang
        self.product = product
        self.blocks: list[str] = []
        self.cited: list[str] = []
        self._seen: set[str] = set()
        # A follow-up adds only what is new: sentences of the previous answer are not
        # repeated, except in the direct answer, which must answer the new question.
        self.before = {normalize_sentence(s) for line in previous.splitlines()
                       for s in split_sentences(_LEAD_LABEL.sub("", line).strip("_ "))}
        self.novel = bool(previous)

    def marker(self, card_id: str) -> str:
        if card_id not in self.cited:
            self.cited.append(card_id)
        return f"[{self.cited.index(card_id) + 1}]"

    def is_new(self, sentence: str) -> bool:
        key = normalize_sentence(sentence)
        return bool(key) and key not in self._seen and not (self.novel and key in self.before)

    def fresh(self, sentence: str) -> bool:
        key = normalize_sentence(sentence)
        if not key or key in self._seen or (self.novel and key in self.before):
            return False
        if off_category_example(sentence, self.product):  # furniture for a durian-cake seller
            return False
        self._seen.add(key)
        return True

    def cite(self, sentences: list[str], card_id: str) -> str:
        kept = [escape_markdown(s) for s in sentences if self.fresh(s)]
        return f"{join_sentences(kept, self.lang)} {self.marker(card_id)}" if kept else ""


class GroundedComposer:
    """Deterministic, offline: direct answer first, then why, then next steps, all cited."""

    capabilities = Capabilities()

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def compose(self, request: ComposeRequest) -> Composition:
        lang = request.lang
        w = _Writer(request.previous, lang, request.product)
        cards = request.cards
        if not cards and request.lead_findings:  # a plain data question: the rows answer it
            return Composition(join_sentences(
                [escape_markdown(f.sentence) for f in request.lead_findings], lang), ())
        if not cards:
            return Composition(say("no_guidance", lang), ())
        if request.gap:
            w.blocks.append(say("gap", lang, subject=gap_subject(request.gap, lang)))
        elif request.low_confidence:
            w.blocks.append(say("low_confidence", lang))
        findings = request.findings
        if request.lead_findings:  # the store's numbers answer the question: they lead
            verdict = f"**{request.verdict}** " if request.verdict else ""
            w.blocks.append(verdict + " ".join(f.sentence for f in request.lead_findings))
            general = self._direct(w, replace(request, form="what", verdict="", context="",
                                              product=""))
            w.blocks.append(f"{say('general_advice', lang)}{general}")
        elif request.host is not None or (request.topic == "anchor"
                                          and anchor.asks_host_choice(request.question)):
            rec = request.host or anchor.recommend_host(
                anchor.parse_constraints(request.question),
                anchor.store_rows(request.findings) or None)  # lang: see _host_choice
            if request.host is None:
                keep = set(anchor.consistent_cards([s.card.id for s in cards], rec.option))
                cards = [s for s in cards if s.card.id in keep] or cards
            findings = [f for f in findings if f.group not in anchor.BY_KEY]  # in the table
            request = replace(request, cards=cards)
            plain = request.form in ("should", "compare")  # the recommendation is the label
            # Inside the host pick the direct answer follows the pick: no label of its own.
            direct = self._direct(w, replace(request, form="what", verdict="", product="")
                                  if plain else replace(request, verdict="", product=""))
            recommendation, table = _host_choice(w, request, rec)
            w.blocks += [f"{recommendation} {direct}".strip(), table]
        else:
            w.blocks.append(self._direct(w, request))
        if findings:
            w.blocks.append(_findings_block(findings, lang))
        if request.form == "how":
            w.blocks += [_steps(w, cards, say("steps", lang), request.question),
                         self._why(w, cards, say("why_works", lang))]
        elif request.form == "why":
            w.blocks += [self._what_to_do(w, cards),
                         _steps(w, cards, say("next_steps", lang), request.question)]
        else:
            w.blocks += [self._why(w, cards, say("why", lang)),
                         _steps(w, cards, say("next_steps", lang), request.question)]
        w.blocks.append(_avoid(w, cards))
        note = cards[0].card.text(lang).data_note
        if request.form == "should" and note and not request.findings:
            w.blocks.append(f"{say('check_numbers', lang)}"
                            f"{w.cite(split_sentences(note), cards[0].card.id)}")
        if request.ignored_instructions:
            w.blocks.append(say("ignored", lang))
        text = "\n\n".join(b for b in w.blocks if b and not b.endswith(("** ", "**")))
        return Composition(text, tuple(w.cited))

    def _direct(self, w: _Writer, request: ComposeRequest) -> str:
        lead, lang = request.cards[0].card, request.lang
        if request.form == "why":
            fresh = [s for s in split_sentences(lead.text(lang).why) if w.is_new(s)][:2]
            return w.cite(fresh, lead.id) if fresh or not w.novel else ""
        novel = w.novel
        w.novel = novel and request.only_new  # the direct answer answers the new question
        lead_advice = split_sentences(lead.text(lang).advice)
        shown = lead_advice[:1] if request.form == "how" else lead_advice[:2]
        # A later advice sentence on what the merchant asked about joins ("...and for cars?").
        shown += [s for s in lead_advice[len(shown):] if _speaks_to(s, request.question)]
        opening = w.cite(shown, lead.id)
        label = {"should": say("recommendation", lang), "compare": say("in_short", lang)}.get(
            request.form, "")
        if request.verdict:
            label = f"**{request.verdict}** "
        if request.context:
            verdict = f" {request.verdict}" if request.verdict else ""
            label = say("for_context", lang, context=escape_markdown(request.context),
                        verdict=verdict)
        elif request.product and not request.verdict and request.form != "how":
            # The merchant's own words come back: "For your durian cakes: ..."
            label = say("for_context", lang, verdict="", context=say(
                "your_product", lang, product=escape_markdown(request.product)))
        extra = ""
        if request.form in ("should", "compare", "what") and len(request.cards) > 1:
            second = request.cards[1].card
            extra = w.cite([first_sentence(second.text(lang).advice)], second.id)
        w.novel = novel
        return f"{label}{opening} {extra}".strip()

    def _what_to_do(self, w: _Writer, cards: list[ScoredCard]) -> str:
        novel, w.novel = w.novel, False  # the lead card's claim is restated, even in a follow-up
        lang = w.lang
        parts = [w.cite([first_sentence(cards[0].card.text(lang).advice)], cards[0].card.id)]
        w.novel = novel
        parts += [w.cite([first_sentence(s.card.text(lang).advice)], s.card.id)
                  for s in cards[1:2]]
        body = " ".join(p for p in parts if p)
        return f"{say('what_to_do', lang)} {body}" if body else ""

    def _why(self, w: _Writer, cards: list[ScoredCard], heading: str) -> str:
        lang = w.lang
        parts = [w.cite(split_sentences(cards[0].card.text(lang).why)[:2], cards[0].card.id)]
        parts += [w.cite(split_sentences(s.card.text(lang).why)[:1], s.card.id)
                  for s in cards[1:]]
        body = " ".join(p for p in parts if p)
        return f"{heading} {body}" if body else ""


# Words too common in questions about live selling to tie a sentence to the question.
_COMMON = frozenset(tokenize("live stream streams streaming selling sell sale store shop session "
                             "sessions host product products should would about which what"))


def _speaks_to(sentence: str, question: str) -> bool:
    """The sentence names a subject of the question (a content word, not a common one)."""
    asked = {t for t in tokenize(question) if len(t) >= 3} - _COMMON
    return bool(asked & set(tokenize(sentence)))


def _steps(w: _Writer, cards: list[ScoredCard], heading: str, question: str) -> str:
    """Up to MAX_STEPS Do bullets: each card's best one first, then the cheapest of the rest."""
    asked = set(tokenize(question))

    def cost(rank: int, position: int, step: str) -> float:
        return (CARD_RANK_COST * rank + BULLET_COST * position
                - OVERLAP_GAIN * len(asked & set(tokenize(step))))

    options = sorted((cost(i, j, step), i, step, s.card.id)
                     for i, s in enumerate(cards) for j, step in enumerate(s.card.text(w.lang).do))
    firsts = {i: opt for opt in reversed(options) for i in [opt[1]]}  # best option per card
    ordered = sorted(firsts.values(), key=lambda o: o[1]) + options
    lines: list[str] = []
    for _, _, step, card_id in ordered:
        if len(lines) < MAX_STEPS and w.fresh(step):
            lines.append(f"{len(lines) + 1}. {escape_markdown(step)} {w.marker(card_id)}")
    return heading + "\n" + "\n".join(lines) if lines else ""


def _avoid(w: _Writer, cards: list[ScoredCard]) -> str:
    for s in cards:
        for dont in s.card.text(w.lang).dont:
            if w.fresh(dont):
                return f"{say('avoid', w.lang)}{escape_markdown(dont)} {w.marker(s.card.id)}"
    return ""


def _host_choice(w: _Writer, request: ComposeRequest,
                 rec: anchor.Recommendation) -> tuple[str, str]:
    """The host recommendation (with the evidence that drove it) and the options table."""
    lang = request.lang
    label = f"**{request.verdict}** " if request.verdict else say("recommendation", lang)
    pick = f"{label}{anchor.recommendation_sentence(rec, lang)}"
    if say("options_side_by_side", lang) in request.previous:
        return pick, ""  # a follow-up: the table was shown in the answer before
    rows = anchor.store_rows(request.findings)
    chosen = {s.card.id for s in request.cards}
    sources = " ".join(sorted((w.marker(c) for c in anchor.table_cards() if c in chosen),
                              key=lambda m: int(m.strip("[]"))))
    table = say("options_side_by_side", lang) + "\n\n" + anchor.comparison_table(
        rows or None, lang=lang)
    if rows:
        table += "\n\n" + anchor.ranking_line(rows, lang)
    if sources:
        table += "\n\n" + say("ratings_from", lang, sources=sources)
    return pick, table


def _findings_block(findings: list[Finding], lang: str = "en") -> str:
    return say("in_your_store", lang) + join_sentences(
        [escape_markdown(f.sentence) for f in findings], lang)


NO_GUIDANCE = say("no_guidance")
OUT_OF_SCOPE = say("out_of_scope")
ROLE_REFUSAL = say("role")


def refusal(reason: str, question: str, lang: str | None = None) -> str:
    """The short text for an out-of-scope answer (harm, a role attack, or off-domain), in the
    question's language."""
    lang = lang or ("zh" if has_chinese(question) else "en")
    return say({"harm": "harm", "role": "role"}.get(reason, "out_of_scope"), lang)


# Composer factories receive the Settings (a model path, a temperature, ... for later ones).
COMPOSERS: dict[str, Callable[[Settings | None], Composer]] = {"grounded": GroundedComposer}


def make_composer(name: str, settings: Settings | None = None) -> Composer:
    try:
        return COMPOSERS[name](settings)
    except KeyError:
        raise ValueError(f"unknown composer {name!r}; known: {sorted(COMPOSERS)}") from None
