"""Security basics: upload cap, XSRF and CORS on, the size guard on every way in (camera too)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.app.helpers import assert_healthy, open_page
from tests.corpus import good_files, png_claiming

CONFIG = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml")
                       .read_text())


def test_uploads_are_capped_and_streamlit_protections_stay_on():
    server = CONFIG["server"]
    assert 1 <= server["maxUploadSize"] <= 200  # megabytes
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True


def test_camera_photos_pass_the_same_guard_as_uploads():
    at = open_page("pages/intensity.py")
    at.sidebar.toggle(key="use_camera").set_value(True).run()
    before = at.session_state["working_image"].key
    at.sidebar.camera_input[0].set_value(("photo.jpg", png_claiming(40000, 40000),
                                          "image/jpeg")).run()
    assert not at.exception
    assert any("megapixels" in error.value for error in at.sidebar.error)
    assert at.session_state["working_image"].key == before
    # A real photo from the camera becomes the picture.
    at.sidebar.camera_input[0].set_value(("photo.jpg", good_files()["photo.jpg"][0],
                                          "image/jpeg")).run()
    assert_healthy(at)
    assert at.session_state["working_image"].name == "Camera photo"
