"""The shared sidebar: where the picture comes from (sample, upload, camera) and its working size.

The chosen picture lives in session state, so it survives page switches, and is decoded once per
file: results are cached by the SHA-256 of the file's bytes, which also keeps two visitors who
upload different pictures from ever sharing a cache entry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import streamlit as st

from core.images import (
    SUPPORTED_EXTENSIONS,
    ImageError,
    decode_image,
    fit_to_working_size,
    sample_images,
    to_gray,
)
from ui import params
from ui.text import escape_markdown

MAX_FILE_PIXELS = 50_000_000

WORKING_SIZES = {
    "0.25 MP": 250_000,
    "0.5 MP": 500_000,
    "1 MP": 1_000_000,
    "2 MP": 2_000_000,
    "4 MP": 4_000_000,
    "8 MP (slow)": 8_000_000,
}
DEFAULT_WORKING_SIZE = "1 MP"

SIDEBAR_PARAMS = {
    "image": params.Param(next(iter(sample_images())), options=list(sample_images())),
    "size": params.Param(DEFAULT_WORKING_SIZE, options=list(WORKING_SIZES)),
}

_ACTIVE = "picture_active"  # {"kind", "name", "digest"} of the picture in use
_FILES = "picture_files"  # digest -> bytes of uploaded or photographed pictures in this session
_SEEN = "picture_seen"  # widget file ids already handled, so a file is decoded once


@dataclass(frozen=True)
class WorkingImage:
    """The picture every page works on, at working size; arrays are read-only."""

    rgb: np.ndarray
    gray: np.ndarray
    name: str
    key: str  # identifies the content and size: use it to key caches

    @property
    def shape(self) -> tuple[int, ...]:
        return self.rgb.shape


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@st.cache_resource(max_entries=24, ttl=3600, show_spinner=False)
def _sample_at_size(name: str, max_pixels: int) -> tuple[np.ndarray, np.ndarray]:
    return _read_only(fit_to_working_size(sample_images()[name], max_pixels))


@st.cache_resource(max_entries=24, ttl=3600, show_spinner="Reading the picture…")
def _file_at_size(digest: str, max_pixels: int, _data: bytes) -> tuple[np.ndarray, np.ndarray]:
    # Keyed by the digest only: hashing megabytes of bytes on every rerun would be pure waste.
    return _read_only(fit_to_working_size(decode_image(_data, MAX_FILE_PIXELS), max_pixels))


def _read_only(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rgb = np.array(rgb)  # own the memory before freezing it
    gray = np.array(to_gray(rgb))
    rgb.flags.writeable = False
    gray.flags.writeable = False
    return rgb, gray


def _accept_file(kind: str, name: str, data: bytes) -> str | None:
    """Decode a new upload or photo and make it the active picture; return why it failed, if so."""
    digest = _digest(data)
    try:
        _file_at_size(digest, WORKING_SIZES[st.session_state["size"]], data)
    except ImageError as error:
        return str(error)  # the previous picture stays active
    st.session_state[_FILES] = {digest: data}  # one user picture per session is plenty
    st.session_state[_ACTIVE] = {"kind": kind, "name": name, "digest": digest}
    return None


def _on_sample_change() -> None:
    st.session_state[_ACTIVE] = {"kind": "sample", "name": st.session_state["image"], "digest": None}


def choose_sample(name: str) -> None:
    """Make a bundled sample the picture, as picking it in the sidebar does. For button callbacks
    (it must run before the sidebar's widgets are drawn)."""
    if name not in sample_images():
        raise ValueError(f"There is no sample picture called {name!r}.")
    st.session_state["image"] = name
    _on_sample_change()


def _handle_widget_file(kind: str, uploaded) -> None:
    """React to the uploader or camera widget: new file -> decode; removed -> back to the sample."""
    seen = st.session_state[_SEEN]
    if uploaded is None:
        if seen.pop(kind, None) is not None and st.session_state[_ACTIVE]["kind"] == kind:
            _on_sample_change()
        return
    if seen.get(kind, (None,))[0] == uploaded.file_id:
        return
    name = uploaded.name if kind == "upload" else "Camera photo"
    seen[kind] = (uploaded.file_id, _accept_file(kind, name, uploaded.getvalue()))


def picture_sidebar() -> WorkingImage:
    """Draw the picture controls in the sidebar and return the picture to work on."""
    params.init(SIDEBAR_PARAMS)
    st.session_state.setdefault(_SEEN, {})
    st.session_state.setdefault(_FILES, {})
    st.session_state.setdefault(
        _ACTIVE, {"kind": "sample", "name": st.session_state["image"], "digest": None}
    )
    with st.sidebar:
        st.header("Picture")
        st.selectbox("Sample picture", list(sample_images()), key="image", on_change=_on_sample_change)
        uploaded = st.file_uploader(
            "Or upload your own",
            type=list(SUPPORTED_EXTENSIONS),
            key="upload",
            help="JPEG, PNG, BMP, TIFF, WebP or GIF, up to 50 megapixels. "
            "Large pictures are shrunk to the working size below.",
        )
        _handle_widget_file("upload", uploaded)
        if st.toggle("Use the camera", key="use_camera"):
            _handle_widget_file("camera", st.camera_input("Take a photo", key="camera"))
        for kind in ("upload", "camera"):
            error = st.session_state[_SEEN].get(kind, (None, None))[1]
            if error:
                st.error(error, icon="⚠️")
        st.select_slider(
            "Working size",
            options=list(WORKING_SIZES),
            key="size",
            help="Every page works on the picture shrunk to at most this many pixels. "
            "Larger is sharper but slower.",
        )
        picture = _current_picture()
        height, width = picture.rgb.shape[:2]
        st.caption(f"{escape_markdown(picture.name)} · {width} × {height} pixels")
    params.publish(SIDEBAR_PARAMS)
    st.session_state["working_image"] = picture
    return picture


def _current_picture() -> WorkingImage:
    active = st.session_state[_ACTIVE]
    max_pixels = WORKING_SIZES[st.session_state["size"]]
    data = st.session_state[_FILES].get(active["digest"]) if active["digest"] else None
    if active["kind"] != "sample" and data is not None:
        rgb, gray = _file_at_size(active["digest"], max_pixels, data)
        key = f"{active['digest'][:16]}-{max_pixels}"
    else:
        rgb, gray = _sample_at_size(active["name"], max_pixels)
        key = f"sample-{active['name']}-{max_pixels}"
    return WorkingImage(rgb=rgb, gray=gray, name=active["name"], key=key)


def require_app_shell() -> None:
    """Make sure this page runs inside ``app.py`` (navigation, layout, sidebar).

    On a freshly started server, Streamlit runs a page requested by URL (say ``/intensity``)
    straight from the ``pages/`` folder, in its older multipage mode, without ``app.py``. Once
    any run has called ``st.navigation`` that mode is off for good; until then we switch it off
    and rerun, so a shared link opens the real app.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_image() -> WorkingImage:
    """The picture chosen in the sidebar (``app.py`` draws the sidebar before any page runs)."""
    require_app_shell()
    picture = st.session_state.get("working_image")
    if picture is None:  # a page run on its own, e.g. in a test: draw the sidebar now
        picture = picture_sidebar()
    return picture
