"""`orchestrator serve --socket` driven over newline-delimited JSON, as hostile peers would drive it.

Two kinds of client, neither part of the server: raw Python sockets, and clients/orchestrator-rpc
(POSIX sh with socat or `nc -U` underneath). Throughout, a second long-lived connection must keep
getting correct answers. Every read has a timeout, so a hang fails a test instead of hanging CI; the
tests wait for events (a log line, a reply, EOF), never for a fixed time.
"""
import json
import os
import pathlib
import queue
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading

import pytest

from conftest import ROOT

CLIENT = ROOT / "clients/orchestrator-rpc"
TIMEOUT = 20  # seconds; only a guard against hangs, never a speed assertion
INTAKE_WITH_TYPO = "project:\n  nmae: x\nrequirements: []\nphases: [planning]\n"

needs_transport = pytest.mark.skipif(
    not (shutil.which("socat") or shutil.which("nc")), reason="the shell client needs socat or nc (`make deps`)"
)


class Server:
    """A running `orchestrator serve`, in a directory of its own; its stderr is collected as it comes."""

    def __init__(self, binary: str, directory: pathlib.Path, *args: str, default_socket: bool = False,
                 env: dict | None = None):
        self.directory = directory
        if default_socket:
            self.path, options = directory / ".orchestrator/orchestrator.sock", []
        else:
            self.path = directory / "run" / "orchestrator.sock"
            options = ["--socket", str(self.path)]
        self.process = subprocess.Popen(
            [binary, "serve", *options, *args],
            cwd=directory, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env=env,
        )
        self.logs: list[str] = []
        self._lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.wait_for_log("orchestrator: serving JSON-RPC on")

    def _pump(self) -> None:
        for line in self.process.stderr:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def wait_for_log(self, *fragments: str) -> str:
        """Returns the first new stderr line containing every fragment."""
        while True:
            try:
                line = self._lines.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError(f"no log line with {fragments} within {TIMEOUT}s; logs so far: {self.logs}")
            if line is None:
                raise AssertionError(f"server exited ({self.process.poll()}) before logging {fragments}: {self.logs}")
            self.logs.append(line)
            if all(fragment in line for fragment in fragments):
                return line

    def stop(self, signum: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"server did not exit within {TIMEOUT}s of signal {signum}")


class Peer:
    """One newline-framed connection."""

    def __init__(self, path: pathlib.Path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(TIMEOUT)
        self.sock.connect(str(path))
        self.buffer = b""
        self.calls = 0

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send(self, message) -> None:
        self.send_raw(json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")

    def line(self) -> bytes:
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError(f"connection closed; unterminated data: {self.buffer[:200]!r}")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line

    def reply(self):
        return json.loads(self.line())

    def call(self, method: str, params=None, id=None):
        """Sends one request and returns its reply, which must be the very next line."""
        self.calls += 1
        id = f"call-{self.calls}" if id is None else id
        request = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            request["params"] = params
        self.send(request)
        reply = self.reply()
        assert reply.get("id") == id, reply
        return reply

    def at_eof(self) -> bool:
        """Reads until the server hangs up; true when it did so without sending anything."""
        data = self.buffer
        try:
            while chunk := self.sock.recv(65536):
                data += chunk
        except (ConnectionResetError, BrokenPipeError):
            pass
        return data == b""

    def close(self) -> None:
        self.sock.close()


def assert_answers_correctly(peer: Peer) -> None:
    """The long-lived connection still gets a correct, complete answer."""
    reply = peer.call("config/validate", {"text": INTAKE_WITH_TYPO})
    result = reply["result"]
    assert result["kind"] == "intake"
    typo = [d for d in result["diagnostics"] if d["code"] == "unknown-key"]
    assert len(typo) == 1 and "did you mean 'name'" in typo[0]["message"], result
    assert typo[0]["range"] == {"start": {"line": 1, "character": 2}, "end": {"line": 1, "character": 6}}


def rpc(*args: str, socket_path=None, env: dict | None = None, cwd=None, input: str | None = None):
    """Runs the shell client; ORCHESTRATOR_SOCKET from the outer environment is never inherited."""
    environment = {k: v for k, v in os.environ.items() if k != "ORCHESTRATOR_SOCKET"}
    environment.update(env or {})
    options = ["--socket", str(socket_path)] if socket_path else []
    return run_client([*options, *args], env=environment, cwd=cwd, input=input)


def run_client(args: list, prefix: tuple = (), env: dict | None = None, cwd=None, input: str | None = None,
               client: pathlib.Path = CLIENT):
    """Runs the client in a session of its own, so that a hang kills its socat and awk too."""
    process = subprocess.Popen(
        [*prefix, str(client), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env, cwd=cwd, start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(input, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"orchestrator-rpc {args} did not finish within {TIMEOUT}s")
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.fixture(scope="module")
def workdir():
    """Short paths: a Unix socket path must fit in 108 bytes."""
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-sock-"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def server(orchestrator, workdir):
    (workdir / "main").mkdir()
    running = Server(orchestrator, workdir / "main")
    yield running
    assert running.stop() == 0


@pytest.fixture(scope="module")
def survivor(server):
    """The long-lived connection that every hostile case must leave working."""
    peer = Peer(server.path)
    assert_answers_correctly(peer)
    yield peer
    peer.close()


@pytest.fixture(scope="module")
def small_server(orchestrator, workdir):
    (workdir / "small").mkdir()
    running = Server(orchestrator, workdir / "small", "--max-message-size", "4096")
    yield running
    assert running.stop() == 0


@pytest.fixture(scope="module")
def small_survivor(small_server):
    peer = Peer(small_server.path)
    assert_answers_correctly(peer)
    yield peer
    peer.close()


# --- batches, notifications, ids ----------------------------------------------------------------


def test_batch_replies_are_matched_by_id(server, survivor):
    peer = Peer(server.path)
    peer.send([
        {"jsonrpc": "2.0", "id": 1, "method": "server/info"},
        {"jsonrpc": "2.0", "id": "b", "method": "config/validate", "params": {"text": INTAKE_WITH_TYPO}},
        {"jsonrpc": "2.0", "method": "server/info"},
        {"jsonrpc": "2.0", "id": 3, "method": "workflow/nonexistent"},
        7,
    ])
    replies = peer.reply()
    assert isinstance(replies, list) and len(replies) == 4, replies
    by_id = {reply["id"]: reply for reply in replies}
    assert set(by_id) == {1, "b", 3, None}
    assert by_id[1]["result"]["name"] == "orchestrator"
    assert by_id["b"]["result"]["kind"] == "intake"
    assert by_id[3]["error"]["code"] == -32601
    assert by_id[None]["error"]["code"] == -32600
    assert peer.call("server/info")["result"]["name"] == "orchestrator", "the notification in the batch got a reply"
    assert_answers_correctly(survivor)


def test_batch_limit_is_100(server, survivor):
    peer = Peer(server.path)
    peer.send([{"jsonrpc": "2.0", "id": i, "method": "server/info"} for i in range(100)])
    assert sorted(reply["id"] for reply in peer.reply()) == list(range(100))
    peer.send([{"jsonrpc": "2.0", "id": i, "method": "server/info"} for i in range(101)])
    reply = peer.reply()
    assert reply["id"] is None and reply["error"]["code"] == -32600, reply
    assert_answers_correctly(peer)
    assert_answers_correctly(survivor)


def test_empty_batch_gets_one_invalid_request_error(server, survivor):
    peer = Peer(server.path)
    peer.send_raw(b"[]\n")
    reply = peer.reply()
    assert isinstance(reply, dict), "an empty batch is answered by a single error, not an array"
    assert reply["id"] is None and reply["error"]["code"] == -32600, reply
    assert_answers_correctly(peer)
    assert_answers_correctly(survivor)


def test_notifications_get_no_reply(server, survivor):
    peer = Peer(server.path)
    peer.send({"jsonrpc": "2.0", "method": "server/info"})
    peer.send({"jsonrpc": "2.0", "method": "workflow/nonexistent", "params": {}})
    peer.send([{"jsonrpc": "2.0", "method": "server/info"}, {"jsonrpc": "2.0", "method": "server/info"}])
    # Had any of them been answered, that answer would be the next line instead of this reply.
    assert peer.call("server/info", id="after")["result"]["name"] == "orchestrator"
    assert_answers_correctly(survivor)


@pytest.mark.parametrize(
    "request_id",
    [
        "abc",
        "",
        'é🚀 "quoted" \\ tab\t',
        0,
        -7,
        9007199254740993,  # 2**53 + 1: not representable as a double
        9223372036854775807,
        1.5,
        None,  # a request per JSON-RPC 2.0 (only a missing id makes a notification); its reply has id null
    ],
)
def test_ids_are_echoed_exactly(server, survivor, request_id):
    peer = Peer(server.path)
    raw_id = json.dumps(request_id, ensure_ascii=False)
    peer.send_raw(f'{{"jsonrpc":"2.0","id":{raw_id},"method":"server/info"}}\n'.encode())
    line = peer.line()
    reply = json.loads(line)
    assert "result" in reply, reply
    assert reply["id"] == request_id and type(reply["id"]) is type(request_id)
    if isinstance(request_id, int):
        assert f'"id":{raw_id},'.encode() in line, line[:80]
    assert_answers_correctly(survivor)


def test_an_id_beyond_64_bits_is_refused_not_mangled(server, survivor):
    peer = Peer(server.path)
    peer.send_raw(b'{"jsonrpc":"2.0","id":12345678901234567890,"method":"server/info"}\n')
    reply = json.loads(peer.line())
    assert reply["id"] is None
    assert reply["error"]["code"] == -32600
    assert "as a string" in reply["error"]["message"]
    assert_answers_correctly(survivor)


@needs_transport
@pytest.mark.parametrize("request_id", ["42", "-3", "abc", 'a"b\\c', "007", "é🚀"])
def test_shell_client_ids_round_trip(server, survivor, request_id):
    result = rpc("--id", request_id, "server/info", socket_path=server.path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "orchestrator"
    assert_answers_correctly(survivor)


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        b"{bad\n",
        b'{"jsonrpc":"2.0","id":1,"method":"server/info"} trailing\n',
        b'{"jsonrpc":"2.0","id":1,"method":"server/info"}{"jsonrpc":"2.0","id":2,"method":"server/info"}\n',
        b"\xff\xfe\n",
        b'{"jsonrpc":"2.0","id":"\xff","method":"server/info"}\n',
        b"hello\n",
    ],
)
def test_invalid_json_is_a_parse_error_and_the_connection_goes_on(server, survivor, line):
    peer = Peer(server.path)
    peer.send_raw(line)
    reply = peer.reply()
    assert reply["id"] is None and reply["error"]["code"] == -32700, reply
    assert_answers_correctly(peer)
    assert_answers_correctly(survivor)


@pytest.mark.parametrize(
    "message",
    [
        {"jsonrpc": "1.0", "id": 5, "method": "server/info"},
        {"jsonrpc": 2.0, "id": 5, "method": "server/info"},
        {"id": 5, "method": "server/info"},
        {"jsonrpc": "2.0", "id": 5, "method": 12},
        {"jsonrpc": "2.0", "id": 5, "method": "server/info", "params": 5},
    ],
)
def test_invalid_request_object(server, survivor, message):
    peer = Peer(server.path)
    peer.send(message)
    reply = peer.reply()
    assert reply["error"]["code"] == -32600, reply
    assert reply["id"] == 5, "the id could be read, so it is echoed"
    assert_answers_correctly(peer)
    assert_answers_correctly(survivor)


def test_unknown_method(server, survivor):
    reply = Peer(server.path).call("workflow/nonexistent")
    assert reply["error"]["code"] == -32601 and "workflow/nonexistent" in reply["error"]["message"], reply
    assert_answers_correctly(survivor)


@pytest.mark.parametrize(
    "params, fragment",
    [({}, '"uri" or "text"'), ({"text": 5}, 'member "/text" must be a string, found 5'), ({"uri": "http://x/y.yaml"}, "file://"),
     ({"uri": "file://build-host/etc/hosts"}, "on this machine"),
     ({"text": "a: 1", "kind": "bogus"},
      'member "/kind" must be one of "intake", "agent", "policy", "skill", found "bogus"')],
)
def test_bad_params(server, survivor, params, fragment):
    reply = Peer(server.path).call("config/validate", params)
    assert reply["error"]["code"] == -32602 and fragment in reply["error"]["message"], reply
    assert "Cannot initialize" not in reply["error"]["message"], "no Swift internals in messages"
    assert_answers_correctly(survivor)


def test_cancel_request_sent_as_a_request_is_told_it_is_a_notification(server, survivor):
    reply = Peer(server.path).call("$/cancelRequest", {"id": 1})
    assert reply["error"]["code"] == -32600 and "notification" in reply["error"]["message"], reply
    assert_answers_correctly(survivor)


def test_unreadable_document(server, survivor, workdir):
    missing = workdir / "missing.yaml"
    reply = Peer(server.path).call("config/validate", {"uri": missing.as_uri()})
    assert reply["error"]["code"] == -32010, reply
    assert_answers_correctly(survivor)


@needs_transport
def test_shell_client_reports_errors_with_exit_1(server, survivor):
    unknown = rpc("workflow/nonexistent", socket_path=server.path)
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr == "orchestrator-rpc: error -32601: Method not found: workflow/nonexistent\n"
    bad = rpc("config/validate", '{"text": 5}', socket_path=server.path)
    assert (bad.returncode, bad.stdout) == (1, "")
    assert bad.stderr.startswith("orchestrator-rpc: error -32602: Invalid params"), bad.stderr
    unparsable = rpc("config/validate", "{bad", socket_path=server.path)
    assert unparsable.returncode == 1 and "error -32700: Parse error" in unparsable.stderr, unparsable.stderr
    assert_answers_correctly(survivor)


@needs_transport
def test_shell_client_refuses_params_that_are_not_an_object_or_array(server):
    result = rpc("config/validate", "text: x", socket_path=server.path)
    assert (result.returncode, result.stdout) == (2, "")
    assert "JSON-PARAMS must be a JSON object or array" in result.stderr


# --- message size limit (server started with --max-message-size 4096) ---------------------------


def _message_of(size: int) -> bytes:
    head, tail = b'{"jsonrpc":"2.0","id":"sized","method":"server/info","params":{"pad":"', b'"}}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def test_message_at_the_limit_is_served(small_server, small_survivor):
    peer = Peer(small_server.path)
    peer.send_raw(_message_of(4096) + b"\n")
    assert peer.reply()["result"]["limits"]["maxMessageBytes"] == 4096
    assert_answers_correctly(small_survivor)


def test_oversized_message_is_refused_and_the_connection_stays_usable(small_server, small_survivor):
    peer = Peer(small_server.path)
    peer.send_raw(_message_of(4097) + b"\n")
    reply = peer.reply()
    assert reply["id"] is None and reply["error"]["code"] == -32600, reply
    assert "exceeds the limit of 4096 bytes" in reply["error"]["message"]
    assert_answers_correctly(peer)
    assert_answers_correctly(small_survivor)


def test_huge_unterminated_message_is_discarded_without_buffering(small_server, small_survivor):
    peer = Peer(small_server.path)
    peer.send_raw(b'{"jsonrpc":"2.0","id":1,"method":"server/info","params":{"pad":"')
    for _ in range(16):
        peer.send_raw(b"y" * 65536)
        assert_answers_correctly(small_survivor)  # others are served while this one streams
    peer.send_raw(b'"}}\n')
    reply = peer.reply()
    assert reply["error"]["code"] == -32600 and "exceeds the limit" in reply["error"]["message"], reply
    assert_answers_correctly(peer)
    assert small_server.process.poll() is None


@needs_transport
def test_shell_client_sees_the_size_error(small_server, small_survivor):
    result = rpc("config/validate", json.dumps({"text": "x" * 5000}), socket_path=small_server.path)
    assert result.returncode == 1 and "error -32600: Invalid request: message of" in result.stderr, result.stderr
    assert_answers_correctly(small_survivor)


# --- peers that hang up -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, half_close",
    [
        (b'{"jsonrpc":"2.0","id":1,"method":"config/valid', False),
        (b'[{"jsonrpc":"2.0","id":1,"method":"server/info"},', False),
        (b'{"jsonrpc":"2.0","id":1,"method":"config/validate","params":{"text":"project: {}"}}\n', False),
        (b'{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}\n' * 50, False),
        (b'{"jsonrpc":"2.0","id":1,"method":"config/valid', True),
    ],
    ids=["half-line", "half-batch", "gone-before-reply", "gone-with-replies-pending", "half-line-then-eof"],
)
def test_peer_hanging_up_mid_message(server, survivor, data, half_close):
    peer = Peer(server.path)
    peer.send_raw(data)
    if half_close:
        peer.sock.shutdown(socket.SHUT_WR)
        reply = peer.reply()  # what the server does with a truncated message: a parse error, then it hangs up
        assert reply["error"]["code"] == -32700 and reply["id"] is None, reply
        assert peer.at_eof()
    peer.close()
    assert_answers_correctly(survivor)
    assert_answers_correctly(Peer(server.path))
    assert server.process.poll() is None


def test_many_connections_at_once(server, survivor):
    peers = [Peer(server.path) for _ in range(100)]
    for index, peer in enumerate(peers):
        peer.send({"jsonrpc": "2.0", "id": index, "method": "config/validate", "params": {"text": INTAKE_WITH_TYPO}})
    for index, peer in enumerate(peers):
        reply = peer.reply()
        assert reply["id"] == index and reply["result"]["kind"] == "intake"
        peer.close()
    assert_answers_correctly(survivor)


# --- progress -----------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["tok-1", 7])
def test_progress_notifications_come_before_the_reply(server, survivor, token):
    peer = Peer(server.path)
    peer.send({"jsonrpc": "2.0", "id": "v", "method": "config/validate",
               "params": {"text": INTAKE_WITH_TYPO, "workDoneToken": token}})
    begin, end, reply = peer.reply(), peer.reply(), peer.reply()
    for notification, kind in [(begin, "begin"), (end, "end")]:
        assert notification["method"] == "$/progress" and "id" not in notification
        assert (notification["params"]["token"], notification["params"]["value"]["kind"]) == (token, kind)
    assert reply["id"] == "v" and reply["result"]["kind"] == "intake"
    assert_answers_correctly(survivor)


@needs_transport
def test_shell_client_follow_prints_progress_then_the_result(server, survivor):
    params = json.dumps({"text": INTAKE_WITH_TYPO, "workDoneToken": "t"})
    followed = rpc("--follow", "config/validate", params, socket_path=server.path)
    assert followed.returncode == 0, followed.stderr
    lines = followed.stdout.splitlines()
    assert len(lines) == 3, followed.stdout
    assert [json.loads(line)["params"]["value"]["kind"] for line in lines[:2]] == ["begin", "end"]
    assert json.loads(lines[2])["kind"] == "intake"
    quiet = rpc("config/validate", params, socket_path=server.path)
    assert quiet.stdout == lines[2] + "\n", "without --follow only the result is printed"
    assert_answers_correctly(survivor)


# --- the shell client ---------------------------------------------------------------------------


@needs_transport
def test_shell_client_prints_the_result_as_one_line(server, survivor, workdir):
    result = rpc("server/info", socket_path=server.path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.count("\n") == 1 and json.loads(result.stdout)["transport"] == "socket"
    from_env = rpc("server/info", env={"ORCHESTRATOR_SOCKET": str(server.path)})
    assert from_env.stdout == result.stdout
    document = workdir / "intake.yaml"
    document.write_text(INTAKE_WITH_TYPO, encoding="utf-8")
    by_uri = rpc("config/validate", "-", socket_path=server.path, input=json.dumps({"uri": document.as_uri()}))
    assert by_uri.returncode == 0 and json.loads(by_uri.stdout)["uri"] == document.as_uri(), by_uri
    assert_answers_correctly(survivor)


@needs_transport
def test_shell_client_uses_the_default_socket_of_the_directory(orchestrator, workdir):
    directory = workdir / "default"
    directory.mkdir()
    running = Server(orchestrator, directory, default_socket=True)
    try:
        assert (directory / ".orchestrator/orchestrator.sock").is_socket()
        result = rpc("server/info", cwd=directory)
        assert result.returncode == 0 and json.loads(result.stdout)["name"] == "orchestrator", result.stderr
    finally:
        assert running.stop() == 0


@needs_transport
def test_shell_client_without_a_server_exits_2(workdir):
    missing = rpc("server/info", socket_path=workdir / "nowhere.sock")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert "no server socket at" in missing.stderr
    stale_path = workdir / "stale.sock"
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(stale_path))  # a socket file nobody listens on, as a killed server leaves behind
    try:
        refused = rpc("server/info", socket_path=stale_path)
    finally:
        stale.close()
    assert (refused.returncode, refused.stdout) == (2, "")
    assert "no reply from" in refused.stderr and "refused" in refused.stderr.lower(), refused.stderr


def test_shell_client_without_socat_nc_or_orchestrator_exits_2(server, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ["awk", "sed", "tr", "cat", "mktemp", "mkfifo", "rm"]:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    result = rpc("server/info", socket_path=server.path,
                 env={"PATH": str(bin_dir), "ORCHESTRATOR_BIN": "/nonexistent/orchestrator"})
    assert (result.returncode, result.stdout) == (2, "")
    assert "neither socat, nor nc with -U (netcat-openbsd), nor the orchestrator binary" in result.stderr


class FakeServer:
    """Plays a scripted server on a socket, to check what the client does with replies we control."""

    def __init__(self, path: pathlib.Path, script):
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(path))
        self.listener.listen(1)
        self.listener.settimeout(TIMEOUT)
        self.script, self.request, self.client_hung_up, self.error = script, None, threading.Event(), None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            connection, _ = self.listener.accept()
            connection.settimeout(TIMEOUT)
            with connection:
                data = b""
                while b"\n" not in data:
                    data += connection.recv(65536)
                self.request = data.decode()
                self.script(connection, json.loads(data))
                while connection.recv(65536):  # keep the connection open: the client must leave on its own
                    pass
                self.client_hung_up.set()
        except Exception as error:  # reported by the test through self.error
            self.error = error

    def close(self) -> None:
        self.thread.join(TIMEOUT)
        self.listener.close()
        assert self.error is None, self.error


def _reply(connection, message) -> None:
    connection.sendall(json.dumps(message).encode() + b"\n")


@needs_transport
@pytest.mark.parametrize(
    "args, expected",
    [
        (["server/info"], {"jsonrpc": "2.0", "id": 1, "method": "server/info"}),
        (["--id", "x-1", "a/b", '{"k": [1, 2]}'],
         {"jsonrpc": "2.0", "id": "x-1", "method": "a/b", "params": {"k": [1, 2]}}),
        (["--id=9", "m", "[\n  1,\n  2\n]"], {"jsonrpc": "2.0", "id": 9, "method": "m", "params": [1, 2]}),
    ],
)
def test_shell_client_sends_one_request_line_and_leaves_without_waiting_for_hang_up(tmp_path, args, expected):
    fake = FakeServer(tmp_path / "f.sock", lambda c, r: _reply(c, {"jsonrpc": "2.0", "id": r["id"], "result": [True]}))
    result = rpc(*args, socket_path=tmp_path / "f.sock")
    assert (result.returncode, result.stdout, result.stderr) == (0, "[true]\n", "")
    assert fake.client_hung_up.wait(TIMEOUT), "the client kept the connection open after its reply"
    fake.close()
    assert fake.request.count("\n") == 1 and fake.request.endswith("\n")
    assert json.loads(fake.request) == expected


@needs_transport
def test_shell_client_follow_streams_notifications_as_they_arrive(tmp_path):
    go = threading.Event()

    def script(connection, request):
        progress = {"token": 1, "value": {"kind": "begin"}}
        _reply(connection, {"jsonrpc": "2.0", "method": "$/progress", "params": progress})
        assert go.wait(TIMEOUT), "the client never printed the first notification"
        _reply(connection, {"jsonrpc": "2.0", "id": request["id"], "result": {"done": True}})

    fake = FakeServer(tmp_path / "f.sock", script)
    process = subprocess.Popen([str(CLIENT), "--socket", str(tmp_path / "f.sock"), "--follow", "slow/op", "{}"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        first = json.loads(lines.get(timeout=TIMEOUT))  # printed while the reply is still being held back
        assert first["method"] == "$/progress"
        go.set()
        assert process.wait(timeout=TIMEOUT) == 0, process.stderr.read()
        assert json.loads(lines.get(timeout=TIMEOUT)) == {"done": True}
    finally:
        go.set()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    fake.close()


@needs_transport
@pytest.mark.parametrize(
    "script, args, status, message",
    [
        (lambda c, r: _reply(c, {"jsonrpc": "2.0", "id": 99, "result": 1}), [], 2, "replied with id 99"),
        (lambda c, r: c.shutdown(socket.SHUT_WR), [], 2, "no reply from"),
        (lambda c, r: None, ["--timeout", "1"], 2, "nothing within 1s"),
        (lambda c, r: _reply(c, {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": 'Parse "x"'}}),
         [], 1, 'error -32700: Parse "x"'),
    ],
    ids=["wrong-id", "hung-up", "silent", "null-id-error"],
)
def test_shell_client_with_misbehaving_servers(tmp_path, script, args, status, message):
    fake = FakeServer(tmp_path / "f.sock", script)
    result = rpc(*args, "m", socket_path=tmp_path / "f.sock")
    assert (result.returncode, result.stdout) == (status, "")
    assert message in result.stderr, result.stderr
    fake.close()


def test_a_blocking_document_does_not_stall_other_clients(orchestrator, workdir):
    directory = workdir / "fifo"
    directory.mkdir()
    running = Server(orchestrator, directory)
    stuck = []
    try:
        for index in range(2 * (os.cpu_count() or 1) + 2):  # more than the server has threads
            fifo = directory / f"pipe{index}.yaml"
            os.mkfifo(fifo)
            peer = Peer(running.path)
            peer.send({"jsonrpc": "2.0", "id": index, "method": "config/validate", "params": {"uri": fifo.as_uri()}})
            stuck.append(peer)
        other = Peer(running.path)
        other.sock.settimeout(3)
        assert other.call("server/info")["result"]["name"] == "orchestrator"
        for peer in stuck:
            error = json.loads(peer.line())["error"]
            assert error["code"] == -32010 and "not a regular file" in error["message"], error
    finally:
        running.process.kill()  # it cannot be stopped gracefully while its threads wait on the FIFOs
        running.process.wait(timeout=TIMEOUT)
        for peer in stuck:
            peer.close()


# --- lifecycle and peer credentials -------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_the_server_and_removes_the_socket(orchestrator, workdir, signum):
    directory = workdir / f"stop-{signum}"
    directory.mkdir()
    running = Server(orchestrator, directory)
    idle, busy = Peer(running.path), Peer(running.path)
    busy.send_raw(b'{"jsonrpc":"2.0","id":1,"method":"server/info"')  # a half-sent message must not hold it up
    assert_answers_correctly(idle)
    assert running.stop(signum) == 0
    assert not running.path.exists()
    assert idle.at_eof() and busy.at_eof()


CAN_SWITCH_USER = (
    os.geteuid() == 0 and os.access("/usr/bin/setpriv", os.X_OK) and os.access("/usr/bin/python3", os.X_OK)
)
PROBE = """
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(20)
s.connect(sys.argv[1])
try:
    s.sendall(b'{"jsonrpc":"2.0","id":1,"method":"server/info"}\\n')
    data = s.recv(65536)
except (ConnectionResetError, BrokenPipeError):
    data = b""
print("REPLY " + data.decode().strip() if data else "EOF")
"""
AS_NOBODY = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.mark.skipif(
    not CAN_SWITCH_USER, reason="needs root, /usr/bin/setpriv and /usr/bin/python3 to connect as uid 65534"
)
def test_peer_of_another_uid_is_refused(orchestrator):
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-uid-", dir="/tmp"))
    running = Server(orchestrator, directory)
    try:
        own = Peer(running.path)
        # Open the door on purpose so that only the SO_PEERCRED check stands between uid 65534 and the server.
        for path, mode in [(directory, 0o755), (running.path.parent, 0o755), (running.path, 0o666)]:
            os.chmod(path, mode)
        as_root = subprocess.run(["/usr/bin/python3", "-c", PROBE, str(running.path)],
                                 capture_output=True, text=True, timeout=TIMEOUT)
        assert as_root.stdout.startswith("REPLY "), "the probe itself must work for the server's own uid"
        as_nobody = subprocess.run([*AS_NOBODY, "/usr/bin/python3", "-c", PROBE, str(running.path)],
                                   capture_output=True, text=True, timeout=TIMEOUT)
        assert as_nobody.stdout.strip() == "EOF", as_nobody.stdout + as_nobody.stderr
        running.wait_for_log("refused a connection", "uid 65534")
        if shutil.which("socat") or shutil.which("nc"):
            # A copy uid 65534 can read: the checkout may sit in a folder only root may enter (mktemp -d's 0700).
            readable = directory / "orchestrator-rpc"
            shutil.copyfile(CLIENT, readable)
            os.chmod(readable, 0o755)
            client = run_client(["--socket", str(running.path), "server/info"], prefix=tuple(AS_NOBODY),
                                env={"PATH": os.environ["PATH"]}, client=readable)
            assert (client.returncode, client.stdout) == (2, ""), client.stderr
            assert "no reply from" in client.stderr
        assert_answers_correctly(own)
    finally:
        assert running.stop() == 0
        shutil.rmtree(directory, ignore_errors=True)


# --- load and abuse: the listen queue, the buffer budget, the incomplete-message timeout ---------


def _memory_kib(pid: int) -> dict[str, int]:
    fields = {}
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def test_a_burst_of_200_simultaneous_connects_is_all_accepted(orchestrator, workdir):
    """The server is stopped (SIGSTOP) while 200 clients connect, so every one must wait in the listen
    queue: with a backlog below 200 the later non-blocking connects fail with EAGAIN."""
    (workdir / "burst").mkdir()
    running = Server(orchestrator, workdir / "burst")
    sockets = []
    try:
        os.kill(running.process.pid, signal.SIGSTOP)
        try:
            for _ in range(200):
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.setblocking(False)
                sockets.append(sock)
                assert sock.connect_ex(str(running.path)) == 0, f"connect {len(sockets)} of 200 was refused"
        finally:
            os.kill(running.process.pid, signal.SIGCONT)
        for index, sock in enumerate(sockets):
            sock.setblocking(True)
            sock.settimeout(TIMEOUT)
            sock.sendall(b'{"jsonrpc":"2.0","id":%d,"method":"server/info"}\n' % index)
        for index, sock in enumerate(sockets):
            data = b""
            while b"\n" not in data:
                chunk = sock.recv(65536)
                assert chunk, f"connection {index} closed without a reply"
                data += chunk
            assert json.loads(data.split(b"\n")[0])["id"] == index
    finally:
        for sock in sockets:
            sock.close()
        assert running.stop() == 0


def _lsp_reply(sock: socket.socket) -> dict:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "closed before a reply"
        data += chunk
    header, _, body = data.partition(b"\r\n\r\n")
    length = int(header.split(b":")[1])
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, "closed in the middle of a reply"
        body += chunk
    return json.loads(body[:length])


def test_partial_messages_are_closed_after_the_incomplete_message_timeout(orchestrator, workdir):
    (workdir / "slow").mkdir()
    running = Server(orchestrator, workdir / "slow", "--incomplete-message-timeout", "0.5")
    try:
        idle = Peer(running.path)
        assert_answers_correctly(idle)  # a complete exchange, then nothing under way: never timed out
        stalled = Peer(running.path)
        stalled.send_raw(b'{"jsonrpc":"2.0","id":1,"method":"server/')
        reply = stalled.reply()
        assert reply["id"] is None and "not completed within 500 ms" in reply["error"]["message"], reply
        assert stalled.at_eof()
        # A body trickling in (LSP framing) is timed from its first byte, however often bytes come.
        trickle = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        trickle.settimeout(TIMEOUT)
        trickle.connect(str(running.path))
        trickle.sendall(b"Content-Length: 1000\r\n\r\n{")
        closed = False
        for _ in range(200):
            try:
                trickle.sendall(b" ")
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            ready = select.select([trickle], [], [], 0.05)[0]
            if ready:
                reply = _lsp_reply(trickle)
                assert "not completed within 500 ms" in reply["error"]["message"], reply
                closed = True
                break
        assert closed, "a trickling message kept its connection open"
        trickle.close()
        running.wait_for_log("not completed within 500 ms")
        assert_answers_correctly(idle)  # idle longer than the timeout, and still served
    finally:
        assert running.stop() == 0


def test_eight_huge_partial_bodies_stay_within_the_buffer_budget(orchestrator, workdir):
    """Eight peers each announce a 16 MB body and send 12 MB of it (96 MB in all) to a server with a
    32 MiB budget: the server's peak RSS (VmHWM in /proc) may not grow past the budget (plus what eight
    connections cost by themselves), the peers past it are refused with -32600, and new clients are
    still served."""
    budget = 32 * 1024 * 1024
    (workdir / "budget").mkdir()
    running = Server(
        orchestrator, workdir / "budget", "--max-message-size", str(16 * 1024 * 1024),
        "--max-buffered-bytes", str(budget),
    )
    peers = []
    try:
        first = Peer(running.path)
        info = first.call("server/info")["result"]["limits"]
        assert info["maxBufferedBytes"] == budget and info["incompleteMessageTimeoutMs"] == 30000
        before = _memory_kib(running.process.pid)["VmRSS"]
        chunk = b"x" * (1024 * 1024)
        for _ in range(8):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(TIMEOUT)
            sock.connect(str(running.path))
            sock.sendall(b"Content-Length: 16000000\r\n\r\n" + b'{"jsonrpc":"2.0","id":1,"method":"server/info","params":{"pad":"')
            for _ in range(12):
                sock.sendall(chunk)
            peers.append(sock)
        refused = 0
        pending = list(peers)
        # At most two bodies of 12 MB fit in 32 MiB: at least six peers must hear that they were refused.
        while refused < 6:
            ready = select.select(pending, [], [], TIMEOUT)[0]
            assert ready, f"only {refused} peers were refused"
            for sock in ready:
                reply = _lsp_reply(sock)
                assert reply["error"]["code"] == -32600 and "buffer" in reply["error"]["message"], reply
                refused += 1
                pending.remove(sock)
        grown_kib = _memory_kib(running.process.pid)["VmHWM"] - before
        # The budget bounds the message bytes held; the eight connections' own state (channels, read
        # buffers, sessions) comes on top of it: 4 MiB is ample. Without a budget the peak grows by 96 MB.
        allowance = 4 * 1024 * 1024
        assert grown_kib * 1024 <= budget + allowance, f"peak RSS grew by {grown_kib} KiB, past the budget"
        assert_answers_correctly(Peer(running.path))
    finally:
        for sock in peers:
            sock.close()
        assert running.stop() == 0
