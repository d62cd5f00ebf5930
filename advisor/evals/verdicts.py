"""Answer-path evaluators: the verdict leads, uncovered subjects are said, follow-ups add news.

Pure functions (case, answer, context) -> EvalResult like those in whole.py. They never call
the code under test: verdict shapes come from this module's own patterns, the expected store
verdict from the independent reference over the raw rows (advisor.evals.reference).
"""

from __future__ import annotations

import re

from advisor.evals import templates as tpl
from advisor.evals.cases import EvalCase, normalize_text, phrase_matches
from advisor.evals.results import EvalContext, EvalResult, not_applicable, verdict
from advisor.evals.whole import answer_sentences, lead_sentence
from advisor.models import Answer

LEAD = "lead"
GAP_NOTE = "gap_note"
MAX_OVERLAP = "max_overlap"
STORE_VERDICT = "store_verdict"

# How a first sentence gives each kind of verdict, in English and in Chinese.
_OPENS: dict[str, re.Pattern[str]] = {
    "yes": re.compile(r"^\W*(yes\b|是的|可以|建议这样做|值得|按成交额算，值得)", re.I),
    "no": re.compile(r"^\W*(no\b|不建议|不值得|不要|别)", re.I),
    "only_if": re.compile(r"^\W*(only (if|when)\b|只有|要看)", re.I),
    "gap": re.compile(r"my guidance doesn't cover|none of my guidance covers|我的建议不涉及|"
                      r"我的建议里没有直接回答", re.I),
}
_ANY_VERDICT = re.compile(r"^\W*(yes|no|only (if|when))\b|^\W*(my guidance doesn't cover|none of "
                          r"my guidance covers)|\bshould host\b|^\W*go with\b|"
                          r"^\W*(是的|可以|建议这样做|不建议|值得|不值得|只有|要看|选|我的建议不涉及)|"
                          r"来(当|做)?主播|由.{1,12}(主播|来播)", re.I)
_GAP_LINE = re.compile(r"^_?my guidance doesn't cover [^;]{3,60}, so i won't guess at it|"
                       r"^_?我的建议不涉及.{2,30}，这方面我不瞎猜", re.I)
# "Was the celebrity worth it?", "did the star pay off", "should we rebook her".
WORTH_QUESTION = re.compile(r"\bworth\b|\bpa(y|id) (off|back|for itself)|\brebook|\bagain\b|"
                            r"值得|值不值|划算|回本", re.I)
CELEBRITY_WORDS = re.compile(r"celebrit|\bstars?\b|famous|\bsinger|\bactor|\bidol|明星|网红|歌手|"
                             r"演员", re.I)
# Where costs are missing, the contract judges on GMV per yuan of fee (DESIGN §5).
PAID_OFF_ROI, BARELY_COVERED_ROI = 3.0, 1.5


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def lead(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """The first sentence gives the verdict: yes/no questions, "which of these two", gaps."""
    want = case.expect.verdict
    asked = bool(tpl.YES_NO_QUESTION.search(case.question))
    if answer.scope != "in" or not (want or case.expect.pick or asked):
        return not_applicable(LEAD, "no verdict asked for")
    first = lead_sentence(answer.text)
    if want == "gap" or (want is None and _OPENS["gap"].search(first)):
        ok = bool(_OPENS["gap"].search(first))
    elif want in _OPENS:
        ok = bool(_OPENS[want].search(first))
    else:
        ok = bool(_ANY_VERDICT.search(first))
    if ok and case.expect.pick:
        ok = any(phrase_matches(p, first) for p in case.expect.pick)
    expected = want or ("one of " + " / ".join(case.expect.pick) if case.expect.pick
                        else "a verdict")
    return verdict(LEAD, ok, float(ok), f"first sentence {'gives' if ok else 'lacks'} "
                   f"{expected}: {first[:120]!r}")


def gap_note(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """An uncovered subject is named first; a covered one never gets the note."""
    want = case.expect.gap
    if want is None:
        return not_applicable(GAP_NOTE)
    first = normalize_text(_first_line(answer.text)).strip("_ ")
    said = bool(_GAP_LINE.search(first))
    anywhere = any(p in normalize_text(answer.text) for p in ("my guidance doesn't cover",
                                                               "我的建议不涉及"))
    ok = said if want else not anywhere
    detail = ("opens with the gap note" if said else f"first line: {first[:90]!r}") if want else (
        "no gap note" if ok else "says the guidance doesn't cover a covered subject")
    return verdict(GAP_NOTE, ok, float(ok), detail)


def overlap_share(answer_text: str, previous: str) -> float:
    """The share of the answer's sentences that the previous answer already said."""
    mine = [normalize_text(s) for s in answer_sentences(answer_text)]
    before = {normalize_text(s) for s in answer_sentences(previous)}
    return sum(s in before for s in mine) / len(mine) if mine else 0.0


def max_overlap(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """A follow-up adds what is new: it repeats at most `max_overlap` of the last answer."""
    limit = case.expect.max_overlap
    previous = next((t.content for t in reversed(case.history) if t.role == "assistant"), "")
    if limit is None or not previous or answer.scope != "in":
        return not_applicable(MAX_OVERLAP)
    share = overlap_share(answer.text, previous)
    ok = share <= limit
    return verdict(MAX_OVERLAP, ok, 1.0 - share,
                   f"{share:.0%} of the sentences repeat the last answer (at most {limit:.0%})")


def expected_store_verdict(case: EvalCase, ctx: EvalContext) -> tuple[str, str] | None:
    """("yes"|"no"|"only_if", the display that decides it) for the store's celebrity session
    with the most viewers, from the independent reference; None when the data can't say."""
    if case.store is None:
        return None
    ref = ctx.reference_for(case.store)
    celeb = [s for s in ref.sessions.values() if s.anchor_type == "celebrity"]
    if not celeb:
        return None
    sid = max(celeb, key=lambda s: s.viewers).session_id
    if not ref.sessions[sid].fee:
        return None
    after = ref.value("margin_after_fee", [sid])
    if after is not None:
        return ("no" if after < 0 else "yes"), ref.display("margin_after_fee", [sid])
    roi = ref.value("fee_roi", [sid])
    if roi is None:
        return None
    kind = "yes" if roi >= PAID_OFF_ROI else "no" if roi < BARELY_COVERED_ROI else "only_if"
    return kind, ref.display("fee_roi", [sid])


def store_verdict(case: EvalCase, answer: Answer, ctx: EvalContext) -> EvalResult:
    """"Was the celebrity worth it?" with a store: the data's verdict leads, with its number,
    and where the data says yes it says that this goes against the general advice."""
    if answer.scope != "in" or not (WORTH_QUESTION.search(case.question)
                                    and CELEBRITY_WORDS.search(case.question)):
        return not_applicable(STORE_VERDICT, "not a store 'worth it' question")
    expected = expected_store_verdict(case, ctx)
    if expected is None:
        return not_applicable(STORE_VERDICT, "the store's data can't decide it")
    kind, display = expected
    first = _first_line(answer.text)
    problems = []
    if not _OPENS[kind].search(lead_sentence(answer.text)):
        problems.append(f"expected {kind!r} first: {lead_sentence(answer.text)[:90]!r}")
    if display not in first:
        problems.append(f"the deciding number {display} is not in the first paragraph")
    if kind == "yes" and not re.search(r"(disagrees with|goes against) the general advice|"
                                       r"和通用建议(不一样|的判断相反)", normalize_text(first)):
        problems.append("the data contradicts the general advice but the answer doesn't say so")
    if problems:
        return verdict(STORE_VERDICT, False, 0.0, "; ".join(problems))
    return verdict(STORE_VERDICT, True, 1.0, f"{kind} on the store's numbers ({display}) first")


ANSWER_PATH = (lead, gap_note, max_overlap, store_verdict)
