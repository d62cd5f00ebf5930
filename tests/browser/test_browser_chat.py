"""A real headless Chromium asks one question in the running app and reads the answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "artifacts" / "browser-chat.png"
ANSWER_TIMEOUT_MS = 180_000  # the first load builds the advisor (model + index)


def test_chat_answers_with_sources(chromium_path: str, app_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(app_url, wait_until="domcontentloaded")
            box = page.get_by_placeholder("Ask about your live streams…")
            # The first load also builds the advisor (model + index), hence the long wait.
            box.wait_for(state="visible", timeout=ANSWER_TIMEOUT_MS)
            box.fill("Should I invite a celebrity to host my live stream?")
            box.press("Enter")

            answer = page.get_by_test_id("stChatMessage").filter(has_text="[1]")
            expect(answer.first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
            sources = answer.first.get_by_text("Sources", exact=True)
            expect(sources).to_be_visible()
            expander = answer.first.get_by_test_id("stExpander").first
            expect(expander).to_contain_text("[1]")
            expect(expander).to_contain_text("elebrit")
            expect(page.get_by_test_id("stException")).to_have_count(0)

            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
