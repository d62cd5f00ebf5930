"""Every tuned number of the answer path in one place: retrieval, routing, card choice, plan.

Changing one changes answers: run `advisor eval` (and `make mutants` for the router ones).
"""

from __future__ import annotations

# --- retrieval (advisor/retrieval.py) -------------------------------------------------------
VECTOR_WEIGHT = 0.7
KEYWORD_WEIGHT = 0.3
# BM25 scores are normalised against at least this value, so one weak keyword hit
# cannot look like a perfect match when nothing else matches either.
BM25_FLOOR = 8.0
# Nearest chunks fetched per query: enough to score every card that can matter;
# cards outside them score 0 on the vector side and compete on keywords only.
VECTOR_HITS = 64
MAIN_TOPIC_BOOST = 0.08
# Cards on a topic the question does not name (a celebrity card for a question about
# repeat buyers) drop this much, so they join only when nothing else fits.
UNNAMED_TOPIC_PENALTY = 0.15
SIDE_TOPIC_BOOST = 0.04
# Chinese questions (DESIGN §12): MiniLM is an English model, so its similarity between two
# Chinese texts is close to noise; the ranking leans on BM25 over jieba words of the cards'
# Chinese fields. The fused score stays on the English scale (a strong match near 1), so the
# topic boost and the low-confidence threshold read it the same way.
ZH_VECTOR_WEIGHT = 0.2
ZH_KEYWORD_WEIGHT = 0.8
# Chinese BM25 is normalised against at least this (in-scope questions top out around 10-15,
# unrelated ones below 5), so a stray shared word is not a perfect match.
ZH_BM25_FLOOR = 8.0

# --- routing (advisor/topics.py) -----------------------------------------------------------
# Without live-selling words, a question is ours only if a card matches it this well;
# with everyday selling words ("store", "host"), a weaker match is enough.
IN_SCOPE_VECTOR = 0.5
WEAK_DOMAIN_FLOOR = 0.4
# Votes: each matching keyword pattern; the best cards (main topic, then side topics) by
# rank; and, for a follow-up, the topic of the conversation so far.
KEYWORD_VOTE = 0.35
RANK_WEIGHTS = (1.0, 0.6, 0.4, 0.3, 0.2)
SIDE_TOPIC_SHARE = 0.3
PREVIOUS_TOPIC_VOTE = 0.8

# --- which cards and steps an answer uses (advisor/compose.py) -----------------------------
MAX_STEPS = 4
# Step ordering costs: later cards and later bullets cost more; shared words with the
# question earn a step its place.
CARD_RANK_COST = 1.0
BULLET_COST = 0.45
OVERLAP_GAIN = 0.4
# How far behind the lead card a runner-up may score and still join the answer.
SCORE_GAP = 0.12
SAME_TOPIC_RATIO = 0.5

# --- the verdict (advisor/plan.py) ---------------------------------------------------------
# Where costs are missing, GMV per yuan of fee is all there is (DESIGN §5).
PAID_OFF_ROI = 3.0
BARELY_COVERED_ROI = 1.5
# The card's advice is its claim; its Do and Don't bullets weigh less.
ADVICE_WEIGHT = 2
BULLET_WEIGHT = 1
