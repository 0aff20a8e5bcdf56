#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension JSONValue {
    /// Decodes a `Decodable` straight from this value (no text in between), with ISO 8601 dates.
    ///
    /// Failures are `DecodingError`s whose descriptions speak JSON ("must be an integer, found
    /// \"three\""), never Swift type names; ``JSONDecodingFailure`` turns one into a JSON Pointer and
    /// a sentence.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONValueDecoder.decode(T.self, from: self, at: [])
    }
}

/// A `Decoder` over one ``JSONValue``: what `JSONDecoder` does, minus the bytes.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Decodes `type` from `value`, taking the types JSON has no spelling for (dates, decimals) as
    /// `JSONDecoder` with `.iso8601` dates would.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, at path: [any CodingKey]) throws -> T {
        if T.self == JSONValue.self, let value = value as? T { return value }
        if let special = try JSONFoundationValues.decode(T.self, from: value, at: path) { return special }
        do {
            return try T(from: JSONValueDecoder(value: value, codingPath: path))
        } catch DecodingError.dataCorrupted(let context)
            where context.codingPath.count == path.count && T.self is any RawRepresentable.Type
        {
            // The standard library's refusal names the Swift type ("Cannot initialize Color from invalid
            // String value blue"); say what JSON was expected instead.
            let choices = Self.rawValues(of: T.self)
            let expected = choices.map { "one of \($0.joined(separator: ", "))" } ?? "one of the accepted values"
            throw DecodingError.typeMismatch(
                JSONValue.self,
                DecodingError.Context(
                    codingPath: path,
                    debugDescription: "must be \(expected), found \(JSONDecodingMismatch.describe(value))"
                ))
        }
    }

    /// The raw values of an enumeration that lists its cases, as JSON text; nil for any other type.
    private static func rawValues(of type: Any.Type) -> [String]? {
        guard let iterable = type as? any CaseIterable.Type else { return nil }
        return Self.rawValues(iterable)
    }

    private static func rawValues<C: CaseIterable>(_ type: C.Type) -> [String] {
        type.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue }.map { raw in
            (raw as? String).map { JSONValue.string($0).jsonString() } ?? "\(raw)"
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = self.value else {
            throw JSONDecodingMismatch.error(expected: .object, found: self.value, at: self.codingPath)
        }
        return KeyedDecodingContainer(JSONKeyedDecodingContainer<Key>(members: members, codingPath: self.codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = self.value else {
            throw JSONDecodingMismatch.error(expected: .array, found: self.value, at: self.codingPath)
        }
        return JSONUnkeyedDecodingContainer(elements: elements, codingPath: self.codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueDecodingContainer(value: self.value, codingPath: self.codingPath)
    }
}

/// The scalar reads shared by the three kinds of container.
enum JSONScalar {
    static func bool(_ value: JSONValue, at path: [any CodingKey]) throws -> Bool {
        guard case .bool(let bool) = value else {
            throw JSONDecodingMismatch.error(expected: .boolean, found: value, at: path)
        }
        return bool
    }

    static func string(_ value: JSONValue, at path: [any CodingKey]) throws -> String {
        guard case .string(let string) = value else {
            throw JSONDecodingMismatch.error(expected: .string, found: value, at: path)
        }
        return string
    }

    static func double(_ value: JSONValue, at path: [any CodingKey]) throws -> Double {
        guard let number = value.doubleValue else {
            throw JSONDecodingMismatch.error(expected: .number, found: value, at: path)
        }
        return number
    }

    static func float(_ value: JSONValue, at path: [any CodingKey]) throws -> Float {
        Float(try self.double(value, at: path))
    }

    /// An integer of type `T`: a JSON integer in `T`'s range, or a number with an exact integral value.
    static func integer<T: FixedWidthInteger>(_ value: JSONValue, as type: T.Type, at path: [any CodingKey]) throws -> T
    {
        let exact: T?
        switch value {
        case .integer(let integer): exact = T(exactly: integer)
        case .double(let double): exact = T(exactly: double)
        default: exact = nil
        }
        guard let exact else {
            throw JSONDecodingMismatch.error(expected: .integer(T.min, T.max), found: value, at: path)
        }
        return exact
    }
}
