"""ui.autoencoder_view without a Streamlit runtime: its figures, texts and digit pictures, and
that importing it costs no TensorFlow."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from core import autoencoder as ae
from ui import autoencoder_view as view

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = view.Settings(epochs=2, batch_size=50, learning_rate=0.001, bottleneck=49,
                         train_images=100)


def test_importing_the_view_imports_neither_tensorflow_nor_scikit_learn():
    probe = ("import sys; import ui.autoencoder_view; "
             "print(','.join(m for m in ('tensorflow', 'keras', 'sklearn') if m in sys.modules))")
    completed = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                               text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.strip() == ""


def test_loss_figure_has_one_point_per_epoch_on_an_axis_as_long_as_the_training():
    figure = view.loss_figure([0.3, 0.2, 0.1], epochs=12)
    assert isinstance(figure, go.Figure)
    (trace,) = figure.data
    assert trace.type == "scatter" and trace.mode == "lines+markers"
    assert list(trace.x) == [1, 2, 3] and list(trace.y) == [0.3, 0.2, 0.1]
    assert figure.layout.title.text == "Loss (mean squared error) after each epoch"
    assert list(figure.layout.xaxis.range) == [0.5, 12.5]
    assert figure.layout.xaxis.dtick == 2  # every epoch labelled only up to 10
    assert view.loss_figure([0.3], epochs=5).layout.xaxis.dtick == 1
    assert figure.layout.yaxis.title.text == "loss"


def test_architecture_figure_is_an_hourglass_centred_on_zero():
    figure = view.architecture_figure(SETTINGS)
    (bars,) = figure.data
    assert bars.type == "bar"
    assert list(bars.x) == ["input", "hidden", "code", "hidden", "output"]
    assert list(bars.y) == [784, view.FIRST_HIDDEN, 49, view.FIRST_HIDDEN, 784]
    assert list(bars.base) == [-392.0, -196.0, -24.5, -196.0, -392.0]
    assert figure.layout.title.text == "The network: units per layer"
    assert figure.layout.yaxis.visible is False


def test_settings_describe_and_count_weight_updates():
    assert SETTINGS.hidden == (view.FIRST_HIDDEN, 49)
    assert SETTINGS.updates(100) == 4 and SETTINGS.updates(101) == 6  # a last, partial batch
    assert SETTINGS.describe() == ("784-392-49-392-784, 2 epochs, batches of 50, "
                                   "learning rate 0.001, 100 training images")


def test_texts():
    assert [view.describe_age(s) for s in (5, 600, 9000)] == ["5 s", "10 min", "2.5 h"]
    assert view.decibels(float("inf")) == "∞ dB" and view.decibels(23.456) == "23.5 dB"
    assert view.data_text(None).startswith("Data: loaded when you first press Train")
    assert view.data_text("a_b [x]") == "Data: a\\_b \\[x\\]"  # a source name is never markup
    labels = view.interpolation_labels(3)
    assert len(labels) == view.INTERPOLATION_STEPS
    assert labels[0] == "t = 0.0" and labels[3] == "t = 0.3 ◀" and labels[-1] == "t = 1.0"


def test_barely_trained_warning_only_for_a_weak_model_with_few_updates():
    trained = view.Trained(None, SETTINGS, "digits", 100, [0.1, 0.05], 1.0, 0.0)
    assert "4 weight updates" in view.barely_trained_text(trained, 0.03, 0.04)
    assert view.barely_trained_text(trained, 0.01, 0.04) is None  # well below the baseline
    many = view.Trained(None, view.Settings(20, 10, 0.01, 49, 0), "digits", 60_000, [0.1],
                        1.0, 0.0)
    assert view.barely_trained_text(many, 0.03, 0.04) is None  # trained long enough


def _result(method: str, quality=None, n_bytes=(200, 210)) -> ae.CodecResult:
    return ae.CodecResult(method=method, precision="uint8", budget=204,
                          images=np.zeros((2, 28, 28), np.uint8), n_bytes=np.array(n_bytes),
                          psnr=np.array([20.0, np.inf]), ssim=np.array([0.5, 1.0]),
                          quality=None if quality is None else np.array(quality))


def test_comparison_table_and_captions():
    results = [_result("autoencoder", n_bytes=(204, 204)), _result("jpeg-file", (3, 7)),
               _result("jpeg-payload", (9, 9))]
    table = view.comparison_table(results)
    assert table["method"] == ["Autoencoder code (8-bit quantized)", "JPEG, whole file",
                               "JPEG, payload only"]
    assert table["bytes used (mean)"] == ["204", "205 (over!)", "205 (over!)"]
    assert table["JPEG quality"] == ["–", "3–7", "9"]
    assert set(table) == {"method", "budget (bytes)", "bytes used (mean)", "JPEG quality",
                          "PSNR (dB, mean)", "SSIM (mean)"}
    assert view.result_captions(results[1], per_digit=False) == ["20.0 dB", "∞ dB"]
    assert view.result_captions(results[1], per_digit=True) == [
        "20.0 dB, SSIM 0.50, 200 B, q3", "∞ dB, SSIM 1.00, 210 B, q7"]
    assert view.result_captions(results[0], per_digit=True)[0] == "20.0 dB, SSIM 0.50, 204 B"


def test_reading_the_numbers_says_when_a_code_saves_nothing():
    budgets = {"float32": 784, "float16": 392, "uint8": 204}
    assert "no saving at all" in view.reading_the_numbers(196, budgets, 1234.0)
    assert "4.0× smaller" in view.reading_the_numbers(
        49, {"float32": 196, "float16": 98, "uint8": 57}, 1234.0)


def test_training_code_is_valid_python_with_the_settings():
    code = view.training_code(SETTINGS, start=20)
    ast.parse(code)
    assert "hidden=(392, 49), learning_rate=0.001" in code
    assert "x_train[:100]" in code and "x_test[20:30]" in code
    assert "x_train," in view.training_code(view.Settings(5, 150, 0.01, 196, 0), 0)


def test_digit_pictures_stay_pixel_exact():
    digits = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)
    big = view.zoomed(digits, 3)
    assert len(big) == 2 and big[0].shape == (84, 84)
    assert (big[1][::3, ::3] == digits[1]).all() and (big[1][2::3, 2::3] == digits[1]).all()
    tiles = view.enlarge(np.ones((3, 2, 4), np.uint8))
    assert tiles.shape == (3, 14, 28)  # the longer side brought to about 28
    picture = view.mosaic([digits, digits], gap=2)
    assert picture.shape == (2 * 32, 2 * 32) and picture[0, 0] == 0
