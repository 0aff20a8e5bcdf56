import Foundation
import JSONRPC

/// A running socket server in a fresh private directory, stopped and cleaned up by `stop()`.
struct RunningServer {
    let directory: TemporaryDirectory
    let path: String
    let server: JSONRPCSocketServer
    let runTask: Task<Void, any Error>
    let logs: LogCapture

    static func start(
        limits: JSONRPCLimits = JSONRPCLimits(),
        subdirectory: String = "run",
        handler: @escaping @Sendable () -> any JSONRPCHandler = { serverHandler() }
    ) async throws -> RunningServer {
        let directory = try TemporaryDirectory()
        let path = "\(directory.path)/\(subdirectory)/rpc.sock"
        let logs = LogCapture()
        let configuration = JSONRPCConfiguration(limits: limits, closeGracePeriod: .seconds(2), logger: logs.logger)
        let server = try await JSONRPCSocketServer.bind(path: path, configuration: configuration) { _ in handler() }
        let runTask = Task { try await server.run() }
        return RunningServer(directory: directory, path: path, server: server, runTask: runTask, logs: logs)
    }

    func stop() async throws {
        await self.server.shutdown()
        try await self.runTask.value
        self.directory.remove()
    }
}

/// echo → params; wait → until cancelled.
func serverHandler() -> ClosureHandler {
    ClosureHandler(onRequest: { request, _ in
        switch request.method {
        case "echo": return request.params ?? .null
        case "wait":
            try await waitForCancellation()
            return .null
        default: throw JSONRPCError.methodNotFound(request.method)
        }
    })
}

let echoLine = #"{"jsonrpc":"2.0","id":1,"method":"echo","params":["hi"]}"#
