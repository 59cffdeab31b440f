"""Several people on one server: no exception anywhere, and nobody sees another's picture."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from playwright.async_api import async_playwright

from tests.corpus import gradient_rgb, png, quadrants_rgb
from tests.e2e.harness import CHROMIUM_ARGS, IDLE, chromium_path, main_sliders
from ui.topics import TOPICS

PATHS = ["/"] + ["/" + topic.url_path for topic in TOPICS]
SESSIONS = 8


async def _idle(page) -> None:
    await page.wait_for_selector(IDLE, timeout=120_000)
    await page.wait_for_timeout(150)
    await page.wait_for_selector(IDLE, timeout=120_000)


async def _tour(browser, url: str, offset: int) -> list[str]:
    """Visit every page (each session starting at a different one) and move a slider on each."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    problems = []
    for step in range(len(PATHS)):
        path = PATHS[(offset + step) % len(PATHS)]
        await page.goto(url + path)
        await _idle(page)
        sliders = main_sliders(page)
        if await sliders.count():
            await sliders.first.focus()
            await page.keyboard.press("ArrowRight")
            await page.wait_for_timeout(100)
            await _idle(page)
        problems += [f"{path}: {text}" for text in
                     await page.locator("[data-testid='stException']").all_inner_texts()]
    await context.close()
    return problems


async def _all_tours(url: str) -> list[str]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(),
                                                   args=CHROMIUM_ARGS)
        results = await asyncio.gather(*[_tour(browser, url, i) for i in range(SESSIONS)])
        await browser.close()
    return [problem for result in results for problem in result]


def test_eight_sessions_touring_every_page_at_once(app_url):
    # The sync Playwright of the other browser tests keeps an event loop running on this
    # thread once any of them has run, so the asyncio tours get a thread of their own.
    with ThreadPoolExecutor(max_workers=1) as worker:
        problems = worker.submit(asyncio.run, _all_tours(app_url)).result()
    assert problems == []


def _caption(page) -> str:
    caption = page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']").last
    caption.wait_for()
    return caption.inner_text()


def test_two_sessions_never_see_each_others_picture(browser, app_url):
    uploads = {"alice.png": (png(gradient_rgb(90, 120)), "120 × 90"),
               "bob.png": (png(quadrants_rgb(64, 96)), "96 × 64")}
    pages = {}
    for name, (data, _size) in uploads.items():
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.goto(app_url + PATHS[1])
        page.wait_for_selector(IDLE)
        page.locator("[data-testid='stSidebar'] [data-testid='stFileUploaderDropzoneInput']") \
            .set_input_files(files=[{"name": name, "mimeType": "image/png", "buffer": data}])
        page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']",
                     has_text=name).wait_for()
        pages[name] = page
    for name, page in pages.items():
        other = next(n for n in uploads if n != name)
        for _ in range(2):  # before and after a rerun of that session
            text = _caption(page)
            assert name in text and uploads[name][1] in text
            assert other not in text and uploads[other][1] not in text
            page.locator("[data-testid='stMain'] [data-testid='stSlider'] input[type=range]") \
                .first.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(200)
            page.wait_for_selector(IDLE)
    # A reload is a new session: it starts from the sample, not from anybody's upload.
    for name, page in pages.items():
        page.reload()
        page.wait_for_selector(IDLE)
        assert not any(upload in _caption(page) for upload in uploads)
        page.context.close()
