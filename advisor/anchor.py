"""Choosing the host: the options against the article's criteria, the merchant's constraints,
and one deterministic recommendation that says which evidence drove it.

Every rating in the comparison table names the card it comes from; every number comes from
a StoreFact (the store's results by anchor type), never from this module. Every phrase has
an English and a Chinese text; the functions that write take `lang` ("en" or "zh").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from advisor.glossary import metric_name
from advisor.models import Finding, StoreFact
from advisor.store.phrases import anchor_name, check_lang
from advisor.text import escape_markdown
from advisor.understand.model import Constraints
from advisor.understand.phrases import HOST_CHOICE
from advisor.understand.read import parse_constraints  # noqa: F401 - re-exported

StoreRows = Mapping[str, Mapping[str, StoreFact]]  # anchor type -> metric -> fact

CRITERIA: tuple[tuple[str, str], ...] = (
    ("time", "Your time"), ("talent", "On-camera talent"), ("cost", "Cost"),
    ("stability", "Stability"), ("brand_fit", "Brand fit"),
    ("product_knowledge", "Product knowledge"))
CRITERIA_ZH: dict[str, str] = {
    "time": "你的时间", "talent": "镜头表现力", "cost": "成本", "stability": "稳定性",
    "brand_fit": "品牌契合度", "product_knowledge": "产品熟悉度"}
HOST_HEADER = {"en": "Host", "zh": "主播"}
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
    rating_zh: str = ""

    def text(self, lang: str = "en") -> str:
        return self.rating_zh if lang == "zh" and self.rating_zh else self.rating


@dataclass(frozen=True)
class HostOption:
    key: str  # the anchor_type in the store data
    label: str
    sessions_name: str  # "owner-hosted", as the store findings say it
    cells: Mapping[str, Cell]
    label_zh: str = ""

    def label_in(self, lang: str = "en") -> str:
        return self.label_zh if check_lang(lang) == "zh" and self.label_zh else self.label


_OWNER, _STAFF, _PRO = ("anchor-store-owner-first", "cultivate-your-own-anchor",
                        "anchor-professional-cost-stability")
_PARTNER, _CELEB, _TONE, _KNOW = ("partner-with-influencer-experts", "celebrity-not-the-norm",
                                  "anchor-fits-brand-tone", "anchor-must-know-products")

OPTIONS: tuple[HostOption, ...] = (
    HostOption("owner", "You, the owner", "owner-hosted", {
        "time": Cell("high: your own hours", _OWNER, "高：占用你自己的时间"),
        "talent": Cell("depends on you", _OWNER, "看你自己"),
        "cost": Cell("low: no fee", "anchor-owner-vs-pro", "低：不用付费"),
        "stability": Cell("high", _OWNER, "高"),
        "brand_fit": Cell("high: you are the brand", _OWNER, "高：你就是品牌"),
        "product_knowledge": Cell("high", _OWNER, "高")}, "老板自播"),
    HostOption("staff", "Staff you cultivate", "staff-hosted", {
        "time": Cell("medium: training", _STAFF, "中：要花时间培养"),
        "talent": Cell("trainable", _STAFF, "可以培养"),
        "cost": Cell("low: salary you already pay", _STAFF, "低：本来就在发的工资"),
        "stability": Cell("high: stays with the store", _STAFF, "高：人留在店里"),
        "brand_fit": Cell("high", _STAFF, "高"),
        "product_knowledge": Cell("high", _STAFF, "高")}, "员工主播"),
    HostOption("professional", "Signed professional", "professional-hosted", {
        "time": Cell("low", _PRO, "低"), "talent": Cell("high", _PRO, "高"),
        "cost": Cell("high: recurring fee", _PRO, "高：要长期付费"),
        "stability": Cell("low: may leave", _PRO, "低：随时可能走人"),
        "brand_fit": Cell("depends", _TONE, "看情况"),
        "product_knowledge": Cell("must be trained", _KNOW, "需要培训")}, "专业主播"),
    HostOption("influencer", "Influencer or expert partner", "influencer-hosted", {
        "time": Cell("low", _PARTNER, "低"), "talent": Cell("high", _PARTNER, "高"),
        "cost": Cell("fee or commission", _PARTNER, "坑位费或佣金"),
        "stability": Cell("low: their audience", _PARTNER, "低：粉丝是对方的"),
        "brand_fit": Cell("depends on the match", _PARTNER, "看是否匹配"),
        "product_knowledge": Cell("depends: experts high", _PARTNER, "看人：行业专家懂得多"),
    }, "达人主播"),
    HostOption("celebrity", "Celebrity", "celebrity-hosted", {
        "time": Cell("low", _CELEB, "低"), "talent": Cell("star power", _CELEB, "明星光环"),
        "cost": Cell("very high", _CELEB, "非常高"), "stability": Cell("one-off", _CELEB, "一次性"),
        "brand_fit": Cell("low: fans follow the star", "celebrity-fans-follow-the-star",
                          "低：粉丝跟着明星走"),
        "product_knowledge": Cell("low", _KNOW, "低")}, "明星"),
)
BY_KEY = {o.key: o for o in OPTIONS}
# How a store finding says a host type has too few sessions to compare (store/facts.py);
# such findings also carry kind "too_few", which is what a reader should check.
TOO_FEW = "too few sessions to compare."
TOO_FEW_ZH = "场次太少，还不能拿来比较。"


class Reason(str):
    """A reason for the host pick. It is its English text (so English callers read it as the
    str it always was) and carries its Chinese text for `recommendation_sentence(lang="zh")`."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Reason:
        reason = super().__new__(cls, en)
        reason.zh = zh
        return reason

    def text(self, lang: str = "en") -> str:
        return self.zh if check_lang(lang) == "zh" else str(self)


TOO_FEW_REASON = Reason("each of your host types has too few sessions for your own numbers to "
                        "decide it", "你每种主播类型的场次都太少，你自己的数字还说明不了该选谁")


def next_choice_reason(before: str) -> Reason:
    """"It is the next choice after <the option picked before>" (a follow-up's "instead")."""
    option = BY_KEY[before]
    return Reason(f"it is the next choice after {option.label.lower()}",
                  f"这是排在{option.label_in('zh')}之后的下一个选择")


_NEXT_AFTER = re.compile(r"it is the next choice after (.+)")


def reason_text(reason: str, lang: str = "en") -> str:
    """A reason in `lang`; a plain English str from before Reason existed is matched to its
    Chinese where it is one of the known ones."""
    if isinstance(reason, Reason) or check_lang(lang) == "en":
        return reason.text(lang) if isinstance(reason, Reason) else reason
    if reason == TOO_FEW_REASON:
        return TOO_FEW_REASON.zh
    after = _NEXT_AFTER.fullmatch(reason)
    key = next((o.key for o in OPTIONS if after and o.label.lower() == after.group(1)), None)
    return next_choice_reason(key).zh if key else reason


@dataclass(frozen=True)
class Recommendation:
    option: str  # a key of OPTIONS
    reasons: tuple[str, ...]
    evidence: tuple[StoreFact, ...] = ()

    @property
    def label(self) -> str:
        return BY_KEY[self.option].label

    def label_in(self, lang: str = "en") -> str:
        return BY_KEY[self.option].label_in(lang)


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


_SAID: tuple[tuple[str, str, str], ...] = (
    ("shy", "you are not at ease on camera", "自己面对镜头不自在"),
    ("no_time", "you have little time to stream", "没多少时间做直播"),
    ("tight_budget", "your budget is tight", "预算紧张"),
    ("big_budget", "you have budget for a fee", "有预算付主播费用"),
    ("no_staff", "there is no one on your staff to train", "店里没有可以培养的员工"),
    ("long_term", "you want a host for the long term", "想找一个长期的主播"),
    ("host_left", "your last host left", "上一个主播走了"))
FIRST_CHOICE = Reason("the owner is the first choice of host when time and talent allow",
                      "只要时间和镜头表现允许，老板本人就是主播的首选")
FAVOURED = Reason("your own results favour it", "你自己的数据也支持这个选择")


def _constraint_reasons(c: Constraints) -> list[str]:
    return [Reason(f"you said {en}", f"你说{zh}") for key, en, zh in _SAID if getattr(c, key)]


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
        reasons.append(FAVOURED)
        choice = leader
    if choice == "owner" and not constraints.shy and not constraints.no_time:
        reasons.insert(0, FIRST_CHOICE)
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
        return (), [Reason(f"your store has no {BY_KEY[choice].sessions_name} sessions yet to "
                           "check it against",
                           f"你的店铺还没有{anchor_name(choice, 'zh')}的场次可以拿来对照")]
    conv, conv_rival = own["conversion"], rows[rival]["conversion"]
    facts = [conv, conv_rival]
    mine, theirs = BY_KEY[choice].sessions_name, BY_KEY[rival].sessions_name
    en = (f"your {mine} sessions convert {conv.display} against {conv_rival.display} for your "
          f"{theirs} sessions")
    zh = (f"你的{anchor_name(choice, 'zh')}场次转化率 {conv.display}，而{anchor_name(rival, 'zh')}"
          f"场次是 {conv_rival.display}")
    ret, ret_rival = own.get("returning_buyer_share"), rows[rival].get("returning_buyer_share")
    if ret is not None and ret_rival is not None and ret.value is not None:
        en += (f", and {ret.display} of their buyers had bought from you before, against "
               f"{ret_rival.display}")
        zh += f"，老客占比分别是 {ret.display} 和 {ret_rival.display}"
        facts += [ret, ret_rival]
    if best not in (None, choice, rival) and best == "owner":
        top = rows["owner"]["conversion"]
        en += (f"; your owner-hosted sessions convert best ({top.display}), so keep the owner "
               "on a few key sessions if you can")
        zh += (f"；你的老板自播场次转化率最高（{top.display}），所以可以的话，"
               "关键的几场还是让老板自己上")
        facts.append(top)
    return tuple(facts), [Reason(en, zh)]


def recommendation_sentence(rec: Recommendation, lang: str = "en") -> str:
    """"**X** should host your streams, because …" in `lang`."""
    if check_lang(lang) == "zh":
        why = "；".join(reason_text(r, "zh") for r in rec.reasons)
        return f"建议由**{rec.label_in('zh')}**来做你的直播" + (f"，因为{why}。" if why else "。")
    why = "; ".join(rec.reasons)
    return f"**{rec.label}** should host your streams" + (f", because {why}." if why else ".")


def store_rows(findings: Sequence[Finding]) -> dict[str, dict[str, StoreFact]]:
    """The facts of the findings that describe one anchor type, by type and metric."""
    rows: dict[str, dict[str, StoreFact]] = {}
    for finding in findings:
        if finding.group in BY_KEY:
            rows.setdefault(finding.group, {}).update({f.metric: f for f in finding.facts})
    return rows


def comparison_table(rows: StoreRows | None, marker: Callable[[str], str] | None = None,
                     lang: str = "en") -> str:
    """The options side by side as a Markdown table in `lang`; store columns only with a
    store."""
    zh = check_lang(lang) == "zh"
    criteria = [c for c in CRITERIA if c[0] in STORE_CRITERIA] if rows else list(CRITERIA)
    criteria = [(key, CRITERIA_ZH[key]) for key, _ in criteria] if zh else criteria
    store = [(m, metric_name(m, "zh")) for m, _ in STORE_COLUMNS] if zh else list(STORE_COLUMNS)
    columns = [*criteria, *(store if rows else ())]
    head = f"| {HOST_HEADER[lang]} | " + " | ".join(title for _, title in columns) + " |"
    lines = [head, "|" + "---|" * (len(columns) + 1)]
    for option in OPTIONS:
        cells = [option.cells[key].text(lang) for key, _ in criteria]
        if rows:
            facts = rows.get(option.key, {})
            cells += [_display(facts.get(metric)) for metric, _ in STORE_COLUMNS]
        lines.append(f"| {option.label_in(lang)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ranking_line(rows: StoreRows, lang: str = "en") -> str:
    """Your host types from best to worst conversion, e.g. "owner-hosted 3.1%, ..."."""
    zh = check_lang(lang) == "zh"
    measured = [k for k in rows if _value(rows, k, "conversion") is not None]
    measured.sort(key=lambda k: -(_value(rows, k, "conversion") or 0.0))
    if zh:
        names = [f"{anchor_name(k, 'zh')} {rows[k]['conversion'].display}" for k in measured]
        return f"按转化率排序，你的场次依次是：{'、'.join(names)}。" if names else ""
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
