#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Typed values kept as JSON text in a column (a verdict, a delegation, a review round), the same in every adapter.
public enum StoredJSON {
    /// A typed value as the JSON text a column keeps (keys sorted, so equal values are equal text).
    public static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A column's JSON text as its typed value; text that is not one is an error naming the column.
    public static func decode<Value: Decodable>(
        _ type: Value.Type, _ text: String, table: String = "events", column: String, expected: String
    ) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.unreadable(table: table, column: column, value: text, expected: expected + " as JSON")
        }
    }
}
