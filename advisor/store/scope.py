"""Which stores a workspace sees and owns (DESIGN §13), and the keys they are stored under.

A store of the local workspace is stored under its own name; a participant's store under
`<workspace id>:<name>` (':' is never part of a store name, so the two cannot collide).
A participant sees its own stores, the demo stores and its workshop's scenario stores; only
its own are writable. The service scope (`ALL`) is the library's own view, used below the
entry points once a name has been resolved to a key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor.store.schema import is_demo_source

SEPARATOR = ":"


@dataclass(frozen=True)
class StoreScope:
    """A workspace's view of the stores: `prefix` is its id ("" for the local workspace)."""

    prefix: str = ""
    shared: frozenset[str] = field(default_factory=frozenset)  # scenario stores (local keys)
    everything: bool = False  # the service view: every key as it is stored

    def key(self, name: str) -> str:
        """The stored key of a store this workspace owns (or would own) by that name."""
        if self.everything or not self.prefix:
            return name
        return f"{self.prefix}{SEPARATOR}{name}"

    def display(self, key: str) -> str:
        """The name this workspace knows a stored key by."""
        if self.prefix and key.startswith(self.prefix + SEPARATOR):
            return key[len(self.prefix) + 1:]
        return key

    def owns(self, key: str) -> bool:
        if self.everything:
            return True
        if not self.prefix:
            return SEPARATOR not in key
        return key.startswith(self.prefix + SEPARATOR)

    def sees(self, key: str, source: str) -> bool:
        """Owned, or (for a participant) a demo store or one of the workshop's scenarios."""
        if self.owns(key):
            return True
        return bool(self.prefix) and SEPARATOR not in key and (
            is_demo_source(source) or key in self.shared)


LOCAL = StoreScope()
ALL = StoreScope(everything=True)
