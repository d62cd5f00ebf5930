"""Thresholds that gate the suite: one YAML file with `min:` and `max:` maps.

    min:
      scope_accuracy: 0.95
    max:
      must_not_violations: 0
      latency_p95_ms: 200

An aggregate with no applicable cases (value None) is reported as n/a and does not fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from advisor.evals.aggregate import AGGREGATE_NAMES


@dataclass(frozen=True)
class Threshold:
    metric: str
    kind: Literal["min", "max"]
    limit: float

    def describe(self) -> str:
        return f"{'≥' if self.kind == 'min' else '≤'} {self.limit:g}"


@dataclass(frozen=True)
class ThresholdCheck:
    """One threshold against this run's value; passed is True for an n/a value."""

    threshold: Threshold
    value: float | None

    @property
    def passed(self) -> bool:
        if self.value is None:
            return True
        if self.threshold.kind == "min":
            return self.value >= self.threshold.limit
        return self.value <= self.threshold.limit

    def describe(self) -> str:
        shown = "n/a" if self.value is None else f"{self.value:.4g}"
        state = "ok" if self.passed else "MISSED"
        return f"{self.threshold.metric} = {shown} (needs {self.threshold.describe()}): {state}"


def load_thresholds(path: Path | str) -> list[Threshold]:
    """Parse and validate the thresholds file; ValueError naming the file when bad."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: thresholds file not found") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from None
    return parse_thresholds(raw, str(path))


def parse_thresholds(raw: object, source: str = "<thresholds>") -> list[Threshold]:
    if not isinstance(raw, Mapping) or not raw:
        raise ValueError(f"{source}: expected a mapping with 'min:' and/or 'max:'")
    unknown_sections = sorted(str(k) for k in raw if k not in ("min", "max"))
    if unknown_sections:
        raise ValueError(f"{source}: unknown sections {unknown_sections}; use 'min' and 'max'")
    thresholds: list[Threshold] = []
    for kind in ("min", "max"):
        section = raw.get(kind) or {}
        if not isinstance(section, Mapping):
            raise ValueError(f"{source}: '{kind}' must map metric names to numbers")
        for metric, limit in section.items():
            if metric not in AGGREGATE_NAMES:
                raise ValueError(f"{source}: unknown metric {metric!r} under '{kind}'; "
                                 f"known: {', '.join(AGGREGATE_NAMES)}")
            if isinstance(limit, bool) or not isinstance(limit, int | float):
                raise ValueError(f"{source}: {kind}.{metric} must be a number, got {limit!r}")
            thresholds.append(Threshold(str(metric), kind, float(limit)))
    return thresholds


def check_thresholds(thresholds: list[Threshold],
                     aggregates: Mapping[str, float | None]) -> list[ThresholdCheck]:
    return [ThresholdCheck(t, aggregates.get(t.metric)) for t in thresholds]
