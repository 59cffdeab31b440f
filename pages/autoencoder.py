"""The tutorial's stacked autoencoder, trained live in the browser, and compared honestly with JPEG.

TensorFlow costs ~5 s and ~650 MB to import, so it is imported only when Train is pressed or a
model trained earlier in this server process is shown: opening this page pays nothing for it.
Trained models are shared by every visitor (``st.cache_resource``), keyed by the settings and
the data they were trained on, so nobody trains the same model twice (see ui.autoencoder_view).
"""

from __future__ import annotations

import streamlit as st

from core import autoencoder as ae
from ui import autoencoder_view as view
from ui import params, parts, viewer
from ui.autoencoder_view import DIGITS_SHOWN, FIRST_HIDDEN, INTERPOLATION_STEPS
from ui.params import Param
from ui.source import current_image

SECTIONS = ["Reconstructions", "Interpolation", "Compression vs JPEG", "Your picture"]
LEARNING_RATES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1]
BOTTLENECKS = [8, 16, 32, 49, 64, 98, 128, 196, 256, 392]
TRAIN_IMAGES = ["100", "300", "1000", "3000", "10000", "all"]  # the first N, or all
MAX_TEST_INDEX = 9_999  # MNIST's test set; clamped to the data actually loaded
# Settings that train well on the 1,500 fallback digits (test error ~0.002 instead of ~0.026):
# the tutorial's 5 epochs of 150 make 2,000 weight updates on MNIST but only 50 here.
SMALL_DATA_SETTINGS = {"epochs": 20, "batch_size": 50, "learning_rate": 0.001}

PARAMS = {
    "epochs": Param(5, 1, 20),
    "batch_size": Param(150, 10, 500),
    "learning_rate": Param(0.01, options=LEARNING_RATES),
    "bottleneck": Param(ae.DEFAULT_HIDDEN[1], options=BOTTLENECKS),
    "train_images": Param("all", options=TRAIN_IMAGES),
    "section": Param(SECTIONS[0], options=SECTIONS),
    "digits_from": Param(0, 0, MAX_TEST_INDEX),
    "first_digit": Param(2, 0, MAX_TEST_INDEX),
    "second_digit": Param(3, 0, MAX_TEST_INDEX),
    "position": Param(5, 0, INTERPOLATION_STEPS - 1),
    "precision": Param("uint8", options=list(ae.CODE_PRECISIONS)),
    "per_digit": Param(False),
    "invert": Param(False),
    "frame": Param(True),
}
_LAST = "autoencoder_last_settings"  # the settings of the model this visitor last saw
_TRAIN_REQUESTED = "autoencoder_train_requested"


# ----------------------------------------------------------------------------- controls

def training_controls() -> view.Settings:
    left, middle, right = st.columns(3)
    epochs = left.slider("Epochs", 1, 20, key="epochs",
                         help="Passes over the training images. The tutorial: 5.")
    batch_size = left.slider("Batch size", 10, 500, step=10, key="batch_size",
                             help="Images per weight update. The tutorial: 150.")
    learning_rate = middle.select_slider("Learning rate (Adam)", LEARNING_RATES,
                                         key="learning_rate", help="The tutorial: 0.01.")
    bottleneck = middle.select_slider(
        "Code size (bottleneck)", BOTTLENECKS, key="bottleneck",
        help=f"Numbers per digit in the middle layer; the first hidden layer stays "
             f"{FIRST_HIDDEN}. The tutorial: 196, a quarter of the 784 pixels.")
    train_images = right.select_slider(
        "Training images", TRAIN_IMAGES, key="train_images",
        help="A subset trains faster, for a quick demo; the first N images are used.")
    return view.Settings(epochs, batch_size, learning_rate, bottleneck,
                         0 if train_images == "all" else int(train_images))


def request_training() -> None:
    st.session_state[_TRAIN_REQUESTED] = True


def use_small_data_settings() -> None:
    st.session_state.update(SMALL_DATA_SETTINGS)


def clamp_state(key: str, high: int) -> None:
    """Keep a remembered or URL-given value inside a range that depends on the data loaded."""
    st.session_state[key] = int(min(max(st.session_state[key], 0), high))


def interpolation_controls(n_test: int) -> tuple[int, int, int]:
    for key in ("first_digit", "second_digit"):
        clamp_state(key, n_test - 1)
    left, middle, right = st.columns([1, 1, 2])
    first = left.number_input("First test digit", 0, n_test - 1, key="first_digit")
    second = middle.number_input("Second test digit", 0, n_test - 1, key="second_digit")
    position = right.slider("Step from the first digit (0) to the second (10)", 0,
                            INTERPOLATION_STEPS - 1, key="position")
    return int(first), int(second), position


def compression_controls(budgets: dict) -> tuple[str, bool]:
    left, right = st.columns([3, 1])
    precision = left.radio(
        "Compare at the size of", list(ae.CODE_PRECISIONS), key="precision", horizontal=True,
        format_func=lambda p: f"the {ae.PRECISION_NAMES[p]} code ({budgets[p]} bytes)")
    return precision, right.toggle("Per digit", key="per_digit")


def picture_controls() -> tuple[bool, bool]:
    left, right = st.columns(2)
    invert = left.toggle("Invert (make it white on black, like the digits)", key="invert")
    frame = right.toggle("Frame it like the digits", key="frame",
                         help="Background to black; the bright part cropped, fitted into "
                              "20×20 and centred in 28×28, as MNIST's digits are.")
    return invert, frame


# ----------------------------------------------------------------------------- sections

def render_reconstructions(trained: view.Trained) -> None:
    n_test = len(view.digits_dataset().x_test)
    clamp_state("digits_from", n_test - DIGITS_SHOWN)
    start = st.slider("First test digit shown", 0, n_test - DIGITS_SHOWN, step=DIGITS_SHOWN,
                      key="digits_from",
                      help="Ten test digits the network never saw during training.")
    view.show_reconstructions(trained, start)


def render_interpolation(trained: view.Trained) -> None:
    first, second, position = interpolation_controls(len(view.digits_dataset().x_test))
    view.show_interpolation(trained, first, second, position)


def render_compression(trained: view.Trained) -> None:
    # The digits of the Reconstructions section, so both sections talk about the same ten.
    clamp_state("digits_from", len(view.digits_dataset().x_test) - DIGITS_SHOWN)
    start = st.session_state["digits_from"]
    with parts.friendly_errors():
        results = view.comparison(trained.id, start, trained)
    precision, per_digit = compression_controls(view.code_budgets(results))
    view.show_compression(trained, start, results, precision, per_digit)


def render_picture(trained: view.Trained, picture) -> None:
    invert, frame = picture_controls()
    view.show_picture_roundtrip(trained, picture, invert, frame)


# ----------------------------------------------------------------------------- the page

params.init(PARAMS)
picture = current_image()
st.title("Autoencoder")
st.markdown(view.INTRO)
controls, network = st.columns([3, 2])
with controls:
    settings = training_controls()
    # The press is kept in session state by a callback, not read from the button's return
    # value, which a rerun (the app shell's first-run rerun, say) would lose.
    st.button("Train", key="train", type="primary", icon=":material/model_training:",
              on_click=request_training,
              help="Trains with the settings above, or reuses the model anyone already trained "
                   "with them. Changing a setting while it trains stops the training.")
    pressed = st.session_state.pop(_TRAIN_REQUESTED, False)
    data_line = st.empty()  # filled after training, when the data source is known
with network:
    viewer.show_figure(view.architecture_figure(settings), key="architecture")

reused = None
if pressed:
    trained, reused = view.train_or_reuse(settings)
else:
    trained = view.existing_model(settings) or view.existing_model(st.session_state.get(_LAST))

known_source = view.server_models().source
data_line.caption(view.data_text(known_source))
if trained is None:
    st.info(view.NO_MODEL_TEXT, icon=":material/model_training:")
else:
    st.session_state[_LAST] = trained.settings
    view.show_status(trained, reused, settings, use_small_data_settings)
    section = st.segmented_control("Section", SECTIONS, key="section",
                                   label_visibility="collapsed")
    if section == "Interpolation":
        render_interpolation(trained)
    elif section == "Compression vs JPEG":
        render_compression(trained)
    elif section == "Your picture":
        render_picture(trained, picture)
    else:
        render_reconstructions(trained)
parts.show_code(view.training_code(settings, int(st.session_state["digits_from"])))
params.publish(PARAMS)
