"""The mutation catalogue: realistic mistakes the eval suite must catch, one at a time.

Each mutant edits one file of a scratch copy of the project (or sets one setting). Its
`find` text must occur exactly once, so a refactor that makes a mutant stale is reported
instead of silently testing nothing. `focus` names the case files a quick run asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mutant:
    """One planted mistake: replace `find` by `replace` in `path` (None deletes the file)."""

    name: str
    kind: str  # card | metric | label | composer | router | threshold
    path: str
    find: str = ""
    replace: str | None = ""
    focus: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    swap_with: str = ""  # for card-body swaps: the other card's path

    @property
    def description(self) -> str:
        if self.env:
            return ", ".join(f"{k}={v}" for k, v in self.env.items())
        if self.swap_with:
            return f"bodies of {self.path} and {self.swap_with} swapped"
        if self.replace is None:
            return f"{self.path} deleted"
        return f"{self.path}: {self.find.strip()[:50]!r} -> {str(self.replace).strip()[:50]!r}"


G = "knowledge/guidance/"
M = "advisor/store/metrics.py"
F = "advisor/store/facts.py"
P = "advisor/store/phrases.py"
C = "advisor/compose.py"
W = "advisor/weights.py"
T = "advisor/topics.py"
U = "advisor/understand/read.py"

CATALOGUE: tuple[Mutant, ...] = (
    # Cards: inverted advice, swapped bodies, a lost card, wrong metadata.
    Mutant("card-celebrity-inverted", "card", G + "celebrity-not-the-norm.md",
           "Don't build your live selling around celebrity guests. Star-hosted streams are the "
           "exception in live commerce, not the everyday model, and they do not decide",
           "Build your live selling around celebrity guests. Star-hosted streams are the heart "
           "of live commerce and the everyday model, and they decide",
           ("celebrity.yaml",)),
    Mutant("card-play-what-you-sell-inverted", "card", G + "play-what-you-sell.md",
           "Make every part of your stream about what you sell and what your store does best.",
           "Don't make every part of your stream about what you sell; mix in whatever keeps "
           "the crowd, since play beats selling.", ("off_topic.yaml",)),
    Mutant("card-old-customers-inverted", "card", G + "old-customers-first.md",
           "Design your live streams first for existing customers and for raising repeat "
           "purchases, and count new customers as a welcome extra.",
           "Design your live streams first for new customers and for reach, and count "
           "existing customers and repeat purchases as a welcome extra.",
           ("old_customers.yaml",)),
    Mutant("card-hot-spots-inverted", "card", G + "dont-chase-hot-spots.md",
           "Skip the trending topics in your streams; they make a session lively but rarely "
           "help you sell.",
           "Jump on the trending topics in your streams; they make a session lively and "
           "help you sell.", ("off_topic.yaml",)),
    Mutant("card-realness-inverted", "card", G + "raw-realness-over-polish.md",
           "Keep your stream natural and unscripted instead of dressing it up like a "
           "commercial.",
           "Script your stream and dress it up like a commercial instead of keeping it "
           "natural.", ("traffic_niche_realness.yaml",)),
    Mutant("card-sincerity-inverted", "card", G + "sincerity-over-routines.md",
           "Let your host show a real personality and speak honestly rather than leaning on "
           "scripted sales tricks.",
           "Let your host lean on scripted sales tricks rather than showing a real "
           "personality and speaking off the cuff.", ("sincerity.yaml",)),
    Mutant("card-traffic-inverted", "card", G + "traffic-is-not-transactions.md",
           "Measure a stream by the orders it produces, today or later, rather than by how "
           "many people watched.",
           "Measure a stream by how many people watched rather than by the orders it "
           "produces today.", ("off_topic.yaml",)),
    Mutant("cards-bodies-swapped", "card", G + "anchor-store-owner-first.md",
           swap_with=G + "old-customers-first.md", focus=("anchor.yaml", "old_customers.yaml")),
    Mutant("card-deleted", "card", G + "traffic-is-not-transactions.md", replace=None,
           focus=("off_topic.yaml", "card_coverage.yaml")),
    Mutant("card-section-wrong", "card", G + "celebrity-fans-follow-the-star.md",
           "section: S5", "section: S2", ("celebrity.yaml", "card_coverage.yaml")),
    # Metrics: wrong definitions (DESIGN §5).
    Mutant("metric-conversion-orders", "metric", M,
           'table["conversion"] = ratio(table["buyers"], table["viewers"])',
           'table["conversion"] = ratio(table["orders"], table["viewers"])',
           ("store_paths.yaml",)),
    Mutant("metric-gpm-per-hundred", "metric", M,
           'ratio(table["gmv"], table["viewers"], 1000.0)',
           'ratio(table["gmv"], table["viewers"], 100.0)', ("store_paths.yaml", "store_data.yaml")),
    Mutant("metric-fee-roi-net", "metric", M, 'table["fee_roi"] = ratio(table["gmv"], fee)',
           'table["fee_roi"] = ratio(table["net_gmv"], fee)',
           ("store_paths.yaml", "store_data.yaml")),
    Mutant("metric-percent-not-scaled", "metric", M, 'return f"{number * 100:.1f}%"',
           'return f"{number:.1f}%"', ("store_paths.yaml", "store_data.yaml")),
    Mutant("metric-returning-same-session", "metric", M,
           'pairs["returning"] = pairs["customer"].map(first_ever) < pairs["day"]',
           'pairs["returning"] = pairs["customer"].map(first_ever) <= pairs["first_in_session"]',
           ("store_paths.yaml", "store_data.yaml")),
    Mutant("metric-aov-per-buyer", "metric", M,
           'table["aov"] = ratio(table["gmv"], table["orders"])',
           'table["aov"] = ratio(table["gmv"], table["buyers"])',
           ("store_paths.yaml", "store_data.yaml")),
    Mutant("metric-net-gmv-keeps-refunds", "metric", M,
           'net = live["amount"].where(~live["refunded"], 0.0)', 'net = live["amount"]',
           ("store_paths.yaml", "store_data.yaml")),
    Mutant("metric-group-averages", "metric", M,
           "sums = frame.groupby(key.reindex(sessions.index), dropna=True).sum()",
           "sums = frame.groupby(key.reindex(sessions.index), dropna=True).mean()",
           ("store_paths.yaml", "store_data.yaml", "anchor_choice.yaml")),
    Mutant("metric-repurchase-window", "metric", M, "REPURCHASE_DAYS = 60",
           "REPURCHASE_DAYS = 30", ("store_paths.yaml", "store_data.yaml")),
    # Store findings: labels and verdicts.
    Mutant("label-owner-professional-swapped", "label", P,
           '"owner": ("owner-hosted", "老板自播"), "staff": ("staff-hosted", "员工主播"),\n'
           '    "professional": ("professional-hosted", "专业主播")',
           '"owner": ("professional-hosted", "老板自播"), "staff": ("staff-hosted", "员工主播"),\n'
           '    "professional": ("owner-hosted", "专业主播")',
           ("store_paths.yaml",)),
    Mutant("label-host-table-cost-stability-swapped", "label", "advisor/anchor.py",
           '"cost": Cell("high: recurring fee", _PRO, "高：要长期付费"),\n'
           '        "stability": Cell("low: may leave", _PRO, "低：随时可能走人")',
           '"cost": Cell("low: may leave", _PRO, "高：要长期付费"),\n'
           '        "stability": Cell("high: recurring fee", _PRO, "低：随时可能走人")',
           ("anchor_choice.yaml",)),
    Mutant("label-off-topic-detector-blind", "label", "advisor/store/segments.py",
           'return "off_topic" if score < self.thresholds.off else "unclear"',
           'return "unclear"', ("off_topic.yaml", "store_paths.yaml", "store_data.yaml")),
    Mutant("verdict-fee-less-paid-off", "label", P,
           '"no_fee": ("Your data has no fee for that session, so I can\'t tell whether it was "\n'
           '               "worth the money.",',
           '"no_fee": ("Your data has no fee for that session, but it clearly paid for itself.",',
           ("store_paths.yaml",)),
    Mutant("verdict-margin-sign-flipped", "label", F, '"lost_money" if after.value < 0',
           '"lost_money" if after.value > 0', ("store_paths.yaml", "store_data.yaml")),
    Mutant("verdict-healthy-margins-without-costs", "label", P,
           '"no_costs": ("Your product data has no costs, so I can\'t work out margins or "\n'
           '                 "profit; the numbers here are revenue, not profit.",',
           '"no_costs": ("Your margins are healthy, so the numbers here are good news for your "\n'
           '                 "profit.",', ("store_paths.yaml", "data_missing.yaml")),
    Mutant("store-findings-dropped", "label", "advisor/advisor.py",
           "findings = self.select_findings(store, topic, own, u.lang)", "findings = []",
           ("store_data.yaml", "store_paths.yaml")),
    # Composer: hedges, invented claims, lost sections, broken markers.
    Mutant("composer-opposite-also-fine", "composer", C,
           'text = "\\n\\n".join(b for b in w.blocks if b and not b.endswith(("** ", "**")))',
           'text = "\\n\\n".join(b for b in w.blocks if b and not b.endswith(("** ", "**")))'
           ' + "\\n\\nBut the opposite is also fine."', ("general.yaml",)),
    Mutant("composer-invented-claim", "composer", C,
           'return f"{label}{opening} {extra}".strip()',
           'return f"{label}{opening} Most merchants double their sales this way. {extra}"'
           '.strip()', ("general.yaml", "celebrity.yaml")),
    Mutant("composer-no-next-steps", "composer", C,
           'return heading + "\\n" + "\\n".join(lines) if lines else ""', 'return ""',
           ("general.yaml", "interaction.yaml")),
    Mutant("composer-no-avoid", "composer", C, "w.blocks.append(_avoid(w, cards))", "pass",
           ("general.yaml",)),
    Mutant("composer-markers-off-by-one", "composer", C,
           'return f"[{self.cited.index(card_id) + 1}]"',
           'return f"[{self.cited.index(card_id) + 2}]"', ("general.yaml",)),
    Mutant("composer-host-constraints-ignored", "composer", U,
           "shy=_owner_is_shy(question),", "shy=False,", ("anchor_choice.yaml",)),
    # The answer plan: the verdict the first sentence gives.
    Mutant("plan-yes-no-flipped", "composer", "advisor/plan.py",
           'return Verdict("yes", say("yes", lang)) if yes > 0 else Verdict("no", say("no", lang))',
           'return Verdict("no", say("no", lang)) if yes > 0 else Verdict("yes", say("yes", lang))',
           ("answer_path.yaml",)),
    Mutant("plan-store-verdict-flipped", "composer", "advisor/plan.py",
           "lost = (fact.value or 0.0) < 0", "lost = (fact.value or 0.0) > 0",
           ("answer_path.yaml", "store_paths.yaml")),
    # Router and retrieval settings.
    Mutant("router-celebrity-gate-open", "router", T, 'GATED_TOPICS = ("celebrity",)',
           "GATED_TOPICS: tuple[str, ...] = ()", ("general.yaml", "celebrity.yaml")),
    Mutant("router-everything-in-scope", "router", W, "IN_SCOPE_VECTOR = 0.5",
           "IN_SCOPE_VECTOR = -1.0", ("out_of_scope.yaml",)),
    Mutant("router-role-attacks-ignored", "router", U,
           "return bool(ROLE_ATTACK.search(question))", "return False", ("injection.yaml",)),
    Mutant("router-followups-ignored", "router", U,
           "followup = previous is not None and is_followup(own, history)", "followup = False",
           ("followups.yaml",)),
    Mutant("router-keyword-votes-off", "router", W, "KEYWORD_VOTE = 0.35", "KEYWORD_VOTE = 0.0",
           ("general.yaml", "traffic_niche_realness.yaml")),
    Mutant("threshold-top-k-1", "threshold", "", env={"ADVISOR_TOP_K": "1"},
           focus=("anchor.yaml", "card_coverage.yaml")),
    Mutant("threshold-low-confidence-0", "threshold", "", env={"ADVISOR_LOW_CONFIDENCE": "0"},
           focus=("confidence.yaml", "data_missing.yaml")),
)

# The five that `make test` runs (quick mode) to prove the suite is sensitive; their focus
# files need no demo store, so the quick run stays short.
SMOKE = ("card-celebrity-inverted", "metric-conversion-orders", "composer-opposite-also-fine",
         "composer-no-avoid", "label-owner-professional-swapped")


def by_name(names: str | None) -> list[Mutant]:
    """The mutants named (comma-separated), or all; ValueError for an unknown name."""
    if not names:
        return list(CATALOGUE)
    known = {m.name: m for m in CATALOGUE}
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise ValueError(f"unknown mutants: {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n] for n in wanted]
