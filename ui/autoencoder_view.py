"""The Autoencoder page's machinery and presentation: models shared by every visitor, cached
results, the two plotly figures, the texts and the pixel-exact digit grids.

TensorFlow costs ~5 s and ~650 MB to import: nothing here imports it at import time
(``core.autoencoder`` does so lazily). :func:`train_or_reuse` starts it when Train is pressed;
:func:`existing_model` finds a model only where this process has trained one, so TensorFlow is in.
"""

from __future__ import annotations

import gc
import threading
import time
from dataclasses import astuple, dataclass

import cv2
import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import autoencoder as ae
from core import quality
from ui import parts, viewer
from ui.text import escape_markdown

FIRST_HIDDEN = ae.DEFAULT_HIDDEN[0]  # 392, as in the tutorial; only the bottleneck varies
DIGITS_SHOWN = 10  # the tutorial's figure
INTERPOLATION_STEPS = 11
ZOOM = 3  # 28x28 digits drawn 3x larger, nearest neighbour, so pixels stay crisp squares
MODELS_KEPT = 6  # trained models kept for every visitor (~9 MB each with Adam's state)
TUTORIAL_UPDATES = 5 * 400
METHOD_NAMES = {"autoencoder": "Autoencoder code", "jpeg-file": "JPEG, whole file",
                "jpeg-payload": "JPEG, payload only"}


# ----------------------------------------------------------------------------- models

@dataclass(frozen=True)
class Settings:
    epochs: int
    batch_size: int
    learning_rate: float
    bottleneck: int
    train_images: int  # 0: all

    @property
    def hidden(self) -> tuple[int, int]:
        return FIRST_HIDDEN, self.bottleneck

    @property
    def key(self) -> tuple:
        return astuple(self)

    def updates(self, n_images: int) -> int:
        """Weight updates in the whole training: epochs x batches per epoch."""
        return self.epochs * -(-n_images // self.batch_size)

    def describe(self) -> str:
        images = "all" if self.train_images == 0 else f"{self.train_images:,}"
        return (f"784-{FIRST_HIDDEN}-{self.bottleneck}-{FIRST_HIDDEN}-784, {self.epochs} epochs, "
                f"batches of {self.batch_size}, learning rate {self.learning_rate:g}, "
                f"{images} training images")


@dataclass(frozen=True)
class Digits:
    x_train: np.ndarray
    x_test: np.ndarray
    source: str


@dataclass(frozen=True)
class Trained:
    model: object  # keras.Model
    settings: Settings
    source: str
    n_images: int
    losses: list
    seconds: float
    finished_at: float

    @property
    def id(self) -> str:
        """Names this very model in the small result caches (a retrained one gets a new id)."""
        return f"{self.settings.key}|{self.source}|{self.finished_at}"


class TrainingSlot:
    """Where the model for one (settings, data) pair lives; its lock lets one visitor train it
    while others with the same settings wait for it instead of training it again."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.trained: Trained | None = None


class ServerModels:
    """What this server process has trained so far, so the page can show a model without
    loading TensorFlow when there is none."""

    def __init__(self) -> None:
        self.source: str | None = None
        self.trained: dict[tuple, str] = {}  # settings key -> data source
        self.tensorflow_started = False


# ----------------------------------------------------------------------------- shared caches

@st.cache_resource(show_spinner=False)
def server_models() -> ServerModels:
    return ServerModels()


@st.cache_resource(show_spinner="Loading the digits (MNIST if it can be reached)…")
def digits_dataset() -> Digits:
    # cache_resource, not cache_data: MNIST is 220 MB and must not be copied on every run.
    x_train, x_test, source = ae.load_digits_dataset()
    x_train.flags.writeable = False
    x_test.flags.writeable = False
    return Digits(x_train, x_test, source)


@st.cache_resource(max_entries=MODELS_KEPT, show_spinner=False)
def training_slot(settings_key: tuple, source: str) -> TrainingSlot:
    # Cheap and empty: training happens outside this function, so its progress bar and live
    # loss curve are drawn for the visitor who trains, not replayed from the cache.
    return TrainingSlot()


# ----------------------------------------------------------------------------- training

def train_live(settings: Settings, data: Digits) -> Trained:
    """Train with a progress bar and a loss curve that grows after every epoch."""
    x = data.x_train if settings.train_images == 0 else data.x_train[:settings.train_images]
    progress = st.progress(0.0, text="Building the network…")
    curve = st.empty()
    losses = []

    def on_batch_end(done: int, total: int) -> None:
        progress.progress(done / total, text=f"Training: batch {done:,} of {total:,}")

    def on_epoch_end(epoch: int, loss: float) -> None:
        losses.append(loss)
        with curve:
            viewer.show_figure(loss_figure(losses, settings.epochs), key=f"live_loss_{epoch}")

    with parts.friendly_errors():
        model = ae.build_autoencoder(settings.hidden, settings.learning_rate)
        progress.progress(0.0, text=f"Training on {len(x):,} images…")
        started = time.perf_counter()
        ae.train(model, x, settings.epochs, settings.batch_size,
                 on_epoch_end=on_epoch_end, on_batch_end=on_batch_end)
    seconds = time.perf_counter() - started
    progress.empty()
    curve.empty()
    return Trained(model, settings, data.source, len(x), losses, seconds, time.time())


def start_tensorflow(models: ServerModels) -> None:
    """Import TensorFlow once per process, then hide its objects from the garbage collector.

    Streamlit runs ``gc.collect()`` after every script run (``runner.postScriptGC``). With
    TensorFlow's ~330,000 objects in memory that walk took 200-400 ms on every rerun of every
    page (measured: a slider move on any page went from ~160 ms to ~550 ms once TensorFlow was
    in). ``gc.freeze()`` moves the objects alive now into a generation the collector never
    scans; modules live as long as the process anyway.
    """
    if models.tensorflow_started:
        return
    with st.spinner("Starting TensorFlow (about 5 s, once per server)…"):
        ae.import_keras()
        gc.collect()  # so that no garbage of the moment is frozen for good
        gc.freeze()
    models.tensorflow_started = True


def train_or_reuse(settings: Settings) -> tuple[Trained, bool]:
    """The model for these settings: trained now, or the one someone already trained."""
    models = server_models()
    start_tensorflow(models)
    data = digits_dataset()
    models.source = data.source
    slot = training_slot(settings.key, data.source)
    if not slot.lock.acquire(blocking=False):
        with st.spinner("Another visitor is training this very model: waiting for it…"):
            slot.lock.acquire()
    try:
        if slot.trained is not None:
            return slot.trained, True
        slot.trained = train_live(settings, data)
        models.trained[settings.key] = data.source
        return slot.trained, False
    finally:
        slot.lock.release()


def existing_model(settings: Settings | None) -> Trained | None:
    """A model already trained with these settings on the current data, without training one
    (and without importing TensorFlow or loading the data when this process has none)."""
    if settings is None:
        return None
    source = server_models().trained.get(settings.key)
    if source is None or digits_dataset().source != source:
        return None
    return training_slot(settings.key, source).trained


# ----------------------------------------------------------------------------- cached results

@st.cache_data(max_entries=16, show_spinner=False)
def reconstructions(model_id: str, start: int, _trained: Trained) -> dict:
    x = digits_dataset().x_test[start:start + DIGITS_SHOWN]
    codes = ae.encode(_trained.model, x)
    outputs = ae.decode(_trained.model, codes)
    return {"originals": ae.to_digit_images(x), "outputs": ae.to_digit_images(outputs),
            "errors": ae.per_image_mse(x, outputs), "tiles": ae.code_tiles(codes)}


@st.cache_data(max_entries=16, show_spinner=False)
def test_set_error(model_id: str, _trained: Trained) -> float:
    x_test = digits_dataset().x_test
    return float(ae.per_image_mse(x_test, ae.reconstruct(_trained.model, x_test)).mean())


@st.cache_data(max_entries=4, show_spinner=False)
def average_digit_error(source: str) -> float:
    """The test error of a 'model' that always answers with the average training digit."""
    data = digits_dataset()
    return float(ae.per_image_mse(data.x_test, np.broadcast_to(
        data.x_train.mean(axis=0), data.x_test.shape)).mean())


@st.cache_data(max_entries=16, show_spinner="Finding the best JPEG at each size…")
def comparison(model_id: str, start: int, _trained: Trained) -> list:
    return ae.compare_with_jpeg(_trained.model,
                                digits_dataset().x_test[start:start + DIGITS_SHOWN])


@st.cache_data(max_entries=16, show_spinner=False)
def interpolation(model_id: str, first: int, second: int, _trained: Trained) -> dict:
    x_test = digits_dataset().x_test
    weights = np.linspace(0.0, 1.0, INTERPOLATION_STEPS, dtype=np.float32)[:, np.newaxis]
    return {
        "codes": ae.to_digit_images(ae.interpolate_codes(
            _trained.model, x_test[first], x_test[second], INTERPOLATION_STEPS)),
        # Blending the pixels instead, for comparison: a cross-fade, never a new digit.
        "pixels": ae.to_digit_images((1 - weights) * x_test[first] + weights * x_test[second]),
        "ends": ae.to_digit_images(x_test[[first, second]]),
    }


@st.cache_data(max_entries=16, show_spinner=False)
def picture_roundtrip(model_id: str, picture_key: str, invert: bool, frame: bool,
                      _trained: Trained, _gray: np.ndarray) -> dict:
    x = ae.picture_to_digit(_gray, invert=invert, frame=frame)
    digit = ae.to_digit_images(x)[0]
    decoded = ae.reconstruct(_trained.model, x)
    output = ae.to_digit_images(decoded)[0]
    # JPEG at the 8-bit code's size, for contrast: a general-purpose codec.
    budget = _trained.settings.bottleneck + 8
    jpeg, n_bytes, _ = quality.jpeg_at_size(digit, budget, "payload")
    return {"input": digit, "output": output, "jpeg": jpeg, "budget": budget,
            "error": float(ae.per_image_mse(x, decoded)[0]),
            "psnr": quality.psnr(digit, output), "jpeg_psnr": quality.psnr(digit, jpeg)}


# ----------------------------------------------------------------------------- figures

def loss_figure(losses: list, epochs: int) -> go.Figure:
    """The loss after each epoch so far, on an axis already as long as the whole training."""
    figure = go.Figure(go.Scatter(
        x=list(range(1, len(losses) + 1)), y=losses, mode="lines+markers",
        line=dict(color="#e4572e"), hovertemplate="epoch %{x}: loss %{y:.4f}<extra></extra>"))
    figure.update_layout(
        title=viewer.figure_title("Loss (mean squared error) after each epoch"),
        xaxis=dict(title="epoch", range=[0.5, epochs + 0.5], dtick=1 if epochs <= 10 else 2),
        yaxis=dict(title="loss", rangemode="tozero"),
        height=260, margin=dict(l=50, r=10, t=36, b=40))
    return figure


def architecture_figure(settings: Settings) -> go.Figure:
    """The layers as bars centred on one line: the hourglass the digits squeeze through."""
    sizes = [ae.N_PIXELS, FIRST_HIDDEN, settings.bottleneck, FIRST_HIDDEN, ae.N_PIXELS]
    names = ["input", "hidden", "code", "hidden", "output"]
    colours = ["#7f7f7f", "#2e86de", "#e4572e", "#2e86de", "#7f7f7f"]
    figure = go.Figure(go.Bar(
        x=names, y=sizes, base=[-size / 2 for size in sizes], marker_color=colours, width=0.6,
        text=sizes, textposition="outside", cliponaxis=False,
        hovertemplate="%{x}: %{text} units<extra></extra>"))
    figure.update_layout(
        title=viewer.figure_title("The network: units per layer"),
        yaxis=dict(visible=False, range=[-420, 440]),
        xaxis=dict(type="category", tickfont=dict(size=12)),
        height=240, margin=dict(l=10, r=10, t=36, b=30), showlegend=False)
    return figure


# ----------------------------------------------------------------------------- texts

INTRO = (
    "A stacked autoencoder learns to squeeze each 28×28 digit (784 pixels) through a "
    "**bottleneck** of a few numbers, the *code*, and to rebuild the digit from the code "
    "alone: the encoder half compresses, the decoder half decompresses. As in the tutorial: "
    "784-392-196-392-784, ReLU, Adam, mean squared error. Nothing is trained until you press "
    "**Train**.")
NO_MODEL_TEXT = (
    "No model is trained with these settings yet. Press **Train**: a few seconds on "
    "scikit-learn's 1,500 digits, about 20 s for 5 epochs on all 60,000 of MNIST.")
CODES_CAPTION = (
    "The codes look like noise to us: the network's numbers have no order in space, "
    "only the decoder knows what each one means. Many are exactly 0 (ReLU).")
INVERT_HINT = ("Your picture is mostly light, and the digits are white on black: "
               "try **Invert**.")
PICTURE_HINT = (
    "Change the picture in the sidebar (upload, sample or camera). A handwritten "
    "digit, dark on light paper, inverted and framed, comes closest to what this "
    "network knows; anything else shows what it does not.")


def data_text(source: str | None) -> str:
    """Which digits the models learn from, once this process has loaded them."""
    return "Data: " + (escape_markdown(source, 200) if source else
                       "loaded when you first press Train — MNIST if it can be "
                       "downloaded, otherwise scikit-learn's digits upsampled to 28×28.")


def describe_age(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def status_text(trained: Trained, reused: bool | None) -> str:
    """Where the model shown came from (trained now, reused, or from earlier) and its numbers."""
    age = describe_age(time.time() - trained.finished_at)
    how = {True: f"Reused, not retrained: this model was trained {age} ago with these settings.",
           False: "Trained just now; kept for every visitor with the same settings.",
           None: f"Trained {age} ago; kept for every visitor with the same settings."}[reused]
    updates = trained.settings.updates(trained.n_images)
    return (f"{how} {trained.n_images:,} training images, {updates:,} weight updates, "
            f"{trained.seconds:.1f} s of training, final loss {trained.losses[-1]:.4f}.")


def barely_trained_text(trained: Trained, error: float, baseline: float) -> str | None:
    """A warning when the model's test ``error`` is hardly better than the ``baseline`` of
    always answering with the average digit after few weight updates, else None."""
    updates = trained.settings.updates(trained.n_images)
    if error > 0.5 * baseline and updates < TUTORIAL_UPDATES:
        return (f"Barely trained: on the test digits this model's error ({error:.4f}) is "
                f"{error / baseline:.0%} of what always answering with the average digit would "
                f"score ({baseline:.4f}). It made only {updates:,} weight updates; the tutorial's "
                f"run on MNIST made {TUTORIAL_UPDATES:,}. On a small data set, more epochs, "
                "smaller batches and a lower learning rate help.")
    return None


def reconstructions_text(bottleneck: int, n_test: int, mean_error: float,
                         baseline: float) -> str:
    """What the reconstructions' errors mean, against the average digit's ``baseline``."""
    return (
        f"Each output is rebuilt from only **{bottleneck} numbers** (the code) "
        f"instead of 784 pixels. The error $\\frac{{1}}{{784}}\\sum_i (x_i - \\hat x_i)^2$ is "
        f"the loss the network minimised; over all {n_test:,} test digits it averages "
        f"**{mean_error:.4f}** (always answering with the average training digit would "
        f"score {baseline:.4f}). Outputs are blurry because blur "
        "is the safest guess under a squared error: where a stroke might be, a grey smear "
        "costs less than a sharp stroke in the wrong place.")


INTERPOLATION_TEXT = (
    "The first and last pictures are encoded, and the decoder is fed the points on the "
    r"straight line between their codes, $c = (1 - t)\,c_1 + t\,c_2$. A pixel blend "
    "cross-fades two ghosts; decoding a blended code gives one picture the decoder "
    "believes in, which can pass through shapes of neither digit.")


def interpolation_labels(position: int) -> list[str]:
    """The captions of all the steps, the one shown large marked."""
    return [f"t = {i / (INTERPOLATION_STEPS - 1):.1f}" + (" ◀" if i == position else "")
            for i in range(INTERPOLATION_STEPS)]


def decibels(value: float) -> str:
    return "∞ dB" if np.isinf(value) else f"{value:.1f} dB"


def _mean_bytes(result) -> str:
    return f"{result.n_bytes.mean():.0f}" + ("" if result.fits else " (over!)")


def _quality_range(result) -> str:
    if result.quality is None:
        return "–"
    low, high = int(result.quality.min()), int(result.quality.max())
    return str(low) if low == high else f"{low}–{high}"


def comparison_table(results: list) -> dict:
    """The columns of the comparison table, one row per result of ``ae.compare_with_jpeg``."""
    return {
        "method": [METHOD_NAMES[r.method] + (f" ({ae.PRECISION_NAMES[r.precision]})"
                                             if r.method == "autoencoder" else "")
                   for r in results],
        "budget (bytes)": [r.budget for r in results],
        "bytes used (mean)": [_mean_bytes(r) for r in results],
        "JPEG quality": [_quality_range(r) for r in results],
        "PSNR (dB, mean)": [round(r.mean_psnr, 1) for r in results],
        "SSIM (mean)": [round(r.mean_ssim, 3) for r in results],
    }


def result_captions(result, per_digit: bool) -> list[str]:
    """Each decoded digit's PSNR; per digit also its SSIM, bytes and JPEG quality."""
    captions = [decibels(p) for p in result.psnr]
    if per_digit:
        quality = [""] * len(captions) if result.quality is None else [
            f", q{q}" for q in result.quality]
        captions = [f"{decibels(p)}, SSIM {s:.2f}, {b} B{q}" for p, s, b, q in
                    zip(result.psnr, result.ssim, result.n_bytes, quality)]
    return captions


def reading_the_numbers(bottleneck: int, budgets: dict, decoder_kb: float) -> str:
    """What the byte counts and the two scores mean."""
    raw = ae.N_PIXELS
    return (
        f"**Reading the numbers.** The digit itself is {raw} bytes (28×28 pixels, one byte "
        f"each). A code of {bottleneck} 32-bit numbers takes "
        f"{budgets['float32']} bytes — "
        + ("no saving at all" if budgets["float32"] >= raw else
           f"{raw / budgets['float32']:.1f}× smaller")
        + f"; 16-bit floats halve it and 8 bits per number (plus the code's minimum and "
        f"maximum as two 4-byte floats) bring it to {budgets['uint8']} bytes. JPEG is asked for "
        "the best quality that fits the same budget, counted two ways: the **whole file**, or "
        "only its **payload** — a 28×28 JPEG spends about 180 bytes on headers and tables "
        "that would be the same for every digit and could be kept once, just as the "
        f"autoencoder keeps its decoder ({decoder_kb:,.0f} KB of weights) once and never "
        "counts it against a digit. PSNR is $10 \\log_{10}(255^2 / \\mathrm{MSE})$ in dB "
        "(higher is better); SSIM compares local structure (1 = identical).")


def picture_text(result: dict, mean_error: float) -> str:
    """The picture's round trip against the test digits' and against JPEG's."""
    ratio = result["error"] / mean_error if mean_error > 0 else float("inf")
    return (
        f"The autoencoder's error on it is **{ratio:.1f}×** its average on test digits "
        f"(MSE {result['error']:.4f} against {mean_error:.4f}), while JPEG, given the "
        f"8-bit code's {result['budget']} bytes (payload), scores "
        f"{decibels(result['jpeg_psnr'])} against the autoencoder's "
        f"{decibels(result['psnr'])}. "
        "The network learned what digits look like and nothing else: whatever it is "
        "shown, it answers with something digit-like. That is the data-specific nature of "
        "an autoencoder — unlike JPEG, it is no general-purpose codec.")


def picture_captions(result: dict, frame: bool) -> list[str]:
    """Captions of the picture as the network sees it, its reconstruction and JPEG's."""
    return ["framed in 28×28" if frame else "squashed to 28×28",
            f"autoencoder: {decibels(result['psnr'])}",
            f"JPEG, {result['budget']} B: {decibels(result['jpeg_psnr'])}"]


def training_code(settings: Settings, start: int) -> str:
    """The core calls that train this model and compute every section, for "show the code"."""
    subset = "" if settings.train_images == 0 else f"[:{settings.train_images}]"
    return f"""
from core import autoencoder as ae
from core import quality

x_train, x_test, source = ae.load_digits_dataset()  # MNIST, or scikit-learn's digits offline
model = ae.build_autoencoder(hidden={settings.hidden}, learning_rate={settings.learning_rate:g})
losses = ae.train(model, x_train{subset},
                  epochs={settings.epochs}, batch_size={settings.batch_size})

digits = x_test[{start}:{start + DIGITS_SHOWN}]
outputs = ae.reconstruct(model, digits)              # encode, then decode
errors = ae.per_image_mse(digits, outputs)
tiles = ae.code_tiles(ae.encode(model, digits))      # each code as a small picture
steps = ae.interpolate_codes(model, x_test[0], x_test[1], steps=11)
results = ae.compare_with_jpeg(model, digits)        # code at 3 precisions vs JPEG, same bytes
print(ae.compression_verdict(results, "uint8"))
"""


# ----------------------------------------------------------------------------- digit pictures

def zoomed(images: np.ndarray, zoom: int = ZOOM) -> list[np.ndarray]:
    return [cv2.resize(image, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_NEAREST)
            for image in images]


def show_digits(images: np.ndarray, captions: list[str], zoom: int = ZOOM) -> None:
    """Small pictures in a row, every pixel a crisp ``zoom`` x ``zoom`` square."""
    # PNG: the JPEG Streamlit would pick by default would blur the very artefacts compared here.
    st.image(zoomed(images, zoom), caption=captions, output_format="PNG")


def enlarge(tiles: np.ndarray) -> np.ndarray:
    """Code tiles drawn about as large as the digits (a 4x4 code would otherwise be a speck)."""
    factor = max(1, 28 // max(tiles.shape[1:]))
    return np.stack([cv2.resize(tile, None, fx=factor, fy=factor,
                                interpolation=cv2.INTER_NEAREST) for tile in tiles])


def mosaic(rows: list[np.ndarray], gap: int = 2) -> np.ndarray:
    """Rows of digits (each (N, 28, 28)) as one picture, for the download."""
    lines = [np.hstack([np.pad(image, ((gap, gap), (gap, gap))) for image in row]) for row in rows]
    return np.vstack(lines)


# ----------------------------------------------------------------------------- the page's sections

def show_status(trained: Trained, reused: bool | None, settings: Settings,
                use_small_data_settings) -> None:
    """Which model is shown and how it was made; a warning, with a one-click remedy
    (``use_small_data_settings``), when it has barely learned anything."""
    st.caption(status_text(trained, reused))
    warning = barely_trained_text(trained, test_set_error(trained.id, trained),
                                  average_digit_error(trained.source))
    if warning:
        st.warning(warning, icon=":material/trending_flat:")
        st.button("Use 20 epochs, batches of 50, learning rate 0.001", key="small_data",
                  on_click=use_small_data_settings, icon=":material/tune:",
                  help="Sets these three settings; then press Train.")
    # Compared by key, the identity every cache uses: a Settings made before Streamlit reloaded
    # an edited module is of another class, and instances of two classes never compare equal.
    if trained.settings.key != settings.key:
        st.info(f"Showing the model trained with {trained.settings.describe()}. Press **Train** "
                "to train one with the settings above.", icon=":material/history:")


def show_reconstructions(trained: Trained, start: int) -> None:
    """The tutorial's figure for ten test digits from ``start``: digits over reconstructions,
    each one's error, their codes as tiles, the loss curve and the download."""
    with parts.friendly_errors():
        result = reconstructions(trained.id, start, trained)
        mean_error = test_set_error(trained.id, trained)
    bottleneck = trained.settings.bottleneck
    st.markdown(f"**Test digits {start}–{start + DIGITS_SHOWN - 1}** (top) and what the network "
                "makes of them (bottom), with each digit's mean squared error:")
    show_digits(result["originals"], [f"#{start + i}" for i in range(DIGITS_SHOWN)])
    show_digits(result["outputs"], [f"MSE {error:.4f}" for error in result["errors"]])
    st.markdown(reconstructions_text(bottleneck, len(digits_dataset().x_test), mean_error,
                                     average_digit_error(trained.source)))
    rows, columns = ae.code_grid_shape(bottleneck)
    st.markdown(f"**The codes**: the {bottleneck} numbers of each digit shown "
                f"as a {rows}×{columns} tile (black = 0, white = the largest number here):")
    show_digits(enlarge(result["tiles"]), [f"code of #{start + i}" for i in range(DIGITS_SHOWN)])
    st.caption(CODES_CAPTION)
    viewer.show_figure(loss_figure(trained.losses, trained.settings.epochs), key="loss_curve")
    parts.download_png(mosaic([result["originals"], result["outputs"]]),
                       "reconstructions.png", "Download the digits and their reconstructions (PNG)")


def show_interpolation(trained: Trained, first: int, second: int, position: int) -> None:
    """The step ``position`` between two test digits, decoded from the blended code beside the
    blended pixels, then all the steps."""
    with parts.friendly_errors():
        path = interpolation(trained.id, first, second, trained)
    weight = position / (INTERPOLATION_STEPS - 1)
    show_digits(
        np.stack([path["ends"][0], path["codes"][position], path["pixels"][position],
                  path["ends"][1]]),
        [f"#{first}", f"decoded code, t = {weight:.1f}", f"pixel blend, t = {weight:.1f}",
         f"#{second}"], zoom=5)
    st.markdown(INTERPOLATION_TEXT)
    st.markdown("**All eleven steps**, decoded codes (top) and pixel blends (bottom):")
    labels = interpolation_labels(position)
    show_digits(path["codes"], labels)
    show_digits(path["pixels"], labels)


def code_budgets(results: list) -> dict:
    """Bytes per digit of the code at each precision, from :func:`comparison`'s results."""
    return {r.precision: r.budget for r in results if r.method == "autoencoder"}


def show_compression(trained: Trained, start: int, results: list, precision: str,
                     per_digit: bool) -> None:
    """The verdict, the table, and the same ten digits through the code and through JPEG at
    the size of the code of ``precision``."""
    budgets = code_budgets(results)
    with parts.friendly_errors():
        decoder_kb = ae.decoder_bytes(trained.model) / 1024
    st.markdown(f"**Conclusion.** {ae.compression_verdict(results, precision)}")
    st.dataframe(comparison_table(results), hide_index=True)
    st.markdown(f"**Test digits {start}–{start + DIGITS_SHOWN - 1}**, "
                f"stored in at most {budgets[precision]} bytes each:")
    # The originals alone: no need to run the model for them.
    originals = ae.to_digit_images(digits_dataset().x_test[start:start + DIGITS_SHOWN])
    show_digits(originals, [f"original #{start + i}" for i in range(DIGITS_SHOWN)])
    for result in (r for r in results if r.precision == precision):
        st.markdown(f"{METHOD_NAMES[result.method]}: mean PSNR "
                    f"{decibels(result.mean_psnr)}, SSIM {result.mean_ssim:.2f}")
        show_digits(result.images, result_captions(result, per_digit))
    st.markdown(reading_the_numbers(trained.settings.bottleneck, budgets, decoder_kb))


def show_picture_roundtrip(trained: Trained, picture, invert: bool, frame: bool) -> None:
    """The visitor's picture as a 28x28 digit, through the model and through JPEG, and what
    that says about an autoencoder trained on digits."""
    with parts.friendly_errors():
        result = picture_roundtrip(trained.id, picture.key, invert, frame, trained,
                                   picture.gray)
    mean_error = test_set_error(trained.id, trained)
    left, right = st.columns([1, 2])
    shown, _ = viewer.display_copy(picture.gray, 280)
    left.image(shown, caption=escape_markdown(picture.name), width="content")
    with right:
        show_digits(np.stack([result["input"], result["output"], result["jpeg"]]),
                    picture_captions(result, frame), zoom=5)
        st.markdown(picture_text(result, mean_error))
        if float(picture.gray.mean()) > 127 and not invert:
            st.caption(INVERT_HINT)
    st.caption(PICTURE_HINT)
