"""Workshop secrets and the store scopes of workspaces: pure functions, no database."""

from __future__ import annotations

import hmac

import pytest

from advisor.store.scope import ALL, LOCAL, StoreScope
from advisor.workspaces import tokens
from advisor.workspaces.model import LOCAL_WORKSPACE, Workspace, clean_label


def test_secrets_are_long_random_and_never_look_like_an_option() -> None:
    made = [tokens.new_secret() for _ in range(2000)]
    assert len(set(made)) == len(made)
    assert all(len(s) == 32 and not s.startswith("-") for s in made)  # 192 bits each


def test_a_secret_is_checked_against_its_hash_in_constant_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tokens.new_secret()
    stored = tokens.hash_secret(secret)
    assert secret not in stored and len(stored) == 64
    compared: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(tokens.hmac, "compare_digest", spy)
    assert tokens.secret_matches(secret, stored)
    assert not tokens.secret_matches(secret[:-1] + "x", stored)
    assert len(compared) == 2 and all(b == stored for _, b in compared)


def test_join_codes_are_typed_forgivingly() -> None:
    code = tokens.new_join_code()
    assert len(code) == 8 and not set(code) & set("01OIL")
    assert tokens.normalize_join_code(f" {code[:4].lower()}-{code[4:]} ") == code


def test_scopes_key_names_per_workspace() -> None:
    mine = StoreScope(prefix="p123", shared=frozenset({"case"}))
    assert mine.key("shop") == "p123:shop" and mine.display("p123:shop") == "shop"
    assert mine.owns("p123:shop") and not mine.owns("shop") and not mine.owns("p999:shop")
    assert mine.sees("demo-x", "demo") and mine.sees("case", "upload")
    assert not mine.sees("private", "upload") and not mine.sees("p999:shop", "demo")
    assert LOCAL.key("shop") == "shop" and LOCAL.owns("shop") and not LOCAL.owns("p123:shop")
    assert not LOCAL.sees("p123:shop", "upload")
    assert ALL.owns("p123:shop") and ALL.key("p123:shop") == "p123:shop"


def test_workspaces_scope_and_labels() -> None:
    assert LOCAL_WORKSPACE.is_local and LOCAL_WORKSPACE.scope == LOCAL
    ann = Workspace("p1", "Ann", "Club", ("case",))
    assert ann.scope == StoreScope("p1", frozenset({"case"}))
    assert clean_label("  Ann \t Lee ", "display name", 40) == "Ann Lee"
    for bad, message in (("", "empty"), ("x" * 41, "limit is 40"),
                         ("Ann\u202eeviL", "control characters")):
        with pytest.raises(ValueError, match=message):
            clean_label(bad, "display name", 40)


def test_the_workshop_commands_stay_light_to_import() -> None:
    """Building the CLI parser, and the workspace path of a local `advisor ask`, import
    neither pandas nor SQLAlchemy (every command's start time, the no-change `advisor index`
    and the cold-start budgets depend on it)."""
    import subprocess
    import sys

    from advisor.workspaces import commands, transcript

    assert commands.FORMATS == transcript.FORMATS
    code = ("import sys, advisor.cli as c, advisor.workspaces.access; c._parser(); "
            "print(sorted(m for m in ('pandas', 'sqlalchemy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
