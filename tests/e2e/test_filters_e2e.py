"""The Filters page in the real browser: what AppTest cannot do (typing into the kernel grid,
clicking the tutorial's box sizes) and the worked example's numbers on screen."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from tests.e2e.harness import exceptions, main_sliders, wait_idle


def query(page) -> dict:
    return {key: values[0] for key, values in parse_qs(urlparse(page.url).query).items()}


def test_tutorial_box_sizes_set_the_slider(page, app_url):
    page.goto(app_url + "/filters")
    wait_idle(page)
    page.get_by_role("radio", name="30×30").click()
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('box_size=30')")
    wait_idle(page)
    assert main_sliders(page).first.input_value() == "30"
    assert page.get_by_text("Box blur 30×30 · clipped to 0–255").count() == 1
    assert not exceptions(page)


def test_typing_into_the_custom_kernel_grid(page, app_url):
    page.goto(app_url + "/filters?kernel=custom&normalize=false")
    wait_idle(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for()
    page.wait_for_timeout(500)  # the grid's canvas takes input a moment after it appears
    box = grid.bounding_box()
    # The grid is drawn on a canvas: aim at the centre cell (row 2, column 2) by position,
    # below the header row.
    rows, header = 3, box["height"] / 4
    centre = (box["x"] + box["width"] / 2,
              box["y"] + header + 1.5 * (box["height"] - header) / rows)
    for attempt in range(2):  # a click that lands while the grid redraws can be lost
        page.mouse.click(*centre)
        page.wait_for_timeout(300)
        # Typing on a selected cell opens its editor with what is typed, replacing the value.
        page.keyboard.type("7", delay=50)
        page.keyboard.press("Enter")
        try:
            page.wait_for_function("() => location.search.includes('custom=')", timeout=15_000)
            break
        except Exception:
            if attempt:
                raise
    wait_idle(page)
    assert query(page)["custom"] == "0,1,2,2,7,0,0,1,2"
    assert page.get_by_text("Weights sum to 15.").count() == 1
    assert not exceptions(page)


def test_worked_example_reaches_the_tutorials_last_number(page, app_url):
    page.goto(app_url + "/filters?section=Worked+example&step=9")
    wait_idle(page)
    cells = page.locator("[data-testid='stPlotlyChart'] svg text")
    # The output panel's nine numbers are drawn as SVG text once plotly has rendered.
    cells.filter(has_text=re.compile(r"^14$")).first.wait_for()
    texts = cells.all_text_contents()
    for value in ("12", "17", "10", "19", "9", "6", "14"):
        assert value in texts
    assert page.get_by_text("Window 9 of 9").count() == 1
    assert not exceptions(page)
