"""Contours (the tutorial's vectorization): binarize, trace the outlines, simplify, export SVG."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.contours import BINARIZATION_METHODS, FOREGROUNDS, Binarization
from ui import contours_view as view
from ui import params, parts, viewer
from ui.params import Param
from ui.source import current_image

TUTORIAL_TOLERANCE = 5.0
PARAMS = {
    "method": Param("kmeans", options=list(BINARIZATION_METHODS)),
    "foreground": Param("darker", options=list(FOREGROUNDS)),
    "threshold": Param(128, 0, 255),
    "tolerance": Param(TUTORIAL_TOLERANCE, 0.0, 20.0),
    "min_length": Param(0, 0, 200),
    "contours_reference": Param(False),
}
FOREGROUND_LABELS = {"darker": "Darker part", "lighter": "Lighter part"}


# --- controls -----------------------------------------------------------------------------------

def binarization_controls() -> dict:
    left, right = st.columns([3, 2])
    method = left.radio("Binarization", list(BINARIZATION_METHODS), key="method",
                        horizontal=True, format_func=BINARIZATION_METHODS.get)
    foreground = right.radio("Foreground (white in the mask)", list(FOREGROUNDS),
                             key="foreground", horizontal=True, format_func=FOREGROUND_LABELS.get)
    threshold = None
    if method == "manual":
        threshold = left.slider("Threshold t (grey level)", 0, 255, key="threshold",
                                help="Darker part: grey ≤ t. Lighter part: grey > t.")
    return {"method": method, "foreground": foreground, "threshold": threshold}


def tracing_controls() -> dict:
    left, right = st.columns(2)
    tolerance = left.slider(
        "Simplification tolerance (pixels) · tutorial: 5", 0.0, 20.0, step=0.5, format="%.1f",
        key="tolerance",
        help="Douglas–Peucker: the largest distance between the traced outline and its "
        "simplified polygon. 0 keeps every traced point; the tutorial uses 5.")
    min_length = right.slider(
        "Minimum contour length (pixels)", 0, 200, key="min_length",
        help="Contours shorter than this are dropped before simplifying: specks of noise give "
        "tiny closed contours (a lone pixel's is about 3 pixels long). 0 keeps all, as the "
        "tutorial does.")
    return {"tolerance": float(tolerance), "min_length": int(min_length)}


# --- rendering ----------------------------------------------------------------------------------

def render_binarization(picture, settings: dict) -> tuple[str, Binarization]:
    threshold = settings["threshold"] if settings["method"] == "manual" else None
    with parts.friendly_errors():
        result = view.binarized(picture.key, settings["method"], settings["foreground"],
                                threshold, _rgb=picture.rgb)
    mask_key = f"{picture.key}|{settings['method']}|{settings['foreground']}|{threshold}"
    viewer.show_figure(view.mask_figure(mask_key, picture.key, picture.rgb, result.mask),
                       key="contours_mask_view")
    st.markdown(view.binarization_text(result))
    return mask_key, result


def render_tracing(picture, mask_key: str, outlines: view.Outlines, settings: dict) -> None:
    view.show_metrics(outlines)
    if not outlines.traced:
        st.info(view.NOTHING_TO_TRACE, icon=":material/info:")
        return
    if not outlines.kept:
        st.info(f"All {len(outlines.traced):,} contours are shorter than "
                f"{settings['min_length']} pixels: lower the minimum length.",
                icon=":material/info:")
    viewer.show_figure(view.overlay_figure(mask_key, settings["min_length"],
                                           settings["tolerance"], picture.key, picture.gray,
                                           outlines.kept, outlines.simplified),
                       key="contours_overlay_view")
    st.caption(view.OVERLAY_CAPTION)
    st.markdown(view.TRACING_EXPLAINED)


def render_svg(svg: str, settings: dict) -> None:
    left, right = st.columns([3, 2])
    with left.container(border=True):
        # st.image shows an SVG string as an <img> with a data: URL: a picture, never page HTML.
        st.image(view.svg_preview(svg), caption=view.PREVIEW_CAPTION, width="stretch")
    with right:
        st.download_button("Download the drawing (SVG)", data=lambda: svg,
                           file_name=f"contours-tolerance-{settings['tolerance']:g}.svg",
                           mime="image/svg+xml", on_click="ignore",
                           icon=":material/download:", key="contours_download")
        st.markdown(view.SVG_EXPLAINED)


def render_reference(mask_key: str, mask: np.ndarray, outlines: view.Outlines,
                     settings: dict) -> None:
    result = view.reference_comparison(mask_key, settings["min_length"], settings["tolerance"],
                                       mask, outlines.kept, outlines.simplified)
    if result is None:
        st.info(view.NO_REFERENCE, icon=":material/info:")
        return
    view.show_reference(result, settings["tolerance"])


# --- the page -----------------------------------------------------------------------------------

params.init(PARAMS)
picture = current_image()
st.title("Contours")
st.markdown("The tutorial's vectorization in four steps: split the picture into foreground and "
            "background, trace the outlines between them, simplify the outlines into polygons "
            "and save them as a vector drawing (SVG).")
binarization = binarization_controls()
mask_key, result = render_binarization(picture, binarization)
st.subheader("Trace and simplify")
settings = binarization | tracing_controls()
with parts.friendly_errors():
    outlines = view.vectorized(mask_key, result.mask, settings["min_length"], settings["tolerance"])
render_tracing(picture, mask_key, outlines, settings)
st.subheader("The vector drawing")
render_svg(outlines.svg, settings)
parts.show_code(view.contours_code(settings))
if st.toggle("Reference check: ours beside scikit-image", key="contours_reference"):
    render_reference(mask_key, result.mask, outlines, settings)
params.publish(PARAMS)
