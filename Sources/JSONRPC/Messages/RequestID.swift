/// A JSON-RPC request id: a string, a number or `null`, echoed back exactly as the peer wrote it.
///
/// Ids compare by value (so `$/cancelRequest` finds its request). Where writing the value back would
/// not reproduce the peer's text — `1e2` (read as 100.0), `-0`, a string with a lone surrogate escape
/// (which no Swift string can hold) — the text as sent is kept and written instead.
public struct RequestID: Sendable, Hashable {
    /// What an id can be.
    public enum Value: Sendable, Hashable {
        /// A string id.
        case string(String)
        /// An integral id (the common case).
        case integer(Int64)
        /// A fractional id; the spec discourages these but they must still be echoed.
        case double(Double)
        /// `null`, which a request may carry and error replies use when no id could be read.
        case null
    }

    /// The id's value.
    public let value: Value
    /// The id's JSON text as the peer sent it, when writing ``value`` would not reproduce it.
    public let verbatim: String?

    /// An id with a value and, when it differs from the value's own spelling, the text it was sent as.
    public init(_ value: Value, verbatim: String? = nil) {
        self.value = value
        self.verbatim = verbatim
    }

    /// A string id.
    public static func string(_ string: String) -> RequestID { RequestID(Value.string(string)) }
    /// An integral id.
    public static func integer(_ integer: Int64) -> RequestID { RequestID(Value.integer(integer)) }
    /// A fractional id.
    public static func double(_ double: Double) -> RequestID { RequestID(Value.double(double)) }
    /// The `null` id.
    public static let null = RequestID(Value.null)

    /// Reads an id from its JSON form; `nil` when the value is not a valid id (object, array, boolean).
    public init?(_ value: JSONValue) {
        switch value {
        case .string(let string): self.init(Value.string(string))
        case .integer(let integer): self.init(Value.integer(integer))
        case .double(let double): self.init(Value.double(double))
        case .null: self.init(Value.null)
        case .bool, .array, .object: return nil
        }
    }

    /// The id in its JSON form.
    public var jsonValue: JSONValue {
        switch self.value {
        case .string(let string): .string(string)
        case .integer(let integer): .integer(integer)
        case .double(let double): .double(double)
        case .null: .null
        }
    }

    /// Appends the id's JSON text: the peer's own when kept, else the value's.
    public func append(to bytes: inout [UInt8]) {
        if let verbatim = self.verbatim {
            bytes.append(contentsOf: verbatim.utf8)
        } else {
            self.jsonValue.append(to: &bytes)
        }
    }

    /// Whether writing the value back might not reproduce the text it was read from: a number other
    /// than a nonzero integer (`1e2`, `1.0`, `-0`), or a string holding U+FFFD (a lone surrogate escape).
    var mayDifferFromItsText: Bool {
        switch self.value {
        case .double: true
        case .integer(let integer): integer == 0
        case .string(let string): string.unicodeScalars.contains("\u{FFFD}")
        case .null: false
        }
    }

    /// Equal when the values are: the spelling does not matter.
    public static func == (lhs: RequestID, rhs: RequestID) -> Bool { lhs.value == rhs.value }

    /// Hashes the value, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(self.value) }
}

extension RequestID: ExpressibleByIntegerLiteral {
    /// Creates an integral id.
    public init(integerLiteral value: Int64) { self.init(Value.integer(value)) }
}

extension RequestID: ExpressibleByStringLiteral {
    /// Creates a string id.
    public init(stringLiteral value: String) { self.init(Value.string(value)) }
}

extension RequestID: CustomStringConvertible {
    /// The id as JSON text (strings quoted), as it appears on the wire.
    public var description: String {
        var bytes: [UInt8] = []
        self.append(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
