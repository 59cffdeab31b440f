"""core.autoencoder: the tutorial's architecture, training, the offline fallback, code quantisation.

TensorFlow's import (~5 s) is paid once; the models trained here are small (a few hundred
fallback digits), so the whole file stays well under a minute.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import warnings

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core import autoencoder as ae
from core.images import ImageError


@pytest.fixture(scope="module")
def offline():
    """Make the loader believe MNIST is neither cached nor reachable."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ae, "_mnist_is_cached", lambda: False)
        patch.setattr(ae, "_mnist_reachable", lambda timeout: False)
        yield patch


@pytest.fixture(scope="module")
def digits(offline):
    return ae.load_digits_dataset()


@pytest.fixture(scope="module")
def keras():
    return ae._import_keras()


@pytest.fixture(scope="module")
def trained(digits):
    """A default-size model trained as in the tutorial's loop, on 500 fallback digits, batch 50."""
    model = ae.build_autoencoder()
    epochs_seen, progress = [], []
    losses = ae.train(model, digits[0][:500], epochs=5, batch_size=50,
                      on_epoch_end=lambda epoch, loss: epochs_seen.append((epoch, loss)),
                      on_batch_end=lambda done, total: progress.append((done, total)))
    return model, losses, epochs_seen, progress


# ----------------------------------------------------------------------------- import cost

def test_importing_the_module_does_not_import_tensorflow():
    code = ("import core.autoencoder, core.quality, sys; "
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=".")


# ----------------------------------------------------------------------------- data

def test_fallback_digits_look_like_mnist(digits):
    x_train, x_test, source = digits
    assert source == ("scikit-learn digits upsampled to 28x28 "
                      "(1,500 training images; MNIST unreachable)")
    assert x_train.shape == (1500, 784) and x_test.shape == (297, 784)
    assert x_train.dtype == np.float32 and x_test.dtype == np.float32
    both = np.concatenate([x_train, x_test]).reshape(-1, 28, 28)
    assert both.min() == 0.0 and both.max() == 1.0
    # Centred in a 20x20 box like MNIST: a 4-pixel black frame.
    frame = np.ones((28, 28), bool)
    frame[4:24, 4:24] = False
    assert not both[:, frame].any()
    # Same digits, same order as scikit-learn: shrinking back gives the 8x8 originals.
    from sklearn.datasets import load_digits

    originals = load_digits().images / 16
    shrunk = np.stack([cv2.resize(image[4:24, 4:24], (8, 8), interpolation=cv2.INTER_AREA)
                       for image in both])
    assert np.abs(shrunk - originals).mean() < 0.05
    assert np.abs(shrunk[1500] - originals[1500]).mean() < np.abs(shrunk[1500] - originals[1499]).mean()


def test_loader_falls_back_when_the_download_fails(monkeypatch, keras):
    monkeypatch.setattr(ae, "_mnist_is_cached", lambda: False)
    monkeypatch.setattr(ae, "_mnist_reachable", lambda timeout: True)

    def broken():
        raise OSError("URL fetch failure: connection reset")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", broken)
    x_train, x_test, source = ae.load_digits_dataset()
    assert source.startswith("scikit-learn digits") and "MNIST download failed" in source
    assert x_train.shape == (1500, 784)


def _hang_until(release: threading.Event, finished: threading.Event):
    """A stand-in for a network call that only returns once the test releases it."""
    def hanging(*args, **kwargs):
        release.wait(30)
        finished.set()

    return hanging


def test_loader_gives_up_on_a_slow_download(monkeypatch, keras):
    release, finished = threading.Event(), threading.Event()
    monkeypatch.setattr(ae, "_mnist_is_cached", lambda: True)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", _hang_until(release, finished))
    try:
        x_train, _, source = ae.load_digits_dataset(download_timeout=0.3)
        # It answered with the fallback while the download was still hanging.
        assert not finished.is_set()
    finally:
        release.set()
    assert "took over 0.3 s" in source and len(x_train) == 1500


def test_loader_converts_mnist(monkeypatch, keras, rng):
    train_images = rng.integers(0, 256, (120, 28, 28), dtype=np.uint8)
    train_images[0, 0, 0], train_images[0, 0, 1] = 0, 255
    test_images = rng.integers(0, 256, (30, 28, 28), dtype=np.uint8)
    labels = np.zeros(120, np.uint8), np.zeros(30, np.uint8)
    monkeypatch.setattr(ae, "_mnist_is_cached", lambda: False)
    monkeypatch.setattr(ae, "_mnist_reachable", lambda timeout: True)
    monkeypatch.setattr(keras.datasets.mnist, "load_data",
                        lambda: ((train_images, labels[0]), (test_images, labels[1])))
    x_train, x_test, source = ae.load_digits_dataset()
    assert source == "MNIST (120 training images)"
    assert x_train.dtype == np.float32 and x_train.shape == (120, 784) and x_test.shape == (30, 784)
    np.testing.assert_array_equal(x_train, train_images.reshape(120, 784) / np.float32(255))
    np.testing.assert_array_equal(x_test[7].reshape(28, 28), test_images[7] / np.float32(255))
    assert x_train[0, 0] == 0.0 and x_train[0, 1] == 1.0


def test_loader_rejects_a_malformed_mnist(monkeypatch, keras):
    monkeypatch.setattr(ae, "_mnist_is_cached", lambda: True)
    bad = np.zeros((5, 32, 32), np.uint8)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: ((bad, None), (bad, None)))
    assert "MNIST download failed" in ae.load_digits_dataset()[2]


def test_reachability_probe_says_no_offline(monkeypatch):
    # ".invalid" never resolves (RFC 2606).
    monkeypatch.setattr(ae, "MNIST_URL", "https://image-lab-test.invalid/mnist.npz")
    assert ae._mnist_reachable(timeout=5) is False


def test_reachability_probe_is_bounded_even_if_the_network_hangs(monkeypatch):
    release, finished = threading.Event(), threading.Event()
    monkeypatch.setattr(ae.urllib.request, "urlopen", _hang_until(release, finished))
    try:
        assert ae._mnist_reachable(timeout=0.3) is False
        assert not finished.is_set()  # it answered while the connection still hung
    finally:
        release.set()


def test_loader_rejects_bad_timeouts():
    with pytest.raises(ValueError, match="positive"):
        ae.load_digits_dataset(timeout=0)


# ----------------------------------------------------------------------------- architecture

def test_architecture_is_the_tutorials(keras):
    model = ae.build_autoencoder()
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    assert [layer.units for layer in dense] == [392, 196, 392, 784]
    assert [layer.activation.__name__ for layer in dense] == ["relu", "relu", "relu", "linear"]
    assert model.count_params() == 770_084
    assert model.input_shape == (None, 784) and model.output_shape == (None, 784)
    for layer in dense:
        initializer = layer.kernel_initializer
        assert isinstance(initializer, keras.initializers.VarianceScaling)
        assert (initializer.scale, initializer.mode, initializer.distribution) == (
            2.0, "fan_in", "truncated_normal")
        np.testing.assert_array_equal(layer.bias.numpy(), 0.0)
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.01)
    assert model.loss == "mse"


def test_initial_weights_have_he_spread():
    model = ae.build_autoencoder()
    kernel = model.get_layer("hidden1").kernel.numpy()
    expected_sd = np.sqrt(2.0 / 784)
    assert kernel.std() == pytest.approx(expected_sd, rel=0.03)
    # Truncated at two (pre-truncation) standard deviations.
    assert np.abs(kernel).max() <= 2 * expected_sd / 0.87962566103423978 + 1e-6
    again = ae.build_autoencoder().get_layer("hidden1").kernel.numpy()
    np.testing.assert_array_equal(kernel, again)
    other = ae.build_autoencoder(seed=1).get_layer("hidden1").kernel.numpy()
    assert not np.array_equal(kernel, other)


def test_decoder_mirrors_any_encoder(keras):
    model = ae.build_autoencoder(hidden=(64, 32, 8), learning_rate=0.001)
    assert [layer.units for layer in model.layers[1:]] == [64, 32, 8, 32, 64, 784]
    sizes = [784, 64, 32, 8, 32, 64, 784]
    assert model.count_params() == sum(a * b + b for a, b in zip(sizes, sizes[1:]))
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.001)
    single = ae.build_autoencoder(hidden=[30])
    assert [layer.units for layer in single.layers[1:]] == [30, 784]


@pytest.mark.parametrize("hidden", [(), (392, 0), (392.5, 196), "abc", 196, (None,)])
def test_build_rejects_bad_layer_sizes(hidden):
    with pytest.raises(ValueError, match="hidden"):
        ae.build_autoencoder(hidden=hidden)


@pytest.mark.parametrize("learning_rate", [0, -0.01, float("nan"), float("inf"), "0.01"])
def test_build_rejects_bad_learning_rates(learning_rate):
    with pytest.raises(ValueError, match="learning rate"):
        ae.build_autoencoder(learning_rate=learning_rate)


# ----------------------------------------------------------------------------- training

def test_loss_falls_over_five_epochs(trained):
    _, losses, _, _ = trained
    assert len(losses) == 5 and all(np.isfinite(losses))
    assert losses[-1] < 0.5 * losses[0]
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))


def test_epoch_callback_fires_once_per_epoch_with_the_returned_loss(trained):
    _, losses, epochs_seen, _ = trained
    assert [epoch for epoch, _ in epochs_seen] == [1, 2, 3, 4, 5]
    assert [loss for _, loss in epochs_seen] == losses


def test_batch_callback_reports_progress_to_the_end(trained):
    _, _, _, progress = trained
    done = [step for step, _ in progress]
    assert all(total == 50 for _, total in progress)  # 500 images / 50 per batch * 5 epochs
    assert done == sorted(set(done)) and done[-1] == 50


def test_training_is_repeatable_and_leaves_the_data_alone(digits):
    x = digits[0][:300].copy()
    x.flags.writeable = False
    runs = [ae.train(ae.build_autoencoder(hidden=(64, 16)), x, epochs=2, batch_size=64)
            for _ in range(2)]
    np.testing.assert_allclose(runs[0], runs[1], rtol=1e-5)
    np.testing.assert_array_equal(x, digits[0][:300])
    other = ae.train(ae.build_autoencoder(hidden=(64, 16)), x, epochs=2, batch_size=64, seed=7)
    assert other != runs[0]


def test_a_last_partial_batch_is_trained(digits):
    progress = []
    losses = ae.train(ae.build_autoencoder(hidden=(32, 8)), digits[0][:130], epochs=2,
                      batch_size=50, on_batch_end=lambda done, total: progress.append((done, total)))
    assert len(losses) == 2
    assert progress == [(3, 6), (6, 6)]  # 3 batches per epoch (50, 50, 30), run as one group


def test_train_rejects_bad_input(digits):
    model = ae.build_autoencoder(hidden=(16, 4))
    x = digits[0][:20]
    with pytest.raises(ValueError, match=r"\(N, 784\)"):
        ae.train(model, x[:, :100])
    with pytest.raises(ValueError, match=r"\(N, 784\)"):
        ae.train(model, x[:0])
    bad = x.copy()
    bad[3, 5] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        ae.train(model, bad)
    for name, value in (("epochs", 0), ("batch_size", 0), ("epochs", 2.5)):
        with pytest.raises(ValueError, match=name):
            ae.train(model, x, **{name: value})


# ----------------------------------------------------------------------------- using the model

def test_encode_decode_reconstruct_agree_with_keras(trained, digits):
    model = trained[0]
    x = digits[1][:40]
    codes = ae.encode(model, x)
    assert codes.shape == (40, 196) and codes.dtype == np.float32 and codes.min() >= 0
    rebuilt = ae.reconstruct(model, x)
    np.testing.assert_allclose(rebuilt, model.predict(x, verbose=0), atol=1e-5)
    np.testing.assert_allclose(ae.decode(model, codes), rebuilt, atol=1e-6)
    encoder, decoder = ae.split_autoencoder(model)
    np.testing.assert_allclose(encoder.predict(x, verbose=0), codes, atol=1e-5)
    np.testing.assert_allclose(decoder.predict(codes, verbose=0), rebuilt, atol=1e-5)
    assert decoder.layers[-1] is model.get_layer("outputs")  # shared, not copied
    # Even after this short training, unseen digits come back closer than the mean digit.
    errors = ae.per_image_mse(x, rebuilt)
    baseline = ae.per_image_mse(x, np.broadcast_to(digits[0].mean(axis=0), x.shape))
    assert errors.mean() < 0.85 * baseline.mean()


def test_encode_handles_more_rows_than_one_chunk(monkeypatch, trained, digits):
    model = trained[0]
    x = digits[0][:50]
    monkeypatch.setattr(ae, "_CHUNK_ROWS", 16)
    np.testing.assert_allclose(ae.encode(model, x), model.get_layer("code")(
        model.get_layer("hidden1")(x)).numpy(), atol=1e-5)


def test_using_the_model_rejects_bad_input(trained):
    model = trained[0]
    with pytest.raises(ValueError, match=r"\(N, 784\)"):
        ae.encode(model, np.zeros((2, 28, 28), np.float32))
    with pytest.raises(ValueError, match=r"\(N, 196\)"):
        ae.decode(model, np.zeros((2, 195), np.float32))
    with pytest.raises(ValueError, match="build_autoencoder"):
        ae.encode(ae._import_keras().Sequential([ae._import_keras().Input((784,))]),
                  np.zeros((1, 784), np.float32))


def test_interpolation_runs_from_one_digit_to_the_other(trained, digits):
    model = trained[0]
    first, second = digits[1][0], digits[1][1]
    path = ae.interpolate_codes(model, first, second, steps=7)
    assert path.shape == (7, 784) and path.dtype == np.float32
    ends = ae.reconstruct(model, np.stack([first, second]))
    np.testing.assert_allclose(path[[0, -1]], ends, atol=1e-5)
    middle_code = ae.encode(model, np.stack([first, second])).mean(axis=0, keepdims=True)
    np.testing.assert_allclose(path[3], ae.decode(model, middle_code)[0], atol=1e-5)
    with pytest.raises(ValueError, match="steps"):
        ae.interpolate_codes(model, first, second, steps=1)


# ----------------------------------------------------------------------------- code storage

def test_quantize_code_sizes_and_errors(rng):
    code = (rng.random((10, 196)) * 8).astype(np.float32)
    same, n32 = ae.quantize_code(code, "float32")
    np.testing.assert_array_equal(same, code)
    half, n16 = ae.quantize_code(code, "float16")
    np.testing.assert_array_equal(half, code.astype(np.float16).astype(np.float32))
    byte, n8 = ae.quantize_code(code, "uint8")
    assert (n32, n16, n8) == (784, 392, 204)
    step = (code.max(axis=1) - code.min(axis=1)) / 255
    assert (np.abs(byte - code).max(axis=1) <= step / 2 + 1e-6).all()
    np.testing.assert_allclose(byte.min(axis=1), code.min(axis=1), atol=1e-6)
    np.testing.assert_allclose(byte.max(axis=1), code.max(axis=1), rtol=1e-6)
    assert ae.quantize_code(code, "float32")[0] is not code  # the caller's array is not handed back


def test_quantize_code_edge_cases():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        constant, _ = ae.quantize_code(np.full((2, 5), 3.5, np.float32), "uint8")
        zeros, _ = ae.quantize_code(np.zeros((1, 196), np.float32), "uint8")
        huge, _ = ae.quantize_code(np.array([[1e6, -1e6, 1.0]], np.float32), "float16")
    np.testing.assert_array_equal(constant, 3.5)
    np.testing.assert_array_equal(zeros, 0.0)
    assert np.isfinite(huge).all() and huge[0, 0] == np.finfo(np.float16).max
    with pytest.raises(ValueError, match="precision"):
        ae.quantize_code(np.zeros((1, 4), np.float32), "int4")
    with pytest.raises(ValueError, match=r"\(N, k\)"):
        ae.quantize_code(np.zeros(4, np.float32))
    with pytest.raises(ValueError, match="NaN"):
        ae.quantize_code(np.array([[np.nan, 1.0]]))


@settings(max_examples=40, deadline=None)
@given(arrays(np.float32, st.tuples(st.integers(1, 4), st.integers(1, 40)),
              elements=st.floats(0, 100, width=32)))
def test_uint8_quantisation_error_is_at_most_half_a_step(code):
    restored, n_bytes = ae.quantize_code(code, "uint8")
    assert restored.shape == code.shape and restored.dtype == np.float32
    assert n_bytes == code.shape[1] + 8
    step = (code.max(axis=1, keepdims=True) - code.min(axis=1, keepdims=True)) / 255
    assert (np.abs(restored - code) <= step / 2 + 1e-4 * (1 + np.abs(code))).all()


def test_image_helpers(photo_rgb):
    pictures = ae.to_digit_images(np.array([[-0.2, 0.0, 0.5, 1.0, 1.7] + [0.25] * 779], np.float32))
    assert pictures.shape == (1, 28, 28) and pictures.dtype == np.uint8
    assert pictures[0, 0, :5].tolist() == [0, 0, 128, 255, 255]
    vector = ae.picture_to_digit(photo_rgb)
    assert vector.shape == (1, 784) and vector.dtype == np.float32
    expected = cv2.resize(cv2.cvtColor(photo_rgb, cv2.COLOR_RGB2GRAY), (28, 28),
                          interpolation=cv2.INTER_AREA) / 255
    np.testing.assert_allclose(vector.reshape(28, 28), expected, atol=1.5 / 255)
    np.testing.assert_allclose(ae.picture_to_digit(photo_rgb, invert=True), 1 - vector, atol=1e-6)
    assert ae.picture_to_digit(np.zeros((1, 1), np.uint8)).shape == (1, 784)
    with pytest.raises(ImageError):
        ae.picture_to_digit(np.zeros((5, 5), np.float32))
    np.testing.assert_allclose(ae.per_image_mse(np.zeros((2, 3)), np.ones((2, 3)) * [[1], [2]]),
                               [1.0, 4.0])
    with pytest.raises(ValueError, match="same shape"):
        ae.per_image_mse(np.zeros((2, 3)), np.zeros((3, 2)))


# ----------------------------------------------------------------------------- showing codes

@pytest.mark.parametrize("size, shape", [(196, (14, 14)), (392, (14, 28)), (98, (7, 14)),
                                         (16, (4, 4)), (32, (4, 8)), (1, (1, 1)), (2, (1, 2)),
                                         (17, (4, 5)), (3, (2, 2))])
def test_code_grid_shape(size, shape):
    rows, columns = ae.code_grid_shape(size)
    assert (rows, columns) == shape
    assert rows * columns >= size and columns <= 2 * rows


def test_code_grid_shape_rejects_nonsense():
    for size in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="at least one number"):
            ae.code_grid_shape(size)


def test_code_tiles_share_one_scale_and_pad_black():
    codes = np.array([np.arange(17), np.zeros(17)], np.float32)
    tiles = ae.code_tiles(codes)
    assert tiles.shape == (2, 4, 5) and tiles.dtype == np.uint8
    assert tiles[0].ravel()[16] == 255 and tiles[0].ravel()[0] == 0
    assert tiles[0].ravel()[17:].tolist() == [0, 0, 0]  # the cells beyond the code
    assert not tiles[1].any()
    assert not ae.code_tiles(np.zeros((1, 4), np.float32)).any()  # no division by zero
    with pytest.raises(ValueError, match=r"\(N, k\)"):
        ae.code_tiles(np.array([[np.inf, 1.0]]))


def test_decoder_bytes_count_the_decoder_only(trained):
    # 196 -> 392 -> 784: (196 * 392 + 392) + (392 * 784 + 784) float32 numbers.
    assert ae.decoder_bytes(trained[0]) == 4 * (196 * 392 + 392 + 392 * 784 + 784)


# ----------------------------------------------------------------------------- compression

def test_compare_with_jpeg_scores_every_method_at_the_codes_size(trained, digits):
    model, x = trained[0], digits[1][:4]
    results = ae.compare_with_jpeg(model, x)
    assert [(r.method, r.precision) for r in results] == [
        (method, precision) for precision in ae.CODE_PRECISIONS
        for method in ("autoencoder", "jpeg-file", "jpeg-payload")]
    originals = ae.to_digit_images(x)
    for result in results:
        assert result.budget == {"float32": 784, "float16": 392, "uint8": 204}[result.precision]
        assert result.images.shape == (4, 28, 28) and result.images.dtype == np.uint8
        assert result.psnr.shape == result.ssim.shape == result.n_bytes.shape == (4,)
        expected = [ae.psnr(a, b) for a, b in zip(originals, result.images)]
        np.testing.assert_allclose(result.psnr, expected)
        assert result.mean_psnr == pytest.approx(np.mean(expected))
        assert (result.quality is None) == (result.method == "autoencoder")
    code32 = results[0]
    np.testing.assert_array_equal(code32.images, ae.to_digit_images(ae.reconstruct(model, x)))
    payload204 = results[-1]
    assert payload204.fits and (payload204.quality > 50).all()  # the tables left out
    whole204 = results[-2]
    assert (whole204.quality < 20).all()  # headers eat most of 204 bytes


def _fake(method, psnr_value, n_bytes=204, precision="uint8"):
    return ae.CodecResult(method, precision, 204, np.zeros((2, 28, 28), np.uint8),
                          np.full(2, n_bytes), np.full(2, psnr_value), np.full(2, 0.5))


@pytest.mark.parametrize("code, whole, payload, verdict", [
    (30.0, 10.0, 20.0, "the autoencoder beats JPEG both ways"),
    (15.0, 20.0, 40.0, "JPEG wins both ways"),
    (20.0, 10.0, 40.0, "the autoencoder beats the whole file but loses to the payload"),
    (20.0, 20.2, 19.8, "the two are about level"),
    (20.0, 20.2, 40.0, "the autoencoder ties with the whole file but loses to the payload"),
])
def test_verdict_follows_the_numbers(code, whole, payload, verdict):
    sentence = ae.compression_verdict(
        [_fake("autoencoder", code), _fake("jpeg-file", whole), _fake("jpeg-payload", payload)])
    assert sentence.startswith("At 204 bytes per digit, the 8-bit quantized code reconstructs "
                               "these 2 digits with a mean PSNR of ")
    assert f": {verdict} — " in sentence
    assert f"{code:.1f} dB" in sentence and f"{payload:.1f} dB" in sentence
    assert sentence.count(".") >= 3 and sentence.endswith("learned from.")


def test_verdict_says_when_jpeg_cannot_fit_and_when_nothing_is_lost():
    sentence = ae.compression_verdict(
        [_fake("autoencoder", 20.0), _fake("jpeg-file", 25.0, n_bytes=310),
         _fake("jpeg-payload", np.inf)])
    assert "even at quality 1 a whole file takes up to 310 bytes" in sentence
    assert "∞ dB (lossless)" in sentence
    with pytest.raises(ValueError, match="float16"):
        ae.compression_verdict([_fake("autoencoder", 20.0)], "float16")


# ----------------------------------------------------------------------------- framing

def test_frame_like_mnist_crops_fits_and_centres_the_bright_part():
    paper = np.full((300, 200), 40, np.uint8)  # a grey background, as in a photo of paper
    paper[30:270, 120:160] = 220  # a tall bright stroke, off centre
    framed = ae.frame_like_mnist(paper)
    assert framed.shape == (28, 28) and framed.dtype == np.uint8
    rows, columns = np.nonzero(framed)
    assert (rows.min(), rows.max()) == (4, 23)  # 20 rows, centred
    assert columns.max() - columns.min() + 1 == round(40 * 20 / 240)
    assert abs((columns.min() + columns.max()) / 2 - 13.5) <= 1
    assert framed.max() == 255 and framed[0].max() == 0  # background made black


def test_frame_like_mnist_enlarges_small_digits_and_leaves_flat_pictures_alone():
    tiny = np.zeros((50, 50), np.uint8)
    tiny[20:25, 22:24] = 255
    assert np.count_nonzero(ae.frame_like_mnist(tiny)[:, 13:15].max(axis=1)) == 20
    flat = np.full((40, 40), 100, np.uint8)
    flat[0, 0] = 110  # under 16 levels of contrast: nothing to frame
    np.testing.assert_array_equal(ae.frame_like_mnist(flat),
                                  cv2.resize(flat, (28, 28), interpolation=cv2.INTER_AREA))
    assert ae.frame_like_mnist(np.full((1, 1), 7, np.uint8)).shape == (28, 28)
    with pytest.raises(ValueError, match="grey uint8"):
        ae.frame_like_mnist(np.zeros((4, 4, 3), np.uint8))


def test_picture_to_digit_frames_a_dark_on_light_digit(photo_rgb):
    page = np.full((120, 90, 3), 250, np.uint8)
    cv2.putText(page, "7", (20, 100), cv2.FONT_HERSHEY_SIMPLEX, 3, (10, 10, 10), 8)
    framed = ae.picture_to_digit(page, invert=True, frame=True).reshape(28, 28)
    assert framed[:4].max() == 0 and framed[-4:].max() == 0  # MNIST's black margins
    assert framed.max() == 1.0
    squashed = ae.picture_to_digit(page, invert=True).reshape(28, 28)
    assert not np.array_equal(framed, squashed)
    assert ae.picture_to_digit(photo_rgb, frame=True).shape == (1, 784)
