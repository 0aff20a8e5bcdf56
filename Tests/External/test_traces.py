"""Traces as an OpenTelemetry back end receives them: `OTEL_EXPORTER_OTLP_ENDPOINT` points the binary at a small
OTLP/HTTP receiver that decodes each export with PyPI's opentelemetry-proto. One trace per run: workflow → its six
phases → their agents → model and tool calls, parents consistent, GenAI token attributes equal to the ledger, and the
caller's `traceparent` (RPC `_meta`, or `TRACEPARENT`) as the root's parent."""
import gzip
import json
import os
import sqlite3
import subprocess
import threading
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (ExportTraceServiceRequest,
                                                                       ExportTraceServiceResponse)

from conftest import ROOT, example, run, set_waiver, write_ci_coverage  # noqa: F401  (example: a fixture)
from test_tokens import model_server  # noqa: F401  (a fixture)

FAKE_CLAUDE = ROOT / "Tests/ProvidersTests/Fixtures/claude-code"
PHASES = ["planning", "architecture", "data", "development", "qa", "documentation"]
CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
CALLER = f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"


class Receiver(BaseHTTPRequestHandler):
    """Answers OTLP/HTTP trace exports; keeps every span with its resource's attributes."""
    spans: list = []
    paths: list = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        if self.headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        Receiver.paths.append((self.path, self.headers.get("content-type")))
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        for resource_spans in request.resource_spans:
            resource = attributes(resource_spans.resource.attributes)
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    Receiver.spans.append((resource, span))
        payload = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def attributes(pairs) -> dict:
    values = {}
    for pair in pairs:
        kind = pair.value.WhichOneof("value")
        value = getattr(pair.value, kind)
        if kind == "array_value":
            value = [getattr(item, item.WhichOneof("value")) for item in value.values]
        values[pair.key] = value
    return values


@pytest.fixture
def receiver():
    Receiver.spans, Receiver.paths = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def tree(spans):
    """Spans by id, children by parent id."""
    by_id = {span.span_id.hex(): span for _, span in spans}
    children = defaultdict(list)
    for span in by_id.values():
        children[span.parent_span_id.hex()].append(span)
    for siblings in children.values():
        siblings.sort(key=lambda span: span.start_time_unix_nano)
    return by_id, children


def test_an_rpc_run_is_one_trace_under_the_callers_span_with_genai_tokens_equal_to_the_ledger(
        orchestrator, tmp_path, receiver, model_server):  # noqa: F811
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    write_ci_coverage(tmp_path)
    env = {**os.environ, "ANTHROPIC_API_KEY": "test-key",
           "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{model_server.server_address[1]}",
           "OTEL_EXPORTER_OTLP_ENDPOINT": receiver, "OTEL_SERVICE_NAME": "orchestrator-under-test",
           "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=ci"}
    env.pop("TRACEPARENT", None)
    request = {"jsonrpc": "2.0", "id": 1, "method": "workflow/start", "params": {
        "intake": "intake.yaml", "provider": {"name": "anthropic", "model": "claude-sonnet-4-5"},
        "_meta": {"traceparent": CALLER}}}
    served = subprocess.run([orchestrator, "serve", "--stdio"], cwd=tmp_path, env=env, capture_output=True, text=True,
                            input=json.dumps(request) + "\n", timeout=300)
    assert served.returncode == 0, served.stderr[-2000:]
    reply = json.loads(served.stdout.splitlines()[-1])
    assert reply["result"]["status"] == "completed", reply
    workflow = reply["result"]["id"]

    assert Receiver.spans, "no span was exported"
    assert {path for path, _ in Receiver.paths} == {"/v1/traces"}
    assert {kind for _, kind in Receiver.paths} == {"application/x-protobuf"}
    resources = [resource for resource, _ in Receiver.spans]
    assert all(r["service.name"] == "orchestrator-under-test" and r["deployment.environment"] == "ci"
               for r in resources)
    assert {span.trace_id.hex() for _, span in Receiver.spans} == {CALLER_TRACE}, "one trace, the caller's"

    by_id, children = tree(Receiver.spans)
    roots = children[CALLER_SPAN]
    assert [span.name for span in roots] == ["workflow"], [span.name for span in roots]
    root = roots[0]
    assert attributes(root.attributes)["orchestrator.workflow.id"] == workflow
    for span in by_id.values():
        assert span is root or span.parent_span_id.hex() in by_id, f"{span.name} has an unknown parent"
        assert span.start_time_unix_nano <= span.end_time_unix_nano

    phases = [span for span in children[root.span_id.hex()] if span.name.startswith("phase ")]
    assert [span.name for span in phases] == [f"phase {phase}" for phase in PHASES]
    chats, tools = [], []
    for phase in phases:
        agents = [span for span in children[phase.span_id.hex()] if span.name.startswith("agent ")]
        assert agents, f"{phase.name} has no agent span"
        stack = list(agents)
        while stack:
            span = stack.pop()
            stack.extend(children[span.span_id.hex()])
            if span.name.startswith("chat "):
                chats.append(span)
            elif span.name.startswith("execute_tool "):
                tools.append(span)
        assert any(child.name.startswith("checkpoint CP") for child in children[phase.span_id.hex()])
    assert tools and all(attributes(span.attributes)["gen_ai.tool.name"] for span in tools)

    with sqlite3.connect(tmp_path / ".orchestrator/state.db") as db:
        ledger = db.execute(
            "SELECT message_id, input_tokens + cache_creation_tokens + cache_read_tokens, output_tokens, "
            "cache_read_tokens, cache_creation_tokens FROM token_usage WHERE workflow_id = ?", (workflow,)).fetchall()
    chat_attributes = [attributes(span.attributes) for span in chats]
    assert len(chat_attributes) == len(ledger), "one model span per ledger line"
    by_message = {row[0]: row[1:] for row in ledger}
    for values in chat_attributes:
        assert values["gen_ai.operation.name"] == "chat" and values["gen_ai.provider.name"] == "anthropic"
        assert values["gen_ai.request.model"] == "claude-sonnet-4-5"
        assert values["gen_ai.response.model"] == "claude-sonnet-4-5"
        assert (values["gen_ai.usage.input_tokens"], values["gen_ai.usage.output_tokens"],
                values["gen_ai.usage.cache_read.input_tokens"],
                values["gen_ai.usage.cache_creation.input_tokens"]) == by_message[values["gen_ai.response.id"]]
        assert values["gen_ai.response.finish_reasons"] in (["stop"], ["tool_calls"])
    assert chats[0].kind == chats[0].SPAN_KIND_CLIENT


def test_traceparent_in_the_environment_parents_a_cli_run_and_claude_code_continues_the_model_calls_span(
        orchestrator, tmp_path, receiver):
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    record = tmp_path / "claude-record.json"
    env = {**os.environ, "OTEL_EXPORTER_OTLP_ENDPOINT": receiver, "TRACEPARENT": CALLER,
           "ORCHESTRATOR_CLAUDE_EXECUTABLE": str(FAKE_CLAUDE / "fake-claude"),
           "FAKE_CLAUDE_FIXTURE": str(FAKE_CLAUDE / "success.jsonl"), "FAKE_CLAUDE_RECORD": str(record)}
    done = subprocess.run([orchestrator, "run", "start", "--intake", "intake.yaml", "--provider", "claude-code",
                           "--json"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    # The recorded session writes no plan: planning blocks, after one model call.
    assert done.returncode == 1, done.stderr[-2000:]
    by_id, children = tree(Receiver.spans)
    assert [span.name for span in children[CALLER_SPAN]] == ["workflow"]
    assert {span.trace_id.hex() for span in by_id.values()} == {CALLER_TRACE}
    # claude-code was started inside the model call's span, and told so.
    version, trace, parent, flags = json.loads(record.read_text())["traceparent"].split("-")
    assert (version, trace, flags) == ("00", CALLER_TRACE, "01")
    assert by_id[parent].name.startswith("chat "), by_id[parent].name


def test_a_resumed_runs_trace_links_to_the_run_it_continues(orchestrator, example, receiver):  # noqa: F811
    env = {**os.environ, "OTEL_EXPORTER_OTLP_ENDPOINT": receiver}
    env.pop("TRACEPARENT", None)
    first = subprocess.run([orchestrator, "run", "start", "--intake", "intake.yaml"], cwd=example, env=env,
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 1, "72% coverage blocks CP5"
    (earlier,) = [span for _, span in Receiver.spans if span.name == "workflow"]
    Receiver.spans = []
    set_waiver(example, "2999-12-31")
    resumed = subprocess.run([orchestrator, "run", "resume"], cwd=example, env=env, capture_output=True, text=True,
                             timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    (root,) = [span for _, span in Receiver.spans if span.name == "workflow"]
    assert root.trace_id != earlier.trace_id, "a run is a trace of its own"
    assert [(link.trace_id, link.span_id) for link in root.links] == [(earlier.trace_id, earlier.span_id)]
    by_id, children = tree(Receiver.spans)
    assert [span.name for span in children[root.span_id.hex()] if span.name.startswith("phase ")] == [
        "phase qa", "phase documentation"]


def test_without_an_endpoint_nothing_is_exported(orchestrator, tmp_path, receiver):
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    env = {key: value for key, value in os.environ.items() if not key.startswith("OTEL_")}
    done = subprocess.run([orchestrator, "run", "start", "--intake", "intake.yaml"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and Receiver.spans == []
