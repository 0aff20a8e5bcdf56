import StorePort

/// A value bound to or read from SQLite.
enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// Values that bind to a statement parameter.
protocol SQLiteBindable {
    var sqliteValue: SQLiteValue { get }
}

extension Int64: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(self) }
}

extension Int: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Int32: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Double: SQLiteBindable {
    var sqliteValue: SQLiteValue { .real(self) }
}

extension String: SQLiteBindable {
    var sqliteValue: SQLiteValue { .text(self) }
}

extension Bool: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}

/// A statement's result columns by name, shared by every row it returns.
final class SQLiteColumns: Sendable {
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

/// One result row, read by column name; a missing column or a value of the wrong type is an error, never a default.
struct SQLiteRow: StoreRow, Sendable {
    let columns: SQLiteColumns
    let values: [SQLiteValue]

    var tableName: String { columns.table }

    init(columns: SQLiteColumns, values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    private func value(_ name: String) throws(StoreError) -> SQLiteValue {
        guard let index = columns.positions[name], index < values.count else {
            throw StoreError(.unreadableValue, "\(columns.table) has no column '\(name)' in this query")
        }
        return values[index]
    }

    private func unreadable(_ name: String, _ value: SQLiteValue, expected: String) -> StoreError {
        let shown: String
        switch value {
        case .null: shown = "NULL"
        case .integer(let number): shown = String(number)
        case .real(let number): shown = String(number)
        case .text(let text): shown = text
        }
        return StoreError.unreadable(table: columns.table, column: name, value: shown, expected: expected)
    }

    func optionalInt64(_ name: String) throws(StoreError) -> Int64? {
        switch try value(name) {
        case .null: return nil
        case .integer(let number): return number
        case let other: throw unreadable(name, other, expected: "an integer")
        }
    }

    func int64(_ name: String) throws(StoreError) -> Int64 {
        guard let number = try optionalInt64(name) else {
            throw unreadable(name, .null, expected: "an integer")
        }
        return number
    }

    func int(_ name: String) throws(StoreError) -> Int { Int(truncatingIfNeeded: try int64(name)) }

    func optionalInt(_ name: String) throws(StoreError) -> Int? {
        try optionalInt64(name).map { Int(truncatingIfNeeded: $0) }
    }

    func optionalDouble(_ name: String) throws(StoreError) -> Double? {
        switch try value(name) {
        case .null: return nil
        case .real(let number): return number
        // A REAL column stores integral values as integers when it can: both are numbers.
        case .integer(let number): return Double(number)
        case let other: throw unreadable(name, other, expected: "a number")
        }
    }

    func double(_ name: String) throws(StoreError) -> Double {
        guard let number = try optionalDouble(name) else { throw unreadable(name, .null, expected: "a number") }
        return number
    }

    func optionalString(_ name: String) throws(StoreError) -> String? {
        switch try value(name) {
        case .null: return nil
        case .text(let text): return text
        case let other: throw unreadable(name, other, expected: "text")
        }
    }

    func string(_ name: String) throws(StoreError) -> String {
        guard let text = try optionalString(name) else { throw unreadable(name, .null, expected: "text") }
        return text
    }

    func bool(_ name: String) throws(StoreError) -> Bool {
        switch try int64(name) {
        case 0: return false
        case 1: return true
        case let other: throw unreadable(name, .integer(other), expected: "0 or 1")
        }
    }
}
