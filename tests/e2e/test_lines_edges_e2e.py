"""The Lines & edges page in the real browser: the clicks tying the picture to the accumulator."""

from __future__ import annotations

from tests.e2e.harness import exceptions, wait_idle

HOUGH = "/lines_edges?section=Hough+lines&image=Grid+(generated)"

# Where a point of a trace is on screen: plotly reports clicks on points only, so the test
# clicks exactly where the page's clickable points are.
POINT_ON_SCREEN = """([chart, trace, index]) => {
  const gd = document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')[chart];
  const points = gd.calcdata[trace], box = gd.getBoundingClientRect(),
        xaxis = gd._fullLayout.xaxis, yaxis = gd._fullLayout.yaxis,
        point = points[index >= 0 ? index : Math.floor(points.length * -index)];
  return [box.left + xaxis._offset + xaxis.d2p(point.x),
          box.top + yaxis._offset + yaxis.d2p(point.y), point.x, point.y];
}"""
SELECTED_LINE = ("() => document.querySelector("
                 "'[data-testid=stMain] [data-testid=stSelectbox] input').value")


def _click_point(page, chart: int, trace: int, index: float) -> tuple[float, float]:
    """Click a trace's point: ``index`` counts points, or if negative is minus a fraction."""
    x, y, data_x, data_y = page.evaluate(POINT_ON_SCREEN, [chart, trace, index])
    page.mouse.move(x, y)
    page.wait_for_timeout(150)  # let plotly find the hovered point first
    page.mouse.click(x, y)
    page.wait_for_timeout(300)
    wait_idle(page)
    return data_x, data_y


def _captions(page) -> str:
    return "\n".join(page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']")
                     .all_inner_texts())


def test_clicking_a_peak_highlights_its_line_and_a_point_shows_its_sinusoid(page, app_url):
    page.goto(app_url + HOUGH)
    wait_idle(page)
    page.locator("[data-testid='stPlotlyChart']").nth(1).wait_for()
    assert page.evaluate(SELECTED_LINE) == "Line 1"

    theta, rho = _click_point(page, chart=1, trace=1, index=6)  # the 7th peak's circle
    assert page.evaluate(SELECTED_LINE) == "Line 7"
    assert f"Line 7: θ = {theta:.2f}°, ρ = {rho:.0f}" in _captions(page)

    x, y = _click_point(page, chart=0, trace=1, index=-0.6)  # 60% into the click grid
    inputs = page.locator("[data-testid='stMain'] [data-testid='stNumberInput'] input")
    assert (inputs.nth(0).input_value(), inputs.nth(1).input_value()) == (str(x), str(y))
    assert f"Point ({x}, {y})" in _captions(page)

    _click_point(page, chart=1, trace=1, index=2)  # a second click after the figures changed
    assert page.evaluate(SELECTED_LINE) == "Line 3"
    assert not exceptions(page)


def test_photo_suggests_the_grid_picture(page, app_url):
    page.goto(app_url + "/lines_edges")
    wait_idle(page)
    page.get_by_role("button", name="Use the grid picture").click()
    caption = page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']",
                           has_text="Grid (generated)")
    caption.wait_for()
    wait_idle(page)
    assert page.get_by_role("button", name="Use the grid picture").count() == 0
    assert not exceptions(page)
