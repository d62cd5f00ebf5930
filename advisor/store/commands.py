"""`advisor store ...` subcommands: import, list, show, delete (wired up in advisor/cli.py).

Each takes parsed arguments and Settings and returns the exit status: 0 on success,
1 on bad input (the problems on stderr, one line each).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from advisor.settings import Settings
from advisor.store.db import StoreConflict, StoreDB, UnknownStore
from advisor.store.importer import import_store
from advisor.store.reader import ImportLimits, StoreImportError
from advisor.store.schema import StoreData


def _stores(args: argparse.Namespace, settings: Settings) -> StoreDB:
    """The stores as the chosen workspace sees them (--workspace, ADVISOR_WORKSPACE, else
    the local workspace)."""
    from advisor.workspaces.access import open_workspace, workspace_stores

    token = getattr(args, "workspace", None) or settings.workspace
    return workspace_stores(settings, open_workspace(settings, token))


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    db = _stores(args, settings)
    try:
        summary = import_store(db, args.name, args.products, args.sessions, args.orders,
                               ImportLimits.from_settings(settings))
    except StoreImportError as exc:
        print_import_error(exc, sys.stderr)
        return 1
    print(summary.describe())
    return 0


def print_import_error(exc: StoreImportError, out: TextIO) -> None:
    """One line per problem, then a count of the ones left out."""
    print(f"error: import failed, nothing was written ({exc.total} problem"
          f"{'s' if exc.total != 1 else ''}):", file=out)
    for issue in exc.issues:
        print(str(issue), file=out)
    if exc.total > len(exc.issues):
        print(f"... and {exc.total - len(exc.issues)} more", file=out)


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    stores = _stores(args, settings).list_stores()
    if not stores:
        print("no stores yet: run `advisor store import NAME --products F --sessions F "
              "--orders F` or `advisor demo install`")
        return 0
    rows = [[s.name, f"{s.products:,}", f"{s.sessions:,}", f"{s.orders:,}", s.imported_at,
             s.source] for s in stores]
    print(format_table(["store", "products", "sessions", "orders", "imported", "source"], rows,
                       right=(1, 2, 3)))
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    db = _stores(args, settings)
    try:
        info, data = db.info(args.name), db.load(args.name)
    except UnknownStore as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    customers = data.orders["customer_id"].nunique()
    rows = [["products", f"{info.products:,}"], ["live sessions", f"{info.sessions:,}"],
            ["orders", f"{info.orders:,}"], ["customers", f"{customers:,}"],
            ["sessions from", _day(data.live_sessions["date"].min())],
            ["sessions to", _day(data.live_sessions["date"].max())],
            ["orders from", _day(data.orders["order_time"].min())],
            ["orders to", _day(data.orders["order_time"].max())]]
    rows += headline_metrics(data)
    print(f"store {info.name} (imported {info.imported_at} from {info.source or '-'})")
    print(format_table(["", "value"], rows, right=(1,)))
    return 0


HEADLINES = ("gmv", "net_gmv", "live_gmv", "live_gmv_share", "viewers", "conversion", "gpm",
             "refund_rate", "repurchase_rate")


def headline_metrics(data: StoreData) -> list[list[str]]:
    """The store-level metrics (DESIGN §5), when the metrics module is available."""
    try:
        from advisor.store.metrics import compute_metrics, format_metric
    except ImportError:  # pragma: no cover - metrics land separately
        return []
    store: dict[str, Any] = compute_metrics(data).store
    return [[name, format_metric(name, store[name], data.currency)]
            for name in HEADLINES if name in store]


def cmd_delete(args: argparse.Namespace, settings: Settings) -> int:
    db = _stores(args, settings)
    if not db.delete(args.name):
        print(f"error: {UnknownStore(args.name, db.names())}", file=sys.stderr)
        return 1
    print(f"deleted store {args.name!r}")
    return 0


def _day(value: Any) -> str:
    return "-" if value is None or value != value else str(value)[:10]


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]],
                 right: Sequence[int] = ()) -> str:
    """A plain-text table with aligned columns (numbers right-aligned)."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]),
                      *(line(r) for r in rows)])


def cmd_demo_install(args: argparse.Namespace, settings: Settings) -> int:
    """Generate the bundled demo stores and store each one (replacing an earlier demo copy;
    a store of the user's with a demo name only with --force: exit 1 with the reason)."""
    from advisor.store.demo import DEMO_STORES, install_demo_stores

    db = StoreDB.from_settings(settings)
    try:
        infos = install_demo_stores(db, force=bool(getattr(args, "force", False)))
    except StoreConflict as exc:
        print(f"error: {exc}; no demo store was installed", file=sys.stderr)
        return 1
    for info in infos:
        print(f"{info.name}: {info.products} products, {info.sessions} sessions, "
              f"{info.orders:,} orders — {DEMO_STORES[info.name]}")
    return 0
