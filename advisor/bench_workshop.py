"""The workshop part of `make bench` (DESIGN §13): 30 participants at once, each in its own
workspace, asking through the library path the app uses (advisor.workspaces.access), every
turn recorded; and 30 simultaneous first questions on a just-imported store."""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from advisor.advisor import Advisor
    from advisor.models import Answer, Turn
    from advisor.store.db import StoreDB
    from advisor.store.schema import StoreData
    from advisor.workspaces.model import Workspace
    from advisor.workspaces.registry import Workshops

PARTICIPANTS = 30
QUESTIONS_EACH = 10
SHARED_STORE = "demo-cosmetics"
# A workshop's mix: general questions in both languages, the shared scenario store, the
# participant's own store, and follow-ups (asked with the conversation so far, as the app does).
# Each participant names its own product, so no two participants send the same text.
SCRIPT = (
    ("We sell {en}. Should I host our live streams myself?", None),
    ("Was the celebrity session worth the fee for our {en}?", "shared"),
    ("why?", "shared"),
    ("我们卖{zh}，直播观看人数很多但是订单很少，为什么？", None),
    ("Who should host our {en} streams, me or a professional?", "own"),
    ("How much {en} did we sell last month?", "own"),
    ("Is it ok to do dance challenges to get more viewers for {en}?", None),
    ("卖{zh}的话，我们店谁来播最好？", "shared"),
    ("How do I get old customers to buy our {en} again?", "own"),
    ("Which products sold best?", "shared"),
)
PRODUCTS = (("tea", "茶叶"), ("chili sauce", "辣椒酱"), ("lipstick", "口红"), ("sofas", "沙发"),
            ("honey", "蜂蜜"), ("sneakers", "运动鞋"), ("durian cakes", "榴莲饼"),
            ("face masks", "面膜"), ("dresses", "连衣裙"), ("rice", "大米"))
BUDGETS = {"workshop_p95_ms": 1000.0, "first_question_burst_ratio": 3.0}


def workshop_timings(data_dir: Path) -> dict[str, float]:
    from advisor import Settings, build_advisor
    from advisor.store.db import StoreDB
    from advisor.store.demo import generate_demo_store
    from advisor.workspaces.access import open_workshops

    settings = Settings.from_env(data_dir=data_dir)
    advisor = build_advisor(settings)
    advisor.warm_up(many_sessions=True)  # as the app does
    local = StoreDB.from_settings(settings)
    data = generate_demo_store(SHARED_STORE)
    local.replace_store(SHARED_STORE, data, source="demo")
    registry = open_workshops(settings)
    created = registry.create("bench", [SHARED_STORE], local)
    people = [registry.workspace(registry.join(created.join_code, f"P{i}").token)
              for i in range(PARTICIPANTS)]
    for i, person in enumerate(people):  # each has imported a store of its own
        local.within(person.scope).replace_store("own", own_store(data, i), source="upload")
    ask_script(advisor, registry, people[0], 0)  # warm: lazy parts and the shared store
    for person in people:  # the Store page computes a store's metrics right after import
        assert advisor.stores is not None
        advisor.stores.metrics(local.within(person.scope).key_of("own"))
    latencies: list[float] = []
    lock = threading.Lock()

    def participant(i: int) -> None:
        mine = ask_script(advisor, registry, people[i], i)
        with lock:
            latencies.extend(mine)

    batches = len(advisor.retriever._queries.batch_sizes)
    start = time.perf_counter()
    with ThreadPoolExecutor(PARTICIPANTS) as pool:
        list(pool.map(participant, range(PARTICIPANTS)))
    wall = time.perf_counter() - start
    recorded = registry.show("bench", created.trainer_key).questions
    sizes = advisor.retriever._queries.batch_sizes[batches:]
    return {"workshop_asks": float(len(latencies)), "workshop_wall_s": wall,
            "workshop_mean_query_batch": statistics.mean(sizes),
            "workshop_p50_ms": statistics.median(latencies),
            "workshop_p95_ms": _percentile(latencies, 95),
            "workshop_recorded_turns": float(recorded),
            **first_question_burst(advisor, local, data)}


def own_store(data: StoreData, i: int) -> StoreData:
    """A participant's own store: a different run of the demo's sessions and their orders."""
    from advisor.store.schema import StoreData

    sessions = data.live_sessions.iloc[i % 20:i % 20 + 24]
    orders = data.orders[data.orders["session_id"].isin(sessions["session_id"])
                         | data.orders["session_id"].isna()]
    return StoreData(data.products, sessions, orders, currency=data.currency)


def ask_script(advisor: Advisor, registry: Workshops, person: Workspace,
               i: int) -> list[float]:
    """One participant's ten questions in order, with history; each one's latency in ms."""
    from advisor.workspaces.access import ask_in_workspace

    history: list[Turn] = []
    samples = []
    en, zh = PRODUCTS[i % len(PRODUCTS)]
    suffix = "" if i < len(PRODUCTS) else f" ({i // len(PRODUCTS) + 1})"
    for template, which in SCRIPT:
        question = template.format(en=en, zh=zh) + (suffix if "{" in template else "")
        store = {"shared": SHARED_STORE, "own": "own"}.get(which or "")
        start = time.perf_counter()
        answer = ask_in_workspace(advisor, person, question, store=store,
                                  history=history[-10:], workshops=registry)
        samples.append((time.perf_counter() - start) * 1000)
        history += _turns(question, answer)
    return samples


def first_question_burst(advisor: Advisor, local: StoreDB, data: StoreData) -> dict[str, float]:
    """One first question on a just-imported store, then thirty at once on another."""
    from advisor.workspaces.access import ask_in_workspace
    from advisor.workspaces.model import LOCAL_WORKSPACE

    question = "Who should host our streams, me or a professional?"
    local.replace_store("scenario-one", data, source="upload")
    start = time.perf_counter()
    ask_in_workspace(advisor, LOCAL_WORKSPACE, question, store="scenario-one")
    one = time.perf_counter() - start
    local.replace_store("scenario-burst", data, source="upload")
    start = time.perf_counter()
    with ThreadPoolExecutor(PARTICIPANTS) as pool:
        list(pool.map(lambda _: ask_in_workspace(advisor, LOCAL_WORKSPACE, question,
                                                 store="scenario-burst"),
                      range(PARTICIPANTS)))
    burst = time.perf_counter() - start
    return {"first_question_one_s": one, "first_question_burst_s": burst,
            "first_question_burst_ratio": burst / one}


def _turns(question: str, answer: Answer) -> list[Turn]:
    from advisor.models import Turn

    return [Turn("user", question), Turn("assistant", answer.text, answer.topic)]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))]


if __name__ == "__main__":
    import tempfile
    from pathlib import Path as _Path

    with tempfile.TemporaryDirectory(prefix="advisor-bench-ws-") as tmp:
        for name, value in workshop_timings(_Path(tmp)).items():
            print(f"{name}: {value:.2f}")
