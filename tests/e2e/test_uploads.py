"""Every odd and bad file of the corpus, uploaded through the browser on every page: each gives a
picture or a clear message, never an exception box, and the page keeps working afterwards."""

from __future__ import annotations

import pytest

from tests.corpus import bad_files, good_files
from tests.e2e.harness import exceptions, main_sliders, slider_latency, upload, wait_idle
from ui.topics import TOPICS

GOOD = good_files()
BAD = bad_files()
MIME = {"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif", "bmp": "image/bmp",
        "tiff": "image/tiff", "webp": "image/webp"}


def test_corpus_is_at_least_25_files():
    assert len(GOOD) + len(BAD) >= 25


@pytest.mark.parametrize("path", ["/" + topic.url_path for topic in TOPICS])
def test_every_file_on_every_page(page, app_url, path):
    page.goto(app_url + path)
    wait_idle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    for name, data in [(n, d[0]) for n, d in GOOD.items()] + list(BAD.items()):
        upload(page, name, data, MIME.get(name.rsplit(".", 1)[-1], "application/octet-stream"))
        if name in GOOD:
            sidebar.locator("[data-testid='stCaptionContainer']", has_text=name).wait_for()
        else:
            sidebar.locator("[data-testid='stAlertContentError']").wait_for()
        wait_idle(page)
        assert not exceptions(page), f"{name} on {path}: {exceptions(page)}"
    # After the whole corpus the page still answers a slider.
    sliders = main_sliders(page)
    if sliders.count():
        slider_latency(page, sliders.first)
        wait_idle(page)
    assert not exceptions(page)
