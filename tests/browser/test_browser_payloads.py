"""A real headless Chromium: a store with markup payloads in every text field, payload
questions, every page opened — no request leaves the app, no payload becomes an image, a
link, HTML or a script, no dialog opens (DESIGN §9)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advisor.text import WORD_JOINER
from tests.browser.payloads import PAYLOAD_HOSTS, PLAN, QUESTIONS, SESSION, write_store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOT = ROOT / "artifacts" / "browser-payloads.png"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
TIMEOUT_MS = 180_000  # the first page load builds the advisor (model + index)
STORE = "payload-shop"
# Every URL-bearing element, and inline handlers: what a payload would need to fetch or run.
DOM_PROBE = """() => {
  const urls = [...document.querySelectorAll(
      'img, a, iframe, script, source, video, audio, link, object, embed, image')]
    .map(e => [e.tagName, e.getAttribute('src') || e.getAttribute('href')
               || e.getAttribute('xlink:href') || e.getAttribute('data') || '']);
  const handlers = [...document.querySelectorAll('*')].filter(
      e => [...e.attributes].some(a => a.name.startsWith('on'))).map(e => e.tagName);
  return {urls, handlers};
}"""


def _shown(locator: Any) -> str:
    return " ".join(str(locator.inner_text()).replace(WORD_JOINER, "").split())


def _report(case_id: str, question: str) -> dict[str, Any]:
    """An eval report (the shape advisor.evals.report.to_json writes) with payload case text."""
    result = {"name": "topic", "passed": False, "score": 0.0,
              "detail": f"expected <b>celebrity</b> ![d](http://{PAYLOAD_HOSTS[0]}/d.png)"}
    case = {"id": case_id, "file": "/srv/cases/x.yaml", "question": question, "store": STORE,
            "topic": "celebrity", "tags": ["payload"], "passed": False, "error": None,
            "reasons": [result["detail"]], "results": [result],
            "answer": {"scope": "in", "topic": "celebrity", "confidence": "high",
                       "citations": [], "facts": [], "total_ms": 5.0, "text": question}}
    return {"passed": False, "exit_code": 1, "info": {"generated_at": "2026-12-01T10:00:00",
                                                      "cases": 1, "composer": "grounded"},
            "timings": {"total_s": 1.0}, "aggregates": {"case_pass_rate": 0.0},
            "applicable_cases": {"case_pass_rate": 1}, "thresholds": [], "baseline": None,
            "by_topic": {"celebrity": {"cases": 1, "passed": 0, "rate": 0.0}}, "by_tag": {},
            "cases": [case]}


def test_payloads_never_become_markup_or_requests(chromium_path: str, app_url: str,
                                                  app_data_dir: Path, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    files = write_store(tmp_path / "payload-store")
    (app_data_dir / "eval").mkdir(parents=True, exist_ok=True)
    (app_data_dir / "eval" / "report.json").write_text(
        json.dumps(_report(f"case-![c](http://{PAYLOAD_HOSTS[0]}/c.png)", QUESTIONS[0])),
        encoding="utf-8")
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 2000},
                                    accept_downloads=True)
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            def clean(where: str) -> None:
                """No payload URL in the DOM, no inline handler, no exception box."""
                found = page.evaluate(DOM_PROBE)
                bad = [u for u in found["urls"] if any(h in (u[1] or "") for h in PAYLOAD_HOSTS)
                       or (u[1] or "").lower().startswith(("javascript:", "mailto:"))]
                assert bad == [], f"{where}: {bad}"
                assert found["handlers"] == [], f"{where}: {found['handlers']}"
                assert page.get_by_test_id("stException").count() == 0, where

            # --- Store: import the payload files through the page, then the dashboard -----
            page.goto(f"{app_url}/store", wait_until="domcontentloaded")
            page.get_by_role("tab", name="Import a store").click(timeout=TIMEOUT_MS)
            name = page.get_by_label("Store name")
            name.fill(STORE)
            name.press("Enter")
            uploads = page.locator("input[type=file]")
            for i, table in enumerate(("products", "live_sessions", "orders")):
                uploads.nth(i).set_input_files(str(files[table]))
            check = page.get_by_role("button", name="Check files")
            expect(check).to_be_enabled(timeout=TIMEOUT_MS)
            check.click()
            page.get_by_role("button", name="Confirm import").click(timeout=TIMEOUT_MS)
            expect(page.get_by_text(f"Imported store {STORE}").first).to_be_visible(
                timeout=TIMEOUT_MS)
            clean("store import")
            page.get_by_role("tab", name="Dashboard").click()
            expect(page.get_by_text("GMV (all orders)")).to_be_visible(timeout=TIMEOUT_MS)
            page.wait_for_timeout(1500)  # charts draw
            clean("dashboard")
            with page.expect_download() as download:
                page.get_by_role("button", name="Download the sessions (CSV)").click()
            sessions_csv = Path(download.value.path()).read_text(encoding="utf-8-sig")
            assert "'@SUM(1+1);unboxing" in sessions_csv  # formula-leading cell escaped
            assert SESSION in sessions_csv

            # --- Chat with the store: payload questions, a follow-up, a harmful request ----
            page.get_by_role("link", name="Chat").click()
            box = page.get_by_placeholder("Ask about your live streams…")
            box.wait_for(state="visible", timeout=TIMEOUT_MS)
            page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
            page.get_by_role("option", name=STORE).click()
            expect(page.get_by_test_id("stSidebar")).to_contain_text("Answers will use")
            for n, question in enumerate(QUESTIONS, start=1):
                box.fill(question)
                box.press("Enter")
                answers = page.get_by_test_id("stChatMessage")
                expect(answers).to_have_count(2 * n, timeout=TIMEOUT_MS)
                expect(answers.nth(2 * n - 1).get_by_test_id("stCaptionContainer").last
                       ).to_be_visible(timeout=TIMEOUT_MS)
                clean(f"chat question {n}")
            messages = page.get_by_test_id("stChatMessage")
            # Shown as typed (the escaper's word joiners are invisible): the question, the
            # session id in "Your numbers", and the refusal of the harmful request.
            assert QUESTIONS[0] in _shown(messages.nth(0))
            assert SESSION in _shown(messages.nth(3))
            assert "I won't help with that" in _shown(messages.nth(7))
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOT), full_page=True)

            # --- Plan check, What I cover, Evals ---------------------------------------------
            page.get_by_role("link", name="Plan check").click()
            page.get_by_label("One planned item per line").fill(PLAN, timeout=TIMEOUT_MS)
            page.get_by_test_id("stMain").get_by_test_id("stSelectbox").click()
            page.get_by_role("option", name=STORE).click()
            page.get_by_role("button", name="Check the plan").click()
            expect(page.get_by_text("Marks", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
            expect(page.get_by_text(f"Plan checked against store {STORE}")).to_be_visible()
            clean("plan check")
            page.get_by_role("link", name="What I cover").click()
            expect(page.get_by_text("My answers come from these knowledge cards")
                   ).to_be_visible(timeout=TIMEOUT_MS)
            page.get_by_test_id("stExpander").first.click()
            clean("what I cover")
            page.get_by_role("link", name="Evals").click()
            expect(page.get_by_text("Failing cases (1)")).to_be_visible(timeout=TIMEOUT_MS)
            page.get_by_test_id("stExpander").last.click()
            page.wait_for_timeout(1000)
            clean("evals")
        finally:
            browser.close()

    outside = [u for u in requests if not u.startswith((app_url, "data:", "blob:"))]
    assert outside == [], outside
    assert dialogs == []
