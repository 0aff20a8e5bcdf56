#!/usr/bin/env python3
"""Times a workspace snapshot by snapshot-bench beside `git add -A && git commit` on the same tree.

Builds a deterministic tree (nested folders, files of 100 B to 8 KiB), makes two identical copies of it,
commits one with git and snapshots the other once (the first full snapshot, reported), then in each
round changes the same files the same way in both copies and times, as processes, `git add -A && git
commit -q -m r` in one and `snapshot-bench DIR` in the other, in alternating order. It is a
measurement, not a test: a missed target is printed as MISSED and the exit status stays 0. It exits
non-zero only when the comparison itself is broken: a tool is missing or fails, or snapshot-bench
reports a different number of files than the tree holds.

Uses only the standard library.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = 20_251_201
# The generated files get an mtime a day in the past: a real workspace is older than the racy window
# of either tool (git's index mtime, our manifest's createdAt), which would otherwise rehash every file.
PAST = time.time() - 86_400


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshot-bench", required=True, type=Path, help="the release snapshot-bench binary")
    parser.add_argument("--git", default=shutil.which("git") or "git", help="the git executable")
    parser.add_argument("--files", type=int, default=10_000, help="files in the tree (default 10000)")
    parser.add_argument("--changed", type=int, default=10, help="files changed per round (default 10)")
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds (default 7)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary trees and print where")
    return parser.parse_args()


def relative_paths(count: int) -> list[str]:
    """Nested folders three levels deep, about 25 files per leaf folder."""
    paths = []
    for index in range(count):
        leaf = index // 25
        paths.append(f"src{leaf // 40:02d}/mod{(leaf // 8) % 5}/pkg{leaf % 8}/file{index:05d}.txt")
    return paths


def build_tree(root: Path, paths: list[str], rng: random.Random) -> None:
    for relative in paths:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rng.randbytes(rng.randint(100, 8192)))
        os.utime(path, (PAST, PAST))


def change_files(roots: list[Path], paths: list[str], count: int, round_number: int) -> None:
    """Rewrites `count` files with new bytes (same in every root): what an agent's edit does."""
    rng = random.Random(SEED + round_number)
    for relative in rng.sample(paths, count):
        body = rng.randbytes(rng.randint(100, 8192))
        for root in roots:
            (root / relative).write_bytes(body)


def run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).strip()
        sys.exit(f"error: {' '.join(command)} exited {completed.returncode}:\n{output}")
    return completed


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, str]:
    """Wall time in milliseconds, process start to exit, and the standard output."""
    start = time.perf_counter()
    completed = run(command, cwd)
    return (time.perf_counter() - start) * 1e3, completed.stdout


def snapshot(bench: Path, root: Path, files: int) -> tuple[float, dict]:
    elapsed, output = timed([str(bench), str(root)])
    report = json.loads(output.strip().splitlines()[-1])
    if report.get("files") != files:
        sys.exit(f"error: snapshot-bench recorded {report.get('files')} files, the tree has {files}")
    return elapsed, report


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile: always one of the measured values."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def row(label: str, samples: list[float]) -> str:
    median, p90 = statistics.median(samples), percentile(samples, 0.9)
    return f"  {label:38} {len(samples):5d} {min(samples):8.1f} ms {median:8.1f} ms {p90:8.1f} ms"


def main() -> int:
    arguments = parse_arguments()
    if not os.access(arguments.snapshot_bench, os.X_OK):
        sys.exit(f"error: {arguments.snapshot_bench} is not an executable (`make bench` builds it)")
    if shutil.which(arguments.git) is None:
        sys.exit(f"error: {arguments.git} not found")

    scratch = Path(tempfile.mkdtemp(prefix="snapshot-bench-"))
    try:
        git_tree, our_tree = scratch / "git", scratch / "ours"
        paths = relative_paths(arguments.files)
        build_tree(git_tree, paths, random.Random(SEED))
        shutil.copytree(git_tree, our_tree, copy_function=shutil.copy2)

        git = arguments.git
        run([git, "init", "-q"], git_tree)
        run([git, "config", "user.name", "Snapshot Bench"], git_tree)
        run([git, "config", "user.email", "bench@example.invalid"], git_tree)
        run([git, "config", "commit.gpgsign", "false"], git_tree)
        git_seed_ms, _ = timed(["sh", "-c", f"{git} add -A && {git} commit -q -m seed"], git_tree)
        first_ms, first = snapshot(arguments.snapshot_bench, our_tree, arguments.files)

        git_commit = ["sh", "-c", f"{git} add -A && {git} commit -q -m r"]
        git_ms, ours_ms, in_process_ms, hashed = [], [], [], []
        # Round 0 is a warm-up for both tools, not timed.
        for round_number in range(arguments.rounds + 1):
            change_files([git_tree, our_tree], paths, arguments.changed, round_number)
            if round_number % 2 == 0:
                git_elapsed, _ = timed(git_commit, git_tree)
                ours_elapsed, report = snapshot(arguments.snapshot_bench, our_tree, arguments.files)
            else:
                ours_elapsed, report = snapshot(arguments.snapshot_bench, our_tree, arguments.files)
                git_elapsed, _ = timed(git_commit, git_tree)
            if report["hashedFiles"] < arguments.changed:
                sys.exit(f"error: snapshot-bench hashed {report['hashedFiles']} files, {arguments.changed} changed")
            if round_number == 0:
                continue
            git_ms.append(git_elapsed)
            ours_ms.append(ours_elapsed)
            in_process_ms.append(report["ms"])
            hashed.append(report["hashedFiles"])

        git_version = run([git, "--version"]).stdout.strip().removeprefix("git version ")
        speed_up = statistics.median(git_ms) / statistics.median(ours_ms)
        met = statistics.median(ours_ms) <= statistics.median(git_ms)
        report = [
            "",
            f"Snapshot of {arguments.files:,} files after changing {arguments.changed} "
            f"({arguments.rounds} rounds); {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}",
            f"  first full snapshot: {first_ms:.1f} ms end to end ({first['ms']:.1f} ms in process, "
            f"{first['newObjects']:,} objects); git add -A && git commit of the same tree: {git_seed_ms:.1f} ms",
            "",
            f"  {'':38} {'runs':>5} {'min':>11} {'median':>11} {'p90':>11}",
            row("snapshot-bench, in process", in_process_ms),
            row("snapshot-bench (end to end)", ours_ms),
            row(f"git {git_version} add -A && commit (end to end)", git_ms),
            f"  files hashed per round (median): {statistics.median(hashed):.0f}",
            "",
            "Targets, judged on medians (a median far above the minimum means other work shared the CPU)",
            f"  {'end to end no slower than git':50} {f'{speed_up:.2f}x':>10}   {'MET' if met else 'MISSED'}",
            "",
        ]
        print("\n".join(report))
        if arguments.keep:
            print(f"trees kept in {scratch}")
        return 0
    finally:
        if not arguments.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
