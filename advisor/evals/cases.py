"""Eval cases: load every *.yaml / *.yml under a folder and validate it (DESIGN §8).

A file holds one case (a mapping) or a list of cases. Problems are collected over all
files and raised together as one CaseError, each line naming the file and the case id.
Phrases in `points` and `must_not` match case-insensitively as substrings; a `re:` prefix
makes them a regular expression (searched, also case-insensitive).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from advisor.models import SECTIONS, TOPICS, Turn

CASE_KEYS = frozenset({"id", "question", "history", "store", "expect", "tags"})
VERDICTS = ("yes", "no", "only_if", "pick", "gap")
EXPECT_KEYS = frozenset({"scope", "topic", "sections", "cards", "points", "must_not", "facts",
                         "confidence", "no_numbers", "sessions", "lang", "verdict", "pick",
                         "gap", "max_overlap"})
TURN_KEYS = frozenset({"role", "content", "topic"})
EXTRA_FACT_METRICS = frozenset({"session_date"})
MAX_LISTED_PROBLEMS = 50


class CaseError(ValueError):
    """One or more invalid cases; str() lists every problem, one per line."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:MAX_LISTED_PROBLEMS]
        more = len(self.problems) - len(shown)
        lines = [f"invalid eval cases ({len(self.problems)} problem"
                 f"{'s' if len(self.problems) != 1 else ''}):", *shown]
        if more > 0:
            lines.append(f"... and {more} more")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Expect:
    """What a right answer looks like; empty fields are not checked."""

    scope: Literal["in", "out"]
    topic: str | None = None
    sections: tuple[str, ...] = ()
    cards: tuple[str, ...] = ()
    points: tuple[tuple[str, ...], ...] = ()  # each point: alternatives, any one will do
    must_not: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    confidence: Literal["high", "low"] | None = None
    no_numbers: bool = False
    sessions: tuple[str, ...] = ()  # session ids the answer must name (e.g. off-topic ones)
    lang: Literal["en", "zh"] | None = None  # default: the question's language
    verdict: str | None = None  # yes | no | only_if | pick | gap: how the first sentence answers
    pick: tuple[str, ...] = ()  # a "which of these two" question: the first sentence names one
    gap: bool | None = None  # true: the answer opens with "my guidance doesn't cover …"
    max_overlap: float | None = None  # a follow-up repeats at most this share of the last answer


@dataclass(frozen=True)
class EvalCase:
    """One question with its expectations; `source` is the file it came from."""

    id: str
    question: str
    expect: Expect
    store: str | None = None
    history: tuple[Turn, ...] = ()
    tags: tuple[str, ...] = ()
    source: str = ""


def normalize_text(text: str) -> str:
    """Lower case, plain quotes, no Markdown emphasis, single spaces: what phrases match."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("**", "")
    return " ".join(text.split()).lower()


def phrase_matches(phrase: str, text: str) -> bool:
    """Substring match (case-insensitive, normalized), or a regex with a `re:` prefix."""
    if phrase.startswith("re:"):
        return re.search(phrase[3:], normalize_text(text), re.IGNORECASE) is not None
    return normalize_text(phrase) in normalize_text(text)


def load_cases(folder: Path | str) -> list[EvalCase]:
    """Every case under `folder` (recursively, files in sorted order); CaseError if any is bad."""
    root = Path(folder)
    if not root.is_dir():
        raise CaseError([f"{root}: no such folder of eval cases"])
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise CaseError([f"{root}: no *.yaml or *.yml files"])
    problems: list[str] = []
    cases: list[EvalCase] = []
    seen: dict[str, str] = {}
    for path in files:
        for case in _cases_in_file(path, problems):
            if case.id in seen:
                problems.append(f"{case.source}: case {case.id!r}: duplicate id "
                                f"(also in {seen[case.id]})")
                continue
            seen[case.id] = case.source
            cases.append(case)
    if problems:
        raise CaseError(problems)
    return cases


def _cases_in_file(path: Path, problems: list[str]) -> Iterator[EvalCase]:
    source = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(f"{source}: not valid YAML: {exc}")
        return
    items = raw if isinstance(raw, list) else [raw]
    if raw is None or not items:
        problems.append(f"{source}: holds no case")
        return
    for position, item in enumerate(items, 1):
        label = _label(item, position)
        found: list[str] = []
        case = _parse_case(item, source, found)
        problems += [f"{source}: {label}: {p}" for p in found]
        if case is not None and not found:
            yield case


def _label(item: object, position: int) -> str:
    if isinstance(item, Mapping) and isinstance(item.get("id"), str) and item["id"].strip():
        return f"case {item['id']!r}"
    return f"case #{position} (no id)"


def _parse_case(item: object, source: str, problems: list[str]) -> EvalCase | None:
    if not isinstance(item, Mapping):
        problems.append(f"a case must be a mapping, got {type(item).__name__}")
        return None
    _unknown_keys(item, CASE_KEYS, "", problems)
    case_id = item.get("id")
    if not isinstance(case_id, str) or not case_id.strip():
        problems.append("missing 'id' (a non-empty string)")
    question = item.get("question")
    if not isinstance(question, str) or not question.strip():
        problems.append("missing 'question' (a non-empty string)")
    store = item.get("store")
    if store is not None and (not isinstance(store, str) or not store.strip()):
        problems.append("'store' must be a store name or null")
    expect = _parse_expect(item.get("expect"), problems)
    history = _parse_history(item.get("history"), problems)
    tags = _str_list(item.get("tags"), "tags", problems)
    if expect is not None and expect.facts and store is None:
        problems.append("'expect.facts' needs a 'store'")
    if problems or expect is None:
        return None
    return EvalCase(str(case_id).strip(), str(question), expect, store, history, tags, source)


def _parse_expect(raw: object, problems: list[str]) -> Expect | None:
    if not isinstance(raw, Mapping):
        problems.append("missing 'expect' (a mapping with at least 'scope')")
        return None
    _unknown_keys(raw, EXPECT_KEYS, "expect.", problems)
    scope = raw.get("scope")
    if scope not in ("in", "out"):
        problems.append(f"'expect.scope' must be 'in' or 'out', got {scope!r}")
    topic = raw.get("topic")
    if topic is not None and topic not in TOPICS:
        problems.append(f"'expect.topic' {topic!r} is not a topic; known: {', '.join(TOPICS)}")
    sections = _str_list(raw.get("sections"), "expect.sections", problems)
    for section in sections:
        if section not in SECTIONS:
            problems.append(f"unknown section {section!r} in 'expect.sections' "
                            f"(known: {', '.join(SECTIONS)})")
    confidence = raw.get("confidence")
    if confidence is not None and confidence not in ("high", "low"):
        problems.append(f"'expect.confidence' must be 'high' or 'low', got {confidence!r}")
    no_numbers = raw.get("no_numbers", False)
    if not isinstance(no_numbers, bool):
        problems.append(f"'expect.no_numbers' must be true or false, got {no_numbers!r}")
    points = _parse_points(raw.get("points"), problems)
    must_not = _str_list(raw.get("must_not"), "expect.must_not", problems)
    _check_patterns(must_not, "expect.must_not", problems)
    facts = _parse_facts(raw.get("facts"), problems)
    lang = raw.get("lang")
    if lang is not None and lang not in ("en", "zh"):
        problems.append(f"'expect.lang' must be 'en' or 'zh', got {lang!r}")
    verdict = raw.get("verdict")
    if verdict is not None and verdict not in VERDICTS:
        problems.append(f"'expect.verdict' must be one of {', '.join(VERDICTS)}, got {verdict!r}")
    gap = raw.get("gap")
    if gap is not None and not isinstance(gap, bool):
        problems.append(f"'expect.gap' must be true or false, got {gap!r}")
    overlap = raw.get("max_overlap")
    if overlap is not None and (not isinstance(overlap, int | float) or not 0 <= overlap <= 1):
        problems.append(f"'expect.max_overlap' must be a share from 0 to 1, got {overlap!r}")
    return Expect(cast(Literal["in", "out"], scope), topic,
                  sections, _str_list(raw.get("cards"), "expect.cards", problems), points,
                  must_not, facts, cast(Literal["high", "low"] | None, confidence),
                  bool(no_numbers), _str_list(raw.get("sessions"), "expect.sessions", problems),
                  cast(Literal["en", "zh"] | None, lang), verdict,
                  _str_list(raw.get("pick"), "expect.pick", problems), gap,
                  None if overlap is None else float(overlap))


def _parse_points(raw: object, problems: list[str]) -> tuple[tuple[str, ...], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append("'expect.points' must be a list of lists of phrases")
        return ()
    points: list[tuple[str, ...]] = []
    for n, point in enumerate(raw, 1):
        alternatives = [point] if isinstance(point, str) else point
        name = f"expect.points[{n}]"
        if not isinstance(alternatives, list) or not alternatives or not all(
                isinstance(a, str) and a.strip() for a in alternatives):
            problems.append(f"'{name}' must be a non-empty list of non-empty phrases")
            continue
        _check_patterns(alternatives, name, problems)
        points.append(tuple(alternatives))
    return tuple(points)


def _parse_facts(raw: object, problems: list[str]) -> tuple[str, ...]:
    from advisor.store.metrics import METRIC_DEFINITIONS

    facts = _str_list(raw, "expect.facts", problems)
    known = set(METRIC_DEFINITIONS) | EXTRA_FACT_METRICS
    for metric in facts:
        if metric not in known:
            problems.append(f"unknown metric {metric!r} in 'expect.facts' "
                            f"(known: {', '.join(sorted(known))})")
    return facts


def _parse_history(raw: object, problems: list[str]) -> tuple[Turn, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append("'history' must be a list of {role, content} turns")
        return ()
    turns: list[Turn] = []
    for n, turn in enumerate(raw, 1):
        if not isinstance(turn, Mapping):
            problems.append(f"'history[{n}]' must be a mapping with role and content")
            continue
        _unknown_keys(turn, TURN_KEYS, f"history[{n}].", problems)
        role, content, topic = turn.get("role"), turn.get("content"), turn.get("topic")
        if role not in ("user", "assistant"):
            problems.append(f"'history[{n}].role' must be 'user' or 'assistant', got {role!r}")
        if not isinstance(content, str) or not content.strip():
            problems.append(f"'history[{n}].content' must be a non-empty string")
        if topic is not None and topic not in TOPICS:
            problems.append(f"'history[{n}].topic' {topic!r} is not a topic")
        if not problems:
            turns.append(Turn(cast(Literal["user", "assistant"], role), str(content),
                              cast(str | None, topic)))
    return tuple(turns)


def _str_list(raw: object, name: str, problems: list[str]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
        problems.append(f"'{name}' must be a list of non-empty strings")
        return ()
    return tuple(v.strip() for v in raw)


def _check_patterns(phrases: Sequence[str], name: str, problems: list[str]) -> None:
    for phrase in phrases:
        if phrase.startswith("re:"):
            try:
                re.compile(phrase[3:])
            except re.error as exc:
                problems.append(f"bad regular expression {phrase!r} in '{name}': {exc}")


def _unknown_keys(mapping: Mapping[Any, Any], allowed: frozenset[str], prefix: str,
                  problems: list[str]) -> None:
    unknown = sorted(str(k) for k in mapping if k not in allowed)
    if unknown:
        problems.append(f"unknown key{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(repr(prefix + k) for k in unknown)} "
                        f"(allowed: {', '.join(sorted(allowed))})")
