#!/usr/bin/env python3
"""Times a workspace snapshot by snapshot-bench beside `git add -A && git commit` on the same tree.

Builds a deterministic tree (nested folders, files of 100 B to 8 KiB), makes identical copies of it,
commits one with git and snapshots the others once (the first full snapshot, reported beside git's first
commit), then in each round changes the same files the same way in every copy and times, as processes,
`git add -A && git commit -q -m r` in one, `snapshot-bench DIR` in another (a walk of the tree, reusing
the hashes whose stat data did not change) and `snapshot-bench DIR --known LIST` in the third (the
changed paths given, as the engine knows them from merging its agents' working copies: directory stamps
checked instead of a walk), in rotating order. It is a measurement, not a test: a missed target is
printed as MISSED and the exit status stays 0. It exits non-zero only when the comparison itself is
broken: a tool is missing or fails, or snapshot-bench reports a different number of files than the tree
holds.

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
    # The folders are as old as the files: deepest first, since dating a folder does not move its parent.
    for folder in sorted({parent for relative in paths for parent in (root / relative).parents
                          if root in parent.parents}, key=lambda p: -len(p.parts)):
        os.utime(folder, (PAST, PAST))


def change_files(roots: list[Path], paths: list[str], count: int, round_number: int) -> list[str]:
    """Rewrites `count` files with new bytes (same in every root): what an agent's edit does. Returns them."""
    rng = random.Random(SEED + round_number)
    changed = rng.sample(paths, count)
    for relative in changed:
        body = rng.randbytes(rng.randint(100, 8192))
        for root in roots:
            (root / relative).write_bytes(body)
    return changed


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


def snapshot(bench: Path, root: Path, files: int, known: Path | None = None) -> tuple[float, dict]:
    elapsed, output = timed([str(bench), str(root)] + (["--known", str(known)] if known else []))
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
    return f"  {label:44} {len(samples):5d} {min(samples):8.1f} ms {median:8.1f} ms {p90:8.1f} ms"


def main() -> int:
    arguments = parse_arguments()
    if not os.access(arguments.snapshot_bench, os.X_OK):
        sys.exit(f"error: {arguments.snapshot_bench} is not an executable (`make bench` builds it)")
    if shutil.which(arguments.git) is None:
        sys.exit(f"error: {arguments.git} not found")

    scratch = Path(tempfile.mkdtemp(prefix="snapshot-bench-"))
    try:
        git_tree, our_tree, known_tree = scratch / "git", scratch / "ours", scratch / "known"
        known_list = scratch / "changed.txt"
        paths = relative_paths(arguments.files)
        build_tree(git_tree, paths, random.Random(SEED))
        shutil.copytree(git_tree, our_tree, copy_function=shutil.copy2)
        shutil.copytree(git_tree, known_tree, copy_function=shutil.copy2)

        git = arguments.git
        run([git, "init", "-q"], git_tree)
        run([git, "config", "user.name", "Snapshot Bench"], git_tree)
        run([git, "config", "user.email", "bench@example.invalid"], git_tree)
        run([git, "config", "commit.gpgsign", "false"], git_tree)
        # After the first commit of a large tree git starts `gc --auto` in the background, beside the processes
        # being timed; off, every process measured has the machine to itself.
        run([git, "config", "gc.auto", "0"], git_tree)
        git_seed_ms, _ = timed(["sh", "-c", f"{git} add -A && {git} commit -q -m seed"], git_tree)
        first_ms, first = snapshot(arguments.snapshot_bench, our_tree, arguments.files)
        snapshot(arguments.snapshot_bench, known_tree, arguments.files)

        git_commit = ["sh", "-c", f"{git} add -A && {git} commit -q -m r"]
        git_ms, ours_ms, known_ms, in_process_ms, known_in_process_ms, hashed, known_hashed = [], [], [], [], [], [], []
        # Round 0 is a warm-up for every tool, not timed.
        for round_number in range(arguments.rounds + 1):
            changed = change_files([git_tree, our_tree, known_tree], paths, arguments.changed, round_number)
            known_list.write_text("".join(f"{path}\n" for path in changed))
            sides = {
                "git": lambda: (timed(git_commit, git_tree)[0], None),
                "walk": lambda: snapshot(arguments.snapshot_bench, our_tree, arguments.files),
                "known": lambda: snapshot(arguments.snapshot_bench, known_tree, arguments.files, known_list),
            }
            order = ["git", "walk", "known"]
            order = order[round_number % 3:] + order[:round_number % 3]
            results = {side: sides[side]() for side in order}
            for side in ("walk", "known"):
                if results[side][1]["hashedFiles"] < arguments.changed:
                    sys.exit(f"error: snapshot-bench ({side}) hashed {results[side][1]['hashedFiles']} files, "
                             f"{arguments.changed} changed")
            if round_number == 0:
                continue
            git_ms.append(results["git"][0])
            ours_ms.append(results["walk"][0])
            in_process_ms.append(results["walk"][1]["ms"])
            hashed.append(results["walk"][1]["hashedFiles"])
            known_ms.append(results["known"][0])
            known_in_process_ms.append(results["known"][1]["ms"])
            known_hashed.append(results["known"][1]["hashedFiles"])

        git_version = run([git, "--version"]).stdout.strip().removeprefix("git version ")
        git_median = statistics.median(git_ms)
        walk_ratio = statistics.median(ours_ms) / git_median
        known_ratio = statistics.median(known_ms) / git_median
        first_ratio = first_ms / git_seed_ms

        def target(label: str, ratio: float, limit: float) -> str:
            return f"  {label:58} {f'{ratio:.2f}x git':>10}   {'MET' if ratio <= limit else 'MISSED'}"

        report = [
            "",
            f"Snapshot of {arguments.files:,} files after changing {arguments.changed} "
            f"({arguments.rounds} rounds); {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}",
            f"  first full snapshot: {first_ms:.1f} ms end to end ({first['ms']:.1f} ms in process, "
            f"{first['newObjects']:,} objects); git add -A && git commit of the same tree: {git_seed_ms:.1f} ms",
            "",
            f"  {'':44} {'runs':>5} {'min':>11} {'median':>11} {'p90':>11}",
            row("snapshot-bench, known changes, in process", known_in_process_ms),
            row("snapshot-bench, known changes (end to end)", known_ms),
            row("snapshot-bench, walk, in process", in_process_ms),
            row("snapshot-bench, walk (end to end)", ours_ms),
            row(f"git {git_version} add -A && commit (end to end)", git_ms),
            f"  files hashed per round (median): known changes {statistics.median(known_hashed):.0f}, "
            f"walk {statistics.median(hashed):.0f}",
            "",
            "Targets, judged on medians (a median far above the minimum means other work shared the CPU)",
            target("after the changes, from known changes: under half of git's", known_ratio, 0.5),
            target("first full snapshot: no slower than git's first commit", first_ratio, 1.0),
            f"  (after the changes, walking the tree: {walk_ratio:.2f}x git's time)",
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
