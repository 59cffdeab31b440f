"""Drive a page through AppTest: open it, move every widget to both ends, check nothing breaks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.corpus import png

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SMALL = {"size": "0.25 MP"}  # keeps AppTest runs quick without changing what is exercised


def open_page(page: str | None = None, query: dict | None = None, timeout: float = 120) -> AppTest:
    """Run the app with ``query`` in the URL, then switch to ``page`` (a path under pages/)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params.update(SMALL | (query or {}))
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert_healthy(at)
    return at


def assert_healthy(at: AppTest, allow_errors: bool = False) -> None:
    """No exception box; and, unless errors are expected, no error message."""
    assert not at.exception, [e.value for e in at.exception]
    if not allow_errors:
        assert not at.error, [e.value for e in at.error]


def _ends(widget) -> list:
    kind = type(widget).__name__
    if kind == "Slider":
        if isinstance(widget.value, (tuple, list)):
            return [(widget.min, widget.min), (widget.max, widget.max), (widget.min, widget.max)]
        return [widget.min, widget.max]
    if kind == "SelectSlider":
        if isinstance(widget.value, (tuple, list)):
            return [(widget.options[0], widget.options[-1])]
        return [widget.options[0], widget.options[-1]]
    if kind in ("Toggle", "Checkbox"):
        return [not widget.value]
    if kind == "NumberInput":
        ends = [v for v in (widget.min, widget.max) if v is not None]
        return ends
    return []


def _main_widgets(at: AppTest) -> list:
    widgets = []
    for kind in ("slider", "select_slider", "toggle", "checkbox", "number_input"):
        widgets += [w for w in getattr(at.main, kind) if w.key]
    return widgets


def _find(at: AppTest, key: str):
    for widget in _main_widgets(at):
        if widget.key == key:
            return widget
    return None


def sweep_widgets(at: AppTest, skip: tuple[str, ...] = (), allow_errors: bool = False) -> int:
    """Move every keyed slider, toggle, checkbox and number input on the page to each end of its
    range, one at a time (restoring it after), checking each run. Returns the runs made."""
    runs = 0
    keys = [w.key for w in _main_widgets(at) if w.key not in skip]
    for key in keys:
        widget = _find(at, key)
        if widget is None:  # hidden by an earlier widget's value
            continue
        original = widget.value
        for value in _ends(widget):
            widget = _find(at, key)
            if widget is None:
                break
            widget.set_value(value).run()
            runs += 1
            assert_healthy(at, allow_errors)
        widget = _find(at, key)
        if widget is not None:
            widget.set_value(original).run()
    return runs


def choose(at: AppTest, key: str, option) -> AppTest:
    """Select ``option`` in the radio, selectbox or segmented control with ``key``."""
    for kind in ("radio", "selectbox", "segmented_control", "pills"):
        for widget in getattr(at, kind):
            if widget.key == key:
                widget.set_value(option).run()
                assert_healthy(at)
                return at
    raise KeyError(key)


def upload(at: AppTest, name: str, picture: np.ndarray) -> AppTest:
    """Upload ``picture`` as a PNG file called ``name`` through the sidebar, and run."""
    at.sidebar.get("file_uploader")[0].upload(name, png(picture), "image/png").run()
    return at
