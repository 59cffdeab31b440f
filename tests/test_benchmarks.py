"""Every benchmark script still runs (on tiny inputs) and prints well-formed JSON lines.

Timings are not checked here: they belong in the benchmark reports, not in pass/fail tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(path.stem for path in (ROOT / "benchmarks").glob("*.py")
                 if not path.stem.startswith("_"))
KEYS = {"op", "size", "ours_ms", "reference", "reference_ms", "ratio"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_benchmark_runs_and_prints_json_lines(script):
    completed = subprocess.run([sys.executable, "-m", f"benchmarks.{script}", "--quick"],
                               cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    assert lines, completed.stdout[-2000:]
    for line in lines:
        record = json.loads(line)
        assert KEYS <= set(record), record
