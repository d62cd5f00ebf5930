"""`advisor workshop …` and `--workspace` on ask, store and plan-check, in process, on the real
model, Chroma and SQLite: isolation across workspaces, read-only shared stores, wrong keys,
every question recorded, and the transcript in its three formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from advisor import Advisor, Settings, build_advisor, cli
from advisor import advisor as advisor_module
from advisor.embeddings import MiniLMEmbedder
from advisor.models import Answer
from advisor.store.db import StoreDB, UnknownStore
from advisor.store.demo import generate_demo_store
from advisor.store.schema import StoreData
from advisor.workspaces.access import ask_in_workspace, open_workshops

pytestmark = pytest.mark.integration
FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "store" / "fixtures" / "good"


@pytest.fixture(scope="module")
def module_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workshop-cli")


@pytest.fixture(scope="module")
def module_advisor(module_dir: Path, real_embedder: MiniLMEmbedder) -> Advisor:
    """The real advisor on this module's data dir, with a demo store and a local store."""
    settings = Settings.from_env(env={}, data_dir=module_dir)
    data = generate_demo_store("demo-cosmetics")
    local = StoreDB.from_settings(settings)
    local.replace_store("demo-cosmetics", data, source="demo")
    local.replace_store("back-office", StoreData(data.products, data.live_sessions.head(6),
                                                 data.orders.head(300), data.currency))
    return build_advisor(settings, embedder_factory=lambda: real_embedder)


@pytest.fixture()
def env(module_dir: Path, module_advisor: Advisor,
        monkeypatch: pytest.MonkeyPatch) -> Advisor:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(module_dir))
    monkeypatch.delenv("ADVISOR_WORKSPACE", raising=False)
    monkeypatch.setattr(advisor_module, "build_advisor", lambda settings=None: module_advisor)
    return module_advisor


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _workshop(capsys: pytest.CaptureFixture[str], name: str) -> tuple[dict, dict, dict]:
    code, out, _ = _cli(capsys, "workshop", "create", name, "--scenario", "back-office",
                        "--json")
    assert code == 0
    created = json.loads(out)
    assert set(created) == {"workshop", "join_code", "trainer_key"}
    people = []
    for person in ("Ann", "Bo"):
        code, out, _ = _cli(capsys, "workshop", "join", created["join_code"], "--name",
                            person, "--json")
        assert code == 0
        people.append(json.loads(out))
    assert set(people[0]) == {"workshop", "participant", "token"}
    return created, people[0], people[1]


def _import(capsys: pytest.CaptureFixture[str], name: str, token: str) -> int:
    return _cli(capsys, "store", "import", name, "--workspace", token,
                "--products", str(FIXTURES / "products.csv"),
                "--sessions", str(FIXTURES / "live_sessions.csv"),
                "--orders", str(FIXTURES / "orders.csv"))[0]


def test_stores_are_isolated_across_workspaces_on_the_command_line(
        env: Advisor, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, ann, bo = _workshop(capsys, "CLI isolation")
    assert _import(capsys, "ann-shop", ann["token"]) == 0
    code, out, _ = _cli(capsys, "store", "list", "--workspace", ann["token"])
    assert code == 0 and "ann-shop" in out and "back-office" in out
    code, out, _ = _cli(capsys, "store", "list", "--workspace", bo["token"])
    assert "ann-shop" not in out and "demo-cosmetics" in out
    assert "ann-shop" not in _cli(capsys, "store", "list")[1]  # nor in the local workspace
    # Another's store is "unknown" exactly like one that does not exist.
    shown = _cli(capsys, "store", "show", "ann-shop", "--workspace", bo["token"])
    missing = _cli(capsys, "store", "show", "no-shop", "--workspace", bo["token"])
    assert shown[0] == missing[0] == 1
    assert shown[2].replace("ann-shop", "X") == missing[2].replace("no-shop", "X")
    assert _cli(capsys, "store", "delete", "ann-shop", "--workspace", bo["token"])[0] == 1
    code, _, err = _cli(capsys, "ask", "How are my streams doing?", "--store", "ann-shop",
                        "--workspace", bo["token"])
    assert code == 1 and "unknown store 'ann-shop'" in err and "back-office" in err
    # ADVISOR_WORKSPACE works like --workspace; the owner may delete its own store.
    monkeypatch.setenv("ADVISOR_WORKSPACE", ann["token"])
    assert _cli(capsys, "store", "show", "ann-shop")[0] == 0
    assert _cli(capsys, "store", "delete", "ann-shop")[0] == 0


def test_shared_stores_are_read_only_and_tokens_must_be_real(
        env: Advisor, capsys: pytest.CaptureFixture[str]) -> None:
    _, ann, _ = _workshop(capsys, "CLI read-only")
    for store in ("demo-cosmetics", "back-office"):
        code, _, err = _cli(capsys, "store", "delete", store, "--workspace", ann["token"])
        assert code == 1 and "read-only" in err
        assert _import(capsys, store, ann["token"]) == 1
    assert StoreDB.from_settings(Settings.from_env()).exists("back-office")
    code, _, err = _cli(capsys, "store", "list", "--workspace", "forged-token")
    assert code == 1 and "opens no workspace" in err


def test_every_question_is_recorded_and_the_transcript_exports(
        env: Advisor, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    created, ann, bo = _workshop(capsys, "CLI transcript")
    name, key = created["workshop"], created["trainer_key"]
    code, out, _ = _cli(capsys, "ask", "=Should I hire a professional host?", "--store",
                        "back-office", "--workspace", ann["token"], "--json")
    assert code == 0 and json.loads(out)["store"] == "back-office"
    assert _cli(capsys, "ask", "直播跑题怎么办？", "--workspace", bo["token"])[0] == 0
    assert _cli(capsys, "ask", "Is a celebrity worth it?")[0] == 0  # local: not recorded
    code, out, _ = _cli(capsys, "workshop", "transcript", name, "--trainer-key", key,
                        "--format", "json")
    turns = json.loads(out)["turns"]
    assert [(t["participant"], t["store"]) for t in turns] == [("Ann", "back-office"),
                                                               ("Bo", None)]
    assert turns[0]["sources"] and turns[0]["topic"] == "anchor" and turns[0]["answer"]
    code, out, _ = _cli(capsys, "workshop", "transcript", name, "--trainer-key", key,
                        "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["question"].startswith("'=")  # a spreadsheet never runs it
    assert rows[1]["question"] == "直播跑题怎么办？" and rows[1]["participant"] == "Bo"
    target = tmp_path / "t.md"
    assert _cli(capsys, "workshop", "transcript", name, "--trainer-key", key,
                "--out", str(target))[0] == 0
    text = target.read_text(encoding="utf-8")
    assert "# Workshop CLI transcript" in text and "直播跑题怎么办" in text and "Ann" in text
    code, _, err = _cli(capsys, "workshop", "transcript", name, "--trainer-key", "wrong")
    assert code == 1 and "trainer key" in err


def test_show_list_and_close(env: Advisor, capsys: pytest.CaptureFixture[str]) -> None:
    created, ann, _ = _workshop(capsys, "CLI close")
    name, key = created["workshop"], created["trainer_key"]
    code, out, _ = _cli(capsys, "workshop", "show", name, "--trainer-key", key, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["join_code"] == created["join_code"]
    assert [p["name"] for p in shown["people"]] == ["Ann", "Bo"]
    assert shown["scenarios"] == ["back-office"]
    code, out, _ = _cli(capsys, "workshop", "list", "--json")
    listed = {w["workshop"]: w for w in json.loads(out)}
    assert listed[name]["participants"] == 2 and "join_code" not in listed[name]
    assert _cli(capsys, "workshop", "show", name, "--trainer-key", "nope")[0] == 1
    assert _cli(capsys, "workshop", "close", name, "--trainer-key", "nope")[0] == 1
    assert _cli(capsys, "workshop", "close", name, "--trainer-key", key)[0] == 0
    code, _, err = _cli(capsys, "workshop", "join", created["join_code"], "--name", "Late")
    assert code == 1 and "closed" in err
    # Joined participants keep working after the close.
    assert _cli(capsys, "ask", "Should I host my own streams?", "--workspace",
                ann["token"])[0] == 0


def test_plan_check_in_a_workspace_reads_only_stores_it_sees(
        env: Advisor, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, ann, bo = _workshop(capsys, "CLI plan check")
    assert _import(capsys, "ann-plan", ann["token"]) == 0
    plan = tmp_path / "plan.txt"
    plan.write_text("Welcome and today's offers\nA dance contest\n", encoding="utf-8")
    code, out, _ = _cli(capsys, "plan-check", str(plan), "--store", "ann-plan", "--workspace",
                        ann["token"], "--json")
    assert code == 0 and json.loads(out)["store"] == "ann-plan"
    code, _, err = _cli(capsys, "plan-check", str(plan), "--store", "ann-plan",
                        "--workspace", bo["token"], "--json")
    assert code == 1 and "unknown store 'ann-plan'" in err


def test_a_recorded_answer_restores_whole(env: Advisor) -> None:
    settings = Settings.from_env()
    registry = open_workshops(settings)
    created = registry.create("Restore", ["back-office"])
    workspace = registry.workspace(registry.join(created.join_code, "Cy").token)
    answer = ask_in_workspace(env, workspace, "How much did we sell last month?",
                              store="back-office", workshops=registry)
    (turn,) = registry.turns(workspace)
    restored = Answer.from_dict(turn.payload)
    assert restored == answer and restored.facts and restored.facts[0].scope
    with pytest.raises(UnknownStore):
        other = registry.workspace(registry.join(created.join_code, "Di").token)
        ask_in_workspace(env, other, "How are we doing?", store=f"{workspace.id}:nothing")
