#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SchemaValue: Decodable {
    /// Decodes any JSON value; booleans stay booleans (never 0 or 1).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let array = try? container.decode([SchemaValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: SchemaValue].self))
        }
    }

    /// Parses a JSON document.
    static func parse(json: String) throws -> SchemaValue {
        try JSONDecoder().decode(SchemaValue.self, from: Data(json.utf8))
    }
}
