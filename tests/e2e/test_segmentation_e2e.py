"""The Segmentation page in the real browser: every section draws (maths included), the manual
threshold takes over when moved, and K-means answers its k slider, with and without the 3-D view."""

from __future__ import annotations

import pytest

from tests.e2e.harness import exceptions, main_sliders, slider_latency, wait_idle

SECTIONS = {"Otsu threshold": "", "Worked example": "section=Worked+example",
            "K-means colours": "section=K-means+colours"}


def _open(page, app_url: str, query: str) -> None:
    page.goto(f"{app_url}/segmentation" + (f"?{query}" if query else ""))
    wait_idle(page)
    page.locator("[data-testid='stPlotlyChart']").first.wait_for()
    wait_idle(page)


@pytest.mark.parametrize("section", list(SECTIONS))
def test_section_draws_with_its_maths_and_a_slider_answers(page, app_url, section):
    _open(page, app_url, SECTIONS[section])
    assert not exceptions(page)
    if section != "K-means colours":
        assert page.locator(".katex").count() >= 1  # LaTeX was rendered...
    assert page.locator(".katex-error").count() == 0  # ...without a parse error
    slider_latency(page, main_sliders(page).first)  # raises unless the app reruns
    wait_idle(page)
    assert not exceptions(page)


def test_moving_the_manual_threshold_shows_it(page, app_url):
    _open(page, app_url, "")
    assert "(Otsu)" in page.locator("[data-testid='stPlotlyChart']").first.inner_text()
    slider_latency(page, main_sliders(page).first, "ArrowLeft")
    wait_idle(page)
    assert "gray > 127 (manual)" in page.locator("[data-testid='stPlotlyChart']").first.inner_text()
    assert "threshold=127" in page.url and "use_otsu=false" in page.url


def test_kmeans_with_the_3d_view(page, app_url):
    _open(page, app_url, "section=K-means+colours&scatter=true")
    scene = page.locator("[data-testid='stPlotlyChart'] .gl-container canvas")
    scene.first.wait_for(state="attached")
    slider_latency(page, main_sliders(page).first)
    wait_idle(page)
    scene.first.wait_for(state="attached")
    assert not exceptions(page)
    assert "6 colours" in page.locator("[data-testid='stPlotlyChart']").first.inner_text()
