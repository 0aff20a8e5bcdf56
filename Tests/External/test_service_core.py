"""The service core from outside: runs owned by a supervisor, cancel honoured before a run starts, graceful
shutdown of a server with runs in flight, and followers that see a workflow from its first event.

Oracles are independent of the engine: the store is read with Python's sqlite3, processes are signalled and
waited for, and the fake `claude` reports that it runs by opening a FIFO the test reads (no sleeping).
"""
import json
import os
import pathlib
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time

import pytest

from conftest import held_claude, run
from test_socket import TIMEOUT, Peer, Server

# `serve`'s documented bound (Sources/orchestrator/Commands/Serve.swift, protocol/README.md) from SIGTERM to exit.
SHUTDOWN_BOUND_SECONDS = 10


@pytest.fixture
def workspace():
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-svc-"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def store(workspace: pathlib.Path) -> sqlite3.Connection:
    return sqlite3.connect(workspace / ".orchestrator/state.db")


def report(orchestrator, workspace, workflow: str) -> dict:
    result = run(orchestrator, "run", "status", "--json", "--workflow", workflow, cwd=workspace)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_detach_then_cancel_fifty_times_ends_cancelled_and_nothing_runs_after_the_cancel(orchestrator, workspace):
    """A cancel recorded before the background run's first phase-start transaction keeps every phase from starting.
    One that lands later (the background process, started by the command that just returned, had already begun
    its first phase) stops the run at its next safe point. Either way the workflow ends cancelled, `run cancel`
    says so only once it is true, and no phase starts after the cancel was recorded. How many runs had begun a
    phase is printed (`pytest -s`), not asserted: that is a race between two processes the test does not order."""
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    for _ in range(50):
        started = run(orchestrator, "run", "start", "--intake", "intake.yaml", "--detach", "--json", cwd=workspace)
        assert started.returncode == 0, started.stderr
        detached = json.loads(started.stdout)
        # What the reply says is the real state: recorded, its process starting, not interrupted.
        assert detached["status"] in ("pending", "running") and not detached["interrupted"], detached
        cancelled = run(orchestrator, "run", "cancel", cwd=workspace)
        assert cancelled.returncode == 0, cancelled.stderr
        assert cancelled.stdout.strip() == f"cancelled {detached['id']}", cancelled.stdout
        final = report(orchestrator, workspace, detached["id"])
        assert final["status"] == "cancelled" and not final["live"] and not final["interrupted"], final
    with store(workspace) as db:
        assert db.execute("SELECT COUNT(*) FROM workflows WHERE status = 'cancelled'").fetchone()[0] == 50
        assert db.execute("SELECT COUNT(*) FROM workspace_lease").fetchone()[0] == 0
        began = 0
        for (workflow,) in db.execute("SELECT id FROM workflows"):
            kinds = [row[0] for row in db.execute(
                "SELECT kind FROM events WHERE workflow_id = ? ORDER BY sequence", (workflow,))]
            cancel = next(i for i, kind in enumerate(kinds)
                          if kind in ("workflow.cancel-requested", "workflow.cancelled"))
            assert "phase.started" not in kinds[cancel:], (workflow, kinds)
            assert kinds[-1] == "workflow.cancelled", (workflow, kinds)
            began += "phase.started" in kinds
        print(f"{50 - began} of 50 were cancelled before their first phase began; {began} during it")


def test_sigterm_with_two_runs_in_flight_interrupts_both_resumably_and_exits_zero(orchestrator, workspace):
    environment = held_claude(workspace)
    fifo = workspace / "sync.fifo"
    projects = [workspace / "first", workspace / "second"]
    for project in projects:
        project.mkdir()
        assert run(orchestrator, "init", cwd=project).returncode == 0
    server = Server(orchestrator, workspace, env=environment)
    peers = []
    try:
        for project in projects:
            peer = Peer(server.path)
            peer.send({"jsonrpc": "2.0", "id": project.name, "method": "workflow/start", "params": {
                "workspace": str(project), "intake": "intake.yaml", "provider": {"name": "claude-code"}}})
            peers.append(peer)
        # Opened for reading and writing, so the FIFO has a writer between the two fakes' writes (no early EOF).
        with os.fdopen(os.open(fifo, os.O_RDWR), "r") as sync:
            pids = [int(sync.readline()) for _ in projects]
        assert len(set(pids)) == 2, "both runs are inside a model call"
        signalled = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        replies = [peer.reply() for peer in peers]
        status = server.process.wait(timeout=TIMEOUT)
        elapsed = time.monotonic() - signalled
    finally:
        for peer in peers:
            peer.close()
        if server.process.poll() is None:
            server.process.kill()
    assert status == 0, server.logs
    assert elapsed < SHUTDOWN_BOUND_SECONDS, f"took {elapsed:.1f}s to exit"
    assert not server.path.exists(), "the socket is removed"
    for reply in replies:
        assert reply["result"]["status"] == "interrupted" and reply["result"]["interrupted"], reply
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    for project in projects:
        with store(project) as db:
            assert db.execute("SELECT COUNT(*) FROM workspace_lease").fetchone()[0] == 0
            statuses = [row[0] for row in db.execute("SELECT status FROM phase_runs ORDER BY id")]
            assert statuses == ["interrupted"], statuses
        resumed = run(orchestrator, "run", "resume", "--provider", "offline", "--json", cwd=project, timeout=120)
        assert resumed.returncode == 0, resumed.stderr
        assert json.loads(resumed.stdout)["status"] == "completed"


def stdio_session(orchestrator, workspace, *messages) -> list:
    """Sends newline-framed messages to `serve --stdio`, closes its input, and returns every message it wrote."""
    text = "".join(json.dumps(message) + "\n" for message in messages)
    result = subprocess.run(
        [orchestrator, "serve", "--stdio"], cwd=workspace, input=text, capture_output=True, text=True,
        timeout=TIMEOUT * 3)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_stdio_follower_of_workflow_start_receives_workflow_started_first(orchestrator, workspace):
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    messages = stdio_session(orchestrator, workspace, {
        "jsonrpc": "2.0", "id": 1, "method": "workflow/start", "params": {"intake": "intake.yaml", "events": True}})
    events = [m["params"] for m in messages if m.get("method") == "workflow/event"]
    assert events[0]["kind"] == "workflow.started", [event["kind"] for event in events[:3]]
    assert events[-1]["kind"] == "workflow.completed"
    assert messages[-1]["id"] == 1 and messages[-1]["result"]["status"] == "completed"


def test_a_detached_rpc_start_states_the_runs_real_state(orchestrator, workspace):
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    messages = stdio_session(orchestrator, workspace, {
        "jsonrpc": "2.0", "id": 1, "method": "workflow/start", "params": {"intake": "intake.yaml", "detach": True}})
    reply = next(m for m in messages if m.get("id") == 1)["result"]
    # Launched means started: it runs in this server (live), or has already finished; never "interrupted".
    assert not reply["interrupted"], reply
    assert (reply["status"] == "running" and reply["live"]) or reply["status"] in ("completed", "interrupted"), reply
