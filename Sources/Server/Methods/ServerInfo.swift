import JSONRPC

/// What `server/info` answers: enough for a client to know what it is talking to.
struct ServerInfo: Encodable, Sendable {
    /// What the server can do beyond the method list.
    struct Capabilities: Encodable, Sendable {
        var languageServer = true
        var progress = true
        var cancellation = true
        var batches = true
        var framings = ["lsp", "newline"]
        var positionEncodings = ["utf-16", "utf-8", "utf-32"]
    }

    /// The limits a message must respect.
    struct Limits: Encodable, Sendable {
        var maxMessageBytes: Int
        var maxDepth: Int
        var maxBatch: Int
        var maxConcurrentRequests: Int
        var maxBufferedBytes: Int
        var incompleteMessageTimeoutMs: Int
    }

    var name = "orchestrator"
    var version: String
    /// The wire contract's version: what a client checks before relying on result shapes.
    var protocolVersion = OrchestratorServer.protocolVersion
    var transports = ServerTransport.allCases.map(\.rawValue)
    var transport: String
    var methods: [String]
    var limits: Limits
    var capabilities = Capabilities()

    init(version: String, transport: ServerTransport, limits: JSONRPCLimits, methods: [String]) {
        self.version = version
        self.transport = transport.rawValue
        self.methods = methods
        self.limits = Limits(
            maxMessageBytes: limits.maxMessageSize, maxDepth: limits.maxDepth, maxBatch: limits.maxBatchLength,
            maxConcurrentRequests: limits.maxConcurrentRequests, maxBufferedBytes: limits.maxBufferedBytes,
            incompleteMessageTimeoutMs: Self.milliseconds(limits.incompleteMessageTimeout))
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

extension ServerInfo {
    /// The JSON value of the answer. Its fields are strings, numbers and booleans, which always encode; the
    /// fallback exists only because `JSONEncoder` is declared to throw.
    func encoded() -> JSONValue {
        (try? JSONValue(encoding: self)) ?? ["name": .string(self.name), "version": .string(self.version)]
    }
}
