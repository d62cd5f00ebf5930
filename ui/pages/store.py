"""Store page: the stored stores, importing three files, and one store's dashboard."""

import logging
from functools import partial

import streamlit as st

from advisor import Settings
from advisor.store.db import StoreConflict
from advisor.store.demo import DEMO_STORES, install_demo_stores
from advisor.store.reader import ImportLimits, StoreImportError
from advisor.store.schema import TABLES
from advisor.text import escape_markdown as md
from ui import store_view as sv
from ui.components import persistent_selectbox
from ui.conversation import STORE_KEY as CHAT_STORE_KEY
from ui.i18n import t, tn
from ui.resources import get_store_db, store_metrics
from ui.workspace import session_workspace

log = logging.getLogger(__name__)
FLASH_KEY = "store_flash"  # one success message to show after a rerun
CHECK_KEY = "store_check"  # (upload fingerprint, CheckResult) of the last "Check files"
SUMMARY_KEY = "store_import_summary"
NONCE_KEY = "store_upload_nonce"  # bumped after an import to empty the uploaders
DELETE_KEY = "store_delete_pending"
DASHBOARD_KEY = "store_dashboard"
FROM_CHAT_KEY = "store_dashboard_from_chat"  # the chat's store when the dashboard followed it

settings = Settings.from_env()
db = get_store_db()
stores = db.list_stores()
names = [s.name for s in stores]
participant = not session_workspace().is_local
own = db.own_names()
# The dashboard opens on the store chosen in the chat; a store picked here stays until the
# chat's choice changes.
if (chat_store := st.session_state.get(CHAT_STORE_KEY)) in names and (
        st.session_state.get(FROM_CHAT_KEY) != chat_store):
    st.session_state[DASHBOARD_KEY] = st.session_state[FROM_CHAT_KEY] = chat_store

st.title(t("page.store"))
st.caption(t("store.caption"))
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash, icon=":material/check_circle:")
tabs = (t("tab.dashboard"), t("tab.stores"), t("tab.import"))
dashboard_tab, stores_tab, import_tab = st.tabs(tabs, default=tabs[0] if names else tabs[1])


# --- Your stores -------------------------------------------------------------------------

def _delete(name: str) -> None:
    st.session_state.pop(DELETE_KEY, None)
    if db.delete(name):
        st.session_state[FLASH_KEY] = t("store.deleted", store=md(name))


def _install_demo() -> None:
    with st.status(t("demo.installing"), expanded=True) as status:
        bar = st.progress(0.0)

        def step(i: int, name: str) -> None:
            st.write(t("demo.step", store=md(name)))
            bar.progress(i / len(DEMO_STORES))

        try:
            infos = install_demo_stores(db, on_store=step)
        except StoreConflict as exc:
            status.update(label=t("demo.failed_label"), state="error")
            st.error(t("demo.failed", reason=md(exc)))
            return
        bar.progress(1.0)
        status.update(label=t("demo.done_label"), state="complete")
    st.session_state[FLASH_KEY] = t("demo.done", stores=", ".join(md(i.name) for i in infos))
    st.session_state.setdefault(DASHBOARD_KEY, infos[0].name)
    st.rerun()


with stores_tab:
    if stores:
        frame = sv.stores_frame(stores)
        st.dataframe(frame, hide_index=True, column_config={
            **sv.column_labels(frame.columns),
            **{col: st.column_config.NumberColumn(sv.col_label(col), format="%,d")
               for col in ("products", "live sessions", "orders")}})
    else:
        st.info(t("stores.empty"), icon=":material/info:")
    if participant:  # demo and scenario stores are shared in a workshop: read-only here
        st.caption(t("stores.shared_read_only"))
    else:
        if st.button(t("demo.button"), icon=":material/storefront:", help=t("demo.help")):
            _install_demo()
        st.caption(t("demo.caption", stores="; ".join(md(n) for n in DEMO_STORES)))
    if own:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        target = left.selectbox(t("delete.label"), own, key="store_delete_choice")
        if right.button(t("delete.button"), icon=":material/delete:"):
            st.session_state[DELETE_KEY] = target
        pending = st.session_state.get(DELETE_KEY)
        if pending in own:
            st.warning(t("delete.confirm", store=md(pending)), icon=":material/warning:")
            yes, no = st.columns(2)
            yes.button(t("delete.yes"), type="primary", on_click=_delete, args=(pending,))
            no.button(t("delete.cancel"), on_click=st.session_state.pop, args=(DELETE_KEY, None))


# --- Import a store ----------------------------------------------------------------------

def _show_issues(issues, more: int) -> None:
    st.dataframe(issues, hide_index=True, column_config={
        **sv.column_labels(sv.ISSUE_COLUMNS),
        "row": st.column_config.NumberColumn(t("col.row"), format="%d", help=t("col.row.help")),
        "problem": st.column_config.TextColumn(t("col.problem"), width="large")})
    if more:
        st.caption(t("issues.more", n=f"{more:,}"))


def _problems(n: int) -> str:
    return tn("problems", n)


def _import(name: str, uploads: dict[str, sv.Upload], limits: ImportLimits) -> None:
    size = sum(len(content) for _, content in uploads.values()) / 1024 / 1024
    with st.status(t("import.status", store=md(name)), expanded=True) as status:
        st.write(t("import.reading", mb=f"{size:.1f}"))
        try:
            summary = sv.import_uploads(db, name, uploads, limits)
        except StoreImportError as exc:
            status.update(label=t("import.failed_label"), state="error")
            st.error(t("import.failed_issues", problems=_problems(exc.total)))
            _show_issues(sv.issues_frame(exc.issues), exc.total - len(exc.issues))
            return
        except ValueError as exc:  # the name: invalid, a lookalike, a demo store
            status.update(label=t("import.failed_label"), state="error")
            st.error(t("import.failed_name", reason=md(exc)))
            return
        except Exception:
            log.exception("store import failed")
            status.update(label=t("import.failed_label"), state="error")
            st.error(t("import.failed_bug"))
            return
        status.update(label=t("import.done_label", store=md(name)), state="complete")
    st.session_state[SUMMARY_KEY] = summary
    st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1
    st.session_state.pop(CHECK_KEY, None)
    st.session_state[DASHBOARD_KEY] = name
    st.rerun()


def _read(files: dict) -> dict[str, sv.Upload]:
    """The uploaded files as (file name, bytes), read only when they are needed."""
    return {t: (f.name, f.getvalue()) for t, f in files.items()}


def _show_check(result: sv.CheckResult, name: str, files: dict, limits: ImportLimits) -> None:
    if not result.ok:
        st.error(t("check.failed", problems=_problems(result.total)), icon=":material/error:")
        _show_issues(result.issues, result.more)
        return
    st.success(t("check.ok"), icon=":material/check_circle:")
    st.dataframe({"table": [sv.table_label(table) for table in TABLES],
                  "file": [result.files[table] for table in TABLES],
                  "read as": [result.encodings.get(result.files[table], "") for table in TABLES],
                  "rows": [result.rows[table] for table in TABLES]}, hide_index=True,
                 column_config=sv.column_labels(("table", "file", "read as", "rows")))
    for note in result.notes:
        st.text(t("check.note", note=note))
    for table in TABLES:
        st.markdown(t("check.preview", table=sv.table_label(table), n=sv.PREVIEW_ROWS))
        st.dataframe(result.previews[table], hide_index=True, placeholder="")
    problem = sv.name_problem(db, name)
    bad_name = problem is not None
    if bad_name:
        st.warning(t("name.problem", problem=md(problem)) if name else t("name.missing"),
                   icon=":material/edit:")
    elif name in names:
        st.info(t("name.exists", store=md(name)))
    if st.button(t("import.confirm"), type="primary", disabled=bad_name):
        _import(name, _read(files), limits)


def _templates() -> None:
    reference = sv.columns_reference()
    st.dataframe(reference, hide_index=True, column_config=sv.column_labels(reference.columns))
    for table, col in zip(TABLES, st.columns(3), strict=True):
        label = sv.table_label(table)
        col.download_button(t("template.button", table=label), sv.template_csv(table),
                            f"{table}_template.csv", "text/csv", icon=":material/download:")
        col.download_button(t("template.button_zh", table=label), sv.template_csv(table, True),
                            f"{table}_template_zh.csv", "text/csv", icon=":material/download:")
        col.download_button(t("template.sample", table=label), partial(sv.sample_csv, table),
                            f"{sv.SAMPLE_STORE}_{table}.csv", "text/csv",
                            icon=":material/download:")


with import_tab:
    limits = ImportLimits.from_settings(settings)
    server_mb = int(st.get_option("server.maxUploadSize"))
    max_mb = min(settings.import_max_mb, server_mb)
    if summary := st.session_state.pop(SUMMARY_KEY, None):
        counts = ", ".join(t("import.count", n=f"{n:,}", table=sv.table_label(table).lower())
                           for table, n in summary.counts.items())
        st.success(t("import.done", store=md(summary.name), counts=counts),
                   icon=":material/check_circle:")
        for note in summary.notes:
            st.text(t("check.note", note=note))
    st.markdown(t("import.intro"))
    st.caption(t("import.limit_cli", mb=max_mb, max=settings.import_max_mb)
               if max_mb < settings.import_max_mb else t("import.limit", mb=max_mb))
    with st.expander(t("import.templates")):
        _templates()
    name = st.text_input(t("import.name"), key="store_import_name", max_chars=64,
                         placeholder=t("import.name_placeholder")).strip()
    nonce = st.session_state.get(NONCE_KEY, 0)
    files = {table: col.file_uploader(sv.table_label(table), type=["csv", "xlsx"],
                                      max_upload_size=max_mb,
                                      key=f"store_upload_{table}_{nonce}")
             for table, col in zip(TABLES, st.columns(3), strict=True)}
    ready = all(files.values())
    fingerprint = tuple(f.file_id for f in files.values() if f is not None)
    if st.button(t("check.button"), icon=":material/fact_check:", disabled=not ready,
                 help=None if ready else t("check.help")):
        with st.spinner(t("check.spinner")):
            try:
                st.session_state[CHECK_KEY] = (fingerprint,
                                               sv.check_uploads(_read(files), limits))
            except Exception:  # a bug, not bad input (that is a CheckResult): log, never a trace
                log.exception("checking uploaded store files failed")
                st.session_state.pop(CHECK_KEY, None)
                st.error(t("check.bug"))
    checked = st.session_state.get(CHECK_KEY)
    if ready and checked and checked[0] == fingerprint:
        _show_check(checked[1], name, files, limits)


# --- Dashboard ---------------------------------------------------------------------------

with dashboard_tab:
    if names:
        chosen = persistent_selectbox(t("store.select"), names, DASHBOARD_KEY)
        try:
            sv.render_dashboard(chosen, store_metrics)
        except Exception:  # never a traceback on the page: log it, say so
            log.exception("store dashboard failed")
            st.error(t("dash.failed"))
    else:
        st.info(t("dash.empty"), icon=":material/info:")
