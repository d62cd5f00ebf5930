"""Whole-answer evaluators run on every case: stance, contradiction, structure, provenance.

Each is a pure function (case, answer, context) -> EvalResult, like those in evaluators.py.
None of them calls the code under test: stances come from the cards' front matter (pinned in
evals/stances.lock.yaml), sentence templates and host-option cues from
`advisor.evals.templates`, session groups from the raw session rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from advisor.evals import templates as tpl
from advisor.evals.cases import EvalCase, normalize_text
from advisor.evals.results import EvalContext, EvalResult, not_applicable, verdict
from advisor.knowledge import split_sentences
from advisor.models import Answer, GuidanceCard

STANCE = "stance"
CONTRADICTION = "no_contradiction"
STRUCTURE = "structure"
PROVENANCE = "sentence_provenance"
LABELS = "store_labels"
SESSIONS_NAMED = "sessions_named"
LANGUAGE = "language"
HOST_TABLE = "host_table"
SOURCES = "pinned_sections"

_MARKER = re.compile(r"\s*(?<!\\)\[\d+\]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def _in_scope(answer: Answer) -> bool:
    return answer.scope == "in" and bool(answer.citations)


def stance(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """No cited card's (or on-topic card's) inverted stance is said; the lead card's is."""
    if not _in_scope(answer) or not ctx.cards:
        return not_applicable(STANCE, "no cited cards")
    text = normalize_text(_MARKER.sub("", answer.text))
    topic = case.expect.topic or answer.topic
    guarded = {c.id: ctx.cards[c.id] for c in answer.citations if c.id in ctx.cards}
    guarded |= {cid: card for cid, card in ctx.cards.items() if card.main_topic == topic}
    said = [f"{cid}: {p!r}" for cid, card in guarded.items() if card.stance
            for p in (*card.stance.deny, *card.stance.deny_zh) if re.search(p, text, re.I)]
    problems = [f"says the inverted stance of {s}" for s in said]
    lead = ctx.cards.get(answer.citations[0].id)
    affirm = lead.stance.affirm if lead is not None and lead.stance else ()
    if lead is not None and lead.stance and answer.lang == "zh" and lead.stance.affirm_zh:
        affirm = lead.stance.affirm_zh  # a Chinese answer states the stance in Chinese
    if lead is not None and lead.stance and answer.confidence == "high" and not any(
            re.search(p, text, re.I) for p in affirm):
        problems.append(f"led by {lead.id} but never states its stance "
                        f"({lead.stance.claim!r})")
    if problems:
        return verdict(STANCE, False, 0.0, "; ".join(problems))
    return verdict(STANCE, True, 1.0, f"stances of {len(guarded)} cards respected")


def no_contradiction(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """No hedge that takes the advice back, and no sentence recommending another host."""
    if answer.scope != "in":
        return not_applicable(CONTRADICTION, "out of scope")
    sentences = answer_sentences(answer.text)
    problems = [f"hedges the advice away: {s!r}" for s in sentences if tpl.HEDGE.search(s)]
    pick = tpl.recommended_host(sentences[0]) if sentences else None
    if pick is not None:
        for sentence in sentences[1:]:
            other = tpl.recommended_host(sentence)
            if other is not None and other != pick:
                problems.append(f"recommends {pick} first, then {other}: {sentence!r}")
    if problems:
        return verdict(CONTRADICTION, False, 0.0, "; ".join(problems[:3]))
    return verdict(CONTRADICTION, True, 1.0,
                   f"one line throughout{f' (host: {pick})' if pick else ''}")


def structure(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """The shape of the intent: a verdict first for yes/no questions, steps for how, cautions."""
    if not _in_scope(answer) or answer.confidence != "high":
        return not_applicable(STRUCTURE, "out of scope or low confidence")
    problems = []
    steps = re.findall(r"(?m)^\s*\d+\.\s+\S", answer.text)
    if len(steps) < 2:
        problems.append(f"{len(steps)} numbered steps (needs 2 or more)")
    if not tpl.CAUTION.search(answer.text):
        problems.append("no caution (what to avoid)")
    lead = lead_sentence(answer.text)
    if tpl.YES_NO_QUESTION.search(case.question) and not tpl.VERDICT.search(lead):
        problems.append(f"a yes/no question, but the first sentence gives no verdict: {lead!r}")
    if problems:
        return verdict(STRUCTURE, False, 0.0, "; ".join(problems))
    return verdict(STRUCTURE, True, 1.0, f"{len(steps)} steps, a caution, verdict where asked")


def sentence_provenance(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """Every sentence is a cited card's sentence or one of the named answer templates."""
    if answer.scope != "in" or not ctx.cards:
        return not_applicable(PROVENANCE, "out of scope")
    known = card_sentences(ctx.cards[c.id] for c in answer.citations if c.id in ctx.cards)
    stray = [s for s in answer_sentences(answer.text)
             if normalize_text(s) not in known and tpl.template_of(s) is None]
    if stray:
        return verdict(PROVENANCE, False, 0.0, "sentences from no cited card and no template: "
                       + " | ".join(repr(s) for s in stray[:3]))
    return verdict(PROVENANCE, True, 1.0, "every sentence is sourced")


def store_labels(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """A number about one host type's sessions sits next to that host type's name."""
    if case.store is None or not answer.facts or ctx.anchor_types is None:
        return not_applicable(LABELS, "no store facts")
    types = ctx.anchor_types(case.store)
    problems: list[str] = []
    lines = [line for line in answer.text.splitlines() if line.strip()]
    for fact in answer.facts:
        groups = {types.get(s) for s in fact.session_ids}
        if len(groups) != 1 or not _distinctive(fact.display):
            continue
        (group,) = groups
        if group is None or set(fact.session_ids) == set(types):
            continue
        for unit in _units_with(fact.display, lines):
            named = tpl.host_labels(unit)
            if named and group not in named:
                problems.append(f"{fact.metric} {fact.display} of the {group} sessions is "
                                f"labelled {'/'.join(sorted(named))}: {unit[:90]!r}")
    if problems:
        return verdict(LABELS, False, 0.0, "; ".join(dict.fromkeys(problems)))
    return verdict(LABELS, True, 1.0, "each group number carries its group's name")


def sessions_named(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """The answer names the sessions the case says it must (e.g. the off-topic ones)."""
    want = case.expect.sessions
    if not want:
        return not_applicable(SESSIONS_NAMED)
    text = answer.text.replace("\\", "")
    missing = [s for s in want if not re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)]
    if missing:
        return verdict(SESSIONS_NAMED, False, 1 - len(missing) / len(want),
                       f"does not name {', '.join(missing)}")
    return verdict(SESSIONS_NAMED, True, 1.0, f"names {', '.join(want)}")


def language(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """The answer is written in the question's language (or the case's `lang`)."""
    want = case.expect.lang or text_language(case.question)
    got = text_language(_MARKER.sub("", answer.text))
    ok = got == want
    return verdict(LANGUAGE, ok, float(ok), f"answer in {got}" + ("" if ok else f", asked {want}"))


def host_table(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """The host comparison table, where shown, carries the ratings the host cards give."""
    rows = tpl.table_rows(answer.text)
    if not rows:
        return not_applicable(HOST_TABLE, "no host table")
    problems = []
    for option in tpl.HOST_RATINGS:
        row, expected = rows.get(option), tpl.host_ratings(option)
        if row is None:
            problems.append(f"no row for {option}")
            continue
        for column, value in expected.items():
            if column in row and row[column] != value:
                problems.append(f"{option} / {column}: {row.get(column)!r}, expected {value!r}")
    if problems:
        return verdict(HOST_TABLE, False, 0.0, "; ".join(problems[:4]))
    return verdict(HOST_TABLE, True, 1.0, "ratings match the host guidance")


def pinned_sections(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """Each citation names the article section the card was reviewed under (the pin file)."""
    if not answer.citations or not ctx.pinned_sections:
        return not_applicable(SOURCES, "no citations or no pins")
    wrong = [f"{c.id} cited as {c.section}, reviewed as {ctx.pinned_sections[c.id]}"
             for c in answer.citations
             if c.id in ctx.pinned_sections and c.section != ctx.pinned_sections[c.id]]
    if wrong:
        return verdict(SOURCES, False, 0.0, "; ".join(wrong))
    return verdict(SOURCES, True, 1.0, "every citation names its reviewed section")


WHOLE_ANSWER = (stance, no_contradiction, structure, sentence_provenance, store_labels,
                sessions_named, language, host_table, pinned_sections)


def text_language(text: str) -> str:
    """'zh' when CJK characters outnumber Latin letters a third of the way, else 'en'."""
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    return "zh" if cjk and cjk * 3 >= latin else "en"


def lead_sentence(text: str) -> str:
    """The answer's first sentence as shown, its label ("My recommendation:") included."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    sentences = sentences_of(_MARKER.sub("", first).replace("**", ""))
    return sentences[0] if sentences else ""


def answer_sentences(text: str) -> list[str]:
    """The prose sentences of an answer: no tables, labels, list numbers or markers."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("|"):
            continue
        line = tpl.LABEL.sub("", _MARKER.sub("", line)).strip()
        line = re.sub(r"^\d+\.\s+", "", line).strip("_ ").replace("\\", "")
        sentences += [s for s in sentences_of(line) if re.search(r"\w", s)]
    return sentences


# A Chinese sentence ends at 。！？ whether or not a space follows (split_sentences needs one).
_CJK_END = re.compile(r"(?<=[。！？])\s*(?=\S)")


def sentences_of(text: str) -> list[str]:
    """The sentences of a text, English or Chinese."""
    return [p.strip() for s in split_sentences(text) for p in _CJK_END.split(s) if p.strip()]


def card_sentences(cards: Iterable[GuidanceCard]) -> set[str]:
    """Every sentence of these cards, normalised, for sentence provenance."""
    found: set[str] = set()
    for card in cards:
        for text in (card.text("en"), *((card.zh,) if card.zh else ())):
            for field in (text.title, text.advice, text.why, *text.do, *text.dont,
                          text.data_note):
                found |= {normalize_text(s) for s in sentences_of(field)}
    return found


def _distinctive(display: str) -> bool:
    """A display worth locating in the text: a rate, an amount or a long number, not "3"."""
    return bool(re.search(r"[%¥.]", display)) or len(display) >= 4


def _units_with(display: str, lines: Sequence[str]) -> list[str]:
    """The table rows and sentences that show this number."""
    pattern = re.compile(rf"(?<![\d.,]){re.escape(display)}(?![\d%])")
    units = []
    for line in lines:
        parts = [line] if line.lstrip().startswith("|") else sentences_of(line)
        units += [p for p in parts if pattern.search(p)]
    return units
