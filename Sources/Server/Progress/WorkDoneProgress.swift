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

/// Reports a request's progress as LSP-style `$/progress` notifications (`begin`, `report`, `end`).
///
/// Without a token every call does nothing, so a method reports progress unconditionally and the
/// client decides whether it hears it. A peer that has gone away does not fail the request.
public struct WorkDoneProgress: Sendable {
    private let token: ProgressToken?
    private let connection: JSONRPCConnectionContext

    /// Progress for a request that carried `token` (or none).
    public init(token: ProgressToken?, connection: JSONRPCConnectionContext) {
        self.token = token
        self.connection = connection
    }

    /// Starts the progress: a title, and optionally a message and percentage (0–100).
    public func begin(_ title: String, message: String? = nil, percentage: Int? = nil) async {
        var value: [String: JSONValue] = ["kind": "begin", "title": .string(title), "cancellable": false]
        value["message"] = message.map(JSONValue.string)
        value["percentage"] = percentage.map { .integer(Int64($0)) }
        await self.send(value)
    }

    /// Reports a step.
    public func report(_ message: String, percentage: Int? = nil) async {
        var value: [String: JSONValue] = ["kind": "report", "message": .string(message)]
        value["percentage"] = percentage.map { .integer(Int64($0)) }
        await self.send(value)
    }

    /// Ends the progress.
    public func end(_ message: String? = nil) async {
        var value: [String: JSONValue] = ["kind": "end"]
        value["message"] = message.map(JSONValue.string)
        await self.send(value)
    }

    private func send(_ value: [String: JSONValue]) async {
        guard let token else { return }
        try? await self.connection.sendNotification(
            method: "$/progress", params: ["token": token.jsonValue, "value": .object(value)])
    }
}
