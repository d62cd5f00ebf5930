"""A real headless Chromium installs the demo stores on the Store page, reads the dashboard,
then asks the chat with a store selected."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD_SHOT = ROOT / "artifacts" / "browser-store-dashboard.png"
CHAT_SHOT = ROOT / "artifacts" / "browser-store-chat.png"
TIMEOUT_MS = 120_000
STORE = "demo-home-furnishing"


def test_store_dashboard_and_chat_with_store(chromium_path: str, app_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 2600})
            page.goto(f"{app_url}/store", wait_until="domcontentloaded")
            page.get_by_role("tab", name="Your stores").click(timeout=TIMEOUT_MS)
            page.get_by_role("button", name="Install demo stores").click()
            expect(page.get_by_text("Installed the demo stores")).to_be_visible(
                timeout=TIMEOUT_MS)
            page.get_by_role("tab", name="Dashboard").click()
            page.get_by_test_id("stMetric").first.wait_for(state="visible", timeout=TIMEOUT_MS)
            page.get_by_test_id("stSelectbox").first.click()
            page.get_by_role("option", name=STORE).click()
            expect(page.get_by_text("GMV (all orders)")).to_be_visible(timeout=TIMEOUT_MS)
            expect(page.get_by_text("Celebrity vs the rest")).to_be_visible()
            expect(page.get_by_test_id("stException")).to_have_count(0)
            page.wait_for_timeout(2000)  # let the charts draw
            DASHBOARD_SHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(DASHBOARD_SHOT))

            page.get_by_role("link", name="Chat").click()
            box = page.get_by_placeholder("Ask about your live streams…")
            box.wait_for(state="visible", timeout=TIMEOUT_MS)
            page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
            page.get_by_role("option", name=STORE).click()
            expect(page.get_by_test_id("stSidebar")).to_contain_text("Answers will use")
            box.fill("Was our celebrity session worth it?")
            box.press("Enter")
            answer = page.get_by_test_id("stChatMessage").filter(has_text="Your numbers")
            expect(answer.first).to_be_visible(timeout=TIMEOUT_MS)
            expect(answer.first).to_contain_text(f"store data: {STORE}")
            expect(page.get_by_test_id("stException")).to_have_count(0)
            page.screenshot(path=str(CHAT_SHOT), full_page=True)
        finally:
            browser.close()
