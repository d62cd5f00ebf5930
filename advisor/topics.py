"""Question routing: in or out of scope, main topic, follow-ups that lean on the history."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.models import ScoredCard, Turn

# Attempts to change the assistant's role or pull out its instructions or secrets.
_ROLE_ATTACK = re.compile(
    r"ignore (all |any |the |your )?(previous|prior|above|earlier)|disregard (all |your )?"
    r"(previous |prior )?(instructions|rules)|system prompt|(show|reveal|print|repeat|tell me|"
    r"what are|give me) (me )?your (instructions|prompt|rules)|you are now|pretend (to be|you are)|"
    r"from now on,? you|act as if you|jailbreak|developer mode|"
    r"\bdan mode\b|api[ _-]?key|secret key|password|reveal (your|the) (prompt|instructions)|"
    r"forget (everything|your instructions)|new persona|roleplay as|忽略(之前|以上)|系统提示",
    re.IGNORECASE,
)
# Words that only come up when the question is about live selling.
_STRONG_DOMAIN = re.compile(
    r"\blive|stream|broadcast|\banchor|celebrit|influencer|\bkol|\bfans?\b|follower|viewer|"
    r"audience|conversion|\bgmv\b|taobao|tmall|douyin|tiktok|e-?commerce|repurchase|merchant|"
    r"off[- ]topic|直播|主播|明星|带货|粉丝|复购|流量|跑题|达人|网红|转化",
    re.IGNORECASE,
)
# Words that suggest selling but also occur in everyday questions ("host a party").
_WEAK_DOMAIN = re.compile(
    r"host|\bstars?\b|famous|\bsell|\bsales?\b|store|shop|brand|product|customer|buyer|"
    r"order|traffic|promot|market|niche|category|catalog|\bsku|session|camera|\bads?\b|"
    r"revenue|profit|deal|discount|engage|interact|comment|店|商品|销量",
    re.IGNORECASE,
)
# Subjects we do not advise on, even when a selling word appears next to them.
_OFF_DOMAIN = re.compile(
    r"recipe|\bcook|dinner party|medicine|medical|doctor|symptom|headache|\btax(es)?\b|"
    r"lawyer|legal advice|python|javascript|\bcode\b|program(ming)?\b|homework|poem|\bjoke|"
    r"weather|football|soccer|capital of|translate|astronom|telescope|\bsky\b|horoscope",
    re.IGNORECASE,
)
_TOPIC_PATTERNS: dict[str, tuple[str, ...]] = {
    "celebrity": (r"celebrit", r"\bstars?\b", r"famous", r"\bidol", r"big[- ]name",
                  r"movie|actor|actress|singer", r"明星", r"\bfee\b.*(star|guest)"),
    "anchor": (r"\bhost", r"\banchor", r"presenter", r"who should (run|do|front|present)",
               r"streamer", r"on camera|camera[- ]shy|\bshy\b", r"\bhire\b|\bsign\b|recruit",
               r"myself|\bowner\b|\bstaff\b|employee|professional", r"主播", r"train (a|my|our)"),
    "off_topic": (r"off[- ]topic", r"danc", r"\bgam(e|es|ing)\b", r"unrelated", r"\bviral\b",
                  r"views? but (no|few|little)|traffic but|viewers but|watch but",
                  r"hot ?spots?|trend|meme", r"entertain", r"跑题", r"not (buy|order)"),
    "product_fit": (r"(which|what) products?|product (fit|suit)|suit(ed|able)? for live",
                    r"categor", r"impulse", r"\bcars?\b|real estate|furniture|snack|beauty|"
                    r"cosmetic|clothing|apparel"),
    "interaction": (r"interact", r"engag", r"comment", r"\bchat", r"participat|take part|join in",
                    r"q ?& ?a|question", r"lonel", r"barrage|danmu|弹幕", r"co-?creat"),
    "old_customers": (r"repeat|repurchase|returning|old customer|existing customer|loyal",
                      r"retention|retain|come back", r"复购|老客"),
    "sincerity": (r"sincer|authentic|genuine|honest", r"feeling|emotion|sentiment|heart",
                  r"\bcute\b|personality|character|scripted|routine", r"情怀|真诚"),
    "traffic": (r"traffic|channel|entrance", r"\bads?\b|advertis|through[- ]train|juhuasuan|"
                r"diamond|flash (sale|deal)|paid", r"team|coordinat|integrat", r"流量"),
    "niche": (r"niche|subculture|sub-culture|segment|small pool|mainstream|hip-hop|anime",),
    "realness": (r"\braw\b|polish|unedited|imperfect|rough|production quality|equipment|"
                 r"fresh|novel|new thing",),
}
_TOPIC_REGEXES = {t: [re.compile(p, re.IGNORECASE) for p in pats]
                  for t, pats in _TOPIC_PATTERNS.items()}
_FOLLOWUP_START = re.compile(
    r"^(and|but|so|also|what about|how about|what if|then|ok(ay)?|why|how come|really|"
    r"same|is that|does that|would that|and if)\b", re.IGNORECASE)
# A question that opens on "that"/"this" ("Does that work for furniture?") points back.
# "Is it worth…" is a dummy "it", so "it" counts only after does/would/will/can/could.
_POINTS_BACK = re.compile(r"^\s*(((does|do|is|would|will|can|could|should)\s+)?(that|this|those)"
                          r"|(does|would|will|can|could)\s+it)\b", re.IGNORECASE)
# Without live-selling words, a question is ours only if a card matches it this well;
# with everyday selling words ("store", "host"), a weaker match is enough.
IN_SCOPE_VECTOR = 0.5
WEAK_DOMAIN_FLOOR = 0.4
# Advice on these topics applies only when the question names them (a question about
# expectations in general must not get the celebrity cards).
GATED_TOPICS = ("celebrity",)
# Each retrieved card votes for its main topic with its score; keywords add this weight.
KEYWORD_VOTE = 0.5


@dataclass(frozen=True)
class Route:
    """Where a question goes: scope, topic, and the query text used for retrieval."""

    scope: str
    topic: str
    query: str
    reason: str = ""
    followup: bool = False


def is_role_attack(question: str) -> bool:
    return bool(_ROLE_ATTACK.search(question))


def has_domain_terms(text: str) -> bool:
    return bool(_STRONG_DOMAIN.search(text) or _WEAK_DOMAIN.search(text))


def keyword_topics(text: str) -> dict[str, int]:
    """How many of each topic's patterns the text matches."""
    hits = {t: sum(bool(p.search(text)) for p in pats) for t, pats in _TOPIC_REGEXES.items()}
    return {t: n for t, n in hits.items() if n}


def last_user_turn(history: Sequence[Turn]) -> Turn | None:
    return next((t for t in reversed(history) if t.role == "user"), None)


def is_followup(question: str, history: Sequence[Turn]) -> bool:
    """Short or pronoun-led questions after an earlier one continue that conversation."""
    if last_user_turn(history) is None:
        return False
    words = question.split()
    if _FOLLOWUP_START.match(question.strip()):
        return True
    if len(words) <= 4 and not keyword_topics(question):
        return True
    return bool(_POINTS_BACK.match(question))


def retrieval_query(question: str, history: Sequence[Turn]) -> tuple[str, bool]:
    """The text to retrieve with: a follow-up is read together with the previous question."""
    previous = last_user_turn(history)
    if previous is not None and is_followup(question, history):
        return f"{previous.content} {question}", True
    return question, False


def gated_out(topic: str, question: str) -> bool:
    """True when the topic needs to be named in the question and is not."""
    return topic in GATED_TOPICS and topic not in keyword_topics(question)


def classify_topic(question: str, candidates: Sequence[ScoredCard],
                   history: Sequence[Turn], followup: bool) -> str:
    """Main topic by keyword hits in the question plus votes of the best-scoring cards."""
    votes: dict[str, float] = defaultdict(float)
    named = keyword_topics(question)
    for topic, n in named.items():
        votes[topic] += KEYWORD_VOTE * n
    for rank, s in enumerate(candidates[:3]):
        if s.card.main_topic in GATED_TOPICS and s.card.main_topic not in named:
            continue
        votes[s.card.main_topic] += s.score * (1.0 if rank == 0 else 0.5)
    if followup:
        previous = _previous_topic(history)
        if previous and not keyword_topics(question):
            return previous
    return max(votes, key=lambda t: votes[t]) if votes else "general"


def _previous_topic(history: Sequence[Turn]) -> str | None:
    return next((t.topic for t in reversed(history) if t.topic), None)


def decide_scope(question: str, query: str, best_vector: float) -> str:
    """Reason for being out of scope ('role' or 'off_domain'), or '' when it is ours."""
    if is_role_attack(question):
        return "role"
    if _STRONG_DOMAIN.search(query):
        return ""
    if _OFF_DOMAIN.search(question):
        return "off_domain"
    if best_vector >= IN_SCOPE_VECTOR:
        return ""
    weak_hits = len({m.group(0).lower() for m in _WEAK_DOMAIN.finditer(query)})
    if (weak_hits >= 2 and best_vector >= WEAK_DOMAIN_FLOOR - 0.15) or (
            weak_hits == 1 and best_vector >= WEAK_DOMAIN_FLOOR):
        return ""
    return "off_domain"
