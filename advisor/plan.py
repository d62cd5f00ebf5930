"""plan(understanding, cards, findings) -> AnswerPlan: one verdict, and what backs it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from advisor import anchor
from advisor.knowledge import split_sentences
from advisor.models import Finding, GuidanceCard, ScoredCard
from advisor.text import has_chinese, tokenize
from advisor.understand import Understanding
from advisor.understand.phrases import CAUTIONED, HOST_NAMES, NEGATED, PAST_OWN, WORTH, YES_NO
from advisor.weights import ADVICE_WEIGHT, BARELY_COVERED_ROI, BULLET_WEIGHT, PAID_OFF_ROI
from advisor.wording import say

# The guidance on these subjects is a caution: a proposal it does not speak for is a "no".
CAUTIOUS_TOPICS = frozenset({"celebrity"})
_PREFERENCE = re.compile(r"\b(?:rather than|instead of)\b", re.I)
_NEGATIVE_LEAD = re.compile(r"^\s*(don'?t|do not|never|avoid|skip|stop|resist|no\b|不要|别|"
                            r"不必|避免|少|停止|不用)", re.I)
_CONTRAST = re.compile(r"\b(?:rather than|instead of|not)\b|而不是|而非|不是|不要|别", re.I)
_PREFERENCE_ZH = re.compile(r"而不是|还是|而非")
# Chinese words every question about live selling shares (as character pairs).
_GENERIC_ZH = frozenset({"直播", "我们", "我的", "应该", "要不", "不要", "值得", "可以", "是不",
                         "不是", "店里", "带货", "一下", "这样", "怎么", "什么", "我该"})
# Words every question about live selling shares; they say nothing about the proposal.
_GENERIC = frozenset(tokenize("should worth live stream streams streaming selling sell store shop "
                              "session sessions our my we need good idea better"))


@dataclass(frozen=True)
class Verdict:
    """The one-line answer the text opens with."""

    kind: str  # yes | no | pick | only_if | gap | none
    label: str = ""  # the words the first sentence starts with, e.g. "No —"
    option: str = ""  # the option picked: a host key or one of the named options
    source: str = "guidance"  # guidance | store | register

    @property
    def line(self) -> str | None:
        """The verdict as recorded on the Answer, or None for an open question."""
        if self.kind == "none":
            return None
        if self.label:
            return self.label.rstrip(" —:")
        return f"pick {self.option}" if self.option else self.kind


NO_VERDICT = Verdict("none")


# Findings that answer a plain data question themselves (store/lookups.py): they lead.
LOOKUP_KINDS = ("session_report", "no_session", "period_totals", "best_products")


@dataclass(frozen=True)
class AnswerPlan:
    """Everything the composer writes, decided: verdict, cards, findings, the host pick."""

    understanding: Understanding
    form: str
    cards: tuple[ScoredCard, ...]
    verdict: Verdict
    findings: tuple[Finding, ...] = ()
    lead_findings: tuple[Finding, ...] = ()  # store findings that carry the verdict
    host: anchor.Recommendation | None = None
    low_confidence: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


def make_plan(u: Understanding, form: str, cards: Sequence[ScoredCard],
              findings: Sequence[Finding], low_confidence: bool,
              library: Mapping[str, GuidanceCard] | None = None) -> AnswerPlan:
    """Decide the verdict and keep only the cards and findings consistent with it.
    `library`: every card by id, for a card the verdict needs that retrieval did not bring."""
    chosen, found = tuple(cards), tuple(findings)
    if not chosen:
        return AnswerPlan(u, form, chosen, NO_VERDICT, found, low_confidence=low_confidence)
    if u.gap:
        return AnswerPlan(u, form, chosen, Verdict("gap", source="register"), found,
                          low_confidence=True)
    report = tuple(f for f in found if f.kind in LOOKUP_KINDS)
    if u.intent == "lookup" and report:  # the store's own rows answer it: they lead
        rest = tuple(f for f in found if f not in report)
        if low_confidence:  # no card speaks to a plain data question: the numbers alone
            return AnswerPlan(u, form, (), NO_VERDICT, (), report)
        return AnswerPlan(u, form, chosen, NO_VERDICT, rest, report,
                          low_confidence=low_confidence)
    two_hosts = len({host_key(o) for o in u.options} - {""}) == 2
    if (u.topic == "anchor" or two_hosts) and (two_hosts or anchor.asks_host_choice(u.text) or (
            u.followup and anchor.asks_host_choice(u.previous))):
        return _host_plan(u, form, chosen, found, low_confidence, library or {})
    if u.topic == "celebrity" and (u.intent == "yes_no" or WORTH.search(u.text)):
        lead, verdict = store_verdict(found, u.lang)
        if lead:
            rest = tuple(f for f in found if f not in lead)
            return AnswerPlan(u, form, chosen, verdict, rest, lead, low_confidence=low_confidence)
        if PAST_OWN.search(u.text) and not u.details.money:  # their session, no numbers here
            return AnswerPlan(u, form, chosen, Verdict("only_if", say("worth_if_margin", u.lang)),
                              found, low_confidence=low_confidence)
        if u.details.money and not low_confidence:  # a booking they describe, not our data
            fee = u.details.money[0].text.replace("*", "")
            sold = (say("those_sold", u.lang, count=u.details.counts[0].text)
                    if u.details.counts else say("what_it_sold", u.lang))
            return AnswerPlan(u, form, chosen, Verdict(
                "only_if", say("only_if_margin", u.lang, sold=sold, fee=fee)), found,
                low_confidence=low_confidence)
    verdict = NO_VERDICT
    if u.intent == "yes_no" and not low_confidence:
        verdict = guidance_verdict(u.text, chosen, u.lang)
    elif u.intent == "choose" and len(u.options) == 2:
        verdict = pick_option(u.options, chosen, u.lang)
    if verdict.kind == "none" and u.intent == "choose" and YES_NO.search(u.text) and (
            not low_confidence):  # "is it worth X, or does that just Y?": yes or no to X
        verdict = guidance_verdict(u.text, chosen, u.lang)
    return AnswerPlan(u, form, chosen, verdict, found, low_confidence=low_confidence)


def _host_plan(u: Understanding, form: str, cards: tuple[ScoredCard, ...],
               findings: tuple[Finding, ...], low_confidence: bool,
               library: Mapping[str, GuidanceCard]) -> AnswerPlan:
    """The host pick: among the two options named, if two are; cards that argue for another
    option stay out; a yes/no question about one option gets yes or no."""
    rows = anchor.store_rows(findings) or None
    named = [k for k in (host_key(o) for o in u.options) if k]
    among: list[str] | None = named if len(set(named)) == 2 else None
    if u.intent == "instead" and u.followup:  # "what instead?": the next best option
        before = anchor.recommend_host(u.constraints, rows).option
        among = [o.key for o in anchor.OPTIONS if o.key not in (before, "celebrity")]
    rec = anchor.recommend_host(u.constraints, rows, among)
    if rows is None and any(f.kind == "too_few" for f in findings):
        rec = replace(rec, reasons=(*rec.reasons, anchor.TOO_FEW_REASON))
    if u.intent == "instead" and u.followup:
        rec = replace(rec, reasons=(anchor.next_choice_reason(before), *rec.reasons))
    keep = set(anchor.consistent_cards([s.card.id for s in cards], rec.option))
    cards = tuple(s for s in cards if s.card.id in keep) or cards
    if u.intent == "instead" and u.followup:  # the card for the new pick speaks first
        own = anchor.PICK_CARDS.get(rec.option, "")
        if own in library and own not in {s.card.id for s in cards}:
            cards = (ScoredCard(library[own], cards[0].score), *cards)
        cards = tuple(sorted(cards, key=lambda s: s.card.id != own))
    verdict = Verdict("pick", "", rec.option, "store" if rec.evidence else "rules")
    proposed = host_key(u.text)
    if u.intent == "yes_no" and proposed:
        yes = proposed == rec.option
        verdict = Verdict("yes" if yes else "no", say("yes" if yes else "no", u.lang),
                          rec.option, verdict.source)
    return AnswerPlan(u, form, cards, verdict, findings, host=rec, low_confidence=low_confidence)


def host_key(text: str) -> str:
    """The host option a phrase names ("myself" -> owner), or ''."""
    return next((key for key, rx in HOST_NAMES if rx.search(text)), "")


def store_verdict(findings: Sequence[Finding],
                  lang: str = "en") -> tuple[tuple[Finding, ...], Verdict]:
    """"Was the celebrity worth it?" from the store's own numbers: margin after the fee where
    costs exist, GMV per yuan of fee where they don't (DESIGN §5)."""
    facts = {f.metric: (finding, f) for finding in findings for f in finding.facts}
    if "margin_after_fee" in facts and facts["margin_after_fee"][1].value is not None:
        finding, fact = facts["margin_after_fee"]
        lost = (fact.value or 0.0) < 0
        return (finding,), Verdict("no" if lost else "yes",
                                   say("worth_no" if lost else "worth_yes", lang), source="store")
    if "fee_roi" in facts and facts["fee_roi"][1].value is not None:
        roi = facts["fee_roi"][1].value or 0.0
        fee_finding = facts["fee_roi"][0]
        note = next((f for f in findings if f.kind == "no_costs"), None)
        lead = (fee_finding, note) if note else (fee_finding,)
        if roi >= PAID_OFF_ROI:
            return lead, Verdict("yes", say("worth_revenue", lang), source="store")
        if roi < BARELY_COVERED_ROI:
            return lead, Verdict("no", say("worth_no", lang), source="store")
        return lead, Verdict("only_if", say("worth_if_return", lang), source="store")
    return (), NO_VERDICT


def _leaning(card_texts: Sequence[str]) -> tuple[set[str], set[str]]:
    """The words a card argues for and the words it argues against."""
    pro: set[str] = set()
    con: set[str] = set()
    for text in card_texts:
        for sentence in split_sentences(text):
            if _NEGATIVE_LEAD.match(sentence):
                con |= _words(sentence)
                continue
            parts = _CONTRAST.split(sentence, maxsplit=1)
            head, tail = parts[0], parts[-1] if len(parts) > 1 else ""
            pro |= _words(head)
            con |= _words(tail)
    return pro, con




def _words(text: str) -> set[str]:
    """Content words; "off-topic" and "on-topic" stay one word each (their sides differ).
    Chinese text has no spaces: its character pairs stand in for words."""
    if has_chinese(text):
        runs = re.findall(r"[\u4e00-\u9fff]+", text)
        return {r[i:i + 2] for r in runs for i in range(len(r) - 1)} - _GENERIC_ZH
    text = re.sub(r"\b(off|on)[- ]topic", lambda m: f"{m.group(1).lower()}topic", text, flags=re.I)
    return set(tokenize(text)) - _GENERIC


def lean(question: str, cards: Sequence[ScoredCard]) -> int:
    """> 0 when the cards argue for what the text proposes, < 0 against, 0 when unclear."""
    zh = has_chinese(question)
    parts = (_PREFERENCE_ZH if zh else _PREFERENCE).split(question, maxsplit=1)
    if len(parts) == 2:  # "raw rather than polished": for the first, against the second
        return lean(parts[0], cards) - lean(parts[1], cards)
    asked = _words(question)
    score = 0
    for s in cards:
        text = s.card.text("zh" if zh else "en")  # a Chinese question is read against Chinese
        claim = split_sentences(text.advice)[:1]  # the claim itself
        if _PREFERENCE.search(text.title) or _PREFERENCE_ZH.search(text.title):
            claim.append(text.title)  # "raw rather than polished": the title states the choice
        adv_pro, adv_con = _leaning(claim)
        do_pro, do_con = _leaning(list(text.do))
        dont = {w for d in text.dont for w in _words(d)}
        score += ADVICE_WEIGHT * (len(asked & adv_pro) - len(asked & adv_con))
        score += BULLET_WEIGHT * (len(asked & do_pro) - len(asked & (do_con | dont)))
    return score


def guidance_verdict(question: str, cards: Sequence[ScoredCard], lang: str = "en") -> Verdict:
    """Yes or no from the lead card: does it argue for or against what the question proposes?
    Proposing a celebrity gets no: the guidance never makes one the plan (store data and a
    booking the merchant describes are judged before this, on their numbers); so does adding
    entertainment or a trend unrelated to what the store sells."""
    card = cards[0].card
    cautioned = CAUTIONED.get(card.main_topic)
    if cautioned is not None and cautioned.search(question):
        yes = -1  # a celebrity, a dance, a meme...
    else:
        yes = lean(question, cards[:1]) or (
            -1 if card.main_topic in CAUTIOUS_TOPICS or _NEGATIVE_LEAD.match(card.advice) else 1)
    if NEGATED.search(question):
        yes = -yes
    return Verdict("yes", say("yes", lang)) if yes > 0 else Verdict("no", say("no", lang))


def pick_option(options: Sequence[str], cards: Sequence[ScoredCard], lang: str = "en") -> Verdict:
    """Of the two options named, the one the chosen cards argue for."""
    first, second = lean(options[0], cards), lean(options[1], cards)
    if first == second:
        return Verdict("none")
    best = (options[0] if first > second else options[1]).replace("*", "")
    return Verdict("pick", say("go_with", lang, option=best), best)
