"""Question routing: in or out of scope, main topic, follow-ups that lean on the history."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from advisor.models import ScoredCard, Turn
from advisor.text import has_chinese
from advisor.understand.harm import HARM_GUARD_ANYWHERE, HARM_GUARD_BEFORE, HARMFUL
from advisor.understand.lexicon import OFF_DOMAIN, STRONG_DOMAIN, WEAK_DOMAIN
from advisor.understand.read import (  # noqa: F401 - re-exported for the router's callers
    is_followup,
    is_role_attack,
    keyword_topics,
    last_user_turn,
    strip_injection,
)
from advisor.weights import (
    IN_SCOPE_VECTOR,
    KEYWORD_VOTE,
    KEYWORD_VOTE_ZH,
    RANK_WEIGHTS,
    SIDE_TOPIC_SHARE,
    WEAK_DOMAIN_FLOOR,
)

_SITUATION = re.compile(r"^\s*(and|but|so|ok(ay)?|then)?\s*(what about|how about|and)?\s*"
                        r"(if (i|we)('m| am| are)? |for )?(a|an|my|our)\s+[\w' -]{2,40}"
                        r"(shop|store|brand|business|stall|boutique)\s*[?.!]*\s*$", re.I)
# Advice on these topics applies only when the question names them (a question about
# expectations in general must not get the celebrity cards).
GATED_TOPICS = ("celebrity",)


def has_domain_terms(text: str) -> bool:
    return bool(STRONG_DOMAIN.search(text) or WEAK_DOMAIN.search(text))


def retrieval_query(question: str, history: Sequence[Turn]) -> tuple[str, bool]:
    """The text to retrieve with: a follow-up is read together with the previous question."""
    previous = last_user_turn(history)
    if previous is not None and is_followup(question, history):
        return f"{previous.content} {question}", True
    return question, False


def gated_topics(question: str) -> set[str]:
    """Topics whose cards must not lead because the question does not name them."""
    named = keyword_topics(question)
    return {t for t in GATED_TOPICS if t not in named}


def classify_topic(question: str, candidates: Sequence[ScoredCard],
                   history: Sequence[Turn], followup: bool) -> str:
    """Main topic by keyword hits, votes of the best cards, and the conversation so far."""
    votes: dict[str, float] = defaultdict(float)
    vote = KEYWORD_VOTE_ZH if has_chinese(question) else KEYWORD_VOTE
    for topic, n in keyword_topics(question).items():
        votes[topic] += vote * min(n, 2)
    gated = gated_topics(question) if not followup else set()
    voters = [s for s in candidates if s.card.main_topic not in gated]
    for weight, s in zip(RANK_WEIGHTS, voters, strict=False):
        for i, topic in enumerate(s.card.topics):
            votes[topic] += s.score * weight * (1.0 if i == 0 else SIDE_TOPIC_SHARE)
    previous = _previous_topic(history) if followup else None
    if previous and (situation_only(question) or not keyword_topics(question)):
        return previous  # "why?", "and for a snack shop?": same subject, new situation
    return max(votes, key=lambda t: votes[t]) if votes else "general"


def situation_only(question: str) -> bool:
    """'and for a snack shop?' names a situation to apply the last answer to, not a subject."""
    return bool(_SITUATION.match(question))


def _previous_topic(history: Sequence[Turn]) -> str | None:
    return next((t.topic for t in reversed(history) if t.topic), None)


def decide_scope(question: str, query: str, best_vector: float) -> str:
    """Reason for being out of scope ('role', 'harm' or 'off_domain'), or '' when it is ours.

    `question` is the asker's own text with any injected instructions removed; `query`
    adds the previous question for a follow-up.
    """
    if is_harmful(question):  # before stripping: "steal a password" is harm, not a role play
        return "harm"
    question = strip_injection(question)
    if not question:
        return "role"
    own_words_strong = bool(STRONG_DOMAIN.search(question))
    if OFF_DOMAIN.search(question) and not own_words_strong:
        return "off_domain"
    if own_words_strong or STRONG_DOMAIN.search(query) or best_vector >= IN_SCOPE_VECTOR:
        return ""
    weak_hits = len({m.group(0).lower() for m in WEAK_DOMAIN.finditer(query)})
    if (weak_hits >= 2 and best_vector >= WEAK_DOMAIN_FLOOR - 0.15) or (
            weak_hits == 1 and best_vector >= WEAK_DOMAIN_FLOOR):
        return ""
    return "off_domain"


_CLAUSE_END = re.compile(r"[.?!。！？;；\n]")


def is_harmful(question: str) -> bool:
    """A request to harm others (accounts, fake reviews, deceiving buyers), not a question
    about defending against it: lexicon.HARMFUL, minus the guarded matches."""
    for clause in _CLAUSE_END.split(question):
        if HARM_GUARD_ANYWHERE.search(clause):
            continue
        for match in HARMFUL.finditer(clause):
            if not HARM_GUARD_BEFORE.search(clause[:match.start()]):
                return True
    return False
