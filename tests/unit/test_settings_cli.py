"""Settings from the environment, and the CLI's parsing and batch mode (no real advisor)."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import advisor.advisor as advisor_module
from advisor import cli
from advisor.models import Answer, Citation, StoreFact, Turn
from advisor.settings import Settings

# --- Settings ------------------------------------------------------------------------------


def test_defaults_without_env() -> None:
    s = Settings.from_env({})
    assert s == Settings()
    assert s.top_k == 3
    assert s.data_dir == Path("data")
    assert s.chroma_dir == Path("data") / "chroma"
    assert s.chroma_url is None
    assert (s.knowledge_dir / "guidance").is_dir()


def test_from_env_reads_typed_values() -> None:
    s = Settings.from_env({
        "ADVISOR_DATA_DIR": "/tmp/advisor-x",
        "ADVISOR_TOP_K": "5",
        "ADVISOR_LOW_CONFIDENCE": "0.3",
        "ADVISOR_KNOWLEDGE_DIR": "kb",
        "ADVISOR_CHROMA_URL": "http://chroma:8000",
        "ADVISOR_EMBEDDING_BACKEND": "hashing",
        "UNRELATED": "x",
    })
    assert s.data_dir == Path("/tmp/advisor-x")
    assert isinstance(s.data_dir, Path)
    assert s.chroma_dir == Path("/tmp/advisor-x/chroma")
    assert s.top_k == 5
    assert isinstance(s.top_k, int)
    assert s.low_confidence == pytest.approx(0.3)
    assert isinstance(s.low_confidence, float)
    assert s.knowledge_dir == Path("kb")
    assert s.chroma_url == "http://chroma:8000"
    assert s.embedding_backend == "hashing"


def test_from_env_defaults_to_os_environ(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ADVISOR_TOP_K", "4")
    s = Settings.from_env()
    assert s.data_dir == tmp_path
    assert s.top_k == 4


def test_empty_env_value_means_default() -> None:
    assert Settings.from_env({"ADVISOR_TOP_K": "", "ADVISOR_DATA_DIR": ""}) == Settings()


def test_overrides_win_over_env() -> None:
    env = {"ADVISOR_TOP_K": "5", "ADVISOR_DATA_DIR": "/env"}
    s = Settings.from_env(env, top_k=7, data_dir=Path("/override"))
    assert s.top_k == 7
    assert s.data_dir == Path("/override")
    # Env still applies where there is no override.
    assert Settings.from_env(env, composer="grounded").top_k == 5


@pytest.mark.parametrize(
    ("name", "raw", "kind"),
    [("ADVISOR_TOP_K", "three", "int"), ("ADVISOR_TOP_K", "2.5", "int"),
     ("ADVISOR_LOW_CONFIDENCE", "high", "float")],
)
def test_bad_number_names_the_variable(name: str, raw: str, kind: str) -> None:
    with pytest.raises(ValueError) as info:
        Settings.from_env({name: raw})
    assert str(info.value) == f"{name}={raw!r} is not a valid {kind}"


def test_unknown_override_is_rejected() -> None:
    with pytest.raises(TypeError):
        Settings.from_env({}, not_a_setting=1)


def test_settings_is_frozen() -> None:
    s = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.top_k = 9  # type: ignore[misc]
    assert s.top_k == 3


# --- cli._parse_line -------------------------------------------------------------------------

def test_parse_plain_line_uses_the_default_store() -> None:
    assert cli._parse_line("Should I hire a host?", "demo") == (
        "Should I hire a host?", "demo", [])


def test_parse_json_line_with_store_and_history() -> None:
    line = json.dumps({
        "question": "and for a snack shop?",
        "store": "demo-chili-sauce",
        "history": [{"role": "user", "content": "Should I host myself?", "topic": "anchor"},
                    {"role": "assistant", "content": "Weigh your time. [1]"}],
    })
    question, store, history = cli._parse_line(line, "default-store")
    assert question == "and for a snack shop?"
    assert store == "demo-chili-sauce"
    assert history == [Turn("user", "Should I host myself?", "anchor"),
                       Turn("assistant", "Weigh your time. [1]", None)]


def test_parse_json_line_without_store_falls_back() -> None:
    assert cli._parse_line('{"question": "Why?"}', "s1") == ("Why?", "s1", [])


@pytest.mark.parametrize(
    ("line", "message"),
    [('{"question": "unterminated', "not valid JSON"),
     ("{not json}", "not valid JSON"),
     ('{"store": "s1"}', 'needs a "question" string'),
     ('{"question": 42}', 'needs a "question" string')],
)
def test_parse_bad_json_line_is_a_value_error(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cli._parse_line(line, None)


# --- cli._ask_lines with a fake advisor ----------------------------------------------------

class FakeAnswer:
    def __init__(self, question: str, store: str | None, history: Sequence[Turn]) -> None:
        self.payload = {"question": question, "store": store,
                        "history": [t.content for t in history]}

    def to_dict(self) -> dict[str, Any]:
        return self.payload


class FakeAdvisor:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, list[Turn]]] = []

    def ask(self, question: str, store: str | None = None,
            history: Sequence[Turn] = ()) -> FakeAnswer:
        self.calls.append((question, store, list(history)))
        if question == "boom":
            raise ValueError("question is empty")
        return FakeAnswer(question, store, history)


def _run_lines(text: str, store: str | None = None) -> tuple[FakeAdvisor, list[dict[str, Any]]]:
    fake, out = FakeAdvisor(), io.StringIO()
    assert cli._ask_lines(fake.ask, io.StringIO(text), out, store) == 0
    return fake, [json.loads(line) for line in out.getvalue().splitlines()]


def test_ask_lines_writes_one_json_line_per_question() -> None:
    text = ('Should I hire a host?\n\n   \n'
            '{"question": "why?", "store": "s2", "history": '
            '[{"role": "user", "content": "Should I hire a host?"}]}\n'
            "直播跑题怎么办\n")
    fake, lines = _run_lines(text, store="s1")
    assert lines == [
        {"question": "Should I hire a host?", "store": "s1", "history": []},
        {"question": "why?", "store": "s2", "history": ["Should I hire a host?"]},
        {"question": "直播跑题怎么办", "store": "s1", "history": []},
    ]
    assert len(fake.calls) == 3


def test_ask_lines_writes_an_error_line_and_carries_on() -> None:
    fake, lines = _run_lines('{"question": oops}\nboom\nstill here\n')
    assert lines[0]["input"] == '{"question": oops}'
    assert "not valid JSON" in lines[0]["error"]
    assert lines[1] == {"error": "question is empty", "input": "boom"}
    assert lines[2]["question"] == "still here"
    assert [c[0] for c in fake.calls] == ["boom", "still here"]


def test_ask_lines_keeps_non_ascii_readable() -> None:
    fake, out = FakeAdvisor(), io.StringIO()
    cli._ask_lines(fake.ask, io.StringIO("主播\n"), out, None)
    assert "主播" in out.getvalue()


@pytest.mark.parametrize("history", ['["hi"]', '"abc"', '{"role": "user"}'])
def test_ask_lines_malformed_history_gives_an_error_line(history: str) -> None:
    _, lines = _run_lines(f'{{"question": "q", "history": {history}}}\nnext\n')
    assert "error" in lines[0]
    assert lines[1]["question"] == "next"


# --- cli.main --------------------------------------------------------------------------------

@pytest.fixture
def no_real_advisor(monkeypatch: pytest.MonkeyPatch) -> FakeAdvisor:
    """build_advisor returns a fake: the CLI never loads the model or opens Chroma here."""
    fake = FakeAdvisor()
    monkeypatch.setattr(advisor_module, "build_advisor", lambda settings=None: fake)
    for name in ("ADVISOR_TOP_K", "ADVISOR_LOW_CONFIDENCE"):
        monkeypatch.delenv(name, raising=False)
    return fake


def test_main_without_command_prints_help_and_returns_2(
        no_real_advisor: FakeAdvisor, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    assert "usage: advisor" in capsys.readouterr().out
    assert no_real_advisor.calls == []


def test_main_ask_without_question_or_json_returns_2(
        no_real_advisor: FakeAdvisor, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ask"]) == 2
    assert "--json" in capsys.readouterr().err
    assert no_real_advisor.calls == []


def test_main_ask_json_prints_the_answer_object(
        no_real_advisor: FakeAdvisor, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ask", "Is a celebrity worth it?", "--store", "demo", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "question": "Is a celebrity worth it?", "store": "demo", "history": []}


def test_main_ask_json_reads_stdin_lines(no_real_advisor: FakeAdvisor,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("one\ntwo\n"))
    assert cli.main(["ask", "--json"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["question"] for o in out] == ["one", "two"]


def test_main_reports_bad_settings_and_returns_1(
        no_real_advisor: FakeAdvisor, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ADVISOR_TOP_K", "lots")
    assert cli.main(["ask", "x"]) == 1
    assert "ADVISOR_TOP_K='lots'" in capsys.readouterr().err


# --- render and Answer.to_dict ---------------------------------------------------------------

ANSWER = Answer(
    question="Was the celebrity worth it?",
    text="**My recommendation:** Measure it. [1]",
    scope="in",
    topic="celebrity",
    citations=[Citation("celebrity-not-the-norm", "Celebrity hosts are rare", "S5", 0.61)],
    facts=[StoreFact("fee_roi", 2.5, "Fee return: 2.5x", "gmv / fee", ("s1", "s2"))],
    confidence="low",
    timings_ms={"total": 12.5},
    store="demo",
    form="should",
)


def test_render_lists_sources_and_low_confidence() -> None:
    text = cli.render(ANSWER)
    assert text.startswith("**My recommendation:** Measure it. [1]")
    assert "  [1] Celebrity hosts are rare (celebrity-not-the-norm, section S5)" in text
    assert text.rstrip().endswith("(low confidence: no card matches this question closely)")
    plain = cli.render(dataclasses.replace(ANSWER, citations=[], confidence="high"))
    assert "Sources:" not in plain
    assert "low confidence" not in plain


def test_answer_to_dict_is_the_json_contract() -> None:
    data = json.loads(json.dumps(ANSWER.to_dict()))
    assert {"text", "scope", "topic", "citations", "facts", "confidence",
            "timings_ms"} <= set(data)
    assert data["citations"] == [{"id": "celebrity-not-the-norm",
                                  "title": "Celebrity hosts are rare", "section": "S5",
                                  "score": 0.61}]
    assert data["facts"] == [{"metric": "fee_roi", "value": 2.5, "display": "Fee return: 2.5x",
                              "definition": "gmv / fee", "session_ids": ["s1", "s2"], "scope": "",
                              "name": "GMV per yuan of fee"}]
    assert {"lang", "intent", "verdict", "gap", "checks"} <= set(data)
