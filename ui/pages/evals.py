"""Evals page: the latest eval report — verdict, aggregates, the peer baseline, charts, the
failing cases first — and a button that runs the suite with live progress.

Runs write to <ADVISOR_DATA_DIR>/eval; the page shows the newest report.json of that folder
and of the CLI's out dir (ADVISOR_EVAL_OUT_DIR, default artifacts/eval). Cases come from
ADVISOR_EVAL_CASES_DIR (default evals/cases). Helpers live in ui/evals_view.py.
"""

import streamlit as st

from advisor import Settings
from ui import evals_view as ev
from ui.labels import topic_label
from ui.resources import get_advisor

MAX_EXPANDERS = 30
BASELINE_KEY = "evals_with_baseline"
RUN_KEY = "evals_run_requested"  # set by the button's callback: the run renders it disabled
OUTCOME_KEY = "evals_run_outcome"  # the run's RunOutcome, shown once after the rerun
settings = Settings.from_env()

st.title("Evals")
st.caption("The eval suite asks the advisor every question in the cases folder, checks each "
           "answer with deterministic evaluators and compares the totals with the thresholds. "
           "Run it after you change the knowledge base.")

with st.container(border=True):
    requested = bool(st.session_state.get(RUN_KEY))
    busy = ev.suite_lock().locked() and not requested
    left, right = st.columns([1, 2], vertical_alignment="center")
    left.button("Run the suite", type="primary", icon=":material/play_arrow:",
                disabled=busy or requested, on_click=st.session_state.__setitem__,
                args=(RUN_KEY, True),
                help="A suite run started from another session is in progress." if busy
                else None)
    with_baseline = right.checkbox(
        "Compare with the peer baseline", value=True, key=BASELINE_KEY, disabled=requested,
        help="Also runs the textbook LangChain RAG on the same cases (adds about 30 s for "
             "the full suite).")
    st.caption("A full run can take a minute or two: stay on this page while it runs. Cases "
               "that use a demo store install it when it is missing.")
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
    st.info("No eval report yet. Click **Run the suite** above, or run `advisor eval` in a "
            "terminal; the report shows up here.", icon=":material/info:")
else:
    try:
        report = ev.load_report(path)
    except ValueError as exc:
        st.warning("The latest eval report can't be read. Run the suite again.",
                   icon=":material/warning:")
        st.code(ev.no_paths(exc), language=None, wrap_lines=True)

if report is not None:
    # --- verdict -------------------------------------------------------------------------
    figures, missed = ev.summary(report), ev.missed_thresholds(report)
    if report.get("passed"):
        st.success(f"**{ev.verdict(report)}** · every threshold met", icon=":material/check:")
    else:
        st.error(f"**{ev.verdict(report)}** · {len(missed)} threshold"
                 f"{'' if len(missed) == 1 else 's'} missed: "
                 + "; ".join(ev.plain(m) for m in missed), icon=":material/close:")
    with st.container(horizontal=True, gap="small"):
        for label, value in figures.items():
            st.metric(label, value, border=True, width="content")
    st.caption(f"Ran {ev.ran_at(report)} · {figures['Passed']} cases passed")
    md_path = path.with_name("report.md")
    if md_path.is_file():
        st.download_button("Download report.md", md_path.read_bytes(), "report.md",
                           "text/markdown", icon=":material/download:")

    # --- aggregates and the peer baseline ------------------------------------------------
    agg_col, base_col = st.columns([5, 4], gap="large")
    with agg_col:
        st.subheader("Aggregates")
        aggregates = ev.aggregates_frame(report)
        st.dataframe(ev.highlight_failures(aggregates, "ok"), hide_index=True,
                     height=35 * (len(aggregates) + 1) + 3,
                     column_config={"cases": st.column_config.NumberColumn(
                         "cases", help="Cases the metric applies to"),
                         "ok": st.column_config.TextColumn("ok", width="small")})
    with base_col:
        st.subheader("Peer baseline")
        baseline = ev.baseline_frame(report)
        if baseline is None:
            st.info("The peer baseline was not run for this report.", icon=":material/info:")
        else:
            st.dataframe(baseline, hide_index=True)
            for latency in (False, True):
                if (chart := ev.baseline_chart(report, latency)) is not None:
                    st.altair_chart(chart)
            st.caption(ev.baseline_source(report))

    # --- charts --------------------------------------------------------------------------
    st.subheader("Pass rates and latency")
    topic_col, latency_col = st.columns(2, gap="large")
    topics = ev.rates_frame(report.get("by_topic"), labels=True)
    if not topics.empty:
        topic_col.altair_chart(ev.rate_chart(topics, "Pass rate by topic"))
    latencies = ev.latency_frame(report)
    if not latencies.empty:
        latency_col.altair_chart(ev.latency_chart(latencies, report))
    tags = ev.rates_frame(report.get("by_tag"))
    if not tags.empty:
        with st.expander(f"Pass rate by tag ({len(tags)} tags)"):
            st.altair_chart(ev.rate_chart(tags, "Pass rate by tag"))

    # --- cases, failures first -----------------------------------------------------------
    failing = ev.failures(report)
    st.subheader(f"Failing cases ({len(failing)})")
    if not failing:
        st.success("Every case passed.", icon=":material/check:")
    else:
        st.dataframe(ev.failures_frame(report), hide_index=True, column_config={
            "question": st.column_config.TextColumn(width="medium"),
            "reasons": st.column_config.TextColumn(width="large")})
        for case in failing[:MAX_EXPANDERS]:
            with st.expander(ev.failure_label(case), icon=":material/cancel:"):
                st.text(f"Question: {case.get('question', '')}")
                st.caption(f"Topic: {ev.plain(topic_label(str(case.get('topic', ''))))} · "
                           f"store: {ev.plain(case.get('store') or 'none')} · cases file: "
                           f"{ev.plain(ev.no_paths(case.get('file', '')))}")
                if case.get("error"):
                    st.code(ev.no_paths(case["error"]), language=None, wrap_lines=True)
                st.dataframe(ev.highlight_failures(ev.results_frame(case), "result"),
                             hide_index=True, placeholder="", column_config={
                                 "score": st.column_config.NumberColumn(format="%.2f"),
                                 "detail": st.column_config.TextColumn(width="large")})
                if answer := case.get("answer"):
                    st.caption("The answer, as plain text")
                    st.text(str(answer.get("text", "")))
        if len(failing) > MAX_EXPANDERS:
            st.caption(f"… and {len(failing) - MAX_EXPANDERS} more failing cases: see the "
                       "table above or report.md.")

    st.subheader("All cases")
    st.dataframe(ev.cases_frame(report), hide_index=True, placeholder="", column_config={
        "passed": st.column_config.CheckboxColumn("passed"),
        "latency_ms": st.column_config.NumberColumn("latency", format="%.1f ms"),
        "question": st.column_config.TextColumn(width="large"),
        "reasons": st.column_config.TextColumn(width="large")})
