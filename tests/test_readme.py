"""The README's two commands stay true: the app command, and the test command CI runs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_app_command_installs_the_runtime_requirements_and_runs_app_py():
    assert "pip install -r requirements.txt && streamlit run app.py" in README
    assert (ROOT / "app.py").is_file() and (ROOT / "requirements.txt").is_file()


def test_ci_runs_exactly_the_readme_test_command():
    # .ci/run extracts the block after the marker; run its extraction and compare.
    extract = "sed -n '/<!-- test-command -->/,/^```$/p' README.md | grep -v -e '^```' -e '<!--'"
    command = subprocess.run(["bash", "-c", extract], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.strip()
    assert command.count("\n") == 0, "the test command is one line"
    assert "pip install -r tests/requirements.txt" in command
    assert "apt-get install -y chromium" in command and command.endswith("python -m pytest")
    assert extract.split(" | ")[0].split("'")[1] in (ROOT / ".ci" / "run").read_text()


def test_every_pinned_requirement_is_exact():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.]*", line), line
