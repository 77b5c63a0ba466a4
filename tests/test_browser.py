"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright.

The app runs under uvicorn on a free localhost port in a thread, over an in-memory
store holding the seed story (analysed by the real ``newsfuse.api`` when it can
be imported) beside a hand-built story that has one of everything. The story
page's screenshot is saved to docs/screenshot.png.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsfuse.records import StoryReport
from newsfuse.settings import Settings
from newsfuse.store import SQLiteStore, Store
from newsfuse.web import create_app
from test_web import SENTENCE, XSS, article, story_report

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "screenshot.png"


def seed_stories(store: Store) -> list[StoryReport]:
    """Return the seed stories as the real library analyses them, or [] when it cannot.

    ``NEWSFUSE_BROWSER_SEEDS=0`` skips the analysis (the hand-built story remains).
    """
    from conftest import SEEDS, SEEDS_PUBLISHED

    if os.environ.get("NEWSFUSE_BROWSER_SEEDS") == "0":
        return []
    try:
        from newsfuse.api import ingest
    except ImportError:
        return []
    if not SEEDS.is_dir():
        return []
    settings = Settings()
    if hasattr(settings, "use_embeddings"):  # lexical clustering: no sentence-embedding model
        settings = settings.merged({"use_embeddings": False})
    ingest(sorted(SEEDS.glob("*.txt")), store, settings, published=SEEDS_PUBLISHED)
    return store.stories()


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    import uvicorn

    store = SQLiteStore(":memory:")
    seeds = seed_stories(store)
    store.save_batch([article(1), article(2, text=XSS, title="<b>bold</b> title")])
    store.replace_stories([*seeds, story_report("s1")])
    with socket.socket() as probe:  # a free port, released for uvicorn to take
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(store, Settings()), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("no Chromium at /usr/bin/chromium (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=FLAGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.errors = []  # scripts that fail (or that a policy blocks) fail the test
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    yield page
    context.close()


def test_browser_story_page_shows_brief_claims_contradiction_and_map(base_url: str, page) -> None:
    page.goto(base_url + "/")
    page.get_by_role("link", name="Northern Front takes Karvik").click()
    page.wait_for_url("**/stories/s1")
    assert page.locator(".brief li").first.inner_text().startswith("Northern Front took Karvik")
    assert page.locator("table.claims tbody tr .status").first.inner_text() == "corroborated"
    assert page.locator(".contradiction .side .value").all_inner_texts() == [
        "hundreds of thousands",
        "over 7 million",
    ]
    assert page.locator("svg.map circle.marker").count() == 2
    assert page.locator("svg.map circle.marker.event").first.is_visible()
    assert page.errors == []


def test_browser_citation_opens_the_article_at_the_cited_sentence(base_url: str, page) -> None:
    page.goto(base_url + "/stories/s1")
    page.locator(".brief a.cite").first.click()
    page.wait_for_url("**/articles/a1?hl=*")
    assert page.locator("mark#hl").inner_text() == SENTENCE


def test_browser_hovering_a_marker_lights_its_event(base_url: str, page) -> None:
    page.goto(base_url + "/stories/s1")
    page.locator("svg.map circle.marker.event").first.hover()
    assert "hot" in page.locator('tr[data-event="v1"]').get_attribute("class")


def test_browser_article_markup_runs_no_script(base_url: str, page) -> None:
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(base_url + "/articles/a2")
    assert page.locator(".text").inner_text() == XSS
    assert page.locator("h1").inner_text() == "<b>bold</b> title"
    assert dialogs == [] and page.locator(".text img, .text script").count() == 0


def test_browser_screenshot_of_a_story(base_url: str, page) -> None:
    page.goto(base_url + "/")
    seeds = page.locator('table.stories a:not([href="/stories/s1"])')
    # the seed story when the real library analysed it, else the hand-built one
    (seeds.first if seeds.count() else page.locator('a[href="/stories/s1"]')).click()
    page.wait_for_url("**/stories/*")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    # the top of the page: title, brief, map and timeline
    page.screenshot(
        path=str(SCREENSHOT), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": 1500}
    )
    assert SCREENSHOT.stat().st_size > 10_000
