import JSONRPC
import Synchronization

/// The state of one MCP connection: where it is in the lifecycle, what was negotiated, what it subscribed to.
///
/// Behind a lock rather than an actor: `admit` is synchronous (it runs in arrival order, before requests start).
final class MCPSessionState: Sendable {
    /// Where the connection is in MCP's lifecycle.
    enum Phase: Sendable, Equatable {
        /// Nothing but `initialize` and `ping` is answered.
        case awaitingInitialize
        /// `initialize` was admitted: every request is answered.
        case initialized
    }

    /// MCP's logging levels, least severe first (RFC 5424's, as the specification lists them).
    static let logLevels = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"]

    private struct Fields {
        var phase = Phase.awaitingInitialize
        var version = MCPProtocolVersion.latest
        var logLevel = "info"
        var subscriptions: Set<String> = []
        var forwarder: Task<Void, Never>?
    }

    private let fields = Mutex(Fields())

    var phase: Phase { fields.withLock { $0.phase } }
    /// The revision `initialize` settled on.
    var version: String { fields.withLock { $0.version } }
    /// The least severe level the client wants to hear (`logging/setLevel`).
    var logLevel: String { fields.withLock { $0.logLevel } }
    /// The resource URIs subscribed to.
    var subscriptions: Set<String> { fields.withLock { $0.subscriptions } }

    /// Nil to run the request, or its error: before `initialize` only `initialize` and `ping` are answered, and
    /// `initialize` once. Decided as requests arrive, in order.
    func admit(_ method: String) -> JSONRPCError? {
        fields.withLock { fields in
            switch (fields.phase, method) {
            case (.awaitingInitialize, "initialize"):
                fields.phase = .initialized
                return nil
            case (.awaitingInitialize, "ping"):
                return nil
            case (.awaitingInitialize, _):
                // Not -32002: MCP uses that code for a resource that does not exist.
                return .invalidRequest("the MCP session is not initialized: send initialize first, then \(method)")
            case (.initialized, "initialize"):
                return .invalidRequest("initialize may be sent once per connection")
            default:
                return nil
            }
        }
    }

    /// `initialize` failed (bad params): the client may send it again.
    func initializeFailed() {
        fields.withLock { $0.phase = .awaitingInitialize }
    }

    func negotiated(_ version: String) {
        fields.withLock { $0.version = version }
    }

    func setLogLevel(_ level: String) {
        fields.withLock { $0.logLevel = level }
    }

    /// Whether a message at `level` reaches the client.
    func wants(_ level: String) -> Bool {
        let wanted = Self.logLevels.firstIndex(of: logLevel) ?? 1
        return (Self.logLevels.firstIndex(of: level) ?? 1) >= wanted
    }

    /// Adds a subscription; the first one starts the task that turns engine events into resource updates (kept
    /// until the connection closes).
    /// A nil `uri` only starts the forwarder.
    func subscribe(_ uri: String?, startForwarder: () -> Task<Void, Never>) {
        fields.withLock { fields in
            if let uri { fields.subscriptions.insert(uri) }
            if fields.forwarder == nil { fields.forwarder = startForwarder() }
        }
    }

    func unsubscribe(_ uri: String) {
        fields.withLock { _ = $0.subscriptions.remove(uri) }
    }

    /// Ends everything that would outlive the connection.
    func close() {
        fields.withLock { $0.forwarder }?.cancel()
    }
}
