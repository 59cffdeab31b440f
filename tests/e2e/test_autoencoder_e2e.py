"""The Autoencoder page in the real browser: tiny settings from the URL, Train, every section.

Also checks, on a server of its own, that opening the page and moving its first slider leave
TensorFlow unloaded (the generic browser test and the benchmark move that slider), and that the
server stays well under Community Cloud's memory after training.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from tests.e2e.harness import exceptions, main_sliders, running_app, slider_latency, wait_idle

# One epoch of 100 images in batches of 50: about a second of training once TensorFlow is in.
TINY = {"epochs": "1", "train_images": "100", "batch_size": "50"}
SECTIONS = ["Interpolation", "Compression vs JPEG", "Your picture", "Reconstructions"]
MEMORY_LIMIT_MB = 1_500


def train_and_wait(page) -> None:
    page.get_by_role("button", name="Train", exact=True).click()
    # The reconstructions' captions appear once training and the first results are done.
    page.get_by_text("MSE 0.").first.wait_for(timeout=180_000)
    wait_idle(page, 180_000)


def test_train_with_tiny_settings_and_visit_every_section(page, app_url):
    page.goto(f"{app_url}/autoencoder?{urlencode(TINY)}")
    wait_idle(page)
    assert not exceptions(page)
    train_and_wait(page)
    assert not exceptions(page)
    assert page.get_by_text("Trained just now").or_(page.get_by_text("Reused")).count() >= 1
    main = page.locator("[data-testid='stMain']")
    for section in SECTIONS:
        main.get_by_text(section, exact=True).first.click()
        wait_idle(page)
        assert not exceptions(page), section
    main.get_by_text("Compression vs JPEG", exact=True).first.click()
    wait_idle(page)
    assert main.get_by_text("Conclusion.").count() == 1


def _tensorflow_loaded(pid: int) -> bool:
    return "tensorflow" in Path(f"/proc/{pid}/maps").read_text()


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_tensorflow_loads_only_when_train_is_pressed(browser):
    with running_app() as (url, process):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(60_000)
        try:
            page.goto(f"{url}/autoencoder?{urlencode(TINY)}")
            wait_idle(page)
            page.locator("[data-testid='stPlotlyChart']").first.wait_for()
            slider_latency(page, main_sliders(page).first)  # raises unless the app reruns
            wait_idle(page)
            assert not exceptions(page)
            assert page.get_by_text("No model is trained with these settings yet").count() == 1
            assert not _tensorflow_loaded(process.pid)
            # The slider moved epochs off the tiny value: put it back through the URL.
            page.goto(f"{url}/autoencoder?{urlencode(TINY)}")
            wait_idle(page)
            train_and_wait(page)
            assert not exceptions(page)
            assert _tensorflow_loaded(process.pid)
            assert _rss_mb(process.pid) < MEMORY_LIMIT_MB
        finally:
            context.close()
