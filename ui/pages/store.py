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
from ui.resources import get_store_db, store_metrics

log = logging.getLogger(__name__)
FLASH_KEY = "store_flash"  # one success message to show after a rerun
CHECK_KEY = "store_check"  # (upload fingerprint, CheckResult) of the last "Check files"
SUMMARY_KEY = "store_import_summary"
NONCE_KEY = "store_upload_nonce"  # bumped after an import to empty the uploaders
DELETE_KEY = "store_delete_pending"
DASHBOARD_KEY = "store_dashboard"
TABS = ("Dashboard", "Your stores", "Import a store")

settings = Settings.from_env()
db = get_store_db()
stores = db.list_stores()
names = [s.name for s in stores]

st.title("Store")
st.caption("Your shop's own numbers — products, live sessions and orders — computed with one "
           "definition each. Pick a store in the chat's sidebar to bring them into answers.")
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash, icon=":material/check_circle:")
dashboard_tab, stores_tab, import_tab = st.tabs(TABS, default=TABS[0] if names else TABS[1])


# --- Your stores -------------------------------------------------------------------------

def _delete(name: str) -> None:
    st.session_state.pop(DELETE_KEY, None)
    if db.delete(name):
        st.session_state[FLASH_KEY] = f"Deleted store {md(name)}."


def _install_demo() -> None:
    with st.status("Installing the demo stores…", expanded=True) as status:
        bar = st.progress(0.0)

        def step(i: int, name: str) -> None:
            st.write(f"Generating and storing {md(name)}…")
            bar.progress(i / len(DEMO_STORES))

        try:
            infos = install_demo_stores(db, on_store=step)
        except StoreConflict as exc:
            status.update(label="Demo stores not installed", state="error")
            st.error(f"Nothing was installed: {md(exc)}.")
            return
        bar.progress(1.0)
        status.update(label="Demo stores installed", state="complete")
    st.session_state[FLASH_KEY] = ("Installed the demo stores: "
                                   + ", ".join(md(i.name) for i in infos) + ".")
    st.session_state.setdefault(DASHBOARD_KEY, infos[0].name)
    st.rerun()


with stores_tab:
    if stores:
        st.dataframe(sv.stores_frame(stores), hide_index=True, column_config={
            col: st.column_config.NumberColumn(format="%,d")
            for col in ("products", "live sessions", "orders")})
    else:
        st.info("No stores yet: install the demo stores below, or import your own files in "
                "the *Import a store* tab.", icon=":material/info:")
    if st.button("Install demo stores", icon=":material/storefront:",
                 help="Three generated shops (home furnishing, chili sauce, cosmetics) that "
                      "tell typical stories: a costly celebrity session, off-topic segments, "
                      "an owner who converts best. Re-installing replaces them; a store of "
                      "yours with a demo store's name is never replaced."):
        _install_demo()
    st.caption("Demo stores (read-only): " + "; ".join(md(n) for n in DEMO_STORES) + ".")
    if stores:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        target = left.selectbox("Delete a store", names, key="store_delete_choice")
        if right.button("Delete…", icon=":material/delete:"):
            st.session_state[DELETE_KEY] = target
        pending = st.session_state.get(DELETE_KEY)
        if pending in names:
            st.warning(f"Delete store {md(pending)} with all its products, sessions and orders? "
                       "This cannot be undone.", icon=":material/warning:")
            yes, no = st.columns(2)
            yes.button("Yes, delete it", type="primary", on_click=_delete, args=(pending,))
            no.button("Cancel", on_click=st.session_state.pop, args=(DELETE_KEY, None))


# --- Import a store ----------------------------------------------------------------------

def _show_issues(issues, more: int) -> None:
    st.dataframe(issues, hide_index=True, column_config={
        "row": st.column_config.NumberColumn("row", format="%d",
                                             help="Spreadsheet row; the header is row 1."),
        "problem": st.column_config.TextColumn("problem", width="large")})
    if more:
        st.caption(f"… and {more:,} more.")


def _problems(n: int) -> str:
    return f"{n:,} problem{'s' if n != 1 else ''}"


def _import(name: str, uploads: dict[str, sv.Upload], limits: ImportLimits) -> None:
    size = sum(len(content) for _, content in uploads.values()) / 1024 / 1024
    with st.status(f"Importing store {md(name)}…", expanded=True) as status:
        st.write(f"Reading and validating {size:.1f} MB, then writing it in one transaction…")
        try:
            summary = sv.import_uploads(db, name, uploads, limits)
        except StoreImportError as exc:
            status.update(label="Import failed: nothing was written", state="error")
            st.error(f"{_problems(exc.total)}. The store keeps its previous data.")
            _show_issues(sv.issues_frame(exc.issues), exc.total - len(exc.issues))
            return
        except ValueError as exc:  # the name: invalid, a lookalike, a demo store
            status.update(label="Import failed: nothing was written", state="error")
            st.error(f"Nothing was written: {md(exc)}.")
            return
        except Exception:
            log.exception("store import failed")
            status.update(label="Import failed: nothing was written", state="error")
            st.error("Something went wrong while writing; the store keeps its previous data.")
            return
        status.update(label=f"Imported store {md(name)}", state="complete")
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
        st.error(f"{_problems(result.total)} found. Nothing was written; fix the files and "
                 "check again.", icon=":material/error:")
        _show_issues(result.issues, result.more)
        return
    st.success("The files are valid. Look over the preview, then confirm the import.",
               icon=":material/check_circle:")
    st.dataframe({"table": [sv.TABLE_LABELS[t] for t in TABLES],
                  "file": [result.files[t] for t in TABLES],
                  "read as": [result.encodings.get(result.files[t], "") for t in TABLES],
                  "rows": [result.rows[t] for t in TABLES]}, hide_index=True)
    for note in result.notes:
        st.text(f"Note: {note}")
    for table in TABLES:
        st.markdown(f"**{sv.TABLE_LABELS[table]}** — first {sv.PREVIEW_ROWS} rows")
        st.dataframe(result.previews[table], hide_index=True, placeholder="")
    problem = sv.name_problem(db, name)
    bad_name = problem is not None
    if bad_name:
        st.warning(f"Store name: {md(problem)}." if name
                   else "Enter a store name above to import.", icon=":material/edit:")
    elif name in names:
        st.info(f"A store named {md(name)} exists: confirming replaces its data in one step.")
    if st.button("Confirm import", type="primary", disabled=bad_name):
        _import(name, _read(files), limits)


def _templates() -> None:
    st.dataframe(sv.columns_reference(), hide_index=True)
    for table, col in zip(TABLES, st.columns(3), strict=True):
        label = sv.TABLE_LABELS[table]
        col.download_button(f"{label} template", sv.template_csv(table),
                            f"{table}_template.csv", "text/csv", icon=":material/download:")
        col.download_button(f"{label} template (中文表头)", sv.template_csv(table, True),
                            f"{table}_template_zh.csv", "text/csv", icon=":material/download:")
        col.download_button(f"{label} sample", partial(sv.sample_csv, table),
                            f"{sv.SAMPLE_STORE}_{table}.csv", "text/csv",
                            icon=":material/download:")


with import_tab:
    limits = ImportLimits.from_settings(settings)
    server_mb = int(st.get_option("server.maxUploadSize"))
    max_mb = min(settings.import_max_mb, server_mb)
    if summary := st.session_state.pop(SUMMARY_KEY, None):
        st.success(f"Imported store {md(summary.name)}: " + ", ".join(
            f"{n:,} {sv.TABLE_LABELS[t].lower()}" for t, n in summary.counts.items())
            + ". See it in the Dashboard tab.", icon=":material/check_circle:")
        for note in summary.notes:
            st.text(f"Note: {note}")
    st.markdown("Upload your **products**, **live sessions** and **orders** as CSV (UTF-8, "
                "UTF-8 with BOM or GB18030/GBK) or .xlsx, with English or Chinese headers.")
    st.caption(f"Up to {max_mb} MB per file"
               + (f" (the web upload limit; larger files up to {settings.import_max_mb} MB "
                  "import with `advisor store import`)" if max_mb < settings.import_max_mb
                  else "") + ". Nothing is written until you confirm. An import is one "
               "transaction: if anything fails, the store keeps its previous data.")
    with st.expander("Which columns? Templates and sample files"):
        _templates()
    name = st.text_input("Store name", key="store_import_name", max_chars=64,
                         placeholder="e.g. my-shop (letters, digits, - and _)").strip()
    nonce = st.session_state.get(NONCE_KEY, 0)
    files = {t: col.file_uploader(sv.TABLE_LABELS[t], type=["csv", "xlsx"],
                                  max_upload_size=max_mb, key=f"store_upload_{t}_{nonce}")
             for t, col in zip(TABLES, st.columns(3), strict=True)}
    ready = all(files.values())
    fingerprint = tuple(f.file_id for f in files.values() if f is not None)
    if st.button("Check files", icon=":material/fact_check:", disabled=not ready,
                 help=None if ready else "Upload all three files first."):
        with st.spinner("Reading and checking the files…"):
            try:
                st.session_state[CHECK_KEY] = (fingerprint,
                                               sv.check_uploads(_read(files), limits))
            except Exception:  # a bug, not bad input (that is a CheckResult): log, never a trace
                log.exception("checking uploaded store files failed")
                st.session_state.pop(CHECK_KEY, None)
                st.error("Something went wrong while checking the files; nothing was written.")
    checked = st.session_state.get(CHECK_KEY)
    if ready and checked and checked[0] == fingerprint:
        _show_check(checked[1], name, files, limits)


# --- Dashboard ---------------------------------------------------------------------------

with dashboard_tab:
    if names:
        chosen = persistent_selectbox("Store", names, DASHBOARD_KEY)
        try:
            sv.render_dashboard(chosen, store_metrics)
        except Exception:  # never a traceback on the page: log it, say so
            log.exception("store dashboard failed")
            st.error("Sorry, this store's dashboard could not be shown.")
    else:
        st.info("No stores yet. Install the demo stores in *Your stores*, or import your own "
                "files in *Import a store*.", icon=":material/info:")
