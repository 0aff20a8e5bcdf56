#!/usr/bin/env python3
"""Runs each fuzz target (built by `make fuzz`) for a while and reports what it did.

For each target: first every regression input kept in Fuzz/Regressions/<target>/ is run once (each is a crash found
earlier, now fixed: it must pass), then libFuzzer fuzzes for --seconds, starting from the seed corpus in
Fuzz/Corpus/<target>/ and keeping what it discovers in a working corpus under --work (never in the repository).
A crash, a timeout or a broken property leaves its input in --work/crashes/<target>/: copy it to
Fuzz/Regressions/<target>/ with the fix. Prints one line per target (executions, speed, coverage, corpus) and exits
1 when any target found something.
"""
import argparse
import os
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
# Swift's own crash handler would print a backtrace and exit before libFuzzer could save the input.
ENVIRONMENT = dict(os.environ, SWIFT_BACKTRACE="enable=no")
TARGETS = ["yaml", "json", "jsonrpc", "sse", "stream-json", "lcov", "cobertura", "sarif", "policy"]


def replay(binary: pathlib.Path, target: str) -> list:
    inputs = sorted((HERE / "Regressions" / target).glob("*")) if (HERE / "Regressions" / target).is_dir() else []
    failures = []
    for path in inputs:
        # Given files (not folders), libFuzzer runs each once and exits: a crash is a non-zero exit.
        result = subprocess.run([str(binary), "-timeout=10", str(path)], capture_output=True, text=True,
                                env=ENVIRONMENT)
        if result.returncode != 0:
            failures.append(f"{path.name}: {result.stderr.strip().splitlines()[-1:] }")
    return failures


def fuzz(binary: pathlib.Path, target: str, seconds: int, work: pathlib.Path) -> dict:
    corpus = work / "corpus" / target
    crashes = work / "crashes" / target
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    command = [str(binary), f"-max_total_time={seconds}", "-print_final_stats=1", "-timeout=10",
               f"-artifact_prefix={crashes}/", str(corpus), str(HERE / "Corpus" / target)]
    result = subprocess.run(command, capture_output=True, text=True, env=ENVIRONMENT)
    log = result.stderr
    (work / f"{target}.log").write_text(log)
    stat = lambda name: int(m.group(1)) if (m := re.search(rf"stat::{name}:\s+(\d+)", log)) else 0
    coverage = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)/", log)
    found = [line for line in log.splitlines() if "Test unit written to" in line]
    return {
        "executions": stat("number_of_executed_units"),
        "per_second": stat("average_exec_per_sec"),
        "coverage": int(coverage[-1][0]) if coverage else 0,
        "features": int(coverage[-1][1]) if coverage else 0,
        "corpus": int(coverage[-1][2]) if coverage else 0,
        "found": found,
        "status": result.returncode,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=pathlib.Path, default=HERE / ".build/debug")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--work", type=pathlib.Path, default=HERE.parent / ".build/fuzz")
    parser.add_argument("targets", nargs="*", default=TARGETS)
    options = parser.parse_args()
    failed = False
    print(f"{'target':<12} {'executions':>11} {'exec/s':>8} {'coverage':>9} {'features':>9} {'corpus':>7}  result")
    for target in options.targets:
        binary = options.build / f"fuzz-{target}"
        if not binary.exists():
            print(f"{target:<12} missing {binary}: build it with `make fuzz`", file=sys.stderr)
            return 2
        regressions = replay(binary, target)
        outcome = fuzz(binary, target, options.seconds, options.work)
        problems = regressions + outcome["found"]
        if outcome["status"] != 0 and not outcome["found"]:
            problems.append(f"libFuzzer exited {outcome['status']} (see {options.work / (target + '.log')})")
        failed |= bool(problems)
        result = "ok" if not problems else "FOUND: " + "; ".join(problems)
        print(f"{target:<12} {outcome['executions']:>11,} {outcome['per_second']:>8,} {outcome['coverage']:>9,} "
              f"{outcome['features']:>9,} {outcome['corpus']:>7,}  {result}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
