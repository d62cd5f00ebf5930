"""Test helpers: the bundled good store fixture, and copies of it with one file changed."""

from __future__ import annotations

import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parent / "fixtures"  # not "data/": .gitignore has data/
GOOD = DATA / "good"  # English headers, UTF-8, mixed number/date formats
GOOD_ZH = DATA / "good_zh"  # the same store with Chinese headers and values (UTF-8 in git)
FILES = ("products.csv", "live_sessions.csv", "orders.csv")


def good_text(name: str, folder: Path = GOOD) -> str:
    return (folder / name).read_text(encoding="utf-8")


def store_files(folder: Path, source: Path = GOOD, /,
                **replace: str | bytes) -> tuple[Path, Path, Path]:
    """The three files of `source` copied to `folder`; keyword `products`, `live_sessions` or
    `orders` replaces that file's content (str is written as UTF-8)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in FILES:
        path = folder / name
        content = replace.get(name.removesuffix(".csv"))
        if content is None:
            shutil.copyfile(source / name, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1], paths[2]


def with_line(name: str, line_number: int, new_line: str) -> str:
    """The good file `name` with line `line_number` (1-based) replaced (or appended)."""
    lines = good_text(name).splitlines()
    if line_number == len(lines) + 1:
        lines.append(new_line)
    else:
        lines[line_number - 1] = new_line
    return "\n".join(lines) + "\n"
