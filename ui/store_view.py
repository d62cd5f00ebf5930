"""Store page helpers: checking and importing uploads, and the dashboard's tables, charts
and download. Uploads are `(file name, bytes)` tuples, so everything here is testable
without a browser. Store text (names, segments) only ever lands in dataframe cells, chart
data or escaped CSV, or goes through advisor.text.escape_markdown; never in HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd
import streamlit as st

from advisor.store.db import StoreDB, UnknownStore
from advisor.store.demo import generate_demo_store
from advisor.store.export import frame_csv_bytes, table_csv_bytes
from advisor.store.importer import ImportSummary, import_store, parse_store_files
from advisor.store.metrics import (
    METRIC_DEFINITIONS,
    MONEY_METRICS,
    PERCENT_METRICS,
    StoreMetrics,
    format_metric,
    group_metrics,
    metric_definition,
)
from advisor.store.reader import ImportIssue, ImportLimits, StoreImportError, source_name
from advisor.store.schema import ANCHOR_TYPES, TABLES, StoreInfo
from advisor.text import escape_markdown
from ui.i18n import current_lang, has, t
from ui.labels import host_label
from ui.labels import metric_label as label
from ui.store_charts import group_chart, session_chart

Upload = tuple[str, bytes]
ISSUE_COLUMNS = ("file", "row", "column", "value", "problem")
PREVIEW_ROWS = 5
SAMPLE_STORE = "demo-home-furnishing"

# --- checking and importing uploads ------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    """What "Check files" found: the problems (capped) or a preview of each table."""

    issues: pd.DataFrame  # ISSUE_COLUMNS; empty when the files are valid
    total: int  # every problem found, including those left out of `issues`
    previews: dict[str, pd.DataFrame] = field(default_factory=dict)  # by table
    rows: dict[str, int] = field(default_factory=dict)  # data rows by table
    files: dict[str, str] = field(default_factory=dict)  # file label by table
    encodings: dict[str, str] = field(default_factory=dict)  # how each file was read
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.total == 0

    @property
    def more(self) -> int:
        """Problems found but not listed (the library caps the list)."""
        return max(0, self.total - len(self.issues))


def table_label(table: str) -> str:
    """A store table's name in the UI language ("Products", "商品")."""
    return t(f"table.{table}")


def col_label(column: str) -> str:
    """A table column's header in the UI language (the frame keeps the id: col.<id>)."""
    return t(f"col.{column.replace(' ', '_')}")


def column_labels(columns: Sequence[str]) -> dict[str, Any]:
    """Headers in the UI language for a frame whose columns are ids."""
    return {c: st.column_config.Column(col_label(c)) for c in columns}


def labelled(uploads: Mapping[str, Upload]) -> dict[str, Upload]:
    """The uploads by table in schema order; two files with one name get the table as prefix,
    so every problem and encoding names a distinct file."""
    names = {t: source_name(uploads[t]) for t in TABLES}
    shared = {n for n in names.values() if list(names.values()).count(n) > 1}
    return {t: (f"{t}-{names[t]}" if names[t] in shared else uploads[t][0], uploads[t][1])
            for t in TABLES}


def issues_frame(issues: Sequence[ImportIssue]) -> pd.DataFrame:
    """Problems as a table with the columns file, row, column, value, problem."""
    return pd.DataFrame({
        "file": [i.file for i in issues],
        "row": pd.array([i.row for i in issues], dtype="Int64"),
        "column": [i.column or "" for i in issues],
        "value": ["" if i.value is None else str(i.value)[:80] for i in issues],
        "problem": [i.message for i in issues],
    }, columns=list(ISSUE_COLUMNS))


def check_uploads(uploads: Mapping[str, Upload], limits: ImportLimits) -> CheckResult:
    """Validate the three files without writing anything; never raises on bad input."""
    files = labelled(uploads)
    try:
        parsed = parse_store_files(files["products"], files["live_sessions"], files["orders"],
                                   limits)
    except StoreImportError as exc:
        return CheckResult(issues_frame(exc.issues), exc.total)
    frames = {t: getattr(parsed.data, t) for t in TABLES}
    return CheckResult(issues_frame([]), 0,
                       previews={t: f.head(PREVIEW_ROWS) for t, f in frames.items()},
                       rows={t: len(f) for t, f in frames.items()},
                       files={t: source_name(files[t]) for t in TABLES},
                       encodings=dict(parsed.encodings), notes=list(parsed.notes))


def import_uploads(db: StoreDB, name: str, uploads: Mapping[str, Upload],
                   limits: ImportLimits) -> ImportSummary:
    """Validate and store the files as store `name` in one transaction (StoreImportError on
    bad input, ValueError on a bad name: in both cases nothing is written)."""
    files = labelled(uploads)
    return import_store(db, name, files["products"],
                        files["live_sessions"], files["orders"], limits)


def name_problem(db: StoreDB, name: str) -> str | None:
    """Why an import can't be stored under `name` (the naming rule, a lookalike of another
    store, a demo store), or None."""
    try:
        db.check_name(name)
    except ValueError as exc:
        return str(exc)
    return None


def stores_frame(stores: Sequence[StoreInfo]) -> pd.DataFrame:
    return pd.DataFrame({
        "store": [s.name for s in stores],
        "products": [s.products for s in stores],
        "live sessions": [s.sessions for s in stores],
        "orders": [s.orders for s in stores],
        "imported": [s.imported_at.replace("T", " ")[:16] for s in stores],
        "source": [t("col.demo_source") if s.is_demo else s.source for s in stores],
    })


def _kind(kind: str) -> str:
    if kind == "anchor_type":  # the values as typed in a file: the English ids
        return ", ".join(ANCHOR_TYPES)
    return t(f"kind.{kind}") if has(f"kind.{kind}") else kind


def columns_reference() -> pd.DataFrame:
    """Every column of the three files: English and Chinese header, kind, required."""
    return pd.DataFrame([
        {"file": table_label(table), "column": c.name, "chinese header": " / ".join(c.aliases),
         "kind": _kind(c.kind), "required": c.required}
        for table, columns in TABLES.items() for c in columns])


def template_csv(table: str, chinese: bool = False) -> bytes:
    """An empty CSV with the table's header row (Chinese headers with a BOM, for Excel)."""
    empty = pd.DataFrame(columns=[c.name for c in TABLES[table]])
    return table_csv_bytes(empty, table, chinese_headers=chinese,
                           encoding="utf-8-sig" if chinese else "utf-8")


@lru_cache(maxsize=len(TABLES))
def sample_csv(table: str) -> bytes:
    """The table of a small demo store, as an importable CSV (generated, deterministic)."""
    return table_csv_bytes(getattr(generate_demo_store(SAMPLE_STORE), table), table)


# --- dashboard ---------------------------------------------------------------------------

# The tiles' metrics; label and scope are the catalogue's tile.<metric>, tile.<metric>.scope.
HEADLINES = ("gmv", "live_gmv", "live_gmv_share", "sessions", "viewers", "conversion", "gpm",
             "returning_buyer_share", "repurchase_rate", "refund_rate")
SESSION_COLUMNS = ("date", "session_id", "anchor", "anchor_type", "viewers", "gmv", "orders",
                   "buyers", "conversion", "gpm", "aov", "returning_buyer_share",
                   "new_buyer_repurchase_60d", "refund_rate", "fee", "fee_roi", "click_rate",
                   "duration_min", "segments")
GROUP_DISPLAY = ("sessions", "viewers", "gmv", "orders", "buyers", "conversion", "gpm", "aov",
                 "returning_buyer_share", "new_buyer_repurchase_60d", "refund_rate", "fee",
                 "fee_roi")
CELEBRITY_ROWS = ("sessions", "viewers", "gmv", "conversion", "gpm", "aov", "fee", "fee_roi",
                  "returning_buyer_share", "new_buyer_repurchase_60d", "refund_rate")


@dataclass(frozen=True)
class Tile:
    metric: str
    label: str
    value: Any
    display: str  # format_metric(metric, value, currency)
    help: str  # the definition (METRIC_DEFINITIONS) and what it covers


def all_sessions(metrics: StoreMetrics) -> dict[str, Any]:
    """Totals-based metrics over every live session (the group rule of DESIGN §5)."""
    table = group_metrics(metrics.sessions, pd.Series("all", index=metrics.sessions.index))
    return table.iloc[0].to_dict() if len(table) else {}


def headline_tiles(metrics: StoreMetrics) -> list[Tile]:
    """The store-level numbers: metrics.store, plus the returning-buyer share of all sessions."""
    values = {**metrics.store,
              "returning_buyer_share": all_sessions(metrics).get("returning_buyer_share")}
    return [Tile(m, t(f"tile.{m}"), values.get(m),
                 format_metric(m, values.get(m), metrics.currency),
                 t("tile.help", definition=definition(m, metrics.currency),
                   scope=t(f"tile.{m}.scope")))
            for m in HEADLINES]


def definition(metric: str, currency: str = "¥") -> str:
    """The metric's definition in the UI language, in the store's currency."""
    return metric_definition(metric, current_lang()).replace("¥", currency)


def session_table(metrics: StoreMetrics) -> pd.DataFrame:
    """One row per session, numbers kept numeric (sortable); percentages × 100."""
    frame = metrics.sessions.reset_index().loc[:, list(SESSION_COLUMNS)]
    frame["anchor_type"] = frame["anchor_type"].map(host_label)
    return _percent(frame)


def group_table(group: pd.DataFrame) -> pd.DataFrame:
    """A by_anchor_type-like frame for display: the group as a column, percentages × 100."""
    frame = group.loc[:, list(GROUP_DISPLAY)].rename_axis("group").reset_index()
    frame["group"] = frame["group"].map(host_label)
    frame["fee"] = frame["fee"].where(frame["fee"] > 0)  # no fee paid: blank, not ¥0
    return _percent(frame)


def _percent(frame: pd.DataFrame) -> pd.DataFrame:
    for col in frame.columns:
        if col in PERCENT_METRICS:
            frame[col] = frame[col] * 100.0
    return frame


def celebrity_table(metrics: StoreMetrics) -> pd.DataFrame:
    """Celebrity sessions against all the others, one metric a row, with its definition."""
    groups = metrics.celebrity_vs_rest
    cur = metrics.currency
    return pd.DataFrame([{
        "metric": label(m),
        **{"celebrity sessions" if g == "celebrity" else "all other sessions":
           format_metric(m, groups.at[g, m], cur) for g in groups.index},
        "definition": definition(m, cur)} for m in CELEBRITY_ROWS])


def celebrity_config() -> dict[str, Any]:
    """Headers in the UI language for celebrity_table's columns."""
    cc = st.column_config
    return {"metric": cc.TextColumn(t("col.metric"), width="medium"),
            "celebrity sessions": cc.Column(t("col.celebrity")),
            "all other sessions": cc.Column(t("col.rest")),
            "definition": cc.TextColumn(t("col.definition"), width="large")}


def column_config(columns: Sequence[str], currency: str,
                  group_label: str | None = None) -> dict[str, Any]:
    """Labels, number formats and definition tooltips for the dashboard tables."""
    cc = st.column_config
    config: dict[str, Any] = {
        "date": cc.DatetimeColumn(t("col.date"), format="YYYY-MM-DD HH:mm"),
        "session_id": cc.TextColumn(t("col.session")),
        "anchor": cc.TextColumn(t("col.host")),
        "anchor_type": cc.TextColumn(t("col.host_type")),
        "group": cc.TextColumn(group_label or t("col.group")),
        "segments": cc.TextColumn(t("col.segments")),
    }
    for col in columns:
        if col in config:
            continue
        help_text = definition(col, currency) or None
        header = label(col)
        if col in PERCENT_METRICS:
            fmt = "%.1f%%"
        elif col in MONEY_METRICS:
            fmt = f"{currency}%,.2f" if col == "aov" else f"{currency}%,.0f"
        elif col == "fee_roi":
            fmt, header = "%.2f", t("col.fee_roi", currency=currency)
        else:
            fmt = "%,d" if col != "duration_min" else "%.0f"
        config[col] = cc.NumberColumn(header, help=help_text, format=fmt)
    return config


# --- rendering ---------------------------------------------------------------------------

def _defined(*metrics: str, currency: str) -> None:
    st.caption("  \n".join(f"**{escape_markdown(label(m))}**: "
                           f"{escape_markdown(definition(m, currency))}" for m in metrics))


def render_dashboard(name: str, load: Callable[[str], StoreMetrics]) -> None:
    """One store's dashboard; `load` gives its metrics (cached per imported version)."""
    try:
        metrics = load(name)
    except UnknownStore:
        st.warning(t("dash.store_gone", store=escape_markdown(name)))
        return
    cur, totals = metrics.currency, metrics.store
    st.caption(t("dash.period", first=totals["first_date"], last=totals["last_date"]))
    with st.container(horizontal=True, gap="small"):  # tiles wrap; big numbers never clip
        for tile in headline_tiles(metrics):
            st.metric(tile.label, tile.display, help=tile.help, border=True, width="content")

    st.subheader(t("dash.sessions"))
    table = session_table(metrics)
    st.dataframe(table, hide_index=True, column_config=column_config(table.columns, cur),
                 placeholder="n/a")
    # The tables' own CSV export is off (client.disableDataExport): this one escapes cells
    # a spreadsheet would run as formulas.
    st.download_button(t("dash.download"), session_csv(table),
                       f"{name}_sessions.csv", "text/csv", icon="⬇️")
    st.altair_chart(session_chart(table, "gmv", cur).properties(title=t("dash.chart.gmv")))
    st.altair_chart(session_chart(table, "conversion", cur)
                    .properties(title=t("dash.chart.conversion")))
    _defined("gmv", "conversion", currency=cur)

    st.subheader(t("dash.by_host"))
    groups = group_table(metrics.by_anchor_type)
    st.dataframe(groups, hide_index=True, placeholder="n/a",
                 column_config=column_config(groups.columns, cur, t("col.host_type")))
    left, right = st.columns(2)
    left.altair_chart(group_chart(groups, ["conversion"], cur)
                      .properties(title=t("dash.chart.conversion_by_host")))
    right.altair_chart(group_chart(groups, ["gpm"], cur)
                       .properties(title=t("dash.chart.gpm_by_host")))
    _defined("conversion", "gpm", currency=cur)
    st.caption(t("dash.totals_note"))

    st.subheader(t("dash.celebrity"))
    if "celebrity" in metrics.celebrity_vs_rest.index:
        celebrity = celebrity_table(metrics)
        st.dataframe(celebrity, hide_index=True, height=35 * (len(celebrity) + 1) + 3,
                     column_config=celebrity_config())
    else:
        st.info(t("dash.no_celebrity"), icon=":material/info:")

    st.subheader(t("dash.returning"))
    st.altair_chart(group_chart(groups, ["returning_buyer_share", "new_buyer_repurchase_60d"],
                                   cur).properties(title=t("dash.chart.returning")))
    _defined("returning_buyer_share", "new_buyer_repurchase_60d", currency=cur)
    with st.expander(t("dash.all_definitions")):
        st.dataframe({"metric": [label(m) for m in METRIC_DEFINITIONS],
                      "definition": [definition(m, cur) for m in METRIC_DEFINITIONS]},
                     hide_index=True, column_config=column_labels(("metric", "definition")))


def session_csv(table: pd.DataFrame) -> bytes:
    """The sessions table as a CSV download (UTF-8 with BOM for Excel): percentages as shown,
    dates as text, formula-leading text cells escaped (advisor.store.export)."""
    frame = table.copy()
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d %H:%M")
    return frame_csv_bytes(frame)
