"""The real app in headless Chromium: every page renders, sliders answer, uploads work or explain."""

from __future__ import annotations

import pytest

from tests.corpus import bad_files, good_files
from tests.e2e.harness import exceptions, main_sliders, slider_latency, upload, wait_idle
from ui.topics import TOPICS

PAGES = ["/"] + ["/" + topic.path.removeprefix("pages/").removesuffix(".py") for topic in TOPICS]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_and_a_slider_answers(page, app_url, path):
    page.goto(app_url + path)
    wait_idle(page)
    assert not exceptions(page)
    assert page.locator("[data-testid='stSidebar'] [data-testid='stFileUploader']").count() == 1
    if path == "/":
        assert page.locator("[data-testid='stPageLink']").count() == len(TOPICS)
        return
    # Plotly's script is loaded on first use, so the first chart may appear after the run ends.
    page.locator("[data-testid='stPlotlyChart']").first.wait_for()
    sliders = main_sliders(page)
    assert sliders.count() >= 1, "every topic page has at least one slider"
    slider_latency(page, sliders.first)  # raises unless the app reruns
    wait_idle(page)
    assert not exceptions(page)


def test_navigation_keeps_the_uploaded_picture(page, app_url):
    page.goto(app_url + PAGES[1])
    wait_idle(page)
    upload(page, "my picture.png", good_files()["rgb.png"][0])
    page.get_by_text("my picture.png").wait_for()
    wait_idle(page)
    page.locator("[data-testid='stSidebarNav'] a").first.click()  # home
    wait_idle(page)
    page.locator("[data-testid='stSidebarNav'] a").nth(1).click()
    wait_idle(page)
    caption = page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']").last
    assert "my picture.png" in caption.inner_text()
    assert not exceptions(page)


@pytest.mark.parametrize("name", ["cmyk.jpg", "exif_rotated.jpg", "grey16.png", "one_pixel.png"])
def test_good_uploads_become_the_picture(page, app_url, name):
    page.goto(app_url + PAGES[1])
    wait_idle(page)
    upload(page, name, good_files()[name][0])
    page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']",
                 has_text=name).wait_for()
    wait_idle(page)
    assert not exceptions(page)
    assert page.locator("[data-testid='stSidebar'] [data-testid='stAlertContentError']").count() == 0


@pytest.mark.parametrize("name", ["truncated.jpg", "document.png", "huge_claim.png", "empty.png"])
def test_bad_uploads_explain_and_the_app_keeps_working(page, app_url, name):
    page.goto(app_url + PAGES[1])
    wait_idle(page)
    upload(page, name, bad_files()[name])
    error = page.locator("[data-testid='stSidebar'] [data-testid='stAlertContentError']")
    error.wait_for()
    assert "Please" in error.inner_text()
    wait_idle(page)
    assert not exceptions(page)
    slider_latency(page, main_sliders(page).first)  # raises unless the app reruns
    wait_idle(page)
    assert not exceptions(page)
    page.locator("[data-testid='stPlotlyChart']").first.wait_for()


def test_a_shared_link_opens_the_real_app_on_a_cold_server(browser):
    """A freshly started Streamlit runs a page named in the URL without app.py; the shell must
    rerun it inside the app (navigation titles, sidebar, wide layout)."""
    from tests.e2e.harness import running_app

    with running_app() as (url, _process):
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(url + "/filters?kernel=sharpen")
        wait_idle(page)
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert "Intensity transforms" in nav and "Filters" in nav
        assert page.locator("[data-testid='stSidebar'] [data-testid='stFileUploader']").count() == 1
        assert page.locator("[data-testid='stMain'] label", has_text="Sharpen").count() >= 1
        assert "kernel=sharpen" in page.url
        assert not exceptions(page)
        page.context.close()
