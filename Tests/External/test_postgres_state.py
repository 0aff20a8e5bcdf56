"""Workflow state in PostgreSQL: the analytics example run offline with `--database` against a throwaway server
(make test-external runs these tests through Tests/Services/with-postgres, which sets
ORCHESTRATOR_TEST_DATABASE_URL), seen from later invocations, and reported as the same run in the embedded SQLite
store reports it.

The oracles are outside the engine: the server's own catalogue read with psql, and the workspace's files.
"""
import json
import os
import pathlib
import queue
import shutil
import subprocess
import tempfile
import threading
import uuid

import pytest

from conftest import ROOT, run, set_waiver

SERVER = os.environ.get("ORCHESTRATOR_TEST_DATABASE_URL", "")

# Skipped without a server, saying how to get one; under make test (ORCHESTRATOR_TESTS_REQUIRE_ALL=1) a skip fails.
needs_server = pytest.mark.skipif(
    not SERVER,
    reason="no PostgreSQL server: set ORCHESTRATOR_TEST_DATABASE_URL to a server's URL "
    "(postgres://user@host:port/postgres), or run through Tests/Services/with-postgres, which starts a throwaway "
    "one (make test does)")


def psql(sql: str, url: str = SERVER) -> str:
    """Runs SQL with PostgreSQL's own client and returns its unaligned output."""
    result = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def database():
    """A fresh database on the test server, dropped afterwards: its URL."""
    name = "external_" + uuid.uuid4().hex
    psql(f"CREATE DATABASE {name}")
    yield SERVER.rsplit("/", 1)[0] + "/" + name
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def second_example():
    """Another scratch copy of the analytics example, for the embedded run to compare with."""
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-example-sqlite-"))
    shutil.copytree(ROOT / "examples/analytics", directory, dirs_exist_ok=True)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def meaningful(report: dict) -> dict:
    """What a run's report says about the work (not when it ran, how long it took or where): its outcome, each
    phase's status, checkpoint, attempt, agents and review, and the token totals."""
    phases = [{key: phase.get(key) for key in ("phase", "checkpoint", "status", "attempt", "agents", "artifacts",
                                               "subagents", "delegations", "review")}
              for phase in report["phases"]]
    return {"id": report["id"], "project": report["project"], "status": report["status"],
            "interrupted": report["interrupted"], "phases": phases, "tokens": report["tokens"]}


@needs_server
def test_the_example_runs_with_its_state_in_postgres_and_reports_as_the_embedded_store_does(
        orchestrator, example, second_example, database, tmp_path):
    for workspace in (example, second_example):
        set_waiver(workspace, "2999-12-31")
    started = run(orchestrator, "--database", database, "run", "start", "--intake", "intake.yaml", "--json",
                  cwd=example, timeout=300)
    assert started.returncode == 0, started.stderr
    in_postgres = json.loads(started.stdout)
    assert in_postgres["status"] == "completed"
    assert not (example / ".orchestrator/state.db").exists(), "the state went to the server, not the workspace"
    assert psql("SELECT status FROM workflows", database) == "completed"
    assert psql("SELECT count(*) FROM checkpoints WHERE status = 'passed'", database) == "6"

    # A second invocation, given the database the other way, sees the run completed.
    environment = dict(os.environ, ORCHESTRATOR_DATABASE_URL=database)
    status = subprocess.run([orchestrator, "run", "status", "--json"], cwd=example, env=environment,
                            capture_output=True, text=True, timeout=60)
    assert status.returncode == 0, status.stderr
    assert meaningful(json.loads(status.stdout)) == meaningful(in_postgres)
    listed = run(orchestrator, "run", "list", "--json", "--database", database, cwd=example)
    assert listed.returncode == 0, listed.stderr
    workflows = json.loads(listed.stdout)["workflows"]
    assert [(w["id"], w["status"]) for w in workflows] == [(in_postgres["id"], "completed")]
    verified = run(orchestrator, "governance", "audit", "--verify", "--database", database, cwd=example)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    embedded = run(orchestrator, "run", "start", "--intake", "intake.yaml", "--json", cwd=second_example,
                   timeout=300)
    assert embedded.returncode == 0, embedded.stderr
    assert meaningful(json.loads(embedded.stdout)) == meaningful(in_postgres)

    # Each checkout, the state read from PostgreSQL or from the workspace, is the same bytes.
    for name, workspace, options in (("postgres", example, ["--database", database]),
                                     ("embedded", second_example, [])):
        checkout = run(orchestrator, *options, "checkout", in_postgres["id"], str(tmp_path / name), cwd=workspace)
        assert checkout.returncode == 0, checkout.stderr
    trees = [{str(p.relative_to(tmp_path / name)): p.read_bytes() for p in (tmp_path / name).rglob("*") if p.is_file()}
             for name in ("postgres", "embedded")]
    assert trees[0] == trees[1] and "docs/plan.md" in trees[0]


@needs_server
def test_a_database_url_that_is_not_postgres_is_a_usage_error_and_a_password_is_never_printed(orchestrator, example):
    result = run(orchestrator, "run", "list", "--database", "mysql://alice:s3cret@db/state", cwd=example)
    assert result.returncode == 2
    assert "expected a PostgreSQL URL" in result.stderr and "s3cret" not in result.stderr
    unreachable = SERVER.replace("://postgres@", "://postgres:s3cret@").rsplit("/", 1)[0] + "/no_such_database"
    result = run(orchestrator, "run", "list", "--database", unreachable, cwd=example)
    assert result.returncode != 0
    assert "no_such_database" in result.stderr and "s3cret" not in result.stderr


@needs_server
def test_a_server_streams_the_events_of_a_run_another_process_stores_in_the_database(orchestrator, example, database):
    """workflow/subscribe on a server over the database hears a run the CLI makes in another process (each commit
    NOTIFYs; the server LISTENs and reads what it did not write), in order, each event once."""
    set_waiver(example, "2999-12-31")
    server = subprocess.Popen([orchestrator, "--database", database, "serve", "--stdio"], cwd=example,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True)
    reader.start()

    def next_message(timeout: float = 60) -> dict:
        try:
            return json.loads(lines.get(timeout=timeout))
        except queue.Empty:
            raise AssertionError(f"the server sent nothing within {timeout}s")

    try:
        server.stdin.write(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "workflow/subscribe", "params": {}}) + "\n")
        server.stdin.flush()
        reply = next_message()
        assert reply.get("id") == 1 and "result" in reply, reply
        started = run(orchestrator, "--database", database, "run", "start", "--intake", "intake.yaml", "--json",
                      cwd=example, timeout=300)
        assert started.returncode == 0, started.stderr
        workflow = json.loads(started.stdout)["id"]
        events = []
        while not events or events[-1]["kind"] != "workflow.completed":
            message = next_message()
            if message.get("method") == "workflow/event":
                events.append(message["params"])
        stored = psql(f"SELECT count(*) FROM events WHERE workflow_id = '{workflow}'", database)
        assert len(events) == int(stored)
        sequences = [event["sequence"] for event in events]
        assert sequences == sorted(set(sequences))
        kinds = [event["kind"] for event in events]
        assert kinds[0] == "workflow.started" and kinds.count("checkpoint.saved") == 6
    finally:
        server.stdin.close()
        server.terminate()
        server.wait(timeout=30)
