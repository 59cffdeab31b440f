"""Rules the whole code base keeps: checked by reading the source, not by running the app."""

from __future__ import annotations

import ast
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(p for folder in ("core", "ui", "pages", "benchmarks") for p in (ROOT / folder).glob("*.py"))
SOURCES.append(ROOT / "app.py")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiles_without_warnings(path):
    # Invalid escape sequences in strings (e.g. LaTeX in markdown) warn only at compile time.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile(path.read_text(), str(path), "exec")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "core").glob("*.py")), ids=lambda p: p.name)
def test_core_knows_nothing_of_the_web(path):
    assert not _imports(path) & {"streamlit", "plotly", "ui", "pages"}


@pytest.mark.parametrize("path", [p for p in SOURCES if p.parent.name in ("core", "ui", "pages")
                                  or p.name == "app.py"], ids=lambda p: str(p.relative_to(ROOT)))
def test_runtime_code_uses_only_runtime_dependencies(path):
    # SciPy and scikit-image are test references; at runtime they may only be tried lazily.
    top_level = {node.names[0].name.split(".")[0] if isinstance(node, ast.Import) else
                 (node.module or "").split(".")[0]
                 for node in ast.parse(path.read_text()).body
                 if isinstance(node, (ast.Import, ast.ImportFrom))}
    assert not top_level & {"scipy", "skimage", "tensorflow", "keras", "sklearn"}


def test_no_html_is_ever_unsafe():
    for path in SOURCES:
        assert "unsafe_allow_html" not in path.read_text(), path


STARTUP_PROBE = """
import importlib, sys
for name in ["ui.source", "ui.viewer", "ui.params", "ui.parts", "ui.topics", "core.images",
             "core.intensity"]:
    importlib.import_module(name)
for topic in importlib.import_module("ui.topics").TOPICS:
    topic.thumbnail()  # the home page draws these
heavy = ("sklearn", "tensorflow", "keras", "scipy", "skimage")
print(",".join(sorted(name for name in heavy if name in sys.modules)))
"""


def test_app_start_imports_nothing_heavy():
    completed = subprocess.run([sys.executable, "-c", STARTUP_PROBE], cwd=ROOT,
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "", f"imported at start-up: {completed.stdout}"
