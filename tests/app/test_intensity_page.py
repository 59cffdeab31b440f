"""The Intensity page in AppTest: every transform, every widget at both ends, URL state."""

from __future__ import annotations

import pytest

from core import intensity
from tests.app.helpers import assert_healthy, choose, open_page, sweep_widgets

PAGE = "pages/intensity.py"


def test_renders_with_defaults():
    at = open_page(PAGE)
    assert at.title[0].value == "Intensity transforms"
    assert len(at.main.get("plotly_chart")) >= 2  # before/after and the transfer curve
    assert at.main.get("download_button")
    assert at.main.code  # "show the code"


@pytest.mark.parametrize("transform", list(intensity.TRANSFORMS))
def test_every_transform_with_every_widget_at_both_ends(transform):
    at = open_page(PAGE)
    choose(at, "transform", transform)
    runs = sweep_widgets(at)
    assert runs >= 1  # the greyscale toggle at least


def test_picture_basics_section():
    at = open_page(PAGE)
    choose(at, "section", "Picture basics")
    assert at.main.dataframe
    assert sweep_widgets(at) >= 2


def test_url_reproduces_the_view_and_bad_values_fall_back():
    at = open_page(PAGE, {"transform": "clahe", "clip_limit": "0.1", "tiles": "4", "grey": "true"})
    assert at.radio(key="transform").value == "clahe"
    assert at.slider(key="clip_limit").value == pytest.approx(0.1)
    assert at.slider(key="tiles").value == 4
    assert at.toggle(key="grey").value is True
    at = open_page(PAGE, {"transform": "sepia", "gamma": "1e9", "tiles": "abc"})
    assert at.radio(key="transform").value == "gamma"
    assert at.slider(key="gamma").value == 5.0  # clamped to the slider's range


def test_moving_a_slider_writes_the_url():
    at = open_page(PAGE)
    at.slider(key="gamma").set_value(0.5).run()
    assert at.query_params["gamma"] == "0.5"
    at.slider(key="gamma").set_value(2.2).run()
    assert "gamma" not in at.query_params  # defaults stay out of the link


def test_settings_survive_a_visit_to_another_page():
    at = open_page(PAGE)
    at.slider(key="gamma").set_value(0.7).run()
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert at.slider(key="gamma").value == pytest.approx(0.7)
    assert_healthy(at)
