import Foundation
import JSONRPC
import Testing

/// Connects to argv[1], sends one request line, prints "REPLY <line>", "EOF", or "ERROR <what>" for anything
/// else, so a failure says what happened instead of leaving stdout empty.
private let probeScript = """
    import socket, sys
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(60)
        s.connect(sys.argv[1])
        try:
            s.sendall(b'{"jsonrpc":"2.0","id":1,"method":"echo","params":["hi"]}\\n')
            data = s.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            data = b''
        print("REPLY " + data.decode().strip() if data else "EOF")
    except Exception as error:
        print("ERROR " + repr(error))
    """

/// Under `make test` (ORCHESTRATOR_TESTS_REQUIRE_ALL=1, run as root in CI) the test runs, and fails if it cannot.
private let canSwitchUser =
    ProcessInfo.processInfo.environment["ORCHESTRATOR_TESTS_REQUIRE_ALL"] == "1"
    || geteuid() == 0
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

@Suite("Peer credentials")
struct PeerCredentialTests {
    @Test(
        "a peer with another uid is disconnected without a reply, and logged",
        .enabled(if: canSwitchUser, "needs root, /usr/bin/setpriv and /usr/bin/python3 to connect as uid 65534")
    )
    func foreignUIDRefused() async throws {
        let running = try await RunningServer.start()
        // Open the door on purpose so only the SO_PEERCRED check stands between uid 65534 and the server.
        chmod(running.directory.path, 0o755)
        chmod("\(running.directory.path)/run", 0o755)
        chmod(running.path, 0o666)
        // The server is serving before the probes run: the root probe then measures the peer check, not start-up.
        let ready = try await TestClient.connect(to: running.path)
        #expect(try await ready.call(echoLine)?["result"] == ["hi"])
        await ready.close()

        let asRoot = try await runProgram("/usr/bin/python3", ["-c", probeScript, running.path])
        #expect(asRoot.hasPrefix("REPLY "), "the probe itself must work for the server's own uid: \(asRoot)")

        let asNobody = try await runProgram(
            "/usr/bin/setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", probeScript, running.path]
        )
        #expect(asNobody.trimmingCharacters(in: .whitespacesAndNewlines) == "EOF")
        #expect(running.logs.all.contains { $0.contains("refused a connection") && $0.contains("uid 65534") })
        try await running.stop()
    }
}
