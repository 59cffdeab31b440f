"""What the Contours page shows: its cached steps, figures, texts and metric panels.

The page (pages/contours.py) draws the widgets and decides the order; everything here is
specific to the contours topic. Cached steps are keyed by strings built from the picture's key
and the settings, with the arrays as underscore arguments, so that each slider recomputes only
what depends on it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core.contours import (Binarization, binarize, contour_lengths, contours_to_svg,
                           count_vertices, draw_contours, find_contours, simplify_contours)
from ui import parts, viewer

MASK_TITLES = ("Input", "Binary mask (foreground white)")


# --- figures (pure: cheap to test) ---------------------------------------------------------------

def binarization_figure(rgb: np.ndarray, mask: np.ndarray,
                        image_key: str | None = None) -> go.Figure:
    """The input beside its binary mask, the foreground white."""
    shown, _ = viewer.display_copy(mask.view(np.uint8) * np.uint8(255))
    return viewer.before_after_figure(rgb, shown, MASK_TITLES, before_key=image_key)


def tracing_figure(traced_picture: np.ndarray, simplified_picture: np.ndarray, kept, simple,
                   tolerance: float, traced_key: str | None = None) -> go.Figure:
    """The traced contours beside the simplified ones, each titled with its vertex count."""
    return viewer.before_after_figure(
        traced_picture, simplified_picture,
        (f"Traced: {count_vertices(kept):,} vertices",
         f"Simplified, tolerance {tolerance:g}: {count_vertices(simple):,} vertices"),
        before_key=traced_key)


# --- cached steps: each slider recomputes only what depends on it --------------------------------

@st.cache_data(max_entries=16, show_spinner="Splitting the picture in two…")
def binarized(image_key: str, method: str, foreground: str, threshold: int | None,
              _rgb: np.ndarray) -> Binarization:
    """:func:`core.contours.binarize` of the picture named ``image_key``."""
    return binarize(_rgb, method, threshold=threshold, foreground=foreground)


# Figures are cached whole (cache_resource: shared, never modified), so a slider that does not
# change them costs no image encoding at all; the browser then sees an unchanged chart and
# does not redraw it either. (The viewer's after_key would spare the encoding only, not the
# figure's construction: ~8 ms per figure on every rerun.)
@st.cache_resource(max_entries=16, show_spinner=False)
def mask_figure(mask_key: str, image_key: str, _rgb: np.ndarray, _mask: np.ndarray) -> go.Figure:
    """:func:`binarization_figure`, built once per mask."""
    return binarization_figure(_rgb, _mask, image_key)


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
    """The traced contours at least ``min_length`` pixels long (lengths already measured)."""
    contours, lengths = _traced
    return [contour for contour, long in zip(contours, (lengths >= min_length).tolist()) if long]


@st.cache_resource(max_entries=32, show_spinner=False)
def simplified(mask_key: str, min_length: int, tolerance: float, _kept) -> list[np.ndarray]:
    """Douglas–Peucker of every kept contour."""
    contours = simplify_contours(_kept, tolerance)
    for contour in contours:
        contour.flags.writeable = False
    return contours


@st.cache_data(max_entries=32, show_spinner=False)
def svg_document(mask_key: str, min_length: int, tolerance: float, height: int, width: int,
                 _simplified) -> str:
    """The downloadable SVG of the simplified contours."""
    return contours_to_svg(_simplified, height, width)


class Outlines(NamedTuple):
    """A mask's contours at each step, and the SVG document of the last."""

    traced: list[np.ndarray]
    kept: list[np.ndarray]
    simplified: list[np.ndarray]
    svg: str


def vectorized(mask_key: str, mask: np.ndarray, min_length: int, tolerance: float) -> Outlines:
    """Trace, drop the short contours, simplify and export, each step cached on its own."""
    all_contours, lengths = traced(mask_key, mask)
    kept = kept_contours(mask_key, min_length, (all_contours, lengths))
    simple = simplified(mask_key, min_length, tolerance, kept)
    height, width = mask.shape
    svg = svg_document(mask_key, min_length, tolerance, height, width, simple)
    return Outlines(all_contours, kept, simple, svg)


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
                   _gray: np.ndarray, _kept, _simple) -> go.Figure:
    """:func:`tracing_figure` over the faded picture, built once per setting."""
    base = faded_picture(image_key, _gray)
    shape = _gray.shape
    traced_key = f"contours-traced|{mask_key}|{min_length}"
    return tracing_figure(overlay(traced_key, base, _kept, shape),
                          overlay(f"{traced_key}|{tolerance}", base, _simple, shape),
                          _kept, _simple, tolerance, traced_key)


# --- texts ---------------------------------------------------------------------------------------

def binarization_text(result: Binarization) -> str:
    """How the mask was made and how much of the picture is foreground (Markdown)."""
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


NOTHING_TO_TRACE = (
    "The mask has no boundary to trace: it is all foreground or all background (a one-colour "
    "picture, a picture too small for a 2 × 2 cell, or a threshold at an end of the range). "
    "The SVG below is valid but empty. Try another binarization or threshold.")

OVERLAY_CAPTION = (
    "Each contour in its own colour, over the picture in light grey. Zoom in (drag a box; "
    "both sides follow, a double click zooms out) to see the simplified polygons cut the "
    "corners of the traced outlines.")

TRACING_EXPLAINED = (
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

PREVIEW_CAPTION = ("The SVG drawing as your browser renders it (shown on white; the file "
                   "itself has a transparent background)")

SVG_EXPLAINED = (
    "Every contour is one `<path>`: `M x,y` moves to the first vertex, `L` draws straight "
    "sides through the others and `Z` closes a closed contour. The drawing's `viewBox` is the "
    "picture's size, so it lines up pixel for pixel with the picture, and it scales to any "
    "size without blurring. It opens in a browser, Inkscape or Illustrator.")


def svg_preview(svg: str) -> str:
    """The SVG document for on-screen preview only."""
    # A white sheet under the drawing, for the preview only: the downloaded file stays a
    # transparent drawing, but black lines on a dark theme's background would be invisible.
    return svg.replace("<g ", '<rect width="100%" height="100%" fill="#fff"/>\n<g ', 1)


def contours_code(settings: dict) -> str:
    """The core calls that reproduce the page's drawing with these settings."""
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


def show_metrics(outlines: Outlines) -> None:
    """Contours kept, vertices before and after simplifying, and the SVG's size."""
    before, after = count_vertices(outlines.kept), count_vertices(outlines.simplified)
    change = f"{(after - before) / before:+.0%}" if before else None
    parts.metric_row(
        ("Contours kept", f"{len(outlines.kept):,}",
         {"help": f"{len(outlines.traced):,} traced; the rest are shorter than the minimum "
                  "length."}),
        ("Vertices traced", f"{before:,}"),
        ("Vertices simplified", f"{after:,}", {"delta": change, "delta_color": "off"}),
        ("SVG size", f"{len(outlines.svg.encode()):,} bytes",
         {"help": "The downloadable file: one path per contour, coordinates rounded to 0.01 "
                  "pixel."}))


# --- reference check ----------------------------------------------------------------------------

def largest_difference(ours, theirs) -> float | None:
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
        "find_difference": largest_difference(ours, theirs),
        "our_find_ms": our_find_ms, "their_find_ms": their_find_ms,
        "simplify_difference": largest_difference(list(_simple), their_simple),
        "our_simplify_ms": our_simplify_ms, "their_simplify_ms": their_simplify_ms,
        "contours_simplified": len(_kept),
    }


def difference_text(difference: float | None) -> str:
    return "contours differ" if difference is None else f"{difference:.3g} px"


def times_text(ours_ms: float, theirs_ms: float) -> str:
    theirs = "–" if np.isnan(theirs_ms) else f"{theirs_ms:.0f}"  # refused: under 2 x 2 pixels
    return f"{ours_ms:.0f} / {theirs} ms"


NO_REFERENCE = ("scikit-image is not installed here, so there is nothing to compare with "
                "(`pip install scikit-image` adds the check).")

REFERENCE_CAPTION = (
    "Ours: `find_contours` (vectorized marching squares) and `simplify_contours` (every "
    "contour's Douglas–Peucker in the same numpy passes). scikit-image: "
    "`measure.find_contours(mask, 0.5, fully_connected=\"high\")` and "
    "`measure.approximate_polygon(contour, tolerance)` for each contour, as in the tutorial. "
    "Best of two runs each, timed when this view was first computed (the machine may be busy: "
    "compare the two, not the absolute numbers).")


def show_reference(result: dict, tolerance: float) -> None:
    """Two rows of metrics, tracing then simplifying (counts, differences, times), and a caption."""
    parts.metric_row(
        ("Contours: ours", f"{result['our_count']:,}"),
        ("scikit-image find_contours", f"{result['their_count']:,}"),
        ("Largest point difference", difference_text(result["find_difference"])),
        ("Tracing time: ours / theirs", times_text(result["our_find_ms"], result["their_find_ms"])))
    parts.metric_row(
        ("Contours simplified", f"{result['contours_simplified']:,}"),
        ("Tolerance", f"{tolerance:g} px"),
        ("Largest vertex difference", difference_text(result["simplify_difference"])),
        ("Simplifying time: ours / theirs",
         times_text(result["our_simplify_ms"], result["their_simplify_ms"])))
    st.caption(REFERENCE_CAPTION)
