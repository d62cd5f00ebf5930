"""Load guidance cards (Markdown with YAML front matter) into typed GuidanceCard objects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from advisor.models import SECTIONS, TOPICS, CardText, GuidanceCard, Stance

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.DOTALL)
_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REQUIRED_BODY = ("advice", "why", "do", "don't")
_DATA_NOTE = "when your data says otherwise"
# A sentence ends at . ! ? before a capital, a digit or Chinese, or at 。！？ (no space needed).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“(\u4e00-\u9fff])|"
                           r"(?<=[。！？])(?![”」』）)])\s*")
# The Chinese sections (DESIGN §12): advice, why, do, don't, and the optional data note.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“(])|(?<=[。！？])(?![”」』）)])\s*")
_ZH_BODY = ("建议", "原因", "要做", "不要做")
_ZH_DATA_NOTE = "数据另有说法时"
_ZH_META = ("title_zh", "questions_zh", "keywords_zh")


class CardError(ValueError):
    """A card file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Chunk:
    """One embeddable piece of a card; a card is retrieved by its best chunk."""

    id: str
    card_id: str
    text: str


def parse_card(text: str, source: str = "<card>") -> GuidanceCard:
    """Parse one card's text; raise CardError naming the source on any problem."""
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        raise CardError(f"{source}: missing YAML front matter between '---' lines")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise CardError(f"{source}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise CardError(f"{source}: front matter must be a mapping")
    body = _split_body(match.group(2), source)
    card = GuidanceCard(
        id=_required_str(meta, "id", source),
        title=_required_str(meta, "title", source),
        section=_required_str(meta, "section", source),
        topics=_str_tuple(meta, "topics", source),
        advice=body["advice"],
        why=body["why"],
        do=_bullets(body["do"]),
        dont=_bullets(body["don't"]),
        data_note=body.get(_DATA_NOTE, ""),
        signals=_str_tuple(meta, "signals", source),
        questions=_str_tuple(meta, "questions", source),
        keywords=_str_tuple(meta, "keywords", source),
        source=source,
        stance=_stance(meta, source),
        zh=_chinese(meta, body, source),
    )
    _validate(card, source)
    return card


def load_cards(directory: Path) -> list[GuidanceCard]:
    """Load every *.md card under directory (sorted), checking ids are unique."""
    if not directory.is_dir():
        raise CardError(f"{directory}: knowledge folder not found")
    cards: list[GuidanceCard] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.md")):
        card = parse_card(path.read_text(encoding="utf-8"), str(path))
        if card.id in seen:
            raise CardError(f"{path}: duplicate card id {card.id!r} (also in {seen[card.id]})")
        if card.id != path.stem:
            raise CardError(f"{path}: id {card.id!r} must equal the file name {path.stem!r}")
        seen[card.id] = str(path)
        cards.append(card)
    if not cards:
        raise CardError(f"{directory}: no cards (*.md) found")
    return cards


def card_chunks(card: GuidanceCard) -> list[Chunk]:
    """Split a card into the pieces that get embedded: gist, reasoning, and each question."""
    chunks = [
        Chunk(f"{card.id}::gist", card.id, f"{card.title}. {card.advice}"),
        Chunk(f"{card.id}::why", card.id, f"{card.why} " + " ".join(card.do)),
    ]
    chunks += [Chunk(f"{card.id}::q{i}", card.id, q) for i, q in enumerate(card.questions)]
    return chunks


def card_search_text(card: GuidanceCard) -> str:
    """All of a card's words, for keyword (BM25) search."""
    return " ".join(
        [card.title, card.advice, card.why, *card.do, *card.dont, *card.questions,
         *card.keywords, *card.keywords]  # keywords count double: they are chosen terms
    )


def first_sentence(text: str) -> str:
    return split_sentences(text)[0] if text.strip() else ""


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences on ., ! or ? followed by space (keeps decimals intact), and
    after 。！？."""
    # Chinese full stops end a sentence with or without a space after them.
    parts = _SENTENCE_END.split(" ".join(text.split()))
    return [p.strip() for p in parts if p.strip()]


def _split_body(body: str, source: str) -> dict[str, str]:
    sections: dict[str, str] = {}
    matches = list(_HEADING.finditer(body))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        name = m.group(1).strip().lower().replace("’", "'")
        sections[name] = body[m.end():end].strip()
    for name in _REQUIRED_BODY:
        if not sections.get(name):
            raise CardError(f"{source}: missing or empty '## {name.capitalize()}' section")
    return sections


def _chinese(meta: dict[str, object], body: dict[str, str], source: str) -> CardText | None:
    """The Chinese fields, all or none: a card with some of them must have every one."""
    present = [k for k in _ZH_META if meta.get(k)] + [h for h in _ZH_BODY if body.get(h)]
    if not present:
        return None
    missing = [k for k in _ZH_META[:1] if not meta.get(k)]
    missing += [f"## {h}" for h in _ZH_BODY if not body.get(h)]
    if missing:
        raise CardError(f"{source}: Chinese fields are incomplete; missing {', '.join(missing)}")
    text = CardText(
        title=_required_str(meta, "title_zh", source),
        advice=body["建议"], why=body["原因"],
        do=_bullets(body["要做"]), dont=_bullets(body["不要做"]),
        data_note=body.get(_ZH_DATA_NOTE, ""),
        questions=_str_tuple(meta, "questions_zh", source),
        keywords=_str_tuple(meta, "keywords_zh", source),
    )
    if not text.do or not text.dont:
        raise CardError(f"{source}: '## 要做' and '## 不要做' need '- ' bullets")
    return text


def _bullets(text: str) -> tuple[str, ...]:
    items = [line.strip()[2:].strip() for line in text.splitlines()
             if line.strip().startswith(("- ", "* "))]
    return tuple(i for i in items if i)


def _required_str(meta: dict[str, object], key: str, source: str) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CardError(f"{source}: front matter field '{key}' is required (text)")
    return value.strip()


def _str_tuple(meta: dict[str, object], key: str, source: str) -> tuple[str, ...]:
    value = meta.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise CardError(f"{source}: front matter field '{key}' must be a list of text")
    return tuple(str(v).strip() for v in value if str(v).strip())


def _stance(meta: dict[str, object], source: str) -> Stance | None:
    """The optional `stance:` mapping: claim (text), affirm and deny (lists of regexes)."""
    raw = meta.get("stance")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise CardError(f"{source}: 'stance' must be a mapping with claim, affirm and deny")
    allowed = {"claim", "affirm", "deny", "affirm_zh", "deny_zh"}
    unknown = sorted(set(map(str, raw)) - allowed)
    if unknown:
        raise CardError(f"{source}: unknown stance keys {unknown} "
                        f"(allowed: {', '.join(sorted(allowed))})")
    claim = _required_str(raw, "claim", f"{source}: stance")
    affirm, deny = _str_tuple(raw, "affirm", source), _str_tuple(raw, "deny", source)
    if not affirm or not deny:
        raise CardError(f"{source}: stance needs at least one 'affirm' and one 'deny' pattern")
    affirm_zh, deny_zh = _str_tuple(raw, "affirm_zh", source), _str_tuple(raw, "deny_zh", source)
    for pattern in (*affirm, *deny, *affirm_zh, *deny_zh):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise CardError(f"{source}: stance pattern {pattern!r} is not a regex: {exc}") from exc
    return Stance(claim, affirm, deny, affirm_zh, deny_zh)


def _validate(card: GuidanceCard, source: str) -> None:
    if not _ID.match(card.id):
        raise CardError(f"{source}: id {card.id!r} must be kebab-case (a-z, 0-9, '-')")
    if card.section not in SECTIONS:
        raise CardError(f"{source}: section {card.section!r} is not one of {', '.join(SECTIONS)}")
    if not card.topics:
        raise CardError(f"{source}: 'topics' must list at least one topic")
    unknown = [t for t in card.topics if t not in TOPICS]
    if unknown:
        raise CardError(f"{source}: unknown topics {unknown}; allowed: {', '.join(TOPICS)}")
    if not card.do:
        raise CardError(f"{source}: '## Do' needs at least one '- ' bullet")
