/// A JSON-RPC request id: a string, a number or `null`, echoed back unchanged in the response.
public enum RequestID: Sendable, Hashable {
    /// A string id.
    case string(String)
    /// An integral id (the common case).
    case integer(Int64)
    /// A fractional id; the spec discourages these but they must still be echoed.
    case double(Double)
    /// `null`, which a request may carry and error replies use when no id could be read.
    case null

    /// Reads an id from its JSON form; `nil` when the value is not a valid id (object, array, boolean).
    public init?(_ value: JSONValue) {
        switch value {
        case .string(let string): self = .string(string)
        case .integer(let integer): self = .integer(integer)
        case .double(let double): self = .double(double)
        case .null: self = .null
        case .bool, .array, .object: return nil
        }
    }

    /// The id in its JSON form.
    public var jsonValue: JSONValue {
        switch self {
        case .string(let string): .string(string)
        case .integer(let integer): .integer(integer)
        case .double(let double): .double(double)
        case .null: .null
        }
    }
}

extension RequestID: ExpressibleByIntegerLiteral {
    /// Creates an integral id.
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension RequestID: ExpressibleByStringLiteral {
    /// Creates a string id.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension RequestID: CustomStringConvertible {
    /// The id as JSON text (strings quoted), as it appears on the wire.
    public var description: String { self.jsonValue.jsonString() }
}
