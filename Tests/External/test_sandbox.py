"""The sandbox seen from a model's side: a scripted model on loopback, speaking the Messages API, asks
python_executor to read the orchestrator's environment (where the API key is) through /proc. The tool
result it gets back must say it cannot, and must not carry the key."""
import json
import os
import subprocess
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import run

#: What the scripted model asks python_executor to run: the parent's environ, then every process's.
PROBE = """
import os
def api_key(environ):
    return [v for v in environ.split(b"\\0") if v.startswith(b"ANTHROPIC_API_KEY=")]
try:
    data = open("/proc/%d/environ" % os.getppid(), "rb").read()
    print("read the parent's environ:", api_key(data))
except OSError as error:
    print("cannot read the parent's environ:", type(error).__name__)
found = []
for name in os.listdir("/proc"):
    try:
        if name.isdigit() and api_key(open("/proc/%s/environ" % name, "rb").read()):
            found.append(name)
    except OSError:
        pass
print("processes whose environment has the key:", found, os.environ.get("ANTHROPIC_API_KEY"))
"""

AGENT = """agent:
  id: prober
  phases: [planning]
  system_prompt: "You check what your code can reach."
  tools: [python_executor]
"""

INTAKE = """project:
  name: "Sandbox probe"
requirements:
  - "Check the environment"
phases: [planning, architecture, development, qa, documentation]
agents:
  planning: [prober]
"""


class EnvironProbeModel(BaseHTTPRequestHandler):
    """Asks for one python_executor run of PROBE, then ends the turn; keeps the tool results it was sent."""

    key = ""
    tool_results: list[str] = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        if self.path.endswith("/count_tokens"):
            self.reply("application/json", json.dumps({"input_tokens": 100}).encode())
            return
        blocks = body["messages"][-1]["content"]
        results = [] if isinstance(blocks, str) else [b for b in blocks if b.get("type") == "tool_result"]
        for result in results:
            content = result["content"]
            EnvironProbeModel.tool_results.append(
                content if isinstance(content, str) else "".join(part.get("text", "") for part in content))
        events = [("message_start", {"type": "message_start", "message": {
            "id": f"msg_{uuid.uuid4().hex}", "type": "message", "role": "assistant", "model": body["model"],
            "content": [], "stop_reason": None, "usage": {"input_tokens": 10, "output_tokens": 1}}})]
        if results:
            events += [("content_block_start", {"type": "content_block_start", "index": 0,
                                                "content_block": {"type": "text", "text": ""}}),
                       ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                "delta": {"type": "text_delta", "text": "Checked."}})]
            stop = "end_turn"
        else:
            arguments = json.dumps({"code": PROBE})
            events += [("content_block_start", {"type": "content_block_start", "index": 0,
                                                "content_block": {"type": "tool_use", "id": "toolu_probe",
                                                                  "name": "python_executor__run", "input": {}}}),
                       ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                "delta": {"type": "input_json_delta", "partial_json": arguments}})]
            stop = "tool_use"
        events += [("content_block_stop", {"type": "content_block_stop", "index": 0}),
                   ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop},
                                      "usage": {"output_tokens": 5}}),
                   ("message_stop", {"type": "message_stop"})]
        self.reply("text/event-stream",
                   "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events).encode())

    def reply(self, kind: str, payload: bytes):
        self.send_response(200)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def test_a_model_cannot_read_the_api_key_from_the_orchestrators_environ(orchestrator, tmp_path):
    EnvironProbeModel.key = f"sk-ant-sandbox-probe-{uuid.uuid4().hex}"
    EnvironProbeModel.tool_results = []
    (tmp_path / "agents").mkdir()
    (tmp_path / "agents/prober.yaml").write_text(AGENT)
    (tmp_path / "intake.yaml").write_text(INTAKE)
    server = ThreadingHTTPServer(("127.0.0.1", 0), EnvironProbeModel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {**os.environ, "ANTHROPIC_API_KEY": EnvironProbeModel.key,
               "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{server.server_address[1]}"}
        env.pop("ORCHESTRATOR_SANDBOX", None)
        done = subprocess.run([orchestrator, "run", "start", "--intake", "intake.yaml", "--provider", "anthropic",
                               "--model", "claude-test", "--json"], cwd=tmp_path, capture_output=True, text=True,
                              timeout=120, env=env)
    finally:
        server.shutdown()
    # The probe writes no plan, so planning blocks; what matters is what the tool told the model.
    assert json.loads(done.stdout)["status"] == "paused", done.stdout + done.stderr
    assert len(EnvironProbeModel.tool_results) == 1, EnvironProbeModel.tool_results
    result = json.loads(EnvironProbeModel.tool_results[0])
    assert result["exit_code"] == 0, result
    assert result["stdout"] == ("cannot read the parent's environ: FileNotFoundError\n"
                                "processes whose environment has the key: [] None\n")
    assert EnvironProbeModel.key not in EnvironProbeModel.tool_results[0]
    events = run(orchestrator, "run", "status", "--json", cwd=tmp_path)
    assert EnvironProbeModel.key not in events.stdout
