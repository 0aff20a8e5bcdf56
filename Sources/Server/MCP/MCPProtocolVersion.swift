/// The MCP revisions this server speaks, and the negotiation `initialize` performs.
enum MCPProtocolVersion {
    /// Newest first. 2025-11-25 is what the official SDKs ask for in their `initialize` (Python `mcp` 2.x).
    static let supported = ["2025-11-25", "2025-06-18", "2025-03-26"]

    /// The newest revision this server speaks.
    static var latest: String { supported[0] }

    /// The revision to answer a client that asked for `requested`: the same when supported, else the latest (the
    /// client then decides whether it can speak it, as the specification prescribes).
    static func negotiate(_ requested: String) -> String {
        supported.contains(requested) ? requested : latest
    }

    /// Whether arguments that do not fit a tool's schema are a tool execution error (`isError: true`, so a model
    /// can correct itself), as 2025-11-25 prescribes, rather than a JSON-RPC -32602 as earlier revisions did.
    static func reportsArgumentErrorsAsResults(_ version: String) -> Bool {
        version >= "2025-11-25"
    }
}
