/// The server side of one connection: answers requests and reacts to notifications.
///
/// A handler is made per connection by a ``JSONRPCHandlerFactory``, so it can keep per-connection
/// state (an LSP session). Requests run concurrently, each in its own task; notifications run one
/// at a time in arrival order, and a request that arrives after a notification starts only once
/// that notification's handler has returned. A notification handler must therefore not wait for a
/// reply from the peer (the reply would be queued behind it).
public protocol JSONRPCHandler: Sendable {
    /// Answers one request. Throw a ``JSONRPCError`` to choose the error reply (e.g.
    /// `.methodNotFound(request.method)`); any other error becomes -32603 with its description,
    /// or -32800 if the request was cancelled. Honour task cancellation: `$/cancelRequest` cancels
    /// the task running this method.
    func handleRequest(_ request: JSONRPCRequest, context: JSONRPCRequestContext) async throws -> JSONValue

    /// Answers one request like ``handleRequest(_:context:)``, possibly with a result encoded in
    /// advance; the connection calls this one. The default wraps ``handleRequest(_:context:)``.
    func handleRequestForReply(_ request: JSONRPCRequest, context: JSONRPCRequestContext) async throws -> JSONRPCResult

    /// Decides whether to run a request, in arrival order, before it starts: nil to run it, or the
    /// error to answer it with. Requests run concurrently, so a rule like "nothing after `shutdown`"
    /// must be applied here, where the order of messages still holds. The default admits everything.
    func admit(_ request: JSONRPCRequest) -> JSONRPCError?

    /// Handles one notification; nothing is sent back.
    func handleNotification(_ notification: JSONRPCNotification, context: JSONRPCConnectionContext) async

    /// Called once when the connection has ended and no more messages will arrive.
    func connectionClosed(context: JSONRPCConnectionContext) async
}

extension JSONRPCHandler {
    /// Admits every request.
    public func admit(_ request: JSONRPCRequest) -> JSONRPCError? { nil }

    /// Answers with ``handleRequest(_:context:)``'s value, encoded when the reply is written.
    public func handleRequestForReply(
        _ request: JSONRPCRequest, context: JSONRPCRequestContext
    ) async throws -> JSONRPCResult {
        JSONRPCResult(try await self.handleRequest(request, context: context))
    }

    /// Does nothing: most handlers have nothing to clean up.
    public func connectionClosed(context: JSONRPCConnectionContext) async {}
}

/// Makes the handler for a new connection, given that connection's context.
public typealias JSONRPCHandlerFactory = @Sendable (JSONRPCConnectionContext) -> any JSONRPCHandler
