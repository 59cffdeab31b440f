"""Intensity transforms (the tutorial's first topic) and the picture basics of its Part 1."""

import streamlit as st

from core import intensity
from ui import intensity_view as view
from ui import params
from ui.params import Param
from ui.source import current_image

SECTIONS = ["Point transforms", "Picture basics"]
PARAMS = {
    "section": Param(SECTIONS[0], options=SECTIONS),
    "transform": Param("gamma", options=list(intensity.TRANSFORMS)),
    "grey": Param(False),
    "histograms": Param(False),
    "gamma": Param(2.2, 0.1, 5.0),
    "stretch": Param((2.0, 98.0), 0.0, 100.0),
    "slice": Param((100, 180), 0, 255),
    "keep_background": Param(True),
    "bit": Param(7, 0, 7),
    "all_planes": Param(False),
    "clip_limit": Param(0.03, 0.0, 0.2),
    "tiles": Param(8, 1, 32),
    "radius": Param(100, 0, 150),
}

# Transforms defined by the histogram: showing it is the explanation, so it is always on.
HISTOGRAM_TRANSFORMS = {"stretch", "equalize", "clahe"}

def transform_controls() -> dict:
    """The transform picker and the sliders of the chosen transform."""
    choice = st.radio("Transform", list(intensity.TRANSFORMS), key="transform", horizontal=True,
                      format_func=intensity.TRANSFORMS.get)
    settings = {"transform": choice}
    left, middle, right = st.columns([2, 2, 1])
    if choice == "gamma":
        settings["gamma"] = left.slider("Gamma γ", 0.1, 5.0, step=0.05, key="gamma",
                                        help="The tutorial tries 0.1, 0.5, 1.2 and 2.2.")
    elif choice == "stretch":
        settings["low_pct"], settings["high_pct"] = left.slider(
            "Percentiles mapped to 0 and 255", 0.0, 100.0, step=0.5, key="stretch")
    elif choice == "level_slice":
        settings["low"], settings["high"] = left.slider("Levels to highlight", 0, 255, key="slice")
        settings["keep_background"] = middle.toggle("Keep the other levels", key="keep_background")
    elif choice == "bit_plane":
        settings["bit"] = left.slider("Bit plane (0 = least significant)", 0, 7, key="bit")
        settings["all_planes"] = middle.toggle("Show all eight planes", key="all_planes")
    elif choice == "clahe":
        settings["clip_limit"] = left.slider("Clip limit (normalised, tutorial: 0.03)", 0.0, 0.2,
                                             step=0.005, format="%.3f", key="clip_limit")
        settings["tile_grid"] = middle.slider("Tiles per side", 1, 32, key="tiles")
    settings["grey"] = right.toggle("Greyscale", key="grey")
    if choice in HISTOGRAM_TRANSFORMS:
        settings["histograms"] = True  # the histogram is what these transforms change
    else:
        settings["histograms"] = right.toggle("Histograms", key="histograms")
    return settings


def render_basics(picture) -> None:
    """Part 1 of the tutorial: what a picture is made of."""
    view.show_properties_and_channels(picture)
    st.subheader("Circular mask")
    view.show_mask(picture, st.slider("Radius (% of half the shorter side)", 0, 150,
                                      key="radius"))


params.init(PARAMS)
picture = current_image()
st.title("Intensity transforms")
section = st.segmented_control("Section", SECTIONS, key="section", label_visibility="collapsed")
if section == "Picture basics":
    render_basics(picture)
else:
    view.show_transform(picture, transform_controls())
params.publish(PARAMS)
