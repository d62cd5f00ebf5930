"""render_answer with hand-made answers: fast, no model needed."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from advisor import Answer, Citation, StoreFact


def _script(answer) -> None:
    # Runs from its own source text: annotations and imports must resolve inside it.
    from advisor import GuidanceCard
    from ui.components import render_answer

    class FakeAdvisor:
        def card(self, card_id):
            if card_id != "known":
                raise KeyError(card_id)
            return GuidanceCard(id="known", title="Known card", section="S5",
                                topics=("anchor",), advice="Pick a host who knows the goods.",
                                why="Viewers trust expertise.", do=("Rehearse.",), dont=())

    render_answer(answer, FakeAdvisor())


def _render(answer: Answer) -> AppTest:
    at = AppTest.from_function(_script, args=(answer,), default_timeout=10).run()
    assert not at.exception
    return at


def _answer(**kw) -> Answer:
    # answer.text is the library's Markdown, its data already escaped (escape_markdown).
    base = dict(question="q", text="Hire a host who knows the product. [1] It costs \\$500.",
                scope="in", topic="anchor",
                citations=[Citation("known", "Known card", "S5", 0.9),
                           Citation("gone", "Removed card", "S7", 0.5)],
                timings_ms={"total": 12.3})
    return Answer(**{**base, **kw})


def test_sources_are_numbered_like_the_markers() -> None:
    at = _render(_answer())
    assert at.markdown[0].value.startswith("Hire a host")
    assert "\\$500" in at.markdown[0].value  # rendered as the library wrote it
    labels = [e.label for e in at.expander]
    assert labels[0].startswith("[1] Known card · S5")
    assert labels[1].startswith("[2] Removed card · S7")
    assert "Pick a host" in at.expander[0].markdown[0].value
    assert "no longer in the knowledge base" in at.expander[1].caption[0].value
    assert not at.warning
    assert "12 ms" in at.caption[-1].value and "choosing the host" in at.caption[-1].value


def test_low_confidence_is_flagged() -> None:
    at = _render(_answer(confidence="low", citations=[Citation("known", "Known", "S5", 0.3)]))
    assert "low confidence" in at.caption[-1].value
    assert not at.warning  # the answer text carries its own note; no second banner


def test_out_of_scope_has_no_sources() -> None:
    at = _render(_answer(scope="out", topic="general", citations=[], text="Not my field."))
    assert [m.value for m in at.markdown] == ["Not my field."]
    assert not at.expander
    assert "Outside what I cover" in at.caption[0].value


def test_store_facts_show_their_definition() -> None:
    fact = StoreFact("conversion", 0.021, "2.1%", "orders / viewers", ("s1",))
    at = _render(_answer(facts=[fact]))
    text = "\n".join(m.value for m in at.markdown)
    assert "2.1%" in text and "orders / viewers" in text


def test_store_facts_say_which_sessions_they_cover() -> None:
    facts = [StoreFact("conversion", 0.003, "0.3%", "buyers / viewers", ("HF-S23",)),
             StoreFact("conversion", 0.014, "1.4%", "buyers / viewers", ("a", "b", "c")),
             StoreFact("repurchase_rate", 0.36, "36.4%", "customers with 2+ orders", ())]
    text = "\n".join(m.value for m in _render(_answer(facts=facts)).markdown)
    assert "(session HF\\-S23): 0.3%" in text or "(session HF-S23): 0.3%" in text
    assert "(3 sessions): 1.4%" in text
    assert "(whole store): 36.4%" in text


def test_payloads_in_titles_ids_and_facts_are_escaped() -> None:
    payload = "![x](http://127.0.0.1:8999/p.png)"
    fact = StoreFact("conversion", 0.01, "1.0%", "buyers / viewers", (f"CELEB-{payload}",))
    at = _render(_answer(citations=[Citation("gone", f"Title {payload}", "S5", 0.9)],
                         facts=[fact], store="shop"))
    assert at.expander[0].label.startswith("[1] Title !\\[x\\](http\u2060://127")
    numbers = next(m.value for m in at.markdown if "conversion" in m.value)
    assert "CELEB-!\\[x\\](http\u2060://127.0.0.1:8999/p.png)" in numbers
    assert "](http://" not in "\n".join(m.value for m in at.markdown)
