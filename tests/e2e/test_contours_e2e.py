"""The Contours page in the real browser: the SVG preview is an image (never page HTML), the
downloaded file is the drawing the page describes, and an extreme view on a noisy upload works."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import numpy as np

from tests.corpus import png
from tests.e2e.harness import exceptions, main_sliders, slider_latency, upload, wait_idle

SVG_PATH = "{http://www.w3.org/2000/svg}path"


def metric(page, label: str) -> int:
    box = page.locator("[data-testid='stMetric']", has_text=label)
    value = box.locator("[data-testid='stMetricValue']").inner_text()
    return int(value.split()[0].replace(",", ""))


def test_preview_is_an_image_and_the_download_is_the_drawing(page, app_url):
    page.goto(app_url + "/contours?min_length=8")
    wait_idle(page)
    preview = page.locator("[data-testid='stMain'] [data-testid='stImage'] img")
    preview.wait_for()  # idle may come before the last elements are painted on a cold start
    wait_idle(page)
    assert preview.count() == 1
    assert preview.get_attribute("src").startswith("data:image/svg+xml;base64,")
    # Nothing of the drawing is injected into the page itself: the page's own inline SVGs
    # (icons, plotly's axes and buttons) hold far fewer paths than the drawing has contours.
    assert page.locator("[data-testid='stMain'] svg g[transform='translate(0.5 0.5)']").count() == 0
    assert page.locator("[data-testid='stMain'] svg path").count() < metric(page, "Contours kept")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the drawing (SVG)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".svg")
    with open(download.path(), "rb") as file:
        data = file.read()
    root = ElementTree.fromstring(data)
    assert len(list(root.iter(SVG_PATH))) == metric(page, "Contours kept") > 0
    assert len(data) == metric(page, "SVG size")
    assert not exceptions(page)


def test_noisy_upload_at_tolerance_zero(page, app_url):
    rng = np.random.default_rng(1)
    noisy = rng.integers(0, 256, (300, 400, 3), dtype=np.uint8)
    # Tolerance 0: every traced vertex of thousands of specks is kept, drawn and exported.
    page.goto(app_url + "/contours?method=otsu&tolerance=0")
    wait_idle(page)
    upload(page, "noise.png", png(noisy))
    page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']",
                 has_text="noise.png").wait_for()
    wait_idle(page)
    assert not exceptions(page)
    assert metric(page, "Contours kept") > 1000
    assert metric(page, "Vertices simplified") == metric(page, "Vertices traced")
    slider_latency(page, main_sliders(page).first)  # and the slider still answers
    wait_idle(page)
    assert not exceptions(page)
