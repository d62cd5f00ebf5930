"""understand(question, history) -> Understanding: language, intent, details, constraints."""

from __future__ import annotations

import re
from collections.abc import Sequence

from advisor.glossary import metric_named
from advisor.models import Turn
from advisor.understand import phrases as ph
from advisor.understand.lexicon import (
    ROLE_ATTACK,
    STRONG_DOMAIN,
    TOPIC_REGEXES,
    VIEWS_NOT_ORDERS_ZH,
    uncovered_subject,
)
from advisor.understand.model import Constraints, Details, Money, Quantity, Understanding

_QUOTED = re.compile(r"[\"'“‘「『]([^\"“”‘’「」『』]{3,}?)[\"'”’」』]")
# A sentence ends at . ! ? before a space (not inside 2.5% or 127.0.0.1), or at 。！？.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_VIEWS_NOT_ORDERS = re.compile(VIEWS_NOT_ORDERS_ZH)
# Without a store, a budget per show below this counts as tight (currency units).
TIGHT_BUDGET_PER_SHOW = 5000.0
# At most this many streams a month means the owner is short of time.
FEW_STREAMS_A_MONTH = 4
_MULTIPLIERS = {"k": 1000.0, "w": 10000.0, "万": 10000.0, "千": 1000.0}
FORMS = {"yes_no": "should", "choose": "compare", "how": "how", "why": "why"}


def language_of(text: str) -> str:
    """'zh' when CJK characters outnumber Latin letters a third of the way, else 'en'."""
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    return "zh" if cjk and cjk * 3 >= latin else "en"


# "Please answer in Chinese" / "用英文回答": an explicit request decides the answer's language.
_ASKS_ZH = re.compile(r"\b(in|into) (chinese|mandarin)\b|用中文|中文回答|说中文|讲中文", re.I)
_ASKS_EN = re.compile(r"\b(in|into) english\b|用英文|英文回答|用英语|英语回答", re.I)
# A turn this short without Chinese ("GMV?", "why?") keeps the conversation's language.
BARE_TURN_WORDS = 2


def answer_language(text: str, previous: str = "") -> str:
    """The language to answer in: an explicit request, else the question's own language, and
    for a bare short follow-up the language of the question before it."""
    if _ASKS_ZH.search(text):
        return "zh"
    if _ASKS_EN.search(text):
        return "en"
    if previous and not _CJK.search(text) and len(text.split()) <= BARE_TURN_WORDS:
        return language_of(previous)
    return language_of(text)


def intent_of(question: str) -> str:
    """One of INTENT_NAMES: the first intent whose phrases match, else 'open'."""
    if ph.DEFINE_LEAD.search(question) and metric_named(question) and not ph.BENCHMARK.search(
            question):
        return "define"
    return next((name for name, rx in ph.INTENTS if rx.search(question)), "open")


def question_form(question: str) -> str:
    """The answer's shape: 'should', 'how', 'why', 'compare' or 'what'."""
    return FORMS.get(intent_of(question), "what")


def is_role_attack(question: str) -> bool:
    return bool(ROLE_ATTACK.search(question))


def strip_injection(question: str) -> str:
    """The question without quoted text or sentences that try to give us instructions."""
    return remove_instructions(question)[0]


def remove_instructions(question: str) -> tuple[str, bool]:
    """The asker's own words, and whether an instruction addressed to us was removed.

    Store and user text is data: "My product is called 'Ignore previous instructions…' —
    should I host a celebrity?" still asks a real question once the quote is removed.
    """
    if not is_role_attack(question):
        return " ".join(question.split()), False
    unquoted = _QUOTED.sub(lambda m: "" if is_role_attack(m.group(1)) else m.group(0), question)
    kept = [s for s in _SENTENCE_END.split(unquoted) if s and not is_role_attack(s)]
    return " ".join(" ".join(kept).split()), True


def keyword_topics(text: str) -> dict[str, int]:
    """How many of each topic's patterns the text matches."""
    hits = {t: sum(bool(p.search(text)) for p in pats) for t, pats in TOPIC_REGEXES.items()}
    return {t: n for t, n in hits.items() if n}


def last_user_turn(history: Sequence[Turn]) -> Turn | None:
    return next((t for t in reversed(history) if t.role == "user"), None)


def is_short(question: str) -> bool:
    if language_of(question) == "zh":
        return len(_CJK.findall(question)) <= ph.SHORT_TURN_CJK
    return len(question.split()) <= ph.SHORT_TURN_WORDS


def is_followup(question: str, history: Sequence[Turn]) -> bool:
    """Short, pronoun-led or "instead" turns after an earlier question continue it."""
    if last_user_turn(history) is None:
        return False
    text = question.strip()
    if ph.FOLLOWUP_START.match(text) or ph.POINTS_BACK.match(text):
        return True
    if intent_of(text) == "instead" and not keyword_topics(text):
        return True
    if len(text.split()) <= 4 and language_of(text) == "en" and not keyword_topics(text):
        return True
    return is_short(text) and not keyword_topics(text) and not STRONG_DOMAIN.search(text)


def followup_context(question: str) -> str:
    """'and for a snack shop?' -> 'a snack shop': the new situation a follow-up names."""
    match = ph.CONTEXT_LEAD.match(question)
    return match.group(1).strip() if match else ""


def parse_constraints(question: str) -> Constraints:
    """The constraints a question states, e.g. "I'm shy on camera" -> shy=True."""
    budget = _budget_amount(question)
    return Constraints(
        no_time=bool(ph.NO_TIME.search(question)) or _few_streams(question),
        shy=_owner_is_shy(question),
        tight_budget=bool(ph.TIGHT.search(question)) or (
            budget is not None and budget < TIGHT_BUDGET_PER_SHOW),
        big_budget=not ph.TIGHT.search(question) and (bool(ph.BIG.search(question)) or (
            budget is not None and budget >= TIGHT_BUDGET_PER_SHOW)),
        no_staff=bool(ph.NO_STAFF.search(question)),
        long_term=bool(ph.LONG_TERM.search(question)),
        already_tried=bool(ph.ALREADY_TRIED.search(question)),
        host_left=bool(ph.HOST_LEFT.search(question)))


def _owner_is_shy(question: str) -> bool:
    """Shy or new on camera, said of the merchant: "my sister has never streamed" is about
    the sister (a candidate host), not about the owner."""
    for match in ph.SHY.finditer(question):
        before = re.split(r"[.,;!?，。；！？]", question[:match.start()])[-1]
        if not ph.THIRD_PERSON.search(before):
            return True
    return False


def _few_streams(question: str) -> bool:
    match = ph.PER_MONTH.search(question)
    if not match:
        return False
    word = (match.group(1) or match.group(4) or "").lower()
    count = int(word) if word.isdigit() else ph.WORD_NUMBERS.get(word, 0)
    return 0 < count <= FEW_STREAMS_A_MONTH


def _budget_amount(question: str) -> float | None:
    match = ph.BUDGET_AMOUNT.search(question)
    if not match:
        return None
    number, mult = (match.group(1), match.group(2)) if match.group(1) else (
        match.group(3), match.group(4))
    return float(number.replace(",", "")) * _MULTIPLIERS.get((mult or "").lower(), 1.0)


def money_amounts(text: str) -> tuple[Money, ...]:
    """Every amount of money named: ¥5,000, 5万, 30k, 200 yuan, 10k (after a money word)."""
    found = []
    for m in ph.MONEY.finditer(text):
        number = m.group("n1") or m.group("n2") or m.group("n3")
        mult = (m.group("m1") or m.group("m2") or m.group("m3") or "").lower()
        value = float(number.replace(",", "")) * _MULTIPLIERS.get(mult, 1.0)
        found.append(Money(value, m.group(0).strip()))
    return tuple(found)


def details_of(text: str) -> Details:
    """The merchant's details named in the text (product, people, money, counts, durations)."""
    product = ph.PRODUCT.search(text)
    money_spans = [m.span() for m in ph.MONEY.finditer(text)]
    counts = tuple(Quantity(float(m.group("n").replace(",", "")), m.group("what").lower(),
                            m.group(0).strip()) for m in ph.COUNT.finditer(text)
                   if not any(a <= m.start() < b for a, b in money_spans))
    durations = tuple(Quantity(float(m.group("n")), m.group("unit").lower(), m.group(0).strip())
                      for m in ph.DURATION.finditer(text))
    return Details(
        product=next((g for g in (product.groups() if product else ()) if g), "").strip(),
        people=tuple(dict.fromkeys(m.group(0).lower() for m in ph.PEOPLE.finditer(text))),
        money=money_amounts(text), counts=counts, durations=durations,
        platforms=tuple(dict.fromkeys(m.group(0).lower() for m in ph.PLATFORMS.finditer(text))))


def options_of(question: str) -> tuple[str, ...]:
    """The two options a "choose" question names, e.g. ("host myself", "hire a pro")."""
    match = ph.OPTIONS.search(question)
    if not match:
        return ()
    pair = [_QUESTION_LEAD.sub("", g).strip(" ,") for g in match.groups() if g]
    return tuple(pair[:2]) if len(pair) >= 2 else ()


# "Should we spend on ads first, or go live daily?": the option is "spend on ads first".
_QUESTION_LEAD = re.compile(r"^\s*(?:should|shall|do|would|can|could|must) (?:i|we|you)\s+", re.I)


def understand(question: str, history: Sequence[Turn] = ()) -> Understanding:
    """Everything but the topic, which needs the retrieved cards (topics.classify_topic)."""
    question = " ".join(question.split())
    own, injected = remove_instructions(question)
    previous = last_user_turn(history)
    followup = previous is not None and is_followup(own, history)
    intent = intent_of(own)
    constraints = parse_constraints(own)
    if followup and previous is not None:
        constraints = constraints.merged(_earlier_constraints(history))
        if intent == "open":
            intent = intent_of(previous.content)
    query = f"{previous.content} {own}" if followup and previous is not None else own
    return Understanding(
        question=question, text=own, intent=intent,
        lang=answer_language(own or question, previous.content if followup and previous else ""),
        details=details_of(own), constraints=constraints, followup=followup,
        previous=previous.content if followup and previous is not None else "",
        previous_answer=_last_answer(history) if followup else "", query=query,
        context=followup_context(own) if followup else "",
        options=options_of(own) if intent == "choose" else (), injected=injected,
        subject=subject_of(own),
        gap=uncovered_subject(own) or "")


def _earlier_constraints(history: Sequence[Turn]) -> Constraints:
    merged = Constraints()
    for turn in history:
        if turn.role == "user":
            merged = parse_constraints(turn.content).merged(merged)
    return merged


def _last_answer(history: Sequence[Turn]) -> str:
    return next((t.content for t in reversed(history) if t.role == "assistant"), "")


def subject_of(text: str) -> str:
    """A topic the question names beyond doubt: a famous guest with a fee, a booking or a
    "worth it" is a celebrity question, whatever the cards' votes say."""
    named = any(rx.search(text) for rx in TOPIC_REGEXES["celebrity"])
    if named and (ph.WORTH.search(text) or ph.MONEY.search(text)):
        return "celebrity"
    if _VIEWS_NOT_ORDERS.search(text):
        return "off_topic"  # 人很多但是下单的人很少: traffic without transactions
    if ph.OVERVIEW.search(text) and not keyword_topics(text):
        return "general"  # no card's words decide an overview; the store's headline does
    return ""
