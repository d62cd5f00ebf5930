"""Compatibility alias: the word patterns now live in advisor.understand.lexicon."""

from advisor.understand.harm import HARM_GUARD_ANYWHERE, HARM_GUARD_BEFORE, HARMFUL  # noqa: F401
from advisor.understand.lexicon import (  # noqa: F401
    GAP_SUBJECTS,
    OFF_DOMAIN,
    ROLE_ATTACK,
    STRONG_DOMAIN,
    TOPIC_PATTERNS,
    TOPIC_REGEXES,
    WEAK_DOMAIN,
    uncovered_subject,
)
