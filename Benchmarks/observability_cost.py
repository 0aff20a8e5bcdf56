#!/usr/bin/env python3
"""What observability costs when it is off, and when it is on: `orchestrator --version` wall time (the CLI's
start-up) and instructions (callgrind's count, which unlike the time does not drift with the machine's load), and
`serve --socket`'s memory (VmRSS, and of it the process's own anonymous memory) right after start and after 200
requests, for the binary under test
beside a baseline binary from before logs, metrics and traces were added (issue 18), measured in the same run.

The baseline is a release binary built from the commit before the issue (`--baseline PATH`); without one, the
numbers recorded in Benchmarks/baselines/observability-before.json on the machine that built it are shown
instead, labelled as recorded. Rows with observability on (JSON logs, metrics endpoint, OTLP traces to a closed
port) show what switching each on costs. A report, not a test: it exits 0 whatever the numbers, 1 when a server
does not start.

Usage: observability_cost.py --orchestrator PATH [--baseline PATH] [--runs 200] [--record]
"""

from __future__ import annotations

import argparse, json, os, pathlib, re, shutil, socket, statistics, subprocess, sys, tempfile, time

HERE = pathlib.Path(__file__).resolve().parent
RECORDED = HERE / "baselines/observability-before.json"
TIMEOUT = 20.0


def rss_mb(pid: int) -> tuple[float, float]:
    """VmRSS, and RssAnon: the process's own memory, without the binary's pages mapped from the page cache."""
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["RssAnon"].split()[0]) / 1024


def instructions(binary: str, env: dict) -> int | None:
    """Instructions `--version` executes, counted by callgrind (on a copy without debug sections, which valgrind
    3.19 cannot read); None without valgrind."""
    if not shutil.which("valgrind") or not shutil.which("strip"):
        return None
    with tempfile.TemporaryDirectory(prefix="orc-obs-") as folder:
        copy = os.path.join(folder, "orchestrator")
        shutil.copy(binary, copy)
        subprocess.run(["strip", "--strip-debug", copy], check=True)
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", copy, "--version"],
                              env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) if found else None


def serve_memory(binary: str, extra: list[str], env: dict) -> tuple[float, float]:
    """VmRSS right after `serve` is ready, and after 200 `server/info` round trips on one connection."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="orc-obs-"))
    os.chmod(folder, 0o700)
    path = folder / "run/rpc.sock"
    log = folder / "serve.log"
    with open(log, "wb") as stderr:
        process = subprocess.Popen([binary, "serve", "--socket", str(path), *extra], cwd=folder, env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + TIMEOUT
        while b"serving JSON-RPC on" not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"observability_cost: serve did not start: {log.read_text()[-500:]}")
            time.sleep(0.01)
        time.sleep(0.2)  # let start-up's transient allocations settle before reading memory
        at_start = rss_mb(process.pid)
        client = socket.socket(socket.AF_UNIX)
        client.settimeout(TIMEOUT)
        client.connect(str(path))
        buffer = b""
        for number in range(200):
            client.sendall(json.dumps({"jsonrpc": "2.0", "id": number, "method": "server/info"}).encode() + b"\n")
            while b"\n" not in buffer:
                buffer += client.recv(65536)
            buffer = buffer.split(b"\n", 1)[1]
        client.close()
        time.sleep(0.2)
        return at_start, rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=TIMEOUT)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rows(binary: str, on: bool) -> dict:
    """Label -> (binary, environment, extra serve flags)."""
    base = {key: value for key, value in os.environ.items()
            if not key.startswith(("OTEL_", "ORCHESTRATOR_LOG_", "TRACEPARENT"))}
    table = {"off": (binary, base, [])}
    if on:
        table["JSON logs"] = (binary, {**base, "ORCHESTRATOR_LOG_FORMAT": "json"}, [])
        table["metrics endpoint"] = (binary, base, ["--metrics-address", "127.0.0.1:0"])
        table["OTLP traces"] = (binary, {**base, "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{closed_port()}"},
                                [])
    return table


def measure(table: dict, runs: int) -> dict:
    """`--version` timed with the rows taking turns (so the machine's drift falls on all alike), then memory."""
    samples = {label: [] for label in table}
    for index in range(runs + 5):
        for label, (binary, env, _) in table.items():
            started = time.perf_counter()
            subprocess.run([binary, "--version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                           check=True)
            if index >= 5:
                samples[label].append((time.perf_counter() - started) * 1000)
    results = {}
    for label, (binary, env, extra) in table.items():
        start, after = serve_memory(binary, extra, env)
        count = instructions(binary, env)
        results[label] = {"version_ms": round(statistics.median(samples[label]), 2),
                          "version_minstr": count and round(count / 1e6, 2),
                          "rss_start_mb": round(start[0], 1), "anon_start_mb": round(start[1], 1),
                          "rss_after_200_mb": round(after[0], 1), "anon_after_200_mb": round(after[1], 1)}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orchestrator", required=True)
    parser.add_argument("--baseline", help="a release binary from before the issue, measured in the same run")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--record", action="store_true", help=f"write the baseline's numbers to {RECORDED.name}")
    options = parser.parse_args()
    options.orchestrator = os.path.abspath(options.orchestrator)
    options.baseline = options.baseline and os.path.abspath(options.baseline)

    table = rows(options.orchestrator, on=True)
    if options.baseline:
        table = {"before": rows(options.baseline, on=False)["off"], **table}
    measured = measure(table, options.runs)
    before = measured.pop("before", None)
    current = measured
    if before:
        source = "measured now, taking turns with the binary under test"
        if options.record:
            RECORDED.write_text(json.dumps({"note": "release binary of 39811ee (before issue 18), same machine",
                                            "off": before}, indent=2) + "\n")
    elif RECORDED.exists():
        before = json.loads(RECORDED.read_text())["off"]
        source = "recorded (" + json.loads(RECORDED.read_text())["note"] + ")"
    else:
        before, source = None, "none"

    print("\n## Observability: cost when off, and when on\n")
    print(f"`--version` median of {options.runs} runs; serve's VmRSS after start and after 200 requests. Baseline: "
          f"{source}.\n")
    print("| binary | observability | `--version` ms | `--version` M instructions | RSS at start MB (own) "
          "| after 200 requests MB (own) |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    def line(binary: str, label: str, row: dict) -> None:
        print(f"| {binary} | {label} | {row['version_ms']} | {row.get('version_minstr') or '-'} "
              f"| {row['rss_start_mb']} ({row.get('anon_start_mb', '-')}) "
              f"| {row['rss_after_200_mb']} ({row.get('anon_after_200_mb', '-')}) |")
    if before:
        line("before", "off", before)
    for label, row in current.items():
        line("now", label, row)
    print("\n\"own\" is RssAnon: the process's memory without the binary's code and data mapped from the page cache "
          "(shared, clean, and larger when the binary is).")
    if before:
        off = current["off"]
        print(f"\nOff, now against before: `--version` {off['version_ms'] - before['version_ms']:+.2f} ms", end="")
        if off.get("version_minstr") and before.get("version_minstr"):
            change = (off["version_minstr"] - before["version_minstr"]) / before["version_minstr"] * 100
            print(f" ({change:+.1f}% instructions)", end="")
        print(f", RSS at start {off['rss_start_mb'] - before['rss_start_mb']:+.1f} MB", end="")
        if "anon_start_mb" in before:
            print(f" (own {off['anon_start_mb'] - before['anon_start_mb']:+.1f} MB)", end="")
        print(".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
