"""The Segmentation page's figure and text builders, without a Streamlit runtime."""

from __future__ import annotations

import numpy as np
import pytest

from core import segmentation
from ui import segmentation_view as view

TABLE = segmentation.otsu_table(segmentation.TUTORIAL_COUNTS)


def two_humps() -> np.ndarray:
    gray = np.full((20, 30), 60, np.uint8)
    gray[:, 10:] = 180
    return gray


def facts_of(gray: np.ndarray) -> view.OtsuFacts:
    return view.OtsuFacts(segmentation.gray_histogram(gray),
                          segmentation.between_class_variance(gray),
                          segmentation.otsu_threshold(gray))


def clustering(centers, labels) -> view.Clustering:
    """A hand-made result: ``labels`` (H, W) into ``centers`` (k, 3)."""
    centers = np.asarray(centers, np.uint8)
    labels = np.asarray(labels, np.uint8)
    rgb = centers[labels].reshape(-1, 3)
    return view.Clustering(labels=labels, centers=centers,
                           shares=segmentation.cluster_shares(labels, len(centers)),
                           rms_error=0.0, shown=centers[labels], sample_rgb=rgb,
                           sample_labels=labels.reshape(-1), seconds=0.01)


# --------------------------------------------------------------------------------------------
# Otsu's threshold


def test_otsu_figure_splits_the_histogram_and_marks_both_thresholds_on_both_panels():
    facts = facts_of(two_humps())
    figure = view.otsu_figure(facts, used=100, manual=100)
    background, foreground, curve, peak = figure.data[:4]
    assert background.name == "background (≤ 100)" and foreground.name == "foreground (> 100)"
    assert background.y[60] == 200 and background.y[180] == 0
    assert foreground.y[180] == 400 and foreground.y[60] == 0
    assert (curve.xaxis, curve.yaxis) == ("x2", "y2")
    assert list(curve.y) == pytest.approx(list(facts.curve))
    assert list(peak.x) == [facts.threshold]
    assert [trace.name for trace in figure.data[4:]] == [f"Otsu t = {facts.threshold}",
                                                         "manual t = 100"]
    lines = {(shape.xref, shape.x0) for shape in figure.layout.shapes}
    assert lines == {(axis, x) for axis in ("x", "x2") for x in (facts.threshold, 100)}
    titles = [note.text for note in figure.layout.annotations]
    assert titles == ["Histogram: levels ≤ 100 are background", "Between-class variance σ_b²(t)"]
    assert figure.layout.xaxis2.title.text == "grey level t"


def test_otsu_comparison_text_says_how_far_below_the_maximum_the_manual_t_is():
    facts = facts_of(two_humps())
    assert "is Otsu's choice" in view.otsu_comparison_text(facts, facts.threshold)
    curve, best = facts.curve, facts.threshold
    loss = (curve[best] - curve[200]) / curve[best] * 100
    text = view.otsu_comparison_text(facts, 200)
    assert f"**{loss:.1f} % below** Otsu's maximum" in text and f"at t = {best}" in text


def test_otsu_code_shows_the_threshold_in_use():
    code = view.otsu_code(threshold=138, used=90)
    assert "# 138 for this picture" in code and "(gray > 90)" in code


# --------------------------------------------------------------------------------------------
# The worked example


def test_example_figure_darkens_the_background_and_draws_t_and_the_means():
    figure = view.example_figure(2, TABLE)
    bars, means = figure.data
    assert list(bars.y) == list(segmentation.TUTORIAL_COUNTS)
    dark, light = view.BACKGROUND_COLOUR, view.FOREGROUND_COLOUR
    assert list(bars.marker.color) == [dark] * 3 + [light] * 3
    assert means.name == "class means μ₀, μ₁"
    assert [shape.x0 for shape in figure.layout.shapes] == pytest.approx(
        [2.5, TABLE.mu0[2], TABLE.mu1[2]])
    assert figure.layout.annotations[0].text == "t = 2"
    assert figure.layout.title.text.startswith("The tutorial's histogram")


def test_example_metrics_and_arithmetic_carry_the_tables_numbers():
    metrics = dict(view.example_metrics(1, TABLE))
    assert len(metrics) == 8
    assert metrics[r"$\sigma_b^2$ (between-class)"] == TABLE.between[1]
    latex = view.example_arithmetic(1, TABLE)
    assert r"w_0 = \dfrac{18}{38}" in latex and r"\mu_0 = \dfrac{0\cdot10 + 1\cdot8}{18}" in latex
    assert f"= {TABLE.between[1]:.4f}" in latex


def test_example_conclusion_and_table():
    text = view.example_conclusion(TABLE, opencv_threshold=1)
    assert "counts add up to 38" in text and "best threshold is **t = 1**" in text
    frame = view.example_dataframe(TABLE).data
    assert list(frame["t"]) == [0, 1, 2, 3, 4]
    assert list(frame["Otsu"]) == ["", "◀ best", "", "", ""]


# --------------------------------------------------------------------------------------------
# K-means colours


def test_palette_figure_leaves_empty_clusters_out():
    result = clustering([[250, 200, 0], [0, 0, 0], [9, 9, 9]], [[1, 1, 1, 0]])
    (bars,) = view.palette_figure(result).data
    assert list(bars.x) == ["1", "2"]
    assert list(bars.text) == ["#fac800", "#000000"]
    assert list(bars.y) == pytest.approx([25.0, 75.0])
    note = view.empty_clusters_note(result, 3)
    assert note.startswith("This picture has only 2 distinct colours")
    assert view.empty_clusters_note(clustering([[0, 0, 0], [9, 9, 9]], [[0, 1]]), 2) is None


def test_scatter_figure_has_a_trace_per_cluster_and_the_centres():
    result = clustering([[250, 200, 0], [0, 0, 0], [9, 9, 9]], [[0, 1, 1, 0, 1]])
    figure = view.scatter_figure(result)
    assert [trace.name for trace in figure.data] == ["colour 1", "colour 2", "centres"]
    assert all(trace.type == "scatter3d" for trace in figure.data)
    assert len(figure.data[0].x) == 2 and len(figure.data[1].x) == 3
    assert list(figure.data[-1].x) == [250, 0]  # the empty third cluster has no centre shown
    assert [figure.layout.scene[axis].title.text for axis in ("xaxis", "yaxis", "zaxis")] == [
        "R", "G", "B"]
    assert figure.layout.title.text == "5 pixels in RGB space, by cluster"


def test_kmeans_texts():
    result = clustering([[0, 0, 0], [9, 9, 9]], [[0, 1]])
    assert "Fitted in 10 ms" in view.kmeans_explanation(result)
    assert "kmeans_colors(rgb, k=4, seed=7)" in view.kmeans_code(4, 7)
