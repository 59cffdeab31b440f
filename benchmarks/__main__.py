"""Run every benchmark and print one table: ``python -m benchmarks [--quick] [--readme]``.

Each module runs in its own process (so one module's imports and caches cannot slow another),
its JSON lines are collected into ``benchmarks/results/latest.json``, and a Markdown table is
printed. ``--readme`` also replaces the table in README.md's "Performance" section.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORDER = ["intensity", "convolution", "segmentation", "hough", "edges", "contours", "autoencoder",
         "browser"]
BEGIN, END = "<!-- performance-table -->", "<!-- /performance-table -->"


def modules() -> list[str]:
    present = {path.stem for path in (ROOT / "benchmarks").glob("*.py")
               if not path.stem.startswith("_")}
    return [name for name in ORDER if name in present] + sorted(present - set(ORDER))


def run(module: str, quick: bool) -> list[dict]:
    command = [sys.executable, "-m", f"benchmarks.{module}"] + (["--quick"] if quick else [])
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if completed.returncode != 0:
        # A table with a module's rows missing would pass for a complete one: stop here.
        raise SystemExit(f"benchmarks.{module} failed:\n{completed.stderr[-2000:]}")
    records = []
    for line in completed.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            record["module"] = module
            records.append(record)
    return records


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{time.strftime('%Y-%m-%d')}")


def _number(value, digits: int = 2) -> str:
    if value is None:
        return ""
    return f"{value:.{digits}f}" if isinstance(value, (int, float)) else str(value)


def table(records: list[dict]) -> str:
    rows = ["| operation | size | ours (ms) | reference | reference (ms) | ratio |",
            "|---|---|---:|---|---:|---:|"]
    for record in records:
        ours = record["ours_ms"]
        reference = record.get("reference") or ""
        if record["op"].startswith("server memory"):
            peak = record.get("peak_rss_mb")
            ours_text = f"{record.get('rss_mb')} MB" + (f" (peak {peak} MB)" if peak else "")
        else:
            ours_text = _number(ours)
        if record.get("p50") is not None:
            # The browser rows: the median and the server's share say where the time goes.
            reference = (f"median {record['p50']:.0f} ms, of which the server script "
                         f"{record.get('server_p50') or 0:.0f} ms; {record.get('moves')} moves")
        rows.append(
            f"| {record['op']} | {record['size']} | {ours_text} | {reference} "
            f"| {_number(record.get('reference_ms'))} | {_number(record.get('ratio'), 3)} |"
        )
    return "\n".join(rows)


def write_readme(text: str) -> None:
    readme = ROOT / "README.md"
    content = readme.read_text()
    if BEGIN not in content or END not in content:
        raise SystemExit("README.md has no performance-table markers")
    head, rest = content.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny inputs (a smoke run)")
    parser.add_argument("--readme", action="store_true", help="update README.md's table")
    parser.add_argument("--only", action="append", help="run only these modules")
    parser.add_argument("--from-results", action="store_true",
                        help="rebuild the table from benchmarks/results/latest.json, run nothing")
    args = parser.parse_args()
    latest = ROOT / "benchmarks" / "results" / "latest.json"
    if args.from_results:
        saved = json.loads(latest.read_text())
        measured_on, records = saved["machine"], saved["records"]
    else:
        measured_on, records = machine(), []
        for module in args.only or modules():
            print(f"running benchmarks.{module} ...", file=sys.stderr, flush=True)
            records += run(module, args.quick)
        latest.parent.mkdir(exist_ok=True)
        latest.write_text(json.dumps({"machine": measured_on, "records": records}, indent=1))
    text = f"Measured on {measured_on}.\n\n{table(records)}"
    print(text)
    if args.readme:
        write_readme(text)


if __name__ == "__main__":
    main()
