"""Intensity transforms (the tutorial's first topic) and the picture basics of its Part 1."""

import numpy as np
import streamlit as st

from core import intensity
from core.images import apply_mask, circular_mask, describe
from ui import params, parts, viewer
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

EXPLANATIONS = {
    "negative": r"Each level $r$ becomes $s = 255 - r$: dark becomes light. Useful to see detail "
    "in dark regions, the way a radiologist reads an X-ray.",
    "log": r"$s = c\,\log(1 + r)$ with $c = 255 / \log(1 + \max r)$: dark levels are spread out "
    "and bright ones squeezed together, so detail hidden in shadows appears. (Computed in floating "
    r"point: in 8-bit arithmetic $1 + 255$ wraps round to $0$ and its log is $-\infty$.)",
    "gamma": r"$s = 255\,(r / 255)^{1/\gamma}$: $\gamma > 1$ lifts the mid-tones (brighter), "
    r"$\gamma < 1$ lowers them (darker); black and white stay put.",
    "stretch": "The chosen low and high percentiles of the picture's levels are mapped to 0 and "
    "255 and everything between is spread linearly: a washed-out picture gains contrast.",
    "level_slice": "Levels inside the range are painted white, to highlight one band of "
    "brightness; the rest is kept or set to black.",
    "bit_plane": "Each level is 8 bits. Plane 7 (the most significant bit) holds the coarse "
    "shape of the picture; the low planes look like noise.",
    "equalize": "Levels are mapped through the cumulative histogram so that every level is used "
    "about equally often: the output histogram is as flat as a discrete picture allows. "
    "Colour pictures are equalized on brightness only, so colours do not shift.",
    "clahe": "Equalization done tile by tile, with each tile's histogram clipped at the limit "
    "before equalizing so noise is not amplified, and the tiles blended smoothly.",
}


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


def apply_transform(image: np.ndarray, settings: dict) -> np.ndarray:
    name = settings["transform"]
    if name == "negative":
        return intensity.negative(image)
    if name == "log":
        return intensity.log_transform(image)
    if name == "gamma":
        return intensity.gamma_correction(image, settings["gamma"])
    if name == "stretch":
        return intensity.contrast_stretch(image, settings["low_pct"], settings["high_pct"])
    if name == "level_slice":
        return intensity.level_slice(image, settings["low"], settings["high"],
                                     settings["keep_background"])
    if name == "bit_plane":
        return intensity.bit_plane(image, settings["bit"])
    if name == "equalize":
        return intensity.equalize_histogram(image)
    return intensity.clahe(image, settings["clip_limit"], settings["tile_grid"])


def transform_code(settings: dict) -> str:
    name = settings["transform"]
    arguments = {
        "negative": "image",
        "log": "image",
        "gamma": f"image, gamma={settings.get('gamma')}",
        "stretch": f"image, low_pct={settings.get('low_pct')}, high_pct={settings.get('high_pct')}",
        "level_slice": f"image, low={settings.get('low')}, high={settings.get('high')}, "
        f"keep_background={settings.get('keep_background')}",
        "bit_plane": f"image, bit={settings.get('bit')}",
        "equalize": "image",
        "clahe": f"image, clip_limit={settings.get('clip_limit')}, "
        f"tile_grid={settings.get('tile_grid')}",
    }[name]
    function = {"log": "log_transform", "gamma": "gamma_correction", "stretch": "contrast_stretch",
                "equalize": "equalize_histogram"}.get(name, name)
    load = "to_gray(decode_image(data))" if settings["grey"] else "decode_image(data)"
    return f"""
from core.images import decode_image, to_gray
from core import intensity

image = {load}
result = intensity.{function}({arguments})
curve = intensity.transfer_curve(image, "{name}")  # input level -> output level
"""


def render_transform(picture, settings: dict) -> None:
    image = picture.gray if settings["grey"] else picture.rgb
    image_key = picture.key + ("-grey" if settings["grey"] else "")
    with parts.friendly_errors():
        result = apply_transform(image, settings)
        curve = intensity.transfer_curve(image, settings["transform"],
                                         **{k: v for k, v in settings.items() if k != "transform"})
    title = intensity.TRANSFORMS[settings["transform"]]
    viewer.before_after(image, result, ("Input", title), before_key=image_key, key="intensity_view")
    # Why it looks like that: the curve that maps each level, beside the words and histograms.
    curve_column, text_column = st.columns([1, 2])
    with curve_column:
        if curve is None:
            st.caption("CLAHE has no single transfer curve: every tile gets its own.")
        else:
            viewer.show_figure(viewer.curve_figure(curve), key="intensity_curve")
    with text_column:
        st.markdown(EXPLANATIONS[settings["transform"]])
        if settings["histograms"]:
            viewer.show_figure(viewer.histograms_figure(image, result, ("Input", title)),
                               key="intensity_histograms")
    if settings["transform"] == "bit_plane" and settings["all_planes"]:
        planes = intensity.bit_planes(image)
        viewer.image_grid(planes[::-1], [f"Bit plane {bit}" for bit in range(7, -1, -1)])
    parts.download_png(result, f"{settings['transform']}.png")
    parts.show_code(transform_code(settings))


def split_channels(image: np.ndarray, channel: int) -> np.ndarray:
    """The picture with every channel but one set to zero, as the tutorial shows them."""
    only = np.zeros_like(image)
    only[:, :, channel] = image[:, :, channel]
    return only


def render_basics(picture) -> None:
    """Part 1 of the tutorial: what a picture is made of."""
    image = picture.rgb
    properties = describe(image)
    st.subheader("Properties")
    st.write(f"Shape {properties['shape']} (rows, columns, channels) · type {properties['dtype']}"
             f" · {properties['pixels']:,} pixels · {properties['bytes']:,} bytes")
    st.dataframe(
        {
            "channel": list(properties["channels"]),
            "min": [c["min"] for c in properties["channels"].values()],
            "max": [c["max"] for c in properties["channels"].values()],
            "mean": [round(c["mean"], 1) for c in properties["channels"].values()],
        },
        hide_index=True,
    )
    st.subheader("Channels and greyscale")
    st.caption("Each channel says how much red, green or blue each pixel has; shown here with the "
               "other two channels set to zero. Greyscale mixes them as 0.299 R + 0.587 G + "
               "0.114 B (ITU-R BT.601): green counts most because our eyes are most sensitive "
               "to it.")
    viewer.image_grid([split_channels(image, i) for i in range(3)] + [picture.gray],
                      ["Red channel", "Green channel", "Blue channel", "Greyscale"])
    st.subheader("Circular mask")
    radius_pct = st.slider("Radius (% of half the shorter side)", 0, 150, key="radius")
    height, width = picture.gray.shape
    radius = radius_pct / 100 * min(height, width) / 2
    masked = apply_mask(image, circular_mask(height, width, radius))
    viewer.before_after(image, masked, ("Input", "Outside the circle set to 0"),
                        before_key=picture.key, key="mask_view")
    parts.show_code(f"""
from core.images import apply_mask, circular_mask

height, width = image.shape[:2]
mask = circular_mask(height, width, radius={radius:.1f})  # True inside the circle
masked = apply_mask(image, mask)  # pixels outside set to 0
""")


params.init(PARAMS)
picture = current_image()
st.title("Intensity transforms")
section = st.segmented_control("Section", SECTIONS, key="section", label_visibility="collapsed")
if section == "Picture basics":
    render_basics(picture)
else:
    render_transform(picture, transform_controls())
params.publish(PARAMS)
