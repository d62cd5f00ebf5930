"""Plain data questions answered from the store's own rows: one session's report by its day,
a month's totals, the best-selling products."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from advisor.models import Finding

if TYPE_CHECKING:
    import pandas as pd

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


# "last month", "in March", "上个月", "3月": a month of the store's own orders.
_LAST_MONTH = re.compile(r"\blast month\b|\bprevious month\b|上个月|上月", re.I)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_NAMED_MONTH = re.compile(r"\b(?:in|for|during) (" + "|".join(_MONTHS)
                          + r")\b|(\d{1,2})\s*月(?!\s*\d)", re.I)
_SALES = re.compile(r"\bsell|\bsold\b|\bsales\b|\brevenue\b|\bgmv\b|\borders?\b|\bturnover\b|"
                    r"卖了|销售额|销量|成交|营业额|订单", re.I)
_BEST = re.compile(r"\b(best|top)[- ](selling|seller|sellers|products?|items?)\b|"
                   r"\bsold (the )?(best|most)\b|\bwhich products?\b.{0,30}\b(sold|sell|best)\b|"
                   r"卖得最好|最畅销|卖得最多|爆款是哪|哪个(商品|产品|品).{0,6}(卖|好)", re.I)
TOP_PRODUCTS = 3


def asked_month(question: str) -> str | None:
    """The month a sales question names: "last" for last month, or "01".."12"; else None."""
    if not _SALES.search(question):
        return None
    if _LAST_MONTH.search(question):
        return "last"
    match = _NAMED_MONTH.search(question)
    if not match:
        return None
    if match.group(1):
        return f"{_MONTHS.index(match.group(1).lower()) + 1:02d}"
    number = int(match.group(2))
    return f"{number:02d}" if 1 <= number <= 12 else None


def asks_best_products(question: str) -> bool:
    return bool(_BEST.search(question))


def period_totals(metrics: StoreMetrics, orders: pd.DataFrame, month: str,
                  lang: str = "en") -> list[Finding]:
    """Orders, buyers and GMV of one month. "last" is the last full month of the data (the
    data's own calendar, not today's: a store exported in spring is read as of then)."""
    from advisor.store.facts import FactMaker

    make = FactMaker(metrics, lang)
    if orders.empty:
        return [Finding(make.say("no_orders_that_month", month="—"), kind="period_totals")]
    times = orders["order_time"].dt
    # "YYYY-MM" by arithmetic: strftime over every order held the GIL ~50 ms per question.
    months = (times.year.astype(str) + "-" + times.month.astype(str).str.zfill(2))
    latest = orders["order_time"].max()
    if month == "last":
        period = latest.to_period("M")
        key = "period_totals"
        if latest.to_period("D") != period.asfreq("D", "end"):  # its month is not over
            period -= 1
            if not (months == str(period)).any():  # less than a month of data: the latest
                period, key = period + 1, "period_totals_partial"
        wanted = str(period)
    else:
        year = latest.year if int(month) <= latest.month else latest.year - 1
        wanted, key = f"{year}-{month}", "period_totals_named"
    rows = orders[months == wanted]
    scope = f"month:{wanted}"
    if rows.empty:  # the zero is a fact too: it sources the month the sentence names
        none = replace(make("orders", 0), scope=scope)
        return [Finding(make.say("no_orders_that_month", month=wanted), (none,),
                        kind="period_totals")]
    gmv = replace(make("gmv", float(rows["amount"].sum())), scope=scope)
    count = replace(make("orders", len(rows)), scope=scope)
    buyers = replace(make("buyers", rows["customer_id"].nunique()), scope=scope)
    text = make.say(key, month=wanted, orders=count.display, buyers=buyers.display,
                    gmv=gmv.display)
    return [Finding(text, (gmv, count, buyers), kind="period_totals")]


def best_products(metrics: StoreMetrics, orders: pd.DataFrame, products: pd.DataFrame,
                  lang: str = "en") -> list[Finding]:
    """The top products by GMV over all orders, each with its units sold."""
    from advisor.store.facts import FactMaker

    make = FactMaker(metrics, lang)
    if orders.empty:
        return []
    by_sku = orders.groupby("sku").agg(gmv=("amount", "sum"), units=("quantity", "sum"))
    top = by_sku.sort_values(["gmv", "units"], ascending=False).head(TOP_PRODUCTS)
    names = dict(zip(products["sku"].astype(str), products["name"].astype(str), strict=True))
    lines, facts = [make.say("best_products_head")], []
    for sku, row in top.iterrows():
        name = names.get(str(sku), str(sku))
        # The product's name goes with its facts: a number in a name ("Serum 30ml") is sourced.
        gmv, units = (replace(make(metric, value), scope=f"sku:{sku}")
                      for metric, value in (("gmv", float(row["gmv"])),
                                            ("units", int(row["units"]))))
        gmv, units = (replace(f, definition=f"{f.definition} Product: {name}.")
                      for f in (gmv, units))
        facts += [gmv, units]
        lines.append(make.say("best_product", name=name, gmv=gmv.display, units=units.display))
    return [Finding(" ".join(lines), tuple(facts), kind="best_products")]
