"""verify(answer, plan) -> Answer: the grounding checks every answer passes before it is shown."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from advisor import anchor
from advisor.knowledge import split_sentences
from advisor.models import Answer, GuidanceCard
from advisor.plan import AnswerPlan
from advisor.understand.read import language_of

NUMBER = re.compile(r"(?<![A-Za-z0-9_.,\-])(?:\d{4}-\d{2}-\d{2}(?![\d-])|"
                    r"[¥￥]?-?\d+(?:,\d{3})*(?:\.\d+)?%?)")
MARKER = re.compile(r"(?<!\\)\[(\d+)\]")
LIST_NUMBER = re.compile(r"(?m)^\s*\d+\.\s")
OK, REPAIRED, FAILED, FALLBACK = "ok", "repaired", "failed", "fallback"


def numbers_in(text: str) -> list[str]:
    """Number tokens of a text, without list numbering and citation markers."""
    text = LIST_NUMBER.sub(" ", MARKER.sub(" ", text))
    return [t.replace("￥", "¥") for t in NUMBER.findall(text)]


def known_numbers(answer: Answer, cards: Mapping[str, GuidanceCard]) -> set[str]:
    """Numbers the answer may use: its facts, its cited cards, the question."""
    texts = [answer.question, *(f"{f.display} {f.definition} {' '.join(f.session_ids)} "
                                f"{f.scope.partition(':')[2]}"
                                for f in answer.facts)]
    texts += [cards[c.id].as_markdown() + " " + cards[c.id].title
              for c in answer.citations if c.id in cards]
    known: set[str] = set()
    for text in texts:
        for token in numbers_in(text):
            known |= {token, token.lstrip("¥"), token.lstrip("-")}
    return known


def unsourced_numbers(answer: Answer, cards: Mapping[str, GuidanceCard]) -> list[str]:
    known = known_numbers(answer, cards)
    return [t for t in numbers_in(answer.text) if t not in known and t.lstrip("¥") not in known]


def citation_problems(answer: Answer, cards: Mapping[str, GuidanceCard]) -> list[str]:
    """Markers and citations must match one to one, and every cited card must exist."""
    ids = [c.id for c in answer.citations]
    used = {int(n) for n in MARKER.findall(answer.text)}
    problems = [f"unknown card {i}" for i in ids if i not in cards]
    problems += [f"card {i} cited twice" for i in set(ids) if ids.count(i) > 1]
    problems += [f"marker [{n}] has no citation" for n in used if not 1 <= n <= len(ids)]
    problems += [f"citation {i + 1} has no marker" for i in range(len(ids)) if i + 1 not in used]
    return problems


def verdict_problems(answer: Answer, plan: AnswerPlan) -> list[str]:
    """The text opens with the verdict and no cited card argues for another host."""
    problems = []
    if plan.host is not None:
        others = [cid for cid in (c.id for c in answer.citations)
                  if anchor.CHAMPIONS.get(cid, plan.host.option) != plan.host.option]
        problems += [f"{cid} argues for another host than {plan.host.option}" for cid in others]
    label = plan.verdict.label
    if label and label not in answer.text.split("\n\n")[0 if not plan.understanding.gap else 1]:
        problems.append(f"the first paragraph does not open with the verdict {label!r}")
    return problems


def verify(answer: Answer, plan: AnswerPlan, cards: Mapping[str, GuidanceCard]) -> Answer:
    """Run the checks; repair what can be repaired, else fall back; record the outcome."""
    checks: dict[str, str] = {}
    stray = unsourced_numbers(answer, cards)
    if stray:
        answer = replace(answer, text=_drop_sentences_with(answer.text, stray))
        checks["numbers"] = REPAIRED if not unsourced_numbers(answer, cards) else FAILED
    else:
        checks["numbers"] = OK
    checks["citations"] = FAILED if citation_problems(answer, cards) else OK
    checks["verdict"] = FAILED if verdict_problems(answer, plan) else OK
    want = plan.understanding.lang
    checks["language"] = OK if language_of(answer.text) == want else f"answered in en, asked {want}"
    if FAILED in (checks["numbers"], checks["citations"], checks["verdict"]):
        answer = fallback(answer, plan)
        checks["outcome"] = FALLBACK
    else:
        checks["outcome"] = OK
    return replace(answer, checks=checks)


def _drop_sentences_with(text: str, numbers: list[str]) -> str:
    """The text without the sentences that state an unsourced number."""
    lines = []
    for line in text.split("\n"):
        if line.lstrip().startswith("|"):
            lines.append(line)
            continue
        kept = [s for s in split_sentences(line) if not set(numbers_in(s)) & set(numbers)]
        lines.append(" ".join(kept))
    return "\n".join(lines)


def fallback(answer: Answer, plan: AnswerPlan) -> Answer:
    """The lead card's advice alone, cited: always grounded, never broken."""
    if not plan.cards:
        return answer
    lead = plan.cards[0].card
    label = f"**{plan.verdict.label}** " if plan.verdict.label else ""
    text = f"{label}{lead.advice} [1]"
    citation = next((c for c in answer.citations if c.id == lead.id), None)
    citations = [citation] if citation else answer.citations[:1]
    return replace(answer, text=text, citations=citations, facts=[])
