"""A workshop in a real Chromium (DESIGN §13): two participants join from the trainer's link in
two browser contexts, each sees only their own chat and stores, a reload restores the chat,
and the trainer's live feed shows both. The app runs as a workshop server (no local
workspace): a visitor without a token is asked to join."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM_ARGS, running_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOT = ROOT / "artifacts" / "browser-workshop-trainer.png"
TIMEOUT_MS = 120_000
ANN_Q = "Should I invite a celebrity to host my live stream?"
BO_Q = "我的直播观看人数很多但是订单很少，为什么？"


def _prepare(data_dir: Path) -> dict[str, str]:
    """A shared demo store, a workshop, and a store of Ann's own (imported as she would)."""
    from advisor import Settings
    from advisor.store.db import StoreDB
    from advisor.store.demo import generate_demo_store
    from advisor.store.schema import StoreData
    from advisor.workspaces.access import open_workshops

    settings = Settings.from_env(env={}, data_dir=data_dir)
    data = generate_demo_store("demo-cosmetics")
    small = StoreData(data.products, data.live_sessions.head(8), data.orders.head(400),
                      currency=data.currency)
    local = StoreDB.from_settings(settings)
    local.replace_store("demo-cosmetics", small, source="demo")
    created = open_workshops(settings).create("Browser club", [], local)
    return {"code": created.join_code, "key": created.trainer_key}


def _join(browser, base: str, code: str, name: str):
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    page = context.new_page()
    page.goto(f"{base}/?join={code}", wait_until="domcontentloaded")
    page.get_by_label("Your display name").fill(name, timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Join").click()
    page.get_by_placeholder("Ask about your live streams…").wait_for(timeout=TIMEOUT_MS)
    return context, page


def _ask(page, question: str, expect) -> None:
    box = page.get_by_placeholder("Ask about your live streams…")
    box.fill(question)
    box.press("Enter")
    answers = page.get_by_test_id("stChatMessage").filter(has_text="Sources")
    expect(answers.last).to_be_visible(timeout=TIMEOUT_MS)


def test_two_participants_and_the_trainer(chromium_path: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    expect = sync_api.expect
    data_dir = tmp_path / "data"
    secrets = _prepare(data_dir)
    env = {"ADVISOR_DATA_DIR": str(data_dir), "ADVISOR_LOCAL_WORKSPACE": "false"}
    with running_app(env, tmp_path) as base, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            stranger = browser.new_page()
            stranger.goto(base, wait_until="domcontentloaded")
            expect(stranger.get_by_role("heading", name="Join a workshop")).to_be_visible(
                timeout=TIMEOUT_MS)
            expect(stranger.get_by_placeholder("Ask about your live streams…")).to_have_count(0)

            ann_context, ann = _join(browser, base, secrets["code"], "Ann")
            bo_context, bo = _join(browser, base, secrets["code"], "Bo")
            assert "ws=" in ann.url and "ws=" in bo.url and ann.url != bo.url
            _import_for(data_dir, ann.url)
            _ask(ann, ANN_Q, expect)
            _ask(bo, BO_Q, expect)
            # Each sees only their own conversation …
            expect(ann.get_by_test_id("stChatMessage").filter(has_text=BO_Q)).to_have_count(0)
            expect(bo.get_by_test_id("stChatMessage").filter(has_text=ANN_Q)).to_have_count(0)
            # … and their own stores (the chat's store choice lists what each may read).
            ann.reload(wait_until="domcontentloaded")  # picks up the store imported above
            for page, sees in ((ann, True), (bo, False)):
                sidebar = page.get_by_test_id("stSidebar")
                sidebar.get_by_test_id("stSelectbox").click(timeout=TIMEOUT_MS)
                options = page.get_by_role("option")
                expect(options.filter(has_text="demo-cosmetics")).to_have_count(1)
                expect(options.filter(has_text="ann-shop")).to_have_count(1 if sees else 0)
                page.keyboard.press("Escape")
            # A reload of the chat link restores the conversation.
            ann.reload(wait_until="domcontentloaded")
            expect(ann.get_by_test_id("stChatMessage").filter(has_text=ANN_Q)).to_be_visible(
                timeout=TIMEOUT_MS)

            trainer = browser.new_page(viewport={"width": 1400, "height": 1600})
            trainer.goto(f"{base}/trainer", wait_until="domcontentloaded")
            trainer.get_by_label("Trainer key").fill(secrets["key"], timeout=TIMEOUT_MS)
            trainer.get_by_role("button", name="Open the workshop").click()
            feed = trainer.get_by_test_id("stMain")
            expect(feed).to_contain_text(ANN_Q, timeout=TIMEOUT_MS)
            expect(feed).to_contain_text(BO_Q)
            expect(feed).to_contain_text("Ann")
            expect(feed).to_contain_text("Bo")
            expect(feed).to_contain_text(secrets["code"])
            # The live feed refreshes itself: a new question appears without a click.
            _ask(bo, "How do I get old customers to buy again?", expect)
            expect(feed).to_contain_text("old customers to buy again", timeout=TIMEOUT_MS)
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            trainer.screenshot(path=str(SHOT), full_page=True)
            ann_context.close()
            bo_context.close()
        finally:
            browser.close()


def _import_for(data_dir: Path, url: str) -> None:
    """Ann's own store, written as the Store page's import does (uploads are tested below the
    UI: Playwright's file chooser is not the point here)."""
    from urllib.parse import parse_qs, urlsplit

    from advisor import Settings
    from advisor.store.db import StoreDB
    from advisor.store.demo import generate_demo_store
    from advisor.store.schema import StoreData
    from advisor.workspaces.access import open_workshops

    settings = Settings.from_env(env={}, data_dir=data_dir)
    token = parse_qs(urlsplit(url).query)["ws"][0]
    workspace = open_workshops(settings).workspace(token)
    data = generate_demo_store("demo-home-furnishing")
    StoreDB.from_settings(settings, workspace.scope).replace_store(
        "ann-shop", StoreData(data.products, data.live_sessions.head(5), data.orders.head(100),
                              currency=data.currency))
