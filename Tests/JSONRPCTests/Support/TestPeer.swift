import JSONRPC
import Logging
import NIOCore

/// Records what a connection writes, as parsed JSON, in order.
actor RecordingOutbound: JSONRPCOutbound {
    nonisolated let messages: AsyncStream<JSONValue>
    private let continuation: AsyncStream<JSONValue>.Continuation
    private(set) var isClosed = false

    init() {
        (self.messages, self.continuation) = AsyncStream.makeStream(of: JSONValue.self)
    }

    func write(_ message: ByteBuffer) async throws {
        guard !self.isClosed else { throw CancellationError() }
        self.continuation.yield(try JSONValue(parsing: message))
    }

    func close() async {
        self.isClosed = true
        self.continuation.finish()
    }
}

/// Drives a ``JSONRPCConnection`` in memory: frames in through an `AsyncStream`, replies out
/// through a ``RecordingOutbound``. Used from a single test task.
final class TestPeer {
    let connection: JSONRPCConnection
    let outbound: RecordingOutbound
    private let input: AsyncStream<JSONRPCFrame>.Continuation
    private var replies: AsyncStream<JSONValue>.AsyncIterator
    private let runTask: Task<Int32?, Never>

    init(limits: JSONRPCLimits = JSONRPCLimits(), gracePeriod: Duration = .seconds(5), handler: any JSONRPCHandler) {
        let outbound = RecordingOutbound()
        let (frames, input) = AsyncStream.makeStream(of: JSONRPCFrame.self)
        let configuration = JSONRPCConfiguration(limits: limits, closeGracePeriod: gracePeriod, logger: .silent)
        let connection = JSONRPCConnection(configuration: configuration, outbound: outbound, label: "test") { _ in
            handler
        }
        self.connection = connection
        self.outbound = outbound
        self.input = input
        self.replies = outbound.messages.makeAsyncIterator()
        self.runTask = Task { await connection.run(frames: frames) }
    }

    /// Sends one frame of JSON text.
    func send(_ text: String) {
        self.input.yield(.message(ByteBuffer(string: text)))
    }

    /// Sends a raw frame.
    func send(frame: JSONRPCFrame) {
        self.input.yield(frame)
    }

    /// The next message the connection wrote, or `nil` once it closed.
    func next() async -> JSONValue? {
        await self.replies.next()
    }

    /// Ends the input (the peer stops sending) and waits for the connection to finish.
    func finish() async -> Int32? {
        self.input.finish()
        return await self.runTask.value
    }

    /// Ends the input without waiting.
    func endInput() {
        self.input.finish()
    }

    /// Waits for the connection to finish without ending the input.
    func waitForEnd() async -> Int32? {
        await self.runTask.value
    }
}
