"""Chinese store findings through the real parts: SQLite store, the StoreService cache and the
real MiniLM off-topic marks; each Chinese finding the twin of its English one."""

from __future__ import annotations

import re

from advisor import Advisor
from advisor.evals.templates import template_of
from advisor.evals.whole import sentences_of
from advisor.store.demo import demo_store_names

NUMBER = re.compile(r"-?¥?\d[\d,]*(?:\.\d+)?%?|\d{4}-\d{2}-\d{2}")
SESSION_ID = re.compile(r"[A-Za-z]+-S\d+")  # names, not numbers


def test_chinese_findings_and_report_from_the_real_service(real_advisor: Advisor,
                                                           stores: dict[str, object]) -> None:
    service = real_advisor.stores
    assert service is not None
    name = demo_store_names()[0]
    question = "我的利润和同行比怎么样？"
    for topic in ("celebrity", "anchor", "off_topic", "old_customers", "general"):
        english = service.findings(name, topic, question)
        chinese = service.findings(name, topic, question, lang="zh")
        assert [f.kind for f in chinese] == [f.kind for f in english], topic
        for en, zh in zip(english, chinese, strict=True):
            assert template_of(zh.sentence, "zh") == template_of(
                sentences_of(en.sentence)[0], "en"), zh.sentence
            shown = " ".join(f"{f.display} 60" for f in zh.facts)
            numbers = NUMBER.findall(SESSION_ID.sub("", zh.sentence))
            assert all(n in shown for n in numbers), zh.sentence
    day = str(service.metrics(name).sessions["date"].astype(str).iloc[0])[:10]
    (report,) = service.session_report(name, day, lang="zh")
    assert report.kind == "session_report" and report.sentence.startswith(f"你 {day} 的那场直播")
