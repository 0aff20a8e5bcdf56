import Foundation
import JSONRPC
import Logging
import Testing

@Suite("Signal handling")
struct SignalTests {
    @Test("runUntilSignal shuts down gracefully on a signal and returns 0")
    func shutsDownOnSignal() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/rpc.sock"
        // SIGUSR2 keeps the test runner's own SIGINT/SIGTERM handling out of it; ignoring it first
        // means a signal can never kill the test process, whatever the timing.
        signal(SIGUSR2, SIG_IGN)
        let server = try await JSONRPCSocketServer.bind(
            path: path, configuration: JSONRPCConfiguration(logger: .silent)
        ) { _ in
            serverHandler()
        }
        let run = Task { try await server.runUntilSignal([SIGUSR2]) }
        let client = try await TestClient.connect(to: path)
        // An answer proves run() is serving, and runUntilSignal installs its handlers before that.
        #expect(try await client.call(echoLine)?["result"] == ["hi"])
        kill(getpid(), SIGUSR2)
        #expect(try await run.value == 0)
        #expect(try await client.readLine() == nil)
        #expect(!fileExists(path))
        signal(SIGUSR2, SIG_IGN)
    }
}
