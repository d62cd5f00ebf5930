"""Evals page: the latest eval report — verdict, aggregates, the peer baseline, charts, the
failing cases first — and a button that runs the suite with live progress.

Runs write to <ADVISOR_DATA_DIR>/eval; the page shows the newest report.json of that folder
and of the CLI's out dir (ADVISOR_EVAL_OUT_DIR, default artifacts/eval). Cases come from
ADVISOR_EVAL_CASES_DIR (default evals/cases). Helpers live in ui/evals_view.py.
"""

import streamlit as st

from advisor import Settings
from ui import evals_view as ev
from ui.i18n import t, tn
from ui.labels import topic_label
from ui.resources import get_advisor

MAX_EXPANDERS = 30
BASELINE_KEY = "evals_with_baseline"
RUN_KEY = "evals_run_requested"  # set by the button's callback: the run renders it disabled
OUTCOME_KEY = "evals_run_outcome"  # the run's RunOutcome, shown once after the rerun
settings = Settings.from_env()

st.title(t("page.evals"))
st.caption(t("eval.caption"))

with st.container(border=True):
    requested = bool(st.session_state.get(RUN_KEY))
    busy = ev.suite_lock().locked() and not requested
    left, right = st.columns([1, 2], vertical_alignment="center")
    left.button(t("eval.run"), type="primary", icon=":material/play_arrow:",
                disabled=busy or requested, on_click=st.session_state.__setitem__,
                args=(RUN_KEY, True), help=t("eval.busy") if busy else None)
    with_baseline = right.checkbox(
        t("eval.with_baseline"), value=True, key=BASELINE_KEY, disabled=requested,
        help=t("eval.with_baseline.help"))
    st.caption(t("eval.run_note"))
    if st.session_state.pop(RUN_KEY, False):
        st.session_state[OUTCOME_KEY] = ev.run_with_progress(settings, get_advisor,
                                                             baseline=with_baseline)
        st.rerun()  # re-enables the button; the new report is the newest
    if outcome := st.session_state.pop(OUTCOME_KEY, None):
        if outcome.ok:
            st.success(outcome.message, icon=":material/task_alt:")
        else:
            st.warning(outcome.message, icon=":material/warning:")
            if outcome.detail:
                st.code(outcome.detail, language=None, wrap_lines=True)

path = ev.newest_report_path(ev.report_dirs(settings))
report = None
if path is None:
    st.info(t("eval.no_report"), icon=":material/info:")
else:
    try:
        report = ev.load_report(path)
    except ValueError as exc:
        st.warning(t("eval.unreadable"), icon=":material/warning:")
        st.code(ev.no_paths(exc), language=None, wrap_lines=True)

if report is not None:
    # --- verdict -------------------------------------------------------------------------
    figures, missed = ev.summary(report), ev.missed_thresholds(report)
    if report.get("passed"):
        st.success(t("eval.all_met", verdict=ev.verdict(report)), icon=":material/check:")
    else:
        st.error(tn("eval.missed", len(missed), verdict=ev.verdict(report),
                    missed="; ".join(ev.plain(m) for m in missed)), icon=":material/close:")
    with st.container(horizontal=True, gap="small"):
        for figure, value in figures.items():
            st.metric(t(f"eval.fig.{figure}"), value, border=True, width="content")
    st.caption(t("eval.ran", when=ev.ran_at(report), passed=figures["passed"]))
    md_path = path.with_name("report.md")
    if md_path.is_file():
        st.download_button(t("eval.download"), md_path.read_bytes(), "report.md",
                           "text/markdown", icon=":material/download:")

    # --- aggregates and the peer baseline ------------------------------------------------
    agg_col, base_col = st.columns([5, 4], gap="large")
    with agg_col:
        st.subheader(t("eval.aggregates"))
        aggregates = ev.aggregates_frame(report)
        st.dataframe(ev.highlight_failures(aggregates, "ok"), hide_index=True,
                     height=35 * (len(aggregates) + 1) + 3,
                     column_config={**ev.column_config(aggregates.columns),
                                    "cases": st.column_config.NumberColumn(
                                        t("eval.col.cases"), help=t("eval.col.cases.help")),
                                    "ok": st.column_config.TextColumn(t("eval.col.ok"),
                                                                      width="small")})
    with base_col:
        st.subheader(t("eval.baseline"))
        baseline = ev.baseline_frame(report)
        if baseline is None:
            st.info(t("eval.no_baseline"), icon=":material/info:")
        else:
            st.dataframe(baseline, hide_index=True,
                         column_config=ev.column_config(baseline.columns))
            for latency in (False, True):
                if (chart := ev.baseline_chart(report, latency)) is not None:
                    st.altair_chart(chart)
            st.caption(ev.baseline_source(report))

    # --- charts --------------------------------------------------------------------------
    st.subheader(t("eval.charts"))
    topic_col, latency_col = st.columns(2, gap="large")
    topics = ev.rates_frame(report.get("by_topic"), labels=True)
    if not topics.empty:
        topic_col.altair_chart(ev.rate_chart(topics, t("eval.chart.topic")))
    latencies = ev.latency_frame(report)
    if not latencies.empty:
        latency_col.altair_chart(ev.latency_chart(latencies, report))
    tags = ev.rates_frame(report.get("by_tag"))
    if not tags.empty:
        with st.expander(t("eval.tags", n=len(tags))):
            st.altair_chart(ev.rate_chart(tags, t("eval.chart.tag")))

    # --- cases, failures first -----------------------------------------------------------
    failing = ev.failures(report)
    st.subheader(t("eval.failing", n=len(failing)))
    if not failing:
        st.success(t("eval.all_passed"), icon=":material/check:")
    else:
        failing_frame = ev.failures_frame(report)
        st.dataframe(failing_frame, hide_index=True, column_config={
            **ev.column_config(failing_frame.columns),
            "question": st.column_config.TextColumn(t("eval.col.question"), width="medium"),
            "reasons": st.column_config.TextColumn(t("eval.col.reasons"), width="large")})
        for case in failing[:MAX_EXPANDERS]:
            with st.expander(ev.failure_label(case), icon=":material/cancel:"):
                st.text(t("eval.question", question=case.get("question", "")))
                st.caption(t("eval.case_caption",
                             topic=ev.plain(topic_label(str(case.get("topic", "")))),
                             store=ev.plain(case.get("store") or t("eval.no_store")),
                             file=ev.plain(ev.no_paths(case.get("file", "")))))
                if case.get("error"):
                    st.code(ev.no_paths(case["error"]), language=None, wrap_lines=True)
                results = ev.results_frame(case)
                st.dataframe(ev.highlight_failures(results, "result"),
                             hide_index=True, placeholder="", column_config={
                                 **ev.column_config(results.columns),
                                 "score": st.column_config.NumberColumn(t("eval.col.score"),
                                                                        format="%.2f"),
                                 "detail": st.column_config.TextColumn(t("eval.col.detail"),
                                                                       width="large")})
                if answer := case.get("answer"):
                    st.caption(t("eval.answer_text"))
                    st.text(str(answer.get("text", "")))
        if len(failing) > MAX_EXPANDERS:
            st.caption(t("eval.more_failing", n=len(failing) - MAX_EXPANDERS))

    st.subheader(t("eval.all_cases"))
    all_cases = ev.cases_frame(report)
    st.dataframe(all_cases, hide_index=True, placeholder="", column_config={
        **ev.column_config(all_cases.columns),
        "passed": st.column_config.CheckboxColumn(t("eval.col.passed")),
        "latency_ms": st.column_config.NumberColumn(t("eval.col.latency"), format="%.1f ms"),
        "question": st.column_config.TextColumn(t("eval.col.question"), width="large"),
        "reasons": st.column_config.TextColumn(t("eval.col.reasons"), width="large")})
