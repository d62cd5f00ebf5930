"""The eval suite's own reference of answer shapes: named sentence templates, host cues, ratings.

Written from the answer contract (DESIGN §6, §11), not imported from the composer, so that a
composer that invents a sentence, hedges its verdict or swaps a rating is caught.
"""

from __future__ import annotations

import re

from advisor.evals.cases import normalize_text

_NUM = r"(?:-?¥?[\d,]+(?:\.\d+)?%?|n/a)"
_DATE = r"\d{4}-\d{2}-\d{2}"
_HOSTED = r"(?:owner|staff|professional|influencer|celebrity)-hosted"

# Sentences the grounded composer and the store findings may write besides card sentences.
# Matched against the normalised sentence (lower case, no markers or labels), whole.
TEMPLATES: dict[str, str] = {
    "low_confidence_note": r"none of my guidance covers this question directly; this is the "
                           r"closest advice i have\.",
    "gap_note": r"my guidance doesn't cover [^;]{3,60}, so i won't guess at it; this is the "
                r"closest advice i have\.",
    "ignored_instructions": r"your message contained instructions addressed to me; i treated "
                            r"them as text and answered the question itself\.",
    "no_guidance": r"i don't have guidance on that yet\.|i can help with choosing a live host.*",
    # The same notes in Chinese (advisor/wording.py writes them; these are written apart).
    "low_confidence_note_zh": r"我的建议里没有直接回答这个问题的内容；下面是最接近的一条。",
    "gap_note_zh": r"我的建议不涉及[^；]{2,30}，这方面我不瞎猜；下面是最接近的一条。",
    "ignored_instructions_zh": r"你的消息里有写给我的指令；"
                               r"我把它们当作普通文字，只回答了问题本身。",
    "no_guidance_zh": r"这个问题我还没有相关的建议。|我能帮你的是：.*",
    "host_pick": r"(you, the owner|staff you cultivate|signed professional|influencer or expert "
                 r"partner|celebrity) should host your streams, because .+",
    "host_ranking": r"by conversion, your sessions rank: .+",
    "host_ratings_source": r"ratings from the host guidance\.?",
    "host_ratings_source_zh": r"评分依据主播相关的建议。?",
    "no_store_note": r".*(pick|choose|select) (a|your) store.*|.*i can't see your store.*",
    "no_sessions": r"your store data has no live sessions yet, so i can't check this advice "
                   r"against your own numbers\.",
    "no_celebrity": r"your store data has no celebrity-hosted sessions, so your own numbers "
                    r"can't show what a celebrity would do for you\.",
    "session_headline": rf"your (celebrity session|busiest session) on {_DATE} drew {_NUM} "
                        rf"viewers and converted (only )?{_NUM} of them(, against {_NUM} (in your "
                        rf"other sessions|across all your sessions))*\.",
    "fee_return": rf"its gmv was {_NUM} times its fee \({_NUM} of gmv(, {_NUM} after refunds,)? "
                  rf"against a {_NUM} fee\)\.",
    "no_fee": r"your data has no fee for that session, so i can't tell whether it was worth "
              r"the money\.",
    "paid_off": rf"here your own data disagrees with the general advice: this celebrity session "
                rf"earned {_NUM} after product costs and the fee \({_NUM} of margin before the "
                rf"fee\), so it paid for itself; look at whether its new buyers keep ordering "
                rf"before you decide to book another\.",
    "lost_money": rf"after product costs and the fee it lost money: its orders left {_NUM} of "
                  rf"margin, and {_NUM} once the fee is taken off\.",
    "thin_return": r"that is the thin return the general advice warns about\.",
    "fee_only": r"your products have no costs, so i judge it on gmv per yuan of fee only and "
                r"can't tell whether it made a profit(: on that measure (it brought in well over "
                r"its fee(, which goes against the general advice)?|its gmv barely covered the "
                r"fee, which is what the general advice warns "
                r"about|its gmv covered the fee, but not by much))?\.",
    "no_costs": r"your product data has no costs, so i can't work out margins or profit; the "
                r"numbers here are revenue, not profit\.",
    "no_competitors": r"your store data covers only your own store, so i don't have "
                      r"competitors' or industry numbers to compare with; the figures here are "
                      r"yours alone\.",
    "no_ad_spend": r"your store data has no ad spend, so i can't tell whether paid promotion "
                   r"paid back\.",
    "host_group_few": rf"your {_HOSTED} sessions \({_NUM}\) converted {_NUM} of viewers, {_NUM} "
                      rf"per thousand viewers, but that is too few sessions to compare\.",
    "loyalty": rf"{_NUM} of (that session's|your live sessions'|their) (first-time )?buyers "
               rf"(had bought from you before|ordered again within 60 days)(, against {_NUM} "
               rf"in your other sessions)?\.",
    "host_group": rf"your {_HOSTED} sessions \({_NUM}\) converted {_NUM} of viewers, {_NUM} per "
                  rf"thousand viewers(, with gmv at {_NUM} times the fees paid)?(,? and {_NUM} of "
                  rf"their buyers had bought from you before)?\.",
    "off_topic_groups": rf"your {_NUM} off-topic sessions \(.+\) drew {_NUM} viewers in all but "
                        rf"converted {_NUM} of them, {_NUM} per thousand viewers(, against {_NUM} "
                        rf"and {_NUM} in the rest)?\.",
    "off_topic_items": r"the items marked off-topic in those sessions: .+",
    "no_off_topic": r"none of your sessions' run-of-show items read as mostly off-topic: at most "
                    r"a few items per session were about something other than your products or "
                    r"selling them\.",
    "run_of_show": r"its run-of-show was: .+",
    "store_headline": rf"your {_NUM} live sessions drew {_NUM} viewers, converted {_NUM} of them "
                      rf"and brought {_NUM} of gmv \({_NUM} of your store's gmv\), {_NUM} per "
                      rf"order\.",
    "session_report": rf"your session on {_DATE} \([^)]+\) drew {_NUM} viewers, converted "
                      rf"{_NUM} of them and brought {_NUM} of gmv, against {_NUM} conversion "
                      rf"across all your sessions\.",
    "no_session_that_day": r"your store data has no live session on that day\.",
    "glossary": r"[^.]{2,60} means [^.]{8,200}\.",
    "glossary_store": r"i show it next to your own numbers whenever you pick a store\.",
    "repurchase_rate": rf"store-wide, {_NUM} of your customers have ordered two or more times\.",
}
_COMPILED = {name: re.compile(pattern) for name, pattern in TEMPLATES.items()}


def template_of(sentence: str) -> str | None:
    """The name of the template this sentence fills, or None."""
    text = normalize_text(sentence)
    return next((name for name, rx in _COMPILED.items() if rx.fullmatch(text)), None)


# A line's leading bold label ("**Why.**", "**My recommendation:**", "**Next steps**").
LABEL = re.compile(r"^\*\*[^*]{1,60}?\*\*\s*")
# Phrases that take a recommendation back.
HEDGE = re.compile(r"\b(the opposite (is|works) (also|just as)|either way (is|works) (fine|just)|"
                   r"it doesn't (really )?matter (which|what)|ignore (the|this) advice|"
                   r"both are equally (good|fine)|(is|are) also fine\.?$)", re.I)
CAUTION = re.compile(r"\*\*(avoid|watch out|caution|don't)[^*]{0,20}\*\*|\*\*(避免|注意|不要)",
                     re.I)
YES_NO_QUESTION = re.compile(
    r"^\s*(should|shall|do (i|we) need|is it (worth|wise|a good idea|smart|ok)|would it|"
    r"(is|are|was|were) (it|that|this|they|she|he|the|our|my) .{0,60}worth)\b|"
    r"\bworth (it|the (fee|money|cost)|paying|hiring)\b|(^|[.!?]\s+)(should|shall) (i|we)\b|"
    r"要不要|值得|该不该|是否",
    re.I)
VERDICT = re.compile(r"my recommendation|in short|^\W*(yes|no)\b|\b(don'?t|do not|avoid|never|"
                     r"should|shouldn't|first choice|worth|not worth|only (if|when)|skip)\b|"
                     r"建议|不要|值得|应该", re.I)

HOST_OPTIONS = ("owner", "staff", "professional", "influencer", "celebrity")
_PICK = re.compile(r"(you, the owner|staff you cultivate|signed professional|influencer or expert "
                   r"partner|celebrity) should host")
_PICK_NAMES = {"you, the owner": "owner", "staff you cultivate": "staff",
               "signed professional": "professional", "influencer or expert partner": "influencer",
               "celebrity": "celebrity"}
# Sentences that only make sense when a given option hosts (steps included).
_OPTION_CUES = {
    "owner": re.compile(r"make the (store )?owner your first choice|owner's calendar|"
                        r"find out whether you enjoy presenting"),
    "professional": re.compile(r"(sign|hire) a professional (host|anchor) (now|first|for)"),
    "celebrity": re.compile(r"book (a|the) celebrity (for|as) (your|every)"),
}


def recommended_host(sentence: str) -> str | None:
    """The host option a sentence recommends, if it recommends one."""
    text = normalize_text(sentence)
    match = _PICK.search(text)
    if match:
        return _PICK_NAMES[match.group(1)]
    return next((opt for opt, rx in _OPTION_CUES.items() if rx.search(text)), None)


_LABELS = {"owner": r"\bowner", "staff": r"\bstaff", "professional": r"\bprofessional",
           "influencer": r"\binfluencer", "celebrity": r"\bcelebrit"}


def host_labels(unit: str) -> set[str]:
    """The host types a sentence or table row names."""
    text = normalize_text(unit)
    return {opt for opt, rx in _LABELS.items() if re.search(rx, text)}


# The host comparison table's ratings, as the host cards give them (pinned reference).
HOST_RATINGS: dict[str, dict[str, str]] = {
    "owner": {"your time": "high: your own hours", "cost": "low: no fee", "stability": "high",
              "brand fit": "high: you are the brand", "product knowledge": "high"},
    "staff": {"your time": "medium: training", "cost": "low: salary you already pay",
              "stability": "high: stays with the store", "product knowledge": "high"},
    "professional": {"cost": "high: recurring fee", "stability": "low: may leave",
                     "product knowledge": "must be trained"},
    "influencer": {"cost": "fee or commission", "stability": "low: their audience"},
    "celebrity": {"cost": "very high", "stability": "one-off",
                  "brand fit": "low: fans follow the star"},
}
_ROW_OPTION = {"you, the owner": "owner", "staff you cultivate": "staff",
               "signed professional": "professional", "influencer or expert partner": "influencer",
               "celebrity": "celebrity"}


def table_rows(text: str) -> dict[str, dict[str, str]]:
    """The host table of an answer: option -> {column (lower case): cell}; {} without one."""
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("|")]
    if len(lines) < 3:
        return {}
    header = [normalize_text(c) for c in lines[0].strip("|").split("|")]
    rows: dict[str, dict[str, str]] = {}
    for line in lines[2:]:
        cells = [normalize_text(c) for c in line.strip("|").split("|")]
        option = _ROW_OPTION.get(cells[0])
        if option:
            rows[option] = dict(zip(header, cells, strict=False))
    return rows if "host" in header else {}
