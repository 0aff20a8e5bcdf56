import Foundation
import JSONRPC
import Logging
import ServiceLifecycle
import Testing

@Suite("Signal handling")
struct SignalTests {
    @Test(
        "in a service group, a shutdown signal stops the socket server gracefully: connections close, the socket goes")
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
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: server)], gracefulShutdownSignals: [.sigusr2], logger: logger))
        let run = Task { try await group.run() }
        let client = try await TestClient.connect(to: path)
        // An answer proves run() is serving; the group installs its signal handling before it starts services.
        #expect(try await client.call(echoLine)?["result"] == ["hi"])
        kill(getpid(), SIGUSR2)
        try await run.value
        #expect(try await client.readLine() == nil)
        #expect(!fileExists(path))
        signal(SIGUSR2, SIG_IGN)
    }
}
