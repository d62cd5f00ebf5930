"""The real `advisor` command in a subprocess: index idempotence and the JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.integration

ANSWER_KEYS = {"text", "scope", "topic", "citations", "facts", "confidence", "timings_ms"}


def _run(args: list[str], data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ADVISOR_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "advisor", *args], input=stdin, env=env,
                          cwd=REPO, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def indexed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("cli-data")
    first = _run(["index"], data_dir)
    assert first.returncode == 0, first.stderr
    assert "added" in first.stdout and "chunks embedded" in first.stdout
    return data_dir


def test_second_index_reports_nothing_embedded(indexed_dir: Path) -> None:
    again = _run(["index"], indexed_dir)
    assert again.returncode == 0, again.stderr
    assert "nothing embedded" in again.stdout


def test_ask_json_prints_the_answer_object(indexed_dir: Path) -> None:
    done = _run(["ask", "Should I invite a celebrity to host my live stream?", "--json"],
                indexed_dir)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert set(answer) >= ANSWER_KEYS
    assert answer["scope"] == "in" and answer["topic"] == "celebrity"
    assert any(c["section"] == "S5" for c in answer["citations"])


def test_ask_json_reads_stdin_lines_in_one_process(indexed_dir: Path) -> None:
    lines = "\n".join([
        "What's the capital of France?",
        "Why do my streams get views but no orders?",
        json.dumps({"question": "why?", "history": [
            {"role": "user", "content": "Should I hire a celebrity for my stream?"},
            {"role": "assistant", "content": "...", "topic": "celebrity"}]}),
        "{not json",
    ]) + "\n"
    done = _run(["ask", "--json"], indexed_dir, stdin=lines)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["scope"] == "out" and out[0]["citations"] == []
    assert out[1]["scope"] == "in" and out[1]["topic"] == "off_topic"
    assert out[2]["topic"] == "celebrity"
    assert "error" in out[3] and "JSON" in out[3]["error"]


def test_ask_without_question_or_json_is_a_usage_error(indexed_dir: Path) -> None:
    done = _run(["ask"], indexed_dir)
    assert done.returncode == 2 and "QUESTION" in done.stderr


def test_bad_card_gives_a_clear_error(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge" / "guidance"
    knowledge.mkdir(parents=True)
    (knowledge / "broken.md").write_text("no front matter here\n")
    env_dir = tmp_path / "data"
    env = {**os.environ, "ADVISOR_DATA_DIR": str(env_dir),
           "ADVISOR_KNOWLEDGE_DIR": str(tmp_path / "knowledge")}
    done = subprocess.run([sys.executable, "-m", "advisor", "index"], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "broken.md" in done.stderr and "front matter" in done.stderr
