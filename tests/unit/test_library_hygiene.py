"""Library rules from DESIGN §2: no Streamlit in advisor/, no heavy imports or I/O at import."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "advisor"
MODULES = sorted(PACKAGE.rglob("*.py"))
HEAVY = ("torch", "sentence_transformers", "transformers", "chromadb", "streamlit",
         "langchain_huggingface")
MAX_LINES = 400


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _imported_roots(tree: ast.AST) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_package_has_modules() -> None:
    assert PACKAGE / "__init__.py" in MODULES
    assert len(MODULES) >= 10


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_module_never_imports_streamlit(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    assert "streamlit" not in _imported_roots(tree)


def test_import_scan_sees_nested_and_from_imports() -> None:
    tree = ast.parse("def f():\n    import streamlit.components.v1 as c\n"
                     "from streamlit import session_state\n")
    assert _imported_roots(tree) == {"streamlit"}


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_module_has_a_docstring(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstring = ast.get_docstring(tree)
    assert docstring and docstring.strip(), f"{_rel(path)} needs a module docstring"


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_module_is_under_the_line_limit(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines < MAX_LINES, f"{_rel(path)} has {lines} lines"


PROBE = f"""
import json, sys
import advisor
import advisor.cli, advisor.compose, advisor.knowledge, advisor.retrieval, advisor.topics
heavy = {HEAVY!r}
print(json.dumps({{
    "heavy": sorted(m for m in sys.modules if m.split(".")[0] in heavy),
    "exports": sorted(advisor.__all__),
}}))
"""


def test_importing_advisor_is_light_and_does_no_io(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["HOME"] = str(tmp_path / "home")  # a write under HOME would show up below too
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["heavy"] == []
    assert {"Advisor", "Answer", "Settings", "build_advisor"} <= set(report["exports"])
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert after == before, "import created files"


ALL_MODULES_PROBE = """
import importlib, json, pkgutil, sys
import advisor
names = [m.name for m in pkgutil.walk_packages(advisor.__path__, "advisor.")
         if m.name != "advisor.__main__"]
for name in names:
    importlib.import_module(name)
print(json.dumps({"modules": names, "loaded": sorted(sys.modules)}))
"""


def test_importing_every_submodule_stays_light_and_does_no_io(tmp_path: Path) -> None:
    """Not just the package: every module (future store/, llm/ too) defers heavy imports."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run([sys.executable, "-c", ALL_MODULES_PROBE], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert "advisor.compose" in report["modules"]
    banned = ("torch", "sentence_transformers", "streamlit")
    assert [m for m in report["loaded"] if m.split(".")[0] in banned] == []
    assert list(tmp_path.iterdir()) == []
