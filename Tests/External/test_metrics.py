"""Metrics as an operator's Prometheus reads them: a real Prometheus (Debian's package, installed by `make deps`)
scrapes `serve --metrics-address` while a workflow runs against a loopback Anthropic server, and its HTTP API must
hold the phase, token and cost series with the values the ledger holds; `promtool check metrics` must find no
problem in a scrape."""
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest

from conftest import run, write_ci_coverage
from test_agents import ScriptedModel
from test_socket import Peer, Server
from test_tokens import model_server  # noqa: F401  (a fixture)

PHASES = ["planning", "architecture", "data", "development", "qa", "documentation"]
DEADLINE = 60  # seconds; only a guard against hangs, never a speed assertion

needs_prometheus = pytest.mark.skipif(
    not (shutil.which("prometheus") and shutil.which("promtool")), reason="needs Debian's prometheus (`make deps`)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Prometheus:
    """A throwaway Prometheus scraping one target every second, stopped however the test ends."""

    def __init__(self, target: str, folder):
        config = folder / "prometheus.yml"
        config.write_text(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
            f"scrape_configs:\n  - job_name: orchestrator\n    static_configs:\n      - targets: ['{target}']\n")
        self.port = free_port()
        self.process = subprocess.Popen(
            ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={folder / 'data'}",
             f"--web.listen-address=127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=open(folder / "prometheus.log", "w"))
        deadline = time.monotonic() + DEADLINE
        while True:
            assert self.process.poll() is None, (folder / "prometheus.log").read_text()[-2000:]
            try:
                if http_get(f"http://127.0.0.1:{self.port}/-/ready")[0] == 200:
                    return
            except OSError:
                pass
            assert time.monotonic() < deadline, "prometheus did not become ready"
            time.sleep(0.1)

    def query(self, expression: str) -> list:
        url = f"http://127.0.0.1:{self.port}/api/v1/query?" + urllib.parse.urlencode({"query": expression})
        status, body = http_get(url)
        assert status == 200, body
        return json.loads(body)["data"]["result"]

    def wait_for(self, expression: str, expected: float) -> list:
        """Polls until the query's single value is `expected` (a scrape after the run's end), then returns it."""
        deadline = time.monotonic() + DEADLINE
        while True:
            result = self.query(expression)
            if result and abs(float(result[0]["value"][1]) - expected) < 1e-9:
                return result
            assert time.monotonic() < deadline, f"{expression} = {result}, expected {expected}"
            time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@needs_prometheus
def test_prometheus_scrapes_phase_token_and_cost_series_equal_to_the_ledger(
        orchestrator, tmp_path, model_server):  # noqa: F811
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    write_ci_coverage(workspace)
    env = {**os.environ, "ANTHROPIC_API_KEY": "test-key",
           "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{model_server.server_address[1]}"}
    server = Server(orchestrator, workspace, "--metrics-address", "127.0.0.1:0", env=env)
    prometheus = None
    try:
        line = server.wait_for_log("orchestrator: serving metrics on http://")
        address = line.split("http://", 1)[1].removesuffix("/metrics")
        prometheus = Prometheus(address, tmp_path)
        peer = Peer(server.path)
        reply = peer.call("workflow/start", {
            "intake": "intake.yaml", "provider": {"name": "anthropic", "model": "claude-sonnet-4-5"}})
        assert reply["result"]["status"] == "completed", reply
        workflow = reply["result"]["id"]
        assert ScriptedModel.requests, "the run called the model"

        with sqlite3.connect(workspace / ".orchestrator/state.db") as db:
            rows = db.execute(
                "SELECT model, SUM(input_tokens), SUM(output_tokens), SUM(cache_creation_tokens), "
                "SUM(cache_read_tokens), COUNT(*) FROM token_usage WHERE workflow_id = ? GROUP BY model",
                (workflow,)).fetchall()
            costs = [Decimal(cost) for (cost,) in db.execute(
                "SELECT cost_usd FROM token_usage WHERE workflow_id = ?", (workflow,))]
            phase_outputs = db.execute(
                "SELECT phase, SUM(output_tokens) FROM token_usage WHERE workflow_id = ? GROUP BY phase",
                (workflow,)).fetchall()
        assert [row[0] for row in rows] == ["claude-sonnet-4-5"]
        model, inputs, outputs, writes, reads, calls = rows[0]

        # Waiting for a scrape that saw the run's last charge; then every series must equal the ledger.
        prometheus.wait_for('sum(orchestrator_model_calls_total{model="claude-sonnet-4-5"})', calls)
        tokens = {series["metric"]["kind"]: float(series["value"][1]) for series in prometheus.query(
            'sum by (kind) (orchestrator_tokens_total{model="claude-sonnet-4-5"})')}
        assert tokens == {"input": inputs, "output": outputs, "cache_write": writes, "cache_read": reads}
        cost = prometheus.query('sum(orchestrator_cost_usd_total{model="claude-sonnet-4-5"})')
        assert abs(Decimal(cost[0]["value"][1]) - sum(costs)) < Decimal("1e-9"), (cost, sum(costs))
        # By phase too: each phase's series equals that phase's ledger lines.
        by_phase = {series["metric"]["phase"]: float(series["value"][1]) for series in prometheus.query(
            'sum by (phase) (orchestrator_tokens_total{kind="output"})')}
        assert by_phase == {phase: float(total) for phase, total in phase_outputs}

        # The starter intake gives the workflow 2,000,000 tokens: what is left is that less what the ledger holds.
        left = prometheus.query('orchestrator_budget_remaining_tokens{level="workflow"}')
        assert float(left[0]["value"][1]) == 2_000_000 - (inputs + outputs + writes + reads), left

        prometheus.wait_for('sum(orchestrator_workflow_runs_total{outcome="completed"})', 1)
        phases = {series["metric"]["phase"]: float(series["value"][1]) for series in prometheus.query(
            'orchestrator_phase_duration_seconds_count{outcome="passed"}')}
        assert phases == {phase: 1.0 for phase in PHASES}
        requests = prometheus.query(
            'orchestrator_rpc_requests_total{method="workflow/start",outcome="ok"}')
        assert [float(series["value"][1]) for series in requests] == [1.0]
        tool_calls = prometheus.query('sum(orchestrator_tool_calls_total)')
        assert float(tool_calls[0]["value"][1]) > 0

        status, scrape = http_get(f"http://{address}/metrics")
        assert status == 200
        checked = subprocess.run(["promtool", "check", "metrics"], input=scrape, capture_output=True, text=True)
        assert checked.returncode == 0 and checked.stdout + checked.stderr == "", checked.stdout + checked.stderr
        assert workflow not in scrape, "no workflow id is a label"
        peer.close()
    finally:
        if prometheus:
            prometheus.stop()
        assert server.stop() == 0


def test_the_endpoint_answers_metrics_only_and_a_bad_address_is_a_usage_error(orchestrator, tmp_path):
    bad = run(orchestrator, "serve", "--metrics-address", "localhost", cwd=tmp_path)
    assert bad.returncode == 2 and "--metrics-address: 'localhost' is not HOST:PORT" in bad.stderr
    server = Server(orchestrator, tmp_path, "--metrics-address", "127.0.0.1:0")
    try:
        address = server.wait_for_log("serving metrics on http://").split("http://", 1)[1].removesuffix("/metrics")
        assert http_get(f"http://{address}/")[0] == 404
        request = urllib.request.Request(f"http://{address}/metrics", method="POST", data=b"")
        assert http_get_request(request) == 405
        peer = Peer(server.path)
        assert "result" in peer.call("server/info")
        status, body = http_get(f"http://{address}/metrics")
        assert status == 200
        assert "# HELP orchestrator_rpc_open_connections " in body and "\norchestrator_rpc_open_connections 1" in body
        peer.close()
    finally:
        assert server.stop() == 0


def test_without_the_flag_nothing_listens_for_metrics(orchestrator, tmp_path):
    server = Server(orchestrator, tmp_path)
    try:
        pid = server.process.pid
        table = open("/proc/net/tcp").read().splitlines()[1:] + open("/proc/net/tcp6").read().splitlines()[1:]
        listening = [line for line in table if line.split()[3] == "0A"]
        inodes = {line.split()[9] for line in listening}
        sockets = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
        assert not any(f"socket:[{inode}]" in sockets for inode in inodes), "serve listens on TCP without the flag"
        assert not any("metrics" in line for line in server.logs)
    finally:
        assert server.stop() == 0


def http_get_request(request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
