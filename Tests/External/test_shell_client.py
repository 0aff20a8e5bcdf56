"""clients/orchestrator-rpc over each transport it can use: socat, and the orchestrator binary itself
(`orchestrator rpc`), which it falls back to when neither socat nor a netcat with -U is on PATH, as on a standard
Debian install (netcat-traditional has no -U). The second transport is tested with socat and nc hidden: PATH holds
only the few tools the script needs.

Every wait has a timeout and waits for an event (a line, an exit), never for a fixed time.
"""
import json
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

from conftest import ROOT
from test_socket import (AS_NOBODY, CAN_SWITCH_USER, CLIENT, INTAKE_WITH_TYPO, TIMEOUT, Peer, Server, run_client)

TOOLS = ["awk", "sed", "tr", "cat", "mktemp", "mkfifo", "rm"]
INTAKE = 'project:\n  name: "Followed"\nrequirements:\n  - "Do the thing"\nphases: [planning, architecture, development, qa, documentation]\n'
FINAL = {"workflow.completed", "workflow.blocked", "workflow.failed", "workflow.cancelled"}


@pytest.fixture(scope="module")
def hidden_bin():
    """A PATH with the script's tools and neither socat nor nc."""
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-bin-"))
    os.chmod(directory, 0o755)
    for tool in TOOLS:
        (directory / tool).symlink_to(shutil.which(tool))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(params=["socat", "orchestrator"])
def transport(request, orchestrator, hidden_bin):
    """The environment that makes the client use one transport."""
    base = {k: v for k, v in os.environ.items() if k not in ("ORCHESTRATOR_SOCKET", "ORCHESTRATOR_BIN")}
    if request.param == "socat":
        assert shutil.which("socat"), "socat is installed by `make deps`"
        return {**base, "ORCHESTRATOR_BIN": "/nonexistent/orchestrator"}
    return {**base, "PATH": str(hidden_bin), "ORCHESTRATOR_BIN": orchestrator}


@pytest.fixture(scope="module")
def workspace():
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-cli-"))
    (directory / "intake.yaml").write_text(INTAKE, encoding="utf-8")
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def server(orchestrator, workspace):
    running = Server(orchestrator, workspace)
    yield running
    assert running.stop() == 0


def client(env, *args, input=None):
    return run_client(list(args), env=env, input=input)


def test_the_client_prints_results_and_errors_on_either_transport(server, transport):
    info = client(transport, "--socket", str(server.path), "server/info")
    assert (info.returncode, info.stderr) == (0, "")
    assert info.stdout.count("\n") == 1 and json.loads(info.stdout)["transport"] == "socket"
    unknown = client(transport, "--socket", str(server.path), "--id", "x-1", "no/such")
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr.startswith("orchestrator-rpc: error -32601: "), unknown.stderr
    piped = client(transport, "--socket", str(server.path), "config/validate", "-",
                   input=json.dumps({"text": INTAKE_WITH_TYPO}))
    assert piped.returncode == 0 and json.loads(piped.stdout)["kind"] == "intake", piped.stderr
    followed = client(transport, "--socket", str(server.path), "--follow", "config/validate",
                      json.dumps({"text": INTAKE_WITH_TYPO, "workDoneToken": "t"}))
    lines = followed.stdout.splitlines()
    assert [json.loads(line)["params"]["value"]["kind"] for line in lines[:2]] == ["begin", "end"]
    assert json.loads(lines[2])["kind"] == "intake" and len(lines) == 3


def test_without_any_transport_the_client_says_what_to_install(server, hidden_bin):
    env = {"PATH": str(hidden_bin), "ORCHESTRATOR_BIN": "/nonexistent/orchestrator"}
    result = client(env, "--socket", str(server.path), "server/info")
    assert (result.returncode, result.stdout) == (2, "")
    assert "no transport" in result.stderr and "install socat" in result.stderr, result.stderr


def test_follow_workflow_subscribe_follows_until_the_run_ends(server, transport, workspace):
    subscriber = subprocess.Popen(
        [str(CLIENT), "--socket", str(server.path), "--follow", "workflow/subscribe", "{}"], env=transport,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert json.loads(subscriber.stdout.readline()) == {"replayed": 0}
        started = Peer(server.path).call("workflow/start", {"intake": "intake.yaml"})
        assert started["result"]["status"] == "completed", started
        stdout, stderr = subscriber.communicate(timeout=TIMEOUT)
    finally:
        if subscriber.poll() is None:
            subscriber.kill()
            subscriber.communicate()
    assert subscriber.returncode == 0, stderr
    events = [json.loads(line)["params"] for line in stdout.splitlines()]
    assert events[0]["kind"] == "workflow.started" and events[-1]["kind"] == "workflow.completed"
    assert sum(event["kind"] in FINAL for event in events) == 1
    assert any(event["kind"] == "checkpoint.saved" for event in events)

    # A run that already ended, replayed with `since`: its final event comes before the reply, which then ends it.
    workflow = started["result"]["id"]
    replay = client(transport, "--socket", str(server.path), "--follow", "workflow/subscribe",
                    json.dumps({"workflow": workflow, "since": 0}))
    lines = replay.stdout.splitlines()
    assert replay.returncode == 0, replay.stderr
    assert json.loads(lines[-1])["replayed"] == len(lines) - 1
    assert json.loads(lines[-2])["params"]["kind"] == "workflow.completed"


@pytest.mark.skipif(not CAN_SWITCH_USER, reason="needs root and /usr/bin/setpriv to run the client as uid 65534")
def test_a_socket_folder_the_user_cannot_enter_is_permission_denied(orchestrator, transport, hidden_bin):
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-perm-", dir="/tmp"))
    os.chmod(directory, 0o755)
    running = Server(orchestrator, directory)  # the socket's folder is 0700, the server's user's own
    try:
        readable = directory / "orchestrator-rpc"  # the checkout may sit where uid 65534 cannot read
        shutil.copyfile(CLIENT, readable)
        os.chmod(readable, 0o755)
        env = dict(transport)
        if env.get("PATH") == str(hidden_bin):
            binary = directory / "orchestrator"
            shutil.copyfile(orchestrator, binary)
            os.chmod(binary, 0o755)
            env["ORCHESTRATOR_BIN"] = str(binary)
        result = run_client(["--socket", str(running.path), "server/info"], prefix=tuple(AS_NOBODY), env=env,
                            client=readable)
        assert (result.returncode, result.stdout) == (2, ""), result.stderr
        assert "permission denied" in result.stderr and str(running.path.parent) in result.stderr, result.stderr
        assert "no server socket" not in result.stderr
    finally:
        assert running.stop() == 0
        shutil.rmtree(directory, ignore_errors=True)
