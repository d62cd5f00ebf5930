"""The knowledge base (DESIGN §3) and the card parser's error messages."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from advisor.knowledge import (
    CardError,
    card_chunks,
    card_search_text,
    first_sentence,
    load_cards,
    parse_card,
    split_sentences,
)
from advisor.models import SECTIONS, TOPICS, GuidanceCard
from advisor.settings import Settings
from advisor.text import normalize_sentence

ROOT = Path(__file__).resolve().parents[2]
GUIDANCE_DIR = ROOT / "knowledge" / "guidance"
README = ROOT / "knowledge" / "README.md"
# DESIGN.md names the article relative to the repo root: ../shared/seeds/...
ARTICLE = Settings.from_env().article_path.resolve()  # ADVISOR_ARTICLE_PATH overrides
CARD_FILES = sorted(GUIDANCE_DIR.glob("*.md"))
COPY_RUN = 8

needs_article = pytest.mark.skipif(not ARTICLE.is_file(), reason=f"{ARTICLE} is absent")


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z]+", text.lower()) if w]


def _ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _prose(card: GuidanceCard) -> str:
    """Everything a card says in words (front matter ids, sections and metric names excluded)."""
    return " ".join([card.title, card.advice, card.why, *card.do, *card.dont, card.data_note,
                     *card.questions, *card.keywords])


# --- the shipped cards ---------------------------------------------------------------------

def test_every_card_file_parses(cards: list[GuidanceCard]) -> None:
    assert CARD_FILES, f"no cards in {GUIDANCE_DIR}"
    assert len(cards) == len(CARD_FILES)
    assert {Path(c.source).name for c in cards} == {p.name for p in CARD_FILES}


def test_ids_are_unique_and_equal_the_file_name(cards: list[GuidanceCard]) -> None:
    ids = [c.id for c in cards]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert [c.id for c in cards if c.id != Path(c.source).stem] == []


def test_cards_use_only_known_sections_and_topics(cards: list[GuidanceCard]) -> None:
    assert {c.section for c in cards} <= set(SECTIONS)
    assert {t for c in cards for t in c.topics} <= set(TOPICS)


def test_every_section_has_a_card(cards: list[GuidanceCard]) -> None:
    per_section = Counter(c.section for c in cards)
    assert [s for s in SECTIONS if per_section[s] < 1] == []


@pytest.mark.parametrize("section", ["S4", "S5"])
def test_the_big_sections_have_at_least_five_cards(cards: list[GuidanceCard],
                                                   section: str) -> None:
    assert sum(c.section == section for c in cards) >= 5


@pytest.mark.parametrize(("topic", "minimum"),
                         [("anchor", 5), ("celebrity", 4), ("off_topic", 4)])
def test_core_subjects_have_several_cards(cards: list[GuidanceCard], topic: str,
                                          minimum: int) -> None:
    on_topic = [c.id for c in cards if c.main_topic == topic or topic in c.topics]
    assert len(on_topic) >= minimum, on_topic


@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: p.stem)
def test_card_has_advice_why_and_do_bullets(path: Path) -> None:
    card = parse_card(path.read_text(encoding="utf-8"), str(path))
    assert card.advice.strip()
    assert card.why.strip()
    assert len(card.do) >= 1
    assert all(step.strip() for step in card.do)
    assert first_sentence(card.advice), "the first Advice sentence is the direct answer"


def test_first_advice_sentence_is_unique_across_cards(cards: list[GuidanceCard]) -> None:
    firsts = Counter(normalize_sentence(first_sentence(c.advice)) for c in cards)
    assert [s for s, n in firsts.items() if n > 1] == []


def test_readme_mentions_every_card_id(cards: list[GuidanceCard]) -> None:
    readme = README.read_text(encoding="utf-8")
    mentioned = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", readme))
    assert [c.id for c in cards if c.id not in mentioned] == []


@needs_article
@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: p.stem)
def test_card_copies_no_run_of_eight_words_from_the_article(path: Path) -> None:
    article = _ngrams(_words(ARTICLE.read_text(encoding="utf-8")), COPY_RUN)
    copied = _ngrams(_words(path.read_text(encoding="utf-8")), COPY_RUN) & article
    assert sorted(" ".join(g) for g in copied) == []


@needs_article
@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: p.stem)
def test_every_number_in_a_card_comes_from_the_article(path: Path) -> None:
    article_numbers = set(re.findall(r"\d+", ARTICLE.read_text(encoding="utf-8")))
    card = parse_card(path.read_text(encoding="utf-8"), str(path))
    assert sorted(set(re.findall(r"\d+", _prose(card))) - article_numbers) == []


def test_copy_check_would_catch_a_copied_sentence() -> None:
    """The 8-word check itself works: a sentence with punctuation changes still matches."""
    source = "Dad Wu Zun's live broadcast of selling milk powder attracted more fans."
    card_text = "As we know, dad wu zun's LIVE broadcast, of selling milk -- powder!"
    assert _ngrams(_words(source), COPY_RUN) & _ngrams(_words(card_text), COPY_RUN)


# --- the Chinese fields (DESIGN §12) ------------------------------------------------------

CJK_COPY_RUN = 12  # Chinese has no spaces: a run of this many characters counts as copied
_CJK = re.compile(r"[\u3400-\u9fff]+")
_NUMBER_EN = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion|thousand)?", re.IGNORECASE)
_NUMBER_ZH = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万|亿|千)?")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "千": 1e3, "万": 1e4, "亿": 1e8}


def _values(text: str, pattern: re.Pattern[str]) -> set[float]:
    """Every number in the text as a value: "1.2 million" and "120万" are both 1,200,000."""
    return {round(float(m.group(1).replace(",", "")) * _SCALE.get((m.group(2) or "").lower(), 1), 2)
            for m in pattern.finditer(text)}


def _zh_prose(card: GuidanceCard) -> str:
    """What a card says in Chinese. questions_zh are left out: they are the merchant's words
    (a 5万 budget, two sessions) and never reach an answer as a claim."""
    zh = card.zh
    assert zh is not None, f"{card.id} has no Chinese fields"
    return " ".join([zh.title, zh.advice, zh.why, *zh.do, *zh.dont, zh.data_note, *zh.keywords])


def _cjk_runs(text: str, n: int = CJK_COPY_RUN) -> set[str]:
    return {run[i:i + n] for run in _CJK.findall(text) for i in range(len(run) - n + 1)}


def _zh_number_problems(card: GuidanceCard, article: str) -> list[str]:
    allowed = _values(article, _NUMBER_EN) | _values(article, _NUMBER_ZH)
    return sorted(m.group(0) for m in _NUMBER_ZH.finditer(_zh_prose(card))
                  if round(float(m.group(1).replace(",", "")) * _SCALE.get(m.group(2) or "", 1),
                           2) not in allowed)


def _zh_copies(card: GuidanceCard, source: str) -> list[str]:
    return sorted(_cjk_runs(_zh_prose(card)) & _cjk_runs(source))


@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: p.stem)
def test_card_has_complete_chinese_fields(path: Path) -> None:
    card = parse_card(path.read_text(encoding="utf-8"), str(path))
    assert card.zh is not None, f"{path.name}: no Chinese fields (title_zh, ## 建议, ...)"
    zh = card.zh
    assert 2 <= len(split_sentences(zh.advice)) <= 4, zh.advice
    assert 2 <= len(zh.do) <= 4 and 1 <= len(zh.dont) <= 3
    assert 9 <= len(zh.questions) <= 12, len(zh.questions)
    assert 1 <= len(zh.keywords) <= 10, zh.keywords
    assert bool(zh.data_note) == bool(card.data_note), "## 数据另有说法时 iff the English note"
    assert card.stance is not None and card.stance.affirm_zh and len(card.stance.deny_zh) >= 2
    assert all(_CJK.search(q) for q in zh.questions)
    assert not re.search(r"[,;:!?](?=[\u3400-\u9fff])", zh.advice + zh.why), "full-width marks"


def test_chinese_first_advice_sentences_and_all_sentences_are_unique(
        cards: list[GuidanceCard]) -> None:
    with_zh = [c for c in cards if c.zh is not None]
    firsts = Counter(normalize_sentence(first_sentence(c.zh.advice)) for c in with_zh if c.zh)
    assert [s for s, n in firsts.items() if n > 1] == []
    owners: dict[str, set[str]] = {}
    for card in with_zh:
        assert card.zh is not None
        for text in (card.zh.advice, card.zh.why, *card.zh.do, *card.zh.dont, card.zh.data_note):
            for sentence in split_sentences(text):
                owners.setdefault(normalize_sentence(sentence), set()).add(card.id)
    assert {s: ids for s, ids in owners.items() if len(ids) > 1} == {}


def test_chinese_questions_are_not_repeated_across_cards(cards: list[GuidanceCard]) -> None:
    seen = Counter(normalize_sentence(q) for c in cards if c.zh for q in c.zh.questions)
    assert [q for q, n in seen.items() if n > 1] == []


@needs_article
@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: p.stem)
def test_every_number_in_a_cards_chinese_comes_from_the_article(path: Path) -> None:
    card = parse_card(path.read_text(encoding="utf-8"), str(path))
    if card.zh is None:
        pytest.skip("no Chinese fields (test_card_has_complete_chinese_fields reports it)")
    assert _zh_number_problems(card, ARTICLE.read_text(encoding="utf-8")) == []


@needs_article
@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: p.stem)
def test_cards_chinese_copies_no_run_from_the_article(path: Path) -> None:
    card = parse_card(path.read_text(encoding="utf-8"), str(path))
    if card.zh is None:
        pytest.skip("no Chinese fields (test_card_has_complete_chinese_fields reports it)")
    assert _zh_copies(card, ARTICLE.read_text(encoding="utf-8")) == []


def test_chinese_checks_catch_planted_violations() -> None:
    """The Chinese number and copy checks fail on a card that breaks them, and 万 forms of the
    article's figures pass."""
    raw = "直播的魅力在于原始粗糙的感觉和未经设计的真实感。"
    article = ("A stream drew more than 70,000 fans and 1.2 million in sales; another reached "
               f"420,000 viewings and nearly 20 million in two hours. {raw}")
    figures = "7万粉丝、120万成交、42万观看、2000万销售额都是例外。"
    good = parse_card(ZH_CARD.replace("明星场只能偶尔做。", figures), "good.md")
    assert _zh_number_problems(good, article) == []
    invented = parse_card(ZH_CARD.replace("明星场只能偶尔做。", "明星场平均能卖9万。"), "bad.md")
    assert _zh_number_problems(invented, article) == ["9万"]
    copied = parse_card(ZH_CARD.replace("日常场次才撑得起销量。", raw), "copy.md")
    assert _zh_copies(copied, article)
    assert _zh_copies(good, article) == []


# --- the parser --------------------------------------------------------------------------

VALID = """---
id: good-card
title: A good card
section: S4
topics: [off_topic, sincerity]
signals: [conversion]
questions:
  - How do I stay on topic?
keywords: [on topic, 跑题]
---
## Advice
Sell what you show. Keep the show about the product.

## Why
Viewers came for the product. Other acts draw the wrong crowd.

## Do
- Plan each segment around a product.
* Cut segments that show nothing you sell.

## Don't
- Don't dance for views.

## When your data says otherwise
If off-topic segments convert well, keep them.
"""
SOURCE = "guidance/bad-card.md"


def test_parse_valid_card_fills_every_field() -> None:
    card = parse_card(VALID, "good.md")
    assert card.id == "good-card"
    assert card.title == "A good card"
    assert card.section == "S4"
    assert card.topics == ("off_topic", "sincerity")
    assert card.main_topic == "off_topic"
    assert card.signals == ("conversion",)
    assert card.questions == ("How do I stay on topic?",)
    assert card.keywords == ("on topic", "跑题")
    assert card.advice == "Sell what you show. Keep the show about the product."
    assert card.do == ("Plan each segment around a product.",
                       "Cut segments that show nothing you sell.")
    assert card.dont == ("Don't dance for views.",)
    assert card.data_note == "If off-topic segments convert well, keep them."
    assert card.source == "good.md"


def test_parse_accepts_windows_line_endings_and_curly_apostrophe() -> None:
    text = VALID.replace("## Don't", "## Don’t").replace("\n", "\r\n")
    card = parse_card(text, "crlf.md")
    assert card.dont == ("Don't dance for views.",)
    assert card.do[0] == "Plan each segment around a product."


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param(VALID.split("---\n", 2)[2], "missing YAML front matter",
                     id="missing-front-matter"),
        pytest.param(VALID.replace("topics: [off_topic, sincerity]", "topics: [off_topic"),
                     "not valid YAML", id="bad-yaml"),
        pytest.param(VALID.replace("id: good-card\n", ""), "'id' is required",
                     id="missing-id"),
        pytest.param(VALID.replace("section: S4", "section: S9"),
                     "section 'S9' is not one of", id="unknown-section"),
        pytest.param(VALID.replace("[off_topic, sincerity]", "[off_topic, cooking]"),
                     "unknown topics ['cooking']", id="unknown-topic"),
        pytest.param(re.sub(r"## Why\n.*?\n\n", "", VALID, flags=re.S), "'## Why' section",
                     id="missing-why"),
        pytest.param(VALID.replace("- Plan each segment around a product.\n"
                                   "* Cut segments that show nothing you sell.",
                                   "Plan each segment around a product."),
                     "'## Do' needs at least one", id="no-do-bullets"),
        pytest.param(VALID.replace("id: good-card", "id: Good_Card"),
                     "'Good_Card' must be kebab-case", id="id-not-kebab-case"),
        pytest.param(VALID.replace("topics: [off_topic, sincerity]", "topics: []"),
                     "'topics' must list at least one topic", id="no-topics"),
        pytest.param("---\n- just\n- a list\n---\n## Advice\nx\n", "must be a mapping",
                     id="front-matter-not-mapping"),
    ],
)
def test_parse_card_error_names_source_and_problem(text: str, problem: str) -> None:
    with pytest.raises(CardError) as info:
        parse_card(text, SOURCE)
    message = str(info.value)
    assert message.startswith(f"{SOURCE}: "), message
    assert problem in message, message


def test_card_error_is_a_value_error() -> None:
    assert issubclass(CardError, ValueError)


# --- load_cards on a temporary folder -------------------------------------------------------

def _copy_cards(tmp_path: Path, n: int = 2) -> list[Path]:
    return [Path(shutil.copy(p, tmp_path / p.name)) for p in CARD_FILES[:n]]


def test_load_cards_reads_a_copied_folder_in_file_name_order(tmp_path: Path) -> None:
    copies = _copy_cards(tmp_path, 3)
    assert [c.id for c in load_cards(tmp_path)] == sorted(p.stem for p in copies)


def test_load_cards_rejects_duplicate_ids(tmp_path: Path) -> None:
    first = _copy_cards(tmp_path, 1)[0]
    duplicate = tmp_path / "zzz-duplicate.md"
    duplicate.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CardError) as info:
        load_cards(tmp_path)
    message = str(info.value)
    assert str(duplicate) in message
    assert f"duplicate card id {first.stem!r}" in message
    assert str(first) in message


def test_load_cards_rejects_id_that_differs_from_file_name(tmp_path: Path) -> None:
    original = CARD_FILES[0]
    renamed = tmp_path / "some-other-name.md"
    shutil.copy(original, renamed)
    with pytest.raises(CardError) as info:
        load_cards(tmp_path)
    message = str(info.value)
    assert str(renamed) in message
    assert repr(original.stem) in message
    assert "'some-other-name'" in message


def test_load_cards_reports_the_bad_file_in_a_folder(tmp_path: Path) -> None:
    _copy_cards(tmp_path, 2)
    broken = tmp_path / "broken-card.md"
    broken.write_text(VALID.replace("id: good-card", "id: broken-card")
                      .replace("section: S4", "section: S42"), encoding="utf-8")
    with pytest.raises(CardError, match=re.escape(f"{broken}: section 'S42'")):
        load_cards(tmp_path)


def test_load_cards_rejects_empty_and_missing_folders(tmp_path: Path) -> None:
    with pytest.raises(CardError, match="no cards"):
        load_cards(tmp_path)
    with pytest.raises(CardError, match="not found"):
        load_cards(tmp_path / "nope")


# --- helpers used by retrieval and composing ---------------------------------------------

def test_split_sentences_keeps_decimals_and_splits_on_terminators() -> None:
    text = "Sales hit 1.2 million.  Nearly 20 million in two hours! Really? Yes."
    assert split_sentences(text) == ["Sales hit 1.2 million.", "Nearly 20 million in two hours!",
                                     "Really?", "Yes."]
    assert first_sentence("   ") == ""


def test_card_chunks_cover_gist_why_and_each_question() -> None:
    card = parse_card(VALID, "good.md")
    chunks = card_chunks(card)
    assert [c.id for c in chunks] == ["good-card::gist", "good-card::why", "good-card::q0"]
    assert {c.card_id for c in chunks} == {"good-card"}
    assert chunks[0].text.startswith("A good card. Sell what you show.")
    assert "Plan each segment around a product." in chunks[1].text
    assert chunks[2].text == "How do I stay on topic?"


def test_card_search_text_counts_keywords_twice() -> None:
    text = card_search_text(parse_card(VALID, "good.md"))
    assert text.count("跑题") == 2
    assert "Don't dance for views." in text


def test_content_hash_changes_with_the_advice_only() -> None:
    card = parse_card(VALID, "a.md")
    same = parse_card(VALID, "b.md")
    changed = parse_card(VALID.replace("Sell what you show.", "Sell what you stream."), "a.md")
    assert card.content_hash == same.content_hash
    assert card.content_hash != changed.content_hash


ZH_PART = """title_zh: 把明星场当作一次性活动
questions_zh:
  - 请明星直播值得吗
keywords_zh: [明星, 坑位费]
---
## Advice
Keep celebrity streams as rare events. Regular sessions carry sales.

## Why
Stars draw their own fans.

## Do
- Compare celebrity sessions with the rest.

## Don't
- Don't plan on stars.

## 建议
明星场只能偶尔做。日常场次才撑得起销量。

## 原因
明星带来的是他自己的粉丝。

## 要做
- 把明星场和日常场放在同一把尺子下比较。

## 不要做
- 不要把销量目标押在明星身上。
"""
ZH_CARD = VALID.split("---\n## Advice")[0] + ZH_PART


def test_parse_reads_the_chinese_fields_beside_the_english_ones() -> None:
    card = parse_card(ZH_CARD, "zh.md")
    assert card.zh is not None
    zh = card.text("zh")
    assert zh.title == "把明星场当作一次性活动"
    assert zh.advice.startswith("明星场只能偶尔做")
    assert zh.do == ("把明星场和日常场放在同一把尺子下比较。",)
    assert zh.questions == ("请明星直播值得吗",) and "坑位费" in zh.keywords
    assert card.text("en").advice.startswith("Keep celebrity streams")


def test_card_without_chinese_falls_back_to_english_text() -> None:
    card = parse_card(VALID, "en.md")
    assert card.zh is None and card.text("zh").advice == card.advice


def test_incomplete_chinese_fields_are_an_error_naming_what_is_missing() -> None:
    broken = ZH_CARD.replace("## 原因\n明星带来的是他自己的粉丝。\n", "")
    with pytest.raises(CardError, match=r"zh\.md: Chinese fields are incomplete; missing ## 原因"):
        parse_card(broken, "zh.md")
