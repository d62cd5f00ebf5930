"""Loading eval cases: formats, recursion, and clear errors naming the file and the case."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.evals.cases import CaseError, load_cases, normalize_text, phrase_matches

GOOD = """\
id: celebrity-low-roi
question: Was paying that celebrity worth it?
history:
  - {role: user, content: "Who should host?", topic: anchor}
  - {role: assistant, content: "The owner, if there is time."}
store: demo-chili-sauce
expect:
  scope: in
  topic: celebrity
  sections: [S5]
  cards: [celebrity-not-the-norm]
  points:
    - ["follow the star", "re:fans? of the (celebrity|star)"]
    - modest expectations
  must_not: ["always hire a celebrity"]
  facts: [conversion, fee_roi]
  confidence: high
  no_numbers: false
tags: [celebrity, data]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(folder: Path) -> str:
    with pytest.raises(CaseError) as info:
        load_cases(folder)
    return str(info.value)


def test_one_case_per_file_with_every_field(tmp_path: Path) -> None:
    write(tmp_path, "one.yaml", GOOD)
    [case] = load_cases(tmp_path)
    assert case.id == "celebrity-low-roi"
    assert case.store == "demo-chili-sauce"
    assert [t.role for t in case.history] == ["user", "assistant"]
    assert case.history[0].topic == "anchor"
    assert case.expect.scope == "in" and case.expect.topic == "celebrity"
    assert case.expect.points == (("follow the star", "re:fans? of the (celebrity|star)"),
                                  ("modest expectations",))
    assert case.expect.facts == ("conversion", "fee_roi")
    assert case.tags == ("celebrity", "data")
    assert case.source.endswith("one.yaml")


def test_lists_and_nested_folders_and_yml(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "- {id: a1, question: q1, expect: {scope: in}}\n"
                              "- {id: a2, question: q2, expect: {scope: out}}\n")
    write(tmp_path, "deep/er/b.yml", "id: b1\nquestion: q3\nstore: null\nexpect: {scope: in}\n")
    write(tmp_path, "notes.txt", "not a case")
    cases = load_cases(tmp_path)
    assert [c.id for c in cases] == ["a1", "a2", "b1"]
    assert cases[2].store is None and cases[2].history == ()


@pytest.mark.parametrize(("text", "message"), [
    ("id: x\nquestion: q\nexpect: {scope: in}\nanswer: yes\n", "unknown key 'answer'"),
    ("id: x\nquestion: q\nexpect: {scope: in, topics: [anchor]}\n", "unknown key 'expect.topics'"),
    ("id: x\nexpect: {scope: in}\n", "missing 'question'"),
    ("id: x\nquestion: '  '\nexpect: {scope: in}\n", "missing 'question'"),
    ("id: x\nquestion: q\nexpect: {scope: maybe}\n", "'expect.scope' must be 'in' or 'out'"),
    ("id: x\nquestion: q\nexpect: {topic: anchor}\n", "'expect.scope' must be 'in' or 'out'"),
    ("id: x\nquestion: q\n", "missing 'expect'"),
    ("id: x\nquestion: q\nexpect: {scope: in, sections: [S9]}\n", "unknown section 'S9'"),
    ("id: x\nquestion: q\nexpect: {scope: in, topic: weather}\n", "is not a topic"),
    ("id: x\nquestion: q\nexpect: {scope: in, points: [['re:(unclosed']]}\n",
     "bad regular expression"),
    ("id: x\nquestion: q\nexpect: {scope: in, points: [[]]}\n", "non-empty list"),
    ("id: x\nquestion: q\nexpect: {scope: in, facts: [conversion]}\n", "needs a 'store'"),
    ("id: x\nquestion: q\nstore: s\nexpect: {scope: in, facts: [magic]}\n",
     "unknown metric 'magic'"),
    ("id: x\nquestion: q\nexpect: {scope: in, confidence: medium}\n", "'expect.confidence'"),
    ("id: x\nquestion: q\nexpect: {scope: in, no_numbers: sometimes}\n", "'expect.no_numbers'"),
    ("id: x\nquestion: q\nhistory: [{role: bot, content: hi}]\nexpect: {scope: in}\n",
     "'history[1].role'"),
    ("id: x\nquestion: q\nexpect: {scope: in}\ntags: [1, 2]\n", "'tags' must be a list"),
])
def test_bad_case_names_file_case_and_problem(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path, "bad.yaml", text)
    error = problems_of(tmp_path)
    assert message in error
    assert "bad.yaml: case 'x'" in error


def test_case_without_id_is_named_by_position(tmp_path: Path) -> None:
    write(tmp_path, "c.yaml", "- {id: ok, question: q, expect: {scope: in}}\n"
                              "- {question: q, expect: {scope: in}}\n")
    error = problems_of(tmp_path)
    assert "c.yaml: case #2 (no id): missing 'id'" in error


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "id: same\nquestion: q\nexpect: {scope: in}\n")
    write(tmp_path, "sub/b.yaml", "id: same\nquestion: q2\nexpect: {scope: out}\n")
    error = problems_of(tmp_path)
    assert "b.yaml: case 'same': duplicate id (also in" in error
    assert "a.yaml" in error


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "id: a\nquestion: q\nexpect: {scope: up}\n")
    write(tmp_path, "b.yaml", "id: b\nexpect: {scope: in, sections: [S12]}\n")
    with pytest.raises(CaseError) as info:
        load_cases(tmp_path)
    assert len(info.value.problems) == 3
    assert str(info.value).startswith("invalid eval cases (3 problems):")


def test_broken_yaml_empty_file_missing_folder(tmp_path: Path) -> None:
    write(tmp_path, "broken.yaml", "id: [unclosed\n")
    write(tmp_path, "empty.yaml", "")
    error = problems_of(tmp_path)
    assert "broken.yaml: not valid YAML" in error
    assert "empty.yaml: holds no case" in error
    assert "no such folder" in problems_of(tmp_path / "nope")
    (tmp_path / "none").mkdir()
    assert "no *.yaml or *.yml files" in problems_of(tmp_path / "none")


def test_case_error_is_a_value_error() -> None:
    assert issubclass(CaseError, ValueError)


@pytest.mark.parametrize(("phrase", "text", "hit"), [
    ("Modest Expectations", "Go in with **modest   expectations**.", True),
    ("don't build", "Don\u2019t build your selling around stars.", True),
    ("re:fans? of the (celebrity|star)", "They are FANS OF THE STAR, not of you.", True),
    ("re:^go in", "**Go in** with care", True),
    ("re:\\bstar\\b", "starry night", False),
    ("hire a celebrity", "never hire celebrities", False),
])
def test_phrase_matching(phrase: str, text: str, hit: bool) -> None:
    assert phrase_matches(phrase, text) is hit


def test_normalize_text() -> None:
    assert normalize_text("A  **Bold**\n\u201cQuote\u201d it\u2019s") == 'a bold "quote" it\'s'
