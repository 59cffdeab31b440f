"""The Segmentation page in AppTest: every section, every widget at both ends, the worked
example's numbers, odd pictures (constant, 1x1, two colours) and URL state."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from core import segmentation
from tests.app import helpers
from tests.app.helpers import assert_healthy, choose, open_page, sweep_widgets

PAGE = "pages/segmentation.py"
ROOT = Path(__file__).resolve().parents[2]


def upload(at, name: str, picture: np.ndarray):
    helpers.upload(at, name, picture)
    assert at.session_state["working_image"].name == name
    return at


def texts(at) -> str:
    return "\n".join(element.value for kind in ("markdown", "info", "caption")
                     for element in getattr(at.main, kind))


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.main.metric}


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.main.get("plotly_chart")]


def values(data) -> list:
    """A trace's array as a list: plotly sends numpy arrays as base64 ``bdata``."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), data["dtype"]).tolist()
    return list(data)


# --------------------------------------------------------------------------------------------
# Otsu threshold


def test_renders_with_defaults():
    at = open_page(PAGE)
    assert at.title[0].value == "Segmentation"
    assert at.segmented_control(key="section").value == "Otsu threshold"
    assert len(at.main.get("plotly_chart")) == 2  # before/after, histogram + sigma_b^2 curve
    assert at.main.get("download_button")
    assert at.main.code
    assert at.toggle(key="use_otsu").value is True
    assert at.toggle(key="otsu_reference").value is False
    assert "`gray > t` is the foreground" in texts(at)


def test_otsu_panel_uses_the_cores_threshold_and_marks_both_lines():
    at = open_page(PAGE)
    gray = at.session_state["working_image"].gray
    best = segmentation.otsu_threshold(gray)
    assert f"levels above {best}" in texts(at)
    figure = chart_specs(at)[1]
    lines = {round(shape["x0"]) for shape in figure["layout"]["shapes"]}
    assert lines == {best, 128}  # Otsu's line and the manual one, on both panels
    curve = segmentation.between_class_variance(gray)
    assert f"{(curve[best] - curve[128]) / curve[best] * 100:.1f} % below" in texts(at)


def test_moving_the_manual_slider_switches_to_it_and_writes_the_url():
    at = open_page(PAGE)
    at.slider(key="threshold").set_value(90).run()
    assert_healthy(at)
    assert at.toggle(key="use_otsu").value is False
    assert "levels above 90" in texts(at)
    assert at.query_params["threshold"] == "90"
    assert at.query_params["use_otsu"] == "false"
    at.toggle(key="use_otsu").set_value(True).run()
    assert "levels above 90" not in texts(at)
    assert "use_otsu" not in at.query_params


def test_otsu_section_every_widget_at_both_ends():
    at = open_page(PAGE)
    assert sweep_widgets(at) >= 4  # manual threshold (2 ends) and two toggles


def test_otsu_reference_check_agrees_with_opencv():
    at = open_page(PAGE)
    at.toggle(key="otsu_reference").set_value(True).run()
    assert_healthy(at)
    shown = metrics(at)
    assert shown["Ours"] == shown["OpenCV THRESH_OTSU"]
    assert shown["Difference"] == "0 levels"


# --------------------------------------------------------------------------------------------
# The worked example


def test_worked_example_numbers_match_the_core_for_every_t():
    at = open_page(PAGE)
    choose(at, "section", "Worked example")
    table = segmentation.otsu_table(segmentation.TUTORIAL_COUNTS)
    for t in range(5):
        at.slider(key="example_t").set_value(t).run()
        assert_healthy(at)
        shown = metrics(at)
        assert shown["w₀ (background share)"] == f"{table.w0[t]:.4f}"
        assert shown["μ₁ (foreground mean)"] == f"{table.mu1[t]:.4f}"
        assert shown["σ₀² (background variance)"] == f"{table.var0[t]:.4f}"
        assert shown[r"$\sigma_w^2$ (within-class)"] == f"{table.within[t]:.4f}"
        assert shown[r"$\sigma_b^2$ (between-class)"] == f"{table.between[t]:.4f}"


def test_worked_example_t_2_and_the_table():
    at = open_page(PAGE, {"section": "Worked example"})
    assert at.slider(key="example_t").value == 2
    shown = metrics(at)
    assert shown[r"$\sigma_b^2$ (between-class)"] == f"{13225 / 7581:.4f}" == "1.7445"
    assert shown[r"$\sigma_w^2$ (within-class)"] == f"{239 / 399:.4f}"
    assert shown["w₀ (background share)"] == f"{24 / 38:.4f}"
    frame = at.main.dataframe[0].value
    assert len(frame) == 5  # t = 0..4; t = 5 leaves the foreground empty
    assert list(frame.loc[frame["Otsu"] != "", "t"]) == [1]
    assert frame["between-class σ²"].idxmax() == frame.index[frame["t"] == 1][0]
    text = texts(at)
    assert "divides by 36, but its counts add up to 38" in text
    assert "best threshold is **t = 1**" in text
    assert "histogram returns t = 1" in text  # OpenCV on a 38-pixel picture like it
    assert len(at.main.get("plotly_chart")) == 1
    assert any("w_0 =" in latex.value for latex in at.main.latex)


def test_worked_example_widgets_at_both_ends():
    at = open_page(PAGE, {"section": "Worked example"})
    assert sweep_widgets(at) == 2


# --------------------------------------------------------------------------------------------
# K-means colours


def test_kmeans_defaults_show_quantized_picture_and_palette():
    at = open_page(PAGE, {"section": "K-means colours"})
    assert at.slider(key="k").value == 5
    assert at.toggle(key="scatter").value is False  # the 3-D scene is slow to redraw
    assert len(at.main.get("plotly_chart")) == 2
    assert "typical pixel moved by" in texts(at)


def test_kmeans_scatter_shows_a_pixel_sample_and_the_centres():
    at = open_page(PAGE, {"section": "K-means colours", "scatter": "true"})
    specs = chart_specs(at)
    assert len(specs) == 3  # before/after, palette, 3-D scatter
    palette = specs[1]["data"][0]
    assert len(values(palette["x"])) == 5
    assert sum(values(palette["y"])) == pytest.approx(100.0)
    scatter = specs[2]["data"]
    assert all(trace["type"] == "scatter3d" for trace in scatter)
    points = sum(len(values(trace["x"])) for trace in scatter[:-1])
    assert 1000 <= points <= 5000
    assert len(values(scatter[-1]["x"])) == 5  # the centres


def sweep_with_seed(at) -> int:
    """sweep_widgets, with the seed moved to each end here so that the seed's value can be
    checked to stick (sweep_widgets only checks the page stays healthy)."""
    runs = sweep_widgets(at, skip=("seed",))
    for seed in (9999, 0):
        at.number_input(key="seed").set_value(seed).run()
        assert_healthy(at)
        assert at.number_input(key="seed").value == seed
    return runs + 2


def test_kmeans_typical_error_is_the_exact_one_within_a_percent():
    at = open_page(PAGE, {"section": "K-means colours", "k": "4"})
    rgb = at.session_state["working_image"].rgb
    labels, centers = segmentation.kmeans_colors(rgb, 4, 0)
    exact = np.sqrt(segmentation.kmeans_inertia(rgb, labels, centers) / labels.size)
    shown = float(re.search(r"typical pixel moved by \*\*([\d.]+) levels", texts(at)).group(1))
    assert shown == pytest.approx(exact, rel=0.01, abs=0.06)


def test_kmeans_section_every_widget_at_both_ends():
    at = open_page(PAGE, {"section": "K-means colours"})
    assert sweep_with_seed(at) >= 6  # k (2 ends), seed (2 ends), two toggles


def test_kmeans_result_matches_the_core_and_is_repeatable():
    at = open_page(PAGE, {"section": "K-means colours", "k": "3", "seed": "7"})
    rgb = at.session_state["working_image"].rgb
    _, centers = segmentation.kmeans_colors(rgb, 3, 7)
    palette = chart_specs(at)[1]["data"][0]
    expected = ["#{:02x}{:02x}{:02x}".format(*c) for c in centers]
    assert palette["text"] == expected


def test_kmeans_reference_check_shows_both_fits():
    at = open_page(PAGE, {"section": "K-means colours", "k": "4"})
    at.toggle(key="kmeans_reference").set_value(True).run()
    assert_healthy(at)
    shown = metrics(at)
    assert {"Ours", "scikit-learn, all pixels", "Time ratio",
            "Inertia, ours vs theirs"} <= set(shown)
    assert abs(float(shown["Inertia, ours vs theirs"].rstrip(" %"))) < 10


# --------------------------------------------------------------------------------------------
# Odd pictures


def test_constant_picture_has_nothing_to_separate():
    at = open_page(PAGE)
    upload(at, "grey.png", np.full((40, 60, 3), 90, np.uint8))
    assert_healthy(at)
    assert "single grey level (90)" in texts(at)
    assert "levels above 0" not in texts(at)  # no share or loss claims about a non-split
    assert sweep_widgets(at) >= 4
    choose(at, "section", "K-means colours")
    assert "only 1 distinct colour" in texts(at)
    assert len(values(chart_specs(at)[1]["data"][0]["x"])) == 1


def test_one_pixel_picture_in_every_section():
    at = open_page(PAGE)
    upload(at, "one.png", np.array([[[200, 30, 60]]], np.uint8))
    for section in ("Otsu threshold", "Worked example", "K-means colours"):
        choose(at, "section", section)
        assert_healthy(at)
        runs = sweep_with_seed(at) if section == "K-means colours" else sweep_widgets(at)
        assert runs >= 2


def test_two_colour_picture_with_k_larger_than_its_colours():
    picture = np.zeros((30, 40, 3), np.uint8)
    picture[:, :10] = (250, 200, 0)
    at = open_page(PAGE, {"section": "K-means colours"})
    upload(at, "two.png", picture)
    at.slider(key="k").set_value(12).run()
    assert_healthy(at)
    assert "only 2 distinct colours, so only 2 of the 12 clusters" in texts(at)
    palette = chart_specs(at)[1]["data"][0]
    assert palette["text"] == ["#000000", "#fac800"]
    assert values(palette["y"]) == pytest.approx([75.0, 25.0])
    choose(at, "section", "Otsu threshold")  # two levels: a clean split
    gray = at.session_state["working_image"].gray
    assert f"levels above {segmentation.otsu_threshold(gray)}" in texts(at)
    assert "25.0 %" in texts(at)


# --------------------------------------------------------------------------------------------
# URL state


def test_url_reproduces_the_view_and_bad_values_fall_back():
    at = open_page(PAGE, {"section": "K-means colours", "k": "8", "seed": "3",
                          "scatter": "true", "kmeans_reference": "false"})
    assert at.segmented_control(key="section").value == "K-means colours"
    assert at.slider(key="k").value == 8
    assert at.number_input(key="seed").value == 3
    assert at.toggle(key="scatter").value is True
    assert len(at.main.get("plotly_chart")) == 3
    at = open_page(PAGE, {"threshold": "77", "use_otsu": "false"})
    assert "levels above 77" in texts(at)
    at = open_page(PAGE, {"section": "Worked example", "example_t": "4"})
    assert at.slider(key="example_t").value == 4
    at = open_page(PAGE, {"section": "Watershed", "threshold": "abc", "k": "99",
                          "example_t": "-3", "seed": "1e12"})
    assert at.segmented_control(key="section").value == "Otsu threshold"
    assert at.slider(key="threshold").value == 128
    choose(at, "section", "K-means colours")
    assert at.slider(key="k").value == 12  # clamped to the slider's range
    assert at.number_input(key="seed").value == 9999
    choose(at, "section", "Worked example")
    assert at.slider(key="example_t").value == 0


def test_otsu_and_worked_example_do_not_import_scikit_learn():
    # In a fresh interpreter: scikit-learn costs ~1.3 s to import, which only K-means may pay.
    script = textwrap.dedent(f"""
        import sys
        from tests.app.helpers import choose, open_page
        at = open_page({PAGE!r})
        choose(at, "section", "Worked example")
        assert not at.exception
        print("sklearn" in sys.modules)
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "False"
