"""Contours (the tutorial's vectorization): binarize, trace the outlines, simplify, export SVG."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.contours import (BINARIZATION_METHODS, FOREGROUNDS, Binarization, binarize,
                           contour_lengths, contours_to_svg, count_vertices, draw_contours,
                           find_contours, simplify_contours)
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


# --- cached steps: each slider recomputes only what depends on it --------------------------------

@st.cache_data(max_entries=16, show_spinner="Splitting the picture in two…")
def binarized(image_key: str, method: str, foreground: str, threshold: int | None,
              _rgb: np.ndarray) -> Binarization:
    return binarize(_rgb, method, threshold=threshold, foreground=foreground)


# Figures are cached whole (cache_resource: shared, never modified), so a slider that does not
# change them costs no image encoding at all; the browser then sees an unchanged chart and
# does not redraw it either.
@st.cache_resource(max_entries=16, show_spinner=False)
def mask_figure(mask_key: str, image_key: str, _rgb: np.ndarray, _mask: np.ndarray):
    shown, _ = viewer.display_copy(_mask.view(np.uint8) * np.uint8(255))
    return viewer.before_after_figure(_rgb, shown, ("Input", "Binary mask (foreground white)"),
                                      before_key=image_key)


# Contour lists live in cache_resource, not cache_data: cache_data would pickle thousands of
# small arrays on every hit (60-150 ms at 1 MP). They are read-only and never modified.
@st.cache_resource(max_entries=16, show_spinner=False)
def traced(mask_key: str, _mask: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Every contour of the mask and its length in pixels."""
    contours = find_contours(_mask)
    for contour in contours:
        contour.flags.writeable = False
    return contours, contour_lengths(contours)


@st.cache_resource(max_entries=32, show_spinner=False)
def kept_contours(mask_key: str, min_length: int, _traced) -> list[np.ndarray]:
    contours, lengths = _traced
    return [contour for contour, long in zip(contours, (lengths >= min_length).tolist()) if long]


@st.cache_resource(max_entries=32, show_spinner=False)
def simplified(mask_key: str, min_length: int, tolerance: float, _kept) -> list[np.ndarray]:
    contours = simplify_contours(_kept, tolerance)
    for contour in contours:
        contour.flags.writeable = False
    return contours


@st.cache_data(max_entries=32, show_spinner=False)
def svg_document(mask_key: str, min_length: int, tolerance: float, height: int, width: int,
                 _simplified) -> str:
    return contours_to_svg(_simplified, height, width)


@st.cache_data(max_entries=8, show_spinner=False)
def faded_picture(image_key: str, _gray: np.ndarray) -> np.ndarray:
    """The picture shrunk for display, in light grey so coloured lines stand out on it."""
    shown, _ = viewer.display_copy(_gray)
    return (shown // 2 + 128).astype(np.uint8)


@st.cache_data(max_entries=32, show_spinner=False)
def overlay(key: str, _base: np.ndarray, _contours, source_shape: tuple[int, int]) -> np.ndarray:
    """Contours drawn straight onto the display-size picture: crisper and cheaper than drawing
    on the full picture and shrinking it (which would fade one-pixel lines)."""
    return draw_contours(_base, _contours, source_shape=source_shape)


@st.cache_resource(max_entries=32, show_spinner=False)
def overlay_figure(mask_key: str, min_length: int, tolerance: float, image_key: str,
                   _gray: np.ndarray, _kept, _simple):
    base = faded_picture(image_key, _gray)
    shape = _gray.shape
    traced_key = f"contours-traced|{mask_key}|{min_length}"
    return viewer.before_after_figure(
        overlay(traced_key, base, _kept, shape),
        overlay(f"{traced_key}|{tolerance}", base, _simple, shape),
        (f"Traced: {count_vertices(_kept):,} vertices",
         f"Simplified, tolerance {tolerance:g}: {count_vertices(_simple):,} vertices"),
        before_key=traced_key)


def svg_preview(svg: str) -> str:
    # A white sheet under the drawing, for the preview only: the downloaded file stays a
    # transparent drawing, but black lines on a dark theme's background would be invisible.
    return svg.replace("<g ", '<rect width="100%" height="100%" fill="#fff"/>\n<g ', 1)


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

def binarization_text(result: Binarization) -> str:
    share = result.mask.mean() if result.mask.size else 0.0
    side = "darker" if result.foreground == "darker" else "lighter"
    if result.method == "kmeans":
        colours = [f"RGB {tuple(int(v) for v in centre)}" for centre in result.centers]
        if colours[0] == colours[1]:
            return (f"K-means finds one colour only, {colours[0]}: a one-colour picture has "
                    "nothing to split, so the foreground is empty.")
        return (
            f"K-means with k = 2 sorts the pixels into two colour groups, {colours[0]} and "
            f"{colours[1]}; the {side} group is the foreground, {share:.0%} of the picture. "
            "The tutorial traces the labels at level 0.5, so its foreground is whichever "
            "cluster scikit-learn happens to number 1: here you choose it.")
    rule = rf"$\text{{grey}} \le {result.level}$" if side == "darker" \
        else rf"$\text{{grey}} > {result.level}$"
    if result.method == "otsu":
        why = (f"Otsu's method picks t = {result.level}, the level that best separates dark "
               "from light (the largest between-class variance).")
    else:
        why = f"You set t = {result.level}."
    return f"{why} Foreground: the pixels with {rule}, {share:.0%} of the picture."


def render_binarization(picture, settings: dict) -> tuple[str, Binarization]:
    threshold = settings["threshold"] if settings["method"] == "manual" else None
    with parts.friendly_errors():
        result = binarized(picture.key, settings["method"], settings["foreground"], threshold,
                           _rgb=picture.rgb)
    mask_key = f"{picture.key}|{settings['method']}|{settings['foreground']}|{threshold}"
    viewer.show_figure(mask_figure(mask_key, picture.key, picture.rgb, result.mask),
                       key="contours_mask_view")
    st.markdown(binarization_text(result))
    return mask_key, result


def render_metrics(all_contours, kept, simple, svg: str) -> None:
    before, after = count_vertices(kept), count_vertices(simple)
    columns = st.columns(4)
    columns[0].metric("Contours kept", f"{len(kept):,}",
                      help=f"{len(all_contours):,} traced; the rest are shorter than the "
                      "minimum length.")
    columns[1].metric("Vertices traced", f"{before:,}")
    change = f"{(after - before) / before:+.0%}" if before else None
    columns[2].metric("Vertices simplified", f"{after:,}", delta=change, delta_color="off")
    columns[3].metric("SVG size", f"{len(svg.encode()):,} bytes",
                      help="The downloadable file: one path per contour, coordinates rounded "
                      "to 0.01 pixel.")


def render_tracing(picture, mask_key: str, mask: np.ndarray, settings: dict) -> str:
    height, width = mask.shape
    all_contours, lengths = traced(mask_key, mask)
    kept = kept_contours(mask_key, settings["min_length"], (all_contours, lengths))
    with parts.friendly_errors():
        simple = simplified(mask_key, settings["min_length"], settings["tolerance"], kept)
        svg = svg_document(mask_key, settings["min_length"], settings["tolerance"], height,
                           width, simple)
    render_metrics(all_contours, kept, simple, svg)
    if not all_contours:
        st.info("The mask has no boundary to trace: it is all foreground or all background "
                "(a one-colour picture, a picture too small for a 2 × 2 cell, or a threshold at "
                "an end of the range). The SVG below is valid but empty. Try another "
                "binarization or threshold.", icon=":material/info:")
        return svg
    if not kept:
        st.info(f"All {len(all_contours):,} contours are shorter than "
                f"{settings['min_length']} pixels: lower the minimum length.",
                icon=":material/info:")
    viewer.show_figure(overlay_figure(mask_key, settings["min_length"], settings["tolerance"],
                                      picture.key, picture.gray, kept, simple),
                       key="contours_overlay_view")
    st.caption("Each contour in its own colour, over the picture in light grey. Zoom in (scroll "
               "wheel; both sides follow) to see the simplified polygons cut the corners of the "
               "traced outlines.")
    st.markdown(
        "**Tracing.** Marching squares looks at every 2 × 2 block of mask pixels and puts a "
        "point halfway between each foreground and background neighbour, the level 0.5 between "
        "0 and 1, then joins the points into paths. With `fully_connected=\"high\"` foreground "
        "pixels that touch only at a corner belong to one shape. A contour that meets the "
        "border stays open; all others close on themselves.\n\n"
        "**Simplifying.** Douglas–Peucker keeps both ends of a path, finds the point farthest "
        "from the straight line between them and keeps it only if it lies more than the "
        "tolerance away, then does the same on both halves. Traced outlines are staircases of "
        "half-pixel steps, so even a small tolerance removes most points, and every removed "
        "vertex makes the SVG smaller.")
    return svg


def render_svg(svg: str, settings: dict) -> None:
    left, right = st.columns([3, 2])
    with left.container(border=True):
        # st.image shows an SVG string as an <img> with a data: URL: a picture, never page HTML.
        st.image(svg_preview(svg), caption="The SVG drawing as your browser renders it "
                 "(shown on white; the file itself has a transparent background)",
                 width="stretch")
    with right:
        st.download_button("Download the drawing (SVG)", data=lambda: svg,
                           file_name=f"contours-tolerance-{settings['tolerance']:g}.svg",
                           mime="image/svg+xml", on_click="ignore",
                           icon=":material/download:", key="contours_download")
        st.markdown(
            "Every contour is one `<path>`: `M x,y` moves to the first vertex, `L` draws "
            "straight sides through the others and `Z` closes a closed contour. The drawing's "
            "`viewBox` is the picture's size, so it lines up pixel for pixel with the picture, "
            "and it scales to any size without blurring. It opens in a browser, Inkscape or "
            "Illustrator.")


def contours_code(settings: dict) -> str:
    threshold = f", threshold={settings['threshold']}" if settings["method"] == "manual" else ""
    foreground = f'foreground="{settings["foreground"]}"'
    return f"""
from core.contours import (binarize, contour_lengths, contours_to_svg, find_contours,
                           simplify_contours)
from core.images import decode_image

image = decode_image(data)
mask = binarize(image, "{settings['method']}"{threshold}, {foreground}).mask
# skimage.measure.find_contours(mask, 0.5, fully_connected="high") in the tutorial
contours = find_contours(mask)
lengths = contour_lengths(contours)
kept = [c for c, length in zip(contours, lengths) if length >= {settings['min_length']}]
# approximate_polygon(c, tolerance={settings['tolerance']:g}) for each contour in the tutorial
simplified = simplify_contours(kept, tolerance={settings['tolerance']:g})
svg = contours_to_svg(simplified, *mask.shape)
"""


# --- reference check ----------------------------------------------------------------------------

def _largest_difference(ours, theirs) -> float | None:
    """Largest coordinate difference over all points, or None if the contours differ in shape."""
    if len(ours) != len(theirs) or any(a.shape != b.shape for a, b in zip(ours, theirs)):
        return None
    if not ours:
        return 0.0
    return float(max(np.max(np.abs(a - b)) for a, b in zip(ours, theirs)))


@st.cache_data(max_entries=8, show_spinner="Running scikit-image for comparison…")
def reference_comparison(mask_key: str, min_length: int, tolerance: float, _mask, _kept,
                         _simple) -> dict | None:
    """Ours against scikit-image, timed when first asked for (None if it is not installed)."""
    try:
        from skimage import measure
    except ImportError:
        return None
    # scikit-image's first calls import and compile helpers: keep that out of its timing.
    measure.find_contours(np.zeros((2, 2)), 0.5)
    measure.approximate_polygon(np.zeros((3, 2)), 1.0)
    ours, our_find_ms = parts.timed(lambda: find_contours(_mask), repeat=2)
    if min(_mask.shape) < 2:  # scikit-image refuses masks under 2 x 2; ours returns []
        theirs, their_find_ms = [], float("nan")
    else:
        theirs, their_find_ms = parts.timed(
            lambda: measure.find_contours(_mask, 0.5, fully_connected="high"), repeat=2)
    _, our_simplify_ms = parts.timed(lambda: simplify_contours(_kept, tolerance), repeat=2)
    their_simple, their_simplify_ms = parts.timed(
        lambda: [measure.approximate_polygon(c, tolerance) for c in _kept], repeat=2)
    return {
        "our_count": len(ours), "their_count": len(theirs),
        "find_difference": _largest_difference(ours, theirs),
        "our_find_ms": our_find_ms, "their_find_ms": their_find_ms,
        "simplify_difference": _largest_difference(list(_simple), their_simple),
        "our_simplify_ms": our_simplify_ms, "their_simplify_ms": their_simplify_ms,
        "contours_simplified": len(_kept),
    }


def _difference_text(difference: float | None) -> str:
    return "contours differ" if difference is None else f"{difference:.3g} px"


def _times_text(ours_ms: float, theirs_ms: float) -> str:
    theirs = "–" if np.isnan(theirs_ms) else f"{theirs_ms:.0f}"  # refused: under 2 x 2 pixels
    return f"{ours_ms:.0f} / {theirs} ms"


def render_reference(mask_key: str, mask: np.ndarray, kept, simple, settings: dict) -> None:
    result = reference_comparison(mask_key, settings["min_length"], settings["tolerance"], mask,
                                  kept, simple)
    if result is None:
        st.info("scikit-image is not installed here, so there is nothing to compare with "
                "(`pip install scikit-image` adds the check).", icon=":material/info:")
        return
    first = st.columns(4)
    first[0].metric("Contours: ours", f"{result['our_count']:,}")
    first[1].metric("scikit-image find_contours", f"{result['their_count']:,}")
    first[2].metric("Largest point difference", _difference_text(result["find_difference"]))
    first[3].metric("Tracing time: ours / theirs",
                    _times_text(result["our_find_ms"], result["their_find_ms"]))
    second = st.columns(4)
    second[0].metric("Contours simplified", f"{result['contours_simplified']:,}")
    second[1].metric("Tolerance", f"{settings['tolerance']:g} px")
    second[2].metric("Largest vertex difference",
                     _difference_text(result["simplify_difference"]))
    second[3].metric("Simplifying time: ours / theirs",
                     _times_text(result["our_simplify_ms"], result["their_simplify_ms"]))
    st.caption("Ours: `find_contours` (vectorized marching squares) and `simplify_contours` "
               "(every contour's Douglas–Peucker in the same numpy passes). scikit-image: "
               "`measure.find_contours(mask, 0.5, fully_connected=\"high\")` and "
               "`measure.approximate_polygon(contour, tolerance)` for each contour, as in the "
               "tutorial. Best of two runs each, timed when this view was first computed (the "
               "machine may be busy: compare the two, not the absolute numbers).")


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
tracing = tracing_controls()
settings = binarization | tracing
svg = render_tracing(picture, mask_key, result.mask, settings)
st.subheader("The vector drawing")
render_svg(svg, settings)
parts.show_code(contours_code(settings))
if st.toggle("Reference check: ours beside scikit-image", key="contours_reference"):
    all_contours, lengths = traced(mask_key, result.mask)
    kept = kept_contours(mask_key, settings["min_length"], (all_contours, lengths))
    render_reference(mask_key, result.mask, kept,
                     simplified(mask_key, settings["min_length"], settings["tolerance"], kept),
                     settings)
params.publish(PARAMS)
