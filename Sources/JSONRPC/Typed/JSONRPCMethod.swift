/// A request type: its wire name and the types of its params and result.
///
/// Declare one small type per method (as sourcekit-lsp does) and register it with a
/// ``JSONRPCRouter``; the router's ``JSONRPCRouter/methodNames`` then lists the method table.
public protocol JSONRPCMethod: Sendable {
    /// The params, decoded from the request (absent params decode as `{}`).
    associatedtype Params: Decodable & Sendable
    /// The result, encoded into the response.
    associatedtype Result: Encodable & Sendable
    /// The wire name, e.g. `workflow/start`.
    static var name: String { get }
}

/// A notification type: its wire name and the type of its params.
public protocol JSONRPCNotificationMethod: Sendable {
    /// The params, decoded from the notification (absent params decode as `{}`).
    associatedtype Params: Decodable & Sendable
    /// The wire name, e.g. `textDocument/didOpen`.
    static var name: String { get }
}

/// For methods that take no params or return nothing: decodes from anything, encodes as `null`.
public struct JSONRPCVoid: Codable, Sendable, Hashable {
    /// The only value.
    public init() {}

    /// Accepts any params (or none): a method without params should not fail on `{}` or `[]`.
    public init(from decoder: any Decoder) throws {}

    /// Encodes as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}
