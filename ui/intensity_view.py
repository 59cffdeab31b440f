"""What the Intensity page shows: a transform's result beside its input with the curve that
maps each level, its explanation and code; and the tutorial's Part 1 basics of a picture.

The page draws the controls and calls these in order.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import intensity
from core.images import apply_mask, circular_mask, describe
from ui import parts, viewer

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


def show_transform(picture, settings: dict) -> None:
    """The picture before and after the chosen transform, the curve that maps each level
    beside the explanation (and histograms), then the downloads and the code."""
    image = picture.gray if settings["grey"] else picture.rgb
    image_key = picture.key + ("-grey" if settings["grey"] else "")
    name = settings["transform"]
    with parts.friendly_errors():
        result, curve = intensity.apply_transform(
            image, name, **{key: value for key, value in settings.items() if key != "transform"})
    title = intensity.TRANSFORMS[name]
    viewer.before_after(image, result, ("Input", title), before_key=image_key, key="intensity_view")
    # Why it looks like that: the curve that maps each level, beside the words and histograms.
    curve_column, text_column = st.columns([1, 2])
    with curve_column:
        if curve is None:
            st.caption("CLAHE has no single transfer curve: every tile gets its own.")
        else:
            viewer.show_figure(viewer.curve_figure(curve), key="intensity_curve")
    with text_column:
        st.markdown(EXPLANATIONS[name])
        if settings["histograms"]:
            viewer.show_figure(viewer.histograms_figure(image, result, ("Input", title)),
                               key="intensity_histograms")
    if name == "bit_plane" and settings["all_planes"]:
        planes = intensity.bit_planes(image)
        viewer.image_grid(planes[::-1], [f"Bit plane {bit}" for bit in range(7, -1, -1)])
    parts.download_png(result, f"{name}.png")
    parts.show_code(transform_code(settings))


def split_channels(image: np.ndarray, channel: int) -> np.ndarray:
    """The picture with every channel but one set to zero, as the tutorial shows them."""
    only = np.zeros_like(image)
    only[:, :, channel] = image[:, :, channel]
    return only


CHANNELS_CAPTION = (
    "Each channel says how much red, green or blue each pixel has; shown here with the other "
    "two channels set to zero. Greyscale mixes them as 0.299 R + 0.587 G + 0.114 B (ITU-R "
    "BT.601): green counts most because our eyes are most sensitive to it.")


def show_properties_and_channels(picture) -> None:
    """Shape, type and per-channel statistics, then the three channels and the greyscale."""
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
    st.caption(CHANNELS_CAPTION)
    viewer.image_grid([split_channels(image, i) for i in range(3)] + [picture.gray],
                      ["Red channel", "Green channel", "Blue channel", "Greyscale"])


def show_mask(picture, radius_pct: int) -> None:
    """The picture with everything outside a centred circle set to 0, and the code for it."""
    image = picture.rgb
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
