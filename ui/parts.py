"""Small pieces every page uses: show the code, download the result, friendly errors, timing."""

from __future__ import annotations

import contextlib
import time
from typing import Callable, Iterator

import cv2
import numpy as np
import streamlit as st


def show_code(code: str) -> None:
    """The few core calls that reproduce the current view, in an expander."""
    with st.expander("Show the code"):
        st.code(code.strip(), language="python")


def png_bytes(image: np.ndarray) -> bytes:
    image = np.ascontiguousarray(image)
    bgr = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    ok, encoded = cv2.imencode(".png", bgr)
    if not ok:
        raise ValueError("The result could not be encoded as PNG.")
    return encoded.tobytes()


def download_png(image: np.ndarray | Callable[[], np.ndarray], file_name: str,
                 label: str = "Download the result (PNG)", key: str | None = None) -> None:
    """A download button whose PNG is encoded only when clicked, not on every slider move.
    ``image`` may be a function that makes the picture, so that it too is made only then."""
    def data() -> bytes:
        return png_bytes(image() if callable(image) else image)

    st.download_button(label, data=data, file_name=file_name,
                       mime="image/png", key=key, on_click="ignore", icon=":material/download:")


@contextlib.contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn a ValueError from core (bad input, impossible parameters) into a readable message
    and stop this page's run there; the sidebar and the rest of the app keep working."""
    try:
        yield
    except ValueError as error:
        st.error(str(error), icon="⚠️")
        st.stop()


def timed(function: Callable[[], object], repeat: int = 3) -> tuple[object, float]:
    """Run ``function`` ``repeat`` times; return its result and the best time in milliseconds."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, (time.perf_counter() - start) * 1000.0)
    return result, best


# A delta shown as a plain note (e.g. a time), without the arrow and colour of a change.
PLAIN_DELTA = {"delta_color": "off", "delta_arrow": "off"}


def metric_row(*items: tuple) -> None:
    """One row of ``st.metric`` in equal columns; each item is ``(label, value)`` or
    ``(label, value, options)`` with ``options`` passed on (``delta=``, ``help=``, ...)."""
    for column, (label, value, *options) in zip(st.columns(len(items)), items):
        column.metric(label, value, **(options[0] if options else {}))


def compare(ours: Callable[[], np.ndarray], reference: Callable[[], np.ndarray]) -> dict:
    """Run our from-scratch function and the library's, each timed; the largest difference of
    their results, or their shapes where those differ. Plain numbers, so callers can cache it."""
    our_result, our_ms = timed(ours)
    their_result, their_ms = timed(reference)
    ours_array = np.asarray(our_result, dtype=np.float64)
    theirs_array = np.asarray(their_result, dtype=np.float64)
    comparison = {"ours_ms": our_ms, "theirs_ms": their_ms, "difference": None,
                  "shapes": (ours_array.shape, theirs_array.shape)}
    if ours_array.shape == theirs_array.shape:
        comparison["difference"] = (float(np.max(np.abs(ours_array - theirs_array)))
                                    if ours_array.size else 0.0)
    return comparison


def show_comparison(comparison: dict, reference_name: str, note: str = "") -> None:
    """A :func:`compare` result as one row of metrics: both times and the difference."""
    if comparison["difference"] is None:
        ours_shape, their_shape = comparison["shapes"]
        last = ("Shapes", f"{ours_shape} vs {their_shape}")
    else:
        last = ("Largest difference", f"{comparison['difference']:.3g}")
    metric_row(("Ours", f"{comparison['ours_ms']:.1f} ms"),
               (reference_name, f"{comparison['theirs_ms']:.1f} ms"), last)
    if note:
        st.caption(note)
