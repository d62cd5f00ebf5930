"""Pick the store numbers that matter for a question's topic and phrase them as findings.

Every number in a finding's sentence is the `display` of one of its facts, so the
answer can show where each number came from (DESIGN §6).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from advisor.models import Finding, StoreFact

if TYPE_CHECKING:
    from advisor.store.metrics import StoreMetrics

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")
ANCHOR_NAMES = {"owner": "owner-hosted", "staff": "staff-hosted",
                "professional": "professional-hosted", "influencer": "influencer-hosted",
                "celebrity": "celebrity-hosted"}


def plain(text: str) -> str:
    """Store text is data: escape Markdown so a product name cannot format or link."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


class FactMaker:
    """Builds StoreFacts with the metric's display string and definition."""

    def __init__(self, metrics: StoreMetrics) -> None:
        from advisor.store.metrics import METRIC_DEFINITIONS, format_metric

        self.metrics = metrics
        self._format = format_metric
        self._definitions = METRIC_DEFINITIONS

    def __call__(self, metric: str, value: Any, session_ids: Sequence[str] = ()) -> StoreFact:
        number = _number(value)
        return StoreFact(metric, number, self._format(metric, number, self.metrics.currency),
                         self._definitions.get(metric, ""), tuple(str(s) for s in session_ids))

    def date(self, session_id: str) -> StoreFact:
        day = str(self.metrics.sessions.loc[session_id, "date"])[:10]
        return StoreFact("session_date", None, day, "the day the session was broadcast",
                         (session_id,))


def select_findings(metrics: StoreMetrics, topic: str) -> list[Finding]:
    """The findings for a topic; a store with no live sessions says so."""
    if metrics.sessions.empty:
        return [Finding("Your store data has no live sessions yet, so I can't check this "
                        "advice against your own numbers.")]
    make = FactMaker(metrics)
    return TOPIC_FINDINGS.get(topic, _headline)(metrics, make)


def _celebrity(metrics: StoreMetrics, make: FactMaker) -> list[Finding]:
    sessions = metrics.sessions
    celeb = sessions[sessions["anchor_type"] == "celebrity"]
    if celeb.empty:
        return [Finding("Your store data has no celebrity-hosted sessions, so your own "
                        "numbers can't show what a celebrity would do for you.")]
    rest_ids = [str(i) for i in sessions.index if i not in celeb.index]
    sid = str(celeb["viewers"].idxmax())
    row = sessions.loc[sid]
    rest = _group_row(metrics, "rest")
    findings = [_headline_session(make, sid, row, rest, rest_ids, "celebrity session")]
    fee = _number(row.get("fee"))
    if fee and fee > 0:
        roi, gmv, fee_f = (make("fee_roi", row["fee_roi"], [sid]), make("gmv", row["gmv"], [sid]),
                           make("fee", fee, [sid]))
        net = make("net_gmv", row["net_gmv"], [sid])
        refunds = f", {net.display} after refunds," if net.value != gmv.value else ""
        findings.append(Finding(f"Its GMV was {roi.display} times its fee "
                                f"({gmv.display} of GMV{refunds} against a {fee_f.display} fee).",
                                (roi, gmv, net, fee_f) if refunds else (roi, gmv, fee_f)))
        margin = _number(row.get("margin"))
        if margin is not None:
            findings += _margin_verdict(make("margin", margin, [sid]),
                                        make("margin_after_fee", row["margin_after_fee"], [sid]))
        else:
            findings += _fee_verdict(roi.value)
    else:
        findings.append(Finding("Your data has no fee for that session, so I can't tell "
                                "whether it was worth the money."))
    findings += _loyalty_pair(make, row, rest, [sid], rest_ids, "that session's",
                              "your other sessions")
    return findings


# Where costs are missing, GMV per fee is all there is; these bounds say what it shows.
PAID_OFF_ROI = 3.0
BARELY_COVERED_ROI = 1.5


def _margin_verdict(margin: StoreFact, after: StoreFact) -> list[Finding]:
    """"Was it worth it?" on the margin after product costs and the fee (DESIGN §5)."""
    if after.value is None:
        return []
    if after.value < 0:
        return [Finding(f"After product costs and the fee it lost money: its orders left "
                        f"{margin.display} of margin, and {after.display} once the fee is taken "
                        "off. That is the thin return the general advice warns about.",
                        (margin, after))]
    return [Finding(f"Here your own data disagrees with the general advice: this celebrity "
                    f"session earned {after.display} after product costs and the fee "
                    f"({margin.display} of margin before the fee), so it paid for itself; look at "
                    "whether its new buyers keep ordering before you decide to book another.",
                    (margin, after))]


def _fee_verdict(roi: float | None) -> list[Finding]:
    """Without product costs: GMV per yuan of fee only, and saying so."""
    note = ("Your products have no costs, so I judge it on GMV per yuan of fee only and can't "
            "tell whether it made a profit")
    if roi is None:
        return [Finding(note + ".")]
    if roi >= PAID_OFF_ROI:
        return [Finding(note + ": on that measure it brought in well over its fee, which goes "
                        "against the general advice.")]
    if roi < BARELY_COVERED_ROI:
        return [Finding(note + ": on that measure its GMV barely covered the fee, which is what "
                        "the general advice warns about.")]
    return [Finding(note + ": on that measure its GMV covered the fee, but not by much.")]


# A host type with fewer sessions than this is reported but never ranked or picked (§5).
MIN_GROUP_SESSIONS = 3


def _anchor(metrics: StoreMetrics, make: FactMaker) -> list[Finding]:
    table = metrics.by_anchor_type.sort_values("conversion", ascending=False, na_position="last")
    table = table.loc[table.index[table["sessions"] >= MIN_GROUP_SESSIONS].tolist()
                      + table.index[table["sessions"] < MIN_GROUP_SESSIONS].tolist()]
    findings = []
    for anchor_type, row in table.iterrows():
        ids = _ids_of(metrics, anchor_type=str(anchor_type))
        conv, n = make("conversion", row["conversion"], ids), make("sessions", row["sessions"], ids)
        gpm = make("gpm", row["gpm"], ids)
        parts = [f"Your {ANCHOR_NAMES.get(str(anchor_type), str(anchor_type))} sessions "
                 f"({n.display}) converted {conv.display} of viewers, {gpm.display} per "
                 f"thousand viewers"]
        facts = [conv, n, gpm]
        if row["sessions"] < MIN_GROUP_SESSIONS:  # reported, but not a row to compare
            findings.append(Finding(", ".join(parts) + ", but that is too few sessions to "
                                    "compare.", tuple(facts)))
            continue
        if _number(row.get("fee_roi")) is not None:
            roi = make("fee_roi", row["fee_roi"], ids)
            parts.append(f"with GMV at {roi.display} times the fees paid")
            facts.append(roi)
        if _number(row.get("returning_buyer_share")) is not None:
            ret = make("returning_buyer_share", row["returning_buyer_share"], ids)
            parts.append(f"and {ret.display} of their buyers had bought from you before")
            facts.append(ret)
        findings.append(Finding(", ".join(parts) + ".", tuple(facts), group=str(anchor_type)))
    return findings[:5]


# A session is off-topic when at least half of its run-of-show items are marked off-topic.
OFF_TOPIC_SESSION_SHARE = 0.5


def _off_topic(metrics: StoreMetrics, make: FactMaker) -> list[Finding]:
    """Off-topic sessions against the rest (when segments were marked), else the busiest
    regular session that converted below the store: views without orders."""
    sessions = metrics.sessions
    groups = _off_topic_groups(metrics, make) if "off_topic_share" in sessions else []
    overall_conv = _number(metrics.store.get("conversion")) or 0.0
    regular = sessions[sessions["anchor_type"] != "celebrity"]
    weak = regular[regular["conversion"].fillna(0) < overall_conv]
    pool = weak if not weak.empty else (regular if not regular.empty else sessions)
    sid = str(pool["viewers"].idxmax())
    row = sessions.loc[sid]
    all_ids = [str(i) for i in sessions.index]
    overall = make("conversion", metrics.store.get("conversion"), all_ids)
    busiest = _headline_session(make, sid, row, None, all_ids, "busiest session")
    text = busiest.sentence.rstrip(".") + f", against {overall.display} across all your sessions."
    findings = [Finding(text, (*busiest.facts, overall))]
    segments = str(row.get("segments") or "")
    if segments:
        items = "; ".join(_segment_text(s) for s in segments.split(";") if s.strip())
        findings.append(Finding(f"Its run-of-show was: {items}."))
    return groups + findings


def _off_topic_groups(metrics: StoreMetrics, make: FactMaker) -> list[Finding]:
    """Totals of off-topic sessions against on-topic ones: traffic versus transactions."""
    from advisor.store.metrics import group_metrics

    sessions = metrics.sessions
    heavy = sessions["off_topic_share"] >= OFF_TOPIC_SESSION_SHARE
    if not heavy.any():
        return [Finding("None of your sessions' run-of-show items read as mostly off-topic: "
                        "at most a few items per session were about something other than your "
                        "products or selling them.")]
    table = group_metrics(sessions, heavy.map({True: "off", False: "on"}))
    off_ids = [str(i) for i in sessions.index[heavy]]
    on_ids = [str(i) for i in sessions.index[~heavy]]
    off = table.loc["off"]
    n = make("sessions", off["sessions"], off_ids)
    total = make("viewers", off["viewers"], off_ids)
    conv, gpm = make("conversion", off["conversion"], off_ids), make("gpm", off["gpm"], off_ids)
    names = ", ".join(plain(i) for i in off_ids)
    text = (f"Your {n.display} off-topic sessions ({names}) drew {total.display} viewers in all "
            f"but converted {conv.display} of them, {gpm.display} per thousand viewers")
    facts = [n, total, conv, gpm]
    if "on" in table.index:
        on = table.loc["on"]
        on_conv, on_gpm = make("conversion", on["conversion"], on_ids), make("gpm", on["gpm"],
                                                                              on_ids)
        text += f", against {on_conv.display} and {on_gpm.display} in the rest"
        facts += [on_conv, on_gpm]
    items = dict.fromkeys(item for cell in sessions.loc[heavy, "off_topic_items"]
                          for item in str(cell).split(";") if item.strip())
    listed = "; ".join(_segment_text(item) for item in items)
    return [Finding(text + ".", tuple(facts)),
            Finding(f"The items marked off-topic in those sessions: {listed}.")]


def _segment_text(segment: str) -> str:
    """A run-of-show item as data; an item that reads like an order to us is not repeated."""
    from advisor.topics import is_role_attack

    return "(an item worded as an instruction, not shown)" if is_role_attack(segment) else plain(
        segment)


def _old_customers(metrics: StoreMetrics, make: FactMaker) -> list[Finding]:
    ids = [str(i) for i in metrics.sessions.index]
    all_live = _group_all(metrics)
    findings = _loyalty_pair(make, all_live, None, ids, [], "your live sessions'", "")
    rate = make("repurchase_rate", metrics.store.get("repurchase_rate"))
    findings.append(Finding(f"Store-wide, {rate.display} of your customers have ordered "
                            "two or more times.", (rate,)))
    return findings


def _headline(metrics: StoreMetrics, make: FactMaker) -> list[Finding]:
    ids = [str(i) for i in metrics.sessions.index]
    store = metrics.store
    n, viewers = make("sessions", store.get("sessions"), ids), make(
        "viewers", metrics.sessions["viewers"].sum(), ids)
    conv, gmv = make("conversion", store.get("conversion"), ids), make("gmv", _live_gmv(metrics),
                                                                       ids)
    share = make("live_gmv_share", store.get("live_gmv_share"), ids)
    aov = make("aov", _group_all(metrics)["aov"], ids)
    return [Finding(f"Your {n.display} live sessions drew {viewers.display} viewers, converted "
                    f"{conv.display} of them and brought {gmv.display} of GMV "
                    f"({share.display} of your store's GMV), {aov.display} per order.",
                    (n, viewers, conv, gmv, share, aov))]


def _headline_session(make: FactMaker, sid: str, row: Any, rest: Any, rest_ids: list[str],
                      label: str) -> Finding:
    day, viewers, conv = make.date(sid), make("viewers", row["viewers"], [sid]), make(
        "conversion", row["conversion"], [sid])
    text = (f"Your {label} on {day.display} drew {viewers.display} viewers and converted "
            f"{conv.display} of them")
    facts = [day, viewers, conv]
    if rest is not None and _number(rest.get("conversion")) is not None:
        other = make("conversion", rest["conversion"], rest_ids)
        word = "only " if (conv.value or 0) < (other.value or 0) else ""
        text = text.replace(" and converted ", f" and converted {word}", 1)
        text += f", against {other.display} in your other sessions"
        facts.append(other)
    return Finding(text + ".", tuple(facts))


def _loyalty_pair(make: FactMaker, row: Any, rest: Any, ids: list[str], rest_ids: list[str],
                  owner: str, rest_label: str) -> list[Finding]:
    """Returning-buyer share and 60-day repurchase of new buyers, against a baseline if given."""
    findings = []
    for metric, phrase in (("returning_buyer_share",
                            "of {owner} buyers had bought from you before"),
                           ("new_buyer_repurchase_60d",
                            "of {owner} first-time buyers ordered again within 60 days")):
        own = make(metric, row.get(metric), ids)
        if own.value is None:
            continue
        text = f"{own.display} {phrase.format(owner=owner)}"
        facts = [own]
        if rest is not None and _number(rest.get(metric)) is not None:
            other = make(metric, rest[metric], rest_ids)
            text += f", against {other.display} in {rest_label}"
            facts.append(other)
        findings.append(Finding(text + ".", tuple(facts)))
    return findings


def _group_row(metrics: StoreMetrics, name: str) -> Any:
    table = metrics.celebrity_vs_rest
    return table.loc[name] if name in table.index else None


def _group_all(metrics: StoreMetrics) -> Any:
    from advisor.store.metrics import group_metrics

    sessions = metrics.sessions
    return group_metrics(sessions, sessions["viewers"] * 0).iloc[0]


def _ids_of(metrics: StoreMetrics, anchor_type: str) -> list[str]:
    sessions = metrics.sessions
    return [str(i) for i in sessions.index[sessions["anchor_type"] == anchor_type]]


def _live_gmv(metrics: StoreMetrics) -> float:
    return float(metrics.sessions["gmv"].sum())


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


TOPIC_FINDINGS: dict[str, Callable[[StoreMetrics, FactMaker], list[Finding]]] = {
    "celebrity": _celebrity,
    "anchor": _anchor,
    "off_topic": _off_topic,
    "traffic": _off_topic,
    "old_customers": _old_customers,
}
