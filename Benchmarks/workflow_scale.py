#!/usr/bin/env python3
"""What the six-phase workflow costs as the workspace grows: per phase and per part, at 100, 10,000 and 100,000 files.

Part one runs `engine-bench` (Benchmarks/Benchmarks/EngineBench) on generated workspaces of each size, two writer
agents per phase on the offline provider, and again with each writer delegating to two subagents through the
`delegate` tool (a delegation-heavy phase). For each it prints, per phase, the parts PhaseCostMeter measures:
working-copy set-up, context building, agent steps (model turns and tool calls), merge, snapshot, gates, and the
phase's own total; the first phase's snapshot is the first full one. Large sizes run once, without warm-up, to keep
`make bench` bounded.

Part two is issue 21's acceptance, from outside: `orchestrator run start` on the analytics example (with the coverage waiver `make demo` adds, so all six phases run), then on the
same example plus 10,000 generated files (100 folders), and a first snapshot of that tree by `snapshot-bench`. The
target: the larger run within twice the plain one plus one first snapshot.

A measurement, not a test: a missed target prints MISSED and the exit status stays 0; it exits non-zero only when a
tool is missing or fails. Uses only the standard library.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARTS = [
    ("workingCopySetup", "set-up"),
    ("contextBuilding", "context"),
    ("agentSteps", "steps"),
    ("merge", "merge"),
    ("snapshot", "snapshot"),
    ("gates", "gates"),
    ("phase", "phase"),
]
PHASES = ["planning", "architecture", "data", "development", "qa", "documentation"]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine-bench", type=Path, help="the release engine-bench binary")
    parser.add_argument("--orchestrator", type=Path, help="the release orchestrator binary (part two)")
    parser.add_argument("--snapshot-bench", type=Path, help="the release snapshot-bench binary (part two)")
    parser.add_argument("--example", type=Path, default=Path("examples/analytics"), help="the example workspace")
    parser.add_argument("--sizes", default="100,10000,100000", help="workspace sizes, comma-separated")
    parser.add_argument("--delegate", type=int, default=2, help="subagents per writer in the delegation runs")
    parser.add_argument("--timeout", type=float, default=900, help="seconds one engine-bench run may take (900)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the example's measures (5)")
    return parser.parse_args()


def engine_bench(binary: Path, files: int, delegate: int, timeout: float) -> dict | None:
    """engine-bench's JSON, or None when it ran out of time (reported, not fatal: the bench stays bounded)."""
    runs, warmup = (3, 1) if files < 10_000 else (1, 0)
    command = [str(binary), str(runs), "normal", "--files", str(files), "--agents", "2", "--per-phase",
               "--warmup", str(warmup)]
    if delegate:
        command += ["--delegate", str(delegate)]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if completed.returncode != 0:
        sys.exit(f"error: {' '.join(command)} exited {completed.returncode}: {completed.stderr.strip()[-1500:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def cell(parts: dict, key: str) -> float:
    if key == "agentSteps":
        return parts["agentTurn"]["perPhaseMs"] + parts["toolCall"]["perPhaseMs"]
    return parts[key]["perPhaseMs"]


def table(reply: dict, label: str) -> list[str]:
    lines = [
        f"{label}: {reply['files']:,} files, {reply['agentsPerPhase']} agents a phase"
        + (f", {reply['delegatesPerAgent']} subagents each" if reply.get("delegatesPerAgent") else "")
        + f"; whole run {reply['runMs']:,.0f} ms (median of {reply['runs']})",
        f"  {'phase':14}" + "".join(f"{name:>11}" for _, name in PARTS),
    ]
    for phase in PHASES:
        parts = reply["byPhase"][phase]
        lines.append(f"  {phase:14}" + "".join(f"{cell(parts, key):>8.1f} ms" for key, _ in PARTS))
    return lines


def timed(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = (time.perf_counter() - start) * 1e3
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).strip()[-1500:]
        sys.exit(f"error: {' '.join(command)} exited {completed.returncode}:\n{output}")
    return elapsed


def generate(root: Path, count: int) -> None:
    """compare_workflow's modest repository: `count` small Python files in 100 folders, files and folders a day old
    (as in a checked-out repository: nothing in it changed in the seconds before the run)."""
    past = time.time() - 86_400
    folders = set()
    for index in range(count):
        folder = root / "repo" / f"module{index % 100}"
        folder.mkdir(parents=True, exist_ok=True)
        folders.add(folder)
        path = folder / f"file{index}.py"
        path.write_text(f"# file {index}\n" + f"value_{index} = {index * 7 % 1000}\n" * (1 + index % 10))
        os.utime(path, (past, past))
    for folder in folders | ({root / "repo"} if count else set()):
        os.utime(folder, (past, past))


def waive_coverage(workspace: Path) -> None:
    """The waiver `make demo` adds after the example's first run pauses at qa on coverage.min, so both runs go through
    all six phases."""
    expires = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 30 * 86_400))
    with open(workspace / "governance" / "acme-corp.yaml", "a", encoding="utf-8") as policy:
        policy.write("  waivers:\n    - gate: coverage.min\n      reason: Legacy invoice export, covered by Acme QA.\n"
                     f"      approver: lead@acme-corp.example\n      expires: \"{expires}\"\n")


def acceptance(arguments: argparse.Namespace) -> list[str]:
    """Rounds of the three measures, interleaved so drift in the machine's speed touches each alike. Every round's
    trees are made first and removed only at the end: ext4 passes over inodes freed in the last minutes when it
    makes a file, so a removal between measures would slow whichever created files next (a first snapshot makes
    10,000). Each measure starts after `sync`, so one measure's writeback does not land in the next one's time."""
    scratch = Path(tempfile.mkdtemp(prefix="workflow-scale-"))
    plain_ms, large_ms, snapshot_ms = [], [], []
    try:
        rounds = []
        for number in range(arguments.rounds):
            plain, large, tree = (scratch / f"{name}-{number}" for name in ("plain", "large", "tree"))
            for target in (plain, large):
                shutil.copytree(arguments.example, target, symlinks=True)
                waive_coverage(target)
            generate(large, 10_000)
            shutil.copytree(large, tree, symlinks=True)
            rounds.append((plain, large, tree))
        orchestrator = str(arguments.orchestrator)

        def run(workspace: Path) -> float:
            os.sync()
            return timed([orchestrator, "run", "start", "--intake", str(workspace / "intake.yaml"),
                          "--workspace", str(workspace), "--json"])

        for plain, large, tree in rounds:
            plain_ms.append(run(plain))
            large_ms.append(run(large))
            os.sync()
            snapshot_ms.append(timed([str(arguments.snapshot_bench), str(tree)]))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    plain, large, snapshot = (statistics.median(samples) for samples in (plain_ms, large_ms, snapshot_ms))
    budget = 2 * plain + snapshot
    verdict = "MET" if large <= budget else "MISSED"

    def spread(samples: list[float]) -> str:
        return f"{statistics.median(samples):,.0f} ms ({min(samples):,.0f}–{max(samples):,.0f})"

    return [
        "",
        f"Analytics example, offline six-phase workflow (orchestrator run start, end to end; median of "
        f"{arguments.rounds})",
        f"  without generated files: {spread(plain_ms)}; with 10,000 more: {spread(large_ms)}",
        f"  a first snapshot of that tree (snapshot-bench): {spread(snapshot_ms)}",
        f"  {'within 2x the plain run plus one first snapshot':50} {large / budget:>9.2f}x   {verdict}",
    ]


def main() -> int:
    arguments = parse_arguments()
    report: list[str] = [""]
    if arguments.engine_bench:
        if not os.access(arguments.engine_bench, os.X_OK):
            sys.exit(f"error: {arguments.engine_bench} is not an executable (`make bench` builds it)")
        for files in (int(size) for size in arguments.sizes.split(",")):
            for label, delegate in [("Two agents", 0), ("Delegating", arguments.delegate)][:2 if arguments.delegate else 1]:
                reply = engine_bench(arguments.engine_bench, files, delegate, arguments.timeout)
                report += (table(reply, label) if reply else
                           [f"{label}: {files:,} files: TIMED OUT after {arguments.timeout:.0f} s"]) + [""]
            print("\n".join(report), flush=True)
            report = []
    if arguments.orchestrator and arguments.snapshot_bench:
        report += acceptance(arguments)
    print("\n".join(report + [""]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
