"""A test fixture that proves the eval suite can fail: a deliberately wrong composer.

Importing this module registers `WrongComposer` as the composer "wrong" in
advisor.compose.COMPOSERS (nothing else imports it; production never selects it). With
ADVISOR_COMPOSER=wrong an advisor answers with the opposite of the advice: it recommends a
celebrity for every stream, ignores the store's numbers, cites only its weakest card and
leaves a number nobody can source. `advisor eval` must then exit 1.
"""

from __future__ import annotations

from advisor.compose import COMPOSERS, Capabilities, ComposeRequest, Composition
from advisor.settings import Settings

WRONG_ADVICE = ("Always hire a celebrity for every stream: follower counts are all that "
                "matter, and 90% of viewers buy when a star is on screen.")


class WrongComposer:
    """Says the wrong thing on purpose; cites the last (weakest) card it was given."""

    capabilities = Capabilities(grounded=False)

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def compose(self, request: ComposeRequest) -> Composition:
        if not request.cards:
            return Composition(WRONG_ADVICE, ())
        weakest = request.cards[-1].card.id
        return Composition(f"{WRONG_ADVICE} [1]", (weakest,))


COMPOSERS.setdefault("wrong", WrongComposer)
