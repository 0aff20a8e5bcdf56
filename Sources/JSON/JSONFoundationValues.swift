#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Foundation types JSON has no spelling for, written as `JSONEncoder` writes them with ISO 8601
/// dates: a date as an ISO 8601 string, a decimal as a number, data as base64, a URL as its text.
///
/// Their own `Codable` conformances would write something else (a date as seconds since 2001, a
/// decimal as an object of its parts), so both value coders ask here first.
enum JSONFoundationValues {
    /// The value of type `T` when `T` is one of the special types; nil for every other type.
    static func decode<T>(_ type: T.Type, from value: JSONValue, at path: [any CodingKey]) throws -> T? {
        if T.self == Date.self {
            let text = try JSONScalar.string(value, at: path)
            guard let date = try? Date.ISO8601FormatStyle().parse(text) else {
                throw Self.corrupt(
                    "must be an ISO 8601 date and time, found \(JSONDecodingMismatch.describe(value))", path)
            }
            return date as? T
        }
        if T.self == Decimal.self {
            switch value {
            case .integer(let integer): return Decimal(integer) as? T
            case .double(let double):
                guard double.isFinite, let decimal = Decimal(string: String(double)) else { break }
                return decimal as? T
            default: break
            }
            throw JSONDecodingMismatch.error(expected: .number, found: value, at: path)
        }
        if T.self == Data.self {
            let text = try JSONScalar.string(value, at: path)
            guard let data = Data(base64Encoded: text) else {
                throw Self.corrupt("must be base64 text", path)
            }
            return data as? T
        }
        if T.self == URL.self {
            let text = try JSONScalar.string(value, at: path)
            guard let url = URL(string: text) else { throw Self.corrupt("must be a URL", path) }
            return url as? T
        }
        return nil
    }

    /// The JSON of `value` when it is one of the special types; nil for every other type.
    static func encode(_ value: some Encodable, at path: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let date as Date:
            return .string(date.formatted(Date.ISO8601FormatStyle()))
        case let decimal as Decimal:
            // The decimal's own digits, read as JSON reads a number: exact integers stay integers.
            guard let number = try? JSONValue(parsing: decimal.description), number.doubleValue != nil else {
                throw EncodingError.invalidValue(
                    decimal,
                    EncodingError.Context(codingPath: path, debugDescription: "\(decimal) is not a JSON number"))
            }
            return number
        case let data as Data:
            return .string(data.base64EncodedString())
        case let url as URL:
            return .string(url.absoluteString)
        default:
            return nil
        }
    }

    private static func corrupt(_ reason: String, _ path: [any CodingKey]) -> DecodingError {
        .typeMismatch(JSONValue.self, DecodingError.Context(codingPath: path, debugDescription: reason))
    }
}
