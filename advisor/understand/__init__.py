"""Question understanding (DESIGN §11): every phrase list (en + zh) and the Understanding."""

from advisor.understand.model import Constraints, Details, Money, Quantity, Understanding
from advisor.understand.read import understand

__all__ = ["Constraints", "Details", "Money", "Quantity", "Understanding", "understand"]
