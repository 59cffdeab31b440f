"""What a user feels, in the real browser: slider move to app idle, and first paint of the home page.

``python -m benchmarks.browser [--page /intensity ...] [--moves 20] [--quick]``

For every topic page (or the ones named), uploads a 1-megapixel photo, then presses the arrow
keys on each slider of the main area in turn and times, inside the page, from the key press to
the app being idle with the new result painted. Also reports how much of that is the server's
script run (from the app's timing log) and the server's memory. One JSON line per page.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import cv2
from playwright.sync_api import sync_playwright

from benchmarks._common import MEGAPIXEL, emit, photo
from tests.e2e.harness import (
    exceptions,
    launch_browser,
    main_sliders,
    running_app,
    slider_latency,
    upload,
    wait_idle,
)
from ui.topics import TOPICS


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def rss_mb(pid: int) -> tuple[float, float]:
    """Current and peak resident memory of a process, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                  if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def first_paint(browser, url: str) -> dict:
    """From navigation start on a just-started server: when the topic cards are on screen, and
    when the app is idle. The browser tab is opened before the clock starts."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url + "/")
    page.locator("[data-testid='stPageLink']").first.wait_for()
    cards = (time.perf_counter() - start) * 1000
    wait_idle(page)
    idle = (time.perf_counter() - start) * 1000
    context.close()
    return {"cards": cards, "idle": idle}


def server_runs(log: Path, since: int) -> list[float]:
    lines = log.read_text().splitlines()[since:] if log.exists() else []
    return [float(line.split()[1]) for line in lines]


def measure_page(browser, url: str, path: str, picture: bytes, moves: int, log: Path) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url + path)
    wait_idle(page)
    upload(page, "photo-1mp.jpg", picture, "image/jpeg")
    page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']",
                 has_text="photo-1mp.jpg").wait_for()
    wait_idle(page)
    sliders = main_sliders(page)
    timings = []
    logged_before = len(log.read_text().splitlines()) if log.exists() else 0
    for index in range(min(sliders.count(), 4)):
        for move in range(moves):
            slider = main_sliders(page).nth(index)
            timings.append(slider_latency(page, slider, "ArrowRight" if move % 2 == 0 else "ArrowLeft"))
            wait_idle(page)
    broken = exceptions(page)
    context.close()
    to_idle = [t["to_idle"] for t in timings]
    server = server_runs(log, logged_before)
    return {
        "moves": len(to_idle),
        "p50": statistics.median(to_idle) if to_idle else None,
        "p95": percentile(to_idle, 0.95) if to_idle else None,
        "server_p50": statistics.median(server) if server else None,
        "exceptions": len(broken),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--page", action="append", help="e.g. /intensity (default: every topic)")
    parser.add_argument("--moves", type=int, default=10, help="key presses per slider")
    parser.add_argument("--quick", action="store_true", help="small picture, two moves")
    args = parser.parse_args()
    pixels = 100_000 if args.quick else MEGAPIXEL
    moves = 2 if args.quick else args.moves
    paths = args.page or ["/" + topic.url_path for topic in TOPICS]
    ok, encoded = cv2.imencode(".jpg", cv2.cvtColor(photo(pixels), cv2.COLOR_RGB2BGR),
                               [cv2.IMWRITE_JPEG_QUALITY, 92])
    picture = encoded.tobytes()
    size = f"{pixels / 1e6:g} MP"
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        warm_up = browser.new_context()  # a visitor's browser is already running
        warm_up.new_page().goto("about:blank")
        warm_up.close()
        # First paint needs a server nobody has visited yet: a fresh one per sample.
        paints = []
        for _ in range(1 if args.quick else 3):
            with running_app() as (url, _process):
                paints.append(first_paint(browser, url))
        emit("home first paint (cold server, median of %d)" % len(paints), "-",
             statistics.median(p["cards"] for p in paints),
             idle_ms=round(statistics.median(p["idle"] for p in paints)))
        log = Path(scratch) / "runs.log"
        with running_app({"IMAGELAB_TIMING_LOG": str(log)}) as (url, process):
            emit("server memory at start", "-", 0.0, rss_mb=round(rss_mb(process.pid)[0]))
            for path in paths:
                result = measure_page(browser, url, path, picture, moves, log)
                emit(f"slider to idle p95 {path}", size, result.pop("p95") or 0.0, **result)
            current, peak = rss_mb(process.pid)
            emit("server memory after the tour", size, 0.0, rss_mb=round(current),
                 peak_rss_mb=round(peak))
        browser.close()


if __name__ == "__main__":
    main()
