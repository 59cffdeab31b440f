"""Pictures on screen: the before/after view, single images, histograms and transfer curves.

Images travel to the browser as compressed data URIs inside the plotly figure (never as JSON
arrays of numbers): JPEG for photographs, PNG for pictures with few levels (masks, edges, bit
planes), where JPEG would smear the crisp edges that are the whole point. Pictures larger than
the screen can show are shrunk for display only; axes stay in working-image pixels, so hover
coordinates and zoom refer to the real picture.
"""

from __future__ import annotations

import base64
from typing import Sequence

import cv2
import numpy as np

# pandas is imported before plotly is used: plotly (and Streamlit) look it up in sys.modules
# without importing it, so while one session was importing it (a page opened by URL on a cold
# server runs before app.py) another session's chart found a half-initialised module. Every page
# imports this module before drawing, and Python makes other sessions wait until it is loaded.
# The home page draws no chart, so its first paint does not pay the ~0.3 s.
import pandas  # noqa: F401
import plotly.graph_objects as go
import streamlit as st

DISPLAY_MAX_SIDE = 800  # panels are 400-700 px wide on screen; more only costs transfer time
JPEG_QUALITY = 90
PLOT_CONFIG = {
    "displaylogo": False,
    # A wheel over a picture must scroll the page, not zoom it: pages are long. Zoom is by
    # dragging a box (double-click resets).
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 1},
}
_LEVELS = np.arange(256)
CHANNEL_COLOURS = {"R": "#e4572e", "G": "#4caf50", "B": "#2e86de", "grey": "#7f7f7f"}
_TITLE = dict(xanchor="center", yanchor="bottom", showarrow=False, font=dict(size=14))


def figure_title(text: str) -> dict:
    """A figure's title, centred, in the size every figure here uses."""
    return dict(text=text, x=0.5, xanchor="center", font=dict(size=14))


def panel_title(text: str, axis: str = "", **options) -> dict:
    """An annotation that titles one panel of a figure: centred over the x axis ``axis``
    ("", "2", ...), just above the plotting area."""
    return dict(text=text, x=0.5, y=1.0, xref=f"x{axis} domain", yref="paper", **_TITLE) | options
_NO_TICKS = dict(showgrid=False, zeroline=False, showticklabels=False, ticks="")


def _few_levels(image: np.ndarray) -> bool:
    """True for pictures with at most 16 distinct values, which PNG stores small and exactly."""
    sample = image if image.size <= 250_000 else image.ravel()[:: image.size // 250_000 + 1]
    return np.count_nonzero(np.bincount(sample.ravel(), minlength=256)) <= 16


def display_copy(image: np.ndarray, max_side: int = DISPLAY_MAX_SIDE,
                 interpolation: int | None = None) -> tuple[np.ndarray, float]:
    """The picture shrunk (area average) so its longer side is at most ``max_side``, and the
    scale. ``interpolation`` overrides the choice of OpenCV resize method."""
    height, width = image.shape[:2]
    scale = max(height, width) / max_side
    if scale <= 1:
        return image, 1.0
    size = (max(1, round(width / scale)), max(1, round(height / scale)))
    if interpolation is None:
        # Masks are resized by nearest neighbour so they stay two-level (and stay PNG).
        interpolation = cv2.INTER_NEAREST if _few_levels(image) else cv2.INTER_AREA
    return cv2.resize(image, size, interpolation=interpolation), width / size[0]


def data_uri(image: np.ndarray) -> str:
    """A ``data:`` URI of a uint8 grey or RGB picture, JPEG or PNG as suits its content."""
    image = np.ascontiguousarray(image)
    bgr = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    if _few_levels(image):
        ok, encoded = cv2.imencode(".png", bgr, [cv2.IMWRITE_PNG_COMPRESSION, 3])
        mime = "image/png"
    else:
        ok, encoded = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        mime = "image/jpeg"
    if not ok:
        raise ValueError("The picture could not be encoded for display.")
    return f"data:{mime};base64,{base64.b64encode(encoded.tobytes()).decode('ascii')}"


@st.cache_data(max_entries=64, show_spinner=False)
def _cached_display(key: str, max_side: int, _image: np.ndarray) -> tuple[str, float, tuple]:
    shown, scale = display_copy(_image, max_side)
    return data_uri(shown), scale, _image.shape


def _display(image: np.ndarray, key: str | None, max_side: int) -> tuple[str, float]:
    """Encode for display; pictures with a ``key`` (the unchanged input) are encoded only once."""
    if key is not None:
        uri, scale, shape = _cached_display(key, max_side, image)
        if shape == image.shape:
            return uri, scale
    shown, scale = display_copy(image, max_side)
    return data_uri(shown), scale


def _hover(image: np.ndarray, title: str) -> str:
    where = "x %{x:.0f}, y %{y:.0f}<br>"
    if image.ndim == 2:
        return where + "level %{color[0]}<extra>" + title + "</extra>"
    return where + "R %{color[0]} G %{color[1]} B %{color[2]}<extra>" + title + "</extra>"


def _image_trace(image, key, max_side, title, extent, axis_suffix="") -> dict:
    uri, scale = _display(image, key, max_side)
    height, width = image.shape[:2]
    # Stretch a result of another size (strided or 'valid' convolution) over the input's extent,
    # so the same object sits under the same mouse position in both panels.
    extent_height, extent_width = extent
    dx = scale * extent_width / width
    dy = scale * extent_height / height
    # Plain dicts, built into one go.Figure call: property-by-property updates cost ~30 ms.
    return dict(type="image", source=uri, dx=dx, dy=dy, x0=dx / 2 - 0.5, y0=dy / 2 - 0.5,
                hovertemplate=_hover(image, title), xaxis="x" + axis_suffix,
                yaxis="y" + axis_suffix)


def _figure_height(shape: Sequence[int], panels: int, panel_width: int = 440) -> int:
    # The page width is unknown here; erring towards a low figure leaves blank space beside the
    # pictures on wide screens rather than a gap between each picture and its title.
    height, width = shape[:2]
    return int(np.clip(panel_width * 2 / panels * height / max(width, 1), 200, 700)) + 30


def before_after_figure(
    before: np.ndarray,
    after: np.ndarray,
    titles: tuple[str, str] = ("Input", "Result"),
    before_key: str | None = None,
    max_side: int = DISPLAY_MAX_SIDE,
    after_key: str | None = None,
) -> go.Figure:
    """One figure, two panels, zoom and pan linked: ``before`` left, ``after`` right.

    A ``before_key`` / ``after_key`` names a picture's content (e.g. the working picture's key,
    or a cached result's parameters) so that its encoding is reused between reruns."""
    extent = before.shape[:2]
    gap = 0.02
    layout = dict(
        xaxis=dict(domain=[0, 0.5 - gap], **_NO_TICKS),
        yaxis=dict(autorange="reversed", scaleanchor="x", **_NO_TICKS),
        xaxis2=dict(domain=[0.5 + gap, 1], matches="x", **_NO_TICKS),
        yaxis2=dict(autorange="reversed", matches="y", scaleanchor="x2", **_NO_TICKS),
        annotations=[
            panel_title(titles[0]),
            panel_title(titles[1], "2"),
        ],
        margin=dict(l=0, r=0, t=28, b=0),
        height=_figure_height(before.shape, 2),
        dragmode="zoom",
    )
    data = [_image_trace(before, before_key, max_side, titles[0], extent),
            _image_trace(after, after_key, max_side, titles[1], extent, "2")]
    return go.Figure(data=data, layout=layout)


def before_after(
    before: np.ndarray,
    after: np.ndarray,
    titles: tuple[str, str] = ("Input", "Result"),
    before_key: str | None = None,
    key: str | None = None,
    after_key: str | None = None,
) -> None:
    """Show input and result side by side with linked zoom and pan, hover showing pixel values.

    ``before_key`` identifies an unchanged input (e.g. the working picture's key), so its
    encoding is reused from one slider move to the next; ``after_key`` likewise for a result
    that can repeat (a cached one).
    """
    st.plotly_chart(
        before_after_figure(before, after, titles, before_key, after_key=after_key),
        config=PLOT_CONFIG,
        key=key,
        theme=None,
    )


def _histogram_traces(image: np.ndarray, label: str, axis_suffix: str,
                      show_legend: bool) -> list[dict]:
    names = ["grey"] if image.ndim == 2 else ["R", "G", "B"]
    picture = np.ascontiguousarray(image)
    # cv2.calcHist reads one channel in place; slicing a channel out for np.bincount copies it.
    counts = [cv2.calcHist([picture], [channel], None, [256], [0, 256]).ravel().astype(np.int64)
              for channel in range(len(names))]
    return [
        dict(type="scatter", x=_LEVELS, y=count,
             mode="lines", line=dict(color=CHANNEL_COLOURS[name], width=1), fill="tozeroy",
             opacity=0.6, name=name, legendgroup=name, showlegend=show_legend,
             hovertemplate="level %{x}: %{y} pixels<extra>" + f"{label} {name}" + "</extra>",
             xaxis="x" + axis_suffix, yaxis="y" + axis_suffix)
        for name, count in zip(names, counts)
    ]


def histograms_figure(before: np.ndarray, after: np.ndarray,
                      titles: tuple[str, str] = ("Input", "Result"),
                      threshold: float | None = None) -> go.Figure:
    """Histograms of the two pictures side by side (channels overlaid for colour)."""
    data = _histogram_traces(before, titles[0], "", True) + _histogram_traces(
        after, titles[1], "2", before.ndim == 2 and after.ndim == 3
    )
    gap = 0.04
    layout = dict(
        xaxis=dict(domain=[0, 0.5 - gap], range=[-1, 256]),
        xaxis2=dict(domain=[0.5 + gap, 1], range=[-1, 256]),
        yaxis=dict(title="pixels", rangemode="tozero"),
        yaxis2=dict(anchor="x2", rangemode="tozero"),
        annotations=[
            panel_title(f"Histogram: {titles[0]}"),
            panel_title(f"Histogram: {titles[1]}", "2"),
        ],
        height=230,
        margin=dict(l=50, r=10, t=28, b=40),
        legend=dict(orientation="h", y=-0.18),
        showlegend=True,
    )
    if threshold is not None:
        layout["shapes"] = [dict(type="line", x0=threshold, x1=threshold, y0=0, y1=1,
                                 xref="x", yref="y domain",
                                 line=dict(color="#d62728", dash="dash"))]
    return go.Figure(data=data, layout=layout)


def curve_figure(lut: np.ndarray, title: str = "Transfer curve") -> go.Figure:
    """Input level -> output level, with the identity dotted for comparison."""
    data = [
        dict(type="scatter", x=_LEVELS, y=_LEVELS, mode="lines", name="unchanged",
             line=dict(color="#bbbbbb", dash="dot", width=1), hoverinfo="skip"),
        dict(type="scatter", x=_LEVELS, y=np.asarray(lut, dtype=int), mode="lines", name=title,
             line=dict(color="#e4572e", width=2, shape="hv"),
             hovertemplate="input %{x} → output %{y}<extra></extra>"),
    ]
    layout = dict(
        title=figure_title(title),
        xaxis=dict(title="input level", range=[0, 255], dtick=64),
        yaxis=dict(title="output level", range=[0, 255], dtick=64, scaleanchor="x"),
        height=320,
        margin=dict(l=50, r=10, t=36, b=40),
        showlegend=False,
    )
    return go.Figure(data=data, layout=layout)


def show_figure(figure: go.Figure, key: str | None = None) -> None:
    """Any plotly figure with the app's plot settings."""
    st.plotly_chart(figure, config=PLOT_CONFIG, key=key, theme=None)


def image_grid(images: Sequence[np.ndarray], captions: Sequence[str], columns: int = 4,
               max_side: int = 360) -> None:
    """Small pictures in a grid (e.g. the eight bit planes or a filter chain's stages)."""
    for start in range(0, len(images), columns):
        cells = st.columns(columns)
        for cell, image, caption in zip(cells, images[start : start + columns],
                                        captions[start : start + columns]):
            shown, _ = display_copy(image, max_side)
            # JPEG blurs small pictures and crisp masks; PNG keeps every pixel as it is.
            exact = shown.size <= 120_000 or _few_levels(shown)
            cell.image(shown, caption=caption, clamp=True, width="stretch",
                       output_format="PNG" if exact else "JPEG")
