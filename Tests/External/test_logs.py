"""Logs as a team's collector reads them: `--log-format json` lines from a full run against a loopback Anthropic
server with a fake key, a detached run's log file, and a server's request lines."""
import json
import os
import sqlite3
import subprocess
import time

from conftest import run, write_ci_coverage
from test_tokens import model_server  # noqa: F401  (a fixture)
from test_agents import ScriptedModel

FAKE_KEY = "sk-ant-api03-FAKE-log-test-key-0123456789abcdef"


def parse_lines(text: str) -> list:
    lines = text.splitlines()
    assert lines, "the run logged nothing"
    return [json.loads(line) for line in lines]


def stored_sequences(workspace, workflow: str) -> list:
    with sqlite3.connect(workspace / ".orchestrator/state.db") as db:
        return [row[0] for row in db.execute(
            "SELECT sequence FROM events WHERE workflow_id = ? ORDER BY sequence", (workflow,))]


def test_json_logs_of_a_full_run_parse_carry_the_workflow_id_and_never_the_api_key(
        orchestrator, tmp_path, model_server):  # noqa: F811
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    write_ci_coverage(tmp_path)
    env = {**os.environ, "ANTHROPIC_API_KEY": FAKE_KEY,
           "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{model_server.server_address[1]}"}
    done = subprocess.run(
        [orchestrator, "--log-format", "json", "run", "start", "--intake", "intake.yaml", "--provider", "anthropic",
         "--json", "--log-level", "trace"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    workflow = json.loads(done.stdout)["id"]
    # The key was in play: every model request carried it.
    assert ScriptedModel.requests and all(r["headers"].get("x-api-key") == FAKE_KEY for r in ScriptedModel.requests)
    assert FAKE_KEY not in done.stderr and FAKE_KEY[:24] not in done.stderr

    lines = parse_lines(done.stderr)
    for line in lines:
        assert {"time", "level", "logger", "message"} <= line.keys(), line
    events = [line for line in lines if "event" in line]
    # Every event the store holds for the run is a log line with the run's id, in store order.
    assert [line["sequence"] for line in events] == stored_sequences(tmp_path, workflow)
    assert all(line["workflow_id"] == workflow for line in events)
    assert events[0]["event"] == "workflow.started" and events[-1]["event"] == "workflow.completed"
    phases = [line for line in events if line["event"] == "phase.started"]
    assert [line["phase"] for line in phases] == ["planning", "architecture", "data", "development", "qa",
                                                  "documentation"]
    assert all(line["attempt"] == 1 for line in phases)
    tools = [line for line in events if line["event"] == "tool.call"]
    assert tools and all(line["agent"] and line["tool"] and line["phase"] and line["level"] == "debug"
                         for line in tools)


def test_the_environment_asks_for_json_and_a_detached_runs_log_file_holds_json_lines_only(orchestrator, tmp_path):
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    env = {**os.environ, "ORCHESTRATOR_LOG_FORMAT": "json"}
    started = subprocess.run([orchestrator, "run", "start", "--intake", "intake.yaml", "--detach", "--json"],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert started.returncode == 0, started.stderr
    workflow = json.loads(started.stdout)["id"]
    log = tmp_path / f".orchestrator/logs/{workflow}.log"
    # The background run ends with its last event's line; the deadline only guards against a hang.
    deadline = time.monotonic() + 240
    while '"workflow.completed"' not in (log.read_text() if log.exists() else ""):
        assert time.monotonic() < deadline, log.read_text() if log.exists() else "no log file"
        time.sleep(0.05)
    lines = parse_lines(log.read_text())
    # At the default level every line is about the run, and says which.
    assert all(line["workflow_id"] == workflow for line in lines), [l for l in lines if "workflow_id" not in l]
    assert [line["event"] for line in lines][0] == "workflow.started"
    assert [line["sequence"] for line in lines] == [
        s for s in stored_sequences(tmp_path, workflow)
        if s in {line["sequence"] for line in lines}], "in store order"


def test_a_servers_json_log_names_the_connection_request_method_and_outcome(orchestrator, tmp_path):
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "workflow/start", "params": {"intake": "intake.yaml"}},
        {"jsonrpc": "2.0", "id": "two", "method": "no/such"},
    ]
    result = subprocess.run(
        [orchestrator, "serve", "--stdio", "--log-format=json", "--log-level=debug"], cwd=tmp_path,
        input="".join(json.dumps(m) + "\n" for m in messages), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = parse_lines(result.stderr)
    answered = {line["request_id"]: line for line in lines if "request_id" in line}
    assert answered["1"]["method"] == "workflow/start" and answered["1"]["outcome"] == "ok"
    assert answered["two"]["method"] == "no/such" and answered["two"]["outcome"] == "error"
    assert answered["two"]["error_code"] == -32601
    assert all("connection" in line and line["duration_ms"] >= 0 for line in answered.values())
    workflow = next(line["workflow_id"] for line in lines if line.get("event") == "workflow.completed")
    assert [line["sequence"] for line in lines if "event" in line] == stored_sequences(tmp_path, workflow)


def test_an_unknown_log_format_is_a_usage_error_before_anything_runs(orchestrator, tmp_path):
    bad = run(orchestrator, "run", "start", "--intake", "intake.yaml", "--log-format", "xml", cwd=tmp_path)
    assert bad.returncode == 2 and "--log-format: expected text or json, got 'xml'" in bad.stderr
    assert not (tmp_path / ".orchestrator").exists()
