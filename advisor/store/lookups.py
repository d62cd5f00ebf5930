"""Plain data questions answered from the store's own rows: one session's report by its day."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from advisor.models import Finding

if TYPE_CHECKING:
    from advisor.store.metrics import StoreMetrics

_DAY = re.compile(r"\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)\b|(\d{1,2})\s*[号日]|"
                  r"\b(\d{4}-\d{2}-\d{2})\b", re.I)


def asked_day(question: str) -> str | None:
    """The day a question names: "14" for "on the 14th", or an ISO date."""
    match = _DAY.search(question)
    return next((g for g in match.groups() if g), None) if match else None


def session_report(metrics: StoreMetrics, day: str, lang: str = "en") -> list[Finding]:
    """The sessions broadcast on that day (of any month, or that date), each against all,
    in `lang`; kinds "session_report" and, when there is none that day, "no_session"."""
    from advisor.store.facts import FactMaker

    make = FactMaker(metrics, lang)
    sessions = metrics.sessions
    if sessions.empty:
        return []
    dates = sessions["date"].astype(str).str[:10]
    hit = dates == day if "-" in day else dates.str[8:10] == f"{int(day):02d}"
    all_ids = [str(i) for i in sessions.index]
    overall = make("conversion", metrics.store.get("conversion"), all_ids)
    findings = []
    for sid in [str(i) for i in sessions.index[hit]][:3]:
        row = sessions.loc[sid]
        date, viewers = make.date(sid), make("viewers", row["viewers"], [sid])
        conv, gmv = make("conversion", row["conversion"], [sid]), make("gmv", row["gmv"], [sid])
        findings.append(Finding(
            make.say("session_report", date=date.display, sid=sid, viewers=viewers.display,
                     conv=conv.display, gmv=gmv.display, overall=overall.display),
            (date, viewers, conv, gmv, overall), kind="session_report"))
    if not findings:
        findings.append(Finding(make.say("no_session_that_day"), kind="no_session"))
    return findings
