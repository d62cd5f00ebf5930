"""Card stances: the real cards hold their stances and match the pins; each check can fail."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from advisor.evals.stances import (
    affirm_matches,
    current,
    deny_matches,
    pin_diff,
    pinned,
    stance_problems,
    write_pins,
    zh_stance_problems,
)
from advisor.models import CardText, GuidanceCard, Stance
from tests.unit.unit_fakes import make_card

ROOT = Path(__file__).resolve().parents[3]
PINS = ROOT / "evals" / "stances.lock.yaml"

ON_TOPIC = Stance(
    claim="stay on topic: every segment about what you sell",
    affirm=(r"(?<!don't )keep every segment about what you sell",),
    deny=(r"(?<!don't )go off[- ]topic (freely|whenever)", r"entertainment (alone )?is enough"),
)


def on_topic_card(advice: str | None = None) -> GuidanceCard:
    card = make_card("stay-on-topic", topics=("off_topic",), section="S4",
                     advice=advice or "Keep every segment about what you sell. Dancing is a "
                     "detour. Show the products.")
    return replace(card, stance=ON_TOPIC)


def test_real_cards_hold_their_stances(cards: list[GuidanceCard]) -> None:
    problems = stance_problems(cards)
    assert not problems, "\n".join(problems)


def test_real_cards_equal_the_pinned_stances(cards: list[GuidanceCard]) -> None:
    assert PINS.is_file(), f"{PINS} is missing: run `advisor eval --pin-stances`"
    diff = pin_diff(cards, PINS)
    assert not diff, "\n".join(diff)


def test_every_real_card_has_two_deny_patterns(cards: list[GuidanceCard]) -> None:
    thin = [c.id for c in cards if c.stance is None or len(c.stance.deny) < 2]
    assert not thin, f"cards with fewer than two deny patterns: {thin}"


def test_a_sound_fake_card_has_no_problems() -> None:
    assert stance_problems([on_topic_card()]) == []


def test_inverted_advice_fails_the_affirm_check() -> None:
    inverted = on_topic_card(advice="Don't keep every segment about what you sell. Go off topic "
                             "freely. Entertainment is enough.")
    problems = stance_problems([inverted])
    assert any("no affirm pattern matches the first advice sentence" in p for p in problems)
    assert deny_matches(inverted, inverted.advice)  # and an answer quoting it says the inversion
    assert not affirm_matches(inverted, inverted.advice)


def test_a_card_without_a_stance_is_reported() -> None:
    assert stance_problems([make_card("no-stance")]) == ["no-stance: no stance"]


def test_a_single_deny_pattern_is_reported() -> None:
    card = replace(on_topic_card(), stance=replace(ON_TOPIC, deny=ON_TOPIC.deny[:1]))
    assert any("at least two deny patterns" in p for p in stance_problems([card]))


def test_a_deny_pattern_matching_any_card_text_is_reported() -> None:
    # Another card's Do bullet says what the deny pattern forbids: answers mixing the two
    # cards would be flagged, so the pattern is wrong.
    other = make_card("trend-demo", do=("Go off topic freely when a trend fits a product.",))
    problems = stance_problems([on_topic_card(), other])
    assert "trend-demo: no stance" in problems
    assert any("matches the text of trend-demo" in p and "go off topic freely" in p
               for p in problems), problems


def test_a_negated_sentence_does_not_trip_a_deny_pattern_with_a_lookbehind() -> None:
    other = make_card("no-drift", dont=("Don't go off topic freely.",))
    assert stance_problems([on_topic_card(), other]) == ["no-drift: no stance"]


ON_TOPIC_ZH = replace(ON_TOPIC, affirm_zh=(r"每个环节都围绕你卖的东西",),
                      deny_zh=(r"(?<!不要)(?<!别)跑题(也)?(没关系|无所谓)",
                               r"(娱乐|跳舞)(就)?(够了|足够)"))


def zh_card(card_id: str, advice: str, dont: tuple[str, ...] = ("不要跳舞。",),
            stance: Stance | None = ON_TOPIC_ZH) -> GuidanceCard:
    text = CardText(title=f"{card_id}的标题", advice=advice, why="原因一。原因二。",
                    do=("多演示产品。",), dont=dont)
    return replace(make_card(card_id, topics=("off_topic",), section="S4"), zh=text,
                   stance=stance)


def test_real_cards_hold_their_chinese_stances(cards: list[GuidanceCard]) -> None:
    problems = zh_stance_problems(cards)
    assert not problems, "\n".join(problems)


def test_a_sound_chinese_card_has_no_chinese_stance_problems() -> None:
    card = zh_card("stay-on-topic", "让每个环节都围绕你卖的东西。娱乐只是配角。",
                   dont=("不要跑题。",))
    assert zh_stance_problems([card]) == []


def test_inverted_chinese_advice_fails_the_affirm_zh_check() -> None:
    inverted = zh_card("stay-on-topic", "跑题也没关系。娱乐就够了，不必每个环节都围绕你卖的东西。")
    problems = zh_stance_problems([inverted])
    assert any("no affirm_zh pattern matches the first 建议 sentence" in p for p in problems)
    assert any("matches the Chinese text of stay-on-topic" in p for p in problems), problems


def test_a_deny_zh_pattern_matching_another_cards_chinese_is_reported() -> None:
    card = zh_card("stay-on-topic", "让每个环节都围绕你卖的东西。娱乐只是配角。")
    other = zh_card("dance-demo", "跳舞够了就停。跑题无所谓的时候很少。", stance=None)
    problems = zh_stance_problems([card, other])
    assert any("matches the Chinese text of dance-demo" in p and "跑题无所谓" in p
               for p in problems), problems


def test_a_chinese_card_with_too_few_deny_zh_patterns_is_reported() -> None:
    thin = replace(ON_TOPIC_ZH, deny_zh=ON_TOPIC_ZH.deny_zh[:1])
    card = zh_card("stay-on-topic", "让每个环节都围绕你卖的东西。娱乐只是配角。", stance=thin)
    assert any("two deny_zh patterns" in p for p in zh_stance_problems([card]))


def test_pins_round_trip_and_a_changed_claim_is_a_diff(tmp_path: Path) -> None:
    pins = tmp_path / "stances.lock.yaml"
    card = on_topic_card()
    write_pins([card], pins)
    assert pinned(pins) == current([card])
    assert pin_diff([card], pins) == []
    changed = replace(card, stance=replace(ON_TOPIC, claim="off topic is fine"))
    diff = pin_diff([changed], pins)
    assert len(diff) == 1
    assert diff[0].startswith("card stay-on-topic changed its stance: review the card and the "
                              "eval cases that cite it together, then run "
                              "`advisor eval --pin-stances` and say why in the commit")
    assert "claim" in diff[0]


def test_changed_patterns_new_and_removed_cards_are_diffs(tmp_path: Path) -> None:
    pins = tmp_path / "stances.lock.yaml"
    card = on_topic_card()
    write_pins([card], pins)
    looser = replace(card, stance=replace(ON_TOPIC, deny=ON_TOPIC.deny[:1]))
    assert "(changed: deny)" in pin_diff([looser], pins)[0]
    newcomer = replace(make_card("newcomer"), stance=ON_TOPIC)
    assert any("newcomer has a new stance" in d for d in pin_diff([card, newcomer], pins))
    assert any("stay-on-topic lost its pinned stance" in d for d in pin_diff([newcomer], pins))


def test_missing_pin_file_pins_nothing(tmp_path: Path) -> None:
    assert pinned(tmp_path / "absent.yaml") == {}
