"""Import a store's three files: match headers, validate every row, check cross-references.

All problems are collected (up to a cap) as ImportIssues naming file, spreadsheet row,
column and value; any problem raises StoreImportError and nothing is written.
`import_store` stores a valid set in one SQLite transaction, replacing the previous data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advisor.store.db import conform_frame, validate_store_name
from advisor.store.normalize import cell_parser, is_blank, split_list
from advisor.store.reader import (
    ImportIssue,
    ImportLimits,
    RawTable,
    Source,
    StoreImportError,
    read_raw,
    source_name,
)
from advisor.store.schema import TABLES, Column, StoreData

if TYPE_CHECKING:
    from advisor.store.db import StoreDB

__all__ = ["HeaderMatch", "ImportIssue", "ImportLimits", "ImportSummary", "IssueLog",
           "ParsedStore", "StoreImportError", "header_key", "import_store", "load_store_files",
           "match_headers", "parse_store_files", "validate_store_name"]

MAX_ISSUES = 50
_PARENS = str.maketrans({"（": "(", "）": ")"})
_SEPARATORS = re.compile(r"[\s_\-]+")


class IssueLog:
    """Collects issues up to `cap`, counting the rest. A column that is wrong on every row
    does not crowd out the others: the kept issues are shared fairly among the
    (file, column) pairs that have any, then ordered by file and row."""

    def __init__(self, cap: int = MAX_ISSUES) -> None:
        self.cap = cap
        self.total = 0
        self._groups: dict[tuple[str, str | None], list[ImportIssue]] = {}

    def add(self, issue: ImportIssue) -> None:
        self.total += 1
        group = self._groups.setdefault((issue.file, issue.column), [])
        if len(group) < self.cap:
            group.append(issue)

    def extend(self, issues: Sequence[ImportIssue], total: int | None = None) -> None:
        for issue in issues:
            self.add(issue)
        self.total += (total or len(issues)) - len(issues)

    @property
    def issues(self) -> list[ImportIssue]:
        """At most `cap` issues, taken round-robin from each (file, column), in row order."""
        kept: list[ImportIssue] = []
        for depth in range(self.cap):
            layer = [group[depth] for group in self._groups.values() if depth < len(group)]
            if not layer:
                break
            kept += layer[: self.cap - len(kept)]
            if len(kept) == self.cap:
                break
        files = list(dict.fromkeys(group[0].file for group in self._groups.values()))
        return sorted(kept, key=lambda i: (files.index(i.file), i.row or 0))

    def raise_if_any(self) -> None:
        if self.total:
            raise StoreImportError(self.issues, self.total)


@dataclass(frozen=True)
class HeaderMatch:
    """Where each schema column sits in a file's header row, and what did not match."""

    positions: dict[str, int]
    ignored: list[str]
    issues: list[ImportIssue]


@dataclass(frozen=True)
class ParsedStore:
    """A validated store, with how each file was read and notes for the user."""

    data: StoreData
    encodings: dict[str, str]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportSummary:
    """What `import_store` wrote."""

    name: str
    counts: dict[str, int]
    encodings: dict[str, str]
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        counts = ", ".join(f"{n:,} {label}" for label, n in zip(
            ("products", "live sessions", "orders"), self.counts.values(), strict=True))
        read = "; ".join(f"{file}: {enc}" for file, enc in self.encodings.items())
        return "\n".join([f"imported store {self.name!r}: {counts} ({read})",
                          *(f"note: {note}" for note in self.notes)])


def header_key(text: str) -> str:
    """Header comparison key: case-insensitive, trimmed, （）= (), spaces/_/- ignored."""
    return _SEPARATORS.sub("", str(text).translate(_PARENS).strip().casefold())


def match_headers(headers: Sequence[str], columns: Sequence[Column],
                  file_label: str) -> HeaderMatch:
    """Map header cells to columns by name or alias; unknown headers are ignored."""
    wanted = {header_key(name): c.name for c in columns for name in (c.name, *c.aliases)}
    positions: dict[str, int] = {}
    ignored: list[str] = []
    issues: list[ImportIssue] = []
    for index, header in enumerate(headers):
        target = wanted.get(header_key(header)) if header else None
        if target is None:
            if header:
                ignored.append(header)
        elif target in positions:
            first = headers[positions[target]]
            issues.append(ImportIssue(file_label, None, target, None,
                                      f"two headers mean {target}: {first!r} and {header!r}"))
        else:
            positions[target] = index
    found = ", ".join(repr(h) for h in headers if h) or "none"
    for c in columns:
        if c.required and c.name not in positions:
            names = " or ".join(repr(n) for n in (c.name, *c.aliases))
            issues.append(ImportIssue(file_label, None, c.name, None,
                                      f"required column {names} is missing; headers found: "
                                      f"{found}"))
    return HeaderMatch(positions, ignored, issues)


@dataclass
class _Table:
    """One file during validation: parsed column values by canonical name, and row numbers."""

    name: str
    file: str
    rows: list[int]
    values: dict[str, list[object]]


def _parse_table(raw: RawTable, table: str, log: IssueLog, notes: list[str]) -> _Table | None:
    columns = TABLES[table]
    match = match_headers(raw.headers, columns, raw.file)
    log.extend(match.issues)
    if match.ignored:
        notes.append(f"{raw.file}: ignored unknown column(s) "
                     + ", ".join(repr(h) for h in match.ignored))
    absent = [c.name for c in columns if not c.required and c.name not in match.positions]
    if absent:
        notes.append(f"{raw.file}: optional column(s) not given: {', '.join(absent)}")
    if match.issues:
        return None
    width = len(raw.headers)
    for number, row in zip(raw.row_numbers, raw.rows, strict=True):
        if len(row) > width and any(not is_blank(cell) for cell in row[width:]):
            log.add(ImportIssue(raw.file, number, None, None,
                                f"the row has {len(row)} values but the header has {width} "
                                "columns (an unquoted comma? quote values like \"1,234.5\")"))
    values = {c.name: _parse_column(c, _cells(raw.rows, match.positions.get(c.name)),
                                    raw.row_numbers, raw.file, log) for c in columns}
    parsed = _Table(table, raw.file, raw.row_numbers, values)
    for c in columns:
        if c.unique:
            _check_unique(parsed, c.name, log)
    return parsed


def _cells(rows: list[list[object]], position: int | None) -> list[object]:
    if position is None:
        return [None] * len(rows)
    return [row[position] if position < len(row) else None for row in rows]


def _parse_column(column: Column, cells: list[object], rows: list[int], file: str,
                  log: IssueLog) -> list[object]:
    """Parse one column's cells; a bad cell becomes an issue and a placeholder value."""
    parse: Callable[[object], object] = cell_parser(column)
    out: list[object] = []
    append = out.append
    default = column.default
    for value, row in zip(cells, rows, strict=True):
        if value is None or value == "" or is_blank(value):
            if column.required:
                log.add(ImportIssue(file, row, column.name, None, "required value is missing"))
            append(default)
            continue
        try:
            append(parse(value))
        except ValueError as exc:
            log.add(ImportIssue(file, row, column.name, value, str(exc)))
            append(default)
    return out


def _check_unique(table: _Table, column: str, log: IssueLog) -> None:
    first: dict[object, int] = {}
    for value, row in zip(table.values[column], table.rows, strict=True):
        if value in (None, ""):
            continue
        seen = first.setdefault(value, row)
        if seen != row:
            log.add(ImportIssue(table.file, row, column, value,
                                f"duplicate {column}: also on row {seen}"))


def _check_references(products: _Table, sessions: _Table | None, orders: _Table | None,
                      log: IssueLog) -> None:
    skus = set(products.values["sku"])
    if sessions is not None:
        for cell, row in zip(sessions.values["featured_skus"], sessions.rows, strict=True):
            for sku in split_list(cell) if cell else ():
                if sku not in skus:
                    log.add(ImportIssue(sessions.file, row, "featured_skus", sku,
                                        f"unknown sku: not in {products.file}"))
    if orders is None:
        return
    for order_sku, row in zip(orders.values["sku"], orders.rows, strict=True):
        if order_sku and order_sku not in skus:
            log.add(ImportIssue(orders.file, row, "sku", order_sku,
                                f"unknown sku: not in {products.file}"))
    if sessions is None:
        return
    session_ids = set(sessions.values["session_id"])
    for sid, row in zip(orders.values["session_id"], orders.rows, strict=True):
        if sid and sid not in session_ids:
            log.add(ImportIssue(orders.file, row, "session_id", sid,
                                f"unknown session: not in {sessions.file}"))


def parse_store_files(products: Source, sessions: Source, orders: Source,
                      limits: ImportLimits | None = None, *,
                      max_issues: int = MAX_ISSUES) -> ParsedStore:
    """Read and validate the three files; raise StoreImportError listing every problem."""
    log = IssueLog(max_issues)
    notes: list[str] = []
    encodings: dict[str, str] = {}
    parsed: dict[str, _Table | None] = {}
    for table, source in zip(TABLES, (products, sessions, orders), strict=True):
        try:
            raw = read_raw(source, source_name(source), limits)
        except StoreImportError as exc:
            log.extend(exc.issues, exc.total)
            parsed[table] = None
            continue
        encodings[raw.file] = raw.encoding
        parsed[table] = _parse_table(raw, table, log, notes)
    if parsed["products"] is not None:
        _check_references(parsed["products"], parsed["live_sessions"], parsed["orders"], log)
    log.raise_if_any()
    frames = {t: conform_frame(t, p.values) for t, p in parsed.items() if p is not None}
    data = StoreData(frames["products"], frames["live_sessions"], frames["orders"])
    return ParsedStore(data, encodings, notes)


def load_store_files(products: Source, sessions: Source, orders: Source,
                     limits: ImportLimits | None = None) -> StoreData:
    """The validated StoreData of three files (see parse_store_files)."""
    return parse_store_files(products, sessions, orders, limits).data


def import_store(db: StoreDB, name: str, products: Source, sessions: Source, orders: Source,
                 limits: ImportLimits | None = None) -> ImportSummary:
    """Validate the files and replace store `name` with them in one transaction."""
    name = db.check_name(name)
    parsed = parse_store_files(products, sessions, orders, limits)
    source = ", ".join(parsed.encodings) or "upload"
    info = db.replace_store(name, parsed.data, source=source)
    counts = {"products": info.products, "live_sessions": info.sessions, "orders": info.orders}
    return ImportSummary(name, counts, parsed.encodings, parsed.notes)
