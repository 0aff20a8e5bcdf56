import Engine
import Foundation
import JSONRPC
import Logging
import NIOCore
import SQLiteStore

@testable import Server

/// Records what a connection writes, as parsed JSON, in order.
actor MCPRecordingOutbound: JSONRPCOutbound {
    nonisolated let messages: AsyncStream<JSONValue>
    private let continuation: AsyncStream<JSONValue>.Continuation

    init() {
        (self.messages, self.continuation) = AsyncStream.makeStream(of: JSONValue.self)
    }

    func write(_ message: ByteBuffer) async throws {
        self.continuation.yield(try JSONValue(parsing: message))
    }

    func close() async {
        self.continuation.finish()
    }
}

/// One in-memory connection to a real ``OrchestratorServer`` (SQLite store, silent logs), in a scratch workspace.
final class MCPPeer {
    private let input: AsyncStream<JSONRPCFrame>.Continuation
    private var output: AsyncStream<JSONValue>.AsyncIterator
    private let runTask: Task<Int32?, Never>
    private var nextID = 0

    static let silent = Logger(label: "silent") { _ in SwiftLogNoOpLogHandler() }

    /// A server working in `workspace`; `mcp`: the `serve --mcp` factory, else the socket's (face by first message).
    static func server(workspace: String) -> OrchestratorServer {
        OrchestratorServer(
            version: "test", transport: .socket, workspace: workspace,
            store: { layout, access in try await SQLiteWorkflowStore.open(path: layout.database, access: access) },
            supervisor: RunSupervisor(logger: silent))
    }

    init(_ factory: JSONRPCHandlerFactory) {
        let outbound = MCPRecordingOutbound()
        let (frames, input) = AsyncStream.makeStream(of: JSONRPCFrame.self)
        let connection = JSONRPCConnection(
            configuration: JSONRPCConfiguration(logger: Self.silent), outbound: outbound, label: "test",
            makeHandler: factory)
        self.input = input
        self.output = outbound.messages.makeAsyncIterator()
        self.runTask = Task { await connection.run(frames: frames) }
    }

    func send(_ text: String) {
        self.input.yield(.message(ByteBuffer(string: text)))
    }

    func send(_ message: JSONValue) {
        self.send(message.jsonString())
    }

    /// The next message the connection wrote (notifications included), or nil once it closed.
    func next() async -> JSONValue? {
        await self.output.next()
    }

    /// Sends a request and returns its reply, skipping notifications written before it.
    func call(_ method: String, _ params: JSONValue? = nil) async -> JSONValue? {
        self.nextID += 1
        var request: JSONValue = ["jsonrpc": "2.0", "id": .integer(Int64(self.nextID)), "method": .string(method)]
        if let params { request = request.merging(["params": params]) }
        self.send(request)
        while let message = await self.next() {
            if message["id"] == .integer(Int64(self.nextID)) { return message }
        }
        return nil
    }

    /// `initialize` with MCP's params at `version`, then `notifications/initialized`.
    func initialize(version: String = "2025-11-25") async -> JSONValue? {
        let reply = await self.call(
            "initialize",
            [
                "protocolVersion": .string(version), "capabilities": [:],
                "clientInfo": ["name": "test", "version": "0"],
            ])
        self.send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        return reply
    }

    func finish() async {
        self.input.finish()
        _ = await self.runTask.value
    }
}

/// A scratch folder, removed by `remove()`; its path has its symbolic links resolved.
struct ScratchFolder {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        self.path = url.resolvingSymlinksInPath().path
    }

    func write(_ text: String, to relative: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
