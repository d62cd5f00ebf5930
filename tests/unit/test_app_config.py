"""The app's Streamlit config and pages: offline, quiet, nothing rendered as raw HTML."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = sorted([ROOT / "streamlit_app.py", *(ROOT / "ui").rglob("*.py")])


def test_config_watches_no_files_and_keeps_tracebacks_and_exports_off_the_page() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"  # no inotify flood from .venv
    assert config["client"]["showErrorDetails"] == "none"  # tracebacks go to the log only
    assert config["client"]["disableDataExport"] is True  # the unescaped table CSV export
    assert config["browser"]["gatherUsageStats"] is False


def test_navigation_has_no_material_icons() -> None:
    """`:material/…:` page icons are fetched from Google's font host (DESIGN §15)."""
    tree = ast.parse((ROOT / "streamlit_app.py").read_text(encoding="utf-8"))
    pages = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and node.func.attr == "Page"]
    assert len(pages) == 7  # five pages, the join page and the trainer page
    icons = [kw.value for page in pages for kw in page.keywords if kw.arg == "icon"]
    assert not [i for i in icons if isinstance(i, ast.Constant) and ":material/" in str(i.value)]


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_is_rendered_as_raw_html(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for banned in ("unsafe_allow_html", "st.html(", "components.html(", "components.v1"):
        assert banned not in text, f"{banned} in {path.name}"
