#!/usr/bin/env python3
"""Times `orchestrator validate` beside check-jsonschema on the same 10,000-line intake and schema.

The report of `make bench`: end-to-end wall time (process start included) of both tools, the
in-process time the Swift benchmark exported, and whether each target is met. It is a measurement,
not a test: a missed target is printed as MISSED and the exit status stays 0. It exits non-zero only
when the comparison itself is broken: a tool is missing, either tool rejects the file (that would
time error reporting instead of validation), or the Swift benchmark exported no results.

Uses only the standard library; run it with the venv's Python so check-jsonschema is found beside it.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
DEFAULT_INTAKE = BENCHMARKS / ".generated" / "intake-10k.yaml"
DEFAULT_IN_PROCESS = BENCHMARKS / ".generated" / "in-process"
DEFAULT_SCHEMA = ROOT / "protocol" / "schemas" / "intake.schema.json"

IN_PROCESS_TARGET_MS = 20.0
SPEED_UP_TARGET = 10.0

# Units the ordo-one benchmark writes in a percentile file's header, e.g. "Time (wall clock) (μs) *".
TIME_UNITS_MS = {"(ns)": 1e-6, "(μs)": 1e-3, "(us)": 1e-3, "(ms)": 1.0, "(s)": 1e3}
COUNT_UNITS = {"(K)": 1e3, "(M)": 1e6, "(G)": 1e9}


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orchestrator", required=True, type=Path, help="the release orchestrator binary")
    parser.add_argument("--intake", type=Path, default=DEFAULT_INTAKE, help="the YAML file (generated if missing)")
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA, help="the JSON Schema for check-jsonschema")
    parser.add_argument(
        "--check-jsonschema",
        type=Path,
        default=Path(sys.executable).parent / "check-jsonschema",
        help="the check-jsonschema executable (default: beside this Python)",
    )
    parser.add_argument(
        "--in-process-results",
        type=Path,
        default=DEFAULT_IN_PROCESS,
        help="folder of the Swift benchmark's --format histogramPercentiles export",
    )
    parser.add_argument("--runs", type=int, default=20, help="timed runs of orchestrator (default 20)")
    parser.add_argument("--reference-runs", type=int, default=7, help="timed runs of check-jsonschema (default 7)")
    return parser.parse_args()


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile: always one of the measured values."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def ensure_accepts(name: str, command: list[str]) -> None:
    """Runs the command once (also the warm-up) and stops the comparison unless it accepted the file."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()
        print(f"error: {name} rejected the file (exit {result.returncode}):", file=sys.stderr)
        for line in output[:20]:
            print(f"  {line}", file=sys.stderr)
        sys.exit(1)


def time_runs(command: list[str], runs: int) -> list[float]:
    """Wall time of each run in milliseconds, process start to exit, output discarded."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append((time.perf_counter() - start) * 1e3)
        if completed.returncode != 0:
            sys.exit(f"error: {command[0]} exited {completed.returncode} during the timed runs")
    return samples


def read_percentiles(folder: Path, metric: str) -> tuple[dict[int, float], str] | None:
    """The percentile table (0…100) of one metric from the Swift benchmark's export, and its header."""
    files = sorted(folder.glob(f"*.{metric}.histogram.percentiles.tsv"))
    if len(files) != 1:
        return None
    lines = files[0].read_text(encoding="utf-8").splitlines()
    table = {}
    for line in lines[1:]:
        key, _, value = line.partition("\t")
        if key.isdigit() and value.strip():
            table[int(key)] = float(value)
    return (table, lines[0]) if {0, 50, 90} <= table.keys() else None


def scaled(table: dict[int, float], header: str, units: dict[str, float], default: float | None) -> dict[int, float]:
    """Converts the exported values to milliseconds (times) or plain counts, from the unit in the header."""
    factor = next((value for unit, value in units.items() if unit in header), default)
    if factor is None:
        raise ValueError(f"unknown unit in {header!r}")
    return {key: value * factor for key, value in table.items()}


def check_jsonschema_version() -> str:
    try:
        return importlib.metadata.version("check-jsonschema")
    except importlib.metadata.PackageNotFoundError:
        return "?"


def verdict(met: bool | None) -> str:
    return {True: "MET", False: "MISSED", None: "NOT MEASURED"}[met]


def row(label: str, samples: list[float]) -> str:
    median, p90 = statistics.median(samples), percentile(samples, 0.9)
    return f"  {label:38} {len(samples):5d} {min(samples):8.1f} ms {median:8.1f} ms {p90:8.1f} ms"


def display(path: Path) -> str:
    """A path relative to the repository when it is inside it, for short output."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main() -> int:
    arguments = parse_arguments()
    for tool in (arguments.orchestrator, arguments.check_jsonschema):
        if not os.access(tool, os.X_OK):
            sys.exit(f"error: {tool} is not an executable (`make bench` builds and installs both)")
    if not arguments.intake.exists():
        generator = [sys.executable, str(BENCHMARKS / "generate_intake.py"), str(arguments.intake)]
        subprocess.run(generator, check=True)

    intake = str(arguments.intake)
    ours = [str(arguments.orchestrator), "validate", intake]
    reference = [str(arguments.check_jsonschema), "--schemafile", str(arguments.schema), intake]
    ensure_accepts("orchestrator validate", ours)
    ensure_accepts("check-jsonschema", reference)
    ours_ms = time_runs(ours, arguments.runs)
    reference_ms = time_runs(reference, arguments.reference_runs)
    speed_up = statistics.median(reference_ms) / statistics.median(ours_ms)

    wall = read_percentiles(arguments.in_process_results, "wallClock")
    mallocs = read_percentiles(arguments.in_process_results, "mallocCountTotal")
    in_process = scaled(*wall, TIME_UNITS_MS, None) if wall else None
    malloc_counts = scaled(*mallocs, COUNT_UNITS, 1.0) if mallocs else None

    lines = sum(1 for _ in arguments.intake.open(encoding="utf-8"))
    size_kib = arguments.intake.stat().st_size / 1024
    report = [
        "",
        f"Validation of {display(arguments.intake)} ({lines:,} lines, {size_kib:,.0f} KiB)",
        f"against {display(arguments.schema)}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}",
        "",
        f"  {'':38} {'runs':>5} {'min':>11} {'median':>11} {'p90':>11}",
    ]
    if in_process:
        note = f"   {malloc_counts[50]:,.0f} mallocs" if malloc_counts else ""
        report.append(
            f"  {'orchestrator, in process (Swift)':38} {'-':>5} "
            f"{in_process[0]:8.1f} ms {in_process[50]:8.1f} ms {in_process[90]:8.1f} ms{note}"
        )
    else:
        report.append(f"  {'orchestrator, in process (Swift)':38} no results in {display(arguments.in_process_results)}")
    report += [
        row("orchestrator validate (end to end)", ours_ms),
        row(f"check-jsonschema {check_jsonschema_version()} (end to end)", reference_ms),
        "",
        "Targets, judged on medians (a median far above the minimum means other work shared the CPU)",
        f"  {f'in process <= {IN_PROCESS_TARGET_MS:g} ms':50} "
        f"{f'{in_process[50]:.1f} ms' if in_process else '-':>10}   "
        f"{verdict(in_process[50] <= IN_PROCESS_TARGET_MS if in_process else None)}",
        f"  {f'end to end >= {SPEED_UP_TARGET:g}x faster than check-jsonschema':50} "
        f"{f'{speed_up:.1f}x':>10}   {verdict(speed_up >= SPEED_UP_TARGET)}",
        "",
    ]
    print("\n".join(report))
    if not in_process:
        # A benchmark that did not run is a broken comparison, unlike a missed target.
        print("error: the Swift benchmark exported no wall-clock percentiles; see its output above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
