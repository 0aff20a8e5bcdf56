import JSON
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a validated document could not be turned into its typed model.
public struct ConfigDecodingError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension YAMLNode {
    /// The node as JSON text, so the typed models decode with `JSONDecoder` and their `CodingKeys`.
    func jsonData() -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(weight * 16)
        appendJSON(to: &output)
        return Data(output)
    }

    private func appendJSON(to output: inout [UInt8]) {
        switch content {
        case .mapping(let entries):
            output.append(UInt8(ascii: "{"))
            for (index, entry) in entries.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.appendString(entry.key.scalar?.text ?? "", to: &output)
                output.append(UInt8(ascii: ":"))
                entry.value.appendJSON(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .sequence(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.appendJSON(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .scalar(let scalar):
            switch scalar.resolved {
            case .null: output += Array("null".utf8)
            case .bool: output += Array((scalar.boolValue == true ? "true" : "false").utf8)
            case .int: output += Array(String(scalar.intValue ?? 0).utf8)
            case .float:
                let value = scalar.numberValue ?? 0
                output += Array((value.isFinite ? String(value) : "null").utf8)
            case .string: JSONValue.appendString(scalar.text, to: &output)
            }
        }
    }

    /// Decodes the node as a typed model.
    public func decode<T: Decodable>(_ type: T.Type) throws(ConfigDecodingError) -> T {
        do {
            return try JSONDecoder().decode(type, from: jsonData())
        } catch let error as DecodingError {
            throw ConfigDecodingError(message: Self.describe(error))
        } catch {
            throw ConfigDecodingError(message: "\(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty
            ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
