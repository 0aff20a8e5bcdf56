import StorePort

/// A statement's result columns by name, shared by every row it returns.
final class PostgresColumns: Sendable {
    let positions: [String: Int]
    /// The table the statement reads, for messages.
    let table: String

    init(names: [String], table: String) {
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
        self.table = table
    }
}

/// One result row in PostgreSQL's text format (nil is NULL), read by column name; a missing column or a value of
/// the wrong type is an error, never a default.
struct PostgresRow: StoreRow, Sendable {
    let columns: PostgresColumns

    var tableName: String { columns.table }
    let values: [String?]

    private func value(_ name: String) throws(StoreError) -> String? {
        guard let index = columns.positions[name], index < values.count else {
            throw StoreError(.unreadableValue, "\(columns.table) has no column '\(name)' in this query")
        }
        return values[index]
    }

    private func unreadable(_ name: String, _ value: String?, expected: String) -> StoreError {
        StoreError.unreadable(table: columns.table, column: name, value: value ?? "NULL", expected: expected)
    }

    func optionalInt64(_ name: String) throws(StoreError) -> Int64? {
        guard let text = try value(name) else { return nil }
        guard let number = Int64(text) else { throw unreadable(name, text, expected: "an integer") }
        return number
    }

    func int64(_ name: String) throws(StoreError) -> Int64 {
        guard let number = try optionalInt64(name) else { throw unreadable(name, nil, expected: "an integer") }
        return number
    }

    func int(_ name: String) throws(StoreError) -> Int { Int(truncatingIfNeeded: try int64(name)) }

    func optionalInt(_ name: String) throws(StoreError) -> Int? {
        try optionalInt64(name).map { Int(truncatingIfNeeded: $0) }
    }

    func optionalDouble(_ name: String) throws(StoreError) -> Double? {
        guard let text = try value(name) else { return nil }
        guard let number = Double(text) else { throw unreadable(name, text, expected: "a number") }
        return number
    }

    func double(_ name: String) throws(StoreError) -> Double {
        guard let number = try optionalDouble(name) else { throw unreadable(name, nil, expected: "a number") }
        return number
    }

    func optionalString(_ name: String) throws(StoreError) -> String? { try value(name) }

    func string(_ name: String) throws(StoreError) -> String {
        guard let text = try value(name) else { throw unreadable(name, nil, expected: "text") }
        return text
    }

    /// A BOOLEAN column, which PostgreSQL's text format writes `t` or `f`.
    func bool(_ name: String) throws(StoreError) -> Bool {
        switch try value(name) {
        case "t": return true
        case "f": return false
        case let other: throw unreadable(name, other, expected: "a boolean")
        }
    }
}
