import JSONRPC
import Synchronization

/// Chooses, by its first message, which face a connection talks to: an MCP `initialize` makes it an MCP session;
/// anything else the scripting/language-server session it has always been.
///
/// An MCP `initialize` names `protocolVersion` (a string), `clientInfo` and `capabilities` (objects) in its params;
/// LSP's `initialize` never has `protocolVersion`, and a script's first request is not `initialize` at all.
final class ConnectionFace: JSONRPCHandler {
    private enum Face: Sendable {
        case undecided
        case rpc
        case mcp(MCPHandler)
    }

    let rpc: SessionGate
    let makeMCP: @Sendable () -> MCPHandler
    /// Decided once, in arrival order (by `admit` or the first notification), then only read.
    private let face = Mutex(Face.undecided)

    init(rpc: SessionGate, makeMCP: @escaping @Sendable () -> MCPHandler) {
        self.rpc = rpc
        self.makeMCP = makeMCP
    }

    /// Whether a request is MCP's `initialize`.
    static func isMCPInitialize(_ request: JSONRPCRequest) -> Bool {
        guard request.method == "initialize", let params = request.params else { return false }
        return params["protocolVersion"]?.stringValue != nil && params["clientInfo"]?.objectValue != nil
            && params["capabilities"]?.objectValue != nil
    }

    private var chosen: (any JSONRPCHandler) {
        switch face.withLock({ $0 }) {
        case .mcp(let handler): handler
        case .rpc, .undecided: rpc
        }
    }

    func admit(_ request: JSONRPCRequest) -> JSONRPCError? {
        let handler = face.withLock { face -> any JSONRPCHandler in
            if case .undecided = face {
                face = Self.isMCPInitialize(request) ? .mcp(makeMCP()) : .rpc
            }
            if case .mcp(let handler) = face { return handler }
            return rpc
        }
        return handler.admit(request)
    }

    func handleRequest(_ request: JSONRPCRequest, context: JSONRPCRequestContext) async throws -> JSONValue {
        try await chosen.handleRequest(request, context: context)
    }

    func handleRequestForReply(_ request: JSONRPCRequest, context: JSONRPCRequestContext) async throws -> JSONRPCResult
    {
        try await chosen.handleRequestForReply(request, context: context)
    }

    func handleNotification(_ notification: JSONRPCNotification, context: JSONRPCConnectionContext) async {
        face.withLock { face in
            if case .undecided = face { face = .rpc }
        }
        await chosen.handleNotification(notification, context: context)
    }

    func connectionClosed(context: JSONRPCConnectionContext) async {
        await chosen.connectionClosed(context: context)
    }
}
