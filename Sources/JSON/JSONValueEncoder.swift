extension JSONValue {
    /// Encodes an `Encodable` straight into a value (no text in between), with ISO 8601 dates, as
    /// `JSONEncoder` would write it; throws `EncodingError` for a non-finite number or a value that
    /// encodes nothing.
    public init<T: Encodable>(encoding value: T) throws {
        if let value = value as? JSONValue {
            self = value
            return
        }
        let slot = JSONEncodingSlot()
        if let special = try JSONFoundationValues.encode(value, at: []) {
            self = special
            return
        }
        try value.encode(to: JSONValueEncoder(slot: slot, codingPath: []))
        guard let built = slot.built() else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: [], debugDescription: "\(T.self) did not encode any value"))
        }
        self = built
    }
}

/// An `Encoder` that builds a ``JSONValue`` tree: what `JSONEncoder` does, minus the bytes.
struct JSONValueEncoder: Encoder {
    let slot: JSONEncodingSlot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The tree for one nested value, taking JSON values as they are and Foundation's special types as
    /// `JSONEncoder` writes them.
    static func child<T: Encodable>(_ value: T, at path: [any CodingKey]) throws -> JSONEncodingChild {
        if let value = value as? JSONValue { return .value(value) }
        if let special = try JSONFoundationValues.encode(value, at: path) { return .value(special) }
        let slot = JSONEncodingSlot()
        try value.encode(to: JSONValueEncoder(slot: slot, codingPath: path))
        return .slot(slot)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(object: self.slot.object(), codingPath: self.codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedEncodingContainer(array: self.slot.array(), codingPath: self.codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueEncodingContainer(slot: self.slot, codingPath: self.codingPath)
    }
}

/// The JSON of scalars, shared by the three kinds of container.
enum JSONScalarEncoding {
    static func double(_ value: Double, at path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: path, debugDescription: "\(value) is not a JSON number"))
        }
        return .double(value)
    }

    /// A float by its own shortest digits (`0.1`, not the `0.10000000149011612` of its widening).
    static func float(_ value: Float, at path: [any CodingKey]) throws -> JSONValue {
        try self.double(Double(value.description) ?? Double(value), at: path)
    }

    /// An integer; one beyond `Int64` becomes a double, as reading its digits back would make it.
    static func integer<T: FixedWidthInteger>(_ value: T) -> JSONValue {
        if let exact = Int64(exactly: value) { return .integer(exact) }
        return .double(Double(value))
    }
}

/// Where one encoded value goes: filled once by a container or a single value.
final class JSONEncodingSlot {
    private enum Content {
        case empty
        case value(JSONValue)
        case object(JSONObjectBuilder)
        case array(JSONArrayBuilder)
        case child(JSONEncodingChild)
    }

    private var content = Content.empty

    /// The object this slot holds, made now if it holds nothing else (a second keyed container adds to it).
    func object() -> JSONObjectBuilder {
        if case .object(let builder) = self.content { return builder }
        let builder = JSONObjectBuilder()
        self.content = .object(builder)
        return builder
    }

    /// The array this slot holds, made now if it holds nothing else.
    func array() -> JSONArrayBuilder {
        if case .array(let builder) = self.content { return builder }
        let builder = JSONArrayBuilder()
        self.content = .array(builder)
        return builder
    }

    func set(_ value: JSONValue) { self.content = .value(value) }
    func set(_ child: JSONEncodingChild) { self.content = .child(child) }

    /// The finished value; nil when nothing was encoded.
    func built() -> JSONValue? {
        switch self.content {
        case .empty: nil
        case .value(let value): value
        case .object(let builder): builder.built()
        case .array(let builder): builder.built()
        case .child(let child): child.built()
        }
    }
}

/// A value in a tree being built: finished, or a container or slot still open to writes.
enum JSONEncodingChild {
    case value(JSONValue)
    case object(JSONObjectBuilder)
    case array(JSONArrayBuilder)
    case slot(JSONEncodingSlot)

    /// The finished value; a nested value that encoded nothing is `{}`, as `JSONEncoder` writes it.
    func built() -> JSONValue {
        switch self {
        case .value(let value): value
        case .object(let builder): builder.built()
        case .array(let builder): builder.built()
        case .slot(let slot): slot.built() ?? .object([:])
        }
    }
}

/// An object being built.
final class JSONObjectBuilder {
    var members: [String: JSONEncodingChild] = [:]

    func built() -> JSONValue { .object(self.members.mapValues { $0.built() }) }
}

/// An array being built.
final class JSONArrayBuilder {
    var elements: [JSONEncodingChild] = []

    func built() -> JSONValue { .array(self.elements.map { $0.built() }) }
}
