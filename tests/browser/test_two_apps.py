"""Two app processes, one state (DESIGN §14): two `streamlit run` on two ports share one
PostgreSQL database and one Chroma server. Demo stores installed through the first app's
Store page are listed and answered from by the second app's chat; a participant who joins a
workshop on the second app, and asks, appears on the first app's trainer page; in a real
Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM_ARGS, running_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOT = ROOT / "artifacts" / "browser-two-apps.png"
TIMEOUT_MS = 120_000
STORE = "demo-home-furnishing"


def _workshop(pg_url: str, tmp_path: Path):  # noqa: ANN202 - a Created
    from advisor import Settings
    from advisor.workspaces.access import open_workshops

    settings = Settings.from_env(env={}, data_dir=tmp_path / "cli", database_url=pg_url)
    return open_workshops(settings).create("Two apps", [])


def test_a_store_installed_through_one_app_is_answered_from_by_the_other(
        chromium_path: str, pg_url: str, served_index: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect

    def env(name: str) -> dict[str, str]:  # separate data dirs: nothing shared on disk
        return {"ADVISOR_DATA_DIR": str(tmp_path / name), "ADVISOR_DATABASE_URL": pg_url,
                "ADVISOR_CHROMA_URL": served_index}

    with running_app(env("one"), tmp_path) as one, running_app(env("two"), tmp_path) as two, \
            sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            page.goto(f"{one}/store", wait_until="domcontentloaded")
            page.get_by_role("tab", name="Your stores").click(timeout=TIMEOUT_MS)
            page.get_by_role("button", name="Install demo stores").click()
            expect(page.get_by_text("Installed the demo stores")).to_be_visible(
                timeout=TIMEOUT_MS)

            other = browser.new_page(viewport={"width": 1280, "height": 1600})
            other.goto(two, wait_until="domcontentloaded")
            box = other.get_by_placeholder("Ask about your live streams…")
            box.wait_for(state="visible", timeout=TIMEOUT_MS)
            other.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
            other.get_by_role("option", name=STORE).click()
            expect(other.get_by_test_id("stSidebar")).to_contain_text("Answers will use")
            box.fill("Was our celebrity session worth it?")
            box.press("Enter")
            answer = other.get_by_test_id("stChatMessage").filter(has_text="Your numbers")
            expect(answer.first).to_be_visible(timeout=TIMEOUT_MS)
            expect(answer.first).to_contain_text(f"store data: {STORE}")
            expect(other.get_by_test_id("stException")).to_have_count(0)
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            other.screenshot(path=str(SHOT), full_page=True)

            created = _workshop(pg_url, tmp_path)
            joiner = browser.new_page(viewport={"width": 1280, "height": 1400})
            joiner.goto(f"{two}/?join={created.join_code}", wait_until="domcontentloaded")
            joiner.get_by_label("Your display name").fill("Mei", timeout=TIMEOUT_MS)
            joiner.get_by_role("button", name="Join").click()
            box = joiner.get_by_placeholder("Ask about your live streams…")
            box.fill("How do I get old customers to buy again?", timeout=TIMEOUT_MS)
            box.press("Enter")
            expect(joiner.get_by_test_id("stChatMessage").filter(has_text="Sources").first
                   ).to_be_visible(timeout=TIMEOUT_MS)
            trainer = browser.new_page(viewport={"width": 1280, "height": 1600})
            trainer.goto(f"{one}/trainer", wait_until="domcontentloaded")
            trainer.get_by_label("Trainer key").fill(created.trainer_key, timeout=TIMEOUT_MS)
            trainer.get_by_role("button", name="Open the workshop").click()
            main = trainer.get_by_test_id("stMain")
            expect(main).to_contain_text("old customers to buy again", timeout=TIMEOUT_MS)
            expect(main).to_contain_text("Mei")
        finally:
            browser.close()
    assert not (tmp_path / "one").exists() and not (tmp_path / "two").exists()
