"""The Store dashboard's charts (Altair): per session and per host type, with axis titles,
legends and tooltips in the UI language. Store text only lands in chart data."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from advisor.store.metrics import MONEY_METRICS, PERCENT_METRICS
from advisor.store.schema import ANCHOR_TYPES
from ui.i18n import t
from ui.labels import host_label
from ui.labels import metric_label as label


def _host_colors() -> alt.Scale:
    # One colour per host type whatever the language: the domain is the translated names.
    return alt.Scale(domain=[host_label(a) for a in ANCHOR_TYPES], scheme="tableau10")


def session_chart(table: pd.DataFrame, metric: str, currency: str) -> alt.Chart:
    """Bars per session in date order, coloured by host type, with a formatted tooltip."""
    title, fmt = _axis(metric, currency)
    data = table.loc[:, ["session_id", "date", "anchor", "anchor_type", metric]]
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("session_id:N", sort=None, title=t("chart.session_axis"),
                axis=alt.Axis(labelAngle=-60, labelOverlap=True)),
        y=alt.Y(f"{metric}:Q", title=title),
        color=alt.Color("anchor_type:N", scale=_host_colors(), title=t("col.host_type")),
        tooltip=[alt.Tooltip("session_id:N", title=t("col.session")),
                 alt.Tooltip("date:T", title=t("col.date"), format="%Y-%m-%d %H:%M"),
                 alt.Tooltip("anchor:N", title=t("col.host")),
                 alt.Tooltip("anchor_type:N", title=t("col.host_type")),
                 alt.Tooltip(f"{metric}:Q", title=title, format=fmt)],
    ).properties(height=220)


def group_chart(table: pd.DataFrame, metrics: Sequence[str], currency: str) -> alt.Chart:
    """Bars per group (host type, or celebrity vs rest) for one or more metrics."""
    long = table.melt(id_vars="group", value_vars=list(metrics), var_name="metric")
    long["metric"] = long["metric"].map(lambda m: _axis(m, currency)[0])
    first_title, fmt = _axis(metrics[0], currency)
    several = len(metrics) > 1
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("group:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title="%" if several else first_title),
        color=(alt.Color("metric:N", title=None,
                         legend=alt.Legend(orient="bottom", labelLimit=400))
               if several else alt.Color("group:N", scale=_host_colors(), legend=None)),
        **({"xOffset": alt.XOffset("metric:N")} if several else {}),
        tooltip=[alt.Tooltip("group:N", title=t("chart.group")),
                 alt.Tooltip("metric:N", title=t("chart.metric")),
                 alt.Tooltip("value:Q", title=t("chart.value"), format=fmt)],
    ).properties(height=240)


def _axis(metric: str, currency: str) -> tuple[str, str]:
    """(axis title, d3 number format) for a metric in the display tables."""
    name = label(metric)
    if metric in PERCENT_METRICS:
        return f"{name} (%)", ".1f"
    if metric in MONEY_METRICS:
        return f"{name} ({currency})", ",.0f"
    return name, ",.2f" if metric == "fee_roi" else ","
