import JSONRPC

/// A request's `workDoneToken`: a string or an integer chosen by the client.
public enum ProgressToken: Codable, Sendable, Hashable {
    /// A string token.
    case string(String)
    /// An integer token.
    case integer(Int64)

    /// Decodes an integer or a string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            self = .integer(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Encodes as it came.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .integer(let number): try container.encode(number)
        }
    }

    var jsonValue: JSONValue {
        switch self {
        case .string(let text): .string(text)
        case .integer(let number): .integer(number)
        }
    }
}

/// Reports a request's progress: LSP-style `$/progress` notifications (`begin`, `report`, `end`) for a
/// `workDoneToken`, or MCP's `notifications/progress` for a `_meta.progressToken`.
///
/// Without a token every call does nothing, so a method reports progress unconditionally and the
/// client decides whether it hears it. A peer that has gone away does not fail the request.
public struct WorkDoneProgress: Sendable {
    private enum Target: Sendable {
        case none
        case lsp(ProgressToken)
        /// MCP wants `progress` to grow with every notification: the counter numbers them.
        case mcp(JSONValue, MCPProgressCounter)
    }

    private let target: Target
    private let connection: JSONRPCConnectionContext

    /// Progress for a request that carried `token` (or none).
    public init(token: ProgressToken?, connection: JSONRPCConnectionContext) {
        self.target = token.map(Target.lsp) ?? .none
        self.connection = connection
    }

    /// MCP progress for a request whose `_meta.progressToken` was `token` (or none).
    init(mcpToken token: JSONValue?, connection: JSONRPCConnectionContext) {
        self.target = token.map { .mcp($0, MCPProgressCounter()) } ?? .none
        self.connection = connection
    }

    /// Starts the progress: a title, and optionally a message and percentage (0–100).
    public func begin(_ title: String, message: String? = nil, percentage: Int? = nil) async {
        var value: [String: JSONValue] = ["kind": "begin", "title": .string(title), "cancellable": false]
        value["message"] = message.map(JSONValue.string)
        value["percentage"] = percentage.map { .integer(Int64($0)) }
        await self.send(value, mcpMessage: [title, message].compactMap { $0 }.joined(separator: ": "))
    }

    /// Reports a step.
    public func report(_ message: String, percentage: Int? = nil) async {
        var value: [String: JSONValue] = ["kind": "report", "message": .string(message)]
        value["percentage"] = percentage.map { .integer(Int64($0)) }
        await self.send(value, mcpMessage: percentage.map { "\(message) (\($0)%)" } ?? message)
    }

    /// Ends the progress.
    public func end(_ message: String? = nil) async {
        var value: [String: JSONValue] = ["kind": "end"]
        value["message"] = message.map(JSONValue.string)
        await self.send(value, mcpMessage: message ?? "done")
    }

    private func send(_ value: [String: JSONValue], mcpMessage: String) async {
        switch self.target {
        case .none:
            return
        case .lsp(let token):
            try? await self.connection.sendNotification(
                method: "$/progress", params: ["token": token.jsonValue, "value": .object(value)])
        case .mcp(let token, let counter):
            let params: JSONValue = [
                "progressToken": token, "progress": .integer(counter.next()), "message": .string(mcpMessage),
            ]
            try? await self.connection.sendNotification(method: "notifications/progress", params: params)
        }
    }
}
