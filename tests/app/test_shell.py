"""The app shell: home page, shared picture sidebar, uploads, working size, URL state."""

from __future__ import annotations

import numpy as np
import pytest

from core.images import sample_images
from tests.app.helpers import assert_healthy, open_page
from tests.corpus import bad_files, good_files
from ui.topics import TOPICS


def test_home_lists_every_topic_with_a_card():
    at = open_page()
    assert at.title[0].value == "Image Lab"
    assert len(at.get("page_link")) == len(TOPICS)
    assert len(at.get("image")) >= len(TOPICS)


def test_sidebar_offers_samples_upload_camera_and_size():
    at = open_page()
    assert at.sidebar.selectbox(key="image").options == list(sample_images())
    assert at.sidebar.get("file_uploader")
    assert at.sidebar.toggle(key="use_camera").value is False
    at.sidebar.toggle(key="use_camera").set_value(True).run()
    assert at.sidebar.get("camera_input")
    assert_healthy(at)


def _picture(at):
    return at.session_state["working_image"]


def test_sample_choice_and_working_size_reach_the_page():
    at = open_page("pages/intensity.py")
    at.sidebar.selectbox(key="image").set_value("Shapes (generated)").run()
    assert _picture(at).name == "Shapes (generated)"
    at.sidebar.select_slider(key="size").set_value("0.25 MP").run()
    assert _picture(at).rgb.shape[0] * _picture(at).rgb.shape[1] <= 250_000
    assert_healthy(at)


@pytest.mark.parametrize("name", ["rgb.png", "cmyk.jpg", "exif_rotated.jpg", "float.tiff",
                                  "one_pixel.png", "animated.gif"])
def test_good_upload_becomes_the_picture_and_survives_page_switches(name):
    data, expected, _ = good_files()[name]
    at = open_page("pages/intensity.py")
    at.sidebar.get("file_uploader")[0].upload(name, data, "image/png").run()
    assert_healthy(at)
    assert _picture(at).name == name
    assert _picture(at).rgb.shape == expected.shape
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/intensity.py").run()
    assert _picture(at).name == name
    assert_healthy(at)


@pytest.mark.parametrize("name", sorted(bad_files()))
def test_bad_upload_shows_a_message_and_keeps_the_previous_picture(name):
    at = open_page("pages/intensity.py")
    before = _picture(at)
    at.sidebar.get("file_uploader")[0].upload(name, bad_files()[name], "image/png").run()
    assert not at.exception
    assert len(at.sidebar.error) == 1 and "Please" in at.sidebar.error[0].value
    assert _picture(at).key == before.key
    assert at.main.get("plotly_chart")  # the page still shows its result
    # and the app keeps working: move a slider
    at.slider(key="gamma").set_value(3.0).run()
    assert not at.exception


def test_removing_the_upload_returns_to_the_sample():
    data = good_files()["rgb.png"][0]
    at = open_page("pages/intensity.py")
    uploader = at.sidebar.get("file_uploader")[0]
    uploader.upload("mine.png", data, "image/png").run()
    assert _picture(at).name == "mine.png"
    at.sidebar.get("file_uploader")[0].clear().run()
    assert _picture(at).name == at.sidebar.selectbox(key="image").value
    assert_healthy(at)


def test_file_names_are_shown_as_plain_text():
    data = good_files()["rgb.png"][0]
    at = open_page("pages/intensity.py")
    name = "[click me](https://example.com) <b>x</b> $x$.png"
    at.sidebar.get("file_uploader")[0].upload(name, data, "image/png").run()
    caption = at.sidebar.caption[-1].value
    assert "](" not in caption and "<b>" not in caption and "\\$" in caption


def test_url_parameters_set_the_sample_and_size():
    at = open_page("pages/intensity.py", {"image": "Grid (generated)", "size": "0.5 MP"})
    assert _picture(at).name == "Grid (generated)"
    assert at.sidebar.select_slider(key="size").value == "0.5 MP"


def test_two_sessions_do_not_share_pictures():
    first = open_page("pages/intensity.py")
    second = open_page("pages/intensity.py")
    data = good_files()["rgb.png"][0]
    first.sidebar.get("file_uploader")[0].upload("first.png", data, "image/png").run()
    second.run()
    assert _picture(first).name == "first.png"
    assert _picture(second).name != "first.png"
    assert not np.array_equal(_picture(first).rgb.shape, _picture(second).rgb.shape) or \
        _picture(first).key != _picture(second).key


def test_pages_sharing_a_widget_key_do_not_leak_values():
    # Every page has a "section" control with its own options.
    at = open_page("pages/intensity.py", {"section": "Picture basics"})
    at.switch_page("pages/filters.py").run()
    assert_healthy(at)
    assert at.segmented_control(key="section").value == "Filter a picture"
    at.switch_page("pages/intensity.py").run()
    assert at.segmented_control(key="section").value == "Picture basics"
    assert_healthy(at)


def test_unselecting_a_section_falls_back_to_a_valid_one():
    at = open_page("pages/intensity.py")
    at.segmented_control(key="section").set_value(None).run()
    assert_healthy(at)
    at.run()
    assert at.segmented_control(key="section").value in ("Point transforms", "Picture basics")
