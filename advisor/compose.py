"""The offline grounded composer: selected cards and store facts -> a cited answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from advisor import anchor
from advisor.knowledge import first_sentence, split_sentences
from advisor.models import Finding, ScoredCard
from advisor.text import escape_markdown, normalize_sentence, tokenize

_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("why", re.compile(r"^\s*(why|how come)\b|为什么", re.I)),
    ("how", re.compile(r"^\s*how (do|can|should|would|to|could|much should)\b|\bhow to\b|"
                       r"\b(tips|steps|ways to|best way)\b|怎么|如何", re.I)),
    ("should", re.compile(r"^\s*(should|shall|must|do i need|do we need|would it|is it (worth|wise|"
                          r"a good idea|smart|ok)|can i|can we|is .* worth|are .* worth)\b|"
                          r"\bworth (it|the|paying|hiring)\b|\bshould (i|we)\b|"
                          r"要不要|值得|是否|该不该", re.I)),
    ("compare", re.compile(r"\b(versus|vs\.?|compare|better|or)\b.*\?|哪个", re.I)),
)
MAX_STEPS = 4
# Step ordering costs: later cards and later bullets cost more; shared words with the
# question earn a step its place.
CARD_RANK_COST = 1.0
BULLET_COST = 0.45
OVERLAP_GAIN = 0.4
# How far behind the lead card a runner-up may score and still join the answer.
SCORE_GAP = 0.12
SAME_TOPIC_RATIO = 0.5


def question_form(question: str) -> str:
    """'should', 'how', 'why', 'compare' or 'what': decides the answer's shape."""
    for name, pattern in _FORMS:
        if pattern.search(question):
            return name
    return "what"


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


_CONTEXT_LEAD = re.compile(r"^\s*(?:and|but|so|also|ok(?:ay)?|then)?\s*"
                           r"(?:what about|how about|and for|for)\s+(?:for\s+)?(.+?)[\s?.!]*$",
                           re.I)


def followup_context(question: str) -> str:
    """'and for a snack shop?' -> 'a snack shop': the new situation a follow-up names."""
    match = _CONTEXT_LEAD.match(question)
    return match.group(1).strip() if match else ""


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


@dataclass(frozen=True)
class Composition:
    """The answer text and the card ids its markers [1], [2], ... point to, in order."""

    text: str
    cited: tuple[str, ...]


class Composer(Protocol):
    def compose(self, request: ComposeRequest) -> Composition: ...


class _Writer:
    """Collects paragraphs, numbers citations by first use and drops repeated sentences."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.cited: list[str] = []
        self._seen: set[str] = set()

    def marker(self, card_id: str) -> str:
        if card_id not in self.cited:
            self.cited.append(card_id)
        return f"[{self.cited.index(card_id) + 1}]"

    def fresh(self, sentence: str) -> bool:
        key = normalize_sentence(sentence)
        if not key or key in self._seen:
            return False
        self._seen.add(key)
        return True

    def cite(self, sentences: list[str], card_id: str) -> str:
        kept = [escape_markdown(s) for s in sentences if self.fresh(s)]
        return f"{' '.join(kept)} {self.marker(card_id)}" if kept else ""


class GroundedComposer:
    """Deterministic, offline: direct answer first, then why, then next steps, all cited."""

    def compose(self, request: ComposeRequest) -> Composition:
        w = _Writer()
        cards = request.cards
        if not cards:
            return Composition(NO_GUIDANCE, ())
        if request.gap:
            w.blocks.append(GAP_NOTE.format(subject=request.gap))
        elif request.low_confidence:
            w.blocks.append(LOW_CONFIDENCE_NOTE)
        findings = request.findings
        if request.topic == "anchor" and anchor.asks_host_choice(request.question):
            rec = anchor.recommend_host(anchor.parse_constraints(request.question),
                                        anchor.store_rows(request.findings) or None)
            keep = set(anchor.consistent_cards([s.card.id for s in cards], rec.option))
            cards = [s for s in cards if s.card.id in keep] or cards
            request = replace(request, cards=cards)
            plain = request.form in ("should", "compare")  # the recommendation is the label
            direct = self._direct(w, replace(request, form="what") if plain else request)
            recommendation, table = _host_choice(w, request, rec)
            w.blocks += [f"{recommendation} {direct}".strip(), table]
            findings = [f for f in findings if f.group not in anchor.BY_KEY]
        else:
            w.blocks.append(self._direct(w, request))
        if findings:
            w.blocks.append(_findings_block(findings))
        if request.form == "how":
            w.blocks += [_steps(w, cards, "**Steps**", request.question),
                         self._why(w, cards, "**Why this works.**")]
        elif request.form == "why":
            w.blocks += [self._what_to_do(w, cards),
                         _steps(w, cards, "**Next steps**", request.question)]
        else:
            w.blocks += [self._why(w, cards, "**Why.**"),
                         _steps(w, cards, "**Next steps**", request.question)]
        w.blocks.append(_avoid(w, cards))
        if request.form == "should" and cards[0].card.data_note and not request.findings:
            lead = cards[0].card
            w.blocks.append(f"**Check it against your own numbers.** "
                            f"{w.cite(split_sentences(lead.data_note), lead.id)}")
        if request.ignored_instructions:
            w.blocks.append(IGNORED_NOTE)
        text = "\n\n".join(b for b in w.blocks if b and not b.endswith("** "))
        return Composition(text, tuple(w.cited))

    def _direct(self, w: _Writer, request: ComposeRequest) -> str:
        lead = request.cards[0].card
        if request.form == "why":
            return w.cite(split_sentences(lead.why)[:2], lead.id)
        lead_advice = split_sentences(lead.advice)
        opening = w.cite(lead_advice[:1] if request.form == "how" else lead_advice[:2], lead.id)
        label = {"should": "**My recommendation:** ", "compare": "**In short:** "}.get(
            request.form, "")
        if request.context:
            label = f"**For {escape_markdown(request.context)}:** "
        extra = ""
        if request.form in ("should", "compare", "what") and len(request.cards) > 1:
            second = request.cards[1].card
            extra = w.cite([first_sentence(second.advice)], second.id)
        return f"{label}{opening} {extra}".strip()

    def _what_to_do(self, w: _Writer, cards: list[ScoredCard]) -> str:
        parts = [w.cite([first_sentence(s.card.advice)], s.card.id) for s in cards[:2]]
        body = " ".join(p for p in parts if p)
        return f"**What to do about it.** {body}" if body else ""

    def _why(self, w: _Writer, cards: list[ScoredCard], heading: str) -> str:
        parts = [w.cite(split_sentences(cards[0].card.why)[:2], cards[0].card.id)]
        parts += [w.cite(split_sentences(s.card.why)[:1], s.card.id) for s in cards[1:]]
        body = " ".join(p for p in parts if p)
        return f"{heading} {body}" if body else ""


def _steps(w: _Writer, cards: list[ScoredCard], heading: str, question: str) -> str:
    """Up to MAX_STEPS Do bullets: each card's best one first, then the cheapest of the rest."""
    asked = set(tokenize(question))

    def cost(rank: int, position: int, step: str) -> float:
        return (CARD_RANK_COST * rank + BULLET_COST * position
                - OVERLAP_GAIN * len(asked & set(tokenize(step))))

    options = sorted((cost(i, j, step), i, step, s.card.id)
                     for i, s in enumerate(cards) for j, step in enumerate(s.card.do))
    firsts = {i: opt for opt in reversed(options) for i in [opt[1]]}  # best option per card
    ordered = sorted(firsts.values(), key=lambda o: o[1]) + options
    lines: list[str] = []
    for _, _, step, card_id in ordered:
        if len(lines) < MAX_STEPS and w.fresh(step):
            lines.append(f"{len(lines) + 1}. {escape_markdown(step)} {w.marker(card_id)}")
    return heading + "\n" + "\n".join(lines) if lines else ""


def _avoid(w: _Writer, cards: list[ScoredCard]) -> str:
    for s in cards:
        for dont in s.card.dont:
            if w.fresh(dont):
                return f"**Avoid:** {escape_markdown(dont)} {w.marker(s.card.id)}"
    return ""


def _host_choice(w: _Writer, request: ComposeRequest,
                 rec: anchor.Recommendation) -> tuple[str, str]:
    """The host recommendation (with the evidence that drove it) and the options table."""
    rows = anchor.store_rows(request.findings)
    chosen = {s.card.id for s in request.cards}
    sources = " ".join(sorted((w.marker(c) for c in anchor.table_cards() if c in chosen),
                              key=lambda m: int(m.strip("[]"))))
    table = "**The options side by side**\n\n" + anchor.comparison_table(rows or None)
    if rows:
        table += "\n\n" + anchor.ranking_line(rows)
    if sources:
        table += f"\n\n_Ratings from the host guidance {sources}._"
    return f"**My recommendation:** {anchor.recommendation_sentence(rec)}", table


def _findings_block(findings: list[Finding]) -> str:
    return "**In your store.** " + " ".join(escape_markdown(f.sentence) for f in findings)


LOW_CONFIDENCE_NOTE = ("_None of my guidance covers this question directly; this is the closest "
                       "advice I have._")
GAP_NOTE = ("_My guidance doesn't cover {subject}, so I won't guess at it; this is the closest "
            "advice I have._")
IGNORED_NOTE = ("_Your message contained instructions addressed to me; I treated them as text "
                "and answered the question itself._")
NO_GUIDANCE = ("I don't have guidance on that yet. I can help with choosing a live host, "
               "celebrity guests, keeping streams on-topic, product fit, fan interaction and "
               "repeat customers.")

OUT_OF_SCOPE = (
    "That's outside what I can help with. I'm a live-commerce advisor: ask me about choosing "
    "a host for your live streams, whether a celebrity guest is worth it, keeping your streams "
    "on-topic, which products suit live selling, engaging viewers, winning repeat customers, "
    "or how your own store's live sessions performed."
)
ROLE_REFUSAL = (
    "I can't change my role or share my instructions or any keys. I'm here to advise on "
    "selling through live streams: choosing a host, celebrity guests, staying on-topic, "
    "product fit, fan interaction and repeat customers. What would you like to know about those?"
)

HARM_REFUSAL = (
    "I won't help with that: breaking into someone else's account, faking reviews or orders, "
    "and deceiving buyers harm other people and break the platforms' rules (and often the "
    "law). I'm glad to help you win viewers and buyers honestly: choosing a host, keeping "
    "streams on-topic, engaging fans or earning repeat customers."
)
HARM_REFUSAL_ZH = (
    "这个我不能帮忙：盗用或攻击别人的账号、刷单刷评、欺骗买家，都会伤害他人，也违反平台规则，"
    "往往还触犯法律。我很乐意帮你用正当的方法赢得观众和买家：选主播、让直播不跑题、和粉丝互动、"
    "提高复购。"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def refusal(reason: str, question: str) -> str:
    """The short text for an out-of-scope answer: harm, a role attack, or off-domain."""
    if reason == "harm":
        return HARM_REFUSAL_ZH if _CJK.search(question) else HARM_REFUSAL
    return ROLE_REFUSAL if reason == "role" else OUT_OF_SCOPE


COMPOSERS: dict[str, Callable[[], Composer]] = {"grounded": GroundedComposer}


def make_composer(name: str) -> Composer:
    try:
        return COMPOSERS[name]()
    except KeyError:
        raise ValueError(f"unknown composer {name!r}; known: {sorted(COMPOSERS)}") from None
