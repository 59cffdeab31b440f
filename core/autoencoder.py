"""The tutorial's stacked autoencoder: 784-392-196-392-784 on handwritten digits, in Keras.

TensorFlow costs about 5 s and 650 MB to import, so it is imported inside the functions that
need it, never at module level: importing this module (or opening any other page) stays cheap.

The network follows the tutorial (a TensorFlow 1 program) layer for layer: three ReLU hidden
layers and a linear output, He ("variance scaling") initial weights, zero biases, Adam with a
learning rate of 0.01, mean squared error, 5 epochs of batches of 150.
"""

from __future__ import annotations

import math
import os
import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from core.images import to_gray
from core.quality import jpeg_at_size, psnr, ssim

__all__ = [
    "IMAGE_SIDE",
    "N_PIXELS",
    "DEFAULT_HIDDEN",
    "CODE_PRECISIONS",
    "MNIST_URL",
    "import_keras",
    "load_digits_dataset",
    "build_autoencoder",
    "split_autoencoder",
    "train",
    "encode",
    "decode",
    "reconstruct",
    "interpolate_codes",
    "quantize_code",
    "per_image_mse",
    "to_digit_images",
    "picture_to_digit",
    "frame_like_mnist",
    "code_grid_shape",
    "code_tiles",
    "decoder_bytes",
    "CodecResult",
    "compare_with_jpeg",
    "compression_verdict",
    "PRECISION_NAMES",
]

IMAGE_SIDE = 28
N_PIXELS = IMAGE_SIDE * IMAGE_SIDE
DEFAULT_HIDDEN = (392, 196)
CODE_PRECISIONS = ("float32", "float16", "uint8")
MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_FILE = "mnist.npz"
CODE_LAYER = "code"
PRECISION_NAMES = {"float32": "32-bit float", "float16": "16-bit float", "uint8": "8-bit quantized"}

# The scikit-learn digits are 8x8; MNIST digits fill a 20x20 box centred in 28x28.
_DIGIT_BOX = 20
_FALLBACK_TEST_IMAGES = 297
_SKLEARN_DIGITS_MAX = 16.0
# Rows per forward pass in encode/decode: bounds the temporary activations (8192 x 392 floats).
_CHUNK_ROWS = 8192
# Keras runs this many batches per call into the compiled graph: fewer Python round trips,
# and the progress callback fires at most once per group instead of on every batch.
_STEPS_PER_EXECUTION = 10


def import_keras():
    """Import Keras (TensorFlow backend) quietly and return it; the functions that need it call
    this, and so may a caller that wants to pay TensorFlow's start-up (~5 s) at a moment of its
    choosing."""
    # Hide TensorFlow's start-up INFO/WARNING chatter unless the user asked for it.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras

    return keras


_import_keras = import_keras


# ----------------------------------------------------------------------------- data

def _run_with_deadline(function, seconds: float):
    """Run ``function()`` in a daemon thread; return its result, or raise TimeoutError.

    urllib has no overall deadline (DNS lookups ignore the socket timeout) and Keras downloads
    without any timeout, so only a thread bounds the wait. A daemon thread that overruns is
    abandoned, never joined: it cannot keep the server from exiting.
    """
    outcome = {}

    def target():
        try:
            outcome["value"] = function()
        except BaseException as error:  # reported to the caller, not lost in the thread
            outcome["error"] = error

    worker = threading.Thread(target=target, daemon=True, name="image-lab-mnist")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeoutError(f"no answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _mnist_cache_candidates() -> list[Path]:
    """Where keras.utils.get_file keeps mnist.npz ($KERAS_HOME or ~/.keras, else /tmp/.keras)."""
    home = Path(os.environ.get("KERAS_HOME", Path("~/.keras").expanduser()))
    return [home / "datasets" / MNIST_FILE, Path("/tmp/.keras/datasets") / MNIST_FILE]


def _mnist_is_cached() -> bool:
    return any(path.is_file() for path in _mnist_cache_candidates())


def _mnist_reachable(timeout: float) -> bool:
    """True when the server that hosts MNIST answers a HEAD request within ``timeout`` seconds."""
    def probe():
        request = urllib.request.Request(MNIST_URL, method="HEAD")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status < 400

    try:
        return bool(_run_with_deadline(probe, timeout))
    except Exception:
        return False


def _mnist_to_vectors(images: np.ndarray) -> np.ndarray:
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (IMAGE_SIDE, IMAGE_SIDE) or images.dtype != np.uint8:
        raise ValueError(
            f"MNIST should be uint8 images of 28x28, got {images.dtype} of shape {images.shape}.")
    vectors = images.reshape(len(images), N_PIXELS).astype(np.float32)
    # In place: the 60,000-image set would otherwise exist twice (188 MB each) for a moment.
    vectors /= np.float32(255.0)
    return vectors


def _load_mnist(keras, download_timeout: float):
    (x_train, _), (x_test, _) = _run_with_deadline(keras.datasets.mnist.load_data, download_timeout)
    return _mnist_to_vectors(x_train), _mnist_to_vectors(x_test)


def _upsampled_sklearn_digits() -> np.ndarray:
    from sklearn.datasets import load_digits

    small = load_digits().images.astype(np.float32) / np.float32(_SKLEARN_DIGITS_MAX)
    margin = (IMAGE_SIDE - _DIGIT_BOX) // 2
    canvas = np.zeros((len(small), IMAGE_SIDE, IMAGE_SIDE), np.float32)
    for image, target in zip(small, canvas):
        # Cubic, not nearest: MNIST strokes are anti-aliased, so blocky 8x8 pixels would look alien.
        target[margin:margin + _DIGIT_BOX, margin:margin + _DIGIT_BOX] = cv2.resize(
            image, (_DIGIT_BOX, _DIGIT_BOX), interpolation=cv2.INTER_CUBIC)
    # Cubic interpolation overshoots a little at stroke edges.
    np.clip(canvas, 0.0, 1.0, out=canvas)
    return canvas.reshape(len(canvas), N_PIXELS)


def load_digits_dataset(timeout: float = 10.0, download_timeout: float = 120.0):
    """Handwritten digits as flat float32 vectors: MNIST when reachable, else scikit-learn's.

    Parameters
    ----------
    timeout : float
        Seconds to wait for the MNIST server to answer before giving up on it (the check is
        skipped when Keras already has ``mnist.npz`` in its cache).
    download_timeout : float
        Seconds allowed for Keras to download (11 MB) and read MNIST once the server answered.
        An overrunning download is abandoned in a background thread and the fallback is used.

    Returns
    -------
    x_train, x_test : float32 ndarray (N, 784)
        Digits scaled to [0, 1], one 28x28 picture per row (row-major), white on black.
        MNIST: 60,000 and 10,000. Fallback: the 1,797 scikit-learn digits, 8x8 with values
        0-16, resized (cubic) to 20x20 and centred on a 28x28 black canvas as MNIST's are;
        the last 297 are the test set (a fixed split, so results repeat).
    source : str
        A sentence naming the data, for the page to show, e.g. "MNIST (60,000 training
        images)".

    References
    ----------
    ``keras.datasets.mnist.load_data()`` and ``sklearn.datasets.load_digits()``.

    Examples
    --------
    >>> x_train, x_test, source = load_digits_dataset(timeout=1)  # doctest: +SKIP
    >>> x_train.shape[1], x_train.dtype  # doctest: +SKIP
    (784, dtype('float32'))
    """
    if not (timeout > 0 and download_timeout > 0):
        raise ValueError("Timeouts must be positive numbers of seconds.")
    reason = "MNIST unreachable"
    if _mnist_is_cached() or _mnist_reachable(timeout):
        try:
            x_train, x_test = _load_mnist(_import_keras(), download_timeout)
            return x_train, x_test, f"MNIST ({len(x_train):,} training images)"
        except TimeoutError:
            reason = f"MNIST download took over {download_timeout:g} s"
        except Exception:
            reason = "MNIST download failed"
    digits = _upsampled_sklearn_digits()
    x_train, x_test = digits[:-_FALLBACK_TEST_IMAGES], digits[-_FALLBACK_TEST_IMAGES:]
    return (x_train, x_test,
            f"scikit-learn digits upsampled to 28x28 ({len(x_train):,} training images; {reason})")


# ----------------------------------------------------------------------------- model

def _check_hidden(hidden) -> tuple[int, ...]:
    try:
        sizes = tuple(int(units) for units in hidden)
    except (TypeError, ValueError):
        raise ValueError(f"hidden must be a list of layer sizes such as (392, 196), got {hidden!r}.")
    if not sizes or any(units < 1 for units in sizes) or any(
            units != original for units, original in zip(sizes, hidden)):
        raise ValueError(f"hidden must be whole numbers of at least 1, such as (392, 196); got {hidden!r}.")
    return sizes


def build_autoencoder(hidden=DEFAULT_HIDDEN, learning_rate: float = 0.01, seed: int = 0):
    """The tutorial's stacked autoencoder, compiled and ready to train.

    Parameters
    ----------
    hidden : sequence of int
        Encoder layer sizes, the last being the code (bottleneck). The decoder mirrors them:
        ``(392, 196)`` gives 784-392-196-392-784.
    learning_rate : float
        Adam's learning rate (the tutorial's 0.01).
    seed : int
        Seeds the initial weights (each layer its own), so a model can be rebuilt exactly.

    Returns
    -------
    keras.Model
        Dense layers named ``hidden1``... with ReLU, the code layer named ``"code"``, a linear
        784-unit ``"outputs"`` layer. Kernels start from
        ``VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal")``: the
        default of the tutorial's ``tf.contrib.layers.variance_scaling_initializer()``
        (factor 2.0, FAN_IN, uniform=False, i.e. He initialisation; TF1 stretched the truncated
        normal by sqrt(1.3), Keras by 1/0.8796, the same correction). Biases start at zero.
        Compiled with Adam(learning_rate) and mean squared error; 770,084 parameters for
        the default sizes.

    References
    ----------
    K. He et al., "Delving Deep into Rectifiers", ICCV 2015 (the initialiser).

    Examples
    --------
    >>> model = build_autoencoder()  # doctest: +SKIP
    >>> model.count_params()  # doctest: +SKIP
    770084
    """
    sizes = _check_hidden(hidden)
    if not (isinstance(learning_rate, (int, float)) and math.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"The learning rate must be a positive number, got {learning_rate!r}.")
    keras = _import_keras()
    layer_sizes = sizes + sizes[-2::-1] + (N_PIXELS,)
    code_index = len(sizes) - 1
    inputs = keras.Input(shape=(N_PIXELS,), name="pixels")
    outputs = inputs
    for index, units in enumerate(layer_sizes):
        is_output = index == len(layer_sizes) - 1
        name = "outputs" if is_output else CODE_LAYER if index == code_index else f"hidden{index + 1}"
        outputs = keras.layers.Dense(
            units,
            activation=None if is_output else "relu",
            kernel_initializer=keras.initializers.VarianceScaling(
                scale=2.0, mode="fan_in", distribution="truncated_normal", seed=seed + index),
            bias_initializer="zeros",
            name=name,
        )(outputs)
    model = keras.Model(inputs, outputs, name="stacked_autoencoder")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="mse",
        # XLA (Keras 3's "auto" default) used the same CPU time here (measured, 5 epochs on
        # 60,000 images) and adds a compile pause before the first batch.
        jit_compile=False,
        steps_per_execution=_STEPS_PER_EXECUTION,
    )
    return model


def _halves(model):
    """The encoder's and the decoder's Dense layers of a model made by build_autoencoder."""
    layers = [layer for layer in model.layers if hasattr(layer, "units")]
    names = [layer.name for layer in layers]
    if CODE_LAYER not in names:
        raise ValueError("This model was not made by build_autoencoder (it has no 'code' layer).")
    split = names.index(CODE_LAYER) + 1
    return layers[:split], layers[split:]


def split_autoencoder(model):
    """Encoder and decoder models sharing the autoencoder's layers (and so its weights).

    Parameters
    ----------
    model : keras.Model
        Made by :func:`build_autoencoder` (trained or not).

    Returns
    -------
    encoder : keras.Model
        784 pixels to the code.
    decoder : keras.Model
        The code to 784 pixels.

    Examples
    --------
    >>> encoder, decoder = split_autoencoder(build_autoencoder())  # doctest: +SKIP
    >>> encoder.output_shape, decoder.output_shape  # doctest: +SKIP
    ((None, 196), (None, 784))
    """
    keras = _import_keras()
    encoder_layers, decoder_layers = _halves(model)
    encoder = keras.Model(model.inputs, model.get_layer(CODE_LAYER).output, name="encoder")
    code_size = encoder_layers[-1].units
    decoder = keras.Sequential(
        [keras.Input(shape=(code_size,), name="code_in"), *decoder_layers], name="decoder")
    return encoder, decoder


def _check_vectors(x, width: int, what: str) -> np.ndarray:
    if not isinstance(x, np.ndarray) or x.ndim != 2 or x.shape[1] != width or len(x) == 0:
        shape = getattr(x, "shape", type(x).__name__)
        raise ValueError(f"{what} must be an array of shape (N, {width}) with N >= 1, got {shape}.")
    if not np.issubdtype(x.dtype, np.floating) and not np.issubdtype(x.dtype, np.integer):
        raise ValueError(f"{what} must hold numbers, got {x.dtype}.")
    # min and max need no temporary array, unlike np.isfinite(x).all() on 188 MB.
    low, high = float(x.min()), float(x.max())
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"{what} contains NaN or infinite values.")
    # No copy when the caller already has float32 (the loader's output).
    return np.asarray(x, dtype=np.float32)


def _input_width(model) -> int:
    return int(model.inputs[0].shape[-1])


def train(model, x, epochs: int = 5, batch_size: int = 150, on_epoch_end=None,
          on_batch_end=None, seed: int = 0) -> list[float]:
    """Train ``model`` to reproduce ``x``, streaming shuffled batches; return the loss per epoch.

    Parameters
    ----------
    model : keras.Model
        A compiled model, e.g. from :func:`build_autoencoder`; trained in place.
    x : float ndarray (N, 784)
        Training vectors. float32 is used as is (no copy of the data set is made: each batch is
        gathered from ``x`` when TensorFlow asks for it).
    epochs, batch_size : int
        The tutorial's 5 and 150. The last batch of an epoch may be smaller.
    on_epoch_end : callable(epochs_done, loss), optional
        Called after every epoch with the number of epochs finished (1 for the first) and
        that epoch's loss.
    on_batch_end : callable(batches_done, total_batches), optional
        Progress over the whole run (all epochs), called every few batches (Keras runs
        groups of batches per call), ending with ``batches_done == total_batches``.
    seed : int
        Seeds the shuffling, so that a rebuilt model with the same seeds trains identically.

    Returns
    -------
    list of float
        Each epoch's loss: Keras' mean of the batch losses over that epoch (the tutorial
        printed the loss of the last batch only, which is noisier).

    References
    ----------
    ``keras.Model.fit`` on a ``tf.data`` pipeline fed by a generator.

    Examples
    --------
    >>> losses = train(build_autoencoder(), x_train[:500], epochs=2)  # doctest: +SKIP
    >>> len(losses)  # doctest: +SKIP
    2
    """
    width = _input_width(model)
    x = _check_vectors(x, width, "The training data")
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}.")
    keras = _import_keras()
    import tensorflow as tf

    n_images = len(x)
    n_batches = math.ceil(n_images / batch_size)
    shuffler = np.random.default_rng(seed)

    def batches():
        # A fresh permutation per epoch; each batch is a small fancy-indexed copy. Turning x
        # into a tensor (from_tensor_slices, tf.constant, or Keras' own fit(x, x)) instead
        # costs 380-730 MB more resident memory on 60,000 images (measured); a zero-copy
        # dlpack view aborts the process when numpy's buffer is not 64-byte aligned.
        order = shuffler.permutation(n_images)
        for start in range(0, n_images, batch_size):
            yield x[order[start:start + batch_size]]

    spec = tf.TensorSpec(shape=(None, width), dtype=tf.float32)
    dataset = (tf.data.Dataset.from_generator(batches, output_signature=spec)
               # Input and target are the same tensor: converted from numpy once, not twice.
               .map(lambda batch: (batch, batch))
               .apply(tf.data.experimental.assert_cardinality(n_batches))
               .prefetch(2))

    class Progress(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            if on_batch_end is not None:
                # Keras reports the last step of a group of _STEPS_PER_EXECUTION as if the
                # group were full, even at the end of an epoch that does not fill it.
                done_in_epoch = min(batch + 1, n_batches)
                on_batch_end(self.epoch * n_batches + done_in_epoch, epochs * n_batches)

        def on_epoch_end(self, epoch, logs=None):
            if on_epoch_end is not None:
                on_epoch_end(epoch + 1, float(logs["loss"]))

    history = model.fit(dataset, epochs=epochs, verbose=0, shuffle=False, callbacks=[Progress()])
    return [float(loss) for loss in history.history["loss"]]


# ----------------------------------------------------------------------------- using the model

def _forward(layers, x: np.ndarray) -> np.ndarray:
    """Apply Dense layers eagerly, in chunks (model.predict costs ~50 ms of set-up per call)."""
    out = np.empty((len(x), layers[-1].units), np.float32)
    for start in range(0, len(x), _CHUNK_ROWS):
        values = x[start:start + _CHUNK_ROWS]
        for layer in layers:
            values = layer(values)
        out[start:start + _CHUNK_ROWS] = np.asarray(values)
    return out


def encode(model, x) -> np.ndarray:
    """The codes of ``x`` (N, 784): float32 (N, code size), ReLU outputs so never negative.

    Examples
    --------
    >>> encode(model, x_test[:10]).shape  # doctest: +SKIP
    (10, 196)
    """
    encoder_layers, _ = _halves(model)
    return _forward(encoder_layers, _check_vectors(x, _input_width(model), "The images"))


def decode(model, codes) -> np.ndarray:
    """Pictures (float32 (N, 784), not clipped: the output layer is linear) from codes (N, k).

    Examples
    --------
    >>> decode(model, encode(model, x_test[:10])).shape  # doctest: +SKIP
    (10, 784)
    """
    encoder_layers, decoder_layers = _halves(model)
    return _forward(decoder_layers, _check_vectors(codes, encoder_layers[-1].units, "The codes"))


def reconstruct(model, x) -> np.ndarray:
    """``decode(model, encode(model, x))``: the autoencoder's output for ``x``, float32 (N, 784)."""
    return decode(model, encode(model, x))


def interpolate_codes(model, first, second, steps: int = 11) -> np.ndarray:
    """Decode points on the straight line between the codes of two pictures.

    Parameters
    ----------
    model : keras.Model
        From :func:`build_autoencoder`, trained.
    first, second : float ndarray (784,)
        Two pictures as vectors (e.g. rows of ``x_test``).
    steps : int
        Number of points, ends included (at least 2).

    Returns
    -------
    float32 ndarray (steps, 784)
        Row ``i`` decodes ``(1 - t) * code(first) + t * code(second)``, ``t = i / (steps - 1)``.

    Examples
    --------
    >>> interpolate_codes(model, x_test[0], x_test[1], 5).shape  # doctest: +SKIP
    (5, 784)
    """
    if not isinstance(steps, (int, np.integer)) or steps < 2:
        raise ValueError(f"steps must be a whole number of at least 2, got {steps!r}.")
    pair = np.stack([np.asarray(first).reshape(-1), np.asarray(second).reshape(-1)])
    codes = encode(model, pair)
    weights = np.linspace(0.0, 1.0, steps, dtype=np.float32)[:, np.newaxis]
    return decode(model, (1 - weights) * codes[0] + weights * codes[1])


def quantize_code(code, precision: str = "uint8"):
    """Store codes at lower precision and read them back: what a receiver would decode.

    Parameters
    ----------
    code : float ndarray (N, k)
        Codes from :func:`encode`.
    precision : {"float32", "float16", "uint8"}
        ``"uint8"`` maps each code vector linearly from its own [min, max] onto 0-255 and
        keeps min and max as two float32 numbers alongside (8 extra bytes per vector).
        ``"float16"`` clips to float16's largest finite value first (no overflow to inf).

    Returns
    -------
    restored : float32 ndarray (N, k)
        The codes after the round trip.
    bytes_per_code : int
        Storage for one code vector: 4k, 2k or k + 8 bytes. (A 28x28 uint8 picture is 784
        bytes, exactly the size of a 196-number float32 code.)

    Examples
    --------
    >>> restored, n_bytes = quantize_code(np.array([[0.0, 1.0, 2.0]], np.float32))
    >>> n_bytes, np.abs(restored - [0, 1, 2]).max() <= 2 / 255 / 2
    (11, np.True_)
    """
    code = np.asarray(code)
    if code.ndim != 2 or code.size == 0 or not np.issubdtype(code.dtype, np.floating):
        raise ValueError(f"code must be a float array of shape (N, k), got {code.dtype} {code.shape}.")
    if precision not in CODE_PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(CODE_PRECISIONS)}; got {precision!r}.")
    code = code.astype(np.float32)
    if not np.isfinite(code).all():
        raise ValueError("code contains NaN or infinite values.")
    k = code.shape[1]
    if precision == "float32":
        return code, 4 * k
    if precision == "float16":
        largest = np.finfo(np.float16).max
        return np.clip(code, -largest, largest).astype(np.float16).astype(np.float32), 2 * k
    low = code.min(axis=1, keepdims=True)
    high = code.max(axis=1, keepdims=True)
    step = (high - low) / np.float32(255)
    # A constant vector has step 0: divide by 1 instead, its levels are all 0 anyway.
    levels = np.round((code - low) / np.where(step > 0, step, np.float32(1))).astype(np.uint8)
    return low + levels.astype(np.float32) * step, k + 8


def per_image_mse(original, reconstruction) -> np.ndarray:
    """Mean squared error of each row: float64 (N,), for vectors of the same shape (N, 784)."""
    original = np.asarray(original, dtype=np.float64)
    reconstruction = np.asarray(reconstruction, dtype=np.float64)
    if original.shape != reconstruction.shape or original.ndim != 2:
        raise ValueError(
            f"Expected two (N, 784) arrays of the same shape, got {original.shape} and {reconstruction.shape}.")
    return np.mean((original - reconstruction) ** 2, axis=1)


def to_digit_images(x) -> np.ndarray:
    """Vectors in [0, 1] (N, 784) to uint8 pictures (N, 28, 28), clipping the decoder's overshoot.

    Examples
    --------
    >>> to_digit_images(np.full((1, 784), 0.5, np.float32))[0, 0, :2]
    array([128, 128], dtype=uint8)
    """
    x = np.asarray(x, dtype=np.float32)
    if x.ndim != 2 or x.shape[1] != N_PIXELS:
        raise ValueError(f"Expected an array of shape (N, 784), got {x.shape}.")
    return np.round(np.clip(x, 0.0, 1.0) * 255).astype(np.uint8).reshape(-1, IMAGE_SIDE, IMAGE_SIDE)


def picture_to_digit(image, invert: bool = False, frame: bool = False) -> np.ndarray:
    """Any picture as one input vector: grey, shrunk to 28x28 (area averaging), scaled to [0, 1].

    Parameters
    ----------
    image : uint8 ndarray (H, W) or (H, W, 3)
    invert : bool
        MNIST digits are white on black; invert a dark-on-light picture to match.
    frame : bool
        Frame the picture as MNIST frames its digits (:func:`frame_like_mnist`): background
        set to black, the bright part cropped, fitted into a 20x20 box and centred in 28x28.
        Without it the whole picture is squashed to 28x28.

    Returns
    -------
    float32 ndarray (1, 784)

    Examples
    --------
    >>> picture_to_digit(np.zeros((100, 80, 3), np.uint8), invert=True).max()
    np.float32(1.0)
    """
    grey = to_gray(image)
    if frame:
        small = frame_like_mnist(255 - grey if invert else grey)
    else:
        small = cv2.resize(grey, (IMAGE_SIDE, IMAGE_SIDE), interpolation=cv2.INTER_AREA)
        if invert:
            small = 255 - small
    return (small.astype(np.float32) / np.float32(255)).reshape(1, N_PIXELS)


def frame_like_mnist(grey) -> np.ndarray:
    """A bright-on-dark picture framed as MNIST's digits are: uint8 (28, 28).

    The background level (the median, since a digit covers less than half of its picture) is
    made black and the brightest level white; the part brighter than halfway between them is
    cropped, shrunk (or enlarged) so its longer side is 20 pixels, and centred on a 28x28 black
    canvas. A picture with almost no contrast (under 16 levels) is just squashed to 28x28.

    Examples
    --------
    >>> grey = np.zeros((200, 300), np.uint8); grey[50:150, 100:150] = 200
    >>> framed = frame_like_mnist(grey)
    >>> framed.shape, framed.max(), np.argwhere(framed).min(0).tolist(), framed[:4].any()
    ((28, 28), np.uint8(255), [4, 9], np.False_)
    """
    grey = np.asarray(grey)
    if grey.ndim != 2 or grey.dtype != np.uint8 or grey.size == 0:
        raise ValueError(f"Expected a grey uint8 picture (H, W), got {grey.dtype} {grey.shape}.")
    background, brightest = float(np.median(grey)), float(grey.max())
    if brightest - background < 16:
        return cv2.resize(grey, (IMAGE_SIDE, IMAGE_SIDE), interpolation=cv2.INTER_AREA)
    rows, columns = np.nonzero(grey > (background + brightest) / 2)
    box = grey[rows.min():rows.max() + 1, columns.min():columns.max() + 1].astype(np.float32)
    box = np.clip((box - background) * (255 / (brightest - background)), 0, 255)
    height, width = box.shape
    scale = _DIGIT_BOX / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    shrinking = scale < 1
    box = cv2.resize(box, size, interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR)
    canvas = np.zeros((IMAGE_SIDE, IMAGE_SIDE), np.float32)
    top, left = (IMAGE_SIDE - size[1]) // 2, (IMAGE_SIDE - size[0]) // 2
    canvas[top:top + size[1], left:left + size[0]] = box
    return np.round(np.clip(canvas, 0, 255)).astype(np.uint8)


# ----------------------------------------------------------------------------- showing codes

def code_grid_shape(size: int) -> tuple[int, int]:
    """Rows and columns for showing a code of ``size`` numbers as a small picture.

    The most square exact factorisation that is at most twice as wide as high (196 -> 14x14,
    98 -> 7x14, 32 -> 4x8); when there is none (a prime such as 17), the nearest square-ish
    rectangle with a few cells left over (17 -> 4x5).

    Examples
    --------
    >>> code_grid_shape(196), code_grid_shape(392), code_grid_shape(17)
    ((14, 14), (14, 28), (4, 5))
    """
    if not isinstance(size, (int, np.integer)) or isinstance(size, bool) or size < 1:
        raise ValueError(f"A code has at least one number, got size {size!r}.")
    for rows in range(math.isqrt(size), 0, -1):
        if size % rows == 0 and size // rows <= 2 * rows:
            return rows, size // rows
    columns = math.ceil(math.sqrt(size))
    return math.ceil(size / columns), columns


def code_tiles(codes) -> np.ndarray:
    """Codes (N, k) as uint8 pictures (N, rows, columns), see :func:`code_grid_shape`.

    All codes share one scale, 0 -> black and the largest number of any of them -> white, so
    tiles can be compared with each other. Cells beyond ``k`` (only for sizes without a good
    rectangle) stay black.

    Examples
    --------
    >>> code_tiles(np.array([[0.0, 1.0, 2.0, 4.0]], np.float32))[0]
    array([[  0,  64],
           [128, 255]], dtype=uint8)
    """
    codes = np.asarray(codes, dtype=np.float32)
    if codes.ndim != 2 or codes.size == 0 or not np.isfinite(codes).all():
        raise ValueError(f"codes must be a finite array of shape (N, k), got {codes.shape}.")
    rows, columns = code_grid_shape(codes.shape[1])
    low = min(float(codes.min()), 0.0)  # ReLU codes start at 0; keep 0 black
    span = float(codes.max()) - low
    scaled = (codes - low) / span * 255 if span > 0 else np.zeros_like(codes)
    cells = np.zeros((len(codes), rows * columns), np.uint8)
    cells[:, :codes.shape[1]] = np.round(scaled)
    return cells.reshape(len(codes), rows, columns)


def decoder_bytes(model) -> int:
    """Bytes of the decoder's float32 weights and biases: what a receiver must hold once."""
    _, decoder_layers = _halves(model)
    return 4 * sum(int(layer.count_params()) for layer in decoder_layers)


# ----------------------------------------------------------------------------- compression

@dataclass(frozen=True)
class CodecResult:
    """One way of storing the same digits, decoded again and scored against the originals.

    ``method`` is ``"autoencoder"``, ``"jpeg-file"`` or ``"jpeg-payload"``; ``budget`` the bytes
    per digit allowed (the size of the code at ``precision``); per-digit arrays follow.
    """

    method: str
    precision: str
    budget: int
    images: np.ndarray  # uint8 (N, 28, 28), as decoded
    n_bytes: np.ndarray  # int (N,): bytes each digit took, as counted by the method
    psnr: np.ndarray  # float (N,), dB against the original (inf when identical)
    ssim: np.ndarray  # float (N,)
    quality: np.ndarray | None = None  # JPEG quality (1-95) per digit

    @property
    def mean_psnr(self) -> float:
        return float(np.mean(self.psnr))

    @property
    def mean_ssim(self) -> float:
        return float(np.mean(self.ssim))

    @property
    def fits(self) -> bool:
        """Whether every digit fits the budget (JPEG cannot go below its headers' size)."""
        return bool((self.n_bytes <= self.budget).all())


def _scored(method, precision, budget, originals, images, n_bytes, quality=None) -> CodecResult:
    return CodecResult(
        method=method, precision=precision, budget=int(budget), images=images,
        n_bytes=np.asarray(n_bytes, dtype=np.int64),
        psnr=np.array([psnr(a, b) for a, b in zip(originals, images)]),
        ssim=np.array([ssim(a, b) for a, b in zip(originals, images)]),
        quality=None if quality is None else np.asarray(quality, dtype=np.int64))


def compare_with_jpeg(model, x, precisions=CODE_PRECISIONS) -> list[CodecResult]:
    """The autoencoder's code at each precision against JPEG at the same number of bytes.

    For every precision the digits are encoded, the codes stored at that precision and decoded
    again; JPEG then gets the code's byte count per digit twice: once for the whole file, once
    for its entropy-coded payload only (its ~180 bytes of tables and headers, like the
    autoencoder's decoder weights, can be kept once outside every picture). Everything is
    scored on the uint8 pictures a viewer would see, with PSNR and SSIM against the originals.

    Parameters
    ----------
    model : keras.Model
        From :func:`build_autoencoder`, trained.
    x : float ndarray (N, 784)
        The digits, values in [0, 1].
    precisions : sequence of str
        Any of :data:`CODE_PRECISIONS`.

    Returns
    -------
    list of CodecResult
        For each precision in order: the autoencoder, JPEG whole file, JPEG payload.

    Examples
    --------
    >>> [r.method for r in compare_with_jpeg(model, x_test[:10], ["uint8"])]  # doctest: +SKIP
    ['autoencoder', 'jpeg-file', 'jpeg-payload']
    """
    originals = to_digit_images(_check_vectors(x, _input_width(model), "The images"))
    codes = encode(model, x)
    results = []
    for precision in precisions:
        restored, budget = quantize_code(codes, precision)
        images = to_digit_images(decode(model, restored))
        results.append(_scored("autoencoder", precision, budget, originals, images,
                               np.full(len(originals), budget)))
        for count in ("file", "payload"):
            decoded, n_bytes, quality = zip(*(jpeg_at_size(image, budget, count)
                                              for image in originals))
            results.append(_scored(f"jpeg-{count}", precision, budget, originals,
                                   np.stack(decoded), n_bytes, quality))
    return results


def _db(value: float) -> str:
    return "∞ dB (lossless)" if math.isinf(value) else f"{value:.1f} dB"


def compression_verdict(results, precision: str = "uint8", tie_db: float = 0.5) -> str:
    """One plain sentence comparing the code at ``precision`` with JPEG, from measured numbers.

    Parameters
    ----------
    results : list of CodecResult
        From :func:`compare_with_jpeg` (must include ``precision``).
    precision : str
        Which code size to judge at.
    tie_db : float
        PSNR differences smaller than this count as a draw.

    Returns
    -------
    str
        E.g. "At 204 bytes per digit, the 8-bit quantized code reconstructs these 10 digits
        with a mean PSNR of 19.0 dB (SSIM 0.80), against 24.1 dB (SSIM 0.93) for JPEG
        counting its payload only and 12.2 dB (SSIM 0.31) for whole JPEG files: the
        autoencoder beats the whole file but loses to the payload — and the autoencoder only
        works on pictures like the digits it learned from."
    """
    chosen = {r.method: r for r in results if r.precision == precision}
    if set(chosen) != {"autoencoder", "jpeg-file", "jpeg-payload"}:
        raise ValueError(f"results have no complete comparison at precision {precision!r}.")
    code, whole, payload = chosen["autoencoder"], chosen["jpeg-file"], chosen["jpeg-payload"]

    def outcome(jpeg: CodecResult) -> str:
        difference = code.mean_psnr - jpeg.mean_psnr
        if math.isnan(difference) or abs(difference) < tie_db:  # nan: both lossless
            return "ties with"
        return "beats" if difference > 0 else "loses to"

    def oversize(jpeg: CodecResult) -> str:
        if jpeg.fits:
            return ""
        return (f", though even at quality 1 {'a whole file' if jpeg is whole else 'its payload'}"
                f" takes up to {int(jpeg.n_bytes.max())} bytes")

    against_payload, against_whole = outcome(payload), outcome(whole)
    if against_payload == against_whole:
        verdict = {"beats": "the autoencoder beats JPEG both ways",
                   "loses to": "JPEG wins both ways",
                   "ties with": "the two are about level"}[against_payload]
    else:
        verdict = (f"the autoencoder {against_whole} the whole file but {against_payload} "
                   "the payload")
    return (f"At {code.budget} bytes per digit, the {PRECISION_NAMES[precision]} code "
            f"reconstructs these {len(code.psnr)} digits with a mean PSNR of "
            f"{_db(code.mean_psnr)} (SSIM {code.mean_ssim:.2f}), against "
            f"{_db(payload.mean_psnr)} (SSIM {payload.mean_ssim:.2f}) for JPEG counting its "
            f"payload only{oversize(payload)} and {_db(whole.mean_psnr)} (SSIM "
            f"{whole.mean_ssim:.2f}) for whole JPEG files{oversize(whole)}: {verdict} — and "
            "the autoencoder only works on pictures like the digits it learned from.")
