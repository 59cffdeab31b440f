"""Run the real app and drive it in the system's headless Chromium (shared by tests and benchmarks).

Playwright cannot download its own browser here, so it is pointed at Debian's ``chromium``
package. Nothing is skipped when the browser is missing: the tests fail and say how to install it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError(
            "The browser tests need Chromium: install Debian's package with "
            "'apt-get update && apt-get install -y chromium' (or set CHROMIUM=/path/to/chrome)."
        )
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_app(extra_env: dict | None = None, timeout: float = 60) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start ``streamlit run app.py`` on a free local port; yield (base URL, process)."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    log = open(ROOT / "tests" / "e2e" / f"server-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"The app exited at start-up; see {log.name}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"The app did not start within {timeout} s; see {log.name}")
            time.sleep(0.2)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        if os.environ.get("KEEP_SERVER_LOGS") is None:
            Path(log.name).unlink(missing_ok=True)


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until the script has finished and the page has painted its result."""
    page.wait_for_selector(IDLE, timeout=timeout)
    # A rerun may be queued right after the first (e.g. the shell's cold-start rerun).
    page.wait_for_timeout(150)
    page.wait_for_selector(IDLE, timeout=timeout)
    # Elements whose code is loaded on demand (Plotly, the uploader) show a skeleton until ready.
    page.wait_for_function("() => !document.querySelector(\"[data-testid='stSkeleton']\")",
                           timeout=timeout)
    page.wait_for_function("() => new Promise(r => requestAnimationFrame(() => r(true)))")


def exceptions(page) -> list[str]:
    return page.locator("[data-testid='stException']").all_inner_texts()


def upload(page, name: str, data: bytes, mime: str = "image/png") -> None:
    page.locator("[data-testid='stSidebar'] [data-testid='stFileUploaderDropzoneInput']") \
        .set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])


def main_sliders(page):
    return page.locator("[data-testid='stMain'] [data-testid='stSlider'] input[type=range]")


# The time from a key press on a slider to the app being idle again with the new result painted,
# measured inside the page so the test driver's own latency is not counted.
ARM_LATENCY_PROBE = """() => { window.__latency = new Promise(resolve => {
  const app = document.querySelector('[data-testid="stApp"]');
  let pressed = null, started = null, sawRunning = false;
  document.addEventListener('keydown', () => { pressed = performance.now(); },
                            {capture: true, once: true});
  const observer = new MutationObserver(() => {
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running' && !sawRunning) { sawRunning = true; started = performance.now(); }
    if (sawRunning && state === 'notRunning') {
      observer.disconnect();
      const finished = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => resolve({
        to_running: started - pressed, to_finished: finished - pressed,
        to_idle: performance.now() - pressed})));
    }
  });
  observer.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}); }"""


def slider_latency(page, slider, key: str = "ArrowRight", timeout: float = 30_000) -> dict:
    """Press ``key`` on ``slider`` and return the in-page timings (milliseconds).

    A slider already at the end the key moves towards does not rerun the app; then the opposite
    key is pressed instead.
    """
    opposite = {"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight"}[key]
    for attempt, press in enumerate((key, opposite)):
        slider.focus()
        page.evaluate(ARM_LATENCY_PROBE)
        page.keyboard.press(press)
        wait = 3_000 if attempt == 0 else timeout
        try:
            return page.evaluate(
                f"Promise.race([window.__latency, new Promise((_, reject) => "
                f"setTimeout(() => reject(new Error('no rerun')), {wait}))])")
        except Exception as error:  # the page's own Error, raised through Playwright
            if "no rerun" not in str(error) or attempt == 1:
                raise
    raise AssertionError("unreachable")
