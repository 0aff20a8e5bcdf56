"""Agents, providers, skills and tools, driven through the binary: the catalogs on the CLI and over RPC,
the offline workflow's determinism, and the anthropic and claude-code providers against stand-ins that
speak their real wire formats (a loopback HTTP server streaming SSE, and a fake `claude` executable)."""
import json
import os
import pathlib
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import ROOT, run, write_ci_coverage

FAKE_CLAUDE = ROOT / "Tests/ProvidersTests/Fixtures/claude-code"


@pytest.fixture
def workspace(tmp_path):
    return tmp_path


def tree(root: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".orchestrator" not in p.relative_to(root).parts}


def rpc(orchestrator, cwd, *requests: dict) -> list[dict]:
    """Sends requests over `serve --stdio` (newline-delimited JSON) and returns the replies by id order."""
    lines = "".join(json.dumps({"jsonrpc": "2.0", "id": i + 1, **r}) + "\n" for i, r in enumerate(requests))
    done = subprocess.run([orchestrator, "serve", "--stdio"], input=lines, capture_output=True, text=True,
                          timeout=30, cwd=cwd)
    replies = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return sorted((r for r in replies if "id" in r), key=lambda r: r["id"])


def test_catalogs_on_the_cli_and_over_rpc_agree(orchestrator, workspace):
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    agents = json.loads(run(orchestrator, "agents", "list", "--json", cwd=workspace).stdout)
    assert len(agents["agents"]) == 9 and agents["errors"] == []
    developer = next(a for a in agents["agents"] if a["id"] == "developer")
    assert developer["source"].endswith("agents/developer.yaml")
    assert developer["skills"] == ["code_generation", "test_writing"]
    shown = run(orchestrator, "agents", "show", "developer", cwd=workspace)
    assert shown.returncode == 0 and "Build what the architecture phase decided" in shown.stdout
    missing = run(orchestrator, "agents", "show", "nobody", cwd=workspace)
    assert missing.returncode == 2 and "no agent 'nobody'; known: architect" in missing.stderr

    tools = json.loads(run(orchestrator, "tools", "list", "--json", cwd=workspace).stdout)["tools"]
    assert [t["id"] for t in tools] == ["duckdb", "file_system", "git", "linter", "python_executor", "visualization"]
    write = next(a for a in next(t for t in tools if t["id"] == "file_system")["actions"] if a["name"] == "write")
    assert write["function"] == "file_system__write" and "path" in write["parameters"]["required"]
    assert run(orchestrator, "tools", "show", "git", cwd=workspace).returncode == 0

    matched = json.loads(run(orchestrator, "skills", "match", "Build demand forecasting model", "--json",
                             cwd=workspace).stdout)["matches"]
    assert matched[0]["id"] == "time_series_forecasting"
    skills = json.loads(run(orchestrator, "skills", "list", "--json", cwd=workspace).stdout)
    assert len(skills["skills"]) >= 10 and skills["errors"] == []

    replies = rpc(orchestrator, workspace,
                  {"method": "agents/list", "params": {}},
                  {"method": "tools/list"},
                  {"method": "skills/list", "params": {}},
                  {"method": "skills/match", "params": {"text": "Build demand forecasting model"}},
                  {"method": "skills/match", "params": {}})
    assert replies[0]["result"] == agents
    assert replies[1]["result"]["tools"] == tools
    assert replies[2]["result"] == skills
    assert replies[3]["result"]["matches"] == matched
    assert replies[4]["error"]["code"] == -32602


def test_a_broken_skill_file_is_reported_with_its_location(orchestrator, workspace):
    (workspace / "skills").mkdir()
    (workspace / "skills/bad.yaml").write_text("skill:\n  id: bad\n  version: one\n  triggers: [x]\n  methodology: []\n")
    listed = run(orchestrator, "skills", "list", cwd=workspace)
    assert listed.returncode == 1
    assert re.search(r"skills/bad\.yaml:3:\d+: ", listed.stderr), listed.stderr


def test_the_offline_workflow_gives_identical_files_twice(orchestrator, tmp_path):
    trees = []
    for name in ["one", "two"]:
        folder = tmp_path / name
        folder.mkdir()
        assert run(orchestrator, "init", cwd=folder).returncode == 0
        done = run(orchestrator, "run", "start", "--intake", "intake.yaml", "--json", cwd=folder, timeout=120)
        assert done.returncode == 0, done.stderr
        trees.append(tree(folder))
    assert trees[0] == trees[1]
    for path in ["docs/plan.md", "docs/adr/0001-customer-analytics-platform.md", "docs/data-dictionary.md",
                 "src/customer_analytics_platform.py", "tests/test_customer_analytics_platform.py",
                 "docs/qa-report.md", "docs/user-guide.md", "README.md"]:
        assert path in trees[0], path
    assert b"| pass |" in trees[0]["docs/qa-report.md"]
    # The code the offline developer wrote passes its own tests, run here by a tool we did not write.
    check = subprocess.run(["python3", "-m", "unittest", "discover", "-s", "tests"], cwd=tmp_path / "one",
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr


def test_anthropic_without_a_key_blocks_the_phase_saying_how_to_fix_it(orchestrator, workspace):
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "ANTHROPIC_API_KEY"}
    done = subprocess.run([orchestrator, "run", "start", "--intake", "intake.yaml", "--provider", "anthropic",
                           "--json"], cwd=workspace, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["status"] == "paused" and "ANTHROPIC_API_KEY" in report["reason"]


class ScriptedModel(BaseHTTPRequestHandler):
    """Speaks the Messages API's streaming wire format: asks for a file_system__write of every path the task
    lists, then ends the turn once the tool results come back; as a reviewer (offered `submit_review`) it
    approves. Records every request body."""

    requests: list[dict] = []
    #: Bodies of `count_tokens` calls, and the count they are answered with.
    counts: list[dict] = []
    prompt_tokens = 2_000
    #: Usage every answer reports (message_start counts, then the final cumulative output).
    usage = {"input_tokens": 100, "cache_creation_input_tokens": 20, "cache_read_input_tokens": 30, "output_tokens": 42}
    #: Request numbers (1-based) whose answer reuses the previous answer's message id.
    repeated_ids: set[int] = set()

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        if self.path.endswith("/count_tokens"):
            ScriptedModel.counts.append(body)
            payload = json.dumps({"input_tokens": ScriptedModel.prompt_tokens}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        ScriptedModel.requests.append({"headers": dict(self.headers), "body": body})
        last = body["messages"][-1]
        blocks = [] if isinstance(last["content"], str) else last["content"]
        if any(b.get("type") == "tool_result" for b in blocks):
            content, stop = [("text", "Done: every file written.")], "end_turn"
        elif any(t["name"] == "submit_review" for t in body.get("tools", [])):
            content, stop = [("review", "approve")], "tool_use"
        else:
            task = last["content"] if isinstance(last["content"], str) else blocks[0]["text"]
            paths = re.findall(r"^- (\S+\.\w+)$", task.split("Write these files", 1)[-1], re.M)
            content = [("tool", path) for path in paths] or [("text", "Nothing to write.")]
            stop = "tool_use" if paths else "end_turn"
        number = len(ScriptedModel.requests)
        message_id = f"msg_{number - 1 if number in ScriptedModel.repeated_ids else number}"
        usage = ScriptedModel.usage
        events = [("message_start", {"type": "message_start", "message": {
            "id": message_id, "type": "message", "role": "assistant",
            "model": body["model"], "content": [], "stop_reason": None,
            "usage": {"input_tokens": usage["input_tokens"], "output_tokens": 1,
                      "cache_creation_input_tokens": usage["cache_creation_input_tokens"],
                      "cache_read_input_tokens": usage["cache_read_input_tokens"]}}})]
        for index, (kind, value) in enumerate(content):
            if kind == "text":
                events.append(("content_block_start", {"type": "content_block_start", "index": index,
                                                       "content_block": {"type": "text", "text": ""}}))
                events.append(("content_block_delta", {"type": "content_block_delta", "index": index,
                                                       "delta": {"type": "text_delta", "text": value}}))
            elif kind == "review":
                events.append(("content_block_start", {"type": "content_block_start", "index": index,
                                                       "content_block": {"type": "tool_use", "id": f"toolu_{index}",
                                                                         "name": "submit_review", "input": {}}}))
                events.append(("content_block_delta", {"type": "content_block_delta", "index": index,
                                                       "delta": {"type": "input_json_delta",
                                                                 "partial_json": json.dumps({"verdict": value})}}))
            else:
                # Like a model following its system prompt: the gates section says which header files need.
                system = " ".join(block.get("text", "") for block in body.get("system", []))
                header = re.search(r"Start each matching file with: (.+)$", system, re.M)
                text = f"# {value}\n\nWritten through the API.\n"
                if header and value.endswith(".py"):
                    text = header.group(1) + "\n" + text
                arguments = json.dumps({"path": value, "content": text})
                events.append(("content_block_start", {"type": "content_block_start", "index": index,
                                                       "content_block": {"type": "tool_use", "id": f"toolu_{index}",
                                                                         "name": "file_system__write", "input": {}}}))
                for start in range(0, len(arguments), 7):
                    events.append(("content_block_delta", {"type": "content_block_delta", "index": index,
                                                           "delta": {"type": "input_json_delta",
                                                                     "partial_json": arguments[start:start + 7]}}))
            events.append(("content_block_stop", {"type": "content_block_stop", "index": index}))
        events.append(("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop},
                                         "usage": {"output_tokens": usage["output_tokens"] // 2}}))
        events.append(("message_delta", {"type": "message_delta", "delta": {},
                                         "usage": {"output_tokens": usage["output_tokens"]}}))
        events.append(("message_stop", {"type": "message_stop"}))
        payload = "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events).encode()
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("request-id", "req_test")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def test_a_whole_workflow_runs_on_the_anthropic_provider_against_a_loopback_server(orchestrator, workspace):
    ScriptedModel.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), ScriptedModel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert run(orchestrator, "init", cwd=workspace).returncode == 0
        write_ci_coverage(workspace)
        env = {**os.environ, "ANTHROPIC_API_KEY": "test-key",
               "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{server.server_address[1]}"}
        done = subprocess.run([orchestrator, "run", "start", "--intake", "intake.yaml", "--provider", "anthropic",
                               "--model", "claude-test", "--json"], cwd=workspace, capture_output=True, text=True,
                              timeout=120, env=env)
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["status"] == "completed"
    assert (workspace / "docs/plan.md").read_text().endswith("Written through the API.\n")
    first = ScriptedModel.requests[0]
    assert first["headers"]["x-api-key"] == "test-key" and first["body"]["model"] == "claude-test"
    assert first["body"]["stream"] is True
    assert first["body"]["system"][-1]["cache_control"] == {"type": "ephemeral"}
    assert any(t["name"] == "file_system__write" for t in first["body"]["tools"])
    follow_up = next(r for r in ScriptedModel.requests
                     if any(isinstance(m["content"], list) and any(b.get("type") == "tool_result" for b in m["content"])
                            for m in r["body"]["messages"]))
    assert follow_up["body"]["messages"][1]["role"] == "assistant"


def test_the_claude_code_provider_runs_the_cli_in_the_workspace_and_records_its_tool_calls(orchestrator, workspace):
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    record = workspace.parent / "claude-record.json"
    env = {**os.environ, "ORCHESTRATOR_CLAUDE_EXECUTABLE": str(FAKE_CLAUDE / "fake-claude"),
           "FAKE_CLAUDE_FIXTURE": str(FAKE_CLAUDE / "success.jsonl"), "FAKE_CLAUDE_RECORD": str(record)}
    done = subprocess.run([orchestrator, "run", "start", "--intake", "intake.yaml", "--provider", "claude-code",
                           "--json"], cwd=workspace, capture_output=True, text=True, timeout=120, env=env)
    report = json.loads(done.stdout)
    # The recorded session writes no plan, so the planning checkpoint blocks, naming what is missing.
    assert done.returncode == 1 and report["status"] == "paused"
    assert "docs/plan.md" in report["reason"]
    called = json.loads(record.read_text())
    assert called["cwd"] == str(workspace.resolve())
    argv = called["argv"]
    assert argv[0] == "-p" and "stream-json" in argv and "--verbose" in argv
    allowed = argv[argv.index("--allowedTools") + 1:]
    assert "Write" in " ".join(allowed) and any("git status" in rule for rule in allowed)


def test_claude_codes_own_cost_is_kept_beside_the_price_tables_and_a_gap_over_one_percent_is_reported(
        orchestrator, workspace):
    """Issue 16, item 24. The recorded session reports total_cost_usd 0.123456789012345678 for two messages the
    price table (Sonnet 4.5: $3 input, $3.75 cache write, $0.30 cache read, $15 output per million) prices at
    $0.0084 (100 + 2,000 written + 40 out) and $0.00084 (20 + 2,000 read + 12 out)."""
    from decimal import Decimal
    import sqlite3

    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    env = {**os.environ, "ORCHESTRATOR_CLAUDE_EXECUTABLE": str(FAKE_CLAUDE / "fake-claude"),
           "FAKE_CLAUDE_FIXTURE": str(FAKE_CLAUDE / "success.jsonl")}
    done = subprocess.run([orchestrator, "run", "start", "--intake", "intake.yaml", "--provider", "claude-code",
                           "--json"], cwd=workspace, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 1, done.stdout + done.stderr  # the recorded session writes no plan: CP1 blocks

    with sqlite3.connect(workspace / ".orchestrator/state.db") as db:
        rows = db.execute("SELECT agent, message_id, cost_usd, reported_cost_usd FROM token_usage").fetchall()
    assert sorted(r[1] for r in rows) == ["msg_01", "msg_02"], rows  # later agents repeat the ids: charged once
    assert {r[0] for r in rows} and len({r[0] for r in rows}) == 1, "one agent's run holds both messages"
    assert sum(Decimal(r[2]) for r in rows) == Decimal("0.00924")
    # Claude Code's figure, spread over the run's messages by their table cost, adds up to what it said exactly.
    reported = {r[1]: Decimal(r[3]) for r in rows}
    assert sum(reported.values()) == Decimal("0.123456789012345678")
    assert reported["msg_01"] > 9 * reported["msg_02"]

    report = json.loads(run(orchestrator, "budget", "report", "--json", cwd=workspace).stdout, parse_float=Decimal)
    total = report["report"]["total"]
    assert total["costUSD"] == Decimal("0.00924") and total["reportedCostUSD"] == Decimal("0.123456789012345678")
    [gap] = report["report"]["costDisagreements"]
    assert gap["phase"] == "planning" and gap["provider"] == "claude-code" and gap["agent"] == rows[0][0]
    expected = ((Decimal("0.123456789012345678") - Decimal("0.00924")) * 100 / Decimal("0.00924"))
    assert gap["differencePercent"] == expected.quantize(Decimal("0.1")), gap
    text = run(orchestrator, "budget", "report", cwd=workspace).stdout
    assert "reported cost" in text and "price table $0.0092" in text and "reported $0.1235" in text, text
    # Budgets charge the table's figure.
    status = json.loads(run(orchestrator, "budget", "status", "--json", cwd=workspace).stdout, parse_float=Decimal)
    assert status["levels"][0]["spentUSD"] == Decimal("0.00924")
