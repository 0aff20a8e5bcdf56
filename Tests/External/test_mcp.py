"""`orchestrator serve --mcp` driven by the official MCP Python SDK (PyPI `mcp`: `stdio_client` + `ClientSession`),
and by raw lines where the SDK would refuse to send what a hostile peer sends.

Oracles are outside the server: the SDK validates every result against the MCP schema of the negotiated revision
(and structured content against each tool's outputSchema), `jsonschema` validates it again here, the fake `claude`
says it runs by writing into a FIFO the test reads, and the process's exit status says how it shut down. Nothing
waits for a fixed time: every wait is for a message, with a time limit that only guards against a hang.
"""
import importlib.machinery
import importlib.util
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import warnings

import anyio
import jsonschema
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError

from conftest import ROOT, held_claude, set_waiver
from test_socket import TIMEOUT, Peer, Server

WORKFLOW = "customer-analytics-platform-1"
PHASES = ["planning", "architecture", "data", "development", "qa", "documentation"]


def server_parameters(orchestrator: str, workspace: pathlib.Path, **env: str) -> StdioServerParameters:
    # The whole environment: `make test` points XDG folders at the test's own, and the fake claude needs its vars.
    return StdioServerParameters(
        command=orchestrator, args=["serve", "--mcp", "--workspace", str(workspace)], env=dict(os.environ, **env))


def tool_schemas(tools) -> dict:
    return {tool.name: tool for tool in tools.tools}


def test_the_python_sdk_runs_the_analytics_workflow_reads_its_resources_and_shuts_down_cleanly(orchestrator, example):
    progress: list[tuple[float, str]] = []
    # The server runs under a shell that records its exit status: the SDK closes its stdin when the session ends
    # and kills it if it has not exited within two seconds, and a killed server records nothing.
    exit_status = example.parent / f"{example.name}.status"
    command = '"$0" serve --mcp --workspace "$1"; echo $? > "$2"'
    parameters = StdioServerParameters(
        command="/bin/sh", args=["-c", command, orchestrator, str(example), str(exit_status)], env=dict(os.environ))

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress.append((value, message or ""))

    async def session() -> None:
        async with stdio_client(parameters) as (read, write):
            async with ClientSession(read, write) as client:
                with anyio.fail_after(TIMEOUT * 6):
                    initialized = await client.initialize()
                    assert initialized.protocol_version == "2025-11-25"
                    assert initialized.server_info.name == "orchestrator"
                    capabilities = initialized.capabilities
                    assert capabilities.tools is not None and capabilities.logging is not None
                    assert capabilities.resources.subscribe is True
                    await client.send_ping()

                    tools = tool_schemas(await client.list_tools())
                    assert {"workflow_start", "workflow_status", "governance_check", "budget_report",
                            "checkpoint_rollback", "audit_verify"} <= set(tools)
                    rollback = tools["checkpoint_rollback"].annotations
                    assert rollback.destructive_hint is True and rollback.read_only_hint is False
                    assert tools["budget_report"].annotations.read_only_hint is True
                    templates = await client.list_resource_templates()
                    assert "orchestrator://workflow/{id}/audit" in {t.uri_template for t in templates.resource_templates}
                    assert (await client.list_resources()).resources == []

                    started = await client.call_tool(
                        "workflow_start", {"intake": "intake.yaml"}, progress_callback=on_progress)
                    assert not started.is_error, started.content
                    report = started.structured_content
                    # The example's legacy code keeps coverage at 72%: QA's blocking gate pauses the workflow at CP5.
                    assert report["id"] == WORKFLOW and report["status"] == "paused", report
                    assert "coverage.min" in report["reason"]
                    values = [value for value, _ in progress]
                    assert values == sorted(values) and len(set(values)) == len(values), "progress only grows"
                    # Phases and the workflow's own events only: agents' steps and tool calls are log messages.
                    assert len(progress) <= 3 * len(PHASES) + 4, [message for _, message in progress]
                    # At least one update per phase: its start and its checkpoint (QA's blocked, at CP5).
                    for number, phase in enumerate(PHASES[:5], start=1):
                        assert any(message.startswith(f"{phase} started") for _, message in progress), phase
                        assert any(message.startswith(f"{phase} CP{number} ") for _, message in progress), phase

                    uris = {resource.uri for resource in (await client.list_resources()).resources}
                    assert f"orchestrator://workflow/{WORKFLOW}/audit" in uris
                    assert f"orchestrator://workflow/{WORKFLOW}/checkpoints/CP1/manifest" in uris
                    audit = await client.read_resource(f"orchestrator://workflow/{WORKFLOW}/audit")
                    trail = json.loads(audit.contents[0].text)
                    assert trail["verification"]["intact"] is True
                    assert "policy.loaded" in {entry["action"] for entry in trail["entries"]}
                    manifest = json.loads((await client.read_resource(
                        f"orchestrator://workflow/{WORKFLOW}/checkpoints/CP1/manifest")).contents[0].text)
                    plan = next(a for a in manifest["artifacts"] if a["path"] == "docs/plan.md")
                    saved = await client.read_resource(
                        f"orchestrator://workflow/{WORKFLOW}/checkpoints/CP1/artifacts/docs/plan.md")
                    assert len(saved.contents[0].text.encode()) == plan["size"]

                    gates = await client.call_tool("governance_check", {"phase": "qa"})
                    budget = await client.call_tool("budget_report", {})
                    for name, result in (("governance_check", gates), ("budget_report", budget)):
                        assert not result.is_error, result.content
                        jsonschema.validate(result.structured_content, tools[name].output_schema)
                        assert json.loads(result.content[0].text) == result.structured_content
                    coverage = next(r for r in gates.structured_content["results"] if r["gateId"] == "coverage.min")
                    assert gates.structured_content["blocked"] is True and coverage["status"] == "failed"
                    assert budget.structured_content["workflow"] == WORKFLOW

                    # A person approves a waiver, as `make demo` does; the client resumes the workflow to its end.
                    set_waiver(example, "2999-01-01")
                    progress.clear()
                    resumed = await client.call_tool("workflow_resume", {}, progress_callback=on_progress)
                    assert not resumed.is_error, resumed.content
                    assert resumed.structured_content["status"] == "completed", resumed.structured_content
                    for number, phase in ((5, "qa"), (6, "documentation")):
                        assert any(message.startswith(f"{phase} started") for _, message in progress), phase
                        assert any(message.startswith(f"{phase} CP{number} ") for _, message in progress), phase

                    before = sorted(p.relative_to(example).as_posix() for p in example.rglob("*")
                                    if p.is_file() and ".orchestrator" not in p.parts)
                    dry = await client.call_tool("checkpoint_rollback", {"checkpoint": "CP2"})
                    assert not dry.is_error, dry.content
                    assert dry.structured_content["dryRun"] is True
                    assert "src/customer_analytics_platform.py" in dry.structured_content["removed"]
                    after = sorted(p.relative_to(example).as_posix() for p in example.rglob("*")
                                   if p.is_file() and ".orchestrator" not in p.parts)
                    assert after == before, "a dry run changes nothing"
                    status = await client.call_tool("workflow_status", {})
                    assert [p["status"] for p in status.structured_content["phases"]][:2] == ["passed", "passed"]

    anyio.run(session)
    assert (example / "src/customer_analytics_platform.py").exists()
    try:
        assert exit_status.read_text().strip() == "0", "the server exits 0 when the client closes its input"
    finally:
        exit_status.unlink(missing_ok=True)


def test_cancelling_a_running_call_cancels_the_workflow(orchestrator, example):
    environment = held_claude(example)
    fifo = example / "sync.fifo"
    updates = anyio.create_memory_object_stream(100)

    async def on_message(message) -> None:
        root = getattr(message, "root", message)
        if getattr(root, "method", None) == "notifications/resources/updated":
            await updates[0].send(str(root.params.uri))

    def model_call_pid() -> int:
        # Opened for reading and writing, so opening does not wait for the fake to open its end.
        with os.fdopen(os.open(fifo, os.O_RDWR), "r") as sync:
            return int(sync.readline())

    async def session() -> int:
        parameters = server_parameters(orchestrator, example, **environment)
        async with stdio_client(parameters) as (read, write):
            async with ClientSession(read, write, message_handler=on_message) as client:
                with anyio.fail_after(TIMEOUT * 3):
                    await client.initialize()
                    async with anyio.create_task_group() as group:
                        call = anyio.CancelScope()

                        async def start() -> None:
                            with call:
                                await client.call_tool("workflow_start", {
                                    "intake": "intake.yaml", "provider": {"name": "claude-code"}})
                                raise AssertionError("the call returned instead of running until cancelled")

                        group.start_soon(start)
                        pid = await anyio.to_thread.run_sync(model_call_pid)
                        uri = f"orchestrator://workflow/{WORKFLOW}"
                        # Deprecated by the SDK only for the 2026-07-28 revision; this session speaks 2025-11-25.
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            await client.subscribe_resource(uri)
                        running = json.loads((await client.read_resource(uri)).contents[0].text)
                        assert running["status"] == "running" and running["live"], running
                        call.cancel()  # the SDK sends notifications/cancelled for the call
                    while True:
                        assert await updates[1].receive() == uri
                        status = json.loads((await client.read_resource(uri)).contents[0].text)
                        if status["status"] != "running":
                            break
                    assert status["status"] == "cancelled", status
                    again = await client.call_tool("workflow_status", {})
                    assert again.structured_content["status"] == "cancelled"
                    return pid

    pid = anyio.run(session)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_hostile_tool_calls_get_errors_and_the_session_goes_on(orchestrator, example):
    outside = pathlib.Path(tempfile.mkdtemp(prefix="orc-mcp-outside-"))
    (outside / "intake.yaml").write_text((example / "intake.yaml").read_text())
    (example / "escape").symlink_to(outside)

    async def session() -> None:
        async with stdio_client(server_parameters(orchestrator, example)) as (read, write):
            async with ClientSession(read, write) as client:
                with anyio.fail_after(TIMEOUT * 3):
                    await client.initialize()
                    with pytest.raises(MCPError) as unknown:
                        await client.call_tool("rm_rf", {})
                    assert unknown.value.error.code == -32602 and "Unknown tool: rm_rf" in unknown.value.error.message
                    # 2025-11-25: arguments that do not fit the schema are a tool execution error the model can read.
                    mismatched = await client.call_tool("checkpoint_show", {"checkpoint": 3})
                    assert mismatched.is_error and '"/checkpoint" must be a string' in mismatched.content[0].text
                    extra = await client.call_tool("workflow_status", {"workspace": "/"})
                    assert extra.is_error and 'no member "workspace"' in extra.content[0].text
                    for path in ("../intake.yaml", str(outside / "intake.yaml"), "escape/intake.yaml"):
                        refused = await client.call_tool("workflow_start", {"intake": path})
                        assert refused.is_error and "outside the workspace" in refused.content[0].text, path
                    refused = await client.call_tool("config_validate", {"path": "escape/intake.yaml"})
                    assert refused.is_error and "outside the workspace" in refused.content[0].text
                    missing = await client.call_tool("workflow_status", {})
                    assert missing.is_error and "-32021" in missing.content[1].text
                    with pytest.raises(MCPError) as bad_uri:
                        await client.read_resource("orchestrator://workflow/nope/checkpoints/CP9/manifest")
                    assert bad_uri.value.error.code == -32002
                    valid = await client.call_tool("config_validate", {"path": "intake.yaml"})
                    assert not valid.is_error and valid.structured_content["kind"] == "intake"

    try:
        anyio.run(session)
        assert not (outside / ".orchestrator").exists(), "nothing was written outside the workspace"
    finally:
        shutil.rmtree(outside, ignore_errors=True)


def raw_session(orchestrator: str, workspace: pathlib.Path, *lines: str) -> list:
    """Sends raw lines to `serve --mcp`, closes its input, and returns every message it wrote."""
    result = subprocess.run(
        [orchestrator, "serve", "--mcp", "--workspace", str(workspace)], input="".join(line + "\n" for line in lines),
        capture_output=True, text=True, timeout=TIMEOUT * 3)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


INITIALIZE = {"jsonrpc": "2.0", "id": "init", "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}}


def test_requests_before_initialize_malformed_json_and_older_revisions_get_json_rpc_errors(orchestrator, example):
    replies = raw_session(
        orchestrator, example,
        json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
        "{not json",
        json.dumps(INITIALIZE),
        json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                    "params": {"name": "checkpoint_show", "arguments": {"checkpoint": 3}}}),
        json.dumps({"jsonrpc": "2.0", "id": 3, "method": "initialize", "params": INITIALIZE["params"]}),
        json.dumps({"jsonrpc": "2.0", "id": 4, "method": "tools/list"}),
    )
    by_id = {reply.get("id"): reply for reply in replies if "id" in reply}
    assert by_id[1]["error"]["code"] == -32600 and "initialize" in by_id[1]["error"]["message"]
    assert any(reply.get("id") is None and reply["error"]["code"] == -32700 for reply in replies)
    assert by_id["init"]["result"]["protocolVersion"] == "2025-06-18"
    # Before 2025-11-25, arguments that do not fit the schema are a JSON-RPC -32602.
    assert by_id[2]["error"]["code"] == -32602 and "/checkpoint" in by_id[2]["error"]["message"]
    assert by_id[3]["error"]["code"] == -32600
    assert len(by_id[4]["result"]["tools"]) >= 13


def test_an_unknown_revision_is_answered_with_the_latest(orchestrator, example):
    params = dict(INITIALIZE["params"], protocolVersion="1999-01-01")
    replies = raw_session(orchestrator, example, json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                                              "params": params}))
    assert replies[0]["result"]["protocolVersion"] == "2025-11-25"


def test_on_the_socket_mcp_lsp_and_scripts_share_a_server_and_a_hostile_mcp_peer_disturbs_no_one(
        orchestrator, example):
    server = Server(orchestrator, example, "--workspace", str(example))
    try:
        script = Peer(server.path)
        assert script.call("server/info")["result"]["name"] == "orchestrator"
        mcp = Peer(server.path)
        reply = mcp.call("initialize", INITIALIZE["params"])
        assert reply["result"]["serverInfo"]["name"] == "orchestrator"
        mcp.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        tools = mcp.call("tools/list")["result"]["tools"]
        assert "workflow_start" in {tool["name"] for tool in tools}, "MCP's tools/list, not the agents' tool catalog"
        assert mcp.call("tools/call", {"name": "nope"})["error"]["code"] == -32602
        mcp.send_raw(b"{broken\n")
        assert mcp.reply()["error"]["code"] == -32700
        assert mcp.call("ping") == {"jsonrpc": "2.0", "id": f"call-{mcp.calls}", "result": {}}
        lsp = Peer(server.path)
        initialized = lsp.call("initialize", {"processId": None, "rootUri": None, "capabilities": {},
                                              "clientInfo": {"name": "editor"}})
        assert "textDocumentSync" in initialized["result"]["capabilities"], "an LSP initialize stays LSP"
        # The script's catalog is still the agents' tool catalog, and its session is untouched.
        assert "tools" in script.call("tools/list")["result"]
        assert script.call("server/info")["result"]["name"] == "orchestrator"
        for peer in (script, mcp, lsp):
            peer.close()
    finally:
        assert server.stop() == 0


def test_the_tool_table_in_docs_is_generated_from_the_definitions_the_server_lists(orchestrator, example):
    loader = importlib.machinery.SourceFileLoader("embed_resources", str(ROOT / "scripts/embed-resources"))
    script = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(script)
    definitions = json.loads((ROOT / "protocol/mcp.json").read_text())
    assert script.mcp_tables(definitions) in (ROOT / "docs/mcp.md").read_text(), "run `make generate`"
    replies = raw_session(orchestrator, example, json.dumps(INITIALIZE),
                          json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}))
    listed = {tool["name"]: tool for tool in replies[1]["result"]["tools"]}
    assert list(listed) == [tool["name"] for tool in definitions["tools"]]
    for tool in definitions["tools"]:
        assert listed[tool["name"]]["inputSchema"] == tool["inputSchema"]
        assert listed[tool["name"]]["description"] == tool["description"]
        jsonschema.Draft202012Validator.check_schema(listed[tool["name"]]["outputSchema"])


def test_inline_intake_yaml_starts_a_detached_run_that_workflow_cancel_stops(orchestrator, example):
    async def session() -> None:
        async with stdio_client(server_parameters(orchestrator, example)) as (read, write):
            async with ClientSession(read, write) as client:
                with anyio.fail_after(TIMEOUT * 3):
                    await client.initialize()
                    text = (example / "intake.yaml").read_text()
                    started = await client.call_tool("workflow_start", {"intakeYaml": text, "detach": True})
                    assert not started.is_error, started.content
                    report = started.structured_content
                    assert ".orchestrator/mcp/intake-" in report["intake"], report["intake"]
                    assert report["status"] in ("running", "paused"), report
                    cancelled = await client.call_tool("workflow_cancel", {"workflow": report["id"]})
                    assert not cancelled.is_error, cancelled.content
                    assert cancelled.structured_content["status"] == "cancelled"

    anyio.run(session)
    stored = list((example / ".orchestrator/mcp").glob("intake-*.yaml"))
    assert [path.read_text() for path in stored] == [(example / "intake.yaml").read_text()]
