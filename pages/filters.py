"""Convolution filters (the tutorial's second topic): every kernel on your picture, the worked 5x5
example step by step, and the edges that survive noise."""

from __future__ import annotations

import streamlit as st

from ui import filters_view as view
from ui import params, parts, viewer
from ui.params import Param
from ui.source import current_image

SECTIONS = ["Filter a picture", "Worked example", "Edges that survive noise"]
BOX_QUICK_SIZES = [9, 15, 30, 60]  # the sizes the tutorial tries
MODE_LABELS = {"same": "same", "full": "full", "valid": "valid"}
BOUNDARY_LABELS = {"symm": "symm (mirror)", "fill": "fill (zeros)", "wrap": "wrap (periodic)"}
PARAMS = {
    "section": Param(SECTIONS[0], options=SECTIONS),
    # Filter a picture
    "kernel": Param("box", options=list(view.KERNEL_LABELS)),
    "box_size": Param(9, 1, 60),
    "sigma": Param(4.0, 0.5, 10.0),
    "custom": view.KernelParam(view.TUTORIAL_KERNEL),
    "normalize": Param(True),
    "mode": Param("same", options=list(MODE_LABELS)),
    "boundary": Param("symm", options=list(BOUNDARY_LABELS)),
    "stride": Param(1, 1, 8),
    "grey": Param(False),
    "equalize": Param(False),
    "reference": Param(False),
    # Worked example
    "step": Param(1, 1, 9),
    "flip": Param(False),
    # Edges that survive noise
    "noise": Param(0, 0, 60),
    "chain_sigma": Param(4.0, 0.5, 10.0),
    "median_size": Param(80, 1, 80),
    "chain": view.ChainParam(["sharpen", "outline", "box"], options=list(view.CHAIN_LABELS)),
    "chain_box": Param(3, 1, 60),
    "chain_grey": Param(False),
    "chain_equalize": Param(False),
}


# --------------------------------------------------------------------------------------------
# Section 1: filter a picture


def _apply_quick_size() -> None:
    if st.session_state.get("box_quick") is not None:
        st.session_state["box_size"] = st.session_state["box_quick"]


def kernel_controls() -> dict:
    """The kernel picker and the controls of the chosen kernel (left column)."""
    settings = {"kernel": st.radio("Kernel", list(view.KERNEL_LABELS), key="kernel",
                                   horizontal=True, format_func=view.KERNEL_LABELS.get)}
    if settings["kernel"] == "box":
        settings["box_size"] = st.slider("Box size n (an n × n kernel)", 1, 60, key="box_size")
        box_size = settings["box_size"]
        st.session_state["box_quick"] = box_size if box_size in BOX_QUICK_SIZES else None
        st.pills("The tutorial's sizes", BOX_QUICK_SIZES, key="box_quick",
                 on_change=_apply_quick_size, format_func=lambda n: f"{n}×{n}")
    elif settings["kernel"] == "gaussian_sigma":
        settings["sigma"] = st.slider("σ (pixels; the tutorial uses 4)", 0.5, 10.0, step=0.5,
                                      format="%.1f", key="sigma")
    elif settings["kernel"] == "custom":
        settings["custom"] = view.custom_kernel_editor()
        settings["normalize"] = st.toggle("Normalise (divide by the sum of the weights)",
                                          key="normalize")
    return settings


def option_controls() -> dict:
    """Mode, boundary and stride, then greyscale and equalization (two rows)."""
    left, middle, right = st.columns([3, 4, 3])
    settings = {
        "mode": left.radio("Mode", list(MODE_LABELS), key="mode", horizontal=True,
                           help="same: output as large as the input · full: every position "
                           "where kernel and picture overlap · valid: only windows fully "
                           "inside the picture"),
        "boundary": middle.radio("Boundary (pixels beyond the edge)", list(BOUNDARY_LABELS),
                                 key="boundary", horizontal=True, format_func=BOUNDARY_LABELS.get),
        "stride": right.slider("Stride S", 1, 8, key="stride",
                               help="Step between windows: S = 2 keeps every other row and "
                               "column."),
    }
    left, middle, right = st.columns([3, 4, 3])
    settings["grey"] = left.toggle("Greyscale", key="grey",
                                   help="Off: each colour channel is filtered with the same "
                                   "kernel.")
    settings["equalize"] = middle.toggle("Equalize the result's histogram", key="equalize",
                                         help="Spreads the levels so faint edges become visible.")
    return settings


def render_filter(picture) -> None:
    """The kernel beside its controls, the options, then the picture before and after."""
    left, right = st.columns([3, 2], gap="large")
    with left:
        settings = kernel_controls()
    spec = view.kernel_spec(settings)
    with parts.friendly_errors():
        kernels = view.kernels_of(spec)
    with right:
        viewer.show_figure(view.kernel_figure(kernels), key="kernel_figure")
        st.caption(view.kernel_caption(spec, kernels))
    settings |= option_controls()
    image, image_key = view.filter_input(picture, settings["grey"])
    if not view.show_filtered(image, image_key, spec, kernels, settings):
        return
    if st.toggle("Reference check", key="reference",
                 help="Our convolve beside SciPy's and OpenCV's, on this picture and kernel."):
        view.show_reference_check(image, image_key, spec, settings["mode"],
                                  settings["boundary"], settings["stride"])
    parts.show_code(view.filter_code(spec, settings))


# --------------------------------------------------------------------------------------------
# Section 2: the worked example


def worked_controls() -> tuple[int, bool]:
    """The window position (1-9) and whether the kernel is flipped."""
    left, right = st.columns([3, 2])
    step = left.slider("Window position", 1, 9, key="step")
    flip = right.toggle("Convolution (flip the kernel)", key="flip",
                        help="Off: cross-correlation, the kernel as written (what the tutorial "
                        "prints). On: convolution, the kernel turned by 180° first.")
    return step, flip


def render_worked_example() -> None:
    """The tutorial's 5x5 example one window at a time, then both whole results."""
    st.markdown(view.WORKED_INTRO)
    step, flip = worked_controls()
    view.show_worked_example(step, flip)


# --------------------------------------------------------------------------------------------
# Section 3: edges that survive noise


def edges_controls() -> dict:
    """Noise, the two smoothing filters' sizes and equalization (one row)."""
    columns = st.columns(4)
    settings = {
        "noise": columns[0].slider("Added noise (std, grey levels)", 0, 60, key="noise",
                                   help="Gaussian noise, the same on every run (seeded)."),
        "chain_sigma": columns[1].slider("Gaussian σ", 0.5, 10.0, step=0.5, format="%.1f",
                                         key="chain_sigma"),
        "median_size": columns[2].slider("Median size", 1, 80, key="median_size"),
        "chain_equalize": columns[3].toggle("Equalize the results", key="chain_equalize"),
    }
    columns[2].caption(view.median_size_caption(settings["median_size"]))
    return settings


def chain_controls() -> dict:
    """The user's chain of filters, the box size it uses, and whether it runs in grey."""
    columns = st.columns([5, 2, 2])
    return {
        "chain": columns[0].multiselect("Filters, in the order they run", list(view.CHAIN_LABELS),
                                        key="chain", format_func=view.CHAIN_LABELS.get,
                                        help="The tutorial's chain: sharpen, outline, box blur."),
        "chain_box": columns[1].slider("Box size", 1, 60, key="chain_box"),
        "chain_grey": columns[2].toggle("Greyscale", key="chain_grey"),
    }


def render_edges(picture, settings: dict) -> None:
    """Sobel on the noisy picture with and without smoothing, then the user's own chain."""
    st.markdown(view.EDGES_INTRO)
    noisy = view.show_smoothing_comparison(picture, settings)
    st.subheader("Build a chain")
    view.show_user_chain(picture, noisy, settings | chain_controls())


# --------------------------------------------------------------------------------------------

params.init(PARAMS)
picture = current_image()
st.title("Filters")
section = st.segmented_control("Section", SECTIONS, key="section", label_visibility="collapsed")
if section == "Worked example":
    render_worked_example()
elif section == "Edges that survive noise":
    render_edges(picture, edges_controls() | {"custom": st.session_state["custom"],
                                              "normalize": st.session_state["normalize"]})
else:
    render_filter(picture)
params.publish(PARAMS)
