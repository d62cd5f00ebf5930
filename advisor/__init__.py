"""Live-Commerce Advisor: grounded advice for merchants who sell through live streams."""

from advisor.advisor import Advisor, build_advisor
from advisor.models import Answer, Citation, GuidanceCard, StoreFact, Turn
from advisor.settings import Settings

__all__ = ["Advisor", "Answer", "Citation", "GuidanceCard", "Settings", "StoreFact", "Turn",
           "build_advisor"]
