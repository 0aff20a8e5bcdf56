#!/usr/bin/env python3
"""How fast `orchestrator serve` answers, beside a floor measured in the same run.

Against a binary serving on a Unix socket (`serve --socket`), it measures:
  1. the floor: a minimal echo server on the same kind of socket, driven by the very same client code;
  2. the round trip of `server/info` (the cheapest real method: no params, no I/O, a fixed reply),
     newline framing, p50/p99 over N after a warm-up, one request in flight and 16 in flight
     (replies matched by id, in any order), the floor and both methods taking turns in 10 slices so
     that noise from elsewhere on the machine falls on all of them alike; target: p50 within 2x the floor;
  3. didChange -> publishDiagnostics on a generated 1,000-line intake over LSP framing, from writing
     the change to reading the diagnostics that carry its version; target: p50 <= 5 ms;
  4. the server's memory (VmRSS, VmHWM) right after start, idle after the runs, and after 2,000 more
     short connections (one request each: what a connection leaves behind shows); target: < 20 MB.
With two CPUs or more, the client runs on one and every server on another, so the floor and orchestrator
get the same placement. While timing, the client matches a reply to its request by the id near its start
(the same work for the echo's short line as for a 1 KB reply) and checks every reply in full afterwards.
An unknown method (answered -32601 by the JSON-RPC layer) is timed too, for information: it
separates what the transport costs from what the `server/info` handler costs; so is `skills/match`,
whose params are decoded into a typed value and whose result is encoded from one.
Why: scripts and editors wait on every round trip, so latency is judged against what the socket and
this client cost anyway. Exits 0 when a target is missed (this is a report), 1 when something breaks
(server died, wrong reply, a read timed out).

Usage: rpc_latency.py --orchestrator PATH [--requests 5000] [--warmup 500] [--edits 300]
"""

from __future__ import annotations

import argparse, json, math, os, re, shutil, socket, subprocess, sys, tempfile, time

TIMEOUT = 10.0  # seconds any single read or start-up may take before the run fails loudly
DOC_URI = "file:///bench/intake.yaml"
ID_PATTERN = re.compile(rb'"id":(-?[0-9]+)')
SHORT_CONNECTIONS = 2000  # one request each, after the measured runs, before the last memory reading
ROUNDS = 10  # slices the round-trip series are interleaved in
# A request whose params are decoded into a typed value and whose result is encoded from one: what
# the JSON value coder costs, beside server/info (no params, a reply encoded once at start).
TYPED_PARAMS = {"text": "Build demand forecasting model"}
# With two CPUs or more, the client runs on CPU 0 and every server on CPU 1: a sequential round trip
# costs very different amounts when the scheduler puts client and server on one core or on two, and
# pinning gives the floor and orchestrator the same placement instead of a coin toss each.
PINNED = hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) >= 2
CLIENT_CPU, SERVER_CPU = (sorted(os.sched_getaffinity(0))[:2] if PINNED else (None, None))


def pin_server() -> None:
    if PINNED:
        os.sched_setaffinity(0, {SERVER_CPU})


class BenchError(Exception):
    """Something broke: the numbers cannot be trusted."""


def echo_server(path: str) -> None:
    """The floor. A separate process, not a thread, so it never competes with the client for the GIL.
    Blocking recv -> sendall is two syscalls per message, the least a server can do (selectors or
    asyncio add an epoll call and an event loop pass). It echoes raw bytes without framing, so each
    request line comes back unchanged: kernel plus client cost, no server work at all."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(8)
    print("ready", file=sys.stderr, flush=True)
    while True:
        conn, _ = listener.accept()
        recv, send = conn.recv, conn.sendall
        while data := recv(65536):
            send(data)
        conn.close()


class Connection:
    """A buffered client on a Unix socket reading newline or Content-Length frames, with timeouts."""

    def __init__(self, path: str):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(TIMEOUT)
        self.sock.connect(path)
        self.buf = bytearray()

    def _fill(self) -> None:
        try:
            chunk = self.sock.recv(1 << 20)
        except socket.timeout:
            raise BenchError(f"no reply within {TIMEOUT:.0f} s") from None
        if not chunk:
            raise BenchError("the server closed the connection")
        self.buf += chunk

    def read_line(self) -> bytes:
        while (end := self.buf.find(b"\n")) < 0:
            self._fill()
        line = bytes(self.buf[:end])
        del self.buf[: end + 1]
        return line

    def read_lsp(self) -> dict:
        while (end := self.buf.find(b"\r\n\r\n")) < 0:
            self._fill()
        headers = dict(h.split(b":", 1) for h in bytes(self.buf[:end]).split(b"\r\n"))
        start, length = end + 4, int(headers[b"Content-Length"])
        while len(self.buf) < start + length:
            self._fill()
        body = bytes(self.buf[start : start + length])
        del self.buf[: start + length]
        return json.loads(body)

    def send_lsp(self, message: dict) -> None:
        body = json.dumps(message, ensure_ascii=False).encode()
        self.sock.sendall(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))


def round_trips(path: str, method: str, count: int, warmup: int, in_flight: int, expect: str,
                params: dict | None = None) -> list[int]:
    """Latencies (ns) from sending each request to reading the reply with its id, `in_flight` outstanding.
    `expect` is the key the reply must carry: "result", "error", or "method" for the echo."""
    params_member = b',"params":' + json.dumps(params, separators=(",", ":")).encode() if params else b""
    conn = Connection(path)
    sent: dict[int, int] = {}
    latencies, total, next_id, clock = [], warmup + count, 0, time.perf_counter_ns

    def send_next() -> None:
        nonlocal next_id
        line = b'{"jsonrpc":"2.0","id":%d,"method":"%s"%s}\n' % (next_id, method.encode(), params_member)
        sent[next_id] = clock()
        conn.sock.sendall(line)
        next_id += 1

    while next_id < min(in_flight, total):
        send_next()
    # While timing, a reply is matched to its request by the id near its start, so the client does
    # the same work whatever the reply's size (the echo's line is short, server/info's is 1 KB);
    # each reply is parsed and checked in full afterwards.
    replies = []
    while sent:
        line = conn.read_line()
        now = clock()
        found = ID_PATTERN.search(line)
        reply_id = int(found.group(1)) if found else -1
        if reply_id not in sent:
            raise BenchError(f"{method}: unexpected reply {line[:300]!r}")
        if reply_id >= warmup:
            latencies.append(now - sent[reply_id])
        del sent[reply_id]
        replies.append((reply_id, line))
        if next_id < total:
            send_next()
    conn.sock.close()
    for reply_id, line in replies:
        reply = json.loads(line)
        if expect not in reply or reply.get("id") != reply_id:
            raise BenchError(f"{method}: unexpected reply {line[:300]!r}")
    return latencies


def intake_lines(total: int = 1000) -> list[str]:
    """A valid intake of exactly `total` lines, deterministic, with non-ASCII requirements."""
    head = ["# Benchmark intake written by Benchmarks/rpc_latency.py", "project:",
            '  name: "Analytics — Europe & 日本"', "  client: acme-corp", "requirements:"]
    tail = ["phases: [planning, architecture, data, development, qa, documentation]",
            "constraints:", '  timeline: "2 weeks"', "  budget_tokens: 2000000"]
    verbs = ["Build", "Document", "Migrate", "Validate", "Forecast", "Réconcilier", "Audit"]
    things = ["the café ledger", "orders from 東京 stores", "the Zürich dashboard", "rocket 🚀 metrics",
              "invoice PDFs", "the résumé parser", "support tickets"]
    body = [f"  - {verbs[i % 7]} {things[(i * 3) % 7]} for region {i % 13} (REQ-{i + 1:04d})"
            for i in range(total - len(head) - len(tail))]
    return head + body + tail


def edit(lines: list[str], k: int) -> tuple[dict, bool]:
    """The k-th incremental change (applied to `lines` too) and whether it leaves the document invalid.
    A cycle of four: add an unknown key to `project`, remove it, blank a requirement, retext it."""
    def span(l1: int, c1: int, l2: int, c2: int) -> dict:
        return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}

    if k % 4 == 0:
        lines.insert(2, "  colour: blue")
        return {"range": span(2, 0, 2, 0), "text": "  colour: blue\n"}, True
    if k % 4 == 1:
        del lines[2]
        return {"range": span(2, 0, 3, 0), "text": ""}, False
    row = 5 + (k // 4 * 37) % (len(lines) - 9)  # a requirement line, a different one each cycle
    new = '""' if k % 4 == 2 else f"Réviser le modèle n°{k} pour 大阪 🚀 (REQ-{k:04d})"
    end = len(lines[row].encode("utf-16-le")) // 2  # UTF-16 code units, the negotiated encoding
    lines[row] = lines[row][:4] + new
    return {"range": span(row, 4, row, end), "text": new}, k % 4 == 2


def read_until(conn: Connection, wanted) -> dict:
    """Reads LSP messages until `wanted(message)`; answers server-to-client requests with null."""
    while not wanted(message := conn.read_lsp()):
        if "method" in message and "id" in message:
            conn.send_lsp({"jsonrpc": "2.0", "id": message["id"], "result": None})
    return message


def diagnostics_latency(path: str, edits: int, warmup: int) -> list[int]:
    """didChange -> publishDiagnostics (same version) latencies in ns, over one LSP session."""
    conn, lines, clock = Connection(path), intake_lines(), time.perf_counter_ns
    reply_to = lambda ident: lambda m: m.get("id") == ident and "method" not in m  # noqa: E731
    published = lambda version: lambda m: (m.get("method") == "textDocument/publishDiagnostics"  # noqa: E731
                                           and m["params"].get("version") == version)
    conn.send_lsp({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "capabilities": {"general": {"positionEncodings": ["utf-16"]}}}})
    reply = read_until(conn, reply_to(1))
    if reply.get("result", {}).get("capabilities", {}).get("positionEncoding") != "utf-16":
        raise BenchError(f"unexpected initialize reply: {str(reply)[:300]}")
    conn.send_lsp({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    conn.send_lsp({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": DOC_URI, "languageId": "yaml", "version": 1, "text": "\n".join(lines) + "\n"}}})
    if diagnostics := read_until(conn, published(1))["params"]["diagnostics"]:
        raise BenchError(f"the generated intake is not valid: {diagnostics[0]}")
    latencies = []
    for k in range(warmup + edits):
        change, invalid = edit(lines, k)
        message = {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": DOC_URI, "version": k + 2}, "contentChanges": [change]}}
        body = json.dumps(message, ensure_ascii=False).encode()
        start = clock()
        conn.sock.sendall(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        diagnostics = read_until(conn, published(k + 2))["params"]["diagnostics"]
        elapsed = clock() - start
        if bool(diagnostics) != invalid:
            raise BenchError(f"version {k + 2}: expected {'some' if invalid else 'no'} diagnostics, "
                             f"got {json.dumps(diagnostics, ensure_ascii=False)[:300]}")
        if k >= warmup:
            latencies.append(elapsed)
    conn.send_lsp({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    read_until(conn, reply_to(2))
    conn.send_lsp({"jsonrpc": "2.0", "method": "exit"})
    conn.sock.close()
    return latencies


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a live process, in MB."""
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return {key: int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM")}


def start(command: list[str], ready: bytes, log_path: str) -> subprocess.Popen:
    """Starts a server with stderr in `log_path`; returns once `ready` appears there."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                                   preexec_fn=pin_server)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with open(log_path, "rb") as log:
            if ready in log.read():
                return process
        if process.poll() is not None:
            raise BenchError(f"{command[0]} exited with {process.returncode} before listening")
        time.sleep(0.01)
    process.kill()
    raise BenchError(f"{command[0]} did not start listening within {TIMEOUT:.0f} s")


def percentile(samples: list[int], p: float) -> float:
    """Nearest-rank percentile of ns samples, in ms."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] / 1e6


def measure(args, workdir: str, processes: list) -> dict:
    """Runs every measurement; returns what `report` prints."""
    echo_path, orch_path = os.path.join(workdir, "echo.sock"), os.path.join(workdir, "orch.sock")
    processes.append(start([sys.executable, os.path.abspath(__file__), "--echo-server", echo_path],
                           b"ready", os.path.join(workdir, "echo.log")))
    server = start([args.orchestrator, "serve", "--socket", orch_path], b"serving JSON-RPC on",
                   os.path.join(workdir, "orchestrator.log"))
    processes.append(server)
    time.sleep(0.2)
    results = {"memory after start": memory_mb(server.pid), "round trips": []}
    for in_flight in (1, 16):
        mode = "sequential" if in_flight == 1 else f"{in_flight} in flight"
        floor, info, bare, typed = [], [], [], []
        # The three series take turns in ROUNDS slices, so a burst of load from elsewhere on the
        # machine lands on all of them instead of skewing the ratio; each slice is a new connection
        # with its own warm-up (the full warm-up before the first one).
        for index in range(ROUNDS):
            n = args.requests // ROUNDS + (1 if index < args.requests % ROUNDS else 0)
            warm = args.warmup if index == 0 else min(args.warmup, 50)
            floor += round_trips(echo_path, "server/info", n, warm, in_flight, "method")
            info += round_trips(orch_path, "server/info", n, warm, in_flight, "result")
            bare += round_trips(orch_path, "no/such/method", n, warm, in_flight, "error")
            typed += round_trips(orch_path, "skills/match", n, warm, in_flight, "result", TYPED_PARAMS)
        results["round trips"].append((mode, floor, info, bare, typed))
    results["edits"] = diagnostics_latency(orch_path, args.edits, warmup=30)
    time.sleep(1.0)
    if server.poll() is not None:
        raise BenchError(f"orchestrator exited with {server.returncode} during the run")
    results["memory idle after the runs"] = memory_mb(server.pid)
    # A daemon lives through many short connections (scripts): what each leaves behind adds up.
    for _ in range(SHORT_CONNECTIONS):
        round_trips(orch_path, "server/info", 1, 0, 1, "result")
    time.sleep(1.0)
    results[f"+{SHORT_CONNECTIONS:,} connections"] = memory_mb(server.pid)
    return results


def report(args, results: dict) -> None:
    verdict = lambda ok: "MET" if ok else "MISSED"  # noqa: E731
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"orchestrator serve --socket ({args.orchestrator}); {os.cpu_count()} CPUs, load average {load}")
    print(f"round trips: {args.requests} after {args.warmup} warm-up, newline framing; floor: Python echo "
          f"process, same client; didChange: {args.edits} edits after 30 warm-up, 1,000-line intake, LSP framing\n")
    print(f"{'measure (ms)':<46}{'floor p50':>10}{'p99':>8}{'orch p50':>10}{'p99':>8}{'ratio':>7}  target")
    for mode, floor, info, bare, typed in results["round trips"]:
        f50, f99 = percentile(floor, 50), percentile(floor, 99)
        for label, samples, target in ((f"server/info round trip, {mode}", info, True),
                                       (f"  unknown method (-32601), {mode}", bare, False),
                                       (f"  skills/match (typed params), {mode}", typed, False)):
            o50, o99 = percentile(samples, 50), percentile(samples, 99)
            goal = f"p50 <= 2x floor: {verdict(o50 <= 2 * f50)}" if target else "(for information)"
            print(f"{label:<46}{f50:>10.3f}{f99:>8.3f}{o50:>10.3f}{o99:>8.3f}{o50 / f50:>6.2f}x  {goal}")
    e50, e99 = percentile(results["edits"], 50), percentile(results["edits"], 99)
    print(f"{'didChange -> publishDiagnostics':<46}{'':>18}{e50:>10.3f}{e99:>8.3f}{'':>7}  "
          f"p50 <= 5 ms: {verdict(e50 <= 5)}")
    labels = ("memory after start", "memory idle after the runs", f"+{SHORT_CONNECTIONS:,} connections")
    for label in labels:
        rss, hwm = results[label]["VmRSS"], results[label]["VmHWM"]
        print(f"{f'RSS, {label} (MB; VmHWM {hwm:.1f})':<46}{'':>18}{rss:>10.1f}{'':>15}  "
              f"< 20 MB: {verdict(rss < 20)}")


def stop(processes: list[subprocess.Popen]) -> str | None:
    """SIGTERM to each server (the orchestrator last); what went wrong, if anything."""
    problem = None
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            problem = problem or f"{process.args[0]} did not exit within {TIMEOUT:.0f} s of SIGTERM"
    if not problem and len(processes) == 2 and processes[1].returncode != 0:
        problem = f"orchestrator exited with {processes[1].returncode} on SIGTERM"
    return problem


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orchestrator", required=True, help="the binary to measure (the release build)")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--edits", type=int, default=300)
    if sys.argv[1:2] == ["--echo-server"]:  # the floor's process, started by `measure`
        echo_server(sys.argv[2])
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="rpcbench-")  # mode 0700, as `serve --socket` demands
    processes: list[subprocess.Popen] = []
    failure = None
    try:
        if PINNED:
            os.sched_setaffinity(0, {CLIENT_CPU})
        results = measure(args, workdir, processes)
    except (BenchError, OSError, ValueError, KeyError) as error:
        failure = f"{type(error).__name__}: {error}"
    finally:
        stopped = stop(processes)
        failure = failure or stopped
        log = os.path.join(workdir, "orchestrator.log")
        tail = open(log, "rb").read()[-2000:].decode(errors="replace") if os.path.exists(log) else ""
        shutil.rmtree(workdir, ignore_errors=True)
    if failure:
        print(f"rpc_latency: FAILED: {failure}\n--- orchestrator stderr (tail) ---\n{tail}", file=sys.stderr)
        return 1
    report(args, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
