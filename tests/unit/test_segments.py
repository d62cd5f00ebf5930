"""Segment detector logic with a fake embedder: thresholds, labels, reasons, caching."""

from __future__ import annotations

import pandas as pd

from advisor.store.segments import (
    OFF_PROTOTYPES,
    SELLING_PROTOTYPES,
    SegmentDetector,
    Thresholds,
    catalogue,
    detector_for,
    mark_sessions,
    split_items,
)

PRODUCTS = pd.DataFrame({"sku": ["A", "B"], "name": ["sofa", "lamp"],
                         "category": ["Sofas", "Lamps"], "description": ["", ""]})


class AxisEmbedder:
    """Texts mentioning sofa/lamp/selling point one way, dance/gossip the other."""

    model_id = "fake-axis"

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += texts
        return [self.embed_query(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        low = text.lower()
        on = any(w in low for w in ("sofa", "lamp", "question", "product", "discount"))
        off = any(w in low for w in ("dance", "gossip", "karaoke", "game", "meme"))
        if text in OFF_PROTOTYPES:
            return [0.0, 1.0, 0.0]
        if text in SELLING_PROTOTYPES:
            return [1.0, 0.0, 0.0]
        if on and not off:
            return [1.0, 0.0, 0.0]
        if off and not on:
            return [0.0, 1.0, 0.0]
        return [0.6, 0.6, 0.529]


def _detector(on: float = 0.2, off: float = -0.2) -> tuple[SegmentDetector, AxisEmbedder]:
    emb = AxisEmbedder()
    return SegmentDetector(emb, catalogue(PRODUCTS), Thresholds(on, off)), emb


def test_labels_follow_two_thresholds() -> None:
    det, _ = _detector()
    marks = det.mark(["sofa close-up", "dance challenge", "mystery item"])
    assert [m.label for m in marks] == ["on_topic", "off_topic", "unclear"]
    assert marks[0].closest_product == "sofa"
    assert "entertainment" in marks[1].reason and "check it" in marks[2].reason


def test_thresholds_move_the_unclear_band() -> None:
    det, _ = _detector(on=-0.5, off=-0.6)
    assert det.mark(["mystery item"])[0].label == "on_topic"
    det, _ = _detector(on=0.9, off=0.8)
    assert det.mark(["mystery item"])[0].label == "off_topic"


def test_embeddings_are_cached_by_text() -> None:
    det, emb = _detector()
    det.mark(["sofa close-up"])
    count = len(emb.embedded)
    det.mark(["sofa close-up", "sofa close-up"])
    assert len(emb.embedded) == count


def test_mark_sessions_adds_off_topic_items_and_share() -> None:
    det, _ = _detector()
    sessions = pd.DataFrame({"segments": ["sofa demo;dance challenge;karaoke", ""],
                             "featured_skus": ["A", ""]}, index=["S1", "S2"])
    out = mark_sessions(det, sessions)
    assert out.loc["S1", "off_topic_items"] == "dance challenge;karaoke"
    assert abs(out.loc["S1", "off_topic_share"] - 2 / 3) < 1e-9
    assert out.loc["S2", "off_topic_share"] == 0.0


def test_no_detector_without_tuned_thresholds() -> None:
    assert detector_for(None, PRODUCTS) is None
    assert detector_for(AxisEmbedder(), PRODUCTS) is None


def test_split_items_accepts_lines_and_semicolons() -> None:
    assert split_items("a;  b \n\n c ") == ["a", "b", "c"]
