import Foundation
import JSONRPC
import Logging
import Testing

@Suite("Stdio server")
struct StdioServerTests {
    /// A server on one pipe pair and a client on the other ends.
    func start(
        handler: @escaping @Sendable () -> any JSONRPCHandler
    ) async throws -> (client: TestClient, run: Task<Int32, any Error>) {
        var toServer: [Int32] = [0, 0]
        var fromServer: [Int32] = [0, 0]
        guard pipe(&toServer) == 0, pipe(&fromServer) == 0 else { throw CocoaError(.fileWriteUnknown) }
        let server = JSONRPCStdioServer(
            inputDescriptor: toServer[0],
            outputDescriptor: fromServer[1],
            configuration: JSONRPCConfiguration(logger: .silent)
        ) { _ in handler() }
        let run = Task { try await server.run() }
        let client = try await TestClient.pipes(input: fromServer[0], output: toServer[1])
        return (client, run)
    }

    @Test("speaks LSP over the pipes and returns the exit status the handler sets on exit")
    func lspSessionExit() async throws {
        let (client, run) = try await self.start {
            ClosureHandler(
                onRequest: { request, _ in request.params ?? .null },
                onNotification: { notification, context in
                    if notification.method == "exit" { await context.close(exitStatus: 1) }
                }
            )
        }
        let body = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#
        try await client.send("Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(try await client.readLSPMessage()?["result"] == ["capabilities": [:]])
        let exit = #"{"jsonrpc":"2.0","method":"exit"}"#
        try await client.send("Content-Length: \(exit.utf8.count)\r\n\r\n\(exit)")
        #expect(try await run.value == 1)
        await client.close()
    }

    @Test("when the peer closes its end, running requests are answered and run() returns 0")
    func inputClosed() async throws {
        let gate = Gate()
        let (client, run) = try await self.start {
            ClosureHandler(onRequest: { _, _ in
                await gate.wait()
                return "done"
            })
        }
        try await client.send(#"{"jsonrpc":"2.0","id":1,"method":"slow"}"# + "\n")
        try await client.closeOutput()
        await gate.open()
        #expect(try await client.readLine().map { try JSONValue(parsing: $0) }?["result"] == "done")
        #expect(try await run.value == 0)
        await client.close()
    }
}
