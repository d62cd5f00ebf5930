"""The independent metric reference: pinned by hand on a tiny store, then checked against the
code under test (advisor.store.metrics) on the demo stores and the eval stores.

The hand store is tests/unit/evals/reference_store/ (imported through the normal importer):

  products  P1 mug price 50 cost 20; P2 tea price 100 cost 40; P3 gift box price 200, no cost
  sessions  S1 03-01 20:00 owner         viewers 1,000 clicks 100 fee empty
            S2 03-10 20:00 celebrity     viewers 600   clicks 120 fee 2,500
            S3 03-20 19:00 staff         viewers 500   clicks -   fee 0
            S4 04-01 20:00 professional  viewers 2,000 clicks 300 fee 500
  orders    O1  A 02-15 P1 x1  50  off-live        (A has bought before S1: returning)
            O2  A 03-01 P1 x2 100  S1
            O3  B 03-01 P2 x1 100  S1 20:20        (B orders twice in S1)
            O4  B 03-01 P1 x1  50  S1 20:50
            O5  C 03-01 P2 x1 100  S1 refunded
            O6  D 03-10 P2 x3 300  S2
            O7  E 03-10 P3 x1 200  S2              (no cost: S2 has no margin)
            O8  C 03-10 P1 x1  50  S2              (C came back inside 60 days)
            O9  D 05-15 P1 x1  50  off-live        (day 66 after S2: outside 60 days)
            O10 A 03-20 P2 x1 100  S3
            O11 F 03-20 P1 x1  40  S3 refunded
            O12 G 04-01 P2 x2 180  S4
            O13 B 04-01 P2 x1 100  S4
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from advisor.evals.reference import Reference, format_value, from_store_data, reference_for
from advisor.store.db import StoreDB
from advisor.store.demo import DEMO_STORES, generate_demo_store
from advisor.store.importer import import_store
from advisor.store.metrics import StoreMetrics, compute_metrics, format_metric, group_metrics

HERE = Path(__file__).parent
HAND_STORE = HERE / "reference_store"
EVAL_STORES = Path(__file__).parents[3] / "evals" / "cases" / "stores"
ALL = ("S1", "S2", "S3", "S4")
REST = ("S1", "S3", "S4")


def _import(db: StoreDB, name: str, folder: Path) -> None:
    import_store(db, name, folder / "products.csv", folder / "live_sessions.csv",
                 folder / "orders.csv")


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> StoreDB:
    db = StoreDB(tmp_path_factory.mktemp("reference") / "stores.sqlite")
    _import(db, "hand", HAND_STORE)
    return db


@pytest.fixture(scope="module")
def ref(hand_db: StoreDB) -> Reference:
    return reference_for(hand_db, "hand")


# (metric, session ids, value by hand, display by hand)
HAND: list[tuple[str, tuple[str, ...], float | None, str]] = [
    # --- S1: O2 A 100, O3 B 100, O4 B 50, O5 C 100 (refunded) --------------------------------
    ("viewers", ("S1",), 1000, "1,000"),
    ("orders", ("S1",), 4, "4"),
    ("buyers", ("S1",), 3, "3"),                       # A, B, C (B twice counts once)
    ("gmv", ("S1",), 350.0, "¥350.00"),                # 100 + 100 + 50 + 100
    ("net_gmv", ("S1",), 250.0, "¥250.00"),            # 350 − 100 refunded
    ("conversion", ("S1",), 0.003, "0.3%"),            # 3 / 1000 (orders/viewers would be 0.4%)
    ("gpm", ("S1",), 350.0, "¥350.00"),                # 350 / 1000 × 1000
    ("aov", ("S1",), 87.5, "¥87.50"),                  # 350 / 4
    ("returning_buyers", ("S1",), 1, "1"),             # A (ordered 02-15)
    ("first_time_buyers", ("S1",), 2, "2"),            # B, C
    ("returning_buyer_share", ("S1",), 1 / 3, "33.3%"),
    ("repurchasing_new_buyers", ("S1",), 2, "2"),      # B (20:50, same session), C (03-10)
    ("new_buyer_repurchase_60d", ("S1",), 1.0, "100.0%"),
    ("refunded_orders", ("S1",), 1, "1"),
    ("refund_rate", ("S1",), 0.25, "25.0%"),           # 1 / 4
    ("fee", ("S1",), None, "n/a"),                     # empty fee
    ("fee_roi", ("S1",), None, "n/a"),
    ("click_rate", ("S1",), 0.1, "10.0%"),             # 100 / 1000
    ("margin", ("S1",), 150.0, "¥150.00"),             # (100−2×20) + (100−40) + (50−20)
    ("margin_after_fee", ("S1",), 150.0, "¥150.00"),   # empty fee counts as 0
    ("sessions", ("S1",), 1, "1"),
    # --- S2 celebrity: O6 D 300, O7 E 200 (no cost), O8 C 50 ---------------------------------
    ("gmv", ("S2",), 550.0, "¥550.00"),
    ("buyers", ("S2",), 3, "3"),
    ("conversion", ("S2",), 0.005, "0.5%"),            # 3 / 600
    ("gpm", ("S2",), 550 / 600 * 1000, "¥916.67"),
    ("aov", ("S2",), 550 / 3, "¥183.33"),
    ("returning_buyer_share", ("S2",), 1 / 3, "33.3%"),  # C (first order 03-01)
    ("new_buyer_repurchase_60d", ("S2",), 0.0, "0.0%"),  # D again on day 66, E never
    ("fee", ("S2",), 2500.0, "¥2,500"),
    ("fee_roi", ("S2",), 0.22, "0.22"),                # 550 / 2500
    ("click_rate", ("S2",), 0.2, "20.0%"),             # 120 / 600
    ("margin", ("S2",), None, "n/a"),                  # P3 has no cost
    ("margin_after_fee", ("S2",), None, "n/a"),
    # --- S3: O10 A 100, O11 F 40 (refunded); fee 0 ------------------------------------------
    ("gmv", ("S3",), 140.0, "¥140.00"),
    ("net_gmv", ("S3",), 100.0, "¥100.00"),
    ("conversion", ("S3",), 0.004, "0.4%"),            # 2 / 500
    ("returning_buyer_share", ("S3",), 0.5, "50.0%"),  # A of A, F
    ("refund_rate", ("S3",), 0.5, "50.0%"),
    ("fee", ("S3",), 0.0, "¥0.00"),
    ("fee_roi", ("S3",), None, "n/a"),                 # only where fee > 0
    ("click_rate", ("S3",), None, "n/a"),              # clicks not given
    ("margin", ("S3",), 60.0, "¥60.00"),               # 100 − 40; the refund is left out
    # --- S4: O12 G 2×P2 180, O13 B 100; fee 500 ---------------------------------------------
    ("gmv", ("S4",), 280.0, "¥280.00"),
    ("conversion", ("S4",), 0.001, "0.1%"),            # 2 / 2000
    ("returning_buyer_share", ("S4",), 0.5, "50.0%"),  # B
    ("fee_roi", ("S4",), 0.56, "0.56"),                # 280 / 500
    ("margin", ("S4",), 160.0, "¥160.00"),             # (180 − 2×40) + (100 − 40)
    ("margin_after_fee", ("S4",), -340.0, "-¥340.00"),  # 160 − 500
    # --- all four sessions as a group: totals ------------------------------------------------
    ("sessions", ALL, 4, "4"),
    ("viewers", ALL, 4100, "4,100"),
    ("gmv", ALL, 1320.0, "¥1,320"),                    # 350 + 550 + 140 + 280
    ("net_gmv", ALL, 1180.0, "¥1,180"),
    ("orders", ALL, 11, "11"),
    ("buyers", ALL, 10, "10"),                         # 3 + 3 + 2 + 2 (summed per session)
    ("conversion", ALL, 10 / 4100, "0.2%"),
    ("gpm", ALL, 1320 / 4100 * 1000, "¥321.95"),
    ("aov", ALL, 120.0, "¥120.00"),                    # 1320 / 11
    ("returning_buyer_share", ALL, 0.4, "40.0%"),      # (1 + 1 + 1 + 1) / 10
    ("new_buyer_repurchase_60d", ALL, 2 / 6, "33.3%"),  # (2 + 0 + 0 + 0) / (2 + 2 + 1 + 1)
    ("refund_rate", ALL, 2 / 11, "18.2%"),
    ("fee", ALL, 3000.0, "¥3,000"),                    # 2500 + 500 (empty and 0 left out)
    ("fee_roi", ALL, 830 / 3000, "0.28"),              # (550 + 280) / 3000
    ("click_rate", ALL, 520 / 3600, "14.4%"),          # sessions with clicks: S1, S2, S4
    ("margin", ALL, None, "n/a"),                      # S2 has no margin
    # --- the sessions without the celebrity: S1, S3, S4 -------------------------------------
    ("conversion", REST, 0.002, "0.2%"),               # 7 / 3500
    ("gpm", REST, 220.0, "¥220.00"),                   # 770 / 3500 × 1000
    ("returning_buyer_share", REST, 3 / 7, "42.9%"),
    ("new_buyer_repurchase_60d", REST, 0.5, "50.0%"),  # 2 / 4
    ("fee", REST, 500.0, "¥500.00"),
    ("fee_roi", REST, 0.56, "0.56"),
    ("margin", REST, 370.0, "¥370.00"),                # 150 + 60 + 160
    ("margin_after_fee", REST, -130.0, "-¥130.00"),    # 370 − 500
    # --- store level: every order, any channel (O1 … O13) ----------------------------------
    ("gmv", (), 1420.0, "¥1,420"),
    ("net_gmv", (), 1280.0, "¥1,280"),                 # 1420 − 100 − 40
    ("orders", (), 13, "13"),
    ("customers", (), 7, "7"),                         # A … G
    ("repurchase_rate", (), 4 / 7, "57.1%"),           # A 3, B 3, C 2, D 2 orders
    ("refunded_orders", (), 2, "2"),
    ("refund_rate", (), 2 / 13, "15.4%"),
    ("aov", (), 1420 / 13, "¥109.23"),
    ("live_gmv", (), 1320.0, "¥1,320"),
    ("live_orders", (), 11, "11"),
    ("live_gmv_share", (), 1320 / 1420, "93.0%"),
    ("live_gmv_share", ALL, 1320 / 1420, "93.0%"),     # all sessions named = the store
    ("sessions", (), 4, "4"),
    ("viewers", (), 4100, "4,100"),
    ("buyers", (), 10, "10"),
    ("conversion", (), 10 / 4100, "0.2%"),
    ("gpm", (), 1320 / 4100 * 1000, "¥321.95"),
    ("fee", (), 3000.0, "¥3,000"),
    ("fee_roi", (), 830 / 3000, "0.28"),
    ("margin", (), None, "n/a"),                       # O7's gift box has no cost
    ("margin_after_fee", (), None, "n/a"),
]


@pytest.mark.parametrize(("metric", "ids", "value", "display"), HAND,
                         ids=[f"{m}-{'+'.join(i) or 'store'}" for m, i, _, _ in HAND])
def test_reference_matches_the_hand_computation(ref: Reference, metric: str,
                                                ids: tuple[str, ...], value: float | None,
                                                display: str) -> None:
    got = ref.value(metric, ids)
    if value is None:
        assert got is None
    else:
        assert got == pytest.approx(value, rel=1e-12)
    assert ref.display(metric, ids) == display


def test_every_metric_of_the_code_under_test_has_a_hand_value() -> None:
    from advisor.store.metrics import METRIC_DEFINITIONS

    scoped_only = {"units"}  # a product's or a month's total: SCOPED below
    assert set(METRIC_DEFINITIONS) - scoped_only <= {m for m, _, _, _ in HAND}
    assert scoped_only <= {m for m, _, _ in SCOPED}


# Totals over a month's or a product's orders, by hand from orders.csv.
SCOPED: list[tuple[str, str, float]] = [
    ("units", "sku:P1", 7),          # O1 1, O2 2, O4 1, O8 1, O9 1, O11 1
    ("gmv", "sku:P1", 340.0),        # 50 + 100 + 50 + 50 + 50 + 40 (refunds included)
    ("units", "sku:P2", 9),          # O3 1, O5 1, O6 3, O10 1, O12 2, O13 1
    ("gmv", "sku:P2", 880.0),        # 100 + 100 + 300 + 100 + 180 + 100
    ("orders", "month:2026-03", 9),  # O2..O8, O10, O11
    ("gmv", "month:2026-03", 1040.0),
    ("buyers", "month:2026-03", 6),  # A, B, C, D, E, F
]


@pytest.mark.parametrize(("metric", "scope", "value"), SCOPED)
def test_scoped_totals_equal_the_hand_values(ref: Reference, metric: str, scope: str,
                                             value: float) -> None:
    assert ref.scoped_value(metric, scope) == value


def test_unknown_scopes_and_metrics_are_lookup_errors(ref: Reference) -> None:
    with pytest.raises(LookupError):
        ref.scoped_value("gmv", "week:12")
    with pytest.raises(LookupError):
        ref.scoped_value("conversion", "sku:P1")


def test_session_rows_and_errors(ref: Reference) -> None:
    assert ref.session_date("S2") == "2026-03-10"
    assert ref.sessions["S2"].segments == ("tea tasting", "跳舞挑战")
    assert ref.anchor_types(["S1", "S4"]) == {"owner", "professional"}
    with pytest.raises(LookupError):
        ref.value("conversion", ["S9"])
    with pytest.raises(LookupError):
        ref.value("repurchase_rate", ["S1", "S2"])  # store-only, not for a subset
    with pytest.raises(LookupError):
        ref.value("no_such_metric")


@pytest.mark.parametrize(("metric", "value", "shown"), [
    ("conversion", 0.0214, "2.1%"), ("gmv", 12345.4, "¥12,345"), ("gmv", 86.4, "¥86.40"),
    ("aov", 999.996, "¥1,000"), ("margin_after_fee", -1234.5, "-¥1,234"),
    ("margin", -0.001, "¥0.00"), ("fee_roi", 5.5, "5.50"), ("viewers", 48000, "48,000"),
    ("orders", 3.0, "3"), ("gpm", None, "n/a"), ("conversion", math.nan, "n/a"),
])
def test_display_rules(metric: str, value: float | None, shown: str) -> None:
    assert format_value(metric, value) == shown


def test_the_reference_is_cached_until_reimport(hand_db: StoreDB, ref: Reference) -> None:
    assert reference_for(hand_db, "hand") is ref
    _import(hand_db, "hand2", HAND_STORE)
    first = reference_for(hand_db, "hand2")
    _import(hand_db, "hand2", HAND_STORE)
    assert reference_for(hand_db, "hand2") is not first


# --- the reference against the code under test --------------------------------------------

def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _cell(value: object) -> float | None:
    import pandas as pd

    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def disagreements(metrics: StoreMetrics, ref: Reference) -> list[str]:
    """Every per-session, per-group and store-level number where the two differ."""
    import pandas as pd

    out: list[str] = []

    def compare(metric: str, ids: list[str], value: object) -> None:
        want = ref.value(metric, ids)
        got = _cell(value)
        if not _same(got, want):
            out.append(f"{metric} {ids[:3]}: metrics {got!r}, reference {want!r}")
        elif format_metric(metric, got, metrics.currency) != ref.format(metric, got):
            # the same number through both formatters (sums in another order may land on
            # the other side of a rounding tie, so each formats the metrics' value)
            out.append(f"{metric} {ids[:3]}: display {format_metric(metric, got)!r} vs "
                       f"{ref.format(metric, got)!r}")

    sessions = metrics.sessions
    skip = {"date", "anchor", "anchor_type", "duration_min", "segments", "featured_skus"}
    for sid, row in sessions.iterrows():
        for metric, value in row.items():
            if metric not in skip:
                compare(str(metric), [str(sid)], value)
    for key in ("anchor_type", "celebrity"):
        labels = sessions["anchor_type"] if key == "anchor_type" else (
            sessions["anchor_type"].eq("celebrity").map({True: "celebrity", False: "rest"}))
        for label, row in group_metrics(sessions, labels).iterrows():
            ids = [str(i) for i in sessions.index[labels == label]]
            if len(ids) > 1:  # one session alone keeps its own (possibly empty) fee
                for metric, value in row.items():
                    compare(str(metric), ids, value)
    whole = group_metrics(sessions, pd.Series("all", index=sessions.index)).iloc[0]
    for metric, value in whole.items():
        if len(sessions) > 1:
            compare(str(metric), [str(i) for i in sessions.index], value)
    for metric, value in metrics.store.items():
        if metric not in ("first_date", "last_date"):
            compare(metric, [], value)
    return out


@pytest.mark.parametrize("name", sorted(DEMO_STORES))
def test_reference_agrees_with_the_metrics_on_demo_stores(name: str) -> None:
    data = generate_demo_store(name)
    assert disagreements(compute_metrics(data), from_store_data(data)) == []


def _eval_store_dirs() -> list[Path]:
    return sorted(p for p in EVAL_STORES.iterdir() if (p / "orders.csv").is_file())


@pytest.mark.parametrize("folder", [*_eval_store_dirs(), HAND_STORE], ids=lambda p: p.name)
def test_reference_agrees_with_the_metrics_on_eval_stores(folder: Path,
                                                          tmp_path: Path) -> None:
    db = StoreDB(tmp_path / "stores.sqlite")
    _import(db, "store", folder)
    assert disagreements(compute_metrics(db.load("store")), reference_for(db, "store")) == []
