#!/usr/bin/env python3
"""Engine overhead per phase of `orchestrator run start` beside LangGraph, measured in the same run.

Both sides run the same six-phase linear workflow (planning, architecture, data, development, qa,
documentation) whose steps do nothing but write one ~100-byte file, `out/<phase>.txt`, into a fresh
workspace, with a durable checkpoint per step in a fresh SQLite file. What is left is engine overhead.
On our side each step is one agent (`agents/writer.yaml`: only the file_system tool) run through the
whole agent runtime on the offline provider: a model turn asking for the write, the schema-checked
tool call, and a summary turn.

Ours, one process per run (the conservative number for us): a fresh temporary workspace holding
intake.yaml; wall clock (time.perf_counter around subprocess.run) of
`orchestrator run start --intake DIR/intake.yaml --workspace DIR --json`: process start, parsing,
opening DIR/.orchestrator/state.db, the six phases and their checkpoints, and exit. Each run is checked
afterwards: exit 0, JSON on stdout, the six files, state.db present and passing PRAGMA integrity_check.
The `durationMs` the JSON reports (top level or under "workflow") is shown when present.

LangGraph, in this Python process (warm: langgraph imported, code paths exercised by the warm-up):
a StateGraph of six nodes, START -> planning -> ... -> documentation -> END, each writing its file
and returning a small state update; SqliteSaver on a new SQLite file in a new workspace
(sqlite3.connect(path, check_same_thread=False)), a new thread_id per run. Per run it times
  (a) graph.invoke only: the six steps and their checkpoints, including the saver's lazy table set-up
      (CREATE TABLE IF NOT EXISTS on the new file, as our side creates its schema); the generous number;
  (b) saver creation + StateGraph building + compile + invoke.
Each run is checked afterwards: the final state lists the six phases, the six files hold what the
nodes wrote, and the checkpoints table holds at least one checkpoint per step for the thread.
For information, it also times (c) a whole LangGraph process doing one run (Python start, imports, (b)),
the like-for-like counterpart of our process.

In process, at the same durability (the target): `engine-bench` (Benchmarks/Benchmarks/EngineBench) runs
the same workflow in one warm process and reports what a phase costs, by part (store writes and reads, event
delivery, model turns, tool calls, snapshot, gates, merge), from the engine's own meter. LangGraph runs warm
with durability="sync" (each step's checkpoint written before the next step starts, as ours is) on a
connection set to the same SQLite `synchronous` as our store: NORMAL (our default: WAL, fsync at WAL
checkpoints only) and FULL (an fsync per commit; LangGraph's own default on Debian's SQLite). The two sides
take turns in slices, so noise on this shared machine hits both. Target, on medians: ours per phase no slower
than LangGraph per node, at each setting.

The whole-process numbers stay for information (the earlier whole-process-against-warm-invoke target is
retired: a process must start, a warm graph need not). A measurement, not a test: a missed target is printed
as MISSED and the exit status stays 0. It exits non-zero only when the comparison is broken: a run failed, or
left no files or checkpoints behind.

Our side uses only the standard library; langgraph and langgraph-checkpoint-sqlite must be importable
by this Python (run it with the venv's Python).

Usage: compare_workflow.py --orchestrator PATH --engine-bench PATH [--runs 20] [--warmup 3] [--process-runs 5]
       compare_workflow.py --langgraph-only
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import math
import operator
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Annotated, TypedDict

PHASES = ["planning", "architecture", "data", "development", "qa", "documentation"]
# Every phase runs one agent through the whole agent runtime (the offline provider's model turn, a
# schema-checked file_system.write, the summary turn), and nothing else: no skills, no subagents, no
# python_executor (the built-in qa agent would run the test suite, which is work, not overhead).
AGENTS = {phase: "writer" for phase in PHASES}
WRITER_AGENT = """agent:
  id: writer
  description: Writes the one file its phase requires.
  system_prompt: "Write the file your task names."
  tools: [file_system]
  max_steps: 4
"""
SPEED_UP_TARGET = 5.0
TIMEOUT = 120.0  # seconds one run of either side may take before the comparison fails loudly

# Reviews are off: LangGraph's graph has no reviewer, and the comparison is of one writer per phase.
INTAKE = f"""project:
  name: "Bench"
requirements:
  - "Write one small file per phase"
phases: [{", ".join(PHASES)}]
constraints:
  review_rounds: 0
agents:
{"".join(f"  {phase}: [{AGENTS[phase]}]{chr(10)}" for phase in PHASES)}artifacts:
{"".join(f'  {phase}: ["out/{phase}.txt"]{chr(10)}' for phase in PHASES)}"""


class BenchError(Exception):
    """Something broke: the numbers cannot be trusted."""


# --- LangGraph -------------------------------------------------------------------------------------


def file_text(phase: str, project: str, previous: str, thread: str) -> str:
    """About 100 bytes that depend on the state the node received."""
    line = f"{phase} done for {project} after {previous or 'start'}; thread {thread}"
    return line[:99].ljust(99) + "\n"


class State(TypedDict):
    """The LangGraph state; `done` accumulates, the rest is overwritten. Module level so that
    LangGraph can resolve the (postponed) annotations."""

    project: str
    thread: str
    last: str
    done: Annotated[list[str], operator.add]


def import_langgraph():
    try:
        from langgraph.checkpoint.sqlite import SqliteSaver
        from langgraph.graph import END, START, StateGraph
    except ImportError as error:
        raise BenchError(
            f"{error}; install langgraph and langgraph-checkpoint-sqlite beside {sys.executable}"
        ) from None
    return State, StateGraph, START, END, SqliteSaver


def build_graph(langgraph, workspace: Path):
    State, StateGraph, START, END, _ = langgraph
    out = workspace / "out"

    def node(phase: str):
        def write(state: dict) -> dict:
            out.mkdir(exist_ok=True)
            text = file_text(phase, state["project"], state["last"], state["thread"])
            (out / f"{phase}.txt").write_text(text, encoding="utf-8")
            return {"last": phase, "done": [phase]}

        return write

    builder = StateGraph(State)
    previous = START
    for phase in PHASES:
        builder.add_node(phase, node(phase))
        builder.add_edge(previous, phase)
        previous = phase
    builder.add_edge(previous, END)
    return builder


def langgraph_run(langgraph, durability: str, synchronous: str | None = None) -> tuple[float, float, int]:
    """One run in a new workspace: (invoke ms, saver + build + compile + invoke ms, checkpoints). With
    `synchronous`, the connection is set to it (WAL, as SqliteSaver sets) before the saver uses it."""
    SqliteSaver = langgraph[4]
    workspace = Path(tempfile.mkdtemp(prefix="lgbench-"))
    thread = uuid.uuid4().hex
    conn = None
    try:
        start = time.perf_counter()
        conn = sqlite3.connect(workspace / "checkpoints.sqlite", check_same_thread=False)
        if synchronous:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={synchronous}")
        graph = build_graph(langgraph, workspace).compile(checkpointer=SqliteSaver(conn))
        config = {"configurable": {"thread_id": thread}}
        state = {"project": "Bench", "thread": thread, "last": "", "done": []}
        invoked = time.perf_counter()
        result = graph.invoke(state, config, durability=durability)
        end = time.perf_counter()
        checkpoints = verify_langgraph(workspace, conn, thread, result)
        return (end - invoked) * 1e3, (end - start) * 1e3, checkpoints
    finally:
        if conn is not None:
            conn.close()
        shutil.rmtree(workspace, ignore_errors=True)


def verify_langgraph(workspace: Path, conn: sqlite3.Connection, thread: str, result: dict) -> int:
    if result.get("done") != PHASES:
        raise BenchError(f"LangGraph final state lists {result.get('done')}, expected {PHASES}")
    previous = ""
    for phase in PHASES:
        path = workspace / "out" / f"{phase}.txt"
        if not path.is_file() or path.read_text(encoding="utf-8") != file_text(phase, "Bench", previous, thread):
            raise BenchError(f"LangGraph left {path} missing or wrong")
        previous = phase
    (count,) = conn.execute("SELECT COUNT(*) FROM checkpoints WHERE thread_id = ?", (thread,)).fetchone()
    if count < len(PHASES):
        raise BenchError(f"LangGraph wrote {count} checkpoints for {len(PHASES)} steps")
    return count


def langgraph_child(durability: str) -> int:
    """Body of (c): one complete run in a process of its own."""
    try:
        langgraph_run(import_langgraph(), durability)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def langgraph_process_runs(count: int, durability: str) -> list[float]:
    command = [sys.executable, os.path.abspath(__file__), "--langgraph-child", "--durability", durability]
    samples = []
    for index in range(count + 1):  # the first run warms the file cache and is not counted
        start = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        elapsed = (time.perf_counter() - start) * 1e3
        if completed.returncode != 0:
            raise BenchError(f"a LangGraph process exited {completed.returncode}: {completed.stderr.strip()[-1500:]}")
        if index:
            samples.append(elapsed)
    return samples


# --- orchestrator ----------------------------------------------------------------------------------


def duration_ms(reply: object) -> float | None:
    """The engine's own `durationMs`, at the top level or under "workflow", when the JSON holds one."""
    if not isinstance(reply, dict):
        return None
    for holder in (reply, reply.get("workflow")):
        if isinstance(holder, dict) and isinstance(holder.get("durationMs"), (int, float)):
            return float(holder["durationMs"])
    return None


def orchestrator_run(binary: str) -> tuple[float, float | None]:
    """One run in a new workspace: (whole process ms, durationMs from the JSON or None)."""
    workspace = Path(tempfile.mkdtemp(prefix="orchbench-"))
    try:
        intake = workspace / "intake.yaml"
        intake.write_text(INTAKE, encoding="utf-8")
        (workspace / "agents").mkdir()
        (workspace / "agents/writer.yaml").write_text(WRITER_AGENT, encoding="utf-8")
        command = [binary, "run", "start", "--intake", str(intake), "--workspace", str(workspace), "--json"]
        start = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        elapsed = (time.perf_counter() - start) * 1e3
        if completed.returncode != 0:
            output = (completed.stdout + completed.stderr).strip()[-1500:]
            raise BenchError(f"`orchestrator run start` exited {completed.returncode}:\n{output}")
        try:
            reply = json.loads(completed.stdout)
        except json.JSONDecodeError:
            raise BenchError(f"`run start --json` printed no JSON: {completed.stdout[:300]!r}") from None
        verify_orchestrator(workspace)
        return elapsed, duration_ms(reply)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def verify_orchestrator(workspace: Path) -> None:
    missing = [phase for phase in PHASES if not (workspace / "out" / f"{phase}.txt").is_file()]
    if missing:
        raise BenchError(f"orchestrator left no out/<phase>.txt for {', '.join(missing)}")
    database = workspace / ".orchestrator" / "state.db"
    if not database.is_file():
        raise BenchError(f"orchestrator left no {database}")
    conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        (verdict,) = conn.execute("PRAGMA integrity_check").fetchone()
    finally:
        conn.close()
    if verdict != "ok":
        raise BenchError(f"{database} fails PRAGMA integrity_check: {verdict}")


# --- in process, same durability -------------------------------------------------------------------

SETTINGS = ["NORMAL", "FULL"]


def engine_bench(binary: str, runs: int, synchronous: str) -> dict:
    """One slice of `engine-bench`: its JSON (medians over `runs` runs after its own two warm-up runs)."""
    completed = subprocess.run([binary, str(runs), synchronous.lower()], capture_output=True, text=True,
                               timeout=TIMEOUT * runs, check=False)
    if completed.returncode != 0:
        raise BenchError(f"engine-bench exited {completed.returncode}: {completed.stderr.strip()[-1500:]}")
    reply = json.loads(completed.stdout)
    if reply.get("synchronous") != synchronous:
        raise BenchError(f"engine-bench ran with synchronous={reply.get('synchronous')}, asked {synchronous}")
    return reply


def same_durability(binary: str, langgraph, runs: int, slices: int) -> dict:
    """Per setting: ours (per-phase medians of each slice, and their parts) and LangGraph (per-node ms of each run)."""
    results = {setting: {"ours": [], "parts": [], "theirs": []} for setting in SETTINGS}
    per_slice = max(1, runs // slices)
    for _ in range(slices):
        for setting in SETTINGS:
            reply = engine_bench(binary, per_slice, setting)
            results[setting]["ours"].append(reply["parts"]["phase"]["perPhaseMs"])
            results[setting]["parts"].append(reply["parts"])
            for _ in range(per_slice):
                results[setting]["theirs"].append(
                    langgraph_run(langgraph, "sync", synchronous=setting)[0] / len(PHASES))
    return results


def breakdown(parts: list[dict]) -> list[str]:
    names = [name for name in parts[0] if name != "phase"]
    rows = []
    for name in sorted(names, key=lambda n: -statistics.median(p[n]["perPhaseMs"] for p in parts)):
        ms = statistics.median(p[name]["perPhaseMs"] for p in parts)
        count = statistics.median(p[name]["countPerPhase"] for p in parts)
        rows.append(f"    {name:16} {ms:8.3f} ms  ({count:.1f} per phase)")
    return rows


# --- report ----------------------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile: always one of the measured values."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def row(label: str, samples: list[float]) -> str:
    median = statistics.median(samples)
    return (f"  {label:50} {len(samples):5d} {min(samples):9.2f} {median:9.2f} {percentile(samples, 0.9):9.2f}"
            f" {median / len(PHASES):10.2f}")


def comparison(label: str, ours: float | None, theirs: float, target: bool) -> str:
    if ours is None:
        return f"  {label:68} {'-':>8}   NOT MEASURED"
    ratio = theirs / ours
    goal = ("MET" if ratio >= SPEED_UP_TARGET else "MISSED") if target else "(for information)"
    return f"  {label:68} {ratio:7.1f}x   {goal}"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orchestrator", help="the orchestrator binary (the release build)")
    parser.add_argument("--engine-bench", help="Benchmarks/.build/release/engine-bench (the in-process comparison)")
    parser.add_argument("--slices", type=int, default=5, help="turns each side takes in the in-process comparison")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each side (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each side first (default 3)")
    parser.add_argument("--process-runs", type=int, default=5,
                        help="timed whole LangGraph processes, for information; 0 skips them (default 5)")
    parser.add_argument("--durability", choices=["async", "sync", "exit"], default="async",
                        help="LangGraph's durability mode (default async, LangGraph's own default: each "
                             "step's checkpoint is written while the next step runs and awaited before "
                             "invoke returns; sync awaits it before the next step)")
    parser.add_argument("--langgraph-only", action="store_true", help="measure only the LangGraph side")
    parser.add_argument("--langgraph-child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.langgraph_child:
        return arguments
    if arguments.runs < 1 or arguments.warmup < 0 or arguments.process_runs < 0:
        parser.error("--runs must be at least 1; --warmup and --process-runs at least 0")
    if not arguments.langgraph_only:
        if not arguments.orchestrator:
            parser.error("--orchestrator is required unless --langgraph-only")
        if not os.access(arguments.orchestrator, os.X_OK):
            parser.error(f"{arguments.orchestrator} is not an executable (`make bench` builds it)")
        if arguments.engine_bench and not os.access(arguments.engine_bench, os.X_OK):
            parser.error(f"{arguments.engine_bench} is not an executable (`make bench` builds it)")
    return arguments


def main() -> int:
    arguments = parse_arguments()
    if arguments.langgraph_child:
        return langgraph_child(arguments.durability)
    try:
        langgraph = import_langgraph()
        for _ in range(arguments.warmup):
            langgraph_run(langgraph, arguments.durability)
        lg_runs = [langgraph_run(langgraph, arguments.durability) for _ in range(arguments.runs)]
        lg_process = langgraph_process_runs(arguments.process_runs, arguments.durability)
        ours, engine = [], []
        durable = None
        if arguments.engine_bench and not arguments.langgraph_only:
            durable = same_durability(arguments.engine_bench, langgraph, arguments.runs, arguments.slices)
        if not arguments.langgraph_only:
            for _ in range(arguments.warmup):
                orchestrator_run(arguments.orchestrator)
            for _ in range(arguments.runs):
                elapsed, reported = orchestrator_run(arguments.orchestrator)
                ours.append(elapsed)
                if reported is not None:
                    engine.append(reported)
    except (BenchError, OSError, sqlite3.Error, subprocess.TimeoutExpired) as error:
        print(f"compare_workflow: FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        return 1

    lg_invoke = [run[0] for run in lg_runs]
    lg_setup = [run[1] for run in lg_runs]
    checkpoints = sorted({run[2] for run in lg_runs})
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lg_name = (f"LangGraph {version('langgraph')} + checkpoint-sqlite {version('langgraph-checkpoint-sqlite')}")
    report = [
        "",
        f"Six-phase linear workflow, one ~100-byte file per phase, a SQLite checkpoint per step; "
        f"{arguments.warmup} warm-up runs per side",
        f"{lg_name}, durability={arguments.durability}, "
        f"{'/'.join(map(str, checkpoints))} checkpoints per run; Python {sys.version.split()[0]}",
        f"{os.cpu_count()} cores, load average {load} (a median far above the minimum means the CPU was shared)",
        "",
        f"  {'(ms)':50} {'runs':>5} {'min':>9} {'median':>9} {'p90':>9} {'per phase':>10}",
    ]
    if ours:
        report.append(row("orchestrator run start (whole process)", ours))
        if engine:
            report.append(row("  durationMs the engine reports", engine))
        else:
            report.append(f"  {'  durationMs the engine reports':50} not in the JSON")
    elif not arguments.langgraph_only:
        report.append(f"  {'orchestrator run start (whole process)':50} no runs")
    report += [
        row("LangGraph (a) graph.invoke (warm, in process)", lg_invoke),
        row("LangGraph (b) saver + build + compile + invoke", lg_setup),
    ]
    if lg_process:
        report.append(row("LangGraph (c) whole Python process, one run", lg_process))
    ours_ms = statistics.median(ours) if ours else None
    engine_ms = statistics.median(engine) if engine else None
    report += [
        "",
        f"Whole process, LangGraph / ours, per phase on medians (for information; the {SPEED_UP_TARGET:g}x target on it is retired)",
        comparison("ours whole process vs LangGraph (a) invoke only", ours_ms,
                   statistics.median(lg_invoke), target=False),
        comparison("  ours whole process vs LangGraph (b) saver + compile + invoke", ours_ms,
                   statistics.median(lg_setup), target=False),
    ]
    if lg_process:
        report.append(comparison("  like for like: ours whole process vs LangGraph (c) whole process", ours_ms,
                                 statistics.median(lg_process), target=False))
    report += [
        comparison("  ours durationMs vs LangGraph (a) invoke only", engine_ms,
                   statistics.median(lg_invoke), target=False),
        "",
    ]
    if durable:
        report += [
            "In process, per phase, at the same durability (LangGraph durability=sync; SQLite WAL with the same",
            "`synchronous` on both sides), target: ours no slower than LangGraph per node",
            f"  {'synchronous':12} {'ours / phase':>14} {'LangGraph / node':>18} {'LangGraph / ours':>18}",
        ]
        for setting in SETTINGS:
            ours_phase = statistics.median(durable[setting]["ours"])
            theirs_node = statistics.median(durable[setting]["theirs"])
            ratio = theirs_node / ours_phase
            report.append(f"  {setting:12} {ours_phase:11.3f} ms {theirs_node:15.3f} ms {ratio:17.2f}x   "
                          f"{'MET' if ratio >= 1.0 else 'MISSED'}")
        for setting in SETTINGS:
            report += ["", f"  where a phase's time goes, synchronous={setting} (parts overlap; medians of slices):"]
            report += breakdown(durable[setting]["parts"])
        report.append("")
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
