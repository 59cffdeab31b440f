"""The Autoencoder page in AppTest: nothing trains (or imports TensorFlow) on load, training with
tiny settings runs to the end, the model is shared and reused, every section and widget works.

Settings are swept without training; models are trained only twice, with tiny settings, so the
TensorFlow part stays well under a minute (most of it TensorFlow's own import).
"""

from __future__ import annotations

import gc
import re
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from core import autoencoder as ae
from tests.app.helpers import assert_healthy, choose, open_page, sweep_widgets
from tests.corpus import good_files

PAGE = "pages/autoencoder.py"
ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ("epochs", "batch_size", "learning_rate", "bottleneck", "train_images")
# 100 images in batches of 50 for 2 epochs: 4 weight updates, about a second of training.
TINY = {"epochs": "2", "train_images": "100", "batch_size": "50", "bottleneck": "196"}
TINIER = {"epochs": "1", "train_images": "100", "batch_size": "100", "bottleneck": "8"}


@pytest.fixture(scope="module", autouse=True)
def offline():
    """The digits come from scikit-learn, as on this machine: no download attempt in tests."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ae, "_mnist_is_cached", lambda: False)
        patch.setattr(ae, "_mnist_reachable", lambda timeout: False)
        yield


def texts(at, kind: str = "markdown") -> list[str]:
    return [element.value for element in getattr(at, kind)]


def joined(at) -> str:
    return "\n".join(texts(at) + texts(at, "caption") + texts(at, "info") + texts(at, "warning"))


def image_captions(at) -> list[list[str]]:
    return [element.captions for element in at.main.get("image")]


def train(at):
    at.button(key="train").click().run()
    assert_healthy(at)
    return at


@pytest.fixture(scope="module")
def trained():
    """One AppTest session that pressed Train with the tiny settings."""
    return train(open_page(PAGE, TINY))


# ----------------------------------------------------------------------------- before training

PROBE = """
import sys
sys.path.insert(0, {root!r})
from tests.app.helpers import open_page, sweep_widgets
at = open_page("pages/autoencoder.py")
assert not at.exception, [e.value for e in at.exception]
runs = sweep_widgets(at)
assert runs >= 10, runs
heavy = [name for name in ("tensorflow", "keras", "sklearn") if name in sys.modules]
print("HEAVY=" + ",".join(heavy))
"""


def test_opening_the_page_and_moving_its_settings_imports_neither_tensorflow_nor_the_data():
    # A fresh interpreter: in this one, other tests may already have imported TensorFlow.
    completed = subprocess.run([sys.executable, "-c", PROBE.format(root=str(ROOT))], cwd=ROOT,
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "HEAVY=\n" in completed.stdout + "\n", completed.stdout


def test_renders_without_training():
    at = open_page(PAGE)
    assert at.title[0].value == "Autoencoder"
    assert at.button(key="train")
    assert "No model is trained with these settings yet" in joined(at)
    assert at.main.get("plotly_chart")  # the network's layer sizes
    assert not at.main.get("image")  # no results without a model
    assert at.main.code  # "show the code"
    assert "loaded when you first press Train" in joined(at)


def test_every_setting_at_both_ends_without_training():
    at = open_page(PAGE)
    assert sweep_widgets(at) >= 10  # five sliders at two ends each
    assert "No model is trained with these settings yet" in joined(at)
    assert not at.main.get("image")


def test_url_sets_the_settings_and_bad_values_fall_back():
    at = open_page(PAGE, {"epochs": "12", "batch_size": "60", "learning_rate": "0.001",
                          "bottleneck": "49", "train_images": "300"})
    assert at.slider(key="epochs").value == 12
    assert at.slider(key="batch_size").value == 60
    assert at.select_slider(key="learning_rate").value == 0.001
    assert at.select_slider(key="bottleneck").value == 49
    assert at.select_slider(key="train_images").value == "300"
    assert at.select_slider(key="bottleneck").label == "Code size (bottleneck)"
    at = open_page(PAGE, {"epochs": "1e9", "batch_size": "abc", "learning_rate": "7",
                          "bottleneck": "195", "train_images": "-1"})
    assert at.slider(key="epochs").value == 20  # clamped
    assert at.slider(key="batch_size").value == 150
    assert at.select_slider(key="learning_rate").value == 0.01
    assert at.select_slider(key="bottleneck").value == 196
    assert at.select_slider(key="train_images").value == "all"
    assert_healthy(at)


# ----------------------------------------------------------------------------- training

def test_train_runs_to_the_end_and_shows_the_reconstructions(trained):
    text = joined(trained)
    assert "Trained just now" in text and "100 training images, 4 weight updates" in text
    assert "scikit\\-learn digits upsampled to 28x28" in text  # the data source, shown
    originals, outputs, tiles = image_captions(trained)[:3]
    assert originals == [f"#{i}" for i in range(10)]
    assert len(outputs) == 10 and all(re.fullmatch(r"MSE \d\.\d{4}", c) for c in outputs)
    assert tiles == [f"code of #{i}" for i in range(10)]
    assert "shown as a 14×14 tile" in text
    assert trained.main.get("plotly_chart")  # the loss curve
    assert trained.main.get("download_button")
    assert "Barely trained" in text  # 4 updates cannot learn much, and the page says so
    # TensorFlow's objects are frozen out of the garbage collection Streamlit runs after every
    # script run (it cost 200-400 ms per slider move on every page).
    assert gc.get_freeze_count() > 100_000


def test_pressing_train_again_reuses_the_model(trained, monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("the model was trained again")

    monkeypatch.setattr(ae, "train", no_training)
    train(trained)
    assert "Reused, not retrained: this model was trained" in joined(trained)
    # Another visitor with the same settings sees it at once, without pressing anything.
    visitor = open_page(PAGE, TINY)
    assert "kept for every visitor with the same settings" in joined(visitor)
    assert len(image_captions(visitor)) >= 3


def test_changing_a_setting_keeps_showing_the_last_model_and_says_so(trained):
    trained.slider(key="epochs").set_value(3).run()
    assert_healthy(trained)
    assert "Showing the model trained with 784-392-196-392-784, 2 epochs" in joined(trained)
    assert len(image_captions(trained)) >= 3
    trained.slider(key="epochs").set_value(2).run()
    assert "Showing the model trained with" not in joined(trained)


def test_reconstructions_widgets_at_both_ends(trained):
    choose(trained, "section", "Reconstructions")
    assert sweep_widgets(trained, skip=SETTINGS) >= 2
    trained.slider(key="digits_from").set_value(trained.slider(key="digits_from").max).run()
    last = 297 - 10
    assert image_captions(trained)[0] == [f"#{i}" for i in range(last, last + 10)]
    trained.slider(key="digits_from").set_value(0).run()


def test_interpolation_slider_ends_and_digit_choice(trained):
    choose(trained, "section", "Interpolation")
    # By hand rather than by sweep_widgets: the ends themselves (the data's size) are checked.
    digits = ("first_digit", "second_digit")
    for key in digits:
        widget = trained.number_input(key=key)
        assert (widget.min, widget.max) == (0, 296)
        for value in (widget.min, widget.max, widget.value):
            trained.number_input(key=key).set_value(value).run()
            assert_healthy(trained)
    assert sweep_widgets(trained, skip=SETTINGS + digits) >= 2  # the slider
    slider = trained.slider(key="position")
    assert (slider.min, slider.max) == (0, 10)
    slider.set_value(0).run()
    assert image_captions(trained)[0][1] == "decoded code, t = 0.0"
    trained.slider(key="position").set_value(10).run()
    big, codes, pixels = image_captions(trained)[:3]
    assert big == ["#2", "decoded code, t = 1.0", "pixel blend, t = 1.0", "#3"]
    assert len(codes) == len(pixels) == 11 and codes[-1] == "t = 1.0 ◀"
    trained.number_input(key="first_digit").set_value(296).run()
    assert image_captions(trained)[0][0] == "#296"
    assert_healthy(trained)


def test_compression_comparison_with_a_conclusion_drawn_from_the_table(trained):
    choose(trained, "section", "Compression vs JPEG")
    table = trained.dataframe[0].value
    assert len(table) == 9
    assert list(table["budget (bytes)"]) == [784] * 3 + [392] * 3 + [204] * 3
    assert list(table["method"])[6:] == ["Autoencoder code (8-bit quantized)",
                                         "JPEG, whole file", "JPEG, payload only"]
    conclusion = next(text for text in texts(trained) if text.startswith("**Conclusion.**"))
    code, whole, payload = table["PSNR (dB, mean)"].iloc[6:9]
    assert "At 204 bytes per digit, the 8-bit quantized code" in conclusion
    assert f"mean PSNR of {code:.1f} dB" in conclusion
    assert f"{payload:.1f} dB" in conclusion and f"{whole:.1f} dB" in conclusion
    assert "JPEG counting its payload only" in conclusion and "whole JPEG files" in conclusion
    assert len(image_captions(trained)) == 4  # originals, the code, JPEG twice
    for precision, budget in (("float32", 784), ("float16", 392), ("uint8", 204)):
        choose(trained, "precision", precision)
        conclusion = next(t for t in texts(trained) if t.startswith("**Conclusion.**"))
        assert f"At {budget} bytes per digit" in conclusion
    assert sweep_widgets(trained, skip=SETTINGS) >= 1  # the per-digit toggle
    trained.toggle(key="per_digit").set_value(True).run()
    assert "SSIM" in image_captions(trained)[1][0]
    assert "about 180 bytes on headers" in joined(trained)


def test_your_picture_with_the_sample_a_one_pixel_a_constant_and_a_colour_picture(trained):
    choose(trained, "section", "Your picture")
    assert sweep_widgets(trained, skip=SETTINGS) >= 2  # invert, frame
    captions = image_captions(trained)[-1]
    assert captions[0] == "framed in 28×28" and captions[1].startswith("autoencoder: ")
    assert captions[2].startswith("JPEG, 204 B: ")
    trained.toggle(key="frame").set_value(False).run()
    assert image_captions(trained)[-1][0] == "squashed to 28×28"
    trained.toggle(key="frame").set_value(True).run()
    assert "data-specific nature" in joined(trained)
    constant = cv2.imencode(".png", np.full((40, 30), 128, np.uint8))[1].tobytes()
    for name, data in (("one_pixel.png", good_files()["one_pixel.png"][0]),
                       ("constant.png", constant), ("rgb.png", good_files()["rgb.png"][0])):
        trained.sidebar.get("file_uploader")[0].upload(name, data, "image/png").run()
        assert_healthy(trained)
        assert "data-specific nature" in joined(trained)
        trained.toggle(key="invert").set_value(True).run()
        assert_healthy(trained)
        trained.toggle(key="invert").set_value(False).run()


def test_a_tiny_bottleneck_trains_and_shows_its_code_as_a_rectangle():
    at = train(open_page(PAGE, TINIER))
    assert "the 8 numbers of each digit shown as a 2×4 tile" in joined(at)
    choose(at, "section", "Compression vs JPEG")
    table = at.dataframe[0].value
    assert list(table["budget (bytes)"])[-1] == 16  # 8 numbers + min and max
    conclusion = next(t for t in texts(at) if t.startswith("**Conclusion.**"))
    assert "even at quality 1 a whole file takes up to" in conclusion  # JPEG cannot fit 16 B
    assert "(over!)" in "".join(table["bytes used (mean)"])


def test_out_of_range_digit_choices_in_the_url_are_clamped_to_the_data(trained):
    at = open_page(PAGE, TINY | {"section": "Interpolation", "first_digit": "99999",
                                 "second_digit": "-5", "position": "42"})
    assert at.number_input(key="first_digit").value == 296  # the fallback has 297 test digits
    assert at.number_input(key="second_digit").value == 0
    assert at.slider(key="position").value == 10
    at = open_page(PAGE, TINY | {"digits_from": "5000"})
    assert at.slider(key="digits_from").value == 287
    assert_healthy(at)

