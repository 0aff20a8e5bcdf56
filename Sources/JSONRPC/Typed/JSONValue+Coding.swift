import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension JSONValue {
    /// Decodes a `Decodable` from this value, with ISO 8601 dates; throws `DecodingError`.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let buffer = self.jsonBuffer()
        let data = buffer.withUnsafeReadableBytes { Data($0) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: data)
    }

    /// Encodes an `Encodable` into a value, with ISO 8601 dates; throws `EncodingError`.
    public init<T: Encodable>(encoding value: T) throws {
        if let value = value as? JSONValue {
            self = value
            return
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = try encoder.encode(value)
        // Our own output, so the untrusted-input limit does not apply; 512 matches JSONDecoder's own cap.
        self = try JSONValue(parsing: ByteBuffer(bytes: data), maxDepth: 512)
    }
}

extension DecodingError {
    /// A one-line description naming the offending field by its path, e.g.
    /// `missing field "textDocument.uri"` or `field "position.line": expected Int, found a string`.
    public var fieldDescription: String {
        switch self {
        case .keyNotFound(let key, let context):
            return "missing field \"\(Self.path(context.codingPath + [key]))\""
        case .typeMismatch(let type, let context):
            return "field \"\(Self.path(context.codingPath))\": expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "field \"\(Self.path(context.codingPath))\" is null, expected \(type)"
        case .dataCorrupted(let context):
            return "field \"\(Self.path(context.codingPath))\": \(context.debugDescription)"
        @unknown default:
            return String(describing: self)
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == String(index) {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return path.isEmpty ? "params" : path
    }
}
