"""Plain data lookups on the hand-built store: a month's totals and the best-selling products."""

from __future__ import annotations

from advisor.evals.reference import from_store_data
from advisor.store.lookups import asked_month, asks_best_products, best_products, period_totals
from advisor.store.metrics import compute_metrics
from advisor.store.schema import StoreData


def test_months_and_best_products_are_read_from_sales_questions() -> None:
    assert asked_month("How much did we sell last month?") == "last"
    assert asked_month("What were our sales in March?") == "03"
    assert asked_month("我们上个月卖了多少？") == "last"
    assert asked_month("我们2月份的成交额是多少") == "02"
    assert asked_month("Should I stream in March?") is None  # not a sales question
    assert asks_best_products("Which products sold best?")
    assert asks_best_products("哪个商品卖得最好？")
    assert not asks_best_products("Which host is best?")


def test_last_month_is_the_last_full_month_of_the_data(tiny_store: StoreData) -> None:
    # The last order is on 2026-05-01, so May is not over: April is the last full month.
    (finding,) = period_totals(compute_metrics(tiny_store), tiny_store.orders, "last")
    assert finding.kind == "period_totals"
    assert finding.sentence == ("In 2026-04, the last full month of your data, your store took "
                                "4 orders from 3 buyers for ¥910.00 of GMV (refunds included).")
    assert {f.scope for f in finding.facts} == {"month:2026-04"}


def test_a_named_month_counts_refunded_orders_and_each_buyer_once(tiny_store: StoreData) -> None:
    (finding,) = period_totals(compute_metrics(tiny_store), tiny_store.orders, "03", "zh")
    values = {f.metric: f.value for f in finding.facts}
    assert values == {"gmv": 2120.0, "orders": 11, "buyers": 7}
    assert finding.sentence.startswith("2026-03 这个月，店铺共有 11 笔订单、7 位买家")
    (empty,) = period_totals(compute_metrics(tiny_store), tiny_store.orders, "09")
    assert empty.sentence == "Your store data has no orders in 2025-09."
    # The zero is a fact: it sources the month, so verification keeps the sentence.
    assert [(f.metric, f.value, f.scope) for f in empty.facts] == [("orders", 0, "month:2025-09")]


def test_less_than_a_month_of_data_reports_its_latest_month_as_not_over(
        tiny_store: StoreData) -> None:
    times = tiny_store.orders["order_time"]
    april = tiny_store.orders[(times.dt.month == 4) & (times.dt.day < 20)]
    short = StoreData(tiny_store.products, tiny_store.live_sessions, april, tiny_store.currency)
    (finding,) = period_totals(compute_metrics(short), april, "last")
    assert finding.sentence.startswith("Your data holds no full month yet; in 2026-04, its "
                                       "latest month (not over in your data), your store took "
                                       f"{len(april)} orders")
    assert {f.scope for f in finding.facts} == {"month:2026-04"}


def test_best_products_agree_with_the_independent_reference(tiny_store: StoreData) -> None:
    (finding,) = best_products(compute_metrics(tiny_store), tiny_store.orders,
                               tiny_store.products)
    reference = from_store_data(tiny_store)
    assert finding.kind == "best_products" and finding.facts
    for fact in finding.facts:
        assert fact.value == reference.scoped_value(fact.metric, fact.scope)
    gmv = next(f for f in finding.facts if f.metric == "gmv")
    assert gmv.value == 3140.0 and gmv.display in finding.sentence
