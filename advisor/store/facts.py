"""Pick the store numbers that matter for a question's topic and phrase them as findings.

Every number in a finding's sentence is the `display` of one of its facts, so the
answer can show where each number came from (DESIGN §6). The sentences, in English and
Chinese, are in advisor.store.phrases.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from advisor.models import Finding, StoreFact
from advisor.store.phrases import anchor_name, check_lang, say

if TYPE_CHECKING:
    from advisor.store.metrics import StoreMetrics

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def plain(text: str) -> str:
    """Store text is data: escape Markdown so a product name cannot format or link."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


class FactMaker:
    """Builds StoreFacts with the metric's display string and definition."""

    def __init__(self, metrics: StoreMetrics, lang: str = "en") -> None:
        from advisor.store.metrics import format_metric, metric_definition

        self.metrics = metrics
        self.lang = check_lang(lang)
        self._format = format_metric
        self._define = metric_definition

    def __call__(self, metric: str, value: Any, session_ids: Sequence[str] = ()) -> StoreFact:
        number = _number(value)
        display = self._format(metric, number, self.metrics.currency, lang=self.lang)
        return StoreFact(metric, number, display, self._define(metric, self.lang),
                         tuple(str(s) for s in session_ids))

    def date(self, session_id: str) -> StoreFact:
        day = str(self.metrics.sessions.loc[session_id, "date"])[:10]
        what = "直播播出的日期" if self.lang == "zh" else "the day the session was broadcast"
        return StoreFact("session_date", None, day, what,
                         (session_id,))

    def say(self, key: str, **values: object) -> str:
        """A phrase in this maker's language."""
        return say(key, self.lang, **values)


def select_findings(metrics: StoreMetrics, topic: str, lang: str = "en") -> list[Finding]:
    """The findings for a topic in `lang` ("en" or "zh"); a store with no sessions says so."""
    make = FactMaker(metrics, lang)
    if metrics.sessions.empty:
        return [Finding(make.say("no_sessions"))]
    return TOPIC_FINDINGS.get(topic, _headline)(metrics, make)


def _celebrity(metrics: StoreMetrics, make: FactMaker) -> list[Finding]:
    sessions = metrics.sessions
    celeb = sessions[sessions["anchor_type"] == "celebrity"]
    if celeb.empty:
        return [Finding(make.say("no_celebrity"))]
    rest_ids = [str(i) for i in sessions.index if i not in celeb.index]
    sid = str(celeb["viewers"].idxmax())
    row = sessions.loc[sid]
    rest = _group_row(metrics, "rest")
    findings = [_headline_session(make, sid, row, rest, rest_ids, "label_celebrity")]
    fee = _number(row.get("fee"))
    if fee and fee > 0:
        roi, gmv, fee_f = (make("fee_roi", row["fee_roi"], [sid]), make("gmv", row["gmv"], [sid]),
                           make("fee", fee, [sid]))
        net = make("net_gmv", row["net_gmv"], [sid])
        refunded = net.value != gmv.value
        refunds = make.say("after_refunds", net=net.display) if refunded else ""
        findings.append(Finding(make.say("fee_return", roi=roi.display, gmv=gmv.display,
                                         refunds=refunds, fee=fee_f.display),
                                (roi, gmv, net, fee_f) if refunded else (roi, gmv, fee_f)))
        margin = _number(row.get("margin"))
        if margin is not None:
            findings += _margin_verdict(make, make("margin", margin, [sid]),
                                        make("margin_after_fee", row["margin_after_fee"], [sid]))
        else:
            findings += _fee_verdict(make, roi.value)
    else:
        findings.append(Finding(make.say("no_fee")))
    findings += _loyalty_pair(make, row, rest, [sid], rest_ids, "owner_session")
    return findings


# Where costs are missing, GMV per fee is all there is; these bounds say what it shows.
PAID_OFF_ROI = 3.0
BARELY_COVERED_ROI = 1.5


def _margin_verdict(make: FactMaker, margin: StoreFact, after: StoreFact) -> list[Finding]:
    """"Was it worth it?" on the margin after product costs and the fee (DESIGN §5)."""
    if after.value is None:
        return []
    key = "lost_money" if after.value < 0 else "paid_off"
    return [Finding(make.say(key, margin=margin.display, after=after.display), (margin, after))]


def _fee_verdict(make: FactMaker, roi: float | None) -> list[Finding]:
    """Without product costs: GMV per yuan of fee only, and saying so."""
    note = make.say("fee_only")
    if roi is None:
        tail = make.say("end")
    elif roi >= PAID_OFF_ROI:
        tail = make.say("fee_only_high")
    elif roi < BARELY_COVERED_ROI:
        tail = make.say("fee_only_low")
    else:
        tail = make.say("fee_only_mid")
    return [Finding(note + tail, kind="no_costs")]


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
        text = make.say("host_group", name=anchor_name(str(anchor_type), make.lang),
                        n=n.display, conv=conv.display, gpm=gpm.display)
        facts = [conv, n, gpm]
        if row["sessions"] < MIN_GROUP_SESSIONS:  # reported, but not a row to compare
            findings.append(Finding(text + make.say("host_too_few"), tuple(facts),
                                    kind="too_few"))
            continue
        if _number(row.get("fee_roi")) is not None:
            roi = make("fee_roi", row["fee_roi"], ids)
            text += make.say("host_fee_roi", roi=roi.display)
            facts.append(roi)
        if _number(row.get("returning_buyer_share")) is not None:
            ret = make("returning_buyer_share", row["returning_buyer_share"], ids)
            text += make.say("host_returning", ret=ret.display)
            facts.append(ret)
        findings.append(Finding(text + make.say("end"), tuple(facts), group=str(anchor_type)))
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
    findings = [_headline_session(make, sid, row, None, all_ids, "label_busiest", overall)]
    segments = str(row.get("segments") or "")
    if segments:
        items = make.say("list_sep").join(_segment_text(s, make.lang)
                                          for s in segments.split(";") if s.strip())
        findings.append(Finding(make.say("run_of_show", items=items)))
    return groups + findings


def _off_topic_groups(metrics: StoreMetrics, make: FactMaker) -> list[Finding]:
    """Totals of off-topic sessions against on-topic ones: traffic versus transactions."""
    from advisor.store.metrics import group_metrics

    sessions = metrics.sessions
    heavy = sessions["off_topic_share"] >= OFF_TOPIC_SESSION_SHARE
    if not heavy.any():
        return [Finding(make.say("no_off_topic"))]
    table = group_metrics(sessions, heavy.map({True: "off", False: "on"}))
    off_ids = [str(i) for i in sessions.index[heavy]]
    on_ids = [str(i) for i in sessions.index[~heavy]]
    off = table.loc["off"]
    n = make("sessions", off["sessions"], off_ids)
    total = make("viewers", off["viewers"], off_ids)
    conv, gpm = make("conversion", off["conversion"], off_ids), make("gpm", off["gpm"], off_ids)
    names = make.say("name_sep").join(plain(i) for i in off_ids)
    text = make.say("off_topic_groups", n=n.display, names=names, total=total.display,
                    conv=conv.display, gpm=gpm.display)
    facts = [n, total, conv, gpm]
    if "on" in table.index:
        on = table.loc["on"]
        on_conv, on_gpm = make("conversion", on["conversion"], on_ids), make("gpm", on["gpm"],
                                                                              on_ids)
        text += make.say("off_topic_vs_rest", on_conv=on_conv.display, on_gpm=on_gpm.display)
        facts += [on_conv, on_gpm]
    items = dict.fromkeys(item for cell in sessions.loc[heavy, "off_topic_items"]
                          for item in str(cell).split(";") if item.strip())
    listed = make.say("list_sep").join(_segment_text(item, make.lang) for item in items)
    return [Finding(text + make.say("end"), tuple(facts)),
            Finding(make.say("off_topic_items", listed=listed))]


def _segment_text(segment: str, lang: str = "en") -> str:
    """A run-of-show item as data; an item that reads like an order to us is not repeated."""
    from advisor.topics import is_role_attack

    return say("hidden_item", lang) if is_role_attack(segment) else plain(segment)


def _old_customers(metrics: StoreMetrics, make: FactMaker) -> list[Finding]:
    ids = [str(i) for i in metrics.sessions.index]
    all_live = _group_all(metrics)
    findings = _loyalty_pair(make, all_live, None, ids, [], "owner_live")
    rate = make("repurchase_rate", metrics.store.get("repurchase_rate"))
    findings.append(Finding(make.say("repurchase_rate", rate=rate.display), (rate,)))
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
    return [Finding(make.say("store_headline", n=n.display, viewers=viewers.display,
                             conv=conv.display, gmv=gmv.display, share=share.display,
                             aov=aov.display),
                    (n, viewers, conv, gmv, share, aov))]


def _headline_session(make: FactMaker, sid: str, row: Any, rest: Any, rest_ids: list[str],
                      label: str, overall: StoreFact | None = None) -> Finding:
    """One session's viewers and conversion, against the other sessions (`rest`) and/or
    against all sessions (`overall`)."""
    day, viewers, conv = make.date(sid), make("viewers", row["viewers"], [sid]), make(
        "conversion", row["conversion"], [sid])
    facts = [day, viewers, conv]
    only, against = "", ""
    if rest is not None and _number(rest.get("conversion")) is not None:
        other = make("conversion", rest["conversion"], rest_ids)
        only = make.say("only") if (conv.value or 0) < (other.value or 0) else ""
        against = make.say("vs_other_sessions", other=other.display)
        facts.append(other)
    if overall is not None:
        against += make.say("vs_all_sessions", overall=overall.display)
        facts.append(overall)
    text = make.say("session_head", label=make.say(label), day=day.display,
                    viewers=viewers.display, only=only, conv=conv.display)
    return Finding(text + against + make.say("end"), tuple(facts))


def _loyalty_pair(make: FactMaker, row: Any, rest: Any, ids: list[str], rest_ids: list[str],
                  owner: str) -> list[Finding]:
    """Returning-buyer share and 60-day repurchase of new buyers, against the other
    sessions if `rest` is given; `owner` is the phrase id of whose buyers they are."""
    findings = []
    for metric, phrase in (("returning_buyer_share", "returning"),
                           ("new_buyer_repurchase_60d", "repurchase_60d")):
        own = make(metric, row.get(metric), ids)
        if own.value is None:
            continue
        text = make.say(phrase, own=own.display, owner=make.say(owner))
        facts = [own]
        if rest is not None and _number(rest.get(metric)) is not None:
            other = make(metric, rest[metric], rest_ids)
            text += make.say("vs_rest_label", other=other.display,
                             rest=make.say("rest_sessions"))
            facts.append(other)
        findings.append(Finding(text + make.say("end"), tuple(facts)))
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
