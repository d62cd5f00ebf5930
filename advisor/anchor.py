"""Choosing the host: the options against the article's criteria, the merchant's constraints,
and one deterministic recommendation that says which evidence drove it.

Every rating in the comparison table names the card it comes from; every number comes from
a StoreFact (the store's results by anchor type), never from this module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from advisor.models import Finding, StoreFact
from advisor.text import escape_markdown
from advisor.understand.model import Constraints
from advisor.understand.phrases import HOST_CHOICE
from advisor.understand.read import parse_constraints  # noqa: F401 - re-exported

StoreRows = Mapping[str, Mapping[str, StoreFact]]  # anchor type -> metric -> fact

CRITERIA: tuple[tuple[str, str], ...] = (
    ("time", "Your time"), ("talent", "On-camera talent"), ("cost", "Cost"),
    ("stability", "Stability"), ("brand_fit", "Brand fit"),
    ("product_knowledge", "Product knowledge"))
STORE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sessions", "Sessions"), ("conversion", "Conversion"), ("gpm", "GMV per thousand viewers"),
    ("returning_buyer_share", "Returning buyers"), ("fee_roi", "GMV per yuan of fee"))
# With store columns the table keeps only these ratings, so that it fits a chat column.
STORE_CRITERIA = ("cost", "stability", "brand_fit")
NO_DATA = "—"


@dataclass(frozen=True)
class Cell:
    """One qualitative rating and the card that supports it."""

    rating: str
    card: str


@dataclass(frozen=True)
class HostOption:
    key: str  # the anchor_type in the store data
    label: str
    sessions_name: str  # "owner-hosted", as the store findings say it
    cells: Mapping[str, Cell]


_OWNER, _STAFF, _PRO = ("anchor-store-owner-first", "cultivate-your-own-anchor",
                        "anchor-professional-cost-stability")
_PARTNER, _CELEB, _TONE, _KNOW = ("partner-with-influencer-experts", "celebrity-not-the-norm",
                                  "anchor-fits-brand-tone", "anchor-must-know-products")

OPTIONS: tuple[HostOption, ...] = (
    HostOption("owner", "You, the owner", "owner-hosted", {
        "time": Cell("high: your own hours", _OWNER), "talent": Cell("depends on you", _OWNER),
        "cost": Cell("low: no fee", "anchor-owner-vs-pro"), "stability": Cell("high", _OWNER),
        "brand_fit": Cell("high: you are the brand", _OWNER),
        "product_knowledge": Cell("high", _OWNER)}),
    HostOption("staff", "Staff you cultivate", "staff-hosted", {
        "time": Cell("medium: training", _STAFF), "talent": Cell("trainable", _STAFF),
        "cost": Cell("low: salary you already pay", _STAFF),
        "stability": Cell("high: stays with the store", _STAFF),
        "brand_fit": Cell("high", _STAFF), "product_knowledge": Cell("high", _STAFF)}),
    HostOption("professional", "Signed professional", "professional-hosted", {
        "time": Cell("low", _PRO), "talent": Cell("high", _PRO),
        "cost": Cell("high: recurring fee", _PRO), "stability": Cell("low: may leave", _PRO),
        "brand_fit": Cell("depends", _TONE), "product_knowledge": Cell("must be trained", _KNOW)}),
    HostOption("influencer", "Influencer or expert partner", "influencer-hosted", {
        "time": Cell("low", _PARTNER), "talent": Cell("high", _PARTNER),
        "cost": Cell("fee or commission", _PARTNER),
        "stability": Cell("low: their audience", _PARTNER),
        "brand_fit": Cell("depends on the match", _PARTNER),
        "product_knowledge": Cell("depends: experts high", _PARTNER)}),
    HostOption("celebrity", "Celebrity", "celebrity-hosted", {
        "time": Cell("low", _CELEB), "talent": Cell("star power", _CELEB),
        "cost": Cell("very high", _CELEB), "stability": Cell("one-off", _CELEB),
        "brand_fit": Cell("low: fans follow the star", "celebrity-fans-follow-the-star"),
        "product_knowledge": Cell("low", _KNOW)}),
)
BY_KEY = {o.key: o for o in OPTIONS}
# How a store finding says a host type has too few sessions to compare (store/facts.py).
TOO_FEW = "too few sessions to compare."


@dataclass(frozen=True)
class Recommendation:
    option: str  # a key of OPTIONS
    reasons: tuple[str, ...]
    evidence: tuple[StoreFact, ...] = ()

    @property
    def label(self) -> str:
        return BY_KEY[self.option].label


def blocked_options(c: Constraints) -> set[str]:
    """Options the constraints rule out; a celebrity is never the standing host."""
    blocked = {"celebrity"}
    if c.shy or c.no_time:
        blocked.add("owner")
    if c.no_staff:
        blocked.add("staff")
    if c.tight_budget:
        blocked |= {"professional", "influencer"}
    if c.long_term:
        blocked.add("influencer")
    if c.host_left:  # a hired host walking away is the risk the guidance names
        blocked |= {"professional", "influencer"}
    return blocked


def _rule_choice(c: Constraints, allowed: Sequence[str]) -> str:
    """Owner first; then your own staff; a professional when money allows and staff cannot."""
    if c.big_budget and not c.long_term and "professional" in allowed and "owner" not in allowed:
        return "professional"
    return allowed[0] if allowed else "owner"


def _constraint_reasons(c: Constraints) -> list[str]:
    said = [("shy", "you are not at ease on camera"), ("no_time", "you have little time to stream"),
            ("tight_budget", "your budget is tight"), ("big_budget", "you have budget for a fee"),
            ("no_staff", "there is no one on your staff to train"),
            ("long_term", "you want a host for the long term"),
            ("host_left", "your last host left")]
    return [f"you said {text}" for key, text in said if getattr(c, key)]


def _value(rows: StoreRows, key: str, metric: str) -> float | None:
    fact = rows.get(key, {}).get(metric)
    return fact.value if fact is not None else None


def _beats(rows: StoreRows, a: str, b: str) -> bool:
    """a wins over b on conversion and on returning-buyer share (group totals)."""
    conv_a, conv_b = _value(rows, a, "conversion"), _value(rows, b, "conversion")
    ret_a, ret_b = _value(rows, a, "returning_buyer_share"), _value(rows, b,
                                                                      "returning_buyer_share")
    if conv_a is None:
        return False
    if conv_b is None:
        return True
    return conv_a > conv_b and (ret_a or 0.0) >= (ret_b or 0.0)


def recommend_host(constraints: Constraints, store_rows: StoreRows | None = None,
                   among: Sequence[str] | None = None) -> Recommendation:
    """One host option: the rules pick, and the store's own results may overturn the pick
    when another allowed option wins on both conversion and returning buyers. `among`: the
    options the merchant named ("me or a pro?"); the pick is one of them."""
    allowed = [o.key for o in OPTIONS if o.key not in blocked_options(constraints)]
    if among:
        allowed = [k for k in allowed if k in among] or [o.key for o in OPTIONS
                                                           if o.key in among]
    choice = _rule_choice(constraints, allowed)
    reasons = _constraint_reasons(constraints)
    rows = store_rows or {}
    leader = next((k for k in allowed if all(_beats(rows, k, o) for o in allowed if o != k)), None)
    if leader and leader != choice and _value(rows, leader, "conversion") is not None and (
            _beats(rows, leader, choice)):
        reasons.append("your own results favour it")
        choice = leader
    if choice == "owner" and not constraints.shy and not constraints.no_time:
        reasons.insert(0, "the owner is the first choice of host when time and talent allow")
    evidence, sentence = _evidence(rows, choice, [k for k in allowed if k != choice])
    return Recommendation(choice, tuple([*reasons, *sentence]), evidence)


def _evidence(rows: StoreRows, choice: str, alternatives: Sequence[str],
              ) -> tuple[tuple[StoreFact, ...], list[str]]:
    """The comparison that backs the choice: its conversion and returning buyers against the
    strongest other allowed host type; when a ruled-out type converts best, say so."""
    own = rows.get(choice, {})
    measured = [k for k in rows if _value(rows, k, "conversion") is not None]
    others = [k for k in measured if k in alternatives] or [k for k in measured if k != choice]
    rival = max(others, key=lambda k: _value(rows, k, "conversion") or 0.0, default=None)
    best = max(measured, key=lambda k: _value(rows, k, "conversion") or 0.0, default=None)
    if not rows:
        return (), []
    if "conversion" not in own or rival is None:
        return (), [f"your store has no {BY_KEY[choice].sessions_name} sessions yet to check it "
                    "against"]
    facts = [own["conversion"], rows[rival]["conversion"]]
    text = (f"your {BY_KEY[choice].sessions_name} sessions convert {own['conversion'].display} "
            f"against {rows[rival]['conversion'].display} for your "
            f"{BY_KEY[rival].sessions_name} sessions")
    ret, ret_rival = own.get("returning_buyer_share"), rows[rival].get("returning_buyer_share")
    if ret is not None and ret_rival is not None and ret.value is not None:
        text += (f", and {ret.display} of their buyers had bought from you before, against "
                 f"{ret_rival.display}")
        facts += [ret, ret_rival]
    if best not in (None, choice, rival) and best == "owner":
        top = rows["owner"]["conversion"]
        text += (f"; your owner-hosted sessions convert best ({top.display}), so keep the owner "
                 "on a few key sessions if you can")
        facts.append(top)
    return tuple(facts), [text]


def recommendation_sentence(rec: Recommendation) -> str:
    why = "; ".join(rec.reasons)
    return f"**{rec.label}** should host your streams" + (f", because {why}." if why else ".")


def store_rows(findings: Sequence[Finding]) -> dict[str, dict[str, StoreFact]]:
    """The facts of the findings that describe one anchor type, by type and metric."""
    rows: dict[str, dict[str, StoreFact]] = {}
    for finding in findings:
        if finding.group in BY_KEY:
            rows.setdefault(finding.group, {}).update({f.metric: f for f in finding.facts})
    return rows


def comparison_table(rows: StoreRows | None, marker: Callable[[str], str] | None = None) -> str:
    """The options side by side as a Markdown table; store columns only with a store."""
    criteria = [c for c in CRITERIA if c[0] in STORE_CRITERIA] if rows else list(CRITERIA)
    columns = [*criteria, *(STORE_COLUMNS if rows else ())]
    head = "| Host | " + " | ".join(title for _, title in columns) + " |"
    lines = [head, "|" + "---|" * (len(columns) + 1)]
    for option in OPTIONS:
        cells = [option.cells[key].rating for key, _ in criteria]
        if rows:
            facts = rows.get(option.key, {})
            cells += [_display(facts.get(metric)) for metric, _ in STORE_COLUMNS]
        lines.append(f"| {option.label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ranking_line(rows: StoreRows) -> str:
    """Your host types from best to worst conversion, e.g. "owner-hosted 3.1%, ..."."""
    measured = [k for k in rows if _value(rows, k, "conversion") is not None]
    measured.sort(key=lambda k: -(_value(rows, k, "conversion") or 0.0))
    names = [f"{BY_KEY[k].sessions_name if k in BY_KEY else k} "
             f"{rows[k]['conversion'].display}" for k in measured]
    return f"By conversion, your sessions rank: {', '.join(names)}." if names else ""


def _display(fact: StoreFact | None) -> str:
    """A table cell: the fact's display, escaped (a `$` currency must not start math)."""
    return escape_markdown(fact.display) if fact is not None and fact.value is not None \
        else NO_DATA


# The card that argues for each option: it must not speak in an answer that picks another.
CHAMPIONS: dict[str, str] = {_OWNER: "owner", _STAFF: "staff", _PARTNER: "influencer"}
# The card that makes the case for each option, where one does.
PICK_CARDS: dict[str, str] = {"owner": _OWNER, "staff": _STAFF, "influencer": _PARTNER,
                              "professional": _PRO}


def consistent_cards(card_ids: Sequence[str], choice: str) -> list[str]:
    """The cards that do not argue for an option other than the one recommended."""
    return [cid for cid in card_ids if CHAMPIONS.get(cid, choice) == choice]


def table_cards() -> tuple[str, ...]:
    """Every card a rating in the table comes from, in first-use order."""
    seen: dict[str, None] = {}
    for option in OPTIONS:
        for key, _ in CRITERIA:
            seen.setdefault(option.cells[key].card, None)
    return tuple(seen)


def asks_host_choice(question: str) -> bool:
    """Who-should-host, compare-the-options or should-I-host questions (and any question
    stating a constraint the recommendation can use)."""
    return bool(HOST_CHOICE.search(question))
