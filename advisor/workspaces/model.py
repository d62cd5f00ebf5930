"""The typed objects of workshops: a participant's workspace, a workshop, a recorded turn."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from advisor.store.scope import LOCAL, StoreScope

MAX_WORKSHOP_NAME = 80
MAX_DISPLAY_NAME = 40
MAX_EXERCISE_PROMPT = 500


class UnknownWorkspace(ValueError):
    """A token that opens no workspace (mistyped, or its workshop was removed)."""


class WrongTrainerKey(ValueError):
    """No workshop by that name, or the trainer key does not open it."""


class WorkshopClosed(ValueError):
    """A join to a workshop the trainer has closed."""


@dataclass(frozen=True)
class Exercise:
    """A scenario exercise the trainer set: the store to look at and what to decide."""

    store: str
    prompt: str


@dataclass(frozen=True)
class Workspace:
    """Whose stores and conversation: the local workspace (id "local") or a participant's."""

    id: str = "local"
    display_name: str = ""
    workshop: str = ""
    scenarios: tuple[str, ...] = ()
    exercise: Exercise | None = None

    @property
    def is_local(self) -> bool:
        return self.id == "local"

    @property
    def scope(self) -> StoreScope:
        if self.is_local:
            return LOCAL
        return StoreScope(prefix=self.id, shared=frozenset(self.scenarios))


LOCAL_WORKSPACE = Workspace()


@dataclass(frozen=True)
class Created:
    """A new workshop: its join code, and the trainer key, shown this once."""

    workshop: str
    join_code: str
    trainer_key: str

    def to_dict(self) -> dict[str, str]:
        return {"workshop": self.workshop, "join_code": self.join_code,
                "trainer_key": self.trainer_key}


@dataclass(frozen=True)
class Joined:
    workshop: str
    participant: str
    token: str

    def to_dict(self) -> dict[str, str]:
        return {"workshop": self.workshop, "participant": self.participant,
                "token": self.token}


@dataclass(frozen=True)
class Participant:
    id: str
    display_name: str
    joined_at: str
    questions: int


@dataclass(frozen=True)
class WorkshopSummary:
    name: str
    created_at: str
    closed_at: str | None
    participants: int
    questions: int
    scenarios: tuple[str, ...] = ()
    join_code: str = ""  # only in a trainer's view (show), not in `list`
    exercise: Exercise | None = None
    people: tuple[Participant, ...] = field(default=())

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class TurnRecord:
    """One question asked in a workspace and the answer it got."""

    id: int
    asked_at: str
    workspace: str
    participant: str
    store: str | None
    question: str
    answer: str
    topic: str
    sources: tuple[str, ...]
    lang: str
    payload: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "time": self.asked_at, "participant": self.participant,
                "participant_id": self.workspace, "store": self.store,
                "question": self.question, "answer": self.answer, "topic": self.topic,
                "sources": list(self.sources), "lang": self.lang}


def clean_label(value: object, what: str, limit: int) -> str:
    """A workshop or display name: trimmed, NFKC, 1..limit characters, no control
    characters (they would break a transcript or a terminal)."""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text")
    text = " ".join(unicodedata.normalize("NFKC", value).split())
    if not text:
        raise ValueError(f"{what} is empty")
    if len(text) > limit:
        raise ValueError(f"{what} is {len(text)} characters long; the limit is {limit}")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") for c in text):
        raise ValueError(f"{what} {text!r} contains control characters")
    return text
