import Logging
import NIOCore

/// What a handler can do with its connection: notify the peer, ask it something, or close it.
///
/// Valid for the life of the connection; after it closes every operation throws
/// ``JSONRPCConnectionError/Code/connectionClosed``.
public struct JSONRPCConnectionContext: Sendable {
    /// A name for this connection in logs (e.g. `socket#3`, `stdio`).
    public let label: String
    let state: ConnectionState
    let outbound: any JSONRPCOutbound
    /// This connection's logger: the server's, with the label as `connection` metadata. Handlers log
    /// through it (or pass it on) so every line says which peer it concerns.
    public let logger: Logger

    /// Sends a notification to the peer; returns once it is written.
    public func send(notification: JSONRPCNotification) async throws {
        try await self.write(.notification(notification))
    }

    /// Sends a notification built from a method name and params.
    public func sendNotification(method: String, params: JSONValue? = nil) async throws {
        try await self.send(notification: JSONRPCNotification(method: method, params: params))
    }

    /// Sends a request to the peer and waits for its result.
    ///
    /// Throws the peer's ``JSONRPCError`` for an error reply, `CancellationError` if the calling task
    /// is cancelled (the peer is then sent `$/cancelRequest`), or ``JSONRPCConnectionError`` if the
    /// connection closes first. Call it from request handlers, not notification handlers: the
    /// response is read by the same loop that runs notifications.
    public func sendRequest(method: String, params: JSONValue? = nil) async throws -> JSONValue {
        let id = try self.state.reserveOutgoingID()
        let response = try await withTaskCancellationHandler {
            try await self.write(.request(JSONRPCRequest(id: id, method: method, params: params)))
            return try await self.state.awaitResponse(to: id)
        } onCancel: {
            Task {
                self.state.abandonOutgoing(id, error: CancellationError())
                try? await self.sendNotification(method: "$/cancelRequest", params: ["id": id.jsonValue])
            }
        }
        return try response.outcome.get()
    }

    /// Closes the connection: reading stops, running requests are cancelled (each still answered,
    /// with -32800, within the grace period), then the transport closes. `exitStatus`, if given,
    /// is what the hosting server's `run()` returns (LSP `exit`: 0 after `shutdown`, else 1).
    public func close(exitStatus: Int32? = nil) async {
        self.state.requestClose(exitStatus: exitStatus)
    }

    /// Cancels a running request of this peer by its id, as `$/cancelRequest` does; with `reply: false` its answer
    /// is dropped instead of sent (MCP's `notifications/cancelled`: the receiver sends no response). A request that
    /// is not running is left alone.
    public func cancelRequest(_ id: RequestID, reply: Bool = true) {
        self.state.cancel(id: id, silently: !reply)
    }

    /// Logs a line at `level` (default `info`) through the connection's ``logger``.
    public func log(_ message: String, level: Logger.Level = .info) {
        self.logger.log(level: level, "\(message)")
    }

    func write(_ message: JSONRPCMessage, flushNow: Bool = false) async throws {
        // Encode here, in the caller's task, so a large message never costs event-loop time.
        try await self.outbound.write(message.jsonBuffer(), flushNow: flushNow)
    }
}

/// The context of one request: its id plus everything the connection offers.
public struct JSONRPCRequestContext: Sendable {
    /// The id of the request being answered.
    public let id: RequestID
    /// The method of the request being answered.
    public let method: String
    /// The connection the request came from.
    public let connection: JSONRPCConnectionContext

    /// Creates a context (for tests that call handlers directly).
    public init(id: RequestID, method: String, connection: JSONRPCConnectionContext) {
        self.id = id
        self.method = method
        self.connection = connection
    }

    /// Sends a notification to the peer (e.g. `$/progress` for this request).
    public func send(notification: JSONRPCNotification) async throws {
        try await self.connection.send(notification: notification)
    }
}
